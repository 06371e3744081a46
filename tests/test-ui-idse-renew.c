/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "controllers/vnt-practice-idse.h"
#include "core/vnt-safe-file.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-pkcs12-writer.h"
#include "crypto/vnt-request-writer.h"
#include "crypto/vnt-signature.h"
#include "sandbox/vnt-sandbox.h"
#include "ui/pages/vnt-acuse-page.h"
#include "ui/pages/vnt-idse-certificate-page.h"
#include "ui/pages/vnt-key-page.h"
#include "ui/pages/vnt-pfx-page.h"
#include "ui/pages/vnt-terms-page.h"
#include "ui/procedures/idse-renew/vnt-idse-renew-pages.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-start-section.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* "Renovación del Certificado Digital" driven through its real widgets, in
 * Spanish, in a real window, against ventanilla-sandbox on 127.0.0.1 with
 * its IDSE CA and the practice IDSE certificates (as practice mode makes
 * them on first start; `renovar` expired 30 days ago), plus one that
 * expired 400 days ago, and `cancelar` cancelled. Each test has its own
 * sandbox, certificates and store; a "killed" run leaves them for the
 * next. Every screen is also written as a PNG (docs/screenshots/ with
 * VENTANILLA_UPDATE_SCREENSHOTS=1), at full width, at 360 px and dark. */

#define COMPANY_NAME "PRUEBA NOMINAS SA DE CV"
#define COMPANY_RFC  "PNO150601QX6"

#define OLD_SERIAL   "00009900000000000009"
#define KEY_PASSWORD "LlaveNueva2026"

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

/* A certificate of the practice company that expired 400 days ago, as
 * "viejo.pfx" beside the others, on the service's record. */
static void
add_old_certificate (const char   *data_dir,
                     VntIdseCa    *ca,
                     VntSandboxDb *db)
{
  g_autofree char *path = g_build_filename (data_dir, "practica-idse", "viejo.pfx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) csr = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) pfx = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_after = g_date_time_add_days (now, -400);
  g_autoptr(GDateTime) not_before = g_date_time_add_days (not_after, -730);
  g_autofree char *verifier = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  key = vnt_keygen_generate (2048, NULL, &error);
  g_assert_no_error (error);
  csr = vnt_request_writer_build (key, COMPANY_RFC, COMPANY_RFC, "nominas@example.mx", NULL, &error);
  g_assert_no_error (error);
  der = vnt_idse_ca_issue (ca, csr, COMPANY_NAME, COMPANY_RFC, OLD_SERIAL, not_before, not_after, &error);
  g_assert_no_error (error);
  certificate = vnt_certificate_new_from_bytes (der, &error);
  g_assert_no_error (error);
  pfx = vnt_pkcs12_writer_build (certificate, key, VNT_PRACTICE_IDSE_PASSWORD, VNT_PKCS12_PROFILE_MODERN, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_safe_file_write_bytes (path, pfx, NULL, &error));
  verifier = vnt_idse_password_hash (VNT_PRACTICE_IDSE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_sandbox_db_execute (db, NULL, &error,
                                         "INSERT INTO idse_certificates (serial, npie, folio, usuario, verifier, der, "
                                         "not_before, not_after, status) VALUES (?, ?, 'IDSE-PRUEBA', ?, ?, ?, ?, ?, 'valid')",
                                         "ssssbii", OLD_SERIAL, VNT_PRACTICE_IDSE_NPIE, VNT_PRACTICE_IDSE_USUARIO, verifier,
                                         der, g_date_time_to_unix (not_before), g_date_time_to_unix (not_after)));
}

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
  add_old_certificate (fixture->data_dir, ca, db);
  /* One cancelled: it can no longer be renewed. */
  g_assert_true (vnt_sandbox_db_execute (db, NULL, &error,
                                         "UPDATE idse_certificates SET status = 'cancelled' WHERE serial = '00009900000000000001'", ""));

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

/* @dir: the files of an earlier run (NULL: new ones). */
static void
fixture_start (Fixture    *fixture,
               const char *dir,
               gboolean    service_down)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  memset (fixture, 0, sizeof *fixture);
  fixture->dir = dir != NULL ? g_strdup (dir) : g_dir_make_tmp ("vnt-ui-idse-renew-XXXXXX", &error);
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
  g_free (fixture->url);
  if (!keep)
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

/* ------------------------------------------------------------------ */
/* Renovación del Certificado Digital                                  */

static VntPage *
page_of_type (VntAssistant *assistant,
              GType         type)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_nonnull (page);
  if (!G_TYPE_CHECK_INSTANCE_TYPE (page, type))
    g_error ("on page “%s” (%s), expected a %s; error: %s", vnt_assistant_get_current_id (assistant),
             G_OBJECT_TYPE_NAME (page), g_type_name (type),
             vnt_assistant_get_error (assistant) != NULL ? vnt_assistant_get_error (assistant) : "none");
  return page;
}

