/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "controllers/procedures/csd-request/vnt-csd-request-controller.h"
#include "crypto/vnt-crypto.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/pages/vnt-new-key-box.h"
#include "ui/pages/vnt-sat-result-page.h"
#include "ui/procedures/csd-request/vnt-csd-pages.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* "Solicitud de Certificados de Sello Digital (CSD)" driven through its
 * real widgets, in Spanish, in a real window, in practice mode. It needs
 * no service: the client points at a closed port and is never asked. The
 * .sdg is checked with OpenSSL (cms -verify by the practice CA, then req
 * -verify on every request of its ZIP). Every screen is written as a PNG
 * (also 360 px wide and dark) into the build dir, and into
 * docs/screenshots/ with VENTANILLA_UPDATE_SCREENSHOTS=1. */

#define WIDTH  860
#define HEIGHT 960
#define KEYS_PASSWORD "Sucursal2026"

typedef struct {
  char             *dir;
  char             *out;
  VntTramiteStore  *store;
  VntServiceClient *client;
  VntWizardContext *wizard;
  VntWindow        *window;
} Fixture;

#define WAIT_FOR(condition) \
  G_STMT_START { while (!(condition)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static void
fixture_start (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntTrustStore) trust = vnt_test_practice_trust_store ();
  g_autofree char *data_dir = NULL;

  memset (fixture, 0, sizeof *fixture);
  fixture->dir = g_dir_make_tmp ("vnt-ui-csd-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->out = g_build_filename (fixture->dir, "usb", NULL);
  g_assert_cmpint (g_mkdir (fixture->out, 0700), ==, 0);

  /* Port 9 on loopback: nothing listens, and nothing should ask. */
  fixture->client = vnt_service_client_new ("http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (fixture->dir, "data", NULL);
  vnt_test_practice_install_efirmas (data_dir);
  fixture->store = vnt_tramite_store_new (data_dir);
  fixture->wizard = vnt_wizard_context_new (fixture->store, fixture->client, TRUE);
  vnt_wizard_context_set_trust_store (fixture->wizard, trust);
  vnt_wizard_context_set_default (fixture->wizard);

  fixture->window = vnt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, HEIGHT);
  vnt_ui_test_show (GTK_WINDOW (fixture->window));
}

static void
fixture_stop (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  vnt_wizard_context_set_default (NULL);
  g_clear_object (&fixture->wizard);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  vnt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->out);
}

/* ------------------------------------------------------------------ */
/* Screenshots                                                          */

static void
save_shot (GtkWidget  *window,
           const char *name)
{
  vnt_ui_test_save_screenshot (window, NULL, name);
}

/* The screen as it is, then 360 px wide, then dark, then 360 px wide
 * with large text. */
static void
shoot (Fixture    *fixture,
       const char *name)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *narrow = g_strconcat (name, "-360", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  save_shot (window, name);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, HEIGHT);
  vnt_ui_test_wait_frames (window, 4);
  save_shot (window, narrow);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  vnt_ui_test_wait_frames (window, 4);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_shot (window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  vnt_ui_test_wait_frames (window, 2);
  vnt_ui_test_shoot_large_text (window, name);
}

/* ------------------------------------------------------------------ */
/* Driving the widgets                                                  */

static GtkWidget *
child_of (gpointer    widget,
          GType       type,
          const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static VntAssistant *
open_request (Fixture *fixture)
{
  VntProcedureView *view;

  vnt_window_open_procedure (fixture->window, "sat.csd");
  view = vnt_window_get_procedure_view (fixture->window);
  WAIT_FOR (vnt_procedure_view_get_assistant (view) != NULL);
  return vnt_procedure_view_get_assistant (view);
}

static gboolean
next_sensitive (VntAssistant *assistant)
{
  GtkWidget *button = child_of (assistant, VNT_TYPE_ASSISTANT, "next_button");

  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
click_next (VntAssistant *assistant)
{
  click (child_of (assistant, VNT_TYPE_ASSISTANT, "next_button"));
  WAIT_FOR (!vnt_assistant_get_busy (assistant));
}

static VntPage *
page_of_type (VntAssistant *assistant,
              GType         type)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (page, type));
  return page;
}

static void
type_text (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* The sucursales typed, one row each (rows added with the page's button). */
static VntCsdSucursalesPage *
type_sucursales (VntAssistant       *assistant,
                 const char * const *names)
{
  VntCsdSucursalesPage *page = VNT_CSD_SUCURSALES_PAGE (page_of_type (assistant, VNT_TYPE_CSD_SUCURSALES_PAGE));

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i >= vnt_csd_sucursales_page_get_n_rows (page))
        click (vnt_csd_sucursales_page_get_add_button (page));
      type_text (vnt_csd_sucursales_page_get_row (page, i), names[i]);
    }
  return page;
}

/* The e.firma page filled in with @stem (.cer and .key), then "Validar";
 * TRUE when it passed. */
static gboolean
validate (VntAssistant *assistant,
          const char   *rfc,
          const char   *cer_path,
          const char   *key_path,
          const char   *password)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE);
  g_autoptr(GFile) cer = g_file_new_for_path (cer_path);
  g_autoptr(GFile) key = g_file_new_for_path (key_path);

  type_text (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row"), rfc);
  vnt_efirma_page_set_files (VNT_EFIRMA_PAGE (page), cer, key);
  type_text (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row"), password);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  return vnt_page_get_complete (page);
}

/* The practice company's e.firma through the page's own button. */
static void
validate_practice (VntAssistant *assistant)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE);

  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "practice_button"));
  WAIT_FOR (*gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row"))) != '\0');
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row"))), ==,
                   VNT_TEST_COMPANY_RFC);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  WAIT_FOR (next_sensitive (assistant));
}

