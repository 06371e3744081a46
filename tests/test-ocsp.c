/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "crypto/vnt-crypto.h"
#include "crypto/vnt-ocsp.h"
#include "vnt-test-utils.h"

static gboolean
contains (const guint8 *haystack,
          gsize         size,
          const char   *needle)
{
  gsize len = strlen (needle);

  for (gsize i = 0; i + len <= size; i++)
    if (memcmp (haystack + i, needle, len) == 0)
      return TRUE;

  return FALSE;
}

static GBytes *
load_sat_file (const char *relative)
{
  g_autofree char *path = vnt_test_sat_path (relative);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (path == NULL)
    return NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static VntCertificate *
load_sat_certificate (const char *relative)
{
  g_autoptr(GBytes) bytes = load_sat_file (relative);
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  if (bytes == NULL)
    return NULL;

  certificate = vnt_certificate_new_from_bytes (bytes, &error);
  g_assert_no_error (error);

  return certificate;
}

/* The manifest's description of the revoked response, e.g.
 * "… Revocation Time: Nov  1 04:17:03 2022 GMT; serial 00001000000412722487". */
static const char *
manifest_ocsp_content (const char *file)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *list;

  g_assert_nonnull (manifest);
  list = json_object_get_array_member (manifest, "ocsp");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "file"), file) == 0)
        return json_object_get_string_member (entry, "content");
    }

  g_assert_not_reached ();
}

static void
test_revoked_response (void)
{
  g_autoptr(GBytes) response = load_sat_file ("ocsp/ocsp-response-revoked.der");
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(VntCertificate) ac4_responder = NULL;
  g_autofree char *revoked_at = NULL;
  g_autofree char *expected_serial = NULL;
  const char *content;
  GDateTime *when;

  if (response == NULL)
    return;

  /* The serial the manifest names, taken from its description. */
  content = manifest_ocsp_content ("ocsp/ocsp-response-revoked.der");
  g_assert_nonnull (strstr (content, "Cert Status: revoked"));
  g_assert_nonnull (strstr (content, "serial "));
  expected_serial = g_strdup (strstr (content, "serial ") + strlen ("serial "));

  result = vnt_ocsp_response_read (response, NULL, NULL);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_REVOKED);
  g_assert_cmpint (vnt_ocsp_result_get_failure (result), ==, VNT_OCSP_FAILURE_NONE);
  g_assert_cmpstr (vnt_ocsp_status_to_string (vnt_ocsp_result_get_status (result)), ==, "revoked");
  g_assert_cmpstr (vnt_ocsp_result_get_serial (result), ==, expected_serial);
  g_assert_cmpstr (vnt_ocsp_result_get_serial (result), ==, "00001000000412722487");

  when = vnt_ocsp_result_get_revocation_time (result);
  g_assert_nonnull (when);
  revoked_at = g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
  g_assert_cmpstr (revoked_at, ==, "2022-11-01 04:17:03");
  g_assert_cmpint (g_date_time_get_utc_offset (when), ==, 0);
  g_assert_cmpstr (vnt_ocsp_result_get_revocation_reason (result), ==, "unspecified");

  g_assert_nonnull (vnt_ocsp_result_get_produced_at (result));
  g_assert_cmpint (g_date_time_get_year (vnt_ocsp_result_get_produced_at (result)), ==, 2022);
  g_assert_nonnull (vnt_ocsp_result_get_this_update (result));
  g_assert_nonnull (vnt_ocsp_result_get_next_update (result));
  g_assert_nonnull (strstr (vnt_ocsp_result_get_message (result), "2022-11-01"));

  /* Signed by the AC4 responder, embedded and identical to the bundled one. */
  ac4_responder = load_sat_certificate ("ca/prod/ocsp.ac4_sat.cer");
  g_assert_nonnull (vnt_ocsp_result_get_responder (result));
  g_assert_true (vnt_certificate_equal (vnt_ocsp_result_get_responder (result), ac4_responder));
}

static void
test_try_later_response (void)
{
  g_autoptr(GBytes) response = load_sat_file ("ocsp/ocsp-response-tryLater.der");
  g_autoptr(VntOcspResult) result = NULL;

  if (response == NULL)
    return;

  g_assert_nonnull (strstr (manifest_ocsp_content ("ocsp/ocsp-response-tryLater.der"), "tryLater"));

  result = vnt_ocsp_response_read (response, NULL, NULL);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
  g_assert_cmpint (vnt_ocsp_result_get_failure (result), ==, VNT_OCSP_FAILURE_TRY_LATER);
  g_assert_cmpstr (vnt_ocsp_failure_to_string (vnt_ocsp_result_get_failure (result)), ==, "try-later");
  g_assert_null (vnt_ocsp_result_get_revocation_time (result));
  g_assert_null (vnt_ocsp_result_get_responder (result));
  g_assert_nonnull (vnt_ocsp_result_get_message (result));
}

