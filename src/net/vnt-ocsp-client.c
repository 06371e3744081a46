/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "net/vnt-ocsp-client.h"

/* An OCSP answer is a few KiB; anything far larger is not one. */
#define MAX_RESPONSE_SIZE (256 * 1024)

struct _VntOcspClient
{
  GObject    parent_instance;

  char      *url;
  guint      timeout;
  GPtrArray *responders;
};

G_DEFINE_FINAL_TYPE (VntOcspClient, vnt_ocsp_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_TIMEOUT,
  LAST_PROP,
};

static GParamSpec *props[LAST_PROP];

static void
vnt_ocsp_client_finalize (GObject *object)
{
  VntOcspClient *self = VNT_OCSP_CLIENT (object);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->responders, g_ptr_array_unref);

  G_OBJECT_CLASS (vnt_ocsp_client_parent_class)->finalize (object);
}

static void
vnt_ocsp_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VntOcspClient *self = VNT_OCSP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_ocsp_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VntOcspClient *self = VNT_OCSP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      vnt_ocsp_client_set_url (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      vnt_ocsp_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_ocsp_client_class_init (VntOcspClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_ocsp_client_finalize;
  object_class->get_property = vnt_ocsp_client_get_property;
  object_class->set_property = vnt_ocsp_client_set_property;

  props[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         VNT_OCSP_DEFAULT_URL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, VNT_OCSP_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
vnt_ocsp_client_init (VntOcspClient *self)
{
  self->url = g_strdup (VNT_OCSP_DEFAULT_URL);
  self->timeout = VNT_OCSP_DEFAULT_TIMEOUT;
}

VntOcspClient *
vnt_ocsp_client_new (const char *url)
{
  return g_object_new (VNT_TYPE_OCSP_CLIENT, "url", url, NULL);
}

const char *
vnt_ocsp_client_get_url (VntOcspClient *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_CLIENT (self), NULL);
  return self->url;
}

void
vnt_ocsp_client_set_url (VntOcspClient *self,
                         const char    *url)
{
  g_return_if_fail (VNT_IS_OCSP_CLIENT (self));

  if (url == NULL || *url == '\0')
    url = VNT_OCSP_DEFAULT_URL;

  if (g_strcmp0 (self->url, url) == 0)
    return;

  g_free (self->url);
  self->url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_URL]);
}

guint
vnt_ocsp_client_get_timeout (VntOcspClient *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_CLIENT (self), 0);
  return self->timeout;
}

void
vnt_ocsp_client_set_timeout (VntOcspClient *self,
                             guint          timeout)
{
  g_return_if_fail (VNT_IS_OCSP_CLIENT (self));

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TIMEOUT]);
}

void
vnt_ocsp_client_set_responders (VntOcspClient *self,
                                GPtrArray     *responders)
{
  g_return_if_fail (VNT_IS_OCSP_CLIENT (self));

  if (responders != NULL)
    g_ptr_array_ref (responders);
  g_clear_pointer (&self->responders, g_ptr_array_unref);
  self->responders = responders;
}

/* One session per batch (a check of one is a batch of one): cheap next to
 * the TLS handshake, and it keeps the client usable from any thread. A
 * batch's requests share its session, which keeps a connection open for
 * each request in flight and reuses them. */
static SoupSession *
make_session (VntOcspClient *self)
{
  return soup_session_new_with_options ("timeout", self->timeout,
                                        "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                        "max-conns", VNT_OCSP_MAX_IN_FLIGHT,
                                        "max-conns-per-host", VNT_OCSP_MAX_IN_FLIGHT,
                                        NULL);
}

/* NULL when the URL is not http(s). */
static SoupMessage *
make_message (VntOcspClient   *self,
              VntOcspRequest  *request)
{
  g_autoptr(GBytes) der = vnt_ocsp_request_get_der (request);
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;

  uri = g_uri_parse (self->url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return NULL;

  msg = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  /* An OCSP query changes nothing on the responder: it may go over a kept
   * connection (libsoup opens a new one for every other POST) and be sent
   * again when a kept connection turns out closed. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_set_request_body_from_bytes (msg, "application/ocsp-request", der);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/ocsp-response");

  return msg;
}

static VntOcspResult *
finish_exchange (VntOcspClient   *self,
                 VntOcspRequest  *request,
                 SoupMessage     *msg,
                 GBytes          *body,
                 GError          *transport_error,
                 GError         **error)
{
  guint status;

  if (transport_error != NULL)
    {
      if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_error_copy (transport_error));
          return NULL;
        }

      g_debug ("OCSP exchange with %s failed: %s", self->url, transport_error->message);
      if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_TIMEOUT);

      return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_UNREACHABLE);
    }

  status = soup_message_get_status (msg);
  /* 429 is Too Many Requests, unnamed in libsoup 3.2. */
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == 429)
    return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_TRY_LATER);
  if (status == SOUP_STATUS_GATEWAY_TIMEOUT || status == SOUP_STATUS_REQUEST_TIMEOUT)
    return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_TIMEOUT);
  if (status != SOUP_STATUS_OK)
    {
      g_debug ("OCSP responder %s answered HTTP %u", self->url, status);
      return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_UNREACHABLE);
    }

  if (body == NULL || g_bytes_get_size (body) > MAX_RESPONSE_SIZE)
    return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_MALFORMED);

  return vnt_ocsp_request_read_response (request, body, self->responders, NULL);
}

