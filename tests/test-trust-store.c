/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto/vnt-certificate-private.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-sat-test-keys-private.h"
#include "vnt-test-utils.h"

/* Every verdict uses a fixed time, so none depends on the day tests run. */
#define TODAY "2026-11-22T00:00:00Z"
#define VALID_PROD_CSD "certs-only/prod-csd-moral-SAT970701NN3-00001000000708361114.cer"
#define EXPIRED_PROD_FIEL "certs-only/prod-fiel-moral-IPN811229H26-00001000000512237804.cer"
#define OLD_PROD_CSD "certs-only/prod-csd-moral-SAT970701NN3-00001000000403258748.cer"

static GDateTime *
at (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
}

static GDateTime *
parse_manifest_time (const char *text)
{
  g_autofree char *iso = g_strdup_printf ("%.*sZ", (int) strlen (text) - 4, text);

  /* "2023-05-18 04:37:14 UTC" */
  iso[10] = 'T';
  return at (iso);
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

  return certificate;
}

static VntCertificate *
with_flipped_last_byte (VntCertificate *certificate)
{
  gsize len;
  const guint8 *der = g_bytes_get_data (vnt_certificate_get_der (certificate), &len);
  g_autofree guint8 *copy = g_memdup2 (der, len);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  VntCertificate *damaged;

  /* The last byte of a DER certificate belongs to its signature. */
  copy[len - 1] ^= 0x01;
  bytes = g_bytes_new (copy, len);
  damaged = vnt_certificate_new_from_bytes (bytes, &error);
  g_assert_no_error (error);

  return damaged;
}

static void
assert_status (VntTrustStore  *store,
               VntCertificate *certificate,
               const char     *when,
               VntChainStatus  expected)
{
  g_autoptr(GDateTime) now = at (when);
  VntChainStatus status = vnt_trust_store_verify (store, certificate, now, NULL);

  g_test_message ("%s at %s: %s", vnt_certificate_get_number (certificate), when,
                  vnt_chain_status_to_string (status));
  g_assert_cmpstr (vnt_chain_status_to_string (status), ==, vnt_chain_status_to_string (expected));
}

static void
test_default_store (void)
{
  VntTrustStore *shared = vnt_trust_store_get_default ();
  g_autoptr(VntTrustStore) fresh = vnt_trust_store_new_default ();
  g_auto(GStrv) bundled = NULL;

  bundled = g_resources_enumerate_children (RESOURCE_PREFIX "/ca/", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bundled);
  g_assert_cmpuint (g_strv_length (bundled), >=, 17);

  /* Each bundled file holds one distinct certificate. */
  g_assert_cmpuint (vnt_trust_store_get_n_certificates (fresh), ==, g_strv_length (bundled));
  g_assert_true (vnt_trust_store_get_default () == shared);
  g_assert_cmpuint (vnt_trust_store_get_n_certificates (shared), ==, g_strv_length (bundled));
}

static void
test_valid_production (void)
{
  g_autoptr(VntCertificate) certificate = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCertificate) issuer = NULL;
  g_autoptr(VntCertificate) found = NULL;
  g_autoptr(GDateTime) today = at (TODAY);
  VntTrustStore *store = vnt_trust_store_get_default ();

  if (certificate == NULL)
    return;

  g_assert_cmpint (vnt_trust_store_verify (store, certificate, today, &issuer), ==, VNT_CHAIN_STATUS_VALID);
  g_assert_nonnull (issuer);
  g_assert_true (vnt_certificate_is_ca (issuer));
  g_assert_cmpstr (vnt_certificate_get_name (issuer), ==, vnt_certificate_get_issuer_name (certificate));
  g_assert_cmpstr (vnt_certificate_get_name (issuer), ==, "AC DEL SERVICIO DE ADMINISTRACION TRIBUTARIA");

  found = vnt_trust_store_find_issuer (store, certificate);
  g_assert_true (vnt_certificate_equal (found, issuer));

  /* Before it was issued and after it expires, it is out of date. */
  assert_status (store, certificate, "2024-01-01T00:00:00Z", VNT_CHAIN_STATUS_EXPIRED);
  assert_status (store, certificate, "2028-07-03T00:00:00Z", VNT_CHAIN_STATUS_EXPIRED);
  assert_status (store, certificate, "2028-07-01T00:00:00Z", VNT_CHAIN_STATUS_VALID);
}

