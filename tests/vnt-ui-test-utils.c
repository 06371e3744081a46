/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "ui/vnt-ui.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

static char *config_home;

static void
remove_config_home (void)
{
  g_autofree char *settings_dir = g_build_filename (config_home, "gtk-4.0", NULL);
  g_autofree char *settings = g_build_filename (settings_dir, "settings.ini", NULL);

  g_unlink (settings);
  g_rmdir (settings_dir);
  g_rmdir (config_home);
  g_clear_pointer (&config_home, g_free);
}

/* GTK reads settings.ini when the display opens: write it first. */
static void
use_private_gtk_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_dir = NULL;
  g_autofree char *settings = NULL;

  /* A test's subprocess inherits its parent's, which the parent removes. */
  if (g_test_subprocess ())
    return;

  config_home = g_dir_make_tmp ("vnt-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  settings_dir = g_build_filename (config_home, "gtk-4.0", NULL);
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  settings = g_build_filename (settings_dir, "settings.ini", NULL);
  g_file_set_contents (settings,
                       "[Settings]\n"
                       "gtk-font-name=Cantarell 11\n"
                       "gtk-enable-animations=false\n"
                       "gtk-cursor-blink=false\n",
                       -1, &error);
  g_assert_no_error (error);

  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  atexit (remove_config_home);
}

void
vnt_ui_test_init (int    *argc,
                  char ***argv)
{
  /* Under LANG=C.UTF-8 gettext honours LANGUAGE; en_US (what
   * gtk_test_init would pick) may not be installed. */
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (argc, argv, NULL);
  use_private_gtk_settings ();
  /* Before GTK starts threads: it sets LANGUAGE. */
  vnt_test_use_spanish ();

  /* The test AT context records accessible states without a bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display; run under xvfb-run\n");
      exit (0);
    }
  adw_init ();
  vnt_ui_init ();
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *remaining = user_data;

  if (*remaining > 0)
    (*remaining)--;

  return *remaining > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
vnt_ui_test_wait_frames (GtkWidget *widget,
                         guint      n_frames)
{
  guint remaining = n_frames;

  if (n_frames == 0)
    return;
  gtk_widget_add_tick_callback (widget, count_frame_cb, &remaining, NULL);
  while (remaining > 0)
    g_main_context_iteration (NULL, TRUE);
}

void
vnt_ui_test_show (GtkWindow *window)
{
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  vnt_ui_test_wait_frames (GTK_WIDGET (window), 3);
}

GtkWidget *
vnt_ui_test_find (GtkWidget     *widget,
                  GType          type,
                  gboolean     (*match) (GtkWidget *, gconstpointer),
                  gconstpointer  data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (match == NULL || match (widget, data)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vnt_ui_test_find (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Compares without the mnemonic's underscore. */
static gboolean
row_has_title (GtkWidget     *row,
               gconstpointer  title)
{
  const char *row_title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autoptr(GString) plain = g_string_new (NULL);

  if (row_title == NULL)
    return FALSE;
  for (const char *p = row_title; *p != '\0'; p++)
    if (*p != '_' || !adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)))
      g_string_append_c (plain, *p);

  return g_str_equal (plain->str, title);
}

GtkWidget *
vnt_ui_test_find_row (GtkWidget  *widget,
                      const char *title)
{
  return vnt_ui_test_find (widget, ADW_TYPE_PREFERENCES_ROW, row_has_title, title);
}

static gboolean
label_is_selectable (GtkWidget     *label,
                     gconstpointer  unused)
{
  return gtk_label_get_selectable (GTK_LABEL (label));
}

const char *
vnt_ui_test_row_value (GtkWidget *row)
{
  GtkWidget *label;

  g_assert_nonnull (row);
  label = vnt_ui_test_find (row, GTK_TYPE_LABEL, label_is_selectable, NULL);
  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

/* Every widget that Tab stops at, from the window's first, once round. */
GPtrArray *
vnt_ui_test_tab_stops (GtkWindow *window)
{
  GPtrArray *stops = g_ptr_array_new ();
  GtkWidget *first = NULL;

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < 500; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (g_getenv ("VNT_DEBUG_TAB"))
        g_printerr ("tab %u: %s %p\n", i, focus ? G_OBJECT_TYPE_NAME (focus) : "-", focus);
      if (focus == NULL || focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_ptr_array_add (stops, focus);
    }

  return stops;
}

guint
vnt_ui_test_n_within (GPtrArray *widgets,
                      GtkWidget *ancestor)
{
  guint n = 0;

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *stop = g_ptr_array_index (widgets, i);

      if (stop == ancestor || gtk_widget_is_ancestor (stop, ancestor))
        n++;
    }

  return n;
}