/* ---- Many at once ---- */

typedef struct
{
  SoupSession *session;
  GPtrArray   *certificates;
  GPtrArray   *issuers;
  GPtrArray   *results;     /* one slot per certificate, NULL until known */
  guint        next;        /* the next certificate to ask about */
  guint        in_flight;
  guint        done;
  GError      *error;       /* cancelled: no new request, the first error */
  GHashTable  *sockets;     /* connection id → its GSocket */
} Batch;

static void
batch_free (Batch *batch)
{
  /* Closes the kept connections now rather than when the context next runs. */
  if (batch->session != NULL)
    soup_session_abort (batch->session);
  g_clear_object (&batch->session);
  g_clear_pointer (&batch->certificates, g_ptr_array_unref);
  g_clear_pointer (&batch->issuers, g_ptr_array_unref);
  g_clear_pointer (&batch->results, g_ptr_array_unref);
  g_clear_pointer (&batch->sockets, g_hash_table_unref);
  g_clear_error (&batch->error);
  g_free (batch);
}

typedef struct
{
  GTask          *task;
  guint           index;
  VntOcspRequest *request;
  SoupMessage    *msg;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->task);
  g_clear_object (&exchange->request);
  g_clear_object (&exchange->msg);
  g_free (exchange);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exchange, exchange_free)

static void batch_start (GTask *task);

/* Remembers the socket of each new connection, to find it again when a
 * later request goes over the same kept connection. */
static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Batch *batch = user_data;
  guint64 *id;

  if (event != G_SOCKET_CLIENT_CONNECTED || !G_IS_SOCKET_CONNECTION (connection))
    return;

  id = g_new (guint64, 1);
  *id = soup_message_get_connection_id (msg);
  g_hash_table_replace (batch->sockets, id,
                        g_object_ref (g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection))));
}

/* The request is out; the answer comes next. Many responders write its
 * headers and its body apart, and on a kept connection the body then waits
 * for our ACK of the headers, which Linux delays by 40 ms for a connection
 * that looks interactive: ask for the ACK at once. */
static void
wrote_body_cb (SoupMessage *msg,
               gpointer     user_data)
{
#ifdef TCP_QUICKACK
  Batch *batch = user_data;
  guint64 id = soup_message_get_connection_id (msg);
  GSocket *socket = g_hash_table_lookup (batch->sockets, &id);

  if (socket != NULL)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_QUICKACK, 1, NULL);
#endif
}

/* The slots of a cancelled batch stay empty; an issuer may be unknown. */
static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
batch_store (Batch         *batch,
             guint          index,
             VntOcspResult *result)
{
  g_assert (g_ptr_array_index (batch->results, index) == NULL);
  g_ptr_array_index (batch->results, index) = result;
  batch->done++;
}

/* Returns the task's result once nothing is in flight and either every
 * answer is in or the batch was cancelled. */
static void
batch_maybe_return (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);

  if (batch->in_flight > 0)
    return;

  if (batch->error != NULL)
    g_task_return_error (task, g_steal_pointer (&batch->error));
  else if (batch->done == batch->results->len)
    g_task_return_pointer (task, g_ptr_array_ref (batch->results), (GDestroyNotify) g_ptr_array_unref);
}

static void
batch_send_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(Exchange) exchange = user_data;
  g_autoptr(GTask) task = g_object_ref (exchange->task);
  VntOcspClient *self = g_task_get_source_object (task);
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  VntOcspResult *result;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &transport_error);
  result = finish_exchange (self, exchange->request, exchange->msg, body, transport_error, &error);
  batch->in_flight--;

  if (result != NULL)
    batch_store (batch, exchange->index, result);
  else if (batch->error == NULL)
    batch->error = g_steal_pointer (&error);

  if (batch->error == NULL)
    batch_start (task);
  batch_maybe_return (task);
}

