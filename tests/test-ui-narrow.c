/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "ui/pages/vnt-efirma-page.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "ui/vnt-window.h"
#include "ui/wizard/vnt-assistant.h"
#include "ui/wizard/vnt-procedure-view.h"
#include "ui/wizard/vnt-wizard-context.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

/* The metainfo promises 360 px. Every page of every procedure, as the
 * registry lists them (a new procedure is covered without a line here), is
 * shown in a window 360 px wide, in practice mode with the practice
 * e.firmas at hand (their buttons are the widest), with normal and with
 * large text, and in the dark style: the window's content must ask for no
 * more than 360 px, every control must lie within the window, and the
 * header bar must keep its back button and a title. The pages are written
 * as PNGs (screenshots/narrow/ in the build dir) to look at. */

#define NARROW 360
#define HEIGHT 720

typedef struct {
  char             *dir;
  VntTramiteStore  *store;
  VntServiceClient *client;
  VntWizardContext *wizard;
  VntWindow        *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntTrustStore) trust = vnt_test_practice_trust_store ();
  g_autofree char *data_dir = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-ui-narrow-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (fixture->dir, "data", NULL);
  vnt_test_practice_install_efirmas (data_dir);
  fixture->store = vnt_tramite_store_new (data_dir);
  /* Nothing is sent; were it, the discard port refuses it at once. */
  fixture->client = vnt_service_client_new ("http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  fixture->wizard = vnt_wizard_context_new (fixture->store, fixture->client, TRUE);
  vnt_wizard_context_set_trust_store (fixture->wizard, trust);
  vnt_wizard_context_set_default (fixture->wizard);

  /* GNOME's own layout: the close button alone. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  fixture->window = vnt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), NARROW, HEIGHT);
  vnt_ui_test_show (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  vnt_wizard_context_set_default (NULL);
  g_clear_object (&fixture->wizard);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  vnt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GtkWidget *
content_of (Fixture *fixture)
{
  return adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));
}

static gboolean
is_control (GtkWidget     *widget,
            gconstpointer  unused)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_EDITABLE (widget)
         || GTK_IS_DROP_DOWN (widget) || GTK_IS_SWITCH (widget) || GTK_IS_TEXT_VIEW (widget)
         || GTK_IS_MENU_BUTTON (widget) || ADW_IS_PREFERENCES_ROW (widget);
}

/* Every control on show lies within the window's width; returns how many
 * do not, logging them. */
static guint
count_cut (GtkWidget *window,
           GtkWidget *widget)
{
  guint cut = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;

  if (is_control (widget, NULL))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
      if (bounds.origin.x < -0.5 ||
          bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5)
        {
          g_test_message ("  cut: %s at x %.0f, %.0f px wide", G_OBJECT_TYPE_NAME (widget),
                          bounds.origin.x, bounds.size.width);
          cut++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cut += count_cut (window, child);

  return cut;
}

static gboolean
is_back_button (GtkWidget     *widget,
                gconstpointer  unused)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "window.back") == 0;
}

/* The header bar's back button and title are on show, the title wide
 * enough to be read: its first word at least. */
static void
assert_header_bar (Fixture    *fixture,
                   const char *where)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *back = vnt_ui_test_find (window, GTK_TYPE_BUTTON, is_back_button, NULL);
  GtkWidget *title = vnt_ui_test_find (window, ADW_TYPE_WINDOW_TITLE, NULL, NULL);
  GtkWidget *label;
  int title_width;
  int needed;

  g_assert_nonnull (back);
  g_assert_nonnull (title);
  if (!gtk_widget_get_mapped (back) || gtk_widget_get_width (back) == 0)
    g_error ("%s: the back button is not on show", where);

  label = vnt_ui_test_find (title, GTK_TYPE_LABEL, NULL, NULL);
  g_assert_nonnull (label);
  title_width = gtk_widget_get_width (label);
  /* Room for at least its first ten characters. */
  {
    const char *text = gtk_label_get_text (GTK_LABEL (label));
    g_autofree char *start = g_utf8_substring (text, 0, MIN (10, g_utf8_strlen (text, -1)));
    PangoLayout *layout = gtk_widget_create_pango_layout (label, start);

    pango_layout_get_pixel_size (layout, &needed, NULL);
    g_object_unref (layout);
    g_test_message ("%s: title “%s” %d px wide (needs %d)", where, text, title_width, needed);
  }
  if (title_width < needed)
    g_error ("%s: the title has %d px, fewer than its first characters need (%d)",
             where, title_width, needed);
}

static void
check_page (Fixture    *fixture,
            const char *where,
            gboolean   *failed)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  int minimum;
  guint cut;

  vnt_ui_test_wait_frames (window, 2);
  minimum = vnt_ui_test_min_width (content_of (fixture), NARROW);
  g_test_message ("%s: at least %d px wide", where, minimum);
  if (minimum > NARROW)
    {
      g_test_message ("%s: asks for %d px, over %d", where, minimum, NARROW);
      *failed = TRUE;
    }
  cut = count_cut (window, window);
  if (cut > 0)
    {
      g_test_message ("%s: %u controls cut", where, cut);
      *failed = TRUE;
    }
  assert_header_bar (fixture, where);
}

