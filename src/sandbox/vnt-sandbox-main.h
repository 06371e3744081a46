/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `ventanilla-sandbox [--listen HOST:PORT] [--http] [--db FILE]
 * [--tls-cert FILE --tls-key FILE] [--no-practice]`; practice mode (the
 * default) only on a loopback address, else exit status 2; runs until SIGTERM or
 * SIGINT, then shuts down cleanly and returns 0. */
int vnt_sandbox_main (int    argc,
                      char **argv);

G_END_DECLS
