/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "crypto/vnt-crypto.h"
#include "vnt-test-utils.h"

/* A fixed "today": no verdict may depend on the day the tests run. */
#define TODAY "2026-11-22T00:00:00Z"
#define VALID_PROD_CSD "certs-only/prod-csd-moral-SAT970701NN3-00001000000708361114.cer"
#define PROD_FIEL "certs-only/prod-fiel-moral-IPN811229H26-00001000000512237804.cer"
#define TEST_FIEL "fiel/fiel-moral-EKU9003173C9-30001000000500003415"
#define TEST_CSD "csd/csd-moral-EKU9003173C9-30001000000500003416"

static GDateTime *
at (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
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

static VntCheckReport *
check_at (VntCertificate *certificate,
          VntTrustStore  *trust,
          const char     *when,
          gboolean        require_efirma)
{
  g_autoptr(GDateTime) now = at (when);

  return vnt_check_certificate (certificate, trust, now, require_efirma);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The report's codes, sorted, joined by spaces: one readable assertion. */
static char *
sorted_codes (VntCheckReport *report)
{
  GPtrArray *problems = vnt_check_report_get_problems (report);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (codes, ((VntProblem *) g_ptr_array_index (problems, i))->code);
  g_ptr_array_sort (codes, compare_codes);
  g_ptr_array_add (codes, NULL);

  return g_strjoinv (" ", (char **) codes->pdata);
}

static void
assert_codes (VntCheckReport *report,
              const char     *expected)
{
  g_autofree char *codes = sorted_codes (report);

  g_assert_cmpstr (codes, ==, expected);
}

/* Errors before warnings, every message non-empty. */
static void
assert_well_formed (VntCheckReport *report)
{
  GPtrArray *problems = vnt_check_report_get_problems (report);
  gboolean seen_warning = FALSE;
  gboolean any_error = FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      g_assert_nonnull (problem->message);
      g_assert_cmpstr (problem->message, !=, "");
      g_assert_true (vnt_check_report_has_problem (report, problem->code));
      if (problem->severity == VNT_PROBLEM_SEVERITY_WARNING)
        seen_warning = TRUE;
      else
        {
          g_assert_false (seen_warning);
          any_error = TRUE;
        }
    }

  g_assert_cmpint (vnt_check_report_is_valid (report), ==, !any_error);
}

static const VntProblem *
find_problem (VntCheckReport *report,
              const char     *code)
{
  GPtrArray *problems = vnt_check_report_get_problems (report);

  for (guint i = 0; i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->code, code))
        return problem;
    }

  return NULL;
}

static void
test_valid_certificate (void)
{
  g_autoptr(VntCertificate) csd = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCheckReport) as_any = NULL;
  g_autoptr(VntCheckReport) as_efirma = NULL;

  if (csd == NULL)
    return;

  as_any = check_at (csd, NULL, TODAY, FALSE);
  assert_well_formed (as_any);
  assert_codes (as_any, "");
  g_assert_true (vnt_check_report_is_valid (as_any));
  g_assert_cmpint (vnt_check_report_get_chain_status (as_any), ==, VNT_CHAIN_STATUS_VALID);
  g_assert_true (vnt_check_report_get_certificate (as_any) == csd);

  /* A CSD where an e.firma is required. */
  as_efirma = check_at (csd, NULL, TODAY, TRUE);
  assert_well_formed (as_efirma);
  assert_codes (as_efirma, "not-efirma");
  g_assert_false (vnt_check_report_is_valid (as_efirma));
  g_assert_nonnull (strstr (find_problem (as_efirma, "not-efirma")->message, "CSD"));
}

