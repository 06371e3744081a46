/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "controllers/vnt-watch-list.h"

G_BEGIN_DECLS

/* "Mis e.firmas": the watched folders and files, their certificates by
 * expiry with a state in words and what to do next, and the files that
 * could not be read. Scans run in a worker thread: when the list is set,
 * when a path is added or removed, and once a day while the page lives. */
#define VNT_TYPE_WATCH_PAGE (vnt_watch_page_get_type ())
G_DECLARE_FINAL_TYPE (VntWatchPage, vnt_watch_page, VNT, WATCH_PAGE, AdwBin)

GtkWidget      *vnt_watch_page_new        (void);
VntWatchList   *vnt_watch_page_get_list   (VntWatchPage *self);
/* Shows @list and scans it. */
void            vnt_watch_page_set_list   (VntWatchPage *self,
                                           VntWatchList *list);
/* What the file choosers call; FALSE when @path is watched already (the
 * page says so). */
gboolean        vnt_watch_page_add_path   (VntWatchPage *self,
                                           const char   *path);
void            vnt_watch_page_remove_path (VntWatchPage *self,
                                            const char   *path);
/* Scans again (cancelling a scan under way). */
void            vnt_watch_page_refresh    (VntWatchPage *self);
/* TRUE while a scan runs. */
gboolean        vnt_watch_page_get_busy   (VntWatchPage *self);
/* The last scan's report, or NULL. */
VntWatchReport *vnt_watch_page_get_report (VntWatchPage *self);

G_END_DECLS
