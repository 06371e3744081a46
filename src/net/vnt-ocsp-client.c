/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

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

/* One session per check: cheap next to the TLS handshake, and it keeps the
 * client usable from any thread. */
static SoupSession *
make_session (VntOcspClient *self)
{
  return soup_session_new_with_options ("timeout", self->timeout,
                                        "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
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

typedef struct
{
  VntOcspRequest *request;
  SoupSession    *session;
  SoupMessage    *msg;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->request);
  g_clear_object (&data->msg);
  g_clear_object (&data->session);
  g_free (data);
}

static void
send_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntOcspClient *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  VntOcspResult *result;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &transport_error);
  result = finish_exchange (self, data->request, data->msg, body, transport_error, &error);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, g_object_unref);
}

void
vnt_ocsp_client_check_async (VntOcspClient       *self,
                             VntCertificate      *certificate,
                             VntCertificate      *issuer,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CheckData *data;

  g_return_if_fail (VNT_IS_OCSP_CLIENT (self));
  g_return_if_fail (VNT_IS_CERTIFICATE (certificate));
  g_return_if_fail (issuer == NULL || VNT_IS_CERTIFICATE (issuer));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_ocsp_client_check_async);

  data = g_new0 (CheckData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  data->request = vnt_ocsp_request_new (certificate, issuer, &error);
  if (data->request == NULL)
    {
      g_debug ("No OCSP request: %s", error->message);
      g_task_return_pointer (task, vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_NO_ISSUER),
                             g_object_unref);
      return;
    }

  data->msg = make_message (self, data->request);
  if (data->msg == NULL)
    {
      g_task_return_pointer (task, vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_UNREACHABLE),
                             g_object_unref);
      return;
    }

  data->session = make_session (self);
  soup_session_send_and_read_async (data->session, data->msg, G_PRIORITY_DEFAULT, cancellable,
                                    send_cb, g_steal_pointer (&task));
}

VntOcspResult *
vnt_ocsp_client_check_finish (VntOcspClient  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (VNT_IS_OCSP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

VntOcspResult *
vnt_ocsp_client_check (VntOcspClient   *self,
                       VntCertificate  *certificate,
                       VntCertificate  *issuer,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(VntOcspRequest) request = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VNT_IS_OCSP_CLIENT (self), NULL);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (issuer == NULL || VNT_IS_CERTIFICATE (issuer), NULL);

  request = vnt_ocsp_request_new (certificate, issuer, &local_error);
  if (request == NULL)
    {
      g_debug ("No OCSP request: %s", local_error->message);
      return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_NO_ISSUER);
    }

  msg = make_message (self, request);
  if (msg == NULL)
    return vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_UNREACHABLE);

  session = make_session (self);
  body = soup_session_send_and_read (session, msg, cancellable, &transport_error);

  return finish_exchange (self, request, msg, body, transport_error, error);
}
