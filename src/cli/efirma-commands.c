/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "efirma-common.h"

#define EFIRMA_COMMAND(name, func, summary) int func (int argc, char **argv);
#include "efirma-commands.h"
#undef EFIRMA_COMMAND

typedef struct {
  const char        *name;
  EfirmaCommandFunc  func;
  const char        *summary;
} EfirmaCommand;

static const EfirmaCommand commands[] = {
#define EFIRMA_COMMAND(name, func, summary) { name, func, summary },
#include "efirma-commands.h"
#undef EFIRMA_COMMAND
};

static const EfirmaCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

static void
print_help (FILE *out)
{
  guint width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, strlen (commands[i].name));

  fprintf (out, "%s\n  efirma %s\n\n", _("Usage:"), _("COMMAND [OPTION…]"));
  fprintf (out, "%s\n\n", _("Reads, checks and uses the SAT e.firma (.cer, .key, .pfx, .req) from the command line."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = efirma_pad (commands[i].name, width);

      fprintf (out, "  %s  %s\n", name, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Run “efirma COMMAND --help” for the options of a command."));
  fprintf (out, "%s\n", _("Exit status: 0 all valid, 1 something invalid, 2 usage or input/output error."));
}

int
efirma_main (int    argc,
             char **argv)
{
  const EfirmaCommand *command;
  g_autofree char     *prgname = NULL;
  char                *help_argv[] = { NULL, (char *) "--help", NULL };
  char               **args = argv + 1;
  int                  n_args = argc - 1;

  setlocale (LC_ALL, "");
  /* As the app: Spanish unless the locale chose a language. */
  vnt_i18n_prefer_spanish ();
  vnt_crypto_init ();
  g_set_prgname ("efirma");

  if (argc < 2)
    {
      print_help (stderr);
      return EFIRMA_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      (g_str_equal (argv[1], "help") && argc == 2))
    {
      print_help (stdout);
      return EFIRMA_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("efirma (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EFIRMA_EXIT_OK;
    }

  /* For the shell completion. */
  if (g_str_equal (argv[1], "--list-commands"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_print ("%s\n", commands[i].name);
      return EFIRMA_EXIT_OK;
    }

  /* `efirma help COMMAND` is `efirma COMMAND --help`. */
  if (g_str_equal (argv[1], "help"))
    {
      help_argv[0] = argv[2];
      args = help_argv;
      n_args = 2;
    }

  command = find_command (args[0]);
  if (command == NULL)
    {
      g_printerr (_("Unknown command “%s”.\n"), args[0]);
      print_help (stderr);
      return EFIRMA_EXIT_USAGE;
    }

  prgname = g_strdup_printf ("efirma %s", command->name);
  g_set_prgname (prgname);

  return command->func (n_args, args);
}
