/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-id.h"
#include "core/vnt-rfc.h"
#include "crypto/vnt-renewal.h"
#include "vnt-efirma-renew-controller.h"

/* SAT ID renews an e.firma up to a year after it expired. */
#define SAT_ID_DAYS 365
#define OPEN_FIRST  _("Open your current e.firma first (“Validar”).")

/* The record's fields of this procedure (in memory only: the class is
 * local_only): the form, then what was written. */
#define FIELD_COMPANY_RFC "company_rfc"
#define FIELD_EMAIL       "email"
#define FIELD_KEY         "key_path"
#define FIELD_RENEWAL     "renewal_path"

struct _VntEfirmaRenewController
{
  VntProcedure   parent_instance;

  VntEfirmaStep *efirma;
};

/* clang-format off */
static void has_efirma_iface_init (VntHasEfirmaInterface *iface);
static void sat_local_iface_init (VntSatLocalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VntEfirmaRenewController, vnt_efirma_renew_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, has_efirma_iface_init)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_SAT_LOCAL, sat_local_iface_init))
/* clang-format on */

static const char * const steps[] = {
  VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED, VNT_EFIRMA_RENEW_STEP_WRITTEN, NULL,
};

static void
vnt_efirma_renew_controller_class_init (VntEfirmaRenewControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  procedure_class->procedure_id = "sat.efirma.renew";
  procedure_class->steps = steps;
  procedure_class->local_only = TRUE;
}

static void
vnt_efirma_renew_controller_init (VntEfirmaRenewController *self)
{
  /* Any holder and expired ones too: going on says what to do with a
   * company's or an expired e.firma, in this procedure's words. A CSD,
   * another authority's or a wrong password stop at "Validar". */
  VntEfirmaPolicy policy = { VNT_EFIRMA_HOLDER_ANY, FALSE, VNT_EFIRMA_ISSUER_SAT, TRUE };

  self->efirma = vnt_efirma_step_new (VNT_PROCEDURE (self), VNT_CREDENTIAL_ROLE_APPLICANT, &policy,
                                      NULL, VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED);
}

VntEfirmaRenewController *
vnt_efirma_renew_controller_new (void)
{
  return g_object_new (VNT_TYPE_EFIRMA_RENEW_CONTROLLER, NULL);
}

static const char *
field (VntEfirmaRenewController *self,
       const char               *name)
{
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), name);
}

static void
set_field (VntEfirmaRenewController *self,
           const char               *name,
           const char               *value)
{
  vnt_tramite_set_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), name, value);
}

/* ------------------------------------------------------------------ */
/* The e.firma                                                         */

static VntCertificate *
current_certificate (VntEfirmaRenewController *self)
{
  VntCredential *credential = vnt_efirma_step_get_credential (self->efirma);

  return credential != NULL ? vnt_credential_get_certificate (credential) : NULL;
}

/* FALSE with what to do when @certificate cannot sign its renewal. */
static gboolean
check_signer (VntCertificate  *certificate,
              GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *not_after = vnt_certificate_get_not_after (certificate);

  if (vnt_certificate_get_persona (certificate) != VNT_PERSONA_FISICA ||
      vnt_certificate_get_curp (certificate) == NULL)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_MORAL,
                           _("This is a company’s e.firma. SAT renews it with the legal representative’s own e.firma: choose the representative’s .cer and .key here, and give the company’s RFC on the next page."));
      return FALSE;
    }

  if (g_date_time_compare (now, not_after) > 0)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (not_after);
      g_autofree char *date = g_date_time_format (local, "%d/%m/%Y");
      GTimeSpan since = g_date_time_difference (now, not_after);

      if (since < (GTimeSpan) SAT_ID_DAYS * G_TIME_SPAN_DAY)
        g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED,
                     _("This e.firma expired on %s and can no longer sign its renewal. As it expired less than a year ago, renew it online with SAT ID (sat.gob.mx, “SAT ID”): a selfie video, your identification and the new request, without an appointment."),
                     date);
      else
        g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED,
                     _("This e.firma expired on %s, over a year ago, so it can no longer be renewed online. Make an appointment at a SAT office and take a new request: “Requerimiento de e.firma” makes it."),
                     date);
      return FALSE;
    }

  return TRUE;
}

static void
proceed_async (VntHasEfirma        *has,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  VntEfirmaRenewController *self = VNT_EFIRMA_RENEW_CONTROLLER (has);
  VntProcedure             *procedure = VNT_PROCEDURE (self);
  GError                   *error = NULL;
  GTask                    *task;

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data, proceed_async);
  if (task == NULL)
    return;

  if (vnt_efirma_step_require_credential (self->efirma, task, OPEN_FIRST) == NULL)
    return;
  if (!check_signer (current_certificate (self), &error))
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  vnt_procedure_task_return_saved_int (procedure, task, VNT_EFIRMA_OUTCOME_GO_ON);
}

static void
has_efirma_iface_init (VntHasEfirmaInterface *iface)
{
  iface->proceed_async = proceed_async;
}

/* ------------------------------------------------------------------ */
/* The form                                                            */

