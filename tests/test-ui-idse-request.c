/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "controllers/procedures/idse-request/vnt-idse-request-controller.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "sandbox/vnt-sandbox.h"
#include "ui/pages/vnt-acuse-page.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/pages/vnt-key-page.h"
#include "ui/pages/vnt-terms-page.h"
#include "ui/procedures/idse-request/vnt-idse-form-page.h"
#include "ui/procedures/idse-request/vnt-idse-pages.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* "Solicitud del Certificado Digital" driven through its real widgets, in
 * Spanish, in a real window, in practice mode, against ventanilla-sandbox
 * on 127.0.0.1 with an IDSE certificate authority: the happy path to the
 * .pfx and every failure a person can meet. Every new screen is written as
 * a PNG (also at 360 px wide and in the dark style) into the build dir,
 * and into docs/screenshots/ with VENTANILLA_UPDATE_SCREENSHOTS=1. */

#define WIDTH  860
#define HEIGHT 960
#define KEY_PASSWORD  "LlaveIdse2026"
#define IDSE_PASSWORD "Practica2026"

typedef struct {
  char             *dir;
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  VntSandbox       *sandbox;
  VntIdseCa        *idse_ca;
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

#define WAIT_FOR(condition) \
  G_STMT_START { while (!(condition)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static gpointer
server_thread (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "sandbox.db", NULL);
  VntSandboxDb *db;

  g_main_context_push_thread_default (fixture->context);
  db = vnt_sandbox_db_open (path, &error);
  g_assert_no_error (error);
  fixture->sandbox = vnt_sandbox_new (db, identity, TRUE);
  vnt_sandbox_set_practice_ca (fixture->sandbox, vnt_test_practice_ca ());
  vnt_sandbox_set_idse_ca (fixture->sandbox, fixture->idse_ca);
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

/* @dir NULL: a new temporary one (else a "restart" over the same files). */
static void
fixture_start (Fixture    *fixture,
               const char *dir,
               gboolean    service_down)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntTrustStore) trust = vnt_test_practice_trust_store ();
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;

  memset (fixture, 0, sizeof *fixture);
  fixture->dir = dir != NULL ? g_strdup (dir) : g_dir_make_tmp ("vnt-ui-idse-XXXXXX", &error);
  g_assert_no_error (error);
  vnt_test_practice_ca ();
  fixture->idse_ca = vnt_idse_ca_open (fixture->dir, &error);
  g_assert_no_error (error);

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
  vnt_service_client_set_retries (fixture->client, 0);

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

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* @keep: leave the files, as a killed process would. */
static void
fixture_stop (Fixture  *fixture,
              gboolean  keep)
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
  g_clear_object (&fixture->idse_ca);
  g_free (fixture->url);
  if (!keep)
    vnt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
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
  g_test_message ("%s at %d px", narrow, gtk_widget_get_width (window));
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
current_assistant (Fixture *fixture)
{
  VntProcedureView *view = vnt_window_get_procedure_view (fixture->window);

  WAIT_FOR (vnt_procedure_view_get_assistant (view) != NULL);
  return vnt_procedure_view_get_assistant (view);
}

static VntAssistant *
open_request (Fixture *fixture)
{
  vnt_window_open_procedure (fixture->window, "idse.request");
  return current_assistant (fixture);
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

static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  data)
{
  GtkWidget *label;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0)
    return TRUE;
  /* A label that wraps is a child of the button's own. */
  label = vnt_ui_test_find (widget, GTK_TYPE_LABEL, NULL, NULL);
  return label != NULL && g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), data) == 0;
}

/* The form through the practice button, then the page's own checks. */
static VntIdseFormPage *
fill_form (Fixture      *fixture,
           VntAssistant *assistant)
{
  VntIdseFormPage *form;
  GtkWidget *practice;

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "recommendations");
  g_assert_true (next_sensitive (assistant));
  click_next (assistant);

  form = VNT_IDSE_FORM_PAGE (page_of_type (assistant, VNT_TYPE_IDSE_FORM_PAGE));
  g_assert_false (next_sensitive (assistant));
  practice = vnt_ui_test_find (GTK_WIDGET (form), GTK_TYPE_BUTTON, has_label, "_Usar datos de práctica");
  g_assert_nonnull (practice);
  click (practice);
  WAIT_FOR (next_sensitive (assistant));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vnt_idse_form_page_get_row (form, "rfc"))), ==,
                   VNT_TEST_COMPANY_RFC);
  return form;
}

