/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `efirma watch` run as a process over the SAT test set
 * (../shared/testdata/sat) and the generated fixtures. The answers are
 * worked out here from the files themselves and from the sets' manifests
 * (SHA-256 of each certificate's DER, its dates), not from efirma. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vnt-test-utils.h"

#define AT "2026-11-22T00:00:00Z"
#define WITHIN 180

typedef struct {
  int status;
  char *out;
  char *err;
  JsonNode *root;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->root, json_node_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Runs efirma ARGS… with LANGUAGE @language (NULL: English); parses the
 * output when it is JSON. */
static Run *
run_full (const char         *language,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  Run *run = g_new0 (Run, 1);

  g_ptr_array_add (argv, (char *) g_getenv ("EFIRMA"));
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (char *) args[i]);
      json |= g_str_equal (args[i], "--json");
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  else
    /* English: unset, efirma would choose Spanish under C.UTF-8. */
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  if (json)
    {
      run->root = json_from_string (run->out, &error);
      g_assert_no_error (error);
      g_assert_nonnull (run->root);
    }

  return run;
}

#define RUN(...) run_full (NULL, (const char * const[]) { __VA_ARGS__, NULL })

static JsonObject *
root_object (Run *run)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (run->root));
  return json_node_get_object (run->root);
}

/* The object has exactly these keys. */
static void
assert_keys (JsonObject         *object,
             const char * const *keys)
{
  guint n = 0;

  for (; keys[n] != NULL; n++)
    if (!json_object_has_member (object, keys[n]))
      g_error ("key “%s” missing", keys[n]);
  g_assert_cmpuint (json_object_get_size (object), ==, n);
}

static const char * const top_keys[] = { "at", "within_days", "certificates", "skipped", NULL };
static const char * const certificate_keys[] = {
  "files", "sha256", "rfc", "curp", "representative_rfc", "representative_curp", "name", "kind",
  "persona", "certificate_number", "issuer", "not_before", "not_after", "days_left", "status",
  "revocation", NULL,
};

/* ---- What the files say ---- */

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  g_autofree char *folded = g_ascii_strdown (path, -1);

  return g_str_has_suffix (folded, suffix);
}

/* SHA-256 of every certificate in a DER or PEM file (none: empty). */
static GPtrArray *
certificate_hashes (const char *path)
{
  GPtrArray *hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *p;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  if (len > 0 && (guchar) contents[0] == 0x30)
    {
      g_ptr_array_add (hashes, g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, len));
      return hashes;
    }

  p = contents;
  while ((p = strstr (p, "-----BEGIN CERTIFICATE-----")) != NULL)
    {
      const char *body = p + strlen ("-----BEGIN CERTIFICATE-----");
      const char *end = strstr (body, "-----END CERTIFICATE-----");
      g_autofree char *base64 = NULL;
      g_autofree guchar *der = NULL;
      gsize der_len = 0;

      g_assert_nonnull (end);
      base64 = g_strndup (body, end - body);
      der = g_base64_decode (base64, &der_len);
      g_ptr_array_add (hashes, g_compute_checksum_for_data (G_CHECKSUM_SHA256, der, der_len));
      p = end;
    }

  return hashes;
}

static void
list_files (const char *dir,
            GPtrArray  *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_files (path, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

/* "2027-05-17 04:37:14 UTC" (manifest) or ISO 8601. */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *iso = NULL;

  if (g_str_has_suffix (text, " UTC"))
    {
      g_autofree char *bare = g_strndup (text, strlen (text) - strlen (" UTC"));

      bare[10] = 'T';
      iso = g_strconcat (bare, "Z", NULL);
    }
  else
    iso = g_strdup (text);

  return g_date_time_new_from_iso8601 (iso, utc);
}

/* Floor of the days from @at to @not_after, as a calendar would. */
static int
days_between (GDateTime *at,
              GDateTime *not_after)
{
  GTimeSpan span = g_date_time_difference (not_after, at);
  GTimeSpan days = span / G_TIME_SPAN_DAY;

  if (span < 0 && span % G_TIME_SPAN_DAY != 0)
    days--;
  return (int) days;
}

static const char *
status_by_dates (GDateTime *at,
                 int        within,
                 GDateTime *not_before,
                 GDateTime *not_after)
{
  g_autoptr(GDateTime) horizon = g_date_time_add_days (at, within);

  if (g_date_time_compare (at, not_after) > 0)
    return "expired";
  if (g_date_time_compare (at, not_before) < 0)
    return "not-yet-valid";
  if (g_date_time_compare (not_after, horizon) <= 0)
    return "expiring";
  return "valid";
}

static JsonObject *
find_by_sha256 (JsonArray  *certificates,
                const char *sha256)
{
  for (guint i = 0; i < json_array_get_length (certificates); i++)
    {
      JsonObject *certificate = json_array_get_object_element (certificates, i);

      if (g_str_equal (json_object_get_string_member (certificate, "sha256"), sha256))
        return certificate;
    }

  return NULL;
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_array_get_string_element (array, i), value))
      return TRUE;

  return FALSE;
}

