/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-curp.h"
#include "core/vnt-date.h"
#include "core/vnt-npie.h"
#include "core/vnt-registro-patronal.h"
#include "core/vnt-rfc.h"
#include "crypto/vnt-csr.h"
#include "sandbox/vnt-sandbox-private.h"

/* The IDSE procedures and their endpoints (docs/protocol.md §7.5–§7.9). */

#define IDSE_DEADLINE_BUSINESS_DAYS 10
#define IDSE_VALIDITY_DAYS (2 * 365)

static const char ctc_idse_text[] =
  "Carta de Términos y Condiciones para la Obtención y Uso del NPIE y Certificado Digital.\n\n"
  "Texto de práctica de ventanilla-sandbox; no tiene validez legal.\n\n"
  "1. El Número Patronal de Identificación Electrónica (NPIE) y el Certificado Digital me identifican "
  "ante el IMSS en IDSE y en SUA con el mismo valor que mi firma autógrafa.\n"
  "2. Soy responsable de guardar la llave privada, el usuario y la contraseña de IDSE, y de los movimientos "
  "que se presenten con ellos.\n"
  "3. Concluiré la solicitud en mi Subdelegación dentro de los 10 días hábiles siguientes; si no, la "
  "solicitud caduca.\n"
  "4. Pediré la cancelación del certificado si pierdo la llave privada o alguien más conoce la contraseña.\n";

/* Accepted once per IDSE certificate, with that certificate, after it was
 * issued by a renewal (IMSS asks for it at the next login). */
static const char condiciones_uso_idse_text[] =
  "Carta de Condiciones de Uso.\n\n"
  "Texto de práctica de ventanilla-sandbox; no tiene validez legal.\n\n"
  "1. Usaré el Certificado Digital renovado solo para presentar movimientos afiliatorios de mi registro "
  "patronal en IDSE y en SUA.\n"
  "2. El certificado anterior quedó sustituido; los movimientos que presente desde hoy los firmaré con el nuevo.\n"
  "3. Guardaré la llave privada del nuevo certificado y su contraseña, y no las compartiré.\n"
  "4. Pediré la cancelación del certificado si pierdo la llave privada o alguien más conoce la contraseña.\n";

const Carta vnt_sandbox_idse_cartas[] = {
  { "ctc-idse", "2026-01",
    "Carta de Términos y Condiciones para la Obtención y Uso del NPIE y Certificado Digital", ctc_idse_text },
  { CONDICIONES_ID, "2026-01", "Carta de Condiciones de Uso", condiciones_uso_idse_text },
  { NULL },
};

/* Today in Mexico City, where the deadline is counted. */
static void
idse_today (VntSandbox *self,
            GDate      *date)
{
  g_autoptr(GDateTime) now = NULL;

  if (g_date_valid (&self->today))
    {
      *date = self->today;
      return;
    }

  now = g_date_time_new_now (vnt_date_get_mexico_zone ());
  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* FALSE, having sent the problem, when @npie (nullable) is not an NPIE. */
static gboolean
check_npie (SoupServerMessage *msg,
            const char        *npie)
{
  if (npie != NULL && vnt_npie_validate (npie, NULL))
    return TRUE;

  vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-npie", "Invalid NPIE",
                            "El NPIE no es válido: son de 1 a 20 letras y/o números.");
  return FALSE;
}

static gboolean
idse_available (VntSandbox        *self,
                SoupServerMessage *msg)
{
  if (self->idse_ca != NULL)
    return TRUE;

  vnt_sandbox_send_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "IDSE is not available",
                            "El servicio de certificados de IDSE no está disponible por el momento. Inténtalo de nuevo en unos minutos.");
  return FALSE;
}

/* The IDSE certificate row of @number: status, npie, usuario, verifier,
 * not_after; NULL when this service did not issue it. */
static GPtrArray *
find_idse_certificate (VntSandbox *self,
                       const char *number)
{
  return vnt_sandbox_db_query_row (self->db,
                                   "SELECT status, npie, usuario, verifier, not_after, der, "
                                   "not_before FROM idse_certificates WHERE serial = ?",
                                   "s", number);
}

