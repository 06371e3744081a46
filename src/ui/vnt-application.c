/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-application.h"
#include "vnt-ui.h"
#include "vnt-window.h"

struct _VntApplication
{
  AdwApplication parent_instance;
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

static void
vnt_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_activated_cb, NULL, NULL, NULL },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (vnt_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
vnt_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (vnt_window_new (VNT_APPLICATION (app)));

  gtk_window_present (window);
}

static void
vnt_application_class_init (VntApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = vnt_application_startup;
  app_class->activate = vnt_application_activate;
}

static void
vnt_application_init (VntApplication *self)
{
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
