/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Mis e.firmas" through its real widgets, headless: folders with copies of
 * SAT test certificates are added as the file chooser would, the rows are
 * read at fixed times, a certificate found twice is one row, the file that
 * is no certificate is shown with its reason, and removing a folder takes
 * its certificates away. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ui/pages/vnt-watch-page.h"
#include "ui/vnt-window.h"
#include "vnt-ui-test-utils.h"
#include "vnt-test-utils.h"

#define FIEL "fiel/fiel-fisica-KAHO641101B39.cer"      /* 2019-05-27 … 2023-05-27 */
#define CSD "csd/csd-moral-EKU9003173C9-30001000000500003416.cer"  /* 2023-05-18 … 2027-05-18 */

typedef struct {
  char      *root;
  char      *folder_a;
  char      *folder_b;
  GtkWindow *window;
  VntWatchPage *page;
  VntWatchList *list;
} Fixture;

static void
copy_sat (const char *relative,
          const char *to)
{
  g_autofree char *from = vnt_test_sat_path (relative);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

static GDateTime *
utc (const char *text)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  GDateTime *time = g_date_time_new_from_iso8601 (text, zone);

  g_assert_nonnull (time);
  return time;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fiel_a = NULL;
  g_autofree char *fiel_b = NULL;
  g_autofree char *csd_b = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *key = NULL;

  fixture->root = g_dir_make_tmp ("vnt-watch-page-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->folder_a = g_build_filename (fixture->root, "Cliente A", NULL);
  fixture->folder_b = g_build_filename (fixture->root, "Cliente B", NULL);
  g_assert_cmpint (g_mkdir (fixture->folder_a, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (fixture->folder_b, 0700), ==, 0);

  /* The same e.firma in both folders; a key beside it, never read as a
   * certificate; a broken .cer. */
  fiel_a = g_build_filename (fixture->folder_a, "efirma.cer", NULL);
  fiel_b = g_build_filename (fixture->folder_b, "copia de efirma.cer", NULL);
  csd_b = g_build_filename (fixture->folder_b, "sello.cer", NULL);
  broken = g_build_filename (fixture->folder_b, "roto.cer", NULL);
  key = g_build_filename (fixture->folder_a, "efirma.key", NULL);
  copy_sat (FIEL, fiel_a);
  copy_sat (FIEL, fiel_b);
  copy_sat (CSD, csd_b);
  copy_sat ("fiel/fiel-fisica-KAHO641101B39.key", key);
  g_file_set_contents (broken, "no es un certificado\n", -1, &error);
  g_assert_no_error (error);

  /* The memory backend lives as long as the process: start empty. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_reset (settings, "watched-paths");
  }

  fixture->window = GTK_WINDOW (vnt_window_new (NULL));
  fixture->page = vnt_window_get_watch_page (VNT_WINDOW (fixture->window));
  fixture->list = vnt_watch_page_get_list (fixture->page);
  g_assert_nonnull (fixture->list);
  g_assert_null (vnt_watch_list_get_paths (fixture->list)[0]);
  vnt_ui_test_show (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.open-watch", NULL);
  g_assert_cmpstr (vnt_window_get_visible_page (VNT_WINDOW (fixture->window)), ==, "watch");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  vnt_test_remove_tree (fixture->root);
  g_free (fixture->root);
  g_free (fixture->folder_a);
  g_free (fixture->folder_b);
}

static void
wait_scan (Fixture *fixture)
{
  while (vnt_watch_page_get_busy (fixture->page))
    g_main_context_iteration (NULL, TRUE);
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->page), 2);
}

static gboolean
is_expander (GtkWidget     *widget,
             gconstpointer  data)
{
  return ADW_IS_EXPANDER_ROW (widget) && gtk_widget_get_visible (widget);
}

/* The certificate rows on show, in order. */
static GPtrArray *
certificate_rows (Fixture *fixture)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *first;

  first = vnt_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_EXPANDER_ROW, is_expander, NULL);
  for (GtkWidget *row = first; row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row))
      g_ptr_array_add (rows, row);

  return rows;
}

/* The words of the row's state label (in the expander's action area). */
static gboolean
is_state_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading") &&
         (gtk_widget_has_css_class (widget, "success") || gtk_widget_has_css_class (widget, "warning") ||
          gtk_widget_has_css_class (widget, "error"));
}