static void
test_expired_production (void)
{
  g_autoptr(VntCertificate) fiel = open_sat (EXPIRED_PROD_FIEL);
  g_autoptr(VntCertificate) old_csd = open_sat (OLD_PROD_CSD);
  VntTrustStore *store = vnt_trust_store_get_default ();

  if (fiel == NULL || old_csd == NULL)
    return;

  assert_status (store, fiel, TODAY, VNT_CHAIN_STATUS_EXPIRED);
  assert_status (store, fiel, "2025-01-01T00:00:00Z", VNT_CHAIN_STATUS_VALID);

  /* Issued in 2016 under AC4 (2015–2023) and Banco de México's ARC2. */
  assert_status (store, old_csd, TODAY, VNT_CHAIN_STATUS_EXPIRED);
  assert_status (store, old_csd, "2018-01-01T00:00:00Z", VNT_CHAIN_STATUS_VALID);
}

/* Every production certificate in the set is valid halfway through its life
 * and out of date after it; every test certificate is "sat-test". */
static void
test_manifest_certificates (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  const char *sections[] = { "pairs", "certs_only", "ca" };
  VntTrustStore *store = vnt_trust_store_get_default ();

  if (manifest == NULL)
    return;

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonArray *entries = json_object_get_array_member (manifest, sections[s]);

      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          const char *file = json_object_has_member (entry, "cer")
                             ? json_object_get_string_member (entry, "cer")
                             : json_object_get_string_member (entry, "file");
          const char *issuer = json_object_get_string_member (entry, "issuer_cn");
          g_autoptr(VntCertificate) certificate = open_sat (file);
          g_autoptr(GDateTime) not_before = parse_manifest_time (json_object_get_string_member (entry, "not_before"));
          g_autoptr(GDateTime) not_after = parse_manifest_time (json_object_get_string_member (entry, "not_after"));
          g_autoptr(GDateTime) middle = NULL;
          g_autoptr(GDateTime) after = g_date_time_add_days (not_after, 1);
          g_autoptr(GDateTime) before = g_date_time_add_days (not_before, -1);
          gboolean test_ca = g_str_equal (issuer, "AC UAT") || strstr (issuer, "de pruebas") != NULL;
          g_autoptr(VntCertificate) issuer_out = NULL;

          middle = g_date_time_add_seconds (not_before, g_date_time_difference (not_after, not_before) / 2 / G_TIME_SPAN_SECOND);
          g_test_message ("%s", file);

          if (test_ca)
            {
              g_assert_cmpint (vnt_trust_store_verify (store, certificate, middle, &issuer_out), ==,
                               VNT_CHAIN_STATUS_SAT_TEST);
              g_assert_null (issuer_out);
              g_assert_cmpint (vnt_trust_store_verify (store, certificate, after, NULL), ==,
                               VNT_CHAIN_STATUS_SAT_TEST);
            }
          else
            {
              g_assert_cmpint (vnt_trust_store_verify (store, certificate, middle, NULL), ==,
                               VNT_CHAIN_STATUS_VALID);
              g_assert_cmpint (vnt_trust_store_verify (store, certificate, after, NULL), ==,
                               VNT_CHAIN_STATUS_EXPIRED);
              g_assert_cmpint (vnt_trust_store_verify (store, certificate, before, NULL), ==,
                               VNT_CHAIN_STATUS_EXPIRED);
            }
        }
    }
}

