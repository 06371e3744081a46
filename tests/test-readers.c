/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The password-free readers behind `efirma inspect`: the DER walker, the
 * file-type sniffer, the private-key describer and the PKCS#10 reader. */
#include "config.h"

#include <string.h>

#include "crypto/vnt-crypto.h"
#include "crypto/vnt-csr.h"
#include "crypto/vnt-der.h"
#include "crypto/vnt-file-type.h"
#include "crypto/vnt-key-info.h"
#include "crypto/vnt-private-key.h"
#include "vnt-test-utils.h"

static GBytes *
read_sat (const char *relative)
{
  g_autofree char *path = vnt_test_sat_path (relative);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* ---- DER ---- */

static void
test_der_walker (void)
{
  /* SEQUENCE { OID 1.2.840.113549.1.5.13, INTEGER 2048 } */
  static const guint8 good[] = {
    0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d,
    0x02, 0x02, 0x08, 0x00,
  };
  static const guint8 long_form[] = { 0x04, 0x81, 0x02, 0xaa, 0xbb };
  static const guint8 too_long[] = { 0x30, 0x05, 0x02, 0x01 };
  static const guint8 indefinite[] = { 0x30, 0x80, 0x00, 0x00 };
  static const guint8 huge[] = { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00 };
  static const guint8 high_tag[] = { 0x1f, 0x81, 0x00, 0x00 };
  VntDerCursor cursor, inner;
  VntDer der, oid, integer;
  g_autofree char *dotted = NULL;
  guint64 value = 0;

  vnt_der_cursor_init (&cursor, good, sizeof good);
  g_assert_true (vnt_der_expect (&cursor, VNT_DER_SEQUENCE, &der));
  g_assert_cmpuint (der.raw_len, ==, sizeof good);
  g_assert_false (vnt_der_next (&cursor, &der));

  vnt_der_enter (&der, &inner);
  g_assert_false (vnt_der_expect (&inner, VNT_DER_INTEGER, &integer));
  g_assert_true (vnt_der_expect (&inner, VNT_DER_OID, &oid));
  dotted = vnt_der_oid_to_string (&oid);
  g_assert_cmpstr (dotted, ==, "1.2.840.113549.1.5.13");
  g_assert_true (vnt_der_oid_equal (&oid, "1.2.840.113549.1.5.13"));
  g_assert_false (vnt_der_oid_equal (&oid, "1.2.840.113549.1.5.12"));
  g_assert_true (vnt_der_expect (&inner, VNT_DER_INTEGER, &integer));
  g_assert_true (vnt_der_get_uint (&integer, &value));
  g_assert_cmpuint (value, ==, 2048);

  vnt_der_cursor_init (&cursor, long_form, sizeof long_form);
  g_assert_true (vnt_der_next (&cursor, &der));
  g_assert_cmpuint (der.len, ==, 2);

  /* Lengths past the end, BER indefinite lengths, absurd lengths and
   * multi-octet tags are all refused, never read past the buffer. */
  vnt_der_cursor_init (&cursor, too_long, sizeof too_long);
  g_assert_false (vnt_der_next (&cursor, &der));
  vnt_der_cursor_init (&cursor, indefinite, sizeof indefinite);
  g_assert_false (vnt_der_next (&cursor, &der));
  vnt_der_cursor_init (&cursor, huge, sizeof huge);
  g_assert_false (vnt_der_next (&cursor, &der));
  vnt_der_cursor_init (&cursor, high_tag, sizeof high_tag);
  g_assert_false (vnt_der_next (&cursor, &der));
  for (gsize n = 0; n < sizeof good; n++)
    {
      vnt_der_cursor_init (&cursor, good, n);
      g_assert_false (vnt_der_next (&cursor, &der));
    }
}

/* ---- File types ---- */

static void
assert_type (const char  *relative,
             VntFileType  expected)
{
  g_autoptr(GBytes) data = read_sat (relative);

  g_test_message ("%s", relative);
  g_assert_cmpstr (vnt_file_type_to_string (vnt_file_type_guess (data)), ==, vnt_file_type_to_string (expected));
}

static void
test_file_types (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *array;
  static const guint8 junk[] = "\x30\x03\x02\x01";
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) truncated = g_bytes_new_static (junk, 4);

  if (manifest == NULL)
    return;

  array = json_object_get_array_member (manifest, "pairs");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *pair = json_array_get_object_element (array, i);

      assert_type (json_object_get_string_member (pair, "cer"), VNT_FILE_TYPE_CERTIFICATE);
      assert_type (json_object_get_string_member (pair, "key"), VNT_FILE_TYPE_PRIVATE_KEY);
    }

  array = json_object_get_array_member (manifest, "certs_only");
  for (guint i = 0; i < json_array_get_length (array); i++)
    assert_type (json_object_get_string_member (json_array_get_object_element (array, i), "file"),
                 VNT_FILE_TYPE_CERTIFICATE);

  /* CA certificates, DER or PEM whatever their extension, some v1. */
  array = json_object_get_array_member (manifest, "ca");
  for (guint i = 0; i < json_array_get_length (array); i++)
    assert_type (json_object_get_string_member (json_array_get_object_element (array, i), "file"),
                 VNT_FILE_TYPE_CERTIFICATE);

  array = json_object_get_array_member (manifest, "key_only");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      assert_type (json_object_get_string_member (entry, "key"), VNT_FILE_TYPE_PRIVATE_KEY);
      assert_type (json_object_get_string_member (entry, "csr"), VNT_FILE_TYPE_REQUEST);
    }

  array = json_object_get_array_member (manifest, "variants");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *variant = json_array_get_object_element (array, i);
      const char *kind = json_object_get_string_member (variant, "kind");
      VntFileType expected = VNT_FILE_TYPE_UNKNOWN;

      if (g_str_has_prefix (kind, "PKCS#12"))
        expected = VNT_FILE_TYPE_PKCS12;
      else if (g_str_has_prefix (kind, "certificate") || g_str_has_prefix (kind, "PEM bundle"))
        expected = VNT_FILE_TYPE_CERTIFICATE;
      else if (strstr (kind, "PRIVATE KEY") != NULL || strstr (kind, "PrivateKeyInfo") != NULL)
        expected = VNT_FILE_TYPE_PRIVATE_KEY;
      assert_type (json_object_get_string_member (variant, "file"), expected);
    }

  assert_type ("ocsp/ocsp-response-revoked.der", VNT_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (vnt_file_type_guess (empty), ==, VNT_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (vnt_file_type_guess (text), ==, VNT_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (vnt_file_type_guess (truncated), ==, VNT_FILE_TYPE_UNKNOWN);
}

/* ---- Key info ---- */

static void
test_key_info_sat_keys (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *pairs;

  if (manifest == NULL)
    return;

  pairs = json_object_get_array_member (manifest, "pairs");
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autoptr(GBytes) data = read_sat (json_object_get_string_member (pair, "key"));
      g_autoptr(GError) error = NULL;
      g_autoptr(VntKeyInfo) info = vnt_key_info_new_from_bytes (data, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (vnt_key_info_get_encoding (info), ==, "der");
      g_assert_cmpstr (vnt_key_info_get_container (info), ==, "pkcs8-encrypted");
      g_assert_true (vnt_key_info_get_encrypted (info));
      g_assert_cmpstr (vnt_key_info_get_scheme (info), ==, "PBES2-3DES-CBC");
      g_assert_cmpstr (vnt_key_info_get_cipher (info), ==, "3DES-CBC");
      g_assert_cmpstr (vnt_key_info_get_kdf (info), ==, "PBKDF2");
      g_assert_cmpstr (vnt_key_info_get_prf (info), ==, "HMAC-SHA1");
      g_assert_cmpuint (vnt_key_info_get_iterations (info), ==, 2048);
      g_assert_cmpuint (strlen (vnt_key_info_get_salt_hex (info)), ==, 16);
      g_assert_true (vnt_key_info_is_sat_format (info));
      /* Nothing is known about the key itself without the password. */
      g_assert_null (vnt_key_info_get_key_algorithm (info));
    }
}

static void
test_key_info_variants (void)
{
  g_autoptr(GBytes) sha256 = read_sat ("variants/EKU9003173C9-CSD-30001000000500003416_password.key.pem");
  g_autoptr(GBytes) plain = read_sat ("variants/AAA010101AAA-CSD01-private_key_plain.der.key");
  g_autoptr(GBytes) legacy = read_sat ("variants/AAA010101AAA-CSD01-private_key_protected.key.pem");
  g_autoptr(GBytes) cer = read_sat ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autoptr(VntKeyInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = vnt_key_info_new_from_bytes (sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_key_info_get_encoding (info), ==, "pem");
  g_assert_cmpstr (vnt_key_info_get_prf (info), ==, "HMAC-SHA256");
  g_assert_cmpstr (vnt_key_info_get_salt_hex (info), ==, "b7cd1a7a3af264dd");
  g_assert_false (vnt_key_info_is_sat_format (info));
  g_clear_object (&info);

  info = vnt_key_info_new_from_bytes (plain, &error);
  g_assert_no_error (error);
  g_assert_false (vnt_key_info_get_encrypted (info));
  g_assert_cmpstr (vnt_key_info_get_container (info), ==, "pkcs8");
  g_assert_cmpstr (vnt_key_info_get_key_algorithm (info), ==, "RSA");
  g_assert_cmpuint (vnt_key_info_get_key_bits (info), ==, 2048);
  g_assert_null (vnt_key_info_get_scheme (info));
  g_clear_object (&info);

  info = vnt_key_info_new_from_bytes (legacy, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_key_info_get_encrypted (info));
  g_assert_cmpstr (vnt_key_info_get_container (info), ==, "pkcs1");
  g_assert_cmpstr (vnt_key_info_get_scheme (info), ==, "openssl-pem");
  g_assert_cmpstr (vnt_key_info_get_cipher (info), ==, "DES-EDE3-CBC");
  g_clear_object (&info);

  /* A certificate is not a key. */
  info = vnt_key_info_new_from_bytes (cer, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY);
  g_assert_null (info);
}

static void
test_key_info_truncated (void)
{
  g_autoptr(GBytes) data = read_sat ("fiel/fiel-fisica-KAHO641101B39.key");
  gsize len = g_bytes_get_size (data);

  /* Every prefix is refused with an error, never read past its end. */
  for (gsize n = 0; n < len; n += n < 64 ? 1 : 97)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (data, 0, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(VntKeyInfo) info = vnt_key_info_new_from_bytes (prefix, &error);

      g_assert_null (info);
      g_assert_true (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY) ||
                     g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE));
    }
}

/* ---- Requests ---- */

static void
test_csr_matches_its_key (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *entries;

  if (manifest == NULL)
    return;

  entries = json_object_get_array_member (manifest, "key_only");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autoptr(GBytes) req = read_sat (json_object_get_string_member (entry, "csr"));
      g_autoptr(GBytes) key_data = read_sat (json_object_get_string_member (entry, "key"));
      g_autoptr(GError) error = NULL;
      g_autoptr(VntCsr) csr = vnt_csr_new_from_bytes (req, &error);
      g_autoptr(VntPrivateKey) key = NULL;

      g_assert_no_error (error);
      g_assert_true (vnt_csr_get_signature_valid (csr));
      g_assert_cmpstr (vnt_csr_get_signature_algorithm (csr), ==, "RSA-SHA1");
      g_assert_cmpstr (vnt_csr_get_key_algorithm (csr), ==, "RSA");
      g_assert_cmpuint (vnt_csr_get_key_bits (csr), ==, 2048);
      g_assert_true (vnt_csr_has_challenge_password (csr));

      /* The request carries the public half of the key next to it (one of
       * them only opens with the Windows-1252 password). */
      key = vnt_private_key_new_from_bytes (key_data, json_object_get_string_member (entry, "password"), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (vnt_csr_get_key_id (csr), ==, vnt_private_key_get_id (key));
    }
}

static void
test_csr_subjects (void)
{
  g_autoptr(GBytes) fiel = read_sat ("key-only/Requerimiento_FIEL_IANL750210963_20221120_004433.req");
  g_autoptr(GBytes) csd = read_sat ("key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225s.req");
  g_autoptr(GBytes) cer = read_sat ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCsr) csr = NULL;
  gsize len;
  const guint8 *der;

  /* Subjects as ../shared/testdata/sat/README.md gives them. */
  csr = vnt_csr_new_from_bytes (fiel, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "IAÑL750210963");
  g_assert_cmpstr (vnt_csr_get_curp (csr), ==, "IANL750210HSRNZS09");
  g_assert_cmpstr (vnt_csr_get_email (csr), ==, "micorreo@pruebas.gob.mx");
  g_assert_null (vnt_csr_get_representative_rfc (csr));
  g_assert_null (vnt_csr_get_name (csr));
  g_assert_cmpint (vnt_csr_get_persona (csr), ==, VNT_PERSONA_FISICA);
  g_clear_object (&csr);

  csr = vnt_csr_new_from_bytes (csd, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "HAÑ930228SM9");
  g_assert_cmpstr (vnt_csr_get_representative_rfc (csr), ==, "KAHO641101B39");
  g_assert_null (vnt_csr_get_curp (csr));
  g_assert_cmpstr (vnt_csr_get_representative_curp (csr), ==, "KAHO641101HNTLKS06");
  g_assert_cmpstr (vnt_csr_get_organization (csr), ==, "HERMANOS ANZURES ÑARVAEZ SA");
  g_assert_cmpstr (vnt_csr_get_organizational_unit (csr), ==, "ABC& hañ 200!");
  g_assert_cmpint (vnt_csr_get_persona (csr), ==, VNT_PERSONA_MORAL);

  /* A flipped bit in the signed part: still readable, signature invalid. */
  der = g_bytes_get_data (vnt_csr_get_der (csr), &len);
  {
    g_autofree guint8 *copy = g_memdup2 (der, len);
    g_autoptr(GBytes) altered = NULL;
    g_autoptr(VntCsr) broken = NULL;

    copy[len / 3] ^= 0x01;
    altered = g_bytes_new (copy, len);
    broken = vnt_csr_new_from_bytes (altered, NULL);
    if (broken != NULL)
      g_assert_false (vnt_csr_get_signature_valid (broken));
  }

  g_clear_object (&csr);
  csr = vnt_csr_new_from_bytes (cer, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE);
  g_assert_null (csr);
}

