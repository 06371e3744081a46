/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vnt-application.h"
#include "pages/vnt-watch-page.h"
#include "vnt-check-page.h"
#include "wizard/vnt-procedure-view.h"
#include "wizard/vnt-start-section.h"

G_BEGIN_DECLS

#define VNT_TYPE_WINDOW (vnt_window_get_type ())
G_DECLARE_FINAL_TYPE (VntWindow, vnt_window, VNT, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). */
VntWindow    *vnt_window_new              (VntApplication *application);
VntCheckPage *vnt_window_get_check_page   (VntWindow      *self);
/* "start" or the procedure's page name ("check"). */
const char   *vnt_window_get_visible_page (VntWindow      *self);
/* Shows a procedure (a registry id, or "resume:ID")
 * as the page "procedure"; Back leaves it (its progress is saved). */
void              vnt_window_open_procedure     (VntWindow  *self,
                                                 const char *what);
/* The procedure on show, or NULL. */
VntProcedureView *vnt_window_get_procedure_view (VntWindow  *self);
VntStartSection  *vnt_window_get_start_section  (VntWindow  *self);
VntWatchPage     *vnt_window_get_watch_page     (VntWindow  *self);

G_END_DECLS