static void
test_dates (void)
{
  g_autoptr(VntCertificate) fiel = open_sat (PROD_FIEL);
  g_autoptr(VntCertificate) csd = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCheckReport) current = NULL;
  g_autoptr(VntCheckReport) soon = NULL;
  g_autoptr(VntCheckReport) expired = NULL;
  g_autoptr(VntCheckReport) early = NULL;
  const VntProblem *problem;

  if (fiel == NULL || csd == NULL)
    return;

  /* The IPN e.firma: 2022-04-04 → 2026-04-04, issued by AC5. */
  current = check_at (fiel, NULL, "2025-01-01T00:00:00Z", TRUE);
  assert_well_formed (current);
  assert_codes (current, "");
  g_assert_cmpint (vnt_certificate_get_kind (fiel), ==, VNT_CERTIFICATE_KIND_EFIRMA);

  soon = check_at (fiel, NULL, "2026-03-20T00:00:00Z", TRUE);
  assert_well_formed (soon);
  assert_codes (soon, "expires-soon");
  problem = find_problem (soon, "expires-soon");
  g_assert_cmpint (problem->severity, ==, VNT_PROBLEM_SEVERITY_WARNING);
  g_assert_nonnull (strstr (problem->message, "15"));
  g_assert_true (vnt_check_report_is_valid (soon));

  expired = check_at (fiel, NULL, TODAY, TRUE);
  assert_well_formed (expired);
  /* The chain is out of date too, but the certificate's own date says it. */
  assert_codes (expired, "expired");
  g_assert_cmpint (vnt_check_report_get_chain_status (expired), ==, VNT_CHAIN_STATUS_EXPIRED);
  g_assert_cmpint (find_problem (expired, "expired")->severity, ==, VNT_PROBLEM_SEVERITY_ERROR);

  early = check_at (csd, NULL, "2024-01-01T00:00:00Z", FALSE);
  assert_well_formed (early);
  assert_codes (early, "not-yet-valid");
}

static void
test_sat_test_certificates (void)
{
  g_autoptr(VntCertificate) fiel = open_sat (TEST_FIEL ".cer");
  g_autoptr(VntCertificate) csd = open_sat (TEST_CSD ".cer");
  g_autoptr(VntCheckReport) fiel_report = NULL;
  g_autoptr(VntCheckReport) csd_report = NULL;
  g_autoptr(VntCheckReport) old_report = NULL;
  g_autoptr(VntCertificate) old = open_sat ("fiel/fiel-fisica-RAQN7701212M3.cer");

  if (fiel == NULL || csd == NULL || old == NULL)
    return;

  /* Usable for practice: a warning, not an error. */
  fiel_report = check_at (fiel, NULL, TODAY, TRUE);
  assert_well_formed (fiel_report);
  assert_codes (fiel_report, "sat-test-certificate");
  g_assert_true (vnt_check_report_is_valid (fiel_report));
  g_assert_cmpint (vnt_check_report_get_chain_status (fiel_report), ==, VNT_CHAIN_STATUS_SAT_TEST);

  csd_report = check_at (csd, NULL, TODAY, TRUE);
  assert_well_formed (csd_report);
  assert_codes (csd_report, "not-efirma sat-test-certificate");

  old_report = check_at (old, NULL, TODAY, TRUE);
  assert_codes (old_report, "expired sat-test-certificate");
}

/* Every certificate of the SAT set: the verdict follows from its manifest
 * entry (type, dates, issuer) at the fixed date. */
static void
test_manifest (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  const char *sections[] = { "pairs", "certs_only" };
  g_autoptr(GDateTime) today = at (TODAY);

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
          gboolean csd = g_str_equal (json_object_get_string_member (entry, "type"), "CSD");
          gboolean test_ca = g_str_equal (issuer, "AC UAT") || strstr (issuer, "de pruebas") != NULL;
          g_autoptr(VntCertificate) certificate = open_sat (file);
          g_autoptr(VntCheckReport) report = NULL;
          gboolean expired;

          g_test_message ("%s", file);
          report = vnt_check_certificate (certificate, NULL, today, TRUE);
          assert_well_formed (report);

          expired = g_date_time_compare (today, vnt_certificate_get_not_after (certificate)) > 0;
          g_assert_cmpint (vnt_check_report_has_problem (report, "expired"), ==, expired);
          g_assert_cmpint (vnt_check_report_has_problem (report, "not-efirma"), ==, csd);
          g_assert_cmpint (vnt_check_report_has_problem (report, "sat-test-certificate"), ==, test_ca);
          g_assert_false (vnt_check_report_has_problem (report, "untrusted-chain"));
          g_assert_false (vnt_check_report_has_problem (report, "bad-signature"));
          g_assert_false (vnt_check_report_has_problem (report, "weak-key"));
          g_assert_false (vnt_check_report_has_problem (report, "kind-disagreement"));
          g_assert_cmpint (vnt_check_report_is_valid (report), ==, !expired && !csd);
        }
    }
}

