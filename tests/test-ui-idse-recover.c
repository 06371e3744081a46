/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "controllers/vnt-practice-idse.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "sandbox/vnt-sandbox.h"
#include "core/vnt-idse-ledger.h"
#include "ui/pages/vnt-pfx-page.h"
#include "ui/procedures/idse-recover/vnt-idse-recover-pages.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-idse-certificates-group.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-start-section.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* "Recuperación de certificado" driven through its real widgets, in
 * Spanish, in a real window, against ventanilla-sandbox on 127.0.0.1 with
 * its IDSE CA and the practice IDSE certificates (as practice mode makes
 * them on first start). Each test has its own sandbox, certificates and
 * store. Every screen is also written as a PNG (docs/screenshots/ with
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
  fixture->dir = g_dir_make_tmp ("vnt-ui-idse-recover-XXXXXX", &error);
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
/* `openssl pkcs12` reads the .pfx with the IDSE contraseña. */
static void
assert_openssl_reads (const char *path,
                      gboolean    legacy)
{
  g_autofree char *pass = g_strdup_printf ("pass:%s", VNT_PRACTICE_IDSE_PASSWORD);
  const char *argv[] = { "openssl", "pkcs12", "-in", path, "-passin", pass, "-nodes", "-info",
                         legacy ? "-legacy" : NULL, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (g_find_program_in_path ("openssl") == NULL)
    {
      g_test_message ("openssl is not installed");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl pkcs12 failed: %s", err);
  g_assert_nonnull (strstr (out, "BEGIN CERTIFICATE"));
  g_assert_nonnull (strstr (out, "BEGIN PRIVATE KEY"));
}

static void
assert_error_has (VntAssistant *assistant,
                  const char   *needle)
{
  const char *error = vnt_assistant_get_error (assistant);

  g_assert_nonnull (error);
  g_test_message ("%s", error);
  g_assert_nonnull (strstr (error, needle));
}

/* The NPIE page: @npie typed (NULL: the practice button), "Consultar". */
static void
consult (VntAssistant *assistant,
         const char   *npie,
         Fixture      *fixture,
         const char   *shot)
{
  VntIdseNpiePage *page = VNT_IDSE_NPIE_PAGE (vnt_assistant_get_current_page (assistant));
  GtkWidget *row = vnt_idse_npie_page_get_npie_row (page);

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "npie");
  g_assert_cmpstr (next_text (assistant), ==, "Consultar");
  if (npie != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), npie);
  else
    click (vnt_idse_npie_page_get_practice_button (page));
  g_assert_true (next_sensitive (assistant));
  if (shot != NULL)
    shoot (fixture, shot);
  click_next (assistant);
}

/* The certificates page: @serial chosen, "Siguiente". */
static void
choose (VntAssistant *assistant,
        const char   *serial,
        Fixture      *fixture,
        const char   *shot)
{
  VntIdseCertificatesPage *page = VNT_IDSE_CERTIFICATES_PAGE (vnt_assistant_get_current_page (assistant));
  GtkWidget *check;

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "certificates");
  /* cancelar, recuperar and renovar (expired, still recoverable). */
  g_assert_cmpuint (vnt_idse_certificates_page_get_n_rows (page), ==, 3);
  check = vnt_idse_certificates_page_get_check (page, serial);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (next_sensitive (assistant));
  if (shot != NULL)
    shoot (fixture, shot);
  click_next (assistant);
}

/* The key page: @key and @password (NULL: the practice button),
 * "Verificar llave". */
