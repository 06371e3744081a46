/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "core/vnt-curp.h"
#include "core/vnt-date.h"
#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox.h"
#include "ui/pages/vnt-acuse-page.h"
#include "ui/pages/vnt-confirm-page.h"
#include "ui/pages/vnt-contact-page.h"
#include "ui/pages/vnt-curp-page.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/pages/vnt-terms-page.h"
#include "ui/vnt-ui.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-practice-indicator.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-start-section.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-utils.h"
#include "vnt-test-practice.h"
#include "vnt-ui-test-utils.h"
#include "vnt-test-procedures.h"

/* "Actualización de la e.firma" and "Crear cuenta" driven through their
 * real widgets, in Spanish, in a real window, against ventanilla-sandbox
 * on 127.0.0.1 (practice rules: SAT's test e.firmas are accepted). Each
 * test has its own sandbox database and trámite store. With --screenshots
 * (the test /ui/procedures/screenshots) every screen is also written as a
 * PNG into the build dir, and into docs/screenshots/ of the source tree
 * when VENTANILLA_UPDATE_SCREENSHOTS=1. */

/* Practice e.firmas (vnt-test-practice.h), current and trusted by the
 * sandbox's practice CA. ANA has an account made with an earlier e.firma
 * (the actualización's subject); MARTA's account already has the e.firma
 * (nothing to update); CARLOS has none (crear cuenta). A "stem" names a
 * practice e.firma by its RFC ("practice:RFC", "practice-csd:RFC") or a
 * file of SAT's test set without its extension. */
#define XOJI_CURP VNT_TEST_ANA_CURP
#define XOJI_RFC VNT_TEST_ANA_RFC
#define XOJI_FIEL "practice:" VNT_TEST_ANA_RFC
#define XOJI_CSD "practice-csd:" VNT_TEST_COMPANY_RFC
#define XOJI_OLD_NUMBER (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC)->earlier_certificate_number)
#define XOJI_NEW_NUMBER (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC)->certificate_number)
#define KAHO_CURP VNT_TEST_MARTA_CURP
#define KAHO_RFC VNT_TEST_MARTA_RFC
#define KAHO_FIEL "practice:" VNT_TEST_MARTA_RFC
#define KAHO_NUMBER (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_MARTA_RFC)->certificate_number)
#define XIQB_CURP VNT_TEST_CARLOS_CURP
#define XIQB_RFC VNT_TEST_CARLOS_RFC
#define XIQB_FIEL "practice:" VNT_TEST_CARLOS_RFC
#define PASSWORD (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC)->password)

