/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto. */

#include <gnutls/x509.h>
#include "vnt-certificate.h"

G_BEGIN_DECLS

/* Borrowed; valid as long as @self. Thread-safe for read-only use. */
gnutls_x509_crt_t vnt_certificate_get_gnutls (VntCertificate *self);
/* Takes ownership of @crt; it is freed at once (even on error) and the new
 * object holds a reparsed copy: use vnt_certificate_get_gnutls () after. */
VntCertificate   *vnt_certificate_new_take_gnutls (gnutls_x509_crt_t crt, GError **error);

G_END_DECLS