static VntCsdKeysPage *
type_keys (Fixture      *fixture,
           VntAssistant *assistant,
           const char   *password,
           const char   *confirmation)
{
  VntCsdKeysPage *page = VNT_CSD_KEYS_PAGE (page_of_type (assistant, VNT_TYPE_CSD_KEYS_PAGE));
  VntNewKeyBox *box = vnt_csd_keys_page_get_key_box (page);

  vnt_new_key_box_set_folder (box, fixture->out);
  type_text (child_of (box, VNT_TYPE_NEW_KEY_BOX, "password_row"), password);
  type_text (child_of (box, VNT_TYPE_NEW_KEY_BOX, "confirm_row"), confirmation);
  return page;
}

/* The strength shown under the password: the level bar's value and its
 * sentence. */
static const char *
strength_of (VntCsdKeysPage *page,
             double         *level)
{
  VntNewKeyBox *box = vnt_csd_keys_page_get_key_box (page);

  *level = gtk_level_bar_get_value (GTK_LEVEL_BAR (child_of (box, VNT_TYPE_NEW_KEY_BOX, "strength_bar")));
  return gtk_label_get_text (GTK_LABEL (child_of (box, VNT_TYPE_NEW_KEY_BOX, "strength_label")));
}

static VntCsdCheckBox *
check_box (VntAssistant *assistant)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_SAT_RESULT_PAGE);
  GtkWidget *box = vnt_ui_test_find (GTK_WIDGET (page), VNT_TYPE_CSD_CHECK_BOX, NULL, NULL);

  g_assert_nonnull (box);
  return VNT_CSD_CHECK_BOX (box);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted. */
