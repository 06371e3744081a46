/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "crypto/vnt-crypto.h"

/* The string codes are an interface: the CLI's JSON and the UI depend on them. */
static void
test_codes_are_stable (void)
{
  g_assert_cmpstr (vnt_crypto_error_code_to_string (VNT_CRYPTO_ERROR_WRONG_PASSWORD), ==, "wrong-password");
  g_assert_cmpstr (vnt_crypto_error_code_to_string (VNT_CRYPTO_ERROR_KEY_MISMATCH), ==, "key-mismatch");
  g_assert_cmpstr (vnt_crypto_error_code_to_string (VNT_CRYPTO_ERROR_UNREADABLE_FILE), ==, "unreadable-file");
  g_assert_cmpstr (vnt_crypto_error_code_to_string (VNT_CRYPTO_ERROR_NOT_EFIRMA), ==, "not-efirma");
  g_assert_cmpstr (vnt_crypto_error_code_to_string (VNT_CRYPTO_ERROR_SAT_TEST_CERTIFICATE), ==, "sat-test-certificate");
  g_assert_cmpstr (vnt_crypto_error_code_to_string ((VntCryptoError) 9999), ==, "failed");
}

static void
test_every_code_has_a_name (void)
{
  for (guint i = VNT_CRYPTO_ERROR_FAILED; i <= VNT_CRYPTO_ERROR_CANCELLED; i++)
    {
      const char *code = vnt_crypto_error_code_to_string (i);

      g_assert_nonnull (code);
      if (i != VNT_CRYPTO_ERROR_FAILED)
        g_assert_cmpstr (code, !=, "failed");
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/crypto/error/codes-are-stable", test_codes_are_stable);
  g_test_add_func ("/crypto/error/every-code-has-a-name", test_every_code_has_a_name);

  return g_test_run ();
}
