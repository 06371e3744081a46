/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Expiry reminders while the app is closed: at each login the app runs
 * its headless check (VNT_BACKGROUND_CHECK_OPTION), which scans the
 * watched paths, sends the reminders due and exits. Inside a sandbox the
 * background portal (org.freedesktop.portal.Background, autostart) sets
 * that up; elsewhere an autostart entry in $XDG_CONFIG_HOME/autostart.
 * Never on by default; switching it off removes what was installed. */

#include <gio/gio.h>

G_BEGIN_DECLS

/* The option of the headless check, without the dashes. */
#define VNT_BACKGROUND_CHECK_OPTION "check-expiries"

/* Where the autostart entry goes (whether or not it exists). */
char     *vnt_background_get_autostart_path (void);
/* TRUE when the background portal is the way (inside Flatpak). */
gboolean  vnt_background_uses_portal        (void);

/* Installs (@enabled) or removes the autostart of the headless check.
 * @command: the program to run (NULL: this one). */
void      vnt_background_set_enabled_async  (gboolean             enabled,
                                             const char          *command,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  vnt_background_set_enabled_finish (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
