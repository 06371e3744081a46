/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "core/vnt-calendar.h"
#include "core/vnt-curp.h"
#include "core/vnt-npie.h"
#include "core/vnt-registro-patronal.h"
#include "core/vnt-rfc.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-csr.h"
#include "net/vnt-proof.h"
#include "sandbox/vnt-sandbox.h"

/* The problem `detail`s are protocol content, Spanish whatever the server's
 * locale (docs/protocol.md §4), so they are written in Spanish here. */

#define PROBLEM_TYPE_BASE "https://ventanilla.github.io/problems/"
#define MAX_JSON_BODY (64 * 1024)
/* A PDF, and a little more so that an oversized one gets its own problem. */
#define MAX_UPLOAD_BODY (4 * 1024 * 1024)
#define DRAFT_LIFETIME (7 * 24 * 60 * 60)

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
#define CONDICIONES_ID "condiciones-uso-idse"
static const char condiciones_uso_idse_text[] =
  "Carta de Condiciones de Uso.\n\n"
  "Texto de práctica de ventanilla-sandbox; no tiene validez legal.\n\n"
  "1. Usaré el Certificado Digital renovado solo para presentar movimientos afiliatorios de mi registro "
  "patronal en IDSE y en SUA.\n"
  "2. El certificado anterior quedó sustituido; los movimientos que presente desde hoy los firmaré con el nuevo.\n"
  "3. Guardaré la llave privada del nuevo certificado y su contraseña, y no las compartiré.\n"
  "4. Pediré la cancelación del certificado si pierdo la llave privada o alguien más conoce la contraseña.\n";

typedef struct
{
  const char *id;
  const char *version;
  const char *title;
  const char *text;
} Carta;

static const Carta cartas[] = {
  { CTC_EV_ID, CTC_EV_VERSION, CTC_EV_TITLE, ctc_ev_text },
  { "ctc-idse", "2026-01",
    "Carta de Términos y Condiciones para la Obtención y Uso del NPIE y Certificado Digital", ctc_idse_text },
  { CONDICIONES_ID, "2026-01", "Carta de Condiciones de Uso", condiciones_uso_idse_text },
};

static const Carta *
find_carta (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cartas); i++)
    if (g_strcmp0 (cartas[i].id, id) == 0)
      return &cartas[i];

  return NULL;
}

/* The carta a procedure's finalize accepts; NULL: none. */
static const char *
procedure_terms (const char *procedure)
{
  if (g_str_equal (procedure, "representative.remove") || g_str_equal (procedure, "idse.cancel"))
    return NULL;
  if (g_str_has_prefix (procedure, "idse."))
    return "ctc-idse";

  return CTC_EV_ID;
}

struct _VntSandbox
{
  GObject             parent_instance;

  VntSandboxDb       *db;
  VntServiceIdentity *identity;
  gboolean            practice;
  gboolean            tls;
  SoupServer         *server;
  VntIdseCa          *idse_ca;
  VntCalendar        *calendar;
  GDate               today;  /* for tests; invalid: the real date */
};

G_DEFINE_FINAL_TYPE (VntSandbox, vnt_sandbox, G_TYPE_OBJECT)

static void
vnt_sandbox_dispose (GObject *object)
{
  VntSandbox *self = VNT_SANDBOX (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (vnt_sandbox_parent_class)->dispose (object);
}

static void
vnt_sandbox_finalize (GObject *object)
{
  VntSandbox *self = VNT_SANDBOX (object);

  g_clear_pointer (&self->db, vnt_sandbox_db_close);
  g_clear_object (&self->identity);
  g_clear_object (&self->idse_ca);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (vnt_sandbox_parent_class)->finalize (object);
}

static void
vnt_sandbox_class_init (VntSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vnt_sandbox_dispose;
  object_class->finalize = vnt_sandbox_finalize;
}

static void
vnt_sandbox_init (VntSandbox *self)
{
  g_date_clear (&self->today, 1);
}

/* ------------------------------------------------------------------ */
/* Responses                                                           */

static void
send_json (SoupServerMessage *msg,
           guint              status,
           const char        *content_type,
           JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, length);
}

static void
send_problem (SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *title,
              const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type = g_strconcat (PROBLEM_TYPE_BASE, code, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_set_member_name (builder, "instance");
  json_builder_add_string_value (builder, g_uri_get_path (soup_server_message_get_uri (msg)));
  json_builder_end_object (builder);

  send_json (msg, status, "application/problem+json", builder);
}

/* ------------------------------------------------------------------ */
/* Proof of possession (docs/protocol.md §2.4)                         */

typedef struct
{
  VntCertificate *certificate;
  char           *curp;
  char           *rfc;
} Applicant;

static void
applicant_clear (Applicant *applicant)
{
  g_clear_object (&applicant->certificate);
  g_clear_pointer (&applicant->curp, g_free);
  g_clear_pointer (&applicant->rfc, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Applicant, applicant_clear)

static gboolean
has_proof (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_get_one (headers, VNT_PROOF_HEADER_SIGNATURE) != NULL ||
         soup_message_headers_get_one (headers, VNT_PROOF_HEADER_CERTIFICATE) != NULL;
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

/* What may sign: any SAT certificate, an e.firma (rule 6 of §2.4), or an
 * IDSE certificate of this service (valid; for renewal also one that
 * expired less than a year ago). */
typedef enum {
  PROOF_SAT,
  PROOF_EFIRMA,
  PROOF_IDSE,
  PROOF_IDSE_RENEW,
} ProofKind;

static gboolean check_idse_signer (VntSandbox        *self,
                                   SoupServerMessage *msg,
                                   VntCertificate    *certificate,
                                   GDateTime         *now,
                                   gboolean           renewal);

/* Checks the proof for @procedure over @body. On failure sends the problem
 * and returns FALSE. */
static gboolean
check_proof_kind (VntSandbox        *self,
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
  VntChainStatus chain;
  gsize der_len = 0;
  guchar *der_data;

  if (certificate_b64 == NULL || curp_header == NULL || rfc_header == NULL ||
      nonce == NULL || time_text == NULL || signature == NULL)
    {
      send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "proof-required", "A proof of possession is required",
                    "Falta la firma de la solicitud. Firma con tu e.firma e inténtalo de nuevo.");
      return FALSE;
    }

  der_data = g_base64_decode (certificate_b64, &der_len);
  der = g_bytes_new_take (der_data, der_len);
  certificate = der_len > 0 ? vnt_certificate_new_from_bytes (der, NULL) : NULL;
  if (certificate == NULL)
    {
      send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "invalid-certificate", "The certificate cannot be read",
                    "No se pudo leer el certificado enviado. Elige el archivo .cer de tu e.firma.");
      return FALSE;
    }

  signed_at = g_date_time_new_from_iso8601 (time_text, NULL);
  if (signed_at == NULL ||
      ABS (g_date_time_difference (now, signed_at)) > (GTimeSpan) VNT_PROOF_MAX_SKEW * G_TIME_SPAN_SECOND)
    {
      send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "clock-skew", "The signing time is too far off",
                    "La fecha y hora de tu computadora no coinciden con las del servicio. Corrígelas y vuelve a firmar.");
      return FALSE;
    }

  switch (vnt_sandbox_db_peek_nonce (self->db, nonce, g_date_time_to_unix (now)))
    {
    case VNT_NONCE_USED:
      send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "nonce-used", "The nonce was already used",
                    "Esta solicitud ya se había enviado. Vuelve a firmar para enviarla de nuevo.");
      return FALSE;
    case VNT_NONCE_UNKNOWN:
      send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "nonce-unknown", "Unknown or expired nonce",
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
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "A proof field is malformed",
                    "La CURP o el RFC contienen caracteres no permitidos. Revísalos e inténtalo de nuevo.");
      return FALSE;
    }

  cadena_bytes = g_bytes_new (cadena, strlen (cadena));
  if (!vnt_signature_verify_pkcs1 (certificate, cadena_bytes, signature, &error))
    {
      send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "bad-signature", "The signature does not verify",
                    "La firma no corresponde a los datos enviados ni al certificado. Vuelve a firmar con tu e.firma.");
      return FALSE;
    }

  /* From here on the nonce is spent, whatever the verdict. */
  if (vnt_sandbox_db_consume_nonce (self->db, nonce, g_date_time_to_unix (now)) != VNT_NONCE_OK)
    {
      send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "nonce-used", "The nonce was already used",
                    "Esta solicitud ya se había enviado. Vuelve a firmar para enviarla de nuevo.");
      return FALSE;
    }

  if (kind == PROOF_IDSE || kind == PROOF_IDSE_RENEW)
    {
      if (!check_idse_signer (self, msg, certificate, now, kind == PROOF_IDSE_RENEW))
        return FALSE;
      goto identity;
    }

  chain = vnt_trust_store_verify (vnt_trust_store_get_default (), certificate, now, NULL);
  if (chain == VNT_CHAIN_STATUS_SAT_TEST && !self->practice)
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "sat-test-certificate", "A SAT test certificate",
                    "Este es un certificado de pruebas del SAT; solo sirve en el modo de práctica. Usa tu e.firma.");
      return FALSE;
    }
  if (chain == VNT_CHAIN_STATUS_UNTRUSTED || chain == VNT_CHAIN_STATUS_BAD_SIGNATURE)
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "untrusted-certificate", "The certificate is not trusted",
                    "El certificado no fue emitido por el SAT. Usa el certificado de tu e.firma.");
      return FALSE;
    }
  /* SAT's public test e.firmas are long expired: practice mode lets them be. */
  if (chain != VNT_CHAIN_STATUS_SAT_TEST)
    {
      if (vnt_certificate_get_days_left (certificate, now) < 0 || chain == VNT_CHAIN_STATUS_EXPIRED)
        {
          send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-expired", "The certificate has expired",
                        "Tu e.firma ya venció. Renuévala en el SAT y vuelve a intentarlo.");
          return FALSE;
        }
      if (g_date_time_compare (now, vnt_certificate_get_not_before (certificate)) < 0)
        {
          send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-not-yet-valid", "The certificate is not valid yet",
                        "Tu e.firma todavía no entra en vigor. Revisa la fecha de tu computadora o espera a que sea válida.");
          return FALSE;
        }
    }

identity:
  /* An IDSE certificate names its employer's RFC: the cadena must too,
   * since a renewal issues the next certificate for that RFC. */
  if ((kind == PROOF_IDSE || kind == PROOF_IDSE_RENEW) &&
      g_strcmp0 (rfc, vnt_certificate_get_rfc (certificate)) != 0)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate",
                    "El RFC capturado no corresponde al del certificado digital de IDSE. Revisa el RFC.");
      return FALSE;
    }

  if (require_efirma)
    {
      if (vnt_certificate_get_kind (certificate) != VNT_CERTIFICATE_KIND_EFIRMA)
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "not-efirma", "Not an e.firma",
                        "El certificado es un sello digital (CSD), no una e.firma. Usa los archivos de tu e.firma.");
          return FALSE;
        }
      if (g_strcmp0 (rfc, vnt_certificate_get_rfc (certificate)) != 0)
        {
          g_autofree char *detail = g_strdup_printf ("El RFC capturado (%s) no corresponde al de tu e.firma (%s). "
                                                     "Revisa el RFC o elige la e.firma correcta.",
                                                     rfc, vnt_certificate_get_rfc (certificate));
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch",
                        "The RFC does not match the certificate", detail);
          return FALSE;
        }
      if (g_strcmp0 (curp, certificate_curp (certificate)) != 0)
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "curp-mismatch",
                        "The CURP does not match the certificate",
                        "La CURP capturada no corresponde a la de tu e.firma. Revisa la CURP o elige la e.firma correcta.");
          return FALSE;
        }
    }

  applicant->certificate = g_steal_pointer (&certificate);
  applicant->curp = g_steal_pointer (&curp);
  applicant->rfc = g_steal_pointer (&rfc);

  return TRUE;
}

static gboolean
check_proof (VntSandbox        *self,
             SoupServerMessage *msg,
             const char        *procedure,
             GBytes            *body,
             gboolean           require_efirma,
             Applicant         *applicant)
{
  return check_proof_kind (self, msg, procedure, body, require_efirma ? PROOF_EFIRMA : PROOF_SAT, applicant);
}

/* The proof an existing trámite's requests carry: IDSE certificates sign
 * their own cancellation and renewal. */
static ProofKind
tramite_proof_kind (VntSandboxTramite *tramite)
{
  if (g_str_equal (tramite->procedure, "idse.cancel"))
    return PROOF_IDSE;
  if (g_str_equal (tramite->procedure, "idse.renew"))
    return PROOF_IDSE_RENEW;

  return PROOF_EFIRMA;
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                           */

static void
handle_root (VntSandbox        *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GBytes *der = vnt_certificate_get_der (vnt_service_identity_get_certificate (self->identity));
  g_autofree char *der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, "ventanilla-sandbox");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "protocol_versions");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "v1");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "practice");
  json_builder_add_boolean_value (builder, self->practice);
  json_builder_set_member_name (builder, "acuse_certificate");
  json_builder_add_string_value (builder, der_b64);
  json_builder_set_member_name (builder, "acuse_certificate_sha256");
  json_builder_add_string_value (builder, vnt_service_identity_get_fingerprint (self->identity));
  json_builder_set_member_name (builder, "procedures");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "account.create");
  json_builder_add_string_value (builder, "account.update");
  json_builder_add_string_value (builder, "company.register");
  json_builder_add_string_value (builder, "representative.remove");
  json_builder_add_string_value (builder, "idse.request");
  json_builder_add_string_value (builder, "idse.additional");
  json_builder_add_string_value (builder, "idse.cancel");
  json_builder_add_string_value (builder, "idse.renew");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "max_attachment_size");
  json_builder_add_int_value (builder, VNT_SANDBOX_MAX_ATTACHMENT);
  json_builder_set_member_name (builder, "nonce_lifetime");
  json_builder_add_int_value (builder, VNT_PROOF_NONCE_LIFETIME);
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