/* What the certificate page or the assistant says, or NULL. */
static const char *
certificate_error (VntAssistant *assistant)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);
  const char *text = VNT_IS_IDSE_CERTIFICATE_PAGE (page)
                     ? vnt_idse_certificate_page_get_error (VNT_IDSE_CERTIFICATE_PAGE (page)) : NULL;

  return text != NULL && *text != '\0' ? text : vnt_assistant_get_error (assistant);
}

static char *
old_pfx_path (Fixture *fixture)
{
  g_autoptr(VntPracticeIdse) idse = practice_idse (fixture, VNT_PRACTICE_IDSE_TO_RENEW);
  g_autofree char *dir = g_path_get_dirname (idse->pfx_path);

  return g_build_filename (dir, "viejo.pfx", NULL);
}

/* The certificate page refuses @cer (@key), @password; says @needle. */
static void
refused (VntAssistant *assistant,
         const char   *cer,
         const char   *key,
         const char   *password,
         const char   *needle)
{
  const char *error;

  open_certificate (assistant, cer, key, password);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "certificate");
  error = certificate_error (assistant);
  g_assert_nonnull (error);
  g_test_message ("%s", error);
  if (strstr (error, needle) == NULL)
    g_error ("“%s” does not say “%s”", error, needle);
}

static void
check_key_file (const char *path)
{
  GStatBuf st;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) key = vnt_private_key_new_from_file (path, KEY_PASSWORD, &error);

  /* SAT's format, 0600. */
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_private_key_get_encryption (key), ==, "PBES2-3DES-CBC");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* From the data page (e-mail @email) through the new key at @key_path. */
static void
confirm_and_generate (Fixture      *fixture,
                      VntAssistant *assistant,
                      const char   *email,
                      const char   *key_path,
                      gboolean      shots)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_IDSE_RENEW_DATA_PAGE);
  GtkWidget *email_row = vnt_idse_renew_data_page_get_email_row (VNT_IDSE_RENEW_DATA_PAGE (page));
  g_autoptr(GFile) file = g_file_new_for_path (key_path);

  g_assert_nonnull (vnt_ui_test_find_row (GTK_WIDGET (page), "NPIE"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (vnt_ui_test_find_row (GTK_WIDGET (page), "NPIE"))),
                   ==, VNT_PRACTICE_IDSE_NPIE);
  gtk_editable_set_text (GTK_EDITABLE (email_row), "no es un correo");
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "data");
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  gtk_editable_set_text (GTK_EDITABLE (email_row), email);
  /* Mended: neither the row nor the message still speaks of it. */
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  g_assert_null (vnt_assistant_get_error (assistant));
  if (shots)
    shoot (fixture, "idse-renew-2-data");
  click_next (assistant);

  page = page_of_type (assistant, VNT_TYPE_KEY_PAGE);
  g_assert_nonnull (vnt_key_page_get_file (VNT_KEY_PAGE (page)));
  vnt_key_page_set_file (VNT_KEY_PAGE (page), file);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "password_row")), KEY_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "confirm_row")), KEY_PASSWORD);
  if (shots)
    shoot (fixture, "idse-renew-3-key");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  check_key_file (key_path);
  g_assert_cmpfloat (vnt_key_page_get_fraction (VNT_KEY_PAGE (page)), ==, 1.0);
  page_of_type (assistant, VNT_TYPE_IDSE_RENEW_SEND_PAGE);
}

/* Sign the carta on the terms page with the expired certificate; its
 * text. */
static char *
sign_terms (Fixture      *fixture,
            VntAssistant *assistant,
            gboolean      shots)
{
  VntPage *page = page_of_type (assistant, VNT_TYPE_TERMS_PAGE);
  g_autofree char *text = NULL;

  WAIT_FOR (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_TERMS_PAGE, "accept_check")));
  text = vnt_terms_page_get_text (VNT_TERMS_PAGE (page));
  g_assert_nonnull (strstr (text, "NPIE"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (page, VNT_TYPE_TERMS_PAGE, "accept_check")), TRUE);
  if (shots)
    shoot (fixture, "idse-renew-5-terms");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  return g_steal_pointer (&text);
}

