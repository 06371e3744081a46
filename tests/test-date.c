/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates and times in Mexico's central time, whatever the computer's zone,
 * written one way on every screen and in the acuse PDF. */
#include "config.h"

#include <locale.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-date.h"

static GDateTime *
parse (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
}

static void
test_spanish (void)
{
  g_autoptr(GDateTime) evening = parse ("2026-12-06T22:20:20Z");
  g_autoptr(GDateTime) new_year = parse ("2027-01-01T05:59:00Z");
  g_autoptr(GDateTime) summer = parse ("2026-06-30T12:05:00-05:00");
  g_autofree char *date_time = vnt_date_format_date_time (evening);
  g_autofree char *named = vnt_date_format_date_time_named (evening);
  g_autofree char *date = vnt_date_format_date (new_year);
  g_autofree char *summer_text = vnt_date_format_date_time (summer);

  /* 22:20 UTC is 16:20 in Mexico City (the computer runs on Tokyo's time). */
  g_assert_cmpstr (date_time, ==, "6 de diciembre de 2026, 16:20");
  g_assert_cmpstr (named, ==, "6 de diciembre de 2026, 16:20 (hora del centro de México)");
  /* Still the last day of the year in Mexico. */
  g_assert_cmpstr (date, ==, "31 de diciembre de 2026");
  /* No daylight saving time since 2022. */
  g_assert_cmpstr (summer_text, ==, "30 de junio de 2026, 11:05");
}

/* The English source, in a process whose messages are English. */
static void
test_english (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GDateTime) evening = parse ("2026-12-06T22:20:20Z");
      g_autofree char *date_time = vnt_date_format_date_time (evening);

      g_assert_cmpstr (date_time, ==, "December 6, 2026, 16:20");
      return;
    }

  g_setenv ("VNT_TEST_LANGUAGE", "en", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VNT_TEST_LANGUAGE");
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  /* The machine's zone must not matter. */
  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  g_setenv ("LANGUAGE", g_getenv ("VNT_TEST_LANGUAGE") != NULL ? g_getenv ("VNT_TEST_LANGUAGE") : "es", TRUE);
  setlocale (LC_ALL, "");
  vnt_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/spanish", test_spanish);
  g_test_add_func ("/date/english", test_english);

  return g_test_run ();
}
