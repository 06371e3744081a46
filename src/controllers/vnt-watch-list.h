/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Mis e.firmas": the files and folders the user watches (paths only,
 * never keys or passwords), and their certificates as `efirma watch`
 * judges them, scanned in a worker thread. */

#include <gio/gio.h>

#include "crypto/vnt-watch.h"

G_BEGIN_DECLS

#define VNT_TYPE_WATCH_REPORT (vnt_watch_report_get_type ())
G_DECLARE_FINAL_TYPE (VntWatchReport, vnt_watch_report, VNT, WATCH_REPORT, GObject)

/* What one scan found: the certificates, soonest expiry first, and the
 * files it could not read. */
GDateTime      *vnt_watch_report_get_at          (VntWatchReport *self);
guint           vnt_watch_report_get_n_entries   (VntWatchReport *self);
VntWatchEntry  *vnt_watch_report_get_entry       (VntWatchReport *self,
                                                  guint           position);
guint           vnt_watch_report_get_n_skipped   (VntWatchReport *self);
VntWatchSkip   *vnt_watch_report_get_skipped     (VntWatchReport *self,
                                                  guint           position);

#define VNT_TYPE_WATCH_LIST (vnt_watch_list_get_type ())
G_DECLARE_FINAL_TYPE (VntWatchList, vnt_watch_list, VNT, WATCH_LIST, GObject)

/* The paths live in @settings' "watched-paths" key; NULL keeps them in
 * memory only. */
VntWatchList   *vnt_watch_list_new         (GSettings      *settings);
/* NULL-terminated, in the order added. */
const char * const *vnt_watch_list_get_paths (VntWatchList *self);
/* FALSE (and nothing changes) when @path is watched already. */
gboolean        vnt_watch_list_add_path    (VntWatchList   *self,
                                            const char     *path);
gboolean        vnt_watch_list_remove_path (VntWatchList   *self,
                                            const char     *path);
/* A testing hook: judge at @now instead of the clock (NULL: the clock
 * again). Also VENTANILLA_WATCH_AT (ISO 8601) in the environment. */
void            vnt_watch_list_set_now     (VntWatchList   *self,
                                            GDateTime      *now);
/* The time a scan started now would judge at. */
GDateTime      *vnt_watch_list_dup_now     (VntWatchList   *self);
/* Ask the OCSP responder at @url too; NULL: do not ask. */
void            vnt_watch_list_set_ocsp_url (VntWatchList  *self,
                                             const char    *url);

void            vnt_watch_list_scan_async  (VntWatchList        *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
VntWatchReport *vnt_watch_list_scan_finish (VntWatchList        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Blocking form, for the headless check. */
VntWatchReport *vnt_watch_list_scan        (VntWatchList        *self,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
