/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-background.h"
#include "controllers/vnt-expiry-reminders.h"
#include "controllers/vnt-watch-list.h"
#include "vnt-application.h"
#include "vnt-ui.h"
#include "vnt-window.h"

struct _VntApplication
{
  AdwApplication parent_instance;

  /* Started by the autostart entry: check, remind, exit; no window. */
  gboolean check_only;
};

G_DEFINE_FINAL_TYPE (VntApplication, vnt_application, ADW_TYPE_APPLICATION)

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing (not quitting) lets each window save its size. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static GtkWindow *
ensure_window (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (vnt_window_new (VNT_APPLICATION (app)));

  return window;
}

/* What an expiry reminder opens. */
static void
open_watch_activated_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkWindow *window = ensure_window (G_APPLICATION (user_data));

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.open-watch", NULL);
}

static void
vnt_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_activated_cb, NULL, NULL, NULL },
    { "open-watch", open_watch_activated_cb, NULL, NULL, NULL },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (vnt_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static GSettings *
settings_or_null (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema != NULL ? g_settings_new (APP_ID) : NULL;
}

static void
check_scanned_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GApplication *app = user_data;
  g_autoptr(GSettings) settings = settings_or_null ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VntWatchReport) report = vnt_watch_list_scan_finish (VNT_WATCH_LIST (source), result, &error);

  if (report == NULL)
    g_warning ("The watched certificates could not be checked: %s", error->message);
  else if (settings != NULL)
    vnt_expiry_reminders_send (app, settings, report);

  g_application_release (app);
}

/* The headless check: scan the watched paths, send the reminders due. */
static void
check_expiries (GApplication *app)
{
  g_autoptr(GSettings) settings = settings_or_null ();
  g_autoptr(VntWatchList) list = NULL;

  /* Switched off while an old entry was still installed: nothing to do. */
  if (settings == NULL || !g_settings_get_boolean (settings, "background-reminders"))
    return;

  list = vnt_watch_list_new (settings);
  g_application_hold (app);
  vnt_watch_list_scan_async (list, NULL, check_scanned_cb, app);
}

static void
vnt_application_activate (GApplication *app)
{
  VntApplication *self = VNT_APPLICATION (app);

  if (self->check_only)
    {
      self->check_only = FALSE;
      check_expiries (app);
      return;
    }

  gtk_window_present (ensure_window (app));
}

static int
vnt_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  VntApplication *self = VNT_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, VNT_BACKGROUND_CHECK_OPTION))
    return -1;

  /* With the app open, it reminds already. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (g_application_get_is_remote (app))
    return 0;

  self->check_only = TRUE;
  return -1;
}

static void
vnt_application_class_init (VntApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = vnt_application_startup;
  app_class->activate = vnt_application_activate;
  app_class->handle_local_options = vnt_application_handle_local_options;
}

static void
vnt_application_init (VntApplication *self)
{
  const GOptionEntry entries[] = {
    { VNT_BACKGROUND_CHECK_OPTION, 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Check the watched certificates, send the expiry reminders due and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

VntApplication *
vnt_application_new (void)
{
  vnt_ui_init ();

  return g_object_new (VNT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
