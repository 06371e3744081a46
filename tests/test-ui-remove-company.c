/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox.h"
#include "ui/pages/vnt-acuse-page.h"
#include "ui/pages/vnt-curp-page.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/procedures/remove-company/vnt-remove-company-page.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-start-section.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* "Eliminar empresa representada" driven through its real widgets, in
 * Spanish, in a real window, against ventanilla-sandbox on 127.0.0.1
 * (its practice CA trusted, as practice mode does). Each test has its
 * own sandbox database and trámite store; every new screen is also written
 * as a PNG (at the usual width, 360 px wide and in the dark style) into the
 * build dir, and into docs/screenshots/ of the source tree when
 * VENTANILLA_UPDATE_SCREENSHOTS=1. */

/* Practice e.firmas (vnt-test-practice.h), current and trusted by the
 * sandbox's practice CA. Both have an account; ANA represents two of SAT's
 * test companies (the names the fixture's helpers share with
 * test-ui-procedures.c keep their "XOJI" and "KAHO"), MARTA none here. A
 * "stem" names a practice e.firma by its RFC ("practice:RFC"). */
#define XOJI_CURP VNT_TEST_ANA_CURP
#define XOJI_RFC VNT_TEST_ANA_RFC
#define XOJI_FIEL "practice:" VNT_TEST_ANA_RFC
#define XOJI_OLD_NUMBER (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC)->earlier_certificate_number)
#define KAHO_CURP VNT_TEST_MARTA_CURP
#define KAHO_RFC VNT_TEST_MARTA_RFC
#define KAHO_FIEL "practice:" VNT_TEST_MARTA_RFC
#define KAHO_NUMBER (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_MARTA_RFC)->certificate_number)
#define PASSWORD (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC)->password)

#define IIA_RFC "IIA040805DZ4"
#define IIA_NAME "INDISTRIA ILUMINADORA DE ALMACENES SA DE CV"
#define EKU_RFC "EKU9003173C9"
#define EKU_NAME "ESCUELA KEMPER URGATE SA DE CV"

static const struct {
  const char *rfc;
  const char *razon_social;
  const char *folio;
} companies[] = {
  { EKU_RFC, EKU_NAME, "EV-2025-000101" },
  { IIA_RFC, IIA_NAME, "EV-2025-000102" },
};

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
  /* ANA represents two companies; MARTA none. */
  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      vnt_sandbox_db_execute (db, NULL, &error,
                              "INSERT OR IGNORE INTO representations (company_rfc, representative_curp, "
                              "razon_social, tipo_poder, folio, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                              "sssssi", companies[i].rfc, XOJI_CURP, companies[i].razon_social, "dominio",
                              companies[i].folio, (gint64) 1700000000);
      g_assert_no_error (error);
    }

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
  fixture->dir = dir != NULL ? g_strdup (dir) : g_dir_make_tmp ("vnt-ui-remove-XXXXXX", &error);
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
  gboolean main_path = g_str_equal (prefix, "remove");

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
  if (main_path)
    shoot (fixture, shot_efirma);

  return TRUE;
}

static void
resize (Fixture *fixture,
        int      width)
{
  gtk_widget_set_visible (GTK_WIDGET (fixture->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, HEIGHT);
  vnt_ui_test_show (GTK_WINDOW (fixture->window));
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  /* The header bar (back, title, "Modo de práctica", menu, close) needs
   * a few pixels over 360 in practice mode. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, MAX (width, 368));
}

/* Each new screen four times: as it is, 360 px wide, dark, and 360 px
 * wide with large text. */
static void
shoot_variants (Fixture    *fixture,
                const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *narrow = g_strconcat (name, "-360", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);
  g_autofree char *layout = NULL;
  GtkSettings *settings = gtk_settings_get_default ();

  shoot (fixture, name);

  /* A shown window keeps its size: hidden, it takes the new one. Narrow,
   * with GNOME's own buttons: only "close" (Xvfb's default adds two). */
  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  g_object_set (settings, "gtk-decoration-layout", ":close", NULL);
  resize (fixture, 360);
  shoot (fixture, narrow);
  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
  resize (fixture, WIDTH);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot (fixture, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  vnt_ui_test_shoot_large_text (GTK_WIDGET (fixture->window), name);
}

static guint
represented_now (Fixture    *fixture,
                 const char *curp)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (vnt_sandbox_get_db (fixture->sandbox),
                                                    "SELECT company_rfc FROM representations "
                                                    "WHERE representative_curp = ? AND removed_at IS NULL",
                                                    "s", curp);

  return rows->len;
}

static guint
tramites_of (Fixture    *fixture,
             const char *curp)
{
  return vnt_sandbox_db_count_tramites (vnt_sandbox_get_db (fixture->sandbox), curp);
}

static VntRemoveCompanyPage *
companies_page (VntAssistant *assistant)
{
  VntPage *page = vnt_assistant_get_current_page (assistant);

  g_assert_true (VNT_IS_REMOVE_COMPANY_PAGE (page));
  return VNT_REMOVE_COMPANY_PAGE (page);
}

/* From the validated e.firma to the table, read from the service. */
static VntRemoveCompanyPage *
go_to_companies (VntAssistant *assistant)
{
  VntRemoveCompanyPage *page;

  g_assert_cmpstr (next_text (assistant), ==, "Siguiente");
  click_next (assistant);
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "companies");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 3 de 4");
  page = companies_page (assistant);
  WAIT_FOR (!vnt_remove_company_page_get_loading (page));

  return page;
}

static void
check_company (VntRemoveCompanyPage *page,
               const char           *rfc)
{
  GtkCheckButton *check = vnt_remove_company_page_get_check (page, rfc);

  g_assert_nonnull (check);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (check)));
  gtk_check_button_set_active (check, TRUE);
}

