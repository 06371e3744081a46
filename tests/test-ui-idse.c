/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "controllers/vnt-practice-idse.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "sandbox/vnt-sandbox.h"
#include "ui/pages/vnt-acuse-page.h"
#include "ui/pages/vnt-idse-certificate-page.h"
#include "ui/procedures/idse-cancel/vnt-idse-cancel-page.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-start-section.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* The IDSE certificate's procedures driven through their real widgets, in
 * Spanish, in a real window, against ventanilla-sandbox on 127.0.0.1 with
 * its IDSE CA and the practice IDSE certificates (as practice mode makes
 * them on first start: one to cancel, one to recover, one expired to
 * renew). Each test has its own sandbox, certificates and store. Every
 * new screen is also written as a PNG (docs/screenshots/ with
 * VENTANILLA_UPDATE_SCREENSHOTS=1), at full width, at 360 px and dark. */

#define COMPANY_NAME "PRUEBA NOMINAS SA DE CV"
#define COMPANY_RFC  "PNO150601QX6"

#define WIDTH  860
#define HEIGHT 960

typedef struct {
  char             *dir;
  char             *data_dir;
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  VntSandbox       *sandbox;
  char             *url;
  GMutex            lock;
  GCond             ready;
  gboolean          started;

  VntTramiteStore  *store;
  VntServiceClient *client;
  VntWizardContext *wizard;
  VntWindow        *window;
} Fixture;

static VntServiceIdentity *identity;

static gpointer
server_thread (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(VntIdseCa) ca = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "sandbox.db", NULL);
  VntSandboxDb *db;

  g_main_context_push_thread_default (fixture->context);

  db = vnt_sandbox_db_open (path, &error);
  g_assert_no_error (error);
  ca = vnt_idse_ca_open (fixture->dir, &error);
  g_assert_no_error (error);
  /* What practice mode makes on its first start. */
  vnt_practice_idse_ensure (fixture->data_dir, ca, db, COMPANY_NAME, COMPANY_RFC, &error);
  g_assert_no_error (error);

  fixture->sandbox = vnt_sandbox_new (db, identity, TRUE);
  vnt_sandbox_set_idse_ca (fixture->sandbox, ca);
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

  return g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
fixture_start (Fixture  *fixture,
               gboolean  service_down)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  memset (fixture, 0, sizeof *fixture);
  fixture->dir = g_dir_make_tmp ("vnt-ui-idse-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);

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
  vnt_service_client_set_acuse_certificate (fixture->client, vnt_service_identity_get_fingerprint (identity));
  vnt_service_client_set_timeout (fixture->client, 20);

  fixture->store = vnt_tramite_store_new (fixture->data_dir);
  fixture->wizard = vnt_wizard_context_new (fixture->store, fixture->client, TRUE);
  vnt_wizard_context_set_default (fixture->wizard);

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
  g_free (fixture->data_dir);
}

/* ------------------------------------------------------------------ */
/* Screenshots                                                          */

static void
save_shot (GtkWidget  *window,
           const char *name)
{
  vnt_ui_test_save_screenshot (window, NULL, name);
}