static void
verify_key (VntAssistant *assistant,
            const char   *key,
            const char   *password,
            Fixture      *fixture,
            const char   *shot)
{
  VntIdseRecoverKeyPage *page = VNT_IDSE_RECOVER_KEY_PAGE (vnt_assistant_get_current_page (assistant));
  GtkWidget *password_row = vnt_idse_recover_key_page_get_password_row (page);

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "key");
  g_assert_cmpstr (next_text (assistant), ==, "Verificar llave");
  if (key == NULL)
    {
      click (vnt_idse_recover_key_page_get_practice_button (page));
      WAIT_FOR (next_sensitive (assistant));
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (key);

      vnt_idse_recover_key_page_set_file (page, file);
      gtk_editable_set_text (GTK_EDITABLE (password_row), password);
    }
  if (shot != NULL)
    shoot (fixture, shot);
  click_next (assistant);
  /* The password is not kept in the entry. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
}

/* The .pfx page: @path, the contraseña and @confirm, the profile; "Guardar .pfx". */
static void
save_pfx (VntAssistant *assistant,
          const char   *path,
          const char   *confirm,
          gboolean      compat,
          Fixture      *fixture,
          const char   *shot)
{
  VntPfxPage *page = VNT_PFX_PAGE (vnt_assistant_get_current_page (assistant));
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "pfx");
  g_assert_cmpstr (next_text (assistant), ==, "Guardar .pfx");
  /* The modern profile unless asked. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (vnt_pfx_page_get_compat_row (page))));
  g_assert_nonnull (vnt_pfx_page_get_file (page));
  vnt_pfx_page_set_file (page, file);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_password_row (page)), VNT_PRACTICE_IDSE_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_confirm_row (page)), confirm);
  gtk_switch_set_active (GTK_SWITCH (vnt_pfx_page_get_compat_row (page)), compat);
  g_assert_true (next_sensitive (assistant));
  if (shot != NULL)
    shoot (fixture, shot);
  click_next (assistant);
}

static void
test_recover_happy (void)
{
  g_autoptr(VntPracticeIdse) idse = NULL;
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pfx = NULL;
  VntIdseLedgerEntry *entry;
  VntIdseCertificatesGroup *group;
  const char *subtitle;
  VntAssistant *assistant;
  Fixture fixture;
  GStatBuf st;

  fixture_start (&fixture, FALSE);
  idse = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_RECOVER);
  pfx = g_build_filename (fixture.dir, "recuperado.pfx", NULL);

  assistant = open_procedure (&fixture, "idse.recover");
  g_assert_false (next_sensitive (assistant));
  consult (assistant, NULL, &fixture, "idse-recover-1-npie");
  g_assert_null (vnt_assistant_get_error (assistant));
  choose (assistant, idse->serial, &fixture, "idse-recover-2-certificates");
  g_assert_null (vnt_assistant_get_error (assistant));
  verify_key (assistant, NULL, NULL, &fixture, "idse-recover-3-key");
  g_assert_null (vnt_assistant_get_error (assistant));
  save_pfx (assistant, pfx, VNT_PRACTICE_IDSE_PASSWORD, FALSE, &fixture, "idse-recover-4-pfx");
  g_assert_null (vnt_assistant_get_error (assistant));

  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "saved");
  g_assert_cmpstr (vnt_pfx_saved_page_get_path (VNT_PFX_SAVED_PAGE (vnt_assistant_get_current_page (assistant))),
                   ==, pfx);
  shoot (&fixture, "idse-recover-5-saved");

  /* A new file, 0600, that openssl opens with the IDSE contraseña. */
  g_assert_cmpint (g_stat (pfx, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  assert_openssl_reads (pfx, FALSE);

  /* Noted for "Mis certificados IDSE": the path and public facts only. */
  ledger = vnt_idse_ledger_list (fixture.data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ledger->len, ==, 1);
  entry = g_ptr_array_index (ledger, 0);
  g_assert_cmpstr (entry->path, ==, pfx);
  g_assert_cmpstr (entry->npie, ==, VNT_PRACTICE_IDSE_NPIE);
  g_assert_cmpstr (entry->serial, ==, idse->serial);
  g_assert_cmpstr (entry->procedure, ==, "idse.recover");
  g_assert_nonnull (entry->not_after);

  /* Done: not offered to resume. */
  click (vnt_ui_test_find (GTK_WIDGET (vnt_assistant_get_current_page (assistant)), GTK_TYPE_BUTTON, NULL, NULL));
  WAIT_FOR (g_strcmp0 (vnt_window_get_visible_page (fixture.window), "start") == 0);
  WAIT_FOR (!vnt_start_section_get_loading (vnt_window_get_start_section (fixture.window)));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (vnt_window_get_start_section (fixture.window)), ==, 0);

  /* "Mis certificados IDSE" lists it, with the state IMSS reports. */
  group = VNT_IDSE_CERTIFICATES_GROUP (vnt_ui_test_find (GTK_WIDGET (fixture.window),
                                                         VNT_TYPE_IDSE_CERTIFICATES_GROUP, NULL, NULL));
  g_assert_nonnull (group);
  WAIT_FOR (!vnt_idse_certificates_group_get_loading (group));
  g_assert_cmpuint (vnt_idse_certificates_group_get_n_rows (group), ==, 1);
  subtitle = vnt_idse_certificates_group_get_row_subtitle (group, 0);
  g_test_message ("%s", subtitle);
  g_assert_nonnull (strstr (subtitle, "recuperado.pfx"));
  g_assert_nonnull (strstr (subtitle, "Vigente"));
  g_assert_nonnull (strstr (subtitle, "días"));
  g_assert_null (vnt_idse_certificates_group_get_service_message (group));
  gtk_widget_grab_focus (GTK_WIDGET (group));
  shoot (&fixture, "idse-certificates-start");

  fixture_stop (&fixture);
}

