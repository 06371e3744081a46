/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "controllers/procedures/sat-efirma-renew/vnt-efirma-renew-controller.h"
#include "controllers/procedures/sat-efirma-request/vnt-efirma-request-controller.h"
#include "core/vnt-id.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-csr.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/pages/vnt-new-key-box.h"
#include "ui/pages/vnt-sat-result-page.h"
#include "ui/procedures/sat-efirma-renew/vnt-efirma-renew-page.h"
#include "ui/procedures/sat-efirma-request/vnt-efirma-request-page.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* SAT's screens done on this computer, driven through their real widgets,
 * in Spanish, in a real window: "Requerimiento de e.firma" and "Renovación
 * de e.firma" (the happy paths for a persona física and a persona moral,
 * and every refusal a person can meet), their files checked by OpenSSL;
 * the checklist after a renewal. The service is a dead address:
 * these procedures must never need it. Every screen is written as a PNG
 * (also 360 px wide and dark) into the build dir, and into
 * docs/screenshots/ with VENTANILLA_UPDATE_SCREENSHOTS=1. */

#define WIDTH  860
#define HEIGHT 960
#define GOOD_PASSWORD "Llave-Nueva-2026"

typedef struct {
  char             *dir;
  char             *out;    /* where the files are saved */
  VntTramiteStore  *store;
  VntServiceClient *client;
  VntWizardContext *wizard;
  VntWindow        *window;
} Fixture;

#define WAIT_FOR(condition) \
  G_STMT_START { while (!(condition)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

/* A port nothing listens on. */
static char *
dead_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
fixture_start (Fixture  *fixture,
               gboolean  practice)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntTrustStore) trust = vnt_test_practice_trust_store ();
  g_autofree char *data_dir = NULL;
  g_autofree char *url = dead_url ();

  memset (fixture, 0, sizeof *fixture);
  fixture->dir = g_dir_make_tmp ("vnt-ui-sat-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->out = g_build_filename (fixture->dir, "usb", NULL);
  g_assert_cmpint (g_mkdir (fixture->out, 0700), ==, 0);

  fixture->client = vnt_service_client_new (url, &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (fixture->dir, "data", NULL);
  vnt_test_practice_install_efirmas (data_dir);
  fixture->store = vnt_tramite_store_new (data_dir);
  fixture->wizard = vnt_wizard_context_new (fixture->store, fixture->client, practice);
  if (practice)
    vnt_wizard_context_set_trust_store (fixture->wizard, trust);
  vnt_wizard_context_set_default (fixture->wizard);

  fixture->window = vnt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, HEIGHT);
  vnt_ui_test_show (GTK_WINDOW (fixture->window));
}

static void
fixture_stop (Fixture *fixture)
{
  g_autoptr(GPtrArray) unfinished = NULL;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* Done on this computer: nothing was kept to resume. */
  unfinished = vnt_tramite_store_list_unfinished (fixture->store);
  g_assert_cmpuint (unfinished->len, ==, 0);

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
open_procedure (Fixture    *fixture,
                const char *id)
{
  VntProcedureView *view;

  vnt_window_open_procedure (fixture->window, id);
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
click_next (VntAssistant *assistant)
{
  GtkWidget *button = child_of (assistant, VNT_TYPE_ASSISTANT, "next_button");

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  WAIT_FOR (!vnt_assistant_get_busy (assistant));
}

static void
type_into (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
is_invalid (GtkWidget *widget)
{
  return gtk_widget_has_css_class (widget, "error");
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* `openssl req -verify` on @path: exit 0 and "verify OK". */
static void
assert_openssl_req_verifies (const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "openssl", "req", "-inform", "DER", "-in", path, "-noout", "-verify", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (strstr (out, "verify OK") != NULL || strstr (err, "verify OK") != NULL);
}

static void
assert_mode_0600 (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* ------------------------------------------------------------------ */
/* Requerimiento de e.firma                                             */

static VntEfirmaRequestPage *
request_page (VntAssistant *assistant)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_EFIRMA_REQUEST_PAGE (page));
  return VNT_EFIRMA_REQUEST_PAGE (page);
}

static void
fill_request (Fixture              *fixture,
              VntEfirmaRequestPage *page,
              const char           *rfc,
              const char           *curp,
              const char           *password,
              const char           *confirmation)
{
  VntNewKeyBox *box = vnt_efirma_request_page_get_key_box (page);

  type_into (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_RFC), rfc);
  type_into (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_CURP), curp);
  type_into (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_EMAIL), "carlos.prueba@correo.mx");
  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "password_row"), password);
  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "confirm_row"), confirmation);
  /* What the portal's folder chooser would set: a USB drive. */
  vnt_new_key_box_set_folder (box, fixture->out);
}

