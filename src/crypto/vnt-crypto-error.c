/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-crypto-error.h"

G_DEFINE_QUARK (vnt-crypto-error-quark, vnt_crypto_error)

static const char * const codes[] = {
  [VNT_CRYPTO_ERROR_FAILED] = "failed",
  [VNT_CRYPTO_ERROR_UNREADABLE_FILE] = "unreadable-file",
  [VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE] = "not-a-certificate",
  [VNT_CRYPTO_ERROR_DAMAGED_FILE] = "damaged-file",
  [VNT_CRYPTO_ERROR_NOT_A_KEY] = "not-a-key",
  [VNT_CRYPTO_ERROR_WRONG_PASSWORD] = "wrong-password",
  [VNT_CRYPTO_ERROR_KEY_MISMATCH] = "key-mismatch",
  [VNT_CRYPTO_ERROR_UNSUPPORTED_KEY] = "unsupported-key",
  [VNT_CRYPTO_ERROR_EXPIRED] = "expired",
  [VNT_CRYPTO_ERROR_NOT_YET_VALID] = "not-yet-valid",
  [VNT_CRYPTO_ERROR_NOT_EFIRMA] = "not-efirma",
  [VNT_CRYPTO_ERROR_UNTRUSTED_CHAIN] = "untrusted-chain",
  [VNT_CRYPTO_ERROR_SAT_TEST_CERTIFICATE] = "sat-test-certificate",
  [VNT_CRYPTO_ERROR_BAD_SIGNATURE] = "bad-signature",
  [VNT_CRYPTO_ERROR_NOT_A_SIGNATURE] = "not-a-signature",
  [VNT_CRYPTO_ERROR_NO_CERTIFICATE] = "no-certificate",
  [VNT_CRYPTO_ERROR_CANCELLED] = "cancelled",
};

const char *
vnt_crypto_error_code_to_string (VntCryptoError code)
{
  if ((guint) code >= G_N_ELEMENTS (codes) || codes[code] == NULL)
    return "failed";

  return codes[code];
}
