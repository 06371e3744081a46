/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "net/vnt-proof.h"
#include "net/vnt-service-client-private.h"

/* Answers are small JSON documents; anything far larger is not one. */
#define MAX_RESPONSE_SIZE (1024 * 1024)

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
  const char *code = vnt_json_get_string (problem, "code");
  const char *detail = vnt_json_get_string (problem, "detail");

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
  JsonObject *object = NULL;

  if (body != NULL && g_bytes_get_size (body) <= MAX_RESPONSE_SIZE)
    object = vnt_json_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (object == NULL)
    g_propagate_error (error, vnt_net_error_new_invalid_response ());

  return object;
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
exchange_async (VntServiceClient    *self,
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
  g_task_set_source_tag (task, exchange_async);

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
                        g_str_equal (path, VNT_SERVICE_NONCES_PATH) ||
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

static JsonObject *
exchange_finish (GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Requests: nonce → cadena → signature → exchange → answer            */

/* A request on its way, copied from its VntServiceRequest. */
typedef struct
{
  char                 *method;
  char                 *path;
  GBytes               *body;
  char                 *content_type;
  char                 *idempotency_key;
  char                 *procedure;
  VntCredential        *credential;
  char                 *curp;
  char                 *rfc;
  char                 *nonce;
  char                 *time;
  VntServiceAnswerFunc  answer_func;
  gpointer              answer_data;
  GDestroyNotify        answer_data_free;
} Send;

static void
send_free (Send *send)
{
  g_free (send->method);
  g_free (send->path);
  g_clear_pointer (&send->body, g_bytes_unref);
  g_free (send->content_type);
  g_free (send->idempotency_key);
  g_free (send->procedure);
  g_clear_object (&send->credential);
  g_free (send->curp);
  g_free (send->rfc);
  g_free (send->nonce);
  g_free (send->time);
  if (send->answer_data_free != NULL)
    g_clear_pointer (&send->answer_data, send->answer_data_free);
  g_free (send);
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = exchange_finish (res, &error);

  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (send->answer_func != NULL)
    send->answer_func (task, answer, send->answer_data);
  else
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_object_unref);
}

/* @headers (nullable) on top of the Idempotency-Key, if any. */
static void
send_exchange (GTask      *task,
               GHashTable *headers)
{
  VntServiceClient *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr(GHashTable) all = headers != NULL ? g_hash_table_ref (headers) : NULL;

  if (send->idempotency_key != NULL)
    {
      if (all == NULL)
        all = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_hash_table_insert (all, (gpointer) "Idempotency-Key", g_strdup (send->idempotency_key));
    }

  exchange_async (self, send->method, send->path, send->body, send->content_type, all,
                  g_task_get_cancellable (task), send_done_cb, task);
}

static void
send_signed_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  GBytes *der;

  signature = vnt_credential_sign_pkcs1_finish (VNT_CREDENTIAL (source), res, &error);
  if (signature == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  der = vnt_certificate_get_der (vnt_credential_get_certificate (send->credential));
  headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_CERTIFICATE,
                       g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der)));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_CURP, g_uri_escape_string (send->curp, NULL, FALSE));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_RFC, g_uri_escape_string (send->rfc, NULL, FALSE));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_NONCE, g_strdup (send->nonce));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_TIME, g_strdup (send->time));
  g_hash_table_insert (headers, (gpointer) VNT_PROOF_HEADER_SIGNATURE, g_steal_pointer (&signature));

  send_exchange (g_steal_pointer (&task), headers);
}

