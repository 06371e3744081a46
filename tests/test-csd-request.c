/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/vnt-safe-file.h"
#include "core/vnt-zip.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-crypto-error.h"
#include "crypto/vnt-csd-request.h"
#include "crypto/vnt-key-info.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-signature.h"
#include "vnt-test-utils.h"

/* The CSD request (.sdg) and the ZIP inside it. */

#define CERTIFICA_CSD_KEY "key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225.key"
#define CERTIFICA_CSD_REQ "key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225s.req"
#define CERTIFICA_CSD_PASSWORD "Test&ñ200!"
#define NEW_PASSWORD "Sucursal2026"

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vnt-csd-request-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static GPtrArray *
folder_names (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));

  return names;
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

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_from_iso8601 ("2026-03-01T18:30:45Z", NULL);
}

/* ---- ZIP ---- */

/* The test CSD's request, its e.firma's password and @sucursales,
 * written into @dir: what most runs below make. */
static char **
create_in (const char         *dir,
           const char         *cer,
           const char         *key,
           const char * const *sucursales,
           GDateTime          *now,
           GCancellable       *cancellable,
           GError            **error)
{
  VntEfirmaParams params = {
    .folder = dir,
    .cer_path = cer,
    .key_path = key,
    .password = "12345678a",
    .sucursales = sucursales,
    .new_password = NEW_PASSWORD,
  };

  return vnt_csd_request_create (&params, now, cancellable, error);
}

static GPtrArray *
sample_entries (void)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_zip_entry_free);
  g_autoptr(GBytes) a = g_bytes_new_static ("first file, first file, first file", 34);
  g_autoptr(GBytes) b = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) c = g_bytes_new_static ("\x30\x82\x01\x00 binary \xff\x00\xd1", 15);

  g_ptr_array_add (entries, vnt_zip_entry_new ("CSD_Matriz_ÑUPJ800101Q10_20260301_123045s.req", a));
  g_ptr_array_add (entries, vnt_zip_entry_new ("empty", b));
  g_ptr_array_add (entries, vnt_zip_entry_new ("third", c));

  return entries;
}

static void
test_zip_round_trip (void)
{
  g_autoptr(GPtrArray) entries = sample_entries ();
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GBytes) zip = vnt_zip_write (entries, now);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *p = g_bytes_get_data (zip, NULL);

  g_assert_true (vnt_zip_looks_like (zip));
  /* Java's layout: version 2.0, flags 0x0808, deflated. */
  g_assert_cmpmem (p, 10, "PK\x03\x04\x14\x00\x08\x08\x08\x00", 10);

  back = vnt_zip_read (zip, 10, 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      VntZipEntry *want = g_ptr_array_index (entries, i);
      VntZipEntry *got = g_ptr_array_index (back, i);

      g_assert_cmpstr (got->name, ==, want->name);
      g_assert_true (g_bytes_equal (got->data, want->data));
    }

  /* Limits. */
  g_clear_pointer (&back, g_ptr_array_unref);
  back = vnt_zip_read (zip, 2, 1024, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (back);
  g_clear_error (&error);
  back = vnt_zip_read (zip, 10, 20, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (back);
}

/* Every truncation and every single-byte change is refused or read, never
 * a crash or a read outside the archive (run under the sanitizers too). */
static void
test_zip_damaged (void)
{
  g_autoptr(GPtrArray) entries = sample_entries ();
  g_autoptr(GBytes) zip = vnt_zip_write (entries, NULL);
  gsize len = 0;
  const guint8 *p = g_bytes_get_data (zip, &len);
  VntZipEntry *first = g_ptr_array_index (entries, 0);
  /* The first member's deflated bytes: a change there fails inflating or
   * the CRC. */
  gsize data_start = 30 + strlen (first->name);
  gsize data_end;

  /* The data descriptor ("PK\7\8", CRC, sizes) follows them. */
  for (data_end = data_start; data_end + 4 <= len && memcmp (p + data_end, "PK\x07\x08", 4) != 0; data_end++)
    ;
  g_assert_cmpuint (data_end, <, len);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new (p, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) back = vnt_zip_read (part, 10, 1024, &error);

      g_assert_null (back);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }

  for (gsize i = 0; i < len; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (p, len);
      g_autoptr(GBytes) changed = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) back = NULL;

      copy[i] ^= 0x5a;
      changed = g_bytes_new (copy, len);
      back = vnt_zip_read (changed, 10, 1024, &error);
      g_assert_true ((back == NULL) == (error != NULL));
      if (i >= data_start && i < data_end)
        g_assert_null (back);
    }
}

