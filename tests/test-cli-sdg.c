/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vnt-test-utils.h"

/* `efirma sdg` and `efirma request --key` run as processes, their files
 * checked with OpenSSL and Python's zipfile, never with our own readers
 * alone. */

#define CERTIFICA_CSD_REQ "key-only/CSD_ABC_han_200_HAN930228SM9_20221118_153225s.req"
#define EKU_FIEL "fiel/fiel-moral-EKU9003173C9-30001000000500003415"
#define NEW_PASSWORD "Sucursal2026"

typedef struct
{
  char *dir;
  char *out;          /* where the new files go */
  char *password;     /* file holding "12345678a" */
  char *new_password; /* file holding NEW_PASSWORD */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vnt-cli-sdg-XXXXXX", &error);
  g_assert_no_error (error);
  f->out = g_build_filename (f->dir, "out", NULL);
  g_assert_cmpint (g_mkdir (f->out, 0700), ==, 0);
  f->password = g_build_filename (f->dir, "password", NULL);
  f->new_password = g_build_filename (f->dir, "new-password", NULL);
  g_file_set_contents (f->password, "12345678a\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (f->new_password, NEW_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vnt_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->password);
  g_free (f->new_password);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir ending in @suffix (NULL: all), sorted. */
static GPtrArray *
files_in (const char *dir,
          const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (suffix == NULL || g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  return names;
}

/* Runs @program with the NULL-terminated arguments; returns the exit status
 * (-1 when it did not exit), stdout in @out and stderr in @err. */
static int
run (char       **out,
     char       **err,
     const char  *program,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) o = NULL;
  g_autoptr(GBytes) e = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) program);
  va_start (ap, program);
  for (arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* Bytes, not UTF-8: asn1parse prints SAT's Windows-1252 Ñ as it is. */
  {
    g_autoptr(GBytes) nothing = g_bytes_new_static ("", 0);

    g_subprocess_communicate (process, nothing, NULL, &o, &e, &error);
  }
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_strndup (g_bytes_get_data (o, NULL), g_bytes_get_size (o));
  if (err != NULL)
    *err = g_strndup (g_bytes_get_data (e, NULL), g_bytes_get_size (e));

  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

#define EFIRMA g_getenv ("EFIRMA")

static gboolean
have_tools (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *python = g_find_program_in_path ("python3");

  if (openssl == NULL || python == NULL)
    g_test_skip ("openssl or python3 is not installed");
  return openssl != NULL && python != NULL;
}

/* `openssl asn1parse` reduced to depth, type and OIDs: two files with the
 * same shape differ only in their values. */
static char *
asn1_shape (const char *path)
{
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  GString *shape = g_string_new (NULL);

  g_assert_cmpint (run (&output, NULL, "openssl", "asn1parse", "-inform", "DER", "-in", path, NULL), ==, 0);
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

/* Python's zipfile lists the members (name, flags, method, version) and
 * extracts them into @into. */
static char *
unzip (const char *zip,
       const char *into)
{
  static const char script[] =
    "import sys, zipfile\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "assert z.testzip() is None\n"
    "for i in z.infolist():\n"
    "    print('%s|%#06x|%d|%d|%d|%d' % (i.filename, i.flag_bits, i.compress_type,\n"
    "          i.create_version, i.extract_version, i.create_system))\n"
    "z.extractall(sys.argv[2])\n";
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (&out, &err, "python3", "-c", script, zip, into, NULL), ==, 0);
  return g_steal_pointer (&out);
}

/* The public key of a request and of a key, as OpenSSL prints them. */
static char *
public_key_of_request (const char *req)
{
  char *out = NULL;

  g_assert_cmpint (run (&out, NULL, "openssl", "req", "-inform", "DER", "-in", req, "-noout", "-pubkey", NULL), ==, 0);
  return out;
}

static char *
public_key_of_key (const char *key,
                   const char *password_file)
{
  g_autofree char *arg = g_strconcat ("file:", password_file, NULL);
  char *out = NULL;

  /* The key opens with its password (and only through the password). */
  g_assert_cmpint (run (&out, NULL, "openssl", "pkey", "-inform", "DER", "-in", key, "-passin", arg,
                        "-pubout", NULL), ==, 0);
  return out;
}

/* Everything `efirma sdg` promises about one run, checked from outside. */
static void
check_run (Fixture     *f,
           const char  *cer,
           const char **sucursales,
           const char  *rfc,
           const char  *ca_file,
           gboolean     moral)
{
  g_autoptr(GPtrArray) keys = files_in (f->out, ".key");
  g_autoptr(GPtrArray) sdgs = files_in (f->out, ".sdg");
  g_autoptr(GPtrArray) all = files_in (f->out, NULL);
  g_autofree char *sdg = NULL;
  g_autofree char *zip = g_build_filename (f->dir, "content.zip", NULL);
  g_autofree char *signer = g_build_filename (f->dir, "signer.pem", NULL);
  g_autofree char *members_dir = g_build_filename (f->dir, "members", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *signer_der = NULL;
  g_autofree char *cer_der = NULL;
  g_autofree char *real_path = vnt_test_sat_path (CERTIFICA_CSD_REQ);
  g_autofree char *real_shape = NULL;
  g_autofree char *stamp = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = g_strv_length ((char **) sucursales);

  g_assert_cmpuint (keys->len, ==, n);
  g_assert_cmpuint (sdgs->len, ==, 1);
  g_assert_cmpuint (all->len, ==, n + 1);

  /* CSD_<RFC>_<yyyyMMdd_HHmmss>.sdg */
  sdg = g_build_filename (f->out, sdgs->pdata[0], NULL);
  {
    g_autofree char *prefix = g_strdup_printf ("CSD_%s_", rfc);
    const char *name = sdgs->pdata[0];

    g_assert_true (g_str_has_prefix (name, prefix));
    stamp = g_strndup (name + strlen (prefix), 15);
    g_assert_true (g_regex_match_simple ("^[0-9]{8}_[0-9]{6}$", stamp, 0, 0));
  }

  /* OpenSSL verifies the CMS, by the e.firma's CA when we have it. */
  if (ca_file != NULL)
    g_assert_cmpint (run (&out, &err, "openssl", "cms", "-verify", "-inform", "DER", "-in", sdg,
                          "-CAfile", ca_file, "-purpose", "any", "-out", zip, "-signer", signer, NULL), ==, 0);
  else
    g_assert_cmpint (run (&out, &err, "openssl", "cms", "-verify", "-noverify", "-inform", "DER", "-in", sdg,
                          "-out", zip, "-signer", signer, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Verification successful"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* ...signed by that e.firma... */
  g_assert_cmpint (run (&signer_der, NULL, "openssl", "x509", "-in", signer, "-noout", "-fingerprint", "-sha256", NULL), ==, 0);
  g_assert_cmpint (run (&cer_der, NULL, "openssl", "x509", "-inform", "DER", "-in", cer, "-noout", "-fingerprint", "-sha256", NULL), ==, 0);
  g_assert_cmpstr (signer_der, ==, cer_der);

  /* ...with SHA-1 and the three signed attributes, content attached. */
  g_assert_cmpint (run (&out, NULL, "openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", sdg, "-noout", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "algorithm: sha1 "));
  g_assert_nonnull (strstr (out, "object: contentType"));
  g_assert_nonnull (strstr (out, "object: signingTime"));
  g_assert_nonnull (strstr (out, "object: messageDigest"));
  g_assert_nonnull (strstr (out, "eContent: \n"));
  g_assert_null (strstr (out, "eContent: <ABSENT>"));
  g_clear_pointer (&out, g_free);

  /* The ZIP, as Java's ZipOutputStream writes it for Certifica: one
   * CSD_<Sucursal>_<RFC>_<time>s.req per sucursal, deflated, UTF-8 names and
   * a data descriptor (0x0808), version 2.0, MS-DOS. */
  g_assert_cmpint (g_mkdir (members_dir, 0700), ==, 0);
  listing = unzip (zip, members_dir);
  lines = g_strsplit (g_strstrip (listing), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n);
  if (real_path != NULL)
    {
      real_shape = asn1_shape (real_path);
      /* Certifica puts a person's name in CN, a company's in O. */
      if (!moral)
        {
          GString *s = g_string_new (real_shape);

          g_assert_cmpuint (g_string_replace (s, ":organizationName", ":commonName", 0), ==, 1);
          g_free (real_shape);
          real_shape = g_string_free (s, FALSE);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *underscored = g_strdelimit (g_strdup (sucursales[i]), " ", '_');
      g_autofree char *req_name = g_strdup_printf ("CSD_%s_%s_%ss.req", underscored, rfc, stamp);
      g_autofree char *key_name = g_strdup_printf ("CSD_%s_%s_%s.key", underscored, rfc, stamp);
      g_autofree char *want = g_strdup_printf ("%s|0x0808|8|20|20|0", req_name);
      g_autofree char *req = g_build_filename (members_dir, req_name, NULL);
      g_autofree char *key = g_build_filename (f->out, key_name, NULL);
      g_autofree char *subject = NULL;
      g_autofree char *req_pub = NULL;
      g_autofree char *key_pub = NULL;
      g_autofree char *want_ou = g_strdup_printf ("organizationalUnitName    = %s\n", sucursales[i]);
      struct stat st;

      g_assert_cmpstr (lines[i], ==, want);

      /* Each request verifies with OpenSSL... */
      g_assert_cmpint (run (&out, &err, "openssl", "req", "-inform", "DER", "-in", req, "-verify", "-noout",
                            "-subject", "-nameopt", "multiline,utf8,-esc_msb", NULL), ==, 0);
      g_assert_nonnull (strstr (err, "verify OK"));
      g_assert_nonnull (strstr (out, want_ou));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);

      /* ...is shaped field by field as Certifica's own... */
      if (real_shape != NULL)
        {
          g_autofree char *shape = asn1_shape (req);

          g_assert_cmpstr (shape, ==, real_shape);
        }

      /* ...and belongs to its key: SAT's format, 0600, opening with its
       * password. */
      g_assert_cmpint (g_stat (key, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_cmpint (run (&out, NULL, EFIRMA, "inspect", "--json", key, NULL), ==, 0);
      g_assert_nonnull (strstr (out, "\"sat_format\" : true"));
      g_clear_pointer (&out, g_free);
      req_pub = public_key_of_request (req);
      key_pub = public_key_of_key (key, f->new_password);
      g_assert_cmpstr (req_pub, ==, key_pub);
      g_assert_cmpint (run (NULL, NULL, "openssl", "pkey", "-inform", "DER", "-in", key,
                            "-passin", "pass:wrong-password", "-noout", NULL), !=, 0);
    }

  /* `efirma inspect` reads the .sdg back. */
  g_assert_cmpint (run (&out, NULL, EFIRMA, "inspect", "--json", sdg, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"type\" : \"csd-request\""));
  g_assert_nonnull (strstr (out, "\"signature_valid\" : true"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *want = g_strdup_printf ("\"sucursal\" : \"%s\"", sucursales[i]);

      g_assert_nonnull (strstr (out, want));
    }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, NULL, EFIRMA, "inspect", sdg, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "CSD request (.sdg)"));
  g_assert_nonnull (strstr (out, "Signed with the e.firma:"));
}

static void
test_two_sucursales (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  g_autofree char *ca = vnt_test_fixture_path ("ca.pem");
  const char *sucursales[] = { "Matriz", "Sucursal Ñandú 2", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!have_tools ())
    return;

  g_assert_cmpint (run (&out, &err, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password-file", f->password,
                        "--sucursal", sucursales[0], "--sucursal", sucursales[1], "--out", f->out,
                        "--new-password-file", f->new_password, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "CSD request: "));
  g_assert_nonnull (strstr (out, "CertiSAT Web"));

  check_run (f, cer, sucursales, "ÑUPJ800101Q10", ca, FALSE);
}

static void
test_moral (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *cer = vnt_test_sat_path (EKU_FIEL ".cer");
  g_autofree char *key = vnt_test_sat_path (EKU_FIEL ".key");
  const char *sucursales[] = { "ABC& hañ 200!", "Norte", NULL };

  if (cer == NULL || !have_tools ())
    return;

  /* SAT's 2023 test e.firma of a company, valid until 2027-05-17. */
  g_assert_cmpint (run (NULL, NULL, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password-file", f->password,
                        "--sucursal", sucursales[0], "--sucursal", sucursales[1], "--out", f->out,
                        "--new-password-file", f->new_password, "--now", "2026-03-01T12:00:00Z", NULL), ==, 0);

  check_run (f, cer, sucursales, "EKU9003173C9", NULL, TRUE);
}

static void
assert_nothing_written (Fixture *f)
{
  g_autoptr(GPtrArray) all = files_in (f->out, NULL);

  g_assert_cmpuint (all->len, ==, 0);
}

static void
test_refuses (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *csd_cer = vnt_test_sat_path ("csd/csd-moral-EKU9003173C9-30001000000500003416.cer");
  g_autofree char *csd_key = vnt_test_sat_path ("csd/csd-moral-EKU9003173C9-30001000000500003416.key");
  g_autofree char *old_cer = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.cer");
  g_autofree char *old_key = vnt_test_sat_path ("fiel/fiel-fisica-KAHO641101B39.key");
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  g_autofree char *err = NULL;

  if (csd_cer == NULL)
    return;

  /* A CSD, current or not, cannot sign the request for more CSDs. */
  g_assert_cmpint (run (NULL, &err, EFIRMA, "sdg", "--cer", csd_cer, "--key", csd_key, "--password-file", f->password,
                        "--sucursal", "Matriz", "--out", f->out, "--new-password-file", f->new_password,
                        "--now", "2026-03-01", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is a CSD (a seal for invoices), not an e.firma"));
  g_assert_nonnull (strstr (err, "choose the e.firma .cer and .key"));
  assert_nothing_written (f);
  g_clear_pointer (&err, g_free);

  /* An expired e.firma: what to do instead. */
  g_assert_cmpint (run (NULL, &err, EFIRMA, "sdg", "--cer", old_cer, "--key", old_key, "--password-file", f->password,
                        "--sucursal", "Matriz", "--out", f->out, "--new-password-file", f->new_password, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "expired on 2023-05-2"));
  g_assert_nonnull (strstr (err, "Renew it first"));
  assert_nothing_written (f);
  g_clear_pointer (&err, g_free);

  /* Wrong password of the e.firma. */
  g_assert_cmpint (run (NULL, &err, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password-file", f->new_password,
                        "--sucursal", "Matriz", "--out", f->out, "--new-password-file", f->new_password, NULL), ==, 1);
  assert_nothing_written (f);
  g_clear_pointer (&err, g_free);

  /* Usage: no sucursal, a sucursal that cannot be a file name, two that
   * would share one, a password on the command line. */
  g_assert_cmpint (run (NULL, NULL, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password-file", f->password,
                        "--out", f->out, "--new-password-file", f->new_password, NULL), ==, 2);
  g_assert_cmpint (run (NULL, &err, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password-file", f->password,
                        "--sucursal", "../x", "--out", f->out, "--new-password-file", f->new_password, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "cannot be a sucursal name"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password-file", f->password,
                        "--sucursal", "Matriz 1", "--sucursal", "Matriz_1", "--out", f->out,
                        "--new-password-file", f->new_password, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "same file names"));
  g_assert_cmpint (run (NULL, NULL, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password", "12345678a",
                        "--sucursal", "Matriz", "--out", f->out, "--new-password-file", f->new_password, NULL), ==, 2);
  assert_nothing_written (f);
}

/* With the time fixed the names are known: whichever of them is taken, the
 * run stops, that file stays as it was and no other appears. */
static void
test_never_overwrites (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *cer = vnt_test_fixture_path ("efirma-valid.cer");
  g_autofree char *key = vnt_test_fixture_path ("efirma-valid.key");
  const char *now = "2026-03-01T12:00:00Z";
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (now, NULL);
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autofree char *stamp = g_date_time_format (local, "%Y%m%d_%H%M%S");
  g_autofree char *sdg = g_strdup_printf ("CSD_ÑUPJ800101Q10_%s.sdg", stamp);
  g_autofree char *norte = g_strdup_printf ("CSD_Norte_ÑUPJ800101Q10_%s.key", stamp);
  const char *taken[] = { sdg, norte };

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autofree char *path = g_build_filename (f->out, taken[i], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GPtrArray) all = NULL;

      g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));
      g_assert_cmpint (run (NULL, &err, EFIRMA, "sdg", "--cer", cer, "--key", key, "--password-file", f->password,
                            "--sucursal", "Matriz", "--sucursal", "Norte", "--out", f->out,
                            "--new-password-file", f->new_password, "--now", now, NULL), ==, 2);
      g_assert_nonnull (strstr (err, "already exists"));
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "keep me");
      all = files_in (f->out, NULL);
      g_assert_cmpuint (all->len, ==, 1);
      g_unlink (path);
    }
}

/* `request --key`: the .req again for a key whose .req was lost. */
static void
test_request_for_key (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) reqs = NULL;
  g_autofree char *key = NULL;
  g_autofree char *req = NULL;
  g_autofree char *first = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *req_pub = NULL;
  g_autofree char *key_pub = NULL;

  if (!have_tools ())
    return;

  g_assert_cmpint (run (NULL, NULL, EFIRMA, "request", "--rfc", "KAHO641101B39", "--curp", "KAHO641101HNTLKS06",
                        "--email", "oscar@example.com", "--out", f->out,
                        "--new-password-file", f->new_password, NULL), ==, 0);
  keys = files_in (f->out, ".key");
  reqs = files_in (f->out, ".req");
  g_assert_cmpuint (keys->len, ==, 1);
  g_assert_cmpuint (reqs->len, ==, 1);
  key = g_build_filename (f->out, keys->pdata[0], NULL);
  first = g_build_filename (f->out, reqs->pdata[0], NULL);

  /* While the .req is there, it is never replaced. */
  g_assert_cmpint (run (NULL, &err, EFIRMA, "request", "--key", key, "--password-file", f->new_password,
                        "--rfc", "KAHO641101B39", "--curp", "KAHO641101HNTLKS06",
                        "--email", "oscar@example.com", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&err, g_free);

  /* Lost: made again under the same name, for the same key. */
  g_assert_cmpint (g_unlink (first), ==, 0);
  g_assert_cmpint (run (&out, &err, EFIRMA, "request", "--key", key, "--password-file", f->new_password,
                        "--rfc", "KAHO641101B39", "--curp", "KAHO641101HNTLKS06",
                        "--email", "oscar@example.com", NULL), ==, 0);
  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  req = g_steal_pointer (&first);
  g_assert_nonnull (strstr (out, req));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&out, &err, "openssl", "req", "-inform", "DER", "-in", req, "-verify", "-noout",
                        "-subject", "-nameopt", "multiline", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "verify OK"));
  g_assert_nonnull (strstr (out, "KAHO641101HNTLKS06"));
  g_assert_nonnull (strstr (out, "oscar@example.com"));
  req_pub = public_key_of_request (req);
  key_pub = public_key_of_key (key, f->new_password);
  g_assert_cmpstr (req_pub, ==, key_pub);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A wrong password writes nothing; --bits makes no sense with --key. */
  g_assert_cmpint (g_unlink (req), ==, 0);
  g_assert_cmpint (run (NULL, &err, EFIRMA, "request", "--key", key, "--password-file", f->password,
                        "--rfc", "KAHO641101B39", "--curp", "KAHO641101HNTLKS06",
                        "--email", "oscar@example.com", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "password does not open"));
  g_assert_cmpint (run (NULL, NULL, EFIRMA, "request", "--key", key, "--password-file", f->new_password,
                        "--bits", "4096", "--rfc", "KAHO641101B39", "--curp", "KAHO641101HNTLKS06",
                        "--email", "oscar@example.com", NULL), ==, 2);
  g_clear_pointer (&reqs, g_ptr_array_unref);
  reqs = files_in (f->out, ".req");
  g_assert_cmpuint (reqs->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/sdg/two-sucursales", Fixture, NULL, fixture_set_up, test_two_sucursales, fixture_tear_down);
  g_test_add ("/cli/sdg/moral", Fixture, NULL, fixture_set_up, test_moral, fixture_tear_down);
  g_test_add ("/cli/sdg/refuses", Fixture, NULL, fixture_set_up, test_refuses, fixture_tear_down);
  g_test_add ("/cli/sdg/never-overwrites", Fixture, NULL, fixture_set_up, test_never_overwrites, fixture_tear_down);
  g_test_add ("/cli/request/for-key", Fixture, NULL, fixture_set_up, test_request_for_key, fixture_tear_down);

  return g_test_run ();
}
