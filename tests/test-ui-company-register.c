/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "controllers/procedures/company-register/vnt-company-register-controller.h"
#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox.h"
#include "ui/pages/vnt-acuse-page.h"
#include "ui/pages/vnt-curp-page.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/pages/vnt-pdf-attachment-row.h"
#include "ui/procedures/company-register/vnt-company-data-page.h"
#include "ui/procedures/company-register/vnt-company-sign-page.h"
#include "ui/procedures/company-register/vnt-poder-page.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-start-section.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* "Registrar empresa representada" driven through its real widgets, in
 * Spanish, in a real window, against ventanilla-sandbox on 127.0.0.1
 * (trusting the practice CA), with the practice e.firmas of
 * tests/vnt-test-practice.h and the PDFs
 * tests/fixtures/make-pdf-fixtures.sh makes. Each test has its own sandbox
 * database and trámite store. The fixture and the helpers are those of
 * test-ui-procedures.c. Every new screen is written as a PNG into the
 * build dir (and into docs/screenshots/ with VENTANILLA_UPDATE_SCREENSHOTS=1),
 * also 360 px wide and in the dark style. */

/* MARTA has an account and represents PRACTICAS DEL NORTE in its e.firma;
 * ANA has an account (made with an earlier e.firma) and represents no
 * company; CARLOS has no account. The names are test-ui-procedures.c's,
 * whose fixture this file shares. */
#define XOJI_CURP VNT_TEST_ANA_CURP
#define XOJI_RFC VNT_TEST_ANA_RFC
#define XOJI_FIEL "practice:" VNT_TEST_ANA_RFC
#define XOJI_OLD_NUMBER (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC)->earlier_certificate_number)
#define KAHO_CURP VNT_TEST_MARTA_CURP
#define KAHO_RFC VNT_TEST_MARTA_RFC
#define KAHO_FIEL "practice:" VNT_TEST_MARTA_RFC
#define KAHO_NUMBER (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_MARTA_RFC)->certificate_number)
#define XIQB_CURP VNT_TEST_CARLOS_CURP
#define XIQB_RFC VNT_TEST_CARLOS_RFC
#define XIQB_FIEL "practice:" VNT_TEST_CARLOS_RFC
#define IIA_RFC VNT_TEST_COMPANY_RFC
#define IIA_NAME "PRACTICAS DEL NORTE SA DE CV"
#define IIA_FIEL "practice-moral:" VNT_TEST_COMPANY_RFC
#define IIA_CSD "practice-csd:" VNT_TEST_COMPANY_RFC
#define PASSWORD (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_MARTA_RFC)->password)

#define WIDTH  860
#define HEIGHT 960

typedef struct {
  char               *dir;
  GThread            *thread;
  GMainContext       *context;
  GMainLoop          *loop;
  VntSandbox         *sandbox;
  char               *url;
  GMutex              lock;
  GCond               ready;
  gboolean            started;

  VntTramiteStore    *store;
  VntServiceClient   *client;
  VntWizardContext   *wizard;
  VntWindow          *window;
  gboolean            shots;
} Fixture;

static VntServiceIdentity *identity;

/* ------------------------------------------------------------------ */
/* The sandbox, in a thread of its own                                 */

static gpointer
server_thread (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "sandbox.db", NULL);
  VntSandboxDb *db;
  VntSandboxAccount xoji = {
    .curp = (char *) XOJI_CURP,
    .rfc = (char *) XOJI_RFC,
    .name = (char *) "ANA LAURA PRUEBA SOLIS",
    .certificate_number = (char *) XOJI_OLD_NUMBER,
    .email = (char *) "ana@example.mx",
    .created_at = 1600000000,
    .updated_at = 1600000000,
  };
  VntSandboxAccount kaho = {
    .curp = (char *) KAHO_CURP,
    .rfc = (char *) KAHO_RFC,
    .name = (char *) "MARTA SIMULACRO VEGA",
    .certificate_number = (char *) KAHO_NUMBER,
    .email = NULL,
    .created_at = 1700000000,
    .updated_at = 1700000000,
  };

  g_main_context_push_thread_default (fixture->context);

  db = vnt_sandbox_db_open (path, &error);
  g_assert_no_error (error);
  /* A database reopened after a "kill" has them already. */
  if (!vnt_sandbox_db_add_account (db, &xoji, &error))
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  if (!vnt_sandbox_db_add_account (db, &kaho, &error))
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  fixture->sandbox = vnt_sandbox_new (db, identity, TRUE);
  vnt_sandbox_set_practice_ca (fixture->sandbox, vnt_test_practice_ca ());
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  vnt_sandbox_listen (fixture->sandbox, address, FALSE, &error);
  g_assert_no_error (error);
  fixture->url = vnt_sandbox_get_url (fixture->sandbox);

  g_mutex_lock (&fixture->lock);
  fixture->started = TRUE;
  g_cond_signal (&fixture->ready);
  g_mutex_unlock (&fixture->lock);

  g_main_loop_run (fixture->loop);

  vnt_sandbox_disconnect (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
  g_main_context_pop_thread_default (fixture->context);

  return NULL;
}

