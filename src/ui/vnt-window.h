/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vnt-application.h"
#include "vnt-check-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_WINDOW (vnt_window_get_type ())
G_DECLARE_FINAL_TYPE (VntWindow, vnt_window, VNT, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). */
VntWindow    *vnt_window_new              (VntApplication *application);
VntCheckPage *vnt_window_get_check_page   (VntWindow      *self);
/* "start" or the procedure's page name ("check"). */
const char   *vnt_window_get_visible_page (VntWindow      *self);

G_END_DECLS