static void
test_bad_signature (void)
{
  g_autoptr(VntCertificate) csd = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCertificate) damaged = NULL;
  g_autoptr(VntCheckReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  guint8 *copy;
  gsize len;

  if (csd == NULL)
    return;

  data = g_bytes_get_data (vnt_certificate_get_der (csd), &len);
  copy = g_memdup2 (data, len);
  copy[len - 1] ^= 0x40;
  bytes = g_bytes_new_take (copy, len);
  damaged = vnt_certificate_new_from_bytes (bytes, &error);
  g_assert_no_error (error);

  report = check_at (damaged, NULL, TODAY, FALSE);
  assert_well_formed (report);
  assert_codes (report, "bad-signature");
  g_assert_cmpint (vnt_check_report_get_chain_status (report), ==, VNT_CHAIN_STATUS_BAD_SIGNATURE);
}

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

static void
assert_has_codes (VntCheckReport *report,
                  JsonArray      *codes)
{
  for (guint k = 0; k < json_array_get_length (codes); k++)
    {
      const char *code = json_array_get_string_element (codes, k);

      g_test_message ("expects %s", code);
      g_assert_true (vnt_check_report_has_problem (report, code));
    }
}

/* The generated certificates: 1024-bit key, CSD-like, kind disagreement,
 * self-signed, not yet valid, broken signature, with and without their CA. */
static void
test_fixtures (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *fixtures = load_fixtures (parser);
  g_autoptr(VntTrustStore) with_ca = NULL;
  g_autofree char *ca_path = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *certificates;

  if (fixtures == NULL)
    return;

  ca_path = vnt_test_fixture_path (json_object_get_string_member (json_object_get_object_member (fixtures, "ca"),
                                                                  "certificate"));
  with_ca = vnt_trust_store_new_default ();
  g_assert_true (vnt_trust_store_add_file (with_ca, ca_path, &error));
  g_assert_no_error (error);

  certificates = json_object_get_array_member (fixtures, "certificates");
  for (guint i = 0; i < json_array_get_length (certificates); i++)
    {
      JsonObject *entry = json_array_get_object_element (certificates, i);
      const char *file = json_object_get_string_member (entry, "file");
      g_autofree char *path = vnt_test_fixture_path (file);
      g_autoptr(VntCertificate) certificate = NULL;
      g_autoptr(VntCheckReport) report = NULL;
      g_autoptr(VntCheckReport) report_with_ca = NULL;
      JsonNode *valid_with_ca = json_object_get_member (entry, "valid_with_ca");

      g_test_message ("%s", file);
      certificate = vnt_certificate_new_from_file (path, &error);
      g_assert_no_error (error);

      report = check_at (certificate, NULL, TODAY, TRUE);
      assert_well_formed (report);
      assert_has_codes (report, json_object_get_array_member (entry, "problems"));
      g_assert_cmpstr (vnt_chain_status_to_string (vnt_check_report_get_chain_status (report)), ==,
                       json_object_get_string_member (entry, "chain"));

      report_with_ca = check_at (certificate, with_ca, TODAY, TRUE);
      assert_well_formed (report_with_ca);
      assert_has_codes (report_with_ca, json_object_get_array_member (entry, "problems_with_ca"));
      if (!json_object_get_null_member (entry, "chain_with_ca"))
        g_assert_cmpstr (vnt_chain_status_to_string (vnt_check_report_get_chain_status (report_with_ca)), ==,
                         json_object_get_string_member (entry, "chain_with_ca"));
      if (valid_with_ca != NULL && !JSON_NODE_HOLDS_NULL (valid_with_ca))
        g_assert_cmpint (vnt_check_report_is_valid (report_with_ca), ==, json_node_get_boolean (valid_with_ca));
    }
}