static void
test_recover_failures (void)
{
  g_autoptr(VntPracticeIdse) idse = NULL;
  g_autoptr(VntPracticeIdse) other = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *pfx = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  VntAssistant *assistant;
  VntPage *page;
  Fixture fixture;

  fixture_start (&fixture, FALSE);
  idse = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_RECOVER);
  other = practice_idse (&fixture, VNT_PRACTICE_IDSE_TO_CANCEL);
  existing = g_build_filename (fixture.dir, "existente.pfx", NULL);
  pfx = g_build_filename (fixture.dir, "recuperado-compat.pfx", NULL);
  g_file_set_contents (existing, "no me borres", -1, &error);
  g_assert_no_error (error);

  assistant = open_procedure (&fixture, "idse.recover");

  /* A malformed NPIE, said before anything is sent. */
  consult (assistant, "NPIE-1!", NULL, NULL);
  assert_error_has (assistant, "«!»");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "npie");

  /* An NPIE IMSS does not know: said plainly, the NPIE left to fix. */
  consult (assistant, "NOEXISTE99", &fixture, NULL);
  assert_error_has (assistant, "NOEXISTE99");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "npie");
  page = vnt_assistant_get_current_page (assistant);
  g_assert_true (gtk_widget_has_css_class (vnt_idse_npie_page_get_npie_row (VNT_IDSE_NPIE_PAGE (page)), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vnt_idse_npie_page_get_npie_row (VNT_IDSE_NPIE_PAGE (page)))),
                   ==, "NOEXISTE99");
  shoot (&fixture, "idse-recover-unknown-npie");

  consult (assistant, VNT_PRACTICE_IDSE_NPIE, NULL, NULL);
  g_assert_null (vnt_assistant_get_error (assistant));
  choose (assistant, idse->serial, NULL, NULL);

  /* The key of another certificate: said plainly. */
  verify_key (assistant, other->key_path, other->password, NULL, NULL);
  assert_error_has (assistant, "no es la de este certificado");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "key");
  page = vnt_assistant_get_current_page (assistant);
  g_assert_true (gtk_widget_has_css_class (vnt_idse_recover_key_page_get_key_row (VNT_IDSE_RECOVER_KEY_PAGE (page)),
                                           "error"));
  shoot (&fixture, "idse-recover-key-mismatch");

  /* The right key, a wrong password. */
  verify_key (assistant, idse->key_path, "NoEsLaClave1", NULL, NULL);
  assert_error_has (assistant, "contraseña");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "key");
  g_assert_true (gtk_widget_has_css_class (vnt_idse_recover_key_page_get_password_row (VNT_IDSE_RECOVER_KEY_PAGE (page)),
                                           "error"));

  verify_key (assistant, idse->key_path, idse->password, NULL, NULL);
  g_assert_null (vnt_assistant_get_error (assistant));

  /* Never over an existing file: it stays as it was. */
  save_pfx (assistant, existing, VNT_PRACTICE_IDSE_PASSWORD, FALSE, NULL, NULL);
  assert_error_has (assistant, "ya existe");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "pfx");
  g_file_get_contents (existing, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "no me borres");
  shoot (&fixture, "idse-recover-exists");

  /* A confirmation that differs. */
  save_pfx (assistant, pfx, "OtraCosa2026", FALSE, NULL, NULL);
  assert_error_has (assistant, "confirmación");
  g_assert_false (g_file_test (pfx, G_FILE_TEST_EXISTS));

  /* The compatibility profile, on request. */
  save_pfx (assistant, pfx, VNT_PRACTICE_IDSE_PASSWORD, TRUE, NULL, NULL);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "saved");
  assert_openssl_reads (pfx, TRUE);

  fixture_stop (&fixture);
}

