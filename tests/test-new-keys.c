/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/vnt-id.h"
#include "core/vnt-safe-file.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-csr.h"
#include "crypto/vnt-key-info.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-pkcs12-writer.h"
#include "crypto/vnt-renewal.h"
#include "crypto/vnt-request-writer.h"
#include "crypto/vnt-sat-key.h"
#include "vnt-test-utils.h"

#define CERTIFICA_KEY "key-only/Claveprivada_FIEL_IANL750210963_20221120_004433.key"
#define CERTIFICA_REQ "key-only/Requerimiento_FIEL_IANL750210963_20221120_004433.req"
#define CERTIFICA_PASSWORD "Test1234"
#define SAT_PASSWORD "12345678a"
#define KAHO "fiel/fiel-fisica-KAHO641101B39"

/* One generated key for the tests that only need some key. */
static VntPrivateKey *
shared_key (void)
{
  static VntPrivateKey *key = NULL;

  if (key == NULL)
    {
      g_autoptr(GError) error = NULL;

      key = vnt_keygen_generate (VNT_KEYGEN_DEFAULT_BITS, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vnt_private_key_get_bits (key), ==, 2048);
    }

  return key;
}

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vnt-new-keys-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static char *
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static gboolean
have_openssl (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    g_test_skip ("openssl is not installed");
  return openssl != NULL;
}

/* Runs openssl with @args; returns its exit status, stdout + stderr in @output. */
static int
openssl (char       **output,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  int status = -1;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "openssl");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);

  if (output != NULL)
    *output = g_strconcat (out, err, NULL);

  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* `openssl asn1parse` reduced to its shape: depth, type and OIDs; no
 * offsets, lengths or values. Two files with the same shape differ only in
 * their contents. */
static char *
asn1_shape (const char *path)
{
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  GString *shape = g_string_new (NULL);

  g_assert_cmpint (openssl (&output, "asn1parse", "-inform", "DER", "-in", path, NULL), ==, 0);
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *depth = strstr (lines[i], "d=");
      const char *kind = strstr (lines[i], "prim:");
      g_autofree char *type = NULL;

      if (depth == NULL)
        continue;
      if (kind == NULL)
        kind = strstr (lines[i], "cons:");
      g_assert_nonnull (kind);
      type = g_strstrip (g_strdup (kind + 5));
      /* Keep OIDs, drop values. */
      if (!g_str_has_prefix (type, "OBJECT"))
        {
          char *colon = strchr (type, ':');
          if (colon != NULL)
            *colon = '\0';
          g_strstrip (type);
        }
      g_string_append_printf (shape, "%.*s %s\n", (int) strcspn (depth, " "), depth, type);
    }

  return g_string_free (shape, FALSE);
}

/* The value of the PrintableString that follows challengePassword. */
static char *
challenge_of (GBytes *req)
{
  static const guint8 oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x07 };
  gsize len = 0;
  const guint8 *der = g_bytes_get_data (req, &len);

  for (gsize i = 0; i + sizeof oid + 4 < len; i++)
    if (memcmp (der + i, oid, sizeof oid) == 0)
      {
        const guint8 *set = der + i + sizeof oid;

        g_assert_cmpint (set[0], ==, 0x31);
        g_assert_cmpint (set[2], ==, 0x13);
        return g_strndup ((const char *) set + 4, set[3]);
      }

  g_assert_not_reached ();
}

static GDateTime *
utc (int year, int month, int day)
{
  return g_date_time_new_utc (year, month, day, 12, 0, 0);
}

/* .key */

static void
test_sat_key_format (void)
{
  VntPrivateKey *key = shared_key ();
  g_autofree char *dir = make_folder ();
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *certifica = NULL;
  g_autofree char *certifica_path = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) back = NULL;
  g_autoptr(VntKeyInfo) info = NULL;

  der = vnt_sat_key_encrypt (key, SAT_PASSWORD, VNT_KEY_PROTECTION_SAT, &error);
  g_assert_no_error (error);

  /* Random salt and IV: the same key and password never give the same file. */
  again = vnt_sat_key_encrypt (key, SAT_PASSWORD, VNT_KEY_PROTECTION_SAT, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (der, again));

  /* Our reader. */
  back = vnt_private_key_new_from_bytes (der, SAT_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_private_key_get_id (back), ==, vnt_private_key_get_id (key));
  g_assert_true (vnt_private_key_get_was_encrypted (back));
  g_clear_object (&back);

  back = vnt_private_key_new_from_bytes (der, "12345678b", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_null (back);
  g_clear_error (&error);

  info = vnt_key_info_new_from_bytes (der, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_key_info_is_sat_format (info));
  g_assert_cmpuint (vnt_key_info_get_iterations (info), ==, 2048);
  g_assert_cmpstr (vnt_key_info_get_prf (info), ==, "HMAC-SHA1");
  g_assert_cmpuint (strlen (vnt_key_info_get_salt_hex (info)), ==, 16);

  if (!have_openssl ())
    goto out;

  path = write_file (dir, "new.key", der);
  g_assert_cmpint (openssl (&output, "asn1parse", "-inform", "DER", "-in", path, NULL), ==, 0);
  g_assert_nonnull (strstr (output, ":PBES2"));
  g_assert_nonnull (strstr (output, ":PBKDF2"));
  g_assert_nonnull (strstr (output, "INTEGER           :0800"));
  g_assert_nonnull (strstr (output, ":des-ede3-cbc"));
  /* HMAC-SHA1 is the default: no prf field at all, as SAT writes it. */
  g_assert_null (strstr (output, "hmacWith"));
  g_clear_pointer (&output, g_free);

  /* Same structure as a key made by Certifica. */
  certifica_path = vnt_test_sat_path (CERTIFICA_KEY);
  if (certifica_path != NULL)
    {
      ours = asn1_shape (path);
      certifica = asn1_shape (certifica_path);
      g_assert_cmpstr (ours, ==, certifica);
    }

  g_assert_cmpint (openssl (NULL, "pkcs8", "-inform", "DER", "-in", path,
                            "-passin", "pass:" SAT_PASSWORD, "-out", "/dev/null", NULL), ==, 0);
  g_assert_cmpint (openssl (NULL, "pkcs8", "-inform", "DER", "-in", path,
                            "-passin", "pass:12345678b", "-out", "/dev/null", NULL), !=, 0);

out:
  remove_folder (dir);
}