static void
send_nonce_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *cadena = NULL;
  g_autofree char *body_sha256 = vnt_proof_body_sha256 (send->body);
  g_autoptr(GBytes) cadena_bytes = NULL;
  GCancellable *cancellable;

  send->nonce = vnt_service_client_new_nonce_finish (VNT_SERVICE_CLIENT (source), res, &error);
  if (send->nonce == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send->time = vnt_proof_format_time (NULL);
  cadena = vnt_proof_build_cadena (send->procedure, send->curp, send->rfc,
                                   vnt_certificate_get_number (vnt_credential_get_certificate (send->credential)),
                                   send->nonce, send->time, body_sha256);
  if (cadena == NULL)
    {
      g_task_return_error (task, vnt_net_error_new_invalid_response ());
      return;
    }

  /* Signing runs in a worker thread. */
  cadena_bytes = g_bytes_new (cadena, strlen (cadena));
  cancellable = g_task_get_cancellable (task);
  vnt_credential_sign_pkcs1_async (send->credential, cadena_bytes, cancellable,
                                   send_signed_cb, g_steal_pointer (&task));
}

/* The caller's key, so that a repeated request is recognised; else a new one. */
static char *
idempotency_key_or_new (const char *idempotency_key)
{
  return idempotency_key != NULL ? g_strdup (idempotency_key) : g_uuid_string_random ();
}

void
_vnt_service_client_send_async (VntServiceClient        *self,
                                const VntServiceRequest *request,
                                gpointer                 source_tag,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  const VntServiceProof *proof = &request->proof;
  g_autoptr(GTask) task = NULL;
  Send *send;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));
  g_return_if_fail (request->method != NULL && request->path != NULL);
  /* Every proof needs the credential and the holder's CURP and RFC. */
  g_return_if_fail (proof->procedure == NULL ||
                    (VNT_IS_CREDENTIAL (proof->credential) && proof->curp != NULL && proof->rfc != NULL));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  send = g_new0 (Send, 1);
  send->method = g_strdup (request->method);
  send->path = g_strdup (request->path);
  send->body = request->body != NULL ? g_bytes_ref (request->body) : NULL;
  send->content_type = g_strdup (request->content_type);
  /* Every POST, PUT and DELETE but a new nonce's. */
  if (!g_str_equal (request->method, SOUP_METHOD_GET) && !g_str_equal (request->path, VNT_SERVICE_NONCES_PATH))
    send->idempotency_key = idempotency_key_or_new (request->idempotency_key);
  send->procedure = g_strdup (proof->procedure);
  send->credential = proof->credential != NULL ? g_object_ref (proof->credential) : NULL;
  send->curp = g_strdup (proof->curp);
  send->rfc = g_strdup (proof->rfc);
  send->answer_func = request->answer_func;
  send->answer_data = request->answer_data;
  send->answer_data_free = request->answer_data_free;
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);

  if (send->procedure == NULL)
    {
      send_exchange (g_steal_pointer (&task), NULL);
      return;
    }

  if (strpbrk (send->curp, "|\r\n") != NULL || strpbrk (send->rfc, "|\r\n") != NULL)
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_FIELD, "%s",
                               _("The CURP or the RFC holds characters they cannot have. Check them and try again."));
      return;
    }

  vnt_service_client_new_nonce_async (self, cancellable, send_nonce_cb, g_steal_pointer (&task));
}

gpointer
_vnt_service_client_send_finish (VntServiceClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* What endpoints share                                                */

char *
_vnt_service_path (const char *prefix,
                   const char *value,
                   const char *suffix)
{
  g_autofree char *escaped = NULL;

  /* Then the request is not sent: see _vnt_service_client_send_async(). */
  g_return_val_if_fail (value != NULL, NULL);

  escaped = g_uri_escape_string (value, NULL, FALSE);
  return g_strconcat (prefix, escaped, suffix, NULL);
}

GBytes *
_vnt_service_json_body (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

JsonObject *
_vnt_service_accept_terms (JsonObject *terms)
{
  JsonObject *accept = json_object_new ();

  json_object_set_string_member (accept, "id", vnt_json_get_string (terms, "id"));
  json_object_set_string_member (accept, "version", vnt_json_get_string (terms, "version"));
  json_object_set_string_member (accept, "sha256", vnt_json_get_string (terms, "sha256"));

  return accept;
}