/* openssl opens @path with @password: the certificate and its key. */
static void
check_pfx_with_openssl (const char *path,
                        const char *password,
                        const char *serial)
{
  g_autofree char *pass = g_strconcat ("pass:", password, NULL);
  const char *argv[] = { "openssl", "pkcs12", "-in", path, "-passin", pass, "-nodes", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int status = -1;
  GStatBuf st;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl pkcs12 refused %s: %s", path, err);
  g_assert_nonnull (strstr (out, "BEGIN CERTIFICATE"));
  g_assert_nonnull (strstr (out, "BEGIN PRIVATE KEY"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* And it is the new certificate. */
  credential = vnt_credential_new_from_files (path, NULL, password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_credential_get_certificate (credential)), ==, serial);
}

static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  needle)
{
  return strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

static void
test_renew_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  VntPfxPage *pfx_page;
  VntAcusePage *acuse;
  g_autoptr(VntPracticeIdse) idse = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *pfx_path = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *before = NULL;
  g_autofree char *new_serial = NULL;
  g_autofree char *carta = NULL;
  g_autoptr(GFile) taken_file = NULL;
  g_autoptr(GFile) pfx_file = NULL;

  fixture_start (&fixture, NULL, FALSE);
  idse = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_RENEW);
  key_path = g_build_filename (fixture.dir, "nueva.key", NULL);
  pfx_path = g_build_filename (fixture.dir, "nuevo.pfx", NULL);
  taken = g_build_filename (fixture.dir, "ocupado.pfx", NULL);
  g_assert_true (g_file_set_contents (taken, "ya estaba aquí", -1, NULL));

  assistant = open_procedure (&fixture, "idse.renew");
  open_practice_certificate (assistant, "idse-renew-1-certificate", &fixture);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "data");
  page = page_of_type (assistant, VNT_TYPE_IDSE_RENEW_DATA_PAGE);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (vnt_ui_test_find_row (GTK_WIDGET (page), "Número de certificado"))),
                            idse->serial));
  confirm_and_generate (&fixture, assistant, "nominas@prueba.mx", key_path, TRUE);

  shoot (&fixture, "idse-renew-4-send");
  g_assert_nonnull (vnt_ui_test_find_row (GTK_WIDGET (vnt_assistant_get_current_page (assistant)), "Correo electrónico"));
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  carta = sign_terms (&fixture, assistant, TRUE);

  /* The new certificate, fetched and checked against the new key. */
  page = page_of_type (assistant, VNT_TYPE_PFX_PAGE);
  pfx_page = VNT_PFX_PAGE (page);
  WAIT_FOR (gtk_widget_get_visible (vnt_pfx_page_get_password_row (pfx_page)) &&
            gtk_widget_get_mapped (vnt_pfx_page_get_password_row (pfx_page)));
  /* Said: fetched, and it is the new key's. */
  g_assert_nonnull (vnt_ui_test_find (GTK_WIDGET (page), GTK_TYPE_LABEL, label_says, "es el de la llave que guardaste"));
  new_serial = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (vnt_ui_test_find_row (GTK_WIDGET (page), "Número de certificado"))));
  g_assert_cmpstr (new_serial, !=, idse->serial);
  /* The default: beside the new key. */
  g_assert_true (g_str_has_prefix (g_file_peek_path (vnt_pfx_page_get_file (pfx_page)), fixture.dir));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (vnt_pfx_page_get_compat_row (pfx_page))));

  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_password_row (pfx_page)), VNT_PRACTICE_IDSE_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_confirm_row (pfx_page)), VNT_PRACTICE_IDSE_PASSWORD);
  g_assert_true (next_sensitive (assistant));
  shoot (&fixture, "idse-renew-6-pfx");

  /* Never over a file that is there. */
  taken_file = g_file_new_for_path (taken);
  vnt_pfx_page_set_file (pfx_page, taken_file);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_password_row (pfx_page)), VNT_PRACTICE_IDSE_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_confirm_row (pfx_page)), VNT_PRACTICE_IDSE_PASSWORD);
  click_next (assistant);
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "pfx");
  g_assert_true (g_file_get_contents (taken, &before, NULL, NULL));
  g_assert_cmpstr (before, ==, "ya estaba aquí");

  /* A contraseña and a different confirmation. */
  pfx_file = g_file_new_for_path (pfx_path);
  vnt_pfx_page_set_file (pfx_page, pfx_file);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_password_row (pfx_page)), VNT_PRACTICE_IDSE_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_confirm_row (pfx_page)), "Otra2026x");
  click_next (assistant);
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_assert_false (g_file_test (pfx_path, G_FILE_TEST_EXISTS));

  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_password_row (pfx_page)), VNT_PRACTICE_IDSE_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_confirm_row (pfx_page)), VNT_PRACTICE_IDSE_PASSWORD);
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  check_pfx_with_openssl (pfx_path, VNT_PRACTICE_IDSE_PASSWORD, new_serial);

  /* The carta again, with the new certificate. */
  page = page_of_type (assistant, VNT_TYPE_IDSE_RENEW_SIGN_PAGE);
  shoot (&fixture, "idse-renew-7-sign");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  /* Said, then the Carta de Condiciones de Uso. */
  page = page_of_type (assistant, VNT_TYPE_IDSE_RENEW_CONDITIONS_PAGE);
  g_assert_cmpstr (vnt_idse_renew_conditions_page_get_success (VNT_IDSE_RENEW_CONDITIONS_PAGE (page)), ==,
                   "Se ha generado exitosamente su Certificado Digital.");
  WAIT_FOR (gtk_widget_is_sensitive (vnt_idse_renew_conditions_page_get_accept_check (VNT_IDSE_RENEW_CONDITIONS_PAGE (page))));
  g_assert_false (next_sensitive (assistant));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (vnt_idse_renew_conditions_page_get_accept_check (VNT_IDSE_RENEW_CONDITIONS_PAGE (page))), TRUE);
  shoot (&fixture, "idse-renew-8-conditions");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "status_page"))),
                   ==, "Tu certificado digital fue renovado");
  g_assert_nonnull (vnt_acuse_page_get_value (acuse, "folio"));
  g_assert_true (g_file_test (vnt_acuse_page_get_pdf_path (acuse), G_FILE_TEST_IS_REGULAR));
  /* Under it, the new certificate and where it went. */
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (vnt_ui_test_find_row (GTK_WIDGET (acuse), "Carta firmada con el certificado nuevo"))),
                                   "_carta.p7s"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (vnt_ui_test_find_row (GTK_WIDGET (acuse), "Archivo del certificado (.pfx)"))),
                   ==, pfx_path);
  shoot (&fixture, "idse-renew-9-acuse");

  /* The detached signature of the carta, by the new certificate. */
  {
    g_autofree char *folder = g_path_get_dirname (pfx_path);
    g_autofree char *name = g_strdup_printf ("%s_%s_carta.p7s", COMPANY_RFC, new_serial);
    g_autofree char *p7s = g_build_filename (folder, name, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(VntCertificate) signer = NULL;
    g_autoptr(GBytes) cms = NULL;
    gchar *contents = NULL;
    gsize length = 0;

    g_autoptr(GBytes) text = g_bytes_new (carta, strlen (carta));
    GStatBuf st;

    g_assert_true (g_file_get_contents (p7s, &contents, &length, NULL));
    cms = g_bytes_new_take (contents, length);
    /* Detached: without the carta it does not verify; with it, it is the
     * new certificate's. */
    signer = vnt_signature_verify_cms (cms, NULL, NULL, &error);
    g_assert_null (signer);
    g_clear_error (&error);
    signer = vnt_signature_verify_cms (cms, text, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vnt_certificate_get_number (signer), ==, new_serial);
    g_assert_cmpint (g_stat (p7s, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  /* The passwords were never kept. */
  g_assert_false (store_contains (&fixture, VNT_PRACTICE_IDSE_PASSWORD));
  g_assert_false (store_contains (&fixture, KEY_PASSWORD));
  exit_to_start (&fixture, 1);

  /* Renewed: the old one is refused, said plainly. */
  assistant = open_procedure (&fixture, "idse.renew");
  refused (assistant, idse->pfx_path, NULL, idse->password, "ya fue renovado");
  shoot (&fixture, "idse-renew-already-renewed");

  fixture_stop (&fixture, FALSE);
}

static void
test_renew_refusals (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  g_autoptr(VntPracticeIdse) renew = NULL;
  g_autoptr(VntPracticeIdse) cancelled = NULL;
  g_autofree char *old = NULL;
  g_autofree char *fiel_cer = NULL;
  g_autofree char *fiel_key = NULL;
  g_autofree char *csd_cer = NULL;
  g_autofree char *csd_key = NULL;
  const char *testdata = g_getenv ("VENTANILLA_TESTDATA");

  fixture_start (&fixture, NULL, FALSE);
  renew = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_RENEW);
  cancelled = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_CANCEL);
  old = old_pfx_path (&fixture);
  assistant = open_procedure (&fixture, "idse.renew");

  /* The wrong contraseña, in a .pfx and for a .key. */
  refused (assistant, renew->pfx_path, NULL, "Equivocada2026", "contraseña");
  shoot (&fixture, "idse-renew-wrong-password");
  refused (assistant, renew->cer_path, renew->key_path, "Equivocada2026", "contraseña");

  /* Expired more than a year ago. */
  refused (assistant, old, NULL, VNT_PRACTICE_IDSE_PASSWORD, "más de un año");
  shoot (&fixture, "idse-renew-too-old");

  /* Cancelled. */
  refused (assistant, cancelled->pfx_path, NULL, cancelled->password, "cancelado");

  /* An e.firma or a CSD of the SAT instead of the IDSE certificate. */
  if (testdata != NULL)
    {
      fiel_cer = g_build_filename (testdata, "fiel", "fiel-fisica-KAHO641101B39.cer", NULL);
      fiel_key = g_build_filename (testdata, "fiel", "fiel-fisica-KAHO641101B39.key", NULL);
      csd_cer = g_build_filename (testdata, "csd", "csd-fisica-KAHO641101B39.cer", NULL);
      csd_key = g_build_filename (testdata, "csd", "csd-fisica-KAHO641101B39.key", NULL);
      refused (assistant, fiel_cer, fiel_key, "12345678a", "e.firma");
      shoot (&fixture, "idse-renew-efirma");
      refused (assistant, csd_cer, csd_key, "12345678a", "CSD");
    }
  else
    g_test_message ("no VENTANILLA_TESTDATA: the e.firma and CSD cases were not run");

  /* Nothing lost: the right one goes on. */
  open_certificate (assistant, renew->cer_path, renew->key_path, renew->password);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "data");

  fixture_stop (&fixture, FALSE);
}

