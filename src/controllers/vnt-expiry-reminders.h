/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Reminders 30, 7 and 1 days before a watched certificate expires, each
 * sent once: which are due (a plan that needs no clock and no bus, so it
 * can be tested), and sending them as GNotifications. */

#include <gio/gio.h>

#include "vnt-watch-list.h"

G_BEGIN_DECLS

/* The reminder due for a certificate with @days_left: 30, 7 or 1, or 0
 * when none (more than 30 days, or expired already). */
guint   vnt_expiry_reminder_due    (int                 days_left);

/* For @n certificates (@sha256s[i], @days_left[i]), given the reminders
 * @sent already ("SHA256:DAYS"), fills @due[i] with the reminder to send
 * now (0: none) and returns what to remember from now on: what was sent
 * before (also for certificates not found this time), what is sent now,
 * and the earlier reminders a later one makes moot (the 30-day one when
 * the 7-day one goes out first). */
GStrv   vnt_expiry_reminders_plan  (const char * const *sha256s,
                                    const int          *days_left,
                                    guint               n,
                                    const char * const *sent,
                                    guint              *due);

/* Sends through @application the reminders @report makes due, and keeps
 * in @settings ("expiry-reminders-sent") which were sent. Returns how many
 * were sent. Expired, revoked, untrusted certificates and CAs get none: the
 * page says what to do about them. */
guint   vnt_expiry_reminders_send  (GApplication       *application,
                                    GSettings          *settings,
                                    VntWatchReport     *report);

G_END_DECLS
