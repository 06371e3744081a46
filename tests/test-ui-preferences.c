/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Preferencias" through its real widgets, headless: each service field
 * says what is wrong as it is typed, at the field, and is stored only
 * when valid; the background switch installs and removes the autostart
 * entry; the window opens from the window's action. */
#include "config.h"

#include <string.h>

#include "controllers/vnt-background.h"
#include "ui/vnt-preferences-window.h"
#include "ui/vnt-window.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

#define FINGERPRINT "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"

typedef struct {
  GSettings *settings;
  GtkWindow *window;
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), VNT_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "service-url");
  g_settings_reset (fixture->settings, "service-certificate-sha256");
  g_settings_reset (fixture->settings, "ocsp-url");
  g_settings_reset (fixture->settings, "background-reminders");
  fixture->window = GTK_WINDOW (vnt_preferences_window_new (fixture->settings));
  vnt_ui_test_show (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->settings);
}

static void
type (Fixture    *fixture,
      const char *row,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, row)), text);
}

static void
apply (Fixture    *fixture,
       const char *row)
{
  g_signal_emit_by_name (child (fixture, row), "apply");
}

/* The message under the field, or NULL when it says nothing. */
static const char *
error_of (Fixture    *fixture,
          const char *label)
{
  GtkWidget *widget = child (fixture, label);

  return gtk_widget_get_visible (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : NULL;
}

static void
test_service_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *stored = NULL;

  /* The defaults: practice mode, SAT's responder, nothing wrong. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "ocsp_row"))), ==,
                   "https://cfdi.sat.gob.mx/edofiel");
  g_assert_null (error_of (fixture, "url_error"));
  g_assert_null (error_of (fixture, "fingerprint_error"));
  g_assert_null (error_of (fixture, "ocsp_error"));

  /* An address without https:// is refused as typed, at the field. */
  type (fixture, "url_row", "servicio.example.mx");
  g_assert_nonnull (error_of (fixture, "url_error"));
  g_assert_true (gtk_widget_has_css_class (child (fixture, "url_row"), "error"));
  apply (fixture, "url_row");
  stored = g_settings_get_string (fixture->settings, "service-url");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  type (fixture, "url_row", "http://servicio.example.mx");
  g_assert_nonnull (strstr (error_of (fixture, "url_error"), "https://"));

  /* A good address: the field is fine, but a service needs the
   * fingerprint, and the fingerprint's field says so. */
  type (fixture, "url_row", "https://servicio.example.mx");
  g_assert_null (error_of (fixture, "url_error"));
  g_assert_false (gtk_widget_has_css_class (child (fixture, "url_row"), "error"));
  g_assert_nonnull (error_of (fixture, "fingerprint_error"));
  apply (fixture, "url_row");
  stored = g_settings_get_string (fixture->settings, "service-url");
  g_assert_cmpstr (stored, ==, "https://servicio.example.mx");
  g_clear_pointer (&stored, g_free);

  type (fixture, "fingerprint_row", "AB:CD");
  g_assert_nonnull (strstr (error_of (fixture, "fingerprint_error"), "64"));
  apply (fixture, "fingerprint_row");
  stored = g_settings_get_string (fixture->settings, "service-certificate-sha256");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  type (fixture, "fingerprint_row", FINGERPRINT);
  g_assert_null (error_of (fixture, "fingerprint_error"));
  apply (fixture, "fingerprint_row");
  stored = g_settings_get_string (fixture->settings, "service-certificate-sha256");
  g_assert_cmpstr (stored, ==, FINGERPRINT);
  g_clear_pointer (&stored, g_free);

  /* The OCSP responder. */
  type (fixture, "ocsp_row", "cfdi.sat.gob.mx/edofiel");
  g_assert_nonnull (error_of (fixture, "ocsp_error"));
  apply (fixture, "ocsp_row");
  stored = g_settings_get_string (fixture->settings, "ocsp-url");
  g_assert_cmpstr (stored, ==, "https://cfdi.sat.gob.mx/edofiel");
  g_clear_pointer (&stored, g_free);
  type (fixture, "ocsp_row", "http://127.0.0.1:9000/ocsp");
  g_assert_null (error_of (fixture, "ocsp_error"));
  apply (fixture, "ocsp_row");
  stored = g_settings_get_string (fixture->settings, "ocsp-url");
  g_assert_cmpstr (stored, ==, "http://127.0.0.1:9000/ocsp");
}

static void
test_background_switch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = vnt_background_get_autostart_path ();
  GtkSwitch *toggle = GTK_SWITCH (child (fixture, "background_switch"));
  VntPreferencesWindow *window = VNT_PREFERENCES_WINDOW (fixture->window);

  if (vnt_background_uses_portal ())
    {
      g_test_skip ("inside Flatpak the background portal is used");
      return;
    }

  /* Never on by default. */
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_switch_set_active (toggle, TRUE);
  while (vnt_preferences_window_get_busy (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_settings_get_boolean (fixture->settings, "background-reminders"));

  gtk_switch_set_active (toggle, FALSE);
  while (vnt_preferences_window_get_busy (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_settings_get_boolean (fixture->settings, "background-reminders"));
}

static void
test_from_window (void)
{
  GtkWindow *window = GTK_WINDOW (vnt_window_new (NULL));
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *preferences = NULL;

  vnt_ui_test_show (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.preferences", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (VNT_IS_PREFERENCES_WINDOW (item))
        preferences = GTK_WINDOW (item);
    }
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == window);
  gtk_window_destroy (preferences);
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  /* Also gives the test a config folder of its own, where the autostart
   * entry goes. */
  vnt_ui_test_init (&argc, &argv);

  g_test_add ("/preferences/service-fields", Fixture, NULL, fixture_set_up, test_service_fields, fixture_tear_down);
  g_test_add ("/preferences/background-switch", Fixture, NULL, fixture_set_up, test_background_switch,
              fixture_tear_down);
  g_test_add_func ("/preferences/from-window", test_from_window);

  return g_test_run ();
}
