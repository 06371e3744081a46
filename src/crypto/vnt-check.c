/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-date.h"
#include "vnt-check.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-signature.h"

/* Below this, RSA is breakable; SAT itself issues 2048-bit keys. */
#define MIN_RSA_BITS 2048
/* Warn a month ahead: renewing at SAT takes an appointment or SAT ID. */
#define EXPIRES_SOON_DAYS 30
#define CHALLENGE_SIZE 1024

VntProblem *
vnt_problem_new (const char         *code,
                 VntProblemSeverity  severity,
                 const char         *message)
{
  VntProblem *problem;

  g_return_val_if_fail (code != NULL, NULL);

  problem = g_new0 (VntProblem, 1);
  problem->code = g_strdup (code);
  problem->message = g_strdup (message != NULL ? message : "");
  problem->severity = severity;

  return problem;
}

void
vnt_problem_free (VntProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->code);
  g_free (problem->message);
  g_free (problem);
}

struct _VntCheckReport
{
  GObject parent_instance;

  VntCertificate *certificate;
  VntChainStatus chain_status;
  GPtrArray *problems;
};

G_DEFINE_FINAL_TYPE (VntCheckReport, vnt_check_report, G_TYPE_OBJECT)

static void
vnt_check_report_finalize (GObject *object)
{
  VntCheckReport *self = (VntCheckReport *) object;

  g_clear_object (&self->certificate);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (vnt_check_report_parent_class)->finalize (object);
}

static void
vnt_check_report_class_init (VntCheckReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_check_report_finalize;
}

static void
vnt_check_report_init (VntCheckReport *self)
{
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_problem_free);
  self->chain_status = VNT_CHAIN_STATUS_UNTRUSTED;
}

static VntCheckReport *
report_new (VntCertificate *certificate)
{
  VntCheckReport *self = g_object_new (VNT_TYPE_CHECK_REPORT, NULL);

  if (certificate != NULL)
    self->certificate = g_object_ref (certificate);

  return self;
}

static void
add_problem (VntCheckReport     *self,
             const char         *code,
             VntProblemSeverity  severity,
             const char         *message)
{
  /* One entry per code: the same finding from two angles reads as noise. */
  if (vnt_check_report_has_problem (self, code))
    return;

  g_ptr_array_add (self->problems, vnt_problem_new (code, severity, message));
}

static void
add_problem_from_error (VntCheckReport *self,
                        const GError   *error)
{
  const char *code = "failed";

  if (error->domain == VNT_CRYPTO_ERROR)
    code = vnt_crypto_error_code_to_string (error->code);
  else if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR)
    code = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "unreadable-file";

  add_problem (self, code, VNT_PROBLEM_SEVERITY_ERROR, error->message);
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const VntProblem *pa = *(const VntProblem * const *) a;
  const VntProblem *pb = *(const VntProblem * const *) b;

  return (int) pa->severity - (int) pb->severity;
}

/* Errors first; g_ptr_array_sort is a stable merge sort, so findings keep
 * their order within a severity. */
static void
sort_problems (VntCheckReport *self)
{
  g_ptr_array_sort (self->problems, compare_severity);
}

VntCertificate *
vnt_check_report_get_certificate (VntCheckReport *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_REPORT (self), NULL);

  return self->certificate;
}

VntChainStatus
vnt_check_report_get_chain_status (VntCheckReport *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_REPORT (self), VNT_CHAIN_STATUS_UNTRUSTED);

  return self->chain_status;
}

GPtrArray *
vnt_check_report_get_problems (VntCheckReport *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_REPORT (self), NULL);

  return self->problems;
}

gboolean
vnt_check_report_is_valid (VntCheckReport *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_REPORT (self), FALSE);

  for (guint i = 0; i < self->problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (self->problems, i);

      if (problem->severity == VNT_PROBLEM_SEVERITY_ERROR)
        return FALSE;
    }

  return TRUE;
}