static void
test_problem_struct (void)
{
  g_autoptr(VntProblem) problem = vnt_problem_new ("weak-key", VNT_PROBLEM_SEVERITY_ERROR, "message");
  g_autoptr(VntProblem) no_message = vnt_problem_new ("expires-soon", VNT_PROBLEM_SEVERITY_WARNING, NULL);

  g_assert_cmpstr (problem->code, ==, "weak-key");
  g_assert_cmpstr (problem->message, ==, "message");
  g_assert_cmpint (problem->severity, ==, VNT_PROBLEM_SEVERITY_ERROR);
  g_assert_cmpstr (no_message->message, ==, "");
  vnt_problem_free (NULL);
}

static void
test_spanish (void)
{
  g_autoptr(VntCertificate) csd = open_sat (VALID_PROD_CSD);
  g_autoptr(VntCertificate) fiel = open_sat (PROD_FIEL);
  g_autoptr(VntCertificate) test = open_sat (TEST_FIEL ".cer");
  g_autoptr(VntCheckReport) not_efirma = NULL;
  g_autoptr(VntCheckReport) expired = NULL;
  g_autoptr(VntCheckReport) soon = NULL;
  g_autoptr(VntCheckReport) sat_test = NULL;

  if (csd == NULL || fiel == NULL || test == NULL)
    return;

  vnt_test_use_spanish ();

  not_efirma = check_at (csd, NULL, TODAY, TRUE);
  g_assert_nonnull (strstr (find_problem (not_efirma, "not-efirma")->message,
                            "Este es un Certificado de Sello Digital (CSD), no una e.firma"));

  expired = check_at (fiel, NULL, TODAY, TRUE);
  g_assert_nonnull (strstr (find_problem (expired, "expired")->message, "venció el 4 de abril de 2026"));
  g_assert_nonnull (strstr (find_problem (expired, "expired")->message, "Renuévala en el SAT"));

  soon = check_at (fiel, NULL, "2026-04-03T00:00:00Z", TRUE);
  g_assert_nonnull (strstr (find_problem (soon, "expires-soon")->message, "en 1 día."));

  {
    g_autoptr(VntCheckReport) last_day = check_at (fiel, NULL, "2026-04-04T00:00:00Z", TRUE);

    g_assert_nonnull (strstr (find_problem (last_day, "expires-soon")->message, "vence hoy"));
  }

  sat_test = check_at (test, NULL, TODAY, TRUE);
  g_assert_nonnull (strstr (find_problem (sat_test, "sat-test-certificate")->message, "pruebas del SAT"));

  g_unsetenv ("LANGUAGE");
}

/* — Credential checks: they need vnt-credential.c. — */

static char *
sat_path (const char *relative)
{
  return vnt_test_sat_path (relative);
}

static void
test_credential (void)
{
  g_autofree char *cer = sat_path (TEST_FIEL ".cer");
  g_autofree char *key = sat_path (TEST_FIEL ".key");
  g_autofree char *plain_cer = sat_path ("fiel/fiel-moral-AAA010101AAA-30001000000300023685.cer");
  g_autofree char *plain_key = sat_path ("variants/AAA010101AAA-FIEL-private_key.key.pem");
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntCredential) plain = NULL;
  g_autoptr(VntCheckReport) report = NULL;
  g_autoptr(VntCheckReport) plain_report = NULL;
  g_autoptr(GDateTime) today = at (TODAY);
  g_autoptr(GError) error = NULL;

  if (cer == NULL || key == NULL || plain_cer == NULL || plain_key == NULL)
    return;

  credential = vnt_credential_new_from_files (cer, key, "12345678a", &error);
  g_assert_no_error (error);
  report = vnt_check_credential (credential, NULL, today, TRUE);
  assert_well_formed (report);
  /* The key proves itself: no key-mismatch, no unencrypted-key. */
  assert_codes (report, "sat-test-certificate");

  plain = vnt_credential_new_from_files (plain_cer, plain_key, NULL, &error);
  g_assert_no_error (error);
  plain_report = vnt_check_credential (plain, NULL, today, TRUE);
  assert_well_formed (plain_report);
  assert_codes (plain_report, "expired sat-test-certificate unencrypted-key");
  g_assert_cmpint (find_problem (plain_report, "unencrypted-key")->severity, ==, VNT_PROBLEM_SEVERITY_WARNING);
}

