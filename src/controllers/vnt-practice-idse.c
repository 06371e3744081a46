/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-practice-efirmas.h"
#include "controllers/vnt-practice-idse.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-pkcs12-writer.h"
#include "crypto/vnt-request-writer.h"
#include "crypto/vnt-sat-key.h"

#define FOLDER "practica-idse"
#define REGISTRO_PATRONAL "Y5412345106"

static const struct {
  const char *file;    /* the files' name, without suffix */
  const char *serial;
  int         expired_days;  /* 0: valid for two years from today */
} uses[VNT_PRACTICE_IDSE_N_USES] = {
  [VNT_PRACTICE_IDSE_TO_CANCEL] = { "cancelar", "00009900000000000001", 0 },
  [VNT_PRACTICE_IDSE_TO_RECOVER] = { "recuperar", "00009900000000000002", 0 },
  [VNT_PRACTICE_IDSE_TO_RENEW] = { "renovar", "00009900000000000003", 30 },
};

void
vnt_practice_idse_free (VntPracticeIdse *idse)
{
  if (idse == NULL)
    return;

  g_free (idse->name);
  g_free (idse->rfc);
  g_free (idse->serial);
  g_free (idse->cer_path);
  g_free (idse->key_path);
  g_free (idse->pfx_path);
  g_free (idse->npie);
  g_free (idse->usuario);
  g_free (idse->password);
  g_free (idse);
}

static char *
file_path (const char         *dir,
           VntPracticeIdseUse  use,
           const char         *suffix)
{
  g_autofree char *name = g_strconcat (uses[use].file, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

/* The .key, the .cer and the .pfx of one certificate, all or none. */
static gboolean
make_files (const char         *dir,
            VntIdseCa          *ca,
            VntPracticeIdseUse  use,
            const char         *company_name,
            const char         *company_rfc,
            GError            **error)
{
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) csr = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) key_der = NULL;
  g_autoptr(GBytes) pfx = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autofree char *key_name = g_strconcat (uses[use].file, ".key", NULL);
  g_autofree char *cer_name = g_strconcat (uses[use].file, ".cer", NULL);
  g_autofree char *pfx_name = g_strconcat (uses[use].file, ".pfx", NULL);
  const char *names[3];
  GBytes *contents[3];

  key = vnt_keygen_generate (2048, NULL, error);
  if (key == NULL)
    return FALSE;
  csr = vnt_request_writer_build (key, company_rfc, company_rfc, "nominas@example.mx", NULL, error);
  if (csr == NULL)
    return FALSE;

  not_after = uses[use].expired_days > 0 ? g_date_time_add_days (now, -uses[use].expired_days)
                                         : g_date_time_add_days (now, 730);
  not_before = g_date_time_add_days (not_after, -730);
  der = vnt_idse_ca_issue (ca, csr, company_name, company_rfc, uses[use].serial, not_before, not_after, error);
  if (der == NULL)
    return FALSE;
  certificate = vnt_certificate_new_from_bytes (der, error);
  if (certificate == NULL)
    return FALSE;

  key_der = vnt_sat_key_encrypt (key, VNT_PRACTICE_IDSE_PASSWORD, VNT_KEY_PROTECTION_SAT, error);
  if (key_der == NULL)
    return FALSE;
  pfx = vnt_pkcs12_writer_build (certificate, key, VNT_PRACTICE_IDSE_PASSWORD, VNT_PKCS12_PROFILE_MODERN, error);
  if (pfx == NULL)
    return FALSE;

  /* The .cer last: it is what says the set is there. */
  names[0] = key_name;
  names[1] = pfx_name;
  names[2] = cer_name;
  contents[0] = key_der;
  contents[1] = pfx;
  contents[2] = der;
  return vnt_safe_file_write_set (dir, names, contents, 3, NULL, error);
}