/* The e.firma page's verdict (here: which practice e.firma it took), under
 * the fields, is scrolled into view rather than left under the
 * assistant's bar. */
static void
check_verdict_shows (Fixture    *fixture,
                     VntPage    *page,
                     const char *where)
{
  GtkWidget *verdict = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                  VNT_TYPE_EFIRMA_PAGE,
                                                                  "result_box"));
  GtkWidget *practice = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                   VNT_TYPE_EFIRMA_PAGE,
                                                                   "practice_button"));
  GtkWidget *scrolled = gtk_widget_get_ancestor (verdict, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_visible (practice));
  g_signal_emit_by_name (practice, "clicked");
  while (!gtk_widget_get_visible (verdict))
    g_main_context_iteration (NULL, TRUE);
  vnt_ui_test_wait_frames (verdict, 4);

  g_assert_true (gtk_widget_compute_bounds (verdict, scrolled, &bounds));
  g_test_message ("%s: the verdict at y %.0f to %.0f of %d px", where, bounds.origin.y,
                  bounds.origin.y + bounds.size.height, gtk_widget_get_height (scrolled));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (scrolled) + 0.5);
  vnt_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "narrow", where);
}

static VntAssistant *
open_procedure (Fixture                      *fixture,
                const VntProcedureDescriptor *descriptor)
{
  VntProcedureView *view;

  vnt_window_open_procedure (fixture->window, descriptor->id);
  view = vnt_window_get_procedure_view (fixture->window);
  while (vnt_procedure_view_get_assistant (view) == NULL)
    g_main_context_iteration (NULL, TRUE);

  return vnt_procedure_view_get_assistant (view);
}

typedef enum {
  LOOK_NORMAL,
  LOOK_LARGE_TEXT,  /* GNOME's "Large Text": fonts 1.25 times as big */
  LOOK_DARK,
} Look;

static const char * const look_names[] = { "360", "large-text", "dark" };

static void
set_look (Look     look,
          gboolean on)
{
  switch (look)
    {
    case LOOK_NORMAL:
      break;
    case LOOK_LARGE_TEXT:
      vnt_ui_test_set_large_text (on);
      break;
    case LOOK_DARK:
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          on ? ADW_COLOR_SCHEME_FORCE_DARK
                                             : ADW_COLOR_SCHEME_DEFAULT);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_every_page (Fixture       *fixture,
                 gconstpointer  data)
{
  Look look = GPOINTER_TO_INT (data);
  gboolean failed = FALSE;
  gboolean verdict_seen = FALSE;

  set_look (look, TRUE);
  for (guint i = 0; i < vnt_procedure_registry_get_n_items (); i++)
    {
      const VntProcedureDescriptor *descriptor = vnt_procedure_registry_get (i);
      VntAssistant *assistant = open_procedure (fixture, descriptor);

      for (gsize p = 0; p < descriptor->n_pages; p++)
        {
          const char *id = descriptor->pages[p].id;
          g_autofree char *where = g_strdup_printf ("%s, page %s, %s", descriptor->id, id,
                                                    look_names[look]);
          g_autofree char *shot = g_strdup_printf ("%s-%s-%s", descriptor->id, id,
                                                   look_names[look]);

          if (vnt_assistant_get_page (assistant, id) == NULL)
            continue;
          vnt_assistant_go_to (assistant, id);
          check_page (fixture, where, &failed);
          /* To look at: the pages as they are before anything is typed. */
          vnt_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "narrow", shot);
          if (!verdict_seen && VNT_IS_EFIRMA_PAGE (vnt_assistant_get_page (assistant, id)))
            {
              g_autofree char *verdict = g_strdup_printf ("efirma-verdict-%s", look_names[look]);

              check_verdict_shows (fixture, vnt_assistant_get_page (assistant, id), verdict);
              verdict_seen = TRUE;
            }
        }
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.back", NULL);
    }
  set_look (look, FALSE);

  if (failed)
    g_test_fail_printf ("pages wider than %d px or with controls cut (see the messages)", NARROW);
}

int
main (int   argc,
      char *argv[])
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/narrow/every-page", Fixture, GINT_TO_POINTER (LOOK_NORMAL),
              fixture_setup, test_every_page, fixture_teardown);
  g_test_add ("/ui/narrow/every-page-large-text", Fixture, GINT_TO_POINTER (LOOK_LARGE_TEXT),
              fixture_setup, test_every_page, fixture_teardown);
  g_test_add ("/ui/narrow/every-page-dark", Fixture, GINT_TO_POINTER (LOOK_DARK),
              fixture_setup, test_every_page, fixture_teardown);

  return g_test_run ();
}
