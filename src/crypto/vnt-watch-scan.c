/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finding and reading the certificates under files and folders, for
 * `efirma watch` and "Mis e.firmas". */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vnt-file-type.h"
#include "vnt-credential.h"
#include "vnt-crypto-error.h"
#include "vnt-watch.h"

/* Inside a folder only these names are read: certificates (.cer, .crt,
 * .pem) and PKCS#12 (.pfx, .p12); not .der, which OCSP answers and keys
 * use as well. A file named on the command line is read whatever its
 * name. */
static const char * const certificate_suffixes[] = { ".cer", ".crt", ".pem" };
static const char * const pkcs12_suffixes[] = { ".pfx", ".p12" };

static void
entry_free (VntWatchEntry *entry)
{
  g_clear_object (&entry->certificate);
  g_clear_pointer (&entry->files, g_ptr_array_unref);
  g_clear_object (&entry->revocation);
  g_free (entry);
}

static void
skip_free (VntWatchSkip *skip)
{
  g_free (skip->file);
  g_free (skip->reason);
  g_free (skip);
}

void
vnt_watch_scan_init (VntWatchScan *scan)
{
  scan->max_depth = VNT_WATCH_MAX_DEPTH;
  scan->max_entries = VNT_WATCH_MAX_ENTRIES;
  scan->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  scan->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) skip_free);
  scan->by_sha256 = g_hash_table_new (g_str_hash, g_str_equal);
  scan->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
vnt_watch_scan_clear (VntWatchScan *scan)
{
  g_clear_pointer (&scan->password, vnt_secret_free);
  g_clear_pointer (&scan->by_sha256, g_hash_table_unref);
  g_clear_pointer (&scan->seen, g_hash_table_unref);
  g_clear_pointer (&scan->entries, g_ptr_array_unref);
  g_clear_pointer (&scan->skipped, g_ptr_array_unref);
}

static void
skip (VntWatchScan *scan,
      const char      *file,
      const char      *reason)
{
  VntWatchSkip *skipped = g_new0 (VntWatchSkip, 1);

  skipped->file = g_strdup (file);
  skipped->reason = g_strdup (reason);
  g_ptr_array_add (scan->skipped, skipped);
}

static void
skip_errno (VntWatchScan *scan,
            const char      *file,
            int              saved_errno)
{
  g_autofree char *reason = g_strdup_printf (_("Could not be read: %s."), g_strerror (saved_errno));

  skip (scan, file, reason);
}

static gboolean
has_suffix (const char         *path,
            const char * const *suffixes,
            gsize               n_suffixes)
{
  g_autofree char *folded = g_ascii_strdown (path, -1);

  for (gsize i = 0; i < n_suffixes; i++)
    if (g_str_has_suffix (folded, suffixes[i]))
      return TRUE;

  return FALSE;
}

static gboolean
is_candidate (const char *path)
{
  return has_suffix (path, certificate_suffixes, G_N_ELEMENTS (certificate_suffixes)) ||
         has_suffix (path, pkcs12_suffixes, G_N_ELEMENTS (pkcs12_suffixes));
}

/* FALSE when this file or folder was met before (named twice, or inside
 * another PATH). */
static gboolean
first_visit (VntWatchScan *scan,
             const GStatBuf  *st)
{
  char *key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                               (guint64) st->st_dev, (guint64) st->st_ino);

  return g_hash_table_add (scan->seen, key);
}

static void
add_certificate (VntWatchScan *scan,
                 VntCertificate  *certificate,
                 const char      *file)
{
  const char *sha256 = vnt_certificate_get_sha256 (certificate);
  VntWatchEntry *entry = g_hash_table_lookup (scan->by_sha256, sha256);

  if (entry == NULL)
    {
      entry = g_new0 (VntWatchEntry, 1);
      entry->certificate = g_object_ref (certificate);
      entry->files = g_ptr_array_new_with_free_func (g_free);
      entry->revocation = NULL;
      g_ptr_array_add (scan->entries, entry);
      g_hash_table_insert (scan->by_sha256, (gpointer) vnt_certificate_get_sha256 (entry->certificate), entry);
    }

  /* A PEM bundle may hold the same certificate twice. */
  for (guint i = 0; i < entry->files->len; i++)
    if (g_str_equal (g_ptr_array_index (entry->files, i), file))
      return;
  g_ptr_array_add (entry->files, g_strdup (file));
}