static void
test_sat_key_windows_1252 (void)
{
  VntPrivateKey *key = shared_key ();
  const char *password = "Contraseña€1";
  g_autofree char *dir = make_folder ();
  g_autofree char *path = NULL;
  g_autofree char *pass_1252 = NULL;
  g_autofree char *pass_utf8 = NULL;
  g_autofree char *arg = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) bytes_1252 = NULL;
  g_autoptr(GBytes) bytes_utf8 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) back = NULL;
  gsize len_1252 = 0;
  char *converted;

  der = vnt_sat_key_encrypt (key, password, VNT_KEY_PROTECTION_SAT, &error);
  g_assert_no_error (error);

  back = vnt_private_key_new_from_bytes (der, password, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_private_key_get_password_encoding (back), ==, VNT_PASSWORD_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (vnt_private_key_get_id (back), ==, vnt_private_key_get_id (key));

  /* A character Windows-1252 lacks cannot be typed into SAT's tools. */
  g_assert_null (vnt_sat_key_encrypt (key, "パスワード12345678", VNT_KEY_PROTECTION_SAT, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (vnt_sat_key_check_new_password ("パスワード12345678", VNT_KEY_PROTECTION_SAT, NULL));
  g_assert_true (vnt_sat_key_check_new_password ("パスワード12345678", VNT_KEY_PROTECTION_MODERN, NULL));
  g_assert_false (vnt_sat_key_check_new_password ("corta", VNT_KEY_PROTECTION_MODERN, NULL));

  if (!have_openssl ())
    goto out;

  /* OpenSSL takes the password's bytes as given: the Windows-1252 bytes
   * open the key, the UTF-8 ones do not. */
  path = write_file (dir, "new.key", der);
  converted = g_convert (password, -1, "WINDOWS-1252", "UTF-8", NULL, &len_1252, NULL);
  g_assert_nonnull (converted);
  bytes_1252 = g_bytes_new_take (converted, len_1252);
  bytes_utf8 = g_bytes_new (password, strlen (password));
  pass_1252 = write_file (dir, "pass-1252", bytes_1252);
  pass_utf8 = write_file (dir, "pass-utf8", bytes_utf8);

  arg = g_strconcat ("file:", pass_1252, NULL);
  g_assert_cmpint (openssl (NULL, "pkcs8", "-inform", "DER", "-in", path, "-passin", arg,
                            "-out", "/dev/null", NULL), ==, 0);
  g_free (arg);
  arg = g_strconcat ("file:", pass_utf8, NULL);
  g_assert_cmpint (openssl (NULL, "pkcs8", "-inform", "DER", "-in", path, "-passin", arg,
                            "-out", "/dev/null", NULL), !=, 0);

out:
  remove_folder (dir);
}

static void
test_modern_key (void)
{
  VntPrivateKey *key = shared_key ();
  g_autofree char *dir = make_folder ();
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) back = NULL;
  g_autoptr(VntKeyInfo) info = NULL;

  der = vnt_sat_key_encrypt (key, "clave moderna ñ", VNT_KEY_PROTECTION_MODERN, &error);
  g_assert_no_error (error);

  back = vnt_private_key_new_from_bytes (der, "clave moderna ñ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_private_key_get_password_encoding (back), ==, VNT_PASSWORD_ENCODING_UTF8);
  g_assert_cmpstr (vnt_private_key_get_id (back), ==, vnt_private_key_get_id (key));

  info = vnt_key_info_new_from_bytes (der, &error);
  g_assert_no_error (error);
  g_assert_false (vnt_key_info_is_sat_format (info));
  g_assert_cmpuint (vnt_key_info_get_iterations (info), ==, VNT_MODERN_KEY_ITERATIONS);
  g_assert_cmpstr (vnt_key_info_get_prf (info), ==, "HMAC-SHA256");

  if (!have_openssl ())
    goto out;

  path = write_file (dir, "modern.key", der);
  g_assert_cmpint (openssl (&output, "asn1parse", "-inform", "DER", "-in", path, NULL), ==, 0);
  g_assert_nonnull (strstr (output, ":aes-256-cbc"));
  g_assert_nonnull (strstr (output, ":hmacWithSHA256"));
  g_assert_nonnull (strstr (output, "INTEGER           :0927C0"));
  g_assert_cmpint (openssl (NULL, "pkcs8", "-inform", "DER", "-in", path,
                            "-passin", "pass:clave moderna ñ", "-out", "/dev/null", NULL), ==, 0);

out:
  remove_folder (dir);
}

static void
test_change_password (void)
{
  g_autofree char *original = vnt_test_sat_path (CERTIFICA_KEY);
  g_autofree char *dir = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) old_key = NULL;
  g_autoptr(VntPrivateKey) new_key = NULL;
  g_autoptr(VntKeyInfo) info = NULL;
  VntKeyFiles files;

  if (original == NULL)
    return;

  dir = make_folder ();
  out_path = g_build_filename (dir, "nueva.key", NULL);
  before = read_file (original);
  files = (VntKeyFiles){
    .key_path = original,
    .password = "Test12345",
    .out_path = out_path,
    .new_password = "NuevaClave9",
    .protection = VNT_KEY_PROTECTION_SAT,
  };

  /* Wrong old password: nothing written. */
  g_assert_false (vnt_sat_key_change_password (&files, NULL, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  files.password = CERTIFICA_PASSWORD;
  g_assert_true (vnt_sat_key_change_password (&files, NULL, &error));
  g_assert_no_error (error);

  old_key = vnt_private_key_new_from_file (original, CERTIFICA_PASSWORD, &error);
  g_assert_no_error (error);
  new_key = vnt_private_key_new_from_file (out_path, "NuevaClave9", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_private_key_get_id (new_key), ==, vnt_private_key_get_id (old_key));
  g_clear_object (&new_key);
  new_key = vnt_private_key_new_from_file (out_path, CERTIFICA_PASSWORD, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  info = vnt_key_info_new_from_file (out_path, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_key_info_is_sat_format (info));

  /* The original is untouched and the new file is never replaced. */
  after = read_file (original);
  g_assert_true (g_bytes_equal (before, after));
  files.new_password = "OtraClave99";
  g_assert_false (vnt_sat_key_change_password (&files, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  new_key = vnt_private_key_new_from_file (out_path, "NuevaClave9", &error);
  g_assert_no_error (error);

  remove_folder (dir);
}

static void
test_change_password_cancelled (void)
{
  g_autofree char *original = vnt_test_sat_path (CERTIFICA_KEY);
  g_autofree char *dir = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (original == NULL)
    return;

  dir = make_folder ();
  out_path = g_build_filename (dir, "nueva.key", NULL);

  g_cancellable_cancel (cancellable);
  g_assert_false (vnt_sat_key_change_password (&(VntKeyFiles){
                                                   .key_path = original,
                                                   .password = CERTIFICA_PASSWORD,
                                                   .out_path = out_path,
                                                   .new_password = "NuevaClave9",
                                                   .protection = VNT_KEY_PROTECTION_SAT,
                                               },
                                               cancellable, &error));

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  remove_folder (dir);
}

/* .req */

static void
test_request_reproduces_certifica (void)
{
  g_autofree char *key_path = vnt_test_sat_path (CERTIFICA_KEY);
  g_autofree char *req_path = vnt_test_sat_path (CERTIFICA_REQ);
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) real = NULL;
  g_autoptr(GBytes) ours = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCsr) csr = NULL;
  g_autofree char *challenge = NULL;

  if (key_path == NULL || req_path == NULL)
    return;

  key = vnt_private_key_new_from_file (key_path, CERTIFICA_PASSWORD, &error);
  g_assert_no_error (error);
  real = read_file (req_path);
  challenge = challenge_of (real);
  g_assert_cmpuint (strlen (challenge), ==, 28);

  /* Given Certifica's key and its random challenge, our writer makes the
   * very same bytes: subject string types, Windows-1252 Ñ, order, OIDs,
   * attribute and sha1WithRSAEncryption signature. */
  ours = vnt_request_writer_build (key, "IAÑL750210963", "IANL750210HSRNZS09",
                                   "micorreo@pruebas.gob.mx", challenge, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (ours, NULL), g_bytes_get_size (ours),
                   g_bytes_get_data (real, NULL), g_bytes_get_size (real));

  /* And our reader gives the Ñ back from its Windows-1252 byte. */
  csr = vnt_csr_new_from_bytes (ours, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "IAÑL750210963");
  g_assert_cmpstr (vnt_csr_get_curp (csr), ==, "IANL750210HSRNZS09");
}

static void
test_request_shape (gconstpointer data)
{
  gboolean moral = GPOINTER_TO_INT (data);
  VntPrivateKey *key = shared_key ();
  g_autofree char *real_path = vnt_test_sat_path (CERTIFICA_REQ);
  g_autofree char *dir = make_folder ();
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *ours_shape = NULL;
  g_autofree char *real_shape = NULL;
  g_autofree char *challenge = NULL;
  g_autoptr(GBytes) req = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCsr) csr = NULL;
  guchar *raw;
  gsize raw_len = 0;

  if (moral)
    req = vnt_request_writer_build (key, "IIA040805DZ4 / KAHO641101B39", " / KAHO641101HNTLKS06",
                                    "empresa@example.com", NULL, &error);
  else
    req = vnt_request_writer_build (key, "KAHO641101B39", "KAHO641101HNTLKS06",
                                    "oscar@example.com", NULL, &error);
  g_assert_no_error (error);

  /* Certifica's challenge: base64 of 20 random bytes, new each time. */
  challenge = challenge_of (req);
  raw = g_base64_decode (challenge, &raw_len);
  g_assert_cmpuint (raw_len, ==, 20);
  g_free (raw);
  again = vnt_request_writer_build (key, "KAHO641101B39", "KAHO641101HNTLKS06",
                                    "oscar@example.com", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (req, again));

  /* Our reader. */
  csr = vnt_csr_new_from_bytes (req, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_csr_get_signature_valid (csr));
  g_assert_cmpstr (vnt_csr_get_signature_algorithm (csr), ==, "RSA-SHA1");
  g_assert_true (vnt_csr_has_challenge_password (csr));
  g_assert_cmpstr (vnt_csr_get_key_id (csr), ==, vnt_private_key_get_id (key));
  if (moral)
    {
      g_assert_cmpint (vnt_csr_get_persona (csr), ==, VNT_PERSONA_MORAL);
      g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "IIA040805DZ4");
      g_assert_cmpstr (vnt_csr_get_representative_rfc (csr), ==, "KAHO641101B39");
      g_assert_cmpstr (vnt_csr_get_representative_curp (csr), ==, "KAHO641101HNTLKS06");
      g_assert_cmpstr (vnt_csr_get_email (csr), ==, "empresa@example.com");
    }
  else
    {
      g_assert_cmpint (vnt_csr_get_persona (csr), ==, VNT_PERSONA_FISICA);
      g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "KAHO641101B39");
      g_assert_cmpstr (vnt_csr_get_curp (csr), ==, "KAHO641101HNTLKS06");
      g_assert_cmpstr (vnt_csr_get_email (csr), ==, "oscar@example.com");
    }

  if (!have_openssl ())
    goto out;

  path = write_file (dir, "new.req", req);
  g_assert_cmpint (openssl (&output, "req", "-verify", "-noout", "-inform", "DER", "-in", path, NULL), ==, 0);
  g_assert_nonnull (strstr (output, "verify OK"));

  /* Field by field as Certifica's real request: the same ASN.1 structure,
   * string types (PrintableString, PrintableString, IA5String, PrintableString
   * challenge), OIDs and signature algorithm; only the values differ. */
  if (real_path != NULL)
    {
      ours_shape = asn1_shape (path);
      real_shape = asn1_shape (real_path);
      g_assert_cmpstr (ours_shape, ==, real_shape);
      g_assert_nonnull (strstr (ours_shape, "d=5 PRINTABLESTRING\nd=3 SET\nd=4 SEQUENCE\nd=5 OBJECT            :serialNumber\nd=5 PRINTABLESTRING"));
      g_assert_nonnull (strstr (ours_shape, ":emailAddress\nd=5 IA5STRING"));
      g_assert_nonnull (strstr (ours_shape, "d=2 OBJECT            :sha1WithRSAEncryption\nd=2 NULL"));
    }

out:
  remove_folder (dir);
}

static void
test_request_create_files (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 22, 9, 5, 7);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) again = NULL;
  g_autofree char *key_name = NULL;
  g_autofree char *req_name = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(GBytes) key_before = NULL;
  g_autoptr(GBytes) key_after = NULL;
  struct stat st;

  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "kaho641101b39",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "Clave2026ñ",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            when, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 2);

  key_name = g_path_get_basename (paths[0]);
  req_name = g_path_get_basename (paths[1]);
  g_assert_cmpstr (key_name, ==, "Claveprivada_FIEL_KAHO641101B39_20261122_090507.key");
  g_assert_cmpstr (req_name, ==, "Requerimiento_FIEL_KAHO641101B39_20261122_090507.req");
  g_assert_cmpuint (count_entries (dir), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (g_stat (paths[i], &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  key = vnt_private_key_new_from_file (paths[0], "Clave2026ñ", &error);
  g_assert_no_error (error);
  csr = vnt_csr_new_from_file (paths[1], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_csr_get_key_id (csr), ==, vnt_private_key_get_id (key));
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "KAHO641101B39");
  g_assert_true (vnt_csr_get_signature_valid (csr));

  /* Same second, same names: refused, and the first files are untouched. */
  key_before = read_file (paths[0]);
  again = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "KAHO641101B39",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "OtraClave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            when, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_null (again);
  g_clear_error (&error);
  key_after = read_file (paths[0]);
  g_assert_true (g_bytes_equal (key_before, key_after));
  g_assert_cmpuint (count_entries (dir), ==, 2);

  remove_folder (dir);
}

static void
test_request_refuses (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  char **paths;

  /* Check digit wrong. */
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "KAHO641101B38",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_ID_ERROR, VNT_ID_ERROR_CHECK_DIGIT);
  g_clear_error (&error);

  /* A CURP and an RFC of two different people. */
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "XOJI740919U48",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_ID_ERROR, VNT_ID_ERROR_MISMATCH);
  g_clear_error (&error);

  /* Persona moral without its representative. */
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "IIA040805DZ4",
                                                .email = "empresa@example.com",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  /* A bad e-mail address and a short password. */
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "KAHO641101B39",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar arroba example",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "KAHO641101B39",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "corta",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  /* Cancelled: nothing is left behind. */
  g_cancellable_cancel (cancellable);
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "KAHO641101B39",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, cancellable, &error);
  g_assert_null (paths);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpuint (count_entries (dir), ==, 0);
  remove_folder (dir);
}