static GPtrArray *
files_in (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* Runs a command line; its exit status, stdout and stderr. */
static int
run (char       **out,
     char       **err,
     const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* OpenSSL verifies the .sdg by the practice CA, and each request in its
 * ZIP; the ZIP holds one request per sucursal. */
static void
verify_with_openssl (Fixture    *fixture,
                     const char *sdg,
                     const char * const *sucursales)
{
  g_autofree char *ca = g_build_filename (vnt_test_practice_dir (), "practica-ca-certificate.pem", NULL);
  g_autofree char *zip = g_build_filename (fixture->dir, "requests.zip", NULL);
  g_autofree char *unzipped = g_build_filename (fixture->dir, "requests", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *unzip = g_find_program_in_path ("unzip");

  if (openssl == NULL || unzip == NULL)
    {
      g_test_message ("openssl or unzip is missing: the .sdg is not checked by them");
      return;
    }

  {
    const char *argv[] = { "openssl", "cms", "-verify", "-inform", "DER", "-in", sdg, "-CAfile", ca,
                           "-purpose", "any", "-out", zip, NULL };

    g_assert_cmpint (run (&out, &err, argv), ==, 0);
    g_assert_nonnull (strstr (err, "Verification successful"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "unzip", "-q", zip, "-d", unzipped, NULL };

    g_assert_cmpint (run (&out, &err, argv), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  requests = files_in (unzipped);
  g_assert_cmpuint (requests->len, ==, g_strv_length ((char **) sucursales));
  for (guint i = 0; i < requests->len; i++)
    {
      const char *name = g_ptr_array_index (requests, i);
      g_autofree char *path = g_build_filename (unzipped, name, NULL);
      const char *argv[] = { "openssl", "req", "-inform", "DER", "-in", path, "-verify", "-noout",
                             "-subject", "-nameopt", "multiline,utf8,-esc_msb", NULL };
      gboolean named = FALSE;

      g_assert_true (g_str_has_prefix (name, "CSD_"));
      g_assert_true (g_str_has_suffix (name, "s.req"));
      g_assert_nonnull (strstr (name, VNT_TEST_COMPANY_RFC));
      g_assert_cmpint (run (&out, &err, argv), ==, 0);
      g_assert_nonnull (strstr (err, "verify OK"));
      for (guint j = 0; sucursales[j] != NULL; j++)
        {
          g_autofree char *ou = g_strdup_printf ("organizationalUnitName    = %s", sucursales[j]);

          named = named || strstr (out, ou) != NULL;
        }
      g_assert_true (named);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

static void
test_happy (void)
{
  static const char * const sucursales[] = { "Matriz", "Sucursal Centro", NULL };
  Fixture fixture;
  VntAssistant *assistant;
  VntCsdSucursalesPage *sucursales_page;
  VntCsdKeysPage *keys_page;
  VntCsdCheckBox *done;
  VntPage *result_page;
  VntCsdRequestController *controller;
  VntPracticeEfirma *csd;
  const char * const *keys;
  const char *sdg;
  const char *title, *detail = NULL;
  double level = -1;
  gboolean ok = FALSE;
  g_autoptr(GPtrArray) written = NULL;

  fixture_start (&fixture);
  assistant = open_request (&fixture);
  controller = VNT_CSD_REQUEST_CONTROLLER (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)));

  /* One row to start with, which cannot be removed; empty is not done. */
  sucursales_page = VNT_CSD_SUCURSALES_PAGE (page_of_type (assistant, VNT_TYPE_CSD_SUCURSALES_PAGE));
  g_assert_cmpuint (vnt_csd_sucursales_page_get_n_rows (sucursales_page), ==, 1);
  g_assert_false (gtk_widget_get_visible (vnt_csd_sucursales_page_get_remove_button (sucursales_page, 0)));
  g_assert_false (next_sensitive (assistant));

  /* Three rows, the middle one removed. */
  type_sucursales (assistant, (const char * const []) { "Matriz", "Bodega", "Sucursal Centro", NULL });
  g_assert_cmpuint (vnt_csd_sucursales_page_get_n_rows (sucursales_page), ==, 3);
  click (vnt_csd_sucursales_page_get_remove_button (sucursales_page, 1));
  g_assert_cmpuint (vnt_csd_sucursales_page_get_n_rows (sucursales_page), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vnt_csd_sucursales_page_get_row (sucursales_page, 1))), ==,
                   "Sucursal Centro");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (vnt_csd_sucursales_page_get_row (sucursales_page, 1))),
                   ==, "Sucursal 2");
  g_assert_true (next_sensitive (assistant));
  shoot (&fixture, "csd-request-1-sucursales");
  click_next (assistant);
  g_assert_cmpstrv (vnt_csd_request_controller_get_sucursales (controller), sucursales);

  validate_practice (assistant);
  shoot (&fixture, "csd-request-2-efirma");
  click_next (assistant);

  /* The strength follows the password. */
  keys_page = type_keys (&fixture, assistant, "12345678", "");
  g_test_message ("%s", strength_of (keys_page, &level));
  g_assert_cmpfloat (level, ==, VNT_PASSWORD_STRENGTH_WEAK);
  g_assert_false (next_sensitive (assistant));
  /* The company's RFC in it is easy to guess. */
  type_keys (&fixture, assistant, VNT_TEST_COMPANY_RFC "!", VNT_TEST_COMPANY_RFC "!");
  g_assert_cmpfloat ((strength_of (keys_page, &level), level), ==, VNT_PASSWORD_STRENGTH_WEAK);
  type_keys (&fixture, assistant, KEYS_PASSWORD, KEYS_PASSWORD);
  g_test_message ("%s", strength_of (keys_page, &level));
  g_assert_cmpfloat (level, ==, VNT_PASSWORD_STRENGTH_STRONG);
  g_assert_true (next_sensitive (assistant));
  shoot (&fixture, "csd-request-3-keys");
  click_next (assistant);
  g_assert_cmpfloat (vnt_csd_keys_page_get_fraction (keys_page), ==, 1.0);

  /* Two keys and the .sdg: 0600, the keys SAT's format under the password. */
  result_page = page_of_type (assistant, VNT_TYPE_SAT_RESULT_PAGE);
  done = check_box (assistant);
  g_assert_true (vnt_procedure_get_done (VNT_PROCEDURE (controller)));
  keys = vnt_csd_request_controller_get_key_paths (controller);
  sdg = vnt_csd_request_controller_get_sdg_path (controller);
  g_assert_cmpuint (g_strv_length ((char **) keys), ==, 2);
  g_assert_nonnull (strstr (keys[0], "CSD_Matriz_" VNT_TEST_COMPANY_RFC "_"));
  g_assert_nonnull (strstr (keys[1], "CSD_Sucursal_Centro_" VNT_TEST_COMPANY_RFC "_"));
  g_assert_true (g_str_has_suffix (sdg, ".sdg"));
  written = files_in (fixture.out);
  g_assert_cmpuint (written->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      GStatBuf st;
      const char *path = i < 2 ? keys[i] : sdg;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      if (i < 2)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VntPrivateKey) key = vnt_private_key_new_from_file (path, KEYS_PASSWORD, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (vnt_private_key_get_encryption (key), ==, "PBES2-3DES-CBC");
        }
    }
  verify_with_openssl (&fixture, sdg, sucursales);
  g_assert_false (vnt_page_get_can_go_back (result_page));
  g_assert_cmpuint (vnt_sat_result_page_get_steps (VNT_SAT_RESULT_PAGE (result_page))->len, ==, 4);
  shoot (&fixture, "csd-request-4-done");

  /* The practice company's CSD stands for one downloaded later. */
  csd = vnt_test_practice_efirma (VNT_PRACTICE_KIND_CSD, VNT_TEST_COMPANY_RFC);
  g_assert_nonnull (csd);
  {
    g_autoptr(GFile) cer = g_file_new_for_path (csd->cer_path);
    g_autoptr(GFile) key = g_file_new_for_path (csd->key_path);

    vnt_csd_check_box_set_files (done, cer, key);
    g_assert_false (gtk_widget_is_sensitive (vnt_csd_check_box_get_check_button (done)));
    type_text (vnt_csd_check_box_get_password_row (done), csd->password);
    click (vnt_csd_check_box_get_check_button (done));
    WAIT_FOR (!vnt_csd_check_box_get_checking (done));
    title = vnt_csd_check_box_get_result (done, &detail, &ok);
    g_assert_cmpstr (title, ==, "El CSD y su llave corresponden");
    g_assert_true (ok);
    g_assert_nonnull (strstr (detail, VNT_TEST_COMPANY_RFC));
    g_assert_nonnull (strstr (detail, csd->certificate_number));
    /* The password was used once. */
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vnt_csd_check_box_get_password_row (done))), ==, "");
    shoot (&fixture, "csd-request-5-check");
  }

  /* The same CSD with one of the new keys: said plainly. */
  {
    g_autoptr(GFile) cer = g_file_new_for_path (csd->cer_path);
    g_autoptr(GFile) key = g_file_new_for_path (keys[0]);

    vnt_csd_check_box_set_files (done, cer, key);
    g_assert_null (vnt_csd_check_box_get_result (done, NULL, NULL));
    type_text (vnt_csd_check_box_get_password_row (done), KEYS_PASSWORD);
    click (vnt_csd_check_box_get_check_button (done));
    WAIT_FOR (!vnt_csd_check_box_get_checking (done));
    title = vnt_csd_check_box_get_result (done, &detail, &ok);
    g_assert_cmpstr (title, ==, "La llave no corresponde a este CSD");
    g_assert_false (ok);
    g_assert_nonnull (strstr (detail, "no corresponden"));
    shoot (&fixture, "csd-request-6-mismatch");
  }

  /* An e.firma is not a CSD; the password of a key is checked. */
  {
    VntPracticeEfirma *moral = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
    g_autoptr(GFile) cer = g_file_new_for_path (moral->cer_path);
    g_autoptr(GFile) key = g_file_new_for_path (moral->key_path);
    g_autoptr(GFile) csd_cer = g_file_new_for_path (csd->cer_path);
    g_autoptr(GFile) csd_key = g_file_new_for_path (csd->key_path);

    vnt_csd_check_box_set_files (done, cer, key);
    type_text (vnt_csd_check_box_get_password_row (done), moral->password);
    click (vnt_csd_check_box_get_check_button (done));
    WAIT_FOR (!vnt_csd_check_box_get_checking (done));
    vnt_csd_check_box_get_result (done, &detail, &ok);
    g_assert_false (ok);
    g_assert_nonnull (strstr (detail, "es una e.firma, no un CSD"));

    vnt_csd_check_box_set_files (done, csd_cer, csd_key);
    type_text (vnt_csd_check_box_get_password_row (done), "NoEsLaClave1");
    click (vnt_csd_check_box_get_check_button (done));
    WAIT_FOR (!vnt_csd_check_box_get_checking (done));
    vnt_csd_check_box_get_result (done, &detail, &ok);
    g_assert_false (ok);
    g_test_message ("%s", detail);
    g_assert_nonnull (strstr (detail, "contraseña"));
  }

  fixture_stop (&fixture);
}