static const char *
skipped_reason (JsonObject *root,
                const char *file)
{
  JsonArray *skipped = json_object_get_array_member (root, "skipped");

  for (guint i = 0; i < json_array_get_length (skipped); i++)
    {
      JsonObject *skip = json_array_get_object_element (skipped, i);

      if (g_str_equal (json_object_get_string_member (skip, "file"), file))
        return json_object_get_string_member (skip, "reason");
    }

  return NULL;
}

/* Sorted by expiry, soonest first. */
static void
assert_sorted (JsonArray *certificates)
{
  for (guint i = 1; i < json_array_get_length (certificates); i++)
    {
      const char *before = json_object_get_string_member (json_array_get_object_element (certificates, i - 1),
                                                          "not_after");
      const char *after = json_object_get_string_member (json_array_get_object_element (certificates, i),
                                                         "not_after");

      /* ISO 8601 UTC with a Z sorts as text. */
      g_assert_cmpstr (before, <=, after);
    }
}

/* Dates (and the facts the manifest gives) of each certificate file of the
 * SAT set, by path relative to the set. */
typedef struct {
  GDateTime  *not_before;
  GDateTime  *not_after;
  const char *number;
  const char *rfc;
  const char *kind;
} Expected;

static void
expected_free (Expected *expected)
{
  g_clear_pointer (&expected->not_before, g_date_time_unref);
  g_clear_pointer (&expected->not_after, g_date_time_unref);
  g_free (expected);
}

static void
add_expected (GHashTable *by_file,
              JsonObject *entry,
              const char *file_member)
{
  Expected *expected = g_new0 (Expected, 1);
  const char *type = json_object_get_string_member (entry, "type");

  expected->not_before = parse_time (json_object_get_string_member (entry, "not_before"));
  expected->not_after = parse_time (json_object_get_string_member (entry, "not_after"));
  g_assert_nonnull (expected->not_before);
  g_assert_nonnull (expected->not_after);
  expected->number = json_object_get_string_member (entry, "sat_serial");
  expected->rfc = json_object_has_member (entry, "rfc") ? json_object_get_string_member (entry, "rfc") : NULL;
  expected->kind = g_str_equal (type, "FIEL") ? "efirma" : g_str_equal (type, "CSD") ? "csd" : "other";
  g_hash_table_insert (by_file, (char *) json_object_get_string_member (entry, file_member), expected);
}

/* The SAT set, as it would sit in an accountant's folder: every
 * certificate once with all its files, its status on AT from the
 * manifest's dates, the .pfx files skipped for want of a password (or
 * folded into their certificate with one). */
