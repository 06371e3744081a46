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

gboolean
vnt_safe_file_check_free (const char *path,
                          GError    **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  set_errno_error (error, EEXIST, path);
  return FALSE;
}

gboolean
vnt_safe_file_make_folder (const char *path,
                           GError    **error)
{
  int errsv;

  if (g_mkdir_with_parents (path, 0700) == 0)
    return TRUE;

  errsv = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not create the folder “%s”: %s."), path, g_strerror (errsv));
  return FALSE;
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

/* One file of a set: its unnamed (fd, tmp_name NULL) or hidden temporary. */
typedef struct
{
  int   fd;
  char *tmp_name;
} Pending;

/* A hidden temporary beside the final @name, opened for writing. */
static int
open_named_temporary (int          dirfd,
                      const char  *name,
                      const char  *path,
                      char       **tmp_name,
                      GError     **error)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *candidate = g_strdup_printf (".%s.%08x.tmp", name, g_random_int ());
      int fd = openat (dirfd, candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

      if (fd >= 0)
        {
          *tmp_name = g_steal_pointer (&candidate);
          return fd;
        }
      if (errno != EEXIST)
        {
          set_errno_error (error, errno, path);
          return -1;
        }
    }

  set_errno_error (error, EEXIST, path);
  return -1;
}

static gboolean
check_set_name (const char  *folder,
                const char  *name,
                GError     **error)
{
  if (*name != '\0' && strchr (name, '/') == NULL && !g_str_equal (name, ".") && !g_str_equal (name, ".."))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               _("Could not save “%s”: %s. Check that the folder exists and that you can write to it."),
               name, g_strerror (EINVAL));
  return FALSE;
}

gboolean
vnt_safe_file_write_set (const char          *folder,
                         const char * const  *names,
                         GBytes * const      *contents,
                         guint                n,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autofree Pending *pending = NULL;
  guint named = 0;
  gboolean ok = FALSE;
  int dirfd;

  g_return_val_if_fail (folder != NULL && (n == 0 || (names != NULL && contents != NULL)), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (!check_set_name (folder, names[i], error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (names[i], names[j]))
          {
            g_autofree char *path = g_build_filename (folder, names[i], NULL);

            set_errno_error (error, EEXIST, path);
            return FALSE;
          }
    }

  dirfd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    {
      set_errno_error (error, errno, folder);
      return FALSE;
    }

  pending = g_new0 (Pending, n);
  for (guint i = 0; i < n; i++)
    pending[i].fd = -1;

  /* Fail early, before any work, when a name is taken. */
  for (guint i = 0; i < n; i++)
    if (faccessat (dirfd, names[i], F_OK, AT_SYMLINK_NOFOLLOW) == 0)
      {
        g_autofree char *path = g_build_filename (folder, names[i], NULL);

        set_errno_error (error, EEXIST, path);
        goto out;
      }

  /* Every byte on disk before any name appears. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_filename (folder, names[i], NULL);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (contents[i], &len);

      pending[i].fd = force_named ? -1 : openat (dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
      if (pending[i].fd < 0)
        pending[i].fd = open_named_temporary (dirfd, names[i], path, &pending[i].tmp_name, error);
      if (pending[i].fd < 0 ||
          !write_all (pending[i].fd, path, data != NULL ? data : (const guint8 *) "", len, cancellable, error))
        goto out;
    }

  /* Then the names, in order, one right after the other. */
  for (named = 0; named < n; named++)
    {
      g_autofree char *path = g_build_filename (folder, names[named], NULL);
      Pending *p = &pending[named];
      int ret;

      if (p->tmp_name == NULL)
        {
          ret = link_unnamed (p->fd, dirfd, names[named]);
          if (ret != 0 && errno != EEXIST)
            {
              /* The file system cannot name an unnamed file: write it
               * again under a hidden name. */
              gsize len = 0;
              const guint8 *data = g_bytes_get_data (contents[named], &len);

              close (p->fd);
              p->fd = open_named_temporary (dirfd, names[named], path, &p->tmp_name, error);
              if (p->fd < 0 ||
                  !write_all (p->fd, path, data != NULL ? data : (const guint8 *) "", len, NULL, error))
                goto out;
              ret = publish_named (dirfd, p->tmp_name, names[named]);
            }
        }
      else
        ret = publish_named (dirfd, p->tmp_name, names[named]);

      if (ret != 0)
        {
          set_errno_error (error, errno, path);
          goto out;
        }
      g_clear_pointer (&p->tmp_name, g_free);
    }
  ok = TRUE;

out:
  /* A set is whole or absent: remove what this call named. */
  if (!ok)
    for (guint i = 0; i < named; i++)
      unlinkat (dirfd, names[i], 0);
  for (guint i = 0; pending != NULL && i < n; i++)
    {
      if (pending[i].fd >= 0)
        close (pending[i].fd);
      if (pending[i].tmp_name != NULL)
        unlinkat (dirfd, pending[i].tmp_name, 0);
      g_free (pending[i].tmp_name);
    }
  fsync (dirfd);
  close (dirfd);

  return ok;
}