static void
test_bad_signature (void)
{
  g_autoptr(VntCertificate) certificate = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCertificate) ca = open_sat ("ca/prod/AC5_SAT-1106.cer");
  g_autoptr(VntCertificate) damaged = NULL;
  g_autoptr(VntCertificate) damaged_ca = NULL;
  VntTrustStore *store = vnt_trust_store_get_default ();

  if (certificate == NULL || ca == NULL)
    return;

  damaged = with_flipped_last_byte (certificate);
  g_assert_false (vnt_certificate_equal (damaged, certificate));
  assert_status (store, damaged, TODAY, VNT_CHAIN_STATUS_BAD_SIGNATURE);
  assert_status (store, damaged, "2025-01-01T00:00:00Z", VNT_CHAIN_STATUS_BAD_SIGNATURE);
  assert_status (store, damaged, "2030-01-01T00:00:00Z", VNT_CHAIN_STATUS_BAD_SIGNATURE);

  /* A tampered copy of a bundled CA is not the bundled CA. */
  damaged_ca = with_flipped_last_byte (ca);
  assert_status (store, damaged_ca, TODAY, VNT_CHAIN_STATUS_BAD_SIGNATURE);
}

/* Every end-entity certificate of the SAT test set, found by walking its
 * folders (PEM copies included): signed by one of SAT's bundled test keys
 * ("sat-test", whatever the date), or by the bundled production chain. */
static void
collect_certificates (const char *dir,
                      GPtrArray  *certificates)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      VntCertificate *certificate;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          collect_certificates (path, certificates);
          continue;
        }
      if (!g_str_has_suffix (name, ".cer") && !g_str_has_suffix (name, ".crt") &&
          !g_str_has_suffix (name, ".pem"))
        continue;

      /* Keys saved as .pem are not certificates. */
      certificate = vnt_certificate_new_from_file (path, NULL);
      if (certificate != NULL)
        {
          g_object_set_data_full (G_OBJECT (certificate), "path", g_steal_pointer (&path), g_free);
          g_ptr_array_add (certificates, certificate);
        }
    }
}

static void
test_folder_certificates (void)
{
  g_autofree char *root = vnt_test_sat_path ("manifest.json");
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  VntTrustStore *store = vnt_trust_store_get_default ();
  guint sat_test = 0;
  guint production = 0;

  if (root == NULL)
    return;

  g_assert_cmpuint (vnt_sat_test_keys_get_n_keys (), ==, 3);

  dir = g_path_get_dirname (root);
  collect_certificates (dir, certificates);
  for (guint i = 0; i < certificates->len; i++)
    {
      VntCertificate *certificate = g_ptr_array_index (certificates, i);
      GDateTime *not_before = vnt_certificate_get_not_before (certificate);
      g_autoptr(GDateTime) middle = NULL;
      g_autoptr(GDateTime) later = g_date_time_add_years (vnt_certificate_get_not_after (certificate), 5);
      VntChainStatus status;

      if (vnt_certificate_is_ca (certificate) || vnt_certificate_is_self_issued (certificate))
        continue;

      middle = g_date_time_add_seconds (not_before, g_date_time_difference (vnt_certificate_get_not_after (certificate),
                                                                            not_before) / 2 / G_TIME_SPAN_SECOND);
      status = vnt_trust_store_verify (store, certificate, middle, NULL);
      g_test_message ("%s: %s", (const char *) g_object_get_data (G_OBJECT (certificate), "path"),
                      vnt_chain_status_to_string (status));
      if (status == VNT_CHAIN_STATUS_SAT_TEST)
        {
          sat_test++;
          assert_status (store, certificate, TODAY, VNT_CHAIN_STATUS_SAT_TEST);
          g_assert_cmpint (vnt_trust_store_verify (store, certificate, later, NULL), ==, VNT_CHAIN_STATUS_SAT_TEST);
        }
      else
        {
          g_assert_cmpint (status, ==, VNT_CHAIN_STATUS_VALID);
          g_assert_true (vnt_trust_store_chains_to_banxico (store, certificate, middle));
          production++;
        }
    }

  /* 21 pairs and 7 loose certificates, 4 of them production ones; the
   * PEM copies count again. */
  g_assert_cmpuint (sat_test, >=, 24);
  g_assert_cmpuint (production, >=, 4);
}

/* A SAT test certificate with one bit of its signature flipped no longer
 * verifies under SAT's test key: its issuer's name does not save it. */
