/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-private-key.h"
#include "vnt-test-utils.h"

static JsonArray *
manifest_array (const char *member)
{
  JsonObject *manifest = vnt_test_sat_manifest ();

  if (manifest == NULL)
    return NULL;

  return json_object_get_array_member (manifest, member);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  if (!json_object_has_member (object, member) || json_object_get_null_member (object, member))
    return NULL;

  return json_object_get_string_member (object, member);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static void
test_every_pair_opens (void)
{
  JsonArray *pairs = manifest_array ("pairs");

  if (pairs == NULL)
    return;

  g_assert_cmpuint (json_array_get_length (pairs), >, 0);

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autofree char *cer = vnt_test_sat_path (member_string (pair, "cer"));
      g_autofree char *key = vnt_test_sat_path (member_string (pair, "key"));
      g_autoptr(VntCredential) credential = NULL;
      g_autoptr(GBytes) challenge = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *signature = NULL;
      VntPrivateKey *private_key;

      g_test_message ("pair %s", member_string (pair, "key"));
      credential = vnt_credential_new_from_files (cer, key, member_string (pair, "password"), &error);
      g_assert_no_error (error);
      g_assert_true (VNT_IS_CREDENTIAL (credential));

      g_assert_true (vnt_credential_get_key_was_encrypted (credential));
      g_assert_cmpint (vnt_credential_get_password_encoding (credential), ==, VNT_PASSWORD_ENCODING_UTF8);

      private_key = vnt_credential_get_private_key (credential);
      g_assert_cmpstr (vnt_private_key_get_id (private_key), ==,
                       member_string (pair, "gnutls_pubkey_id_sha256"));
      g_assert_true (vnt_private_key_matches (private_key, vnt_credential_get_certificate (credential)));
      g_assert_cmpstr (vnt_private_key_get_algorithm (private_key), ==, "RSA");
      g_assert_cmpuint (vnt_private_key_get_bits (private_key), ==, 2048);
      /* SAT's own format (see the manifest's key_encryption). */
      g_assert_cmpstr (vnt_private_key_get_encryption (private_key), ==, "PBES2-3DES-CBC");
      g_assert_cmpuint (vnt_private_key_get_iterations (private_key), ==, 2048);

      /* The opened key really is the certificate's: it signs verifiably. */
      challenge = g_bytes_new_static (member_string (pair, "cer"), strlen (member_string (pair, "cer")));
      signature = vnt_credential_sign_pkcs1 (credential, challenge, &error);
      g_assert_no_error (error);
      g_assert_true (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential),
                                                 challenge, signature, &error));
      g_assert_no_error (error);
    }
}

static void
test_every_variant_opens (void)
{
  JsonArray *variants = manifest_array ("variants");
  guint opened = 0;

  if (variants == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (variants); i++)
    {
      JsonObject *variant = json_array_get_object_element (variants, i);
      const char *kind = member_string (variant, "kind");
      const char *password = member_string (variant, "password");
      g_autofree char *file = vnt_test_sat_path (member_string (variant, "file"));
      g_autofree char *cer = vnt_test_sat_path (member_string (variant, "belongs_to"));
      g_autoptr(VntCertificate) expected = NULL;
      g_autoptr(VntCredential) credential = NULL;
      g_autoptr(GError) error = NULL;
      gboolean whole = FALSE;

      g_test_message ("variant %s (%s)", member_string (variant, "file"), kind);

      if (g_str_has_prefix (kind, "certificate") || g_str_has_prefix (kind, "public key"))
        {
          /* Given where the key goes, they are told apart from keys. */
          credential = vnt_credential_new_from_files (cer, file, "12345678a", &error);
          g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY);
          g_assert_null (credential);
          continue;
        }

      /* A .pfx and a PEM bundle carry their own certificate. */
      whole = g_str_has_prefix (kind, "PKCS#12") || g_str_has_prefix (kind, "PEM bundle");
      if (whole)
        credential = vnt_credential_new_from_files (file, NULL, password, &error);
      else
        credential = vnt_credential_new_from_files (cer, file, password, &error);
      g_assert_no_error (error);
      g_assert_true (VNT_IS_CREDENTIAL (credential));
      opened++;

      expected = vnt_certificate_new_from_file (cer, &error);
      g_assert_no_error (error);
      g_assert_true (vnt_certificate_equal (expected, vnt_credential_get_certificate (credential)));

      /* No password in the manifest, or the empty one, leaves the key as
       * open as in the clear. */
      g_assert_cmpint (vnt_credential_get_key_was_encrypted (credential), ==,
                       password != NULL && *password != '\0');
      if (!vnt_credential_get_key_was_encrypted (credential))
        g_assert_cmpint (vnt_credential_get_password_encoding (credential), ==, VNT_PASSWORD_ENCODING_NONE);
      else
        g_assert_cmpint (vnt_credential_get_password_encoding (credential), ==, VNT_PASSWORD_ENCODING_UTF8);
    }

  g_assert_cmpuint (opened, >=, 10);
}