/* "Finalizar Trámite" to the acuse, which names the company removed. */
static void
finish_remove (Fixture      *fixture,
               VntAssistant *assistant,
               gboolean      shots)
{
  VntAcusePage *acuse;
  const char *pdf;

  g_assert_cmpstr (next_text (assistant), ==, "Finalizar Trámite");
  click_next (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "acuse");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 4 de 4");

  acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "status_page"))),
                   ==, "Su solicitud ha finalizado correctamente");
  g_assert_nonnull (vnt_acuse_page_get_value (acuse, "folio"));
  g_assert_cmpstr (vnt_acuse_page_get_value (acuse, "curp"), ==, XOJI_CURP);
  /* As the service names it. */
  g_assert_cmpstr (vnt_acuse_page_get_value (acuse, "procedure"), ==, "Eliminar Empresa Representada");
  pdf = vnt_acuse_page_get_pdf_path (acuse);
  g_assert_nonnull (pdf);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  if (shots)
    shoot_variants (fixture, "remove-4-acuse");
}

/* "Salir": back at the start window, the acuse in "Mis acuses". */
static void
exit_and_check_start (Fixture *fixture,
                      guint    n_acuses)
{
  VntAssistant *assistant = current_assistant (fixture);
  VntAcusePage *acuse = VNT_ACUSE_PAGE (vnt_assistant_get_current_page (assistant));
  VntStartSection *start = vnt_window_get_start_section (fixture->window);

  click (child_of (acuse, VNT_TYPE_ACUSE_PAGE, "exit_button"));
  g_assert_cmpstr (vnt_window_get_visible_page (fixture->window), ==, "start");
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_acuses (start), ==, n_acuses);
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 0);
  g_assert_nonnull (vnt_ui_test_find_row (GTK_WIDGET (start), "Eliminar empresa representada"));
}

/* ------------------------------------------------------------------ */

static void
test_start_row (void)
{
  Fixture fixture;
  VntStartSection *start;
  GtkWidget *row;
  VntAssistant *assistant;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  start = vnt_window_get_start_section (fixture.window);

  /* A row of the Escritorio Virtual group, from the registry. */
  row = vnt_ui_test_find_row (GTK_WIDGET (start), "Eliminar empresa representada");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Persona moral: dejar de ser representante legal de una empresa");
  g_assert_nonnull (vnt_procedure_registry_lookup ("representative.remove"));
  g_assert_cmpstr (vnt_procedure_display_name ("representative.remove"), ==, "Eliminar empresa representada");

  gtk_widget_activate (row);
  WAIT_FOR (vnt_window_get_procedure_view (fixture.window) != NULL
            && current_assistant (&fixture) != NULL);
  assistant = current_assistant (&fixture);
  g_assert_cmpstr (vnt_procedure_view_get_title (vnt_window_get_procedure_view (fixture.window)), ==,
                   "Eliminar empresa representada");
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "curp");
  g_assert_cmpstr (step_text (assistant), ==, "Paso 1 de 4");

  fixture_stop (&fixture);
}

