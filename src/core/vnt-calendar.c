/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "vnt-calendar.h"
#include "vnt-json.h"
#include "vnt-task.h"

struct _VntCalendar
{
  GObject     parent_instance;

  /* Julian day number → reason (owned string, may be empty). */
  GHashTable *extra_days;
};

G_DEFINE_FINAL_TYPE (VntCalendar, vnt_calendar, G_TYPE_OBJECT)

#define DATA_FILE_NAME "dias-inhabiles.json"

/* The Monday that is the @nth of @month in @year. */
static guint
nth_monday (guint        year,
            GDateMonth   month,
            guint        nth)
{
  GDate first;
  guint offset;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, month, year);
  offset = (G_DATE_MONDAY + 7 - g_date_get_weekday (&first)) % 7;

  return 1 + offset + 7 * (nth - 1);
}

/* Ley Federal del Trabajo, art. 74. Since the reform of 17 January 2006 three
 * holidays moved to Mondays; before, they kept their own dates. The federal
 * executive changes hands every six years: on 1 December up to 2018, and
 * on 1 October from 2024 (constitutional reform of 2014). Election days
 * (fraction IX) fall on Sundays by law, so they never remove a business day. */
const char *
vnt_calendar_get_statutory_reason (const GDate *date)
{
  guint year, day;
  GDateMonth month;
  gboolean mondays;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  year = g_date_get_year (date);
  month = g_date_get_month (date);
  day = g_date_get_day (date);
  mondays = year >= 2006;

  switch (month)
    {
    case G_DATE_JANUARY:
      if (day == 1)
        return _("New Year’s Day");
      break;
    case G_DATE_FEBRUARY:
      if (day == (mondays ? nth_monday (year, month, 1) : 5))
        return _("Constitution Day (5 February)");
      break;
    case G_DATE_MARCH:
      if (day == (mondays ? nth_monday (year, month, 3) : 21))
        return _("Benito Juárez’s birthday (21 March)");
      break;
    case G_DATE_MAY:
      if (day == 1)
        return _("Labour Day");
      break;
    case G_DATE_SEPTEMBER:
      if (day == 16)
        return _("Independence Day");
      break;
    case G_DATE_OCTOBER:
      if (day == 1 && year >= 2024 && (year - 2024) % 6 == 0)
        return _("Change of the federal executive");
      break;
    case G_DATE_NOVEMBER:
      if (day == (mondays ? nth_monday (year, month, 3) : 20))
        return _("Revolution Day (20 November)");
      break;
    case G_DATE_DECEMBER:
      if (day == 1 && year <= 2018 && (2018 - year) % 6 == 0)
        return _("Change of the federal executive");
      if (day == 25)
        return _("Christmas Day");
      break;
    case G_DATE_APRIL:
    case G_DATE_JUNE:
    case G_DATE_JULY:
    case G_DATE_AUGUST:
    case G_DATE_BAD_MONTH:
    default:
      break;
    }

  return NULL;
}

GArray *
vnt_calendar_list_statutory_days (guint year)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (GDate));
  GDate date;

  g_return_val_if_fail (g_date_valid_year (year), days);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, year);
  while (g_date_get_year (&date) == year)
    {
      if (vnt_calendar_get_statutory_reason (&date) != NULL)
        g_array_append_val (days, date);
      g_date_add_days (&date, 1);
    }

  return days;
}

static void
vnt_calendar_finalize (GObject *object)
{
  VntCalendar *self = (VntCalendar *) object;

  g_clear_pointer (&self->extra_days, g_hash_table_unref);

  G_OBJECT_CLASS (vnt_calendar_parent_class)->finalize (object);
}

static void
vnt_calendar_class_init (VntCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_calendar_finalize;
}

