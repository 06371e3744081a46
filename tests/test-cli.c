/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `efirma` run as a process, as a user or a script would, over the SAT test
 * set in ../shared/testdata/sat. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vnt-test-utils.h"

/* A time at which the 2023 test kit is current and the older ones are not. */
#define NOW "2025-01-01T00:00:00Z"

typedef struct {
  int status;
  GBytes *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->out, g_bytes_unref);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static const char *
efirma_path (void)
{
  const char *path = g_getenv ("EFIRMA");

  g_assert_nonnull (path);
  return path;
}

/* The address space of the next runs, in bytes (0: as inherited). */
static rlim_t child_memory_limit;

static void
detach_terminal (gpointer user_data)
{
  setsid ();
  if (child_memory_limit > 0)
    setrlimit (RLIMIT_AS, &(struct rlimit) { child_memory_limit, child_memory_limit });
}

/* Runs efirma ARGS… with @input on stdin (NULL: empty) and @language as
 * LANGUAGE (NULL: English; "": unset, as the locale left it). */
static Run *
run_full (const char         *language,
          GBytes             *input,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  g_ptr_array_add (argv, (char *) efirma_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No controlling terminal, as under CI: a prompt must fail, not wait. */
  g_subprocess_launcher_set_child_setup (launcher, detach_terminal, NULL, NULL);
  /* English must be asked for: under C.UTF-8 efirma speaks Spanish. */
  if (language == NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  else if (*language == '\0')
    g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  else
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  if (input == NULL)
    input = empty = g_bytes_new_static ("", 0);
  g_subprocess_communicate (process, input, NULL, &run->out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  run->status = g_subprocess_get_exit_status (process);
  run->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));

  return run;
}

#define RUN(...) run_full (NULL, NULL, (const char * const[]) { __VA_ARGS__, NULL })

static const char *
run_text (Run *run)
{
  /* GBytes from a pipe is not NUL-terminated: keep a terminated copy
   * (an empty one has no data pointer at all). */
  gsize size = g_bytes_get_size (run->out);
  char *text = g_malloc (size + 1);
  GBytes *terminated;

  if (size > 0)
    memcpy (text, g_bytes_get_data (run->out, NULL), size);
  text[size] = '\0';
  terminated = g_bytes_new_take (text, size + 1);

  g_bytes_unref (run->out);
  run->out = terminated;
  return g_bytes_get_data (run->out, NULL);
}

static JsonNode *
run_json (Run *run)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (run_text (run), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static char *
sat (const char *relative)
{
  char *path = vnt_test_sat_path (relative);

  g_assert_nonnull (path);
  return path;
}

/* A scratch directory with password files; removed by the caller's fixture. */
static char *
scratch_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
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

/* "2023-05-18 04:37:14 UTC" (manifest) → "2023-05-18T04:37:14Z" */
static char *
manifest_time (const char *text)
{
  g_autofree char *date = g_strndup (text, 10);
  g_autofree char *time = g_strndup (text + 11, 8);

  return g_strdup_printf ("%sT%sZ", date, time);
}

/* The part before or after " / " in a SAT identifier field, or NULL. */
static char *
field_part (const char *field,
            gboolean    representative)
{
  const char *slash = strchr (field, '/');
  g_autofree char *part = NULL;

  if (slash == NULL)
    part = g_strdup (representative ? "" : field);
  else if (representative)
    part = g_strdup (slash + 1);
  else
    part = g_strndup (field, slash - field);

  g_strstrip (part);
  return *part != '\0' ? g_steal_pointer (&part) : NULL;
}

static void
assert_member_string (JsonObject *object,
                      const char *member,
                      const char *expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  if (expected == NULL)
    g_assert_true (JSON_NODE_HOLDS_NULL (node));
  else
    g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
assert_certificate_facts (JsonObject *certificate,
                          JsonObject *expected,
                          const char *name_member,
                          const char *key_member)
{
  const char *type = json_object_get_string_member (expected, "type");
  const char *persona = json_object_get_string_member (expected, "persona");
  const char *rfc_field = json_object_get_string_member (expected, "rfc_field");
  const char *curp_field = json_object_get_string_member (expected, "curp_field");
  g_autofree char *rfc = field_part (rfc_field, FALSE);
  g_autofree char *representative_rfc = field_part (rfc_field, TRUE);
  g_autofree char *curp = field_part (curp_field, FALSE);
  g_autofree char *representative_curp = field_part (curp_field, TRUE);
  g_autofree char *not_before = manifest_time (json_object_get_string_member (expected, "not_before"));
  g_autofree char *not_after = manifest_time (json_object_get_string_member (expected, "not_after"));

  g_assert_nonnull (certificate);
  assert_member_string (certificate, "rfc", rfc);
  assert_member_string (certificate, "representative_rfc", representative_rfc);
  assert_member_string (certificate, "representative_curp", representative_curp);
  /* For persona moral, curp is null (the field holds only " / CURP"). */
  assert_member_string (certificate, "curp", g_str_equal (persona, "moral") ? NULL : curp);
  assert_member_string (certificate, "persona", g_str_equal (persona, "moral") ? "moral" : "fisica");
  assert_member_string (certificate, "name", json_object_get_string_member (expected, name_member));
  assert_member_string (certificate, "certificate_number", json_object_get_string_member (expected, "sat_serial"));
  assert_member_string (certificate, "not_before", not_before);
  assert_member_string (certificate, "not_after", not_after);
  assert_member_string (certificate, "key", json_object_get_string_member (expected, key_member));
  assert_member_string (certificate, "issuer", json_object_get_string_member (expected, "issuer_cn"));
  assert_member_string (certificate, "kind", g_str_equal (type, "FIEL") ? "efirma" : "csd");
}

/* ---- Help and usage ---- */

static void
test_help (void)
{
  g_autoptr(Run) help = RUN ("--help");
  g_autoptr(Run) none = RUN ("inspect");
  g_autoptr(Run) nothing = run_full (NULL, NULL, (const char * const[]) { NULL });
  g_autoptr(Run) unknown = RUN ("frobnicate");
  g_autoptr(Run) check_help = RUN ("check", "--help");
  g_autoptr(Run) help_check = RUN ("help", "check");
  const char *commands[] = { "inspect", "check", "sign", "verify" };

  g_assert_cmpint (help->status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run_text (help), commands[i]));

  g_assert_cmpint (none->status, ==, 2);
  g_assert_cmpint (nothing->status, ==, 2);
  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));

  g_assert_cmpint (check_help->status, ==, 0);
  g_assert_nonnull (strstr (run_text (check_help), "--password-file"));
  g_assert_nonnull (strstr (run_text (check_help), "--batch"));
  g_assert_null (strstr (run_text (check_help), "--password "));
  g_assert_cmpint (help_check->status, ==, 0);
  g_assert_cmpstr (run_text (help_check), ==, run_text (check_help));
}

/* ---- inspect ---- */