gboolean
vnt_sandbox_check_idse_signer (VntSandbox        *self,
                               SoupServerMessage *msg,
                               VntCertificate    *certificate,
                               GDateTime         *now,
                               gboolean           renewal)
{
  g_autoptr(GPtrArray) row = NULL;
  GDateTime *not_after = vnt_certificate_get_not_after (certificate);
  GTimeSpan expired_for = g_date_time_difference (now, not_after);

  if (!idse_available (self, msg))
    return FALSE;

  row = vnt_idse_ca_verify (self->idse_ca, certificate)
        ? find_idse_certificate (self, vnt_certificate_get_number (certificate)) : NULL;
  if (row == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "untrusted-certificate", "Not an IDSE certificate of this service",
                                "El certificado no es un certificado digital de IDSE emitido por este servicio. Elige el certificado (.cer) de IDSE.");
      return FALSE;
    }
  if (g_str_equal (row->pdata[0], "cancelled"))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-revoked", "The certificate was cancelled",
                                "Este certificado digital de IDSE fue cancelado; ya no sirve. Solicita uno nuevo.");
      return FALSE;
    }
  if (expired_for > 0 && (!renewal || expired_for > (GTimeSpan) 365 * G_TIME_SPAN_DAY))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-expired", "The certificate has expired",
                                renewal
                                ? "Tu certificado digital de IDSE venció hace más de un año y ya no se puede renovar. Solicita uno nuevo."
                                : "Tu certificado digital de IDSE ya venció. Renuévalo y vuelve a intentarlo.");
      return FALSE;
    }
  if (g_date_time_compare (now, vnt_certificate_get_not_before (certificate)) < 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-not-yet-valid", "The certificate is not valid yet",
                                "Tu certificado digital de IDSE todavía no entra en vigor. Revisa la fecha de tu computadora.");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_idse_credentials (SoupServerMessage *msg,
                        const char        *usuario,
                        const char        *password)
{
  if (!vnt_idse_credential_is_valid (usuario))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idse-user-invalid", "Invalid IDSE user",
                                "El usuario de IDSE debe tener de 8 a 20 letras y/o números, sin espacios, acentos ni símbolos.");
      return FALSE;
    }
  if (!vnt_idse_credential_is_valid (password))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idse-password-invalid", "Invalid IDSE password",
                                "La contraseña de IDSE debe tener de 8 a 20 letras y/o números, sin espacios, acentos ni símbolos.");
      return FALSE;
    }
  if (g_ascii_strcasecmp (usuario, password) == 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idse-password-equals-user", "Password equals user",
                                "La contraseña de IDSE no puede ser igual al usuario. Elige otra contraseña.");
      return FALSE;
    }

  return TRUE;
}

static gboolean
email_is_valid (const char *email)
{
  return email != NULL && strchr (email, '@') != NULL && strpbrk (email, " \t\r\n|") == NULL &&
         strlen (email) <= 254 && g_str_is_ascii (email);
}

/* FALSE, having sent the problem, unless @email is valid. */
static gboolean
check_email (SoupServerMessage *msg,
             const char        *email)
{
  if (!email_is_valid (email))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid e-mail address",
                                "El correo electrónico no es válido. Revísalo e inténtalo de nuevo.");
      return FALSE;
    }

  return TRUE;
}

/* The PKCS#10 of @data ("csr", base64 DER), or NULL having sent the problem. */
static GBytes *
check_csr (SoupServerMessage *msg,
           JsonObject        *data)
{
  const char *csr_b64 = vnt_json_get_string (data, "csr");
  g_autoptr(GBytes) der = NULL;
  g_autoptr(VntCsr) csr = NULL;

  if (csr_b64 != NULL && strlen (csr_b64) < 16384)
    der = vnt_base64_decode_bytes (csr_b64);
  else
    der = g_bytes_new (NULL, 0);
  if (g_bytes_get_size (der) > 0)
    csr = vnt_csr_new_from_bytes (der, NULL);

  if (csr == NULL || !vnt_csr_get_signature_valid (csr) ||
      g_strcmp0 (vnt_csr_get_key_algorithm (csr), "RSA") != 0 || vnt_csr_get_key_bits (csr) < 2048)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-csr", "Invalid PKCS#10",
                                "El requerimiento del certificado no es válido (debe ser un PKCS#10 firmado con su propia llave RSA de "
                                "al menos 2048 bits). Vuelve a generarlo con Ventanilla.");
      return NULL;
    }

  return g_steal_pointer (&der);
}

static gboolean
check_domicilio (SoupServerMessage *msg,
                 JsonObject        *domicilio)
{
  static const char * const required[] = { "calle", "numero_exterior", "colonia", "estado", "municipio", NULL };
  const char *cp = vnt_json_get_string (domicilio, "codigo_postal");
  gboolean ok = domicilio != NULL && cp != NULL && strlen (cp) == 5;

  for (gsize i = 0; ok && cp[i] != '\0'; i++)
    ok = g_ascii_isdigit (cp[i]);
  for (gsize i = 0; ok && required[i] != NULL; i++)
    ok = vnt_sandbox_text_is_sane (vnt_json_get_string (domicilio, required[i]), 254);

  if (!ok)
    vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid domicilio fiscal",
                              "Completa el domicilio fiscal: calle, número exterior, colonia, estado, municipio y un código postal de 5 dígitos.");

  return ok;
}