/* ---- Requests ---- */

static void
test_reproduces_certifica (void)
{
  g_autofree char *key_path = vnt_test_sat_path (CERTIFICA_CSD_KEY);
  g_autofree char *req_path = vnt_test_sat_path (CERTIFICA_CSD_REQ);
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) real = NULL;
  g_autoptr(GBytes) ours = NULL;
  g_autoptr(GError) error = NULL;

  if (key_path == NULL || req_path == NULL)
    return;

  key = vnt_private_key_new_from_file (key_path, CERTIFICA_CSD_PASSWORD, &error);
  g_assert_no_error (error);
  real = read_file (req_path);

  /* Certifica's own key and the e.firma's fields give the very same bytes:
   * subject order and string types, Windows-1252 Ñ in the RFC field, UTF-8
   * in O and OU, the challenge Certifica derives from the RFC field, and
   * the sha1WithRSAEncryption signature. */
  ours = vnt_csd_request_build_for_subject (key, "HAÑ930228SM9 / KAHO641101B39", " / KAHO641101HNTLKS06",
                                            TRUE, "HERMANOS ANZURES ÑARVAEZ SA", "ABC& hañ 200!", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (ours, NULL), g_bytes_get_size (ours),
                   g_bytes_get_data (real, NULL), g_bytes_get_size (real));
}

static void
test_sucursal_names (void)
{
  const char *good[] = { "Matriz", "ABC& hañ 200!", "Sucursal Ñandú 2", "x" };
  const char *bad[] = { "", "   ", "a/b", "a\\b", "tab\there",
                        "una sucursal con un nombre mucho más largo que sesenta y cuatro letras" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (vnt_csd_request_check_sucursal (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vnt_csd_request_check_sucursal (bad[i], &error));
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED);
    }
}