/* Logs the widgets under @widget that ask for more than @limit px while
 * none of their children does: the ones that make a page too wide. */
static void
log_too_wide (GtkWidget *widget,
              int        limit,
              int        depth)
{
  gboolean child_too_wide = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int minimum = 0;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (minimum > limit)
        {
          child_too_wide = TRUE;
          log_too_wide (child, limit, depth + 1);
        }
    }

  if (!child_too_wide)
    {
      int minimum = 0;
      const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : NULL;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("  too wide at depth %d: %s%s%s “%s” (%d px)", depth, G_OBJECT_TYPE_NAME (widget),
                      gtk_widget_get_name (widget)[0] != '\0' ? " #" : "",
                      gtk_widget_get_name (widget), text ? text : "", minimum);
      /* A box too wide for its children together: what is in it. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_minimum = 0;

          if (!gtk_widget_get_visible (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL, NULL, NULL);
          g_test_message ("    with %s “%s” (%d px)", G_OBJECT_TYPE_NAME (child),
                          GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : "", child_minimum);
        }
      for (GtkWidget *parent = gtk_widget_get_parent (widget); parent != NULL && depth-- > 0;
           parent = gtk_widget_get_parent (parent))
        g_test_message ("    in %s", G_OBJECT_TYPE_NAME (parent));
    }
}

int
vnt_ui_test_min_width (GtkWidget *widget,
                       int        limit)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum > limit)
    log_too_wide (widget, limit, 0);

  return minimum;
}

void
vnt_ui_test_save_screenshot (GtkWidget  *window,
                             const char *folder,
                             const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int width;
  int height;

  vnt_ui_test_wait_frames (window, 3);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", folder, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);

  if (folder == NULL && g_strcmp0 (g_getenv ("VENTANILLA_UPDATE_SCREENSHOTS"), "1") == 0)
    {
      g_autofree char *docs = g_build_filename (g_getenv ("VENTANILLA_SOURCE_ROOT"), "docs",
                                                "screenshots", NULL);
      g_autofree char *docs_path = g_build_filename (docs, file, NULL);

      g_assert_cmpint (g_mkdir_with_parents (docs, 0755), ==, 0);
      g_assert_true (gdk_texture_save_to_png (texture, docs_path));
      g_test_message ("updated %s", docs_path);
    }
}

void
vnt_ui_test_set_large_text (gboolean large)
{
  GtkSettings *settings = gtk_settings_get_default ();
  static int dpi = 0;

  if (large)
    {
      g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
      g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * 1.25), NULL);
    }
  else
    g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

/* The window manager may not resize a shown window at once: a bounded
 * wait, then hidden, as it takes the new size when shown again. */
static void
resize (GtkWidget *window,
        int        width,
        int        height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  for (guint i = 0; i < 20 && gtk_widget_get_width (window) != width; i++)
    vnt_ui_test_wait_frames (window, 1);
  if (gtk_widget_get_width (window) != width)
    {
      gtk_widget_set_visible (window, FALSE);
      vnt_ui_test_show (GTK_WINDOW (window));
    }
  vnt_ui_test_wait_frames (window, 3);
}

void
vnt_ui_test_shoot_large_text (GtkWidget  *window,
                              const char *name)
{
  g_autofree char *large = g_strconcat (name, "-large-text", NULL);
  g_autofree char *layout = NULL;
  GtkSettings *settings = gtk_settings_get_default ();
  GtkWidget *content;
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  /* GNOME's own window buttons: close alone (Xvfb's default adds two). */
  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  g_object_set (settings, "gtk-decoration-layout", ":close", NULL);
  vnt_ui_test_set_large_text (TRUE);
  resize (window, 360, height);
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  g_assert_cmpint (vnt_ui_test_min_width (content, 360), <=, 360);
  vnt_ui_test_save_screenshot (window, NULL, large);
  vnt_ui_test_set_large_text (FALSE);
  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
  resize (window, width, height);
}