/* SAT's own test e.firma of 2019, long expired. */
#define SAT_EXPIRED_CURP "KAHO641101HNTLKS06"
#define SAT_EXPIRED_RFC "KAHO641101B39"
#define SAT_EXPIRED_FIEL "fiel/fiel-fisica-KAHO641101B39"
#define SAT_PASSWORD "12345678a"

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

  /* SAT's expired test e.firma's holder has an account too, so that its
   * refusal is the e.firma's, not the CURP's. */
  VntSandboxAccount expired = {
    .curp = (char *) SAT_EXPIRED_CURP,
    .rfc = (char *) SAT_EXPIRED_RFC,
    .name = (char *) "SAT TEST HOLDER",
    .certificate_number = (char *) "00000000000000000000",
    .email = NULL,
    .created_at = 1600000000,
    .updated_at = 1600000000,
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
  if (!vnt_sandbox_db_add_account (db, &expired, &error))
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

/* A dialog is a window of its own: shot separately. */
static void
shoot_dialog (Fixture    *fixture,
              GtkWidget  *dialog,
              const char *name)
{
  while (!gtk_widget_get_mapped (dialog))
    g_main_context_iteration (NULL, TRUE);
  shoot_window (fixture, dialog, name);
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

/* CURP and a validated e.firma: the assistant then stands before "Firmar"
 * (actualización) or "Siguiente" (crear cuenta). */
static gboolean
reach_validated (Fixture      *fixture,
                 VntAssistant *assistant,
                 const char   *curp,
                 const char   *rfc,
                 const char   *stem,
                 const char   *prefix)
{
  g_autofree char *shot_curp = g_strconcat (prefix, "-1-curp", NULL);
  g_autofree char *shot_efirma = g_strconcat (prefix, "-2-efirma", NULL);

  /* Each procedure's screens once; the other tests shoot what differs. */
  gboolean main_path = g_str_equal (prefix, "update") || g_str_equal (prefix, "create");

  type_curp (assistant, curp);
  g_assert_true (next_sensitive (assistant));
  if (main_path)
    shoot (fixture, shot_curp);
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");

  if (!validate_efirma (assistant, rfc, stem, PASSWORD))
    return FALSE;

  g_assert_cmpstr (vnt_efirma_page_get_result_title (efirma_page (assistant)), ==,
                   "Tu e.firma es válida");
  g_assert_true (next_sensitive (assistant));
  /* The password is gone: "Validar" has nothing to check again. */
  g_assert_false (gtk_widget_is_sensitive (child_of (efirma_page (assistant), VNT_TYPE_EFIRMA_PAGE,
                                                     "validate_button")));
  if (main_path)
    shoot (fixture, shot_efirma);

  return TRUE;
}

static AdwMessageDialog *
wait_for_dialog (VntConfirmPage *page)
{
  WAIT_FOR (vnt_confirm_page_get_dialog (page) != NULL);
  return vnt_confirm_page_get_dialog (page);
}

/* From the e.firma page of an actualización to its acuse. */
static void
finish_update (Fixture      *fixture,
               VntAssistant *assistant)
{
  VntConfirmPage *confirm;
  AdwMessageDialog *dialog;
  VntAcusePage *acuse;
  const char *pdf;

  g_assert_cmpstr (next_text (assistant), ==, "Firmar");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "confirm");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 3 de 4");

  confirm = VNT_CONFIRM_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_nonnull (strstr (vnt_confirm_page_get_message (confirm),
                            "Se detectó que el número de serie de su firma digital fue modificado"));
  g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "previous_certificate_number"), ==, XOJI_OLD_NUMBER);
  g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "certificate_number"), ==, XOJI_NEW_NUMBER);
  g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "curp"), ==, XOJI_CURP);
  g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "name"), ==, "ANA LAURA PRUEBA SOLIS");
  /* "Finalizar Trámite" only once the trámite is saved. */
  g_assert_cmpstr (next_text (assistant), ==, "Finalizar Trámite");
  g_assert_false (next_sensitive (assistant));
  g_assert_false (gtk_widget_get_visible (child_of (assistant, VNT_TYPE_ASSISTANT, "back_button")));
  shoot (fixture, "update-3-confirm");

  click (child_of (confirm, VNT_TYPE_CONFIRM_PAGE, "save_button"));
  WAIT_FOR (gtk_widget_get_visible (child_of (confirm, VNT_TYPE_CONFIRM_PAGE, "saved_label")));
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_true (next_sensitive (assistant));
  shoot (fixture, "update-4-saved");

  click (child_of (assistant, VNT_TYPE_ASSISTANT, "next_button"));
  dialog = wait_for_dialog (confirm);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Al ingresar tu FIEL estás aceptando que los datos obtenidos por el sistema son correctos y que te pertenecen.");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "accept"), ==, "_Aceptar");
  shoot_dialog (fixture, GTK_WIDGET (dialog), "update-5-fiel-confirmation");
  adw_message_dialog_response (dialog, "accept");
  WAIT_FOR (!vnt_assistant_get_busy (assistant));

  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 4 de 4");
  acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "status_page"))),
                   ==, "La actualización de la cuenta de usuario fue correcta");
  g_assert_nonnull (vnt_acuse_page_get_value (acuse, "folio"));
  g_assert_cmpstr (vnt_acuse_page_get_value (acuse, "certificate_number"), ==, XOJI_NEW_NUMBER);
  g_assert_cmpstr (vnt_acuse_page_get_value (acuse, "rfc"), ==, XOJI_RFC);
  /* Mexico City's time, named, written as the PDF writes it. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *today = vnt_date_format_date (now);

    g_assert_true (g_str_has_suffix (vnt_acuse_page_get_value (acuse, "date"), " (hora del centro de México)"));
    g_assert_nonnull (strstr (vnt_acuse_page_get_value (acuse, "date"), " de 20"));
    g_test_message ("%s, today %s", vnt_acuse_page_get_value (acuse, "date"), today);
  }
  pdf = vnt_acuse_page_get_pdf_path (acuse);
  g_assert_nonnull (pdf);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_widget_is_sensitive (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "open_button")));
  /* A PDF that cannot be opened is said, in a toast. */
  {
    g_autofree char *copy = g_strconcat (pdf, ".kept", NULL);

    g_assert_cmpint (g_rename (pdf, copy), ==, 0);
    click (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "open_button"));
    WAIT_FOR (vnt_ui_get_last_toast (GTK_WIDGET (acuse)) != NULL);
    g_assert_nonnull (strstr (adw_toast_get_title (vnt_ui_get_last_toast (GTK_WIDGET (acuse))),
                              "El PDF ya no está en"));
    adw_toast_dismiss (vnt_ui_get_last_toast (GTK_WIDGET (acuse)));
    g_assert_cmpint (g_rename (copy, pdf), ==, 0);
  }
  g_assert_false (gtk_widget_get_visible (child_of (assistant, VNT_TYPE_ASSISTANT, "next_button")));
  g_assert_false (gtk_widget_get_visible (child_of (assistant, VNT_TYPE_ASSISTANT, "back_button")));
  shoot (fixture, "update-6-acuse");
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
  g_assert_null (vnt_window_get_procedure_view (fixture->window));
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_acuses (start), ==, n_acuses);
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 0);
}

static void finish_create (Fixture      *fixture,
                           VntAssistant *assistant,
                           const char   *prefix);

/* ------------------------------------------------------------------ */
/* Actualización de la e.firma                                         */

static void
test_update_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 1 de 4");
  g_assert_cmpstr (next_text (assistant), ==, "Siguiente");
  g_assert_false (next_sensitive (assistant));

  if (reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "update"))
    {
      g_assert_cmpstr (step_text (assistant), ==, "Paso 2 de 4");
      finish_update (&fixture, assistant);
      exit_and_check_start (&fixture, 1);
    }

  fixture_stop (&fixture);
}

static void
test_update_unchanged (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaPage *page;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  if (reach_validated (&fixture, assistant, KAHO_CURP, KAHO_RFC, KAHO_FIEL, "unchanged"))
    {
      click_next (assistant);
      page = efirma_page (assistant);
      g_assert_null (vnt_assistant_get_error (assistant));
      g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Tu cuenta ya tiene esta e.firma");
      g_assert_false (next_sensitive (assistant));
      g_assert_false (gtk_widget_get_visible (child_of (page, VNT_TYPE_EFIRMA_PAGE, "create_account_button")));
      shoot (&fixture, "update-unchanged");
    }
  fixture_stop (&fixture);
}

/* "Siguiente" on the CURP page: the service's plain lookup already says
 * this procedure cannot be done for it; the page stays and offers
 * @offered, which opens with the CURP typed. */
static VntAssistant *
follow_offer (Fixture    *fixture,
              const char *curp,
              const char *says,
              const char *offered,
              const char *shot)
{
  VntAssistant *assistant = current_assistant (fixture);
  VntCurpPage *page = type_curp (assistant, curp);
  GtkWidget *button;

  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "curp");
  g_assert_nonnull (strstr (vnt_curp_page_get_message (page), says));
  button = child_of (page, VNT_TYPE_CURP_PAGE, "offer_button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, offered);
  shoot (fixture, shot);

  click (button);
  assistant = current_assistant (fixture);
  g_assert_cmpstr (vnt_procedure_view_get_title (vnt_window_get_procedure_view (fixture->window)), ==, offered);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
  g_assert_cmpstr (vnt_efirma_step_get_curp (EFIRMA (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture->window)))),
                   ==, curp);
  return assistant;
}

