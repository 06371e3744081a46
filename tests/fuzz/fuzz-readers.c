/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for everything that reads a file a user hands us:
 * certificates (DER/PEM), private keys (PKCS#8 plain/encrypted, PKCS#1),
 * PKCS#12, certificate requests, CMS signatures (.ren too), CSD requests
 * (.sdg) and the ZIP inside them, and the file-type sniffer. Any crash, leak (ASan) or undefined behaviour (UBSan)
 * is a bug.
 *
 *   mkdir corpus && ./fuzz-readers -max_total_time=60 corpus \
 *       ../shared/testdata/sat/fiel ../shared/testdata/sat/variants
 */
#include "config.h"

#include <stdint.h>

#include "core/vnt-zip.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-csd-request.h"
#include "crypto/vnt-csr.h"
#include "crypto/vnt-file-type.h"
#include "crypto/vnt-key-info.h"
#include "crypto/vnt-private-key.h"
#include "crypto/vnt-signature.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
touch_certificate (VntCertificate *certificate)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Every getter decodes something; all must cope with odd values. */
  (void) vnt_certificate_get_rfc (certificate);
  (void) vnt_certificate_get_curp (certificate);
  (void) vnt_certificate_get_representative_rfc (certificate);
  (void) vnt_certificate_get_representative_curp (certificate);
  (void) vnt_certificate_get_name (certificate);
  (void) vnt_certificate_get_email (certificate);
  (void) vnt_certificate_get_number (certificate);
  (void) vnt_certificate_get_serial_hex (certificate);
  (void) vnt_certificate_get_days_left (certificate, now);
  (void) vnt_certificate_get_issuer_dn (certificate);
  (void) vnt_certificate_get_subject_dn (certificate);
  (void) vnt_certificate_get_kind (certificate);
  (void) vnt_certificate_get_persona (certificate);
  (void) vnt_certificate_get_key_algorithm (certificate);
  (void) vnt_trust_store_verify (vnt_trust_store_get_default (), certificate, now, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gsize initialized = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntKeyInfo) key_info = NULL;
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(VntCsdRequest) sdg = NULL;
  g_autoptr(GPtrArray) members = NULL;

  if (g_once_init_enter (&initialized))
    {
      vnt_crypto_init ();
      g_once_init_leave (&initialized, 1);
    }

  bytes = g_bytes_new_static (data, size);
  (void) vnt_file_type_guess (bytes);

  certificate = vnt_certificate_new_from_bytes (bytes, NULL);
  if (certificate != NULL)
    touch_certificate (certificate);

  key_info = vnt_key_info_new_from_bytes (bytes, NULL);

  csr = vnt_csr_new_from_bytes (bytes, NULL);
  if (csr != NULL)
    (void) vnt_csr_get_subject_dn (csr);

  /* SAT's default test password, so that encrypted inputs get decrypted. */
  key = vnt_private_key_new_from_bytes (bytes, "12345678a", NULL);

  credential = vnt_credential_new_from_pkcs12 (bytes, "", NULL);
  if (credential != NULL)
    touch_certificate (vnt_credential_get_certificate (credential));

  /* CMS signatures and .ren renewals, as `efirma verify` and `inspect`. */
  signer = vnt_signature_verify_cms (bytes, NULL, &content, NULL);
  if (signer != NULL)
    touch_certificate (signer);
  if (content != NULL)
    {
      g_autoptr(VntCsr) inner = vnt_csr_new_from_bytes (content, NULL);

      if (inner != NULL)
        (void) vnt_csr_get_subject_dn (inner);
    }

  /* .sdg files, as `efirma inspect`, and a bare ZIP. */
  sdg = vnt_csd_request_new_from_bytes (bytes, NULL);
  if (sdg != NULL)
    for (guint i = 0; i < vnt_csd_request_get_n_requests (sdg); i++)
      (void) vnt_csr_get_subject_dn (vnt_csd_request_get_request (sdg, i));
  members = vnt_zip_read (bytes, 16, 64 * 1024, NULL);

  return 0;
}
