/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-private-key.h"

G_BEGIN_DECLS

/* How a .key is encrypted (always DER PKCS#8 EncryptedPrivateKeyInfo, PBES2).
 * See docs/keys.md. */
typedef enum {
  /* Exactly what SAT's Certifica writes and SAT's portals read: PBKDF2 with
   * HMAC-SHA1 (the default, so no prf field), 2048 iterations, 8-byte
   * random salt, DES-EDE3-CBC. Non-ASCII passwords as Windows-1252 bytes. */
  VNT_KEY_PROTECTION_SAT,
  /* For keys that never go to SAT: PBKDF2-HMAC-SHA256, 600,000 iterations,
   * 16-byte salt, AES-256-CBC, password as UTF-8. */
  VNT_KEY_PROTECTION_MODERN,
} VntKeyProtection;

#define VNT_SAT_KEY_ITERATIONS     2048
#define VNT_MODERN_KEY_ITERATIONS  600000
/* Certifica's own minimum. */
#define VNT_SAT_KEY_MIN_PASSWORD   8

/* NULL when @password is acceptable for a new key with @protection: at
 * least VNT_SAT_KEY_MIN_PASSWORD characters and, for SAT, only characters
 * Windows-1252 has (what SAT's programs can type back). */
gboolean       vnt_sat_key_check_new_password (const char        *password,
                                               VntKeyProtection   protection,
                                               GError           **error);

/* The DER .key for @key under @password. */
GBytes        *vnt_sat_key_encrypt            (VntPrivateKey     *key,
                                               const char        *password,
                                               VntKeyProtection   protection,
                                               GError           **error);
/* vnt_sat_key_encrypt, then vnt_safe_file_write: a new file, 0600, never
 * over an existing one, nothing left behind on failure or cancel. */
gboolean       vnt_sat_key_save               (VntPrivateKey     *key,
                                               const char        *path,
                                               const char        *password,
                                               VntKeyProtection   protection,
                                               GCancellable      *cancellable,
                                               GError           **error);

/* An e.firma's key, with its certificate for a .pfx, written again as the
 * NEW file @out_path under @new_password: what vnt_sat_key_change_password ()
 * and vnt_pkcs12_writer_save () take. Borrowed. */
typedef struct
{
  /* A .pfx's certificate; unused for a key. */
  const char *cer_path;
  /* The key, opened with @password. */
  const char *key_path;
  const char *password;
  const char *out_path;
  const char *new_password;
  /* How @out_path is protected: a VntKeyProtection for a key, a
   * VntPkcs12Profile for a .pfx. */
  int         protection;
} VntKeyFiles;

/* Reads @files->key_path with @files->password and writes it to the NEW
 * file @files->out_path under @files->new_password. The original is left
 * untouched. */
gboolean vnt_sat_key_change_password (const VntKeyFiles *files,
                                      GCancellable      *cancellable,
                                      GError           **error);

G_END_DECLS
