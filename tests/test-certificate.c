/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/resource.h>

#include "crypto/vnt-certificate-private.h"
#include "crypto/vnt-crypto.h"
#include "vnt-test-utils.h"

/* A fixed "today" keeps days-left independent of the day the tests run. */
#define NOW "2026-11-22T00:00:00Z"

static GDateTime *
parse_manifest_time (const char *text)
{
  g_autofree char *iso = NULL;
  GDateTime *time;

  /* The SAT manifest writes "2023-05-18 04:37:14 UTC"; the fixtures ISO 8601. */
  if (g_str_has_suffix (text, " UTC"))
    {
      iso = g_strdup_printf ("%.*sZ", (int) strlen (text) - 4, text);
      iso[10] = 'T';
    }
  else
    {
      iso = g_strdup (text);
    }

  time = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (time);
  return time;
}

static void
assert_same_time (GDateTime  *actual,
                  const char *expected_text)
{
  g_autoptr(GDateTime) expected = parse_manifest_time (expected_text);

  g_assert_nonnull (actual);
  g_assert_cmpint (g_date_time_to_unix (actual), ==, g_date_time_to_unix (expected));
}

static char *
ascii_hex (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_printf (out, "%02x", (guint8) *p);

  return g_string_free (out, FALSE);
}

static char *
strip_dup (const char *text)
{
  char *copy = g_strstrip (g_strdup (text));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

/* Never a GnuTLS-style escape ("#13…", "\#d1…", "\ / CURP"). */
static void
assert_not_escaped (const char *value)
{
  if (value == NULL)
    return;

  g_assert_true (g_utf8_validate (value, -1, NULL));
  g_assert_null (strchr (value, '\\'));
  g_assert_false (value[0] == '#');
  g_assert_null (strstr (value, "=#"));
}

static VntCertificate *
open_sat (const char *relative)
{
  g_autofree char *path = vnt_test_sat_path (relative);
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  if (path == NULL)
    return NULL;

  certificate = vnt_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);

  return certificate;
}

static gboolean
type_is_ca (const char *type)
{
  return strstr (type, "CA") != NULL;
}

/* Compares a certificate with its manifest.json entry (pairs, certs_only
 * and ca entries share most keys). */
