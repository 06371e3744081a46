/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-certificate.h"
#include "vnt-private-key.h"
#include "vnt-sat-key.h"

G_BEGIN_DECLS

typedef enum {
  /* PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256 for both bags, HMAC-SHA256
   * MAC, 600,000 iterations: what current Windows, macOS, Java 11+ and
   * OpenSSL 3 expect. */
  VNT_PKCS12_PROFILE_MODERN,
  /* pbeWithSHAAnd3-KeyTripleDES-CBC for both bags and an HMAC-SHA1 MAC,
   * 2048 iterations: the only scheme Windows before 10 (1709) and Java 8
   * read. See vnt-pkcs12-writer.c for the counts. */
  VNT_PKCS12_PROFILE_COMPAT,
} VntPkcs12Profile;

/* A .pfx holding @certificate and @key (which must belong to it), both
 * protected by @password (UTF-8; at least VNT_SAT_KEY_MIN_PASSWORD
 * characters), the bags tied by localKeyId and named after the holder. */
GBytes   *vnt_pkcs12_writer_build       (VntCertificate       *certificate,
                                         VntPrivateKey        *key,
                                         const char           *password,
                                         VntPkcs12Profile      profile,
                                         GError              **error);

/* Reads @files->cer_path and @files->key_path (@files->password), writes
 * the NEW file @files->out_path (0600, never over an existing one, nothing
 * left on failure) under @files->new_password, as @files->protection (a
 * VntPkcs12Profile) says. */
gboolean  vnt_pkcs12_writer_save (const VntKeyFiles *files,
                                  GCancellable      *cancellable,
                                  GError           **error);

G_END_DECLS
