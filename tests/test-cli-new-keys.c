/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vnt-test-utils.h"

/* `efirma request|renew|pfx|passwd` run as a process. */

#define KAHO "fiel/fiel-fisica-KAHO641101B39"

typedef struct
{
  char *dir;
  char *old_password;   /* file holding "12345678a" */
  char *new_password;   /* file holding "Clave2026ñ" */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vnt-cli-new-keys-XXXXXX", &error);
  g_assert_no_error (error);
  f->old_password = g_build_filename (f->dir, "old-password", NULL);
  f->new_password = g_build_filename (f->dir, "new-password", NULL);
  g_file_set_contents (f->old_password, "12345678a\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (f->new_password, "Clave2026ñ\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->old_password);
  g_free (f->new_password);
}

/* Files in the folder other than the two password files. */
static GPtrArray *
new_files (Fixture    *f,
           const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (!g_str_has_suffix (name, "-password") && (suffix == NULL || g_str_has_suffix (name, suffix)))
      g_ptr_array_add (names, g_build_filename (f->dir, name, NULL));

  return names;
}

/* Runs efirma with @argv (NULL-terminated, without the program), @stdin_text
 * on its standard input; returns the exit status. */
static int
run_efirma (const char  *stdin_text,
            char       **out,
            char       **err,
            const char  *first,
            ...)
{
  const char *efirma = g_getenv ("EFIRMA");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_assert_nonnull (efirma);
  g_ptr_array_add (argv, (gpointer) efirma);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No terminal to prompt on: a missing password must fail, not hang. */
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, out, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (process);
}

static void
test_request (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) reqs = NULL;
  g_autofree char *key_name = NULL;
  struct stat st;
  int status;

  status = run_efirma (NULL, &out, &err, "request", "--rfc", "KAHO641101B39",
                       "--curp", "KAHO641101HNTLKS06", "--email", "oscar@example.com",
                       "--out", f->dir, "--new-password-file", f->new_password, NULL);
  g_assert_cmpint (status, ==, 0);

  keys = new_files (f, ".key");
  reqs = new_files (f, ".req");
  g_assert_cmpuint (keys->len, ==, 1);
  g_assert_cmpuint (reqs->len, ==, 1);
  key_name = g_path_get_basename (keys->pdata[0]);
  g_assert_true (g_str_has_prefix (key_name, "Claveprivada_FIEL_KAHO641101B39_"));
  g_assert_nonnull (strstr (out, keys->pdata[0]));
  g_assert_nonnull (strstr (out, reqs->pdata[0]));
  g_assert_cmpint (g_stat (keys->pdata[0], &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* `inspect` reads both. */
  g_clear_pointer (&out, g_free);
  status = run_efirma (NULL, &out, &err, "inspect", reqs->pdata[0], NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "KAHO641101HNTLKS06"));
}

