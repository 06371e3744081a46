/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: the public keys of SAT's test certification
 * authorities, which SAT does not publish as certificates. They were
 * recovered from certificates those CAs signed (see data/ca/sat-test). */

#include "vnt-certificate.h"

G_BEGIN_DECLS

/* How many test CA keys are bundled. */
guint    vnt_sat_test_keys_get_n_keys (void);
/* TRUE when the signature on @certificate verifies under one of SAT's test
 * CA keys. Names are not looked at. Thread-safe. */
gboolean vnt_sat_test_keys_verify     (VntCertificate *certificate);

G_END_DECLS