/* A URL where nothing listens: the port of a socket just closed. */
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

  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

/* @dir NULL: a new temporary one. @practice FALSE: the client side applies
 * a real service's rules (an expired e.firma fails the local checks).
 * @service_down: the client talks to a port where nothing listens. */
static void
fixture_start (Fixture    *fixture,
               const char *dir,
               gboolean    practice,
               gboolean    service_down)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;

  memset (fixture, 0, sizeof *fixture);
  fixture->dir = dir != NULL ? g_strdup (dir) : g_dir_make_tmp ("vnt-ui-procedures-XXXXXX", &error);
  g_assert_no_error (error);
  /* Made before the server thread reads them. */
  vnt_test_practice_ca ();

  fixture->context = g_main_context_new ();
  fixture->loop = g_main_loop_new (fixture->context, FALSE);
  fixture->thread = g_thread_new ("sandbox", server_thread, fixture);
  g_mutex_lock (&fixture->lock);
  while (!fixture->started)
    g_cond_wait (&fixture->ready, &fixture->lock);
  g_mutex_unlock (&fixture->lock);

  url = service_down ? dead_url () : g_strdup (fixture->url);
  fixture->client = vnt_service_client_new (url, &error);
  g_assert_no_error (error);
  vnt_service_client_set_acuse_certificate (fixture->client,
                                            vnt_service_identity_get_fingerprint (identity));
  vnt_service_client_set_timeout (fixture->client, 20);

  data_dir = g_build_filename (fixture->dir, "data", NULL);
  /* As practice mode keeps them beside its database. */
  vnt_test_practice_install_efirmas (data_dir);
  fixture->store = vnt_tramite_store_new (data_dir);
  fixture->wizard = vnt_wizard_context_new (fixture->store, fixture->client, practice);
  if (practice)
    {
      g_autoptr(VntTrustStore) trust = vnt_test_practice_trust_store ();

      vnt_wizard_context_set_trust_store (fixture->wizard, trust);
    }
  vnt_wizard_context_set_default (fixture->wizard);

  fixture->shots = TRUE;
  fixture->window = vnt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, HEIGHT);
  vnt_ui_test_show (GTK_WINDOW (fixture->window));
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
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

  g_main_context_invoke (fixture->context, quit_loop_cb, fixture->loop);
  g_thread_join (fixture->thread);
  g_main_loop_unref (fixture->loop);
  g_main_context_unref (fixture->context);
  g_free (fixture->url);
  vnt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------ */
/* Screenshots                                                          */

static void
shoot_window (Fixture    *fixture,
              GtkWidget  *window,
              const char *name)
{
  if (!fixture->shots)
    return;

  vnt_ui_test_save_screenshot (window, NULL, name);
}

static void
shoot (Fixture    *fixture,
       const char *name)
{
  shoot_window (fixture, GTK_WIDGET (fixture->window), name);
}

/* ------------------------------------------------------------------ */
/* Driving the widgets                                                  */

#define WAIT_FOR(condition) \
  G_STMT_START { while (!(condition)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

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
                const char *what)
{
  VntProcedureView *view;

  vnt_window_open_procedure (fixture->window, what);
  view = vnt_window_get_procedure_view (fixture->window);
  g_assert_nonnull (view);
  g_assert_cmpstr (vnt_window_get_visible_page (fixture->window), ==, "procedure");
  WAIT_FOR (vnt_procedure_view_get_assistant (view) != NULL);

  return vnt_procedure_view_get_assistant (view);
}

static VntAssistant *
current_assistant (Fixture *fixture)
{
  return vnt_procedure_view_get_assistant (vnt_window_get_procedure_view (fixture->window));
}

static const char *
step_text (VntAssistant *assistant)
{
  return gtk_label_get_text (GTK_LABEL (child_of (assistant, VNT_TYPE_ASSISTANT, "step_label")));
}

static const char *
next_text (VntAssistant *assistant)
{
  return gtk_label_get_text (GTK_LABEL (child_of (assistant, VNT_TYPE_ASSISTANT, "next_label")));
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

/* "Siguiente" (or the page's label) and wait for its step. */
static void
click_next (VntAssistant *assistant)
{
  click (child_of (assistant, VNT_TYPE_ASSISTANT, "next_button"));
  WAIT_FOR (!vnt_assistant_get_busy (assistant));
}

static VntCurpPage *
type_curp (VntAssistant *assistant,
           const char   *curp)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_CURP_PAGE (page));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_CURP_PAGE, "curp_row")), curp);
  /* Not before the pause: nothing half-typed goes through. */
  g_assert_false (next_sensitive (assistant));
  WAIT_FOR (!vnt_curp_page_get_pending (VNT_CURP_PAGE (page)));

  return VNT_CURP_PAGE (page);
}

