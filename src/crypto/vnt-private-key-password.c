/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The passwords a key is tried under and what a failed try means: shared by
 * the .key and the .pfx readers. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "vnt-crypto-error.h"
#include "vnt-private-key-private.h"

void
vnt_crypto_set_wrong_password (GError     **error,
                               const char  *password)
{
  if (password == NULL || *password == '\0')
    g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                         _("The private key (.key) is protected with a password. Type it and try again."));
  else
    g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                         _("The password does not open the private key (.key). Check upper and lower case letters and accents, and try again."));
}

gboolean
vnt_crypto_is_wrong_password_code (int ret)
{
  switch (ret)
    {
    /* A wrong password decrypts to noise: either the padding is wrong or
     * the "plaintext" is not a key. */
    case GNUTLS_E_DECRYPTION_FAILED:
    case GNUTLS_E_MAC_VERIFY_FAILED:
    case GNUTLS_E_ASN1_ELEMENT_NOT_FOUND:
    case GNUTLS_E_ASN1_IDENTIFIER_NOT_FOUND:
    case GNUTLS_E_ASN1_DER_ERROR:
    case GNUTLS_E_ASN1_VALUE_NOT_FOUND:
    case GNUTLS_E_ASN1_GENERIC_ERROR:
    case GNUTLS_E_ASN1_VALUE_NOT_VALID:
    case GNUTLS_E_ASN1_TAG_ERROR:
    case GNUTLS_E_ASN1_TAG_IMPLICIT:
    case GNUTLS_E_ASN1_TYPE_ANY_ERROR:
    case GNUTLS_E_ASN1_SYNTAX_ERROR:
    case GNUTLS_E_ASN1_DER_OVERFLOW:
    case GNUTLS_E_PARSING_ERROR:
    case GNUTLS_E_MPI_SCAN_FAILED:
    case GNUTLS_E_PK_INVALID_PRIVKEY:
    case GNUTLS_E_INVALID_PASSWORD:
    case GNUTLS_E_INVALID_UTF8_STRING:
    case GNUTLS_E_BASE64_DECODING_ERROR:
      return TRUE;
    default:
      return FALSE;
    }
}

void
vnt_private_key_set_unsupported_encryption (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                       _("The private key is protected with an encryption method that cannot be opened here. Export it again as PKCS#8 with AES or 3DES from the program that created it."));
}

void
vnt_private_key_set_damaged (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                       _("The private key file is damaged or incomplete. Copy the .key again from where you keep it (USB drive, backup) and try again."));
}

void
vnt_password_candidates_clear (VntPasswordCandidates *candidates)
{
  for (guint i = 0; i < candidates->n; i++)
    g_clear_pointer (&candidates->secret[i], vnt_secret_free);
  candidates->n = 0;
}

static void
password_candidates_add (VntPasswordCandidates *candidates,
                         char                  *secret,
                         VntPasswordEncoding    encoding)
{
  g_assert (candidates->n < G_N_ELEMENTS (candidates->secret));

  candidates->secret[candidates->n] = secret;
  candidates->encoding[candidates->n] = encoding;
  candidates->n++;
}

void
vnt_password_candidates_init (VntPasswordCandidates *candidates,
                              const char            *password)
{
  g_autoptr(VntSecret) nfc = NULL;
  gboolean ascii = TRUE;

  memset (candidates, 0, sizeof *candidates);

  if (password == NULL)
    password = "";

  password_candidates_add (candidates, g_strdup (password),
                  *password != '\0' ? VNT_PASSWORD_ENCODING_UTF8 : VNT_PASSWORD_ENCODING_NONE);

  for (const char *p = password; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      ascii = FALSE;
  if (ascii || !g_utf8_validate (password, -1, NULL))
    return;

  nfc = g_utf8_normalize (password, -1, G_NORMALIZE_NFC);
  if (nfc != NULL && !g_str_equal (nfc, password))
    password_candidates_add (candidates, g_strdup (nfc), VNT_PASSWORD_ENCODING_UTF8);

  /* Characters outside Windows-1252 make no such variant. */
  if (nfc != NULL)
    {
      gsize written = 0;
      char *cp1252 = g_convert (nfc, -1, "WINDOWS-1252", "UTF-8", NULL, &written, NULL);

      if (cp1252 != NULL)
        password_candidates_add (candidates, cp1252, VNT_PASSWORD_ENCODING_WINDOWS_1252);
    }
}