static void
start_idse (VntSandbox        *self,
            SoupServerMessage *msg,
            GBytes            *body,
            const char        *procedure,
            JsonObject        *data)
{
  g_autoptr(JsonBuilder) review = json_builder_new ();
  g_autoptr(GBytes) csr = NULL;
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *csr_sha256 = NULL;
  g_autofree char *folio = NULL;
  g_autofree char *employer_registro = NULL;
  g_auto(Applicant) applicant = { 0 };
  const char *usuario = vnt_json_get_string (data, "usuario");
  const char *password = vnt_json_get_string (data, "password");
  const char *email = vnt_json_get_string (data, "email");
  const char *registro = vnt_json_get_string (data, "registro_patronal");
  const char *npie = vnt_json_get_string (data, "npie");
  const char *serial = vnt_json_get_string (data, "serial");
  ProofKind kind;

  if (!idse_available (self, msg))
    return;

  kind = vnt_sandbox_find_procedure (procedure)->proof;
  if (!vnt_sandbox_check_proof_kind (self, msg, procedure, body, kind, &applicant))
    return;

  json_builder_begin_object (review);
  vnt_json_add_string (review, "name", vnt_certificate_get_name (applicant.certificate));
  vnt_json_add_string (review, "rfc", applicant.rfc);

  if (kind != PROOF_EFIRMA)
    {
      /* Cancellation and renewal: signed by the certificate they act on. */
      const char *number = vnt_certificate_get_number (applicant.certificate);

      if (g_strcmp0 (serial, number) != 0)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not this certificate",
                                    "Firma con el mismo certificado digital de IDSE que quieres cancelar o renovar.");
          return;
        }
      row = find_idse_certificate (self, number);
      if (kind == PROOF_IDSE)
        {
          const char *motivo = vnt_json_get_string (data, "motivo");

          if (g_strcmp0 (motivo, "perdida") != 0 && g_strcmp0 (motivo, "compromiso") != 0 &&
              g_strcmp0 (motivo, "cambio") != 0 && g_strcmp0 (motivo, "otro") != 0)
            {
              vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid motivo",
                                        "Elige el motivo de la cancelación: pérdida, llave comprometida, cambio u otro.");
              return;
            }
          /* Certificate, user and password: all three. */
          if (g_strcmp0 (usuario, row->pdata[2]) != 0 || !vnt_idse_password_verify (password, row->pdata[3]))
            {
              vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "idse-credentials-wrong", "Wrong IDSE user or password",
                                        "El usuario o la contraseña de IDSE no corresponden a este certificado. Revísalos e inténtalo de nuevo.");
              return;
            }
          vnt_json_add_string (review, "motivo", motivo);
        }
      else
        {
          if (!check_email (msg, email))
            return;
          csr = check_csr (msg, data);
          if (csr == NULL)
            return;
          csr_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csr);
          vnt_json_add_string (review, "csr_sha256", csr_sha256);
        }
      vnt_json_add_string (review, "serial", number);
      vnt_json_add_string (review, "npie", row->pdata[1]);
      vnt_json_add_string (review, "usuario", row->pdata[2]);

      /* The password is checked, never kept. */
      json_object_remove_member (data, "password");
      vnt_sandbox_add_tramite_sha256 (review, data);
      vnt_sandbox_insert_draft (self, msg, &applicant, procedure, data, review, NULL);
      return;
    }

  /* A request: the patrón's (or the company's) e.firma, for its own RFC. */
  if (g_strcmp0 (vnt_json_get_string (data, "rfc"), applicant.rfc) != 0 && g_str_equal (procedure, "idse.request"))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate",
                                "El RFC del patrón no corresponde al de la e.firma. Firma con la e.firma del patrón o de la empresa.");
      return;
    }

  if (g_str_equal (procedure, "idse.request"))
    {
      JsonObject *solicitante = vnt_json_get_object (data, "solicitante");
      const char *rol = vnt_json_get_string (solicitante, "rol");

      if (registro == NULL || !vnt_registro_patronal_validate (registro, NULL))
        {
          g_autofree char *detail = g_strdup_printf ("El registro patronal %s no es válido: son 11 caracteres. "
                                                     "Cópialo como aparece en tu tarjeta de identificación patronal.",
                                                     registro != NULL ? registro : "");

          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-registro-patronal",
                                    "Invalid registro patronal", detail);
          return;
        }
      if (!vnt_sandbox_text_is_sane (vnt_json_get_string (data, "razon_social"), 254))
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid razón social",
                                    "Escribe el nombre o la razón social del patrón.");
          return;
        }
      if (g_strcmp0 (rol, "patron") != 0 && g_strcmp0 (rol, "sujeto-obligado") != 0 &&
          g_strcmp0 (rol, "representante-legal") != 0)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid solicitante",
                                    "Indica si quien solicita es el patrón, el sujeto obligado o el representante legal.");
          return;
        }
      if (!check_domicilio (msg, vnt_json_get_object (data, "domicilio")))
        return;
    }
  else
    {
      g_autoptr(GPtrArray) employer = NULL;

      if (!check_npie (msg, npie))
        return;
      employer = vnt_sandbox_db_query_row (self->db,
                                           "SELECT registro_patronal FROM idse_employers "
                                           "WHERE npie = ? AND rfc = ?",
                                           "ss", npie, applicant.rfc);
      if (employer == NULL)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "npie-not-found", "Unknown NPIE",
                                    "No hay un NPIE así para el RFC de esta e.firma. Revisa el NPIE.");
          return;
        }
      registro = employer_registro = g_strdup (employer->pdata[0]);
      vnt_json_add_string (review, "npie", npie);
    }

  if (!check_idse_credentials (msg, usuario, password))
    return;
  if (!check_email (msg, email))
    return;
  csr = check_csr (msg, data);
  if (csr == NULL)
    return;

  /* Only a salted slow hash of the password is kept. */
  verifier = vnt_idse_password_hash (password, &error);
  if (verifier == NULL)
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }
  json_object_remove_member (data, "password");

  csr_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csr);
  vnt_json_add_string (review, "registro_patronal", registro);
  vnt_json_add_string (review, "usuario", usuario);
  vnt_json_add_string (review, "email", email);
  vnt_json_add_string (review, "csr_sha256", csr_sha256);
  vnt_sandbox_add_tramite_sha256 (review, data);

  if (!vnt_sandbox_insert_draft (self, msg, &applicant, procedure, data, review, &folio))
    return;

  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT INTO idse_requests (folio, npie, rfc, registro_patronal, usuario, verifier, "
                               "email, csr, deadline, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'draft', ?)",
                               "sssssssbi", folio, npie, applicant.rfc, registro, usuario, verifier, email, csr,
                               g_get_real_time () / G_USEC_PER_SEC))
    vnt_sandbox_send_internal (msg, error);
}