static void
test_request_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaRequestPage *page;
  VntEfirmaRequestController *controller;
  VntSatResultPage *result;
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) req_bytes = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  gsize pdf_len = 0;

  fixture_start (&fixture, FALSE);
  /* No service, no waiting for one. */
  assistant = open_procedure (&fixture, "sat.efirma.request");
  page = request_page (assistant);
  controller = VNT_EFIRMA_REQUEST_CONTROLLER (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)));
  g_assert_false (next_sensitive (assistant));

  fill_request (&fixture, page, VNT_TEST_CARLOS_RFC, VNT_TEST_CARLOS_CURP, GOOD_PASSWORD, GOOD_PASSWORD);
  g_assert_false (is_invalid (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_RFC)));
  g_assert_false (is_invalid (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_CURP)));
  /* Its strength, shown as typed. */
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (child_of (vnt_efirma_request_page_get_key_box (page), VNT_TYPE_NEW_KEY_BOX, "strength_bar"))),
                     ==, VNT_PASSWORD_STRENGTH_STRONG);
  g_assert_true (next_sensitive (assistant));
  shoot (&fixture, "sat-request-1-form");

  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_true (VNT_IS_SAT_RESULT_PAGE (vnt_assistant_get_current_page (assistant)));
  result = VNT_SAT_RESULT_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpuint (vnt_sat_result_page_get_steps (result)->len, ==, 4);

  /* Key first, 0600, opening with its password; then its request. */
  g_assert_cmpuint (count_files (fixture.out), ==, 3);
  assert_mode_0600 (vnt_efirma_request_controller_get_key_path (controller));
  assert_mode_0600 (vnt_efirma_request_controller_get_request_path (controller));
  key = vnt_private_key_new_from_file (vnt_efirma_request_controller_get_key_path (controller), GOOD_PASSWORD, &error);
  g_assert_no_error (error);
  csr = vnt_csr_new_from_file (vnt_efirma_request_controller_get_request_path (controller), &error);
  g_assert_no_error (error);
  g_assert_true (vnt_csr_get_signature_valid (csr));
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, VNT_TEST_CARLOS_RFC);
  g_assert_cmpstr (vnt_csr_get_curp (csr), ==, VNT_TEST_CARLOS_CURP);
  g_assert_cmpstr (vnt_csr_get_email (csr), ==, "carlos.prueba@correo.mx");
  g_assert_cmpstr (vnt_csr_get_key_id (csr), ==, vnt_private_key_get_id (key));
  assert_openssl_req_verifies (vnt_efirma_request_controller_get_request_path (controller));

  /* The sheet carries the request's digest. */
  req_bytes = g_bytes_new_take (NULL, 0);
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (vnt_efirma_request_controller_get_request_path (controller), &contents, &len, NULL));
    g_bytes_unref (req_bytes);
    req_bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  }
  digest = vnt_sat_local_format_digest (req_bytes);
  g_assert_cmpstr (vnt_efirma_request_controller_get_digest (controller), ==, digest);
  g_assert_nonnull (vnt_efirma_request_controller_get_pdf_path (controller));
  g_assert_true (g_file_get_contents (vnt_efirma_request_controller_get_pdf_path (controller), &pdf, &pdf_len, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  shoot (&fixture, "sat-request-2-done");

  fixture_stop (&fixture);
}

static void
test_request_moral (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaRequestPage *page;
  VntEfirmaRequestController *controller;
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&fixture, FALSE);
  assistant = open_procedure (&fixture, "sat.efirma.request");
  page = request_page (assistant);
  controller = VNT_EFIRMA_REQUEST_CONTROLLER (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)));

  vnt_efirma_request_page_set_persona_moral (page, TRUE);
  g_assert_false (gtk_widget_get_visible (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_CURP)));
  fill_request (&fixture, page, VNT_TEST_COMPANY_RFC, "", GOOD_PASSWORD, GOOD_PASSWORD);
  /* A person's RFC where the company's goes: said as typed. */
  type_into (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC), VNT_TEST_COMPANY_RFC);
  g_assert_true (is_invalid (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC)));
  type_into (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC), VNT_TEST_MARTA_RFC);
  type_into (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP), VNT_TEST_MARTA_CURP);
  g_assert_false (is_invalid (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC)));
  g_assert_false (is_invalid (vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP)));
  shoot (&fixture, "sat-request-moral");

  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  csr = vnt_csr_new_from_file (vnt_efirma_request_controller_get_request_path (controller), &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_csr_get_persona (csr), ==, VNT_PERSONA_MORAL);
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, VNT_TEST_COMPANY_RFC);
  g_assert_cmpstr (vnt_csr_get_representative_rfc (csr), ==, VNT_TEST_MARTA_RFC);
  g_assert_cmpstr (vnt_csr_get_representative_curp (csr), ==, VNT_TEST_MARTA_CURP);
  assert_openssl_req_verifies (vnt_efirma_request_controller_get_request_path (controller));

  fixture_stop (&fixture);
}