/* The practice company's e.firma through the e.firma page's own button. */
static void
validate_company (VntAssistant *assistant)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE);

  /* The patrón's RFC, from the form. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row"))), ==,
                   VNT_TEST_COMPANY_RFC);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "practice_button"));
  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button")) &&
            *gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row"))) != '\0');
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  WAIT_FOR (next_sensitive (assistant));
}

static void
type_key (VntAssistant *assistant,
          const char   *path,
          const char   *password,
          const char   *confirmation)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_KEY_PAGE);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* A default is suggested before anything is chosen. */
  g_assert_nonnull (vnt_key_page_get_file (VNT_KEY_PAGE (page)));
  g_assert_true (g_str_has_suffix (g_file_peek_path (vnt_key_page_get_file (VNT_KEY_PAGE (page))), ".key"));
  vnt_key_page_set_file (VNT_KEY_PAGE (page), file);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "password_row")), password);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "confirm_row")), confirmation);
}

static VntIdseCertificateBox *
certificate_box (VntAssistant *assistant)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_ACUSE_PAGE);
  GtkWidget *box = vnt_ui_test_find (GTK_WIDGET (page), VNT_TYPE_IDSE_CERTIFICATE_BOX, NULL, NULL);

  g_assert_nonnull (box);
  return VNT_IDSE_CERTIFICATE_BOX (box);
}

/* From the form to the acuse. */
static void
reach_acuse (Fixture      *fixture,
             VntAssistant *assistant,
             const char   *key_path,
             gboolean      shots)
{
  VntPage *page;

  if (shots)
    shoot (fixture, "idse-request-2-form");
  click_next (assistant);
  validate_company (assistant);
  if (shots)
    shoot (fixture, "idse-request-3-efirma");
  click_next (assistant);

  type_key (assistant, key_path, KEY_PASSWORD, KEY_PASSWORD);
  g_assert_true (next_sensitive (assistant));
  if (shots)
    shoot (fixture, "idse-request-4-key");
  page = vnt_assistant_get_current_page (assistant);
  click_next (assistant);
  /* Written before anything is sent, 0600, SAT's format. */
  {
    GStatBuf st;
    g_autoptr(GError) error = NULL;
    g_autoptr(VntPrivateKey) key = vnt_private_key_new_from_file (key_path, KEY_PASSWORD, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (vnt_private_key_get_encryption (key), ==, "PBES2-3DES-CBC");
    g_assert_cmpint (g_stat (key_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpfloat (vnt_key_page_get_fraction (VNT_KEY_PAGE (page)), ==, 1.0);
    g_assert_nonnull (strstr (vnt_key_page_get_status (VNT_KEY_PAGE (page)), "guardó"));
  }

  page = page_of_type (assistant, VNT_TYPE_IDSE_SEND_PAGE);
  g_assert_false (gtk_widget_get_mapped (vnt_idse_send_page_get_password_row (VNT_IDSE_SEND_PAGE (page))));
  if (shots)
    shoot (fixture, "idse-request-5-send");
  click_next (assistant);

  page = page_of_type (assistant, VNT_TYPE_TERMS_PAGE);
  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_TERMS_PAGE, "accept_check")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (page, VNT_TYPE_TERMS_PAGE, "accept_check")), TRUE);
  if (shots)
    shoot (fixture, "idse-request-6-terms");
  click_next (assistant);
  page_of_type (assistant, VNT_TYPE_ACUSE_PAGE);
}