/* A certificate to issue, and what its row keeps. */
typedef struct
{
  GBytes     *csr;
  const char *common_name;
  const char *rfc;
  const char *npie;
  const char *folio; /* the trámite that asked for it */
  const char *usuario;
  const char *verifier;
  const char *previous_serial; /* the renewed one; NULL for a first */
} IdseIssue;

/* Issues the certificate and records it. Returns the row's serial. */
static char *
issue_certificate (VntSandbox      *self,
                   const IdseIssue *issue,
                   gint64           now,
                   GError         **error)
{
  g_autoptr(GPtrArray) count = NULL;
  g_autoptr(GDateTime) not_before = g_date_time_new_from_unix_utc (now - 60);
  g_autoptr(GDateTime) not_after = g_date_time_add_days (not_before, IDSE_VALIDITY_DAYS);
  g_autoptr(GBytes) der = NULL;
  g_autofree char *number = NULL;

  /* 20 digits, as SAT numbers its certificates; sequential per service. */
  count = vnt_sandbox_db_query_row (self->db, "SELECT COUNT(*) FROM idse_certificates", NULL);
  number = g_strdup_printf ("00001%015" G_GINT64_FORMAT,
                            (count != NULL ? g_ascii_strtoll (count->pdata[0], NULL, 10) : 0) + 1);
  der = vnt_idse_ca_issue (self->idse_ca, issue->csr, issue->common_name, issue->rfc, number,
                           not_before, not_after, error);
  if (der == NULL ||
      !vnt_sandbox_db_execute (self->db, NULL, error,
                               "INSERT INTO idse_certificates (serial, npie, folio, usuario, verifier, der, not_before, "
                               "not_after, status, previous_serial, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?)",
                               "sssssbiisi", number, issue->npie, issue->folio, issue->usuario,
                               issue->verifier, der, g_date_time_to_unix (not_before),
                               g_date_time_to_unix (not_after), issue->previous_serial, now))
    return NULL;

  return g_steal_pointer (&number);
}