/* Reads a regular file without following a link and without blocking on a
 * FIFO put in its place; NULL with @saved_errno set, or with 0 and
 * @too_large for a file over VNT_WATCH_MAX_FILE. */
static GBytes *
read_file (const char *path,
           gboolean    follow,
           int        *saved_errno,
           gboolean   *too_large)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  struct stat st;
  guint8 buf[16384];
  int fd;

  *saved_errno = 0;
  *too_large = FALSE;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0)
    {
      *saved_errno = errno;
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      *saved_errno = S_ISDIR (st.st_mode) ? EISDIR : EINVAL;
      close (fd);
      return NULL;
    }

  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > VNT_WATCH_MAX_FILE)
        {
          *too_large = TRUE;
          close (fd);
          return NULL;
        }
      g_byte_array_append (data, buf, n);
    }

  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Every CERTIFICATE block of a PEM text, each on its own; NULL when there
 * is none. */
static GPtrArray *
split_pem_certificates (GBytes *data)
{
  static const char begin[] = "-----BEGIN CERTIFICATE-----";
  static const char end[] = "-----END CERTIFICATE-----";
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize len;
  const char *text = g_bytes_get_data (data, &len);
  const char *limit = text + len;
  const char *p = text;

  while (len > 0 && p < limit)
    {
      const char *start = g_strstr_len (p, limit - p, begin);
      const char *stop;

      if (start == NULL)
        break;
      stop = g_strstr_len (start, limit - start, end);
      if (stop == NULL)
        break;
      stop += strlen (end);
      g_ptr_array_add (blocks, g_bytes_new_from_bytes (data, start - text, stop - start));
      p = stop;
    }

  return blocks->len > 0 ? g_steal_pointer (&blocks) : NULL;
}

static gboolean
is_pem (GBytes *data)
{
  gsize len;
  const char *text = g_bytes_get_data (data, &len);

  return len > 0 && g_strstr_len (text, MIN (len, 64 * 1024), "-----BEGIN ") != NULL;
}

static void
read_certificates (VntWatchScan *scan,
                   const char      *path,
                   GBytes          *data)
{
  g_autoptr(GPtrArray) blocks = is_pem (data) ? split_pem_certificates (data) : NULL;
  g_autoptr(GError) first_error = NULL;
  guint added = 0;

  if (blocks == NULL)
    {
      blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_ptr_array_add (blocks, g_bytes_ref (data));
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VntCertificate) certificate = vnt_certificate_new_from_bytes (g_ptr_array_index (blocks, i), &error);

      if (certificate == NULL)
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&error);
          continue;
        }
      add_certificate (scan, certificate, path);
      added++;
    }

  if (added == 0)
    skip (scan, path, first_error != NULL ? first_error->message : _("This file is not a certificate."));
}

