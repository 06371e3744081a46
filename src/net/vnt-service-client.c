/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "crypto/vnt-signature.h"
#include "net/vnt-net-worker.h"
#include "net/vnt-proof.h"
#include "net/vnt-service-client.h"

/* Answers are small JSON documents; anything far larger is not one. */
#define MAX_RESPONSE_SIZE (1024 * 1024)

struct _VntServiceClient
{
  GObject       parent_instance;

  char         *base_url;
  guint         retries;
  guint         timeout;
  gboolean      https;
  char         *pin;
  char         *acuse_pin;
  /* Exchanges run in its thread: see exchange_full_async(). */
  VntNetWorker *worker;
};

G_DEFINE_FINAL_TYPE (VntServiceClient, vnt_service_client, G_TYPE_OBJECT)

static void
vnt_service_client_finalize (GObject *object)
{
  VntServiceClient *self = VNT_SERVICE_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->pin, g_free);
  g_clear_pointer (&self->acuse_pin, g_free);
  g_clear_pointer (&self->worker, vnt_net_worker_free);

  G_OBJECT_CLASS (vnt_service_client_parent_class)->finalize (object);
}

static void
vnt_service_client_class_init (VntServiceClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_service_client_finalize;
}

static void
vnt_service_client_init (VntServiceClient *self)
{
  self->retries = VNT_SERVICE_DEFAULT_RETRIES;
  self->timeout = VNT_SERVICE_DEFAULT_TIMEOUT;
  self->worker = vnt_net_worker_new ("vnt-service");
}

/* An address, never a name: "localhost" may resolve elsewhere. */
static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

VntServiceClient *
vnt_service_client_new (const char  *base_url,
                        GError     **error)
{
  g_autoptr(VntServiceClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INSECURE_URL,
                   _("“%s” is not a service address. It must start with https://."), base_url);
      return NULL;
    }
  if (g_str_equal (scheme, "http") && !host_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INSECURE_URL,
                   _("The service address “%s” is not encrypted. Use an https:// address."), base_url);
      return NULL;
    }

  self = g_object_new (VNT_TYPE_SERVICE_CLIENT, NULL);
  self->https = g_str_equal (scheme, "https");
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  return g_steal_pointer (&self);
}

const char *
vnt_service_client_get_base_url (VntServiceClient *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (self), NULL);
  return self->base_url;
}

void
vnt_service_client_set_pinned_certificate (VntServiceClient *self,
                                           const char       *sha256)
{
  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));

  g_free (self->pin);
  self->pin = sha256 != NULL ? g_ascii_strdown (sha256, -1) : NULL;
}

void
vnt_service_client_set_timeout (VntServiceClient *self,
                                guint             seconds)
{
  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  self->timeout = seconds;
}

void
vnt_service_client_set_retries (VntServiceClient *self,
                                guint             retries)
{
  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  self->retries = retries;
}

/* ------------------------------------------------------------------ */
/* Exchange                                                            */

static gboolean
certificate_matches_pin (const char      *pin,
                         GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *sha256 = NULL;

  if (pin == NULL || certificate == NULL)
    return FALSE;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return FALSE;

  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  return g_strcmp0 (sha256, pin) == 0;
}

/* One request, from the caller's thread to the worker's and back. What
 * the worker's thread reads is copied here when it is sent, so that the
 * client's setters never race with it. */
typedef struct
{
  VntNetWorker *worker;
  SoupMessage  *msg;          /* the worker's thread only */
  char         *method;
  char         *url;
  GBytes       *body;
  GHashTable   *headers;
  char         *content_type; /* of the body; NULL: JSON */
  char         *pin;
  gboolean      https;
  guint         timeout;
  guint         retries;
  guint         attempts;     /* made so far */
  gboolean      retryable;    /* safe to send again as it is */
  GCancellable *cancellable;  /* the worker's; the caller's cancels it */
  gulong        cancelled_id; /* on the caller's cancellable */
  JsonObject   *answer;       /* the result, until returned */
  GError       *error;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->msg);
  g_free (exchange->method);
  g_free (exchange->url);
  g_clear_pointer (&exchange->body, g_bytes_unref);
  g_clear_pointer (&exchange->headers, g_hash_table_unref);
  g_free (exchange->content_type);
  g_free (exchange->pin);
  g_clear_object (&exchange->cancellable);
  g_clear_pointer (&exchange->answer, json_object_unref);
  g_clear_error (&exchange->error);
  g_free (exchange);
}