static void
handle_nonces (VntSandbox        *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_seconds (now, VNT_PROOF_NONCE_LIFETIME);
  g_autoptr(GError) error = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *now_text = vnt_proof_format_time (now);
  g_autofree char *expires_text = vnt_proof_format_time (expires);
  guint8 random[16];
  char *p;

  /* 16 bytes from the kernel, base64url without padding: 22 characters. */
  if (getrandom (random, sizeof random, 0) != (ssize_t) sizeof random)
    {
      send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The service failed",
                    "El servicio tuvo un problema y no cambió nada. Inténtalo de nuevo.");
      return;
    }

  nonce = g_base64_encode (random, sizeof random);
  for (p = nonce; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  vnt_sandbox_db_prune_nonces (self->db, g_date_time_to_unix (now));
  if (!vnt_sandbox_db_add_nonce (self->db, nonce, g_date_time_to_unix (expires), &error))
    {
      g_warning ("%s", error->message);
      send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The service failed",
                    "El servicio tuvo un problema y no cambió nada. Inténtalo de nuevo.");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nonce");
  json_builder_add_string_value (builder, nonce);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_text);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, now_text);
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_CREATED, "application/json", builder);
}

static void
handle_account (VntSandbox        *self,
                SoupServerMessage *msg,
                const char        *curp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(VntSandboxAccount) account = NULL;
  g_auto(Applicant) applicant = { 0 };

  if (!vnt_curp_validate (curp, NULL))
    {
      g_autofree char *detail = g_strdup_printf ("La CURP %s no es válida. Revisa sus 18 caracteres.", curp);

      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-curp", "Invalid CURP", detail);
      return;
    }

  /* With a proof, the holder also gets the account's details. */
  if (has_proof (msg))
    {
      if (!check_proof (self, msg, "account.read", NULL, TRUE, &applicant))
        return;
      if (g_strcmp0 (applicant.curp, curp) != 0)
        {
          send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not the account holder",
                        "Solo la persona titular puede consultar los datos de esta cuenta.");
          return;
        }
    }

  account = vnt_sandbox_db_find_account (self->db, curp);

  if (applicant.certificate != NULL && account == NULL)
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "account-not-found", "No account for this CURP",
                    "No hay una cuenta del Escritorio Virtual para esta CURP. Crea una cuenta primero.");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "curp");
  json_builder_add_string_value (builder, curp);
  json_builder_set_member_name (builder, "exists");
  json_builder_add_boolean_value (builder, account != NULL);
  if (applicant.certificate != NULL)
    {
      g_autoptr(GDateTime) updated = g_date_time_new_from_unix_utc (account->updated_at);
      g_autofree char *updated_text = vnt_proof_format_time (updated);

      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, account->name);
      json_builder_set_member_name (builder, "rfc");
      json_builder_add_string_value (builder, account->rfc);
      json_builder_set_member_name (builder, "certificate_number");
      json_builder_add_string_value (builder, account->certificate_number);
      json_builder_set_member_name (builder, "email");
      if (account->email != NULL)
        json_builder_add_string_value (builder, account->email);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, updated_text);
    }
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- JSON helpers ---- */

static GBytes *
request_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body == NULL || g_bytes_get_size (body) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_alloc ();

  json_node_init_object (node, object);
  return json_to_string (node, FALSE);
}

static JsonNode *
text_to_node (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }

  return node;
}

static char *
format_unix (gint64 t)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (t);

  return vnt_proof_format_time (time);
}

static char *
terms_sha256 (const Carta *carta)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, carta->text, -1);
}

static const char *
procedure_name (const char *procedure)
{
  if (g_str_equal (procedure, "account.update"))
    return "Actualización de la e.firma";
  if (g_str_equal (procedure, "account.create"))
    return "Crear cuenta";
  if (g_str_equal (procedure, "company.register"))
    return "Registrar Empresa Representada";
  if (g_str_equal (procedure, "representative.remove"))
    return "Eliminar Empresa Representada";
  if (g_str_equal (procedure, "idse.request"))
    return "Solicitud del Certificado Digital";
  if (g_str_equal (procedure, "idse.additional"))
    return "Certificado Digital adicional";
  if (g_str_equal (procedure, "idse.cancel"))
    return "Cancelación del Certificado Digital";
  if (g_str_equal (procedure, "idse.renew"))
    return "Renovación del Certificado Digital";

  return procedure;
}

/* What a procedure's finalize needs besides the carta. */
static const char * const company_attachments[] = { "poder-portada", "poder-ultima-hoja", NULL };

static const char * const *
procedure_attachments (const char *procedure)
{
  static const char * const none[] = { NULL };

  return g_str_equal (procedure, "company.register") ? company_attachments : none;
}

static const char *
procedure_cosigner (const char *procedure)
{
  return g_str_equal (procedure, "company.register") ? "company" : NULL;
}

static gboolean
has_attachment (VntSandbox *self,
                const char *folio,
                const char *kind)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT size FROM attachments WHERE folio = ? AND kind = ?",
                                                    "ss", folio, kind);
  return rows->len > 0;
}

static gboolean
has_cosignature (VntSandbox *self,
                 const char *folio,
                 const char *role)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT rfc FROM cosignatures WHERE folio = ? AND role = ?",
                                                    "ss", folio, role);
  return rows->len > 0;
}

static void
add_tramite (VntSandbox        *self,
             JsonBuilder       *builder,
             VntSandboxTramite *tramite)
{
  const char * const *kinds = procedure_attachments (tramite->procedure);
  const char *cosigner = procedure_cosigner (tramite->procedure);
  const char *carta = procedure_terms (tramite->procedure);
  g_autofree char *created = format_unix (tramite->created_at);
  g_autofree char *expires = format_unix (tramite->expires_at);
  gboolean draft = g_str_equal (tramite->status, "draft");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "folio");
  json_builder_add_string_value (builder, tramite->folio);
  json_builder_set_member_name (builder, "procedure");
  json_builder_add_string_value (builder, tramite->procedure);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, tramite->status);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, tramite->revision);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, text_to_node (tramite->data));
  json_builder_set_member_name (builder, "review");
  json_builder_add_value (builder, text_to_node (tramite->review));
  json_builder_set_member_name (builder, "requirements");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "terms");
  if (draft && carta != NULL)
    json_builder_add_string_value (builder, carta);
  else
    json_builder_add_null_value (builder);
  /* What is still missing. */
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (gsize i = 0; draft && kinds[i] != NULL; i++)
    if (!has_attachment (self, tramite->folio, kinds[i]))
      json_builder_add_string_value (builder, kinds[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cosigners");
  json_builder_begin_array (builder);
  if (draft && cosigner != NULL && !has_cosignature (self, tramite->folio, cosigner))
    json_builder_add_string_value (builder, cosigner);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "message");
  if (g_str_equal (tramite->procedure, "account.update") && draft)
    json_builder_add_string_value (builder, "Se detectó que el número de serie de su firma digital fue modificado.");
  else if (draft && carta != NULL)
    json_builder_add_string_value (builder, "Revisa tus datos y acepta la carta de términos y condiciones para terminar.");
  else if (draft)
    json_builder_add_string_value (builder, "Revisa tus datos y finaliza el trámite.");
  else if (g_str_equal (tramite->status, "pending"))
    json_builder_add_string_value (builder, "La solicitud espera que la concluyas en tu Subdelegación.");
  else
    json_builder_add_string_value (builder, "El trámite está concluido.");
  json_builder_end_object (builder);
}

static void
add_acuse (JsonBuilder        *builder,
           VntServiceIdentity *identity,
           GBytes             *payload,
           const char         *signature)
{
  GBytes *der = vnt_certificate_get_der (vnt_service_identity_get_certificate (identity));
  g_autofree char *payload_b64 = g_base64_encode (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  g_autofree char *der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, payload_b64);
  json_builder_set_member_name (builder, "signature");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, "rsa-pkcs1-sha256");
  json_builder_set_member_name (builder, "certificate");
  json_builder_add_string_value (builder, der_b64);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, signature);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
send_internal (SoupServerMessage *msg,
               GError            *error)
{
  if (error != NULL)
    g_warning ("ventanilla-sandbox: %s", error->message);
  send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The service failed",
                "El servicio tuvo un problema y no cambió nada. Inténtalo de nuevo.");
}

/* ---- GET /v1/terms/{id} ---- */

static void
handle_terms (VntSandbox        *self,
              SoupServerMessage *msg,
              const char        *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const Carta *carta = find_carta (id);
  g_autofree char *sha256 = NULL;

  if (carta == NULL)
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such carta",
                    "El servicio no tiene esa carta de términos.");
      return;
    }

  json_builder_begin_object (builder);
  sha256 = terms_sha256 (carta);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, carta->id);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, carta->version);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, carta->title);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, carta->text);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- POST /v1/tramites ---- */

/* FALSE, having sent the problem, unless @data names @applicant's CURP and RFC. */
static gboolean
check_data_names_applicant (SoupServerMessage *msg,
                            JsonObject        *data,
                            Applicant         *applicant)
{
  if (g_strcmp0 (get_string (data, "curp"), applicant->curp) != 0)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "curp-mismatch", "The CURP does not match the certificate",
                    "La CURP capturada no corresponde a la de tu e.firma. Revisa la CURP o elige la e.firma correcta.");
      return FALSE;
    }
  if (g_strcmp0 (get_string (data, "rfc"), applicant->rfc) != 0)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate",
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
  const char *email = get_string (data, "email");

  if (email == NULL || strchr (email, '@') == NULL || strpbrk (email, " \t\r\n") != NULL ||
      strlen (email) > 254)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid e-mail address",
                    "El correo electrónico no es válido. Revísalo e inténtalo de nuevo.");
      return NULL;
    }

  return email;
}

/* Whether @terms (an "accept_terms" member) accept the current @carta. */
static gboolean
terms_accept_carta (JsonObject  *terms,
                    const Carta *carta)
{
  g_autofree char *expected_sha256 = terms_sha256 (carta);

  return terms != NULL && g_strcmp0 (get_string (terms, "id"), carta->id) == 0 &&
         g_strcmp0 (get_string (terms, "version"), carta->version) == 0 &&
         g_strcmp0 (get_string (terms, "sha256"), expected_sha256) == 0;
}

static void handle_start_company (VntSandbox *self, SoupServerMessage *msg, GBytes *body,
                                  const char *procedure, JsonObject *data);
static void handle_start_idse    (VntSandbox *self, SoupServerMessage *msg, GBytes *body,
                                  const char *procedure, JsonObject *data);

static void
handle_start_tramite (VntSandbox        *self,
                      SoupServerMessage *msg,
                      GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_object (body);
  g_autoptr(JsonBuilder) review = json_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) review_node = NULL;
  g_autoptr(VntSandboxAccount) account = NULL;
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) applicant = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *data = get_object (request, "data");
  const char *procedure = get_string (request, "procedure");
  const char *number;
  const char *email = NULL;
  gboolean update;

  if (request == NULL || data == NULL || procedure == NULL)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "Malformed request",
                    "La solicitud no tiene la forma que el servicio espera ({\"procedure\", \"data\"}).");
      return;
    }

  if (g_str_equal (procedure, "company.register") || g_str_equal (procedure, "representative.remove"))
    {
      handle_start_company (self, msg, body, procedure, data);
      return;
    }
  if (g_str_has_prefix (procedure, "idse."))
    {
      handle_start_idse (self, msg, body, procedure, data);
      return;
    }

  if (!g_str_equal (procedure, "account.update") && !g_str_equal (procedure, "account.create"))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Unknown procedure",
                    "El servicio no conoce ese trámite.");
      return;
    }
  update = g_str_equal (procedure, "account.update");

  if (!check_proof (self, msg, procedure, body, TRUE, &applicant))
    return;

  if (vnt_certificate_get_persona (applicant.certificate) == VNT_PERSONA_MORAL)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "persona-fisica-required", "A person must sign",
                    "Esta e.firma es de una persona moral. Usa la e.firma de la persona titular de la cuenta.");
      return;
    }

  if (!check_data_names_applicant (msg, data, &applicant))
    return;

  if (!vnt_curp_validate (applicant.curp, NULL))
    {
      g_autofree char *detail = g_strdup_printf ("La CURP %s no es válida. Revisa sus 18 caracteres.", applicant.curp);

      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-curp", "Invalid CURP", detail);
      return;
    }

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
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "account-not-found", "No account for this CURP",
                    "No hay una cuenta del Escritorio Virtual para esta CURP. Crea una cuenta primero.");
      return;
    }
  if (update && g_strcmp0 (account->certificate_number, number) == 0)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "certificate-unchanged", "The certificate is already registered",
                    "Tu cuenta ya tiene registrada esta e.firma; no hay nada que actualizar.");
      return;
    }
  if (!update && account != NULL)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "account-exists", "An account already exists",
                    "Ya existe una cuenta del Escritorio Virtual para esta CURP. Ingresa con ella, o actualiza tu e.firma.");
      return;
    }
  json_builder_begin_object (review);
  json_builder_set_member_name (review, "name");
  json_builder_add_string_value (review, account != NULL ? account->name : vnt_certificate_get_name (applicant.certificate));
  json_builder_set_member_name (review, "curp");
  json_builder_add_string_value (review, applicant.curp);
  json_builder_set_member_name (review, "rfc");
  json_builder_add_string_value (review, applicant.rfc);
  if (update)
    {
      json_builder_set_member_name (review, "previous_certificate_number");
      json_builder_add_string_value (review, account->certificate_number);
    }
  json_builder_set_member_name (review, "certificate_number");
  json_builder_add_string_value (review, number);
  if (update)
    {
      json_builder_set_member_name (review, "changed");
      json_builder_add_boolean_value (review, TRUE);
    }
  else
    {
      json_builder_set_member_name (review, "email");
      json_builder_add_string_value (review, email);
    }
  json_builder_end_object (review);
  review_node = json_builder_get_root (review);

  tramite = g_new0 (VntSandboxTramite, 1);
  tramite->procedure = g_strdup (procedure);
  tramite->status = g_strdup ("draft");
  tramite->revision = 1;
  tramite->applicant_curp = g_strdup (applicant.curp);
  tramite->applicant_rfc = g_strdup (applicant.rfc);
  tramite->certificate_number = g_strdup (number);
  tramite->data = object_to_text (data);
  tramite->review = json_to_string (review_node, FALSE);
  tramite->created_at = g_date_time_to_unix (now);
  tramite->expires_at = tramite->created_at + DRAFT_LIFETIME;

  if (!vnt_sandbox_db_insert_tramite (self->db, tramite, "EV", &error))
    {
      send_internal (msg, error);
      return;
    }

  add_tramite (self, builder, tramite);
  send_json (msg, SOUP_STATUS_CREATED, "application/json", builder);
  {
    g_autofree char *location = g_strconcat ("/v1/tramites/", tramite->folio, NULL);
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  }
}