static void
test_create_and_read (void)
{
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "Matriz", "Sucursal Ñandú 2", NULL };
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  g_autofree char *stamp = g_date_time_format (local, "%Y%m%d_%H%M%S");
  g_autoptr(VntCertificate) efirma = NULL;
  g_autoptr(VntCsdRequest) sdg = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GPtrArray) names = NULL;

  paths = create_in (dir, cer, key, sucursales, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 3);
  names = folder_names (dir);
  g_assert_cmpuint (names->len, ==, 3);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *underscored = g_strdelimit (g_strdup (sucursales[i]), " ", '_');
      g_autofree char *want = g_strdup_printf ("CSD_%s_ÑUPJ800101Q10_%s.key", underscored, stamp);
      g_autofree char *name = g_path_get_basename (paths[i]);
      g_autoptr(VntKeyInfo) info = vnt_key_info_new_from_file (paths[i], &error);
      g_autoptr(VntPrivateKey) csd_key = NULL;
      g_autofree char *req_name = g_strdup_printf ("CSD_%s_ÑUPJ800101Q10_%ss.req", underscored, stamp);
      struct stat st;

      g_assert_cmpstr (name, ==, want);
      g_assert_cmpint (g_stat (paths[i], &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_no_error (error);
      g_assert_true (vnt_key_info_is_sat_format (info));
      csd_key = vnt_private_key_new_from_file (paths[i], NEW_PASSWORD, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vnt_private_key_get_bits (csd_key), ==, 2048);

      if (sdg == NULL)
        {
          g_autofree char *sdg_name = g_path_get_basename (paths[2]);
          g_autofree char *want_sdg = g_strdup_printf ("CSD_ÑUPJ800101Q10_%s.sdg", stamp);

          g_assert_cmpstr (sdg_name, ==, want_sdg);
          data = read_file (paths[2]);
          sdg = vnt_csd_request_new_from_bytes (data, &error);
          g_assert_no_error (error);
          g_assert_null (vnt_csd_request_get_signature_error (sdg));
          g_assert_cmpuint (vnt_csd_request_get_n_requests (sdg), ==, 2);
        }

      g_assert_cmpstr (vnt_csd_request_get_request_name (sdg, i), ==, req_name);
      {
        VntCsr *csr = vnt_csd_request_get_request (sdg, i);

        g_assert_true (vnt_csr_get_signature_valid (csr));
        g_assert_true (vnt_csr_has_challenge_password (csr));
        g_assert_cmpstr (vnt_csr_get_signature_algorithm (csr), ==, "RSA-SHA1");
        g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "ÑUPJ800101Q10");
        g_assert_cmpstr (vnt_csr_get_curp (csr), ==, "XUPJ800101HDFXXS08");
        /* A person's name goes in CN; a company's would go in O. */
        g_assert_cmpstr (vnt_csr_get_name (csr), ==, "JOSÉ ÑUÑEZ PEÑA");
        g_assert_null (vnt_csr_get_organization (csr));
        g_assert_cmpstr (vnt_csr_get_organizational_unit (csr), ==, sucursales[i]);
        g_assert_null (vnt_csr_get_email (csr));
        g_assert_cmpstr (vnt_csr_get_key_id (csr), ==, vnt_private_key_get_id (csd_key));
      }
    }

  efirma = vnt_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (vnt_csd_request_get_signer (sdg), efirma));

  vnt_test_remove_tree (dir);
}

/* A signature that does not verify is reported, the contents still read. */
static void
test_read_tampered (void)
{
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "Matriz", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(VntCsdRequest) sdg = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len = 0;

  paths = create_in (dir, cer, key, sucursales, NULL, NULL, &error);
  g_assert_no_error (error);
  data = read_file (paths[1]);
  copy = g_memdup2 (g_bytes_get_data (data, &len), g_bytes_get_size (data));
  /* The last byte belongs to the signature. */
  copy[len - 1] ^= 1;
  tampered = g_bytes_new (copy, len);

  sdg = vnt_csd_request_new_from_bytes (tampered, &error);
  g_assert_no_error (error);
  g_assert_error ((GError *) vnt_csd_request_get_signature_error (sdg), VNT_CRYPTO_ERROR,
                  VNT_CRYPTO_ERROR_BAD_SIGNATURE);
  g_assert_cmpuint (vnt_csd_request_get_n_requests (sdg), ==, 1);
  g_assert_nonnull (vnt_csd_request_get_signer (sdg));

  /* A certificate is not a .sdg at all. */
  g_clear_object (&sdg);
  g_clear_pointer (&data, g_bytes_unref);
  data = read_file (cer);
  sdg = vnt_csd_request_new_from_bytes (data, &error);
  g_assert_null (sdg);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE);

  vnt_test_remove_tree (dir);
}

static void
assert_refused (const char  *cer_rel,
                const char  *key_rel,
                gboolean     sat,
                const char  *password,
                GDateTime   *now,
                int          code)
{
  g_autofree char *cer = sat ? vnt_test_sat_path (cer_rel) : vnt_test_fixture_path (cer_rel);
  g_autofree char *key = sat ? vnt_test_sat_path (key_rel) : vnt_test_fixture_path (key_rel);
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "Matriz", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GPtrArray) names = NULL;

  if (cer == NULL || key == NULL)
    return;

  paths = vnt_csd_request_create (&(VntEfirmaParams){
                                      .folder = dir,
                                      .cer_path = cer,
                                      .key_path = key,
                                      .password = password,
                                      .sucursales = sucursales,
                                      .new_password = NEW_PASSWORD,
                                  },
                                  now, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, VNT_CRYPTO_ERROR, code);
  names = folder_names (dir);
  g_assert_cmpuint (names->len, ==, 0);
  vnt_test_remove_tree (dir);
}

