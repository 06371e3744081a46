/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crypto/vnt-crypto.h"
#include "vnt-test-utils.h"

#define CER "fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer"
#define KEY "fiel/fiel-moral-EKU9003173C9-30001000000500003415.key"
#define OTHER_CER "fiel/fiel-fisica-KAHO641101B39.cer"
#define OTHER_KEY "fiel/fiel-fisica-KAHO641101B39.key"
/* The same key as KEY, stored in the clear, for OpenSSL to sign with. */
#define PLAIN_KEY "variants/EKU9003173C9-FIEL-30001000000500003415.key.pem"

static VntCredential *
open_credential (const char *cer_rel,
                 const char *key_rel)
{
  g_autofree char *cer = vnt_test_sat_path (cer_rel);
  g_autofree char *key = vnt_test_sat_path (key_rel);
  g_autoptr(GError) error = NULL;
  VntCredential *credential;

  if (cer == NULL || key == NULL)
    return NULL;

  credential = vnt_credential_new_from_files (cer, key, "12345678a", &error);
  g_assert_no_error (error);

  return credential;
}

static GBytes *
sample_data (void)
{
  const char *text = "||1.0|actualizacion-efirma|VADA800927HSRSRL05|EKU9003173C9|30001000000500003415|nonce-ñandú|";

  return g_bytes_new_static (text, strlen (text));
}

static void
test_pkcs1_round_trip (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autoptr(VntCredential) other = open_credential (OTHER_CER, OTHER_KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *other_signature = NULL;
  g_autofree guint8 *raw = NULL;
  gsize raw_len;
  char *copy;

  if (credential == NULL || other == NULL)
    return;

  signature = vnt_credential_sign_pkcs1 (credential, data, &error);
  g_assert_no_error (error);
  raw = g_base64_decode (signature, &raw_len);
  g_assert_cmpuint (raw_len, ==, 256);

  g_assert_true (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, signature, &error));
  g_assert_no_error (error);

  /* Deterministic scheme: the same data signs to the same bytes. */
  {
    g_autofree char *again = vnt_credential_sign_pkcs1 (credential, data, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, signature);
  }

  /* One changed byte in the data. */
  copy = g_strdup (g_bytes_get_data (data, NULL));
  copy[5] ^= 1;
  tampered = g_bytes_new_take (copy, strlen (copy));
  g_assert_false (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), tampered, signature, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* Right data, another certificate. */
  g_assert_false (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (other), data, signature, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* Another key's signature. */
  other_signature = vnt_credential_sign_pkcs1 (other, data, &error);
  g_assert_no_error (error);
  g_assert_false (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, other_signature, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* One changed bit in the signature. */
  raw[100] ^= 0x10;
  {
    g_autofree char *flipped = g_base64_encode (raw, raw_len);

    g_assert_false (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, flipped, &error));
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
    g_clear_error (&error);
  }

  /* Line breaks, as a mail client might add, are fine. */
  {
    g_autofree char *head = g_strndup (signature, 64);
    g_autofree char *wrapped = g_strconcat (head, "\r\n", signature + 64, "\n", NULL);

    g_assert_true (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, wrapped, &error));
    g_assert_no_error (error);
  }
}

static void
test_pkcs1_not_a_signature (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autofree char *signature = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *stray = NULL;
  const char *garbage[] = {
    "",
    "   ",
    "esto no es base64!",
    "QUJD",                 /* valid base64, three bytes */
    "QUJD=A==",             /* padding in the middle */
    "Zm9v\xc3\xb1YmFy",     /* a non-ASCII letter */
  };

  if (credential == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, garbage[i], &error));
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE);
    }

  signature = vnt_credential_sign_pkcs1 (credential, data, NULL);
  g_assert_nonnull (signature);

  /* A signature pasted short, or with a stray character. */
  cut = g_strndup (signature, strlen (signature) - 8);
  stray = g_strdup_printf ("%.*s*%s", 10, signature, signature + 10);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, cut, &error));
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE);
    g_clear_error (&error);

    g_assert_false (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, stray, &error));
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE);
  }
}

/* A signer certificate whose public key GnuTLS cannot read (found by the
 * fuzzer: GnuTLS 3.7 leaked a key object verifying with it; a leak checker,
 * valgrind or ASan, sees that). Refused as a signature that cannot be
 * checked. */
