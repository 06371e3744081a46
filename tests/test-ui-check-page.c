/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "crypto/vnt-crypto.h"
#include "ui/vnt-check-page.h"
#include "ui/vnt-window.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* "Revisar mi e.firma" driven through its real widgets, in a real window,
 * in Spanish: files set as drag and drop sets them, the password typed into
 * the real entry row, "Validar" clicked, and the labels read back. */

typedef struct {
  VntWindow    *window;
  VntCheckPage *page;
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                   VNT_TYPE_CHECK_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = vnt_window_new (NULL);
  fixture->page = vnt_window_get_check_page (fixture->window);
  vnt_ui_test_show (GTK_WINDOW (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.open-check", NULL);
  g_assert_cmpstr (vnt_window_get_visible_page (fixture->window), ==, "check");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GFile *
sat_file (const char *relative)
{
  g_autofree char *path = vnt_test_sat_path (relative);

  return path != NULL ? g_file_new_for_path (path) : NULL;
}

/* Sets the files, types the password, clicks "Validar" and waits for the
 * worker. */
static void
run_check_files (Fixture    *fixture,
                 GFile      *cer_file,
                 GFile      *key_file,
                 const char *password)
{
  GtkWidget *password_row = child (fixture, "password_row");
  GtkWidget *button = child (fixture, "validate_button");

  vnt_check_page_set_files (fixture->page, cer_file, key_file);
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  g_assert_true (gtk_widget_is_sensitive (button));

  g_signal_emit_by_name (button, "clicked");

  /* Busy: spinner on, controls off, the password already gone. */
  g_assert_true (vnt_check_page_get_busy (fixture->page));
  g_assert_true (gtk_widget_get_visible (child (fixture, "spinner")));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (child (fixture, "spinner"))));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_is_sensitive (password_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");

  while (vnt_check_page_get_busy (fixture->page))
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (gtk_widget_get_visible (child (fixture, "spinner")));
  g_assert_true (gtk_widget_is_sensitive (password_row));
  g_assert_true (gtk_widget_get_visible (child (fixture, "result_box")));
  g_assert_nonnull (vnt_check_page_get_report (fixture->page));
}

/* The same with files of the SAT test set. FALSE when the set is missing
 * (the test is skipped). */
static gboolean
run_check (Fixture    *fixture,
           const char *cer,
           const char *key,
           const char *password)
{
  g_autoptr(GFile) cer_file = sat_file (cer);
  g_autoptr(GFile) key_file = key != NULL ? sat_file (key) : NULL;

  if (cer_file == NULL || (key != NULL && key_file == NULL))
    return FALSE;

  run_check_files (fixture, cer_file, key_file, password);
  return TRUE;
}

static const char *
detail (Fixture    *fixture,
        const char *title)
{
  GtkWidget *row = vnt_ui_test_find_row (child (fixture, "details_list"), title);

  if (row == NULL)
    g_error ("no detail row “%s”", title);
  return vnt_ui_test_row_value (row);
}

static gboolean
widget_has_name (GtkWidget     *widget,
                 gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The problem row for @code, checked to show its message with the right
 * icon; NULL when the report has no such problem. */
static GtkWidget *
problem_row (Fixture    *fixture,
             const char *code)
{
  GtkWidget *row = vnt_ui_test_find (child (fixture, "problems_list"), ADW_TYPE_PREFERENCES_ROW,
                                     widget_has_name, code);
  GPtrArray *problems = vnt_check_report_get_problems (vnt_check_page_get_report (fixture->page));
  const VntProblem *problem = NULL;
  GtkWidget *icon;

  for (guint i = 0; i < problems->len; i++)
    if (g_str_equal (((VntProblem *) g_ptr_array_index (problems, i))->code, code))
      problem = g_ptr_array_index (problems, i);

  g_assert_true ((row == NULL) == (problem == NULL));
  if (row == NULL)
    return NULL;

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, problem->message);
  icon = vnt_ui_test_find (row, GTK_TYPE_IMAGE, NULL, NULL);
  g_assert_true (gtk_widget_has_css_class (icon, problem->severity == VNT_PROBLEM_SEVERITY_ERROR
                                                 ? "error" : "warning"));
  return row;
}

static const char *
verdict (Fixture *fixture)
{
  return gtk_label_get_text (GTK_LABEL (child (fixture, "verdict_label")));
}

/* "17 de mayo de 2023": the manifest's "yyyy-mm-dd hh:mm:ss UTC", a day in
 * Mexico City (the computer's zone does not count). */
static char *
manifest_date (const char *when)
{
  g_autofree char *iso = g_strdup_printf ("%.10sT%.8sZ", when, when + 11);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = NULL;
  static const char * const months[] = {
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
  };

  g_assert_nonnull (time);
  local = g_date_time_add_hours (time, -6);
  return g_strdup_printf ("%d de %s de %d", g_date_time_get_day_of_month (local),
                          months[g_date_time_get_month (local) - 1], g_date_time_get_year (local));
}

static JsonObject *
manifest_pair (const char *cer)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *pairs = json_object_get_array_member (manifest, "pairs");

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);

      if (g_str_equal (json_object_get_string_member (pair, "cer"), cer))
        return pair;
    }

  g_error ("%s is not in the manifest", cer);
}