static void
assert_manifest_facts (VntCertificate *certificate,
                       JsonObject     *entry)
{
  const char *type = json_object_get_string_member (entry, "type");
  const char *name = json_object_has_member (entry, "name")
                     ? json_object_get_string_member (entry, "name")
                     : json_object_get_string_member (entry, "subject_cn");
  const char *key = json_object_has_member (entry, "key_algorithm")
                    ? json_object_get_string_member (entry, "key_algorithm")
                    : json_object_get_string_member (entry, "key");
  const char *serial = json_object_get_string_member (entry, "sat_serial");
  g_autofree char *serial_hex = ascii_hex (serial);
  g_autofree char *expected_key = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(GDateTime) not_after = NULL;
  GTimeSpan span;
  int expected_days;

  g_assert_cmpstr (vnt_certificate_get_name (certificate), ==, name);
  g_assert_cmpstr (vnt_certificate_get_number (certificate), ==, serial);
  g_assert_cmpstr (vnt_certificate_get_serial_hex (certificate), ==, serial_hex);
  assert_same_time (vnt_certificate_get_not_before (certificate),
                    json_object_get_string_member (entry, "not_before"));
  assert_same_time (vnt_certificate_get_not_after (certificate),
                    json_object_get_string_member (entry, "not_after"));
  g_assert_cmpstr (vnt_certificate_get_issuer_name (certificate), ==,
                   json_object_get_string_member (entry, "issuer_cn"));

  expected_key = g_strdup_printf ("%s %u", vnt_certificate_get_key_algorithm (certificate),
                                  vnt_certificate_get_key_bits (certificate));
  g_assert_cmpstr (expected_key, ==, key);

  not_after = parse_manifest_time (json_object_get_string_member (entry, "not_after"));
  span = g_date_time_difference (not_after, now);
  expected_days = (int) (span >= 0 ? span / G_TIME_SPAN_DAY : -((-span + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY));
  g_assert_cmpint (vnt_certificate_get_days_left (certificate, now), ==, expected_days);

  if (g_str_equal (type, "FIEL"))
    g_assert_cmpint (vnt_certificate_get_kind (certificate), ==, VNT_CERTIFICATE_KIND_EFIRMA);
  else if (g_str_equal (type, "CSD"))
    g_assert_cmpint (vnt_certificate_get_kind (certificate), ==, VNT_CERTIFICATE_KIND_CSD);
  else
    g_assert_cmpint (vnt_certificate_get_kind (certificate), ==, VNT_CERTIFICATE_KIND_OTHER);
  g_assert_false (vnt_certificate_get_kind_disagreement (certificate));

  g_assert_cmpint (vnt_certificate_is_ca (certificate), ==, type_is_ca (type));

  if (json_object_has_member (entry, "persona"))
    {
      const char *persona = json_object_get_string_member (entry, "persona");

      g_assert_cmpint (vnt_certificate_get_persona (certificate), ==,
                       g_str_equal (persona, "moral") ? VNT_PERSONA_MORAL : VNT_PERSONA_FISICA);
    }

  if (json_object_has_member (entry, "rfc_field"))
    {
      const char *rfc_field = json_object_get_string_member (entry, "rfc_field");
      const char *curp_field = json_object_get_string_member (entry, "curp_field");
      const char *rfc_slash = strchr (rfc_field, '/');

      if (rfc_slash != NULL)
        {
          g_autofree char *company_part = g_strndup (rfc_field, rfc_slash - rfc_field);
          g_autofree char *company = strip_dup (company_part);
          g_autofree char *representative = strip_dup (rfc_slash + 1);
          g_autofree char *representative_curp = strip_dup (strchr (curp_field, '/') + 1);

          g_assert_cmpstr (vnt_certificate_get_rfc (certificate), ==, company);
          g_assert_null (vnt_certificate_get_curp (certificate));
          g_assert_cmpstr (vnt_certificate_get_representative_rfc (certificate), ==, representative);
          g_assert_cmpstr (vnt_certificate_get_representative_curp (certificate), ==, representative_curp);
          g_assert_cmpint (vnt_certificate_get_persona (certificate), ==, VNT_PERSONA_MORAL);
        }
      else
        {
          g_assert_cmpstr (vnt_certificate_get_rfc (certificate), ==, rfc_field);
          g_assert_cmpstr (vnt_certificate_get_curp (certificate), ==, curp_field);
          g_assert_null (vnt_certificate_get_representative_rfc (certificate));
          g_assert_null (vnt_certificate_get_representative_curp (certificate));
        }
    }

  if (json_object_has_member (entry, "rfc"))
    g_assert_cmpstr (vnt_certificate_get_rfc (certificate), ==, json_object_get_string_member (entry, "rfc"));

  if (json_object_has_member (entry, "ou"))
    {
      g_autofree char *ou = strip_dup (json_object_get_string_member (entry, "ou"));

      g_assert_cmpstr (vnt_certificate_get_organizational_unit (certificate), ==, ou);
    }
  else if (g_str_equal (type, "CSD"))
    {
      /* certs_only lists the OU in its notes only; a CSD always has one. */
      g_assert_nonnull (vnt_certificate_get_organizational_unit (certificate));
    }

  if (json_object_has_member (entry, "cert_sha256"))
    g_assert_cmpstr (vnt_certificate_get_sha256 (certificate), ==,
                     json_object_get_string_member (entry, "cert_sha256"));

  assert_not_escaped (vnt_certificate_get_name (certificate));
  assert_not_escaped (vnt_certificate_get_rfc (certificate));
  assert_not_escaped (vnt_certificate_get_curp (certificate));
  assert_not_escaped (vnt_certificate_get_organizational_unit (certificate));
  assert_not_escaped (vnt_certificate_get_issuer_name (certificate));
  assert_not_escaped (vnt_certificate_get_subject_dn (certificate));
  assert_not_escaped (vnt_certificate_get_issuer_dn (certificate));
  g_assert_nonnull (strstr (vnt_certificate_get_issuer_dn (certificate),
                           vnt_certificate_get_issuer_name (certificate)));
}

static void
test_manifest_entry (gconstpointer data)
{
  JsonObject *entry = (JsonObject *) data;
  const char *file = json_object_has_member (entry, "cer")
                     ? json_object_get_string_member (entry, "cer")
                     : json_object_get_string_member (entry, "file");
  g_autoptr(VntCertificate) certificate = open_sat (file);

  if (certificate == NULL)
    return;

  assert_manifest_facts (certificate, entry);
}

static JsonObject *
find_pair (const char *cer)
{
  JsonArray *pairs = json_object_get_array_member (vnt_test_sat_manifest (), "pairs");

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);

      if (g_str_equal (json_object_get_string_member (pair, "cer"), cer))
        return pair;
    }

  g_assert_not_reached ();
}