/* Names SAT's files cannot carry, and two sucursales with the same files. */
static void
test_sucursal_names (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntCsdSucursalesPage *page;

  fixture_start (&fixture);
  assistant = open_request (&fixture);

  page = type_sucursales (assistant, (const char * const []) { "Matriz", "Matriz/Norte", NULL });
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "sucursales");
  g_assert_true (gtk_widget_has_css_class (vnt_csd_sucursales_page_get_row (page, 1), "error"));
  g_assert_false (gtk_widget_has_css_class (vnt_csd_sucursales_page_get_row (page, 0), "error"));
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "«Matriz/Norte»"));
  shoot (&fixture, "csd-request-bad-sucursal");

  /* Fixing it clears the mark; "Sucursal 1" and "Sucursal_1" share files. */
  type_sucursales (assistant, (const char * const []) { "Sucursal 1", "Sucursal_1", NULL });
  g_assert_false (gtk_widget_has_css_class (vnt_csd_sucursales_page_get_row (page, 1), "error"));
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "sucursales");
  g_assert_true (gtk_widget_has_css_class (vnt_csd_sucursales_page_get_row (page, 1), "error"));
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "mismos nombres de archivo"));

  /* Spaces only are no name. */
  type_sucursales (assistant, (const char * const []) { "Matriz", "   ", NULL });
  g_assert_false (next_sensitive (assistant));

  fixture_stop (&fixture);
}