/* Fills the form with one thing wrong, presses "Generar requerimiento":
 * the page stays, says why, and nothing is written. */
static void
assert_refused (Fixture      *fixture,
                VntAssistant *assistant,
                GtkWidget    *marked)
{
  g_assert_true (next_sensitive (assistant));
  click_next (assistant);
  g_assert_true (VNT_IS_EFIRMA_REQUEST_PAGE (vnt_assistant_get_current_page (assistant)));
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("refused: %s", vnt_assistant_get_error (assistant));
  if (marked != NULL)
    g_assert_true (is_invalid (marked));
  g_assert_cmpuint (count_files (fixture->out), ==, 0);
}

static void
test_request_refusals (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaRequestPage *page;
  VntNewKeyBox *box;
  GtkWidget *rfc_row, *curp_row, *email_row, *password_row, *confirm_row;

  fixture_start (&fixture, FALSE);
  assistant = open_procedure (&fixture, "sat.efirma.request");
  page = request_page (assistant);
  box = vnt_efirma_request_page_get_key_box (page);
  rfc_row = vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_RFC);
  curp_row = vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_CURP);
  email_row = vnt_efirma_request_page_get_row (page, VNT_EFIRMA_REQUEST_EMAIL);
  password_row = child_of (box, VNT_TYPE_NEW_KEY_BOX, "password_row");
  confirm_row = child_of (box, VNT_TYPE_NEW_KEY_BOX, "confirm_row");

  /* Mismatched passwords. */
  fill_request (&fixture, page, VNT_TEST_CARLOS_RFC, VNT_TEST_CARLOS_CURP, GOOD_PASSWORD, "Llave-Nueva-2027");
  assert_refused (&fixture, assistant, confirm_row);
  shoot (&fixture, "sat-request-mismatch");

  /* A weak one, though long enough: refused, and its strength said. */
  type_into (password_row, "12345678a");
  type_into (confirm_row, "12345678a");
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (child_of (box, VNT_TYPE_NEW_KEY_BOX, "strength_bar"))),
                     ==, VNT_PASSWORD_STRENGTH_WEAK);
  assert_refused (&fixture, assistant, password_row);
  /* The holder's own RFC inside it is weak too. */
  type_into (password_row, "Earc900825!x");
  type_into (confirm_row, "Earc900825!x");
  assert_refused (&fixture, assistant, password_row);
  /* Too short. */
  type_into (password_row, "Ab1!");
  type_into (confirm_row, "Ab1!");
  assert_refused (&fixture, assistant, password_row);
  type_into (password_row, GOOD_PASSWORD);
  type_into (confirm_row, GOOD_PASSWORD);

  /* A bad RFC (check digit), said as typed. */
  type_into (rfc_row, "EARC900825JK5");
  g_assert_true (is_invalid (rfc_row));
  assert_refused (&fixture, assistant, rfc_row);
  shoot (&fixture, "sat-request-bad-rfc");
  /* A company's RFC for a persona física. */
  type_into (rfc_row, VNT_TEST_COMPANY_RFC);
  g_assert_true (is_invalid (rfc_row));
  type_into (rfc_row, VNT_TEST_CARLOS_RFC);
  g_assert_false (is_invalid (rfc_row));

  /* A bad CURP, then another person's. */
  type_into (curp_row, "EARC900825HDFNZR02");
  g_assert_true (is_invalid (curp_row));
  assert_refused (&fixture, assistant, curp_row);
  type_into (curp_row, VNT_TEST_ANA_CURP);
  g_assert_true (is_invalid (curp_row));
  assert_refused (&fixture, assistant, curp_row);
  type_into (curp_row, VNT_TEST_CARLOS_CURP);
  g_assert_false (is_invalid (curp_row));

  /* An e-mail SAT cannot carry. */
  type_into (email_row, "carlos.pruéba@correo.mx");
  g_assert_true (is_invalid (email_row));
  assert_refused (&fixture, assistant, email_row);
  type_into (email_row, "carlos.prueba@correo.mx");

  /* A folder taken away (the drive pulled out). */
  {
    g_autofree char *gone = g_build_filename (fixture.dir, "gone", NULL);

    vnt_new_key_box_set_folder (box, gone);
    assert_refused (&fixture, assistant, child_of (box, VNT_TYPE_NEW_KEY_BOX, "folder_row"));
    vnt_new_key_box_set_folder (box, fixture.out);
  }

  fixture_stop (&fixture);
}

