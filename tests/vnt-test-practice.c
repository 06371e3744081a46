/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vnt-test-practice.h"
#include "vnt-test-utils.h"

#define DIR_VARIABLE "VNT_TEST_PRACTICE_DIR"

static char *dir;
static VntPracticeCa *ca;
static GPtrArray *efirmas;

static void
remove_at_exit (void)
{
  g_clear_pointer (&efirmas, g_ptr_array_unref);
  g_clear_object (&ca);
  if (dir != NULL)
    vnt_test_remove_tree (dir);
  g_unsetenv (DIR_VARIABLE);
  g_clear_pointer (&dir, g_free);
}

static void
ensure (void)
{
  const char *inherited = g_getenv (DIR_VARIABLE);
  g_autoptr(GError) error = NULL;

  if (efirmas != NULL)
    return;

  /* A test's subprocess (g_test_trap_subprocess) uses its parent's set. */
  if (inherited != NULL)
    dir = g_strdup (inherited);
  else
    {
      dir = g_dir_make_tmp ("vnt-test-practice-XXXXXX", &error);
      g_assert_no_error (error);
      g_setenv (DIR_VARIABLE, dir, TRUE);
      atexit (remove_at_exit);
    }
  ca = vnt_practice_ca_open (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_practice_efirmas_ensure (dir, ca, &error));
  g_assert_no_error (error);
  efirmas = vnt_practice_list_efirmas (dir);
  g_assert_cmpuint (efirmas->len, ==, 5);
}

const char *
vnt_test_practice_dir (void)
{
  ensure ();
  return dir;
}

VntPracticeCa *
vnt_test_practice_ca (void)
{
  ensure ();
  return ca;
}

GPtrArray *
vnt_test_practice_efirmas (void)
{
  ensure ();
  return efirmas;
}

VntPracticeEfirma *
vnt_test_practice_efirma (VntPracticeKind  kind,
                          const char      *rfc)
{
  ensure ();

  for (guint i = 0; i < efirmas->len; i++)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i);

      if (efirma->kind == kind && g_strcmp0 (efirma->rfc, rfc) == 0)
        return efirma;
    }

  g_error ("No practice e.firma of kind %d for %s", kind, rfc);
  return NULL;
}

VntCredential *
vnt_test_practice_credential (const char *rfc)
{
  VntPracticeEfirma *efirma = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, rfc);
  g_autoptr(GError) error = NULL;
  VntCredential *credential;

  credential = vnt_credential_new_from_files (efirma->cer_path, efirma->key_path, efirma->password, &error);
  g_assert_no_error (error);
  return credential;
}

static void
copy_file (const char *from_dir,
           const char *to_dir,
           const char *name)
{
  g_autofree char *from = g_build_filename (from_dir, name, NULL);
  g_autofree char *to = g_build_filename (to_dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_true (g_file_set_contents_full (to, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

void
vnt_test_practice_install_ca (const char *folder)
{
  ensure ();
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  copy_file (dir, folder, "practica-ca-certificate.pem");
  copy_file (dir, folder, "practica-ca-key.pem");
}

void
vnt_test_practice_install_efirmas (const char *data_dir)
{
  g_autofree char *from = NULL;
  g_autofree char *to = g_build_filename (data_dir, "practica-efirmas", NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  ensure ();
  from = g_build_filename (dir, "practica-efirmas", NULL);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  listing = g_dir_open (from, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    copy_file (from, to, name);
}

VntTrustStore *
vnt_test_practice_trust_store (void)
{
  VntTrustStore *trust = vnt_trust_store_new_default ();

  vnt_trust_store_add_certificate (trust, vnt_practice_ca_get_certificate (vnt_test_practice_ca ()));
  return trust;
}