static void
test_inspect_pairs (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *pairs;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Run) run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;

  if (manifest == NULL)
    return;

  pairs = json_object_get_array_member (manifest, "pairs");
  g_ptr_array_add (args, g_strdup ("inspect"));
  g_ptr_array_add (args, g_strdup ("--json"));
  g_ptr_array_add (args, g_strdup ("--now=" NOW));
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);

      g_ptr_array_add (args, sat (json_object_get_string_member (pair, "cer")));
      g_ptr_array_add (args, sat (json_object_get_string_member (pair, "key")));
    }
  g_ptr_array_add (args, NULL);

  run = run_full (NULL, NULL, (const char * const *) args->pdata);
  g_assert_cmpint (run->status, ==, 0);
  root = run_json (run);
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), ==, 2 * json_array_get_length (pairs));

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      JsonObject *cer = json_array_get_object_element (results, 2 * i);
      JsonObject *key = json_array_get_object_element (results, 2 * i + 1);
      JsonObject *certificate = json_object_get_object_member (cer, "certificate");
      JsonObject *private_key = json_object_get_object_member (key, "private_key");
      const char *encryption = json_object_get_string_member (pair, "key_encryption");
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
      g_autoptr(GDateTime) not_after = NULL;
      g_autofree char *not_after_text = NULL;

      g_test_message ("%s", json_object_get_string_member (pair, "cer"));
      g_assert_true (json_object_get_boolean_member (cer, "ok"));
      g_assert_true (json_object_get_null_member (cer, "error"));
      g_assert_cmpstr (json_object_get_string_member (cer, "type"), ==, "certificate");
      assert_certificate_facts (certificate, pair, "name", "key_algorithm");

      /* days_left counts from --now. */
      not_after_text = manifest_time (json_object_get_string_member (pair, "not_after"));
      not_after = g_date_time_new_from_iso8601 (not_after_text, NULL);
      {
        GTimeSpan span = g_date_time_difference (not_after, now);
        gint64 days = span / G_TIME_SPAN_DAY - (span < 0 && span % G_TIME_SPAN_DAY != 0 ? 1 : 0);

        /* Whole days, rounded down: any time past the end is a negative day. */
        g_assert_cmpint (json_object_get_int_member (certificate, "days_left"), ==, days);
      }
      /* Signed by one of SAT's test authorities, whose keys are bundled. */
      assert_member_string (certificate, "chain", "sat-test");

      g_assert_true (json_object_get_boolean_member (key, "ok"));
      g_assert_cmpstr (json_object_get_string_member (key, "type"), ==, "private-key");
      g_assert_true (json_object_get_null_member (key, "certificate"));
      g_assert_nonnull (private_key);
      g_assert_true (json_object_get_boolean_member (private_key, "encrypted"));
      g_assert_cmpstr (json_object_get_string_member (private_key, "encoding"), ==, "der");
      g_assert_cmpstr (json_object_get_string_member (private_key, "container"), ==, "pkcs8-encrypted");
      g_assert_cmpstr (json_object_get_string_member (private_key, "kdf"), ==, "PBKDF2");
      if (strstr (encryption, "hmacWithSHA1") != NULL)
        g_assert_cmpstr (json_object_get_string_member (private_key, "prf"), ==, "HMAC-SHA1");
      if (strstr (encryption, "des-ede3-cbc") != NULL)
        g_assert_cmpstr (json_object_get_string_member (private_key, "cipher"), ==, "3DES-CBC");
      g_assert_nonnull (strstr (encryption, "2048 iterations"));
      g_assert_cmpint (json_object_get_int_member (private_key, "iterations"), ==, 2048);
      g_assert_true (json_object_get_boolean_member (private_key, "sat_format"));
    }
}

static void
test_inspect_certs_only (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  JsonArray *certs;

  if (manifest == NULL)
    return;

  certs = json_object_get_array_member (manifest, "certs_only");
  for (guint i = 0; i < json_array_get_length (certs); i++)
    {
      JsonObject *expected = json_array_get_object_element (certs, i);
      g_autofree char *path = sat (json_object_get_string_member (expected, "file"));
      g_autoptr(Run) run = RUN ("inspect", "--json", path);
      g_autoptr(JsonNode) root = run_json (run);
      JsonObject *result = json_array_get_object_element (json_node_get_array (root), 0);

      g_test_message ("%s", path);
      g_assert_cmpint (run->status, ==, 0);
      g_assert_cmpstr (json_object_get_string_member (result, "type"), ==, "certificate");
      assert_certificate_facts (json_object_get_object_member (result, "certificate"), expected, "subject_cn", "key");
    }

  /* A current production certificate is SAT's, up to Banco de México. */
  {
    g_autofree char *path = sat ("certs-only/prod-csd-moral-SAT970701NN3-00001000000708361114.cer");
    g_autoptr(Run) run = RUN ("inspect", "--now", "2025-06-01", path);
    const char *text = run_text (run);

    g_assert_nonnull (strstr (text, "Issued by SAT: the chain up to Banco de México is valid."));
  }
}

static void
test_inspect_variants (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  g_autofree char *dir = NULL;
  g_autofree char *password_file = NULL;
  JsonArray *variants;

  if (manifest == NULL)
    return;

  dir = scratch_dir ();
  password_file = write_file (dir, "password", "12345678a\n", -1);
  variants = json_object_get_array_member (manifest, "variants");
  for (guint i = 0; i < json_array_get_length (variants); i++)
    {
      JsonObject *variant = json_array_get_object_element (variants, i);
      const char *kind = json_object_get_string_member (variant, "kind");
      g_autofree char *path = sat (json_object_get_string_member (variant, "file"));
      g_autofree char *belongs_to = sat (json_object_get_string_member (variant, "belongs_to"));
      g_autoptr(Run) owner_run = RUN ("inspect", "--json", belongs_to);
      g_autoptr(JsonNode) owner_root = run_json (owner_run);
      JsonObject *owner = json_object_get_object_member (json_array_get_object_element (json_node_get_array (owner_root), 0),
                                                         "certificate");
      g_autoptr(Run) run = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *result;

      g_test_message ("%s (%s)", path, kind);
      run = RUN ("inspect", "--json", "--password-file", password_file, path);
      root = run_json (run);
      result = json_array_get_object_element (json_node_get_array (root), 0);

      if (g_str_has_prefix (kind, "PKCS#12") || g_str_has_prefix (kind, "certificate PEM") ||
          g_str_has_prefix (kind, "PEM bundle"))
        {
          JsonObject *certificate = json_object_get_object_member (result, "certificate");

          g_assert_cmpint (run->status, ==, 0);
          g_assert_cmpstr (json_object_get_string_member (result, "type"), ==,
                           g_str_has_prefix (kind, "PKCS#12") ? "pkcs12" : "certificate");
          /* The same certificate as the DER file it came from. */
          g_assert_cmpstr (json_object_get_string_member (certificate, "certificate_number"), ==,
                           json_object_get_string_member (owner, "certificate_number"));
          g_assert_cmpstr (json_object_get_string_member (certificate, "rfc"), ==,
                           json_object_get_string_member (owner, "rfc"));
          if (g_str_has_prefix (kind, "PKCS#12"))
            g_assert_cmpint (json_object_get_boolean_member (json_object_get_object_member (result, "pkcs12"),
                                                             "password_protected"),
                             ==, *json_object_get_string_member (variant, "password") != '\0');
          if (g_str_has_prefix (kind, "PEM bundle"))
            g_assert_false (json_object_get_boolean_member (json_object_get_object_member (result, "private_key"),
                                                            "encrypted"));
        }
      else if (strstr (kind, "PRIVATE KEY") != NULL || strstr (kind, "PrivateKeyInfo") != NULL)
        {
          JsonObject *private_key = json_object_get_object_member (result, "private_key");
          gboolean encrypted = strstr (kind, "unencrypted") == NULL;

          g_assert_cmpint (run->status, ==, 0);
          g_assert_cmpstr (json_object_get_string_member (result, "type"), ==, "private-key");
          g_assert_cmpint (json_object_get_boolean_member (private_key, "encrypted"), ==, encrypted);
          g_assert_cmpstr (json_object_get_string_member (private_key, "encoding"), ==,
                           g_str_has_prefix (kind, "PEM") ? "pem" : "der");
          if (!encrypted)
            g_assert_cmpstr (json_object_get_string_member (private_key, "key"), ==, "RSA 2048");
          if (strstr (kind, "RSA PRIVATE KEY") != NULL)
            g_assert_cmpstr (json_object_get_string_member (private_key, "container"), ==, "pkcs1");
          if (strstr (kind, "hmacWithSHA256") != NULL)
            g_assert_cmpstr (json_object_get_string_member (private_key, "prf"), ==, "HMAC-SHA256");
          if (strstr (kind, "OpenSSL legacy") != NULL)
            g_assert_cmpstr (json_object_get_string_member (private_key, "scheme"), ==, "openssl-pem");
        }
      else
        {
          /* A bare public key is none of the four. */
          g_assert_cmpint (run->status, ==, 1);
          g_assert_false (json_object_get_boolean_member (result, "ok"));
          g_assert_false (json_object_get_null_member (result, "error"));
        }
    }

  remove_dir (dir);
}