static GFile *
sat_file (const char *stem,
          const char *extension)
{
  g_autofree char *relative = g_strconcat (stem, extension, NULL);
  g_autofree char *path = NULL;
  VntPracticeEfirma *efirma = NULL;

  if (g_str_has_prefix (stem, "practice:"))
    efirma = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, stem + strlen ("practice:"));
  else if (g_str_has_prefix (stem, "practice-csd:"))
    efirma = vnt_test_practice_efirma (VNT_PRACTICE_KIND_CSD, stem + strlen ("practice-csd:"));
  else if (g_str_has_prefix (stem, "practice-moral:"))
    efirma = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, stem + strlen ("practice-moral:"));
  if (efirma != NULL)
    return g_file_new_for_path (g_str_equal (extension, ".cer") ? efirma->cer_path : efirma->key_path);

  path = vnt_test_sat_path (relative);
  return path != NULL ? g_file_new_for_path (path) : NULL;
}

/* Fills in the e.firma page and presses "Validar"/"Verificar". FALSE when
 * the SAT test set is missing (the test is then skipped). */
static gboolean
validate_efirma (VntAssistant *assistant,
                 const char   *rfc,
                 const char   *stem,
                 const char   *password)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);
  g_autoptr(GFile) cer = sat_file (stem, ".cer");
  g_autoptr(GFile) key = sat_file (stem, ".key");
  GtkWidget *password_row;

  if (cer == NULL || key == NULL)
    return FALSE;

  g_assert_true (VNT_IS_EFIRMA_PAGE (page));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row")), rfc);
  vnt_efirma_page_set_files (VNT_EFIRMA_PAGE (page), cer, key);
  password_row = child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row");
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);

  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  /* The password is not kept in the entry while the e.firma opens. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));

  return TRUE;
}

static VntEfirmaPage *
efirma_page (VntAssistant *assistant)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_EFIRMA_PAGE (page));
  return VNT_EFIRMA_PAGE (page);
}

static gboolean
is_invalid (VntEfirmaPage *page,
            const char    *row)
{
  return gtk_widget_has_css_class (child_of (page, VNT_TYPE_EFIRMA_PAGE, row), "error");
}

/* The same screen 360 px wide and in the dark style, into the build dir
 * only: they are looked at, not kept. */
static void
shoot_narrow_dark (Fixture    *fixture,
                   const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *narrow = g_strconcat (name, "-360", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);
  gboolean update = g_strcmp0 (g_getenv ("VENTANILLA_UPDATE_SCREENSHOTS"), "1") == 0;

  if (update)
    g_unsetenv ("VENTANILLA_UPDATE_SCREENSHOTS");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, HEIGHT);
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  shoot (fixture, narrow);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, HEIGHT);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  shoot (fixture, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);

  if (update)
    g_setenv ("VENTANILLA_UPDATE_SCREENSHOTS", "1", TRUE);
}

static gboolean
have_pdfs (void)
{
  g_autofree char *manifest = vnt_test_fixture_path ("pdf.json");

  return g_file_test (manifest, G_FILE_TEST_EXISTS);
}

/* The representative's CURP and e.firma, then "Siguiente" (his account is
 * looked up): the assistant stands on the company's e.firma. FALSE when the
 * SAT test set or the PDFs are missing. */
static gboolean
reach_company_efirma_as (Fixture      *fixture,
                         VntAssistant *assistant,
                         const char   *curp,
                         const char   *rfc,
                         const char   *stem,
                         gboolean      shots)
{
  g_autoptr(GFile) cer = sat_file (stem, ".cer");

  if (cer == NULL || !have_pdfs ())
    return FALSE;

  g_assert_cmpstr (step_text (assistant), ==, "Paso 1 de 7");
  type_curp (assistant, curp);
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
  g_assert_true (validate_efirma (assistant, rfc, stem, PASSWORD));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (efirma_page (assistant)), ==, "Tu e.firma es válida");
  g_assert_cmpstr (next_text (assistant), ==, "Siguiente");
  if (shots)
    shoot (fixture, "company-2-efirma");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "company-efirma");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 3 de 7");

  return TRUE;
}

