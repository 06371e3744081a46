/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/vnt-core-utils.h"
#include "sandbox/vnt-sandbox-private.h"

/* Proof of possession (docs/protocol.md §2.4) */

void
vnt_sandbox_applicant_clear (Applicant *applicant)
{
  g_clear_object (&applicant->certificate);
  g_clear_pointer (&applicant->curp, g_free);
  g_clear_pointer (&applicant->rfc, g_free);
}

gboolean
vnt_sandbox_has_proof (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_get_one (headers, VNT_PROOF_HEADER_SIGNATURE) != NULL ||
         soup_message_headers_get_one (headers, VNT_PROOF_HEADER_CERTIFICATE) != NULL;
}

#define AUTHENTICATED_KEY "vnt-sandbox-authenticated"

gboolean
vnt_sandbox_is_authenticated (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), AUTHENTICATED_KEY) != NULL;
}

/* The CURP the certificate names for its signer: the holder's, or for a
 * persona moral the representative's ("" when it has none). */
static const char *
certificate_curp (VntCertificate *certificate)
{
  const char *curp;

  if (vnt_certificate_get_persona (certificate) == VNT_PERSONA_MORAL)
    curp = vnt_certificate_get_representative_curp (certificate);
  else
    curp = vnt_certificate_get_curp (certificate);

  return curp != NULL ? curp : "";
}

/* Checks the proof for @procedure over @body. On failure sends the problem
 * and returns FALSE. */
gboolean
vnt_sandbox_check_proof_kind (VntSandbox        *self,
                              SoupServerMessage *msg,
                              const char        *procedure,
                              GBytes            *body,
                              ProofKind          kind,
                              Applicant         *applicant)
{
  gboolean require_efirma = kind == PROOF_EFIRMA;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *certificate_b64 = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_CERTIFICATE);
  const char *curp_header = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_CURP);
  const char *rfc_header = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_RFC);
  const char *nonce = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_NONCE);
  const char *time_text = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_TIME);
  const char *signature = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_SIGNATURE);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GDateTime) signed_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *curp = NULL;
  g_autofree char *rfc = NULL;
  g_autofree char *body_sha256 = NULL;
  g_autofree char *cadena = NULL;
  g_autoptr(GBytes) cadena_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) valid_at = NULL;
  VntChainStatus chain;

  if (certificate_b64 == NULL || curp_header == NULL || rfc_header == NULL ||
      nonce == NULL || time_text == NULL || signature == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "proof-required", "A proof of possession is required",
                                "Falta la firma de la solicitud. Firma con tu e.firma e inténtalo de nuevo.");
      return FALSE;
    }

  der = vnt_base64_decode_bytes (certificate_b64);
  certificate = g_bytes_get_size (der) > 0 ? vnt_certificate_new_from_bytes (der, NULL) : NULL;
  if (certificate == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "invalid-certificate", "The certificate cannot be read",
                                "No se pudo leer el certificado enviado. Elige el archivo .cer de tu e.firma.");
      return FALSE;
    }

  signed_at = g_date_time_new_from_iso8601 (time_text, NULL);
  if (signed_at == NULL ||
      ABS (g_date_time_difference (now, signed_at)) > (GTimeSpan) VNT_PROOF_MAX_SKEW * G_TIME_SPAN_SECOND)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "clock-skew", "The signing time is too far off",
                                "La fecha y hora de tu computadora no coinciden con las del servicio. Corrígelas y vuelve a firmar.");
      return FALSE;
    }

  switch (vnt_sandbox_db_peek_nonce (self->db, nonce, g_date_time_to_unix (now)))
    {
    case VNT_NONCE_USED:
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "nonce-used", "The nonce was already used",
                                "Esta solicitud ya se había enviado. Vuelve a firmar para enviarla de nuevo.");
      return FALSE;
    case VNT_NONCE_UNKNOWN:
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "nonce-unknown", "Unknown or expired nonce",
                                "La firma caducó antes de llegar al servicio. Vuelve a firmar e inténtalo de nuevo.");
      return FALSE;
    case VNT_NONCE_OK:
    default:
      break;
    }

  curp = g_uri_unescape_string (curp_header, NULL);
  rfc = g_uri_unescape_string (rfc_header, NULL);
  body_sha256 = vnt_proof_body_sha256 (body);
  cadena = vnt_proof_build_cadena (procedure, curp, rfc, vnt_certificate_get_number (certificate),
                                   nonce, time_text, body_sha256);
  if (cadena == NULL || !g_utf8_validate (cadena, -1, NULL))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "A proof field is malformed",
                                "La CURP o el RFC contienen caracteres no permitidos. Revísalos e inténtalo de nuevo.");
      return FALSE;
    }

  cadena_bytes = g_bytes_new (cadena, strlen (cadena));
  if (!vnt_signature_verify_pkcs1 (certificate, cadena_bytes, signature, &error))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "bad-signature", "The signature does not verify",
                                "La firma no corresponde a los datos enviados ni al certificado. Vuelve a firmar con tu e.firma.");
      return FALSE;
    }

  /* From here on the nonce is spent, whatever the verdict. */
  if (vnt_sandbox_db_consume_nonce (self->db, nonce, g_date_time_to_unix (now)) != VNT_NONCE_OK)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "nonce-used", "The nonce was already used",
                                "Esta solicitud ya se había enviado. Vuelve a firmar para enviarla de nuevo.");
      return FALSE;
    }

  if (kind == PROOF_IDSE || kind == PROOF_IDSE_RENEW)
    {
      if (!vnt_sandbox_check_idse_signer (self, msg, certificate, now, kind == PROOF_IDSE_RENEW))
        return FALSE;
      goto identity;
    }

  /* Trust comes from keys, never from names: the practice CA's signature
   * (practice mode only), a chain to the bundled SAT production CAs, or a
   * signature under one of SAT's test CA keys, as the trust store judges. */
  if (self->certificate_time != NULL)
    valid_at = g_date_time_ref (self->certificate_time);
  else
    valid_at = g_date_time_ref (now);
  if (self->practice && self->practice_ca != NULL && vnt_practice_ca_verify (self->practice_ca, certificate))
    chain = VNT_CHAIN_STATUS_VALID;
  else
    chain = vnt_trust_store_verify (vnt_trust_store_get_default (), certificate, valid_at, NULL);

  if (chain == VNT_CHAIN_STATUS_SAT_TEST && !self->practice)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "sat-test-certificate", "A SAT test certificate",
                                "Este es un certificado de pruebas del SAT; solo sirve en el modo de práctica. Usa tu e.firma.");
      return FALSE;
    }
  if (chain == VNT_CHAIN_STATUS_UNTRUSTED || chain == VNT_CHAIN_STATUS_BAD_SIGNATURE)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "untrusted-certificate", "The certificate is not trusted",
                                "El certificado no fue emitido por el SAT. Usa el certificado de tu e.firma.");
      return FALSE;
    }
  /* Expired is expired, in practice mode too, as a real service says. */
  if (vnt_certificate_get_days_left (certificate, valid_at) < 0 || chain == VNT_CHAIN_STATUS_EXPIRED)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-expired", "The certificate has expired",
                                "Tu e.firma ya venció. Renuévala en el SAT y vuelve a intentarlo.");
      return FALSE;
    }
  if (g_date_time_compare (valid_at, vnt_certificate_get_not_before (certificate)) < 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-not-yet-valid", "The certificate is not valid yet",
                                "Tu e.firma todavía no entra en vigor. Revisa la fecha de tu computadora o espera a que sea válida.");
      return FALSE;
    }