/* The trámite at @folio; else sends the problem. */
static VntSandboxTramite *
find_tramite (VntSandbox        *self,
              SoupServerMessage *msg,
              const char        *folio)
{
  VntSandboxTramite *tramite = vnt_sandbox_db_find_tramite (self->db, folio);

  if (tramite == NULL)
    send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "No such trámite",
                  "No existe un trámite con ese folio. Revisa el folio.");

  return tramite;
}

/* The trámite at @folio, if @applicant owns it; else sends the problem. */
static VntSandboxTramite *
owned_tramite (VntSandbox        *self,
               SoupServerMessage *msg,
               const char        *folio,
               const char        *procedure,
               GBytes            *body,
               Applicant         *applicant)
{
  g_autoptr(VntSandboxTramite) tramite = find_tramite (self, msg, folio);

  if (tramite == NULL)
    return NULL;

  if (!check_proof_kind (self, msg, procedure, body, tramite_proof_kind (tramite), applicant))
    return NULL;

  if (g_strcmp0 (applicant->curp, tramite->applicant_curp) != 0 ||
      g_strcmp0 (applicant->rfc, tramite->applicant_rfc) != 0)
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not the applicant",
                    "Este trámite pertenece a otra persona. Solo quien lo inició puede consultarlo o concluirlo.");
      return NULL;
    }

  return g_steal_pointer (&tramite);
}

/* ---- POST /v1/tramites/{folio}/finalize ---- */

static JsonObject *
text_to_object (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return parse_object (bytes);
}

/* A procedure's effect, in the caller's transaction. Every rule is checked
 * before anything changes: a refusal (4xx) is stored and committed like
 * any answer, so it must not leave half an effect behind. Fills @out (the
 * acuse's `data` members), the acuse's @message and the new @status.
 * FALSE: a problem was sent. */
static gboolean
apply_effect (VntSandbox        *self,
              SoupServerMessage *msg,
              VntSandboxTramite *tramite,
              JsonObject        *review,
              gint64             now,
              JsonBuilder       *out,
              const char       **message,
              const char       **status);

static void
handle_finalize (VntSandbox        *self,
                 SoupServerMessage *msg,
                 const char        *folio,
                 GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_object (body);
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(JsonBuilder) payload_builder = json_builder_new ();
  g_autoptr(JsonBuilder) data_builder = json_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(JsonNode) data_node = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *request_sha256 = vnt_proof_body_sha256 (body);
  g_autofree char *received = NULL;
  g_autofree char *concluded = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *payload_text = NULL;
  JsonObject *terms = get_object (request, "accept_terms");
  const char * const *kinds;
  const char *carta_id;
  const char *cosigner;
  const char *message = NULL;
  const char *status = "concluded";
  const char *name;
  gsize payload_len = 0;

  if (request == NULL || !json_object_has_member (request, "revision") ||
      json_node_get_value_type (json_object_get_member (request, "revision")) != G_TYPE_INT64)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "Malformed request",
                    "La solicitud no tiene la forma que el servicio espera ({\"revision\", \"accept_terms\"}).");
      return;
    }

  tramite = owned_tramite (self, msg, folio, "tramite.finalize", body, &applicant);
  if (tramite == NULL)
    return;

  if (!g_str_equal (tramite->status, "draft") || tramite->expires_at <= g_date_time_to_unix (now))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "tramite-not-draft", "The trámite is not a draft",
                    "Este trámite ya se había concluido o cancelado; no se puede concluir de nuevo. Consulta su acuse.");
      return;
    }

  if (json_object_get_int_member (request, "revision") != tramite->revision)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "revision-conflict", "Stale revision",
                    "El trámite cambió mientras lo revisabas. Vuelve a revisarlo antes de concluirlo.");
      return;
    }

  carta_id = procedure_terms (tramite->procedure);
  if (carta_id != NULL)
    {
      if (!terms_accept_carta (terms, find_carta (carta_id)))
        {
          send_problem (msg, SOUP_STATUS_CONFLICT, "terms-not-accepted", "The carta was not accepted",
                        "Para concluir, lee y acepta la carta de términos y condiciones vigente.");
          return;
        }
    }

  kinds = procedure_attachments (tramite->procedure);
  for (gsize i = 0; kinds[i] != NULL; i++)
    if (!has_attachment (self, tramite->folio, kinds[i]))
      {
        g_autofree char *detail = g_strdup_printf ("Falta adjuntar el PDF “%s”. Adjúntalo y vuelve a finalizar el trámite.",
                                                   g_str_equal (kinds[i], "poder-portada")
                                                   ? "Portada del poder notarial"
                                                   : "Última hoja del poder notarial");

        send_problem (msg, SOUP_STATUS_CONFLICT, "attachment-missing", "An attachment is missing", detail);
        return;
      }

  cosigner = procedure_cosigner (tramite->procedure);
  if (cosigner != NULL && !has_cosignature (self, tramite->folio, cosigner))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "signature-missing", "A co-signature is missing",
                    "Falta la firma de la empresa: fírmala con la e.firma de la persona moral y vuelve a finalizar el trámite.");
      return;
    }

  review = text_to_object (tramite->review);
  if (review == NULL)
    {
      send_internal (msg, NULL);
      return;
    }
  name = get_string (review, "name");

  /* The effect, the acuse and (in the caller) the idempotent answer are one
   * transaction: all of it or none of it. */
  json_builder_begin_object (data_builder);
  if (!apply_effect (self, msg, tramite, review, g_date_time_to_unix (now), data_builder, &message, &status))
    return;
  json_builder_end_object (data_builder);
  data_node = json_builder_get_root (data_builder);

  if (g_str_equal (status, "concluded"))
    {
      if (!vnt_sandbox_db_conclude_tramite (self->db, tramite->folio, g_date_time_to_unix (now), &error))
        {
          send_internal (msg, error);
          return;
        }
    }
  else
    {
      guint changes = 0;

      if (!vnt_sandbox_db_execute (self->db, &changes, &error,
                                   "UPDATE tramites SET status = ?, concluded_at = ? WHERE folio = ? AND status = 'draft'",
                                   "sis", status, g_date_time_to_unix (now), tramite->folio) ||
          changes != 1)
        {
          send_internal (msg, error);
          return;
        }
    }
  g_free (tramite->status);
  tramite->status = g_strdup (status);
  tramite->concluded_at = g_date_time_to_unix (now);

  received = format_unix (tramite->created_at);
  concluded = format_unix (tramite->concluded_at);

  json_builder_begin_object (payload_builder);
  json_builder_set_member_name (payload_builder, "version");
  json_builder_add_int_value (payload_builder, 1);
  json_builder_set_member_name (payload_builder, "folio");
  json_builder_add_string_value (payload_builder, tramite->folio);
  json_builder_set_member_name (payload_builder, "procedure");
  json_builder_add_string_value (payload_builder, tramite->procedure);
  json_builder_set_member_name (payload_builder, "procedure_name");
  json_builder_add_string_value (payload_builder, procedure_name (tramite->procedure));
  json_builder_set_member_name (payload_builder, "status");
  json_builder_add_string_value (payload_builder, status);
  json_builder_set_member_name (payload_builder, "received_at");
  json_builder_add_string_value (payload_builder, received);
  json_builder_set_member_name (payload_builder, "concluded_at");
  json_builder_add_string_value (payload_builder, concluded);
  json_builder_set_member_name (payload_builder, "applicant");
  json_builder_begin_object (payload_builder);
  json_builder_set_member_name (payload_builder, "curp");
  json_builder_add_string_value (payload_builder, tramite->applicant_curp);
  json_builder_set_member_name (payload_builder, "rfc");
  json_builder_add_string_value (payload_builder, tramite->applicant_rfc);
  json_builder_set_member_name (payload_builder, "name");
  json_builder_add_string_value (payload_builder, name);
  json_builder_set_member_name (payload_builder, "certificate_number");
  json_builder_add_string_value (payload_builder, tramite->certificate_number);
  json_builder_end_object (payload_builder);
  json_builder_set_member_name (payload_builder, "request_sha256");
  json_builder_add_string_value (payload_builder, request_sha256);
  json_builder_set_member_name (payload_builder, "data");
  json_builder_add_value (payload_builder, g_steal_pointer (&data_node));
  json_builder_set_member_name (payload_builder, "message");
  json_builder_add_string_value (payload_builder, message);
  json_builder_set_member_name (payload_builder, "practice");
  json_builder_add_boolean_value (payload_builder, self->practice);
  json_builder_end_object (payload_builder);

  payload_node = json_builder_get_root (payload_builder);
  payload_text = json_to_string (payload_node, FALSE);
  payload_len = strlen (payload_text);
  payload = g_bytes_new_take (g_steal_pointer (&payload_text), payload_len);

  signature = vnt_service_identity_sign (self->identity, payload, &error);
  if (signature == NULL ||
      !vnt_sandbox_db_insert_acuse (self->db, tramite->folio, payload, signature,
                                    g_date_time_to_unix (now), &error))
    {
      send_internal (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tramite");
  add_tramite (self, builder, tramite);
  json_builder_set_member_name (builder, "acuse");
  add_acuse (builder, self->identity, payload, signature);
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

static gboolean
effect_account (VntSandbox        *self,
                SoupServerMessage *msg,
                VntSandboxTramite *tramite,
                JsonObject        *review,
                gint64             now,
                JsonBuilder       *out,
                const char       **message)
{
  g_autoptr(GError) error = NULL;
  gboolean update = g_str_equal (tramite->procedure, "account.update");
  const char *name = get_string (review, "name");

  if (update)
    {
      if (!vnt_sandbox_db_set_account_certificate (self->db, tramite->applicant_curp,
                                                   tramite->certificate_number, now, &error))
        {
          send_internal (msg, error);
          return FALSE;
        }
      json_builder_set_member_name (out, "previous_certificate_number");
      json_builder_add_string_value (out, get_string (review, "previous_certificate_number"));
      json_builder_set_member_name (out, "certificate_number");
      json_builder_add_string_value (out, tramite->certificate_number);
      *message = "La actualización de la cuenta de usuario fue correcta.";
      return TRUE;
    }
  else
    {
      VntSandboxAccount account = {
        .curp = tramite->applicant_curp,
        .rfc = tramite->applicant_rfc,
        .name = (char *) name,
        .certificate_number = tramite->certificate_number,
        .email = (char *) get_string (review, "email"),
        .created_at = now,
        .updated_at = now,
      };

      if (!vnt_sandbox_db_add_account (self->db, &account, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            send_problem (msg, SOUP_STATUS_CONFLICT, "account-exists", "An account already exists",
                          "Ya existe una cuenta del Escritorio Virtual para esta CURP. Ingresa con ella, o actualiza tu e.firma.");
          else
            send_internal (msg, error);
          return FALSE;
        }
      json_builder_set_member_name (out, "curp");
      json_builder_add_string_value (out, tramite->applicant_curp);
      json_builder_set_member_name (out, "rfc");
      json_builder_add_string_value (out, tramite->applicant_rfc);
      json_builder_set_member_name (out, "name");
      json_builder_add_string_value (out, name);
      json_builder_set_member_name (out, "certificate_number");
      json_builder_add_string_value (out, tramite->certificate_number);
      json_builder_set_member_name (out, "email");
      json_builder_add_string_value (out, get_string (review, "email"));
      *message = "Tu cuenta del Escritorio Virtual fue creada. Podrás usarla en 30 minutos.";
      return TRUE;
    }
}

static gboolean effect_company      (VntSandbox *self, SoupServerMessage *msg, VntSandboxTramite *tramite,
                                     JsonObject *review, gint64 now, JsonBuilder *out, const char **message);
static gboolean effect_remove       (VntSandbox *self, SoupServerMessage *msg, VntSandboxTramite *tramite,
                                     JsonObject *review, gint64 now, JsonBuilder *out, const char **message);
static gboolean effect_idse         (VntSandbox *self, SoupServerMessage *msg, VntSandboxTramite *tramite,
                                     JsonObject *review, gint64 now, JsonBuilder *out, const char **message,
                                     const char **status);

static gboolean
apply_effect (VntSandbox        *self,
              SoupServerMessage *msg,
              VntSandboxTramite *tramite,
              JsonObject        *review,
              gint64             now,
              JsonBuilder       *out,
              const char       **message,
              const char       **status)
{
  *status = "concluded";

  if (g_str_has_prefix (tramite->procedure, "account."))
    return effect_account (self, msg, tramite, review, now, out, message);
  if (g_str_equal (tramite->procedure, "company.register"))
    return effect_company (self, msg, tramite, review, now, out, message);
  if (g_str_equal (tramite->procedure, "representative.remove"))
    return effect_remove (self, msg, tramite, review, now, out, message);
  if (g_str_has_prefix (tramite->procedure, "idse."))
    return effect_idse (self, msg, tramite, review, now, out, message, status);

  send_internal (msg, NULL);
  return FALSE;
}

/* ---- GET /v1/tramites/{folio}, GET /v1/acuses/{folio} ---- */

static void
handle_read_tramite (VntSandbox        *self,
                     SoupServerMessage *msg,
                     const char        *folio)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Applicant) applicant = { 0 };

  tramite = owned_tramite (self, msg, folio, "tramite.read", NULL, &applicant);
  if (tramite == NULL)
    return;

  add_tramite (self, builder, tramite);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

static void
handle_read_acuse (VntSandbox        *self,
                   SoupServerMessage *msg,
                   const char        *folio)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *signature = NULL;
  g_auto(Applicant) applicant = { 0 };

  tramite = owned_tramite (self, msg, folio, "acuse.read", NULL, &applicant);
  if (tramite == NULL)
    return;

  if (!vnt_sandbox_db_find_acuse (self->db, folio, &payload, &signature))
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "acuse-not-found", "No acuse yet",
                    "Este trámite todavía no tiene acuse: concluye el trámite primero.");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "acuse");
  add_acuse (builder, self->identity, payload, signature);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- GET /v1/tramites, PUT and DELETE /v1/tramites/{folio} ---- */

