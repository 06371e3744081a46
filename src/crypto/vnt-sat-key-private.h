/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: the PBES2 encryption behind .key files, reused for
 * the bags of a PKCS#12. */

#include "vnt-sat-key.h"

G_BEGIN_DECLS

/* Encrypts @data (PKCS#5 padding added) with @protection's PBES2 scheme
 * and a fresh random salt and IV. Gives the DER of the PBES2-params (the
 * AlgorithmIdentifier parameters for OID PBES2) and the ciphertext. */
gboolean vnt_sat_key_pbes2_encrypt (const guint8      *data,
                                    gsize              len,
                                    const char        *password,
                                    VntKeyProtection   protection,
                                    GBytes           **parameters,
                                    GBytes           **ciphertext,
                                    GError           **error);

G_END_DECLS