static void
test_request_interrupted (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr(GError) error = NULL;
  char **paths;

  /* The key is written, then the .req fails half-way: the key goes too. */
  vnt_safe_file_fail_for_testing (1, 100);
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "KAHO641101B39",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* The key itself fails half-way. */
  vnt_safe_file_fail_for_testing (0, 100);
  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "KAHO641101B39",
                                                .curp = "KAHO641101HNTLKS06",
                                                .email = "oscar@example.com",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  vnt_safe_file_fail_for_testing (0, -1);
  remove_folder (dir);
}

static void
test_request_moral (void)
{
  g_autofree char *dir = make_folder ();
  g_auto(GStrv) paths = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCsr) csr = NULL;
  g_autofree char *name = NULL;

  paths = vnt_request_writer_create_efirma (&(VntEfirmaParams){
                                                .folder = dir,
                                                .rfc = "IIA040805DZ4",
                                                .email = "empresa@example.com",
                                                .representative_rfc = "KAHO641101B39",
                                                .representative_curp = "KAHO641101HNTLKS06",
                                                .new_password = "Clave2026",
                                                .bits = VNT_KEYGEN_DEFAULT_BITS,
                                            },
                                            NULL, NULL, &error);
  g_assert_no_error (error);

  name = g_path_get_basename (paths[1]);
  g_assert_true (g_str_has_prefix (name, "Requerimiento_FIEL_IIA040805DZ4_"));
  csr = vnt_csr_new_from_file (paths[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_csr_get_persona (csr), ==, VNT_PERSONA_MORAL);
  g_assert_cmpstr (vnt_csr_get_representative_curp (csr), ==, "KAHO641101HNTLKS06");

  remove_folder (dir);
}

