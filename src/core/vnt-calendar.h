/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  VNT_DAY_BUSINESS,    /* día hábil */
  VNT_DAY_WEEKEND,     /* Saturday or Sunday */
  VNT_DAY_STATUTORY,   /* descanso obligatorio, Ley Federal del Trabajo art. 74 */
  VNT_DAY_EXTRA,       /* declared non-working (data file or added) */
} VntDayKind;

/* Business days as IMSS counts them: Monday to Friday, minus the statutory
 * rest days of the law and the extra non-working days loaded from a data
 * file (data/dias-inhabiles.json). See docs/identifiers.md. */
#define VNT_TYPE_CALENDAR (vnt_calendar_get_type ())
G_DECLARE_FINAL_TYPE (VntCalendar, vnt_calendar, VNT, CALENDAR, GObject)

/* Weekends and the law only. */
VntCalendar *vnt_calendar_new                  (void);
/* Also the installed data file, or the one named by $VENTANILLA_DIAS_INHABILES.
 * A missing installed file is not an error (the law still applies); a
 * damaged one, or a missing one named by the variable, is. */
VntCalendar *vnt_calendar_new_default          (GError        **error);

/* Adds the days of a JSON file: {"days": [{"date": "YYYY-MM-DD",
 * "reason": "…", "source": "…"}, …]}. Nothing is added when it fails. */
gboolean     vnt_calendar_load_file            (VntCalendar    *self,
                                                const char     *path,
                                                GError        **error);
void         vnt_calendar_load_file_async      (VntCalendar    *self,
                                                const char     *path,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
gboolean     vnt_calendar_load_file_finish     (VntCalendar    *self,
                                                GAsyncResult   *result,
                                                GError        **error);

/* What @date is; @reason (may be NULL) receives a translated description of
 * a statutory or extra day, else NULL. */
VntDayKind   vnt_calendar_get_day_kind         (VntCalendar    *self,
                                                const GDate    *date,
                                                const char    **reason);
gboolean     vnt_calendar_is_business_day      (VntCalendar    *self,
                                                const GDate    *date);
/* Moves @date to the @n-th business day after it (n = 0 leaves it). */
void         vnt_calendar_add_business_days    (VntCalendar    *self,
                                                GDate          *date,
                                                guint           n);
/* Moves @date to the first business day strictly after it. */
void         vnt_calendar_next_business_day    (VntCalendar    *self,
                                                GDate          *date);

/* The statutory rest day that @date is, as a translated description, or
 * NULL. Weekends are not included. */
const char  *vnt_calendar_get_statutory_reason (const GDate    *date);
/* The statutory rest days of @year in order, as a GArray of GDate. */
GArray      *vnt_calendar_list_statutory_days  (guint           year);

G_END_DECLS