/* With a pin, the certificate it names is the only one taken, whatever the
 * trust store would say: the session of a pinned exchange has none, so this
 * runs in every handshake, before the request is written. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Exchange *exchange = user_data;

  return certificate_matches_pin (exchange->pin, certificate);
}

static GError *
transport_error (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  g_debug ("Service exchange failed: %s", error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_TIMEOUT,
                                _("The service took too long to answer. Try again in a few minutes."));
  if (error->domain == G_TLS_ERROR)
    return g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_SERVICE,
                                _("The service did not prove it is the one configured, so nothing was sent. Check the service address."));

  return g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE,
                              _("There is no connection with the service. Check your Internet connection and try again."));
}

/* A problem+json body, or a generic error for the status. */
static GError *
problem_error (guint       status,
               JsonObject *problem)
{
  const char *code = NULL;
  const char *detail = NULL;

  if (problem != NULL)
    {
      if (json_object_has_member (problem, "code") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (problem, "code")))
        code = json_object_get_string_member (problem, "code");
      if (json_object_has_member (problem, "detail") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (problem, "detail")))
        detail = json_object_get_string_member (problem, "detail");
    }

  if (code == NULL || detail == NULL || *detail == '\0')
    {
      if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == 429)
        return g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_UNAVAILABLE,
                                    _("The service is not available right now. Try again in a few minutes."));

      return g_error_new (VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE,
                          _("The service answered with an error it did not explain (HTTP %u). Try again later."),
                          status);
    }

  return g_error_new_literal (VNT_NET_ERROR, vnt_net_error_from_problem (code), detail);
}

static JsonObject *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  /* An empty body has no data pointer, which the parser refuses loudly. */
  if (body == NULL || g_bytes_get_size (body) == 0 || g_bytes_get_size (body) > MAX_RESPONSE_SIZE ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE,
                           _("The service sent an answer that cannot be read. Try again later."));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* The answer's object, or the error it amounts to. */
static JsonObject *
exchange_result (Exchange  *exchange,
                 GBytes    *body,
                 GError   **error)
{
  g_autoptr(JsonObject) problem = NULL;
  const char *content_type;
  guint status;

  status = soup_message_get_status (exchange->msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return parse_object (body, error);

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (exchange->msg), NULL);
  if (g_strcmp0 (content_type, "application/problem+json") == 0)
    problem = parse_object (body, NULL);
  g_propagate_error (error, problem_error (status, problem));

  return NULL;
}

static gboolean
error_is_transient (const GError *error)
{
  return g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE) ||
         g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_TIMEOUT) ||
         g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_UNAVAILABLE);
}

/* In the caller's thread: the task's last references go here, as the
 * client (its source object) may go with them and stops the worker. */
static gboolean
exchange_return_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Exchange *exchange = g_task_get_task_data (task);

  g_cancellable_disconnect (g_task_get_cancellable (task), exchange->cancelled_id);
  exchange->cancelled_id = 0;

  if (exchange->answer != NULL)
    g_task_return_pointer (task, g_steal_pointer (&exchange->answer), (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&exchange->error));

  return G_SOURCE_REMOVE;
}

/* In the worker's thread: hands @task (owned) back with @answer or @error. */
static void
exchange_deliver (GTask      *task,
                  JsonObject *answer,
                  GError     *error)
{
  Exchange *exchange = g_task_get_task_data (task);

  g_clear_object (&exchange->msg);
  exchange->answer = answer;
  exchange->error = error;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              exchange_return_cb, task, NULL);
}

static void exchange_send (GTask *task);

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (exchange->cancellable, &error))
    exchange_deliver (task, NULL, error);
  else
    exchange_send (task);

  return G_SOURCE_REMOVE;
}

static void
exchange_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport = NULL;
  GError *error = NULL;
  JsonObject *answer = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &transport);
  if (body == NULL)
    error = transport_error (transport);
  else
    answer = exchange_result (exchange, body, &error);

  /* Back-off 1 s, 2 s, 4 s, and only for what is safe to send twice. */
  if (answer == NULL && exchange->retryable && error_is_transient (error) &&
      exchange->attempts <= exchange->retries)
    {
      g_autoptr(GSource) timeout = g_timeout_source_new_seconds (1u << (exchange->attempts - 1));
      g_autoptr(GSource) cancelled = g_cancellable_source_new (exchange->cancellable);

      g_debug ("Retrying %s %s: %s", exchange->method, exchange->url, error->message);
      g_clear_error (&error);
      g_clear_object (&exchange->msg);

      /* Wakes the wait up at once when cancelled. */
      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (timeout, cancelled);
      g_source_set_callback (timeout, retry_cb, task, NULL);
      g_source_attach (timeout, vnt_net_worker_get_context (exchange->worker));
      return;
    }

  exchange_deliver (task, answer, error);
}

/* In the worker's thread; owns @task until it is delivered. */
static void
exchange_send (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  SoupMessageHeaders *request_headers;

  g_clear_object (&exchange->msg);
  exchange->msg = soup_message_new (exchange->method, exchange->url);
  exchange->attempts++;

  request_headers = soup_message_get_request_headers (exchange->msg);
  soup_message_headers_replace (request_headers, "Accept", "application/json, application/problem+json");
  if (exchange->body != NULL)
    soup_message_set_request_body_from_bytes (exchange->msg,
                                              exchange->content_type != NULL ? exchange->content_type : "application/json",
                                              exchange->body);
  if (exchange->headers != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, exchange->headers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        soup_message_headers_replace (request_headers, key, value);
    }

  g_signal_connect (exchange->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), exchange);

  soup_session_send_and_read_async (vnt_net_worker_get_session (exchange->worker, exchange->timeout,
                                                                exchange->https && exchange->pin != NULL),
                                    exchange->msg, G_PRIORITY_DEFAULT, exchange->cancellable,
                                    exchange_cb, task);
}