/* A key is never written over a file that is there. */
static void
test_renew_key_not_overwritten (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntPage *page;
  g_autofree char *taken = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;

  fixture_start (&fixture, NULL, FALSE);
  taken = g_build_filename (fixture.dir, "ocupada.key", NULL);
  fresh = g_build_filename (fixture.dir, "nueva.key", NULL);
  g_assert_true (g_file_set_contents (taken, "una llave que ya estaba", -1, NULL));

  assistant = open_procedure (&fixture, "idse.renew");
  open_practice_certificate (assistant, NULL, &fixture);
  page = page_of_type (assistant, VNT_TYPE_IDSE_RENEW_DATA_PAGE);
  gtk_editable_set_text (GTK_EDITABLE (vnt_idse_renew_data_page_get_email_row (VNT_IDSE_RENEW_DATA_PAGE (page))),
                         "nominas@prueba.mx");
  click_next (assistant);

  page = page_of_type (assistant, VNT_TYPE_KEY_PAGE);
  file = g_file_new_for_path (taken);
  vnt_key_page_set_file (VNT_KEY_PAGE (page), file);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "password_row")), KEY_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "confirm_row")), KEY_PASSWORD);
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "key");
  g_assert_true (g_file_get_contents (taken, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "una llave que ya estaba");
  shoot (&fixture, "idse-renew-key-exists");

  g_clear_object (&file);
  file = g_file_new_for_path (fresh);
  vnt_key_page_set_file (VNT_KEY_PAGE (page), file);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "password_row")), KEY_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "confirm_row")), KEY_PASSWORD);
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  check_key_file (fresh);
  page_of_type (assistant, VNT_TYPE_IDSE_RENEW_SEND_PAGE);

  fixture_stop (&fixture, FALSE);
}

