/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

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
/* What a certificate's chooser is titled and shows first: its title and
 * filter name untranslated (N_()), and the filter's suffixes. */
typedef struct
{
  const char         *title;
  const char         *filter;
  const char * const *suffixes;
} VntCertificateFiles;

/* Called once a certificate's or key's chooser is answered with a file:
 * the one chosen as @certificate or @key, the other NULL. */
typedef void (*VntCredentialChosenFunc) (GtkWidget *owner,
                                         GFile     *certificate,
                                         GFile     *key);

/* Shows the chooser of a certificate (as @certificates says) or, with
 * @for_key, of its private key (.key, .pem; @certificates may then be
 * NULL), for @owner in @slot. It
 * opens in the folder of @near when given: the key usually sits beside
 * the certificate. Once answered, calls @chosen with the file chosen, if
 * any, and focuses @button again when given. */
void            vnt_file_chooser_choose_credential (GtkWidget                 *owner,
                                                    GtkNativeDialog          **slot,
                                                    const VntCertificateFiles *certificates,
                                                    gboolean                   for_key,
                                                    GFile                     *near,
                                                    GtkWidget                 *button,
                                                    VntCredentialChosenFunc    chosen);
/* Shows in @row the file chosen for it: its name, with its full path as
 * the tooltip; "No file chosen" for NULL. */
void            vnt_file_chooser_show_file (AdwActionRow *row,
                                            GFile        *file);
/* Closes the chooser in @slot, if any (for dispose). */
void            vnt_file_chooser_clear         (GtkNativeDialog      **slot);

G_END_DECLS
