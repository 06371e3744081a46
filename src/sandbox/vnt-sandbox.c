/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "core/vnt-curp.h"
#include "crypto/vnt-crypto.h"
#include "net/vnt-proof.h"
#include "sandbox/vnt-sandbox.h"

/* The problem `detail`s are protocol content, Spanish whatever the server's
 * locale (docs/protocol.md §4), so they are written in Spanish here. */

#define PROBLEM_TYPE_BASE "https://ventanilla.github.io/problems/"
#define MAX_JSON_BODY (64 * 1024)
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

struct _VntSandbox
{
  GObject             parent_instance;

  VntSandboxDb       *db;
  VntServiceIdentity *identity;
  gboolean            practice;
  gboolean            tls;
  SoupServer         *server;
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

/* Checks the proof for @procedure over @body. On failure sends the problem
 * and returns FALSE. */
static gboolean
check_proof (VntSandbox        *self,
             SoupServerMessage *msg,
             const char        *procedure,
             GBytes            *body,
             gboolean           require_efirma,
             Applicant         *applicant)
{
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
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "max_attachment_size");
  json_builder_add_int_value (builder, 1048576);
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
terms_sha256 (void)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, ctc_ev_text, -1);
}

static const char *
procedure_name (const char *procedure)
{
  if (g_str_equal (procedure, "account.update"))
    return "Actualización de la e.firma";
  if (g_str_equal (procedure, "account.create"))
    return "Crear cuenta";

  return procedure;
}

static void
add_tramite (JsonBuilder       *builder,
             VntSandboxTramite *tramite)
{
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
  if (draft)
    json_builder_add_string_value (builder, CTC_EV_ID);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cosigners");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "message");
  if (g_str_equal (tramite->procedure, "account.update") && draft)
    json_builder_add_string_value (builder, "Se detectó que el número de serie de su firma digital fue modificado.");
  else if (draft)
    json_builder_add_string_value (builder, "Revisa tus datos y acepta la carta de términos y condiciones para terminar.");
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
  g_autofree char *sha256 = terms_sha256 ();

  if (!g_str_equal (id, CTC_EV_ID))
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such carta",
                    "El servicio no tiene esa carta de términos.");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, CTC_EV_ID);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, CTC_EV_VERSION);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, CTC_EV_TITLE);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, ctc_ev_text);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- POST /v1/tramites ---- */

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

  if (g_strcmp0 (get_string (data, "curp"), applicant.curp) != 0)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "curp-mismatch", "The CURP does not match the certificate",
                    "La CURP capturada no corresponde a la de tu e.firma. Revisa la CURP o elige la e.firma correcta.");
      return;
    }
  if (g_strcmp0 (get_string (data, "rfc"), applicant.rfc) != 0)
    {
      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate",
                    "El RFC capturado no corresponde al de tu e.firma. Revisa el RFC o elige la e.firma correcta.");
      return;
    }

  if (!vnt_curp_validate (applicant.curp, NULL))
    {
      g_autofree char *detail = g_strdup_printf ("La CURP %s no es válida. Revisa sus 18 caracteres.", applicant.curp);

      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-curp", "Invalid CURP", detail);
      return;
    }

  if (!update)
    {
      email = get_string (data, "email");
      if (email == NULL || strchr (email, '@') == NULL || strpbrk (email, " \t\r\n") != NULL ||
          strlen (email) > 254)
        {
          send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid e-mail address",
                        "El correo electrónico no es válido. Revísalo e inténtalo de nuevo.");
          return;
        }
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

  add_tramite (builder, tramite);
  send_json (msg, SOUP_STATUS_CREATED, "application/json", builder);
  {
    g_autofree char *location = g_strconcat ("/v1/tramites/", tramite->folio, NULL);
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  }
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
  g_autoptr(VntSandboxTramite) tramite = vnt_sandbox_db_find_tramite (self->db, folio);

  if (tramite == NULL)
    {
      send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "No such trámite",
                    "No existe un trámite con ese folio. Revisa el folio.");
      return NULL;
    }

  if (!check_proof (self, msg, procedure, body, TRUE, applicant))
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