static gboolean
status_is_known (const char *status)
{
  static const char * const known[] = { "draft", "concluded", "pending", "cancelled", "expired", NULL };

  return g_strv_contains (known, status);
}

static void
handle_list_tramites (VntSandbox        *self,
                      SoupServerMessage *msg,
                      GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(Applicant) applicant = { 0 };
  const char *wanted = query != NULL ? g_hash_table_lookup (query, "status") : NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (wanted != NULL && !status_is_known (wanted))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Unknown status",
                    "El estado pedido no existe. Usa draft, concluded, pending, cancelled o expired.");
      return;
    }

  if (!check_proof (self, msg, "tramite.list", NULL, TRUE, &applicant))
    return;

  rows = vnt_sandbox_db_query (self->db,
                               "SELECT folio, procedure, status, revision, created_at, expires_at FROM tramites "
                               "WHERE applicant_curp = ? AND applicant_rfc = ? AND folio IS NOT NULL "
                               "ORDER BY created_at DESC, id DESC",
                               "ss", applicant.curp, applicant.rfc);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tramites");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      const char *status = g_ptr_array_index (row, 2);
      gint64 expires_at = g_ascii_strtoll (g_ptr_array_index (row, 5), NULL, 10);
      g_autofree char *created = format_unix (g_ascii_strtoll (g_ptr_array_index (row, 4), NULL, 10));
      g_autofree char *expires = format_unix (expires_at);

      /* A draft past its 7 days is reported as what it is now. */
      if (g_strcmp0 (status, "draft") == 0 && expires_at <= now)
        status = "expired";
      if (wanted != NULL && g_strcmp0 (status, wanted) != 0)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "folio");
      json_builder_add_string_value (builder, g_ptr_array_index (row, 0));
      json_builder_set_member_name (builder, "procedure");
      json_builder_add_string_value (builder, g_ptr_array_index (row, 1));
      json_builder_set_member_name (builder, "procedure_name");
      json_builder_add_string_value (builder, procedure_name (g_ptr_array_index (row, 1)));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status);
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, g_ascii_strtoll (g_ptr_array_index (row, 3), NULL, 10));
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created);
      json_builder_set_member_name (builder, "expires_at");
      json_builder_add_string_value (builder, expires);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* A draft that can still change: sends `tramite-not-draft` otherwise. */
static gboolean
check_open_draft (SoupServerMessage *msg,
                  VntSandboxTramite *tramite,
                  const char        *detail)
{
  if (g_str_equal (tramite->status, "draft") &&
      tramite->expires_at > g_get_real_time () / G_USEC_PER_SEC)
    return TRUE;

  send_problem (msg, SOUP_STATUS_CONFLICT, "tramite-not-draft", "The trámite is not a draft", detail);
  return FALSE;
}

/* "Guardar Trámite": the account procedures' data, checked as when the
 * trámite started. The other procedures derive their review (companies,
 * IDSE credentials, CSRs) from data that a co-signer may already have
 * signed, so they are cancelled and started again instead. */
static void
handle_update_tramite (VntSandbox        *self,
                       SoupServerMessage *msg,
                       const char        *folio,
                       GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_object (body);
  g_autoptr(VntSandboxTramite) found = NULL;
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *data_text = NULL;
  g_autofree char *review_text = NULL;
  JsonObject *data = get_object (request, "data");
  gint64 revision;
  guint changes = 0;

  if (request == NULL || data == NULL || !json_object_has_member (request, "revision") ||
      json_node_get_value_type (json_object_get_member (request, "revision")) != G_TYPE_INT64)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "Malformed request",
                    "La solicitud no tiene la forma que el servicio espera ({\"revision\", \"data\"}).");
      return;
    }
  revision = json_object_get_int_member (request, "revision");

  /* The proof names the trámite's own procedure. */
  found = find_tramite (self, msg, folio);
  if (found == NULL)
    return;

  tramite = owned_tramite (self, msg, folio, found->procedure, body, &applicant);
  if (tramite == NULL)
    return;

  if (!check_open_draft (msg, tramite,
                         "Este trámite ya se había concluido, cancelado o vencido; ya no se puede modificar. "
                         "Inicia un trámite nuevo si necesitas cambiar algo."))
    return;

  if (revision != tramite->revision)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "revision-conflict", "Stale revision",
                    "El trámite cambió desde que lo abriste. Vuelve a abrirlo, revisa tus datos y guárdalo de nuevo.");
      return;
    }

  if (!g_str_has_prefix (tramite->procedure, "account."))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "This trámite cannot be edited",
                    "Los datos de este trámite no se pueden modificar. Cancélalo e inicia uno nuevo con los datos correctos.");
      return;
    }

  if (!check_data_names_applicant (msg, data, &applicant))
    return;

  review = text_to_object (tramite->review);
  if (review == NULL)
    {
      send_internal (msg, NULL);
      return;
    }

  if (g_str_equal (tramite->procedure, "account.create"))
    {
      const char *email = account_email (msg, data);

      if (email == NULL)
        return;
      json_object_set_string_member (review, "email", email);
    }

  data_text = object_to_text (data);
  review_text = object_to_text (review);
  if (!vnt_sandbox_db_execute (self->db, &changes, &error,
                               "UPDATE tramites SET data = ?, review = ?, revision = revision + 1 "
                               "WHERE folio = ? AND revision = ? AND status = 'draft'",
                               "sssi", data_text, review_text, tramite->folio, (gint64) tramite->revision) ||
      changes != 1)
    {
      send_internal (msg, error);
      return;
    }

  g_free (tramite->data);
  tramite->data = g_steal_pointer (&data_text);
  g_free (tramite->review);
  tramite->review = g_steal_pointer (&review_text);
  tramite->revision++;

  add_tramite (self, builder, tramite);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* "Cancelar Trámite": a draft only; a concluded one keeps its acuse. */
static void
handle_cancel_tramite (VntSandbox        *self,
                       SoupServerMessage *msg,
                       const char        *folio,
                       GBytes            *body)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) applicant = { 0 };
  guint changes = 0;

  tramite = owned_tramite (self, msg, folio, "tramite.cancel", body, &applicant);
  if (tramite == NULL)
    return;

  if (!check_open_draft (msg, tramite,
                         "Este trámite ya se había concluido, cancelado o vencido; no se puede cancelar. "
                         "Si ya tiene acuse, consérvalo."))
    return;

  if (!vnt_sandbox_db_execute (self->db, &changes, &error,
                               "UPDATE tramites SET status = 'cancelled', concluded_at = ? "
                               "WHERE folio = ? AND status = 'draft'",
                               "is", (gint64) (g_get_real_time () / G_USEC_PER_SEC), tramite->folio) ||
      changes != 1)
    {
      send_internal (msg, error);
      return;
    }

  g_free (tramite->status);
  tramite->status = g_strdup ("cancelled");

  add_tramite (self, builder, tramite);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- Drafts of the later procedures ---- */

/* Inserts the draft and answers 201 with it. @review gets the trámite's
 * digest (what a co-signer signs). */
static gboolean
insert_draft (VntSandbox        *self,
              SoupServerMessage *msg,
              Applicant         *applicant,
              const char        *procedure,
              JsonObject        *data,
              JsonBuilder       *review,
              const char        *folio_prefix,
              char             **folio)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) review_node = NULL;
  g_autoptr(VntSandboxTramite) tramite = g_new0 (VntSandboxTramite, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *location = NULL;
  g_autofree char *data_text = object_to_text (data);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data_text, -1);

  json_builder_set_member_name (review, "tramite_sha256");
  json_builder_add_string_value (review, digest);
  json_builder_end_object (review);
  review_node = json_builder_get_root (review);

  tramite->procedure = g_strdup (procedure);
  tramite->status = g_strdup ("draft");
  tramite->revision = 1;
  tramite->applicant_curp = g_strdup (applicant->curp);
  tramite->applicant_rfc = g_strdup (applicant->rfc);
  tramite->certificate_number = g_strdup (vnt_certificate_get_number (applicant->certificate));
  tramite->data = g_steal_pointer (&data_text);
  tramite->review = json_to_string (review_node, FALSE);
  tramite->created_at = g_date_time_to_unix (now);
  tramite->expires_at = tramite->created_at + DRAFT_LIFETIME;

  if (!vnt_sandbox_db_insert_tramite (self->db, tramite, folio_prefix, &error))
    {
      send_internal (msg, error);
      return FALSE;
    }

  add_tramite (self, builder, tramite);
  send_json (msg, SOUP_STATUS_CREATED, "application/json", builder);
  location = g_strconcat ("/v1/tramites/", tramite->folio, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  if (folio != NULL)
    *folio = g_strdup (tramite->folio);

  return TRUE;
}

static gboolean
is_represented (VntSandbox *self,
                const char *company_rfc,
                const char *curp)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT razon_social FROM representations "
                                                    "WHERE company_rfc = ? AND representative_curp = ? AND removed_at IS NULL",
                                                    "ss", company_rfc, curp);
  return rows->len > 0;
}

static gboolean
text_is_sane (const char *text,
              gsize       max)
{
  return text != NULL && *text != '\0' && strlen (text) <= max && g_utf8_validate (text, -1, NULL) &&
         strpbrk (text, "|\r\n") == NULL;
}

/* company.register and representative.remove (docs/protocol.md §7.3, §7.4):
 * the applicant is the representative, a person with an account. */
static void
handle_start_company (VntSandbox        *self,
                      SoupServerMessage *msg,
                      GBytes            *body,
                      const char        *procedure,
                      JsonObject        *data)
{
  g_autoptr(JsonBuilder) review = json_builder_new ();
  g_autoptr(VntSandboxAccount) account = NULL;
  g_auto(Applicant) applicant = { 0 };
  gboolean registering = g_str_equal (procedure, "company.register");
  const char *company_rfc = get_string (data, "company_rfc");
  const char *razon_social = get_string (data, "razon_social");
  const char *tipo_poder = get_string (data, "tipo_poder");
  JsonArray *rfcs = NULL;

  if (!check_proof (self, msg, procedure, body, TRUE, &applicant))
    return;

  if (vnt_certificate_get_persona (applicant.certificate) == VNT_PERSONA_MORAL)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "persona-fisica-required", "A person must sign",
                    "Esta e.firma es de una persona moral. El representante legal inicia el trámite con su propia e.firma.");
      return;
    }

  if (registering)
    {
      if (company_rfc == NULL || strlen (company_rfc) != 12 || !vnt_rfc_validate (company_rfc, NULL))
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-rfc", "Invalid RFC",
                        "El RFC de la empresa no es válido: debe tener 12 caracteres. Revísalo e inténtalo de nuevo.");
          return;
        }
      if (!text_is_sane (razon_social, 254))
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid razón social",
                        "Escribe la razón social de la empresa como aparece en su e.firma.");
          return;
        }
      if (g_strcmp0 (tipo_poder, "dominio") != 0 && g_strcmp0 (tipo_poder, "especial-imss") != 0 &&
          g_strcmp0 (tipo_poder, "administracion") != 0)
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid tipo de poder",
                        "Elige el tipo de poder notarial: dominio, especial ante el IMSS o administración.");
          return;
        }
    }
  else
    {
      JsonNode *node = json_object_has_member (data, "company_rfcs") ? json_object_get_member (data, "company_rfcs") : NULL;

      rfcs = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      if (rfcs == NULL || json_array_get_length (rfcs) == 0 || json_array_get_length (rfcs) > 100)
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "No company selected",
                        "Debe seleccionar al menos una empresa representada a dar de baja");
          return;
        }
    }

  account = vnt_sandbox_db_find_account (self->db, applicant.curp);
  if (account == NULL)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "representative-required", "The representative has no account",
                    "El representante legal no tiene cuenta en el Escritorio Virtual. Crea primero tu cuenta con tu e.firma y vuelve a intentarlo.");
      return;
    }

  json_builder_begin_object (review);
  json_builder_set_member_name (review, "name");
  json_builder_add_string_value (review, account->name);
  json_builder_set_member_name (review, "curp");
  json_builder_add_string_value (review, applicant.curp);
  json_builder_set_member_name (review, "rfc");
  json_builder_add_string_value (review, applicant.rfc);

  if (registering)
    {
      if (is_represented (self, company_rfc, applicant.curp))
        {
          g_autofree char *detail = g_strdup_printf ("Ya estás registrado como representante legal de la empresa %s.",
                                                     company_rfc);

          send_problem (msg, SOUP_STATUS_CONFLICT, "already-registered", "Already registered", detail);
          return;
        }
      json_builder_set_member_name (review, "company_rfc");
      json_builder_add_string_value (review, company_rfc);
      json_builder_set_member_name (review, "razon_social");
      json_builder_add_string_value (review, razon_social);
      json_builder_set_member_name (review, "tipo_poder");
      json_builder_add_string_value (review, tipo_poder);
    }
  else
    {
      json_builder_set_member_name (review, "company_rfcs");
      json_builder_begin_array (review);
      for (guint i = 0; i < json_array_get_length (rfcs); i++)
        {
          JsonNode *node = json_array_get_element (rfcs, i);
          const char *rfc = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                            ? json_node_get_string (node) : NULL;

          if (rfc == NULL || !is_represented (self, rfc, applicant.curp))
            {
              g_autofree char *detail = g_strdup_printf ("No estás registrado como representante legal de la empresa %s. "
                                                         "Quítala de la lista.", rfc != NULL ? rfc : "");

              send_problem (msg, SOUP_STATUS_CONFLICT, "not-registered", "Not registered", detail);
              return;
            }
          json_builder_add_string_value (review, rfc);
        }
      json_builder_end_array (review);
    }

  insert_draft (self, msg, &applicant, procedure, data, review, "EV", NULL);
}

