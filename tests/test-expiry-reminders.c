/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The expiry reminders' plan (which of 30, 7 and 1 days fire, each once,
 * over days that pass with the app running or not), the reminders sent
 * for a real scan of SAT test certificates, the autostart entry of the
 * headless check, and the checks of the service settings. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "controllers/vnt-background.h"
#include "controllers/vnt-expiry-reminders.h"
#include "controllers/vnt-service-settings.h"
#include "crypto/vnt-crypto.h"
#include "vnt-test-utils.h"

#define A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void
test_due (void)
{
  g_assert_cmpuint (vnt_expiry_reminder_due (400), ==, 0);
  g_assert_cmpuint (vnt_expiry_reminder_due (31), ==, 0);
  g_assert_cmpuint (vnt_expiry_reminder_due (30), ==, 30);
  g_assert_cmpuint (vnt_expiry_reminder_due (8), ==, 30);
  g_assert_cmpuint (vnt_expiry_reminder_due (7), ==, 7);
  g_assert_cmpuint (vnt_expiry_reminder_due (2), ==, 7);
  g_assert_cmpuint (vnt_expiry_reminder_due (1), ==, 1);
  g_assert_cmpuint (vnt_expiry_reminder_due (0), ==, 1);
  g_assert_cmpuint (vnt_expiry_reminder_due (-1), ==, 0);
}

/* One certificate, the app checking every day from 40 days before its
 * expiry to 3 days after: exactly three reminders, on days 30, 7 and 1. */
static void
test_every_day (void)
{
  const char *sha256s[] = { A, NULL };
  g_auto(GStrv) sent = g_new0 (char *, 1);
  g_autoptr(GArray) fired = g_array_new (FALSE, FALSE, sizeof (int));

  for (int left = 40; left >= -3; left--)
    {
      guint due[1];
      GStrv keep = vnt_expiry_reminders_plan (sha256s, &left, 1, (const char * const *) sent, due);

      if (due[0] != 0)
        {
          g_assert_cmpuint (due[0], ==, (guint) (left == 0 ? 1 : left));
          g_array_append_val (fired, left);
        }
      g_strfreev (sent);
      sent = keep;
    }

  g_assert_cmpuint (fired->len, ==, 3);
  g_assert_cmpint (g_array_index (fired, int, 0), ==, 30);
  g_assert_cmpint (g_array_index (fired, int, 1), ==, 7);
  g_assert_cmpint (g_array_index (fired, int, 2), ==, 1);
  g_assert_true (g_strv_contains ((const char * const *) sent, A ":30"));
  g_assert_true (g_strv_contains ((const char * const *) sent, A ":7"));
  g_assert_true (g_strv_contains ((const char * const *) sent, A ":1"));
}

/* Checked twice a day (the app and the login check): still once each. */
static void
test_twice_the_same_day (void)
{
  const char *sha256s[] = { A, NULL };
  const int left = 25;
  guint due[1];
  g_auto(GStrv) first = vnt_expiry_reminders_plan (sha256s, &left, 1, NULL, due);
  g_auto(GStrv) second = NULL;

  g_assert_cmpuint (due[0], ==, 30);
  second = vnt_expiry_reminders_plan (sha256s, &left, 1, (const char * const *) first, due);
  g_assert_cmpuint (due[0], ==, 0);
  g_assert_cmpstrv (first, second);
}

/* The app was not run between 35 and 5 days before: the 7-day reminder
 * goes out, the missed 30-day one never does. */
static void
test_missed (void)
{
  const char *sha256s[] = { A, NULL };
  int left = 35;
  guint due[1];
  g_auto(GStrv) first = vnt_expiry_reminders_plan (sha256s, &left, 1, NULL, due);
  g_auto(GStrv) second = NULL;
  g_auto(GStrv) third = NULL;

  g_assert_cmpuint (due[0], ==, 0);
  g_assert_null (first[0]);

  left = 5;
  second = vnt_expiry_reminders_plan (sha256s, &left, 1, (const char * const *) first, due);
  g_assert_cmpuint (due[0], ==, 7);
  g_assert_true (g_strv_contains ((const char * const *) second, A ":30"));

  left = 20;  /* the clock went back: nothing again */
  third = vnt_expiry_reminders_plan (sha256s, &left, 1, (const char * const *) second, due);
  g_assert_cmpuint (due[0], ==, 0);
}