/* Variants: a PEM certificate is the same certificate as its DER; keys,
 * PKCS#12 and bare public keys are not certificates. */
static void
test_variant (gconstpointer data)
{
  JsonObject *entry = (JsonObject *) data;
  const char *file = json_object_get_string_member (entry, "file");
  const char *kind = json_object_get_string_member (entry, "kind");
  const char *belongs_to = json_object_get_string_member (entry, "belongs_to");
  g_autofree char *path = vnt_test_sat_path (file);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  certificate = vnt_certificate_new_from_file (path, &error);

  if (g_str_has_prefix (kind, "certificate PEM") || g_str_has_prefix (kind, "PEM bundle"))
    {
      g_autoptr(VntCertificate) der = open_sat (belongs_to);

      g_assert_no_error (error);
      g_assert_true (vnt_certificate_equal (certificate, der));
      g_assert_cmpstr (vnt_certificate_get_sha256 (certificate), ==, vnt_certificate_get_sha256 (der));
      assert_manifest_facts (certificate, find_pair (belongs_to));
    }
  else
    {
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
      g_assert_null (certificate);
    }
}

static void
test_not_certificates (void)
{
  const char *files[] = {
    "key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225.key",
    "key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225s.req",
    "key-only/Claveprivada_FIEL_IANL750210963_20221120_004433.key",
    "key-only/Requerimiento_FIEL_IANL750210963_20221120_004433.req",
    "ocsp/ocsp-response-revoked.der",
    "ocsp/ocsp-response-tryLater.der",
    "fiel/fiel-fisica-KAHO641101B39.key",
    "csd/csd-moral-EKU9003173C9-30001000000500003416.key",
    "README.md",
    "manifest.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = vnt_test_sat_path (files[i]);
      g_autoptr(VntCertificate) certificate = NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        return;

      g_test_message ("%s", files[i]);
      certificate = vnt_certificate_new_from_file (path, &error);
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
      g_assert_null (certificate);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_key_message (void)
{
  g_autofree char *path = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) garbage_error = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("hello, this is not a certificate\n", 33);

  if (path == NULL)
    return;

  /* A key chosen by mistake gets a message that names the mistake. */
  certificate = vnt_certificate_new_from_file (path, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
  g_assert_null (vnt_certificate_new_from_bytes (garbage, &garbage_error));
  g_assert_error (garbage_error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
  g_assert_cmpstr (error->message, !=, garbage_error->message);
}

static GBytes *
sat_bytes (const char *relative)
{
  g_autofree char *path = vnt_test_sat_path (relative);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (path == NULL)
    return NULL;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static void
test_truncated_der (void)
{
  g_autoptr(GBytes) whole = sat_bytes ("fiel/fiel-moral-ZUN920208KL4.cer");
  gsize len;
  const guint8 *data;

  if (whole == NULL)
    return;

  data = g_bytes_get_data (whole, &len);

  /* Cut anywhere past the first few bytes: damaged, not "not a certificate". */
  for (gsize cut = 16; cut < len; cut += 97)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      g_autoptr(VntCertificate) certificate = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, cut, len);
      certificate = vnt_certificate_new_from_bytes (part, &error);
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE);
      g_assert_null (certificate);
    }

  {
    g_autoptr(GBytes) one_short = g_bytes_new (data, len - 1);
    g_autoptr(GError) error = NULL;

    g_assert_null (vnt_certificate_new_from_bytes (one_short, &error));
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE);
  }
}

