/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-expiry-reminders.h"

#define SENT_KEY "expiry-reminders-sent"

/* Days before the expiry, latest first. */
static const guint thresholds[] = { 30, 7, 1 };

guint
vnt_expiry_reminder_due (int days_left)
{
  guint due = 0;

  if (days_left < 0)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    if ((guint) days_left <= thresholds[i])
      due = thresholds[i];

  return due;
}

static char *
sent_key (const char *sha256,
          guint       days)
{
  return g_strdup_printf ("%s:%u", sha256, days);
}

GStrv
vnt_expiry_reminders_plan (const char * const *sha256s,
                           const int          *days_left,
                           guint               n,
                           const char * const *sent,
                           guint              *due)
{
  g_autoptr(GHashTable) was_sent = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);

  /* Everything sent before stays remembered, also for certificates not
   * found this time: a USB drive that comes back must not remind again. */
  for (guint i = 0; sent != NULL && sent[i] != NULL; i++)
    {
      g_hash_table_add (was_sent, (gpointer) sent[i]);
      if (g_hash_table_add (kept, (gpointer) sent[i]))
        g_ptr_array_add (keep, g_strdup (sent[i]));
    }

  for (guint i = 0; i < n; i++)
    {
      guint now_due = vnt_expiry_reminder_due (days_left[i]);

      due[i] = 0;
      for (guint t = 0; t < G_N_ELEMENTS (thresholds); t++)
        {
          g_autofree char *key = sent_key (sha256s[i], thresholds[t]);
          gboolean before = g_hash_table_contains (was_sent, key);

          /* Due now and never sent: send it. Earlier ones that were
           * missed (the app was not running) are not sent late. */
          if (now_due != 0 && thresholds[t] == now_due && !before)
            due[i] = now_due;

          if (now_due != 0 && thresholds[t] >= now_due && !g_hash_table_contains (kept, key))
            {
              g_hash_table_add (kept, key);
              g_ptr_array_add (keep, g_steal_pointer (&key));
            }
        }
    }

  g_ptr_array_add (keep, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&keep), FALSE);
}

static char *
reminder_title (VntWatchEntry *entry,
                int            days_left)
{
  VntWatchKind kind = vnt_watch_kind_for_certificate (entry->certificate);
  const char *what = vnt_watch_kind_get_label (kind);

  if (days_left <= 0)
    return g_strdup_printf (_("Your %s expires today"), what);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Your %s expires in %d day", "Your %s expires in %d days",
                                       days_left),
                          what, days_left);
}

static char *
reminder_body (VntWatchEntry *entry)
{
  VntCertificate *certificate = entry->certificate;
  const char *name = vnt_certificate_get_name (certificate);
  const char *rfc = vnt_certificate_get_rfc (certificate);
  const char *step = vnt_watch_entry_get_next_step (entry);
  g_autoptr(GDateTime) local = g_date_time_to_local (vnt_certificate_get_not_after (certificate));
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *who = g_strdup_printf ("%s (%s)", name != NULL ? name : "—", rfc != NULL ? rfc : "—");

  return g_strdup_printf (_("%s: valid until %s. %s"), who, date, step != NULL ? step : "");
}

guint
vnt_expiry_reminders_send (GApplication   *application,
                           GSettings      *settings,
                           VntWatchReport *report)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) sha256s = g_ptr_array_new ();
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (int));
  g_autofree guint *due = NULL;
  g_auto(GStrv) sent = NULL;
  g_auto(GStrv) keep = NULL;
  guint n_sent = 0;

  g_return_val_if_fail (G_IS_APPLICATION (application), 0);
  g_return_val_if_fail (G_IS_SETTINGS (settings), 0);
  g_return_val_if_fail (VNT_IS_WATCH_REPORT (report), 0);

  for (guint i = 0; i < vnt_watch_report_get_n_entries (report); i++)
    {
      VntWatchEntry *entry = vnt_watch_report_get_entry (report, i);
      int left = vnt_certificate_get_days_left (entry->certificate, vnt_watch_report_get_at (report));

      if (vnt_certificate_is_ca (entry->certificate) ||
          (entry->status != VNT_WATCH_STATUS_VALID && entry->status != VNT_WATCH_STATUS_EXPIRING))
        continue;

      g_ptr_array_add (entries, entry);
      g_ptr_array_add (sha256s, (gpointer) vnt_certificate_get_sha256 (entry->certificate));
      g_array_append_val (days, left);
    }
  g_ptr_array_add (sha256s, NULL);

  sent = g_settings_get_strv (settings, SENT_KEY);
  due = g_new0 (guint, MAX (entries->len, 1));
  keep = vnt_expiry_reminders_plan ((const char * const *) sha256s->pdata, (const int *) (gpointer) days->data,
                                    entries->len, (const char * const *) sent, due);

  for (guint i = 0; i < entries->len; i++)
    {
      VntWatchEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *id = NULL;
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;

      if (due[i] == 0)
        continue;

      title = reminder_title (entry, g_array_index (days, int, i));
      body = reminder_body (entry);
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, due[i] == 1 ? G_NOTIFICATION_PRIORITY_HIGH
                                                              : G_NOTIFICATION_PRIORITY_NORMAL);
      g_notification_set_default_action (notification, "app.open-watch");
      /* One per certificate: a newer reminder replaces an older one. */
      id = g_strdup_printf ("expiry-%s", vnt_certificate_get_sha256 (entry->certificate));
      g_application_send_notification (application, id, notification);
      n_sent++;
    }

  g_settings_set_strv (settings, SENT_KEY, (const char * const *) keep);
  return n_sent;
}