static int
days_left (const char *cer)
{
  g_autofree char *path = vnt_test_sat_path (cer);
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCertificate) certificate = vnt_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return vnt_certificate_get_days_left (certificate, NULL);
}

#define VALID_FIEL "fiel/fiel-moral-EKU9003173C9-30001000000500003415"

static void
test_valid_moral (Fixture       *fixture,
                  gconstpointer  data)
{
  JsonObject *pair;
  g_auto(GStrv) rfcs = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *validity = NULL;
  int days;
  GtkWidget *test_row;

  if (!run_check (fixture, VALID_FIEL ".cer", VALID_FIEL ".key", "12345678a"))
    return;

  pair = manifest_pair (VALID_FIEL ".cer");
  rfcs = g_strsplit (json_object_get_string_member (pair, "rfc_field"), " / ", 2);
  g_assert_cmpstr (detail (fixture, "Titular"), ==, json_object_get_string_member (pair, "name"));
  g_assert_cmpstr (detail (fixture, "RFC de la empresa"), ==, rfcs[0]);
  g_assert_cmpstr (detail (fixture, "RFC del representante legal"), ==, rfcs[1]);
  g_assert_cmpstr (detail (fixture, "CURP del representante legal"), ==,
                   json_object_get_string_member (pair, "curp_field") + strlen (" / "));
  g_assert_null (vnt_ui_test_find_row (child (fixture, "details_list"), "CURP"));
  g_assert_cmpstr (detail (fixture, "Número de certificado"), ==,
                   json_object_get_string_member (pair, "sat_serial"));
  g_assert_cmpstr (detail (fixture, "Tipo"), ==, "e.firma");
  g_assert_cmpstr (detail (fixture, "Persona"), ==, "moral");
  g_assert_cmpstr (detail (fixture, "Emisor"), ==, json_object_get_string_member (pair, "issuer_cn"));
  g_assert_cmpstr (detail (fixture, "Cadena de confianza"), ==,
                   vnt_chain_status_to_message (VNT_CHAIN_STATUS_SAT_TEST));

  from = manifest_date (json_object_get_string_member (pair, "not_before"));
  to = manifest_date (json_object_get_string_member (pair, "not_after"));
  days = days_left (VALID_FIEL ".cer");
  g_assert_cmpint (days, >, 1);
  validity = g_strdup_printf ("del %s al %s (quedan %d días)", from, to, days);
  g_assert_cmpstr (detail (fixture, "Vigencia"), ==, validity);

  /* Signed by SAT's test CA: usable for practice only, and the page says so. */
  test_row = problem_row (fixture, "sat-test-certificate");
  g_assert_nonnull (test_row);
  g_assert_null (problem_row (fixture, "expired"));
  g_assert_null (problem_row (fixture, "not-efirma"));
  g_assert_null (problem_row (fixture, "wrong-password"));

  if (vnt_check_report_is_valid (vnt_check_page_get_report (fixture->page)))
    g_assert_cmpstr (verdict (fixture), ==, "Tu e.firma está lista para usarse");
  else
    g_assert_cmpstr (verdict (fixture), ==,
                     "Tu e.firma no puede usarse: es un certificado de pruebas del SAT");
}

