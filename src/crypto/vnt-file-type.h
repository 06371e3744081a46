/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VNT_FILE_TYPE_UNKNOWN,
  VNT_FILE_TYPE_CERTIFICATE,  /* "certificate": X.509, DER or PEM */
  VNT_FILE_TYPE_PRIVATE_KEY,  /* "private-key": PKCS#8 (plain or encrypted), PKCS#1 */
  VNT_FILE_TYPE_PKCS12,       /* "pkcs12": .pfx/.p12 */
  VNT_FILE_TYPE_REQUEST,      /* "request": PKCS#10 (.req) */
} VntFileType;

/* Tells what a file holds from its structure, not its name. A PEM bundle
 * with a certificate and a key counts as a certificate. Reads nothing
 * secret and never needs a password. */
VntFileType  vnt_file_type_guess     (GBytes      *data);
const char  *vnt_file_type_to_string (VntFileType  type);

G_END_DECLS