static void
test_damaged_test_certificate (void)
{
  g_autoptr(VntCertificate) certificate = open_sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autoptr(VntCertificate) damaged = NULL;
  g_autoptr(VntTrustStore) empty = vnt_trust_store_new ();

  if (certificate == NULL)
    return;

  assert_status (vnt_trust_store_get_default (), certificate, TODAY, VNT_CHAIN_STATUS_SAT_TEST);
  damaged = with_flipped_last_byte (certificate);
  g_assert_cmpstr (vnt_certificate_get_issuer_dn (damaged), ==, vnt_certificate_get_issuer_dn (certificate));
  assert_status (vnt_trust_store_get_default (), damaged, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);
  assert_status (empty, damaged, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);
}

static gboolean
same_raw_issuer (VntCertificate *a,
                 VntCertificate *b)
{
  gnutls_datum_t da = { NULL, 0 };
  gnutls_datum_t db = { NULL, 0 };
  gboolean same;

  g_assert_cmpint (gnutls_x509_crt_get_raw_issuer_dn (vnt_certificate_get_gnutls (a), &da), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_get_raw_issuer_dn (vnt_certificate_get_gnutls (b), &db), ==, 0);
  same = da.size == db.size && memcmp (da.data, db.data, da.size) == 0;
  gnutls_free (da.data);
  gnutls_free (db.data);

  return same;
}

static gboolean
same_authority_key_id (VntCertificate *a,
                       VntCertificate *b)
{
  guint8 ida[64];
  guint8 idb[64];
  size_t la = sizeof ida;
  size_t lb = sizeof idb;
  int ra = gnutls_x509_crt_get_authority_key_id (vnt_certificate_get_gnutls (a), ida, &la, NULL);
  int rb = gnutls_x509_crt_get_authority_key_id (vnt_certificate_get_gnutls (b), idb, &lb, NULL);

  if (ra < 0 || rb < 0)
    return ra < 0 && rb < 0;
  return la == lb && memcmp (ida, idb, la) == 0;
}

/* Generated forgeries: a SAT test e.firma copied byte for byte — issuer name
 * and authority key identifier included — under a key of the forger's own;
 * one more that also names AC UAT's real key as its authority key; and the
 * e.firma of a look-alike "AC de pruebas" of SAT's. None is a test
 * certificate, in any store, at any date. */