#define EXPIRED_FIEL "fiel/fiel-fisica-KAHO641101B39"

static void
test_expired (Fixture       *fixture,
              gconstpointer  data)
{
  JsonObject *pair;
  g_autofree char *validity = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int days;

  if (!run_check (fixture, EXPIRED_FIEL ".cer", EXPIRED_FIEL ".key", "12345678a"))
    return;

  pair = manifest_pair (EXPIRED_FIEL ".cer");
  g_assert_cmpstr (verdict (fixture), ==, "Tu e.firma no puede usarse: el certificado ya venció");
  g_assert_nonnull (problem_row (fixture, "expired"));

  g_assert_cmpstr (detail (fixture, "Titular"), ==, json_object_get_string_member (pair, "name"));
  g_assert_cmpstr (detail (fixture, "RFC"), ==, json_object_get_string_member (pair, "rfc"));
  g_assert_cmpstr (detail (fixture, "CURP"), ==, json_object_get_string_member (pair, "curp_field"));
  g_assert_cmpstr (detail (fixture, "Persona"), ==, "física");
  g_assert_null (vnt_ui_test_find_row (child (fixture, "details_list"), "RFC de la empresa"));

  from = manifest_date (json_object_get_string_member (pair, "not_before"));
  to = manifest_date (json_object_get_string_member (pair, "not_after"));
  days = -days_left (EXPIRED_FIEL ".cer");
  g_assert_cmpint (days, >, 1);
  validity = g_strdup_printf ("del %s al %s (venció hace %d días)", from, to, days);
  g_assert_cmpstr (detail (fixture, "Vigencia"), ==, validity);

  /* The verdict takes the focus, so that it is read out. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == child (fixture, "verdict_box"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (fixture, "verdict_box")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, verdict (fixture));

  /* Nothing inline: the files and the password were fine. */
  g_assert_false (gtk_widget_has_css_class (child (fixture, "password_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (child (fixture, "key_row"), "error"));
}

#define CSD "csd/csd-moral-EKU9003173C9-30001000000500003416"

static void
test_csd (Fixture       *fixture,
          gconstpointer  data)
{
  if (!run_check (fixture, CSD ".cer", CSD ".key", "12345678a"))
    return;

  g_assert_cmpstr (verdict (fixture), ==,
                   "Tu e.firma no puede usarse: es un certificado de sello digital (CSD), no una e.firma");
  g_assert_nonnull (problem_row (fixture, "not-efirma"));
  g_assert_cmpstr (detail (fixture, "Tipo"), ==, "CSD (certificado de sello digital)");
  g_assert_cmpstr (detail (fixture, "Número de certificado"), ==,
                   json_object_get_string_member (manifest_pair (CSD ".cer"), "sat_serial"));
}

static void
test_expired_csd (Fixture       *fixture,
                  gconstpointer  data)
{
  if (!run_check (fixture, "csd/csd-fisica-KAHO641101B39.cer", "csd/csd-fisica-KAHO641101B39.key",
                  "12345678a"))
    return;

  /* Two errors; the verdict names the one that renewing would not cure. */
  g_assert_nonnull (problem_row (fixture, "expired"));
  g_assert_nonnull (problem_row (fixture, "not-efirma"));
  g_assert_cmpstr (verdict (fixture), ==,
                   "Tu e.firma no puede usarse: es un certificado de sello digital (CSD), no una e.firma");
}

/* Copies of SAT test e.firmas under another key, with AC UAT's issuer name
 * and key identifier byte for byte, and the e.firma of a look-alike "AC de
 * pruebas": all are shown as not issued by SAT, none as a test e.firma. */
static void
test_forged (Fixture       *fixture,
             gconstpointer  data)
{
  const char *names[] = { "forged-uat2023", "forged-uat2019", "forged-uat2023-aki", "lookalike-efirma" };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *cer_name = g_strconcat (names[i], ".cer", NULL);
      g_autofree char *key_name = g_strconcat (names[i], ".key", NULL);
      g_autofree char *cer = vnt_test_fixture_path (cer_name);
      g_autofree char *key = vnt_test_fixture_path (key_name);
      g_autoptr(GFile) cer_file = NULL;
      g_autoptr(GFile) key_file = NULL;

      if (!g_file_test (cer, G_FILE_TEST_EXISTS))
        continue;

      g_test_message ("%s", cer_name);
      cer_file = g_file_new_for_path (cer);
      key_file = g_file_new_for_path (key);
      run_check_files (fixture, cer_file, key_file, "12345678a");

      g_assert_false (vnt_check_report_is_valid (vnt_check_page_get_report (fixture->page)));
      g_assert_cmpint (vnt_check_report_get_chain_status (vnt_check_page_get_report (fixture->page)), ==,
                       VNT_CHAIN_STATUS_UNTRUSTED);
      g_assert_cmpstr (verdict (fixture), ==, "Tu e.firma no puede usarse: el certificado no lo emitió el SAT");
      g_assert_cmpstr (detail (fixture, "Cadena de confianza"), ==,
                       vnt_chain_status_to_message (VNT_CHAIN_STATUS_UNTRUSTED));
      g_assert_nonnull (problem_row (fixture, "untrusted-chain"));
      g_assert_null (problem_row (fixture, "sat-test-certificate"));
      g_assert_null (problem_row (fixture, "wrong-password"));
      g_assert_null (problem_row (fixture, "key-mismatch"));
      checked++;
      vnt_check_page_reset (fixture->page);
    }

  if (checked == 0)
    g_test_skip ("the generated fixtures are missing");
  else
    g_assert_cmpuint (checked, >=, 3);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *password_row = child (fixture, "password_row");
  GtkWidget *error_label = child (fixture, "password_error_label");
  GtkWidget *focus;
  GtkWidget *row;

  if (!run_check (fixture, VALID_FIEL ".cer", VALID_FIEL ".key", "12345678b"))
    return;

  g_assert_cmpstr (verdict (fixture), ==,
                   "Tu e.firma no puede usarse: la contraseña no abre la llave privada");
  row = problem_row (fixture, "wrong-password");
  g_assert_nonnull (row);

  /* Inline, on the row to fix, for eyes and for screen readers. */
  g_assert_true (gtk_widget_has_css_class (password_row, "error"));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (password_row), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == password_row || gtk_widget_is_ancestor (focus, password_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  g_assert_false (gtk_widget_has_css_class (child (fixture, "key_row"), "error"));

  /* Typing again clears the error. */
  gtk_editable_set_text (GTK_EDITABLE (password_row), "1");
  g_assert_false (gtk_widget_has_css_class (password_row, "error"));
  g_assert_false (gtk_widget_get_visible (error_label));
}

static void
test_mismatch (Fixture       *fixture,
               gconstpointer  data)
{
  if (!run_check (fixture, EXPIRED_FIEL ".cer", "fiel/fiel-fisica-XIQB891116QE4.key", "12345678a"))
    return;

  g_assert_cmpstr (verdict (fixture), ==,
                   "Tu e.firma no puede usarse: la llave privada es de otro certificado");
  g_assert_nonnull (problem_row (fixture, "key-mismatch"));
  g_assert_false (gtk_widget_has_css_class (child (fixture, "password_row"), "error"));
}

static void
test_unreadable_key (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *cer = vnt_test_sat_path (VALID_FIEL ".cer");
  g_autoptr(GFile) cer_file = NULL;
  g_autoptr(GFile) key_file = NULL;
  GtkWidget *key_row = child (fixture, "key_row");

  if (cer == NULL)
    return;

  /* A certificate given as the key is not a key. */
  cer_file = g_file_new_for_path (cer);
  key_file = g_file_new_for_path (cer);
  vnt_check_page_set_files (fixture->page, cer_file, key_file);
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, "password_row")), "12345678a");
  g_signal_emit_by_name (child (fixture, "validate_button"), "clicked");
  while (vnt_check_page_get_busy (fixture->page))
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_str_has_prefix (verdict (fixture), "Tu e.firma no puede usarse: "));
  g_assert_true (gtk_widget_has_css_class (key_row, "error"));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (key_row), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_false (gtk_widget_has_css_class (child (fixture, "cer_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (child (fixture, "password_row"), "error"));
}

static void
test_validate_sensitivity (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *button = child (fixture, "validate_button");
  g_autofree char *cer = vnt_test_sat_path (VALID_FIEL ".cer");
  g_autofree char *key = vnt_test_sat_path (VALID_FIEL ".key");
  g_autofree char *pfx = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-credential_protected.pfx");
  g_autoptr(GFile) cer_file = NULL;
  g_autoptr(GFile) key_file = NULL;
  g_autoptr(GFile) pfx_file = NULL;

  if (cer == NULL || key == NULL || pfx == NULL)
    return;
  cer_file = g_file_new_for_path (cer);
  key_file = g_file_new_for_path (key);
  pfx_file = g_file_new_for_path (pfx);

  g_assert_false (gtk_widget_is_sensitive (button));
  vnt_check_page_set_files (fixture->page, cer_file, NULL);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (fixture, "cer_row"))), ==,
                   "fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (fixture, "key_row"))), ==,
                   "Ningún archivo elegido");

  vnt_check_page_set_files (fixture->page, NULL, key_file);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (g_file_equal (vnt_check_page_get_certificate_file (fixture->page), cer_file));

  /* A .pfx holds the key: it alone is enough, and the key is dropped. */
  vnt_check_page_reset (fixture->page);
  g_assert_false (gtk_widget_is_sensitive (button));
  vnt_check_page_set_files (fixture->page, pfx_file, NULL);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_null (vnt_check_page_get_key_file (fixture->page));
  g_assert_false (gtk_widget_is_sensitive (child (fixture, "key_row")));

  /* Enter in the password field is "Validar". */
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, "password_row")), "12345678a");
  g_signal_emit_by_name (child (fixture, "password_row"), "entry-activated");
  g_assert_true (vnt_check_page_get_busy (fixture->page));
  while (vnt_check_page_get_busy (fixture->page))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (vnt_check_page_get_report (fixture->page));
  g_assert_cmpstr (detail (fixture, "Tipo"), ==, "CSD (certificado de sello digital)");
}

