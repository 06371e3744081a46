/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "controllers/steps/vnt-pfx-step.h"
#include "controllers/vnt-procedure-private.h"
#include "core/vnt-safe-file.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "crypto/vnt-sat-key.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

/* The `.pfx` step on its own: an IDSE certificate issued by a CA made for
 * the test, packed with its key, written, read back by GnuTLS and by
 * openssl; its refusals (another key, an existing file, a short password);
 * and opening an IDSE credential from a .pfx or a .cer and .key. */

#define RFC "KAHO641101B39"
#define CURP "KAHO641101HNTLKS06"
#define IDSE_PASSWORD "Ilumina2026x"

/* A procedure with one step to pack and one after. */
#define TEST_TYPE_PROCEDURE (test_procedure_get_type ())
G_DECLARE_FINAL_TYPE (TestProcedure, test_procedure, TEST, PROCEDURE, VntProcedure)

struct _TestProcedure
{
  VntProcedure parent_instance;
};

G_DEFINE_FINAL_TYPE (TestProcedure, test_procedure, VNT_TYPE_PROCEDURE)

static const char * const test_steps[] = { "certificate", "saved", "done", NULL };

static void
test_procedure_class_init (TestProcedureClass *klass)
{
  VNT_PROCEDURE_CLASS (klass)->procedure_id = "idse.recover";
  VNT_PROCEDURE_CLASS (klass)->steps = test_steps;
}

static void
test_procedure_init (TestProcedure *self)
{
}

typedef struct {
  char             *dir;
  VntIdseCa        *ca;
  VntServiceClient *client;
  VntTramiteStore  *store;
  VntProcedure     *procedure;
  VntPfxStep       *step;
  VntCertificate   *certificate;
  VntPrivateKey    *key;
  char             *cer_path;
  char             *key_path;
} Fixture;

static VntCertificate *
issue (VntIdseCa      *ca,
       const char     *number,
       VntPrivateKey **key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csr = vnt_test_make_csr (RFC, CURP, key);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_after = g_date_time_add_days (now, 700);
  g_autoptr(GBytes) der = vnt_idse_ca_issue (ca, csr, "OSCAR KALA HAAK", RFC, number, now, not_after, &error);
  VntCertificate *certificate;

  g_assert_no_error (error);
  certificate = vnt_certificate_new_from_bytes (der, &error);
  g_assert_no_error (error);
  return certificate;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = NULL;
  GBytes *der;

  f->dir = g_dir_make_tmp ("vnt-pfx-step-XXXXXX", &error);
  g_assert_no_error (error);
  f->ca = vnt_idse_ca_open (f->dir, &error);
  g_assert_no_error (error);
  f->certificate = issue (f->ca, "00001000000000000042", &f->key);

  f->cer_path = g_build_filename (f->dir, "idse.cer", NULL);
  f->key_path = g_build_filename (f->dir, "idse.key", NULL);
  der = vnt_certificate_get_der (f->certificate);
  g_assert_true (vnt_safe_file_write_bytes (f->cer_path, der, NULL, &error));
  g_assert_true (vnt_sat_key_save (f->key, f->key_path, IDSE_PASSWORD, VNT_KEY_PROTECTION_SAT, NULL, &error));
  g_assert_no_error (error);

  store_dir = g_build_filename (f->dir, "store", NULL);
  f->client = vnt_service_client_new ("http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  f->store = vnt_tramite_store_new (store_dir);
  f->procedure = g_object_new (TEST_TYPE_PROCEDURE, "client", f->client, "store", f->store, NULL);
  f->step = vnt_pfx_step_new (f->procedure, "pfx", "saved");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->step);
  g_clear_object (&f->procedure);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->certificate);
  g_clear_object (&f->key);
  g_clear_object (&f->ca);
  vnt_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->cer_path);
  g_free (f->key_path);
}

static gboolean
save (Fixture           *f,
      const char        *path,
      const char        *password,
      VntPkcs12Profile   profile,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_pfx_step_save_async (f->step, path, password, profile, NULL, vnt_test_store_result_cb, &result);
  return vnt_pfx_step_save_finish (f->step, vnt_test_wait_for (&result), error);
}

/* Whether `openssl pkcs12` reads @path with @password; TRUE without openssl. */
static gboolean
openssl_reads (const char *path,
               const char *password)
{
  g_autofree char *pass = g_strconcat ("pass:", password, NULL);
  const char *argv[] = { "openssl", "pkcs12", "-in", path, "-passin", pass, "-nodes", "-info", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  int status = 0;

  if (openssl == NULL)
    {
      g_test_message ("openssl not found: the .pfx is read back with GnuTLS only");
      return TRUE;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return FALSE;

  /* The certificate and its key, both. */
  g_assert_nonnull (strstr (out, "BEGIN CERTIFICATE"));
  g_assert_nonnull (strstr (out, "PRIVATE KEY"));
  return TRUE;
}

static void
assert_pfx (const char     *path,
            const char     *password,
            VntCertificate *certificate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCredential) credential = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  credential = vnt_credential_new_from_files (path, NULL, password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_credential_get_certificate (credential)), ==,
                   vnt_certificate_get_number (certificate));
  g_assert_true (openssl_reads (path, password));
  g_assert_false (openssl_reads (path, "Otra2026xx"));
}

