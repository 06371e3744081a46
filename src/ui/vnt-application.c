/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "crypto/vnt-crypto.h"
#include "vnt-application.h"
#include "vnt-ui-resources.h"
#include "vnt-window.h"

struct _VntApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (VntApplication, vnt_application, ADW_TYPE_APPLICATION)

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

  app_class->activate = vnt_application_activate;
}

static void
vnt_application_init (VntApplication *self)
{
}

VntApplication *
vnt_application_new (void)
{
  static gsize registered = 0;

  vnt_crypto_init ();
  if (g_once_init_enter (&registered))
    {
      vnt_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  return g_object_new (VNT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