static void
test_from_file (void)
{
  g_autofree char *req = vnt_test_sat_path ("key-only/Requerimiento_FIEL_IANL750210963_20221120_004433.req");
  g_autofree char *key = vnt_test_sat_path ("key-only/Claveprivada_FIEL_IANL750210963_20221120_004433.key");
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "no-such-dir-vnt", "x.key", NULL);
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(VntKeyInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (req == NULL || key == NULL)
    return;

  csr = vnt_csr_new_from_file (req, &error);
  g_assert_no_error (error);
  info = vnt_key_info_new_from_file (key, &error);
  g_assert_no_error (error);

  g_assert_true (VNT_IS_CSR (csr));
  g_assert_true (VNT_IS_KEY_INFO (info));
  g_assert_true (vnt_key_info_is_sat_format (info));

  g_assert_null (vnt_key_info_new_from_file (missing, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/crypto/readers/der-walker", test_der_walker);
  g_test_add_func ("/crypto/readers/file-types", test_file_types);
  g_test_add_func ("/crypto/readers/key-info/sat-keys", test_key_info_sat_keys);
  g_test_add_func ("/crypto/readers/key-info/variants", test_key_info_variants);
  g_test_add_func ("/crypto/readers/key-info/truncated", test_key_info_truncated);
  g_test_add_func ("/crypto/readers/csr/matches-its-key", test_csr_matches_its_key);
  g_test_add_func ("/crypto/readers/csr/subjects", test_csr_subjects);
  g_test_add_func ("/crypto/readers/from-file", test_from_file);

  return g_test_run ();
}
