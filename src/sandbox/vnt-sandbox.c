/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "sandbox/vnt-sandbox-private.h"

/* Routing, responses, JSON helpers and idempotency; the procedures live in
 * the other vnt-sandbox-*.c files (see vnt-sandbox-private.h). */

#define PROBLEM_TYPE_BASE "https://ventanilla.github.io/problems/"
#define MAX_JSON_BODY (64 * 1024)
/* A PDF, and a margin for a multipart envelope around it. */
#define MAX_UPLOAD_BODY (VNT_SANDBOX_MAX_ATTACHMENT + 64 * 1024)
/* Answers kept per Idempotency-Key (docs/protocol.md §3). */
#define ANSWER_LIFETIME (24 * 60 * 60)

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
  g_clear_object (&self->practice_ca);
  g_clear_pointer (&self->certificate_time, g_date_time_unref);
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
  self->header_timeout = 10 * 1000;
  self->body_timeout = 60 * 1000;
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

void
vnt_sandbox_send_problem (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *title,
                          const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type = g_strconcat (PROBLEM_TYPE_BASE, code, NULL);

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "type", type);
  vnt_json_add_string (builder, "title", title);
  vnt_json_add_int (builder, "status", status);
  vnt_json_add_string (builder, "code", code);
  vnt_json_add_string (builder, "detail", detail);
  vnt_json_add_string (builder, "instance", g_uri_get_path (soup_server_message_get_uri (msg)));
  json_builder_end_object (builder);

  send_json (msg, status, "application/problem+json", builder);
}

void
vnt_sandbox_send_json (SoupServerMessage *msg,
                       guint              status,
                       JsonBuilder       *builder)
{
  send_json (msg, status, "application/json", builder);
}

void
vnt_sandbox_send_internal (SoupServerMessage *msg,
                           GError            *error)
{
  if (error != NULL)
    g_warning ("ventanilla-sandbox: %s", error->message);
  vnt_sandbox_send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The service failed",
                            "El servicio tuvo un problema y no cambió nada. Inténtalo de nuevo.");
}

void
vnt_sandbox_send_malformed (SoupServerMessage *msg,
                            const char        *shape)
{
  g_autofree char *detail = NULL;

  detail = g_strdup_printf ("La solicitud no tiene la forma que el servicio espera (%s).", shape);
  vnt_sandbox_send_problem (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "Malformed request",
                            detail);
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                           */

static void
add_procedure_id (gpointer data,
                  gpointer user_data)
{
  const VntSandboxProcedure *procedure = data;

  json_builder_add_string_value (user_data, procedure->id);
}

static void
handle_root (VntSandbox        *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GBytes *der = vnt_certificate_get_der (vnt_service_identity_get_certificate (self->identity));
  g_autofree char *der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "service", "ventanilla-sandbox");
  vnt_json_add_string (builder, "version", PACKAGE_VERSION);
  json_builder_set_member_name (builder, "protocol_versions");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "v1");
  json_builder_end_array (builder);
  vnt_json_add_boolean (builder, "practice", self->practice);
  vnt_json_add_string (builder, "acuse_certificate", der_b64);
  vnt_json_add_string (builder, "acuse_certificate_sha256",
                       vnt_service_identity_get_fingerprint (self->identity));
  json_builder_set_member_name (builder, "procedures");
  json_builder_begin_array (builder);
  vnt_sandbox_foreach_procedure (add_procedure_id, builder);
  json_builder_end_array (builder);
  vnt_json_add_int (builder, "max_attachment_size", VNT_SANDBOX_MAX_ATTACHMENT);
  vnt_json_add_int (builder, "nonce_lifetime", VNT_PROOF_NONCE_LIFETIME);
  json_builder_end_object (builder);

  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
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

  /* 16 bytes from the kernel, base64url without padding: 22 characters. */
  if (getrandom (random, sizeof random, 0) != (ssize_t) sizeof random)
    {
      vnt_sandbox_send_internal (msg, NULL);
      return;
    }

  nonce = g_base64_encode (random, sizeof random);
  g_strdelimit (nonce, "+", '-');
  g_strdelimit (nonce, "/", '_');
  nonce[strcspn (nonce, "=")] = '\0';

  vnt_sandbox_db_prune_nonces (self->db, g_date_time_to_unix (now));
  if (!vnt_sandbox_db_add_nonce (self->db, nonce, g_date_time_to_unix (expires), &error))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "nonce", nonce);
  vnt_json_add_string (builder, "expires_at", expires_text);
  vnt_json_add_string (builder, "server_time", now_text);
  json_builder_end_object (builder);

  vnt_sandbox_send_json (msg, SOUP_STATUS_CREATED, builder);
}