static void
test_request_refuses (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", NULL);
  int status;

  /* A password on the command line is refused before anything is done. */
  status = run_efirma (NULL, &out, &err, "request", "--rfc", "KAHO641101B39",
                       "--curp", "KAHO641101HNTLKS06", "--email", "oscar@example.com",
                       "--out", f->dir, "--new-password", "Clave2026", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "never accepted on the command line"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* An RFC whose check digit is wrong. */
  status = run_efirma (NULL, &out, &err, "request", "--rfc", "KAHO641101B38",
                       "--curp", "KAHO641101HNTLKS06", "--email", "oscar@example.com",
                       "--out", f->dir, "--new-password-file", f->new_password, NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* No terminal and no password source: it cannot ask, so it stops. */
  status = run_efirma (NULL, &out, &err, "request", "--rfc", "KAHO641101B39",
                       "--curp", "KAHO641101HNTLKS06", "--email", "oscar@example.com",
                       "--out", f->dir, NULL);
  g_assert_cmpint (status, !=, 0);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* Not a folder. */
  status = run_efirma (NULL, &out, &err, "request", "--rfc", "KAHO641101B39",
                       "--curp", "KAHO641101HNTLKS06", "--email", "oscar@example.com",
                       "--out", missing, "--new-password-file", f->new_password, NULL);
  g_assert_cmpint (status, ==, 2);

  files = new_files (f, NULL);
  g_assert_cmpuint (files->len, ==, 0);
}

static void
test_renew_moral (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cer = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *key = vnt_test_sat_path (KAHO ".key");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) rens = NULL;
  g_autofree char *name = NULL;
  int status;

  if (cer == NULL || key == NULL)
    return;

  /* The new password through a descriptor (standard input here). */
  status = run_efirma ("Clave2026ñ\n", &out, &err, "renew", "--cer", cer, "--key", key,
                       "--password-file", f->old_password, "--new-password-fd", "0",
                       "--company-rfc", "IIA040805DZ4", "--out", f->dir,
                       "--now", "2021-03-04T10:00:00Z", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);

  rens = new_files (f, ".ren");
  g_assert_cmpuint (rens->len, ==, 1);
  name = g_path_get_basename (rens->pdata[0]);
  g_assert_true (g_str_has_prefix (name, "Renovacion_FIEL_IIA040805DZ4_"));

  /* `inspect` opens the .ren: the request inside and who signed it. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *result, *request, *signer;

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    status = run_efirma (NULL, &out, &err, "inspect", "--json", rens->pdata[0], NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    g_assert_no_error (error);
    result = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
    g_assert_true (json_object_get_boolean_member (result, "ok"));
    g_assert_cmpstr (json_object_get_string_member (result, "type"), ==, "renewal");
    request = json_object_get_object_member (result, "request");
    g_assert_cmpstr (json_object_get_string_member (request, "rfc"), ==, "IIA040805DZ4");
    g_assert_cmpstr (json_object_get_string_member (request, "representative_rfc"), ==, "KAHO641101B39");
    g_assert_true (json_object_get_boolean_member (request, "signature_valid"));
    signer = json_object_get_object_member (result, "certificate");
    g_assert_cmpstr (json_object_get_string_member (signer, "rfc"), ==, "KAHO641101B39");
    g_assert_cmpstr (json_object_get_string_member (signer, "kind"), ==, "efirma");

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    status = run_efirma (NULL, &out, &err, "inspect", rens->pdata[0], NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "renewal request (.ren)"));
    g_assert_nonnull (strstr (out, "IIA040805DZ4"));
    g_assert_nonnull (strstr (out, "OSCAR KALA HAAK"));
  }

  /* Expired today. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_efirma (NULL, &out, &err, "renew", "--cer", cer, "--key", key,
                       "--password-file", f->old_password, "--new-password-file", f->new_password,
                       "--out", f->dir, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "expired"));
}

static void
test_pfx_and_passwd (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *cer = vnt_test_sat_path (KAHO ".cer");
  g_autofree char *key = vnt_test_sat_path (KAHO ".key");
  g_autofree char *pfx = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (cer == NULL || key == NULL)
    return;

  pfx = g_build_filename (f->dir, "idse.pfx", NULL);
  copy = g_build_filename (f->dir, "copia.key", NULL);

  status = run_efirma (NULL, &out, &err, "pfx", "--cer", cer, "--key", key, "--compat",
                       "--password-file", f->old_password, "--new-password-file", f->new_password,
                       "--out", pfx, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (pfx, G_FILE_TEST_IS_REGULAR));

  /* Never over an existing file. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_efirma (NULL, &out, &err, "pfx", "--cer", cer, "--key", key,
                       "--password-file", f->old_password, "--new-password-file", f->new_password,
                       "--out", pfx, NULL);
  g_assert_cmpint (status, ==, 2);

  /* Wrong current password: exit 1 and no file. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_efirma (NULL, &out, &err, "passwd", "--key", key, "--password-file", f->new_password,
                       "--new-password-file", f->new_password, "--out", copy, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_efirma (NULL, &out, &err, "passwd", "--key", key, "--password-file", f->old_password,
                       "--new-password-file", f->new_password, "--out", copy, NULL);
  g_assert_cmpint (status, ==, 0);

  /* The copy opens with the new password and still signs as the pair. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_efirma ("hola\n", &out, &err, "sign", "--cer", cer, "--key", copy,
                       "--password-file", f->new_password, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (strlen (out), >, 300);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/new-keys/request", Fixture, NULL, fixture_set_up, test_request, fixture_tear_down);
  g_test_add ("/cli/new-keys/request-refuses", Fixture, NULL, fixture_set_up, test_request_refuses, fixture_tear_down);
  g_test_add ("/cli/new-keys/renew-moral", Fixture, NULL, fixture_set_up, test_renew_moral, fixture_tear_down);
  g_test_add ("/cli/new-keys/pfx-and-passwd", Fixture, NULL, fixture_set_up, test_pfx_and_passwd, fixture_tear_down);

  return g_test_run ();
}