/* Keys already there under every name the next seconds can give: none is
 * replaced, no request is left without its key. */
static void
test_request_existing_file (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaRequestPage *page;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const guint seconds = 120;

  fixture_start (&fixture, FALSE);
  for (guint i = 0; i < seconds; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, i);
      g_autofree char *stamp = g_date_time_format (when, "%Y%m%d_%H%M%S");
      g_autofree char *name = g_strdup_printf ("Claveprivada_FIEL_%s_%s.key", VNT_TEST_CARLOS_RFC, stamp);
      g_autofree char *path = g_build_filename (fixture.out, name, NULL);

      g_assert_true (g_file_set_contents (path, "an older key", -1, NULL));
    }

  assistant = open_procedure (&fixture, "sat.efirma.request");
  page = request_page (assistant);
  fill_request (&fixture, page, VNT_TEST_CARLOS_RFC, VNT_TEST_CARLOS_CURP, GOOD_PASSWORD, GOOD_PASSWORD);
  click_next (assistant);
  g_assert_true (VNT_IS_EFIRMA_REQUEST_PAGE (vnt_assistant_get_current_page (assistant)));
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("refused: %s", vnt_assistant_get_error (assistant));
  g_assert_true (is_invalid (child_of (vnt_efirma_request_page_get_key_box (page), VNT_TYPE_NEW_KEY_BOX, "folder_row")));
  /* Only the keys that were there, unchanged. */
  g_assert_cmpuint (count_files (fixture.out), ==, seconds);
  {
    g_autoptr(GDir) dir = g_dir_open (fixture.out, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (fixture.out, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_str_has_suffix (name, ".key"));
        g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, "an older key");
      }
  }

  fixture_stop (&fixture);
}

typedef struct {
  gboolean  done;
  GError   *error;
} Outcome;

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  vnt_sat_local_write_finish (VNT_SAT_LOCAL (object), result, &outcome->error);
  outcome->done = TRUE;
}

/* The controller alone, with no service at all: it never needs one, and
 * nothing goes to the store. */