static void
test_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntIdseCertificateBox *box;
  g_autofree char *key_path = NULL;
  g_autofree char *pfx_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(GFile) pfx = NULL;
  g_autoptr(GFile) pdf = NULL;
  g_autofree char *pass = g_strdup_printf ("pass:%s", IDSE_PASSWORD);
  int status;

  fixture_start (&fixture, NULL, FALSE);
  key_path = g_build_filename (fixture.dir, "IDSE.key", NULL);
  pfx_path = g_build_filename (fixture.dir, "IDSE.pfx", NULL);
  pdf_path = g_build_filename (fixture.dir, "Solicitud.pdf", NULL);
  assistant = open_request (&fixture);
  shoot (&fixture, "idse-request-1-recommendations");
  fill_form (&fixture, assistant);
  reach_acuse (&fixture, assistant, key_path, TRUE);

  box = certificate_box (assistant);
  g_assert_nonnull (strstr (vnt_idse_certificate_box_get_deadline (box), "Acude a tu Subdelegación a más tardar el"));
  WAIT_FOR (vnt_acuse_page_get_value (VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant)), "folio") != NULL);
  shoot (&fixture, "idse-request-7-acuse");

  /* The printable request. */
  pdf = g_file_new_for_path (pdf_path);
  vnt_idse_certificate_box_save_request (box, pdf);
  WAIT_FOR (g_file_test (pdf_path, G_FILE_TEST_EXISTS) && *vnt_idse_certificate_box_get_status (box) != '\0');

  /* The visit played; the certificate for the saved key. */
  click (vnt_idse_certificate_box_get_conclude_button (box));
  WAIT_FOR (!gtk_widget_get_visible (vnt_idse_certificate_box_get_conclude_button (box)) ||
            strstr (vnt_idse_certificate_box_get_status (box), "IMSS") != NULL);
  g_assert_nonnull (strstr (vnt_idse_certificate_box_get_status (box), "es el de la llave"));
  gtk_editable_set_text (GTK_EDITABLE (vnt_idse_certificate_box_get_pfx_password_row (box)), IDSE_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (vnt_idse_certificate_box_get_pfx_confirm_row (box)), IDSE_PASSWORD);
  shoot (&fixture, "idse-request-8-certificate");

  pfx = g_file_new_for_path (pfx_path);
  vnt_idse_certificate_box_save_pfx (box, pfx);
  WAIT_FOR (strstr (vnt_idse_certificate_box_get_status (box), pfx_path) != NULL);
  /* `openssl pkcs12` opens it with the IDSE contraseña. */
  if (g_find_program_in_path ("openssl") != NULL)
    {
      const char *argv[] = { "openssl", "pkcs12", "-in", pfx_path, "-passin", pass, "-noout", NULL };

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  shoot (&fixture, "idse-request-9-saved");

  fixture_stop (&fixture, FALSE);
}

/* The form says what is wrong under each field, as it is typed. */
static void
test_form_failures (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntIdseFormPage *form;

  fixture_start (&fixture, NULL, FALSE);
  assistant = open_request (&fixture);
  form = fill_form (&fixture, assistant);

  /* Usuario equal to the contraseña. */
  vnt_idse_form_page_set_value (form, "password", "PRACTICA01");
  g_assert_nonnull (vnt_idse_form_page_get_problem (form, "password"));
  g_assert_nonnull (strstr (vnt_idse_form_page_get_problem (form, "password"), "usuario"));
  g_assert_true (gtk_widget_has_css_class (vnt_idse_form_page_get_row (form, "password"), "error"));
  /* Its confirmation no longer matches. */
  g_assert_nonnull (vnt_idse_form_page_get_problem (form, "password_confirm"));

  /* A wrong confirmation. */
  vnt_idse_form_page_set_value (form, "password", IDSE_PASSWORD);
  g_assert_null (vnt_idse_form_page_get_problem (form, "password"));
  vnt_idse_form_page_set_value (form, "password_confirm", "Practica2027");
  g_assert_nonnull (strstr (vnt_idse_form_page_get_problem (form, "password_confirm"), "confirmación"));

  /* A CURP with a wrong check digit, a short código postal. */
  vnt_idse_form_page_set_value (form, "curp", "SIVM780105MNLMGR02");
  g_assert_nonnull (vnt_idse_form_page_get_problem (form, "curp"));
  vnt_idse_form_page_set_value (form, "codigo_postal", "0600");
  g_assert_nonnull (vnt_idse_form_page_get_problem (form, "codigo_postal"));
  shoot (&fixture, "idse-request-form-problems");

  /* "Siguiente" stays on the form. */
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "form");

  fixture_stop (&fixture, FALSE);
}

static void
test_efirma_failures (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  VntPracticeEfirma *csd = vnt_test_practice_efirma (VNT_PRACTICE_KIND_CSD, VNT_TEST_COMPANY_RFC);
  VntPracticeEfirma *carlos = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_CARLOS_RFC);
  g_autoptr(GFile) cer = NULL;
  g_autoptr(GFile) key = NULL;

  fixture_start (&fixture, NULL, FALSE);
  assistant = open_request (&fixture);
  fill_form (&fixture, assistant);
  click_next (assistant);
  page = page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE);

  /* The company's CSD. */
  cer = g_file_new_for_path (csd->cer_path);
  key = g_file_new_for_path (csd->key_path);
  vnt_efirma_page_set_files (VNT_EFIRMA_PAGE (page), cer, key);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), csd->password);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (VNT_EFIRMA_PAGE (page)), "CSD"));
  g_assert_false (next_sensitive (assistant));
  shoot (&fixture, "idse-request-efirma-csd");

  /* Another RFC's e.firma. */
  g_clear_object (&cer);
  g_clear_object (&key);
  cer = g_file_new_for_path (carlos->cer_path);
  key = g_file_new_for_path (carlos->key_path);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row")), carlos->rfc);
  vnt_efirma_page_set_files (VNT_EFIRMA_PAGE (page), cer, key);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), carlos->password);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "efirma");
  /* Said on the page, with both RFCs. */
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (VNT_EFIRMA_PAGE (page)), VNT_TEST_COMPANY_RFC));
  g_assert_nonnull (strstr (vnt_efirma_page_get_result_detail (VNT_EFIRMA_PAGE (page)), VNT_TEST_CARLOS_RFC));
  shoot (&fixture, "idse-request-efirma-other-rfc");

  fixture_stop (&fixture, FALSE);
}