identity:
  /* An IDSE certificate names its employer's RFC: the cadena must too,
   * since a renewal issues the next certificate for that RFC. */
  if ((kind == PROOF_IDSE || kind == PROOF_IDSE_RENEW) &&
      g_strcmp0 (rfc, vnt_certificate_get_rfc (certificate)) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate",
                                "El RFC capturado no corresponde al del certificado digital de IDSE. Revisa el RFC.");
      return FALSE;
    }

  if (require_efirma)
    {
      if (vnt_certificate_get_kind (certificate) != VNT_CERTIFICATE_KIND_EFIRMA)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "not-efirma", "Not an e.firma",
                                    "El certificado es un sello digital (CSD), no una e.firma. Usa los archivos de tu e.firma.");
          return FALSE;
        }
      if (g_strcmp0 (rfc, vnt_certificate_get_rfc (certificate)) != 0)
        {
          g_autofree char *detail = g_strdup_printf ("El RFC capturado (%s) no corresponde al de tu e.firma (%s). "
                                                     "Revisa el RFC o elige la e.firma correcta.",
                                                     rfc, vnt_certificate_get_rfc (certificate));
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch",
                                    "The RFC does not match the certificate", detail);
          return FALSE;
        }
      if (g_strcmp0 (curp, certificate_curp (certificate)) != 0)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "curp-mismatch",
                                    "The CURP does not match the certificate",
                                    "La CURP capturada no corresponde a la de tu e.firma. Revisa la CURP o elige la e.firma correcta.");
          return FALSE;
        }
    }

  g_object_set_data (G_OBJECT (msg), AUTHENTICATED_KEY, GINT_TO_POINTER (TRUE));
  applicant->certificate = g_steal_pointer (&certificate);
  applicant->curp = g_steal_pointer (&curp);
  applicant->rfc = g_steal_pointer (&rfc);

  return TRUE;
}

gboolean
vnt_sandbox_check_proof (VntSandbox        *self,
                         SoupServerMessage *msg,
                         const char        *procedure,
                         GBytes            *body,
                         gboolean           require_efirma,
                         Applicant         *applicant)
{
  return vnt_sandbox_check_proof_kind (self, msg, procedure, body, require_efirma ? PROOF_EFIRMA : PROOF_SAT, applicant);
}

/* The proof an existing trámite's requests carry: its procedure's. */
ProofKind
vnt_sandbox_tramite_proof_kind (VntSandboxTramite *tramite)
{
  const VntSandboxProcedure *procedure = vnt_sandbox_find_procedure (tramite->procedure);

  return procedure != NULL ? procedure->proof : PROOF_EFIRMA;
}