static void
vnt_calendar_init (VntCalendar *self)
{
  self->extra_days = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

VntCalendar *
vnt_calendar_new (void)
{
  return g_object_new (VNT_TYPE_CALENDAR, NULL);
}

VntCalendar *
vnt_calendar_new_default (GError **error)
{
  g_autoptr(VntCalendar) self = vnt_calendar_new ();
  const char *override = g_getenv ("VENTANILLA_DIAS_INHABILES");
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (override != NULL && *override != '\0')
    path = g_strdup (override);
  else
    path = g_build_filename (PKGDATADIR, DATA_FILE_NAME, NULL);

  if (override == NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_debug ("No %s: only the law's rest days apply", path);
      return g_steal_pointer (&self);
    }

  if (!vnt_calendar_load_file (self, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
parse_iso_date (const char *text,
                GDate      *date)
{
  guint y, m, d;
  char end;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3
      || strlen (text) != 10 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* Parses the whole file before anything is added, so a damaged file adds
 * nothing. Returns julian day → reason. */
static GHashTable *
read_days_file (const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) days = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;
  JsonArray *array;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("The list of non-working days could not be read: %s"),
                   local_error->message);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The list of non-working days %s is damaged: %s"),
                   path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "days")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "days")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The list of non-working days %s is damaged: it has no “days” list."),
                   path);
      return NULL;
    }

  array = json_object_get_array_member (json_node_get_object (root), "days");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry;
      const char *date_text;
      const char *reason;
      GDate date;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad_entry;
      entry = json_node_get_object (node);
      date_text = vnt_json_get_string (entry, "date");
      reason = vnt_json_get_string (entry, "reason");
      if (!parse_iso_date (date_text, &date))
        goto bad_entry;

      g_hash_table_replace (days, GUINT_TO_POINTER (g_date_get_julian (&date)),
                            g_strdup (reason != NULL ? reason : ""));
      continue;

    bad_entry:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The list of non-working days %s is damaged: entry %u has no valid "
                     "“date” (YYYY-MM-DD)."),
                   path, i + 1);
      return NULL;
    }

  return g_steal_pointer (&days);
}

static void
merge_days (VntCalendar *self,
            GHashTable  *days)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (self->extra_days, key, g_strdup (value));
}

gboolean
vnt_calendar_load_file (VntCalendar  *self,
                        const char   *path,
                        GError      **error)
{
  g_autoptr(GHashTable) days = NULL;

  g_return_val_if_fail (VNT_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  days = read_days_file (path, NULL, error);
  if (days == NULL)
    return FALSE;

  merge_days (self, days);
  return TRUE;
}

void
vnt_calendar_load_file_async (VntCalendar         *self,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (VNT_IS_CALENDAR (self));
  g_return_if_fail (path != NULL);

  vnt_task_run_in_thread (self, g_strdup (path), g_free, (VntTaskJobFunc) read_days_file,
                          (GDestroyNotify) g_hash_table_unref, vnt_calendar_load_file_async,
                          cancellable, callback, user_data);
}

gboolean
vnt_calendar_load_file_finish (VntCalendar   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(GHashTable) days = NULL;

  g_return_val_if_fail (VNT_IS_CALENDAR (self), FALSE);

  /* Merged here, in the caller's thread, so the table needs no lock. */
  days = vnt_task_run_finish (result, self, vnt_calendar_load_file_async, error);
  if (days == NULL)
    return FALSE;

  merge_days (self, days);
  return TRUE;
}

VntDayKind
vnt_calendar_get_day_kind (VntCalendar  *self,
                           const GDate  *date,
                           const char  **reason)
{
  const char *text;
  GDateWeekday weekday;

  g_return_val_if_fail (VNT_IS_CALENDAR (self), VNT_DAY_BUSINESS);
  g_return_val_if_fail (date != NULL && g_date_valid (date), VNT_DAY_BUSINESS);

  if (reason != NULL)
    *reason = NULL;

  text = vnt_calendar_get_statutory_reason (date);
  if (text != NULL)
    {
      if (reason != NULL)
        *reason = text;
      return VNT_DAY_STATUTORY;
    }

  text = g_hash_table_lookup (self->extra_days, GUINT_TO_POINTER (g_date_get_julian (date)));
  if (text != NULL)
    {
      if (reason != NULL)
        *reason = *text != '\0' ? text : _("Declared non-working day");
      return VNT_DAY_EXTRA;
    }

  weekday = g_date_get_weekday (date);
  if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
    return VNT_DAY_WEEKEND;

  return VNT_DAY_BUSINESS;
}

gboolean
vnt_calendar_is_business_day (VntCalendar *self,
                              const GDate *date)
{
  return vnt_calendar_get_day_kind (self, date, NULL) == VNT_DAY_BUSINESS;
}

void
vnt_calendar_next_business_day (VntCalendar *self,
                                GDate       *date)
{
  g_return_if_fail (VNT_IS_CALENDAR (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  do
    g_date_add_days (date, 1);
  while (!vnt_calendar_is_business_day (self, date));
}

void
vnt_calendar_add_business_days (VntCalendar *self,
                                GDate       *date,
                                guint        n)
{
  g_return_if_fail (VNT_IS_CALENDAR (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  for (guint i = 0; i < n; i++)
    vnt_calendar_next_business_day (self, date);
}