/* The same as MARTA, the company's representative. */
static gboolean
reach_company_efirma (Fixture      *fixture,
                      VntAssistant *assistant,
                      gboolean      shots)
{
  return reach_company_efirma_as (fixture, assistant, KAHO_CURP, KAHO_RFC, KAHO_FIEL, shots);
}

static VntPoderPage *
poder_page (VntAssistant *assistant)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_PODER_PAGE (page));
  return VNT_PODER_PAGE (page);
}

/* Chooses @fixture_file for one of the poder's rows and waits for its check. */
static VntPdfAttachmentRow *
choose_pdf (VntAssistant       *assistant,
            VntPoderAttachment  which,
            const char         *fixture_file)
{
  VntPdfAttachmentRow *row = vnt_poder_page_get_row (poder_page (assistant), which);
  g_autofree char *path = vnt_test_fixture_path (fixture_file);

  vnt_pdf_attachment_row_set_path (row, path, NULL);
  WAIT_FOR (!vnt_pdf_attachment_row_get_checking (row));
  return row;
}

/* From the company's e.firma to the acuse. */
static void
finish_register (Fixture      *fixture,
                 VntAssistant *assistant,
                 gboolean      shots)
{
  VntCompanyDataPage *data;
  VntCompanySignPage *sign;
  VntAcusePage *acuse;
  GtkWidget *accept;
  GtkWidget *company_button;

  g_assert_true (validate_efirma (assistant, IIA_RFC, IIA_FIEL, PASSWORD));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (efirma_page (assistant)), ==, "Tu e.firma es válida");
  if (shots)
    shoot (fixture, "company-3-company-efirma");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  /* "Registrar representante legal". */
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "company");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 4 de 7");
  data = VNT_COMPANY_DATA_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (vnt_company_data_page_get_value (data, "company_rfc"), ==, IIA_RFC);
  g_assert_cmpstr (vnt_company_data_page_get_value (data, "razon_social"), ==, IIA_NAME);
  g_assert_cmpstr (vnt_company_data_page_get_value (data, "tipo_sociedad"), ==, "SA DE CV");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child_of (data, VNT_TYPE_COMPANY_DATA_PAGE, "dominio_check"))));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (data, VNT_TYPE_COMPANY_DATA_PAGE, "especial_check")), TRUE);
  g_assert_cmpstr (next_text (assistant), ==, "Continuar");
  g_assert_true (next_sensitive (assistant));
  if (shots)
    {
      shoot (fixture, "company-4-data");
      shoot_narrow_dark (fixture, "company-4-data");
    }
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  /* The poder notarial. */
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "poder");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 5 de 7");
  g_assert_cmpstr (next_text (assistant), ==, "Adjuntar");
  g_assert_false (next_sensitive (assistant));
  choose_pdf (assistant, VNT_PODER_PORTADA, "pdf/poder-portada.pdf");
  g_assert_false (next_sensitive (assistant));
  choose_pdf (assistant, VNT_PODER_ULTIMA_HOJA, "pdf/poder-ultima-hoja.pdf");
  g_assert_true (next_sensitive (assistant));
  g_assert_nonnull (strstr (vnt_pdf_attachment_row_get_details (vnt_poder_page_get_row (poder_page (assistant),
                                                                                         VNT_PODER_ULTIMA_HOJA)),
                            "3 páginas"));
  if (shots)
    {
      shoot (fixture, "company-5-poder");
      shoot_narrow_dark (fixture, "company-5-poder");
    }
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  /* The carta; the company signs first, then the representative. */
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "sign");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 6 de 7");
  sign = VNT_COMPANY_SIGN_PAGE (vnt_assistant_get_current_page (assistant));
  accept = child_of (sign, VNT_TYPE_COMPANY_SIGN_PAGE, "accept_check");
  company_button = child_of (sign, VNT_TYPE_COMPANY_SIGN_PAGE, "company_button");
  WAIT_FOR (gtk_widget_is_sensitive (accept));
  g_assert_true (gtk_widget_is_sensitive (child_of (sign, VNT_TYPE_COMPANY_SIGN_PAGE, "carta_button")));
  g_assert_false (gtk_widget_is_sensitive (company_button));
  g_assert_false (vnt_company_sign_page_get_waiting_for_representative (sign));
  g_assert_cmpstr (next_text (assistant), ==, "Firmar con FIEL");
  g_assert_false (next_sensitive (assistant));
  if (shots)
    shoot (fixture, "company-6-terms");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (accept), TRUE);
  click (company_button);
  WAIT_FOR (vnt_company_sign_page_get_waiting_for_representative (sign));
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_false (gtk_widget_get_visible (company_button));
  g_assert_true (next_sensitive (assistant));
  if (shots)
    {
      shoot (fixture, "company-6-sign");
      shoot_narrow_dark (fixture, "company-6-sign");
    }
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  /* The acuse. */
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 7 de 7");
  acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "status_page"))),
                   ==, "La solicitud fue concluida exitosamente.");
  g_assert_nonnull (vnt_acuse_page_get_value (acuse, "folio"));
  g_assert_nonnull (vnt_acuse_page_get_pdf_path (acuse));
  g_assert_true (g_file_test (vnt_acuse_page_get_pdf_path (acuse), G_FILE_TEST_IS_REGULAR));
  if (shots)
    {
      shoot (fixture, "company-7-acuse");
      shoot_narrow_dark (fixture, "company-7-acuse");
    }
}