static void
test_pfx_empty_password (void)
{
  g_autofree char *pfx = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-credential_unprotected.pfx");
  g_autofree char *protected = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-credential_protected.pfx");
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;

  if (pfx == NULL || protected == NULL)
    return;

  /* NULL from the caller means "", which is what such a .pfx needs. */
  data = read_bytes (pfx);
  credential = vnt_credential_new_from_pkcs12 (data, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);
  g_clear_object (&credential);

  credential = vnt_credential_new_from_pkcs12 (data, "", &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);
  g_clear_object (&credential);

  credential = vnt_credential_new_from_pkcs12 (data, "12345678a", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_null (credential);
  g_clear_error (&error);

  credential = vnt_credential_new_from_files (protected, NULL, NULL, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  credential = vnt_credential_new_from_files (protected, NULL, "12345678ab", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  /* A .pfx given as the key opens too (its key against the .cer). */
  {
    g_autofree char *cer = vnt_test_sat_path ("csd/csd-moral-AAA010101AAA-30001000000300023708.cer");

    credential = vnt_credential_new_from_files (cer, protected, "12345678a", &error);
    g_assert_no_error (error);
    g_assert_nonnull (credential);
  }
}

static void
test_key_only (void)
{
  JsonArray *keys = manifest_array ("key_only");

  if (keys == NULL)
    return;

  g_assert_cmpuint (json_array_get_length (keys), >, 0);

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *entry = json_array_get_object_element (keys, i);
      g_autofree char *path = vnt_test_sat_path (member_string (entry, "key"));
      const char *password = member_string (entry, "password");
      g_autoptr(VntPrivateKey) key = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *wrong = NULL;

      g_test_message ("key %s", member_string (entry, "key"));
      key = vnt_private_key_new_from_file (path, password, &error);
      g_assert_no_error (error);
      g_assert_true (vnt_private_key_get_was_encrypted (key));
      g_assert_cmpint (vnt_private_key_get_password_encoding (key), ==,
                       json_object_get_boolean_member (entry, "utf8_password_opens")
                         ? VNT_PASSWORD_ENCODING_UTF8 : VNT_PASSWORD_ENCODING_WINDOWS_1252);
      g_clear_object (&key);

      wrong = g_strconcat (password, "x", NULL);
      key = vnt_private_key_new_from_file (path, wrong, &error);
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
      g_assert_null (key);
    }
}

static void
test_windows_1252_password (void)
{
  g_autofree char *path = vnt_test_sat_path ("key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225.key");
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  /* "ñ" is U+00F1: two bytes in UTF-8, 0xF1 in Windows-1252. */
  key = vnt_private_key_new_from_file (path, "Test&\xc3\xb1" "200!", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_private_key_get_password_encoding (key), ==, VNT_PASSWORD_ENCODING_WINDOWS_1252);
  g_clear_object (&key);

  /* Typed decomposed ("n" + combining tilde), as some input methods do. */
  key = vnt_private_key_new_from_file (path, "Test&n\xcc\x83" "200!", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_private_key_get_password_encoding (key), ==, VNT_PASSWORD_ENCODING_WINDOWS_1252);
  g_clear_object (&key);

  /* Same letters, wrong case: both encodings fail. */
  key = vnt_private_key_new_from_file (path, "Test&\xc3\x91" "200!", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_null (key);
}

static void
test_wrong_passwords (void)
{
  JsonArray *pairs = manifest_array ("pairs");
  const char *legacy[] = {
    "variants/AAA010101AAA-CSD01-private_key_protected.key.pem",
    "variants/EKU9003173C9-CSD-30001000000500003416_password.key.pem",
  };

  if (pairs == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autofree char *cer = vnt_test_sat_path (member_string (pair, "cer"));
      g_autofree char *key = vnt_test_sat_path (member_string (pair, "key"));
      g_autofree char *longer = g_strconcat (member_string (pair, "password"), "x", NULL);
      const char *attempts[] = { longer, "", NULL, "12345678A" };

      for (guint j = 0; j < G_N_ELEMENTS (attempts); j++)
        {
          g_autoptr(VntCredential) credential = NULL;
          g_autoptr(GError) error = NULL;

          credential = vnt_credential_new_from_files (cer, key, attempts[j], &error);
          g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
          g_assert_null (credential);
          /* Never echoes the password back. */
          if (attempts[j] != NULL && *attempts[j] != '\0')
            g_assert_null (strstr (error->message, attempts[j]));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (legacy); i++)
    {
      g_autofree char *path = vnt_test_sat_path (legacy[i]);
      g_autoptr(VntPrivateKey) key = NULL;
      g_autoptr(GError) error = NULL;

      key = vnt_private_key_new_from_file (path, "12345678ab", &error);
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
      g_clear_error (&error);

      key = vnt_private_key_new_from_file (path, "12345678a", &error);
      g_assert_no_error (error);
      g_assert_true (vnt_private_key_get_was_encrypted (key));
    }
}

static void
test_every_mismatch (void)
{
  JsonArray *pairs = manifest_array ("pairs");
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  guint n, mismatches = 0;

  if (pairs == NULL)
    return;

  n = json_array_get_length (pairs);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autofree char *cer = vnt_test_sat_path (member_string (pair, "cer"));
      g_autofree char *key = vnt_test_sat_path (member_string (pair, "key"));
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (certificates, vnt_certificate_new_from_file (cer, &error));
      g_assert_no_error (error);
      g_ptr_array_add (keys, vnt_private_key_new_from_file (key, member_string (pair, "password"), &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        JsonObject *cer_pair = json_array_get_object_element (pairs, i);
        JsonObject *key_pair = json_array_get_object_element (pairs, j);
        gboolean same = g_str_equal (member_string (cer_pair, "gnutls_pubkey_id_sha256"),
                                     member_string (key_pair, "gnutls_pubkey_id_sha256"));
        g_autoptr(VntCredential) credential = NULL;
        g_autoptr(GError) error = NULL;

        credential = vnt_credential_new_from_private_key (g_ptr_array_index (certificates, i),
                                                          g_ptr_array_index (keys, j), &error);
        if (same)
          {
            g_assert_no_error (error);
            g_assert_nonnull (credential);
          }
        else
          {
            g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH);
            g_assert_null (credential);
            mismatches++;
          }
      }
  g_assert_cmpuint (mismatches, ==, n * (n - 1));

  /* And through the file reader, with the right password of the key. */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *cer_pair = json_array_get_object_element (pairs, i);
      JsonObject *key_pair = json_array_get_object_element (pairs, (i + 1) % n);
      g_autofree char *cer = vnt_test_sat_path (member_string (cer_pair, "cer"));
      g_autofree char *key = vnt_test_sat_path (member_string (key_pair, "key"));
      g_autoptr(VntCredential) credential = NULL;
      g_autoptr(GError) error = NULL;

      credential = vnt_credential_new_from_files (cer, key, member_string (key_pair, "password"), &error);
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH);
      g_assert_null (credential);
    }
}

static char *
write_temp (const char   *name,
            const guint8 *data,
            gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vnt-credential-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, (const char *) data, len, &error);
  g_assert_no_error (error);

  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_key_error (const guint8 *data,
                  gsize         len,
                  const char   *password,
                  int           code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;

  key = vnt_private_key_new_from_bytes (bytes, password, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, code);
  g_assert_null (key);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_garbage_and_damage (void)
{
  g_autofree char *key_path = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autofree char *cer_path = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *pem_path = vnt_test_sat_path ("variants/EKU9003173C9-CSD-30001000000500003416_password.key.pem");
  g_autofree char *plain_path = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-private_key.key.pem");
  g_autofree char *pub_path = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-public_key.pem");
  g_autofree char *req_path = vnt_test_sat_path ("key-only/Requerimiento_FIEL_IANL750210963_20221120_004433.req");
  g_autofree char *pfx_path = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-credential_protected.pfx");
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) cer = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) pub = NULL;
  g_autoptr(GBytes) req = NULL;
  g_autoptr(GBytes) pfx = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  guint8 noise[1300];
  const guint8 *buf;
  gsize len;

  if (key_path == NULL || cer_path == NULL || pem_path == NULL || plain_path == NULL
      || pub_path == NULL || req_path == NULL || pfx_path == NULL)
    return;

  key = read_bytes (key_path);
  cer = read_bytes (cer_path);
  pem = read_bytes (pem_path);
  plain = read_bytes (plain_path);
  pub = read_bytes (pub_path);
  req = read_bytes (req_path);
  pfx = read_bytes (pfx_path);

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  assert_key_error (noise, sizeof noise, "12345678a", VNT_CRYPTO_ERROR_NOT_A_KEY);
  assert_key_error ((const guint8 *) "", 0, "12345678a", VNT_CRYPTO_ERROR_NOT_A_KEY);
  assert_key_error ((const guint8 *) "hola, no soy una llave\n", 23, NULL, VNT_CRYPTO_ERROR_NOT_A_KEY);
  /* Cut right after the version's header (found by the fuzzer reading past
   * the end; ASan or valgrind see it). */
  {
    static const guint8 cut_version[] = { 0x30, 0x82, 0x04, 0xbe, 0x02, 0x01 };

    assert_key_error (cut_version, sizeof cut_version, "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
  }

  /* A cut-short key is damaged, not a wrong password, even with the right
   * password. */
  buf = g_bytes_get_data (key, &len);
  assert_key_error (buf, len / 2, "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
  assert_key_error (buf, len - 1, "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
  assert_key_error (buf, 40, "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
  buf = g_bytes_get_data (pem, &len);
  assert_key_error (buf, len / 2, "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
  buf = g_bytes_get_data (plain, &len);
  assert_key_error (buf, len / 2, NULL, VNT_CRYPTO_ERROR_DAMAGED_FILE);

  /* One bit flipped inside the encrypted private half: CBC decrypts it to a
   * well-formed key that GnuTLS cannot tell from the real one, but signing
   * catches it. */
  buf = g_bytes_get_data (key, &len);
  {
    g_autofree guint8 *copy = g_memdup2 (buf, len);
    g_autoptr(GBytes) damaged = NULL;
    g_autoptr(GBytes) challenge = g_bytes_new_static ("reto", 4);
    g_autoptr(VntPrivateKey) private_key = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *signature = NULL;

    copy[400] ^= 0x01;
    damaged = g_bytes_new (copy, len);
    private_key = vnt_private_key_new_from_bytes (damaged, "12345678a", &error);
    g_assert_no_error (error);
    signature = vnt_private_key_sign_pkcs1 (private_key, challenge, &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE);
    g_assert_null (signature);
  }

  /* Something else where the key goes. */
  buf = g_bytes_get_data (cer, &len);
  assert_key_error (buf, len, "12345678a", VNT_CRYPTO_ERROR_NOT_A_KEY);
  buf = g_bytes_get_data (pub, &len);
  assert_key_error (buf, len, NULL, VNT_CRYPTO_ERROR_NOT_A_KEY);
  buf = g_bytes_get_data (req, &len);
  assert_key_error (buf, len, "Test1234", VNT_CRYPTO_ERROR_NOT_A_KEY);

  /* A damaged .pfx is not a wrong password either. */
  buf = g_bytes_get_data (pfx, &len);
  {
    g_autoptr(GBytes) cut = g_bytes_new (buf, len / 2);
    g_autoptr(VntCredential) credential = NULL;
    g_autoptr(GError) error = NULL;

    credential = vnt_credential_new_from_pkcs12 (cut, "12345678a", &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE);
    g_assert_null (credential);
  }

  /* The certificate slot reports its own errors. */
  {
    g_autofree char *garbage = write_temp ("garbage.cer", noise, sizeof noise);
    g_autoptr(VntCredential) credential = NULL;
    g_autoptr(GError) error = NULL;

    credential = vnt_credential_new_from_files (garbage, key_path, "12345678a", &error);
    g_assert_nonnull (error);
    g_assert_true (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE)
                   || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE));
    g_assert_null (credential);
    g_clear_error (&error);

    /* .cer and .key each in the other's place. */
    credential = vnt_credential_new_from_files (key_path, cer_path, "12345678a", &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
    g_assert_nonnull (strstr (error->message, "swapped"));
    g_assert_null (credential);
    g_clear_error (&error);

    /* A certificate alone cannot sign: the key is asked for. */
    credential = vnt_credential_new_from_files (cer_path, NULL, "12345678a", &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY);
    g_assert_null (credential);

    remove_temp (garbage);
  }
}

/* What copying between systems does to a file must not stop it. */
/* Cuts @n characters out of an OpenSSL PEM text @at characters before its
 * END line. */
static GBytes *
cut_before_end (GBytes *pem,
                gsize   at,
                gsize   n)
{
  gsize len;
  const char *text = g_bytes_get_data (pem, &len);
  const char *end = g_strstr_len (text, len, "\n-----END ");
  g_autoptr(GString) cut = g_string_new_len (text, len);

  g_assert_nonnull (end);
  g_assert_cmpuint (end - text, >, at + n);
  g_string_erase (cut, (end - text) - at - n, n);

  return g_bytes_new (cut->str, cut->len);
}

/* Appends a DER tag and length. */
static void
append_der_header (GByteArray *out,
                   guint8      tag,
                   gsize       len)
{
  guint8 header[4] = { tag, 0x82, len >> 8, len & 0xff };

  g_assert_cmpuint (len, <, 65536);
  g_assert_cmpuint (len, >=, 256);
  g_byte_array_append (out, header, sizeof header);
}

/* A SAT .key whose encrypted key lost its last bytes, DER lengths fixed up:
 * cut mid-block, it is damaged, not under another password. */
static void
test_ragged_pkcs8 (void)
{
  g_autofree char *path = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autoptr(GBytes) der = NULL;
  const guint8 *buf;
  gsize len, off, alg_len, data_len;

  if (path == NULL)
    return;

  der = read_bytes (path);
  buf = g_bytes_get_data (der, &len);
  /* 30 82 xx xx | 30 <alg> | 04 82 xx xx <data> */
  g_assert_true (buf[0] == 0x30 && buf[1] == 0x82 && buf[4] == 0x30 && buf[5] < 0x80);
  alg_len = 2 + buf[5];
  off = 4 + alg_len;
  g_assert_true (buf[off] == 0x04 && buf[off + 1] == 0x82);
  data_len = (buf[off + 2] << 8) | buf[off + 3];
  g_assert_cmpuint (data_len % 8, ==, 0);

  for (gsize cut = 1; cut <= 7; cut += 2)
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();

      append_der_header (out, 0x30, alg_len + 4 + data_len - cut);
      g_byte_array_append (out, buf + 4, alg_len);
      append_der_header (out, 0x04, data_len - cut);
      g_byte_array_append (out, buf + off + 4, data_len - cut);

      assert_key_error (out->data, out->len, "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);

      /* The same as PEM text. */
      {
        g_autofree char *base64 = g_base64_encode (out->data, out->len);
        g_autofree char *pem = g_strdup_printf ("-----BEGIN ENCRYPTED PRIVATE KEY-----\n%s\n"
                                                "-----END ENCRYPTED PRIVATE KEY-----\n", base64);

        assert_key_error ((const guint8 *) pem, strlen (pem), "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
      }
    }
}

/* GnuTLS aborts the process when the 3DES ciphertext of an OpenSSL PEM key
 * is not a whole number of blocks: such keys are refused before. */
static void
test_truncated_legacy_pem (void)
{
  const char *names[] = {
    "variants/AAA010101AAA-CSD01-private_key_protected.key.pem",
    "variants/LAN7008173R5-CSD.key.pem",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = vnt_test_sat_path (names[i]);
      g_autoptr(GBytes) pem = NULL;
      /* base64 characters cut: 3 leaves a ragged quartet, 4 and 8 leave
       * 3 and 6 bytes off a multiple of 8. */
      const gsize cuts[][2] = { { 0, 3 }, { 5, 3 }, { 0, 4 }, { 20, 8 }, { 0, 1 } };

      if (path == NULL)
        return;
      pem = read_bytes (path);

      for (guint j = 0; j < G_N_ELEMENTS (cuts); j++)
        {
          g_autoptr(GBytes) cut = cut_before_end (pem, cuts[j][0], cuts[j][1]);
          gsize len;
          const guint8 *data = g_bytes_get_data (cut, &len);

          assert_key_error (data, len, "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
          assert_key_error (data, len, "", VNT_CRYPTO_ERROR_DAMAGED_FILE);
        }
    }

  /* A damaged header: short IV, a cipher without blocks, no Proc-Type. */
  {
    g_autofree char *path = vnt_test_sat_path (names[0]);
    g_autoptr(GBytes) pem = NULL;
    g_autofree char *text = NULL;
    g_autofree char *short_iv = NULL;
    g_autofree char *no_proc = NULL;
    GRegex *iv;

    if (path == NULL)
      return;
    pem = read_bytes (path);
    text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));

    iv = g_regex_new ("(DEK-Info: DES-EDE3-CBC,)[0-9A-F]{4}", 0, 0, NULL);
    short_iv = g_regex_replace (iv, text, -1, 0, "\\1", 0, NULL);
    g_regex_unref (iv);
    assert_key_error ((const guint8 *) short_iv, strlen (short_iv), "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);

    no_proc = g_strdup (text);
    memcpy (strstr (no_proc, "Proc-Type: 4,ENCRYPTED"), "Proc-Type: 4,ENCRYPTEX", strlen ("Proc-Type: 4,ENCRYPTED"));
    assert_key_error ((const guint8 *) no_proc, strlen (no_proc), "12345678a", VNT_CRYPTO_ERROR_DAMAGED_FILE);
  }
}

static void
test_transit_damage_is_tolerated (void)
{
  g_autofree char *der_path = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autofree char *pem_path = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-private_key_protected.key.pem");
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GString) crlf = g_string_new (NULL);
  g_autoptr(GByteArray) trailing = g_byte_array_new ();
  const char *text;
  gsize len;

  if (der_path == NULL || pem_path == NULL)
    return;

  der = read_bytes (der_path);
  pem = read_bytes (pem_path);

  /* A newline after a DER key. */
  g_byte_array_append (trailing, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_byte_array_append (trailing, (const guint8 *) "\r\n", 2);

  /* Windows line ends in a PEM key. */
  text = g_bytes_get_data (pem, &len);
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\n')
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, text[i]);
    }

  /* The DER as bare base64 text. */
  {
    g_autofree char *base64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
    g_autoptr(GBytes) bytes = g_bytes_new (base64, strlen (base64));
    g_autoptr(VntPrivateKey) key = NULL;
    g_autoptr(GError) error = NULL;

    key = vnt_private_key_new_from_bytes (bytes, "12345678a", &error);
    g_assert_no_error (error);
    g_assert_true (vnt_private_key_get_was_encrypted (key));
  }

  {
    g_autoptr(GBytes) bytes = g_bytes_new (trailing->data, trailing->len);
    g_autoptr(VntPrivateKey) key = NULL;
    g_autoptr(GError) error = NULL;

    key = vnt_private_key_new_from_bytes (bytes, "12345678a", &error);
    g_assert_no_error (error);
    g_assert_true (vnt_private_key_get_was_encrypted (key));
  }

  {
    g_autoptr(GBytes) bytes = g_bytes_new (crlf->str, crlf->len);
    g_autoptr(VntPrivateKey) key = NULL;
    g_autoptr(GError) error = NULL;

    key = vnt_private_key_new_from_bytes (bytes, "12345678a", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vnt_private_key_get_encryption (key), ==, "OpenSSL PEM DES-EDE3-CBC");
  }
}

static void
test_unreadable (void)
{
  g_autofree char *cer = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *dir = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;

  if (cer == NULL)
    return;

  dir = g_dir_make_tmp ("vnt-credential-XXXXXX", &error);
  g_assert_no_error (error);
  missing = g_build_filename (dir, "no-existe.key", NULL);

  credential = vnt_credential_new_from_files (cer, missing, "12345678a", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
  g_assert_nonnull (strstr (error->message, "no-existe.key"));
  g_clear_error (&error);

  credential = vnt_credential_new_from_files (missing, NULL, "12345678a", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
  g_clear_error (&error);

  /* A folder is not a file. */
  key = vnt_private_key_new_from_file (dir, "12345678a", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
  g_assert_null (key);

  g_rmdir (dir);
}

/* Every PKCS#8 scheme GnuTLS decrypts opens, and an unknown one is told
 * apart from a wrong password. The re-encodings come from OpenSSL. */
static gboolean
run_openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    return FALSE;

  return g_spawn_check_wait_status (status, NULL);
}

static void
test_other_schemes (void)
{
  g_autofree char *plain = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-private_key.key.pem");
  g_autofree char *cer = vnt_test_sat_path ("csd/csd-moral-AAA010101AAA-30001000000300023708.cer");
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  const struct {
    const char *args[4];
    const char *scheme;  /* NULL: not supported */
  } cases[] = {
    { { "-v2", "aes-256-cbc", NULL }, "PBES2-AES256-CBC" },
    { { "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA512" }, "PBES2-AES128-CBC" },
    { { "-v1", "PBE-SHA1-3DES", NULL }, "PKCS12-3DES-SHA1" },
    { { "-v2", "camellia-128-cbc", NULL }, NULL },
    { { "-scrypt", NULL }, NULL },
  };

  if (plain == NULL || cer == NULL)
    return;
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  dir = g_dir_make_tmp ("vnt-credential-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = g_build_filename (dir, "key.der", NULL);
      const char *argv[16] = { "openssl", "pkcs8", "-topk8", "-in", plain, "-outform", "DER",
                               "-out", out, "-passout", "pass:contraseña" };
      guint n = 11;
      g_autoptr(VntCredential) credential = NULL;
      g_autoptr(GError) open_error = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j] != NULL; j++)
        argv[n++] = cases[i].args[j];
      argv[n] = NULL;

      if (!run_openssl (argv))
        {
          g_test_message ("openssl cannot write %s", cases[i].args[1]);
          continue;
        }

      credential = vnt_credential_new_from_files (cer, out, "contraseña", &open_error);
      if (cases[i].scheme != NULL)
        {
          g_assert_no_error (open_error);
          g_assert_cmpstr (vnt_private_key_get_encryption (vnt_credential_get_private_key (credential)),
                           ==, cases[i].scheme);
          g_assert_cmpint (vnt_credential_get_password_encoding (credential), ==, VNT_PASSWORD_ENCODING_UTF8);
          g_clear_object (&credential);

          credential = vnt_credential_new_from_files (cer, out, "contraseñaa", &open_error);
          g_assert_error (open_error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
        }
      else
        {
          g_assert_error (open_error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY);
          g_assert_null (credential);
        }
      g_unlink (out);
    }

  g_rmdir (dir);
}

/* PKCS#12 as other exporters write it: 3DES and a SHA-1 MAC (older
 * Windows), no MAC at all, or nothing encrypted. */
static void
test_pkcs12_kinds (void)
{
  g_autofree char *cer_pem = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-certificate.cer.pem");
  g_autofree char *key_pem = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-private_key.key.pem");
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const struct {
    const char *args[7];
    gboolean encrypted;
    gboolean any_password;
  } cases[] = {
    { { "-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1" }, TRUE, FALSE },
    { { "-nomac" }, TRUE, FALSE },
    { { "-certpbe", "NONE", "-keypbe", "NONE", "-nomac" }, FALSE, TRUE },
    { { "-certpbe", "NONE", "-keypbe", "NONE" }, FALSE, FALSE },
  };

  if (cer_pem == NULL || key_pem == NULL)
    return;
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  dir = g_dir_make_tmp ("vnt-credential-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (dir, "credential.pfx", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[20] = { "openssl", "pkcs12", "-export", "-in", cer_pem, "-inkey", key_pem,
                               "-out", out, "-passout", "pass:contraseña" };
      guint n = 11;
      g_autoptr(VntCredential) credential = NULL;
      g_autoptr(GError) open_error = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j] != NULL; j++)
        argv[n++] = cases[i].args[j];
      argv[n] = NULL;
      g_assert_true (run_openssl (argv));

      credential = vnt_credential_new_from_files (out, NULL, "contraseña", &open_error);
      g_assert_no_error (open_error);
      g_assert_cmpint (vnt_credential_get_key_was_encrypted (credential), ==, cases[i].encrypted);
      g_clear_object (&credential);

      credential = vnt_credential_new_from_files (out, NULL, "contraseñas", &open_error);
      if (cases[i].any_password)
        {
          g_assert_no_error (open_error);
          g_assert_false (vnt_credential_get_key_was_encrypted (credential));
        }
      else
        {
          g_assert_error (open_error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
          g_assert_null (credential);
        }
      g_unlink (out);
    }

  g_rmdir (dir);
}

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} AsyncData;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = g_object_ref (result);
  g_main_loop_quit (data->loop);
}

static GAsyncResult *
wait_for_result (AsyncData *data)
{
  g_main_loop_run (data->loop);
  g_clear_pointer (&data->loop, g_main_loop_unref);

  return data->result;
}

static void
test_async (void)
{
  g_autofree char *cer = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *key = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strdup ("12345678a");
  AsyncData data = { 0 };

  if (cer == NULL || key == NULL)
    return;

  /* The password is copied: the caller may wipe its own at once. */
  data.loop = g_main_loop_new (NULL, FALSE);
  vnt_credential_new_from_files_async (cer, key, password, NULL, async_done_cb, &data);
  vnt_memzero (password, strlen (password));
  result = wait_for_result (&data);
  credential = vnt_credential_new_from_files_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (VNT_IS_CREDENTIAL (credential));
  g_assert_true (vnt_credential_get_key_was_encrypted (credential));
  g_clear_object (&credential);
  g_clear_object (&result);

  /* Errors come through the same way. */
  data.loop = g_main_loop_new (NULL, FALSE);
  vnt_credential_new_from_files_async (cer, key, "12345678ab", NULL, async_done_cb, &data);
  result = wait_for_result (&data);
  credential = vnt_credential_new_from_files_finish (result, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_null (credential);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancellable);
  data.loop = g_main_loop_new (NULL, FALSE);
  vnt_credential_new_from_files_async (cer, key, "12345678a", cancellable, async_done_cb, &data);
  result = wait_for_result (&data);
  credential = vnt_credential_new_from_files_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (credential);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled while it runs: whatever the worker did, the caller hears
   * "cancelled". */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  data.loop = g_main_loop_new (NULL, FALSE);
  vnt_credential_new_from_files_async (cer, key, "12345678a", cancellable, async_done_cb, &data);
  g_cancellable_cancel (cancellable);
  result = wait_for_result (&data);
  credential = vnt_credential_new_from_files_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (credential);
  g_clear_object (&result);
}

static void
test_private_key_async (void)
{
  g_autofree char *path = vnt_test_sat_path ("key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225.key");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AsyncData data = { 0 };

  if (path == NULL)
    return;

  data.loop = g_main_loop_new (NULL, FALSE);
  vnt_private_key_new_from_file_async (path, "Test&ñ200!", NULL, async_done_cb, &data);
  result = wait_for_result (&data);
  key = vnt_private_key_new_from_file_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_private_key_get_password_encoding (key), ==, VNT_PASSWORD_ENCODING_WINDOWS_1252);
  g_clear_object (&key);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  data.loop = g_main_loop_new (NULL, FALSE);
  vnt_private_key_new_from_file_async (path, "Test&ñ200!", cancellable, async_done_cb, &data);
  result = wait_for_result (&data);
  key = vnt_private_key_new_from_file_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (key);
}