/* A responder that is not trusted does not make an answer count. */
static void
test_untrusted_responder (void)
{
  g_autoptr(GBytes) response = load_sat_file ("ocsp/ocsp-response-revoked.der");
  g_autoptr(VntCertificate) ac5_responder = NULL;
  g_autoptr(GPtrArray) only_ac5 = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(VntOcspResult) with_ac5 = NULL;
  g_autoptr(VntOcspResult) with_none = NULL;

  if (response == NULL)
    return;

  ac5_responder = load_sat_certificate ("ca/prod/ocsp.ac5_sat.cer");
  only_ac5 = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (only_ac5, g_object_ref (ac5_responder));
  none = g_ptr_array_new ();

  with_ac5 = vnt_ocsp_response_read (response, NULL, only_ac5);
  g_assert_cmpint (vnt_ocsp_result_get_status (with_ac5), ==, VNT_OCSP_STATUS_UNAVAILABLE);
  g_assert_cmpint (vnt_ocsp_result_get_failure (with_ac5), ==, VNT_OCSP_FAILURE_UNVERIFIABLE);
  g_assert_null (vnt_ocsp_result_get_revocation_time (with_ac5));

  with_none = vnt_ocsp_response_read (response, NULL, none);
  g_assert_cmpint (vnt_ocsp_result_get_failure (with_none), ==, VNT_OCSP_FAILURE_UNVERIFIABLE);
}

/* A bit flipped inside the signed part of the answer breaks its signature
 * (or its encoding): never a status, always "unavailable". */
static void
test_tampered_response (void)
{
  g_autoptr(GBytes) response = load_sat_file ("ocsp/ocsp-response-revoked.der");
  const guint8 *data;
  gsize size;
  /* Offsets inside tbsResponseData: responder id, producedAt, the status. */
  const gsize offsets[] = { 40, 60, 120 };

  if (response == NULL)
    return;

  data = g_bytes_get_data (response, &size);
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) tampered = NULL;
      g_autoptr(VntOcspResult) result = NULL;

      g_assert_cmpuint (offsets[i], <, size);
      copy[offsets[i]] ^= 0x01;
      tampered = g_bytes_new (copy, size);

      result = vnt_ocsp_response_read (tampered, NULL, NULL);
      g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
      g_assert_cmpint (vnt_ocsp_result_get_status (result), !=, VNT_OCSP_STATUS_GOOD);
    }
}

static void
test_garbage_and_truncated (void)
{
  g_autoptr(GBytes) response = load_sat_file ("ocsp/ocsp-response-revoked.der");
  g_autoptr(GBytes) garbage = g_bytes_new_static ("<html>Servicio no disponible</html>", 35);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(VntOcspResult) from_garbage = NULL;
  g_autoptr(VntOcspResult) from_empty = NULL;

  from_garbage = vnt_ocsp_response_read (garbage, NULL, NULL);
  g_assert_cmpint (vnt_ocsp_result_get_status (from_garbage), ==, VNT_OCSP_STATUS_UNAVAILABLE);
  g_assert_cmpint (vnt_ocsp_result_get_failure (from_garbage), ==, VNT_OCSP_FAILURE_MALFORMED);

  from_empty = vnt_ocsp_response_read (empty, NULL, NULL);
  g_assert_cmpint (vnt_ocsp_result_get_failure (from_empty), ==, VNT_OCSP_FAILURE_MALFORMED);

  if (response == NULL)
    return;

  /* Every truncation of a real answer is unavailable. */
  for (gsize len = 1; len < g_bytes_get_size (response); len += 97)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (response, 0, len);
      g_autoptr(VntOcspResult) result = vnt_ocsp_response_read (part, NULL, NULL);

      g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
    }
}

static void
test_request_for_production_certificate (void)
{
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntOcspRequest) request = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize size;
  const char *number;

  certificate = load_sat_certificate ("certs-only/prod-fiel-moral-IPN811229H26-00001000000512237804.cer");
  if (certificate == NULL)
    return;

  /* The issuer comes from the bundled SAT CAs. */
  request = vnt_ocsp_request_new (certificate, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);
  g_assert_nonnull (vnt_ocsp_request_get_issuer (request));
  g_assert_true (vnt_certificate_is_ca (vnt_ocsp_request_get_issuer (request)));
  g_assert_true (vnt_ocsp_request_get_certificate (request) == certificate);

  der = vnt_ocsp_request_get_der (request);
  data = g_bytes_get_data (der, &size);
  g_assert_cmpuint (size, >, 40);
  g_assert_cmpuint (data[0], ==, 0x30);

  /* The CertID carries the serial: SAT's number as ASCII digits. */
  number = vnt_certificate_get_number (certificate);
  g_assert_cmpstr (number, ==, "00001000000512237804");
  g_assert_true (contains (data, size, number));
}