static void
test_cms_unreadable_signer_key (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GError) error = NULL;
  /* rsaEncryption: first in the certificate's public key info. */
  static const guint8 rsa_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
  g_autofree guint8 *copy = NULL;
  gboolean found = FALSE;
  const guint8 *der;
  gsize len;

  if (credential == NULL)
    return;

  cms = vnt_credential_sign_cms (credential, data, FALSE, &error);
  g_assert_no_error (error);
  der = g_bytes_get_data (cms, &len);
  copy = g_memdup2 (der, len);
  for (gsize i = 0; i + sizeof rsa_oid <= len && !found; i++)
    if (memcmp (copy + i, rsa_oid, sizeof rsa_oid) == 0)
      {
        copy[i + sizeof rsa_oid - 1] = 0x7f;
        found = TRUE;
      }
  g_assert_true (found);
  damaged = g_bytes_new (copy, len);

  signer = vnt_signature_verify_cms (damaged, NULL, NULL, &error);
  g_assert_null (signer);
  g_assert_nonnull (error);
  g_assert_true (error->domain == VNT_CRYPTO_ERROR);
}

static void
test_cms_attached (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GError) error = NULL;

  if (credential == NULL)
    return;

  cms = vnt_credential_sign_cms (credential, data, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cms);

  signer = vnt_signature_verify_cms (cms, NULL, &content, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (signer, vnt_credential_get_certificate (credential)));
  g_assert_true (g_bytes_equal (content, data));
  g_clear_object (&signer);
  g_clear_pointer (&content, g_bytes_unref);

  /* The content may also be given; it must then be the same. */
  signer = vnt_signature_verify_cms (cms, data, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signer);
  g_clear_object (&signer);

  {
    g_autoptr(GBytes) other = g_bytes_new_static ("otra cosa", 9);

    signer = vnt_signature_verify_cms (cms, other, NULL, &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
    g_assert_null (signer);
    g_clear_error (&error);
  }

  /* Tamper with the embedded content (it sits in the clear in the DER). */
  {
    gsize len;
    const guint8 *der = g_bytes_get_data (cms, &len);
    g_autofree guint8 *copy = g_memdup2 (der, len);
    const char *needle = "actualizacion";
    g_autoptr(GBytes) tampered = NULL;
    guint8 *hit = NULL;

    for (gsize i = 0; i + strlen (needle) <= len; i++)
      if (memcmp (copy + i, needle, strlen (needle)) == 0)
        {
          hit = copy + i;
          break;
        }
    g_assert_nonnull (hit);
    hit[0] = 'A';
    tampered = g_bytes_new (copy, len);

    signer = vnt_signature_verify_cms (tampered, NULL, NULL, &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
    g_assert_null (signer);
    g_clear_error (&error);

    /* And with the signature value, the last bytes of the DER. */
    memcpy (copy, der, len);
    copy[len - 10] ^= 0x01;
    g_clear_pointer (&tampered, g_bytes_unref);
    tampered = g_bytes_new (copy, len);
    signer = vnt_signature_verify_cms (tampered, NULL, NULL, &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
    g_assert_null (signer);
    g_clear_error (&error);
  }

  /* Bare base64 too. */
  {
    gsize len;
    const guint8 *der = g_bytes_get_data (cms, &len);
    g_autofree char *base64 = g_base64_encode (der, len);
    g_autoptr(GBytes) text = g_bytes_new (base64, strlen (base64));
    g_autoptr(GBytes) text_content = NULL;

    signer = vnt_signature_verify_cms (text, NULL, &text_content, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (text_content, data));
    g_clear_object (&signer);
  }

  /* PEM is read as well. */
  {
    gsize len;
    const guint8 *der = g_bytes_get_data (cms, &len);
    g_autofree char *base64 = g_base64_encode (der, len);
    g_autofree char *pem = g_strdup_printf ("-----BEGIN CMS-----\n%s\n-----END CMS-----\n", base64);
    g_autoptr(GBytes) pem_bytes = g_bytes_new (pem, strlen (pem));

    signer = vnt_signature_verify_cms (pem_bytes, NULL, &content, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (content, data));
  }
}

static void
test_cms_detached (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) attached = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GError) error = NULL;

  if (credential == NULL)
    return;

  cms = vnt_credential_sign_cms (credential, data, TRUE, &error);
  g_assert_no_error (error);
  attached = vnt_credential_sign_cms (credential, data, FALSE, &error);
  g_assert_no_error (error);
  /* Detached means the content is not carried. */
  g_assert_cmpuint (g_bytes_get_size (cms) + g_bytes_get_size (data), <=, g_bytes_get_size (attached) + 4);

  signer = vnt_signature_verify_cms (cms, data, &content, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (signer, vnt_credential_get_certificate (credential)));
  g_assert_true (g_bytes_equal (content, data));
  g_clear_object (&signer);

  {
    g_autoptr(GBytes) other = g_bytes_new_static ("||1.0|otra|", 11);

    signer = vnt_signature_verify_cms (cms, other, NULL, &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
    g_assert_null (signer);
    g_clear_error (&error);
  }

  /* Without the data there is nothing to check against. */
  signer = vnt_signature_verify_cms (cms, NULL, NULL, &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED);
  g_assert_null (signer);
}

/* Checking a signature is arithmetic: an expired certificate (every SAT
 * test certificate but two) still verifies; validity is the check's job. */
static void
test_cms_expired_signer (void)
{
  g_autoptr(VntCredential) credential = open_credential (OTHER_CER, OTHER_KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GError) error = NULL;

  if (credential == NULL)
    return;

  g_assert_cmpint (vnt_certificate_get_days_left (vnt_credential_get_certificate (credential), NULL), <, 0);

  cms = vnt_credential_sign_cms (credential, data, FALSE, &error);
  g_assert_no_error (error);
  signer = vnt_signature_verify_cms (cms, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (signer, vnt_credential_get_certificate (credential)));
}

static void
test_cms_not_a_signature (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4096);
  g_autofree char *cer_path = vnt_test_sat_path (CER);
  guint8 noise[600];
  const char *texts[] = {
    "",
    "hola",
    "-----BEGIN CMS-----\nno es base64!\n-----END CMS-----\n",
  };

  if (cer_path == NULL)
    return;

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);

  for (guint i = 0; i <= G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = i < G_N_ELEMENTS (texts)
        ? g_bytes_new_static (texts[i], strlen (texts[i]))
        : g_bytes_new_static (noise, sizeof noise);
      g_autoptr(VntCertificate) signer = NULL;
      g_autoptr(GError) error = NULL;

      signer = vnt_signature_verify_cms (bytes, NULL, NULL, &error);
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE);
      g_assert_null (signer);
    }

  /* A certificate is not a signature either. */
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(VntCertificate) signer = NULL;
    g_autoptr(GError) error = NULL;
    char *contents;
    gsize len;

    g_file_get_contents (cer_path, &contents, &len, &error);
    g_assert_no_error (error);
    bytes = g_bytes_new_take (contents, len);
    signer = vnt_signature_verify_cms (bytes, NULL, NULL, &error);
    g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE);
  }
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

