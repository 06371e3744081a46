/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The public face of src/crypto: no GnuTLS type leaks past these headers. */

#include "vnt-certificate.h"
#include "vnt-check.h"
#include "vnt-credential.h"
#include "vnt-crypto-error.h"
#include "vnt-signature.h"
#include "vnt-trust-store.h"

G_BEGIN_DECLS

/* Once per process, before threads: gnutls_global_init and the gettext domain. */
void vnt_crypto_init (void);

G_END_DECLS