/* No account for the CURP: said right after it, and "Crear cuenta" goes
 * on with it to the account and its acuse. */
static void
test_update_no_account (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  open_procedure (&fixture, "account.update");
  assistant = follow_offer (&fixture, XIQB_CURP, "No hay una cuenta del Escritorio Virtual para esta CURP",
                            "Crear cuenta", "update-no-account");
  if (validate_efirma (assistant, XIQB_RFC, XIQB_FIEL, PASSWORD))
    {
      g_assert_cmpstr (vnt_efirma_page_get_result_title (efirma_page (assistant)), ==, "Tu e.firma es válida");
      click_next (assistant);
      assistant = current_assistant (&fixture);
      g_assert_cmpstr (next_text (assistant), ==, "Autenticar");
      finish_create (&fixture, assistant, "no-account-create");
      exit_and_check_start (&fixture, 1);
    }
  fixture_stop (&fixture);
}

static void
test_update_wrong_curp (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntCurpPage *page;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.update");

  /* The last position changed: the check digit does not match. */
  page = type_curp (assistant, "XOJI740919MQTDMN03");
  g_assert_nonnull (vnt_curp_page_get_message (page));
  g_assert_nonnull (strstr (vnt_curp_page_get_message (page), "dígito verificador"));
  g_assert_true (gtk_widget_has_css_class (child_of (page, VNT_TYPE_CURP_PAGE, "curp_row"), "error"));
  g_assert_false (next_sensitive (assistant));
  shoot (&fixture, "curp-wrong");

  page = type_curp (assistant, "XOJI7409");
  g_assert_nonnull (strstr (vnt_curp_page_get_message (page), "18"));
  g_assert_false (next_sensitive (assistant));

  /* Typed in lower case: shown (and sent) in capitals. */
  {
    g_autofree char *lower = g_ascii_strdown (XOJI_CURP, -1);

    page = type_curp (assistant, lower);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_CURP_PAGE, "curp_row"))),
                     ==, XOJI_CURP);
    g_assert_null (vnt_curp_page_get_message (page));
    type_curp (assistant, "");
  }

  /* Fixed: the message goes and "Siguiente" comes. */
  page = type_curp (assistant, XOJI_CURP);
  g_assert_null (vnt_curp_page_get_message (page));
  g_assert_false (gtk_widget_has_css_class (child_of (page, VNT_TYPE_CURP_PAGE, "curp_row"), "error"));
  g_assert_true (next_sensitive (assistant));

  fixture_stop (&fixture);
}

/* Each local failure keeps "Firmar" off and says what is wrong. */
static void
check_efirma_failure (gboolean    practice,
                      const char *title,
                      const char *curp,
                      const char *rfc,
                      const char *stem,
                      const char *password,
                      const char *invalid_row,
                      const char *detail,
                      const char *shot)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaPage *page;

  fixture_start (&fixture, NULL, practice, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  type_curp (assistant, curp);
  click_next (assistant);

  if (validate_efirma (assistant, rfc, stem, password))
    {
      page = efirma_page (assistant);
      /* Headed by what happened: a wrong password is not an e.firma that
       * "cannot be used here". */
      g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, title);
      g_assert_nonnull (vnt_efirma_page_get_result_detail (page));
      g_assert_cmpstr (vnt_efirma_page_get_result_detail (page), !=, "");
      g_test_message ("%s", vnt_efirma_page_get_result_detail (page));
      /* The controller's sentence, in Spanish like the rest of the UI. */
      if (detail != NULL)
        g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (page), detail));
      if (invalid_row != NULL)
        g_assert_true (is_invalid (page, invalid_row));
      g_assert_false (next_sensitive (assistant));
      g_assert_false (vnt_page_get_complete (VNT_PAGE (page)));
      shoot (&fixture, shot);
    }

  fixture_stop (&fixture);
}

static void
test_update_wrong_rfc (void)
{
  check_efirma_failure (TRUE, "El RFC no coincide", XOJI_CURP, KAHO_RFC, XOJI_FIEL, PASSWORD, "rfc_row",
                        "El RFC capturado (" KAHO_RFC ") no corresponde al de esta e.firma",
                        "efirma-wrong-rfc");
}

static void
test_update_csd (void)
{
  check_efirma_failure (TRUE, "Esta e.firma no se puede usar aquí", XOJI_CURP, XOJI_RFC, XOJI_CSD, PASSWORD, NULL, NULL, "efirma-csd");
}

/* A company's e.firma where the person's goes: refused, and the
 * company's own procedure offered, with the person's CURP. */
static void
test_update_persona_moral (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntEfirmaPage *page;
  GtkWidget *offer;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  type_curp (assistant, KAHO_CURP);
  click_next (assistant);
  if (validate_efirma (assistant, VNT_TEST_COMPANY_RFC, "practice-moral:" VNT_TEST_COMPANY_RFC, PASSWORD))
    {
      page = efirma_page (assistant);
      g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Esta e.firma no se puede usar aquí");
      offer = child_of (page, VNT_TYPE_EFIRMA_PAGE, "create_account_button");
      g_assert_true (gtk_widget_get_visible (offer));
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (offer)), ==, "Registrar empresa representada");
      shoot (&fixture, "efirma-persona-moral");

      click (offer);
      assistant = current_assistant (&fixture);
      g_assert_cmpstr (vnt_procedure_view_get_title (vnt_window_get_procedure_view (fixture.window)), ==,
                       "Registrar empresa representada");
      g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
      g_assert_cmpstr (vnt_efirma_step_get_curp (EFIRMA (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)))),
                       ==, KAHO_CURP);
    }
  fixture_stop (&fixture);
}

