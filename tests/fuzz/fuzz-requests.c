/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the requests a user takes to SAT or is handed:
 * the PKCS#10 of a .req (every field read back), the .ren (CMS SignedData
 * over a PKCS#10, as `efirma inspect` opens it) and the .sdg (CMS over a
 * ZIP of requests). fuzz-readers tries every reader on every input; this
 * one goes deeper into these three. Any crash, leak (ASan) or undefined
 * behaviour (UBSan) is a bug.
 *
 *   mkdir corpus-req && ./fuzz-requests -max_total_time=60 corpus-req \
 *       ../shared/testdata/sat/variants
 */
#include "config.h"

#include <stdint.h>

#include "crypto/vnt-crypto.h"
#include "crypto/vnt-csd-request.h"
#include "crypto/vnt-csr.h"
#include "crypto/vnt-signature.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
read_csr (GBytes *bytes)
{
  g_autoptr(VntCsr) csr = vnt_csr_new_from_bytes (bytes, NULL);

  if (csr == NULL)
    return;

  (void) vnt_csr_get_der (csr);
  (void) vnt_csr_get_rfc (csr);
  (void) vnt_csr_get_curp (csr);
  (void) vnt_csr_get_representative_rfc (csr);
  (void) vnt_csr_get_representative_curp (csr);
  (void) vnt_csr_get_name (csr);
  (void) vnt_csr_get_organization (csr);
  (void) vnt_csr_get_organizational_unit (csr);
  (void) vnt_csr_get_email (csr);
  (void) vnt_csr_get_subject_dn (csr);
  (void) vnt_csr_get_persona (csr);
  (void) vnt_csr_get_key_algorithm (csr);
  (void) vnt_csr_get_key_bits (csr);
  (void) vnt_csr_get_signature_algorithm (csr);
  (void) vnt_csr_get_signature_valid (csr);
  (void) vnt_csr_get_key_id (csr);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gsize initialized = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(VntCsdRequest) sdg = NULL;

  if (g_once_init_enter (&initialized))
    {
      vnt_crypto_init ();
      g_once_init_leave (&initialized, 1);
    }

  bytes = g_bytes_new_static (data, size);

  /* .req */
  read_csr (bytes);

  /* .ren: the signature, then the request inside it. */
  signer = vnt_signature_verify_cms (bytes, NULL, &content, NULL);
  if (content != NULL)
    read_csr (content);

  /* .sdg: every request in the ZIP. */
  sdg = vnt_csd_request_new_from_bytes (bytes, NULL);
  if (sdg != NULL)
    {
      (void) vnt_csd_request_get_signer (sdg);
      (void) vnt_csd_request_get_signature_error (sdg);
      for (guint i = 0; i < vnt_csd_request_get_n_requests (sdg); i++)
        {
          VntCsr *csr = vnt_csd_request_get_request (sdg, i);

          (void) vnt_csd_request_get_request_name (sdg, i);
          if (csr != NULL)
            (void) vnt_csr_get_rfc (csr);
        }
    }

  return 0;
}