/* A key is never written over a file; the page says so at the file. */
static void
test_key_never_overwrites (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  g_autofree char *taken = NULL;
  g_autofree char *contents = NULL;

  fixture_start (&fixture, NULL, FALSE);
  taken = g_build_filename (fixture.dir, "taken.key", NULL);
  g_assert_true (g_file_set_contents (taken, "not yours", -1, NULL));
  assistant = open_request (&fixture);
  fill_form (&fixture, assistant);
  click_next (assistant);
  validate_company (assistant);
  click_next (assistant);

  /* The passwords differ first: said, nothing made. */
  type_key (assistant, taken, KEY_PASSWORD, "OtraLlave2026");
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "key");
  g_assert_nonnull (vnt_assistant_get_error (assistant));

  type_key (assistant, taken, KEY_PASSWORD, KEY_PASSWORD);
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "key");
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "taken.key"));
  g_assert_true (g_file_get_contents (taken, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not yours");
  shoot (&fixture, "idse-request-key-exists");

  fixture_stop (&fixture, FALSE);
}

static void
test_deadline_passed (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntIdseCertificateBox *box;
  g_autofree char *key_path = NULL;
  g_autoptr(GDate) late = g_date_new ();

  fixture_start (&fixture, NULL, FALSE);
  key_path = g_build_filename (fixture.dir, "late.key", NULL);
  assistant = open_request (&fixture);
  fill_form (&fixture, assistant);
  reach_acuse (&fixture, assistant, key_path, FALSE);
  box = certificate_box (assistant);

  g_date_set_time_t (late, time (NULL));
  g_date_add_days (late, 60);
  vnt_sandbox_set_today_for_testing (fixture.sandbox, late);
  click (vnt_idse_certificate_box_get_conclude_button (box));
  WAIT_FOR (*vnt_idse_certificate_box_get_status (box) != '\0');
  g_test_message ("%s", vnt_idse_certificate_box_get_status (box));
  g_assert_true (gtk_widget_get_visible (vnt_idse_certificate_box_get_conclude_button (box)));
  g_assert_false (gtk_widget_get_visible (vnt_idse_certificate_box_get_pfx_password_row (box)) &&
                  gtk_widget_get_mapped (vnt_idse_certificate_box_get_pfx_password_row (box)));
  shoot (&fixture, "idse-request-deadline-passed");

  fixture_stop (&fixture, FALSE);
}

static void
test_service_down (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  g_autofree char *key_path = NULL;

  fixture_start (&fixture, NULL, TRUE);
  key_path = g_build_filename (fixture.dir, "down.key", NULL);
  assistant = open_request (&fixture);
  fill_form (&fixture, assistant);
  click_next (assistant);

  /* Validating needs no service; sending does. */
  validate_company (assistant);
  click_next (assistant);
  type_key (assistant, key_path, KEY_PASSWORD, KEY_PASSWORD);
  click_next (assistant);
  page_of_type (assistant, VNT_TYPE_IDSE_SEND_PAGE);
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "send");
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  /* Nothing saved is lost. */
  g_assert_true (g_file_test (key_path, G_FILE_TEST_EXISTS));
  shoot (&fixture, "idse-request-service-down");

  fixture_stop (&fixture, FALSE);
}

/* Killed between the key and the request: the next run resumes it, opens
 * the e.firma and the same key again, asks the contraseña again, sends. */