static void
test_happy (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntRemoveCompanyPage *page;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "representative.remove");
  if (!reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "remove"))
    {
      g_test_skip ("the SAT test set is missing");
      fixture_stop (&fixture);
      return;
    }

  page = go_to_companies (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_cmpuint (vnt_remove_company_page_get_n_companies (page), ==, 2);
  g_assert_false (vnt_remove_company_page_get_empty (page));
  g_assert_nonnull (vnt_ui_test_find_row (GTK_WIDGET (page), IIA_NAME));
  g_assert_nonnull (vnt_ui_test_find_row (GTK_WIDGET (page), EKU_NAME));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (vnt_ui_test_find_row (GTK_WIDGET (page), IIA_NAME))),
                   ==, IIA_RFC);
  /* The e.firma was opened: no way back into it. */
  g_assert_false (gtk_widget_get_visible (child_of (assistant, VNT_TYPE_ASSISTANT, "back_button")));
  g_assert_true (next_sensitive (assistant));
  shoot_variants (&fixture, "remove-3-companies");

  check_company (page, IIA_RFC);
  finish_remove (&fixture, assistant, TRUE);

  /* The service took only the one chosen. */
  g_assert_cmpuint (represented_now (&fixture, XOJI_CURP), ==, 1);
  exit_and_check_start (&fixture, 1);

  fixture_stop (&fixture);
}

static void
test_nothing_selected (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntRemoveCompanyPage *page;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "representative.remove");
  if (!reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "nothing"))
    {
      g_test_skip ("the SAT test set is missing");
      fixture_stop (&fixture);
      return;
    }

  page = go_to_companies (assistant);
  click_next (assistant);
  /* IMSS's words under the table; nothing sent. */
  g_assert_cmpstr (vnt_assistant_get_current_id (assistant), ==, "companies");
  g_assert_cmpstr (vnt_remove_company_page_get_message (page), ==,
                   "Debe seleccionar al menos una empresa representada a dar de baja");
  g_assert_cmpuint (tramites_of (&fixture, XOJI_CURP), ==, 0);
  g_assert_cmpuint (represented_now (&fixture, XOJI_CURP), ==, 2);
  shoot_variants (&fixture, "remove-nothing-selected");

  /* Choosing one clears it, and then it goes through. */
  check_company (page, EKU_RFC);
  g_assert_null (vnt_remove_company_page_get_message (page));
  finish_remove (&fixture, assistant, FALSE);
  g_assert_cmpuint (represented_now (&fixture, XOJI_CURP), ==, 1);

  fixture_stop (&fixture);
}

static void
test_empty (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntRemoveCompanyPage *page;

  fixture_start (&fixture, NULL, TRUE, FALSE);
  assistant = open_procedure (&fixture, "representative.remove");
  if (!reach_validated (&fixture, assistant, KAHO_CURP, KAHO_RFC, KAHO_FIEL, "empty"))
    {
      g_test_skip ("the SAT test set is missing");
      fixture_stop (&fixture);
      return;
    }

  page = go_to_companies (assistant);
  g_assert_null (vnt_assistant_get_error (assistant));
  g_assert_true (vnt_remove_company_page_get_empty (page));
  g_assert_cmpuint (vnt_remove_company_page_get_n_companies (page), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child_of (page, VNT_TYPE_REMOVE_COMPANY_PAGE, "empty_label"))),
                   ==, "No hay representantes legales candidatos a ser dados de baja.");
  /* Nothing to finish. */
  g_assert_false (next_sensitive (assistant));
  shoot_variants (&fixture, "remove-empty");

  fixture_stop (&fixture);
}

static void
test_service_down (void)
{
  Fixture fixture;
  VntAssistant *assistant;
  VntRemoveCompanyPage *page;
  const char *error;

  /* The e.firma is checked on this computer; the list needs the service. */
  fixture_start (&fixture, NULL, TRUE, TRUE);
  vnt_service_client_set_retries (fixture.client, 0);
  assistant = open_procedure (&fixture, "representative.remove");
  if (!reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "down"))
    {
      g_test_skip ("the SAT test set is missing");
      fixture_stop (&fixture);
      return;
    }

  page = go_to_companies (assistant);
  error = vnt_assistant_get_error (assistant);
  g_assert_nonnull (error);
  g_test_message ("service down: %s", error);
  g_assert_true (gtk_widget_get_visible (child_of (page, VNT_TYPE_REMOVE_COMPANY_PAGE, "retry_button")));
  g_assert_false (vnt_remove_company_page_get_empty (page));
  g_assert_false (next_sensitive (assistant));
  shoot_variants (&fixture, "remove-service-down");

  /* "Reintentar" asks again (and fails again, saying so). */
  click (child_of (page, VNT_TYPE_REMOVE_COMPANY_PAGE, "retry_button"));
  WAIT_FOR (!vnt_remove_company_page_get_loading (page));
  g_assert_nonnull (vnt_assistant_get_error (assistant));
  g_assert_cmpuint (tramites_of (&fixture, XOJI_CURP), ==, 0);

  fixture_stop (&fixture);
}