static void
test_truncated_pem (void)
{
  g_autoptr(GBytes) whole = sat_bytes ("variants/AAA010101AAA-CSD01-certificate.cer.pem");
  g_autoptr(GBytes) half = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data;

  if (whole == NULL)
    return;

  data = g_bytes_get_data (whole, &len);
  half = g_bytes_new (data, len / 2);

  g_assert_null (vnt_certificate_new_from_bytes (half, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE);
}

static void
test_garbage (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  guint8 noise[2048];
  guint32 state = 12345;
  g_autoptr(GError) error = NULL;

  g_assert_null (vnt_certificate_new_from_bytes (empty, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
  g_clear_error (&error);

  for (guint round = 0; round < 16; round++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(VntCertificate) certificate = NULL;

      for (gsize i = 0; i < sizeof noise; i++)
        {
          state = state * 1103515245 + 12345;
          noise[i] = state >> 16;
        }
      /* Half the rounds start like DER, to get past the first check. */
      if (round % 2 == 1)
        noise[0] = 0x30;

      bytes = g_bytes_new (noise, sizeof noise);
      certificate = vnt_certificate_new_from_bytes (bytes, &error);
      g_assert_null (certificate);
      g_assert_nonnull (error);
      g_assert_true (error->domain == VNT_CRYPTO_ERROR);
      g_assert_true (error->code == VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE ||
                     error->code == VNT_CRYPTO_ERROR_DAMAGED_FILE);
      g_clear_error (&error);
    }
}

static void
test_lenient_forms (void)
{
  g_autoptr(GBytes) der = sat_bytes ("csd/csd-moral-H_E951128469.cer");
  g_autoptr(VntCertificate) reference = NULL;
  g_autoptr(GByteArray) trailing = NULL;
  g_autoptr(GBytes) trailing_bytes = NULL;
  g_autoptr(VntCertificate) from_trailing = NULL;
  g_autofree char *base64 = NULL;
  g_autoptr(GBytes) base64_bytes = NULL;
  g_autoptr(VntCertificate) from_base64 = NULL;
  g_autoptr(GError) error = NULL;

  if (der == NULL)
    return;

  reference = vnt_certificate_new_from_bytes (der, &error);
  g_assert_no_error (error);

  /* A stray newline after the DER. */
  trailing = g_byte_array_new ();
  g_byte_array_append (trailing, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_byte_array_append (trailing, (const guint8 *) "\r\n", 2);
  trailing_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&trailing));
  from_trailing = vnt_certificate_new_from_bytes (trailing_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (from_trailing, reference));

  /* Base64 with no PEM armour, as a CFDI carries it. */
  base64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  base64_bytes = g_bytes_new (base64, strlen (base64));
  from_base64 = vnt_certificate_new_from_bytes (base64_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (from_base64, reference));
  g_assert_true (g_bytes_equal (vnt_certificate_get_der (from_base64), der));
}

static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "vnt-no-such-dir", "missing.cer", NULL);

  g_assert_null (vnt_certificate_new_from_file (missing, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
  g_clear_error (&error);

  g_assert_null (vnt_certificate_new_from_file (g_get_tmp_dir (), &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
}

/* A device has no size to check first: reading it whole never ended. */
static void
test_device (void)
{
#if defined(__SANITIZE_ADDRESS__)
  /* ASan reserves terabytes of address space at start: under a limit of
   * 512 MB it cannot start at all. The sanitizer pass skips this one. */
  g_test_skip ("RLIMIT_AS cannot be set under AddressSanitizer");
  return;
#endif

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 512 * 1024 * 1024, 512 * 1024 * 1024 };

      /* Fail fast, not by filling the machine, if it reads on. */
      setrlimit (RLIMIT_AS, &limit);
      g_assert_null (vnt_certificate_new_from_file ("/dev/zero", &error));
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_email_and_names (void)
{
  g_autoptr(VntCertificate) fiel = open_sat ("fiel/fiel-fisica-RAQN7701212M3.cer");
  g_autoptr(VntCertificate) ca = NULL;

  if (fiel == NULL)
    return;

  g_assert_cmpstr (vnt_certificate_get_email (fiel), ==, "pruebas.sat@pruebas.gob.mx");
  g_assert_cmpstr (vnt_certificate_get_key_algorithm (fiel), ==, "RSA");
  g_assert_true (g_str_has_prefix (vnt_certificate_get_subject_dn (fiel), "CN=ÑEVES RAMIREZ QUEZADA, "));
  g_assert_true (g_str_has_prefix (vnt_certificate_get_issuer_dn (fiel), "CN=AC UAT, "));
  g_assert_false (vnt_certificate_is_self_issued (fiel));

  /* The OCSP responder writes UTF-8 inside T61String. */
  ca = open_sat ("ca/prod/ocsp.ac4_sat.cer");
  g_assert_cmpstr (vnt_certificate_get_organizational_unit (ca), ==, "Seguridad de la Información");
  g_assert_cmpint (vnt_certificate_get_persona (ca), ==, VNT_PERSONA_UNKNOWN);
  g_assert_null (vnt_certificate_get_rfc (ca));
}

static void
test_self_issued (void)
{
  JsonArray *cas;

  if (vnt_test_sat_manifest () == NULL)
    return;

  cas = json_object_get_array_member (vnt_test_sat_manifest (), "ca");
  for (guint i = 0; i < json_array_get_length (cas); i++)
    {
      JsonObject *entry = json_array_get_object_element (cas, i);
      const char *file = json_object_get_string_member (entry, "file");
      const char *subject = json_object_get_string_member (entry, "subject_cn");
      const char *issuer = json_object_get_string_member (entry, "issuer_cn");
      g_autoptr(VntCertificate) certificate = open_sat (file);
      gboolean expected = g_str_equal (subject, issuer);

      /* The README: Banxico-root-0003's issuer DN has an extra emailAddress. */
      if (strstr (file, "Banxico-root-0003") != NULL)
        expected = FALSE;

      g_test_message ("%s", file);
      g_assert_cmpint (vnt_certificate_is_self_issued (certificate), ==, expected);
    }
}

static void
test_days_left (void)
{
  g_autoptr(VntCertificate) certificate = open_sat ("certs-only/prod-csd-moral-SAT970701NN3-00001000000708361114.cer");
  GDateTime *not_after;
  g_autoptr(GDateTime) just_before = NULL;
  g_autoptr(GDateTime) just_after = NULL;
  g_autoptr(GDateTime) day_after = NULL;

  if (certificate == NULL)
    return;

  not_after = vnt_certificate_get_not_after (certificate);
  just_before = g_date_time_add_seconds (not_after, -1);
  just_after = g_date_time_add_seconds (not_after, 1);
  day_after = g_date_time_add_days (not_after, 1);

  g_assert_cmpint (vnt_certificate_get_days_left (certificate, not_after), ==, 0);
  g_assert_cmpint (vnt_certificate_get_days_left (certificate, just_before), ==, 0);
  g_assert_cmpint (vnt_certificate_get_days_left (certificate, just_after), ==, -1);
  g_assert_cmpint (vnt_certificate_get_days_left (certificate, day_after), ==, -1);
}

static void
test_from_file (void)
{
  g_autofree char *path = vnt_test_sat_path ("fiel/fiel-moral-ZUN920208KL4.cer");
  g_autofree char *key_path = vnt_test_sat_path ("fiel/fiel-moral-ZUN920208KL4.key");
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL || key_path == NULL)
    return;

  certificate = vnt_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_certificate_get_rfc (certificate), ==, "ZUÑ920208KL4");

  g_assert_null (vnt_certificate_new_from_file (key_path, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
}

static void
test_take_gnutls (void)
{
  g_autoptr(VntCertificate) original = open_sat ("csd/csd-fisica-XOJI740919U48.cer");
  g_autoptr(VntCertificate) copy = NULL;
  g_autoptr(GError) error = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t der;
  gsize len;

  if (original == NULL)
    return;

  der.data = (unsigned char *) g_bytes_get_data (vnt_certificate_get_der (original), &len);
  der.size = len;
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &der, GNUTLS_X509_FMT_DER), ==, 0);

  copy = vnt_certificate_new_take_gnutls (crt, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vnt_certificate_get_gnutls (copy));
  g_assert_true (vnt_certificate_equal (copy, original));
  g_assert_cmpstr (vnt_certificate_get_organizational_unit (copy), ==, "INDRID XODAR JIMENEZ");
}

static void
test_strings (void)
{
  g_assert_cmpstr (vnt_certificate_kind_to_string (VNT_CERTIFICATE_KIND_EFIRMA), ==, "efirma");
  g_assert_cmpstr (vnt_certificate_kind_to_string (VNT_CERTIFICATE_KIND_CSD), ==, "csd");
  g_assert_cmpstr (vnt_certificate_kind_to_string (VNT_CERTIFICATE_KIND_OTHER), ==, "other");
  g_assert_cmpstr (vnt_persona_to_string (VNT_PERSONA_FISICA), ==, "fisica");
  g_assert_cmpstr (vnt_persona_to_string (VNT_PERSONA_MORAL), ==, "moral");
}

/* The generated fixtures (tests/fixtures/make-fixtures.sh): certificates
 * the SAT set lacks, with the facts listed in their fixtures.json. */
static JsonObject *
load_fixtures (JsonParser *parser)
{
  g_autofree char *path = vnt_test_fixture_path ("fixtures.json");
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("generated fixtures are missing (certtool not installed?)");
      return NULL;
    }

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
optional_string (JsonObject *object,
                 const char *member)
{
  if (!json_object_has_member (object, member) || json_object_get_null_member (object, member))
    return NULL;

  return json_object_get_string_member (object, member);
}

static void
test_fixtures (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *fixtures = load_fixtures (parser);
  JsonArray *certificates;
  JsonArray *rejected;

  if (fixtures == NULL)
    return;

  certificates = json_object_get_array_member (fixtures, "certificates");
  for (guint i = 0; i < json_array_get_length (certificates); i++)
    {
      JsonObject *entry = json_array_get_object_element (certificates, i);
      const char *file = json_object_get_string_member (entry, "file");
      g_autofree char *path = vnt_test_fixture_path (file);
      g_autoptr(VntCertificate) certificate = NULL;
      g_autoptr(GError) error = NULL;
      const char *kind = optional_string (entry, "kind");

      g_test_message ("%s", file);
      certificate = vnt_certificate_new_from_file (path, &error);
      g_assert_no_error (error);

      g_assert_cmpstr (vnt_persona_to_string (vnt_certificate_get_persona (certificate)), ==,
                       optional_string (entry, "persona"));
      g_assert_cmpstr (vnt_certificate_get_rfc (certificate), ==, optional_string (entry, "rfc"));
      g_assert_cmpstr (vnt_certificate_get_curp (certificate), ==, optional_string (entry, "curp"));
      g_assert_cmpstr (vnt_certificate_get_representative_rfc (certificate), ==,
                       optional_string (entry, "representative_rfc"));
      g_assert_cmpstr (vnt_certificate_get_representative_curp (certificate), ==,
                       optional_string (entry, "representative_curp"));
      g_assert_cmpstr (vnt_certificate_get_name (certificate), ==, optional_string (entry, "name"));
      g_assert_cmpstr (vnt_certificate_get_email (certificate), ==, optional_string (entry, "email"));
      g_assert_cmpstr (vnt_certificate_get_organizational_unit (certificate), ==, optional_string (entry, "ou"));
      g_assert_cmpstr (vnt_certificate_get_number (certificate), ==,
                       optional_string (entry, "certificate_number"));
      assert_same_time (vnt_certificate_get_not_before (certificate), optional_string (entry, "not_before"));
      assert_same_time (vnt_certificate_get_not_after (certificate), optional_string (entry, "not_after"));
      g_assert_cmpint (vnt_certificate_get_key_bits (certificate), ==,
                       json_object_get_int_member (entry, "key_bits"));
      if (kind != NULL)
        g_assert_cmpstr (vnt_certificate_kind_to_string (vnt_certificate_get_kind (certificate)), ==, kind);
      g_assert_cmpint (vnt_certificate_get_kind_disagreement (certificate), ==,
                       json_object_get_boolean_member (entry, "kind_disagreement"));
      g_assert_cmpstr (vnt_certificate_get_issuer_name (certificate), ==, optional_string (entry, "issuer"));
      g_assert_cmpint (vnt_certificate_is_self_issued (certificate), ==,
                       json_object_get_boolean_member (entry, "self_signed"));
    }

  rejected = json_object_get_array_member (fixtures, "rejected");
  for (guint i = 0; i < json_array_get_length (rejected); i++)
    {
      JsonObject *entry = json_array_get_object_element (rejected, i);
      const char *file = json_object_get_string_member (entry, "file");
      JsonArray *errors = json_object_get_array_member (entry, "errors");
      g_autofree char *path = NULL;
      g_autoptr(VntCertificate) certificate = NULL;
      g_autoptr(GError) error = NULL;
      gboolean listed = FALSE;

      if (!g_str_equal (json_object_get_string_member (entry, "open_as"), "certificate"))
        continue;

      g_test_message ("%s", file);
      path = vnt_test_fixture_path (file);
      certificate = vnt_certificate_new_from_file (path, &error);
      g_assert_null (certificate);
      g_assert_nonnull (error);
      g_assert_true (error->domain == VNT_CRYPTO_ERROR);

      for (guint k = 0; k < json_array_get_length (errors); k++)
        listed |= g_str_equal (json_array_get_string_element (errors, k),
                               vnt_crypto_error_code_to_string (error->code));
      g_assert_true (listed);
    }
}

static void
add_manifest_tests (const char *section,
                    const char *file_member)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *entries = json_object_get_array_member (manifest, section);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autofree char *base = g_path_get_basename (json_object_get_string_member (entry, file_member));
      g_autofree char *test_path = g_strdup_printf ("/crypto/certificate/%s/%s", section, base);

      if (g_str_equal (section, "variants"))
        g_test_add_data_func (test_path, entry, test_variant);
      else
        g_test_add_data_func (test_path, entry, test_manifest_entry);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *testdata;
  g_autofree char *manifest_path = NULL;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  testdata = g_getenv ("VENTANILLA_TESTDATA");
  manifest_path = testdata != NULL ? g_build_filename (testdata, "manifest.json", NULL) : NULL;
  if (manifest_path != NULL && g_file_test (manifest_path, G_FILE_TEST_EXISTS))
    {
      add_manifest_tests ("pairs", "cer");
      add_manifest_tests ("certs_only", "file");
      add_manifest_tests ("ca", "file");
      add_manifest_tests ("variants", "file");
    }

  g_test_add_func ("/crypto/certificate/not-certificates", test_not_certificates);
  g_test_add_func ("/crypto/certificate/key-message", test_key_message);
  g_test_add_func ("/crypto/certificate/truncated-der", test_truncated_der);
  g_test_add_func ("/crypto/certificate/truncated-pem", test_truncated_pem);
  g_test_add_func ("/crypto/certificate/garbage", test_garbage);
  g_test_add_func ("/crypto/certificate/lenient-forms", test_lenient_forms);
  g_test_add_func ("/crypto/certificate/unreadable", test_unreadable);
  g_test_add_func ("/crypto/certificate/device", test_device);
  g_test_add_func ("/crypto/certificate/email-and-names", test_email_and_names);
  g_test_add_func ("/crypto/certificate/self-issued", test_self_issued);
  g_test_add_func ("/crypto/certificate/days-left", test_days_left);
  g_test_add_func ("/crypto/certificate/from-file", test_from_file);
  g_test_add_func ("/crypto/certificate/take-gnutls", test_take_gnutls);
  g_test_add_func ("/crypto/certificate/strings", test_strings);
  g_test_add_func ("/crypto/certificate/fixtures", test_fixtures);

  return g_test_run ();
}
