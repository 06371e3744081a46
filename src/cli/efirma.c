/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "efirma-common.h"

int
main (int    argc,
      char **argv)
{
  return efirma_main (argc, argv);
}
