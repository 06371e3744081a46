/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "core/vnt-safe-file.h"

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vnt-safe-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_writes_new_file_0600 (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "new.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  struct stat st;

  g_assert_true (vnt_safe_file_write (path, "secret bytes", 12, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, "secret bytes", 12);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Nothing but the file itself. */
  g_assert_cmpuint (count_entries (dir), ==, 1);

  remove_folder (dir);
}

static void
test_never_replaces (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "existing.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "original", -1, NULL));

  g_assert_false (vnt_safe_file_write (path, "intruder", 8, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "original");
  g_assert_cmpuint (count_entries (dir), ==, 1);

  remove_folder (dir);
}

static void
test_failed_write_leaves_nothing (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "broken.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc0 (200000);

  /* Fails in the middle of the second chunk. */
  vnt_safe_file_fail_for_testing (0, 100000);
  g_assert_false (vnt_safe_file_write (path, big, 200000, NULL, &error));

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 0);

  remove_folder (dir);
}

static void
test_cancelled_write_leaves_nothing (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "cancelled.key", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (vnt_safe_file_write (path, "x", 1, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  remove_folder (dir);
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "no-such-folder", "a.key", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (vnt_safe_file_write (path, "x", 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  remove_folder (dir);
}

/* The same promises on the path FAT USB sticks take (no O_TMPFILE). */
static void
test_named_temporary (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "usb.key", NULL);
  g_autofree char *other = g_build_filename (dir, "broken.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  struct stat st;

  vnt_safe_file_use_named_temporary_for_testing (TRUE);

  g_assert_true (vnt_safe_file_write (path, "llave", 5, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_assert_false (vnt_safe_file_write (path, "otra", 4, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "llave");

  vnt_safe_file_fail_for_testing (0, 2);
  g_assert_false (vnt_safe_file_write (other, "llave", 5, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  /* Neither the file nor its hidden temporary is left. */
  g_assert_cmpuint (count_entries (dir), ==, 1);

  vnt_safe_file_use_named_temporary_for_testing (FALSE);
  remove_folder (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/safe-file/writes-new-file-0600", test_writes_new_file_0600);
  g_test_add_func ("/core/safe-file/never-replaces", test_never_replaces);
  g_test_add_func ("/core/safe-file/failed-write-leaves-nothing", test_failed_write_leaves_nothing);
  g_test_add_func ("/core/safe-file/cancelled-write-leaves-nothing", test_cancelled_write_leaves_nothing);
  g_test_add_func ("/core/safe-file/missing-folder", test_missing_folder);
  g_test_add_func ("/core/safe-file/named-temporary", test_named_temporary);

  return g_test_run ();
}
