/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What `request`, `renew`, `pfx` and `passwd` share: the password of the
 * file being created, the output folder, and the report of new files. */

#include "efirma-common.h"
#include "crypto/vnt-sat-key.h"

G_BEGIN_DECLS

/* The GOptionEntry lines for --new-password-file and --new-password-fd.
 * clang-format cannot tell that these macros are entries: keep the tables
 * that use them out of it. */
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
/* The two passwords of a command that writes a new file from a key: the
 * key's own (--password-…) and the new file's (--new-password-…). */
typedef struct
{
  EfirmaPasswordSource source;
  EfirmaPasswordSource new_source;
  VntSecret           *password;
  VntSecret           *new_password;
} EfirmaPasswords;

#define EFIRMA_PASSWORDS_INIT                                            \
  {                                                                      \
    EFIRMA_PASSWORD_SOURCE_INIT, EFIRMA_PASSWORD_SOURCE_INIT, NULL, NULL \
  }

void efirma_passwords_clear (EfirmaPasswords *passwords);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EfirmaPasswords, efirma_passwords_clear)
/* Sets in @passwords the password of the existing @key (asked with @prompt,
 * or NULL when efirma_needs_password (@cer, @key) says it has none) and
 * then, with efirma_new_password_read (@protection), the new file's. */
gboolean   efirma_passwords_read (EfirmaPasswords *passwords,
                                  const char      *cer,
                                  const char      *key,
                                  VntKeyProtection protection,
                                  const char      *prompt,
                                  GError         **error);
/* FALSE (after printing why) when @path exists: new files never replace. */
gboolean   efirma_refuse_existing             (const char                 *path);
/* FALSE (after printing why) when @path is not a folder. */
gboolean   efirma_check_out_folder (const char *path);
/* Parses --bits: 2048 (0 means the default) or 4096. */
gboolean   efirma_check_bits                  (int                        *bits);

G_END_DECLS