static void
read_pkcs12 (VntWatchScan *scan,
             const char      *path,
             GBytes          *data)
{
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  /* A .pfx holds a private key: it is opened only with a password the
   * user gave for it, never after a prompt in the middle of a scan. */
  if (scan->password_func == NULL)
    {
      skip (scan, path, scan->no_password_reason != NULL
                        ? scan->no_password_reason
                        : _("It is a PKCS#12 (.pfx) file: it holds a private key and is not opened without its password."));
      return;
    }

  if (!scan->password_read)
    {
      g_autoptr(GError) password_error = NULL;

      scan->password_read = TRUE;
      scan->password = scan->password_func (scan->password_data, &password_error);
      if (scan->password == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("The password could not be read: %s"), password_error->message);

          /* The password option itself is broken: an input error. */
          scan->io_error = TRUE;
          skip (scan, path, reason);
          return;
        }
    }
  if (scan->password == NULL)
    {
      skip (scan, path, _("The password could not be read."));
      return;
    }

  credential = vnt_credential_new_from_pkcs12 (data, scan->password, &error);
  /* Many .pfx files are "without password", which means the empty one. */
  if (credential == NULL && g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    {
      g_clear_error (&error);
      credential = vnt_credential_new_from_pkcs12 (data, "", &error);
      if (credential == NULL && g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
        {
          skip (scan, path, _("The password given does not open this PKCS#12 (.pfx) file."));
          return;
        }
    }

  if (credential == NULL)
    {
      skip (scan, path, error->message);
      return;
    }

  add_certificate (scan, vnt_credential_get_certificate (credential), path);
}

/* @named: @path was named on the command line, so it is read whatever its
 * name, and a file that is a key is worth a word. */
static void
scan_file (VntWatchScan *scan,
           const char      *path,
           gboolean         named)
{
  g_autoptr(GBytes) data = NULL;
  gboolean too_large;
  int saved_errno;
  gboolean quiet;

  data = read_file (path, named, &saved_errno, &too_large);
  if (data == NULL)
    {
      if (too_large)
        {
          g_autofree char *size = g_format_size (VNT_WATCH_MAX_FILE);
          g_autofree char *reason = g_strdup_printf (_("It is larger than %s: not a certificate."), size);

          skip (scan, path, reason);
        }
      else
        skip_errno (scan, path, saved_errno);
      if (named)
        scan->io_error = TRUE;
      return;
    }

  /* A .pem beside the certificates may well be a key or a public key:
   * that is no failure to read a certificate. */
  quiet = !named && has_suffix (path, (const char *[]) { ".pem" }, 1);

  switch (vnt_file_type_guess (data))
    {
    case VNT_FILE_TYPE_CERTIFICATE:
      read_certificates (scan, path, data);
      break;

    case VNT_FILE_TYPE_PKCS12:
      read_pkcs12 (scan, path, data);
      break;

    case VNT_FILE_TYPE_PRIVATE_KEY:
      if (!quiet)
        skip (scan, path, _("It holds a private key (.key), not a certificate."));
      break;

    case VNT_FILE_TYPE_REQUEST:
      if (!quiet)
        skip (scan, path, _("It holds a certificate request (.req), not a certificate."));
      break;

    case VNT_FILE_TYPE_UNKNOWN:
    default:
      /* A public key, parameters…: PEM, but no certificate inside. */
      if (quiet && is_pem (data))
        {
          g_autoptr(GPtrArray) blocks = split_pem_certificates (data);

          if (blocks == NULL)
            break;
        }
      /* The certificate reader's error says what is wrong. */
      read_certificates (scan, path, data);
      break;
    }
}

static void scan_entry (VntWatchScan *scan,
                        const char      *path,
                        guint            depth,
                        gboolean         named);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
scan_folder (VntWatchScan *scan,
             const char      *path,
             guint            depth)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      skip (scan, path, error->message);
      if (depth == 0)
        scan->io_error = TRUE;
      return;
    }

  /* Sorted, so that the same folders always give the same report. */
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len && !scan->stopped; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      scan_entry (scan, child, depth + 1, FALSE);
    }
}

static void
scan_entry (VntWatchScan *scan,
            const char      *path,
            guint            depth,
            gboolean         named)
{
  GStatBuf st;

  if (scan->stopped || g_cancellable_is_cancelled (scan->cancellable))
    return;
  if (++scan->n_entries > scan->max_entries)
    {
      g_autofree char *reason = g_strdup_printf (_("The scan stopped here, after %u files and folders. Name fewer or smaller folders."),
                                                 scan->max_entries);

      scan->stopped = TRUE;
      skip (scan, path, reason);
      return;
    }

  /* A PATH named on the command line is followed if it is a link; links
   * met inside folders are not. */
  if ((named ? g_stat (path, &st) : g_lstat (path, &st)) != 0)
    {
      skip_errno (scan, path, errno);
      if (named)
        scan->io_error = TRUE;
      return;
    }

  if (S_ISLNK (st.st_mode))
    {
      GStatBuf target;

      /* Only a link that looks like what is watched is worth a word. */
      if (is_candidate (path) || (g_stat (path, &target) == 0 && S_ISDIR (target.st_mode)))
        skip (scan, path, _("It is a symbolic link; links are not followed. Name its target instead."));
      return;
    }

  if (S_ISDIR (st.st_mode))
    {
      if (depth > scan->max_depth)
        {
          g_autofree char *reason = g_strdup_printf (_("Not scanned: more than %u folders deep. Name this folder itself."),
                                                     scan->max_depth);

          skip (scan, path, reason);
          return;
        }
      if (first_visit (scan, &st))
        scan_folder (scan, path, depth);
      return;
    }

  if (!S_ISREG (st.st_mode))
    {
      if (named || is_candidate (path))
        skip (scan, path, _("It is not a regular file."));
      if (named)
        scan->io_error = TRUE;
      return;
    }

  if (!named && !is_candidate (path))
    return;

  if (first_visit (scan, &st))
    scan_file (scan, path, named);
}

void
vnt_watch_scan_path (VntWatchScan *scan,
                        const char      *path)
{
  scan_entry (scan, path, 0, TRUE);
}