static void
wait_for_width (GtkWidget *window,
                int        width)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (gtk_widget_get_width (window) != width && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* The window as it is, then at 360 px wide, then dark ("-narrow",
 * "-dark"), then 360 px wide with large text ("-large-text"); back as it
 * was. */
static void
shoot (Fixture    *fixture,
       const char *name)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *narrow = g_strconcat (name, "-narrow", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  save_shot (window, name);

  /* The window manager may not shrink a window at once: bounded waits. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, HEIGHT);
  wait_for_width (window, 360);
  /* As narrow as the window goes (its content decides the minimum). */
  if (gtk_widget_get_width (window) <= 500)
    save_shot (window, narrow);
  else
    g_test_message ("the window stayed %d px wide: no narrow shot", gtk_widget_get_width (window));
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  wait_for_width (window, WIDTH);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_shot (window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  vnt_ui_test_wait_frames (window, 2);
  vnt_ui_test_shoot_large_text (window, name);
}

static void
shoot_dialog (GtkWidget  *dialog,
              const char *name)
{
  while (!gtk_widget_get_mapped (dialog))
    g_main_context_iteration (NULL, TRUE);
  save_shot (dialog, name);
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
  WAIT_FOR (vnt_procedure_view_get_assistant (view) != NULL);
  return vnt_procedure_view_get_assistant (view);
}

static gboolean
next_sensitive (VntAssistant *assistant)
{
  GtkWidget *button = child_of (assistant, VNT_TYPE_ASSISTANT, "next_button");

  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static const char *
next_text (VntAssistant *assistant)
{
  return gtk_label_get_text (GTK_LABEL (child_of (assistant, VNT_TYPE_ASSISTANT, "next_label")));
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

static VntPracticeIdse *
practice_idse (Fixture            *fixture,
               VntPracticeIdseUse  use)
{
  VntPracticeIdse *idse = vnt_practice_idse_get (fixture->data_dir, use);

  g_assert_nonnull (idse);
  return idse;
}

/* The certificate page filled in by hand: @cer (a .pfx, or a .cer with
 * @key), @password; then "Siguiente". */
static VntIdseCertificatePage *
open_certificate (VntAssistant *assistant,
                  const char   *cer,
                  const char   *key,
                  const char   *password)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);
  g_autoptr(GFile) cer_file = g_file_new_for_path (cer);
  g_autoptr(GFile) key_file = key != NULL ? g_file_new_for_path (key) : NULL;
  GtkWidget *password_row;

  g_assert_true (VNT_IS_IDSE_CERTIFICATE_PAGE (page));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "certificate");
  g_assert_false (next_sensitive (assistant));
  vnt_idse_certificate_page_set_files (VNT_IDSE_CERTIFICATE_PAGE (page), cer_file, key_file);
  password_row = child_of (page, VNT_TYPE_IDSE_CERTIFICATE_PAGE, "password_row");
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  click_next (assistant);
  /* The contraseña is not kept in the entry. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");

  return VNT_IDSE_CERTIFICATE_PAGE (page);
}

/* "Usar el certificado IDSE de práctica", then "Siguiente". */
static void
open_practice_certificate (VntAssistant *assistant,
                           const char   *shot,
                           Fixture      *fixture)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_IDSE_CERTIFICATE_PAGE (page));
  click (child_of (page, VNT_TYPE_IDSE_CERTIFICATE_PAGE, "practice_button"));
  WAIT_FOR (next_sensitive (assistant));
  /* A .pfx: no .key asked. */
  g_assert_false (gtk_widget_get_visible (child_of (page, VNT_TYPE_IDSE_CERTIFICATE_PAGE, "key_row")));
  g_assert_true (gtk_widget_get_visible (child_of (page, VNT_TYPE_IDSE_CERTIFICATE_PAGE, "practice_label")));
  if (shot != NULL)
    shoot (fixture, shot);
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
}

/* ------------------------------------------------------------------ */
/* Cancelación del Certificado Digital                                 */

static void
fill_cancel (VntAssistant *assistant,
             const char   *usuario,
             const char   *password,
             guint         motivo)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_IDSE_CANCEL_PAGE (page));
  g_assert_cmpstr (next_text (assistant), ==, "Cancelar certificado");
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_IDSE_CANCEL_PAGE, "usuario_row")), usuario);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_IDSE_CANCEL_PAGE, "password_row")), password);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child_of (page, VNT_TYPE_IDSE_CANCEL_PAGE, "motivo_row")), motivo);
}

/* "Cancelar certificado", then @response in the confirmation. */
static void
confirm_cancel (VntAssistant *assistant,
                const char   *response,
                const char   *shot)
{
  VntIdseCancelPage *page = VNT_IDSE_CANCEL_PAGE (vnt_assistant_get_current_page (assistant));
  AdwMessageDialog *dialog;

  click (child_of (assistant, VNT_TYPE_ASSISTANT, "next_button"));
  WAIT_FOR (vnt_idse_cancel_page_get_dialog (page) != NULL);
  dialog = vnt_idse_cancel_page_get_dialog (page);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no se puede deshacer"));
  if (shot != NULL)
    shoot_dialog (GTK_WIDGET (dialog), shot);
  adw_message_dialog_response (dialog, response);
  WAIT_FOR (!vnt_assistant_get_busy (assistant));
}