static void
test_request_without_service (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vnt-sat-local-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (data_dir);
  g_autoptr(VntEfirmaRequestController) controller = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  Outcome result = { FALSE, NULL };

  controller = g_object_new (VNT_TYPE_EFIRMA_REQUEST_CONTROLLER, "store", store, NULL);
  g_assert_null (vnt_procedure_get_client (VNT_PROCEDURE (controller)));
  g_assert_true (VNT_PROCEDURE_GET_CLASS (controller)->local_only);

  g_assert_true (vnt_efirma_request_controller_set_field (controller, VNT_EFIRMA_REQUEST_RFC, "earc900825jk4", &error));
  g_assert_no_error (error);
  /* A CURP of another birth date than the RFC's. */
  g_assert_false (vnt_efirma_request_controller_set_field (controller, VNT_EFIRMA_REQUEST_CURP, VNT_TEST_ANA_CURP, &error));
  g_assert_error (error, VNT_ID_ERROR, VNT_ID_ERROR_MISMATCH);
  g_clear_error (&error);
  g_assert_true (vnt_efirma_request_controller_set_field (controller, VNT_EFIRMA_REQUEST_CURP, VNT_TEST_CARLOS_CURP, &error));
  g_assert_true (vnt_efirma_request_controller_set_field (controller, VNT_EFIRMA_REQUEST_EMAIL, "c@correo.mx", &error));
  g_assert_no_error (error);

  vnt_sat_local_write_async (VNT_SAT_LOCAL (controller), dir, GOOD_PASSWORD, GOOD_PASSWORD, NULL,
                             written_cb, &result);
  WAIT_FOR (result.done);
  g_assert_no_error (result.error);
  g_assert_true (vnt_procedure_get_done (VNT_PROCEDURE (controller)));
  assert_openssl_req_verifies (vnt_efirma_request_controller_get_request_path (controller));

  /* Written once: a second time is refused. */
  result.done = FALSE;
  vnt_sat_local_write_async (VNT_SAT_LOCAL (controller), dir, GOOD_PASSWORD, GOOD_PASSWORD, NULL,
                             written_cb, &result);
  WAIT_FOR (result.done);
  g_assert_error (result.error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP);
  g_clear_error (&result.error);

  unfinished = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (unfinished->len, ==, 0);
  vnt_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* Renovación de e.firma                                                */

/* `openssl cms -verify` on the .ren (signature by the certificate it
 * carries): the content it signs, which is returned. */
static GBytes *
openssl_cms_verify (Fixture    *fixture,
                    const char *path)
{
  g_autofree char *content_path = g_build_filename (fixture->dir, "ren-content.der", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *content = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  int status = 0;
  const char *argv[] = { "openssl", "cms", "-verify", "-inform", "DER", "-in", path, "-noverify",
                         "-binary", "-out", content_path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("openssl cms: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "Verification successful"));
  g_assert_true (g_file_get_contents (content_path, &content, &length, NULL));
  g_unlink (content_path);
  return g_bytes_new_take (g_steal_pointer (&content), length);
}

/* The signer's certificate inside the .ren, as openssl prints it, against
 * @cer_path's. */
static void
assert_signed_by (const char *ren_path,
                  const char *cer_path)
{
  g_autofree char *inside = NULL;
  g_autofree char *expected = NULL;
  const char *print_ren[] = { "openssl", "pkcs7", "-inform", "DER", "-in", ren_path, "-print_certs", "-noout", NULL };
  const char *print_cer[] = { "openssl", "x509", "-inform", "DER", "-in", cer_path, "-noout", "-subject", "-serial", NULL };
  const char *print_ren_serial[] = { "openssl", "pkcs7", "-inform", "DER", "-in", ren_path, "-print", NULL };
  g_autofree char *printed = NULL;
  g_autofree char *serial_line = NULL;
  char *serial;

  g_assert_true (g_spawn_sync (NULL, (char **) print_ren, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &inside, NULL, NULL, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) print_cer, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &expected, NULL, NULL, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) print_ren_serial, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &printed, NULL, NULL, NULL));
  /* "serial=3330…" of the e.firma, and its number inside the .ren. */
  serial = strstr (expected, "serial=");
  g_assert_nonnull (serial);
  serial_line = g_strstrip (g_strdup (serial + strlen ("serial=")));
  g_test_message ("signer serial %s", serial_line);
  g_assert_nonnull (strstr (g_ascii_strdown (printed, -1), g_ascii_strdown (serial_line, -1)));
  g_assert_nonnull (strstr (inside, "subject="));
}

static VntEfirmaPage *
validate_efirma (VntAssistant            *assistant,
                 const char              *rfc,
                 const char              *cer_path,
                 const char              *key_path,
                 const char              *password)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);
  g_autoptr(GFile) cer = g_file_new_for_path (cer_path);
  g_autoptr(GFile) key = g_file_new_for_path (key_path);

  g_assert_true (VNT_IS_EFIRMA_PAGE (page));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row")), rfc);
  vnt_efirma_page_set_files (VNT_EFIRMA_PAGE (page), cer, key);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), password);
  g_signal_emit_by_name (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"), "clicked");
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  return VNT_EFIRMA_PAGE (page);
}

