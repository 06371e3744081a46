/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <json-glib/json-glib.h>

#include "vnt-test-ocsp-responder.h"
#include "vnt-test-utils.h"

/* `efirma check --ocsp[=URL]` and `efirma watch --ocsp[=URL]` against real
 * `openssl ocsp` answers on 127.0.0.1 (see vnt-test-ocsp-responder.h), run
 * as the installed tool. */

typedef struct
{
  int         exit_status;
  JsonParser *parser;
  JsonObject *root;
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* efirma check --json --cer PKI/leaf.pem --key PKI/leaf.key --ca PKI/ca.pem [ocsp] */
static void
run_check (Run        *run,
           const char *leaf,
           const char *ocsp_option)
{
  g_autofree char *efirma = g_build_filename (g_getenv ("VENTANILLA_BUILD_ROOT"), "src", "cli", "efirma", NULL);
  g_autofree char *cer_name = g_strconcat (leaf, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (leaf, ".key", NULL);
  g_autofree char *cer = vnt_test_ocsp_responder_file (cer_name);
  g_autofree char *key = vnt_test_ocsp_responder_file (key_name);
  g_autofree char *ca = vnt_test_ocsp_responder_file ("ca.pem");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int wait_status = 0;

  g_ptr_array_add (argv, efirma);
  g_ptr_array_add (argv, (char *) "check");
  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, (char *) "--cer");
  g_ptr_array_add (argv, cer);
  g_ptr_array_add (argv, (char *) "--key");
  g_ptr_array_add (argv, key);
  g_ptr_array_add (argv, (char *) "--ca");
  g_ptr_array_add (argv, ca);
  if (ocsp_option != NULL)
    g_ptr_array_add (argv, (char *) ocsp_option);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDIN_FROM_DEV_NULL,
                NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->exit_status = WEXITSTATUS (wait_status);
  if (run->exit_status == 2)
    g_error ("efirma check failed: %s", err);

  run->parser = json_parser_new ();
  json_parser_load_from_data (run->parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (run->parser)));
  run->root = json_node_get_object (json_parser_get_root (run->parser));
}

static JsonObject *
find_problem (Run        *run,
              const char *code)
{
  JsonArray *problems = json_object_get_array_member (run->root, "problems");

  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);

      if (g_strcmp0 (json_object_get_string_member (problem, "code"), code) == 0)
        return problem;
    }

  return NULL;
}

static gboolean
has_revocation_problem (Run *run)
{
  return find_problem (run, "revoked") != NULL ||
         find_problem (run, "revocation-unknown") != NULL ||
         find_problem (run, "revocation-unavailable") != NULL;
}

static gboolean
skip_without_responder (void)
{
  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return TRUE;
    }
  return FALSE;
}

static void
test_good (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *option = NULL;

  if (skip_without_responder ())
    return;

  url = vnt_test_ocsp_responder_url ("/");
  option = g_strconcat ("--ocsp=", url, NULL);
  run_check (&run, "good", option);

  g_assert_cmpstr (json_object_get_string_member (run.root, "revocation"), ==, "good");
  g_assert_false (has_revocation_problem (&run));
  /* The PKI's leaves look like SAT e.firmas, so nothing else is wrong. */
  g_assert_true (json_object_get_boolean_member (run.root, "valid"));
  g_assert_cmpint (run.exit_status, ==, 0);
}

static void
test_revoked (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *option = NULL;
  JsonObject *problem;

  if (skip_without_responder ())
    return;

  url = vnt_test_ocsp_responder_url ("/");
  option = g_strconcat ("--ocsp=", url, NULL);
  run_check (&run, "revoked", option);

  g_assert_cmpstr (json_object_get_string_member (run.root, "revocation"), ==, "revoked");
  g_assert_false (json_object_get_boolean_member (run.root, "valid"));
  g_assert_cmpint (run.exit_status, ==, 1);
  problem = find_problem (&run, "revoked");
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "error");
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "message"), "2025-03-04"));
}