/* "Salir": back at the start window, the acuse listed in "Mis acuses". */
static void
exit_and_check_start (Fixture  *fixture,
                      guint     n_acuses)
{
  VntAssistant *assistant = current_assistant (fixture);
  VntAcusePage *acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  VntStartSection *start = vnt_window_get_start_section (fixture->window);

  click (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "exit_button"));
  g_assert_cmpstr (vnt_window_get_visible_page (fixture->window), ==, "start");
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_acuses (start), ==, n_acuses);
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 0);
}

/* ------------------------------------------------------------------ */

/* The whole procedure; then the same company again is refused. */
static void
test_happy_then_already_registered (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "company.register");
  g_assert_cmpstr (next_text (assistant), ==, "Siguiente");
  if (!reach_company_efirma (&fixture, assistant, TRUE))
    {
      g_test_skip ("the SAT test set or the PDF fixtures are missing");
      fixture_stop (&fixture);
      return;
    }
  finish_register (&fixture, assistant, TRUE);
  exit_and_check_start (&fixture, 1);
  shoot (&fixture, "company-start-acuses");

  /* Registered: "Continuar" says so, and nothing is sent again. */
  assistant = open_procedure (&fixture, "company.register");
  g_assert_true (reach_company_efirma (&fixture, assistant, FALSE));
  g_assert_true (validate_efirma (assistant, IIA_RFC, IIA_FIEL, PASSWORD));
  click_next (assistant);
  click_next (assistant);
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant),
                            "Ya estás registrado como representante legal de la empresa " IIA_RFC));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "company");
  shoot (&fixture, "company-already-registered");

  fixture_stop (&fixture);
}

/* Each company e.firma the representative cannot use keeps "Siguiente"
 * off and says why, plainly. */
static void
test_company_efirma_refused (void)
{
  struct {
    const char *rfc;
    const char *stem;
    const char *detail;
    const char *invalid_row;
    const char *shot;
    const char *title;
  } cases[] = {
    { KAHO_RFC, KAHO_FIEL, "Esta e.firma es de una persona (persona física)", NULL, "company-refused-fisica",
      "Esta e.firma no se puede usar aquí" },
    { "EKU9003173C9", IIA_FIEL, "El RFC capturado (EKU9003173C9) no corresponde al de esta e.firma (" IIA_RFC ")", "rfc_row", NULL,
      "El RFC no coincide" },
    { IIA_RFC, IIA_CSD, "Certificado de Sello Digital (CSD)", NULL, "company-refused-csd",
      "Esta e.firma no se puede usar aquí" },
  };
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);

  /* ANA has an account, but the company's e.firma names MARTA. */
  assistant = open_procedure (&fixture, "company.register");
  if (!reach_company_efirma_as (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, FALSE))
    {
      g_test_skip ("the PDF fixtures are missing");
      fixture_stop (&fixture);
      return;
    }
  g_assert_true (validate_efirma (assistant, IIA_RFC, IIA_FIEL, PASSWORD));
  g_test_message ("%s", vnt_efirma_page_get_result_detail (efirma_page (assistant)));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (efirma_page (assistant)), ==, "Esta e.firma no se puede usar aquí");
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (efirma_page (assistant)),
                            "(CURP " KAHO_CURP ") no eres tú (CURP " XOJI_CURP ")"));
  g_assert_false (next_sensitive (assistant));
  shoot (&fixture, "company-refused-representative");

  /* MARTA, with what is not the company's e.firma. */
  assistant = open_procedure (&fixture, "company.register");
  g_assert_true (reach_company_efirma (&fixture, assistant, FALSE));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VntEfirmaPage *page;

      g_assert_true (validate_efirma (assistant, cases[i].rfc, cases[i].stem, PASSWORD));
      page = efirma_page (assistant);
      g_test_message ("%s: %s", cases[i].stem, vnt_efirma_page_get_result_detail (page));
      g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, cases[i].title);
      g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (page), cases[i].detail));
      if (cases[i].invalid_row != NULL)
        g_assert_true (is_invalid (page, cases[i].invalid_row));
      g_assert_false (next_sensitive (assistant));
      if (cases[i].shot != NULL)
        shoot (&fixture, cases[i].shot);
    }

  /* The right one then goes through. */
  g_assert_true (validate_efirma (assistant, IIA_RFC, IIA_FIEL, PASSWORD));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (efirma_page (assistant)), ==, "Tu e.firma es válida");
  g_assert_true (next_sensitive (assistant));
  fixture_stop (&fixture);
}