static gboolean
exchange_send_cb (gpointer user_data)
{
  exchange_send (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* The caller's cancellable fires in the caller's thread; libsoup hears of
 * it in its own. */
static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Exchange *exchange = user_data;

  vnt_net_worker_invoke (exchange->worker, cancel_cb, g_object_ref (exchange->cancellable),
                         g_object_unref);
}

/* Sends one request; the task returns the answer's JSON object. @headers
 * (nullable) are added to the request. A request that is safe to repeat as
 * it is — a GET without proof, a new nonce, anything with an
 * Idempotency-Key — is retried on a transient failure.
 *
 * The request is made in the client's worker thread: connecting, the TLS
 * handshake (where GIO copies the whole system trust list) and reading the
 * answer never hold up the caller's main loop. */
static void
exchange_full_async (VntServiceClient    *self,
                     const char          *method,
                     const char          *path,
                     GBytes              *body,
                     const char          *content_type,
                     GHashTable          *headers,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  Exchange *exchange;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, exchange_full_async);

  exchange = g_new0 (Exchange, 1);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  exchange->worker = self->worker;
  exchange->method = g_strdup (method);
  exchange->url = g_strconcat (self->base_url, path, NULL);
  exchange->body = body != NULL ? g_bytes_ref (body) : NULL;
  exchange->headers = headers != NULL ? g_hash_table_ref (headers) : NULL;
  exchange->content_type = g_strdup (content_type);
  exchange->pin = g_strdup (self->pin);
  exchange->https = self->https;
  exchange->timeout = self->timeout;
  exchange->retries = self->retries;
  exchange->retryable = (g_str_equal (method, SOUP_METHOD_GET) &&
                         (headers == NULL || !g_hash_table_contains (headers, VNT_PROOF_HEADER_SIGNATURE))) ||
                        g_str_equal (path, "/v1/nonces") ||
                        (headers != NULL && g_hash_table_contains (headers, "Idempotency-Key"));
  exchange->cancellable = g_cancellable_new ();

  uri = g_uri_parse (exchange->url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INSECURE_URL,
                               _("“%s” is not a service address. It must start with https://."), exchange->url);
      return;
    }

  if (cancellable != NULL)
    exchange->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    exchange, NULL);
  vnt_net_worker_invoke (self->worker, exchange_send_cb, g_steal_pointer (&task), NULL);
}

static void
exchange_async (VntServiceClient    *self,
                const char          *method,
                const char          *path,
                GBytes              *body,
                GHashTable          *headers,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  exchange_full_async (self, method, path, body, NULL, headers, cancellable, callback, user_data);
}

static JsonObject *
exchange_finish (GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Info and nonces                                                     */

static void
object_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *object = exchange_finish (res, &error);

  if (object == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, object, (GDestroyNotify) json_object_unref);
}

/* An unsigned request whose task (tagged @source_tag) returns the answer's
 * JSON object. */
static void
object_request_async (VntServiceClient    *self,
                      const char          *method,
                      const char          *path,
                      GHashTable          *headers,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  exchange_async (self, method, path, NULL, headers, cancellable, object_done_cb, task);
}

void
vnt_service_client_get_info_async (VntServiceClient    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));

  object_request_async (self, SOUP_METHOD_GET, "/v1/", NULL, vnt_service_client_get_info_async,
                        cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_get_info_finish (VntServiceClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
nonce_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = exchange_finish (res, &error);
  const char *nonce = NULL;

  if (object == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (json_object_has_member (object, "nonce") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "nonce")))
    nonce = json_object_get_string_member (object, "nonce");

  if (!vnt_proof_nonce_is_valid (nonce))
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE, "%s",
                               _("The service sent an answer that cannot be read. Try again later."));
      return;
    }

  g_task_return_pointer (task, g_strdup (nonce), g_free);
}

void
vnt_service_client_new_nonce_async (VntServiceClient    *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_service_client_new_nonce_async);
  exchange_async (self, SOUP_METHOD_POST, "/v1/nonces", NULL, NULL, cancellable, nonce_done_cb, task);
}

char *
vnt_service_client_new_nonce_finish (VntServiceClient  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Accounts                                                            */

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = exchange_finish (res, &error);

  if (object == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!json_object_has_member (object, "exists") ||
      json_node_get_value_type (json_object_get_member (object, "exists")) != G_TYPE_BOOLEAN)
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE, "%s",
                               _("The service sent an answer that cannot be read. Try again later."));
      return;
    }

  g_task_return_int (task, json_object_get_boolean_member (object, "exists"));
}

/* @prefix, @value escaped for a path segment, then @suffix (nullable). */
static char *
escaped_path (const char *prefix,
              const char *value,
              const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  return g_strconcat (prefix, escaped, suffix, NULL);
}

static char *
account_path (const char *curp)
{
  return escaped_path ("/v1/accounts/", curp, NULL);
}

void
vnt_service_client_lookup_account_async (VntServiceClient    *self,
                                         const char          *curp,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (curp != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_service_client_lookup_account_async);
  path = account_path (curp);
  exchange_async (self, SOUP_METHOD_GET, path, NULL, NULL, cancellable, lookup_done_cb, task);
}