static void
test_refuses (void)
{
  g_autoptr(GDateTime) in_2026 = fixed_now ();

  /* A CSD cannot sign a CSD request, even a current one. */
  assert_refused ("csd/csd-moral-EKU9003173C9-30001000000500003416.cer",
                  "csd/csd-moral-EKU9003173C9-30001000000500003416.key",
                  TRUE, "12345678a", in_2026, VNT_CRYPTO_ERROR_NOT_EFIRMA);
  assert_refused ("csd-like.cer", "csd-like.key", FALSE, "12345678a", NULL, VNT_CRYPTO_ERROR_NOT_EFIRMA);
  /* SAT's 2019 test e.firmas expired in 2023. */
  assert_refused ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key",
                  TRUE, "12345678a", in_2026, VNT_CRYPTO_ERROR_EXPIRED);
  assert_refused ("efirma-not-yet-valid.cer", "efirma-not-yet-valid.key", FALSE, "12345678a", NULL,
                  VNT_CRYPTO_ERROR_NOT_YET_VALID);
  assert_refused ("efirma-valid.cer", "efirma-valid.key", FALSE, "wrong-password", NULL,
                  VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  assert_refused ("efirma-valid.cer", "csd-like.key", FALSE, "12345678a", NULL,
                  VNT_CRYPTO_ERROR_KEY_MISMATCH);
}

/* The company's e.firma (SAT's 2023 test kit, valid to 2027-05-17): the
 * whole RFC and CURP fields as they are, the company's name in O. */
static void
test_create_moral (void)
{
  g_autofree char *cer = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *key = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "ABC& hañ 200!", NULL };
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(VntCsdRequest) sdg = NULL;
  g_autofree char *name = NULL;
  VntCsr *csr;

  if (cer == NULL || key == NULL)
    return;

  paths = create_in (dir, cer, key, sucursales, now, NULL, &error);
  g_assert_no_error (error);
  name = g_path_get_basename (paths[0]);
  g_assert_true (g_str_has_prefix (name, "CSD_ABC&_hañ_200!_EKU9003173C9_"));

  data = read_file (paths[1]);
  sdg = vnt_csd_request_new_from_bytes (data, &error);
  g_assert_no_error (error);
  csr = vnt_csd_request_get_request (sdg, 0);
  g_assert_cmpstr (vnt_csr_get_rfc (csr), ==, "EKU9003173C9");
  g_assert_cmpstr (vnt_csr_get_representative_rfc (csr), ==, "VADA800927DJ3");
  g_assert_null (vnt_csr_get_curp (csr));
  g_assert_cmpstr (vnt_csr_get_representative_curp (csr), ==, "VADA800927HSRSRL05");
  g_assert_cmpstr (vnt_csr_get_organization (csr), ==, "ESCUELA KEMPER URGATE SA DE CV");
  g_assert_null (vnt_csr_get_name (csr));
  g_assert_cmpstr (vnt_csr_get_organizational_unit (csr), ==, "ABC& hañ 200!");

  vnt_test_remove_tree (dir);
}

/* A failed write of any file of the set leaves none; an existing file is
 * never replaced, and then nothing else is written either. */