static gboolean
record (VntSandboxDb        *db,
        const char          *dir,
        VntPracticeIdseUse   use,
        GError             **error)
{
  g_autofree char *cer_path = file_path (dir, use, ".cer");
  g_autofree char *verifier = NULL;
  g_autoptr(VntCertificate) certificate = vnt_certificate_new_from_file (cer_path, error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (certificate == NULL)
    return FALSE;
  verifier = vnt_idse_password_hash (VNT_PRACTICE_IDSE_PASSWORD, error);
  if (verifier == NULL)
    return FALSE;

  return vnt_sandbox_db_execute (db, NULL, error,
                                 "INSERT OR IGNORE INTO idse_employers (npie, rfc, registro_patronal, created_at) "
                                 "VALUES (?, ?, ?, ?)", "sssi", VNT_PRACTICE_IDSE_NPIE,
                                 vnt_certificate_get_rfc (certificate), REGISTRO_PATRONAL, now) &&
         vnt_sandbox_db_execute (db, NULL, error,
                                 "INSERT OR IGNORE INTO idse_certificates (serial, npie, folio, usuario, verifier, der, "
                                 "not_before, not_after, status) VALUES (?, ?, 'IDSE-PRACTICA', ?, ?, ?, ?, ?, 'valid')",
                                 "ssssbii", uses[use].serial, VNT_PRACTICE_IDSE_NPIE, VNT_PRACTICE_IDSE_USUARIO,
                                 verifier, vnt_certificate_get_der (certificate),
                                 g_date_time_to_unix (vnt_certificate_get_not_before (certificate)),
                                 g_date_time_to_unix (vnt_certificate_get_not_after (certificate)));
}

gboolean
vnt_practice_idse_ensure (const char    *data_dir,
                          VntIdseCa     *ca,
                          VntSandboxDb  *db,
                          const char    *company_name,
                          const char    *company_rfc,
                          GError       **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (VNT_IS_IDSE_CA (ca), FALSE);
  g_return_val_if_fail (company_name != NULL && company_rfc != NULL, FALSE);

  dir = g_build_filename (data_dir, FOLDER, NULL);
  if (!vnt_safe_file_make_folder (dir, error))
    return FALSE;

  for (int use = 0; use < VNT_PRACTICE_IDSE_N_USES; use++)
    {
      g_autofree char *cer_path = file_path (dir, use, ".cer");

      if (!g_file_test (cer_path, G_FILE_TEST_EXISTS) &&
          !make_files (dir, ca, use, company_name, company_rfc, error))
        return FALSE;
      if (!record (db, dir, use, error))
        return FALSE;
    }

  return TRUE;
}

VntPracticeIdse *
vnt_practice_idse_get (const char         *data_dir,
                       VntPracticeIdseUse  use)
{
  g_autofree char *base = vnt_practice_data_dir (data_dir);
  g_autofree char *dir = g_build_filename (base, FOLDER, NULL);
  g_autoptr(VntPracticeIdse) idse = g_new0 (VntPracticeIdse, 1);
  g_autoptr(VntCertificate) certificate = NULL;

  g_return_val_if_fail (use < VNT_PRACTICE_IDSE_N_USES, NULL);

  idse->use = use;
  idse->cer_path = file_path (dir, use, ".cer");
  idse->key_path = file_path (dir, use, ".key");
  idse->pfx_path = file_path (dir, use, ".pfx");
  certificate = vnt_certificate_new_from_file (idse->cer_path, NULL);
  if (certificate == NULL)
    return NULL;

  idse->name = g_strdup (vnt_certificate_get_name (certificate));
  idse->rfc = g_strdup (vnt_certificate_get_rfc (certificate));
  idse->serial = g_strdup (vnt_certificate_get_number (certificate));
  idse->npie = g_strdup (VNT_PRACTICE_IDSE_NPIE);
  idse->usuario = g_strdup (VNT_PRACTICE_IDSE_USUARIO);
  idse->password = g_strdup (VNT_PRACTICE_IDSE_PASSWORD);
  return g_steal_pointer (&idse);
}

typedef struct
{
  char              *data_dir;
  VntPracticeIdseUse use;
} Lookup;

static Lookup *
lookup_new (const char        *data_dir,
            VntPracticeIdseUse use)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->data_dir = g_strdup (data_dir);
  lookup->use = use;
  return lookup;
}

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->data_dir);
  g_free (lookup);
}

static gpointer
get_job (gpointer      data,
         GCancellable *cancellable,
         GError      **error)
{
  Lookup          *lookup = data;
  VntPracticeIdse *idse = vnt_practice_idse_get (lookup->data_dir, lookup->use);

  if (idse == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                 _("The practice IDSE certificates are missing. "
                   "Restart the app to make them again."));
  return idse;
}

void
vnt_practice_idse_get_async (const char         *data_dir,
                             VntPracticeIdseUse  use,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  vnt_task_run_in_thread (NULL, lookup_new (data_dir, use), (GDestroyNotify) lookup_free, get_job,
                          (GDestroyNotify) vnt_practice_idse_free, vnt_practice_idse_get_async,
                          cancellable, callback, user_data);
}

VntPracticeIdse *
vnt_practice_idse_get_finish (GAsyncResult *result,
                              GError      **error)
{
  return vnt_task_run_finish (result, NULL, vnt_practice_idse_get_async, error);
}
