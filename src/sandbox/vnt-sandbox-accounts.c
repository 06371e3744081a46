/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/vnt-curp.h"
#include "sandbox/vnt-sandbox-private.h"

/* Accounts: GET /v1/accounts/{curp}, account.create and account.update
 * (docs/protocol.md §6.3, §7.1, §7.2). */

/* The carta the account procedures accept. Practice wording, not IMSS's. */
#define CTC_EV_ID "ctc-ev"
#define CTC_EV_VERSION "2026-01"
#define CTC_EV_TITLE "Carta de términos y condiciones para utilizar la Firma Electrónica en los actos que realice ante el IMSS"
static const char ctc_ev_text[] =
  "Carta de términos y condiciones para utilizar la Firma Electrónica en los actos que realice ante el IMSS.\n\n"
  "Texto de práctica de ventanilla-sandbox; no tiene validez legal.\n\n"
  "1. Acepto que mi firma electrónica avanzada (e.firma) me identifica ante el IMSS con el mismo valor "
  "que mi firma autógrafa.\n"
  "2. Soy la única persona responsable de guardar mi llave privada y su contraseña, y de todos los actos "
  "que se realicen con ellas.\n"
  "3. Avisaré al SAT de inmediato si pierdo mi llave privada o si alguien más conoce su contraseña.\n"
  "4. Los datos que envío son correctos y me pertenecen.\n";

const Carta vnt_sandbox_account_cartas[] = {
  { CTC_EV_ID, CTC_EV_VERSION, CTC_EV_TITLE, ctc_ev_text },
  { NULL },
};

/* FALSE, having sent the problem, when @curp is not a valid CURP. */
static gboolean
check_curp (SoupServerMessage *msg,
            const char        *curp)
{
  g_autofree char *detail = NULL;

  if (vnt_curp_validate (curp, NULL))
    return TRUE;

  detail = g_strdup_printf ("La CURP %s no es válida. Revisa sus 18 caracteres.", curp);
  vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-curp", "Invalid CURP",
                            detail);
  return FALSE;
}

void
vnt_sandbox_handle_account (VntSandbox        *self,
                            SoupServerMessage *msg,
                            const char        *curp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(VntSandboxAccount) account = NULL;
  g_auto(Applicant) applicant = { 0 };

  if (!check_curp (msg, curp))
    return;

  /* With a proof, the holder also gets the account's details. */
  if (vnt_sandbox_has_proof (msg))
    {
      if (!vnt_sandbox_check_proof (self, msg, "account.read", NULL, TRUE, &applicant))
        return;
      if (g_strcmp0 (applicant.curp, curp) != 0)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not the account holder",
                                    "Solo la persona titular puede consultar los datos de esta cuenta.");
          return;
        }
    }

  account = vnt_sandbox_db_find_account (self->db, curp);

  if (applicant.certificate != NULL && account == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "account-not-found", "No account for this CURP",
                                "No hay una cuenta del Escritorio Virtual para esta CURP. Crea una cuenta primero.");
      return;
    }

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "curp", curp);
  vnt_json_add_boolean (builder, "exists", account != NULL);
  if (applicant.certificate != NULL)
    {
      g_autofree char *updated_text = vnt_sandbox_format_unix (account->updated_at);
      g_autofree char *from_text = NULL;

      /* 0: not known. */
      if (account->certificate_not_before != 0)
        from_text = vnt_sandbox_format_unix (account->certificate_not_before);

      vnt_json_add_string (builder, "name", account->name);
      vnt_json_add_string (builder, "rfc", account->rfc);
      vnt_json_add_string (builder, "certificate_number", account->certificate_number);
      vnt_json_add_string (builder, "certificate_not_before", from_text);
      vnt_json_add_string (builder, "email", account->email);
      vnt_json_add_string (builder, "updated_at", updated_text);
    }
  json_builder_end_object (builder);

  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* FALSE, having sent the problem, unless @data names @applicant's CURP and RFC. */