static void
test_inspect_requests (void)
{
  g_autofree char *fiel = sat ("key-only/Requerimiento_FIEL_IANL750210963_20221120_004433.req");
  g_autofree char *csd = sat ("key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225s.req");
  g_autoptr(Run) run = RUN ("inspect", "--json", fiel, csd);
  g_autoptr(JsonNode) root = run_json (run);
  JsonArray *results = json_node_get_array (root);
  JsonObject *request;

  g_assert_cmpint (run->status, ==, 0);

  /* Subjects as ../shared/testdata/sat/README.md gives them. */
  request = json_object_get_object_member (json_array_get_object_element (results, 0), "request");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "type"), ==, "request");
  assert_member_string (request, "rfc", "IAÑL750210963");
  assert_member_string (request, "curp", "IANL750210HSRNZS09");
  assert_member_string (request, "email", "micorreo@pruebas.gob.mx");
  assert_member_string (request, "persona", "fisica");
  assert_member_string (request, "key", "RSA 2048");
  assert_member_string (request, "signature_algorithm", "RSA-SHA1");
  g_assert_true (json_object_get_boolean_member (request, "signature_valid"));
  g_assert_true (json_object_get_boolean_member (request, "challenge_password"));

  request = json_object_get_object_member (json_array_get_object_element (results, 1), "request");
  assert_member_string (request, "rfc", "HAÑ930228SM9");
  assert_member_string (request, "curp", NULL);
  assert_member_string (request, "representative_rfc", "KAHO641101B39");
  assert_member_string (request, "representative_curp", "KAHO641101HNTLKS06");
  assert_member_string (request, "organization", "HERMANOS ANZURES ÑARVAEZ SA");
  assert_member_string (request, "organizational_unit", "ABC& hañ 200!");
  assert_member_string (request, "persona", "moral");
  g_assert_true (json_object_get_boolean_member (request, "signature_valid"));
}

static void
test_inspect_errors (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *garbage = write_file (dir, "garbage.cer", "\x30\x82\x01\x00this is not DER at all", 26);
  g_autofree char *truncated = NULL;
  g_autofree char *missing = g_build_filename (dir, "missing.cer", NULL);
  g_autofree char *pfx = sat ("variants/AAA010101AAA-CSD01-credential_protected.pfx");
  g_autofree char *cer = sat ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) gone = NULL;
  g_autoptr(Run) locked = NULL;
  g_autoptr(JsonNode) bad_root = NULL;
  g_autoptr(JsonNode) gone_root = NULL;
  g_autoptr(JsonNode) locked_root = NULL;
  JsonObject *result;

  g_assert_true (g_file_get_contents (cer, &contents, &len, NULL));
  truncated = write_file (dir, "truncated.cer", contents, len / 2);

  bad = RUN ("inspect", "--json", garbage, truncated);
  g_assert_cmpint (bad->status, ==, 1);
  bad_root = run_json (bad);
  for (guint i = 0; i < 2; i++)
    {
      result = json_array_get_object_element (json_node_get_array (bad_root), i);
      g_assert_false (json_object_get_boolean_member (result, "ok"));
      g_assert_true (json_object_get_null_member (result, "certificate"));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "code"), !=, "failed");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "message"), !=, "");
    }

  {
    g_autoptr(Run) device = RUN ("inspect", "--json", "/dev/zero", dir);
    g_autoptr(JsonNode) device_root = run_json (device);

    g_assert_cmpint (device->status, ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        result = json_array_get_object_element (json_node_get_array (device_root), i);
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "code"), ==,
                         "unreadable-file");
      }
  }

  gone = RUN ("inspect", "--json", missing, cer);
  g_assert_cmpint (gone->status, ==, 2);
  gone_root = run_json (gone);
  result = json_array_get_object_element (json_node_get_array (gone_root), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "code"), ==,
                   "unreadable-file");
  /* The other file is still reported. */
  result = json_array_get_object_element (json_node_get_array (gone_root), 1);
  g_assert_true (json_object_get_boolean_member (result, "ok"));

  locked = RUN ("inspect", "--json", pfx);
  g_assert_cmpint (locked->status, ==, 1);
  locked_root = run_json (locked);
  result = json_array_get_object_element (json_node_get_array (locked_root), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "type"), ==, "pkcs12");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "code"), ==,
                   "wrong-password");

  remove_dir (dir);
}

/* ---- check ---- */

static GPtrArray *
problem_codes (JsonObject *result)
{
  JsonArray *problems = json_object_get_array_member (result, "problems");
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (problems); i++)
    g_ptr_array_add (codes, g_strdup (json_object_get_string_member (json_array_get_object_element (problems, i), "code")));
  g_ptr_array_add (codes, NULL);

  return codes;
}

static gboolean
has_code (JsonObject *result,
          const char *code)
{
  g_autoptr(GPtrArray) codes = problem_codes (result);

  return g_strv_contains ((const char * const *) codes->pdata, code);
}

static void
test_check_pairs (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *password_file = NULL;
  JsonArray *pairs;

  if (manifest == NULL)
    return;

  dir = scratch_dir ();
  password_file = write_file (dir, "password", "12345678a\n", -1);
  pairs = json_object_get_array_member (manifest, "pairs");
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autofree char *cer = sat (json_object_get_string_member (pair, "cer"));
      g_autofree char *key = sat (json_object_get_string_member (pair, "key"));
      g_autofree char *not_after_text = manifest_time (json_object_get_string_member (pair, "not_after"));
      g_autoptr(GDateTime) not_after = g_date_time_new_from_iso8601 (not_after_text, NULL);
      gboolean expired = g_date_time_compare (now, not_after) > 0;
      gboolean csd = g_str_equal (json_object_get_string_member (pair, "type"), "CSD");
      g_autoptr(Run) run = RUN ("check", "--json", "--now", NOW, "--cer", cer, "--key", key,
                                "--password-file", password_file);
      g_autoptr(JsonNode) root = run_json (run);
      JsonObject *result = json_node_get_object (root);

      g_test_message ("%s", cer);
      g_assert_cmpstr (json_object_get_string_member (result, "cer"), ==, cer);
      g_assert_cmpstr (json_object_get_string_member (result, "key"), ==, key);
      assert_certificate_facts (json_object_get_object_member (result, "certificate"), pair, "name", "key_algorithm");

      g_assert_cmpint (has_code (result, "expired"), ==, expired);
      g_assert_cmpint (has_code (result, "not-efirma"), ==, csd);
      g_assert_true (has_code (result, "sat-test-certificate"));
      g_assert_false (has_code (result, "wrong-password"));
      g_assert_false (has_code (result, "key-mismatch"));
      g_assert_false (has_code (result, "unencrypted-key"));
      g_assert_cmpint (json_object_get_boolean_member (result, "valid"), ==, !expired && !csd);
      g_assert_cmpint (run->status, ==, !expired && !csd ? 0 : 1);
    }

  remove_dir (dir);
}