static void
test_sign_async (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  AsyncData async = { 0 };

  if (credential == NULL)
    return;

  async.loop = g_main_loop_new (NULL, FALSE);
  vnt_credential_sign_pkcs1_async (credential, data, NULL, async_done_cb, &async);
  g_main_loop_run (async.loop);
  signature = vnt_credential_sign_pkcs1_finish (credential, async.result, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, signature, &error));
  g_assert_no_error (error);
  g_clear_object (&async.result);

  vnt_credential_sign_cms_async (credential, data, TRUE, NULL, async_done_cb, &async);
  g_main_loop_run (async.loop);
  cms = vnt_credential_sign_cms_finish (credential, async.result, &error);
  g_assert_no_error (error);
  signer = vnt_signature_verify_cms (cms, data, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&async.result);

  g_cancellable_cancel (cancellable);
  vnt_credential_sign_pkcs1_async (credential, data, cancellable, async_done_cb, &async);
  g_main_loop_run (async.loop);
  g_clear_pointer (&signature, g_free);
  signature = vnt_credential_sign_pkcs1_finish (credential, async.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (signature);
  g_clear_object (&async.result);
  g_main_loop_unref (async.loop);
}

/* Signing from several threads at once on one credential. */
static gpointer
sign_thread (gpointer user_data)
{
  VntCredential *credential = user_data;
  g_autoptr(GBytes) data = sample_data ();

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *signature = vnt_credential_sign_pkcs1 (credential, data, &error);

      g_assert_no_error (error);
      g_assert_true (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, signature, &error));
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_sign_threads (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  GThread *threads[4];

  if (credential == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("sign", sign_thread, credential);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

/* OpenSSL interoperability. */

static gboolean
run (const char * const  *argv,
     char               **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     out, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);

  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s failed: %s", argv[1], err);
      return FALSE;
    }

  return TRUE;
}

static char *
write_file (const char *dir,
            const char *name,
            GBytes     *data)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize len;
  const char *contents = g_bytes_get_data (data, &len);

  g_file_set_contents (path, contents != NULL ? contents : "", len, &error);
  g_assert_no_error (error);

  return path;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static char *