static VntEfirmaRenewPage *
renew_form (VntAssistant *assistant)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_EFIRMA_RENEW_PAGE (page));
  return VNT_EFIRMA_RENEW_PAGE (page);
}

static void
fill_renewal (Fixture            *fixture,
              VntEfirmaRenewPage *page,
              const char         *password,
              const char         *confirmation)
{
  VntNewKeyBox *box = vnt_efirma_renew_page_get_key_box (page);

  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "password_row"), password);
  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "confirm_row"), confirmation);
  vnt_new_key_box_set_folder (box, fixture->out);
}

static gboolean
is_update_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "window.open-procedure") == 0;
}

static void
test_renew_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaRenewController *controller;
  VntEfirmaPage *efirma;
  VntPracticeEfirma *carlos = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_CARLOS_RFC);
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button;
  VntProcedureView *view;

  fixture_start (&fixture, TRUE);
  assistant = open_procedure (&fixture, "sat.efirma.renew");
  controller = VNT_EFIRMA_RENEW_CONTROLLER (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)));

  efirma = validate_efirma (assistant, carlos->rfc, carlos->cer_path, carlos->key_path, carlos->password);
  g_test_message ("%s: %s", vnt_efirma_page_get_result_title (efirma), vnt_efirma_page_get_result_detail (efirma));
  WAIT_FOR (next_sensitive (assistant));
  shoot (&fixture, "sat-renew-1-efirma");
  click_next (assistant);

  fill_renewal (&fixture, renew_form (assistant), GOOD_PASSWORD, GOOD_PASSWORD);
  g_assert_true (next_sensitive (assistant));
  shoot (&fixture, "sat-renew-2-form");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_true (VNT_IS_SAT_RESULT_PAGE (vnt_assistant_get_current_page (assistant)));
  shoot (&fixture, "sat-renew-3-done");

  /* The new key, and the .ren: CMS signed by CARLOS's e.firma over a
   * request for his RFC and CURP made with that new key. */
  g_assert_cmpuint (count_files (fixture.out), ==, 2);
  assert_mode_0600 (vnt_efirma_renew_controller_get_key_path (controller));
  key = vnt_private_key_new_from_file (vnt_efirma_renew_controller_get_key_path (controller), GOOD_PASSWORD, &error);
  g_assert_no_error (error);
  content = openssl_cms_verify (&fixture, vnt_efirma_renew_controller_get_renewal_path (controller));
  assert_signed_by (vnt_efirma_renew_controller_get_renewal_path (controller), carlos->cer_path);
  csr = vnt_csr_new_from_bytes (content, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_csr_get_signature_valid (csr));
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, VNT_TEST_CARLOS_RFC);
  g_assert_cmpstr (vnt_csr_get_curp (csr), ==, VNT_TEST_CARLOS_CURP);
  g_assert_cmpstr (vnt_csr_get_key_id (csr), ==, vnt_private_key_get_id (key));

  /* The checklist starts "Actualización de la e.firma" through the
   * registry. */
  button = vnt_ui_test_find (GTK_WIDGET (vnt_assistant_get_current_page (assistant)), GTK_TYPE_BUTTON,
                             is_update_button, NULL);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Actualización de la e.firma");
  gtk_widget_activate (button);
  WAIT_FOR (vnt_window_get_procedure_view (fixture.window) != NULL &&
            vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)) != NULL &&
            !VNT_IS_EFIRMA_RENEW_CONTROLLER (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))));
  view = vnt_window_get_procedure_view (fixture.window);
  g_assert_cmpstr (vnt_procedure_get_procedure_id (vnt_procedure_view_get_procedure (view)), ==, "account.update");
  g_assert_cmpstr (vnt_procedure_view_get_title (view), ==, "Actualización de la e.firma");

  fixture_stop (&fixture);
}