static void
cancel_practice_certificate (Fixture      *fixture,
                             VntAssistant *assistant,
                             gboolean      shots)
{
  g_autoptr(VntPracticeIdse) idse = practice_idse (fixture, VNT_PRACTICE_IDSE_TO_CANCEL);
  VntAcusePage *acuse;
  const char *pdf;

  open_practice_certificate (assistant, shots ? "idse-cancel-1-certificate" : NULL, fixture);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "cancel");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child_of (vnt_assistant_get_current_page (assistant),
                                                                           VNT_TYPE_IDSE_CANCEL_PAGE, "number_row"))),
                   ==, idse->serial);
  fill_cancel (assistant, idse->usuario, idse->password, 0);
  g_assert_true (next_sensitive (assistant));
  if (shots)
    shoot (fixture, "idse-cancel-2-form");
  confirm_cancel (assistant, "cancel-certificate", shots ? "idse-cancel-3-confirmation" : NULL);

  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "status_page"))),
                   ==, "Tu certificado digital fue cancelado");
  g_assert_nonnull (vnt_acuse_page_get_value (acuse, "folio"));
  pdf = vnt_acuse_page_get_pdf_path (acuse);
  g_assert_nonnull (pdf);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  if (shots)
    shoot (fixture, "idse-cancel-4-acuse");
}

static void
exit_to_start (Fixture *fixture,
               guint    n_acuses)
{
  VntAssistant *assistant = vnt_procedure_view_get_assistant (vnt_window_get_procedure_view (fixture->window));
  VntStartSection *start = vnt_window_get_start_section (fixture->window);

  click (child_of (vnt_assistant_get_current_page (assistant), VNT_TYPE_ACUSE_PAGE, "exit_button"));
  g_assert_cmpstr (vnt_window_get_visible_page (fixture->window), ==, "start");
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_acuses (start), ==, n_acuses);
}

/* A file of the store's folder holds @needle. */
static gboolean
store_contains (Fixture    *fixture,
                const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->data_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->data_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_file_get_contents (path, &contents, &length, NULL) &&
          g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_cancel_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, FALSE);
  assistant = open_procedure (&fixture, "idse.cancel");
  cancel_practice_certificate (&fixture, assistant, TRUE);
  /* The contraseña was sent, never kept. */
  g_assert_false (store_contains (&fixture, VNT_PRACTICE_IDSE_PASSWORD));
  exit_to_start (&fixture, 1);

  /* Cancelled: it signs nothing any more. */
  assistant = open_procedure (&fixture, "idse.cancel");
  open_practice_certificate (assistant, NULL, &fixture);
  fill_cancel (assistant, VNT_PRACTICE_IDSE_USUARIO, VNT_PRACTICE_IDSE_PASSWORD, 3);
  confirm_cancel (assistant, "cancel-certificate", NULL);
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "cancelado"));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "cancel");
  shoot (&fixture, "idse-cancel-already-cancelled");

  fixture_stop (&fixture);
}

static void
test_cancel_wrong_idse_password (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;

  fixture_start (&fixture, FALSE);
  assistant = open_procedure (&fixture, "idse.cancel");
  open_practice_certificate (assistant, NULL, &fixture);

  /* The contraseña IDSE would not take is said before anything is sent. */
  fill_cancel (assistant, VNT_PRACTICE_IDSE_USUARIO, "corta", 0);
  click_next (assistant);
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "8 a 20"));

  /* The wrong one: the service says so, and "Olvidé mi contraseña" opens. */
  fill_cancel (assistant, VNT_PRACTICE_IDSE_USUARIO, "Equivocada2026", 0);
  confirm_cancel (assistant, "cancel-certificate", NULL);
  page = vnt_assistant_get_current_page (assistant);
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "cancel");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (child_of (page, VNT_TYPE_IDSE_CANCEL_PAGE, "forgot_row"))));
  g_assert_true (gtk_widget_has_css_class (child_of (page, VNT_TYPE_IDSE_CANCEL_PAGE, "password_row"), "error"));
  shoot (&fixture, "idse-cancel-wrong-password");

  /* Nothing lost: the right one goes through. */
  fill_cancel (assistant, VNT_PRACTICE_IDSE_USUARIO, VNT_PRACTICE_IDSE_PASSWORD, 1);
  confirm_cancel (assistant, "cancel-certificate", NULL);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");

  fixture_stop (&fixture);
}

