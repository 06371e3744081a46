/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui/pages/vnt-watch-page.h"
#include "ui/vnt-check-page.h"
#include "ui/vnt-preferences-window.h"
#include "ui/vnt-window.h"
#include "vnt-ui-test-utils.h"

/* Building each template makes a wrong property or a missing child fail
 * loudly (G_DEBUG=fatal-warnings). */

static void
test_check_page (void)
{
  GtkWidget *page = g_object_ref_sink (vnt_check_page_new ());

  g_assert_true (VNT_IS_CHECK_PAGE (page));
  g_assert_null (vnt_check_page_get_certificate_file (VNT_CHECK_PAGE (page)));
  g_assert_null (vnt_check_page_get_report (VNT_CHECK_PAGE (page)));
  g_assert_false (vnt_check_page_get_busy (VNT_CHECK_PAGE (page)));

  g_assert_finalize_object (page);
}

static void
test_watch_page (void)
{
  GtkWidget *page = g_object_ref_sink (vnt_watch_page_new ());

  g_assert_true (VNT_IS_WATCH_PAGE (page));
  g_assert_null (vnt_watch_page_get_list (VNT_WATCH_PAGE (page)));
  g_assert_null (vnt_watch_page_get_report (VNT_WATCH_PAGE (page)));
  g_assert_false (vnt_watch_page_get_busy (VNT_WATCH_PAGE (page)));

  g_assert_finalize_object (page);
}

static void
test_preferences_window (void)
{
  GtkWidget *window = vnt_preferences_window_new (NULL);

  g_assert_true (VNT_IS_PREFERENCES_WINDOW (window));
  g_assert_false (vnt_preferences_window_get_busy (VNT_PREFERENCES_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window (void)
{
  VntWindow *window = vnt_window_new (NULL);
  GtkWidget *row;

  g_assert_true (VNT_IS_WINDOW (window));
  g_assert_true (VNT_IS_CHECK_PAGE (vnt_window_get_check_page (window)));
  g_assert_cmpstr (vnt_window_get_visible_page (window), ==, "start");

  /* Only the procedures that work are offered: today, just one. */
  row = vnt_ui_test_find_row (GTK_WIDGET (window), "Revisar mi e.firma");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Comprueba que tu e.firma abre, corresponde, está vigente y es una e.firma y no un CSD");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ventanilla");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
test_about (void)
{
  VntWindow *window = vnt_window_new (NULL);
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before;
  AdwAboutWindow *about = NULL;

  vnt_ui_test_show (GTK_WINDOW (window));
  before = g_list_model_get_n_items (toplevels);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.about", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (item))
        about = ADW_ABOUT_WINDOW (item);
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Ventanilla");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  /* Where to read more and where to report a problem (the metainfo's). */
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/ventanilla/ventanilla");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, "https://github.com/ventanilla/ventanilla/issues");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (about));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_navigation (void)
{
  VntWindow *window = vnt_window_new (NULL);

  vnt_ui_test_show (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (vnt_window_get_check_page (window))));

  gtk_widget_activate_action (GTK_WIDGET (window), "window.open-check", NULL);
  g_assert_cmpstr (vnt_window_get_visible_page (window), ==, "check");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (vnt_window_get_check_page (window))));
  g_assert_nonnull (vnt_ui_test_find (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, NULL, NULL));
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (vnt_ui_test_find (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, NULL, NULL))),
                   ==, "Revisar mi e.firma");

  gtk_widget_activate_action (GTK_WIDGET (window), "window.back", NULL);
  g_assert_cmpstr (vnt_window_get_visible_page (window), ==, "start");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (vnt_window_get_check_page (window))));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  VntWindow *window;
  int width = 0;
  int height = 0;

  g_settings_set_int (settings, "window-width", 1010);
  g_settings_set_int (settings, "window-height", 707);

  window = vnt_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1010);
  g_assert_cmpint (height, ==, 707);

  /* What the window has on closing is what the next one opens with. */
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 640);
  vnt_ui_test_show (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
}

static void
collect_procedure_rows (GtkWidget *widget,
                        GPtrArray *rows)
{
  GtkWidget *activates;

  if (ADW_IS_ACTION_ROW (widget) &&
      (activates = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget))) != NULL &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (activates)), "window.open-procedure") == 0)
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_procedure_rows (child, rows);
}

/* Each procedure on the start window is one Tab stop, the row itself
 * (which opens it), with nothing focusable inside it. */
static void
test_start_tab_stops (void)
{
  VntWindow *window = vnt_window_new (NULL);
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *section;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 2000);
  vnt_ui_test_show (GTK_WINDOW (window));
  section = GTK_WIDGET (vnt_window_get_start_section (window));

  /* The rows that open a procedure. */
  collect_procedure_rows (section, rows);
  g_assert_cmpuint (rows->len, >=, 1);

  stops = vnt_ui_test_tab_stops (GTK_WINDOW (window));
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (vnt_ui_test_n_within (stops, row), ==, 1);
      g_assert_true (g_ptr_array_find (stops, row, NULL));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/templates/check-page", test_check_page);
  g_test_add_func ("/ui/templates/watch-page", test_watch_page);
  g_test_add_func ("/ui/templates/preferences-window", test_preferences_window);
  g_test_add_func ("/ui/templates/window", test_window);
  g_test_add_func ("/ui/templates/help-overlay", test_help_overlay);
  g_test_add_func ("/ui/templates/about", test_about);
  g_test_add_func ("/ui/window/navigation", test_navigation);
  g_test_add_func ("/ui/window/size", test_window_size);
  g_test_add_func ("/ui/window/start-tab-stops", test_start_tab_stops);

  return g_test_run ();
}