/* A company's e.firma is renewed with its representative's own. */
static void
test_renew_company (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaRenewController *controller;
  VntEfirmaPage *efirma;
  VntEfirmaRenewPage *form;
  VntPracticeEfirma *marta = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_MARTA_RFC);
  VntPracticeEfirma *company = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&fixture, TRUE);
  assistant = open_procedure (&fixture, "sat.efirma.renew");
  controller = VNT_EFIRMA_RENEW_CONTROLLER (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)));

  /* The company's own e.firma cannot sign it: said, with what to do. */
  efirma = validate_efirma (assistant, company->rfc, company->cer_path, company->key_path, company->password);
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);
  g_assert_true (VNT_IS_EFIRMA_PAGE (vnt_assistant_get_current_page (assistant)));
  g_test_message ("company's: %s", vnt_efirma_page_get_result_detail (efirma));
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (efirma), "representante legal"));
  shoot (&fixture, "sat-renew-company-efirma");

  efirma = validate_efirma (assistant, marta->rfc, marta->cer_path, marta->key_path, marta->password);
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);
  form = renew_form (assistant);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child_of (form, VNT_TYPE_EFIRMA_RENEW_PAGE, "whose_row")), 1);
  /* A person's RFC where the company's goes. */
  type_into (child_of (form, VNT_TYPE_EFIRMA_RENEW_PAGE, "company_rfc_row"), VNT_TEST_MARTA_RFC);
  g_assert_true (is_invalid (child_of (form, VNT_TYPE_EFIRMA_RENEW_PAGE, "company_rfc_row")));
  type_into (child_of (form, VNT_TYPE_EFIRMA_RENEW_PAGE, "company_rfc_row"), VNT_TEST_COMPANY_RFC);
  g_assert_false (is_invalid (child_of (form, VNT_TYPE_EFIRMA_RENEW_PAGE, "company_rfc_row")));
  fill_renewal (&fixture, form, GOOD_PASSWORD, GOOD_PASSWORD);
  shoot (&fixture, "sat-renew-company-form");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  content = openssl_cms_verify (&fixture, vnt_efirma_renew_controller_get_renewal_path (controller));
  assert_signed_by (vnt_efirma_renew_controller_get_renewal_path (controller), marta->cer_path);
  csr = vnt_csr_new_from_bytes (content, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_csr_get_persona (csr), ==, VNT_PERSONA_MORAL);
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, VNT_TEST_COMPANY_RFC);
  g_assert_cmpstr (vnt_csr_get_representative_rfc (csr), ==, VNT_TEST_MARTA_RFC);
  g_assert_cmpstr (vnt_csr_get_representative_curp (csr), ==, VNT_TEST_MARTA_CURP);
  {
    g_autofree char *name = g_path_get_basename (vnt_efirma_renew_controller_get_renewal_path (controller));

    g_assert_true (g_str_has_prefix (name, "Renovacion_FIEL_" VNT_TEST_COMPANY_RFC "_"));
  }

  fixture_stop (&fixture);
}

/* What cannot sign a renewal: a CSD, an expired e.firma; and the form's
 * own refusals. Nothing is written. */