gboolean
vnt_efirma_renew_controller_set_company_rfc (VntEfirmaRenewController  *self,
                                             const char                *company_rfc,
                                             GError                   **error)
{
  g_autoptr(VntRfc) rfc = NULL;

  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (self), FALSE);

  set_field (self, FIELD_COMPANY_RFC, NULL);
  if (company_rfc == NULL)
    return TRUE;

  rfc = vnt_rfc_parse (company_rfc, error);
  if (rfc == NULL)
    return FALSE;
  if (rfc->type != VNT_RFC_TYPE_PERSONA_MORAL || vnt_rfc_is_generic (rfc->normalized))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_FISICA,
                           _("This is not a company’s RFC. Type the RFC of the persona moral, of 12 characters, as in its Constancia de Situación Fiscal."));
      return FALSE;
    }

  set_field (self, FIELD_COMPANY_RFC, rfc->normalized);
  return TRUE;
}

const char *
vnt_efirma_renew_controller_get_company_rfc (VntEfirmaRenewController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (self), NULL);
  return field (self, FIELD_COMPANY_RFC);
}

gboolean
vnt_efirma_renew_controller_set_email (VntEfirmaRenewController  *self,
                                       const char                *email,
                                       GError                   **error)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (self), FALSE);

  set_field (self, FIELD_EMAIL, email);
  return vnt_sat_local_check_email (email, error);
}

const char *
vnt_efirma_renew_controller_get_email (VntEfirmaRenewController *self)
{
  VntCertificate *certificate;

  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (self), NULL);

  if (field (self, FIELD_EMAIL) != NULL)
    return field (self, FIELD_EMAIL);
  certificate = current_certificate (self);
  return certificate != NULL ? vnt_certificate_get_email (certificate) : NULL;
}

const char *
vnt_efirma_renew_controller_get_rfc (VntEfirmaRenewController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (self), NULL);

  if (field (self, FIELD_COMPANY_RFC) != NULL)
    return field (self, FIELD_COMPANY_RFC);
  return vnt_efirma_step_get_rfc (self->efirma);
}

/* The current e.firma's RFC and CURP, the company's RFC, the correo. */
static GStrv
get_personal_words (VntSatLocal *local)
{
  VntEfirmaRenewController *self = VNT_EFIRMA_RENEW_CONTROLLER (local);
  VntCertificate           *certificate = current_certificate (self);
  const char               *personal[5] = { NULL };
  guint                     n = 0;

  if (certificate != NULL)
    {
      if (vnt_certificate_get_rfc (certificate) != NULL)
        personal[n++] = vnt_certificate_get_rfc (certificate);
      if (vnt_certificate_get_curp (certificate) != NULL)
        personal[n++] = vnt_certificate_get_curp (certificate);
    }
  if (field (self, FIELD_COMPANY_RFC) != NULL)
    personal[n++] = field (self, FIELD_COMPANY_RFC);
  if (vnt_efirma_renew_controller_get_email (self) != NULL)
    personal[n++] = vnt_efirma_renew_controller_get_email (self);

  return g_strdupv ((char **) personal);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

typedef struct
{
  VntCredential *signer;
  char          *company_rfc;
  char          *email;
  GStrv          paths;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->signer);
  g_free (data->company_rfc);
  g_free (data->email);
  g_strfreev (data->paths);
  g_free (data);
}

static gboolean
write_files (gpointer         user_data,
             VntEfirmaParams *params,
             GCancellable    *cancellable,
             GError         **error)
{
  WriteData *data = user_data;

  params->rfc = data->company_rfc;
  params->email = data->email;
  data->paths = vnt_renewal_create_efirma_for_signer (params,
                                                      vnt_credential_get_certificate (data->signer),
                                                      vnt_credential_get_private_key (data->signer),
                                                      NULL, cancellable, error);
  return data->paths != NULL;
}

static void
keep_written (VntSatLocal *local,
              gpointer     user_data)
{
  VntEfirmaRenewController *self = VNT_EFIRMA_RENEW_CONTROLLER (local);
  WriteData                *data = user_data;

  set_field (self, FIELD_KEY, data->paths[0]);
  set_field (self, FIELD_RENEWAL, data->paths[1]);
}

static gpointer
prepare_write (VntSatLocal *local,
               GTask       *task)
{
  VntEfirmaRenewController *self = VNT_EFIRMA_RENEW_CONTROLLER (local);
  VntCredential *credential;
  GError *error = NULL;
  WriteData *data;

  credential = vnt_efirma_step_require_credential (self->efirma, task, OPEN_FIRST);
  if (credential == NULL)
    return NULL;
  /* It may have expired since it was opened. */
  if (!check_signer (vnt_credential_get_certificate (credential), &error) ||
      !vnt_sat_local_check_email (vnt_efirma_renew_controller_get_email (self), &error))
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, error);
      return NULL;
    }

  data = g_new0 (WriteData, 1);
  data->signer = g_object_ref (credential);
  data->company_rfc = g_strdup (field (self, FIELD_COMPANY_RFC));
  data->email = g_strdup (vnt_efirma_renew_controller_get_email (self));
  return data;
}

static const VntSatLocalWriter writer = {
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_EFIRMA_RENEW_STEP_WRITTEN,
  get_personal_words,
  prepare_write,
  write_files,
  keep_written,
  (GDestroyNotify) write_data_free,
};

static void
sat_local_iface_init (VntSatLocalInterface *iface)
{
  iface->writer = &writer;
}

const char *
vnt_efirma_renew_controller_get_key_path (VntEfirmaRenewController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (self), NULL);
  return field (self, FIELD_KEY);
}

const char *
vnt_efirma_renew_controller_get_renewal_path (VntEfirmaRenewController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (self), NULL);
  return field (self, FIELD_RENEWAL);
}