static void
test_cancel_keep (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, FALSE);
  assistant = open_procedure (&fixture, "idse.cancel");
  open_practice_certificate (assistant, NULL, &fixture);
  fill_cancel (assistant, VNT_PRACTICE_IDSE_USUARIO, VNT_PRACTICE_IDSE_PASSWORD, 2);
  /* "Conservarlo": nothing sent, nothing said, still here. */
  confirm_cancel (assistant, "keep", NULL);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "cancel");
  g_assert_cmpstr (vnt_procedure_get_step (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))),
                   ==, "validated");
  fixture_stop (&fixture);
}

static void
test_cancel_certificate_refusals (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntIdseCertificatePage *page;
  g_autoptr(VntPracticeIdse) cancel = NULL;
  g_autoptr(VntPracticeIdse) recover = NULL;
  g_autoptr(VntPracticeIdse) expired = NULL;

  fixture_start (&fixture, FALSE);
  cancel = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_CANCEL);
  recover = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_RECOVER);
  expired = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_RENEW);
  assistant = open_procedure (&fixture, "idse.cancel");

  /* The .pfx with a wrong contraseña. */
  page = open_certificate (assistant, cancel->pfx_path, NULL, "Equivocada2026");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "certificate");
  g_test_message ("%s", vnt_idse_certificate_page_get_error (page));
  g_assert_nonnull (strstr (vnt_idse_certificate_page_get_error (page), "contraseña"));
  /* Said of the IDSE certificate, not of an e.firma. */
  g_assert_nonnull (strstr (vnt_idse_certificate_page_get_error (page), "IDSE"));
  g_assert_null (strstr (vnt_idse_certificate_page_get_error (page), "e.firma"));
  shoot (&fixture, "idse-certificate-wrong-password");

  /* A .cer with the .key of another certificate. */
  page = open_certificate (assistant, cancel->cer_path, recover->key_path, cancel->password);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "certificate");
  g_test_message ("%s", vnt_idse_certificate_page_get_error (page));
  g_assert_nonnull (strstr (vnt_idse_certificate_page_get_error (page), "llave privada"));

  /* Expired: only a renewal takes it. */
  page = open_certificate (assistant, expired->pfx_path, NULL, expired->password);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "certificate");
  g_assert_nonnull (vnt_idse_certificate_page_get_error (page));
  g_test_message ("%s", vnt_idse_certificate_page_get_error (page));
  g_assert_nonnull (strstr (vnt_idse_certificate_page_get_error (page), "Renovación del Certificado Digital"));
  g_assert_null (strstr (vnt_idse_certificate_page_get_error (page), "e.firma"));

  /* The .cer and its own .key. */
  open_certificate (assistant, cancel->cer_path, cancel->key_path, cancel->password);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "cancel");

  fixture_stop (&fixture);
}

static void
test_cancel_service_down (void)
{
  Fixture fixture;
  VntAssistant *assistant;

  fixture_start (&fixture, TRUE);
  assistant = open_procedure (&fixture, "idse.cancel");
  open_practice_certificate (assistant, NULL, &fixture);
  fill_cancel (assistant, VNT_PRACTICE_IDSE_USUARIO, VNT_PRACTICE_IDSE_PASSWORD, 0);
  confirm_cancel (assistant, "cancel-certificate", NULL);
  /* Said, and nothing lost: still here, to try again. */
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "cancel");
  fixture_stop (&fixture);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  vnt_ui_test_init (&argc, &argv);
  identity = vnt_service_identity_generate ("ventanilla-sandbox (prueba)", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/idse/cancel/happy", test_cancel_happy);
  g_test_add_func ("/ui/idse/cancel/wrong-idse-password", test_cancel_wrong_idse_password);
  g_test_add_func ("/ui/idse/cancel/keep", test_cancel_keep);
  g_test_add_func ("/ui/idse/cancel/certificate-refusals", test_cancel_certificate_refusals);
  g_test_add_func ("/ui/idse/cancel/service-down", test_cancel_service_down);

  return g_test_run ();
}
