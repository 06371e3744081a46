/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The file choosers of the pages: modal, over the window of the widget
 * that opens them, one at a time for each slot of that widget's. */

/* Called once the chooser is answered and closed: with the file chosen,
 * or NULL when it was cancelled. */
typedef void (*VntFileChosenFunc) (GtkWidget *owner,
                                   GFile     *file,
                                   gpointer   data);

/* A new chooser for @owner, put in @slot (closing the one there) or,
 * with a NULL @slot, kept until it is answered. */
GtkFileChooser *vnt_file_chooser_new           (GtkWidget             *owner,
                                                GtkNativeDialog      **slot,
                                                GtkFileChooserAction   action,
                                                const char            *title,
                                                const char            *accept_label);
/* A filter named @name for files ending in @suffixes (NULL-terminated). */
void            vnt_file_chooser_add_filter    (GtkFileChooser        *chooser,
                                                const char            *name,
                                                const char * const    *suffixes);
/* The "All files" filter. */
void            vnt_file_chooser_add_all_files (GtkFileChooser        *chooser);
/* Shows @chooser; once it is answered, calls @chosen. */
void            vnt_file_chooser_show          (GtkFileChooser        *chooser,
                                                VntFileChosenFunc      chosen,
                                                gpointer               data);
/* Closes the chooser in @slot, if any (for dispose). */
void            vnt_file_chooser_clear         (GtkNativeDialog      **slot);

G_END_DECLS