static void
test_check_problems (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *good = write_file (dir, "good", "12345678a\n", -1);
  g_autofree char *wrong = write_file (dir, "wrong", "12345678b\n", -1);
  g_autofree char *cer = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *key = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  g_autofree char *other_key = sat ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autofree char *csd_cer = sat ("csd/csd-moral-EKU9003173C9-30001000000500003416.cer");
  g_autofree char *csd_key = sat ("csd/csd-moral-EKU9003173C9-30001000000500003416.key");
  g_autofree char *aaa_cer = sat ("fiel/fiel-moral-AAA010101AAA-30001000000300023685.cer");
  g_autofree char *plain_key = sat ("variants/AAA010101AAA-FIEL-private_key.key.pem");
  g_autofree char *pfx = sat ("variants/AAA010101AAA-CSD01-credential_protected.pfx");
  g_autofree char *missing = g_build_filename (dir, "missing.cer", NULL);
  g_autoptr(GBytes) password_stdin = g_bytes_new_static ("12345678a\n", 10);
  struct {
    const char *cer, *key, *password;
    const char *code;   /* expected problem, NULL for none */
    const char *absent; /* a problem that must not be there */
    int status;
  } cases[] = {
    { cer, key, good, NULL, "wrong-password", 0 },
    { cer, key, wrong, "wrong-password", "key-mismatch", 1 },
    { cer, other_key, good, "key-mismatch", "wrong-password", 1 },
    { csd_cer, csd_key, good, "not-efirma", "expired", 1 },
    { aaa_cer, key, good, "key-mismatch", NULL, 1 },
    /* Unencrypted: a warning, and no prompt without a password source. */
    { aaa_cer, plain_key, NULL, "unencrypted-key", "wrong-password", 1 },
    { pfx, NULL, good, "not-efirma", "wrong-password", 1 },
    { pfx, NULL, wrong, "wrong-password", NULL, 1 },
    { missing, key, good, "unreadable-file", NULL, 2 },
    /* A device or a folder by mistake: a message, not all the memory. */
    { "/dev/zero", key, good, "unreadable-file", NULL, 2 },
    { cer, dir, good, "unreadable-file", NULL, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(Run) run = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *result;

      g_test_message ("case %u: %s %s", i, cases[i].cer, cases[i].key);
      g_ptr_array_add (args, "check");
      g_ptr_array_add (args, "--json");
      g_ptr_array_add (args, "--now=" NOW);
      g_ptr_array_add (args, "--cer");
      g_ptr_array_add (args, (char *) cases[i].cer);
      if (cases[i].key != NULL)
        {
          g_ptr_array_add (args, "--key");
          g_ptr_array_add (args, (char *) cases[i].key);
        }
      if (cases[i].password != NULL)
        {
          g_ptr_array_add (args, "--password-file");
          g_ptr_array_add (args, (char *) cases[i].password);
        }
      g_ptr_array_add (args, NULL);

      run = run_full (NULL, NULL, (const char * const *) args->pdata);
      root = run_json (run);
      result = json_node_get_object (root);
      g_assert_cmpint (run->status, ==, cases[i].status);
      g_assert_cmpint (json_object_get_boolean_member (result, "valid"), ==, cases[i].status == 0);
      if (cases[i].code != NULL)
        g_assert_true (has_code (result, cases[i].code));
      if (cases[i].absent != NULL)
        g_assert_false (has_code (result, cases[i].absent));
    }

  /* The certificate is reported even when the key does not open. */
  {
    g_autoptr(Run) run = RUN ("check", "--json", "--cer", cer, "--key", key, "--password-file", wrong);
    g_autoptr(JsonNode) root = run_json (run);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "certificate"),
                                                    "certificate_number"), ==, "30001000000500003415");
  }

  /* --password-fd: here the standard input. */
  {
    g_autoptr(Run) run = run_full (NULL, password_stdin,
                                   (const char * const[]) { "check", "--json", "--now", NOW, "--cer", cer, "--key", key,
                                                            "--password-fd", "0", NULL });
    g_autoptr(JsonNode) root = run_json (run);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "valid"));
  }

  remove_dir (dir);
}

static void
test_check_password_never_in_argv (void)
{
  g_autofree char *cer = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *key = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  const char *forms[][2] = { { "--password", "12345678a" }, { "--password=12345678a", NULL }, { "-p", "12345678a" } };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      const char *args[] = { "check", "--json", "--cer", cer, "--key", key, forms[i][0], forms[i][1], NULL };
      g_autoptr(Run) run = run_full (NULL, NULL, args);

      g_assert_cmpint (run->status, ==, 2);
      g_assert_cmpuint (g_bytes_get_size (run->out), ==, 0);
      g_assert_nonnull (strstr (run->err, "--password-file"));
    }

  /* Without a terminal and without a password source: a usage error, no
   * attempt with an empty password. */
  {
    g_autoptr(Run) run = RUN ("check", "--json", "--cer", cer, "--key", key);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_cmpuint (g_bytes_get_size (run->out), ==, 0);
  }
}

static void
test_check_batch (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  g_autofree char *dir = NULL;
  g_autofree char *list = NULL;
  g_autofree char *good = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(GString) lines = g_string_new ("# certificate\tkey\tpassword file\n");
  g_autoptr(GPtrArray) singles = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) table = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) rows = NULL;
  JsonArray *pairs, *results;

  if (manifest == NULL)
    return;

  dir = scratch_dir ();
  good = write_file (dir, "good", "12345678a\n", -1);
  wrong = write_file (dir, "wrong", "12345678b\n", -1);
  pairs = json_object_get_array_member (manifest, "pairs");

  /* Every pair, then the first again with a wrong password: the order of
   * the output must be the order of the list. Password files are relative
   * to the list. */
  for (guint i = 0; i <= json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i % json_array_get_length (pairs));
      gboolean bad = i == json_array_get_length (pairs);
      g_autofree char *cer = sat (json_object_get_string_member (pair, "cer"));
      g_autofree char *key = sat (json_object_get_string_member (pair, "key"));
      g_autoptr(Run) single = RUN ("check", "--json", "--now", NOW, "--cer", cer, "--key", key,
                                   "--password-file", bad ? wrong : good);

      g_string_append_printf (lines, "%s\t%s\t%s\n", cer, key, bad ? "wrong" : "good");
      g_ptr_array_add (singles, run_json (single));
    }
  list = write_file (dir, "list.tsv", lines->str, -1);

  run = RUN ("check", "--json", "--now", NOW, "--batch", list);
  g_assert_cmpint (run->status, ==, 1);
  root = run_json (run);
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), ==, singles->len);
  for (guint i = 0; i < singles->len; i++)
    {
      JsonNode *single = g_ptr_array_index (singles, i);

      g_test_message ("batch entry %u", i);
      /* Equal except for the path of the password file, which is not shown. */
      g_assert_true (json_node_equal (json_array_get_element (results, i), single));
    }
  g_assert_true (has_code (json_array_get_object_element (results, singles->len - 1), "wrong-password"));

  /* The table: a header and one row per pair. */
  table = RUN ("check", "--now", NOW, "--batch", list);
  g_assert_cmpint (table->status, ==, 1);
  rows = g_strsplit (g_strchomp ((char *) run_text (table)), "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, singles->len + 1);

  /* A list that does not exist, and --batch with --key: usage errors. */
  {
    g_autofree char *missing = g_build_filename (dir, "nothing.tsv", NULL);
    g_autoptr(Run) gone = RUN ("check", "--batch", missing);
    g_autoptr(Run) both = RUN ("check", "--batch", list, "--key", list);

    g_assert_cmpint (gone->status, ==, 2);
    g_assert_cmpint (both->status, ==, 2);
  }

  remove_dir (dir);
}

