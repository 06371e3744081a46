/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "sandbox/vnt-sandbox-main.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  return vnt_sandbox_main (argc, argv);
}