static void
check_sat_set (gboolean with_password)
{
  g_autofree char *root_dir = vnt_test_sat_path ("");
  g_autofree char *password_file = NULL;
  g_autoptr(GHashTable) by_file = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) expected_free);
  g_autoptr(GHashTable) files_by_sha256 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                 (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) expected_by_sha256 = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pfx = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) at = parse_time (AT);
  g_autoptr(Run) run = NULL;
  JsonObject *manifest;
  JsonObject *root;
  JsonArray *certificates;
  const char *sections[] = { "pairs", "certs_only", "ca" };
  GHashTableIter iter;
  gpointer key, value;

  if (root_dir == NULL)
    return;

  manifest = vnt_test_sat_manifest ();
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonArray *entries = json_object_get_array_member (manifest, sections[s]);

      for (guint i = 0; i < json_array_get_length (entries); i++)
        add_expected (by_file, json_array_get_object_element (entries, i),
                      g_str_equal (sections[s], "pairs") ? "cer" : "file");
    }

  /* What an accountant's folder holds: certificates by their hash. */
  list_files (root_dir, files);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      const char *relative = path + strlen (root_dir) + (g_str_has_suffix (root_dir, "/") ? 0 : 1);
      g_autoptr(GPtrArray) hashes = NULL;

      if (has_suffix (path, ".pfx") || has_suffix (path, ".p12"))
        {
          g_ptr_array_add (pfx, g_strdup (relative));
          continue;
        }
      if (!has_suffix (path, ".cer") && !has_suffix (path, ".crt") && !has_suffix (path, ".pem"))
        continue;

      hashes = certificate_hashes (path);
      for (guint h = 0; h < hashes->len; h++)
        {
          const char *sha256 = g_ptr_array_index (hashes, h);
          GPtrArray *paths = g_hash_table_lookup (files_by_sha256, sha256);
          Expected *expected = g_hash_table_lookup (by_file, relative);

          if (paths == NULL)
            {
              paths = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (files_by_sha256, g_strdup (sha256), paths);
            }
          g_ptr_array_add (paths, g_strdup (path));
          if (expected != NULL)
            g_hash_table_insert (expected_by_sha256, (gpointer) g_intern_string (sha256), expected);
        }
    }
  g_assert_cmpuint (pfx->len, >, 0);

  if (with_password)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("test-cli-watch-XXXXXX", &error);

      g_assert_no_error (error);
      password_file = g_build_filename (dir, "password.txt", NULL);
      g_file_set_contents (password_file, json_object_get_string_member (manifest, "password_default"), -1, &error);
      g_assert_no_error (error);
      run = RUN ("watch", "--json", "--at", AT, "--within", G_STRINGIFY (WITHIN),
                 "--password-file", password_file, root_dir);
      g_unlink (password_file);
      g_rmdir (dir);
    }
  else
    run = RUN ("watch", "--json", "--at", AT, "--within", G_STRINGIFY (WITHIN), root_dir);

  /* Expired certificates need attention. */
  g_assert_cmpint (run->status, ==, 1);
  root = root_object (run);
  assert_keys (root, top_keys);
  g_assert_cmpstr (json_object_get_string_member (root, "at"), ==, AT);
  g_assert_cmpint (json_object_get_int_member (root, "within_days"), ==, WITHIN);

  certificates = json_object_get_array_member (root, "certificates");
  g_assert_cmpuint (json_array_get_length (certificates), ==, g_hash_table_size (files_by_sha256));
  assert_sorted (certificates);

  g_hash_table_iter_init (&iter, files_by_sha256);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *paths = value;
      JsonObject *certificate = find_by_sha256 (certificates, key);
      Expected *expected = g_hash_table_lookup (expected_by_sha256, g_intern_string (key));
      JsonArray *listed;
      guint n_pfx = 0;

      g_assert_nonnull (certificate);
      assert_keys (certificate, certificate_keys);
      listed = json_object_get_array_member (certificate, "files");
      for (guint i = 0; i < paths->len; i++)
        g_assert_true (array_has_string (listed, g_ptr_array_index (paths, i)));
      for (guint i = 0; i < json_array_get_length (listed); i++)
        n_pfx += has_suffix (json_array_get_string_element (listed, i), ".pfx");
      /* With the password the .pfx files fold into their certificate. */
      g_assert_cmpuint (json_array_get_length (listed), ==, paths->len + n_pfx);
      if (!with_password)
        g_assert_cmpuint (n_pfx, ==, 0);

      /* Every certificate of the set is described by the manifest. */
      g_assert_nonnull (expected);
      g_assert_cmpstr (json_object_get_string_member (certificate, "status"), ==,
                       status_by_dates (at, WITHIN, expected->not_before, expected->not_after));
      g_assert_cmpint (json_object_get_int_member (certificate, "days_left"), ==,
                       days_between (at, expected->not_after));
      g_assert_cmpstr (json_object_get_string_member (certificate, "certificate_number"), ==, expected->number);
      g_assert_cmpstr (json_object_get_string_member (certificate, "kind"), ==, expected->kind);
      if (expected->rfc != NULL)
        g_assert_cmpstr (json_object_get_string_member (certificate, "rfc"), ==, expected->rfc);
      g_assert_cmpstr (json_object_get_string_member (certificate, "revocation"), ==, "not-checked");
      {
        g_autoptr(GDateTime) not_after = parse_time (json_object_get_string_member (certificate, "not_after"));

        g_assert_true (g_date_time_equal (not_after, expected->not_after));
      }
    }

  if (with_password)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "skipped")), ==, 0);
  else
    {
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "skipped")), ==, pfx->len);
      for (guint i = 0; i < pfx->len; i++)
        {
          g_autofree char *path = g_build_filename (root_dir, g_ptr_array_index (pfx, i), NULL);
          const char *reason = skipped_reason (root, path);

          g_assert_nonnull (reason);
          g_assert_nonnull (strstr (reason, "--password-file"));
        }
    }
}