/* ---- GET /v1/accounts/{curp}/companies ---- */

/* The companies a representative represents now ("Datos de las empresas
 * representadas"), for the holder only. */
static void
handle_companies (VntSandbox        *self,
                  SoupServerMessage *msg,
                  const char        *curp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(Applicant) applicant = { 0 };

  if (!check_proof (self, msg, "company.list", NULL, TRUE, &applicant))
    return;
  if (g_strcmp0 (applicant.curp, curp) != 0)
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not the representative",
                    "Solo el representante legal puede consultar sus empresas representadas.");
      return;
    }

  rows = vnt_sandbox_db_query (self->db,
                               "SELECT company_rfc, razon_social, tipo_poder, folio, created_at FROM representations "
                               "WHERE representative_curp = ? AND removed_at IS NULL ORDER BY company_rfc", "s", curp);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "curp");
  json_builder_add_string_value (builder, curp);
  json_builder_set_member_name (builder, "companies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = rows->pdata[i];
      g_autofree char *since = format_unix (g_ascii_strtoll (row->pdata[4], NULL, 10));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "company_rfc");
      json_builder_add_string_value (builder, row->pdata[0]);
      json_builder_set_member_name (builder, "razon_social");
      json_builder_add_string_value (builder, row->pdata[1]);
      json_builder_set_member_name (builder, "tipo_persona");
      json_builder_add_string_value (builder, "moral");
      json_builder_set_member_name (builder, "tipo_poder");
      json_builder_add_string_value (builder, row->pdata[2]);
      json_builder_set_member_name (builder, "folio");
      json_builder_add_string_value (builder, row->pdata[3]);
      json_builder_set_member_name (builder, "since");
      json_builder_add_string_value (builder, since);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- PUT /v1/tramites/{folio}/attachments/{kind} ---- */

/* A PDF as far as the service needs one: the header, an end-of-file
 * marker near the end, and a startxref that points into the file at a
 * cross-reference table or stream. NULL when it is one; else the problem
 * code, with its Spanish @detail. */
static const char *
pdf_problem (GBytes      *pdf,
             guint       *status,
             const char **detail)
{
  const char *data = g_bytes_get_data (pdf, NULL);
  gsize size = g_bytes_get_size (pdf);
  gsize tail_start = size > 1024 ? size - 1024 : 0;
  const char *startxref;
  guint64 offset;
  char *end;

  if (size == 0)
    {
      *status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      *detail = "El archivo está vacío. Adjunta el PDF escaneado del poder notarial.";
      return "attachment-empty";
    }
  if (size > VNT_SANDBOX_MAX_ATTACHMENT)
    {
      *status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      *detail = "El PDF pesa más de 1024 KB. Redúcelo e inténtalo de nuevo.";
      return "attachment-too-large";
    }

  *status = SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
  if (size < 8 || memcmp (data, "%PDF-", 5) != 0 || !g_ascii_isdigit (data[5]) || data[6] != '.' ||
      !g_ascii_isdigit (data[7]))
    {
      *detail = "El archivo no es un PDF. Adjunta el documento en formato PDF.";
      return "not-a-pdf";
    }

  *detail = "El PDF está incompleto o dañado. Vuelve a generarlo o escanearlo e inténtalo de nuevo.";
  if (g_strstr_len (data + tail_start, size - tail_start, "%%EOF") == NULL)
    return "not-a-pdf";

  startxref = g_strstr_len (data + tail_start, size - tail_start, "startxref");
  if (startxref == NULL)
    return "not-a-pdf";
  {
    /* The number is followed by more text ("%%EOF"), so strtoull stops there. */
    g_autofree char *tail = g_strndup (startxref + 9, data + size - (startxref + 9));

    offset = g_ascii_strtoull (tail, &end, 10);
    if (end == tail || offset == 0 || offset >= size)
      return "not-a-pdf";
  }

  /* Some writers are off by a line break. */
  while (offset < size && g_ascii_isspace (data[offset]))
    offset++;
  if (size - offset >= 4 && memcmp (data + offset, "xref", 4) == 0)
    return NULL;
  {
    /* A cross-reference stream: "N G obj". */
    g_autofree char *object = g_strndup (data + offset, MIN (size - offset, 32));
    char *p = object;

    for (int number = 0; number < 2; number++)
      {
        g_ascii_strtoull (p, &end, 10);
        if (end == p || !g_ascii_isdigit (*p) || !g_ascii_isspace (*end))
          return "not-a-pdf";
        p = end;
        while (g_ascii_isspace (*p))
          p++;
      }
    if (!g_str_has_prefix (p, "obj"))
      return "not-a-pdf";
  }

  return NULL;
}

static void
handle_attachment (VntSandbox        *self,
                   SoupServerMessage *msg,
                   const char        *folio_and_kind,
                   GBytes            *body)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *folio = g_strdup (folio_and_kind);
  g_autofree char *sha256 = NULL;
  const char * const *kinds;
  const char *content_type;
  const char *kind;
  const char *code;
  const char *detail = NULL;
  gboolean known = FALSE;
  guint status = 0;

  kind = strchr (folio, '/') + 1;
  *strchr (folio, '/') = '\0';

  tramite = owned_tramite (self, msg, folio, "tramite.attach", body, &applicant);
  if (tramite == NULL)
    return;

  if (!g_str_equal (tramite->status, "draft"))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "tramite-not-draft", "The trámite is not a draft",
                    "Este trámite ya se había concluido o cancelado; ya no se le pueden adjuntar documentos.");
      return;
    }

  kinds = procedure_attachments (tramite->procedure);
  for (gsize i = 0; kinds[i] != NULL; i++)
    known |= g_str_equal (kinds[i], kind);
  if (!known)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Unknown attachment kind",
                    "Este trámite no lleva ese documento adjunto.");
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  if (g_strcmp0 (content_type, "application/pdf") != 0)
    {
      send_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Not application/pdf",
                    "El documento debe enviarse como PDF. Actualiza Ventanilla e inténtalo de nuevo.");
      return;
    }

  code = pdf_problem (body, &status, &detail);
  if (code != NULL)
    {
      send_problem (msg, status, code, "The attachment is not accepted", detail);
      return;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT OR REPLACE INTO attachments (folio, kind, size, sha256, data, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?)", "ssisbi", tramite->folio, kind,
                               (gint64) g_bytes_get_size (body), sha256, body,
                               g_get_real_time () / G_USEC_PER_SEC))
    {
      send_internal (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, g_bytes_get_size (body));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- POST /v1/tramites/{folio}/signatures ---- */

/* The company signs the representative's draft with its own e.firma: a
 * persona moral certificate for that company that names the applicant as
 * its representative. */
static void
handle_cosign (VntSandbox        *self,
               SoupServerMessage *msg,
               const char        *folio,
               GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_object (body);
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) cosigner = { 0 };
  const char *role = get_string (request, "role");
  const char *representative;

  if (request == NULL || role == NULL || get_string (request, "tramite_sha256") == NULL)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "Malformed request",
                    "La solicitud no tiene la forma que el servicio espera ({\"role\", \"tramite_sha256\"}).");
      return;
    }

  tramite = find_tramite (self, msg, folio);
  if (tramite == NULL)
    return;

  if (!check_proof (self, msg, "tramite.cosign", body, TRUE, &cosigner))
    return;

  if (g_strcmp0 (procedure_cosigner (tramite->procedure), role) != 0)
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Unexpected co-signer",
                    "Este trámite no lleva esa firma.");
      return;
    }
  if (!g_str_equal (tramite->status, "draft"))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "tramite-not-draft", "The trámite is not a draft",
                    "Este trámite ya se había concluido o cancelado; ya no se puede firmar.");
      return;
    }

  data = text_to_object (tramite->data);
  review = text_to_object (tramite->review);
  if (data == NULL || review == NULL)
    {
      send_internal (msg, NULL);
      return;
    }

  if (vnt_certificate_get_persona (cosigner.certificate) != VNT_PERSONA_MORAL)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "persona-moral-required", "The company must sign",
                    "Esta e.firma es de una persona física. La empresa firma con la e.firma de la persona moral.");
      return;
    }
  if (g_strcmp0 (vnt_certificate_get_rfc (cosigner.certificate), get_string (data, "company_rfc")) != 0)
    {
      g_autofree char *detail = g_strdup_printf ("La e.firma es de la empresa %s, no de %s. Elige la e.firma de la empresa que registras.",
                                                 vnt_certificate_get_rfc (cosigner.certificate),
                                                 get_string (data, "company_rfc"));

      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate", detail);
      return;
    }
  representative = vnt_certificate_get_representative_curp (cosigner.certificate);
  if (g_strcmp0 (representative, tramite->applicant_curp) != 0)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "curp-mismatch", "Not the company's representative",
                    "La e.firma de la empresa no te nombra como su representante legal (su CURP es otra). "
                    "Usa la e.firma de la empresa que está a tu nombre.");
      return;
    }
  if (g_strcmp0 (get_string (request, "tramite_sha256"), get_string (review, "tramite_sha256")) != 0)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "revision-conflict", "Stale trámite digest",
                    "El trámite cambió mientras la empresa lo revisaba. Vuelve a revisarlo antes de firmarlo.");
      return;
    }

  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT OR REPLACE INTO cosignatures (folio, role, rfc, curp, certificate_number, "
                               "tramite_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "ssssssi",
                               tramite->folio, role, cosigner.rfc, cosigner.curp,
                               vnt_certificate_get_number (cosigner.certificate),
                               get_string (review, "tramite_sha256"), g_get_real_time () / G_USEC_PER_SEC))
    {
      send_internal (msg, error);
      return;
    }

  add_tramite (self, builder, tramite);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- Effects of company.register and representative.remove ---- */

static gboolean
effect_company (VntSandbox        *self,
                SoupServerMessage *msg,
                VntSandboxTramite *tramite,
                JsonObject        *review,
                gint64             now,
                JsonBuilder       *out,
                const char       **message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *company_rfc = get_string (review, "company_rfc");
  guint changes = 0;

  if (is_represented (self, company_rfc, tramite->applicant_curp))
    {
      g_autofree char *detail = g_strdup_printf ("Ya estás registrado como representante legal de la empresa %s.",
                                                 company_rfc);

      send_problem (msg, SOUP_STATUS_CONFLICT, "already-registered", "Already registered", detail);
      return FALSE;
    }

  /* A representative removed earlier may be registered again. */
  if (!vnt_sandbox_db_execute (self->db, &changes, &error,
                               "INSERT INTO representations (company_rfc, representative_curp, razon_social, "
                               "tipo_poder, folio, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT (company_rfc, representative_curp) DO UPDATE SET "
                               "razon_social = excluded.razon_social, tipo_poder = excluded.tipo_poder, "
                               "folio = excluded.folio, created_at = excluded.created_at, removed_at = NULL",
                               "sssssi", company_rfc, tramite->applicant_curp, get_string (review, "razon_social"),
                               get_string (review, "tipo_poder"), tramite->folio, now) ||
      changes != 1)
    {
      send_internal (msg, error);
      return FALSE;
    }

  json_builder_set_member_name (out, "company_rfc");
  json_builder_add_string_value (out, company_rfc);
  json_builder_set_member_name (out, "razon_social");
  json_builder_add_string_value (out, get_string (review, "razon_social"));
  json_builder_set_member_name (out, "tipo_poder");
  json_builder_add_string_value (out, get_string (review, "tipo_poder"));
  json_builder_set_member_name (out, "representative_curp");
  json_builder_add_string_value (out, tramite->applicant_curp);
  json_builder_set_member_name (out, "attachments");
  json_builder_begin_array (out);
  rows = vnt_sandbox_db_query (self->db, "SELECT kind, size, sha256 FROM attachments WHERE folio = ? ORDER BY kind",
                               "s", tramite->folio);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = rows->pdata[i];

      json_builder_begin_object (out);
      json_builder_set_member_name (out, "kind");
      json_builder_add_string_value (out, row->pdata[0]);
      json_builder_set_member_name (out, "size");
      json_builder_add_int_value (out, g_ascii_strtoll (row->pdata[1], NULL, 10));
      json_builder_set_member_name (out, "sha256");
      json_builder_add_string_value (out, row->pdata[2]);
      json_builder_end_object (out);
    }
  json_builder_end_array (out);
  *message = "La solicitud fue concluida exitosamente.";

  return TRUE;
}

static gboolean
effect_remove (VntSandbox        *self,
               SoupServerMessage *msg,
               VntSandboxTramite *tramite,
               JsonObject        *review,
               gint64             now,
               JsonBuilder       *out,
               const char       **message)
{
  JsonArray *rfcs = json_object_get_array_member (review, "company_rfcs");
  g_autoptr(GError) error = NULL;

  /* Every one checked before any changes. */
  for (guint i = 0; i < json_array_get_length (rfcs); i++)
    if (!is_represented (self, json_array_get_string_element (rfcs, i), tramite->applicant_curp))
      {
        g_autofree char *detail = g_strdup_printf ("Ya no eres representante legal de la empresa %s. Quítala de la lista.",
                                                   json_array_get_string_element (rfcs, i));

        send_problem (msg, SOUP_STATUS_CONFLICT, "not-registered", "Not registered", detail);
        return FALSE;
      }

  json_builder_set_member_name (out, "company_rfcs");
  json_builder_begin_array (out);
  for (guint i = 0; i < json_array_get_length (rfcs); i++)
    {
      const char *rfc = json_array_get_string_element (rfcs, i);
      guint changes = 0;

      if (!vnt_sandbox_db_execute (self->db, &changes, &error,
                                   "UPDATE representations SET removed_at = ? "
                                   "WHERE company_rfc = ? AND representative_curp = ? AND removed_at IS NULL",
                                   "iss", now, rfc, tramite->applicant_curp))
        {
          send_internal (msg, error);
          return FALSE;
        }
      json_builder_add_string_value (out, rfc);
    }
  json_builder_end_array (out);
  *message = "Su solicitud ha finalizado correctamente.";

  return TRUE;
}

