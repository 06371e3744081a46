/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"
#include "vnt-background.h"

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND "org.freedesktop.portal.Background"
#define PORTAL_REQUEST "org.freedesktop.portal.Request"

char *
vnt_background_get_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID "-reminders.desktop", NULL);
}

gboolean
vnt_background_uses_portal (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

static char *
program_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  return self != NULL ? g_steal_pointer (&self) : g_strdup ("ventanilla");
}

/* ---- Autostart entry ---- */

static gboolean
write_autostart (const char  *command,
                 GError     **error)
{
  g_autofree char *path = vnt_background_get_autostart_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *program = command != NULL ? g_strdup (command) : program_path ();
  g_autofree char *quoted = g_shell_quote (program);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autofree char *exec = NULL;
  g_autofree char *data = NULL;
  gsize len;

  exec = g_strdup_printf ("%s --%s", quoted, VNT_BACKGROUND_CHECK_OPTION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE, "Application");
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         _("Ventanilla expiry reminders"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Reminds you when an e.firma in “Mis e.firmas” is about to expire"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", "true");
  data = g_key_file_to_data (entry, &len, NULL);

  if (!vnt_safe_file_make_folder (folder, error))
    return FALSE;

  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static gboolean
remove_autostart (GError **error)
{
  g_autofree char *path = vnt_background_get_autostart_path ();

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("%s could not be removed: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* ---- Background portal ---- */

typedef struct {
  GDBusConnection *bus;
  guint            subscription;
  gboolean         enabled;
  char            *command;
} PortalData;

static void
portal_data_free (PortalData *data)
{
  if (data->subscription != 0)
    g_dbus_connection_signal_unsubscribe (data->bus, data->subscription);
  g_clear_object (&data->bus);
  g_free (data->command);
  g_free (data);
}

static void
portal_response_cb (GDBusConnection *bus,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  GTask *task = user_data;
  g_autoptr(GVariant) results = NULL;
  guint32 response = 2;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  if (response == 0)
    g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("The system did not allow Ventanilla to run in the background. Allow it in "
                               "Settings → Apps → Ventanilla, then try again."));
  g_object_unref (task);
}

static void
portal_call_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The background portal could not be asked: %s"), error->message);
      g_object_unref (task);
    }
  /* Otherwise portal_response_cb finishes the task. */
}

static void
request_background (GTask      *task,
                    const char *command)
{
  PortalData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_strdup_printf ("ventanilla%u", g_random_int ());
  g_autofree char *sender = NULL;
  g_autofree char *handle = NULL;
  GVariantBuilder options;
  const char *commandline[] = { command != NULL ? command : "ventanilla", "--" VNT_BACKGROUND_CHECK_OPTION, NULL };

  data->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, g_task_get_cancellable (task), &error);
  if (data->bus == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* The request's object path is known in advance, so the answer cannot be
   * missed. */
  sender = g_strdup (g_dbus_connection_get_unique_name (data->bus) + 1);
  g_strdelimit (sender, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender, token);
  data->subscription = g_dbus_connection_signal_subscribe (data->bus, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                           "Response", handle, NULL,
                                                           G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                           portal_response_cb, task, NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("To remind you before an e.firma expires")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (data->enabled));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (data->bus, PORTAL_BUS_NAME, PORTAL_PATH, PORTAL_BACKGROUND, "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), portal_call_cb, task);
}

/* ---- Public ---- */

static gpointer
autostart_job (gpointer      user_data,
               GCancellable *cancellable,
               GError      **error)
{
  PortalData *data = user_data;

  if (!(data->enabled ? write_autostart (data->command, error) : remove_autostart (error)))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
vnt_background_set_enabled_async (gboolean             enabled,
                                  const char          *command,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PortalData *data = g_new0 (PortalData, 1);
  GTask      *task;

  data->enabled = enabled;
  data->command = g_strdup (command);
  if (!vnt_background_uses_portal ())
    {
      vnt_task_run_in_thread (NULL, data, (GDestroyNotify) portal_data_free, autostart_job, NULL,
                              vnt_background_set_enabled_async, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_background_set_enabled_async);
  g_task_set_task_data (task, data, (GDestroyNotify) portal_data_free);
  request_background (task, command);
}

gboolean
vnt_background_set_enabled_finish (GAsyncResult  *result,
                                   GError       **error)
{
  /* Both ways answer as a thread job does: TRUE, or NULL and @error. */
  return vnt_task_run_finish (result, NULL, vnt_background_set_enabled_async, error) != NULL;
}