/* Two certificates keep apart; one not found for a while (its USB drive
 * unplugged) is not reminded again when it comes back. */
static void
test_two_and_back (void)
{
  const char *both[] = { A, B, NULL };
  const char *only_b[] = { B, NULL };
  const int days_both[] = { 6, 29 };
  const int days_b[] = { 28 };
  const int days_later[] = { 4, 27 };
  guint due[2];
  g_auto(GStrv) first = vnt_expiry_reminders_plan (both, days_both, 2, NULL, due);
  g_auto(GStrv) second = NULL;
  g_auto(GStrv) third = NULL;

  g_assert_cmpuint (due[0], ==, 7);
  g_assert_cmpuint (due[1], ==, 30);

  second = vnt_expiry_reminders_plan (only_b, days_b, 1, (const char * const *) first, due);
  g_assert_cmpuint (due[0], ==, 0);
  g_assert_true (g_strv_contains ((const char * const *) second, B ":30"));
  g_assert_true (g_strv_contains ((const char * const *) second, A ":7"));

  third = vnt_expiry_reminders_plan (both, days_later, 2, (const char * const *) second, due);
  g_assert_cmpuint (due[0], ==, 0);
  g_assert_cmpuint (due[1], ==, 0);
}

/* A notification server on the session bus, as a desktop has one: it
 * records the summary of each notification it is asked to show. */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *path,
                         const char            *interface,
                         const char            *method,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  GPtrArray *summaries = user_data;

  if (g_str_equal (method, "Notify"))
    {
      const char *summary = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_ptr_array_add (summaries, g_strdup (summary));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", summaries->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@as ['body'],)"));
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "test", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static const GDBusInterfaceVTable notifications_vtable = { notifications_method_cb, NULL, NULL, { NULL } };

/* A real scan: the SAT test e.firma 17 days before it expires, the CSD
 * not yet valid; one reminder, for the e.firma, then none on a second
 * scan. */
static void
send_for_report (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GApplication) app = g_application_new ("io.github.ventanilla.Ventanilla.Test",
                                                    G_APPLICATION_NON_UNIQUE);
  g_autoptr(VntWatchList) list = vnt_watch_list_new (NULL);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2023-05-10T12:00:00Z", utc);
  g_autofree char *fiel = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *csd = vnt_test_sat_path ("csd/csd-moral-EKU9003173C9-30001000000500003416.cer");
  g_autoptr(VntWatchReport) report = NULL;
  g_autoptr(VntWatchReport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sent = NULL;

  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  gboolean acquired = FALSE;
  GVariant *reply;
  guint registration;
  guint owner;

  if (bus == NULL)
    {
      g_test_skip ("no session bus");
      return;
    }

  node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  registration = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                                    &notifications_vtable, summaries, NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                        name_acquired_cb, NULL, &acquired, NULL);
  while (!acquired)
    g_main_context_iteration (NULL, TRUE);

  g_settings_reset (settings, "expiry-reminders-sent");
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);

  vnt_watch_list_add_path (list, fiel);
  vnt_watch_list_add_path (list, csd);
  vnt_watch_list_set_now (list, at);
  report = vnt_watch_list_scan (list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vnt_watch_report_get_n_entries (report), ==, 2);
  g_assert_cmpint (vnt_watch_report_get_entry (report, 1)->status, ==, VNT_WATCH_STATUS_NOT_YET_VALID);

  g_assert_cmpuint (vnt_expiry_reminders_send (app, settings, report), ==, 1);
  while (summaries->len < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==, "Tu e.firma vence en 17 días");
  sent = g_settings_get_strv (settings, "expiry-reminders-sent");
  /* 17 days before: the 30-day reminder, for the e.firma. */
  g_assert_cmpuint (g_strv_length (sent), ==, 1);
  g_assert_true (g_str_has_prefix (sent[0], vnt_certificate_get_sha256 (vnt_watch_report_get_entry (report, 0)->certificate)));
  g_assert_true (g_str_has_suffix (sent[0], ":30"));

  again = vnt_watch_list_scan (list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vnt_expiry_reminders_send (app, settings, again), ==, 0);

  /* GLib's notification backend must see the answer to its Notify before
   * the application goes: a round trip through the bus after it, then
   * what it queued. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetId", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_unref (reply);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (bus, registration);
}

/* In a process of its own: GApplication and GLib's notification backend
 * are process-wide. */