static void
test_sat_set (void)
{
  check_sat_set (FALSE);
}

static void
test_sat_set_with_password (void)
{
  check_sat_set (TRUE);
}

/* The fixtures' certificates come from a CA made at build time: fictitious,
 * so "untrusted" until it is added with --ca; then the statuses follow
 * their dates, and a broken signature stays untrusted. Every damaged file
 * is named with a reason; keys beside the certificates are not. */
static void
check_fixtures (gboolean with_ca)
{
  g_autofree char *dir = vnt_test_fixture_path ("");
  g_autofree char *manifest_path = vnt_test_fixture_path ("fixtures.json");
  g_autofree char *ca = vnt_test_fixture_path ("ca.cer");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) at = parse_time (AT);
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  JsonObject *manifest;
  JsonObject *root;
  JsonArray *fixtures;
  JsonArray *rejected;
  JsonArray *certificates;
  JsonArray *skipped;
  guint n_rejected = 0;

  json_parser_load_from_file (parser, manifest_path, &error);
  g_assert_no_error (error);
  manifest = json_node_get_object (json_parser_get_root (parser));

  if (with_ca)
    run = RUN ("watch", "--json", "--at", AT, "--ca", ca, dir);
  else
    run = RUN ("watch", "--json", "--at", AT, dir);
  root = root_object (run);
  assert_keys (root, top_keys);
  certificates = json_object_get_array_member (root, "certificates");
  skipped = json_object_get_array_member (root, "skipped");
  assert_sorted (certificates);
  /* Untrusted certificates need attention; so does a broken signature. */
  g_assert_cmpint (run->status, ==, 1);

  fixtures = json_object_get_array_member (manifest, "certificates");
  for (guint i = 0; i < json_array_get_length (fixtures); i++)
    {
      JsonObject *fixture = json_array_get_object_element (fixtures, i);
      g_autofree char *path = g_build_filename (dir, json_object_get_string_member (fixture, "file"), NULL);
      g_autoptr(GPtrArray) hashes = certificate_hashes (path);
      g_autoptr(GDateTime) not_before = parse_time (json_object_get_string_member (fixture, "not_before"));
      g_autoptr(GDateTime) not_after = parse_time (json_object_get_string_member (fixture, "not_after"));
      const char *chain = json_object_get_string_member (fixture, with_ca ? "chain_with_ca" : "chain");
      JsonObject *certificate;
      const char *expected;

      g_assert_cmpuint (hashes->len, ==, 1);
      certificate = find_by_sha256 (certificates, g_ptr_array_index (hashes, 0));
      g_assert_nonnull (certificate);
      assert_keys (certificate, certificate_keys);
      g_assert_true (array_has_string (json_object_get_array_member (certificate, "files"), path));
      g_assert_cmpstr (json_object_get_string_member (certificate, "rfc"), ==,
                       json_object_get_string_member (fixture, "rfc"));
      /* null: the fixture's signals disagree on purpose. */
      if (json_object_get_string_member (fixture, "kind") != NULL)
        g_assert_cmpstr (json_object_get_string_member (certificate, "kind"), ==,
                         json_object_get_string_member (fixture, "kind"));
      g_assert_cmpstr (json_object_get_string_member (certificate, "certificate_number"), ==,
                       json_object_get_string_member (fixture, "certificate_number"));

      /* A chain that does not end at a trusted CA (or not at all with a
       * CA added, "bad-signature") makes it untrusted, whatever its dates;
       * the manifest has no chain for a certificate not yet valid. */
      if (g_strcmp0 (chain, "untrusted") == 0 || g_strcmp0 (chain, "bad-signature") == 0)
        expected = "untrusted";
      else
        expected = status_by_dates (at, 30, not_before, not_after);
      g_assert_cmpstr (json_object_get_string_member (certificate, "status"), ==, expected);

      /* The same certificate in DER and PEM is listed once with both. */
      if (json_object_has_member (fixture, "same_as") &&
          json_object_get_string_member (fixture, "same_as") != NULL)
        {
          g_autofree char *twin = g_build_filename (dir, json_object_get_string_member (fixture, "same_as"), NULL);

          g_assert_true (array_has_string (json_object_get_array_member (certificate, "files"), twin));
        }
    }

  rejected = json_object_get_array_member (manifest, "rejected");
  for (guint i = 0; i < json_array_get_length (rejected); i++)
    {
      JsonObject *file = json_array_get_object_element (rejected, i);
      g_autofree char *path = g_build_filename (dir, json_object_get_string_member (file, "file"), NULL);
      const char *reason = skipped_reason (root, path);

      /* Keys are never read, so a damaged key is nothing to report. */
      if (!g_str_equal (json_object_get_string_member (file, "open_as"), "certificate"))
        {
          g_assert_null (reason);
          continue;
        }
      g_assert_nonnull (reason);
      g_assert_cmpstr (reason, !=, "");
      n_rejected++;
    }
  g_assert_cmpuint (n_rejected, >, 0);
  g_assert_cmpuint (json_array_get_length (skipped), ==, n_rejected);
  {
    g_autofree char *key_as_cer = g_build_filename (dir, "key-as-cer.cer", NULL);

    g_assert_nonnull (strstr (skipped_reason (root, key_as_cer), "private key"));
  }
}