/* ---- Generated fixtures (tests/fixtures/make-fixtures.sh) ---- */

static JsonNode *
load_fixtures (void)
{
  g_autofree char *path = vnt_test_fixture_path ("fixtures.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the generated fixtures are missing (certtool or openssl not installed)");
      return NULL;
    }

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The fixture names the problems each file is made for; others may come
 * along (a not-yet-valid certificate from an unknown CA is also untrusted). */
static void
assert_codes_include (JsonObject *result,
                      JsonArray  *expected)
{
  g_autoptr(GPtrArray) codes = problem_codes (result);

  for (guint i = 0; i < json_array_get_length (expected); i++)
    g_assert_true (g_strv_contains ((const char * const *) codes->pdata,
                                    json_array_get_string_element (expected, i)));
}

static void
test_check_fixtures (void)
{
  g_autoptr(JsonNode) root = load_fixtures ();
  g_autofree char *ca = NULL;
  g_autofree char *password = NULL;
  g_autofree char *dir = NULL;
  JsonObject *fixtures;
  JsonArray *array;

  if (root == NULL)
    return;

  fixtures = json_node_get_object (root);
  ca = vnt_test_fixture_path (json_object_get_string_member (json_object_get_object_member (fixtures, "ca"), "certificate"));
  password = vnt_test_fixture_path (json_object_get_string_member (fixtures, "password_file"));

  /* Every certificate with its key, without and with the fixture CA
   * (--ca): the problems the fixture promises, and the exit code. */
  array = json_object_get_array_member (fixtures, "certificates");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      g_autofree char *cer = vnt_test_fixture_path (json_object_get_string_member (entry, "file"));
      g_autofree char *key = vnt_test_fixture_path (json_object_get_string_member (entry, "key"));
      g_autoptr(Run) plain = RUN ("check", "--json", "--cer", cer, "--key", key, "--password-file", password);
      g_autoptr(Run) with_ca = RUN ("check", "--json", "--ca", ca, "--cer", cer, "--key", key, "--password-file", password);
      g_autoptr(JsonNode) plain_root = run_json (plain);
      g_autoptr(JsonNode) with_ca_root = run_json (with_ca);
      JsonObject *result = json_node_get_object (with_ca_root);
      JsonNode *valid = json_object_get_member (entry, "valid_with_ca");

      g_test_message ("%s", cer);
      assert_codes_include (json_node_get_object (plain_root), json_object_get_array_member (entry, "problems"));
      assert_codes_include (result, json_object_get_array_member (entry, "problems_with_ca"));
      assert_member_string (json_object_get_object_member (json_node_get_object (plain_root), "certificate"),
                            "chain", json_object_get_string_member (entry, "chain"));
      if (!json_object_get_null_member (entry, "chain_with_ca"))
        assert_member_string (json_object_get_object_member (result, "certificate"),
                              "chain", json_object_get_string_member (entry, "chain_with_ca"));
      if (valid != NULL && !JSON_NODE_HOLDS_NULL (valid))
        {
          g_assert_cmpint (json_object_get_boolean_member (result, "valid"), ==, json_node_get_boolean (valid));
          g_assert_cmpint (with_ca->status, ==, json_node_get_boolean (valid) ? 0 : 1);
        }
      if (!json_object_get_null_member (entry, "rfc"))
        assert_member_string (json_object_get_object_member (result, "certificate"), "rfc",
                              json_object_get_string_member (entry, "rfc"));
    }

  /* A chain valid up to a CA added with --ca is not "issued by SAT". */
  {
    g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
    g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
    g_autoptr(Run) run = RUN ("check", "--ca", ca, "--cer", cer, "--key", key, "--password-file", password);
    const char *text = run_text (run);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (text, "The chain up to a trusted authority is valid"));
    g_assert_null (strstr (text, "Banco de México"));
    g_assert_null (strstr (text, "Issued by SAT"));
  }

  /* Keys under other passwords: the Windows-1252 one, from a file in UTF-8
   * and from a file in Windows-1252 bytes alike. */
  dir = scratch_dir ();
  array = json_object_get_array_member (fixtures, "keys");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      g_autofree char *cer = vnt_test_fixture_path (json_object_get_string_member (entry, "certificate"));
      g_autofree char *key = vnt_test_fixture_path (json_object_get_string_member (entry, "file"));
      g_autofree char *utf8 = write_file (dir, "utf8", json_object_get_string_member (entry, "password"), -1);
      g_autoptr(Run) run = RUN ("check", "--json", "--ca", ca, "--cer", cer, "--key", key, "--password-file", utf8);
      g_autoptr(JsonNode) run_root = run_json (run);

      g_test_message ("%s", key);
      /* The key opens and belongs to its certificate (which may have other
       * problems of its own). */
      g_assert_false (has_code (json_node_get_object (run_root), "wrong-password"));
      g_assert_false (has_code (json_node_get_object (run_root), "key-mismatch"));
      if (json_object_has_member (entry, "password_cp1252_hex"))
        {
          const char *hex = json_object_get_string_member (entry, "password_cp1252_hex");
          g_autoptr(GString) bytes = g_string_new (NULL);
          g_autofree char *cp1252 = NULL;
          g_autoptr(Run) legacy = NULL;
          g_autoptr(JsonNode) legacy_root = NULL;

          for (gsize j = 0; hex[j] != '\0' && hex[j + 1] != '\0'; j += 2)
            g_string_append_c (bytes, (char) ((g_ascii_xdigit_value (hex[j]) << 4) | g_ascii_xdigit_value (hex[j + 1])));
          cp1252 = write_file (dir, "cp1252", bytes->str, bytes->len);
          legacy = RUN ("check", "--json", "--ca", ca, "--cer", cer, "--key", key, "--password-file", cp1252);
          legacy_root = run_json (legacy);
          g_assert_false (has_code (json_node_get_object (legacy_root), "wrong-password"));
          g_assert_cmpint (legacy->status, ==, run->status);
        }
    }

  array = json_object_get_array_member (fixtures, "mismatched_pairs");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      g_autofree char *cer = vnt_test_fixture_path (json_object_get_string_member (entry, "cer"));
      g_autofree char *key = vnt_test_fixture_path (json_object_get_string_member (entry, "key"));
      g_autoptr(Run) run = RUN ("check", "--json", "--ca", ca, "--cer", cer, "--key", key, "--password-file", password);
      g_autoptr(JsonNode) run_root = run_json (run);

      g_assert_cmpint (run->status, ==, 1);
      g_assert_true (has_code (json_node_get_object (run_root), json_object_get_string_member (entry, "error")));
    }

  /* Files that must be refused when given as what they are not (or are
   * not any more): one of the expected codes among the problems. */
  array = json_object_get_array_member (fixtures, "rejected");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      g_autofree char *file = vnt_test_fixture_path (json_object_get_string_member (entry, "file"));
      g_autofree char *good_cer = vnt_test_fixture_path ("efirma-valid.cer");
      g_autofree char *good_key = vnt_test_fixture_path ("efirma-valid.key");
      gboolean as_certificate = g_str_equal (json_object_get_string_member (entry, "open_as"), "certificate");
      JsonArray *errors = json_object_get_array_member (entry, "errors");
      g_autoptr(Run) run = RUN ("check", "--json", "--ca", ca,
                                "--cer", as_certificate ? file : good_cer,
                                "--key", as_certificate ? good_key : file,
                                "--password-file", password);
      g_autoptr(JsonNode) run_root = run_json (run);
      JsonObject *result = json_node_get_object (run_root);
      gboolean listed = FALSE;

      g_test_message ("%s", file);
      g_assert_false (json_object_get_boolean_member (result, "valid"));
      g_assert_cmpint (run->status, !=, 0);
      for (guint j = 0; j < json_array_get_length (errors); j++)
        listed |= has_code (result, json_array_get_string_element (errors, j));
      g_assert_true (listed);
    }

  remove_dir (dir);
}