static gboolean
effect_idse (VntSandbox        *self,
             SoupServerMessage *msg,
             VntSandboxTramite *tramite,
             VntSandboxAcuse   *acuse)
{
  g_autoptr(JsonObject) data = vnt_sandbox_text_to_object (tramite->data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) row = NULL;
  const char *serial = vnt_json_get_string (acuse->review, "serial");

  if (!idse_available (self, msg))
    return FALSE;

  if (g_str_equal (tramite->procedure, "idse.request") || g_str_equal (tramite->procedure, "idse.additional"))
    {
      GDate deadline;
      g_autofree char *deadline_text = NULL;
      g_autofree char *text = NULL;

      /* Ten business days (Mexican federal calendar) to conclude at the
       * Subdelegación. */
      idse_today (self, &deadline);
      vnt_calendar_add_business_days (self->calendar, &deadline, IDSE_DEADLINE_BUSINESS_DAYS);
      deadline_text = format_date (&deadline);

      if (!vnt_sandbox_db_execute_one (self->db, &error,
                                       "UPDATE idse_requests SET status = 'pending', deadline = ? "
                                       "WHERE folio = ? AND status = 'draft'",
                                       "ss", deadline_text, tramite->folio))
        {
          vnt_sandbox_send_internal (msg, error);
          return FALSE;
        }

      if (g_str_equal (tramite->procedure, "idse.additional"))
        vnt_sandbox_acuse_add_reviewed (acuse, "npie");
      vnt_sandbox_acuse_add_reviewed (acuse, "registro_patronal");
      vnt_json_add_string (acuse->out, "rfc", tramite->applicant_rfc);
      vnt_sandbox_acuse_add_reviewed (acuse, "usuario");
      vnt_json_add_string (acuse->out, "deadline", deadline_text);
      vnt_sandbox_acuse_add_reviewed (acuse, "csr_sha256");

      /* The message outlives this call: keep it with the message. */
      text = g_strdup_printf ("Tu solicitud fue registrada. Acude a tu Subdelegación a más tardar el %s para concluirla.",
                              deadline_text);
      g_object_set_data_full (G_OBJECT (msg), "vnt-acuse-message", g_steal_pointer (&text), g_free);
      acuse->message = g_object_get_data (G_OBJECT (msg), "vnt-acuse-message");
      acuse->status = "pending";
      return TRUE;
    }

  row = find_idse_certificate (self, serial);
  if (row == NULL || !g_str_equal (row->pdata[0], "valid"))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-revoked", "The certificate was cancelled",
                                "Este certificado digital de IDSE ya fue cancelado o renovado.");
      return FALSE;
    }

  if (g_str_equal (tramite->procedure, "idse.cancel"))
    {
      if (!vnt_sandbox_db_execute_one (self->db, &error,
                                       "UPDATE idse_certificates SET status = 'cancelled', "
                                       "changed_at = ? WHERE serial = ? AND status = 'valid'",
                                       "is", acuse->now, serial))
        {
          vnt_sandbox_send_internal (msg, error);
          return FALSE;
        }
      vnt_json_add_string (acuse->out, "serial", serial);
      vnt_sandbox_acuse_add_reviewed (acuse, "motivo");
      acuse->message = "Tu certificado digital fue cancelado.";
      return TRUE;
    }
  else
    {
      g_autoptr(GBytes) csr = NULL;
      g_autofree char *new_serial = NULL;
      g_autofree char *not_after = NULL;
      g_autoptr(GPtrArray) issued = NULL;
      /* The renewed certificate keeps the NPIE, user and password. */
      IdseIssue renewal = {
        .common_name = vnt_json_get_string (acuse->review, "name"),
        .rfc = tramite->applicant_rfc,
        .npie = row->pdata[1],
        .folio = tramite->folio,
        .usuario = row->pdata[2],
        .verifier = row->pdata[3],
        .previous_serial = serial,
      };

      csr = vnt_base64_decode_bytes (vnt_json_get_string (data, "csr"));
      renewal.csr = csr;
      new_serial = issue_certificate (self, &renewal, acuse->now, &error);
      if (new_serial == NULL ||
          !vnt_sandbox_db_execute (self->db, NULL, &error,
                                   "UPDATE idse_certificates SET status = 'renewed', changed_at = ? WHERE serial = ?",
                                   "is", acuse->now, serial))
        {
          vnt_sandbox_send_internal (msg, error);
          return FALSE;
        }
      issued = find_idse_certificate (self, new_serial);
      not_after = vnt_sandbox_format_unix (g_ascii_strtoll (issued->pdata[4], NULL, 10));

      vnt_json_add_string (acuse->out, "previous_serial", serial);
      vnt_json_add_string (acuse->out, "serial", new_serial);
      vnt_json_add_string (acuse->out, "npie", row->pdata[1]);
      vnt_json_add_string (acuse->out, "not_after", not_after);
      acuse->message = "Se ha generado exitosamente su Certificado Digital.";
      return TRUE;
    }
}

