/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "crypto/vnt-crypto.h"
#include "efirma-common.h"

int
efirma_main (int    argc,
             char **argv)
{
  setlocale (LC_ALL, "");
  vnt_crypto_init ();

  if (argc < 2)
    {
      g_printerr (_("Usage: efirma COMMAND [OPTION…]\n"));
      return EFIRMA_EXIT_USAGE;
    }

  g_printerr (_("Unknown command “%s”.\n"), argv[1]);
  return EFIRMA_EXIT_USAGE;
}