static void
test_update_wrong_password (void)
{
  check_efirma_failure (TRUE, "La contraseña no es correcta", XOJI_CURP, XOJI_RFC, XOJI_FIEL, "12345678b", "password_row", NULL, "efirma-wrong-password");
}

/* SAT's test e.firmas expired in 2023: expired is expired, against a real
 * service and in practice mode alike, and the date is said. */
static void
test_update_expired (void)
{
  check_efirma_failure (FALSE, "Esta e.firma no se puede usar aquí", SAT_EXPIRED_CURP, SAT_EXPIRED_RFC, SAT_EXPIRED_FIEL, SAT_PASSWORD, NULL,
                        "venció el 27 de mayo de 2023", "efirma-expired");
  check_efirma_failure (TRUE, "Esta e.firma no se puede usar aquí", SAT_EXPIRED_CURP, SAT_EXPIRED_RFC, SAT_EXPIRED_FIEL, SAT_PASSWORD, NULL,
                        "venció el 27 de mayo de 2023", "efirma-expired");
}

static void
test_update_service_down (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, TRUE);
  assistant = open_procedure (&fixture, "account.update");
  if (reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "service-down"))
    {
      click_next (assistant);
      /* Said, and nothing lost: still here, "Firmar" can be tried again. */
      g_assert_nonnull (vnt_assistant_get_error (assistant));
      g_test_message ("%s", vnt_assistant_get_error (assistant));
      g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
      g_assert_true (next_sensitive (assistant));
      shoot (&fixture, "service-down");
    }
  fixture_stop (&fixture);
}

static void
test_update_cancel (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  GtkWidget *cancel;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  if (reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "cancel"))
    {
      cancel = child_of (assistant, VNT_TYPE_ASSISTANT, "cancel_button");
      g_assert_false (gtk_widget_get_visible (cancel));
      g_signal_emit_by_name (child_of (assistant, VNT_TYPE_ASSISTANT, "next_button"), "clicked");
      g_assert_true (vnt_assistant_get_busy (assistant));
      g_assert_true (gtk_widget_get_visible (child_of (assistant, VNT_TYPE_ASSISTANT, "spinner")));
      g_assert_false (next_sensitive (assistant));
      click (cancel);
      WAIT_FOR (!vnt_assistant_get_busy (assistant));

      /* Silent, and back where it was. */
      g_assert_null (vnt_assistant_get_error (assistant));
      g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
      g_assert_false (gtk_widget_get_visible (cancel));
      g_assert_true (next_sensitive (assistant));

      /* And it still goes through afterwards. */
      finish_update (&fixture, assistant);
    }
  fixture_stop (&fixture);
}

/* Killed at "Guardar Trámite": started again, the start window offers to
 * continue, the e.firma's password is asked again, and it ends once. */
static void
test_update_resume_after_kill (void)
{
  const char *dir = g_getenv ("VNT_TEST_RESUME_DIR");
  Fixture fixture;
  VntAssistant *assistant;
  VntStartSection *start;
  g_autofree char *made = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  VntEfirmaPage *page;

  if (g_test_subprocess ())
    {
      g_autoptr(GFile) cer = sat_file (XOJI_FIEL, ".cer");

      fixture_start (&fixture, dir, TRUE, FALSE);
      assistant = open_procedure (&fixture, "account.update");
      if (cer != NULL && reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "resume"))
        {
          click_next (assistant);
          g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "confirm");
          /* What a crash leaves: the saves already written, nothing else. */
          WAIT_FOR (!vnt_procedure_get_busy (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))));
        }
      _exit (0);
    }

  made = g_dir_make_tmp ("vnt-ui-resume-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("VNT_TEST_RESUME_DIR", made, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("VNT_TEST_RESUME_DIR");

  fixture_start (&fixture, made, TRUE, FALSE);
  unfinished = vnt_tramite_store_list_unfinished (fixture.store);
  if (unfinished->len == 0)
    {
      g_test_skip ("the SAT test set is missing");
      fixture_stop (&fixture);
      return;
    }
  g_assert_cmpuint (unfinished->len, ==, 1);

  start = vnt_window_get_start_section (fixture.window);
  vnt_start_section_refresh (start);
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 1);
  g_assert_true (gtk_widget_get_visible (child_of (start, VNT_TYPE_START_SECTION, "resume_group")));
  shoot (&fixture, "start-resume");

  target = g_strconcat ("resume:", vnt_tramite_get_id (g_ptr_array_index (unfinished, 0)), NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "window.open-procedure", "s", target);
  WAIT_FOR (vnt_window_get_procedure_view (fixture.window) != NULL
            && current_assistant (&fixture) != NULL);
  assistant = current_assistant (&fixture);

  /* Only the password: the rest is the trámite's. */
  page = efirma_page (assistant);
  g_assert_false (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row"))),
                   ==, XOJI_RFC);
  g_assert_false (next_sensitive (assistant));
  shoot (&fixture, "update-resume-unlock");
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), PASSWORD);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (page));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Tu e.firma es válida");

  /* Signed before the kill: "Firmar" only goes on, nothing is sent twice. */
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "confirm");
  assistant = current_assistant (&fixture);
  {
    VntConfirmPage *confirm = VNT_CONFIRM_PAGE (vnt_assistant_get_current_page (assistant));
    AdwMessageDialog *dialog;

    g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "previous_certificate_number"), ==, XOJI_OLD_NUMBER);
    click (child_of (confirm, VNT_TYPE_CONFIRM_PAGE, "save_button"));
    WAIT_FOR (gtk_widget_get_visible (child_of (confirm, VNT_TYPE_CONFIRM_PAGE, "saved_label")));
    click (child_of (assistant, VNT_TYPE_ASSISTANT, "next_button"));
    dialog = wait_for_dialog (confirm);
    adw_message_dialog_response (dialog, "accept");
    WAIT_FOR (!vnt_assistant_get_busy (assistant));
    g_assert_null (vnt_assistant_get_error (assistant));
    g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  }
  exit_and_check_start (&fixture, 1);

  fixture_stop (&fixture);
}

