/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What `request`, `renew`, `pfx` and `passwd` share: the password of the
 * file being created, the output folder, and the report of new files. */

#include "efirma-common.h"
#include "crypto/vnt-sat-key.h"

G_BEGIN_DECLS

/* The GOptionEntry lines for --new-password-file and --new-password-fd. */
#define EFIRMA_NEW_PASSWORD_OPTIONS(source) \
  { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &(source).file, \
    N_("Read the password for the new file from the first line of FILE"), N_("FILE") }, \
  { "new-password-fd", 0, 0, G_OPTION_ARG_INT, &(source).fd, \
    N_("Read the password for the new file from file descriptor FD"), N_("FD") }

/* FALSE (after printing why) when argv carries --new-password VALUE. */
gboolean   efirma_refuse_new_password_in_argv (int                         argc,
                                               char                      **argv);
/* The password for a new file: from @source, or asked twice without echo;
 * checked with vnt_sat_key_check_new_password (@protection). */
VntSecret *efirma_new_password_read           (const EfirmaPasswordSource *source,
                                               VntKeyProtection            protection,
                                               GError                    **error);
/* The password of the existing @key (asked with @prompt, or NULL when
 * efirma_needs_password (@cer, @key) says it has none) and then, with
 * efirma_new_password_read (), the one for the new file. */
gboolean   efirma_passwords_read              (const EfirmaPasswordSource *source,
                                               const char                 *cer,
                                               const char                 *key,
                                               const char                 *prompt,
                                               const EfirmaPasswordSource *new_source,
                                               VntKeyProtection            protection,
                                               VntSecret                 **password,
                                               VntSecret                 **new_password,
                                               GError                    **error);
/* FALSE (after printing why) when @path exists: new files never replace. */
gboolean   efirma_refuse_existing             (const char                 *path);
/* FALSE (after printing why) when @path is not a folder. */
gboolean   efirma_check_out_folder (const char *path);
/* Parses --bits: 2048 (0 means the default) or 4096. */
gboolean   efirma_check_bits                  (int                        *bits);
/* Prints the exit message for @error and returns the exit code. */
int        efirma_report_error                (const GError               *error);

G_END_DECLS
