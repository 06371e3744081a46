/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/vnt-ui.h"
#include "vnt-file-viewer.h"

typedef struct {
  GWeakRef  parent;
  char     *path;
} Launch;

static void
launch_free (Launch *launch)
{
  g_weak_ref_clear (&launch->parent);
  g_free (launch->path);
  g_free (launch);
}

static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Launch *launch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) parent = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *title = NULL;
      g_autofree char *folder = g_path_get_dirname (launch->path);

      g_debug ("Could not open the acuse: %s", error->message);
      parent = g_weak_ref_get (&launch->parent);
      if (parent != NULL)
        {
          AdwToast *toast;

          if (!g_file_test (launch->path, G_FILE_TEST_EXISTS))
            /* TRANSLATORS: %s is the folder where the acuse PDF was kept */
            title = g_strdup_printf (_("The PDF is no longer in %s."), folder);
          else
            /* TRANSLATORS: %s is the folder where the acuse PDF is kept */
            title = g_strdup_printf (_("No application could open the PDF. It is kept in %s."), folder);
          toast = adw_toast_new (title);
          adw_toast_set_timeout (toast, 0);
          vnt_ui_show_toast (parent, toast);
        }
    }

  launch_free (launch);
}

void
vnt_open_file_in_viewer (GtkWidget  *parent,
                         const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GAppLaunchContext) context = NULL;
  Launch *launch = g_new0 (Launch, 1);

  /* Said in a toast when it fails: no PDF viewer is a common case. */
  g_weak_ref_init (&launch->parent, parent);
  launch->path = g_strdup (path);
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (parent)));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launch_cb, launch);
}