static void
test_send_for_report (void)
{
  if (g_test_subprocess ())
    {
      send_for_report ();
      return;
    }

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_autostart (void)
{
  g_autofree char *path = vnt_background_get_autostart_path ();
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  gboolean done = FALSE;
  GAsyncResult *result = NULL;

  if (vnt_background_uses_portal ())
    {
      g_test_skip ("inside Flatpak the background portal is used");
      return;
    }

  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* On: an autostart entry that runs the headless check. */
  vnt_background_set_enabled_async (TRUE, "/opt/ventanilla/bin/ventanilla", NULL,
                                    store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = vnt_background_set_enabled_finish (result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (done);

  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "'/opt/ventanilla/bin/ventanilla' --check-expiries");

  /* Off: removed; off again: nothing to remove, no error. */
  for (int i = 0; i < 2; i++)
    {
      vnt_background_set_enabled_async (FALSE, NULL, NULL, store_result, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (vnt_background_set_enabled_finish (result, &error));
      g_clear_object (&result);
      g_assert_no_error (error);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

static void
test_service_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *spaced = NULL;

  /* Empty: practice mode. */
  g_assert_true (vnt_service_settings_check_url ("", NULL));
  g_assert_true (vnt_service_settings_check_url ("  ", NULL));
  g_assert_true (vnt_service_settings_check_url ("https://servicio.example.mx", NULL));
  g_assert_true (vnt_service_settings_check_url ("http://127.0.0.1:8443", NULL));

  g_assert_false (vnt_service_settings_check_url ("servicio.example.mx", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (vnt_service_settings_check_url ("http://servicio.example.mx", &error));
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);
  g_assert_false (vnt_service_settings_check_url ("https://", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The fingerprint: required with a service, 64 hex digits. */
  g_assert_true (vnt_service_settings_check_fingerprint ("", "", NULL));
  g_assert_false (vnt_service_settings_check_fingerprint ("", "https://servicio.example.mx", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (vnt_service_settings_check_fingerprint (
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
    "https://servicio.example.mx", NULL));
  g_assert_false (vnt_service_settings_check_fingerprint ("ABCD", "https://servicio.example.mx", &error));
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);
  g_assert_false (vnt_service_settings_check_fingerprint (A "g", "", &error));
  g_clear_error (&error);
  spaced = g_strconcat ("AB CD", A + 4, NULL);
  normalized = vnt_service_settings_normalize_fingerprint (spaced);
  g_assert_true (g_str_has_prefix (normalized, "abcd"));
  g_assert_cmpuint (strlen (normalized), ==, 64);
  g_assert_true (g_str_has_suffix (normalized, A + 4));

  g_assert_true (vnt_service_settings_check_ocsp_url ("https://cfdi.sat.gob.mx/edofiel", NULL));
  g_assert_true (vnt_service_settings_check_ocsp_url ("http://127.0.0.1:9000/ocsp", NULL));
  g_assert_false (vnt_service_settings_check_ocsp_url ("", &error));
  g_clear_error (&error);
  g_assert_false (vnt_service_settings_check_ocsp_url ("ftp://cfdi.sat.gob.mx", &error));
  g_assert_nonnull (strstr (error->message, "https://"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = NULL;
  int status;

  /* Before anything asks GLib for the user's folders. */
  config = g_dir_make_tmp ("vnt-reminders-XXXXXX", NULL);
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* Under LANG=C.UTF-8 gettext honours LANGUAGE. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_test_use_spanish ();
  vnt_crypto_init ();

  g_test_add_func ("/expiry-reminders/due", test_due);
  g_test_add_func ("/expiry-reminders/every-day", test_every_day);
  g_test_add_func ("/expiry-reminders/twice-the-same-day", test_twice_the_same_day);
  g_test_add_func ("/expiry-reminders/missed", test_missed);
  g_test_add_func ("/expiry-reminders/two-and-back", test_two_and_back);
  g_test_add_func ("/expiry-reminders/send-for-report", test_send_for_report);
  g_test_add_func ("/background/autostart", test_autostart);
  g_test_add_func ("/service-settings/checks", test_service_settings);

  status = g_test_run ();
  vnt_test_remove_tree (config);
  return status;
}