static void
test_cancel_by_leaving (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *cer = vnt_test_sat_path (VALID_FIEL ".cer");
  g_autofree char *key = vnt_test_sat_path (VALID_FIEL ".key");
  g_autoptr(GFile) cer_file = NULL;
  g_autoptr(GFile) key_file = NULL;

  if (cer == NULL || key == NULL)
    return;
  cer_file = g_file_new_for_path (cer);
  key_file = g_file_new_for_path (key);

  vnt_check_page_set_files (fixture->page, cer_file, key_file);
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, "password_row")), "12345678a");
  g_signal_emit_by_name (child (fixture, "validate_button"), "clicked");
  g_assert_true (vnt_check_page_get_busy (fixture->page));

  /* Leaving (as Escape does) cancels; the page is usable again at once. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.back", NULL);
  g_assert_cmpstr (vnt_window_get_visible_page (fixture->window), ==, "start");
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (child (fixture, "spinner"))));
  g_assert_true (gtk_widget_is_sensitive (child (fixture, "files_group")));

  while (vnt_check_page_get_busy (fixture->page))
    g_main_context_iteration (NULL, TRUE);

  /* The worker's late answer is not shown. */
  g_assert_null (vnt_check_page_get_report (fixture->page));
  g_assert_false (gtk_widget_get_visible (child (fixture, "result_box")));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.open-check", NULL);
  g_assert_true (gtk_widget_is_sensitive (child (fixture, "validate_button")));
}