static void
test_resume_after_kill (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  VntPracticeEfirma *company = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
  g_autofree char *dir = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autofree char *resume = NULL;

  fixture_start (&fixture, NULL, FALSE);
  dir = g_strdup (fixture.dir);
  key_path = g_build_filename (dir, "resume.key", NULL);
  assistant = open_request (&fixture);
  fill_form (&fixture, assistant);
  click_next (assistant);
  validate_company (assistant);
  click_next (assistant);
  type_key (assistant, key_path, KEY_PASSWORD, KEY_PASSWORD);
  click_next (assistant);
  page_of_type (assistant, VNT_TYPE_IDSE_SEND_PAGE);
  fixture_stop (&fixture, TRUE);

  /* A new run over the same files. */
  fixture_start (&fixture, dir, FALSE);
  unfinished = vnt_tramite_store_list_unfinished (fixture.store);
  g_assert_cmpuint (unfinished->len, ==, 1);
  resume = g_strconcat ("resume:", vnt_tramite_get_id (unfinished->pdata[0]), NULL);
  vnt_window_open_procedure (fixture.window, resume);
  assistant = current_assistant (&fixture);
  WAIT_FOR (vnt_assistant_get_current_page (assistant) != NULL);

  /* The e.firma first (its password is never saved). */
  page = page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), company->password);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);

  /* Then the same key, found where it was saved. */
  page = page_of_type (assistant, VNT_TYPE_KEY_PAGE);
  g_assert_cmpstr (g_file_peek_path (vnt_key_page_get_file (VNT_KEY_PAGE (page))), ==, key_path);
  g_assert_false (gtk_widget_get_visible (child_of (page, VNT_TYPE_KEY_PAGE, "confirm_row")));
  shoot (&fixture, "idse-request-resume-key");
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "password_row")), KEY_PASSWORD);
  click_next (assistant);

  /* The contraseña again, then sent. */
  page = page_of_type (assistant, VNT_TYPE_IDSE_SEND_PAGE);
  g_assert_true (gtk_widget_get_mapped (vnt_idse_send_page_get_password_row (VNT_IDSE_SEND_PAGE (page))));
  g_assert_false (next_sensitive (assistant));
  gtk_editable_set_text (GTK_EDITABLE (vnt_idse_send_page_get_password_row (VNT_IDSE_SEND_PAGE (page))), IDSE_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (vnt_idse_send_page_get_confirm_row (VNT_IDSE_SEND_PAGE (page))), IDSE_PASSWORD);
  click_next (assistant);
  page_of_type (assistant, VNT_TYPE_TERMS_PAGE);

  fixture_stop (&fixture, FALSE);
}

/* "Certificado Digital adicional" after a solicitud: the NPIE it gave,
 * another usuario, a new key, to the certificate. */
static void
test_additional (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntIdseCertificateBox *box;
  VntIdseFormPage *form;
  VntPage *page;
  GtkWidget *practice;
  g_autofree char *first_key = NULL;
  g_autofree char *second_key = NULL;
  g_autofree char *npie = NULL;

  fixture_start (&fixture, NULL, FALSE);
  first_key = g_build_filename (fixture.dir, "first.key", NULL);
  second_key = g_build_filename (fixture.dir, "second.key", NULL);
  assistant = open_request (&fixture);
  fill_form (&fixture, assistant);
  reach_acuse (&fixture, assistant, first_key, FALSE);
  box = certificate_box (assistant);
  click (vnt_idse_certificate_box_get_conclude_button (box));
  WAIT_FOR (!gtk_widget_get_visible (vnt_idse_certificate_box_get_conclude_button (box)) ||
            strstr (vnt_idse_certificate_box_get_status (box), "IMSS") != NULL);
  npie = g_strdup (vnt_idse_request_controller_get_npie (VNT_IDSE_REQUEST_CONTROLLER (
    vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)))));
  g_assert_nonnull (npie);

  vnt_window_open_procedure (fixture.window, "idse.additional");
  assistant = current_assistant (&fixture);
  WAIT_FOR (vnt_assistant_get_current_page (assistant) != NULL);
  shoot (&fixture, "idse-additional-1-recommendations");
  click_next (assistant);

  form = VNT_IDSE_FORM_PAGE (page_of_type (assistant, VNT_TYPE_IDSE_FORM_PAGE));
  g_assert_nonnull (vnt_idse_form_page_get_row (form, "npie"));
  g_assert_null (vnt_idse_form_page_get_row (form, "registro_patronal"));
  practice = vnt_ui_test_find (GTK_WIDGET (form), GTK_TYPE_BUTTON, has_label, "_Usar datos de práctica");
  click (practice);
  WAIT_FOR (*gtk_editable_get_text (GTK_EDITABLE (vnt_idse_form_page_get_row (form, "usuario"))) != '\0');
  vnt_idse_form_page_set_value (form, "npie", npie);
  WAIT_FOR (next_sensitive (assistant));
  shoot (&fixture, "idse-additional-2-form");
  click_next (assistant);

  /* The company's e.firma: the practice button picks it. */
  page = page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "practice_button"));
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row"))),
                       VNT_TEST_COMPANY_RFC) == 0);
  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button")));
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);

  type_key (assistant, second_key, KEY_PASSWORD, KEY_PASSWORD);
  click_next (assistant);
  page_of_type (assistant, VNT_TYPE_IDSE_SEND_PAGE);
  shoot (&fixture, "idse-additional-5-send");
  click_next (assistant);
  page = page_of_type (assistant, VNT_TYPE_TERMS_PAGE);
  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_TERMS_PAGE, "accept_check")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (page, VNT_TYPE_TERMS_PAGE, "accept_check")), TRUE);
  click_next (assistant);

  box = certificate_box (assistant);
  g_assert_nonnull (strstr (vnt_idse_certificate_box_get_deadline (box), "Acude a tu Subdelegación a más tardar el"));
  shoot (&fixture, "idse-additional-7-acuse");
  click (vnt_idse_certificate_box_get_conclude_button (box));
  WAIT_FOR (!gtk_widget_get_visible (vnt_idse_certificate_box_get_conclude_button (box)) ||
            strstr (vnt_idse_certificate_box_get_status (box), "IMSS") != NULL);
  g_assert_nonnull (strstr (vnt_idse_certificate_box_get_status (box), "es el de la llave"));
  g_assert_cmpstr (vnt_idse_request_controller_get_npie (VNT_IDSE_REQUEST_CONTROLLER (
    vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window)))), ==, npie);

  fixture_stop (&fixture, FALSE);
}