gboolean
vnt_check_report_has_problem (VntCheckReport *self,
                              const char     *code)
{
  g_return_val_if_fail (VNT_IS_CHECK_REPORT (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  for (guint i = 0; i < self->problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (self->problems, i);

      if (g_str_equal (problem->code, code))
        return TRUE;
    }

  return FALSE;
}

static char *
format_date (GDateTime *date)
{
  return vnt_date_format_date (date);
}

static void
check_dates (VntCheckReport *self,
             VntCertificate *certificate,
             GDateTime      *now)
{
  GDateTime *not_before = vnt_certificate_get_not_before (certificate);
  GDateTime *not_after = vnt_certificate_get_not_after (certificate);

  if (g_date_time_compare (now, not_before) < 0)
    {
      g_autofree char *date = format_date (not_before);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("This certificate is not valid until %s. Check the date and time of your computer; if they are right, wait until that day or use your current e.firma."),
                                 date);
      add_problem (self, "not-yet-valid", VNT_PROBLEM_SEVERITY_ERROR, message);
    }
  else if (g_date_time_compare (now, not_after) > 0)
    {
      g_autofree char *date = format_date (not_after);
      g_autofree char *message = NULL;

      if (vnt_certificate_get_kind (certificate) == VNT_CERTIFICATE_KIND_EFIRMA)
        message = g_strdup_printf (_("This e.firma expired on %s. Renew it at SAT, online with SAT’s renewal service or at a SAT office, and then use the new files."),
                                   date);
      else
        message = g_strdup_printf (_("This certificate expired on %s. Get a new one from SAT and use the new files."),
                                   date);
      add_problem (self, "expired", VNT_PROBLEM_SEVERITY_ERROR, message);
    }
  else
    {
      int days = vnt_certificate_get_days_left (certificate, now);

      if (days < EXPIRES_SOON_DAYS)
        {
          g_autofree char *date = format_date (not_after);
          g_autofree char *message = NULL;

          if (days == 0)
            message = g_strdup_printf (_("This e.firma expires today, %s. Renew it at SAT now so your procedures are not interrupted."),
                                       date);
          else
            message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "This e.firma expires on %s, in %d day. Renew it at SAT soon so your procedures are not interrupted.",
                                                      "This e.firma expires on %s, in %d days. Renew it at SAT soon so your procedures are not interrupted.",
                                                      days),
                                         date, days);
          add_problem (self, "expires-soon", VNT_PROBLEM_SEVERITY_WARNING, message);
        }
    }
}

static void
check_kind (VntCheckReport *self,
            VntCertificate *certificate,
            gboolean        require_efirma)
{
  VntCertificateKind kind = vnt_certificate_get_kind (certificate);

  if (require_efirma && kind == VNT_CERTIFICATE_KIND_CSD)
    add_problem (self, "not-efirma", VNT_PROBLEM_SEVERITY_ERROR,
                 _("This is a Certificado de Sello Digital (CSD), not an e.firma. Use the files of your e.firma (formerly FIEL): the certificate SAT gave you to identify yourself, not the one for invoicing."));
  else if (require_efirma && kind != VNT_CERTIFICATE_KIND_EFIRMA)
    add_problem (self, "not-efirma", VNT_PROBLEM_SEVERITY_ERROR,
                 _("This certificate is not a SAT e.firma. Choose the certificate (.cer) of your e.firma (formerly FIEL)."));

  if (vnt_certificate_get_kind_disagreement (certificate))
    add_problem (self, "kind-disagreement", VNT_PROBLEM_SEVERITY_WARNING,
                 _("This certificate does not look like a usual e.firma or CSD: its branch name and its key usage point to different kinds. If a procedure rejects it, ask SAT which certificate to use."));
}

static void
check_key (VntCheckReport *self,
           VntCertificate *certificate)
{
  const char *algorithm = vnt_certificate_get_key_algorithm (certificate);
  guint bits = vnt_certificate_get_key_bits (certificate);

  if (g_str_has_prefix (algorithm, "RSA") && bits < MIN_RSA_BITS)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("This certificate has a %u-bit key, which is too weak to be safe. Get a new e.firma at SAT."),
                                 bits);
      add_problem (self, "weak-key", VNT_PROBLEM_SEVERITY_ERROR, message);
    }
}