/* The service down: "Mis certificados IDSE" still lists what was saved,
 * and says the state could not be asked. */
static void
test_certificates_service_down (void)
{
  g_autoptr(VntIdseLedgerEntry) entry = vnt_idse_ledger_entry_new ();
  g_autoptr(GError) error = NULL;
  VntIdseCertificatesGroup *group;
  const char *subtitle;
  Fixture fixture;

  fixture_start (&fixture, TRUE);
  entry->path = g_build_filename (fixture.dir, "guardado.pfx", NULL);
  entry->procedure = g_strdup ("idse.recover");
  entry->npie = g_strdup (VNT_PRACTICE_IDSE_NPIE);
  entry->serial = g_strdup ("00009900000000000002");
  entry->not_before = g_date_time_new_now_utc ();
  entry->not_after = g_date_time_add_days (entry->not_before, 10);
  vnt_idse_ledger_add (fixture.data_dir, entry, &error);
  g_assert_no_error (error);

  group = VNT_IDSE_CERTIFICATES_GROUP (vnt_ui_test_find (GTK_WIDGET (fixture.window),
                                                         VNT_TYPE_IDSE_CERTIFICATES_GROUP, NULL, NULL));
  WAIT_FOR (!vnt_idse_certificates_group_get_loading (group));
  vnt_idse_certificates_group_refresh (group);
  WAIT_FOR (!vnt_idse_certificates_group_get_loading (group));
  g_assert_cmpuint (vnt_idse_certificates_group_get_n_rows (group), ==, 1);
  subtitle = vnt_idse_certificates_group_get_row_subtitle (group, 0);
  g_test_message ("%s", subtitle);
  g_assert_nonnull (strstr (subtitle, "guardado.pfx"));
  /* Ten days from its saving, less the moments since. */
  g_assert_true (strstr (subtitle, "quedan 9 días") != NULL || strstr (subtitle, "quedan 10 días") != NULL);
  g_assert_nonnull (vnt_idse_certificates_group_get_service_message (group));
  g_test_message ("%s", vnt_idse_certificates_group_get_service_message (group));
  g_assert_nonnull (strstr (vnt_idse_certificates_group_get_service_message (group), "conexión"));
  shoot (&fixture, "idse-certificates-service-down");

  fixture_stop (&fixture);
}

static void
test_recover_service_down (void)
{
  VntAssistant *assistant;
  Fixture fixture;

  fixture_start (&fixture, TRUE);
  assistant = open_procedure (&fixture, "idse.recover");
  consult (assistant, NULL, NULL, NULL);
  assert_error_has (assistant, "conexión");
  /* Nothing typed is lost: "Consultar" again once the service is back. */
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "npie");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vnt_idse_npie_page_get_npie_row (VNT_IDSE_NPIE_PAGE (vnt_assistant_get_current_page (assistant))))),
                   ==, VNT_PRACTICE_IDSE_NPIE);
  g_assert_true (next_sensitive (assistant));
  shoot (&fixture, "idse-recover-service-down");

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

  g_test_add_func ("/ui/idse/recover/happy", test_recover_happy);
  g_test_add_func ("/ui/idse/recover/failures", test_recover_failures);
  g_test_add_func ("/ui/idse/recover/service-down", test_recover_service_down);
  g_test_add_func ("/ui/idse/certificates/service-down", test_certificates_service_down);

  return g_test_run ();
}
