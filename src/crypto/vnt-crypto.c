/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/vnt-core-utils.h"
#include "vnt-crypto.h"
#include "vnt-crypto-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-resources.h"

/* What vnt_crypto_read_file () takes: e.firma files are a few KB. */
#define MAX_FILE_SIZE (1024 * 1024)

void
vnt_crypto_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      vnt_i18n_init ();
      gnutls_global_init ();
      vnt_ca_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}

GBytes *
vnt_crypto_read_file (const char  *path,
                      GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree guint8 *buf = NULL;
  struct stat st;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE,
                   _("Could not read “%s”: %s. Check that the file exists and that you may open it."),
                   display, g_strerror (saved));
      return NULL;
    }

  if (!S_ISREG (st.st_mode) || st.st_size > MAX_FILE_SIZE)
    {
      close (fd);
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE,
                   _("“%s” is not an e.firma file (.cer, .key or .pfx). Choose the right file."),
                   display);
      return NULL;
    }

  buf = g_malloc (st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, buf + done, st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;

          close (fd);
          g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE,
                       _("Could not read “%s”: %s. Check that the file exists and that you may open it."),
                       display, g_strerror (saved));
          return NULL;
        }
      done += n;
    }
  close (fd);

  return g_bytes_new_take (g_steal_pointer (&buf), done);
}

const char *
vnt_crypto_pk_algorithm_name (int algorithm)
{
  const char *name;

  switch (algorithm)
    {
    case GNUTLS_PK_RSA:
      return "RSA";
    case GNUTLS_PK_RSA_PSS:
      return "RSA-PSS";
    case GNUTLS_PK_DSA:
      return "DSA";
    case GNUTLS_PK_ECDSA:
      return "EC";
    case GNUTLS_PK_EDDSA_ED25519:
      return "Ed25519";
    case GNUTLS_PK_EDDSA_ED448:
      return "Ed448";
    default:
      name = algorithm > 0 ? gnutls_pk_get_name (algorithm) : NULL;
      return name != NULL ? name : "unknown";
    }
}

char *
vnt_crypto_hex_encode (const guint8 *data,
                       gsize         len)
{
  gnutls_datum_t in = { (unsigned char *) data, len };
  gnutls_datum_t out = { NULL, 0 };
  char *hex;

  /* GnuTLS refuses to encode nothing. */
  if (len == 0)
    return g_strdup ("");
  if (len > G_MAXUINT / 2 - 1 || gnutls_hex_encode2 (&in, &out) < 0)
    g_error ("Could not encode %" G_GSIZE_FORMAT " bytes as hex", len);

  hex = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);

  return hex;
}

GBytes *
vnt_crypto_take_datum (gnutls_datum_t *datum,
                       gboolean        secret)
{
  GBytes *bytes = g_bytes_new (datum->data, datum->size);

  if (secret)
    gnutls_memset (datum->data, 0, datum->size);
  gnutls_free (datum->data);
  datum->data = NULL;
  datum->size = 0;

  return bytes;
}

gboolean
vnt_crypto_datum_equal (const gnutls_datum_t *a,
                        const gnutls_datum_t *b)
{
  return a->size == b->size && (a->size == 0 || memcmp (a->data, b->data, a->size) == 0);
}

char *
vnt_crypto_sign_base64 (gnutls_privkey_t        key,
                        gnutls_sign_algorithm_t algorithm,
                        GBytes                 *data,
                        int                    *gnutls_error)
{
  gnutls_datum_t input, signature = { NULL, 0 };
  char          *base64;
  gsize          len;

  input.data = (guint8 *) g_bytes_get_data (data, &len);
  input.size = len;
  /* Empty data still needs a pointer. */
  if (input.data == NULL)
    input.data = (guint8 *) "";

  *gnutls_error = gnutls_privkey_sign_data2 (key, algorithm, 0, &input, &signature);
  if (*gnutls_error < 0)
    return NULL;

  base64 = g_base64_encode (signature.data, signature.size);
  gnutls_free (signature.data);

  return base64;
}

gpointer
vnt_crypto_parse_file (const char        *path,
                       VntCryptoParseFunc parse_func,
                       GError           **error)
{
  g_autoptr(GBytes) bytes = vnt_crypto_read_file (path, error);

  if (bytes == NULL)
    return NULL;

  return parse_func (bytes, error);
}

/* What the worker thread of a *_new_from_file*_async () opens. */
typedef struct
{
  char              *path;
  char              *second_path;
  char              *password;
  VntCryptoOpenFunc  open_func;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->second_path);
  vnt_secret_free (data->password);
  g_free (data);
}

static gpointer
open_job (gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  OpenData *data = user_data;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return data->open_func (data->path, data->second_path, data->password, error);
}

void
vnt_crypto_open_in_thread (const char          *path,
                           const char          *second_path,
                           const char          *password,
                           VntCryptoOpenFunc    open_func,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  OpenData *data = g_new0 (OpenData, 1);

  /* open_data_free () wipes the password copy. */
  data->path = g_strdup (path);
  data->second_path = g_strdup (second_path);
  data->password = g_strdup (password);
  data->open_func = open_func;
  vnt_task_run_in_thread (NULL, data, (GDestroyNotify) open_data_free, open_job, g_object_unref,
                          source_tag, cancellable, callback, user_data);
}