/* .ren */

static void
test_renewal_sign (void)
{
  g_autofree char *cer_path = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *key_path = vnt_test_sat_path (KAHO ".key");
  g_autofree char *dir = NULL;
  g_autofree char *ren_path = NULL;
  g_autofree char *content_path = NULL;
  g_autofree char *signer_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *serial = NULL;
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) req = NULL;
  g_autoptr(GBytes) ren = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GDateTime) when = utc (2021, 3, 4);
  g_autoptr(GError) error = NULL;

  if (cer_path == NULL || key_path == NULL)
    return;

  cert = vnt_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  key = vnt_private_key_new_from_file (key_path, SAT_PASSWORD, &error);
  g_assert_no_error (error);

  req = vnt_request_writer_build (shared_key (), "KAHO641101B39", "KAHO641101HNTLKS06",
                                  "oscar@example.com", NULL, &error);
  g_assert_no_error (error);
  ren = vnt_renewal_sign (req, cert, key, when, &error);
  g_assert_no_error (error);

  if (!have_openssl ())
    return;

  dir = make_folder ();
  ren_path = write_file (dir, "new.ren", ren);
  content_path = g_build_filename (dir, "content", NULL);
  signer_path = g_build_filename (dir, "signer.pem", NULL);

  /* -noverify: SAT's test CA is not published; the signature itself is
   * checked. The content is our .req, byte for byte. */
  g_assert_cmpint (openssl (&output, "cms", "-verify", "-noverify", "-inform", "DER", "-in", ren_path,
                            "-out", content_path, "-signer", signer_path, NULL), ==, 0);
  content = read_file (content_path);
  g_assert_true (g_bytes_equal (content, req));

  /* It names the e.firma that signed it. */
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (openssl (&output, "x509", "-in", signer_path, "-noout", "-serial", NULL), ==, 0);
  {
    g_autofree char *upper_output = g_ascii_strup (output, -1);
    g_autofree char *upper_serial = NULL;

    serial = g_strdup_printf ("serial=%s", vnt_certificate_get_serial_hex (cert));
    upper_serial = g_ascii_strup (serial, -1);
    g_assert_nonnull (strstr (upper_output, upper_serial));
  }

  /* Certifica's shape: SHA-1 with NULL parameters, the three signed
   * attributes, rsaEncryption. */
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (openssl (&output, "asn1parse", "-inform", "DER", "-in", ren_path, NULL), ==, 0);
  g_assert_nonnull (strstr (output, ":pkcs7-signedData"));
  g_assert_nonnull (strstr (output, ":sha1\n"));
  g_assert_nonnull (strstr (output, ":contentType"));
  g_assert_nonnull (strstr (output, ":signingTime"));
  g_assert_nonnull (strstr (output, ":210304120000Z"));
  g_assert_nonnull (strstr (output, ":messageDigest"));
  g_assert_nonnull (strstr (output, ":rsaEncryption"));

  /* A tampered content fails. */
  {
    g_autoptr(GByteArray) bad = g_byte_array_new ();
    g_autoptr(GBytes) bad_bytes = NULL;
    g_autofree char *bad_path = NULL;
    gsize len = 0;
    const guint8 *d = g_bytes_get_data (ren, &len);
    const guint8 *hit;

    g_byte_array_append (bad, d, len);
    /* Flip a byte of the e-mail address inside the content. */
    hit = NULL;
    for (guint i = 0; hit == NULL && i + 6 <= bad->len; i++)
      if (memcmp (bad->data + i, "oscar@", 6) == 0)
        hit = bad->data + i;
    g_assert_nonnull (hit);
    bad->data[hit - bad->data] = 'O';
    bad_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&bad));
    bad_path = write_file (dir, "bad.ren", bad_bytes);
    g_assert_cmpint (openssl (NULL, "cms", "-verify", "-noverify", "-inform", "DER",
                              "-in", bad_path, "-out", "/dev/null", NULL), !=, 0);
  }

  remove_folder (dir);
}

