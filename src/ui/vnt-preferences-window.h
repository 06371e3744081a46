/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* "Preferencias": the expiry reminders while the app is closed, and the
 * service (address, the fingerprint of its acuse certificate, the OCSP
 * responder), each field checked as it is typed and stored in @settings
 * when applied, only when valid. */
#define VNT_TYPE_PREFERENCES_WINDOW (vnt_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VntPreferencesWindow, vnt_preferences_window, VNT, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings NULL: nothing is read or stored (a build without the
 * schema). */
GtkWidget *vnt_preferences_window_new      (GSettings            *settings);
/* TRUE while the background switch is being applied. */
gboolean   vnt_preferences_window_get_busy (VntPreferencesWindow *self);

G_END_DECLS