static guint
count_unfinished (VntTramiteStore *store)
{
  g_autoptr(GPtrArray) unfinished = vnt_tramite_store_list_unfinished (store);

  return unfinished->len;
}

/* The start window's "Descartar" of the first trámite to resume. */
static GtkWidget *
find_discard_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "vnt-tramite-id") != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_discard_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Refused ("Tu cuenta ya tiene esta e.firma"), then "Anterior", another
 * CURP and "Guardar Trámite": what says the trámite is saved has saved
 * it, and after a kill the start window offers it back. */
static void
test_update_refused_then_saved (void)
{
  const char *dir = g_getenv ("VNT_TEST_RESUME_DIR");
  Fixture fixture;
  VntAssistant *assistant;
  VntStartSection *start;
  g_autofree char *made = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  VntTramite *record;
  AdwToast *toast;

  if (g_test_subprocess ())
    {
      VntEfirmaPage *page;
      VntConfirmPage *confirm;

      fixture_start (&fixture, dir, TRUE, FALSE);
      fixture.shots = FALSE;
      assistant = open_procedure (&fixture, "account.update");
      if (reach_validated (&fixture, assistant, KAHO_CURP, KAHO_RFC, KAHO_FIEL, "refused"))
        {
          click_next (assistant);
          page = efirma_page (assistant);
          g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Tu cuenta ya tiene esta e.firma");

          /* Back, and on with another person's CURP: the verdict was about
           * MARTA's, so it goes. */
          click (child_of (assistant, VNT_TYPE_ASSISTANT, "back_button"));
          g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "curp");
          type_curp (assistant, XOJI_CURP);
          click_next (assistant);
          g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
          g_assert_null (vnt_efirma_page_get_result_title (page));
          g_assert_false (next_sensitive (assistant));
          g_assert_false (is_invalid (page, "rfc_row"));

          g_assert_true (validate_efirma (assistant, XOJI_RFC, XOJI_FIEL, PASSWORD));
          g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Tu e.firma es válida");
          click_next (assistant);
          g_assert_null (vnt_assistant_get_error (assistant));
          g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "confirm");
          confirm = VNT_CONFIRM_PAGE (vnt_assistant_get_current_page (assistant));
          click (child_of (confirm, VNT_TYPE_CONFIRM_PAGE, "save_button"));
          WAIT_FOR (gtk_widget_get_visible (child_of (confirm, VNT_TYPE_CONFIRM_PAGE, "saved_label")));
          g_assert_null (vnt_assistant_get_error (assistant));
          WAIT_FOR (!vnt_procedure_get_busy (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))));
        }
      /* Killed: no goodbye, no save on the way out. */
      _exit (0);
    }

  made = g_dir_make_tmp ("vnt-ui-refused-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("VNT_TEST_RESUME_DIR", made, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("VNT_TEST_RESUME_DIR");

  fixture_start (&fixture, made, TRUE, FALSE);
  fixture.shots = FALSE;
  /* The store, read afresh from the disk. */
  unfinished = vnt_tramite_store_list_unfinished (fixture.store);
  g_assert_cmpuint (unfinished->len, ==, 1);
  record = g_ptr_array_index (unfinished, 0);
  g_assert_cmpstr (vnt_tramite_get_procedure (record), ==, "account.update");
  g_assert_cmpstr (vnt_tramite_get_string (record, "curp"), ==, XOJI_CURP);
  g_assert_nonnull (vnt_tramite_get_object (record, "terms"));

  /* And the start window offers it. */
  start = vnt_window_get_start_section (fixture.window);
  vnt_start_section_refresh (start);
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 1);
  g_assert_true (gtk_widget_get_visible (child_of (start, VNT_TYPE_START_SECTION, "resume_group")));

  /* "Descartar" hides it and offers "Deshacer": the file stays until the
   * toast goes. */
  click (find_discard_button (child_of (start, VNT_TYPE_START_SECTION, "resume_list")));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 0);
  g_assert_false (gtk_widget_get_visible (child_of (start, VNT_TYPE_START_SECTION, "resume_group")));
  toast = vnt_start_section_get_discard_toast (start);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "«Actualización de la e.firma» descartado");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Deshacer");
  g_assert_cmpuint (count_unfinished (fixture.store), ==, 1);
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 1);
  g_assert_cmpuint (count_unfinished (fixture.store), ==, 1);
  g_assert_null (vnt_start_section_get_discard_toast (start));

  /* Discarded, and the toast gone: deleted. */
  click (find_discard_button (child_of (start, VNT_TYPE_START_SECTION, "resume_list")));
  adw_toast_dismiss (vnt_start_section_get_discard_toast (start));
  WAIT_FOR (count_unfinished (fixture.store) == 0);
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 0);

  fixture_stop (&fixture);
}

/* ------------------------------------------------------------------ */
/* Crear cuenta                                                        */