static void
test_renewal_create (gconstpointer data)
{
  gboolean moral = GPOINTER_TO_INT (data);
  g_autofree char *cer_path = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *key_path = vnt_test_sat_path (KAHO ".key");
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *content_path = NULL;
  g_autoptr(GDateTime) when = utc (2021, 3, 4);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(GBytes) ren = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(VntCertificate) signer = NULL;

  if (cer_path == NULL || key_path == NULL)
    return;

  dir = make_folder ();
  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = cer_path,
                                         .key_path = key_path,
                                         .password = SAT_PASSWORD,
                                         .rfc = moral ? "IIA040805DZ4" : NULL,
                                         .new_password = "NuevaClave2021",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     when, NULL, &error);
  g_assert_no_error (error);

  name = g_path_get_basename (paths[1]);
  g_assert_true (g_str_has_prefix (name, moral ? "Renovacion_FIEL_IIA040805DZ4_2021030"
                                               : "Renovacion_FIEL_KAHO641101B39_2021030"));
  g_assert_true (g_str_has_suffix (name, ".ren"));

  key = vnt_private_key_new_from_file (paths[0], "NuevaClave2021", &error);
  g_assert_no_error (error);

  /* Our reader gives back the request and its signer. */
  ren = read_file (paths[1]);
  signer = vnt_signature_verify_cms (ren, NULL, &content, &error);
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE) ||
      g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE))
    g_test_message ("vnt_signature_verify_cms: %s", error->message);
  g_clear_error (&error);
  if (signer != NULL)
    g_assert_cmpstr (vnt_certificate_get_rfc (signer), ==, "KAHO641101B39");

  if (content == NULL && have_openssl ())
    {
      content_path = g_build_filename (dir, "content", NULL);
      g_assert_cmpint (openssl (NULL, "cms", "-verify", "-noverify", "-inform", "DER",
                                "-in", paths[1], "-out", content_path, NULL), ==, 0);
      content = read_file (content_path);
      g_unlink (content_path);
    }
  if (content == NULL)
    goto out;

  csr = vnt_csr_new_from_bytes (content, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_csr_get_key_id (csr), ==, vnt_private_key_get_id (key));
  g_assert_true (vnt_csr_get_signature_valid (csr));
  if (moral)
    {
      g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "IIA040805DZ4");
      g_assert_cmpstr (vnt_csr_get_representative_rfc (csr), ==, "KAHO641101B39");
      g_assert_cmpstr (vnt_csr_get_representative_curp (csr), ==, "KAHO641101HNTLKS06");
    }
  else
    {
      g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "KAHO641101B39");
      g_assert_cmpstr (vnt_csr_get_curp (csr), ==, "KAHO641101HNTLKS06");
    }

