/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spanish first: the app speaks Spanish unless the user chose a language. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>

#include "core/vnt-core-utils.h"
#include "vnt-test-utils.h"

#define DAMAGED "The saved file is damaged and cannot be read."

/* In a subprocess, started with the environment the parent set: what the
 * app's main() does, then one message. */
static void
print_message (void)
{
  setlocale (LC_ALL, "");
  vnt_i18n_prefer_spanish ();
  vnt_i18n_init ();
  /* As bytes: g_print() would convert to the C locale's ASCII. */
  fputs (dgettext (GETTEXT_PACKAGE, DAMAGED), stdout);
  fputs ("\n", stdout);
}

static void
expect_message (const char *lang,
                const char *language,
                const char *expected)
{
  g_setenv ("LANG", lang, TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (expected);
}

static void
test_prefer_spanish (void)
{
  if (g_test_subprocess ())
    {
      print_message ();
      return;
    }

  /* No language chosen: a fresh system's C.UTF-8, or plain C. */
  expect_message ("C.UTF-8", NULL, "El archivo guardado está dañado y no se puede leer.\n");
  expect_message ("C", NULL, "El archivo guardado está dañado y no se puede leer.\n");
  expect_message ("POSIX", "", "El archivo guardado está dañado y no se puede leer.\n");

  /* A chosen language is kept. */
  expect_message ("C.UTF-8", "en", DAMAGED "\n");
  expect_message ("C.UTF-8", "es", "El archivo guardado está dañado y no se puede leer.\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/prefer-spanish", test_prefer_spanish);

  return g_test_run ();
}
