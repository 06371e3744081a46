/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VNT_TYPE_APPLICATION (vnt_application_get_type ())
G_DECLARE_FINAL_TYPE (VntApplication, vnt_application, VNT, APPLICATION, AdwApplication)

VntApplication *vnt_application_new (void);

G_END_DECLS