/* Each PDF that cannot go is refused beside its button, before anything is
 * sent, with what to do. */
static void
test_pdf_refused (void)
{
  struct { const char *file; const char *says; const char *shot; } cases[] = {
    { "pdf/over-1025kb.pdf", "pesa 1025 KB y el IMSS acepta como máximo 1024 KB", "company-pdf-too-large" },
    { "pdf/png-renamed.pdf", "no es un PDF sino un archivo PNG", "company-pdf-png" },
    { "pdf/encrypted-password.pdf", "protegido con contraseña", "company-pdf-encrypted" },
  };
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "company.register");
  if (!reach_company_efirma (&fixture, assistant, FALSE))
    {
      g_test_skip ("the SAT test set or the PDF fixtures are missing");
      fixture_stop (&fixture);
      return;
    }
  g_assert_true (validate_efirma (assistant, IIA_RFC, IIA_FIEL, PASSWORD));
  click_next (assistant);
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "poder");

  choose_pdf (assistant, VNT_PODER_PORTADA, "pdf/poder-portada.pdf");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VntPdfAttachmentRow *row = choose_pdf (assistant, VNT_PODER_ULTIMA_HOJA, cases[i].file);

      g_test_message ("%s: %s", cases[i].file, vnt_pdf_attachment_row_get_message (row));
      g_assert_nonnull (vnt_pdf_attachment_row_get_message (row));
      g_assert_nonnull (strstr (vnt_pdf_attachment_row_get_message (row), cases[i].says));
      g_assert_false (next_sensitive (assistant));
      shoot (&fixture, cases[i].shot);
      if (i == 0)
        shoot_narrow_dark (&fixture, cases[i].shot);
    }

  /* A good one: "Adjuntar" comes. */
  choose_pdf (assistant, VNT_PODER_ULTIMA_HOJA, "pdf/exactly-1024kb.pdf");
  g_assert_null (vnt_pdf_attachment_row_get_message (vnt_poder_page_get_row (poder_page (assistant), VNT_PODER_ULTIMA_HOJA)));
  g_assert_true (next_sensitive (assistant));
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "sign");
  fixture_stop (&fixture);
}

/* A representative without an account is told so right after his CURP,
 * and offered "Crear cuenta", which opens with it. */
static void
test_no_account (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntCurpPage *page;
  GtkWidget *offer;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "company.register");
  page = type_curp (assistant, XIQB_CURP);
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "curp");
  g_assert_nonnull (strstr (vnt_curp_page_get_message (page), "No hay una cuenta del Escritorio Virtual"));
  g_assert_false (next_sensitive (assistant));
  offer = child_of (page, VNT_TYPE_CURP_PAGE, "offer_button");
  g_assert_true (gtk_widget_get_visible (offer));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (offer)), ==, "Crear cuenta");
  shoot (&fixture, "company-no-account");

  click (offer);
  assistant = vnt_procedure_view_get_assistant (vnt_window_get_procedure_view (fixture.window));
  g_assert_cmpstr (vnt_procedure_view_get_title (vnt_window_get_procedure_view (fixture.window)), ==, "Crear cuenta");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
  fixture_stop (&fixture);
}

/* The service down: the representative's account cannot be looked up,
 * and the assistant says so. */