static void
test_unknown (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *option = NULL;
  JsonObject *problem;

  if (skip_without_responder ())
    return;

  url = vnt_test_ocsp_responder_url ("/");
  option = g_strconcat ("--ocsp=", url, NULL);
  run_check (&run, "unknown", option);

  g_assert_cmpstr (json_object_get_string_member (run.root, "revocation"), ==, "unknown");
  problem = find_problem (&run, "revocation-unknown");
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "warning");
}

/* Nothing listens: "unavailable" and a warning, never "good". */
static void
test_unavailable (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *option = NULL;
  JsonObject *problem;

  if (skip_without_responder ())
    return;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  option = g_strdup_printf ("--ocsp=http://127.0.0.1:%u/",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  run_check (&run, "good", option);

  g_assert_cmpstr (json_object_get_string_member (run.root, "revocation"), ==, "unavailable");
  problem = find_problem (&run, "revocation-unavailable");
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "warning");
  /* A warning the user sees; the e.firma itself is still usable. */
  g_assert_true (json_object_get_boolean_member (run.root, "valid"));
}

/* An answer from a responder the CA never delegated to counts for nothing. */
static void
test_rogue (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *option = NULL;

  if (skip_without_responder ())
    return;

  url = vnt_test_ocsp_responder_url ("/rogue");
  option = g_strconcat ("--ocsp=", url, NULL);
  run_check (&run, "revoked", option);

  g_assert_cmpstr (json_object_get_string_member (run.root, "revocation"), ==, "unavailable");
  g_assert_nonnull (find_problem (&run, "revocation-unavailable"));
}

static void
test_not_checked (void)
{
  g_auto(Run) run = { 0 };

  if (skip_without_responder ())
    return;

  run_check (&run, "revoked", NULL);

  g_assert_cmpstr (json_object_get_string_member (run.root, "revocation"), ==, "not-checked");
  g_assert_false (has_revocation_problem (&run));
}

/* --batch: the answers, asked all at once, land on their own pairs. */
static void
test_batch (void)
{
  const char *leaves[] = { "revoked", "good", "unknown", "good", "revoked", "good", "good", "good", "unknown", "good" };
  g_autofree char *efirma = g_build_filename (g_getenv ("VENTANILLA_BUILD_ROOT"), "src", "cli", "efirma", NULL);
  g_autofree char *ca = NULL;
  g_autofree char *url = NULL;
  g_autofree char *option = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *list = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  int wait_status = 0;

  if (skip_without_responder ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (leaves); i++)
    {
      g_autofree char *cer_name = g_strconcat (leaves[i], ".pem", NULL);
      g_autofree char *key_name = g_strconcat (leaves[i], ".key", NULL);
      g_autofree char *cer = vnt_test_ocsp_responder_file (cer_name);
      g_autofree char *key = vnt_test_ocsp_responder_file (key_name);

      g_string_append_printf (lines, "%s\t%s\n", cer, key);
    }
  dir = g_dir_make_tmp ("test-efirma-ocsp-XXXXXX", &error);
  g_assert_no_error (error);
  list = g_build_filename (dir, "pairs.tsv", NULL);
  g_file_set_contents (list, lines->str, -1, &error);
  g_assert_no_error (error);

  ca = vnt_test_ocsp_responder_file ("ca.pem");
  url = vnt_test_ocsp_responder_url ("/");
  option = g_strconcat ("--ocsp=", url, NULL);
  {
    const char *argv[] = { efirma, "check", "--json", "--batch", list, "--ca", ca, option, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                  &out, NULL, &wait_status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);

  root = json_from_string (out, &error);
  g_assert_no_error (error);
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (leaves));
  for (guint i = 0; i < G_N_ELEMENTS (leaves); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      g_assert_cmpstr (json_object_get_string_member (result, "revocation"), ==, leaves[i]);
      g_assert_cmpint (json_object_get_boolean_member (result, "valid"), ==, !g_str_equal (leaves[i], "revoked"));
    }

  g_unlink (list);
  g_rmdir (dir);
}

/* Runs efirma watch --json --within 0 --ca PKI/ca.pem OCSP PATH; exit code
 * in @exit_status. */