static void
test_fixtures (void)
{
  check_fixtures (FALSE);
}

static void
test_fixtures_with_ca (void)
{
  check_fixtures (TRUE);
}

/* 0 when nothing needs attention, 1 when something does, 2 for usage and
 * input errors; the JSON stays whole in every case. */
static void
test_exit_codes (void)
{
  g_autofree char *current = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *not_yet = vnt_test_fixture_path ("efirma-not-yet-valid.cer");
  g_autofree char *ca = vnt_test_fixture_path ("ca.cer");
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *pairs;
  g_autoptr(GDateTime) not_after = NULL;
  struct {
    const char *at;
    const char *within;
    int         status;
    const char *expected;
  } cases[4] = { { 0 } };
  g_autofree char *at_valid = NULL;
  g_autofree char *at_expiring = NULL;
  g_autofree char *at_expired = NULL;

  if (current == NULL)
    return;

  /* Times around this pair's expiry, from the manifest. */
  pairs = json_object_get_array_member (manifest, "pairs");
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);

      if (g_str_has_suffix (current, json_object_get_string_member (pair, "cer")))
        not_after = parse_time (json_object_get_string_member (pair, "not_after"));
    }
  g_assert_nonnull (not_after);
  {
    g_autoptr(GDateTime) before = g_date_time_add_days (not_after, -40);
    g_autoptr(GDateTime) soon = g_date_time_add_days (not_after, -20);
    g_autoptr(GDateTime) after = g_date_time_add_seconds (not_after, 1);

    at_valid = g_date_time_format_iso8601 (before);
    at_expiring = g_date_time_format_iso8601 (soon);
    at_expired = g_date_time_format_iso8601 (after);
  }
  cases[0] = (typeof (cases[0])) { at_valid, "30", 0, "valid" };
  cases[1] = (typeof (cases[0])) { at_expiring, "30", 1, "expiring" };
  cases[2] = (typeof (cases[0])) { at_expiring, "10", 0, "valid" };
  cases[3] = (typeof (cases[0])) { at_expired, "0", 1, "expired" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = RUN ("watch", "--json", "--at", cases[i].at, "--within", cases[i].within, current);
      JsonArray *certificates = json_object_get_array_member (root_object (run), "certificates");

      g_assert_cmpuint (json_array_get_length (certificates), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certificates, 0), "status"),
                       ==, cases[i].expected);
      g_assert_cmpint (run->status, ==, cases[i].status);
    }

  /* Not yet valid needs no attention today. */
  {
    g_autoptr(Run) run = RUN ("watch", "--json", "--ca", ca, not_yet);
    JsonArray *certificates = json_object_get_array_member (root_object (run), "certificates");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certificates, 0), "status"),
                     ==, "not-yet-valid");
    g_assert_cmpint (run->status, ==, 0);
  }

  /* A PATH that is not there: named under "skipped", and exit 2. */
  {
    g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "test-cli-watch-missing", "nada", NULL);
    g_autoptr(Run) run = RUN ("watch", "--json", current, missing);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (skipped_reason (root_object (run), missing));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root_object (run), "certificates")), ==, 1);
  }

  /* A password option for the .pfx files that cannot be read. */
  {
    g_autofree char *pfx = vnt_test_sat_path ("variants/AAA010101AAA-CSD01-credential_protected.pfx");
    g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "test-cli-watch-missing", "password.txt", NULL);
    g_autoptr(Run) run = RUN ("watch", "--json", "--password-file", missing, pfx);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (skipped_reason (root_object (run), pfx));
  }

  /* Usage errors. */
  {
    const char *usage[][4] = {
      { "watch", NULL },
      { "watch", "--within", "-1", current },
      { "watch", "--within", "treinta", current },
      { "watch", "--at", "mañana", current },
      { "watch", "--ocsp=ftp://example.com/", current, NULL },
      { "watch", "--password", "12345678a", current },
    };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        const char *args[5] = { usage[i][0], usage[i][1], usage[i][2], usage[i][3], NULL };
        g_autoptr(Run) run = run_full (NULL, args);

        g_assert_cmpint (run->status, ==, 2);
        g_assert_cmpstr (run->out, ==, "");
        g_assert_cmpstr (run->err, !=, "");
      }
  }
}