/* ---- sign and verify ---- */

static void
test_sign_verify (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *password = write_file (dir, "password", "12345678a\n", -1);
  g_autofree char *data = write_file (dir, "data.txt", "Cadena original ||1|IMSS|30001000000500003415||\n", -1);
  g_autofree char *tampered = write_file (dir, "tampered.txt", "Cadena original ||1|IMSS|30001000000500003416||\n", -1);
  g_autofree char *signature = g_build_filename (dir, "data.sig", NULL);
  g_autofree char *cms = g_build_filename (dir, "data.p7s", NULL);
  g_autofree char *detached = g_build_filename (dir, "data-detached.p7s", NULL);
  g_autofree char *pem = g_build_filename (dir, "data.pem", NULL);
  g_autofree char *content = g_build_filename (dir, "content.txt", NULL);
  g_autofree char *cer = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *key = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  g_autofree char *other_cer = sat ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *original = NULL;
  g_autofree char *extracted = NULL;
  g_autoptr(GBytes) input = NULL;

  g_assert_true (g_file_get_contents (data, &original, NULL, NULL));
  input = g_bytes_new (original, strlen (original));

  /* PKCS#1 base64: from a file and from stdin alike (PKCS#1 v1.5 is
   * deterministic), and only the right data and certificate verify. */
  {
    g_autoptr(Run) from_file = RUN ("sign", "--cer", cer, "--key", key, "--password-file", password, "-o", signature, data);
    g_autoptr(Run) from_stdin = run_full (NULL, input, (const char * const[]) { "sign", "--cer", cer, "--key", key,
                                                                               "--password-file", password, NULL });
    g_autofree char *written = NULL;
    g_autoptr(Run) ok = NULL;
    g_autoptr(Run) ok_stdin = NULL;
    g_autoptr(Run) bad_data = NULL;
    g_autoptr(Run) bad_cer = NULL;

    g_assert_cmpint (from_file->status, ==, 0);
    g_assert_cmpint (from_stdin->status, ==, 0);
    g_assert_true (g_file_get_contents (signature, &written, NULL, NULL));
    g_assert_cmpstr (written, ==, run_text (from_stdin));
    {
      g_autofree guchar *decoded = g_base64_decode (g_strstrip (written), &(gsize) { 0 });

      g_assert_nonnull (decoded);
    }

    ok = RUN ("verify", "--cer", cer, "--signature", signature, data);
    g_assert_cmpint (ok->status, ==, 0);
    ok_stdin = run_full (NULL, input, (const char * const[]) { "verify", "--cer", cer, "--signature", signature, NULL });
    g_assert_cmpint (ok_stdin->status, ==, 0);
    bad_data = RUN ("verify", "--json", "--cer", cer, "--signature", signature, tampered);
    g_assert_cmpint (bad_data->status, ==, 1);
    {
      g_autoptr(JsonNode) root = run_json (bad_data);

      g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "valid"));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "error"),
                                                      "code"), ==, "bad-signature");
    }
    bad_cer = RUN ("verify", "--cer", other_cer, "--signature", signature, data);
    g_assert_cmpint (bad_cer->status, ==, 1);
  }

  /* CMS, attached: the content comes back out. */
  {
    g_autoptr(Run) sign = RUN ("sign", "--cms", "--cer", cer, "--key", key, "--password-file", password, "-o", cms, data);
    g_autoptr(Run) verify = RUN ("verify", "--json", "--signature", cms, "-o", content);
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpint (sign->status, ==, 0);
    g_assert_cmpint (verify->status, ==, 0);
    root = run_json (verify);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "valid"));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "format"), ==, "cms");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "certificate"),
                                                    "certificate_number"), ==, "30001000000500003415");
    g_assert_true (g_file_get_contents (content, &extracted, NULL, NULL));
    g_assert_cmpstr (extracted, ==, original);
  }

  /* CMS, detached (and PEM): verifies over the right data only. */
  {
    g_autoptr(Run) sign = RUN ("sign", "--cms", "--detached", "--cer", cer, "--key", key, "--password-file", password,
                               "-o", detached, data);
    g_autoptr(Run) sign_pem = RUN ("sign", "--cms", "--detached", "--pem", "--cer", cer, "--key", key,
                                   "--password-file", password, "-o", pem, data);
    g_autoptr(Run) ok = RUN ("verify", "--signature", detached, data);
    g_autoptr(Run) ok_pem = RUN ("verify", "--signature", pem, "--cer", cer, data);
    g_autoptr(Run) bad = RUN ("verify", "--signature", detached, tampered);
    g_autoptr(Run) wrong_signer = RUN ("verify", "--signature", detached, "--cer", other_cer, data);

    g_assert_cmpint (sign->status, ==, 0);
    g_assert_cmpint (sign_pem->status, ==, 0);
    g_assert_cmpint (ok->status, ==, 0);
    g_assert_cmpint (ok_pem->status, ==, 0);
    g_assert_cmpint (bad->status, ==, 1);
    g_assert_cmpint (wrong_signer->status, ==, 1);
  }

  /* Usage: PKCS#1 without --cer; a signature file that is not there. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.sig", NULL);
    g_autoptr(Run) no_cer = RUN ("verify", "--signature", signature, data);
    g_autoptr(Run) gone = RUN ("verify", "--cer", cer, "--signature", missing, data);

    g_assert_cmpint (no_cer->status, ==, 2);
    g_assert_cmpint (gone->status, ==, 2);
  }

  remove_dir (dir);
}

/* ---- Spanish ---- */