static JsonNode *
run_watch (const char *ocsp_option,
           const char *path,
           int        *exit_status)
{
  g_autofree char *efirma = g_build_filename (g_getenv ("VENTANILLA_BUILD_ROOT"), "src", "cli", "efirma", NULL);
  g_autofree char *ca = vnt_test_ocsp_responder_file ("ca.pem");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { efirma, "watch", "--json", "--within", "0", "--ca", ca, ocsp_option, path, NULL };
  JsonNode *root;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *exit_status = WEXITSTATUS (wait_status);

  root = json_from_string (out, &error);
  g_assert_no_error (error);
  return root;
}

static JsonObject *
find_watched (JsonNode   *root,
              const char *file)
{
  JsonArray *certificates = json_object_get_array_member (json_node_get_object (root), "certificates");

  for (guint i = 0; i < json_array_get_length (certificates); i++)
    {
      JsonObject *certificate = json_array_get_object_element (certificates, i);
      JsonArray *files = json_object_get_array_member (certificate, "files");

      for (guint j = 0; j < json_array_get_length (files); j++)
        if (g_str_equal (json_array_get_string_element (files, j), file))
          return certificate;
    }

  return NULL;
}

/* `watch --ocsp` over the PKI's folder: each certificate in use is asked
 * about; revoked is a status, unknown a warning; CAs and untrusted
 * certificates are not asked about. */
static void
test_watch (void)
{
  const struct {
    const char *file;
    const char *status;
    const char *revocation;
  } expected[] = {
    { "good.pem", "valid", "good" },
    { "revoked.pem", "revoked", "revoked" },
    { "unknown.pem", "valid", "unknown" },
    /* Not in the responder's index either. */
    { "responder.pem", "valid", "unknown" },
    { "ca.pem", "valid", "not-checked" },
    { "rogue.pem", "untrusted", "not-checked" },
  };
  g_autofree char *dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *option = NULL;
  g_autoptr(JsonNode) root = NULL;
  int exit_status = 0;

  if (skip_without_responder ())
    return;

  dir = vnt_test_ocsp_responder_file ("");
  url = vnt_test_ocsp_responder_url ("/");
  option = g_strconcat ("--ocsp=", url, NULL);
  root = run_watch (option, dir, &exit_status);

  g_assert_cmpint (exit_status, ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "certificates")),
                    ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *file = vnt_test_ocsp_responder_file (expected[i].file);
      JsonObject *certificate = find_watched (root, file);

      g_assert_nonnull (certificate);
      g_assert_cmpstr (json_object_get_string_member (certificate, "status"), ==, expected[i].status);
      g_assert_cmpstr (json_object_get_string_member (certificate, "revocation"), ==, expected[i].revocation);
    }
}

/* Nobody answers: "unavailable", still valid, nothing needs attention. */
static void
test_watch_unavailable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *option = NULL;
  g_autofree char *good = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *certificate;
  int exit_status = 0;

  if (skip_without_responder ())
    return;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  option = g_strdup_printf ("--ocsp=http://127.0.0.1:%u/",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  good = vnt_test_ocsp_responder_file ("good.pem");
  root = run_watch (option, good, &exit_status);
  certificate = find_watched (root, good);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (json_object_get_string_member (certificate, "revocation"), ==, "unavailable");
  g_assert_cmpstr (json_object_get_string_member (certificate, "status"), ==, "valid");
  g_assert_cmpint (exit_status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  vnt_test_ocsp_responder_start ();

  g_test_add_func ("/cli/check/ocsp/good", test_good);
  g_test_add_func ("/cli/check/ocsp/revoked", test_revoked);
  g_test_add_func ("/cli/check/ocsp/unknown", test_unknown);
  g_test_add_func ("/cli/check/ocsp/unavailable", test_unavailable);
  g_test_add_func ("/cli/check/ocsp/rogue", test_rogue);
  g_test_add_func ("/cli/check/ocsp/not-checked", test_not_checked);
  g_test_add_func ("/cli/check/ocsp/batch", test_batch);
  g_test_add_func ("/cli/watch/ocsp", test_watch);
  g_test_add_func ("/cli/watch/ocsp/unavailable", test_watch_unavailable);

  ret = g_test_run ();

  if (vnt_test_ocsp_responder_running ())
    vnt_test_ocsp_responder_stop ();

  return ret;
}