static void
check_chain (VntCheckReport *self,
             VntCertificate *certificate,
             VntTrustStore  *trust,
             GDateTime      *now)
{
  self->chain_status = vnt_trust_store_verify (trust, certificate, now, NULL);

  switch (self->chain_status)
    {
    case VNT_CHAIN_STATUS_VALID:
      break;

    case VNT_CHAIN_STATUS_EXPIRED:
      /* The certificate's own dates already have their problem. */
      if (!vnt_check_report_has_problem (self, "expired") &&
          !vnt_check_report_has_problem (self, "not-yet-valid"))
        add_problem (self, "expired-chain", VNT_PROBLEM_SEVERITY_ERROR,
                     _("The SAT authority that issued this certificate is out of date. Check the date and time of your computer; if they are right, renew your e.firma at SAT."));
      break;

    case VNT_CHAIN_STATUS_SAT_TEST:
      /* A warning, not an error: practice mode runs on SAT's test
       * credentials; a real service will refuse them anyway. */
      add_problem (self, "sat-test-certificate", VNT_PROBLEM_SEVERITY_WARNING,
                   _("This is a SAT test certificate: its signature verifies under one of SAT’s test authorities. Use it only in practice mode, and your own e.firma for real procedures."));
      break;

    case VNT_CHAIN_STATUS_BAD_SIGNATURE:
      add_problem (self, "bad-signature", VNT_PROBLEM_SEVERITY_ERROR,
                   _("The certificate’s signature does not match the SAT authority that issued it: the file was altered or damaged. Download your certificate again from SAT."));
      break;

    case VNT_CHAIN_STATUS_UNTRUSTED:
    default:
      add_problem (self, "untrusted-chain", VNT_PROBLEM_SEVERITY_ERROR,
                   _("This certificate was not issued by a SAT authority that Ventanilla knows. Use the e.firma SAT gave you; if SAT has started using a new authority, update Ventanilla."));
      break;
    }
}

static void
check_certificate_into (VntCheckReport *self,
                        VntCertificate *certificate,
                        VntTrustStore  *trust,
                        GDateTime      *now,
                        gboolean        require_efirma)
{
  g_autoptr(GDateTime) current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  if (trust == NULL)
    trust = vnt_trust_store_get_default ();

  check_dates (self, certificate, current);
  check_kind (self, certificate, require_efirma);
  check_key (self, certificate);
  check_chain (self, certificate, trust, current);
}

VntCheckReport *
vnt_check_certificate (VntCertificate *certificate,
                       VntTrustStore  *trust,
                       GDateTime      *now,
                       gboolean        require_efirma)
{
  g_autoptr(VntCheckReport) self = NULL;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (trust == NULL || VNT_IS_TRUST_STORE (trust), NULL);

  self = report_new (certificate);
  check_certificate_into (self, certificate, trust, now, require_efirma);
  sort_problems (self);

  return g_steal_pointer (&self);
}

/* Proof of possession: the key signs a fresh random challenge and the
 * certificate verifies it, exactly as a service would. */
static void
prove_key (VntCheckReport *self,
           VntCredential  *credential)
{
  g_autoptr(GBytes) challenge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  guint8 *random;

  random = g_malloc (CHALLENGE_SIZE);
  if (gnutls_rnd (GNUTLS_RND_NONCE, random, CHALLENGE_SIZE) < 0)
    {
      g_free (random);
      add_problem (self, "failed", VNT_PROBLEM_SEVERITY_ERROR,
                   _("The system could not provide random numbers to test the key. Try again."));
      return;
    }
  challenge = g_bytes_new_take (random, CHALLENGE_SIZE);

  signature = vnt_credential_sign_pkcs1 (credential, challenge, &error);
  if (signature == NULL)
    {
      add_problem_from_error (self, error);
      return;
    }

  if (!vnt_signature_verify_pkcs1 (vnt_credential_get_certificate (credential), challenge, signature, &error))
    add_problem (self, "key-mismatch", VNT_PROBLEM_SEVERITY_ERROR,
                 _("The private key does not produce signatures that this certificate accepts. Make sure the .key and the .cer are from the same e.firma."));
}

static void
check_credential_into (VntCheckReport *self,
                       VntCredential  *credential,
                       VntTrustStore  *trust,
                       GDateTime      *now,
                       gboolean        require_efirma)
{
  check_certificate_into (self, vnt_credential_get_certificate (credential), trust, now, require_efirma);

  if (!vnt_credential_get_key_was_encrypted (credential))
    add_problem (self, "unencrypted-key", VNT_PROBLEM_SEVERITY_WARNING,
                 _("The private key is saved without a password: anyone who copies the file can sign in your name. Keep it somewhere safe, or generate a new key protected with a password."));

  prove_key (self, credential);
}