static char *
make_scratch (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-cli-watch-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

static guint
count_certificates (Run *run)
{
  return json_array_get_length (json_object_get_array_member (root_object (run), "certificates"));
}

/* Links are not followed (a link to a certificate, a link back up), the
 * depth and the number of entries are bounded, a file reached twice counts
 * once, and a file named outright is read whatever its name. */
static void
test_scan (void)
{
  g_autofree char *source = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *other = vnt_test_sat_path ("csd/csd-fisica-KAHO641101B39.cer");
  g_autofree char *key = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autofree char *dir = NULL;
  g_autofree char *deep = NULL;
  g_autofree char *deep_cer = NULL;
  g_autofree char *link_cer = NULL;
  g_autofree char *link_up = NULL;
  g_autofree char *odd_name = NULL;
  g_autofree char *key_copy = NULL;
  g_autofree char *notes = NULL;

  if (source == NULL)
    return;

  dir = make_scratch ();
  deep = g_build_filename (dir, "uno", "dos", "tres", NULL);
  g_assert_cmpint (g_mkdir_with_parents (deep, 0700), ==, 0);
  deep_cer = g_build_filename (deep, "FIEL.CER", NULL);
  copy_file (source, deep_cer);
  link_cer = g_build_filename (dir, "enlace.cer", NULL);
  g_assert_cmpint (symlink (other, link_cer), ==, 0);
  link_up = g_build_filename (dir, "uno", "arriba", NULL);
  g_assert_cmpint (symlink ("..", link_up), ==, 0);
  odd_name = g_build_filename (dir, "certificado.bin", NULL);
  copy_file (other, odd_name);
  key_copy = g_build_filename (dir, "FIEL.key", NULL);
  copy_file (key, key_copy);
  notes = g_build_filename (dir, "notas.txt", NULL);
  g_file_set_contents (notes, "contraseñas en otro lado", -1, NULL);

  {
    g_autoptr(Run) run = RUN ("watch", "--json", dir);
    JsonObject *root = root_object (run);
    JsonArray *certificates = json_object_get_array_member (root, "certificates");
    JsonArray *files;

    /* Only the copy found in a folder: not the link's target, not the
     * .bin, not the key. */
    g_assert_cmpuint (json_array_get_length (certificates), ==, 1);
    files = json_object_get_array_member (json_array_get_object_element (certificates, 0), "files");
    g_assert_cmpuint (json_array_get_length (files), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (files, 0), ==, deep_cer);
    g_assert_nonnull (skipped_reason (root, link_cer));
    g_assert_nonnull (strstr (skipped_reason (root, link_cer), "link"));
    g_assert_nonnull (skipped_reason (root, link_up));
    g_assert_null (skipped_reason (root, key_copy));
    g_assert_null (skipped_reason (root, notes));
    g_assert_null (skipped_reason (root, odd_name));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "skipped")), ==, 2);
  }

  /* Named outright, twice, and inside a folder also named: one file. */
  {
    g_autoptr(Run) run = RUN ("watch", "--json", odd_name, dir, odd_name, deep_cer);
    JsonObject *root = root_object (run);
    JsonArray *certificates = json_object_get_array_member (root, "certificates");

    g_assert_cmpuint (json_array_get_length (certificates), ==, 2);
    for (guint i = 0; i < 2; i++)
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (certificates, i),
                                                                              "files")), ==, 1);
  }

  /* A key named outright is worth a word, and it is no read error. */
  {
    g_autoptr(Run) run = RUN ("watch", "--json", key_copy);

    g_assert_nonnull (strstr (skipped_reason (root_object (run), key_copy), "private key"));
    g_assert_cmpint (run->status, ==, 0);
  }

  /* Bounded depth (DIR is level 0) and count. */
  {
    g_autoptr(Run) shallow = RUN ("watch", "--json", "--max-depth", "2", dir);
    g_autoptr(Run) deep_enough = RUN ("watch", "--json", "--max-depth", "3", dir);
    g_autoptr(Run) few = RUN ("watch", "--json", "--max-entries", "2", dir);

    g_assert_cmpuint (count_certificates (shallow), ==, 0);
    g_assert_nonnull (skipped_reason (root_object (shallow), deep));
    g_assert_cmpuint (count_certificates (deep_enough), ==, 1);
    g_assert_cmpuint (count_certificates (few), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root_object (few), "skipped")), ==, 1);
  }

  vnt_test_remove_tree (dir);
}