static void
finish_create (Fixture      *fixture,
               VntAssistant *assistant,
               const char   *prefix)
{
  VntPage *page;
  VntConfirmPage *review;
  VntTermsPage *terms;
  VntAcusePage *acuse;
  g_autofree char *text = NULL;
  g_autofree char *shot = NULL;

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "contact");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 3 de 6");
  page = vnt_assistant_get_current_page (assistant);
  g_assert_false (next_sensitive (assistant));

  /* Each field is checked while it is typed, its problem said under it. */
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_CONTACT_PAGE, "email_row")),
                         "carlos@example");
  WAIT_FOR (!vnt_contact_page_get_pending (VNT_CONTACT_PAGE (page)));
  g_assert_nonnull (vnt_contact_page_get_email_message (VNT_CONTACT_PAGE (page)));
  g_assert_null (vnt_contact_page_get_phone_message (VNT_CONTACT_PAGE (page)));
  g_assert_true (gtk_widget_has_css_class (child_of (page, VNT_TYPE_CONTACT_PAGE, "email_row"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_CONTACT_PAGE, "phone_row")), "55 1234");
  WAIT_FOR (!vnt_contact_page_get_pending (VNT_CONTACT_PAGE (page)));
  g_assert_nonnull (vnt_contact_page_get_phone_message (VNT_CONTACT_PAGE (page)));
  g_assert_true (gtk_widget_has_css_class (child_of (page, VNT_TYPE_CONTACT_PAGE, "phone_row"), "error"));

  /* On "Autenticar", every problem at once, each at its own field, and
   * nothing in the assistant's bar. */
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "contact");
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_nonnull (strstr (vnt_contact_page_get_email_message (VNT_CONTACT_PAGE (page)), "correo"));
  g_assert_nonnull (strstr (vnt_contact_page_get_phone_message (VNT_CONTACT_PAGE (page)), "10"));
  g_assert_true (gtk_widget_has_css_class (child_of (page, VNT_TYPE_CONTACT_PAGE, "email_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (child_of (page, VNT_TYPE_CONTACT_PAGE, "phone_row"), "error"));
  if (g_str_equal (prefix, "create"))
    shoot (fixture, "create-3-contact-problems");

  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_CONTACT_PAGE, "email_row")),
                         "carlos@example.mx");
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_CONTACT_PAGE, "phone_row")), "55 1234 5678");
  WAIT_FOR (!vnt_contact_page_get_pending (VNT_CONTACT_PAGE (page)));
  g_assert_null (vnt_contact_page_get_email_message (VNT_CONTACT_PAGE (page)));
  g_assert_null (vnt_contact_page_get_phone_message (VNT_CONTACT_PAGE (page)));
  g_assert_false (gtk_widget_has_css_class (child_of (page, VNT_TYPE_CONTACT_PAGE, "phone_row"), "error"));
  shot = g_strconcat (prefix, "-3-contact", NULL);
  shoot (fixture, shot);
  g_clear_pointer (&shot, g_free);

  g_assert_cmpstr (next_text (assistant), ==, "Autenticar");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "review");
  review = VNT_CONFIRM_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (vnt_confirm_page_get_value (review, "curp"), ==, XIQB_CURP);
  g_assert_cmpstr (vnt_confirm_page_get_value (review, "rfc"), ==, XIQB_RFC);
  g_assert_cmpstr (vnt_confirm_page_get_value (review, "name"), ==, "CARLOS ENSAYO RUIZ");
  g_assert_true (next_sensitive (assistant));
  shot = g_strconcat (prefix, "-4-review", NULL);
  shoot (fixture, shot);
  g_clear_pointer (&shot, g_free);

  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "terms");
  terms = VNT_TERMS_PAGE (vnt_assistant_get_current_page (assistant));
  text = vnt_terms_page_get_text (terms);
  g_assert_cmpstr (text, !=, "");
  g_assert_cmpstr (next_text (assistant), ==, "Firmar");
  /* Not before it is read. */
  g_assert_false (next_sensitive (assistant));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (terms, VNT_TYPE_TERMS_PAGE, "accept_check")), TRUE);
  g_assert_true (next_sensitive (assistant));
  shot = g_strconcat (prefix, "-5-terms", NULL);
  shoot (fixture, shot);
  g_clear_pointer (&shot, g_free);

  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 6 de 6");
  acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "status_page"))),
                   ==, "Tu cuenta fue creada");
  g_assert_cmpstr (vnt_acuse_page_get_value (acuse, "curp"), ==, XIQB_CURP);
  g_assert_true (g_file_test (vnt_acuse_page_get_pdf_path (acuse), G_FILE_TEST_IS_REGULAR));
  shot = g_strconcat (prefix, "-6-acuse", NULL);
  shoot (fixture, shot);
}

static void
test_create_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.create");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 1 de 6");
  type_curp (assistant, XIQB_CURP);
  click_next (assistant);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child_of (vnt_assistant_get_current_page (assistant),
                                                             VNT_TYPE_EFIRMA_PAGE, "validate_label"))),
                   ==, "Verificar");
  if (validate_efirma (assistant, XIQB_RFC, XIQB_FIEL, PASSWORD))
    {
      shoot (&fixture, "create-2-efirma");
      g_assert_cmpstr (next_text (assistant), ==, "Siguiente");
      click_next (assistant);
      finish_create (&fixture, assistant, "create");
      exit_and_check_start (&fixture, 1);
    }
  fixture_stop (&fixture);
}

/* The CURP already has an account: said, and nothing is created. */
/* An account already there is found right after the CURP, not at
 * "Autenticar": the page offers the actualización instead. */
static void
test_create_exists (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  open_procedure (&fixture, "account.create");
  assistant = follow_offer (&fixture, XOJI_CURP, "Esta CURP ya tiene una cuenta del Escritorio Virtual",
                            "Actualización de la e.firma", "create-exists");
  if (validate_efirma (assistant, XOJI_RFC, XOJI_FIEL, PASSWORD))
    finish_update (&fixture, assistant);
  fixture_stop (&fixture);
}

/* Without a mouse: Enter in the CURP goes on, Enter in the password
 * validates, Control+Page Down is the forward button. */