static void
test_all_or_nothing (void)
{
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  const char *sucursales[] = { "Matriz", "Norte", NULL };
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  g_autofree char *stamp = g_date_time_format (local, "%Y%m%d_%H%M%S");

  for (guint fail_at = 0; fail_at < 3; fail_at++)
    {
      g_autofree char *dir = make_folder ();
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) paths = NULL;
      g_autoptr(GPtrArray) names = NULL;

      vnt_safe_file_fail_for_testing (fail_at, 10);
      paths = create_in (dir, cer, key, sucursales, now, NULL, &error);
      vnt_safe_file_fail_for_testing (0, -1);
      g_assert_null (paths);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      names = folder_names (dir);
      g_assert_cmpuint (names->len, ==, 0);
      vnt_test_remove_tree (dir);
    }

  /* The same run with the hidden-temporary path of FAT drives. */
  {
    g_autofree char *dir = make_folder ();
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) paths = NULL;
    g_autoptr(GPtrArray) names = NULL;

    vnt_safe_file_use_named_temporary_for_testing (TRUE);
    vnt_safe_file_fail_for_testing (2, 10);
    paths = create_in (dir, cer, key, sucursales, now, NULL, &error);
    vnt_safe_file_fail_for_testing (0, -1);
    g_assert_null (paths);
    names = folder_names (dir);
    g_assert_cmpuint (names->len, ==, 0);
    g_clear_error (&error);

    paths = create_in (dir, cer, key, sucursales, now, NULL, &error);
    vnt_safe_file_use_named_temporary_for_testing (FALSE);
    g_assert_no_error (error);
    g_clear_pointer (&names, g_ptr_array_unref);
    names = folder_names (dir);
    g_assert_cmpuint (names->len, ==, 3);
    vnt_test_remove_tree (dir);
  }

  /* Any one of the names taken: refused, that file untouched, nothing new. */
  for (guint taken = 0; taken < 3; taken++)
    {
      g_autofree char *dir = make_folder ();
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) paths = NULL;
      g_autoptr(GPtrArray) names = NULL;

      if (taken < 2)
        name = g_strdup_printf ("CSD_%s_ÑUPJ800101Q10_%s.key", sucursales[taken], stamp);
      else
        name = g_strdup_printf ("CSD_ÑUPJ800101Q10_%s.sdg", stamp);
      path = g_build_filename (dir, name, NULL);
      g_file_set_contents (path, "keep me", -1, &error);
      g_assert_no_error (error);

      paths = create_in (dir, cer, key, sucursales, now, NULL, &error);
      g_assert_null (paths);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
      g_file_get_contents (path, &contents, NULL, NULL);
      g_assert_cmpstr (contents, ==, "keep me");
      names = folder_names (dir);
      g_assert_cmpuint (names->len, ==, 1);
      vnt_test_remove_tree (dir);
    }
}

static void
test_cancelled (void)
{
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "Matriz", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_auto(GStrv) paths = NULL;

  g_cancellable_cancel (cancellable);
  paths = create_in (dir, cer, key, sucursales, NULL, cancellable, &error);
  g_assert_null (paths);
  g_assert_nonnull (error);
  names = folder_names (dir);
  g_assert_cmpuint (names->len, ==, 0);
  vnt_test_remove_tree (dir);
}

/* Signed now, with the default time. */
static void
test_create_now (void)
{
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "Matriz", "Norte", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;

  paths = create_in (dir, cer, key, sucursales, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 3);
  g_assert_true (g_str_has_suffix (paths[2], ".sdg"));
  vnt_test_remove_tree (dir);
}

typedef struct {
  guint  calls;
  guint  last_done;
  guint  total;
  gboolean ordered;
} Progress;

static void
count_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  Progress *progress = user_data;

  /* Forward only, the same total. */
  if (progress->calls > 0 && (done < progress->last_done || total != progress->total))
    progress->ordered = FALSE;
  progress->calls++;
  progress->last_done = done;
  progress->total = total;
}

/* An e.firma opened by the caller signs; the progress says each key, then
 * the signing, then done. */