/* "Certificado Digital adicional" for an NPIE IMSS does not know for
 * this RFC: said plainly on the send page, the new key kept. */
static void
test_additional_unknown_npie (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntIdseFormPage *form;
  VntPage *page;
  g_autofree char *key = NULL;

  fixture_start (&fixture, NULL, FALSE);
  key = g_build_filename (fixture.dir, "adicional.key", NULL);
  vnt_window_open_procedure (fixture.window, "idse.additional");
  assistant = current_assistant (&fixture);
  WAIT_FOR (vnt_assistant_get_current_page (assistant) != NULL);
  click_next (assistant);

  form = VNT_IDSE_FORM_PAGE (page_of_type (assistant, VNT_TYPE_IDSE_FORM_PAGE));
  click (vnt_ui_test_find (GTK_WIDGET (form), GTK_TYPE_BUTTON, has_label, "_Usar datos de práctica"));
  WAIT_FOR (*gtk_editable_get_text (GTK_EDITABLE (vnt_idse_form_page_get_row (form, "usuario"))) != '\0');
  vnt_idse_form_page_set_value (form, "npie", "SB99999999");
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);

  page = page_of_type (assistant, VNT_TYPE_EFIRMA_PAGE);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "practice_button"));
  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button")));
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (VNT_EFIRMA_PAGE (page)));
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);

  type_key (assistant, key, KEY_PASSWORD, KEY_PASSWORD);
  click_next (assistant);
  page_of_type (assistant, VNT_TYPE_IDSE_SEND_PAGE);
  click_next (assistant);
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  g_assert_nonnull (strstr (vnt_assistant_get_error (assistant), "NPIE"));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "send");
  g_assert_true (g_file_test (key, G_FILE_TEST_IS_REGULAR));
  shoot (&fixture, "idse-additional-unknown-npie");

  fixture_stop (&fixture, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  vnt_ui_test_init (&argc, &argv);
  identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/idse-request/happy", test_happy);
  g_test_add_func ("/ui/idse-request/form-failures", test_form_failures);
  g_test_add_func ("/ui/idse-request/efirma-failures", test_efirma_failures);
  g_test_add_func ("/ui/idse-request/key-never-overwrites", test_key_never_overwrites);
  g_test_add_func ("/ui/idse-request/deadline-passed", test_deadline_passed);
  g_test_add_func ("/ui/idse-request/service-down", test_service_down);
  g_test_add_func ("/ui/idse-request/resume-after-kill", test_resume_after_kill);
  g_test_add_func ("/ui/idse-request/additional", test_additional);
  g_test_add_func ("/ui/idse-request/additional-unknown-npie", test_additional_unknown_npie);

  return g_test_run ();
}