openssl_or_skip (void)
{
  char *openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    g_test_skip ("openssl is not installed");

  return openssl;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_openssl_verifies_ours (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autofree char *openssl = openssl_or_skip ();
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GBytes) attached = NULL;
  g_autoptr(GBytes) detached = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_path = NULL, *attached_path = NULL, *detached_path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(GBytes) out = NULL;

  if (credential == NULL || openssl == NULL)
    return;

  attached = vnt_credential_sign_cms (credential, data, FALSE, &error);
  g_assert_no_error (error);
  detached = vnt_credential_sign_cms (credential, data, TRUE, &error);
  g_assert_no_error (error);

  dir = g_dir_make_tmp ("vnt-signature-XXXXXX", &error);
  g_assert_no_error (error);
  data_path = write_file (dir, "data.txt", data);
  attached_path = write_file (dir, "attached.p7m", attached);
  detached_path = write_file (dir, "detached.p7s", detached);
  out_path = g_build_filename (dir, "out.txt", NULL);

  {
    const char *argv[] = { openssl, "cms", "-verify", "-noverify", "-binary", "-inform", "DER",
                           "-in", attached_path, "-out", out_path, NULL };

    g_assert_true (run (argv, NULL));
    out = read_file (out_path);
    g_assert_true (g_bytes_equal (out, data));
  }

  {
    const char *argv[] = { openssl, "cms", "-verify", "-noverify", "-binary", "-inform", "DER",
                           "-in", detached_path, "-content", data_path, "-out", out_path, NULL };

    g_assert_true (run (argv, NULL));
  }

  /* OpenSSL refuses a tampered content. */
  {
    g_autoptr(GBytes) other = g_bytes_new_static ("otra cosa", 9);
    g_autofree char *other_path = write_file (dir, "other.txt", other);
    const char *argv[] = { openssl, "cms", "-verify", "-noverify", "-binary", "-inform", "DER",
                           "-in", detached_path, "-content", other_path, "-out", out_path, NULL };

    g_assert_false (run (argv, NULL));
  }

  /* The signed attributes, SHA-256 and the signer certificate are there. */
  {
    const char *argv[] = { openssl, "cms", "-cmsout", "-print", "-noout", "-inform", "DER",
                           "-in", attached_path, NULL };

    g_assert_true (run (argv, &printed));
    g_assert_nonnull (strstr (printed, "contentType"));
    g_assert_nonnull (strstr (printed, "signingTime"));
    g_assert_nonnull (strstr (printed, "messageDigest"));
    g_assert_nonnull (strstr (printed, "sha256"));
    g_assert_nonnull (strstr (printed, "certificates:"));
  }

  remove_dir (dir);
}