/* ---- IDSE (docs/protocol.md §7.5–§7.9) ---- */

#define IDSE_DEADLINE_BUSINESS_DAYS 10
#define IDSE_VALIDITY_DAYS (2 * 365)

/* Today in Mexico City, where the deadline is counted. */
static void
idse_today (VntSandbox *self,
            GDate      *date)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Mexico_City");
  g_autoptr(GDateTime) now = NULL;

  if (g_date_valid (&self->today))
    {
      *date = self->today;
      return;
    }

  if (zone == NULL)
    zone = g_time_zone_new_offset (-6 * 60 * 60);
  now = g_date_time_new_now (zone);
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

static gboolean
idse_available (VntSandbox        *self,
                SoupServerMessage *msg)
{
  if (self->idse_ca != NULL)
    return TRUE;

  send_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "IDSE is not available",
                "El servicio de certificados de IDSE no está disponible por el momento. Inténtalo de nuevo en unos minutos.");
  return FALSE;
}

/* The IDSE certificate row of @number: status, npie, usuario, verifier,
 * not_after; NULL when this service did not issue it. */
static GPtrArray *
find_idse_certificate (VntSandbox *self,
                       const char *number)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT status, npie, usuario, verifier, not_after, der, not_before "
                                                    "FROM idse_certificates WHERE serial = ?", "s", number);

  return rows->len > 0 ? g_ptr_array_ref (rows->pdata[0]) : NULL;
}

static gboolean
check_idse_signer (VntSandbox        *self,
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
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "untrusted-certificate", "Not an IDSE certificate of this service",
                    "El certificado no es un certificado digital de IDSE emitido por este servicio. Elige el certificado (.cer) de IDSE.");
      return FALSE;
    }
  if (g_str_equal (row->pdata[0], "cancelled"))
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-revoked", "The certificate was cancelled",
                    "Este certificado digital de IDSE fue cancelado; ya no sirve. Solicita uno nuevo.");
      return FALSE;
    }
  if (expired_for > 0 && (!renewal || expired_for > (GTimeSpan) 365 * G_TIME_SPAN_DAY))
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-expired", "The certificate has expired",
                    renewal
                    ? "Tu certificado digital de IDSE venció hace más de un año y ya no se puede renovar. Solicita uno nuevo."
                    : "Tu certificado digital de IDSE ya venció. Renuévalo y vuelve a intentarlo.");
      return FALSE;
    }
  if (g_date_time_compare (now, vnt_certificate_get_not_before (certificate)) < 0)
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-not-yet-valid", "The certificate is not valid yet",
                    "Tu certificado digital de IDSE todavía no entra en vigor. Revisa la fecha de tu computadora.");
      return FALSE;
    }

  return TRUE;
}

/* 8 to 20 letters and/or digits (ASCII), as IDSE takes them. */
static gboolean
idse_credential_is_valid (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len < 8 || len > 20)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;

  return TRUE;
}

static gboolean
check_idse_credentials (SoupServerMessage *msg,
                        const char        *usuario,
                        const char        *password)
{
  if (!idse_credential_is_valid (usuario))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idse-user-invalid", "Invalid IDSE user",
                    "El usuario de IDSE debe tener de 8 a 20 letras y/o números, sin espacios, acentos ni símbolos.");
      return FALSE;
    }
  if (!idse_credential_is_valid (password))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idse-password-invalid", "Invalid IDSE password",
                    "La contraseña de IDSE debe tener de 8 a 20 letras y/o números, sin espacios, acentos ni símbolos.");
      return FALSE;
    }
  if (g_ascii_strcasecmp (usuario, password) == 0)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idse-password-equals-user", "Password equals user",
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
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid e-mail address",
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
  const char *csr_b64 = get_string (data, "csr");
  g_autoptr(GBytes) der = NULL;
  g_autoptr(VntCsr) csr = NULL;
  guchar *bytes = NULL;
  gsize len = 0;

  if (csr_b64 != NULL && strlen (csr_b64) < 16384)
    bytes = g_base64_decode (csr_b64, &len);
  der = g_bytes_new_take (bytes, len);
  if (len > 0)
    csr = vnt_csr_new_from_bytes (der, NULL);

  if (csr == NULL || !vnt_csr_get_signature_valid (csr) ||
      g_strcmp0 (vnt_csr_get_key_algorithm (csr), "RSA") != 0 || vnt_csr_get_key_bits (csr) < 2048)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-csr", "Invalid PKCS#10",
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
  const char *cp = get_string (domicilio, "codigo_postal");
  gboolean ok = domicilio != NULL && cp != NULL && strlen (cp) == 5;

  for (gsize i = 0; ok && cp[i] != '\0'; i++)
    ok = g_ascii_isdigit (cp[i]);
  for (gsize i = 0; ok && required[i] != NULL; i++)
    ok = text_is_sane (get_string (domicilio, required[i]), 254);

  if (!ok)
    send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid domicilio fiscal",
                  "Completa el domicilio fiscal: calle, número exterior, colonia, estado, municipio y un código postal de 5 dígitos.");

  return ok;
}

static void
handle_start_idse (VntSandbox        *self,
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
  const char *usuario = get_string (data, "usuario");
  const char *password = get_string (data, "password");
  const char *email = get_string (data, "email");
  const char *registro = get_string (data, "registro_patronal");
  const char *npie = get_string (data, "npie");
  const char *serial = get_string (data, "serial");
  ProofKind kind;

  if (!g_str_equal (procedure, "idse.request") && !g_str_equal (procedure, "idse.additional") &&
      !g_str_equal (procedure, "idse.cancel") && !g_str_equal (procedure, "idse.renew"))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Unknown procedure",
                    "El servicio no conoce ese trámite.");
      return;
    }
  if (!idse_available (self, msg))
    return;

  kind = g_str_equal (procedure, "idse.cancel") ? PROOF_IDSE
         : g_str_equal (procedure, "idse.renew") ? PROOF_IDSE_RENEW : PROOF_EFIRMA;
  if (!check_proof_kind (self, msg, procedure, body, kind, &applicant))
    return;

  json_builder_begin_object (review);
  json_builder_set_member_name (review, "name");
  json_builder_add_string_value (review, vnt_certificate_get_name (applicant.certificate));
  json_builder_set_member_name (review, "rfc");
  json_builder_add_string_value (review, applicant.rfc);

  if (kind != PROOF_EFIRMA)
    {
      /* Cancellation and renewal: signed by the certificate they act on. */
      const char *number = vnt_certificate_get_number (applicant.certificate);

      if (g_strcmp0 (serial, number) != 0)
        {
          send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not this certificate",
                        "Firma con el mismo certificado digital de IDSE que quieres cancelar o renovar.");
          return;
        }
      row = find_idse_certificate (self, number);
      if (kind == PROOF_IDSE)
        {
          const char *motivo = get_string (data, "motivo");

          if (g_strcmp0 (motivo, "perdida") != 0 && g_strcmp0 (motivo, "compromiso") != 0 &&
              g_strcmp0 (motivo, "cambio") != 0 && g_strcmp0 (motivo, "otro") != 0)
            {
              send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid motivo",
                            "Elige el motivo de la cancelación: pérdida, llave comprometida, cambio u otro.");
              return;
            }
          /* Certificate, user and password: all three. */
          if (g_strcmp0 (usuario, row->pdata[2]) != 0 || !vnt_idse_password_verify (password, row->pdata[3]))
            {
              send_problem (msg, SOUP_STATUS_FORBIDDEN, "idse-credentials-wrong", "Wrong IDSE user or password",
                            "El usuario o la contraseña de IDSE no corresponden a este certificado. Revísalos e inténtalo de nuevo.");
              return;
            }
          json_builder_set_member_name (review, "motivo");
          json_builder_add_string_value (review, motivo);
        }
      else
        {
          if (!check_email (msg, email))
            return;
          csr = check_csr (msg, data);
          if (csr == NULL)
            return;
          csr_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csr);
          json_builder_set_member_name (review, "csr_sha256");
          json_builder_add_string_value (review, csr_sha256);
        }
      json_builder_set_member_name (review, "serial");
      json_builder_add_string_value (review, number);
      json_builder_set_member_name (review, "npie");
      json_builder_add_string_value (review, row->pdata[1]);
      json_builder_set_member_name (review, "usuario");
      json_builder_add_string_value (review, row->pdata[2]);

      /* The password is checked, never kept. */
      json_object_remove_member (data, "password");
      insert_draft (self, msg, &applicant, procedure, data, review, "IDSE", NULL);
      return;
    }

  /* A request: the patrón's (or the company's) e.firma, for its own RFC. */
  if (g_strcmp0 (get_string (data, "rfc"), applicant.rfc) != 0 && g_str_equal (procedure, "idse.request"))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate",
                    "El RFC del patrón no corresponde al de la e.firma. Firma con la e.firma del patrón o de la empresa.");
      return;
    }

  if (g_str_equal (procedure, "idse.request"))
    {
      JsonObject *solicitante = get_object (data, "solicitante");
      const char *rol = get_string (solicitante, "rol");

      if (registro == NULL || !vnt_registro_patronal_validate (registro, NULL))
        {
          g_autofree char *detail = g_strdup_printf ("El registro patronal %s no es válido: son 11 caracteres. "
                                                     "Cópialo como aparece en tu tarjeta de identificación patronal.",
                                                     registro != NULL ? registro : "");

          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-registro-patronal",
                        "Invalid registro patronal", detail);
          return;
        }
      if (!text_is_sane (get_string (data, "razon_social"), 254))
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid razón social",
                        "Escribe el nombre o la razón social del patrón.");
          return;
        }
      if (g_strcmp0 (rol, "patron") != 0 && g_strcmp0 (rol, "sujeto-obligado") != 0 &&
          g_strcmp0 (rol, "representante-legal") != 0)
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid solicitante",
                        "Indica si quien solicita es el patrón, el sujeto obligado o el representante legal.");
          return;
        }
      if (!check_domicilio (msg, get_object (data, "domicilio")))
        return;
    }
  else
    {
      g_autoptr(GPtrArray) employers = NULL;

      if (npie == NULL || !vnt_npie_validate (npie, NULL))
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-npie", "Invalid NPIE",
                        "El NPIE no es válido: son de 1 a 20 letras y/o números.");
          return;
        }
      employers = vnt_sandbox_db_query (self->db, "SELECT registro_patronal FROM idse_employers WHERE npie = ? AND rfc = ?",
                                        "ss", npie, applicant.rfc);
      if (employers->len == 0)
        {
          send_problem (msg, SOUP_STATUS_NOT_FOUND, "npie-not-found", "Unknown NPIE",
                        "No hay un NPIE así para el RFC de esta e.firma. Revisa el NPIE.");
          return;
        }
      registro = employer_registro = g_strdup (((GPtrArray *) employers->pdata[0])->pdata[0]);
      json_builder_set_member_name (review, "npie");
      json_builder_add_string_value (review, npie);
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
      send_internal (msg, error);
      return;
    }
  json_object_remove_member (data, "password");

  csr_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csr);
  json_builder_set_member_name (review, "registro_patronal");
  json_builder_add_string_value (review, registro);
  json_builder_set_member_name (review, "usuario");
  json_builder_add_string_value (review, usuario);
  json_builder_set_member_name (review, "email");
  json_builder_add_string_value (review, email);
  json_builder_set_member_name (review, "csr_sha256");
  json_builder_add_string_value (review, csr_sha256);

  if (!insert_draft (self, msg, &applicant, procedure, data, review, "IDSE", &folio))
    return;

  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT INTO idse_requests (folio, npie, rfc, registro_patronal, usuario, verifier, "
                               "email, csr, deadline, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'draft', ?)",
                               "sssssssbi", folio, npie, applicant.rfc, registro, usuario, verifier, email, csr,
                               g_get_real_time () / G_USEC_PER_SEC))
    send_internal (msg, error);
}

/* Issues a certificate from @csr and records it. Returns the row's serial. */
static char *
issue_certificate (VntSandbox  *self,
                   GBytes      *csr,
                   const char  *common_name,
                   const char  *rfc,
                   const char  *npie,
                   const char  *folio,
                   const char  *usuario,
                   const char  *verifier,
                   const char  *previous_serial,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(GPtrArray) count = vnt_sandbox_db_query (self->db, "SELECT COUNT(*) FROM idse_certificates", NULL);
  g_autoptr(GDateTime) not_before = g_date_time_new_from_unix_utc (now - 60);
  g_autoptr(GDateTime) not_after = g_date_time_add_days (not_before, IDSE_VALIDITY_DAYS);
  g_autoptr(GBytes) der = NULL;
  g_autofree char *number = NULL;
  gint64 n = count->len > 0 ? g_ascii_strtoll (((GPtrArray *) count->pdata[0])->pdata[0], NULL, 10) : 0;

  /* 20 digits, as SAT numbers its certificates; sequential per service. */
  number = g_strdup_printf ("00001%015" G_GINT64_FORMAT, n + 1);
  der = vnt_idse_ca_issue (self->idse_ca, csr, common_name, rfc, number, not_before, not_after, error);
  if (der == NULL ||
      !vnt_sandbox_db_execute (self->db, NULL, error,
                               "INSERT INTO idse_certificates (serial, npie, folio, usuario, verifier, der, not_before, "
                               "not_after, status, previous_serial, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?)",
                               "sssssbiisi", number, npie, folio, usuario, verifier, der,
                               g_date_time_to_unix (not_before), g_date_time_to_unix (not_after), previous_serial, now))
    return NULL;

  return g_steal_pointer (&number);
}