static void
handle_finalize (VntSandbox        *self,
                 SoupServerMessage *msg,
                 const char        *folio,
                 GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_object (body);
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonParser) data_parser = json_parser_new ();
  g_autoptr(JsonBuilder) payload_builder = json_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *expected_sha256 = terms_sha256 ();
  g_autofree char *request_sha256 = vnt_proof_body_sha256 (body);
  g_autofree char *received = NULL;
  g_autofree char *concluded = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *payload_text = NULL;
  JsonObject *terms = get_object (request, "accept_terms");
  JsonObject *data;
  gboolean update;
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

  if (terms == NULL || g_strcmp0 (get_string (terms, "id"), CTC_EV_ID) != 0 ||
      g_strcmp0 (get_string (terms, "version"), CTC_EV_VERSION) != 0 ||
      g_strcmp0 (get_string (terms, "sha256"), expected_sha256) != 0)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "terms-not-accepted", "The carta was not accepted",
                    "Para concluir, lee y acepta la carta de términos y condiciones vigente.");
      return;
    }

  update = g_str_equal (tramite->procedure, "account.update");
  if (!json_parser_load_from_data (data_parser, tramite->review, -1, NULL))
    {
      send_internal (msg, NULL);
      return;
    }
  data = json_node_get_object (json_parser_get_root (data_parser));
  name = get_string (data, "name");

  /* The effect, the acuse and (in the caller) the idempotent answer are one
   * transaction: all of it or none of it. */
  if (update)
    {
      if (!vnt_sandbox_db_set_account_certificate (self->db, tramite->applicant_curp,
                                                   tramite->certificate_number,
                                                   g_date_time_to_unix (now), &error))
        {
          send_internal (msg, error);
          return;
        }
    }
  else
    {
      VntSandboxAccount account = {
        .curp = tramite->applicant_curp,
        .rfc = tramite->applicant_rfc,
        .name = (char *) name,
        .certificate_number = tramite->certificate_number,
        .email = (char *) get_string (data, "email"),
        .created_at = g_date_time_to_unix (now),
        .updated_at = g_date_time_to_unix (now),
      };

      if (!vnt_sandbox_db_add_account (self->db, &account, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            send_problem (msg, SOUP_STATUS_CONFLICT, "account-exists", "An account already exists",
                          "Ya existe una cuenta del Escritorio Virtual para esta CURP. Ingresa con ella, o actualiza tu e.firma.");
          else
            send_internal (msg, error);
          return;
        }
    }

  if (!vnt_sandbox_db_conclude_tramite (self->db, tramite->folio, g_date_time_to_unix (now), &error))
    {
      send_internal (msg, error);
      return;
    }
  g_free (tramite->status);
  tramite->status = g_strdup ("concluded");
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
  json_builder_add_string_value (payload_builder, "concluded");
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
  json_builder_begin_object (payload_builder);
  if (update)
    {
      json_builder_set_member_name (payload_builder, "previous_certificate_number");
      json_builder_add_string_value (payload_builder, get_string (data, "previous_certificate_number"));
      json_builder_set_member_name (payload_builder, "certificate_number");
      json_builder_add_string_value (payload_builder, tramite->certificate_number);
    }
  else
    {
      json_builder_set_member_name (payload_builder, "curp");
      json_builder_add_string_value (payload_builder, tramite->applicant_curp);
      json_builder_set_member_name (payload_builder, "rfc");
      json_builder_add_string_value (payload_builder, tramite->applicant_rfc);
      json_builder_set_member_name (payload_builder, "name");
      json_builder_add_string_value (payload_builder, name);
      json_builder_set_member_name (payload_builder, "certificate_number");
      json_builder_add_string_value (payload_builder, tramite->certificate_number);
      json_builder_set_member_name (payload_builder, "email");
      json_builder_add_string_value (payload_builder, get_string (data, "email"));
    }
  json_builder_end_object (payload_builder);
  json_builder_set_member_name (payload_builder, "message");
  json_builder_add_string_value (payload_builder,
                                 update ? "La actualización de la cuenta de usuario fue correcta."
                                        : "Tu cuenta del Escritorio Virtual fue creada. Podrás usarla en 30 minutos.");
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
  add_tramite (builder, tramite);
  json_builder_set_member_name (builder, "acuse");
  add_acuse (builder, self->identity, payload, signature);
  json_builder_end_object (builder);

  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
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

  add_tramite (builder, tramite);
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

  if (g_bytes_get_size (body) > MAX_JSON_BODY)
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
      if (method != SOUP_METHOD_POST)
        goto not_allowed;
      handle_idempotent (self, msg, NULL, post_start_tramite);
    }
  else if (g_str_has_prefix (path, "/v1/tramites/"))
    {
      g_autofree char *folio = g_strdup (path + strlen ("/v1/tramites/"));
      char *slash = strchr (folio, '/');

      if (slash == NULL)
        {
          if (method != SOUP_METHOD_GET)
            goto not_allowed;
          handle_read_tramite (self, msg, folio);
        }
      else if (g_str_equal (slash, "/finalize"))
        {
          *slash = '\0';
          if (method != SOUP_METHOD_POST)
            goto not_allowed;
          handle_idempotent (self, msg, folio, post_finalize);
        }
      else
        goto not_found;
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