/* A CSD given as the e.firma, an expired e.firma, a wrong password: each
 * refused on the e.firma page with what to do, nothing goes on. */
static void
check_refused (const char *cer_path,
               const char *key_path,
               const char *rfc,
               const char *password,
               const char *detail,
               const char *shot)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaPage *page;

  if (cer_path == NULL)
    return;

  fixture_start (&fixture);
  assistant = open_request (&fixture);
  type_sucursales (assistant, (const char * const []) { "Matriz", NULL });
  click_next (assistant);
  g_assert_false (validate (assistant, rfc, cer_path, key_path, password));
  page = VNT_EFIRMA_PAGE (page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE));
  g_test_message ("%s: %s", vnt_efirma_page_get_result_title (page), vnt_efirma_page_get_result_detail (page));
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (page), detail));
  g_assert_false (next_sensitive (assistant));
  if (shot != NULL)
    shoot (&fixture, shot);
  fixture_stop (&fixture);
}

static void
test_csd_as_efirma (void)
{
  VntPracticeEfirma *csd = vnt_test_practice_efirma (VNT_PRACTICE_KIND_CSD, VNT_TEST_COMPANY_RFC);

  check_refused (csd->cer_path, csd->key_path, csd->rfc, csd->password, "CSD", "csd-request-csd-refused");
}