static const char *
state_of (GtkWidget *row)
{
  GtkWidget *label = vnt_ui_test_find (row, GTK_TYPE_LABEL, is_state_label, NULL);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
has_css (GtkWidget  *row,
         const char *css)
{
  return gtk_widget_has_css_class (vnt_ui_test_find (row, GTK_TYPE_LABEL, is_state_label, NULL), css);
}

static void
test_add_and_judge (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) at = utc ("2027-05-01T12:00:00Z");
  g_autoptr(GPtrArray) rows = NULL;
  VntWatchReport *report;
  GtkWidget *skipped;
  GtkWidget *procedure;

  vnt_watch_list_set_now (fixture->list, at);

  g_assert_true (vnt_watch_page_add_path (fixture->page, fixture->folder_a));
  g_assert_true (vnt_watch_page_get_busy (fixture->page));
  wait_scan (fixture);
  g_assert_true (vnt_watch_page_add_path (fixture->page, fixture->folder_b));
  wait_scan (fixture);

  /* Both folders are listed, by name, with their paths. */
  g_assert_nonnull (vnt_ui_test_find_row (GTK_WIDGET (fixture->page), "Cliente A"));
  g_assert_nonnull (vnt_ui_test_find_row (GTK_WIDGET (fixture->page), "Cliente B"));

  /* Two certificates, not three: the copy is folded, with both files. */
  report = vnt_watch_page_get_report (fixture->page);
  g_assert_nonnull (report);
  g_assert_cmpuint (vnt_watch_report_get_n_entries (report), ==, 2);
  g_assert_cmpuint (vnt_watch_report_get_entry (report, 0)->files->len, ==, 2);
  rows = certificate_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 2);

  /* Soonest expiry first: the e.firma expired in 2023, the CSD expires
   * within 30 days of 2027-05-01. In words, not colour alone. */
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "OSCAR KALA HAAK");
  g_assert_cmpstr (state_of (g_ptr_array_index (rows, 0)), ==, "Vencido");
  g_assert_true (has_css (g_ptr_array_index (rows, 0), "error"));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (g_ptr_array_index (rows, 0)), "KAHO641101B39"));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (g_ptr_array_index (rows, 0)), "Renovación de e.firma"));
  g_assert_cmpstr (state_of (g_ptr_array_index (rows, 1)), ==, "Por vencer");
  g_assert_true (has_css (g_ptr_array_index (rows, 1), "warning"));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (g_ptr_array_index (rows, 1)), "quedan 16 días"));

  /* The e.firma's row opens what follows its renewal, from the registry:
   * "Actualización de la e.firma" through window.open-procedure. */
  procedure = vnt_ui_test_find_row (g_ptr_array_index (rows, 0), "Actualización de la e.firma");
  g_assert_nonnull (procedure);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (procedure)), ==, "window.open-procedure");
  /* A CSD has no procedure here. */
  g_assert_null (vnt_ui_test_find_row (g_ptr_array_index (rows, 1), "Actualización de la e.firma"));

  /* The broken file is shown with its reason; the key is not. */
  skipped = vnt_ui_test_find_row (GTK_WIDGET (fixture->page), "roto.cer");
  g_assert_nonnull (skipped);
  g_assert_true (gtk_widget_get_mapped (skipped));
  g_assert_null (vnt_ui_test_find_row (GTK_WIDGET (fixture->page), "efirma.key"));

  /* Adding a folder again changes nothing and says so. */
  g_assert_false (vnt_watch_page_add_path (fixture->page, fixture->folder_a));
  g_assert_cmpuint (g_strv_length ((char **) vnt_watch_list_get_paths (fixture->list)), ==, 2);
}

