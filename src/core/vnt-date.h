/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Dates and times as people read them: in Mexico's central time
 * (America/Mexico_City, whatever the computer's zone), written the one
 * way the screens and the acuse PDF share — "6 de diciembre de 2026,
 * 16:20" in Spanish, "December 6, 2026, 16:20" in English — and, where a
 * time is shown, the zone named ("hora del centro de México"). */

#include <glib.h>

G_BEGIN_DECLS

/* Mexico's central time; UTC−6 (no daylight saving since 2022) when the
 * system has no time zone database. */
GTimeZone *vnt_date_get_mexico_zone     (void);
/* @time in that zone (new reference); NULL for NULL. */
GDateTime *vnt_date_to_mexico           (GDateTime *time);

/* "6 de diciembre de 2026". */
char      *vnt_date_format_date         (GDateTime *time);
/* "6 de diciembre de 2026, 16:20". */
char      *vnt_date_format_date_time    (GDateTime *time);
/* "6 de diciembre de 2026, 16:20 (hora del centro de México)". */
char      *vnt_date_format_date_time_named (GDateTime *time);
/* A certificate's validity, "6 de noviembre de 2026 a 6 de noviembre de
 * 2028"; "?" for a NULL end. */
char       *vnt_date_format_period (GDateTime *from,
                                    GDateTime *to);
/* "hora del centro de México", translated. */
const char *vnt_date_get_zone_name      (void);

G_END_DECLS