static void
test_service_down (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  g_autoptr(GFile) cer = sat_file (KAHO_FIEL, ".cer");

  fixture_start (&fixture, NULL, TRUE, TRUE);
  vnt_service_client_set_retries (fixture.client, 0);
  assistant = open_procedure (&fixture, "company.register");
  if (cer != NULL)
    {
      type_curp (assistant, KAHO_CURP);
      click_next (assistant);
      g_assert_true (validate_efirma (assistant, KAHO_RFC, KAHO_FIEL, PASSWORD));
      click_next (assistant);
      g_assert_nonnull (vnt_assistant_get_error (assistant));
      g_test_message ("%s", vnt_assistant_get_error (assistant));
      g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "No hay conexión con el servicio"));
      g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
      shoot (&fixture, "company-service-down");
    }
  fixture_stop (&fixture);
}

/* Killed after the poder was uploaded: started again, the start window
 * offers to continue, both passwords are asked again, the PDFs are checked
 * again by their digest, and it ends once. */
static void
test_resume_after_kill (void)
{
  const char *dir = g_getenv ("VNT_TEST_RESUME_DIR");
  Fixture fixture;
  VntAssistant *assistant;
  VntStartSection *start;
  VntEfirmaPage *page;
  VntCompanySignPage *sign;
  g_autofree char *made = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      fixture_start (&fixture, dir, TRUE, FALSE);
      fixture.shots = FALSE;
      assistant = open_procedure (&fixture, "company.register");
      if (reach_company_efirma (&fixture, assistant, FALSE))
        {
          g_assert_true (validate_efirma (assistant, IIA_RFC, IIA_FIEL, PASSWORD));
          click_next (assistant);
          click_next (assistant);
          choose_pdf (assistant, VNT_PODER_PORTADA, "pdf/poder-portada.pdf");
          choose_pdf (assistant, VNT_PODER_ULTIMA_HOJA, "pdf/poder-ultima-hoja.pdf");
          click_next (assistant);
          g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "sign");
          /* What a crash leaves: the saves already written, nothing else. */
          WAIT_FOR (!vnt_procedure_get_busy (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))));
        }
      _exit (0);
    }

  made = g_dir_make_tmp ("vnt-ui-company-resume-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("VNT_TEST_RESUME_DIR", made, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("VNT_TEST_RESUME_DIR");

  fixture_start (&fixture, made, TRUE, FALSE);
  unfinished = vnt_tramite_store_list_unfinished (fixture.store);
  if (unfinished->len == 0)
    {
      g_test_skip ("the SAT test set or the PDF fixtures are missing");
      fixture_stop (&fixture);
      return;
    }
  g_assert_cmpuint (unfinished->len, ==, 1);

  start = vnt_window_get_start_section (fixture.window);
  vnt_start_section_refresh (start);
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 1);

  target = g_strconcat ("resume:", vnt_tramite_get_id (g_ptr_array_index (unfinished, 0)), NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "window.open-procedure", "s", target);
  WAIT_FOR (vnt_window_get_procedure_view (fixture.window) != NULL
            && current_assistant (&fixture) != NULL);
  assistant = current_assistant (&fixture);

  /* The representative's password, then the company's. */
  page = efirma_page (assistant);
  g_assert_false (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row")));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), PASSWORD);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (page));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Tu e.firma es válida");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "company-efirma");
  page = efirma_page (assistant);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row"))),
                   ==, IIA_RFC);
  g_assert_false (next_sensitive (assistant));
  shoot (&fixture, "company-resume-unlock");
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), PASSWORD);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (page));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Tu e.firma es válida");
  click_next (assistant);

  /* Sent before the kill: the choices stand, the files are checked again. */
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "company");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child_of (vnt_assistant_get_current_page (assistant),
                                                                          VNT_TYPE_COMPANY_DATA_PAGE, "dominio_check"))));
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "poder");
  WAIT_FOR (next_sensitive (assistant));
  g_assert_nonnull (vnt_pdf_attachment_row_get_attachment (vnt_poder_page_get_row (poder_page (assistant),
                                                                                   VNT_PODER_PORTADA)));
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "sign");
  sign = VNT_COMPANY_SIGN_PAGE (vnt_assistant_get_current_page (assistant));
  WAIT_FOR (gtk_widget_is_sensitive (child_of (sign, VNT_TYPE_COMPANY_SIGN_PAGE, "accept_check")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (sign, VNT_TYPE_COMPANY_SIGN_PAGE, "accept_check")), TRUE);
  click (child_of (sign, VNT_TYPE_COMPANY_SIGN_PAGE, "company_button"));
  WAIT_FOR (vnt_company_sign_page_get_waiting_for_representative (sign));
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  exit_and_check_start (&fixture, 1);

  fixture_stop (&fixture);
}