static gboolean
effect_idse (VntSandbox        *self,
             SoupServerMessage *msg,
             VntSandboxTramite *tramite,
             JsonObject        *review,
             gint64             now,
             JsonBuilder       *out,
             const char       **message,
             const char       **status)
{
  g_autoptr(JsonObject) data = text_to_object (tramite->data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) row = NULL;
  const char *serial = get_string (review, "serial");
  guint changes = 0;

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

      if (!vnt_sandbox_db_execute (self->db, &changes, &error,
                                   "UPDATE idse_requests SET status = 'pending', deadline = ? WHERE folio = ? AND status = 'draft'",
                                   "ss", deadline_text, tramite->folio) ||
          changes != 1)
        {
          send_internal (msg, error);
          return FALSE;
        }

      if (g_str_equal (tramite->procedure, "idse.additional"))
        {
          json_builder_set_member_name (out, "npie");
          json_builder_add_string_value (out, get_string (review, "npie"));
        }
      json_builder_set_member_name (out, "registro_patronal");
      json_builder_add_string_value (out, get_string (review, "registro_patronal"));
      json_builder_set_member_name (out, "rfc");
      json_builder_add_string_value (out, tramite->applicant_rfc);
      json_builder_set_member_name (out, "usuario");
      json_builder_add_string_value (out, get_string (review, "usuario"));
      json_builder_set_member_name (out, "deadline");
      json_builder_add_string_value (out, deadline_text);
      json_builder_set_member_name (out, "csr_sha256");
      json_builder_add_string_value (out, get_string (review, "csr_sha256"));

      /* The message outlives this call: keep it with the message. */
      text = g_strdup_printf ("Tu solicitud fue registrada. Acude a tu Subdelegación a más tardar el %s para concluirla.",
                              deadline_text);
      g_object_set_data_full (G_OBJECT (msg), "vnt-acuse-message", g_steal_pointer (&text), g_free);
      *message = g_object_get_data (G_OBJECT (msg), "vnt-acuse-message");
      *status = "pending";
      return TRUE;
    }

  row = find_idse_certificate (self, serial);
  if (row == NULL || !g_str_equal (row->pdata[0], "valid"))
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "certificate-revoked", "The certificate was cancelled",
                    "Este certificado digital de IDSE ya fue cancelado o renovado.");
      return FALSE;
    }

  if (g_str_equal (tramite->procedure, "idse.cancel"))
    {
      if (!vnt_sandbox_db_execute (self->db, &changes, &error,
                                   "UPDATE idse_certificates SET status = 'cancelled', changed_at = ? "
                                   "WHERE serial = ? AND status = 'valid'", "is", now, serial) ||
          changes != 1)
        {
          send_internal (msg, error);
          return FALSE;
        }
      json_builder_set_member_name (out, "serial");
      json_builder_add_string_value (out, serial);
      json_builder_set_member_name (out, "motivo");
      json_builder_add_string_value (out, get_string (review, "motivo"));
      *message = "Tu certificado digital fue cancelado.";
      return TRUE;
    }
  else
    {
      g_autoptr(GBytes) csr = NULL;
      g_autofree char *new_serial = NULL;
      g_autofree char *not_after = NULL;
      g_autoptr(GPtrArray) issued = NULL;
      guchar *bytes;
      gsize len = 0;

      bytes = g_base64_decode (get_string (data, "csr"), &len);
      csr = g_bytes_new_take (bytes, len);
      /* The renewed certificate keeps the NPIE, user and password. */
      new_serial = issue_certificate (self, csr, get_string (review, "name"), tramite->applicant_rfc,
                                      row->pdata[1], tramite->folio, row->pdata[2], row->pdata[3], serial,
                                      now, &error);
      if (new_serial == NULL ||
          !vnt_sandbox_db_execute (self->db, NULL, &error,
                                   "UPDATE idse_certificates SET status = 'renewed', changed_at = ? WHERE serial = ?",
                                   "is", now, serial))
        {
          send_internal (msg, error);
          return FALSE;
        }
      issued = find_idse_certificate (self, new_serial);
      not_after = format_unix (g_ascii_strtoll (issued->pdata[4], NULL, 10));

      json_builder_set_member_name (out, "previous_serial");
      json_builder_add_string_value (out, serial);
      json_builder_set_member_name (out, "serial");
      json_builder_add_string_value (out, new_serial);
      json_builder_set_member_name (out, "npie");
      json_builder_add_string_value (out, row->pdata[1]);
      json_builder_set_member_name (out, "not_after");
      json_builder_add_string_value (out, not_after);
      *message = "Se ha generado exitosamente su Certificado Digital.";
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
  g_autofree char *not_before = format_unix (g_ascii_strtoll (row->pdata[6], NULL, 10));
  g_autofree char *not_after = format_unix (g_ascii_strtoll (row->pdata[4], NULL, 10));
  const char *status = row->pdata[0];

  if (g_str_equal (status, "valid") && g_ascii_strtoll (row->pdata[4], NULL, 10) < now)
    status = "expired";

  json_builder_set_member_name (builder, "serial");
  json_builder_add_string_value (builder, serial);
  json_builder_set_member_name (builder, "npie");
  json_builder_add_string_value (builder, row->pdata[1]);
  json_builder_set_member_name (builder, "not_before");
  json_builder_add_string_value (builder, not_before);
  json_builder_set_member_name (builder, "not_after");
  json_builder_add_string_value (builder, not_after);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (with_der)
    {
      json_builder_set_member_name (builder, "der");
      json_builder_add_string_value (builder, row->pdata[5]);
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

static void
handle_idse_npie (VntSandbox        *self,
                  SoupServerMessage *msg,
                  const char        *npie)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) employer = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!vnt_npie_validate (npie, NULL))
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-npie", "Invalid NPIE",
                    "El NPIE no es válido: son de 1 a 20 letras y/o números.");
      return;
    }
  employer = vnt_sandbox_db_query (self->db, "SELECT rfc, registro_patronal FROM idse_employers WHERE npie = ?", "s", npie);
  if (employer->len == 0)
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "npie-not-found", "Unknown NPIE",
                    "No hay certificados digitales para ese NPIE. Revisa el NPIE.");
      return;
    }

  rows = vnt_sandbox_db_query (self->db,
                               "SELECT status, npie, usuario, '', not_after, '', not_before, serial "
                               "FROM idse_certificates WHERE npie = ? ORDER BY serial", "s", npie);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "npie");
  json_builder_add_string_value (builder, npie);
  json_builder_set_member_name (builder, "rfc");
  json_builder_add_string_value (builder, ((GPtrArray *) employer->pdata[0])->pdata[0]);
  json_builder_set_member_name (builder, "registro_patronal");
  json_builder_add_string_value (builder, ((GPtrArray *) employer->pdata[0])->pdata[1]);
  json_builder_set_member_name (builder, "certificates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = rows->pdata[i];

      add_certificate (builder, row->pdata[7], row, now, FALSE);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* find_idse_certificate(), or NULL having sent the problem. */
static GPtrArray *
find_idse_certificate_or_404 (VntSandbox        *self,
                              SoupServerMessage *msg,
                              const char        *serial)
{
  GPtrArray *row = find_idse_certificate (self, serial);

  if (row == NULL)
    send_problem (msg, SOUP_STATUS_NOT_FOUND, "certificate-not-found", "Unknown IDSE certificate",
                  "No hay un certificado digital de IDSE con ese número de serie. Revísalo.");

  return row;
}

/* When the "Carta de Condiciones de Uso" of @serial was accepted
 * (formatted), or NULL if it was not. */
static char *
conditions_accepted_at (VntSandbox *self,
                        const char *serial)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT accepted_at FROM idse_conditions WHERE serial = ?",
                                                    "s", serial);

  if (rows->len == 0)
    return NULL;

  return format_unix (g_ascii_strtoll (((GPtrArray *) rows->pdata[0])->pdata[0], NULL, 10));
}

static void
handle_idse_certificate (VntSandbox        *self,
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
  json_builder_set_member_name (builder, "conditions_accepted_at");
  if (accepted != NULL)
    json_builder_add_string_value (builder, accepted);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- POST /v1/idse/certificates/{serial}/conditions ---- */

/* The "Carta de Condiciones de Uso", signed with the certificate it is
 * about. Accepting it again answers with the first acceptance. */
static void
handle_idse_conditions (VntSandbox        *self,
                        SoupServerMessage *msg,
                        const char        *serial,
                        GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_object (body);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *sha256 = NULL;
  g_autofree char *accepted_at = NULL;
  const Carta *carta = find_carta (CONDICIONES_ID);
  JsonObject *terms = get_object (request, "accept_terms");

  if (request == NULL)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "Malformed request",
                    "La solicitud no tiene la forma que el servicio espera ({\"accept_terms\"}).");
      return;
    }

  if (!idse_available (self, msg))
    return;

  row = find_idse_certificate_or_404 (self, msg, serial);
  if (row == NULL)
    return;

  if (!check_proof_kind (self, msg, "idse.conditions", body, PROOF_IDSE, &applicant))
    return;

  if (g_strcmp0 (vnt_certificate_get_number (applicant.certificate), serial) != 0)
    {
      send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Signed with another certificate",
                    "Firma la Carta de Condiciones de Uso con el certificado digital de IDSE al que se refiere.");
      return;
    }

  sha256 = terms_sha256 (carta);
  if (!terms_accept_carta (terms, carta))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "terms-not-accepted", "The carta was not accepted",
                    "Para seguir usando tu certificado digital, lee y acepta la Carta de Condiciones de Uso vigente.");
      return;
    }

  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT OR IGNORE INTO idse_conditions (serial, version, sha256, accepted_at) "
                               "VALUES (?, ?, ?, ?)",
                               "sssi", serial, carta->version, sha256,
                               (gint64) (g_get_real_time () / G_USEC_PER_SEC)))
    {
      send_internal (msg, error);
      return;
    }
  accepted_at = conditions_accepted_at (self, serial);
  if (accepted_at == NULL)
    {
      send_internal (msg, NULL);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "serial");
  json_builder_add_string_value (builder, serial);
  json_builder_set_member_name (builder, "terms");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, carta->id);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, carta->version);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "accepted_at");
  json_builder_add_string_value (builder, accepted_at);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- GET /v1/idse/requests/{folio} ---- */

static void
add_request_status (VntSandbox  *self,
                    JsonBuilder *builder,
                    const char  *folio)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT status, deadline, npie, serial FROM idse_requests WHERE folio = ?",
                                                    "s", folio);
  GPtrArray *request = rows->len > 0 ? rows->pdata[0] : NULL;
  g_autoptr(GPtrArray) certificate = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "folio");
  json_builder_add_string_value (builder, folio);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, request != NULL ? request->pdata[0] : "draft");
  json_builder_set_member_name (builder, "deadline");
  json_builder_add_string_value (builder, request != NULL ? request->pdata[1] : "");
  json_builder_set_member_name (builder, "npie");
  if (request != NULL && request->pdata[2] != NULL && g_str_equal (request->pdata[0], "issued"))
    json_builder_add_string_value (builder, request->pdata[2]);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "certificate");
  if (request != NULL && request->pdata[3] != NULL &&
      (certificate = find_idse_certificate (self, request->pdata[3])) != NULL)
    add_certificate (builder, request->pdata[3], certificate, g_get_real_time () / G_USEC_PER_SEC, TRUE);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
handle_idse_request (VntSandbox        *self,
                     SoupServerMessage *msg,
                     const char        *folio)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Applicant) applicant = { 0 };

  tramite = owned_tramite (self, msg, folio, "tramite.read", NULL, &applicant);
  if (tramite == NULL)
    return;
  if (!g_str_equal (tramite->procedure, "idse.request") && !g_str_equal (tramite->procedure, "idse.additional"))
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "Not an IDSE request",
                    "Ese folio no es de una solicitud de certificado digital de IDSE.");
      return;
    }

  add_request_status (self, builder, folio);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- POST /v1/sandbox/idse/requests/{folio}/conclude (practice only) ---- */

/* What the employer does at the Subdelegación: within the deadline, the
 * request is concluded, the NPIE assigned and the certificate issued. */
static void
handle_sandbox_conclude (VntSandbox        *self,
                         SoupServerMessage *msg,
                         const char        *folio,
                         GBytes            *body)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csr = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *npie = NULL;
  GPtrArray *request;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GDate today;
  guchar *bytes;
  gsize len = 0;

  if (!self->practice)
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such endpoint",
                    "El servicio no conoce esta dirección. Revisa la dirección del servicio.");
      return;
    }
  if (!idse_available (self, msg))
    return;

  rows = vnt_sandbox_db_query (self->db,
                               "SELECT status, deadline, npie, rfc, registro_patronal, usuario, verifier, csr "
                               "FROM idse_requests WHERE folio = ?", "s", folio);
  tramite = vnt_sandbox_db_find_tramite (self->db, folio);
  if (rows->len == 0 || tramite == NULL)
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "No such IDSE request",
                    "No existe una solicitud de certificado digital con ese folio. Revisa el folio.");
      return;
    }
  request = rows->pdata[0];
  if (!g_str_equal (request->pdata[0], "pending"))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "tramite-not-draft", "The request is not pending",
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
          send_internal (msg, error);
          return;
        }
      send_problem (msg, SOUP_STATUS_CONFLICT, "idse-request-expired", "The request expired",
                    "Pasó la fecha límite para concluir la solicitud en la Subdelegación. Haz una solicitud nueva.");
      return;
    }

  if (request->pdata[2] != NULL)
    npie = g_strdup (request->pdata[2]);
  else
    {
      g_autoptr(GPtrArray) employers = vnt_sandbox_db_query (self->db,
                                                             "SELECT npie FROM idse_employers WHERE rfc = ? AND registro_patronal = ?",
                                                             "ss", request->pdata[3], request->pdata[4]);
      g_autoptr(GPtrArray) count = vnt_sandbox_db_query (self->db, "SELECT COUNT(*) FROM idse_employers", NULL);

      if (employers->len > 0)
        npie = g_strdup (((GPtrArray *) employers->pdata[0])->pdata[0]);
      else
        {
          npie = g_strdup_printf ("SB%08" G_GINT64_FORMAT,
                                  g_ascii_strtoll (((GPtrArray *) count->pdata[0])->pdata[0], NULL, 10) + 1);
          g_assert (vnt_npie_validate (npie, NULL));
          if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                                       "INSERT INTO idse_employers (npie, rfc, registro_patronal, created_at) VALUES (?, ?, ?, ?)",
                                       "sssi", npie, request->pdata[3], request->pdata[4], now))
            {
              send_internal (msg, error);
              return;
            }
        }
    }

  review = text_to_object (tramite->review);
  bytes = g_base64_decode (request->pdata[7], &len);
  csr = g_bytes_new_take (bytes, len);
  serial = issue_certificate (self, csr, get_string (review, "name"), request->pdata[3], npie, folio,
                              request->pdata[5], request->pdata[6], NULL, now, &error);
  if (serial == NULL ||
      !vnt_sandbox_db_execute (self->db, NULL, &error,
                               "UPDATE idse_requests SET status = 'issued', npie = ?, serial = ? WHERE folio = ?",
                               "sss", npie, serial, folio) ||
      !vnt_sandbox_db_execute (self->db, NULL, &error,
                               "UPDATE tramites SET status = 'concluded' WHERE folio = ?", "s", folio))
    {
      send_internal (msg, error);
      return;
    }

  add_request_status (self, builder, folio);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- Idempotency-Key (docs/protocol.md §3) ---- */