gboolean
vnt_service_client_lookup_account_finish (VntServiceClient  *self,
                                          GAsyncResult      *result,
                                          gboolean          *exists,
                                          GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (exists != NULL)
    *exists = value != 0;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Signed requests: nonce → cadena → signature → request               */

typedef struct
{
  VntCredential *credential;
  char          *method;
  char          *path;
  char          *procedure;
  char          *curp;
  char          *rfc;
  char          *idempotency_key;
  GBytes        *body;
  char          *content_type;
  char          *nonce;
  char          *time;
} Signed;

static void
signed_free (Signed *data)
{
  g_clear_object (&data->credential);
  g_free (data->method);
  g_free (data->path);
  g_free (data->procedure);
  g_free (data->curp);
  g_free (data->rfc);
  g_free (data->idempotency_key);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->content_type);
  g_free (data->nonce);
  g_free (data->time);
  g_free (data);
}

static void
signed_signed_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntServiceClient *self = g_task_get_source_object (task);
  Signed *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  GCancellable *cancellable;
  GBytes *der;

  signature = vnt_credential_sign_pkcs1_finish (VNT_CREDENTIAL (source), res, &error);
  if (signature == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  der = vnt_certificate_get_der (vnt_credential_get_certificate (data->credential));
  headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_CERTIFICATE,
                       g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der)));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_CURP, g_uri_escape_string (data->curp, NULL, FALSE));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_RFC, g_uri_escape_string (data->rfc, NULL, FALSE));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_NONCE, g_strdup (data->nonce));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_TIME, g_strdup (data->time));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_SIGNATURE, g_steal_pointer (&signature));
  if (data->idempotency_key != NULL)
    g_hash_table_insert (headers, (gpointer) "Idempotency-Key", g_strdup (data->idempotency_key));

  cancellable = g_task_get_cancellable (task);
  exchange_full_async (self, data->method, data->path, data->body, data->content_type, headers,
                       cancellable, object_done_cb, g_steal_pointer (&task));
}

static void
signed_nonce_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Signed *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *cadena = NULL;
  g_autofree char *body_sha256 = vnt_proof_body_sha256 (data->body);
  g_autoptr(GBytes) cadena_bytes = NULL;
  GCancellable *cancellable;

  data->nonce = vnt_service_client_new_nonce_finish (VNT_SERVICE_CLIENT (source), res, &error);
  if (data->nonce == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->time = vnt_proof_format_time (NULL);
  cadena = vnt_proof_build_cadena (data->procedure, data->curp, data->rfc,
                                   vnt_certificate_get_number (vnt_credential_get_certificate (data->credential)),
                                   data->nonce, data->time, body_sha256);
  if (cadena == NULL)
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE, "%s",
                               _("The service sent an answer that cannot be read. Try again later."));
      return;
    }

  cadena_bytes = g_bytes_new (cadena, strlen (cadena));
  cancellable = g_task_get_cancellable (task);
  vnt_credential_sign_pkcs1_async (data->credential, cadena_bytes, cancellable,
                                   signed_signed_cb, g_steal_pointer (&task));
}

/* Signing runs in a worker thread (vnt_credential_sign_pkcs1_async); the
 * task returns the answer's JSON object. */
static void
signed_exchange_full_async (VntServiceClient    *self,
                            VntCredential       *credential,
                            const char          *method,
                            const char          *path,
                            const char          *procedure,
                            const char          *curp,
                            const char          *rfc,
                            GBytes              *body,
                            const char          *content_type,
                            const char          *idempotency_key,
                            gpointer             source_tag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Signed *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  data = g_new0 (Signed, 1);
  data->credential = g_object_ref (credential);
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->procedure = g_strdup (procedure);
  data->curp = g_strdup (curp);
  data->rfc = g_strdup (rfc);
  data->idempotency_key = g_strdup (idempotency_key);
  data->body = body != NULL ? g_bytes_ref (body) : NULL;
  data->content_type = g_strdup (content_type);
  g_task_set_task_data (task, data, (GDestroyNotify) signed_free);

  if (strpbrk (curp, "|\r\n") != NULL || strpbrk (rfc, "|\r\n") != NULL)
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_FIELD, "%s",
                               _("The CURP or the RFC holds characters they cannot have. Check them and try again."));
      g_object_unref (task);
      return;
    }

  vnt_service_client_new_nonce_async (self, cancellable, signed_nonce_cb, task);
}

static void
signed_exchange_async (VntServiceClient    *self,
                       VntCredential       *credential,
                       const char          *method,
                       const char          *path,
                       const char          *procedure,
                       const char          *curp,
                       const char          *rfc,
                       GBytes              *body,
                       const char          *idempotency_key,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  signed_exchange_full_async (self, credential, method, path, procedure, curp, rfc, body, NULL,
                              idempotency_key, source_tag, cancellable, callback, user_data);
}

static JsonObject *
signed_exchange_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The caller's key, so that a repeated request is recognised; else a new one. */
static char *
idempotency_key_or_new (const char *idempotency_key)
{
  return idempotency_key != NULL ? g_strdup (idempotency_key) : g_uuid_string_random ();
}