out:
  remove_folder (dir);
}

static void
test_renewal_refuses (void)
{
  g_autofree char *cer_path = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *key_path = vnt_test_sat_path (KAHO ".key");
  g_autofree char *csd_cer = vnt_test_sat_path ("csd/csd-fisica-KAHO641101B39.cer");
  g_autofree char *csd_key = vnt_test_sat_path ("csd/csd-fisica-KAHO641101B39.key");
  g_autofree char *moral_cer = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *moral_key = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  g_autofree char *other_key = vnt_test_sat_path ("fiel/fiel-fisica-XOJI740919U48.key");
  g_autofree char *dir = NULL;
  g_autoptr(GDateTime) when = utc (2021, 3, 4);
  g_autoptr(GDateTime) later = utc (2024, 1, 1);
  g_autoptr(GError) error = NULL;
  char **paths;

  if (cer_path == NULL || csd_cer == NULL || moral_cer == NULL || other_key == NULL)
    return;

  dir = make_folder ();

  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = cer_path,
                                         .key_path = key_path,
                                         .password = SAT_PASSWORD,
                                         .new_password = "NuevaClave2021",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     later, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED);
  g_clear_error (&error);

  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = cer_path,
                                         .key_path = key_path,
                                         .password = "12345678b",
                                         .new_password = "NuevaClave2021",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     when, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = cer_path,
                                         .key_path = other_key,
                                         .password = SAT_PASSWORD,
                                         .new_password = "NuevaClave2021",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     when, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH);
  g_clear_error (&error);

  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = csd_cer,
                                         .key_path = csd_key,
                                         .password = SAT_PASSWORD,
                                         .new_password = "NuevaClave2021",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     when, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA);
  g_clear_error (&error);

  /* A company's own e.firma does not sign its renewal. */
  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = moral_cer,
                                         .key_path = moral_key,
                                         .password = SAT_PASSWORD,
                                         .new_password = "NuevaClave2026",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  /* The .ren fails after the new key was written: neither stays. */
  vnt_safe_file_fail_for_testing (1, 100);
  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = cer_path,
                                         .key_path = key_path,
                                         .password = SAT_PASSWORD,
                                         .new_password = "NuevaClave2021",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     when, NULL, &error);
  vnt_safe_file_fail_for_testing (0, -1);
  g_assert_null (paths);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpuint (count_entries (dir), ==, 0);
  remove_folder (dir);
}