static void
test_messages_in_spanish (void)
{
  g_autofree char *cer = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *key = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autofree char *other = vnt_test_sat_path ("fiel/fiel-fisica-XOJI740919U48.key");
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  if (cer == NULL || key == NULL || other == NULL)
    return;

  vnt_test_use_spanish ();

  credential = vnt_credential_new_from_files (cer, key, "12345678", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_cmpstr (error->message, ==,
                   "La contraseña no abre la llave privada (.key). Revisa mayúsculas, minúsculas y acentos, e inténtalo de nuevo.");
  g_clear_error (&error);

  credential = vnt_credential_new_from_files (cer, other, "12345678a", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH);
  g_assert_cmpstr (error->message, ==,
                   "La llave privada no corresponde a este certificado. Elige el .key que descargaste junto con este .cer.");
}

int
main (int    argc,
      char **argv)
{
  /* Without it gettext stays in "C" and the Spanish test cannot switch. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/credential/every-pair-opens", test_every_pair_opens);
  g_test_add_func ("/credential/every-variant-opens", test_every_variant_opens);
  g_test_add_func ("/credential/pfx-empty-password", test_pfx_empty_password);
  g_test_add_func ("/credential/key-only", test_key_only);
  g_test_add_func ("/credential/windows-1252-password", test_windows_1252_password);
  g_test_add_func ("/credential/wrong-passwords", test_wrong_passwords);
  g_test_add_func ("/credential/every-mismatch", test_every_mismatch);
  g_test_add_func ("/credential/garbage-and-damage", test_garbage_and_damage);
  g_test_add_func ("/credential/transit-damage-is-tolerated", test_transit_damage_is_tolerated);
  g_test_add_func ("/credential/unreadable", test_unreadable);
  g_test_add_func ("/credential/other-schemes", test_other_schemes);
  g_test_add_func ("/credential/truncated-legacy-pem", test_truncated_legacy_pem);
  g_test_add_func ("/credential/ragged-pkcs8", test_ragged_pkcs8);
  g_test_add_func ("/credential/pkcs12-kinds", test_pkcs12_kinds);
  g_test_add_func ("/credential/async", test_async);
  g_test_add_func ("/credential/private-key-async", test_private_key_async);
  g_test_add_func ("/credential/messages-in-spanish", test_messages_in_spanish);

  return g_test_run ();
}