static void
test_renew_refusals (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaPage *efirma;
  VntEfirmaRenewPage *form;
  VntNewKeyBox *box;
  VntPracticeEfirma *csd = vnt_test_practice_efirma (VNT_PRACTICE_KIND_CSD, VNT_TEST_COMPANY_RFC);
  VntPracticeEfirma *carlos = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_CARLOS_RFC);
  g_autofree char *sat_cer = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *sat_key = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");

  fixture_start (&fixture, TRUE);
  assistant = open_procedure (&fixture, "sat.efirma.renew");

  /* A CSD: refused at "Validar", saying it is a CSD. */
  efirma = validate_efirma (assistant, csd->rfc, csd->cer_path, csd->key_path, csd->password);
  g_test_message ("CSD: %s", vnt_efirma_page_get_result_detail (efirma));
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (efirma), "CSD"));
  g_assert_false (next_sensitive (assistant));
  shoot (&fixture, "sat-renew-csd");

  /* SAT's 2019 test e.firma, expired years ago: an appointment. */
  if (g_file_test (sat_cer, G_FILE_TEST_EXISTS))
    {
      efirma = validate_efirma (assistant, "KAHO641101B39", sat_cer, sat_key, "12345678a");
      g_test_message ("expired: %s — %s", vnt_efirma_page_get_result_title (efirma),
                      vnt_efirma_page_get_result_detail (efirma));
      WAIT_FOR (next_sensitive (assistant));
      click_next (assistant);
      g_assert_true (VNT_IS_EFIRMA_PAGE (vnt_assistant_get_current_page (assistant)));
      g_test_message ("expired, going on: %s", vnt_efirma_page_get_result_detail (efirma));
      g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (efirma), "cita"));
      shoot (&fixture, "sat-renew-expired");
    }
  else
    g_test_message ("SAT's 2019 test e.firma is not in the test data: its case is left out");

  /* The form's refusals, with a current e.firma. */
  validate_efirma (assistant, carlos->rfc, carlos->cer_path, carlos->key_path, carlos->password);
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);
  form = renew_form (assistant);
  box = vnt_efirma_renew_page_get_key_box (form);
  fill_renewal (&fixture, form, GOOD_PASSWORD, "otra-Contraseña-1");
  click_next (assistant);
  g_assert_true (VNT_IS_EFIRMA_RENEW_PAGE (vnt_assistant_get_current_page (assistant)));
  g_assert_true (is_invalid (child_of (box, VNT_TYPE_NEW_KEY_BOX, "confirm_row")));
  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "password_row"), "12345678a");
  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "confirm_row"), "12345678a");
  click_next (assistant);
  g_assert_true (is_invalid (child_of (box, VNT_TYPE_NEW_KEY_BOX, "password_row")));
  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "password_row"), GOOD_PASSWORD);
  type_into (child_of (box, VNT_TYPE_NEW_KEY_BOX, "confirm_row"), GOOD_PASSWORD);
  type_into (child_of (form, VNT_TYPE_EFIRMA_RENEW_PAGE, "email_row"), "sin arroba");
  click_next (assistant);
  g_assert_true (VNT_IS_EFIRMA_RENEW_PAGE (vnt_assistant_get_current_page (assistant)));
  g_assert_true (is_invalid (child_of (form, VNT_TYPE_EFIRMA_RENEW_PAGE, "email_row")));
  g_assert_cmpuint (count_files (fixture.out), ==, 0);

  fixture_stop (&fixture);
}

/* Outside practice mode the practice authority is no one's: its e.firma is
 * refused at "Validar", as any e.firma SAT did not issue. */
static void
test_renew_untrusted (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaPage *efirma;
  VntPracticeEfirma *carlos = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_CARLOS_RFC);

  fixture_start (&fixture, FALSE);
  assistant = open_procedure (&fixture, "sat.efirma.renew");
  efirma = validate_efirma (assistant, carlos->rfc, carlos->cer_path, carlos->key_path, carlos->password);
  g_test_message ("untrusted: %s — %s", vnt_efirma_page_get_result_title (efirma),
                  vnt_efirma_page_get_result_detail (efirma));
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (efirma), "SAT"));
  g_assert_false (next_sensitive (assistant));
  g_assert_cmpuint (count_files (fixture.out), ==, 0);
  shoot (&fixture, "sat-renew-untrusted");

  fixture_stop (&fixture);
}

int
main (int    argc,
      char **argv)
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/sat/request/happy", test_request_happy);
  g_test_add_func ("/ui/sat/request/moral", test_request_moral);
  g_test_add_func ("/ui/sat/request/refusals", test_request_refusals);
  g_test_add_func ("/ui/sat/request/existing-file", test_request_existing_file);
  g_test_add_func ("/ui/sat/request/without-service", test_request_without_service);
  g_test_add_func ("/ui/sat/renew/happy", test_renew_happy);
  g_test_add_func ("/ui/sat/renew/company", test_renew_company);
  g_test_add_func ("/ui/sat/renew/refusals", test_renew_refusals);
  g_test_add_func ("/ui/sat/renew/untrusted", test_renew_untrusted);

  return g_test_run ();
}