static gboolean
check_data_names_applicant (SoupServerMessage *msg,
                            JsonObject        *data,
                            Applicant         *applicant)
{
  if (g_strcmp0 (vnt_json_get_string (data, "curp"), applicant->curp) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "curp-mismatch", "The CURP does not match the certificate",
                                "La CURP capturada no corresponde a la de tu e.firma. Revisa la CURP o elige la e.firma correcta.");
      return FALSE;
    }
  if (g_strcmp0 (vnt_json_get_string (data, "rfc"), applicant->rfc) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate",
                                "El RFC capturado no corresponde al de tu e.firma. Revisa el RFC o elige la e.firma correcta.");
      return FALSE;
    }

  return TRUE;
}

/* The account's e-mail in @data, or NULL having sent the problem. */
static const char *
account_email (SoupServerMessage *msg,
               JsonObject        *data)
{
  const char *email = vnt_json_get_string (data, "email");

  if (email == NULL || strchr (email, '@') == NULL || strpbrk (email, " \t\r\n") != NULL ||
      strlen (email) > 254)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid e-mail address",
                                "El correo electrónico no es válido. Revísalo e inténtalo de nuevo.");
      return NULL;
    }

  return email;
}

/* account.create and account.update (docs/protocol.md §7.1, §7.2). */
static void
start_account (VntSandbox        *self,
               SoupServerMessage *msg,
               GBytes            *body,
               const char        *procedure,
               JsonObject        *data)
{
  g_autoptr(JsonBuilder) review = json_builder_new ();
  g_autoptr(VntSandboxAccount) account = NULL;
  g_auto(Applicant) applicant = { 0 };
  const char *number;
  const char *email = NULL;
  gboolean update;

  update = g_str_equal (procedure, "account.update");

  if (!vnt_sandbox_check_proof (self, msg, procedure, body, TRUE, &applicant))
    return;

  if (vnt_certificate_get_persona (applicant.certificate) == VNT_PERSONA_MORAL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "persona-fisica-required", "A person must sign",
                                "Esta e.firma es de una persona moral. Usa la e.firma de la persona titular de la cuenta.");
      return;
    }

  if (!check_data_names_applicant (msg, data, &applicant))
    return;

  if (!check_curp (msg, applicant.curp))
    return;

  if (!update)
    {
      email = account_email (msg, data);
      if (email == NULL)
        return;
    }

  number = vnt_certificate_get_number (applicant.certificate);
  account = vnt_sandbox_db_find_account (self->db, applicant.curp);

  if (update && account == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "account-not-found", "No account for this CURP",
                                "No hay una cuenta del Escritorio Virtual para esta CURP. Crea una cuenta primero.");
      return;
    }
  if (update && g_strcmp0 (account->certificate_number, number) == 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "certificate-unchanged", "The certificate is already registered",
                                "Tu cuenta ya tiene registrada esta e.firma; no hay nada que actualizar.");
      return;
    }
  /* No going back to an older e.firma: IMSS keeps the newest one. */
  if (update && account->certificate_not_before != 0 &&
      g_date_time_to_unix (vnt_certificate_get_not_before (applicant.certificate)) <= account->certificate_not_before)
    {
      g_autoptr(GDateTime) registered_from = g_date_time_new_from_unix_utc (account->certificate_not_before);
      g_autofree char *registered_text = g_date_time_format (registered_from, "%d/%m/%Y");
      g_autofree char *chosen_text = g_date_time_format (vnt_certificate_get_not_before (applicant.certificate),
                                                         "%d/%m/%Y");
      g_autofree char *detail = NULL;

      detail = g_strdup_printf ("La e.firma registrada en tu cuenta (número %s, vigente desde el %s) es más nueva "
                                "que la que usaste (número %s, vigente desde el %s). Usa tu e.firma más reciente.",
                                account->certificate_number, registered_text, number, chosen_text);
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "certificate-not-newer",
                                "The registered certificate is newer", detail);
      return;
    }
  if (!update && account != NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "account-exists", "An account already exists",
                                "Ya existe una cuenta del Escritorio Virtual para esta CURP. Ingresa con ella, o actualiza tu e.firma.");
      return;
    }
  json_builder_begin_object (review);
  vnt_json_add_string (review, "name",
                       account != NULL
                       ? account->name : vnt_certificate_get_name (applicant.certificate));
  vnt_json_add_string (review, "curp", applicant.curp);
  vnt_json_add_string (review, "rfc", applicant.rfc);
  if (update)
    {
      vnt_json_add_string (review, "previous_certificate_number", account->certificate_number);
    }
  vnt_json_add_string (review, "certificate_number", number);
  {
    g_autofree char *from = vnt_proof_format_time (vnt_certificate_get_not_before (applicant.certificate));

    vnt_json_add_string (review, "certificate_not_before", from);
  }
  if (update)
    {
      vnt_json_add_boolean (review, "changed", TRUE);
    }
  else
    {
      vnt_json_add_string (review, "email", email);
    }

  vnt_sandbox_insert_draft (self, msg, &applicant, procedure, data, review, NULL);
}