static void
test_save_modern (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (vnt_pfx_step_set_contents (f->step, f->certificate, f->key, &error));
  g_assert_no_error (error);
  name = vnt_pfx_step_get_default_name (f->step);
  g_assert_cmpstr (name, ==, RFC "_00001000000000000042.pfx");
  path = g_build_filename (f->dir, name, NULL);

  /* The packing runs in a worker: the procedure is busy meanwhile. */
  vnt_pfx_step_save_async (f->step, path, IDSE_PASSWORD, VNT_PKCS12_PROFILE_MODERN, NULL,
                           vnt_test_store_result_cb, &result);
  g_assert_true (vnt_procedure_get_busy (f->procedure));
  g_assert_true (vnt_pfx_step_save_finish (f->step, vnt_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_false (vnt_procedure_get_busy (f->procedure));
  g_assert_cmpstr (vnt_procedure_get_step (f->procedure), ==, "saved");
  g_assert_cmpstr (vnt_pfx_step_get_path (f->step), ==, path);
  assert_pfx (path, IDSE_PASSWORD, f->certificate);
}

static void
test_save_compat (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "compat.pfx", NULL);

  g_assert_true (vnt_pfx_step_set_contents (f->step, f->certificate, f->key, &error));
  g_assert_true (save (f, path, IDSE_PASSWORD, VNT_PKCS12_PROFILE_COMPAT, &error));
  g_assert_no_error (error);
  assert_pfx (path, IDSE_PASSWORD, f->certificate);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) other_key = NULL;
  g_autoptr(VntCertificate) other = issue (f->ca, "00001000000000000043", &other_key);
  g_autofree char *path = g_build_filename (f->dir, "taken.pfx", NULL);
  g_autofree char *contents = NULL;

  /* Nothing to pack yet. */
  g_assert_false (save (f, path, IDSE_PASSWORD, VNT_PKCS12_PROFILE_MODERN, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP);
  g_clear_error (&error);

  /* Another certificate's key: said plainly, and nothing kept. */
  g_assert_false (vnt_pfx_step_set_contents (f->step, other, f->key, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH);
  g_assert_nonnull (strstr (error->message, "not this certificate"));
  g_assert_null (vnt_pfx_step_get_certificate (f->step));
  g_clear_error (&error);

  g_assert_true (vnt_pfx_step_set_contents (f->step, f->certificate, f->key, &error));

  /* A password IDSE would not take. */
  g_assert_false (save (f, path, "corta", VNT_PKCS12_PROFILE_MODERN, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* An existing file is never replaced. */
  g_assert_true (g_file_set_contents (path, "mine", -1, &error));
  g_assert_false (save (f, path, IDSE_PASSWORD, VNT_PKCS12_PROFILE_MODERN, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "mine");
  g_assert_cmpstr (vnt_procedure_get_step (f->procedure), ==, "certificate");
  g_assert_null (vnt_pfx_step_get_path (f->step));
}

static VntCredential *
open_credential (const char  *path,
                 const char  *key_path,
                 const char  *password,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_pfx_step_open_credential_async (path, key_path, password, NULL, vnt_test_store_result_cb, &result);
  return vnt_pfx_step_open_credential_finish (vnt_test_wait_for (&result), error);
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCredential) from_pfx = NULL;
  g_autoptr(VntCredential) from_files = NULL;
  g_autoptr(VntCredential) wrong = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(VntPrivateKey) other_key = NULL;
  g_autoptr(VntCertificate) other = issue (f->ca, "00001000000000000044", &other_key);
  g_autofree char *pfx = g_build_filename (f->dir, "open.pfx", NULL);
  g_autofree char *other_cer = g_build_filename (f->dir, "other.cer", NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (vnt_pfx_step_set_contents (f->step, f->certificate, f->key, &error));
  g_assert_true (save (f, pfx, IDSE_PASSWORD, VNT_PKCS12_PROFILE_MODERN, &error));
  g_assert_no_error (error);

  from_pfx = open_credential (pfx, NULL, IDSE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_credential_get_certificate (from_pfx)), ==, "00001000000000000042");

  from_files = open_credential (f->cer_path, f->key_path, IDSE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_credential_get_certificate (from_files)), ==, "00001000000000000042");

  wrong = open_credential (pfx, NULL, "Equivocada1", &error);
  g_assert_null (wrong);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_nonnull (strstr (error->message, "IDSE"));
  g_clear_error (&error);

  g_assert_true (vnt_safe_file_write_bytes (other_cer, vnt_certificate_get_der (other), NULL, &error));
  wrong = open_credential (other_cer, f->key_path, IDSE_PASSWORD, &error);
  g_assert_null (wrong);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH);
  g_assert_nonnull (strstr (error->message, "not this certificate"));
  g_clear_error (&error);

  vnt_pfx_step_open_key_async (f->key_path, IDSE_PASSWORD, NULL, vnt_test_store_result_cb, &result);
  key = vnt_pfx_step_open_key_finish (vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (vnt_private_key_matches (key, f->certificate));
  g_clear_object (&key);
  g_clear_object (&result);
  vnt_pfx_step_open_key_async (f->key_path, "Equivocada1", NULL, vnt_test_store_result_cb, &result);
  key = vnt_pfx_step_open_key_finish (vnt_test_wait_for (&result), &error);
  g_assert_null (key);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add ("/pfx-step/save-modern", Fixture, NULL, fixture_set_up, test_save_modern, fixture_tear_down);
  g_test_add ("/pfx-step/save-compat", Fixture, NULL, fixture_set_up, test_save_compat, fixture_tear_down);
  g_test_add ("/pfx-step/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/pfx-step/open", Fixture, NULL, fixture_set_up, test_open, fixture_tear_down);

  return g_test_run ();
}