/* .pfx */

static void
test_pkcs12 (gconstpointer data)
{
  VntPkcs12Profile profile = GPOINTER_TO_INT (data);
  g_autofree char *cer_path = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *key_path = vnt_test_sat_path (KAHO ".key");
  g_autofree char *dir = NULL;
  g_autofree char *pfx_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *keytool = NULL;
  g_autoptr(GBytes) pfx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntCertificate) cert = NULL;
  VntKeyFiles files;
  struct stat st;

  if (cer_path == NULL || key_path == NULL)
    return;

  dir = make_folder ();
  pfx_path = g_build_filename (dir, "idse.pfx", NULL);

  files = (VntKeyFiles){
    .cer_path = cer_path,
    .key_path = key_path,
    .password = SAT_PASSWORD,
    .out_path = pfx_path,
    .new_password = "ClavePfx2026",
    .protection = profile,
  };
  g_assert_true (vnt_pkcs12_writer_save (&files, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pfx_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Never over an existing file. */
  g_assert_false (vnt_pkcs12_writer_save (&files, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* Our reader: the key and its certificate come back together. */
  pfx = read_file (pfx_path);
  credential = vnt_credential_new_from_pkcs12 (pfx, "ClavePfx2026", &error);
  g_assert_no_error (error);
  cert = vnt_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (vnt_credential_get_certificate (credential), cert));
  g_clear_object (&credential);
  credential = vnt_credential_new_from_pkcs12 (pfx, "OtraClave2026", &error);
  g_assert_null (credential);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  if (!have_openssl ())
    goto out;

  /* OpenSSL 3 reads 3DES and the PKCS#12 KDF without -legacy. */
  g_assert_cmpint (openssl (&output, "pkcs12", "-info", "-noout", "-in", pfx_path,
                            "-passin", "pass:ClavePfx2026", NULL), ==, 0);
  if (profile == VNT_PKCS12_PROFILE_MODERN)
    {
      g_assert_nonnull (strstr (output, "MAC: sha256"));
      g_assert_nonnull (strstr (output, "PBES2, PBKDF2, AES-256-CBC"));
      g_assert_nonnull (strstr (output, "PRF hmacWithSHA256"));
      g_assert_nonnull (strstr (output, "MAC: sha256, Iteration 600000"));
      g_assert_nonnull (strstr (output, "AES-256-CBC, Iteration 600000"));
      g_assert_null (strstr (output, "TripleDES"));
    }
  else
    {
      g_assert_nonnull (strstr (output, "MAC: sha1, Iteration 2048"));
      g_assert_nonnull (strstr (output, "PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"));
      g_assert_nonnull (strstr (output, "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"));
      g_assert_null (strstr (output, "PBES2"));
    }
  g_assert_nonnull (strstr (output, "Shrouded Keybag"));
  g_assert_nonnull (strstr (output, "Certificate bag"));
  g_assert_cmpint (openssl (NULL, "pkcs12", "-info", "-noout", "-in", pfx_path,
                            "-passin", "pass:OtraClave2026", NULL), !=, 0);

  /* The certificate and key both come out, tied by localKeyID. */
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (openssl (&output, "pkcs12", "-in", pfx_path, "-nodes",
                            "-passin", "pass:ClavePfx2026", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "BEGIN CERTIFICATE"));
  g_assert_nonnull (strstr (output, "BEGIN PRIVATE KEY"));
  g_assert_nonnull (strstr (output, "localKeyID"));

  /* Java's keystore reads it as one key entry named after the holder
   * (the compatibility profile only: Java's 600,000 rounds take seconds). */
  keytool = g_find_program_in_path ("keytool");
  if (keytool != NULL && profile == VNT_PKCS12_PROFILE_COMPAT)
    {
      g_autofree char *stdout_text = NULL;
      g_autoptr(GError) spawn_error = NULL;
      const char *argv[] = { "keytool", "-list", "-keystore", pfx_path, "-storetype", "PKCS12",
                             "-storepass", "ClavePfx2026", NULL };
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &stdout_text, NULL, &status, &spawn_error);
      g_assert_no_error (spawn_error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (stdout_text, "oscar kala haak, "));
      g_assert_nonnull (strstr (stdout_text, "PrivateKeyEntry"));
    }

out:
  remove_folder (dir);
}

static void
test_pkcs12_mismatch (void)
{
  g_autofree char *cer_path = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *dir = NULL;
  g_autofree char *pfx_path = NULL;
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pfx = NULL;

  if (cer_path == NULL)
    return;

  cert = vnt_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  pfx = vnt_pkcs12_writer_build (cert, shared_key (), "ClavePfx2026", VNT_PKCS12_PROFILE_MODERN, &error);
  g_assert_null (pfx);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH);
}