/* Two requests for the same certificate differ: each has its own nonce. */
static void
test_requests_have_fresh_nonces (void)
{
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntOcspRequest) a = NULL;
  g_autoptr(VntOcspRequest) b = NULL;
  g_autoptr(GBytes) der_a = NULL;
  g_autoptr(GBytes) der_b = NULL;

  certificate = load_sat_certificate ("certs-only/prod-fiel-moral-IPN811229H26-00001000000512237804.cer");
  if (certificate == NULL)
    return;

  a = vnt_ocsp_request_new (certificate, NULL, NULL);
  b = vnt_ocsp_request_new (certificate, NULL, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  der_a = vnt_ocsp_request_get_der (a);
  der_b = vnt_ocsp_request_get_der (b);
  g_assert_cmpuint (g_bytes_get_size (der_a), ==, g_bytes_get_size (der_b));
  g_assert_false (g_bytes_equal (der_a, der_b));
}

/* SAT's test CAs are not published: no issuer, no request. */
static void
test_request_without_issuer (void)
{
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntOcspRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  certificate = load_sat_certificate ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  if (certificate == NULL)
    return;

  request = vnt_ocsp_request_new (certificate, NULL, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNTRUSTED_CHAIN);
  g_assert_null (request);
}

/* The answer to a request about another certificate is not taken. */
static void
test_response_for_another_certificate (void)
{
  g_autoptr(GBytes) response = load_sat_file ("ocsp/ocsp-response-revoked.der");
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntOcspRequest) request = NULL;
  g_autoptr(VntOcspResult) result = NULL;

  certificate = load_sat_certificate ("certs-only/prod-fiel-moral-IPN811229H26-00001000000512237804.cer");
  if (certificate == NULL || response == NULL)
    return;

  request = vnt_ocsp_request_new (certificate, NULL, NULL);
  g_assert_nonnull (request);

  result = vnt_ocsp_request_read_response (request, response, NULL, NULL);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
  g_assert_cmpint (vnt_ocsp_result_get_failure (result), ==, VNT_OCSP_FAILURE_MISMATCH);
}

static void
test_unavailable_is_never_good (void)
{
  for (guint f = VNT_OCSP_FAILURE_NONE; f <= VNT_OCSP_FAILURE_TIMEOUT; f++)
    {
      g_autoptr(VntOcspResult) result = vnt_ocsp_result_new_unavailable (f);

      g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
      g_assert_cmpint (vnt_ocsp_result_get_failure (result), !=, VNT_OCSP_FAILURE_NONE);
      g_assert_nonnull (vnt_ocsp_result_get_message (result));
      if (f != VNT_OCSP_FAILURE_NONE)
        g_assert_cmpstr (vnt_ocsp_failure_to_string (f), !=, "none");
    }
}

static void
test_messages_in_spanish (void)
{
  g_autoptr(VntOcspResult) unreachable = NULL;
  g_autoptr(GBytes) response = NULL;

  vnt_test_use_spanish ();

  unreachable = vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_UNREACHABLE);
  g_assert_nonnull (strstr (vnt_ocsp_result_get_message (unreachable), "No se pudo"));

  response = load_sat_file ("ocsp/ocsp-response-revoked.der");
  if (response != NULL)
    {
      g_autoptr(VntOcspResult) revoked = vnt_ocsp_response_read (response, NULL, NULL);

      g_assert_nonnull (strstr (vnt_ocsp_result_get_message (revoked), "revocó"));
      g_assert_nonnull (strstr (vnt_ocsp_result_get_message (revoked), "2022-11-01"));
    }
}

int
main (int    argc,
      char **argv)
{
  /* Gettext reads LANGUAGE only once a locale is set. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/crypto/ocsp/revoked-response", test_revoked_response);
  g_test_add_func ("/crypto/ocsp/try-later-response", test_try_later_response);
  g_test_add_func ("/crypto/ocsp/untrusted-responder", test_untrusted_responder);
  g_test_add_func ("/crypto/ocsp/tampered-response", test_tampered_response);
  g_test_add_func ("/crypto/ocsp/garbage-and-truncated", test_garbage_and_truncated);
  g_test_add_func ("/crypto/ocsp/request-for-production-certificate", test_request_for_production_certificate);
  g_test_add_func ("/crypto/ocsp/requests-have-fresh-nonces", test_requests_have_fresh_nonces);
  g_test_add_func ("/crypto/ocsp/request-without-issuer", test_request_without_issuer);
  g_test_add_func ("/crypto/ocsp/response-for-another-certificate", test_response_for_another_certificate);
  g_test_add_func ("/crypto/ocsp/unavailable-is-never-good", test_unavailable_is_never_good);
  g_test_add_func ("/crypto/ocsp/messages-in-spanish", test_messages_in_spanish);

  return g_test_run ();
}
