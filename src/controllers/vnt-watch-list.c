/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-task.h"
#include "net/vnt-watch-revocations.h"
#include "vnt-watch-list.h"

#define PATHS_KEY "watched-paths"

/* ---- VntWatchReport ---- */

struct _VntWatchReport
{
  GObject       parent_instance;

  VntWatchScan  scan;
  GDateTime    *at;
  int           within_days;
};

G_DEFINE_FINAL_TYPE (VntWatchReport, vnt_watch_report, G_TYPE_OBJECT)

static void
vnt_watch_report_finalize (GObject *object)
{
  VntWatchReport *self = VNT_WATCH_REPORT (object);

  vnt_watch_scan_clear (&self->scan);
  g_clear_pointer (&self->at, g_date_time_unref);

  G_OBJECT_CLASS (vnt_watch_report_parent_class)->finalize (object);
}

static void
vnt_watch_report_class_init (VntWatchReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_watch_report_finalize;
}

static void
vnt_watch_report_init (VntWatchReport *self)
{
  vnt_watch_scan_init (&self->scan);
  self->within_days = VNT_WATCH_DEFAULT_WITHIN_DAYS;
}

GDateTime *
vnt_watch_report_get_at (VntWatchReport *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_REPORT (self), NULL);

  return self->at;
}

guint
vnt_watch_report_get_n_entries (VntWatchReport *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_REPORT (self), 0);

  return self->scan.entries->len;
}

VntWatchEntry *
vnt_watch_report_get_entry (VntWatchReport *self,
                            guint           position)
{
  g_return_val_if_fail (VNT_IS_WATCH_REPORT (self), NULL);
  g_return_val_if_fail (position < self->scan.entries->len, NULL);

  return g_ptr_array_index (self->scan.entries, position);
}

guint
vnt_watch_report_get_n_skipped (VntWatchReport *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_REPORT (self), 0);

  return self->scan.skipped->len;
}

VntWatchSkip *
vnt_watch_report_get_skipped (VntWatchReport *self,
                              guint           position)
{
  g_return_val_if_fail (VNT_IS_WATCH_REPORT (self), NULL);
  g_return_val_if_fail (position < self->scan.skipped->len, NULL);

  return g_ptr_array_index (self->scan.skipped, position);
}

/* ---- VntWatchList ---- */

struct _VntWatchList
{
  GObject     parent_instance;

  GSettings  *settings;
  GStrv       paths;
  GDateTime  *now;
  char       *ocsp_url;
};

G_DEFINE_FINAL_TYPE (VntWatchList, vnt_watch_list, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vnt_watch_list_finalize (GObject *object)
{
  VntWatchList *self = VNT_WATCH_LIST (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->paths, g_strfreev);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->ocsp_url, g_free);

  G_OBJECT_CLASS (vnt_watch_list_parent_class)->finalize (object);
}

static void
vnt_watch_list_class_init (VntWatchListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_watch_list_finalize;

  /* The paths changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vnt_watch_list_init (VntWatchList *self)
{
  const char *at = g_getenv ("VENTANILLA_WATCH_AT");

  self->paths = g_new0 (char *, 1);
  if (at != NULL && *at != '\0')
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      self->now = g_date_time_new_from_iso8601 (at, utc);
      if (self->now == NULL)
        g_warning ("VENTANILLA_WATCH_AT is not an ISO 8601 time: %s", at);
    }
}

VntWatchList *
vnt_watch_list_new (GSettings *settings)
{
  VntWatchList *self = g_object_new (VNT_TYPE_WATCH_LIST, NULL);

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_strfreev (self->paths);
      self->paths = g_settings_get_strv (settings, PATHS_KEY);
    }

  return self;
}

const char * const *
vnt_watch_list_get_paths (VntWatchList *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_LIST (self), NULL);

  return (const char * const *) self->paths;
}

static void
set_paths (VntWatchList *self,
           GStrv         paths)
{
  g_strfreev (self->paths);
  self->paths = paths;
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, PATHS_KEY, (const char * const *) self->paths);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
vnt_watch_list_add_path (VntWatchList *self,
                         const char   *path)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (VNT_IS_WATCH_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);

  if (g_strv_contains ((const char * const *) self->paths, path))
    return FALSE;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->paths);
  g_strv_builder_add (builder, path);
  set_paths (self, g_strv_builder_end (builder));
  return TRUE;
}

gboolean
vnt_watch_list_remove_path (VntWatchList *self,
                            const char   *path)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (VNT_IS_WATCH_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_strv_contains ((const char * const *) self->paths, path))
    return FALSE;

  builder = g_strv_builder_new ();
  for (guint i = 0; self->paths[i] != NULL; i++)
    if (!g_str_equal (self->paths[i], path))
      g_strv_builder_add (builder, self->paths[i]);
  set_paths (self, g_strv_builder_end (builder));
  return TRUE;
}

void
vnt_watch_list_set_now (VntWatchList *self,
                        GDateTime    *now)
{
  g_return_if_fail (VNT_IS_WATCH_LIST (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

GDateTime *
vnt_watch_list_dup_now (VntWatchList *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_LIST (self), NULL);

  return self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_utc ();
}

void
vnt_watch_list_set_ocsp_url (VntWatchList *self,
                             const char   *url)
{
  g_return_if_fail (VNT_IS_WATCH_LIST (self));

  g_free (self->ocsp_url);
  self->ocsp_url = g_strdup (url);
}

/* What the worker thread needs, copied: the list may change meanwhile. */
typedef struct {
  GStrv      paths;
  GDateTime *at;
  char      *ocsp_url;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_strfreev (data->paths);
  g_date_time_unref (data->at);
  g_free (data->ocsp_url);
  g_free (data);
}

static VntWatchReport *
run_scan (ScanData      *data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(VntWatchReport) report = g_object_new (VNT_TYPE_WATCH_REPORT, NULL);
  VntTrustStore *trust = vnt_trust_store_get_default ();

  report->at = g_date_time_ref (data->at);
  report->scan.cancellable = cancellable;
  for (guint i = 0; data->paths[i] != NULL; i++)
    vnt_watch_scan_path (&report->scan, data->paths[i]);
  report->scan.cancellable = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  vnt_watch_scan_judge (&report->scan, trust, report->at, report->within_days);
  if (data->ocsp_url != NULL &&
      !vnt_watch_scan_check_revocations (&report->scan, trust, data->ocsp_url, cancellable, error))
    return NULL;

  return g_steal_pointer (&report);
}

static ScanData *
scan_data_new (VntWatchList *self)
{
  ScanData *data = g_new0 (ScanData, 1);

  data->paths = g_strdupv (self->paths);
  data->at = vnt_watch_list_dup_now (self);
  data->ocsp_url = g_strdup (self->ocsp_url);
  return data;
}

void
vnt_watch_list_scan_async (VntWatchList        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (VNT_IS_WATCH_LIST (self));

  vnt_task_run_in_thread (self, scan_data_new (self), (GDestroyNotify) scan_data_free,
                          (VntTaskJobFunc) run_scan, g_object_unref, vnt_watch_list_scan_async,
                          cancellable, callback, user_data);
}

VntWatchReport *
vnt_watch_list_scan_finish (VntWatchList  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return vnt_task_run_finish (result, self, vnt_watch_list_scan_async, error);
}

VntWatchReport *
vnt_watch_list_scan (VntWatchList  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  ScanData *data;
  VntWatchReport *report;

  g_return_val_if_fail (VNT_IS_WATCH_LIST (self), NULL);

  data = scan_data_new (self);
  report = run_scan (data, cancellable, error);
  scan_data_free (data);
  return report;
}
