/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vnt-application.h"

G_BEGIN_DECLS

#define VNT_TYPE_WINDOW (vnt_window_get_type ())
G_DECLARE_FINAL_TYPE (VntWindow, vnt_window, VNT, WINDOW, AdwApplicationWindow)

VntWindow *vnt_window_new (VntApplication *application);

G_END_DECLS