static gboolean
effect_account (VntSandbox        *self,
                SoupServerMessage *msg,
                VntSandboxTramite *tramite,
                VntSandboxAcuse   *acuse)
{
  g_autoptr(GError) error = NULL;
  gboolean update = g_str_equal (tramite->procedure, "account.update");
  const char *name = vnt_json_get_string (acuse->review, "name");
  g_autoptr(GDateTime) from = vnt_json_get_date (acuse->review, "certificate_not_before");
  gint64 not_before = from != NULL ? g_date_time_to_unix (from) : 0;

  if (update)
    {
      if (!vnt_sandbox_db_set_account_certificate (self->db, tramite->applicant_curp,
                                                   tramite->certificate_number, not_before,
                                                   acuse->now, &error))
        {
          vnt_sandbox_send_internal (msg, error);
          return FALSE;
        }
      vnt_sandbox_acuse_add_reviewed (acuse, "previous_certificate_number");
      vnt_json_add_string (acuse->out, "certificate_number", tramite->certificate_number);
      acuse->message = "La actualización de la cuenta de usuario fue correcta.";
      return TRUE;
    }
  else
    {
      VntSandboxAccount account = {
        .curp = tramite->applicant_curp,
        .rfc = tramite->applicant_rfc,
        .name = (char *) name,
        .certificate_number = tramite->certificate_number,
        .email = (char *) vnt_json_get_string (acuse->review, "email"),
        .created_at = acuse->now,
        .updated_at = acuse->now,
        .certificate_not_before = not_before,
      };

      if (!vnt_sandbox_db_add_account (self->db, &account, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "account-exists", "An account already exists",
                                      "Ya existe una cuenta del Escritorio Virtual para esta CURP. Ingresa con ella, o actualiza tu e.firma.");
          else
            vnt_sandbox_send_internal (msg, error);
          return FALSE;
        }
      vnt_json_add_string (acuse->out, "curp", tramite->applicant_curp);
      vnt_json_add_string (acuse->out, "rfc", tramite->applicant_rfc);
      vnt_json_add_string (acuse->out, "name", name);
      vnt_json_add_string (acuse->out, "certificate_number", tramite->certificate_number);
      vnt_sandbox_acuse_add_reviewed (acuse, "email");
      acuse->message = "Tu cuenta del Escritorio Virtual fue creada. Podrás usarla en 30 minutos.";
      return TRUE;
    }
}


/* "Guardar Trámite": the data checked as when the trámite started. */
static gboolean
update_account (SoupServerMessage *msg,
                VntSandboxTramite *tramite,
                JsonObject        *data,
                Applicant         *applicant,
                JsonObject        *review)
{
  if (!check_data_names_applicant (msg, data, applicant))
    return FALSE;

  if (g_str_equal (tramite->procedure, "account.create"))
    {
      const char *email = account_email (msg, data);

      if (email == NULL)
        return FALSE;
      json_object_set_string_member (review, "email", email);
    }

  return TRUE;
}

/* clang-format off */
const VntSandboxProcedure vnt_sandbox_account_procedures[] = {
  { .id = "account.create", .name = "Crear cuenta", .folio_prefix = "EV", .carta = CTC_EV_ID,
    .proof = PROOF_EFIRMA, .start = start_account, .update = update_account,
    .effect = effect_account },
  { .id = "account.update", .name = "Actualización de la e.firma", .folio_prefix = "EV",
    .carta = CTC_EV_ID, .proof = PROOF_EFIRMA,
    .draft_message = "Se detectó que el número de serie de su firma digital fue modificado.",
    .start = start_account, .update = update_account, .effect = effect_account },
  { NULL },
};
/* clang-format on */
