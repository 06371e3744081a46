/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "core/vnt-calendar.h"
#include "vnt-test-utils.h"

static void
set_date (GDate      *date,
          const char *iso)
{
  guint y, m, d;

  g_assert_cmpint (sscanf (iso, "%u-%u-%u", &y, &m, &d), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

/* The statutory rest days, written out from the rules of the Ley Federal del
 * Trabajo art. 74 with a paper calendar: 1 January; first Monday of
 * February; third Monday of March; 1 May; 16 September; 1 October in 2024
 * and 2030 (change of federal executive); third Monday of November;
 * 25 December. */
static const struct {
  guint year;
  const char *days;
} statutory[] = {
  { 2024, "2024-01-01 2024-02-05 2024-03-18 2024-05-01 2024-09-16 2024-10-01 2024-11-18 2024-12-25" },
  { 2025, "2025-01-01 2025-02-03 2025-03-17 2025-05-01 2025-09-16 2025-11-17 2025-12-25" },
  { 2026, "2026-01-01 2026-02-02 2026-03-16 2026-05-01 2026-09-16 2026-11-16 2026-12-25" },
  { 2027, "2027-01-01 2027-02-01 2027-03-15 2027-05-01 2027-09-16 2027-11-15 2027-12-25" },
  { 2028, "2028-01-01 2028-02-07 2028-03-20 2028-05-01 2028-09-16 2028-11-20 2028-12-25" },
  { 2029, "2029-01-01 2029-02-05 2029-03-19 2029-05-01 2029-09-16 2029-11-19 2029-12-25" },
  { 2030, "2030-01-01 2030-02-04 2030-03-18 2030-05-01 2030-09-16 2030-10-01 2030-11-18 2030-12-25" },
  /* The executive changed on 1 December up to 2018. */
  { 2018, "2018-01-01 2018-02-05 2018-03-19 2018-05-01 2018-09-16 2018-11-19 2018-12-01 2018-12-25" },
  /* Before the 2006 reform the three moved holidays kept their dates. */
  { 2005, "2005-01-01 2005-02-05 2005-03-21 2005-05-01 2005-09-16 2005-11-20 2005-12-25" },
};

static void
test_statutory_tables (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (statutory); i++)
    {
      g_autoptr(GArray) days = vnt_calendar_list_statutory_days (statutory[i].year);
      g_autoptr(GString) got = g_string_new (NULL);

      for (guint d = 0; d < days->len; d++)
        {
          g_autofree char *text = format_date (&g_array_index (days, GDate, d));

          g_assert_nonnull (vnt_calendar_get_statutory_reason (&g_array_index (days, GDate, d)));
          g_string_append_printf (got, "%s%s", d > 0 ? " " : "", text);
        }

      g_assert_cmpstr (got->str, ==, statutory[i].days);
    }
}

static void
test_day_kinds (void)
{
  g_autoptr(VntCalendar) calendar = vnt_calendar_new ();
  const struct {
    const char *date;
    VntDayKind kind;
  } cases[] = {
    { "2024-10-01", VNT_DAY_STATUTORY },
    { "2030-10-01", VNT_DAY_STATUTORY },
    { "2036-10-01", VNT_DAY_STATUTORY },
    { "2025-10-01", VNT_DAY_BUSINESS },
    { "2024-12-02", VNT_DAY_BUSINESS },  /* no 1 December change any more */
    { "2012-12-01", VNT_DAY_STATUTORY }, /* a Saturday, but the law names it */
    { "2025-02-05", VNT_DAY_BUSINESS },  /* the Monday stands in for it */
    { "2025-02-03", VNT_DAY_STATUTORY },
    { "2025-11-20", VNT_DAY_BUSINESS },
    { "2025-11-22", VNT_DAY_WEEKEND },
    { "2025-11-23", VNT_DAY_WEEKEND },
    { "2025-11-24", VNT_DAY_BUSINESS },
    { "2025-09-15", VNT_DAY_BUSINESS },  /* the law alone; see the data file */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      const char *reason = "unset";
      VntDayKind kind;

      set_date (&date, cases[i].date);
      kind = vnt_calendar_get_day_kind (calendar, &date, &reason);
      if (kind != cases[i].kind)
        g_error ("%s: kind %d, expected %d", cases[i].date, kind, cases[i].kind);
      g_assert_cmpint (vnt_calendar_is_business_day (calendar, &date), ==,
                       cases[i].kind == VNT_DAY_BUSINESS);
      if (kind == VNT_DAY_STATUTORY)
        g_assert_nonnull (reason);
      else
        g_assert_null (reason);
    }
}

static void
assert_add (VntCalendar *calendar,
            const char  *from,
            guint        n,
            const char  *expected)
{
  g_autofree char *got = NULL;
  GDate date;

  set_date (&date, from);
  vnt_calendar_add_business_days (calendar, &date, n);
  got = format_date (&date);
  if (g_strcmp0 (got, expected) != 0)
    g_error ("%s + %u business days: got %s, expected %s", from, n, got, expected);
}

/* Counted by hand on a calendar; the holidays skipped are named. */
static void
test_add_business_days (void)
{
  g_autoptr(VntCalendar) calendar = vnt_calendar_new ();
  GDate date;
  g_autofree char *next = NULL;
  g_autofree char *after_christmas = NULL;

  /* Friday 31 Jan 2025; Monday 3 Feb is the Constitution holiday. */
  assert_add (calendar, "2025-01-31", 10, "2025-02-17");
  /* Friday 15 Mar 2024; Monday 18 Mar (Juárez). */
  assert_add (calendar, "2024-03-15", 10, "2024-04-01");
  /* Friday 12 Sep 2025; Tuesday 16 Sep. */
  assert_add (calendar, "2025-09-12", 10, "2025-09-29");
  /* Friday 13 Sep 2024; Monday 16 Sep and Tuesday 1 Oct (new executive). */
  assert_add (calendar, "2024-09-13", 12, "2024-10-03");
  /* Friday 18 Dec 2026; Friday 25 Dec and Friday 1 Jan 2027. */
  assert_add (calendar, "2026-12-18", 10, "2027-01-05");
  /* Friday 27 Sep 2030; Tuesday 1 Oct 2030. */
  assert_add (calendar, "2030-09-27", 10, "2030-10-14");
  /* Zero days leaves the date, even on a holiday. */
  assert_add (calendar, "2025-12-25", 0, "2025-12-25");

  set_date (&date, "2024-11-15");
  vnt_calendar_next_business_day (calendar, &date);
  next = format_date (&date);
  g_assert_cmpstr (next, ==, "2024-11-19");

  set_date (&date, "2024-12-24");
  vnt_calendar_next_business_day (calendar, &date);
  after_christmas = format_date (&date);
  g_assert_cmpstr (after_christmas, ==, "2024-12-26");
}

static char *
shipped_data_file (void)
{
  const char *root = g_getenv ("VENTANILLA_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "dias-inhabiles.json", NULL);
}

static void
test_data_file (void)
{
  g_autoptr(VntCalendar) calendar = vnt_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = shipped_data_file ();
  const char *reason = NULL;
  GDate date;

  g_assert_true (vnt_calendar_load_file (calendar, path, &error));
  g_assert_no_error (error);

  /* IMSS closed on Monday 15 September 2025. */
  set_date (&date, "2025-09-15");
  g_assert_cmpint (vnt_calendar_get_day_kind (calendar, &date, &reason), ==, VNT_DAY_EXTRA);
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason, !=, "");

  /* Friday 12 Sep 2025 + 10 now skips Monday 15 and Tuesday 16. */
  assert_add (calendar, "2025-09-12", 10, "2025-09-30");
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_data_file_errors (void)
{
  g_autoptr(VntCalendar) calendar = vnt_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vnt-calendar-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *bad_date = g_build_filename (dir, "bad-date.json", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  GDate date;

  write_file (good, "{\"days\": [{\"date\": \"2026-04-02\", \"reason\": \"Jueves Santo\"},"
                    " {\"date\": \"2026-04-03\"}]}");
  /* The first entry is fine, the second is not: nothing may be added. */
  write_file (bad_date, "{\"days\": [{\"date\": \"2027-04-01\"}, {\"date\": \"2027-02-30\"}]}");
  write_file (garbage, "{\"days\": [");

  g_assert_false (vnt_calendar_load_file (calendar, bad_date, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  set_date (&date, "2027-04-01");
  g_assert_true (vnt_calendar_is_business_day (calendar, &date));

  g_assert_false (vnt_calendar_load_file (calendar, garbage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_false (vnt_calendar_load_file (calendar, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (vnt_calendar_load_file (calendar, good, &error));
  g_assert_no_error (error);
  set_date (&date, "2026-04-02");
  g_assert_false (vnt_calendar_is_business_day (calendar, &date));
  set_date (&date, "2026-04-03");
  g_assert_false (vnt_calendar_is_business_day (calendar, &date));
  /* Wednesday 1 Apr 2026 + 2: Thursday and Friday closed, so Tuesday 7. */
  assert_add (calendar, "2026-04-01", 2, "2026-04-07");

  /* The environment names the file for vnt_calendar_new_default(). */
  {
    g_autoptr(VntCalendar) from_env = NULL;

    g_setenv ("VENTANILLA_DIAS_INHABILES", good, TRUE);
    from_env = vnt_calendar_new_default (&error);
    g_assert_no_error (error);
    set_date (&date, "2026-04-02");
    g_assert_false (vnt_calendar_is_business_day (from_env, &date));

    g_setenv ("VENTANILLA_DIAS_INHABILES", missing, TRUE);
    g_assert_null (vnt_calendar_new_default (&error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_unsetenv ("VENTANILLA_DIAS_INHABILES");
  }

  g_unlink (good);
  g_unlink (bad_date);
  g_unlink (garbage);
  g_rmdir (dir);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vnt_calendar_load_file_finish (VNT_CALENDAR (source), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

static void
test_data_file_async (void)
{
  g_autoptr(VntCalendar) calendar = vnt_calendar_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *path = shipped_data_file ();
  GDate date;

  vnt_calendar_load_file_async (calendar, path, NULL, load_done_cb, loop);
  g_main_loop_run (loop);

  set_date (&date, "2025-09-15");
  g_assert_false (vnt_calendar_is_business_day (calendar, &date));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/calendar/statutory-tables", test_statutory_tables);
  g_test_add_func ("/core/calendar/day-kinds", test_day_kinds);
  g_test_add_func ("/core/calendar/add-business-days", test_add_business_days);
  g_test_add_func ("/core/calendar/data-file", test_data_file);
  g_test_add_func ("/core/calendar/data-file-errors", test_data_file_errors);
  g_test_add_func ("/core/calendar/data-file-async", test_data_file_async);

  return g_test_run ();
}
