/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui/vnt-check-page.h"
#include "ui/vnt-window.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* Renders each screen to a PNG in the build dir (tests/screenshots/), and
 * into docs/screenshots/ of the source tree when
 * VENTANILLA_UPDATE_SCREENSHOTS=1. */

#define WIDTH  860
#define HEIGHT 680

static GtkWidget *
largest_mapped_scroller (GtkWidget *widget)
{
  GtkWidget *best = NULL;

  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_SCROLLED_WINDOW (widget))
    best = widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = largest_mapped_scroller (child);

      if (found != NULL && (best == NULL || gtk_widget_get_height (found) > gtk_widget_get_height (best)))
        best = found;
    }

  return best;
}

/* Grows the window until the page's scrolled content fits whole: a
 * screenshot for the metainfo shows all of it, nothing cut at the
 * bottom. */
static void
fit_height (GtkWidget *window)
{
  GtkWidget *scroller = largest_mapped_scroller (window);
  GtkWidget *content;
  int natural = 0;
  int missing;
  int width;
  int height;

  if (scroller == NULL || (content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))) == NULL)
    return;
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (scroller),
                      NULL, &natural, NULL, NULL);
  missing = natural - gtk_widget_get_height (scroller);
  if (missing <= 0)
    return;
  /* A shown window keeps its size: hidden, it takes the new one. */
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window) + missing;
  gtk_widget_set_visible (window, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  vnt_ui_test_show (GTK_WINDOW (window));
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width;
  int height;

  vnt_ui_test_wait_frames (window, 3);
  fit_height (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);

  if (g_strcmp0 (g_getenv ("VENTANILLA_UPDATE_SCREENSHOTS"), "1") == 0)
    {
      g_autofree char *docs = g_build_filename (g_getenv ("VENTANILLA_SOURCE_ROOT"),
                                                "docs", "screenshots", NULL);
      g_autofree char *docs_path = g_build_filename (docs, name, NULL);

      g_assert_cmpint (g_mkdir_with_parents (docs, 0755), ==, 0);
      g_assert_true (gdk_texture_save_to_png (texture, docs_path));
      g_test_message ("updated %s", docs_path);
    }
}

static VntWindow *
new_window (int height)
{
  VntWindow *window = vnt_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, height);
  vnt_ui_test_show (GTK_WINDOW (window));

  return window;
}

static VntWindow *
open_check (int height)
{
  VntWindow *window = new_window (height);

  gtk_widget_activate_action (GTK_WIDGET (window), "window.open-check", NULL);
  return window;
}

static gboolean
check (VntWindow  *window,
       const char *stem,
       const char *password)
{
  VntCheckPage *page = vnt_window_get_check_page (window);
  g_autofree char *cer_rel = g_strconcat (stem, ".cer", NULL);
  g_autofree char *key_rel = g_strconcat (stem, ".key", NULL);
  g_autofree char *cer = vnt_test_sat_path (cer_rel);
  g_autofree char *key = vnt_test_sat_path (key_rel);
  g_autoptr(GFile) cer_file = NULL;
  g_autoptr(GFile) key_file = NULL;
  GObject *row;

  if (cer == NULL || key == NULL)
    return FALSE;

  cer_file = g_file_new_for_path (cer);
  key_file = g_file_new_for_path (key);
  vnt_check_page_set_files (page, cer_file, key_file);
  row = gtk_widget_get_template_child (GTK_WIDGET (page), VNT_TYPE_CHECK_PAGE, "password_row");
  gtk_editable_set_text (GTK_EDITABLE (row), password);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (page), VNT_TYPE_CHECK_PAGE,
                                                        "validate_button"),
                         "clicked");
  while (vnt_check_page_get_busy (page))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (vnt_check_page_get_report (page));

  return TRUE;
}