static void
add_certificate_members (JsonBuilder *builder,
                         const char  *serial,
                         GPtrArray   *row,
                         gint64       now,
                         gboolean     with_der)
{
  g_autofree char *not_before = vnt_sandbox_format_unix (g_ascii_strtoll (row->pdata[6], NULL, 10));
  g_autofree char *not_after = vnt_sandbox_format_unix (g_ascii_strtoll (row->pdata[4], NULL, 10));
  const char *status = row->pdata[0];

  if (g_str_equal (status, "valid") && g_ascii_strtoll (row->pdata[4], NULL, 10) < now)
    status = "expired";

  vnt_json_add_string (builder, "serial", serial);
  vnt_json_add_string (builder, "npie", row->pdata[1]);
  vnt_json_add_string (builder, "not_before", not_before);
  vnt_json_add_string (builder, "not_after", not_after);
  vnt_json_add_string (builder, "status", status);
  if (with_der)
    {
      vnt_json_add_string (builder, "der", row->pdata[5]);
    }
}

static void
add_certificate (JsonBuilder *builder,
                 const char  *serial,
                 GPtrArray   *row,
                 gint64       now,
                 gboolean     with_der)
{
  json_builder_begin_object (builder);
  add_certificate_members (builder, serial, row, now, with_der);
  json_builder_end_object (builder);
}

/* ---- GET /v1/idse/npie/{npie}, GET /v1/idse/certificates/{serial} ---- */

void
vnt_sandbox_handle_idse_npie (VntSandbox        *self,
                              SoupServerMessage *msg,
                              const char        *npie)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) employer = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!check_npie (msg, npie))
    return;
  employer = vnt_sandbox_db_query_row (self->db,
                                       "SELECT rfc, registro_patronal FROM idse_employers "
                                       "WHERE npie = ?",
                                       "s", npie);
  if (employer == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "npie-not-found", "Unknown NPIE",
                                "No hay certificados digitales para ese NPIE. Revisa el NPIE.");
      return;
    }

  rows = vnt_sandbox_db_query (self->db,
                               "SELECT status, npie, usuario, '', not_after, '', not_before, serial "
                               "FROM idse_certificates WHERE npie = ? ORDER BY serial", "s", npie);
  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "npie", npie);
  vnt_json_add_string (builder, "rfc", employer->pdata[0]);
  vnt_json_add_string (builder, "registro_patronal", employer->pdata[1]);
  json_builder_set_member_name (builder, "certificates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = rows->pdata[i];

      add_certificate (builder, row->pdata[7], row, now, FALSE);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* find_idse_certificate(), or NULL having sent the problem. */
static GPtrArray *
find_idse_certificate_or_404 (VntSandbox        *self,
                              SoupServerMessage *msg,
                              const char        *serial)
{
  GPtrArray *row = find_idse_certificate (self, serial);

  if (row == NULL)
    vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "certificate-not-found", "Unknown IDSE certificate",
                              "No hay un certificado digital de IDSE con ese número de serie. Revísalo.");

  return row;
}

/* When the "Carta de Condiciones de Uso" of @serial was accepted
 * (formatted), or NULL if it was not. */
static char *
conditions_accepted_at (VntSandbox *self,
                        const char *serial)
{
  g_autoptr(GPtrArray) row = NULL;

  row = vnt_sandbox_db_query_row (self->db,
                                  "SELECT accepted_at FROM idse_conditions WHERE serial = ?", "s",
                                  serial);
  if (row == NULL)
    return NULL;

  return vnt_sandbox_format_unix (g_ascii_strtoll (row->pdata[0], NULL, 10));
}

void
vnt_sandbox_handle_idse_certificate (VntSandbox        *self,
                                     SoupServerMessage *msg,
                                     const char        *serial)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) row = find_idse_certificate_or_404 (self, msg, serial);
  g_autofree char *accepted = NULL;

  if (row == NULL)
    return;

  accepted = conditions_accepted_at (self, serial);

  json_builder_begin_object (builder);
  add_certificate_members (builder, serial, row, g_get_real_time () / G_USEC_PER_SEC, TRUE);
  /* Whether its "Carta de Condiciones de Uso" was signed (§7.9). */
  vnt_json_add_string (builder, "conditions_accepted_at", accepted);
  json_builder_end_object (builder);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- POST /v1/idse/certificates/{serial}/conditions ---- */

/* The "Carta de Condiciones de Uso", signed with the certificate it is
 * about. Accepting it again answers with the first acceptance. */
