/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The yardstick for `efirma check --batch`: a plain, single-threaded GnuTLS
 * program doing the same work per pair (open the certificate and the key,
 * check that they match and that the dates hold, sign a fresh 1 KiB
 * challenge and verify it), with no decoding of SAT names, no chain and no
 * JSON. Reads the same list: cer<TAB>key<TAB>password-file per line,
 * relative paths relative to the list. Prints one line per pair. */
#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int
read_file (const char     *path,
           gnutls_datum_t *out)
{
  return gnutls_load_file (path, out) < 0 ? -1 : 0;
}

static char *
resolve (const char *dir,
         const char *path)
{
  char *full;

  if (path[0] == '/')
    return strdup (path);
  full = malloc (strlen (dir) + strlen (path) + 2);
  sprintf (full, "%s/%s", dir, path);
  return full;
}

static const char *
check_pair (const char *cer_path,
            const char *key_path,
            const char *password_path)
{
  gnutls_datum_t cer = { NULL, 0 }, key = { NULL, 0 }, pass = { NULL, 0 };
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_privkey_t x509_key = NULL;
  gnutls_privkey_t privkey = NULL;
  gnutls_pubkey_t pubkey = NULL;
  unsigned char crt_id[64], key_id[64], challenge[1024];
  size_t crt_id_size = sizeof crt_id, key_id_size = sizeof key_id;
  gnutls_datum_t data = { challenge, sizeof challenge }, signature = { NULL, 0 };
  char password[1024] = "";
  const char *verdict = "valid";
  time_t now = time (NULL);

  if (read_file (cer_path, &cer) < 0 || read_file (key_path, &key) < 0 ||
      read_file (password_path, &pass) < 0)
    {
      verdict = "unreadable-file";
      goto out;
    }
  memcpy (password, pass.data, pass.size < sizeof password - 1 ? pass.size : sizeof password - 1);
  password[strcspn (password, "\r\n")] = '\0';

  gnutls_x509_crt_init (&crt);
  if (gnutls_x509_crt_import (crt, &cer, GNUTLS_X509_FMT_DER) < 0 &&
      gnutls_x509_crt_import (crt, &cer, GNUTLS_X509_FMT_PEM) < 0)
    {
      verdict = "not-a-certificate";
      goto out;
    }

  gnutls_x509_privkey_init (&x509_key);
  if (gnutls_x509_privkey_import2 (x509_key, &key, GNUTLS_X509_FMT_DER, password, 0) < 0 &&
      gnutls_x509_privkey_import2 (x509_key, &key, GNUTLS_X509_FMT_PEM, password, 0) < 0)
    {
      verdict = "wrong-password";
      goto out;
    }

  if (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, crt_id, &crt_id_size) < 0 ||
      gnutls_x509_privkey_get_key_id (x509_key, GNUTLS_KEYID_USE_SHA256, key_id, &key_id_size) < 0 ||
      crt_id_size != key_id_size || memcmp (crt_id, key_id, crt_id_size) != 0)
    {
      verdict = "key-mismatch";
      goto out;
    }

  if (now < gnutls_x509_crt_get_activation_time (crt))
    verdict = "not-yet-valid";
  else if (now > gnutls_x509_crt_get_expiration_time (crt))
    verdict = "expired";

  gnutls_rnd (GNUTLS_RND_NONCE, challenge, sizeof challenge);
  gnutls_privkey_init (&privkey);
  gnutls_pubkey_init (&pubkey);
  if (gnutls_privkey_import_x509 (privkey, x509_key, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE) < 0)
    {
      verdict = "failed";
      goto out;
    }
  x509_key = NULL;
  if (gnutls_privkey_sign_data (privkey, GNUTLS_DIG_SHA256, 0, &data, &signature) < 0 ||
      gnutls_pubkey_import_x509 (pubkey, crt, 0) < 0 ||
      gnutls_pubkey_verify_data2 (pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &data, &signature) < 0)
    verdict = "key-mismatch";

out:
  memset (password, 0, sizeof password);
  if (pass.data != NULL)
    memset (pass.data, 0, pass.size);
  gnutls_free (cer.data);
  gnutls_free (key.data);
  gnutls_free (pass.data);
  gnutls_free (signature.data);
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (privkey != NULL)
    gnutls_privkey_deinit (privkey);
  if (x509_key != NULL)
    gnutls_x509_privkey_deinit (x509_key);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  return verdict;
}

int
main (int    argc,
      char **argv)
{
  char line[8192];
  char *dir, *slash;
  FILE *list;
  int invalid = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: plain-gnutls-check LIST\n");
      return 2;
    }

  list = fopen (argv[1], "r");
  if (list == NULL)
    {
      perror (argv[1]);
      return 2;
    }
  dir = strdup (argv[1]);
  slash = strrchr (dir, '/');
  if (slash != NULL)
    *slash = '\0';
  else
    strcpy (dir, ".");

  gnutls_global_init ();
  while (fgets (line, sizeof line, list) != NULL)
    {
      char *cer, *key, *password, *save = NULL;
      char *cer_path, *key_path, *password_path;
      const char *verdict;

      line[strcspn (line, "\r\n")] = '\0';
      if (line[0] == '\0' || line[0] == '#')
        continue;
      cer = strtok_r (line, "\t", &save);
      key = strtok_r (NULL, "\t", &save);
      password = strtok_r (NULL, "\t", &save);
      if (cer == NULL || key == NULL || password == NULL)
        continue;

      cer_path = resolve (dir, cer);
      key_path = resolve (dir, key);
      password_path = resolve (dir, password);
      verdict = check_pair (cer_path, key_path, password_path);
      invalid |= strcmp (verdict, "valid") != 0;
      printf ("%s\t%s\n", verdict, cer_path);
      free (cer_path);
      free (key_path);
      free (password_path);
    }
  gnutls_global_deinit ();
  fclose (list);
  free (dir);

  return invalid ? 1 : 0;
}