static void
test_statuses_at_other_times (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GDateTime) before = utc ("2023-05-10T12:00:00Z");
  g_autoptr(GDateTime) middle = utc ("2025-01-01T00:00:00Z");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows_later = NULL;

  vnt_watch_list_set_now (fixture->list, before);
  vnt_watch_page_add_path (fixture->page, fixture->folder_b);
  wait_scan (fixture);

  /* 17 days before the e.firma expires, 8 before the CSD starts. */
  rows = certificate_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (state_of (g_ptr_array_index (rows, 0)), ==, "Por vencer");
  g_assert_cmpstr (state_of (g_ptr_array_index (rows, 1)), ==, "Aún no vigente");

  vnt_watch_list_set_now (fixture->list, middle);
  vnt_watch_page_refresh (fixture->page);
  wait_scan (fixture);
  rows_later = certificate_rows (fixture);
  g_assert_cmpstr (state_of (g_ptr_array_index (rows_later, 0)), ==, "Vencido");
  g_assert_cmpstr (state_of (g_ptr_array_index (rows_later, 1)), ==, "Vigente");
  g_assert_true (has_css (g_ptr_array_index (rows_later, 1), "success"));
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GDateTime) at = utc ("2025-01-01T00:00:00Z");
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *remove_name = NULL;
  GtkWidget *path_row;
  GtkWidget *button;

  vnt_watch_list_set_now (fixture->list, at);
  vnt_watch_page_add_path (fixture->page, fixture->folder_a);
  wait_scan (fixture);
  vnt_watch_page_add_path (fixture->page, fixture->folder_b);
  wait_scan (fixture);
  g_assert_cmpuint (vnt_watch_report_get_n_entries (vnt_watch_page_get_report (fixture->page)), ==, 2);

  /* The remove button of "Cliente B", found by its accessible name's
   * words in its tooltip. */
  path_row = vnt_ui_test_find_row (GTK_WIDGET (fixture->page), "Cliente B");
  g_assert_nonnull (path_row);
  button = vnt_ui_test_find (path_row, GTK_TYPE_BUTTON, NULL, NULL);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Dejar de vigilar Cliente B");
  g_signal_emit_by_name (button, "clicked");
  wait_scan (fixture);

  g_assert_null (vnt_ui_test_find_row (GTK_WIDGET (fixture->page), "Cliente B"));
  g_assert_cmpuint (g_strv_length ((char **) vnt_watch_list_get_paths (fixture->list)), ==, 1);
  rows = certificate_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_null (vnt_ui_test_find_row (GTK_WIDGET (fixture->page), "roto.cer"));

  /* Paths only are kept: the setting holds the one folder left. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_auto(GStrv) kept = g_settings_get_strv (settings, "watched-paths");

    g_assert_cmpuint (g_strv_length (kept), ==, 1);
    g_assert_cmpstr (kept[0], ==, fixture->folder_a);
  }
}

/* As a user would: the window shown again at that size. */
static void
resize (Fixture *fixture,
        int      width)
{
  gtk_widget_set_visible (GTK_WIDGET (fixture->window), FALSE);
  gtk_window_set_default_size (fixture->window, width, 900);
  vnt_ui_test_show (fixture->window);
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) at = utc ("2027-05-01T12:00:00Z");
  g_autoptr(GPtrArray) rows = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  int page_min = 0;

  vnt_watch_list_set_now (fixture->list, at);
  vnt_watch_page_add_path (fixture->page, fixture->folder_a);
  wait_scan (fixture);
  vnt_watch_page_add_path (fixture->page, fixture->folder_b);
  wait_scan (fixture);
  rows = certificate_rows (fixture);
  adw_expander_row_set_expanded (g_ptr_array_index (rows, 0), TRUE);

  resize (fixture, 860);
  vnt_ui_test_save_screenshot (GTK_WIDGET (fixture->window), NULL, "watch");

  /* Nothing on the page makes the window wider than a phone's (the
   * header bar has its own minimum). */
  resize (fixture, 360);
  gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &page_min, NULL, NULL, NULL);
  g_assert_cmpint (page_min, <=, 360);
  vnt_ui_test_save_screenshot (GTK_WIDGET (fixture->window), NULL, "watch-360");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  resize (fixture, 860);
  vnt_ui_test_save_screenshot (GTK_WIDGET (fixture->window), NULL, "watch-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int    argc,
      char **argv)
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add ("/watch-page/add-and-judge", Fixture, NULL, fixture_set_up, test_add_and_judge, fixture_tear_down);
  g_test_add ("/watch-page/statuses-at-other-times", Fixture, NULL, fixture_set_up,
              test_statuses_at_other_times, fixture_tear_down);
  g_test_add ("/watch-page/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);

  g_test_add ("/watch-page/screenshots", Fixture, NULL, fixture_set_up, test_screenshots, fixture_tear_down);

  return g_test_run ();
}