/* ------------------------------------------------------------------ */
/* Accounts with proof                                                 */

void
vnt_service_client_read_account_async (VntServiceClient    *self,
                                       VntCredential       *credential,
                                       const char          *curp,
                                       const char          *rfc,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL);
  g_return_if_fail (rfc != NULL);

  path = account_path (curp);
  signed_exchange_async (self, credential, SOUP_METHOD_GET, path, "account.read", curp, rfc, NULL, NULL,
                         vnt_service_client_read_account_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_read_account_finish (VntServiceClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

/* ------------------------------------------------------------------ */
/* Cartas, trámites and acuses                                         */

void
vnt_service_client_get_terms_async (VntServiceClient    *self,
                                    const char          *id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (id != NULL);

  path = escaped_path ("/v1/terms/", id, NULL);
  object_request_async (self, SOUP_METHOD_GET, path, NULL, vnt_service_client_get_terms_async,
                        cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_get_terms_finish (VntServiceClient  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GBytes *
object_to_bytes (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

void
vnt_service_client_start_tramite_async (VntServiceClient    *self,
                                        VntCredential       *credential,
                                        const char          *curp,
                                        const char          *rfc,
                                        const char          *procedure,
                                        JsonObject          *data,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && procedure != NULL && data != NULL);

  json_object_set_string_member (request, "procedure", procedure);
  json_object_set_object_member (request, "data", json_object_ref (data));
  body = object_to_bytes (request);
  key = idempotency_key_or_new (idempotency_key);

  signed_exchange_async (self, credential, SOUP_METHOD_POST, "/v1/tramites", procedure, curp, rfc,
                         body, key, vnt_service_client_start_tramite_async,
                         cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_start_tramite_finish (VntServiceClient  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

void
vnt_service_client_set_acuse_certificate (VntServiceClient *self,
                                          const char       *sha256)
{
  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));

  g_free (self->acuse_pin);
  self->acuse_pin = sha256 != NULL ? g_ascii_strdown (sha256, -1) : NULL;
}

static JsonObject *
acuse_invalid (GError **error)
{
  g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID,
                       _("The service’s receipt is not valid, so the procedure cannot be shown as done. Fetch the receipt again; if this keeps happening, contact the service."));
  return NULL;
}

static const char *
member_string (JsonObject *object,
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

/* The "accept_terms" member for the carta @terms the user accepted. */
static JsonObject *
accept_terms (JsonObject *terms)
{
  JsonObject *accept = json_object_new ();

  json_object_set_string_member (accept, "id", member_string (terms, "id"));
  json_object_set_string_member (accept, "version", member_string (terms, "version"));
  json_object_set_string_member (accept, "sha256", member_string (terms, "sha256"));

  return accept;
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, member)))
    return NULL;

  return json_object_get_object_member (object, member);
}

JsonObject *
vnt_service_client_verify_acuse (VntServiceClient  *self,
                                 JsonObject        *acuse,
                                 const char        *folio,
                                 const char        *procedure,
                                 const char        *certificate_number,
                                 const char        *request_sha256,
                                 GError           **error)
{
  JsonObject *signature = member_object (acuse, "signature");
  const char *payload_b64 = member_string (acuse, "payload");
  const char *certificate_b64 = member_string (signature, "certificate");
  const char *value = member_string (signature, "value");
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *fingerprint = NULL;
  JsonObject *content;
  JsonObject *applicant;
  JsonNode *root;
  guchar *data;
  gsize len = 0;

  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (self), NULL);

  if (payload_b64 == NULL || certificate_b64 == NULL || value == NULL ||
      g_strcmp0 (member_string (signature, "algorithm"), "rsa-pkcs1-sha256") != 0)
    return acuse_invalid (error);

  data = g_base64_decode (payload_b64, &len);
  payload = g_bytes_new_take (data, len);
  data = g_base64_decode (certificate_b64, &len);
  der = g_bytes_new_take (data, len);

  /* Only the service's own acuse certificate counts, not whichever one
   * came along with the acuse. */
  fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
  if (self->acuse_pin == NULL || g_strcmp0 (fingerprint, self->acuse_pin) != 0)
    return acuse_invalid (error);

  certificate = vnt_certificate_new_from_bytes (der, NULL);
  if (certificate == NULL || !vnt_signature_verify_pkcs1 (certificate, payload, value, NULL))
    return acuse_invalid (error);

  if (!json_parser_load_from_data (parser, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return acuse_invalid (error);

  content = json_node_get_object (root);
  applicant = member_object (content, "applicant");
  if (!json_object_has_member (content, "version") ||
      json_node_get_value_type (json_object_get_member (content, "version")) != G_TYPE_INT64 ||
      json_object_get_int_member (content, "version") != 1 ||
      (folio != NULL && g_strcmp0 (member_string (content, "folio"), folio) != 0) ||
      (procedure != NULL && g_strcmp0 (member_string (content, "procedure"), procedure) != 0) ||
      (certificate_number != NULL &&
       g_strcmp0 (member_string (applicant, "certificate_number"), certificate_number) != 0) ||
      (request_sha256 != NULL && g_strcmp0 (member_string (content, "request_sha256"), request_sha256) != 0))
    return acuse_invalid (error);

  return json_object_ref (content);
}

/* What an answer's acuse must say (finalize, read acuse). */
typedef struct
{
  char   *folio;
  char   *procedure;
  char   *certificate_number;
  char   *request_sha256;
} AcuseCheck;

static void
acuse_check_free (AcuseCheck *data)
{
  g_free (data->folio);
  g_free (data->procedure);
  g_free (data->certificate_number);
  g_free (data->request_sha256);
  g_free (data);
}

/* A task tagged @source_tag that checks the acuse in the answer: its
 * folio, procedure, @credential's certificate and, when known, the
 * request body's @request_sha256 (nullable, taken). */
static GTask *
acuse_task_new (VntServiceClient    *self,
                VntCredential       *credential,
                const char          *folio,
                const char          *procedure,
                char                *request_sha256,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AcuseCheck *data = g_new0 (AcuseCheck, 1);

  g_task_set_source_tag (task, source_tag);
  data->folio = g_strdup (folio);
  data->procedure = g_strdup (procedure);
  data->certificate_number = g_strdup (vnt_certificate_get_number (vnt_credential_get_certificate (credential)));
  data->request_sha256 = request_sha256;
  g_task_set_task_data (task, data, (GDestroyNotify) acuse_check_free);

  return task;
}

static void
acuse_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntServiceClient *self = g_task_get_source_object (task);
  AcuseCheck *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = signed_exchange_finish (res, &error);
  g_autoptr(JsonObject) content = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  content = vnt_service_client_verify_acuse (self, member_object (answer, "acuse"), data->folio,
                                             data->procedure, data->certificate_number,
                                             data->request_sha256, &error);
  if (content == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Hand back the acuse as received (to keep) beside its verified content. */
  json_object_set_object_member (content, "_acuse", json_object_ref (member_object (answer, "acuse")));
  g_task_return_pointer (task, g_steal_pointer (&content), (GDestroyNotify) json_object_unref);
}

static JsonObject *
acuse_finish (GAsyncResult  *result,
              JsonObject   **acuse,
              GError       **error)
{
  g_autoptr(JsonObject) content = g_task_propagate_pointer (G_TASK (result), error);

  if (content == NULL)
    return NULL;

  if (acuse != NULL)
    *acuse = json_object_ref (json_object_get_object_member (content, "_acuse"));
  json_object_remove_member (content, "_acuse");

  return g_steal_pointer (&content);
}

void
vnt_service_client_finalize_async (VntServiceClient    *self,
                                   VntCredential       *credential,
                                   const char          *curp,
                                   const char          *rfc,
                                   const char          *folio,
                                   const char          *procedure,
                                   gint64               revision,
                                   JsonObject          *terms,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (terms != NULL);

  vnt_service_client_finalize_full_async (self, credential, curp, rfc, folio, procedure, revision, terms,
                                          idempotency_key, cancellable, callback, user_data);
}

void
vnt_service_client_finalize_full_async (VntServiceClient    *self,
                                        VntCredential       *credential,
                                        const char          *curp,
                                        const char          *rfc,
                                        const char          *folio,
                                        const char          *procedure,
                                        gint64               revision,
                                        JsonObject          *terms,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && folio != NULL && procedure != NULL);

  json_object_set_int_member (request, "revision", revision);
  if (terms != NULL)
    {
      json_object_set_object_member (request, "accept_terms", accept_terms (terms));
    }
  body = object_to_bytes (request);

  task = acuse_task_new (self, credential, folio, procedure, vnt_proof_body_sha256 (body),
                         vnt_service_client_finalize_full_async, cancellable, callback, user_data);

  key = idempotency_key_or_new (idempotency_key);
  path = escaped_path ("/v1/tramites/", folio, "/finalize");

  signed_exchange_async (self, credential, SOUP_METHOD_POST, path, "tramite.finalize", curp, rfc,
                         body, key, vnt_service_client_finalize_full_async, cancellable,
                         acuse_done_cb, task);
}

JsonObject *
vnt_service_client_finalize_finish (VntServiceClient  *self,
                                    GAsyncResult      *result,
                                    JsonObject       **acuse,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return acuse_finish (result, acuse, error);
}

/* ------------------------------------------------------------------ */
/* GET /v1/acuses/{folio}                                              */

void
vnt_service_client_read_acuse_async (VntServiceClient    *self,
                                     VntCredential       *credential,
                                     const char          *curp,
                                     const char          *rfc,
                                     const char          *folio,
                                     const char          *procedure,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && folio != NULL && procedure != NULL);

  /* The finalize body is not known here: everything else is checked. */
  task = acuse_task_new (self, credential, folio, procedure, NULL,
                         vnt_service_client_read_acuse_async, cancellable, callback, user_data);

  path = escaped_path ("/v1/acuses/", folio, NULL);
  signed_exchange_async (self, credential, SOUP_METHOD_GET, path, "acuse.read", curp, rfc, NULL, NULL,
                         vnt_service_client_read_acuse_async, cancellable, acuse_done_cb, task);
}

JsonObject *
vnt_service_client_read_acuse_finish (VntServiceClient  *self,
                                      GAsyncResult      *result,
                                      JsonObject       **acuse,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return acuse_finish (result, acuse, error);
}

/* ------------------------------------------------------------------ */
/* Represented companies: attachments and co-signatures                */

void
vnt_service_client_upload_attachment_async (VntServiceClient    *self,
                                            VntCredential       *credential,
                                            const char          *curp,
                                            const char          *rfc,
                                            const char          *folio,
                                            const char          *kind,
                                            GBytes              *pdf,
                                            const char          *idempotency_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autofree char *key = NULL;
  g_autofree char *escaped_folio = NULL;
  g_autofree char *escaped_kind = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && folio != NULL && kind != NULL && pdf != NULL);

  key = idempotency_key_or_new (idempotency_key);
  escaped_folio = g_uri_escape_string (folio, NULL, FALSE);
  escaped_kind = g_uri_escape_string (kind, NULL, FALSE);
  path = g_strconcat ("/v1/tramites/", escaped_folio, "/attachments/", escaped_kind, NULL);

  signed_exchange_full_async (self, credential, SOUP_METHOD_PUT, path, "tramite.attach", curp, rfc,
                              pdf, "application/pdf", key, vnt_service_client_upload_attachment_async,
                              cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_upload_attachment_finish (VntServiceClient  *self,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

void
vnt_service_client_cosign_async (VntServiceClient    *self,
                                 VntCredential       *credential,
                                 const char          *curp,
                                 const char          *rfc,
                                 const char          *folio,
                                 const char          *role,
                                 const char          *tramite_sha256,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && folio != NULL && role != NULL && tramite_sha256 != NULL);

  json_object_set_string_member (request, "role", role);
  json_object_set_string_member (request, "tramite_sha256", tramite_sha256);
  body = object_to_bytes (request);
  key = idempotency_key_or_new (idempotency_key);
  path = escaped_path ("/v1/tramites/", folio, "/signatures");

  signed_exchange_async (self, credential, SOUP_METHOD_POST, path, "tramite.cosign", curp, rfc,
                         body, key, vnt_service_client_cosign_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_cosign_finish (VntServiceClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

void
vnt_service_client_list_companies_async (VntServiceClient    *self,
                                         VntCredential       *credential,
                                         const char          *curp,
                                         const char          *rfc,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL);

  path = escaped_path ("/v1/accounts/", curp, "/companies");
  signed_exchange_async (self, credential, SOUP_METHOD_GET, path, "company.list", curp, rfc, NULL, NULL,
                         vnt_service_client_list_companies_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_list_companies_finish (VntServiceClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

/* ------------------------------------------------------------------ */
/* IDSE                                                                */

void
vnt_service_client_get_idse_request_async (VntServiceClient    *self,
                                           VntCredential       *credential,
                                           const char          *curp,
                                           const char          *rfc,
                                           const char          *folio,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && folio != NULL);

  path = escaped_path ("/v1/idse/requests/", folio, NULL);
  signed_exchange_async (self, credential, SOUP_METHOD_GET, path, "tramite.read", curp, rfc, NULL, NULL,
                         vnt_service_client_get_idse_request_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_get_idse_request_finish (VntServiceClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

void
vnt_service_client_recover_npie_async (VntServiceClient    *self,
                                       const char          *npie,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (npie != NULL);

  path = escaped_path ("/v1/idse/npie/", npie, NULL);
  object_request_async (self, SOUP_METHOD_GET, path, NULL, vnt_service_client_recover_npie_async,
                        cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_recover_npie_finish (VntServiceClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
idse_certificate_done_cb (GObject      *source,
                          GAsyncResult *res,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *serial = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = exchange_finish (res, &error);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GBytes) der = NULL;
  const char *der_b64 = member_string (object, "der");
  guchar *data;
  gsize len = 0;

  if (object == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (der_b64 != NULL)
    {
      data = g_base64_decode (der_b64, &len);
      der = g_bytes_new_take (data, len);
      certificate = len > 0 ? vnt_certificate_new_from_bytes (der, NULL) : NULL;
    }

  /* The certificate asked for, not another one. */
  if (certificate == NULL || g_strcmp0 (vnt_certificate_get_number (certificate), serial) != 0)
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE, "%s",
                               _("The service sent an answer that cannot be read. Try again later."));
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "vnt-certificate", g_steal_pointer (&certificate), g_object_unref);
  g_task_return_pointer (task, g_steal_pointer (&object), (GDestroyNotify) json_object_unref);
}

void
vnt_service_client_get_idse_certificate_async (VntServiceClient    *self,
                                               const char          *serial,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (serial != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_service_client_get_idse_certificate_async);
  g_task_set_task_data (task, g_strdup (serial), g_free);
  path = escaped_path ("/v1/idse/certificates/", serial, NULL);
  exchange_async (self, SOUP_METHOD_GET, path, NULL, NULL, cancellable, idse_certificate_done_cb, task);
}

VntCertificate *
vnt_service_client_get_idse_certificate_finish (VntServiceClient  *self,
                                                GAsyncResult      *result,
                                                JsonObject       **info,
                                                GError           **error)
{
  g_autoptr(JsonObject) object = NULL;
  VntCertificate *certificate;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  object = g_task_propagate_pointer (G_TASK (result), error);
  if (object == NULL)
    return NULL;

  certificate = g_object_get_data (G_OBJECT (result), "vnt-certificate");
  if (info != NULL)
    *info = g_steal_pointer (&object);

  return g_object_ref (certificate);
}

void
vnt_service_client_practice_conclude_idse_async (VntServiceClient    *self,
                                                 const char          *folio,
                                                 const char          *idempotency_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(GHashTable) headers = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (folio != NULL);

  headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (headers, (gpointer) "Idempotency-Key",
                       idempotency_key_or_new (idempotency_key));
  path = escaped_path ("/v1/sandbox/idse/requests/", folio, "/conclude");
  object_request_async (self, SOUP_METHOD_POST, path, headers, vnt_service_client_practice_conclude_idse_async,
                        cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_practice_conclude_idse_finish (VntServiceClient  *self,
                                                  GAsyncResult      *result,
                                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
idse_text_is_valid (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len < 8 || len > 20)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;

  return TRUE;
}

gboolean
vnt_service_client_check_idse_credentials (const char  *usuario,
                                           const char  *password,
                                           GError     **error)
{
  if (!idse_text_is_valid (usuario))
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_USER_INVALID,
                           _("The IDSE user must have 8 to 20 letters and/or digits, without spaces, accents or symbols."));
      return FALSE;
    }
  if (!idse_text_is_valid (password))
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_PASSWORD_INVALID,
                           _("The IDSE password must have 8 to 20 letters and/or digits, without spaces, accents or symbols."));
      return FALSE;
    }
  if (g_ascii_strcasecmp (usuario, password) == 0)
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_PASSWORD_EQUALS_USER,
                           _("The IDSE password cannot be the same as the user. Choose another password."));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The applicant's trámites: list, "Guardar Trámite", "Cancelar Trámite" */

void
vnt_service_client_list_tramites_async (VntServiceClient    *self,
                                        VntCredential       *credential,
                                        const char          *curp,
                                        const char          *rfc,
                                        const char          *status,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL);

  path = status != NULL ? escaped_path ("/v1/tramites?status=", status, NULL) : g_strdup ("/v1/tramites");

  signed_exchange_async (self, credential, SOUP_METHOD_GET, path, "tramite.list", curp, rfc, NULL, NULL,
                         vnt_service_client_list_tramites_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_list_tramites_finish (VntServiceClient  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

void
vnt_service_client_update_tramite_async (VntServiceClient    *self,
                                         VntCredential       *credential,
                                         const char          *curp,
                                         const char          *rfc,
                                         const char          *folio,
                                         const char          *procedure,
                                         gint64               revision,
                                         JsonObject          *data,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && folio != NULL && procedure != NULL && data != NULL);

  json_object_set_int_member (request, "revision", revision);
  json_object_set_object_member (request, "data", json_object_ref (data));
  body = object_to_bytes (request);
  key = idempotency_key_or_new (idempotency_key);
  path = escaped_path ("/v1/tramites/", folio, NULL);

  signed_exchange_async (self, credential, SOUP_METHOD_PUT, path, procedure, curp, rfc,
                         body, key, vnt_service_client_update_tramite_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_update_tramite_finish (VntServiceClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

void
vnt_service_client_cancel_tramite_async (VntServiceClient    *self,
                                         VntCredential       *credential,
                                         const char          *curp,
                                         const char          *rfc,
                                         const char          *folio,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && folio != NULL);

  key = idempotency_key_or_new (idempotency_key);
  path = escaped_path ("/v1/tramites/", folio, NULL);

  signed_exchange_async (self, credential, SOUP_METHOD_DELETE, path, "tramite.cancel", curp, rfc,
                         NULL, key, vnt_service_client_cancel_tramite_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_cancel_tramite_finish (VntServiceClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}

void
vnt_service_client_accept_idse_conditions_async (VntServiceClient    *self,
                                                 VntCredential       *credential,
                                                 const char          *curp,
                                                 const char          *rfc,
                                                 const char          *serial,
                                                 JsonObject          *terms,
                                                 const char          *idempotency_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (curp != NULL && rfc != NULL && serial != NULL && terms != NULL);

  json_object_set_object_member (request, "accept_terms", accept_terms (terms));
  body = object_to_bytes (request);
  key = idempotency_key_or_new (idempotency_key);
  path = escaped_path ("/v1/idse/certificates/", serial, "/conditions");

  signed_exchange_async (self, credential, SOUP_METHOD_POST, path, "idse.conditions", curp, rfc,
                         body, key, vnt_service_client_accept_idse_conditions_async, cancellable, callback,
                         user_data);
}

JsonObject *
vnt_service_client_accept_idse_conditions_finish (VntServiceClient  *self,
                                                  GAsyncResult      *result,
                                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return signed_exchange_finish (result, error);
}
