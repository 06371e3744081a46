/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VNT_TYPE_PRACTICE_INDICATOR (vnt_practice_indicator_get_type ())
G_DECLARE_FINAL_TYPE (VntPracticeIndicator, vnt_practice_indicator, VNT, PRACTICE_INDICATOR, AdwBin)

/* "Modo de práctica" in the header bar, with a popover that says what it
 * means; hidden when the default wizard context talks to a real service. */
GtkWidget *vnt_practice_indicator_new (void);

G_END_DECLS