/* Opens the saved trámite in a new run: the certificate's contraseña,
 * then the same key, found where it was saved. */
static VntAssistant *
resume (Fixture    *fixture,
        const char *key_path)
{
  g_autoptr(GPtrArray) unfinished = vnt_tramite_store_list_unfinished (fixture->store);
  g_autofree char *what = NULL;
  VntProcedureView *view;
  VntAssistant *assistant;
  VntPage *page;

  g_assert_cmpuint (unfinished->len, ==, 1);
  what = g_strconcat ("resume:", vnt_tramite_get_id (unfinished->pdata[0]), NULL);
  vnt_window_open_procedure (fixture->window, what);
  view = vnt_window_get_procedure_view (fixture->window);
  WAIT_FOR (vnt_procedure_view_get_assistant (view) != NULL);
  assistant = vnt_procedure_view_get_assistant (view);
  WAIT_FOR (vnt_assistant_get_current_page (assistant) != NULL);

  page = page_of_type (assistant, VNT_TYPE_IDSE_CERTIFICATE_PAGE);
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_IDSE_CERTIFICATE_PAGE, "password_row")),
                         VNT_PRACTICE_IDSE_PASSWORD);
  WAIT_FOR (next_sensitive (assistant));
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));

  /* The data as confirmed, the e-mail kept. */
  page = page_of_type (assistant, VNT_TYPE_IDSE_RENEW_DATA_PAGE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vnt_idse_renew_data_page_get_email_row (VNT_IDSE_RENEW_DATA_PAGE (page)))),
                   ==, "nominas@prueba.mx");
  click_next (assistant);

  page = page_of_type (assistant, VNT_TYPE_KEY_PAGE);
  g_assert_cmpstr (g_file_peek_path (vnt_key_page_get_file (VNT_KEY_PAGE (page))), ==, key_path);
  g_assert_false (gtk_widget_get_visible (child_of (page, VNT_TYPE_KEY_PAGE, "confirm_row")));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_KEY_PAGE, "password_row")), KEY_PASSWORD);
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  page_of_type (assistant, VNT_TYPE_IDSE_RENEW_SEND_PAGE);
  return assistant;
}