/* Fills the free places in flight with the next certificates. */
static void
batch_start (GTask *task)
{
  VntOcspClient *self = g_task_get_source_object (task);
  Batch *batch = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (batch->error == NULL && g_cancellable_set_error_if_cancelled (cancellable, &batch->error))
    return;

  while (batch->in_flight < VNT_OCSP_MAX_IN_FLIGHT && batch->next < batch->certificates->len)
    {
      guint index = batch->next++;
      VntCertificate *certificate = g_ptr_array_index (batch->certificates, index);
      VntCertificate *issuer = batch->issuers != NULL ? g_ptr_array_index (batch->issuers, index) : NULL;
      g_autoptr(GError) error = NULL;
      Exchange *exchange;

      exchange = g_new0 (Exchange, 1);
      exchange->index = index;
      exchange->request = vnt_ocsp_request_new (certificate, issuer, &error);
      if (exchange->request == NULL)
        {
          g_debug ("No OCSP request: %s", error->message);
          batch_store (batch, index, vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_NO_ISSUER));
          exchange_free (exchange);
          continue;
        }

      exchange->msg = make_message (self, exchange->request);
      if (exchange->msg == NULL)
        {
          batch_store (batch, index, vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_UNREACHABLE));
          exchange_free (exchange);
          continue;
        }

      g_signal_connect (exchange->msg, "network-event", G_CALLBACK (network_event_cb), batch);
      g_signal_connect (exchange->msg, "wrote-body", G_CALLBACK (wrote_body_cb), batch);
      exchange->task = g_object_ref (task);
      batch->in_flight++;
      soup_session_send_and_read_async (batch->session, exchange->msg, G_PRIORITY_DEFAULT, cancellable,
                                        batch_send_cb, exchange);
    }
}

void
vnt_ocsp_client_check_all_async (VntOcspClient       *self,
                                 GPtrArray           *certificates,
                                 GPtrArray           *issuers,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Batch *batch;

  g_return_if_fail (VNT_IS_OCSP_CLIENT (self));
  g_return_if_fail (certificates != NULL);
  g_return_if_fail (issuers == NULL || issuers->len == certificates->len);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_ocsp_client_check_all_async);

  batch = g_new0 (Batch, 1);
  batch->certificates = g_ptr_array_ref (certificates);
  batch->issuers = issuers != NULL ? g_ptr_array_ref (issuers) : NULL;
  batch->results = g_ptr_array_new_with_free_func (unref_nullable);
  g_ptr_array_set_size (batch->results, certificates->len);
  batch->session = make_session (self);
  batch->sockets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);

  batch_start (task);
  batch_maybe_return (task);
}

GPtrArray *
vnt_ocsp_client_check_all_finish (VntOcspClient  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (VNT_IS_OCSP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
check_all_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GPtrArray *
vnt_ocsp_client_check_all (VntOcspClient  *self,
                           GPtrArray      *certificates,
                           GPtrArray      *issuers,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  GAsyncResult *result = NULL;
  GPtrArray *results;

  g_return_val_if_fail (VNT_IS_OCSP_CLIENT (self), NULL);
  g_return_val_if_fail (certificates != NULL, NULL);

  /* A context of our own: the session's sources run only here, whatever
   * the calling thread's default context is doing. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  vnt_ocsp_client_check_all_async (self, certificates, issuers, cancellable, check_all_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);

  results = vnt_ocsp_client_check_all_finish (self, result, error);
  g_object_unref (result);
  /* Let the session's last sources (closing connections) run here. */
  while (g_main_context_iteration (context, FALSE))
    ;

  g_main_context_pop_thread_default (context);

  return results;
}

GPtrArray *
vnt_ocsp_client_check_all_with_trust (VntOcspClient *self,
                                      GPtrArray     *certificates,
                                      VntTrustStore *trust,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autoptr(GPtrArray) issuers = g_ptr_array_new_with_free_func (unref_nullable);

  g_return_val_if_fail (VNT_IS_OCSP_CLIENT (self), NULL);
  g_return_val_if_fail (certificates != NULL, NULL);
  g_return_val_if_fail (VNT_IS_TRUST_STORE (trust), NULL);

  for (guint i = 0; i < certificates->len; i++)
    {
      VntCertificate *certificate = g_ptr_array_index (certificates, i);

      g_ptr_array_add (issuers, vnt_trust_store_find_issuer (trust, certificate));
    }

  return vnt_ocsp_client_check_all (self, certificates, issuers, cancellable, error);
}