/* ---- JSON helpers ---- */

static GBytes *
request_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

JsonObject *
vnt_sandbox_parse_object (GBytes *body)
{
  if (body == NULL)
    return NULL;

  return vnt_json_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

char *
vnt_sandbox_object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_alloc ();

  json_node_init_object (node, object);
  return json_to_string (node, FALSE);
}

JsonNode *
vnt_sandbox_text_to_node (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }

  return node;
}

char *
vnt_sandbox_format_unix (gint64 t)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (t);

  return vnt_proof_format_time (time);
}

JsonObject *
vnt_sandbox_text_to_object (const char *text)
{
  return vnt_json_parse_object (text, strlen (text));
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
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint status;

  if (!idempotency_key_is_valid (key))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_BAD_REQUEST, "idempotency-key-required", "An Idempotency-Key is required",
                                "Falta la clave de idempotencia de la solicitud. Actualiza Ventanilla e inténtalo de nuevo.");
      return;
    }

  if (!vnt_sandbox_db_begin (self->db, &error))
    {
      vnt_sandbox_send_internal (msg, error);
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
        vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency-key-reused",
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

  /* Only a request whose proof held, or that changed something (the
   * practice conclusion carries no proof), is answered again: strangers
   * add nothing to the database. */
  if (!vnt_sandbox_is_authenticated (msg) && !SOUP_STATUS_IS_SUCCESSFUL (status))
    goto commit;

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

  if (!vnt_sandbox_db_prune_answers (self->db, now - ANSWER_LIFETIME, &error) ||
      !vnt_sandbox_db_store_answer (self->db, key, &answer, now, &error))
    {
      vnt_sandbox_db_rollback (self->db);
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Location");
      vnt_sandbox_send_internal (msg, error);
      return;
    }

commit:
  /* A failed commit rolls back by itself. */
  if (!vnt_sandbox_db_commit (self->db, &error))
    {
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Location");
      vnt_sandbox_send_internal (msg, error);
    }
}

/* ---- Routes ---- */

typedef enum {
  BODY_NONE,  /* GET, and POST /v1/nonces */
  BODY_JSON,
  BODY_PDF,
} BodyKind;

typedef void (*ReadHandler) (VntSandbox        *self,
                             SoupServerMessage *msg,
                             const char        *arg);

typedef struct
{
  const char  *method;
  const char  *path;    /* "*" stands for one non-empty segment */
  BodyKind     body;
  ReadHandler  read;    /* or: */
  PostHandler  post;    /* under an Idempotency-Key */
} Route;

static void
read_root (VntSandbox        *self,
           SoupServerMessage *msg,
           const char        *arg)
{
  handle_root (self, msg);
}

static void
read_nonces (VntSandbox        *self,
             SoupServerMessage *msg,
             const char        *arg)
{
  handle_nonces (self, msg);
}

static void
read_tramites (VntSandbox        *self,
               SoupServerMessage *msg,
               const char        *arg)
{
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = query_text != NULL ? soup_form_decode (query_text) : NULL;

  vnt_sandbox_handle_list_tramites (self, msg, query);
}

static void
post_start_tramite (VntSandbox        *self,
                    SoupServerMessage *msg,
                    const char        *arg,
                    GBytes            *body)
{
  vnt_sandbox_handle_start_tramite (self, msg, body);
}