VntCheckReport *
vnt_check_credential (VntCredential *credential,
                      VntTrustStore *trust,
                      GDateTime     *now,
                      gboolean       require_efirma)
{
  g_autoptr(VntCheckReport) self = NULL;

  g_return_val_if_fail (VNT_IS_CREDENTIAL (credential), NULL);
  g_return_val_if_fail (trust == NULL || VNT_IS_TRUST_STORE (trust), NULL);

  self = report_new (vnt_credential_get_certificate (credential));
  check_credential_into (self, credential, trust, now, require_efirma);
  sort_problems (self);

  return g_steal_pointer (&self);
}

static void
add_cancelled (VntCheckReport *self)
{
  add_problem (self, "cancelled", VNT_PROBLEM_SEVERITY_ERROR,
               _("The check was cancelled. Start it again when you are ready."));
}

VntCheckReport *
vnt_check_files_at (const char    *cer_path,
                    const char    *key_path,
                    const char    *password,
                    VntTrustStore *trust,
                    GDateTime     *now,
                    gboolean       require_efirma,
                    GCancellable  *cancellable)
{
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntCheckReport) self = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (cer_path != NULL, NULL);
  g_return_val_if_fail (trust == NULL || VNT_IS_TRUST_STORE (trust), NULL);

  if (g_cancellable_is_cancelled (cancellable))
    {
      self = report_new (NULL);
      add_cancelled (self);
      return g_steal_pointer (&self);
    }

  credential = vnt_credential_new_from_files (cer_path, key_path, password, &error);
  if (credential != NULL)
    return vnt_check_credential (credential, trust, now, require_efirma);

  /* The pair did not open; still tell what the certificate says, so that
   * "wrong password" comes with "and by the way, it expired". A locked
   * PKCS#12 has no readable certificate. */
  certificate = vnt_certificate_new_from_file (cer_path, NULL);

  self = report_new (certificate);
  add_problem_from_error (self, error);
  if (certificate != NULL)
    check_certificate_into (self, certificate, trust, now, require_efirma);
  sort_problems (self);

  return g_steal_pointer (&self);
}

typedef struct {
  char *cer_path;
  char *key_path;
  char *password;
  VntTrustStore *trust;
  gboolean require_efirma;
} CheckFilesData;

static void
check_files_data_free (CheckFilesData *data)
{
  g_free (data->cer_path);
  g_free (data->key_path);
  vnt_secret_free (data->password);
  g_clear_object (&data->trust);
  g_free (data);
}

static gpointer
check_files_job (gpointer       user_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CheckFilesData *data = user_data;
  g_autoptr(VntCheckReport) report = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  report = vnt_check_files_at (data->cer_path, data->key_path, data->password, data->trust, NULL,
                               data->require_efirma, cancellable);

  /* The password is not needed any longer: wipe it now, not when the task
   * is finally released. */
  g_clear_pointer (&data->password, vnt_secret_free);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&report);
}

void
vnt_check_files_async (const char          *cer_path,
                       const char          *key_path,
                       const char          *password,
                       VntTrustStore       *trust,
                       gboolean             require_efirma,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  CheckFilesData *data;

  g_return_if_fail (cer_path != NULL);
  g_return_if_fail (trust == NULL || VNT_IS_TRUST_STORE (trust));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (CheckFilesData, 1);
  data->cer_path = g_strdup (cer_path);
  data->key_path = g_strdup (key_path);
  data->password = g_strdup (password);
  data->trust = trust != NULL ? g_object_ref (trust) : NULL;
  data->require_efirma = require_efirma;

  vnt_task_run_in_thread (NULL, data, (GDestroyNotify) check_files_data_free, check_files_job,
                          g_object_unref, vnt_check_files_async, cancellable, callback,
                          user_data);
}

VntCheckReport *
vnt_check_files_finish (GAsyncResult  *result,
                        GError       **error)
{
  return vnt_task_run_finish (result, NULL, vnt_check_files_async, error);
}
