/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* g_test_init plus GTK in Spanish, animations off and Cantarell (a private
 * settings.ini), the UI resources and the crypto layer. Exits with a TAP
 * "skip all" when there is no display (run under Xvfb). */
void        vnt_ui_test_init             (int        *argc,
                                          char     ***argv);
/* Presents @window and spins the main loop until it is mapped and drawn. */
void        vnt_ui_test_show             (GtkWindow  *window);
/* Spins the main loop until @widget has drawn @n_frames more frames. */
void        vnt_ui_test_wait_frames      (GtkWidget  *widget,
                                          guint       n_frames);
/* The first descendant of @widget (depth first, @widget included) of @type
 * for which @match (may be NULL) returns TRUE. */
GtkWidget  *vnt_ui_test_find             (GtkWidget  *widget,
                                          GType       type,
                                          gboolean  (*match) (GtkWidget *, gconstpointer),
                                          gconstpointer data);
/* The AdwPreferencesRow under @widget whose title is @title. */
GtkWidget  *vnt_ui_test_find_row         (GtkWidget  *widget,
                                          const char *title);
/* Text of the selectable value label of a detail row. */
const char *vnt_ui_test_row_value        (GtkWidget  *row);

/* The widgets Tab stops at, in order, once round from the window's first
 * (free with g_ptr_array_unref). */
GPtrArray  *vnt_ui_test_tab_stops        (GtkWindow  *window);
/* How many of @widgets are @ancestor or inside it. */
guint       vnt_ui_test_n_within         (GPtrArray  *widgets,
                                          GtkWidget  *ancestor);

/* The minimum width @widget asks for; when it is over @limit, logs (as
 * test messages) the widgets that make it so. */
int         vnt_ui_test_min_width        (GtkWidget  *widget,
                                          int         limit);

/* GNOME's "Large Text" (fonts 1.25 times as big) on, or back off. */
void        vnt_ui_test_set_large_text   (gboolean    large);
/* @window's content at 360 px with large text, as @name.png (see
 * vnt_ui_test_save_screenshot): it must be no wider than that. */
void        vnt_ui_test_shoot_large_text (GtkWidget  *window,
                                          const char *name);

/* Renders @window as @name.png into the build dir's screenshots/@folder;
 * with @folder NULL into screenshots/, and into docs/screenshots/ of the
 * source tree too when VENTANILLA_UPDATE_SCREENSHOTS=1. */
void        vnt_ui_test_save_screenshot  (GtkWidget  *window,
                                          const char *folder,
                                          const char *name);

G_END_DECLS