/* Killed with the table on screen: started again, the start window offers
 * to continue, the e.firma's password is asked again, and it ends once. */
static void
test_resume_after_kill (void)
{
  const char *dir = g_getenv ("VNT_TEST_RESUME_DIR");
  Fixture fixture;
  VntAssistant *assistant;
  VntStartSection *start;
  VntEfirmaPage *page;
  VntRemoveCompanyPage *companies;
  g_autofree char *made = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      fixture_start (&fixture, dir, TRUE, FALSE);
      fixture.shots = FALSE;
      assistant = open_procedure (&fixture, "representative.remove");
      if (reach_validated (&fixture, assistant, XOJI_CURP, XOJI_RFC, XOJI_FIEL, "resume"))
        {
          companies = go_to_companies (assistant);
          g_assert_cmpuint (vnt_remove_company_page_get_n_companies (companies), ==, 2);
          /* What a crash leaves: the saves already written, nothing else. */
          WAIT_FOR (!vnt_procedure_get_busy (vnt_procedure_view_get_procedure (vnt_window_get_procedure_view (fixture.window))));
        }
      _exit (0);
    }

  made = g_dir_make_tmp ("vnt-ui-remove-resume-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("VNT_TEST_RESUME_DIR", made, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("VNT_TEST_RESUME_DIR");

  fixture_start (&fixture, made, TRUE, FALSE);
  fixture.shots = FALSE;
  unfinished = vnt_tramite_store_list_unfinished (fixture.store);
  if (unfinished->len == 0)
    {
      g_test_skip ("the SAT test set is missing");
      fixture_stop (&fixture);
      return;
    }
  g_assert_cmpuint (unfinished->len, ==, 1);
  g_assert_cmpstr (vnt_tramite_get_procedure (g_ptr_array_index (unfinished, 0)), ==, "representative.remove");

  start = vnt_window_get_start_section (fixture.window);
  vnt_start_section_refresh (start);
  WAIT_FOR (!vnt_start_section_get_loading (start));
  g_assert_cmpuint (vnt_start_section_get_n_unfinished (start), ==, 1);
  g_assert_nonnull (vnt_ui_test_find_row (child_of (start, VNT_TYPE_START_SECTION, "resume_list"),
                                          "Eliminar empresa representada"));

  target = g_strconcat ("resume:", vnt_tramite_get_id (g_ptr_array_index (unfinished, 0)), NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "window.open-procedure", "s", target);
  WAIT_FOR (vnt_window_get_procedure_view (fixture.window) != NULL
            && current_assistant (&fixture) != NULL);
  assistant = current_assistant (&fixture);

  /* Only the password: the rest is the trámite's. */
  page = efirma_page (assistant);
  g_assert_false (gtk_widget_is_sensitive (child_of (page, VNT_TYPE_EFIRMA_PAGE, "rfc_row")));
  g_assert_false (next_sensitive (assistant));
  gtk_editable_set_text (GTK_EDITABLE (child_of (page, VNT_TYPE_EFIRMA_PAGE, "password_row")), PASSWORD);
  click (child_of (page, VNT_TYPE_EFIRMA_PAGE, "validate_button"));
  WAIT_FOR (!vnt_efirma_page_get_validating (page));
  g_assert_cmpstr (vnt_efirma_page_get_result_title (page), ==, "Tu e.firma es válida");

  companies = go_to_companies (assistant);
  g_assert_cmpuint (vnt_remove_company_page_get_n_companies (companies), ==, 2);
  check_company (companies, IIA_RFC);
  check_company (companies, EKU_RFC);
  finish_remove (&fixture, assistant, FALSE);
  g_assert_cmpuint (represented_now (&fixture, XOJI_CURP), ==, 0);
  g_assert_cmpuint (tramites_of (&fixture, XOJI_CURP), ==, 1);
  exit_and_check_start (&fixture, 1);

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

  g_test_add_func ("/ui/remove-company/start-row", test_start_row);
  g_test_add_func ("/ui/remove-company/happy", test_happy);
  g_test_add_func ("/ui/remove-company/nothing-selected", test_nothing_selected);
  g_test_add_func ("/ui/remove-company/empty", test_empty);
  g_test_add_func ("/ui/remove-company/service-down", test_service_down);
  g_test_add_func ("/ui/remove-company/resume-after-kill", test_resume_after_kill);

  status = g_test_run ();
  g_clear_object (&identity);

  return status;
}