static void
test_files (void)
{
  g_autofree char *cer = sat_path (TEST_FIEL ".cer");
  g_autofree char *key = sat_path (TEST_FIEL ".key");
  g_autofree char *other_key = sat_path (TEST_CSD ".key");
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "vnt-no-such-dir", "missing.key", NULL);
  g_autoptr(VntCheckReport) good = NULL;
  g_autoptr(VntCheckReport) wrong_password = NULL;
  g_autoptr(VntCheckReport) mismatch = NULL;
  g_autoptr(VntCheckReport) no_key = NULL;
  g_autoptr(VntCheckReport) no_cer = NULL;

  if (cer == NULL || key == NULL || other_key == NULL)
    return;

  good = vnt_check_files_at (cer, key, "12345678a", NULL, NULL, TRUE, NULL);
  assert_well_formed (good);
  g_assert_false (vnt_check_report_has_problem (good, "wrong-password"));
  g_assert_false (vnt_check_report_has_problem (good, "key-mismatch"));
  g_assert_true (vnt_check_report_has_problem (good, "sat-test-certificate"));
  g_assert_cmpstr (vnt_certificate_get_rfc (vnt_check_report_get_certificate (good)), ==, "EKU9003173C9");

  /* A failure to open still reports what the certificate says. */
  wrong_password = vnt_check_files_at (cer, key, "12345678b", NULL, NULL, TRUE, NULL);
  assert_well_formed (wrong_password);
  g_assert_true (vnt_check_report_has_problem (wrong_password, "wrong-password"));
  g_assert_true (vnt_check_report_has_problem (wrong_password, "sat-test-certificate"));
  g_assert_false (vnt_check_report_is_valid (wrong_password));
  g_assert_nonnull (vnt_check_report_get_certificate (wrong_password));
  g_assert_cmpstr (((VntProblem *) g_ptr_array_index (vnt_check_report_get_problems (wrong_password), 0))->code,
                   ==, "wrong-password");

  mismatch = vnt_check_files_at (cer, other_key, "12345678a", NULL, NULL, TRUE, NULL);
  assert_well_formed (mismatch);
  g_assert_true (vnt_check_report_has_problem (mismatch, "key-mismatch"));
  g_assert_nonnull (vnt_check_report_get_certificate (mismatch));

  no_key = vnt_check_files_at (cer, missing, "12345678a", NULL, NULL, TRUE, NULL);
  assert_well_formed (no_key);
  g_assert_true (vnt_check_report_has_problem (no_key, "unreadable-file"));
  g_assert_nonnull (vnt_check_report_get_certificate (no_key));

  no_cer = vnt_check_files_at (missing, key, "12345678a", NULL, NULL, TRUE, NULL);
  assert_well_formed (no_cer);
  g_assert_true (vnt_check_report_has_problem (no_cer, "unreadable-file"));
  g_assert_null (vnt_check_report_get_certificate (no_cer));
  g_assert_false (vnt_check_report_is_valid (no_cer));
}

static void
test_files_at (void)
{
  g_autofree char *cer = sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000400002417.cer");
  g_autofree char *key = sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000400002417.key");
  g_autoptr(GDateTime) in_2020 = at ("2020-06-01T00:00:00Z");
  g_autoptr(GDateTime) today = at (TODAY);
  g_autoptr(VntCheckReport) then = NULL;
  g_autoptr(VntCheckReport) now = NULL;
  g_autoptr(VntCheckReport) wrong_then = NULL;
  g_autoptr(VntCheckReport) wrong_now = NULL;

  if (cer == NULL || key == NULL)
    return;

  /* Issued 2019-06-14, expired 2023-06-13. */
  then = vnt_check_files_at (cer, key, "12345678a", NULL, in_2020, TRUE, NULL);
  assert_codes (then, "sat-test-certificate");
  now = vnt_check_files_at (cer, key, "12345678a", NULL, today, TRUE, NULL);
  assert_codes (now, "expired sat-test-certificate");

  wrong_then = vnt_check_files_at (cer, key, "12345678", NULL, in_2020, TRUE, NULL);
  assert_codes (wrong_then, "sat-test-certificate wrong-password");
  wrong_now = vnt_check_files_at (cer, key, "12345678", NULL, today, TRUE, NULL);
  assert_codes (wrong_now, "expired sat-test-certificate wrong-password");
}

