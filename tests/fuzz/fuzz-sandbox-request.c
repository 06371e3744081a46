/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for what ventanilla-sandbox reads from a request before
 * it trusts anyone: the request line and headers (libsoup's own parser,
 * as the server runs it), the route, the size, encoding and media type
 * the early checks read, the proof-of-possession headers decoded exactly
 * as vnt-sandbox-proof.c does (certificate, time, CURP and RFC, cadena,
 * signature), and the JSON body through the helpers every handler uses.
 * Any crash, leak (ASan) or undefined behaviour (UBSan) is a bug.
 *
 *   mkdir corpus-http && ./fuzz-sandbox-request -max_total_time=60 corpus-http \
 *       ../tests/fuzz/sandbox-requests
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The proof headers, read as check_proof_kind() reads them. */
static void
read_proof (SoupMessageHeaders *headers,
            const char         *procedure,
            GBytes             *body)
{
  const char *certificate_b64 = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_CERTIFICATE);
  const char *curp_header = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_CURP);
  const char *rfc_header = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_RFC);
  const char *nonce = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_NONCE);
  const char *time_text = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_TIME);
  const char *signature = soup_message_headers_get_one (headers, VNT_PROOF_HEADER_SIGNATURE);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GDateTime) signed_at = NULL;
  g_autofree char *curp = NULL;
  g_autofree char *rfc = NULL;
  g_autofree char *body_sha256 = NULL;
  g_autofree char *cadena = NULL;
  gsize der_len = 0;
  guchar *der_data;

  if (certificate_b64 != NULL)
    {
      der_data = g_base64_decode (certificate_b64, &der_len);
      der = g_bytes_new_take (der_data, der_len);
      certificate = der_len > 0 ? vnt_certificate_new_from_bytes (der, NULL) : NULL;
    }
  if (time_text != NULL)
    signed_at = g_date_time_new_from_iso8601 (time_text, NULL);
  if (nonce != NULL)
    (void) vnt_proof_nonce_is_valid (nonce);
  if (curp_header != NULL)
    curp = g_uri_unescape_string (curp_header, NULL);
  if (rfc_header != NULL)
    rfc = g_uri_unescape_string (rfc_header, NULL);

  body_sha256 = vnt_proof_body_sha256 (body);
  if (certificate == NULL || curp == NULL || rfc == NULL || nonce == NULL || time_text == NULL)
    return;

  cadena = vnt_proof_build_cadena (procedure, curp, rfc, vnt_certificate_get_number (certificate),
                                   nonce, time_text, body_sha256);
  if (cadena != NULL && g_utf8_validate (cadena, -1, NULL) && signature != NULL)
    {
      g_autoptr(GBytes) cadena_bytes = g_bytes_new (cadena, strlen (cadena));

      (void) vnt_signature_verify_pkcs1 (certificate, cadena_bytes, signature, NULL);
    }
}

/* The members the handlers look for, with their types checked. */
static void
read_json (GBytes *body)
{
  g_autoptr(JsonObject) request = vnt_sandbox_parse_object (body);
  JsonObject *data;
  JsonObject *terms;

  if (request == NULL)
    return;

  (void) vnt_json_get_string (request, "procedure");
  (void) vnt_json_get_string (request, "role");
  (void) vnt_json_get_string (request, "tramite_sha256");
  if (json_object_has_member (request, "revision"))
    (void) json_node_get_value_type (json_object_get_member (request, "revision"));
  terms = vnt_json_get_object (request, "accept_terms");
  (void) vnt_json_get_string (terms, "id");
  (void) vnt_json_get_string (terms, "version");
  (void) vnt_json_get_string (terms, "sha256");

  data = vnt_json_get_object (request, "data");
  if (data != NULL)
    {
      static const char * const members[] = {
        "curp", "rfc", "email", "company_rfc", "razon_social", "tipo_poder", "usuario", "password",
        "registro_patronal", "npie", "serial", "csr",
      };
      g_autofree char *text = vnt_sandbox_object_to_text (data);
      g_autoptr(JsonObject) again = vnt_sandbox_text_to_object (text);
      g_autoptr(JsonNode) node = vnt_sandbox_text_to_node (text);

      for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
        {
          const char *value = vnt_json_get_string (data, members[i]);

          if (value != NULL)
            (void) vnt_sandbox_text_is_sane (value, 254);
        }
      g_assert_nonnull (again);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gsize initialized = 0;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *arg = NULL;
  SoupHTTPVersion version;
  const char *end;
  const char *query;
  gsize head_len;
  guint status;

  if (g_once_init_enter (&initialized))
    {
      vnt_crypto_init ();
      g_once_init_leave (&initialized, 1);
    }

  /* The head as the server reads it (up to the blank line); the rest is
   * the body, byte for byte. */
  end = strstr (text, "\r\n\r\n");
  head_len = end != NULL ? (gsize) (end - text) + 2 : strlen (text);
  body = end != NULL ? g_bytes_new (data + (end - text) + 4, size - ((end - text) + 4)) : g_bytes_new (NULL, 0);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  status = soup_headers_parse_request (text, head_len, headers, &method, &path, &version);
  if (status == SOUP_STATUS_OK && method != NULL && path != NULL)
    {
      g_autofree char *bare = g_strdup (path);

      query = strchr (bare, '?');
      if (query != NULL)
        bare[query - bare] = '\0';
      (void) vnt_sandbox_route_exists (method, bare, &arg);
      (void) soup_message_headers_get_encoding (headers);
      (void) soup_message_headers_get_content_length (headers);
      (void) soup_message_headers_get_content_type (headers, NULL);
      (void) soup_message_headers_get_one (headers, "Idempotency-Key");
      read_proof (headers, arg != NULL ? arg : "tramite.read", body);
    }

  read_json (body);

  return 0;
}