static void
test_expired_efirma (void)
{
  g_autofree char *cer = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *key = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");

  check_refused (cer, key, "KAHO641101B39", "12345678a", "venció", NULL);
}

static void
test_wrong_password (void)
{
  VntPracticeEfirma *moral = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);

  check_refused (moral->cer_path, moral->key_path, moral->rfc, "NoEsLaContraseña1", "contraseña", NULL);
}

/* The keys' password twice, different: refused before anything is made. An
 * existing file of the set: nothing is written over it, and nothing else
 * is left. */
static void
test_keys_refused (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntCsdKeysPage *page;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GDateTime) now = NULL;

  fixture_start (&fixture);
  assistant = open_request (&fixture);
  type_sucursales (assistant, (const char * const []) { "Matriz", NULL });
  click_next (assistant);
  validate_practice (assistant);
  click_next (assistant);

  page = type_keys (&fixture, assistant, KEYS_PASSWORD, KEYS_PASSWORD "x");
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "keys");
  g_assert_true (gtk_widget_has_css_class (child_of (vnt_csd_keys_page_get_key_box (page), VNT_TYPE_NEW_KEY_BOX, "confirm_row"), "error"));
  before = files_in (fixture.out);
  g_assert_cmpuint (before->len, ==, 0);
  g_clear_pointer (&before, g_ptr_array_unref);

  /* The key of "Matriz" for every second of the next two minutes is there
   * already (the file names carry the time). */
  now = g_date_time_new_now_local ();
  for (int s = 0; s < 120; s++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_seconds (now, s);
      g_autofree char *stamp = g_date_time_format (t, "%Y%m%d_%H%M%S");
      g_autofree char *name = g_strdup_printf ("CSD_Matriz_%s_%s.key", VNT_TEST_COMPANY_RFC, stamp);
      g_autofree char *path = g_build_filename (fixture.out, name, NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, "earlier", -1, &error);
      g_assert_no_error (error);
    }
  before = files_in (fixture.out);

  type_keys (&fixture, assistant, KEYS_PASSWORD, KEYS_PASSWORD);
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "keys");
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "CSD_Matriz_"));
  after = files_in (fixture.out);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      g_autofree char *path = g_build_filename (fixture.out, g_ptr_array_index (after, i), NULL);
      g_autofree char *contents = NULL;

      g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "earlier");
    }
  g_assert_false (vnt_procedure_get_done (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))));
  shoot (&fixture, "csd-request-file-exists");

  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/csd-request/happy", test_happy);
  g_test_add_func ("/ui/csd-request/sucursal-names", test_sucursal_names);
  g_test_add_func ("/ui/csd-request/csd-as-efirma", test_csd_as_efirma);
  g_test_add_func ("/ui/csd-request/expired-efirma", test_expired_efirma);
  g_test_add_func ("/ui/csd-request/wrong-password", test_wrong_password);
  g_test_add_func ("/ui/csd-request/keys-refused", test_keys_refused);

  return g_test_run ();
}