static void
check_files_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static VntCheckReport *
check_files_async (const char    *cer,
                   const char    *key,
                   const char    *password,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_check_files_async (cer, key, password, NULL, TRUE, cancellable, check_files_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return vnt_check_files_finish (result, error);
}

static void
test_files_async (void)
{
  g_autofree char *cer = sat_path (TEST_FIEL ".cer");
  g_autofree char *key = sat_path (TEST_FIEL ".key");
  g_autoptr(VntCheckReport) report = NULL;
  g_autoptr(VntCheckReport) wrong = NULL;
  g_autoptr(VntCheckReport) cancelled = NULL;
  g_autoptr(VntCheckReport) cancelled_sync = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (cer == NULL || key == NULL)
    return;

  report = check_files_async (cer, key, "12345678a", NULL, &error);
  g_assert_no_error (error);
  assert_well_formed (report);
  g_assert_false (vnt_check_report_has_problem (report, "key-mismatch"));
  g_assert_false (vnt_check_report_has_problem (report, "wrong-password"));

  wrong = check_files_async (cer, key, "wrong", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_check_report_has_problem (wrong, "wrong-password"));

  g_cancellable_cancel (cancellable);
  cancelled = check_files_async (cer, key, "12345678a", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);

  cancelled_sync = vnt_check_files_at (cer, key, "12345678a", NULL, NULL, TRUE, cancellable);
  assert_codes (cancelled_sync, "cancelled");
}

/* The generated mismatched pairs: the report names the mismatch and still
 * carries the certificate's facts. */
static void
test_fixture_pairs (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *fixtures = load_fixtures (parser);
  JsonArray *mismatched;

  if (fixtures == NULL)
    return;

  mismatched = json_object_get_array_member (fixtures, "mismatched_pairs");
  for (guint i = 0; i < json_array_get_length (mismatched); i++)
    {
      JsonObject *pair = json_array_get_object_element (mismatched, i);
      g_autofree char *cer = vnt_test_fixture_path (json_object_get_string_member (pair, "cer"));
      g_autofree char *key = vnt_test_fixture_path (json_object_get_string_member (pair, "key"));
      g_autoptr(VntCheckReport) report = NULL;

      report = vnt_check_files_at (cer, key, json_object_get_string_member (fixtures, "password"),
                                   NULL, NULL, TRUE, NULL);
      assert_well_formed (report);
      g_assert_true (vnt_check_report_has_problem (report, json_object_get_string_member (pair, "error")));
      g_assert_nonnull (vnt_check_report_get_certificate (report));
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/crypto/check/problem-struct", test_problem_struct);
  g_test_add_func ("/crypto/check/valid-certificate", test_valid_certificate);
  g_test_add_func ("/crypto/check/dates", test_dates);
  g_test_add_func ("/crypto/check/sat-test-certificates", test_sat_test_certificates);
  g_test_add_func ("/crypto/check/manifest", test_manifest);
  g_test_add_func ("/crypto/check/bad-signature", test_bad_signature);
  g_test_add_func ("/crypto/check/fixtures", test_fixtures);
  g_test_add_func ("/crypto/check/credential", test_credential);
  g_test_add_func ("/crypto/check/files", test_files);
  g_test_add_func ("/crypto/check/files-at", test_files_at);
  g_test_add_func ("/crypto/check/files-async", test_files_async);
  g_test_add_func ("/crypto/check/fixture-pairs", test_fixture_pairs);
  /* Last: it switches the process to Spanish. */
  g_test_add_func ("/crypto/check/spanish", test_spanish);

  return g_test_run ();
}