static void
test_spanish (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *wrong = write_file (dir, "wrong", "12345678b\n", -1);
  g_autofree char *cer = sat ("fiel/fiel-fisica-RAQN7701212M3.cer");
  g_autofree char *key = sat ("fiel/fiel-fisica-RAQN7701212M3.key");
  g_autoptr(Run) help = run_full ("es", NULL, (const char * const[]) { "--help", NULL });
  g_autoptr(Run) check_help = run_full ("es", NULL, (const char * const[]) { "check", "--help", NULL });
  g_autoptr(Run) inspect = run_full ("es", NULL, (const char * const[]) { "inspect", cer, NULL });
  g_autoptr(Run) check = run_full ("es", NULL, (const char * const[]) { "check", "--cer", cer, "--key", key,
                                                                       "--password-file", wrong, NULL });
  g_autoptr(Run) argv_password = run_full ("es", NULL, (const char * const[]) { "check", "--cer", cer, "--password",
                                                                               "x", NULL });

  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (run_text (help), "Comandos:"));
  g_assert_nonnull (strstr (run_text (check_help), "contraseña"));
  g_assert_nonnull (strstr (run_text (inspect), "Número de certificado"));
  /* Names with Ñ in T61String, decoded. */
  g_assert_nonnull (strstr (run_text (inspect), "ÑEVES RAMIREZ QUEZADA"));
  g_assert_nonnull (strstr (run_text (check), "no se puede usar"));
  g_assert_nonnull (strstr (run_text (check), "contraseña"));
  g_assert_cmpint (argv_password->status, ==, 2);
  g_assert_nonnull (strstr (argv_password->err, "contraseña"));

  remove_dir (dir);
}

/* Forgeries of SAT test e.firmas (AC UAT's issuer name and key identifier
 * byte for byte, another key) and the e.firma of a look-alike "AC de
 * pruebas": `inspect` says "untrusted", `check` does not call them valid. */
static void
test_forged (void)
{
  const char *names[] = { "forged-uat2023", "forged-uat2019", "forged-uat2023-aki", "lookalike-efirma" };
  g_autofree char *dir = NULL;
  g_autofree char *password = NULL;
  g_autofree char *lookalike_ca = vnt_test_fixture_path ("lookalike-ca.cer");

  if (!g_file_test (lookalike_ca, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the generated fixtures are missing");
      return;
    }
  dir = scratch_dir ();
  password = write_file (dir, "password", "12345678a\n", -1);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *cer_name = g_strconcat (names[i], ".cer", NULL);
      g_autofree char *key_name = g_strconcat (names[i], ".key", NULL);
      g_autofree char *cer = vnt_test_fixture_path (cer_name);
      g_autofree char *key = vnt_test_fixture_path (key_name);
      g_autoptr(Run) inspect = RUN ("inspect", "--json", cer);
      g_autoptr(Run) inspect_text = RUN ("inspect", cer);
      g_autoptr(Run) check = RUN ("check", "--json", "--cer", cer, "--key", key, "--password-file", password);
      g_autoptr(Run) check_text = RUN ("check", "--cer", cer, "--key", key, "--password-file", password);
      g_autoptr(JsonNode) inspect_root = NULL;
      g_autoptr(JsonNode) check_root = NULL;
      JsonObject *result;

      g_test_message ("%s", cer);
      g_assert_cmpint (inspect->status, ==, 0);
      inspect_root = run_json (inspect);
      result = json_array_get_object_element (json_node_get_array (inspect_root), 0);
      g_assert_true (json_object_get_boolean_member (result, "ok"));
      assert_member_string (json_object_get_object_member (result, "certificate"), "chain", "untrusted");
      g_assert_nonnull (strstr (run_text (inspect_text), "Not issued by a SAT authority that Ventanilla knows"));
      g_assert_null (strstr (run_text (inspect_text), "SAT test certificate"));

      check_root = run_json (check);
      result = json_node_get_object (check_root);
      g_assert_cmpint (check->status, ==, 1);
      g_assert_false (json_object_get_boolean_member (result, "valid"));
      g_assert_true (has_code (result, "untrusted-chain"));
      g_assert_false (has_code (result, "sat-test-certificate"));
      g_assert_false (has_code (result, "wrong-password"));
      g_assert_false (has_code (result, "key-mismatch"));
      assert_member_string (json_object_get_object_member (result, "certificate"), "chain", "untrusted");
      g_assert_cmpint (check_text->status, ==, 1);
    }

  /* The look-alike authority itself. */
  {
    g_autoptr(Run) run = RUN ("inspect", "--json", lookalike_ca);
    g_autoptr(JsonNode) root = run_json (run);
    JsonObject *result = json_array_get_object_element (json_node_get_array (root), 0);

    g_assert_cmpint (run->status, ==, 0);
    assert_member_string (json_object_get_object_member (result, "certificate"), "issuer", "AC de pruebas");
    assert_member_string (json_object_get_object_member (result, "certificate"), "chain", "untrusted");
  }

  remove_dir (dir);
}

/* ---- inputs that are no input ---- */

/* Ends with a message on stderr and exit 1 or 2, in bounded time, and
 * nothing on stdout but (for --json) valid JSON. */