void
vnt_sandbox_handle_idse_conditions (VntSandbox        *self,
                                    SoupServerMessage *msg,
                                    const char        *serial,
                                    GBytes            *body)
{
  g_autoptr(JsonObject) request = vnt_sandbox_parse_object (body);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *sha256 = NULL;
  g_autofree char *accepted_at = NULL;
  const Carta *carta = vnt_sandbox_find_carta (CONDICIONES_ID);
  JsonObject *terms = vnt_json_get_object (request, "accept_terms");

  if (request == NULL)
    {
      vnt_sandbox_send_malformed (msg, "{\"accept_terms\"}");
      return;
    }

  if (!idse_available (self, msg))
    return;

  row = find_idse_certificate_or_404 (self, msg, serial);
  if (row == NULL)
    return;

  if (!vnt_sandbox_check_proof_kind (self, msg, "idse.conditions", body, PROOF_IDSE, &applicant))
    return;

  if (g_strcmp0 (vnt_certificate_get_number (applicant.certificate), serial) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Signed with another certificate",
                                "Firma la Carta de Condiciones de Uso con el certificado digital de IDSE al que se refiere.");
      return;
    }

  sha256 = vnt_sandbox_terms_sha256 (carta);
  if (!vnt_sandbox_terms_accept_carta (terms, carta))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "terms-not-accepted", "The carta was not accepted",
                                "Para seguir usando tu certificado digital, lee y acepta la Carta de Condiciones de Uso vigente.");
      return;
    }

  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT OR IGNORE INTO idse_conditions (serial, version, sha256, accepted_at) "
                               "VALUES (?, ?, ?, ?)",
                               "sssi", serial, carta->version, sha256,
                               (gint64) (g_get_real_time () / G_USEC_PER_SEC)))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }
  accepted_at = conditions_accepted_at (self, serial);
  if (accepted_at == NULL)
    {
      vnt_sandbox_send_internal (msg, NULL);
      return;
    }

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "serial", serial);
  json_builder_set_member_name (builder, "terms");
  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "id", carta->id);
  vnt_json_add_string (builder, "version", carta->version);
  vnt_json_add_string (builder, "sha256", sha256);
  json_builder_end_object (builder);
  vnt_json_add_string (builder, "accepted_at", accepted_at);
  json_builder_end_object (builder);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- GET /v1/idse/requests/{folio} ---- */

static void
add_request_status (VntSandbox  *self,
                    JsonBuilder *builder,
                    const char  *folio)
{
  g_autoptr(GPtrArray) request = NULL;
  g_autoptr(GPtrArray) certificate = NULL;

  request = vnt_sandbox_db_query_row (self->db,
                                      "SELECT status, deadline, npie, serial FROM idse_requests "
                                      "WHERE folio = ?",
                                      "s", folio);

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "folio", folio);
  vnt_json_add_string (builder, "status", request != NULL ? request->pdata[0] : "draft");
  vnt_json_add_string (builder, "deadline", request != NULL ? request->pdata[1] : "");
  /* The NPIE once the certificate is issued. */
  vnt_json_add_string (builder, "npie",
                       request != NULL && g_strcmp0 (request->pdata[0], "issued") == 0
                           ? request->pdata[2]
                           : NULL);
  json_builder_set_member_name (builder, "certificate");
  if (request != NULL && request->pdata[3] != NULL &&
      (certificate = find_idse_certificate (self, request->pdata[3])) != NULL)
    add_certificate (builder, request->pdata[3], certificate, g_get_real_time () / G_USEC_PER_SEC, TRUE);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

void
vnt_sandbox_handle_idse_request (VntSandbox        *self,
                                 SoupServerMessage *msg,
                                 const char        *folio)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Applicant) applicant = { 0 };

  tramite = vnt_sandbox_owned_tramite (self, msg, folio, "tramite.read", NULL, &applicant, NULL);
  if (tramite == NULL)
    return;
  if (!g_str_equal (tramite->procedure, "idse.request") && !g_str_equal (tramite->procedure, "idse.additional"))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "Not an IDSE request",
                                "Ese folio no es de una solicitud de certificado digital de IDSE.");
      return;
    }

  add_request_status (self, builder, folio);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- POST /v1/sandbox/idse/requests/{folio}/conclude (practice only) ---- */

/* What the employer does at the Subdelegación: within the deadline, the
 * request is concluded, the NPIE assigned and the certificate issued. */