/* The readable table, in English and in Spanish. */
static void
test_readable (void)
{
  g_autofree char *dir = vnt_test_sat_path ("fiel");
  g_autofree char *current = vnt_test_sat_path ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autoptr(Run) english = NULL;
  g_autoptr(Run) spanish = NULL;

  if (dir == NULL)
    return;

  english = RUN ("watch", "--at", AT, "--within", G_STRINGIFY (WITHIN), dir);
  spanish = run_full ("es", (const char * const[]) { "watch", "--at", AT, "--within", G_STRINGIFY (WITHIN), dir, NULL });

  g_assert_cmpint (english->status, ==, 1);
  g_assert_cmpint (spanish->status, ==, 1);
  g_assert_nonnull (strstr (english->out, current));
  g_assert_nonnull (strstr (spanish->out, current));
  g_assert_nonnull (strstr (english->out, "expired"));
  g_assert_nonnull (strstr (english->out, "expiring"));
  g_assert_nonnull (strstr (english->out, "Renovación de e.firma"));
  g_assert_nonnull (strstr (spanish->out, "vencido"));
  g_assert_nonnull (strstr (spanish->out, "por vencer"));
  g_assert_nonnull (strstr (spanish->out, "Actualización de la e.firma"));
  g_assert_null (strstr (spanish->out, "expired"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/watch/sat-set", test_sat_set);
  g_test_add_func ("/cli/watch/sat-set-with-password", test_sat_set_with_password);
  g_test_add_func ("/cli/watch/fixtures", test_fixtures);
  g_test_add_func ("/cli/watch/fixtures-with-ca", test_fixtures_with_ca);
  g_test_add_func ("/cli/watch/exit-codes", test_exit_codes);
  g_test_add_func ("/cli/watch/scan", test_scan);
  g_test_add_func ("/cli/watch/readable", test_readable);

  return g_test_run ();
}