static void
test_create_with_progress (void)
{
  g_autofree char *cer_path = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key_path = vnt_test_fixture_path ("efirma-valid.key");
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "Matriz", "Norte", NULL };
  VntEfirmaParams  params = {
     .folder = dir,
     .new_password = NEW_PASSWORD,
     .sucursales = sucursales,
  };
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GBytes) sdg = NULL;
  g_autoptr(VntCsdRequest) request = NULL;
  Progress progress = { 0, 0, 0, TRUE };

  cert = vnt_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  key = vnt_private_key_new_from_file (key_path, "12345678a", &error);
  g_assert_no_error (error);

  paths = vnt_csd_request_create_with (&params, cert, key, NULL, count_progress, &progress, NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 3);
  g_assert_true (progress.ordered);
  g_assert_cmpuint (progress.total, ==, 3);
  g_assert_cmpuint (progress.last_done, ==, 3);
  g_assert_cmpuint (progress.calls, ==, 4);

  sdg = read_file (paths[2]);
  request = vnt_csd_request_new_from_bytes (sdg, &error);
  g_assert_no_error (error);
  g_assert_null (vnt_csd_request_get_signature_error (request));
  g_assert_cmpuint (vnt_csd_request_get_n_requests (request), ==, 2);
  vnt_test_remove_tree (dir);
}

/* Whoever opened it, a CSD or an e.firma that is not current does not
 * sign, and its key must be its own. */
static void
test_create_with_refuses (void)
{
  g_autofree char *dir = make_folder ();
  const char *sucursales[] = { "Matriz", NULL };
  const struct {
    const char *cer;
    const char *key;
    int         code;
  } cases[] = {
    { "csd-like.cer", "csd-like.key", VNT_CRYPTO_ERROR_NOT_EFIRMA },
    { "efirma-not-yet-valid.cer", "efirma-not-yet-valid.key", VNT_CRYPTO_ERROR_NOT_YET_VALID },
    { "efirma-valid.cer", "csd-like.key", VNT_CRYPTO_ERROR_KEY_MISMATCH },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cer_path = vnt_test_fixture_path (cases[i].cer);
      g_autofree char *key_path = vnt_test_fixture_path (cases[i].key);
      g_autoptr(VntCertificate) cert = NULL;
      g_autoptr(VntPrivateKey) key = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) paths = NULL;
      g_autoptr(GPtrArray) names = NULL;

      cert = vnt_certificate_new_from_file (cer_path, &error);
      g_assert_no_error (error);
      key = vnt_private_key_new_from_file (key_path, "12345678a", &error);
      g_assert_no_error (error);
      paths = vnt_csd_request_create_with (&(VntEfirmaParams){
                                               .folder = dir,
                                               .sucursales = sucursales,
                                               .new_password = NEW_PASSWORD,
                                           },
                                           cert, key, NULL, NULL, NULL, NULL, &error);
      g_assert_null (paths);
      g_assert_error (error, VNT_CRYPTO_ERROR, cases[i].code);
      names = folder_names (dir);
      g_assert_cmpuint (names->len, ==, 0);
    }
  vnt_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/core/zip/round-trip", test_zip_round_trip);
  g_test_add_func ("/core/zip/damaged", test_zip_damaged);
  g_test_add_func ("/crypto/csd-request/reproduces-certifica", test_reproduces_certifica);
  g_test_add_func ("/crypto/csd-request/sucursal-names", test_sucursal_names);
  g_test_add_func ("/crypto/csd-request/create-and-read", test_create_and_read);
  g_test_add_func ("/crypto/csd-request/create-moral", test_create_moral);
  g_test_add_func ("/crypto/csd-request/read-tampered", test_read_tampered);
  g_test_add_func ("/crypto/csd-request/refuses", test_refuses);
  g_test_add_func ("/crypto/csd-request/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/crypto/csd-request/cancelled", test_cancelled);
  g_test_add_func ("/crypto/csd-request/create-now", test_create_now);
  g_test_add_func ("/crypto/csd-request/create-with-progress", test_create_with_progress);
  g_test_add_func ("/crypto/csd-request/create-with-refuses", test_create_with_refuses);

  return g_test_run ();
}