/* SAT's test e.firma: renewing it and writing its .pfx. */
static void
test_sat_efirma (void)
{
  g_autofree char *cer_path = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *key_path = vnt_test_sat_path (KAHO ".key");
  g_autofree char *dir = NULL;
  g_autofree char *pfx_path = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GError) error = NULL;

  if (cer_path == NULL || key_path == NULL)
    return;

  dir = make_folder ();
  pfx_path = g_build_filename (dir, "idse.pfx", NULL);

  /* Today SAT's test e.firma has expired: the renewal says so. */
  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = dir,
                                         .cer_path = cer_path,
                                         .key_path = key_path,
                                         .password = SAT_PASSWORD,
                                         .new_password = "NuevaClave2026",
                                         .bits = VNT_KEYGEN_DEFAULT_BITS,
                                     },
                                     NULL, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED);
  g_clear_error (&error);

  g_assert_true (vnt_pkcs12_writer_save (&(VntKeyFiles){
                                             .cer_path = cer_path,
                                             .key_path = key_path,
                                             .password = SAT_PASSWORD,
                                             .out_path = pfx_path,
                                             .new_password = "ClavePfx2026",
                                             .protection = VNT_PKCS12_PROFILE_COMPAT,
                                         },
                                         NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pfx_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  remove_folder (dir);
}

/* Key generation */

static void
test_keygen_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (vnt_keygen_generate (VNT_KEYGEN_DEFAULT_BITS, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The larger size on offer. */
static void
test_keygen_4096 (void)
{
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) req = NULL;
  g_autoptr(VntCsr) csr = NULL;
  g_autoptr(GError) error = NULL;

  key = vnt_keygen_generate (VNT_KEYGEN_LARGE_BITS, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (vnt_private_key_get_bits (key), ==, 4096);
  req = vnt_request_writer_build (key, "KAHO641101B39", "KAHO641101HNTLKS06",
                                  "oscar@example.com", NULL, &error);
  g_assert_no_error (error);
  csr = vnt_csr_new_from_bytes (req, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vnt_csr_get_key_bits (csr), ==, 4096);
  g_assert_true (vnt_csr_get_signature_valid (csr));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/crypto/new-keys/key/sat-format", test_sat_key_format);
  g_test_add_func ("/crypto/new-keys/key/windows-1252-password", test_sat_key_windows_1252);
  g_test_add_func ("/crypto/new-keys/key/modern", test_modern_key);
  g_test_add_func ("/crypto/new-keys/key/change-password", test_change_password);
  g_test_add_func ("/crypto/new-keys/key/change-password-cancelled",
                   test_change_password_cancelled);
  g_test_add_func ("/crypto/new-keys/request/reproduces-certifica", test_request_reproduces_certifica);
  g_test_add_data_func ("/crypto/new-keys/request/shape-fisica", GINT_TO_POINTER (FALSE), test_request_shape);
  g_test_add_data_func ("/crypto/new-keys/request/shape-moral", GINT_TO_POINTER (TRUE), test_request_shape);
  g_test_add_func ("/crypto/new-keys/request/create-files", test_request_create_files);
  g_test_add_func ("/crypto/new-keys/request/refuses", test_request_refuses);
  g_test_add_func ("/crypto/new-keys/request/interrupted", test_request_interrupted);
  g_test_add_func ("/crypto/new-keys/request/moral", test_request_moral);
  g_test_add_func ("/crypto/new-keys/renewal/sign", test_renewal_sign);
  g_test_add_data_func ("/crypto/new-keys/renewal/create-fisica", GINT_TO_POINTER (FALSE), test_renewal_create);
  g_test_add_data_func ("/crypto/new-keys/renewal/create-moral", GINT_TO_POINTER (TRUE), test_renewal_create);
  g_test_add_func ("/crypto/new-keys/renewal/refuses", test_renewal_refuses);
  g_test_add_data_func ("/crypto/new-keys/pkcs12/modern", GINT_TO_POINTER (VNT_PKCS12_PROFILE_MODERN), test_pkcs12);
  g_test_add_data_func ("/crypto/new-keys/pkcs12/compat", GINT_TO_POINTER (VNT_PKCS12_PROFILE_COMPAT), test_pkcs12);
  g_test_add_func ("/crypto/new-keys/pkcs12/mismatch", test_pkcs12_mismatch);
  g_test_add_func ("/crypto/new-keys/sat-efirma", test_sat_efirma);
  g_test_add_func ("/crypto/new-keys/keygen/cancelled", test_keygen_cancelled);
  g_test_add_func ("/crypto/new-keys/keygen/4096", test_keygen_4096);

  return g_test_run ();
}
