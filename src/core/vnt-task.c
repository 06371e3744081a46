/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-task.h"

typedef struct
{
  gpointer       data;
  GDestroyNotify data_free;
  VntTaskJobFunc job_func;
  GDestroyNotify result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job     *job = task_data;
  GError  *error = NULL;
  gpointer result;

  result = job->job_func (job->data, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->result_free);
}

void
vnt_task_run_in_thread (gpointer            source_object,
                        gpointer            data,
                        GDestroyNotify      data_free,
                        VntTaskJobFunc      job_func,
                        GDestroyNotify      result_free,
                        gpointer            source_tag,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  job = g_new0 (Job, 1);
  job->data = data;
  job->data_free = data_free;
  job->job_func = job_func;
  job->result_free = result_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

gpointer
vnt_task_run_finish (GAsyncResult *result,
                     gpointer      source_object,
                     gpointer      source_tag,
                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gpointer            object;
  VntTaskProgressFunc func;
  int                 phase;
  double              fraction;
} Progress;

static gboolean
progress_cb (gpointer user_data)
{
  Progress *progress = user_data;

  progress->func (progress->object, progress->phase, progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer user_data)
{
  Progress *progress = user_data;

  g_object_unref (progress->object);
  g_free (progress);
}

void
vnt_task_post_progress (GMainContext       *context,
                        gpointer            object,
                        VntTaskProgressFunc func,
                        int                 phase,
                        double              fraction)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->object = g_object_ref (object);
  progress->func = func;
  progress->phase = phase;
  progress->fraction = fraction;
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, progress_cb, progress, progress_free);
}