/* A PDF changed after it was chosen and the trámite saved: on resume it
 * is refused beside its button, before anything is sent. */
static void
test_resume_changed_pdf (void)
{
  const char *dir = g_getenv ("VNT_TEST_RESUME_DIR");
  Fixture fixture;
  VntAssistant *assistant;
  g_autofree char *made = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      fixture_start (&fixture, dir, TRUE, FALSE);
      fixture.shots = FALSE;
      assistant = open_procedure (&fixture, "company.register");
      if (reach_company_efirma (&fixture, assistant, FALSE))
        {
          g_autofree char *source = vnt_test_fixture_path ("pdf/poder-portada.pdf");
          g_autofree char *contents = NULL;
          gsize len = 0;
          VntPdfAttachmentRow *row;

          g_assert_true (validate_efirma (assistant, IIA_RFC, IIA_FIEL, PASSWORD));
          click_next (assistant);
          click_next (assistant);
          copy = g_build_filename (dir, "portada.pdf", NULL);
          g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
          g_assert_true (g_file_set_contents (copy, contents, len, NULL));
          row = vnt_poder_page_get_row (poder_page (assistant), VNT_PODER_PORTADA);
          vnt_pdf_attachment_row_set_path (row, copy, NULL);
          WAIT_FOR (!vnt_pdf_attachment_row_get_checking (row));
          /* The choice is saved in the background: let it reach the disk,
           * as it would before a later crash. */
          g_assert_true (vnt_tramite_store_save (fixture.store,
                                                 vnt_procedure_get_record (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))),
                                                 NULL));
        }
      _exit (0);
    }

  made = g_dir_make_tmp ("vnt-ui-company-changed-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("VNT_TEST_RESUME_DIR", made, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("VNT_TEST_RESUME_DIR");

  fixture_start (&fixture, made, TRUE, FALSE);
  unfinished = vnt_tramite_store_list_unfinished (fixture.store);
  if (unfinished->len == 0)
    {
      g_test_skip ("the SAT test set or the PDF fixtures are missing");
      fixture_stop (&fixture);
      return;
    }

  /* Another document under the same name. */
  {
    g_autofree char *other = vnt_test_fixture_path ("pdf/poder-ultima-hoja.pdf");
    g_autofree char *contents = NULL;
    gsize len = 0;

    copy = g_build_filename (made, "portada.pdf", NULL);
    g_assert_true (g_file_get_contents (other, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  }

  target = g_strconcat ("resume:", vnt_tramite_get_id (g_ptr_array_index (unfinished, 0)), NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "window.open-procedure", "s", target);
  WAIT_FOR (vnt_window_get_procedure_view (fixture.window) != NULL
            && current_assistant (&fixture) != NULL);
  assistant = current_assistant (&fixture);
  for (guint i = 0; i < 2; i++)
    {
      VntEfirmaPage *page = efirma_page (assistant);

      gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), PASSWORD);
      click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
      WAIT_FOR (!vnt_efirma_page_get_validating (page));
      click_next (assistant);
    }
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "company");
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "poder");
  {
    VntPdfAttachmentRow *row = vnt_poder_page_get_row (poder_page (assistant), VNT_PODER_PORTADA);

    WAIT_FOR (!vnt_pdf_attachment_row_get_checking (row) && vnt_pdf_attachment_row_get_message (row) != NULL);
    g_assert_nonnull (strstr (vnt_pdf_attachment_row_get_message (row), "«portada.pdf» cambió después de que lo elegiste"));
    g_assert_false (next_sensitive (assistant));
    shoot (&fixture, "company-pdf-changed");
  }
  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *datadir = NULL;
  int status;

  datadir = g_build_filename (g_getenv ("VENTANILLA_SOURCE_ROOT"), "data", NULL);
  g_setenv ("VENTANILLA_DATADIR", datadir, TRUE);
  vnt_ui_test_init (&argc, &argv);
  identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/company-register/happy-then-already-registered", test_happy_then_already_registered);
  g_test_add_func ("/ui/company-register/company-efirma-refused", test_company_efirma_refused);
  g_test_add_func ("/ui/company-register/pdf-refused", test_pdf_refused);
  g_test_add_func ("/ui/company-register/no-account", test_no_account);
  g_test_add_func ("/ui/company-register/service-down", test_service_down);
  g_test_add_func ("/ui/company-register/resume-after-kill", test_resume_after_kill);
  g_test_add_func ("/ui/company-register/resume-changed-pdf", test_resume_changed_pdf);

  status = g_test_run ();
  g_clear_object (&identity);

  return status;
}
