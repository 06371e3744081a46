/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "core/vnt-core-utils.h"
#include "vnt-crypto.h"
#include "vnt-crypto-private.h"
#include "vnt-crypto-resources.h"

void
vnt_crypto_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      vnt_i18n_init ();
      gnutls_global_init ();
      vnt_ca_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}

char *
vnt_crypto_hex_encode (const guint8 *data,
                       gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[i * 2] = digits[data[i] >> 4];
      out[i * 2 + 1] = digits[data[i] & 0xf];
    }
  out[len * 2] = '\0';

  return out;
}

typedef struct
{
  char              *path;
  char              *second_path;
  char              *password;
  VntCryptoOpenFunc  open_func;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->second_path);
  vnt_secret_free (data->password);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  gpointer object;

  if (g_task_return_error_if_cancelled (task))
    return;

  object = data->open_func (data->path, data->second_path, data->password, &error);
  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, object, g_object_unref);
}

void
vnt_crypto_open_in_thread (const char          *path,
                           const char          *second_path,
                           const char          *password,
                           VntCryptoOpenFunc    open_func,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->second_path = g_strdup (second_path);
  data->password = g_strdup (password);
  data->open_func = open_func;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* The destroy notify wipes the password copy. */
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}