static void
test_keyboard (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  g_autoptr(GFile) cer = sat_file (XOJI_FIEL, ".cer");
  g_autoptr(GFile) key = sat_file (XOJI_FIEL, ".key");

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  page = vnt_assistant_get_current_page (assistant);
  /* The first control has the focus. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)),
                                         child_of (page, VNT_TYPE_CURP_PAGE, "curp_row")));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_CURP_PAGE, "curp_row")), XOJI_CURP);
  g_signal_emit_by_name (child_of (page, VNT_TYPE_CURP_PAGE, "curp_row"), "entry-activated");
  WAIT_FOR (!vnt_assistant_get_busy (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");

  if (cer != NULL && key != NULL)
    {
      page = vnt_assistant_get_current_page (assistant);
      gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row")), XOJI_RFC);
      vnt_efirma_page_set_files (VNT_EFIRMA_PAGE (page), cer, key);
      gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), PASSWORD);
      g_signal_emit_by_name (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row"), "entry-activated");
      WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
      g_assert_cmpstr (vnt_efirma_page_get_result_title (VNT_EFIRMA_PAGE (page)), ==, "Tu e.firma es válida");

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "assistant.next", NULL));
      WAIT_FOR (!vnt_assistant_get_busy (assistant));
      g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "confirm");
    }
  fixture_stop (&fixture);
}

/* Practice mode for a newcomer: the CURP and the e.firma of one of the
 * practice e.firmas, in two clicks. */
static void
test_practice_buttons (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  GtkWidget *curp_button;
  GtkWidget *efirma_button;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  page = vnt_assistant_get_current_page (assistant);
  curp_button = child_of (page, VNT_TYPE_CURP_PAGE, "practice_button");

  /* A wait shows the spinner once it lasts over 150 ms, not before. */
  vnt_page_begin_wait (page);
  g_assert_false (vnt_assistant_get_spinning (assistant));
  {
    gint64 until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

    WAIT_FOR (vnt_assistant_get_spinning (assistant) || g_get_monotonic_time () > until);
    g_assert_true (vnt_assistant_get_spinning (assistant));
    g_assert_cmpint (g_get_monotonic_time (), >=, until - 150 * G_TIME_SPAN_MILLISECOND);
  }
  vnt_page_end_wait (page);
  g_assert_false (vnt_assistant_get_spinning (assistant));

  click (curp_button);
  /* The practice e.firmas are read off the main thread: a wait. */
  g_assert_true (vnt_page_get_waiting (page));
  WAIT_FOR (next_sensitive (assistant));
  g_assert_false (vnt_page_get_waiting (page));
  g_assert_null (vnt_curp_page_get_message (VNT_CURP_PAGE (page)));
  click_next (assistant);

  page = vnt_assistant_get_current_page (assistant);
  efirma_button = child_of (page, VNT_TYPE_EFIRMA_PAGE, "practice_button");
  click (efirma_button);
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row"))),
                       "") != 0);
  /* Everything but "Validar" is done for the user. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row"))),
                   !=, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row"))),
                   !=, "");
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (VNT_EFIRMA_PAGE (page)), ==, "Tu e.firma es válida");
  g_assert_true (next_sensitive (assistant));
  fixture_stop (&fixture);

  /* Against a real service the buttons do not exist. */
  fixture_start (&fixture, NULL, FALSE, FALSE);
  assistant = open_procedure (&fixture, "account.update");
  page = vnt_assistant_get_current_page (assistant);
  g_assert_false (gtk_widget_get_visible (child_of (page, VNT_TYPE_CURP_PAGE, "practice_button")));
  g_assert_false (gtk_widget_get_visible (child_of (vnt_assistant_get_page (assistant, "efirma"),
                                                    VNT_TYPE_EFIRMA_PAGE, "practice_button")));
  g_assert_false (gtk_widget_get_visible (vnt_ui_test_find (GTK_WIDGET (fixture.window),
                                                            VNT_TYPE_PRACTICE_INDICATOR, NULL, NULL)));
  fixture_stop (&fixture);
}

/* As the app runs with no service set: the wizard context starts the
 * practice sandbox inside the process, and a newcomer creates an account
 * with a practice e.firma it made on first start. */
static void
test_practice_mode (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  g_autoptr(VntWizardContext) practice = NULL;
  g_autoptr(VntTramiteStore) store = NULL;
  g_autofree char *data_dir = NULL;
  VntProcedureView *view;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  data_dir = g_build_filename (fixture.dir, "practice", NULL);
  store = vnt_tramite_store_new (data_dir);
  practice = vnt_wizard_context_new (store, NULL, TRUE);
  vnt_wizard_context_set_default (practice);

  vnt_window_open_procedure (fixture.window, "account.create");
  view = vnt_window_get_procedure_view (fixture.window);
  g_assert_true (vnt_procedure_view_get_preparing (view));
  WAIT_FOR (vnt_procedure_view_get_assistant (view) != NULL);
  g_assert_false (vnt_procedure_view_get_preparing (view));
  assistant = vnt_procedure_view_get_assistant (view);

  page = vnt_assistant_get_current_page (assistant);
  click (child_of (page, VNT_TYPE_CURP_PAGE, "practice_button"));
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);
  page = vnt_assistant_get_current_page (assistant);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "practice_button"));
  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button")));
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (VNT_EFIRMA_PAGE (page)), ==, "Tu e.firma es válida");
  click_next (assistant);
  finish_create (&fixture, assistant, "practice-create");

  /* The acuse says it is practice. */
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (child_of (vnt_assistant_get_current_page (assistant),
                                                                                        VNT_TYPE_ACUSE_PAGE, "status_page"))),
                            "Modo de práctica"));
  exit_and_check_start (&fixture, 1);

  fixture_stop (&fixture);
}

/* A newcomer's "Actualización de la e.firma" in practice mode: the fresh
 * practice service already has an account for the practice e.firma the
 * CURP button picks, registered with an earlier e.firma. */