static void
test_forged_fixtures (void)
{
  const struct {
    const char *fixture;
    const char *original;
    gboolean    copies_authority_key_id;
  } forged[] = {
    { "forged-uat2023.cer", "fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer", TRUE },
    { "forged-uat2019.cer", "fiel/fiel-fisica-KAHO641101B39.cer", TRUE },
    { "forged-uat2023-aki.cer", "fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer", FALSE },
    { "lookalike-efirma.cer", NULL, FALSE },
    { "lookalike-ca.cer", NULL, FALSE },
  };
  const char *times[] = { TODAY, "2025-01-01T00:00:00Z", "2050-01-01T00:00:00Z" };
  g_autoptr(VntTrustStore) empty = vnt_trust_store_new ();
  g_autoptr(VntTrustStore) with_ca = vnt_trust_store_new_default ();
  g_autofree char *ca = vnt_test_fixture_path ("ca.cer");

  if (!g_file_test (ca, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("generated fixtures are missing");
      return;
    }
  g_assert_true (vnt_trust_store_add_file (with_ca, ca, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autofree char *path = vnt_test_fixture_path (forged[i].fixture);
      g_autoptr(VntCertificate) certificate = NULL;
      g_autoptr(VntCertificate) original = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", forged[i].fixture);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      certificate = vnt_certificate_new_from_file (path, &error);
      g_assert_no_error (error);

      if (forged[i].original != NULL)
        {
          original = open_sat (forged[i].original);
          if (original == NULL)
            return;
          /* The forgery is what it claims to be. */
          g_assert_true (same_raw_issuer (certificate, original));
          g_assert_cmpstr (vnt_certificate_get_subject_dn (certificate), ==, vnt_certificate_get_subject_dn (original));
          g_assert_cmpstr (vnt_certificate_get_number (certificate), ==, vnt_certificate_get_number (original));
          g_assert_cmpint (same_authority_key_id (certificate, original), ==, forged[i].copies_authority_key_id);
          g_assert_false (vnt_certificate_equal (certificate, original));
        }

      for (guint t = 0; t < G_N_ELEMENTS (times); t++)
        {
          g_autoptr(VntCertificate) issuer = NULL;
          g_autoptr(GDateTime) now = at (times[t]);

          g_assert_cmpint (vnt_trust_store_verify (vnt_trust_store_get_default (), certificate, now, &issuer), ==,
                           VNT_CHAIN_STATUS_UNTRUSTED);
          g_assert_null (issuer);
          assert_status (empty, certificate, times[t], VNT_CHAIN_STATUS_UNTRUSTED);
          assert_status (with_ca, certificate, times[t], VNT_CHAIN_STATUS_UNTRUSTED);
        }
      g_assert_false (vnt_trust_store_chains_to_banxico (vnt_trust_store_get_default (), certificate, NULL));
    }
}

/* A certificate made here, with a throwaway EC key: signed by itself, or
 * claiming the issuer name of @claimed_issuer. */
static VntCertificate *
make_certificate (const char     *common_name,
                  VntCertificate *claimed_issuer)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  guint8 serial[] = { 0x01, 0x23 };
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, 1700000000), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, 1900000000), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  common_name, strlen (common_name)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);

  if (claimed_issuer != NULL)
    {
      const char *name = vnt_certificate_get_name (claimed_issuer);
      gnutls_x509_crt_t fake_issuer = NULL;

      /* Signing copies the issuer's subject: a stand-in with the CA's
       * common name, but our own key. */
      g_assert_cmpint (gnutls_x509_crt_init (&fake_issuer), ==, 0);
      g_assert_cmpint (gnutls_x509_crt_set_version (fake_issuer, 3), ==, 0);
      g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (fake_issuer, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                      name, strlen (name)), ==, 0);
      g_assert_cmpint (gnutls_x509_crt_set_key (fake_issuer, key), ==, 0);
      g_assert_cmpint (gnutls_x509_crt_sign2 (crt, fake_issuer, key, GNUTLS_DIG_SHA256, 0), ==, 0);
      gnutls_x509_crt_deinit (fake_issuer);
    }
  else
    {
      g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
    }

  gnutls_x509_privkey_deinit (key);

  certificate = vnt_certificate_new_take_gnutls (crt, &error);
  g_assert_no_error (error);

  return certificate;
}

static void
test_self_made (void)
{
  g_autoptr(VntCertificate) self_made = make_certificate ("Hecho en casa", NULL);
  g_autoptr(VntCertificate) issuer_out = NULL;
  g_autoptr(VntTrustStore) store = NULL;
  VntTrustStore *shared = vnt_trust_store_get_default ();

  g_assert_true (vnt_certificate_is_self_issued (self_made));
  /* Serial bytes that are not ASCII digits: the number is their hex. */
  g_assert_cmpstr (vnt_certificate_get_number (self_made), ==, "0123");
  g_assert_cmpstr (vnt_certificate_get_serial_hex (self_made), ==, "0123");
  g_assert_cmpstr (vnt_certificate_get_key_algorithm (self_made), ==, "EC");
  g_assert_cmpuint (vnt_certificate_get_key_bits (self_made), ==, 256);
  g_assert_cmpint (vnt_certificate_get_kind (self_made), ==, VNT_CERTIFICATE_KIND_OTHER);
  g_assert_cmpint (vnt_certificate_get_persona (self_made), ==, VNT_PERSONA_UNKNOWN);
  g_assert_null (vnt_certificate_get_rfc (self_made));
  g_assert_cmpint (vnt_trust_store_verify (shared, self_made, NULL, &issuer_out), ==, VNT_CHAIN_STATUS_UNTRUSTED);
  g_assert_null (issuer_out);
  g_assert_null (vnt_trust_store_find_issuer (shared, self_made));
  assert_status (shared, self_made, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);

  /* Once the user adds it (as with --ca), it vouches for itself. */
  store = vnt_trust_store_new_default ();
  vnt_trust_store_add_certificate (store, self_made);
  assert_status (store, self_made, TODAY, VNT_CHAIN_STATUS_VALID);
  assert_status (store, self_made, "2031-01-01T00:00:00Z", VNT_CHAIN_STATUS_EXPIRED);
}

