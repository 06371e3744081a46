/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The work of an *_async () run in a worker thread: the result, or NULL
 * with @error set. @cancellable is the task's. */
typedef gpointer (*VntTaskJobFunc) (gpointer      data,
                                    GCancellable *cancellable,
                                    GError      **error);

/* Runs @job_func (@data, @cancellable) in a worker thread, a task whose
 * source object is @source_object (nullable). @data_free frees @data (and
 * wipes the passwords in it) when the task is released; @result_free frees
 * a result nobody took. Finish with vnt_task_run_finish (). */
void     vnt_task_run_in_thread (gpointer            source_object,
                                 gpointer            data,
                                 GDestroyNotify      data_free,
                                 VntTaskJobFunc      job_func,
                                 GDestroyNotify      result_free,
                                 gpointer            source_tag,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
/* The result of vnt_task_run_in_thread () started with @source_object
 * (nullable) and @source_tag: @job_func's result, or NULL with @error set. */
gpointer vnt_task_run_finish (GAsyncResult *result,
                              gpointer      source_object,
                              gpointer      source_tag,
                              GError      **error);

/* How far a worker's job is, for @object: @phase (the caller's own
 * stages) and @fraction of the whole. */
typedef void (*VntTaskProgressFunc) (gpointer object,
                                     int      phase,
                                     double   fraction);

/* From a worker thread: calls @func (@object, @phase, @fraction) in
 * @context, the thread @object (a GObject, kept until then) belongs to. */
void vnt_task_post_progress (GMainContext       *context,
                             gpointer            object,
                             VntTaskProgressFunc func,
                             int                 phase,
                             double              fraction);

G_END_DECLS
