/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "controllers/vnt-practice.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* The wizard's context as the application builds it from GSettings (the
 * memory backend: nothing touches the user's settings). */

#define GATEWAY_URL "https://gateway.example.gob.mx"
#define FINGERPRINT "3A:7F:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:" \
                    "EE:FF:01:23:45:67:89:AB:CD:EF:10:32:54:76:98:BA"

typedef struct
{
  char            *dir;
  VntTramiteStore *store;
  GSettings       *settings;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-wizard-context-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = vnt_tramite_store_new (fixture->dir);
  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "service-url");
  g_settings_reset (fixture->settings, "service-certificate-sha256");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->store);
  /* Nothing is written before a procedure starts. */
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  const char *data_dir;  /* the practice e.firmas listed */
} Prepared;

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Prepared *prepared = user_data;

  prepared->ok = vnt_wizard_context_prepare_finish (VNT_WIZARD_CONTEXT (object), result,
                                                    &prepared->error);
  prepared->done = TRUE;
}

/* Prepares @context as the procedure view does. */
static gboolean
prepare (VntWizardContext  *context,
         GError           **error)
{
  Prepared prepared = { FALSE, FALSE, NULL, NULL };

  vnt_wizard_context_prepare_async (context, NULL, prepared_cb, &prepared);
  while (!prepared.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (prepared.ok == (prepared.error == NULL));
  if (prepared.error != NULL)
    g_propagate_error (error, prepared.error);
  return prepared.ok;
}

static void
test_empty_url_is_practice (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(VntWizardContext) context = NULL;

  context = vnt_wizard_context_new_from_settings (fixture->settings, fixture->store);
  g_assert_true (vnt_wizard_context_get_practice (context));
  g_assert_null (vnt_wizard_context_get_client (context));
}

static void
test_gateway_without_fingerprint (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(VntWizardContext) context = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_string (fixture->settings, "service-url", GATEWAY_URL);
  context = vnt_wizard_context_new_from_settings (fixture->settings, fixture->store);

  /* Not silently practice, and no client that would refuse every acuse. */
  g_assert_false (vnt_wizard_context_get_practice (context));
  g_assert_null (vnt_wizard_context_get_client (context));

  g_assert_false (prepare (context, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, GATEWAY_URL));
  g_assert_nonnull (strstr (error->message, "service-certificate-sha256"));
  /* What to do, in Spanish. */
  g_assert_nonnull (strstr (error->message, "Pide al operador del servicio la huella SHA-256"));
  g_assert_null (vnt_wizard_context_get_client (context));
}

static void
test_gateway_bad_fingerprint (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char *const bad[] = {
    "3a7f",                                        /* too short */
    FINGERPRINT ":00",                             /* too long */
    "zz7f00112233445566778899aabbccddeeff0123456789abcdef1032547698ba", /* not hex */
  };

  g_settings_set_string (fixture->settings, "service-url", GATEWAY_URL);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VntWizardContext) context = NULL;
      g_autoptr(GError) error = NULL;

      g_settings_set_string (fixture->settings, "service-certificate-sha256", bad[i]);
      context = vnt_wizard_context_new_from_settings (fixture->settings, fixture->store);
      g_assert_false (prepare (context, &error));
      g_assert_nonnull (strstr (error->message, "64 dígitos hexadecimales"));
      g_assert_null (vnt_wizard_context_get_client (context));
    }
}

static void
test_gateway_with_fingerprint (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(VntWizardContext) context = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_string (fixture->settings, "service-url", GATEWAY_URL);
  /* As operators publish it: uppercase, with colons. */
  g_settings_set_string (fixture->settings, "service-certificate-sha256", FINGERPRINT);
  context = vnt_wizard_context_new_from_settings (fixture->settings, fixture->store);

  g_assert_false (vnt_wizard_context_get_practice (context));
  g_assert_nonnull (vnt_wizard_context_get_client (context));
  g_assert_true (prepare (context, &error));
  g_assert_no_error (error);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Prepared *listed = user_data;
  g_autoptr(GPtrArray) efirmas = NULL;
  g_autoptr(GPtrArray) expected = vnt_practice_list_efirmas (listed->data_dir);

  efirmas = vnt_practice_list_efirmas_finish (result, &listed->error);
  listed->done = TRUE;
  if (efirmas == NULL)
    return;

  listed->ok = TRUE;
  g_assert_cmpuint (efirmas->len, ==, expected->len);
  for (guint i = 0; i < efirmas->len; i++)
    g_assert_cmpstr (((VntPracticeEfirma *) g_ptr_array_index (efirmas, i))->certificate_number, ==,
                     ((VntPracticeEfirma *) g_ptr_array_index (expected, i))->certificate_number);
}

/* The practice buttons read the practice e.firmas off the main thread. */
static void
test_practice_efirmas_async (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vnt-practice-list-XXXXXX", &error);
  g_autoptr(VntPracticeCa) ca = NULL;
  g_autoptr(GPtrArray) made = NULL;
  Prepared listed = { FALSE, FALSE, NULL, dir };

  g_assert_no_error (error);
  ca = vnt_practice_ca_open (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_practice_efirmas_ensure (dir, ca, &error));
  g_assert_no_error (error);
  made = vnt_practice_list_efirmas (dir);
  g_assert_cmpuint (made->len, >, 0);

  vnt_practice_list_efirmas_async (dir, NULL, listed_cb, &listed);
  while (!listed.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (listed.error);
  g_assert_true (listed.ok);

  listed = (Prepared) { FALSE, FALSE, NULL, dir };
  g_cancellable_cancel (cancellable);
  vnt_practice_list_efirmas_async (dir, cancellable, listed_cb, &listed);
  while (!listed.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (listed.ok);
  g_assert_error (listed.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&listed.error);
  vnt_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add ("/wizard-context/settings/empty-url-is-practice", Fixture, NULL,
              fixture_setup, test_empty_url_is_practice, fixture_teardown);
  g_test_add ("/wizard-context/settings/gateway-without-fingerprint", Fixture, NULL,
              fixture_setup, test_gateway_without_fingerprint, fixture_teardown);
  g_test_add ("/wizard-context/settings/gateway-bad-fingerprint", Fixture, NULL,
              fixture_setup, test_gateway_bad_fingerprint, fixture_teardown);
  g_test_add ("/wizard-context/settings/gateway-with-fingerprint", Fixture, NULL,
              fixture_setup, test_gateway_with_fingerprint, fixture_teardown);

  g_test_add_func ("/wizard-context/practice-efirmas-async", test_practice_efirmas_async);

  return g_test_run ();
}