/* Killed between the key and the request; the next run finds the service
 * down (said, nothing lost), the one after sends it. */
static void
test_renew_resume_after_kill (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  g_autofree char *dir = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *key_before = NULL;
  g_autofree char *key_after = NULL;

  fixture_start (&fixture, NULL, FALSE);
  dir = g_strdup (fixture.dir);
  key_path = g_build_filename (dir, "reanudar.key", NULL);
  assistant = open_procedure (&fixture, "idse.renew");
  open_practice_certificate (assistant, NULL, &fixture);
  confirm_and_generate (&fixture, assistant, "nominas@prueba.mx", key_path, FALSE);
  g_assert_true (g_file_get_contents (key_path, &key_before, NULL, NULL));
  fixture_stop (&fixture, TRUE);

  /* The service is down: said, and still here. */
  fixture_start (&fixture, dir, TRUE);
  assistant = resume (&fixture, key_path);
  shoot (&fixture, "idse-renew-resume");
  click_next (assistant);
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_test_message ("%s", vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "send");
  /* Said where the key stays. */
  {
    GtkWidget *status = vnt_ui_test_find (GTK_WIDGET (vnt_assistant_get_current_page (assistant)), GTK_TYPE_LABEL,
                                          label_says, "sigue guardada");

    g_assert_nonnull (status);
    g_assert_true (gtk_widget_get_visible (status));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), key_path));
  }
  shoot (&fixture, "idse-renew-service-down");
  fixture_stop (&fixture, TRUE);

  /* Back up: the same key goes. */
  fixture_start (&fixture, dir, FALSE);
  assistant = resume (&fixture, key_path);
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_free (sign_terms (&fixture, assistant, FALSE));
  page_of_type (assistant, VNT_TYPE_PFX_PAGE);
  WAIT_FOR (vnt_pfx_step_get_certificate (vnt_idse_renew_controller_get_pfx_step (
              VNT_IDSE_RENEW_CONTROLLER (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))))) != NULL ||
            vnt_assistant_get_error (assistant) != NULL);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_true (g_file_get_contents (key_path, &key_after, NULL, NULL));
  g_assert_cmpstr (key_before, ==, key_after);

  fixture_stop (&fixture, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  vnt_ui_test_init (&argc, &argv);
  identity = vnt_service_identity_generate ("ventanilla-sandbox (prueba)", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/idse-renew/happy", test_renew_happy);
  g_test_add_func ("/ui/idse-renew/refusals", test_renew_refusals);
  g_test_add_func ("/ui/idse-renew/key-not-overwritten", test_renew_key_not_overwritten);
  g_test_add_func ("/ui/idse-renew/resume-after-kill", test_renew_resume_after_kill);

  return g_test_run ();
}