void
vnt_sandbox_handle_sandbox_conclude (VntSandbox        *self,
                                     SoupServerMessage *msg,
                                     const char        *folio,
                                     GBytes            *body)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) request = NULL;
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csr = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *npie = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GDate today;

  if (!self->practice)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such endpoint",
                                "El servicio no conoce esta dirección. Revisa la dirección del servicio.");
      return;
    }
  if (!idse_available (self, msg))
    return;

  request = vnt_sandbox_db_query_row (self->db,
                                      "SELECT status, deadline, npie, rfc, registro_patronal, "
                                      "usuario, verifier, csr FROM idse_requests WHERE folio = ?",
                                      "s", folio);
  tramite = vnt_sandbox_db_find_tramite (self->db, folio);
  if (request == NULL || tramite == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "No such IDSE request",
                                "No existe una solicitud de certificado digital con ese folio. Revisa el folio.");
      return;
    }
  if (!g_str_equal (request->pdata[0], "pending"))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "tramite-not-draft", "The request is not pending",
                                "Esta solicitud no está pendiente: o no se ha finalizado, o ya se concluyó, o caducó.");
      return;
    }

  idse_today (self, &today);
  today_text = format_date (&today);
  if (g_strcmp0 (today_text, request->pdata[1]) > 0)
    {
      /* Past the deadline the request lapses; that is kept. */
      if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                                   "UPDATE idse_requests SET status = 'expired' WHERE folio = ?", "s", folio) ||
          !vnt_sandbox_db_execute (self->db, NULL, &error,
                                   "UPDATE tramites SET status = 'expired' WHERE folio = ?", "s", folio))
        {
          vnt_sandbox_send_internal (msg, error);
          return;
        }
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "idse-request-expired", "The request expired",
                                "Pasó la fecha límite para concluir la solicitud en la Subdelegación. Haz una solicitud nueva.");
      return;
    }

  if (request->pdata[2] != NULL)
    npie = g_strdup (request->pdata[2]);
  else
    {
      g_autoptr(GPtrArray) employer = NULL;
      g_autoptr(GPtrArray) count = NULL;

      employer = vnt_sandbox_db_query_row (self->db,
                                           "SELECT npie FROM idse_employers "
                                           "WHERE rfc = ? AND registro_patronal = ?",
                                           "ss", request->pdata[3], request->pdata[4]);
      count = vnt_sandbox_db_query_row (self->db, "SELECT COUNT(*) FROM idse_employers", NULL);
      if (employer != NULL)
        npie = g_strdup (employer->pdata[0]);
      else
        {
          npie = g_strdup_printf ("SB%08" G_GINT64_FORMAT,
                                  g_ascii_strtoll (count->pdata[0], NULL, 10) + 1);
          g_assert (vnt_npie_validate (npie, NULL));
          if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                                       "INSERT INTO idse_employers (npie, rfc, registro_patronal, created_at) VALUES (?, ?, ?, ?)",
                                       "sssi", npie, request->pdata[3], request->pdata[4], now))
            {
              vnt_sandbox_send_internal (msg, error);
              return;
            }
        }
    }

  review = vnt_sandbox_text_to_object (tramite->review);
  csr = vnt_base64_decode_bytes (request->pdata[7]);
  serial = issue_certificate (self,
                              &(IdseIssue){
                                  .csr = csr,
                                  .common_name = vnt_json_get_string (review, "name"),
                                  .rfc = request->pdata[3],
                                  .npie = npie,
                                  .folio = folio,
                                  .usuario = request->pdata[5],
                                  .verifier = request->pdata[6],
                              },
                              now, &error);
  if (serial == NULL ||
      !vnt_sandbox_db_execute (self->db, NULL, &error,
                               "UPDATE idse_requests SET status = 'issued', npie = ?, serial = ? WHERE folio = ?",
                               "sss", npie, serial, folio) ||
      !vnt_sandbox_db_execute (self->db, NULL, &error,
                               "UPDATE tramites SET status = 'concluded' WHERE folio = ?", "s", folio))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  add_request_status (self, builder, folio);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* clang-format off */
const VntSandboxProcedure vnt_sandbox_idse_procedures[] = {
  { .id = "idse.request", .name = "Solicitud del Certificado Digital", .folio_prefix = "IDSE",
    .carta = "ctc-idse", .proof = PROOF_EFIRMA, .start = start_idse, .effect = effect_idse },
  { .id = "idse.additional", .name = "Certificado Digital adicional", .folio_prefix = "IDSE",
    .carta = "ctc-idse", .proof = PROOF_EFIRMA, .start = start_idse, .effect = effect_idse },
  /* IDSE certificates sign their own cancellation and renewal. */
  { .id = "idse.cancel", .name = "Cancelación del Certificado Digital", .folio_prefix = "IDSE",
    .proof = PROOF_IDSE, .start = start_idse, .effect = effect_idse },
  { .id = "idse.renew", .name = "Renovación del Certificado Digital", .folio_prefix = "IDSE",
    .carta = "ctc-idse", .proof = PROOF_IDSE_RENEW, .start = start_idse, .effect = effect_idse },
  { NULL },
};
/* clang-format on */