static void
test_name_alone_is_not_enough (void)
{
  g_autoptr(VntCertificate) sat_ca = open_sat ("ca/prod/AC-SAT-1190.crt");
  g_autoptr(VntCertificate) impostor = NULL;

  if (sat_ca == NULL)
    return;

  /* Claims a SAT CA's common name, but the full issuer DN differs. */
  impostor = make_certificate ("SERVICIO DE ADMINISTRACION TRIBUTARIA", sat_ca);
  g_assert_cmpstr (vnt_certificate_get_issuer_name (impostor), ==, vnt_certificate_get_name (sat_ca));
  assert_status (vnt_trust_store_get_default (), impostor, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);
}

static void
test_empty_store (void)
{
  g_autoptr(VntTrustStore) store = vnt_trust_store_new ();
  g_autoptr(VntCertificate) certificate = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCertificate) test = open_sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");

  if (certificate == NULL || test == NULL)
    return;

  g_assert_cmpuint (vnt_trust_store_get_n_certificates (store), ==, 0);
  assert_status (store, certificate, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);
  /* A test certificate still verifies under SAT's test keys. */
  assert_status (store, test, TODAY, VNT_CHAIN_STATUS_SAT_TEST);
}

static void
test_add_file (void)
{
  g_autoptr(VntTrustStore) store = vnt_trust_store_new ();
  g_autoptr(VntCertificate) certificate = open_sat (VALID_PROD_CSD);
  g_autofree char *intermediate = vnt_test_sat_path ("ca/prod/AC-SAT-1190.crt");
  g_autofree char *root = vnt_test_sat_path ("ca/prod/Banxico-root-0005.crt");
  g_autofree char *der_ca = vnt_test_sat_path ("ca/prod/AC5_SAT-1106.cer");
  g_autofree char *bundle_path = NULL;
  g_autofree char *intermediate_pem = NULL;
  g_autofree char *root_pem = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  if (certificate == NULL || intermediate == NULL || root == NULL || der_ca == NULL)
    return;

  /* One PEM file with two certificates, as a --ca bundle. */
  g_file_get_contents (intermediate, &intermediate_pem, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (root, &root_pem, NULL, &error);
  g_assert_no_error (error);
  bundle = g_strconcat (intermediate_pem, "\n", root_pem, NULL);
  fd = g_file_open_tmp ("vnt-ca-XXXXXX.pem", &bundle_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (bundle_path, bundle, -1, &error);
  g_assert_no_error (error);

  g_assert_true (vnt_trust_store_add_file (store, bundle_path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vnt_trust_store_get_n_certificates (store), ==, 2);
  assert_status (store, certificate, TODAY, VNT_CHAIN_STATUS_VALID);

  /* The same certificates again add nothing; a DER file adds one. */
  g_assert_true (vnt_trust_store_add_file (store, intermediate, &error));
  g_assert_cmpuint (vnt_trust_store_get_n_certificates (store), ==, 2);
  g_assert_true (vnt_trust_store_add_file (store, der_ca, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vnt_trust_store_get_n_certificates (store), ==, 3);

  g_unlink (bundle_path);
}

static void
test_add_file_errors (void)
{
  g_autoptr(VntTrustStore) store = vnt_trust_store_new ();
  g_autofree char *key = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "vnt-no-such-dir", "ca.cer", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (vnt_trust_store_add_file (store, missing, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
  g_clear_error (&error);

  /* Folders and devices are refused before reading. */
  g_assert_false (vnt_trust_store_add_file (store, g_get_tmp_dir (), &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
  g_clear_error (&error);
  g_assert_false (vnt_trust_store_add_file (store, "/dev/null", &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE);
  g_clear_error (&error);

  if (key == NULL)
    return;

  g_assert_false (vnt_trust_store_add_file (store, key, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE);
  g_assert_cmpuint (vnt_trust_store_get_n_certificates (store), ==, 0);
}

/* An OCSP responder certificate added as --ca must not issue anything. */
static void
test_only_cas_vouch (void)
{
  g_autoptr(VntTrustStore) store = vnt_trust_store_new ();
  g_autoptr(VntCertificate) responder = open_sat ("ca/prod/ocsp.ac5_sat.cer");
  g_autoptr(VntCertificate) subscriber = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCertificate) subscriber_issuer = NULL;

  if (responder == NULL || subscriber == NULL)
    return;

  g_assert_false (vnt_certificate_is_ca (responder));
  vnt_trust_store_add_certificate (store, responder);
  vnt_trust_store_add_certificate (store, subscriber);
  g_assert_cmpuint (vnt_trust_store_get_n_certificates (store), ==, 2);
  assert_status (store, responder, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);
  g_assert_null (vnt_trust_store_find_issuer (store, subscriber));
  g_assert_cmpint (vnt_trust_store_verify (store, subscriber, NULL, &subscriber_issuer), ==,
                   VNT_CHAIN_STATUS_UNTRUSTED);
}

static void
test_fixture_ca (void)
{
  g_autofree char *ca = vnt_test_fixture_path ("ca.cer");
  g_autofree char *valid = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *bad = vnt_test_fixture_path ("bad-signature.cer");
  g_autoptr(VntTrustStore) store = NULL;
  g_autoptr(VntCertificate) valid_certificate = NULL;
  g_autoptr(VntCertificate) bad_certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (ca, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("generated fixtures are missing");
      return;
    }

  valid_certificate = vnt_certificate_new_from_file (valid, &error);
  g_assert_no_error (error);
  bad_certificate = vnt_certificate_new_from_file (bad, &error);
  g_assert_no_error (error);

  /* Its name says "pruebas", but it is not SAT's: merely untrusted. */
  assert_status (vnt_trust_store_get_default (), valid_certificate, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);
  assert_status (vnt_trust_store_get_default (), bad_certificate, TODAY, VNT_CHAIN_STATUS_UNTRUSTED);

  store = vnt_trust_store_new_default ();
  g_assert_true (vnt_trust_store_add_file (store, ca, &error));
  g_assert_no_error (error);
  assert_status (store, valid_certificate, TODAY, VNT_CHAIN_STATUS_VALID);
  assert_status (store, bad_certificate, TODAY, VNT_CHAIN_STATUS_BAD_SIGNATURE);

  /* Valid, but not up to Banco de México: the words must not claim SAT. */
  g_assert_false (vnt_trust_store_chains_to_banxico (store, valid_certificate, NULL));
  g_assert_null (strstr (vnt_chain_status_to_message_for_anchor (VNT_CHAIN_STATUS_VALID, FALSE), "SAT:"));
  g_assert_cmpstr (vnt_chain_status_to_message_for_anchor (VNT_CHAIN_STATUS_VALID, FALSE), !=,
                   vnt_chain_status_to_message (VNT_CHAIN_STATUS_VALID));
  g_assert_cmpstr (vnt_chain_status_to_message_for_anchor (VNT_CHAIN_STATUS_VALID, TRUE), ==,
                   vnt_chain_status_to_message (VNT_CHAIN_STATUS_VALID));
}

/* A SAT certificate chains up to a bundled Banco de México root, also in a
 * store with more CAs added. */
static void
test_chains_to_banxico (void)
{
  g_autoptr(VntCertificate) certificate = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCertificate) test = open_sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *ca = vnt_test_fixture_path ("ca.cer");
  g_autoptr(VntTrustStore) store = vnt_trust_store_new_default ();
  g_autoptr(VntTrustStore) empty = vnt_trust_store_new ();
  g_autoptr(GDateTime) today = at (TODAY);

  if (certificate == NULL || test == NULL)
    return;

  g_assert_true (vnt_trust_store_chains_to_banxico (vnt_trust_store_get_default (), certificate, today));
  g_assert_false (vnt_trust_store_chains_to_banxico (vnt_trust_store_get_default (), test, today));
  g_assert_false (vnt_trust_store_chains_to_banxico (empty, certificate, today));

  if (g_file_test (ca, G_FILE_TEST_EXISTS))
    g_assert_true (vnt_trust_store_add_file (store, ca, NULL));
  g_assert_true (vnt_trust_store_chains_to_banxico (store, certificate, today));
}

typedef struct {
  VntCertificate *certificate;
  GDateTime *now;
  guint mismatches;
} ThreadData;

static gpointer
verify_many (gpointer user_data)
{
  ThreadData *data = user_data;

  for (guint i = 0; i < 40; i++)
    {
      if (vnt_trust_store_verify (vnt_trust_store_get_default (), data->certificate, data->now, NULL) !=
          VNT_CHAIN_STATUS_VALID)
        data->mismatches++;
    }

  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(VntCertificate) certificate = open_sat (VALID_PROD_CSD);
  g_autoptr(GDateTime) now = at (TODAY);
  ThreadData data[4];
  GThread *threads[4];

  if (certificate == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i] = (ThreadData) { certificate, now, 0 };
      threads[i] = g_thread_new ("verify", verify_many, &data[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (data[i].mismatches, ==, 0);
    }
}

static void
test_status_strings (void)
{
  const VntChainStatus statuses[] = {
    VNT_CHAIN_STATUS_VALID, VNT_CHAIN_STATUS_EXPIRED, VNT_CHAIN_STATUS_SAT_TEST,
    VNT_CHAIN_STATUS_UNTRUSTED, VNT_CHAIN_STATUS_BAD_SIGNATURE,
  };
  const char *codes[] = { "valid", "expired", "sat-test", "untrusted", "bad-signature" };
  g_autoptr(GHashTable) english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      const char *message = vnt_chain_status_to_message (statuses[i]);

      g_assert_cmpstr (vnt_chain_status_to_string (statuses[i]), ==, codes[i]);
      g_assert_nonnull (message);
      g_assert_false (g_hash_table_contains (english, message));
      g_hash_table_add (english, g_strdup (message));
    }

  vnt_test_use_spanish ();
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      const char *message = vnt_chain_status_to_message (statuses[i]);

      /* Translated: no English message comes back unchanged. */
      g_assert_false (g_hash_table_contains (english, message));
    }
  g_assert_nonnull (strstr (vnt_chain_status_to_message (VNT_CHAIN_STATUS_SAT_TEST), "prueba"));
  g_unsetenv ("LANGUAGE");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/crypto/trust-store/default-store", test_default_store);
  g_test_add_func ("/crypto/trust-store/valid-production", test_valid_production);
  g_test_add_func ("/crypto/trust-store/expired-production", test_expired_production);
  g_test_add_func ("/crypto/trust-store/manifest-certificates", test_manifest_certificates);
  g_test_add_func ("/crypto/trust-store/bad-signature", test_bad_signature);
  g_test_add_func ("/crypto/trust-store/folder-certificates", test_folder_certificates);
  g_test_add_func ("/crypto/trust-store/damaged-test-certificate", test_damaged_test_certificate);
  g_test_add_func ("/crypto/trust-store/forged-fixtures", test_forged_fixtures);
  g_test_add_func ("/crypto/trust-store/self-made", test_self_made);
  g_test_add_func ("/crypto/trust-store/name-alone-is-not-enough", test_name_alone_is_not_enough);
  g_test_add_func ("/crypto/trust-store/empty-store", test_empty_store);
  g_test_add_func ("/crypto/trust-store/add-file", test_add_file);
  g_test_add_func ("/crypto/trust-store/add-file-errors", test_add_file_errors);
  g_test_add_func ("/crypto/trust-store/only-cas-vouch", test_only_cas_vouch);
  g_test_add_func ("/crypto/trust-store/fixture-ca", test_fixture_ca);
  g_test_add_func ("/crypto/trust-store/chains-to-banxico", test_chains_to_banxico);
  g_test_add_func ("/crypto/trust-store/threads", test_threads);
  g_test_add_func ("/crypto/trust-store/status-strings", test_status_strings);

  return g_test_run ();
}