static void
test_practice_update (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  VntConfirmPage *confirm;
  g_autoptr(VntWizardContext) practice = NULL;
  g_autoptr(VntTramiteStore) store = NULL;
  g_autofree char *data_dir = NULL;
  VntProcedureView *view;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  data_dir = g_build_filename (fixture.dir, "practice", NULL);
  store = vnt_tramite_store_new (data_dir);
  practice = vnt_wizard_context_new (store, NULL, TRUE);
  vnt_wizard_context_set_default (practice);

  vnt_window_open_procedure (fixture.window, "account.update");
  view = vnt_window_get_procedure_view (fixture.window);
  WAIT_FOR (vnt_procedure_view_get_assistant (view) != NULL);
  assistant = vnt_procedure_view_get_assistant (view);

  page = vnt_assistant_get_current_page (assistant);
  click (child_of (page, VNT_TYPE_CURP_PAGE, "practice_button"));
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);
  page = vnt_assistant_get_current_page (assistant);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "practice_button"));
  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button")));
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (VNT_EFIRMA_PAGE (page)), ==, "Tu e.firma es válida");
  g_assert_cmpstr (next_text (assistant), ==, "Firmar");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "confirm");

  confirm = VNT_CONFIRM_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_nonnull (strstr (vnt_confirm_page_get_message (confirm),
                            "Se detectó que el número de serie de su firma digital fue modificado"));
  /* The practice e.firmas practice mode made in its own folder. */
  {
    g_autoptr(GPtrArray) made = vnt_practice_list_efirmas (data_dir);
    VntPracticeEfirma *renewed = vnt_practice_efirmas_find (made, VNT_PRACTICE_KIND_FISICA,
                                                            VNT_PRACTICE_ACCOUNT_EARLIER);

    g_assert_nonnull (renewed);
    g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "curp"), ==, renewed->curp);
    g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "previous_certificate_number"), ==,
                     renewed->earlier_certificate_number);
    g_assert_cmpstr (vnt_confirm_page_get_value (confirm, "certificate_number"), ==, renewed->certificate_number);
  }

  fixture_stop (&fixture);
}

static gboolean
has_text_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        return TRUE;
      if (has_text_label (child))
        return TRUE;
    }

  return FALSE;
}

/* Every button, check button and entry row under @widget has a name a
 * screen reader can say: its own label, an accessible label, the label
 * that labels it (an action row's title, for its arrow), or a title. */
static guint
check_names (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL)
                       || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY)
                       || has_text_label (widget);

      if (!named)
        g_error ("A %s in a %s in a %s has no accessible name", G_OBJECT_TYPE_NAME (widget),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (widget))));
      n++;
    }
  else if (ADW_IS_PREFERENCES_ROW (widget))
    {
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), !=, "");
      n++;
      /* Its insides (edit and reveal buttons) are libadwaita's. */
      if (ADW_IS_ENTRY_ROW (widget))
        return n;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_names (child);

  return n;
}

static void
test_accessible_names (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  g_assert_cmpuint (check_names (GTK_WIDGET (vnt_window_get_start_section (fixture.window))), >, 0);

  /* Every page of both procedures, built as they are shown. */
  assistant = open_procedure (&fixture, "account.update");
  g_assert_cmpuint (check_names (GTK_WIDGET (assistant)), >, 10);
  assistant = open_procedure (&fixture, "account.create");
  g_assert_cmpuint (check_names (GTK_WIDGET (assistant)), >, 10);
  fixture_stop (&fixture);
}

/* Every screen of both procedures as a PNG, and the start window. */
static void
test_screenshots (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  shoot (&fixture, "procedures-start");
  assistant = open_procedure (&fixture, "account.update");
  if (reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "update"))
    {
      finish_update (&fixture, assistant);
      exit_and_check_start (&fixture, 1);

      assistant = open_procedure (&fixture, "account.create");
      reach_validated (&fixture, assistant, XIQB_CURP, XIQB_RFC, XIQB_FIEL, "create");
      click_next (assistant);
      finish_create (&fixture, assistant, "create");
      exit_and_check_start (&fixture, 2);
      shoot (&fixture, "procedures-start-acuses");
    }
  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  vnt_ui_test_init (&argc, &argv);
  /* Before any thread, and shared with the tests' subprocesses. */
  vnt_test_practice_ca ();
  identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/procedures/update/happy", test_update_happy);
  g_test_add_func ("/ui/procedures/update/unchanged", test_update_unchanged);
  g_test_add_func ("/ui/procedures/update/no-account", test_update_no_account);
  g_test_add_func ("/ui/procedures/update/wrong-curp", test_update_wrong_curp);
  g_test_add_func ("/ui/procedures/update/wrong-rfc", test_update_wrong_rfc);
  g_test_add_func ("/ui/procedures/update/csd", test_update_csd);
  g_test_add_func ("/ui/procedures/update/wrong-password", test_update_wrong_password);
  g_test_add_func ("/ui/procedures/update/persona-moral", test_update_persona_moral);
  g_test_add_func ("/ui/procedures/update/expired", test_update_expired);
  g_test_add_func ("/ui/procedures/update/service-down", test_update_service_down);
  g_test_add_func ("/ui/procedures/update/cancel", test_update_cancel);
  g_test_add_func ("/ui/procedures/update/resume-after-kill", test_update_resume_after_kill);
  g_test_add_func ("/ui/procedures/update/refused-then-saved", test_update_refused_then_saved);
  g_test_add_func ("/ui/procedures/create/happy", test_create_happy);
  g_test_add_func ("/ui/procedures/create/exists", test_create_exists);
  g_test_add_func ("/ui/procedures/keyboard", test_keyboard);
  g_test_add_func ("/ui/procedures/accessible-names", test_accessible_names);
  g_test_add_func ("/ui/procedures/practice-buttons", test_practice_buttons);
  g_test_add_func ("/ui/procedures/practice-mode", test_practice_mode);
  g_test_add_func ("/ui/procedures/practice-update", test_practice_update);
  g_test_add_func ("/ui/procedures/screenshots", test_screenshots);

  status = g_test_run ();
  g_clear_object (&identity);

  return status;
}
