/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-date.h"

/* Not %B: its month names follow LC_TIME, which a fresh system leaves at
 * C (English) while the messages are Spanish. */
static const char * const month_names[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

GTimeZone *
vnt_date_get_mexico_zone (void)
{
  static gsize zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier ("America/Mexico_City");

      if (found == NULL)
        found = g_time_zone_new_offset (-6 * 3600);
      g_once_init_leave (&zone, (gsize) found);
    }

  return (GTimeZone *) zone;
}

GDateTime *
vnt_date_to_mexico (GDateTime *time)
{
  if (time == NULL)
    return NULL;

  return g_date_time_to_timezone (time, vnt_date_get_mexico_zone ());
}

static const char *
month_name (GDateTime *time)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "month", month_names[g_date_time_get_month (time) - 1]);
}

char *
vnt_date_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = vnt_date_to_mexico (time);
  /* TRANSLATORS: a date: %1$d the day, %2$s the month's name, %3$d the
   * year ("6 de diciembre de 2026") */
  return g_strdup_printf (_("%2$s %1$d, %3$d"),
                          g_date_time_get_day_of_month (local), month_name (local),
                          g_date_time_get_year (local));
}

char *
vnt_date_format_date_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = vnt_date_to_mexico (time);
  date = vnt_date_format_date (local);
  /* TRANSLATORS: a date and a time of day: %1$s the date ("6 de diciembre
   * de 2026"), %2$02d:%3$02d hours and minutes, 24-hour clock */
  return g_strdup_printf (_("%1$s, %2$02d:%3$02d"), date,
                          g_date_time_get_hour (local), g_date_time_get_minute (local));
}

char *
vnt_date_format_period (GDateTime *from,
                        GDateTime *to)
{
  g_autofree char *start = from != NULL ? vnt_date_format_date (from) : g_strdup ("?");
  g_autofree char *end = to != NULL ? vnt_date_format_date (to) : g_strdup ("?");

  /* TRANSLATORS: a certificate's validity, from one date to another */
  return g_strdup_printf (_("%s to %s"), start, end);
}

const char *
vnt_date_get_zone_name (void)
{
  /* TRANSLATORS: the time zone every date and time is shown in */
  return _("Mexico central time");
}

char *
vnt_date_format_date_time_named (GDateTime *time)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  text = vnt_date_format_date_time (time);
  /* TRANSLATORS: %1$s a date and time, %2$s the time zone's name */
  return g_strdup_printf (_("%1$s (%2$s)"), text, vnt_date_get_zone_name ());
}