static void
assert_refused (Run        *run,
                gint64      started,
                const char *needle)
{
  g_assert_cmpint (run->status, >=, 1);
  g_assert_cmpint (run->status, <=, 2);
  g_assert_cmpstr (run->err, !=, "");
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
  g_assert_null (strstr (run->err, "CRITICAL"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
}

static void
test_abuse (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *password = write_file (dir, "password", "12345678a\n", -1);
  g_autofree char *empty = write_file (dir, "empty", "", 0);
  g_autofree char *data = write_file (dir, "data.txt", "hola\n", -1);
  g_autofree char *fifo = g_build_filename (dir, "no-writer.cer", NULL);
  g_autofree char *list = NULL;
  g_autofree char *odd_name = g_build_filename (dir, "caf\xe9-\xff.cer", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.cer", NULL);
  g_autofree char *cer = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer");
  g_autofree char *key = sat ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  g_autofree char *contents = NULL;
  gsize len = 0;
  gint64 started;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_get_contents (cer, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (odd_name, contents, len, NULL));

  /* Within bounded memory: 512 MB of address space, where trying to read
   * /dev/zero whole would abort. AddressSanitizer needs terabytes of it
   * for its shadow memory: there the limit is left out. */
#if !defined(__SANITIZE_ADDRESS__)
  child_memory_limit = 512 * 1024 * 1024;
#endif

  /* An empty signature, PKCS#1 and CMS. */
  {
    g_autoptr(Run) pkcs1 = NULL;
    g_autoptr(Run) cms = NULL;

    started = g_get_monotonic_time ();
    pkcs1 = RUN ("verify", "--cer", cer, "--signature", empty, data);
    assert_refused (pkcs1, started, "empty");
    cms = RUN ("verify", "--cms", "--signature", empty, data);
    assert_refused (cms, started, NULL);
  }

  /* A list that never ends, and one that is not text. */
  {
    g_autoptr(Run) zero = NULL;
    g_autoptr(Run) binary = NULL;

    started = g_get_monotonic_time ();
    zero = RUN ("check", "--batch", "/dev/zero");
    assert_refused (zero, started, "/dev/zero");
    child_memory_limit = 0;
    list = write_file (dir, "list", "a.cer\0b.key\n", 12);
    binary = RUN ("check", "--batch", list);
    assert_refused (binary, started, NULL);
  }

  /* A FIFO nobody writes to, as the certificate, the key, the signature,
   * the file to inspect and the list. */
  {
    const char * const *cases[] = {
      (const char * const[]) { "check", "--cer", fifo, "--key", key, "--password-file", password, NULL },
      (const char * const[]) { "check", "--cer", cer, "--key", fifo, "--password-file", password, NULL },
      (const char * const[]) { "verify", "--cer", fifo, "--signature", data, data, NULL },
      (const char * const[]) { "verify", "--cer", cer, "--signature", fifo, data, NULL },
      (const char * const[]) { "sign", "--cer", fifo, "--key", key, "--password-file", password, data, NULL },
      (const char * const[]) { "inspect", fifo, NULL },
      (const char * const[]) { "check", "--batch", fifo, NULL },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(Run) run = NULL;

        started = g_get_monotonic_time ();
        run = run_full (NULL, NULL, cases[i]);
        assert_refused (run, started, "no-writer.cer");
      }
  }

  /* A file name that is not UTF-8: the JSON still is, with the name as
   * GLib shows it. */
  {
    g_autoptr(Run) run = RUN ("inspect", "--json", odd_name);
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *shown = g_filename_display_name (odd_name);
    JsonObject *result;

    g_assert_cmpint (run->status, ==, 0);
    g_assert_true (g_utf8_validate (run_text (run), -1, NULL));
    root = run_json (run);
    result = json_array_get_object_element (json_node_get_array (root), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "file"), ==, shown);
  }

  /* Nothing to sign is no fault of the key. */
  {
    g_autoptr(Run) run = NULL;

    started = g_get_monotonic_time ();
    run = RUN ("sign", "--cms", "--cer", cer, "--key", key, "--password-file", password, empty);
    if (run->status != 0)
      {
        assert_refused (run, started, "empty");
        g_assert_null (strstr (run->err, "key"));
        g_assert_null (strstr (run->err, "password"));
      }
  }

  /* I/O errors go to stderr, in tables and lists alike. */
  {
    g_autoptr(Run) inspect = RUN ("inspect", missing);
    g_autoptr(Run) check = RUN ("check", "--cer", missing, "--key", key, "--password-file", password);

    g_assert_cmpint (inspect->status, ==, 2);
    g_assert_null (strstr (run_text (inspect), "missing.cer"));
    g_assert_nonnull (strstr (inspect->err, "missing.cer"));
    g_assert_cmpint (check->status, ==, 2);
    g_assert_nonnull (strstr (check->err, "missing.cer"));
    g_assert_null (strstr (run_text (check), "No such file"));
  }

  remove_dir (dir);
}

/* A file that cannot be read is an error, not a finding: on the standard
 * error and exit 2, in text and JSON alike; the text output says nothing
 * about an e.firma it never read. */
static void
test_errors_on_stderr (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.cer", NULL);
  g_autofree char *key = sat ("fiel/fiel-fisica-RAQN7701212M3.key");
  g_autoptr(Run) inspect = RUN ("inspect", missing);
  g_autoptr(Run) inspect_json = RUN ("inspect", "--json", missing);
  g_autoptr(Run) check = RUN ("check", "--cer", missing, "--key", key);
  g_autoptr(Run) check_json = RUN ("check", "--json", "--cer", missing, "--key", key);
  Run *runs[] = { inspect, inspect_json, check, check_json };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_assert_cmpint (runs[i]->status, ==, 2);
      g_assert_nonnull (strstr (runs[i]->err, "missing.cer"));
      g_assert_nonnull (strstr (runs[i]->err, "No such file"));
    }
  g_assert_cmpstr (run_text (inspect), ==, "");
  g_assert_cmpstr (run_text (check), ==, "");
  /* Scripts still find the problem's code in the JSON. */
  g_assert_nonnull (strstr (run_text (inspect_json), "unreadable-file"));
  g_assert_nonnull (strstr (run_text (check_json), "unreadable-file"));

  remove_dir (dir);
}

/* Under a locale that chose no language (C.UTF-8, LANGUAGE unset), efirma
 * speaks Spanish, as the app does; a chosen language is kept. */
static void
test_default_spanish (void)
{
  g_autoptr(Run) unset = run_full ("", NULL, (const char * const[]) { "--help", NULL });
  g_autoptr(Run) english = run_full ("en", NULL, (const char * const[]) { "--help", NULL });
  g_autoptr(Run) usage = run_full ("", NULL, (const char * const[]) { "inspect", NULL });

  g_assert_cmpint (unset->status, ==, 0);
  g_assert_nonnull (strstr (run_text (unset), "Comandos:"));
  g_assert_nonnull (strstr (run_text (english), "Commands:"));
  g_assert_cmpint (usage->status, ==, 2);
  g_assert_nonnull (strstr (usage->err, "archivo"));
}

/* Every command's usage line names the options it cannot run without. */
static void
test_required_in_help (void)
{
  static const struct {
    const char *command;
    const char *required[6];
  } cases[] = {
    { "request", { "--rfc RFC", "--email ADDRESS", "--out DIR", "--curp CURP", "--representative-rfc RFC", "--representative-curp CURP" } },
    { "check", { "--cer FILE", "--batch LIST" } },
    { "pfx", { "--cer FILE", "--key FILE", "--out FILE" } },
    { "passwd", { "--key FILE", "--out FILE" } },
    { "renew", { "--cer FILE", "--key FILE", "--out DIR" } },
    { "sdg", { "--cer FILE", "--key FILE", "--out DIR", "--sucursal NAME" } },
    { "sign", { "--cer FILE" } },
    { "verify", { "--signature FILE" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) help = RUN (cases[i].command, "--help");
      g_autofree char *usage = NULL;
      const char *text = run_text (help);
      const char *end;

      g_assert_cmpint (help->status, ==, 0);
      g_assert_true (g_str_has_prefix (text, "Usage:\n"));
      end = strchr (text + strlen ("Usage:\n"), '\n');
      g_assert_nonnull (end);
      usage = g_strndup (text, end - text);
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].required) && cases[i].required[j] != NULL; j++)
        {
          if (strstr (usage, cases[i].required[j]) == NULL)
            g_error ("efirma %s --help: the usage line “%s” does not name %s",
                     cases[i].command, usage, cases[i].required[j]);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/help/required", test_required_in_help);
  g_test_add_func ("/cli/errors-on-stderr", test_errors_on_stderr);
  g_test_add_func ("/cli/default-spanish", test_default_spanish);
  g_test_add_func ("/cli/inspect/pairs", test_inspect_pairs);
  g_test_add_func ("/cli/inspect/certs-only", test_inspect_certs_only);
  g_test_add_func ("/cli/inspect/variants", test_inspect_variants);
  g_test_add_func ("/cli/inspect/requests", test_inspect_requests);
  g_test_add_func ("/cli/inspect/errors", test_inspect_errors);
  g_test_add_func ("/cli/check/pairs", test_check_pairs);
  g_test_add_func ("/cli/check/problems", test_check_problems);
  g_test_add_func ("/cli/check/password-never-in-argv", test_check_password_never_in_argv);
  g_test_add_func ("/cli/check/batch", test_check_batch);
  g_test_add_func ("/cli/check/fixtures", test_check_fixtures);
  g_test_add_func ("/cli/forged", test_forged);
  g_test_add_func ("/cli/sign-verify", test_sign_verify);
  g_test_add_func ("/cli/spanish", test_spanish);
  g_test_add_func ("/cli/abuse", test_abuse);

  return g_test_run ();
}