static gboolean
drop_files (Fixture     *fixture,
            const char **relatives)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->page));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  for (guint i = 0; relatives[i] != NULL; i++)
    {
      g_autofree char *path = vnt_test_sat_path (relatives[i]);

      if (path == NULL)
        return FALSE;
      g_ptr_array_add (files, g_file_new_for_path (path));
    }

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile **) files->pdata, files->len));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);

  while (vnt_check_page_get_busy (fixture->page))
    g_main_context_iteration (NULL, TRUE);

  return TRUE;
}

static gboolean
file_is (GFile      *file,
         const char *relative)
{
  g_autofree char *path = vnt_test_sat_path (relative);
  g_autoptr(GFile) expected = g_file_new_for_path (path);

  return file != NULL && g_file_equal (file, expected);
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  /* Names that tell, in either order. */
  const char *pair[] = { VALID_FIEL ".key", VALID_FIEL ".cer", NULL };
  /* .pem names say nothing: sorted by content. */
  const char *pem[] = { "variants/AAA010101AAA-FIEL-private_key_protected.key.pem",
                        "variants/AAA010101AAA-FIEL-certificate.cer.pem", NULL };
  const char *pfx[] = { "variants/AAA010101AAA-CSD01-credential_protected.pfx", NULL };

  if (!drop_files (fixture, pair))
    return;
  g_assert_true (file_is (vnt_check_page_get_certificate_file (fixture->page), pair[1]));
  g_assert_true (file_is (vnt_check_page_get_key_file (fixture->page), pair[0]));
  g_assert_true (gtk_widget_is_sensitive (child (fixture, "validate_button")));

  vnt_check_page_reset (fixture->page);
  if (!drop_files (fixture, pem))
    return;
  g_assert_true (file_is (vnt_check_page_get_certificate_file (fixture->page), pem[1]));
  g_assert_true (file_is (vnt_check_page_get_key_file (fixture->page), pem[0]));

  if (!drop_files (fixture, pfx))
    return;
  g_assert_true (file_is (vnt_check_page_get_certificate_file (fixture->page), pfx[0]));
  g_assert_null (vnt_check_page_get_key_file (fixture->page));
  g_assert_true (gtk_widget_is_sensitive (child (fixture, "validate_button")));
}