typedef void (*PostHandler) (VntSandbox        *self,
                             SoupServerMessage *msg,
                             const char        *arg,
                             GBytes            *body);

static gboolean
idempotency_key_is_valid (const char *key)
{
  gsize len = key != NULL ? strlen (key) : 0;

  if (len < 16 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '-' && key[i] != '_')
      return FALSE;

  return TRUE;
}

static void
handle_idempotent (VntSandbox        *self,
                   SoupServerMessage *msg,
                   const char        *arg,
                   gsize              max_body,
                   PostHandler        handler)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *signature = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_SIGNATURE);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autoptr(GBytes) body = request_body (msg);
  g_autofree char *body_sha256 = vnt_proof_body_sha256 (body);
  g_autoptr(VntSandboxStoredAnswer) stored = NULL;
  g_autoptr(GBytes) answer_body = NULL;
  g_autoptr(GError) error = NULL;
  VntSandboxStoredAnswer answer = { 0 };
  guint status;

  if (g_bytes_get_size (body) > max_body)
    {
      send_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", "Body too large",
                    "La solicitud es demasiado grande.");
      return;
    }

  if (!idempotency_key_is_valid (key))
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "idempotency-key-required", "An Idempotency-Key is required",
                    "Falta la clave de idempotencia de la solicitud. Actualiza Ventanilla e inténtalo de nuevo.");
      return;
    }

  if (!vnt_sandbox_db_begin (self->db, &error))
    {
      send_internal (msg, error);
      return;
    }

  /* Before the proof: a retry of the very same request (same nonce and
   * signature) gets the first answer, not "nonce-used". */
  stored = vnt_sandbox_db_find_answer (self->db, key);
  if (stored != NULL)
    {
      vnt_sandbox_db_rollback (self->db);

      if (g_str_equal (stored->method, soup_server_message_get_method (msg)) &&
          g_str_equal (stored->path, path) &&
          g_str_equal (stored->body_sha256, body_sha256) &&
          g_str_equal (stored->signature, signature != NULL ? signature : ""))
        {
          soup_server_message_set_status (msg, stored->status, NULL);
          soup_server_message_set_response (msg, stored->content_type, SOUP_MEMORY_COPY,
                                            g_bytes_get_data (stored->body, NULL),
                                            g_bytes_get_size (stored->body));
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Idempotent-Replayed", "true");
        }
      else
        send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                      "The Idempotency-Key was used for another request",
                      "La clave de idempotencia ya se usó para otra solicitud. Actualiza Ventanilla e inténtalo de nuevo.");
      return;
    }

  handler (self, msg, arg, body);

  status = soup_server_message_get_status (msg);
  if (status >= 500)
    {
      vnt_sandbox_db_rollback (self->db);
      return;
    }

  answer_body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  answer.method = (char *) soup_server_message_get_method (msg);
  answer.path = (char *) path;
  answer.body_sha256 = body_sha256;
  answer.signature = (char *) (signature != NULL ? signature : "");
  answer.status = status;
  answer.content_type = (char *) soup_message_headers_get_content_type (soup_server_message_get_response_headers (msg), NULL);
  if (answer.content_type == NULL)
    answer.content_type = (char *) "application/json";
  answer.body = answer_body;

  if (!vnt_sandbox_db_store_answer (self->db, key, &answer, g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      vnt_sandbox_db_rollback (self->db);
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Location");
      send_internal (msg, error);
      return;
    }

  /* A failed commit rolls back by itself. */
  if (!vnt_sandbox_db_commit (self->db, &error))
    {
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Location");
      send_internal (msg, error);
    }
}

static void
post_start_tramite (VntSandbox        *self,
                    SoupServerMessage *msg,
                    const char        *arg,
                    GBytes            *body)
{
  handle_start_tramite (self, msg, body);
}

static void
post_finalize (VntSandbox        *self,
               SoupServerMessage *msg,
               const char        *folio,
               GBytes            *body)
{
  handle_finalize (self, msg, folio, body);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  VntSandbox *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/v1/") || g_str_equal (path, "/v1"))
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_root (self, msg);
    }
  else if (g_str_equal (path, "/v1/nonces"))
    {
      if (method != SOUP_METHOD_POST)
        goto not_allowed;
      handle_nonces (self, msg);
    }
  else if (g_str_has_prefix (path, "/v1/accounts/") && g_str_has_suffix (path, "/companies") &&
           strlen (path) > strlen ("/v1/accounts//companies"))
    {
      g_autofree char *curp = g_strndup (path + strlen ("/v1/accounts/"),
                                         strlen (path) - strlen ("/v1/accounts/") - strlen ("/companies"));

      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_companies (self, msg, curp);
    }
  else if (g_str_has_prefix (path, "/v1/accounts/") && strchr (path + strlen ("/v1/accounts/"), '/') == NULL)
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_account (self, msg, path + strlen ("/v1/accounts/"));
    }
  else if (g_str_has_prefix (path, "/v1/terms/") && strchr (path + strlen ("/v1/terms/"), '/') == NULL)
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_terms (self, msg, path + strlen ("/v1/terms/"));
    }
  else if (g_str_equal (path, "/v1/tramites"))
    {
      if (method == SOUP_METHOD_GET)
        handle_list_tramites (self, msg, query);
      else if (method == SOUP_METHOD_POST)
        handle_idempotent (self, msg, NULL, MAX_JSON_BODY, post_start_tramite);
      else
        goto not_allowed;
    }
  else if (g_str_has_prefix (path, "/v1/tramites/"))
    {
      g_autofree char *folio = g_strdup (path + strlen ("/v1/tramites/"));
      char *slash = strchr (folio, '/');

      if (slash == NULL)
        {
          if (method == SOUP_METHOD_GET)
            handle_read_tramite (self, msg, folio);
          else if (method == SOUP_METHOD_PUT)
            handle_idempotent (self, msg, folio, MAX_JSON_BODY, handle_update_tramite);
          else if (method == SOUP_METHOD_DELETE)
            handle_idempotent (self, msg, folio, MAX_JSON_BODY, handle_cancel_tramite);
          else
            goto not_allowed;
        }
      else if (g_str_equal (slash, "/finalize"))
        {
          *slash = '\0';
          if (method != SOUP_METHOD_POST)
            goto not_allowed;
          handle_idempotent (self, msg, folio, MAX_JSON_BODY, post_finalize);
        }
      else if (g_str_equal (slash, "/signatures"))
        {
          *slash = '\0';
          if (method != SOUP_METHOD_POST)
            goto not_allowed;
          handle_idempotent (self, msg, folio, MAX_JSON_BODY, handle_cosign);
        }
      else if (g_str_has_prefix (slash, "/attachments/") &&
               strchr (slash + strlen ("/attachments/"), '/') == NULL &&
               slash[strlen ("/attachments/")] != '\0')
        {
          /* The handler splits "folio/kind" itself. */
          memmove (slash + 1, slash + strlen ("/attachments/"), strlen (slash + strlen ("/attachments/")) + 1);
          if (method != SOUP_METHOD_PUT)
            goto not_allowed;
          handle_idempotent (self, msg, folio, MAX_UPLOAD_BODY, handle_attachment);
        }
      else
        goto not_found;
    }
  else if (g_str_has_prefix (path, "/v1/idse/npie/") && strchr (path + strlen ("/v1/idse/npie/"), '/') == NULL)
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_idse_npie (self, msg, path + strlen ("/v1/idse/npie/"));
    }
  else if (g_str_has_prefix (path, "/v1/idse/certificates/") && g_str_has_suffix (path, "/conditions") &&
           strlen (path) > strlen ("/v1/idse/certificates//conditions") &&
           strchr (path + strlen ("/v1/idse/certificates/"), '/') == path + strlen (path) - strlen ("/conditions"))
    {
      g_autofree char *serial = g_strndup (path + strlen ("/v1/idse/certificates/"),
                                           strlen (path) - strlen ("/v1/idse/certificates/") - strlen ("/conditions"));

      if (method != SOUP_METHOD_POST)
        goto not_allowed;
      handle_idempotent (self, msg, serial, MAX_JSON_BODY, handle_idse_conditions);
    }
  else if (g_str_has_prefix (path, "/v1/idse/certificates/") &&
           strchr (path + strlen ("/v1/idse/certificates/"), '/') == NULL)
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_idse_certificate (self, msg, path + strlen ("/v1/idse/certificates/"));
    }
  else if (g_str_has_prefix (path, "/v1/idse/requests/") && strchr (path + strlen ("/v1/idse/requests/"), '/') == NULL)
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_idse_request (self, msg, path + strlen ("/v1/idse/requests/"));
    }
  else if (g_str_has_prefix (path, "/v1/sandbox/idse/requests/") && g_str_has_suffix (path, "/conclude"))
    {
      g_autofree char *folio = g_strndup (path + strlen ("/v1/sandbox/idse/requests/"),
                                          strlen (path) - strlen ("/v1/sandbox/idse/requests/") - strlen ("/conclude"));

      if (method != SOUP_METHOD_POST)
        goto not_allowed;
      handle_idempotent (self, msg, folio, MAX_JSON_BODY, handle_sandbox_conclude);
    }
  else if (g_str_has_prefix (path, "/v1/acuses/") && strchr (path + strlen ("/v1/acuses/"), '/') == NULL)
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      handle_read_acuse (self, msg, path + strlen ("/v1/acuses/"));
    }
  else
    goto not_found;
  return;

not_found:
  send_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such endpoint",
                "El servicio no conoce esta dirección. Revisa la dirección del servicio.");
  return;

not_allowed:
  send_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "El servicio no acepta esta operación en esta dirección.");
}

/* ------------------------------------------------------------------ */

VntSandbox *
vnt_sandbox_new (VntSandboxDb       *db,
                 VntServiceIdentity *identity,
                 gboolean            practice)
{
  VntSandbox *self;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (VNT_IS_SERVICE_IDENTITY (identity), NULL);

  self = g_object_new (VNT_TYPE_SANDBOX, NULL);
  self->db = db;
  self->identity = g_object_ref (identity);
  self->practice = practice;

  /* The installed non-working days too, when there are any; the law's
   * always. */
  self->calendar = vnt_calendar_new_default (NULL);
  if (self->calendar == NULL)
    self->calendar = vnt_calendar_new ();

  return self;
}

gboolean
vnt_sandbox_listen (VntSandbox          *self,
                    GInetSocketAddress  *address,
                    gboolean             tls,
                    GError             **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (VNT_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  if (!tls && !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "Plain HTTP is only allowed on a loopback address (127.0.0.1 or ::1); use HTTPS.");
      return FALSE;
    }

  if (tls)
    {
      g_autoptr(GByteArray) pem = g_byte_array_new ();
      GBytes *cert_pem = vnt_service_identity_get_certificate_pem (self->identity);
      GBytes *key_pem = vnt_service_identity_get_key_pem (self->identity);

      g_byte_array_append (pem, g_bytes_get_data (cert_pem, NULL), g_bytes_get_size (cert_pem));
      g_byte_array_append (pem, (const guint8 *) "\n", 1);
      g_byte_array_append (pem, g_bytes_get_data (key_pem, NULL), g_bytes_get_size (key_pem));
      certificate = g_tls_certificate_new_from_pem ((const char *) pem->data, pem->len, error);
      if (certificate == NULL)
        return FALSE;
    }

  self->server = soup_server_new ("server-header", "ventanilla-sandbox ",
                                  "tls-certificate", certificate,
                                  NULL);
  soup_server_add_handler (self->server, "/v1", handle_cb, self, NULL);

  if (!soup_server_listen (self->server, G_SOCKET_ADDRESS (address),
                           tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  self->tls = tls;
  return TRUE;
}

char *
vnt_sandbox_get_url (VntSandbox *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (VNT_IS_SANDBOX (self), NULL);

  if (self->server == NULL)
    return NULL;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);

      url = g_strdup_printf ("%s://%s%s%s:%d", self->tls ? "https" : "http",
                             strchr (host, ':') != NULL ? "[" : "", host,
                             strchr (host, ':') != NULL ? "]" : "", g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

VntSandboxDb *
vnt_sandbox_get_db (VntSandbox *self)
{
  g_return_val_if_fail (VNT_IS_SANDBOX (self), NULL);
  return self->db;
}

void
vnt_sandbox_disconnect (VntSandbox *self)
{
  g_return_if_fail (VNT_IS_SANDBOX (self));

  if (self->server != NULL)
    soup_server_disconnect (self->server);
}

void
vnt_sandbox_set_idse_ca (VntSandbox *self,
                         VntIdseCa  *ca)
{
  g_return_if_fail (VNT_IS_SANDBOX (self));
  g_set_object (&self->idse_ca, ca);
}

void
vnt_sandbox_set_calendar (VntSandbox  *self,
                          VntCalendar *calendar)
{
  g_return_if_fail (VNT_IS_SANDBOX (self));
  g_return_if_fail (VNT_IS_CALENDAR (calendar));
  g_set_object (&self->calendar, calendar);
}

void
vnt_sandbox_set_today_for_testing (VntSandbox  *self,
                                   const GDate *today)
{
  g_return_if_fail (VNT_IS_SANDBOX (self));

  if (today != NULL)
    self->today = *today;
  else
    g_date_clear (&self->today, 1);
}
