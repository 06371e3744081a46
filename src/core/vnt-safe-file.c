/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* O_TMPFILE, renameat2 and RENAME_NOREPLACE. */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vnt-safe-file.h"

#define CHUNK_SIZE 65536

static gssize fail_after = -1;
static guint fail_skip = 0;
static gboolean force_named = FALSE;

void
vnt_safe_file_use_named_temporary_for_testing (gboolean named)
{
  force_named = named;
}

void
vnt_safe_file_fail_for_testing (guint  skip_files,
                                gssize bytes)
{
  fail_skip = skip_files;
  fail_after = bytes;
}

static void
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  if (errsv == EEXIST)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _("“%s” already exists. Choose another name or folder; existing files are never replaced."),
                 display);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Could not save “%s”: %s. Check that the folder exists and that you can write to it."),
                 display, g_strerror (errsv));
}

static gboolean
write_all (int            fd,
           const char    *path,
           const guint8  *data,
           gsize          len,
           GCancellable  *cancellable,
           GError       **error)
{
  gsize done = 0;

  while (done < len)
    {
      gsize chunk = MIN (len - done, CHUNK_SIZE);
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (fail_after >= 0 && fail_skip == 0 && done + chunk > (gsize) fail_after)
        {
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Could not save “%s”: %s. Check that the folder exists and that you can write to it."),
                       display, "simulated failure");
          fail_after = -1;
          return FALSE;
        }

      n = write (fd, data + done, chunk);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_errno_error (error, errno, path);
          return FALSE;
        }
      done += n;
    }

  if (fsync (fd) != 0)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }

  if (fail_skip > 0)
    fail_skip--;

  /* Last chance to stop before the file gets its name. */
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Gives the unnamed O_TMPFILE @fd the name @path (never replacing). */
static int
link_unnamed (int         fd,
              int         dirfd,
              const char *name)
{
  char proc_path[64];

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  if (linkat (AT_FDCWD, proc_path, dirfd, name, AT_SYMLINK_FOLLOW) == 0)
    return 0;
  if (errno == EEXIST)
    return -1;

  /* Without /proc; needs CAP_DAC_READ_SEARCH, so usually fails too. */
  return linkat (fd, "", dirfd, name, AT_EMPTY_PATH);
}

/* Renames the hidden temporary @tmp_name to @name without ever replacing:
 * link() first; on file systems without hard links (FAT USB sticks, where
 * keys often go) renameat2 (RENAME_NOREPLACE). Never a plain rename(). */
static int
publish_named (int         dirfd,
               const char *tmp_name,
               const char *name)
{
  if (linkat (dirfd, tmp_name, dirfd, name, 0) == 0)
    {
      unlinkat (dirfd, tmp_name, 0);
      return 0;
    }
  if (errno == EEXIST)
    return -1;

  return renameat2 (dirfd, tmp_name, dirfd, name, RENAME_NOREPLACE);
}

gboolean
vnt_safe_file_write (const char    *path,
                     const void    *data,
                     gsize          len,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tmp_name = NULL;
  int dirfd = -1;
  int fd = -1;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  dir = g_path_get_dirname (path);
  name = g_path_get_basename (path);

  dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }

  /* Fail early, before any work, when the name is taken. */
  if (faccessat (dirfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    {
      set_errno_error (error, EEXIST, path);
      goto out;
    }

  fd = force_named ? -1 : openat (dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      if (!write_all (fd, path, data, len, cancellable, error))
        goto out;

      if (link_unnamed (fd, dirfd, name) == 0)
        {
          ok = TRUE;
          goto out;
        }
      if (errno == EEXIST)
        {
          set_errno_error (error, EEXIST, path);
          goto out;
        }

      /* The file system cannot name an unnamed file: use a named one. */
      close (fd);
      fd = -1;
    }

  for (guint attempt = 0; fd < 0 && attempt < 100; attempt++)
    {
      g_free (tmp_name);
      tmp_name = g_strdup_printf (".%s.%08x.tmp", name, g_random_int ());
      fd = openat (dirfd, tmp_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
      if (fd < 0 && errno != EEXIST)
        {
          set_errno_error (error, errno, path);
          g_clear_pointer (&tmp_name, g_free);
          goto out;
        }
    }
  if (fd < 0)
    {
      set_errno_error (error, EEXIST, path);
      g_clear_pointer (&tmp_name, g_free);
      goto out;
    }

  if (!write_all (fd, path, data, len, cancellable, error))
    goto out;

  if (publish_named (dirfd, tmp_name, name) != 0)
    {
      set_errno_error (error, errno, path);
      goto out;
    }
  g_clear_pointer (&tmp_name, g_free);
  ok = TRUE;

out:
  if (fd >= 0)
    close (fd);
  if (tmp_name != NULL)
    unlinkat (dirfd, tmp_name, 0);
  if (ok)
    fsync (dirfd);
  close (dirfd);

  return ok;
}

gboolean
vnt_safe_file_write_bytes (const char    *path,
                           GBytes        *bytes,
                           GCancellable  *cancellable,
                           GError       **error)
{
  gsize len = 0;
  const void *data;

  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  return vnt_safe_file_write (path, data != NULL ? data : "", len, cancellable, error);
}