static const Route routes[] = {
  { "GET", "/v1", BODY_NONE, read_root },
  { "GET", "/v1/", BODY_NONE, read_root },
  { "POST", "/v1/nonces", BODY_NONE, read_nonces },
  { "GET", "/v1/terms/*", BODY_NONE, vnt_sandbox_handle_terms },
  { "GET", "/v1/accounts/*", BODY_NONE, vnt_sandbox_handle_account },
  { "GET", "/v1/accounts/*/companies", BODY_NONE, vnt_sandbox_handle_companies },
  { "GET", "/v1/tramites", BODY_NONE, read_tramites },
  { "POST", "/v1/tramites", BODY_JSON, NULL, post_start_tramite },
  { "GET", "/v1/tramites/*", BODY_NONE, vnt_sandbox_handle_read_tramite },
  { "PUT", "/v1/tramites/*", BODY_JSON, NULL, vnt_sandbox_handle_update_tramite },
  { "DELETE", "/v1/tramites/*", BODY_JSON, NULL, vnt_sandbox_handle_cancel_tramite },
  { "POST", "/v1/tramites/*/finalize", BODY_JSON, NULL, vnt_sandbox_handle_finalize },
  { "POST", "/v1/tramites/*/signatures", BODY_JSON, NULL, vnt_sandbox_handle_cosign },
  /* The handler gets "folio/kind". */
  { "PUT", "/v1/tramites/*/attachments/*", BODY_PDF, NULL, vnt_sandbox_handle_attachment },
  { "GET", "/v1/acuses/*", BODY_NONE, vnt_sandbox_handle_read_acuse },
  { "GET", "/v1/idse/npie/*", BODY_NONE, vnt_sandbox_handle_idse_npie },
  { "GET", "/v1/idse/certificates/*", BODY_NONE, vnt_sandbox_handle_idse_certificate },
  { "POST", "/v1/idse/certificates/*/conditions", BODY_JSON, NULL, vnt_sandbox_handle_idse_conditions },
  { "GET", "/v1/idse/requests/*", BODY_NONE, vnt_sandbox_handle_idse_request },
  { "POST", "/v1/sandbox/idse/requests/*/conclude", BODY_JSON, NULL, vnt_sandbox_handle_sandbox_conclude },
};

/* Whether @path fits @pattern; @arg gets the segments that "*" stood
 * for, joined by '/'. */
static gboolean
path_matches (const char  *pattern,
              const char  *path,
              char       **arg)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  g_autoptr(GString) args = NULL;

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;

  for (guint i = 0; want[i] != NULL; i++)
    {
      if (!g_str_equal (want[i], "*"))
        {
          if (!g_str_equal (want[i], have[i]))
            return FALSE;
          continue;
        }
      if (*have[i] == '\0')
        return FALSE;
      if (args == NULL)
        args = g_string_new (have[i]);
      else
        g_string_append_printf (args, "/%s", have[i]);
    }

  if (arg != NULL)
    *arg = args != NULL ? g_string_free (g_steal_pointer (&args), FALSE) : NULL;
  return TRUE;
}

static const Route *
lookup_route (const char  *method,
              const char  *path,
              char       **arg,
              gboolean    *path_known)
{
  *path_known = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!path_matches (routes[i].path, path, NULL))
        continue;
      *path_known = TRUE;
      if (g_str_equal (routes[i].method, method))
        {
          path_matches (routes[i].path, path, arg);
          return &routes[i];
        }
    }

  return NULL;
}

gboolean
vnt_sandbox_route_exists (const char  *method,
                          const char  *path,
                          char       **arg)
{
  gboolean path_known;

  return lookup_route (method, path, arg, &path_known) != NULL;
}

/* The route of @msg; NULL having sent `not-found` or `method-not-allowed`. */
static const Route *
find_route (SoupServerMessage  *msg,
            char              **arg)
{
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  gboolean path_known = FALSE;
  const Route *route = lookup_route (method, path, arg, &path_known);

  if (route != NULL)
    return route;

  if (path_known)
    vnt_sandbox_send_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                              "El servicio no acepta esta operación en esta dirección.");
  else
    vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such endpoint",
                              "El servicio no conoce esta dirección. Revisa la dirección del servicio.");
  return NULL;
}

/* The largest body a route takes. */
static goffset
body_limit (BodyKind kind)
{
  switch (kind)
    {
    case BODY_JSON:
      return MAX_JSON_BODY;
    case BODY_PDF:
      return MAX_UPLOAD_BODY;
    case BODY_NONE:
    default:
      return 0;
    }
}

/* What the client still sends is read and dropped, never kept; the
 * connection closes after the answer. */
static void
drop_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
}

/* Refuses the request before its body is read. */
static void
refuse_body (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *title,
             const char        *detail)
{
  drop_body (msg);
  vnt_sandbox_send_problem (msg, status, code, title, detail);
}

static void
refuse_too_large (SoupServerMessage *msg,
                  BodyKind           kind)
{
  if (kind == BODY_PDF)
    refuse_body (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "attachment-too-large", "The attachment is not accepted",
                 "El PDF pesa más de 1024 KB. Redúcelo e inténtalo de nuevo.");
  else
    refuse_body (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", "Body too large",
                 "La solicitud es demasiado grande.");
}

