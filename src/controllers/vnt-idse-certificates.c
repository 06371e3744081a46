/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "controllers/vnt-idse-certificates.h"
#include "core/vnt-json.h"
#include "core/vnt-task.h"

void
vnt_idse_certificate_state_free (VntIdseCertificateState *state)
{
  if (state == NULL)
    return;

  vnt_idse_ledger_entry_free (state->entry);
  g_free (state->status);
  g_free (state);
}

typedef struct {
  VntServiceClient *client;
  GPtrArray        *states;   /* VntIdseCertificateState */
  GError           *service_error;
  guint             pending;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->client);
  g_clear_pointer (&data->states, g_ptr_array_unref);
  g_clear_error (&data->service_error);
  g_free (data);
}

static gpointer
read_job (gpointer      data_dir,
          GCancellable *cancellable,
          GError      **error)
{
  return vnt_idse_ledger_list (data_dir, error);
}

typedef struct {
  GTask *task;
  char  *serial;
} Ask;

static void
finish_if_done (GTask *task)
{
  ListData *data = g_task_get_task_data (task);

  if (data->pending > 0)
    return;
  g_task_return_pointer (task, g_ptr_array_ref (data->states), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void
asked_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Ask *ask = user_data;
  ListData *data = g_task_get_task_data (ask->task);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(JsonObject) info = NULL;
  GError *error = NULL;

  certificate = vnt_service_client_get_idse_certificate_finish (VNT_SERVICE_CLIENT (source), result, &info, &error);
  if (certificate == NULL)
    {
      if (data->service_error == NULL)
        data->service_error = error;
      else
        g_error_free (error);
    }
  else if (vnt_json_get_string (info, "status") != NULL)
    {
      const char *status = vnt_json_get_string (info, "status");

      /* One certificate may have been saved more than once. */
      for (guint i = 0; i < data->states->len; i++)
        {
          VntIdseCertificateState *state = g_ptr_array_index (data->states, i);

          if (g_strcmp0 (state->entry->serial, ask->serial) == 0)
            {
              g_free (state->status);
              state->status = g_strdup (status);
            }
        }
    }

  data->pending--;
  finish_if_done (ask->task);
  g_free (ask->serial);
  g_free (ask);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) asked = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;

  entries = vnt_task_run_finish (result, NULL, read_job, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      VntIdseCertificateState *state = g_new0 (VntIdseCertificateState, 1);

      state->entry = g_steal_pointer (&entries->pdata[i]);
      g_ptr_array_add (data->states, state);
    }

  /* Held until every answer is in. */
  data->pending = 1;
  for (guint i = 0; i < data->states->len; i++)
    {
      VntIdseCertificateState *state = g_ptr_array_index (data->states, i);
      Ask *ask;

      /* No service configured: the list alone. */
      if (data->client == NULL || state->entry->serial == NULL ||
          g_hash_table_contains (asked, state->entry->serial))
        continue;
      g_hash_table_add (asked, state->entry->serial);
      ask = g_new0 (Ask, 1);
      ask->task = task;
      ask->serial = g_strdup (state->entry->serial);
      data->pending++;
      vnt_service_client_get_idse_certificate_async (data->client, ask->serial, g_task_get_cancellable (task),
                                                     asked_cb, ask);
    }
  data->pending--;
  finish_if_done (task);
}

void
vnt_idse_certificates_list_async (const char          *data_dir,
                                  VntServiceClient    *client,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  ListData *data;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (client == NULL || VNT_IS_SERVICE_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_idse_certificates_list_async);
  data = g_new0 (ListData, 1);
  data->client = client != NULL ? g_object_ref (client) : NULL;
  data->states = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_idse_certificate_state_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  vnt_task_run_in_thread (NULL, g_strdup (data_dir), g_free, read_job,
                          (GDestroyNotify) g_ptr_array_unref, read_job, cancellable, read_cb, task);
}

GPtrArray *
vnt_idse_certificates_list_finish (GAsyncResult  *result,
                                   GError       **service_error,
                                   GError       **error)
{
  GPtrArray *states;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  states = g_task_propagate_pointer (G_TASK (result), error);
  if (states != NULL && service_error != NULL)
    {
      ListData *data = g_task_get_task_data (G_TASK (result));

      if (data->service_error != NULL)
        *service_error = g_error_copy (data->service_error);
    }
  return states;
}

int
vnt_idse_certificate_days_left (GDateTime *not_after,
                                GDateTime *now)
{
  GTimeSpan span;

  g_return_val_if_fail (not_after != NULL && now != NULL, 0);

  span = g_date_time_difference (not_after, now);
  /* Rounded down: the last day counts as 0 left. */
  if (span >= 0)
    return (int) (span / G_TIME_SPAN_DAY);
  return -(int) ((-span + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY);
}