static GtkWidget *
find_file_chooser_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }

  return NULL;
}

/* Without a portal the native chooser is GTK's own dialog: check what it
 * offers, then cancel it as a person would. (Accepting goes through
 * vnt_check_page_set_files, tested above.) */
static void
check_chooser (Fixture    *fixture,
               const char *action,
               const char *title,
               const char *filter_name)
{
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) first = NULL;
  g_autoptr(GtkFileFilter) last = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) expected_folder = NULL;
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  while ((dialog = find_file_chooser_dialog ()) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, title);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 2);
  first = g_list_model_get_item (filters, 0);
  last = g_list_model_get_item (filters, 1);
  g_assert_cmpstr (gtk_file_filter_get_name (first), ==, filter_name);
  g_assert_cmpstr (gtk_file_filter_get_name (last), ==, "Todos los archivos");

  /* It opens where the other file of the pair already is (the dialog
   * switches folders asynchronously). */
  while ((folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  expected_folder = g_file_get_parent (vnt_check_page_get_certificate_file (fixture->page));
  g_assert_true (folder != NULL && g_file_equal (folder, expected_folder));

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  while (find_file_chooser_dialog () != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_file_choosers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *cer = vnt_test_sat_path (VALID_FIEL ".cer");
  g_autoptr(GFile) cer_file = NULL;

  if (cer == NULL)
    return;
  cer_file = g_file_new_for_path (cer);
  vnt_check_page_set_files (fixture->page, cer_file, NULL);

  check_chooser (fixture, "check.choose-key", "Elige la llave privada (.key)",
                 "Llaves privadas (.key, .pem)");
  g_assert_null (vnt_check_page_get_key_file (fixture->page));
  check_chooser (fixture, "check.choose-certificate", "Elige el certificado (.cer)",
                 "Certificados (.cer, .crt, .pem, .pfx, .p12)");
  g_assert_true (g_file_equal (vnt_check_page_get_certificate_file (fixture->page), cer_file));

  /* The keyboard is back where it was. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == child (fixture, "cer_button"));
}

static guint
mnemonic_of (GtkWidget *widget)
{
  GtkWidget *label = vnt_ui_test_find (widget, GTK_TYPE_LABEL, NULL, NULL);

  g_assert_nonnull (label);
  return gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)));
}

static gboolean
is_peek_button (GtkWidget     *widget,
                gconstpointer  unused)
{
  const char *icon = gtk_button_get_icon_name (GTK_BUTTON (widget));

  return icon != NULL && g_str_has_prefix (icon, "view-");
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *focus;

  /* Alt+C, Alt+L, Alt+T and Alt+V: one letter each. */
  g_assert_cmpuint (mnemonic_of (child (fixture, "cer_row")), ==, GDK_KEY_c);
  g_assert_cmpuint (mnemonic_of (child (fixture, "key_row")), ==, GDK_KEY_l);
  g_assert_cmpuint (mnemonic_of (child (fixture, "password_row")), ==, GDK_KEY_t);
  g_assert_cmpuint (mnemonic_of (child (fixture, "validate_button")), ==, GDK_KEY_v);

  /* Opening the page puts the keyboard on its first control. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == child (fixture, "cer_row")
                 || gtk_widget_is_ancestor (focus, child (fixture, "cer_row")));

  /* Every control has a name for screen readers. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (fixture, "cer_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Elegir el certificado");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (fixture, "key_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Elegir la llave privada");
  /* The password row's reveal button is named in words, not "GtkImage". */
  {
    GtkWidget *peek = vnt_ui_test_find (child (fixture, "password_row"), GTK_TYPE_BUTTON, is_peek_button, NULL);

    g_assert_nonnull (peek);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (peek), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Mostrar la contraseña");
  }

  /* "Validar" is named by its own label, once: an accessible label as
   * well made GTK 4.8 read "Validar Validar". */
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child (fixture, "validate_button")),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (child (fixture, "validate_button")),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

/* The verdict of a check is a handful of Tab stops, not two per fact: the
 * verdict and what to check; the facts are read, not Tab stops. */
static void
test_result_tab_stops (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) stops = NULL;
  GtkWidget *details = child (fixture, "details_list");
  guint n_facts = 0;

  if (!run_check (fixture, "fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key", "12345678a"))
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (details); row != NULL; row = gtk_widget_get_next_sibling (row))
    n_facts += gtk_widget_get_visible (row);
  g_assert_cmpuint (n_facts, >=, 9);

  stops = vnt_ui_test_tab_stops (GTK_WINDOW (fixture->window));
  g_assert_cmpuint (vnt_ui_test_n_within (stops, details), ==, 0);
  g_assert_cmpuint (vnt_ui_test_n_within (stops, child (fixture, "result_box")), <=, 5);
}

