/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of every `efirma` command. */
enum {
  EFIRMA_EXIT_OK = 0,       /* everything valid */
  EFIRMA_EXIT_INVALID = 1,  /* something checked was invalid */
  EFIRMA_EXIT_USAGE = 2,    /* usage or I/O error */
};

/* Runs `efirma ARGV…`; argv[0] is the program name. Returns the exit code. */
int efirma_main (int argc, char **argv);

G_END_DECLS