/* A chunked body: refused as soon as it passes the route's limit. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  const Route *route = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (soup_server_message_get_status (msg) == 0 && body->length > body_limit (route->body))
    refuse_too_large (msg, route->body);
}

/* After the headers, before the body: the route, the size the headers
 * announce and the media type are checked here, so that nothing the
 * client sends past the limit is kept. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  goffset length = soup_message_headers_get_content_length (headers);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gboolean has_body = encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF ||
                      (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > 0);
  const Route *route = find_route (msg, NULL);

  if (route == NULL)
    {
      drop_body (msg);
      return;
    }

  if (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > body_limit (route->body))
    {
      refuse_too_large (msg, route->body);
      return;
    }

  if (route->body == BODY_JSON && has_body && g_strcmp0 (content_type, "application/json") != 0)
    {
      refuse_body (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Not application/json",
                   "El servicio solo acepta datos en formato JSON (application/json). Actualiza Ventanilla e inténtalo de nuevo.");
      return;
    }

  if (has_body)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), (gpointer) route);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  VntSandbox *self = user_data;
  g_autofree char *arg = NULL;
  const Route *route = find_route (msg, &arg);

  if (route == NULL)
    return;

  if (route->post != NULL)
    handle_idempotent (self, msg, arg, route->post);
  else
    route->read (self, msg, arg);
}

/* ---- Connections ---- */

#define DEADLINE_KEY "vnt-sandbox-deadline"

static void
deadline_free (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

/* A client that is too slow to send its request loses the connection:
 * shut down, libsoup reads the end of it and lets it go. */
static gboolean
deadline_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);

  return G_SOURCE_REMOVE;
}

/* Replaces @msg's deadline by one @ms from now (0: none). It goes with
 * @msg. */
static void
set_deadline (SoupServerMessage *msg,
              guint              ms)
{
  GSource *source = NULL;

  if (ms > 0)
    {
      source = g_timeout_source_new (ms);
      g_source_set_callback (source, deadline_cb, msg, NULL);
      g_source_attach (source, g_main_context_get_thread_default ());
    }
  g_object_set_data_full (G_OBJECT (msg), DEADLINE_KEY, source, source != NULL ? deadline_free : NULL);
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  VntSandbox *self = user_data;

  set_deadline (msg, self->body_timeout);
}

static void
got_body_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  set_deadline (msg, 0);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  VntSandbox *self = user_data;

  /* One request per connection. libsoup 3.2 (Debian 12's) never closes a
   * kept-alive connection once the client closed it: it would stay in
   * CLOSE-WAIT, one descriptor each, until none were left. Closing idle
   * connections on a timer instead still leaks libsoup's connection
   * objects (docs/limits.md has the figures). */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  set_deadline (msg, self->header_timeout);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect (msg, "got-body", G_CALLBACK (got_body_cb), NULL);
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
  /* Practice mode trusts certificates that anyone can hold. */
  if (self->practice && !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "Practice mode is only allowed on a loopback address (127.0.0.1 or ::1).");
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
  /* Every path, so that no body is read whole before it is refused. */
  g_signal_connect_object (self->server, "request-started", G_CALLBACK (request_started_cb), self, 0);
  soup_server_add_early_handler (self->server, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);

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
vnt_sandbox_set_certificate_time_for_testing (VntSandbox *self,
                                              GDateTime  *when)
{
  g_return_if_fail (VNT_IS_SANDBOX (self));

  g_clear_pointer (&self->certificate_time, g_date_time_unref);
  if (when != NULL)
    self->certificate_time = g_date_time_ref (when);
}

void
vnt_sandbox_set_practice_ca (VntSandbox    *self,
                             VntPracticeCa *ca)
{
  g_return_if_fail (VNT_IS_SANDBOX (self));
  g_return_if_fail (ca == NULL || VNT_IS_PRACTICE_CA (ca));

  g_set_object (&self->practice_ca, ca);
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


void
vnt_sandbox_set_request_timeouts (VntSandbox *self,
                                  guint       header_ms,
                                  guint       body_ms)
{
  g_return_if_fail (VNT_IS_SANDBOX (self));

  self->header_timeout = header_ms;
  self->body_timeout = body_ms;
}