static int
min_width (Fixture *fixture)
{
  int minimum;

  /* The content (header bar and page), not the window: the window asks
   * for 360 px itself and would hide a wider page. */
  minimum = vnt_ui_test_min_width (adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window)),
                                   360);
  g_test_message ("%s: at least %d px wide", vnt_window_get_visible_page (fixture->window), minimum);
  return minimum;
}

/* The metainfo promises 360 px: the start list and the check page, empty
 * and with a verdict, fit in it with GNOME's header bar (close button
 * only), nothing cut. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *layout = NULL;

  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  g_object_set (settings, "gtk-decoration-layout", ":close", NULL);

  g_assert_cmpint (min_width (fixture), <=, 360);
  if (run_check (fixture, VALID_FIEL ".cer", VALID_FIEL ".key", "12345678a"))
    g_assert_cmpint (min_width (fixture), <=, 360);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.back", NULL);
  g_assert_cmpstr (vnt_window_get_visible_page (fixture->window), ==, "start");
  g_assert_cmpint (min_width (fixture), <=, 360);

  /* GNOME's "Large Text" (fonts 1.25 times as big) too. */
  {
    int dpi = 0;

    g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
    g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * 1.25), NULL);
    g_assert_cmpint (min_width (fixture), <=, 360);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.open-check", NULL);
    g_assert_cmpint (min_width (fixture), <=, 360);
    g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  }

  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
}

int
main (int   argc,
      char *argv[])
{
  vnt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/ui/check-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("validate-sensitivity", test_validate_sensitivity);
  ADD ("valid-moral", test_valid_moral);
  ADD ("expired", test_expired);
  ADD ("csd", test_csd);
  ADD ("expired-csd", test_expired_csd);
  ADD ("forged", test_forged);
  ADD ("wrong-password", test_wrong_password);
  ADD ("mismatch", test_mismatch);
  ADD ("unreadable-key", test_unreadable_key);
  ADD ("cancel-by-leaving", test_cancel_by_leaving);
  ADD ("drop", test_drop);
  ADD ("file-choosers", test_file_choosers);
  ADD ("keyboard", test_keyboard);
  ADD ("result-tab-stops", test_result_tab_stops);
  ADD ("narrow", test_narrow);

#undef ADD

  return g_test_run ();
}