static GBytes *
certificate_pem (VntCertificate *certificate)
{
  GBytes *der = vnt_certificate_get_der (certificate);
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  GString *pem = g_string_new ("-----BEGIN CERTIFICATE-----\n");

  for (const char *p = base64; *p != '\0'; p += MIN (64, strlen (p)))
    {
      g_string_append_len (pem, p, MIN (64, strlen (p)));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CERTIFICATE-----\n");

  return g_string_free_to_bytes (pem);
}

static void
test_we_verify_openssl (void)
{
  g_autoptr(VntCredential) credential = open_credential (CER, KEY);
  g_autofree char *openssl = openssl_or_skip ();
  g_autofree char *key_path = vnt_test_sat_path (PLAIN_KEY);
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_path = NULL, *cer_path = NULL, *cms_path = NULL;
  const char *digests[] = { "sha256", "sha1" };

  if (credential == NULL || openssl == NULL || key_path == NULL)
    return;

  dir = g_dir_make_tmp ("vnt-signature-XXXXXX", &error);
  g_assert_no_error (error);
  pem = certificate_pem (vnt_credential_get_certificate (credential));
  cer_path = write_file (dir, "signer.pem", pem);
  data_path = write_file (dir, "data.txt", data);
  cms_path = g_build_filename (dir, "signed.der", NULL);

  /* SHA-1 too: SAT's .ren files are signed with it. */
  for (guint i = 0; i < G_N_ELEMENTS (digests); i++)
    {
      g_autoptr(VntCertificate) signer = NULL;
      g_autoptr(GBytes) cms = NULL;
      g_autoptr(GBytes) content = NULL;
      const char *attached_argv[] = { openssl, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER",
                                      "-md", digests[i], "-in", data_path, "-signer", cer_path,
                                      "-inkey", key_path, "-out", cms_path, NULL };
      const char *detached_argv[] = { openssl, "cms", "-sign", "-binary", "-outform", "PEM",
                                      "-md", digests[i], "-in", data_path, "-signer", cer_path,
                                      "-inkey", key_path, "-out", cms_path, NULL };

      g_assert_true (run (attached_argv, NULL));
      cms = read_file (cms_path);
      signer = vnt_signature_verify_cms (cms, NULL, &content, &error);
      g_assert_no_error (error);
      g_assert_true (vnt_certificate_equal (signer, vnt_credential_get_certificate (credential)));
      g_assert_true (g_bytes_equal (content, data));
      g_clear_object (&signer);
      g_clear_pointer (&cms, g_bytes_unref);
      g_clear_pointer (&content, g_bytes_unref);

      g_assert_true (run (detached_argv, NULL));
      cms = read_file (cms_path);
      signer = vnt_signature_verify_cms (cms, data, &content, &error);
      g_assert_no_error (error);
      g_assert_true (vnt_certificate_equal (signer, vnt_credential_get_certificate (credential)));
      g_clear_object (&signer);

      {
        g_autoptr(GBytes) other = g_bytes_new_static ("otra cosa", 9);

        signer = vnt_signature_verify_cms (cms, other, NULL, &error);
        g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE);
        g_clear_error (&error);
      }
    }

  /* And a PKCS#1 signature made by OpenSSL. */
  {
    g_autofree char *sig_path = g_build_filename (dir, "data.sig", NULL);
    const char *argv[] = { openssl, "dgst", "-sha256", "-sign", key_path, "-out", sig_path, data_path, NULL };
    g_autoptr(GBytes) sig = NULL;
    g_autofree char *base64 = NULL;

    g_assert_true (run (argv, NULL));
    sig = read_file (sig_path);
    base64 = g_base64_encode (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
    g_assert_true (vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), data, base64, &error));
    g_assert_no_error (error);
  }

  remove_dir (dir);
}

/* SAT certificates carry no subject key identifier; a throwaway EC one
 * does, so the signer can be named by it. */
static void
test_we_verify_openssl_keyid (void)
{
  g_autofree char *openssl = openssl_or_skip ();
  g_autoptr(GBytes) data = sample_data ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCertificate) expected = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *key_path = NULL, *cer_path = NULL, *data_path = NULL, *cms_path = NULL;

  if (openssl == NULL)
    return;

  dir = g_dir_make_tmp ("vnt-signature-XXXXXX", &error);
  g_assert_no_error (error);
  key_path = g_build_filename (dir, "key.pem", NULL);
  cer_path = g_build_filename (dir, "cer.pem", NULL);
  cms_path = g_build_filename (dir, "signed.der", NULL);
  data_path = write_file (dir, "data.txt", data);

  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-keyout", key_path, "-out", cer_path, "-subj", "/CN=Prueba",
                           "-days", "1", NULL };
    const char *sign_argv[] = { openssl, "cms", "-sign", "-binary", "-nodetach", "-keyid", "-outform", "DER",
                                "-in", data_path, "-signer", cer_path, "-inkey", key_path,
                                "-out", cms_path, NULL };

    g_assert_true (run (argv, NULL));
    g_assert_true (run (sign_argv, NULL));
  }

  cms = read_file (cms_path);
  signer = vnt_signature_verify_cms (cms, NULL, &content, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (content, data));

  expected = vnt_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (signer, expected));

  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/signature/pkcs1/round-trip", test_pkcs1_round_trip);
  g_test_add_func ("/signature/pkcs1/not-a-signature", test_pkcs1_not_a_signature);
  g_test_add_func ("/signature/cms/attached", test_cms_attached);
  g_test_add_func ("/signature/cms/detached", test_cms_detached);
  g_test_add_func ("/signature/cms/expired-signer", test_cms_expired_signer);
  g_test_add_func ("/signature/cms/not-a-signature", test_cms_not_a_signature);
  g_test_add_func ("/signature/async", test_sign_async);
  g_test_add_func ("/signature/threads", test_sign_threads);
  g_test_add_func ("/signature/cms-unreadable-signer-key", test_cms_unreadable_signer_key);
  g_test_add_func ("/signature/openssl/verifies-ours", test_openssl_verifies_ours);
  g_test_add_func ("/signature/openssl/we-verify-theirs", test_we_verify_openssl);
  g_test_add_func ("/signature/openssl/we-verify-theirs-keyid", test_we_verify_openssl_keyid);

  return g_test_run ();
}