static void
test_start (void)
{
  VntWindow *window = new_window (HEIGHT);

  save_screenshot (GTK_WIDGET (window), "start.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_check_empty (void)
{
  VntWindow *window = open_check (HEIGHT);

  save_screenshot (GTK_WIDGET (window), "check-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_check_result (void)
{
  VntWindow *window = open_check (1000);

  if (check (window, "fiel/fiel-moral-EKU9003173C9-30001000000500003415", "12345678a"))
    save_screenshot (GTK_WIDGET (window), "check-efirma.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_check_expired (void)
{
  VntWindow *window = open_check (1000);

  if (check (window, "fiel/fiel-fisica-KAHO641101B39", "12345678a"))
    save_screenshot (GTK_WIDGET (window), "check-expired.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_check_wrong_password (void)
{
  VntWindow *window = open_check (HEIGHT);

  if (check (window, "fiel/fiel-moral-EKU9003173C9-30001000000500003415", "12345678b"))
    save_screenshot (GTK_WIDGET (window), "check-wrong-password.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef enum {
  LOOK_NARROW,      /* 360 px, GNOME's close button only */
  LOOK_DARK,
  LOOK_LARGE_TEXT,  /* GNOME's "Large Text": fonts 1.25 times as big */
} Look;

static const char * const look_suffixes[] = { "-360", "-dark", "-large-text" };

/* Sets @look on (TRUE) or back off (FALSE), for the windows made after. */
static void
set_look (Look     look,
          gboolean on)
{
  GtkSettings *settings = gtk_settings_get_default ();
  static char *layout = NULL;
  static int dpi = 0;

  switch (look)
    {
    case LOOK_NARROW:
      if (on)
        {
          g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
          g_object_set (settings, "gtk-decoration-layout", ":close", NULL);
        }
      else
        {
          g_object_set (settings, "gtk-decoration-layout", layout, NULL);
          g_clear_pointer (&layout, g_free);
        }
      break;
    case LOOK_DARK:
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          on ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_DEFAULT);
      break;
    case LOOK_LARGE_TEXT:
      if (on)
        {
          g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
          g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * 1.25), NULL);
        }
      else
        g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The start window and a check's verdict at 360 px, dark and in large
 * text: each whole, and at 360 px no wider. */
static void
test_looks (void)
{
  for (Look look = LOOK_NARROW; look <= LOOK_LARGE_TEXT; look++)
    {
      int width = look == LOOK_NARROW ? 360 : WIDTH;
      VntWindow *window;
      g_autofree char *start = g_strconcat ("start", look_suffixes[look], ".png", NULL);
      g_autofree char *verdict = g_strconcat ("check-efirma", look_suffixes[look], ".png", NULL);

      set_look (look, TRUE);

      window = vnt_window_new (NULL);
      gtk_window_set_default_size (GTK_WINDOW (window), width, HEIGHT);
      vnt_ui_test_show (GTK_WINDOW (window));
      save_screenshot (GTK_WIDGET (window), start);
      if (look == LOOK_NARROW)
        g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);

      gtk_widget_activate_action (GTK_WIDGET (window), "window.open-check", NULL);
      if (check (window, "fiel/fiel-moral-EKU9003173C9-30001000000500003415", "12345678a"))
        {
          save_screenshot (GTK_WIDGET (window), verdict);
          if (look == LOOK_NARROW)
            g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
        }
      gtk_window_destroy (GTK_WINDOW (window));

      set_look (look, FALSE);
    }
}

int
main (int   argc,
      char *argv[])
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/screenshots/start", test_start);
  g_test_add_func ("/ui/screenshots/check-empty", test_check_empty);
  g_test_add_func ("/ui/screenshots/check-result", test_check_result);
  g_test_add_func ("/ui/screenshots/check-expired", test_check_expired);
  g_test_add_func ("/ui/screenshots/check-wrong-password", test_check_wrong_password);
  g_test_add_func ("/ui/screenshots/looks", test_looks);

  return g_test_run ();
}
