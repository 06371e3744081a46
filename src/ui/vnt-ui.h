/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Once per process, before building any widget: registers the UI resources
 * and initialises the crypto layer. The application calls it, and so must
 * anything (tests) that builds widgets without the application. */
void vnt_ui_init (void);

/* Cancels what *@cancellable was for and puts a new one in its place: a
 * widget's one operation at a time, the last one asked for. */
void       vnt_ui_restart_cancellable (GCancellable **cancellable);
/* The window @widget is in, or NULL: what a dialog of its is transient
 * for. */
GtkWindow *vnt_ui_get_window (GtkWidget *widget);
/* Shows @toast (taken) in the toast overlay around @widget, if any. */
void      vnt_ui_show_toast      (GtkWidget *widget,
                                  AdwToast  *toast);
/* The last toast shown around @widget (for tests), or NULL. */
AdwToast *vnt_ui_get_last_toast  (GtkWidget *widget);
/* Names the controls under @widget that GTK 4.8 and libadwaita 1.2 leave
 * badly named for screen readers, once each: the reveal button of a
 * password row ("GtkImage"), a check button's mnemonic mark ("He _leído…"),
 * a button's label read twice with its mark ("_Salir Salir"). Pages call
 * it when they join a window (VntPage does for every wizard page). */
void vnt_ui_name_controls (GtkWidget *widget);

/* Once @widget (just shown) is laid out, scrolls the scrolled window
 * around it so that it shows whole (its top, when taller than the view):
 * a verdict under the fields is not left behind the assistant's bar. */
void vnt_ui_scroll_into_view (GtkWidget *widget);

/* A button whose label (with mnemonic), after @icon_name's image (NULL:
 * none), wraps rather than widen its page at 360 px or with large text.
 * The label names it, once. */
GtkWidget *vnt_ui_wrapping_button_new (const char *icon_name,
                                       const char *label);

G_END_DECLS
