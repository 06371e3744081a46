/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"


#include "crypto/vnt-crypto.h"
#include "net/vnt-ocsp-client.h"
#include "vnt-test-ocsp-responder.h"
#include "vnt-test-utils.h"

/* The OCSP client against real `openssl ocsp` answers on 127.0.0.1
 * (see vnt-test-ocsp-responder.h). */

static VntCertificate *
load_pki_certificate (const char *name)
{
  g_autofree char *path = vnt_test_ocsp_responder_file (name);
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  certificate = vnt_certificate_new_from_file (path, &error);
  g_assert_no_error (error);

  return certificate;
}

static void
check_all_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *outer = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  results = vnt_ocsp_client_check_all_finish (VNT_OCSP_CLIENT (source), result, &error);
  if (results == NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, results, (GDestroyNotify) g_ptr_array_unref);
}

/* A check of one certificate, as vnt_ocsp_client_check_all () gives it. */
static VntOcspResult *
check_one (VntOcspClient  *client,
           VntCertificate *certificate,
           VntCertificate *issuer,
           GError        **error)
{
  g_autoptr(GPtrArray) certificates = g_ptr_array_new ();
  g_autoptr(GPtrArray) issuers = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;

  g_ptr_array_add (certificates, certificate);
  g_ptr_array_add (issuers, issuer);
  results = vnt_ocsp_client_check_all (client, certificates, issuers, NULL, error);
  if (results == NULL)
    return NULL;

  return g_object_ref (g_ptr_array_index (results, 0));
}

/* Runs one async check to completion on the default main context. */
static VntOcspResult *
check_url (const char    *path,
           const char    *leaf,
           guint          timeout,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *url = vnt_test_ocsp_responder_url (path);
  g_autoptr(VntOcspClient) client = vnt_ocsp_client_new (url);
  g_autoptr(VntCertificate) certificate = load_pki_certificate (leaf);
  g_autoptr(VntCertificate) issuer = load_pki_certificate ("ca.pem");
  g_autoptr(GPtrArray) no_responders = g_ptr_array_new ();
  g_autoptr(GPtrArray) certificates = g_ptr_array_new ();
  g_autoptr(GPtrArray) issuers = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GTask) outer = g_task_new (NULL, NULL, NULL, NULL);

  /* Only the issuer and its delegate may vouch here, not SAT's responders. */
  vnt_ocsp_client_set_responders (client, no_responders);
  vnt_ocsp_client_set_timeout (client, timeout);

  g_ptr_array_add (certificates, certificate);
  g_ptr_array_add (issuers, issuer);
  vnt_ocsp_client_check_all_async (client, certificates, issuers, cancellable, check_all_cb, outer);
  while (!g_task_get_completed (outer))
    g_main_context_iteration (NULL, TRUE);

  results = g_task_propagate_pointer (outer, error);
  if (results == NULL)
    return NULL;

  return g_object_ref (g_ptr_array_index (results, 0));
}

static void
test_good (void)
{
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(VntCertificate) delegate = NULL;
  g_autoptr(GError) error = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  result = check_url ("/", "good.pem", 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_GOOD);
  g_assert_cmpint (vnt_ocsp_result_get_failure (result), ==, VNT_OCSP_FAILURE_NONE);
  g_assert_cmpstr (vnt_ocsp_result_get_serial (result), ==, "30001000000500000001");
  g_assert_null (vnt_ocsp_result_get_revocation_time (result));
  g_assert_nonnull (vnt_ocsp_result_get_next_update (result));

  /* Signed by the delegated responder, not by the CA itself. */
  delegate = load_pki_certificate ("responder.pem");
  g_assert_nonnull (vnt_ocsp_result_get_responder (result));
  g_assert_true (vnt_certificate_equal (vnt_ocsp_result_get_responder (result), delegate));
}

static void
test_revoked (void)
{
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  result = check_url ("/", "revoked.pem", 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_REVOKED);
  g_assert_cmpstr (vnt_ocsp_result_get_serial (result), ==, "30001000000500000002");
  g_assert_nonnull (vnt_ocsp_result_get_revocation_time (result));
  /* As written in index.txt by make-ocsp-pki.sh. */
  when = g_date_time_format (vnt_ocsp_result_get_revocation_time (result), "%Y-%m-%d %H:%M:%S");
  g_assert_cmpstr (when, ==, "2025-03-04 05:06:07");
  g_assert_cmpstr (vnt_ocsp_result_get_revocation_reason (result), ==, "keyCompromise");
}

static void
test_unknown (void)
{
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  result = check_url ("/", "unknown.pem", 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNKNOWN);
  g_assert_cmpstr (vnt_ocsp_result_get_serial (result), ==, "30001000000500000003");
}

/* An answer signed by someone the issuer never delegated to is ignored. */
static void
test_rogue_responder (void)
{
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  result = check_url ("/rogue", "revoked.pem", 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
  g_assert_cmpint (vnt_ocsp_result_get_failure (result), ==, VNT_OCSP_FAILURE_UNVERIFIABLE);
}

static void
test_service_failures (void)
{
  const struct {
    const char     *path;
    VntOcspFailure  failure;
  } cases[] = {
    { "/try-later", VNT_OCSP_FAILURE_TRY_LATER },
    { "/garbage", VNT_OCSP_FAILURE_MALFORMED },
    { "/busy", VNT_OCSP_FAILURE_TRY_LATER },
    { "/error", VNT_OCSP_FAILURE_UNREACHABLE },
    { "/missing", VNT_OCSP_FAILURE_UNREACHABLE },
  };

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VntOcspResult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = check_url (cases[i].path, "good.pem", 20, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
      g_assert_cmpstr (vnt_ocsp_failure_to_string (vnt_ocsp_result_get_failure (result)), ==,
                       vnt_ocsp_failure_to_string (cases[i].failure));
    }
}

static void
test_timeout (void)
{
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  result = check_url ("/slow", "good.pem", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
  g_assert_cmpint (vnt_ocsp_result_get_failure (result), ==, VNT_OCSP_FAILURE_TIMEOUT);
}

static void
test_cancelled (void)
{
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  g_cancellable_cancel (cancellable);
  result = check_url ("/", "good.pem", 20, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
}

/* The blocking form, as the command-line tool uses it. */
static void
test_sync (void)
{
  g_autofree char *url = NULL;
  g_autoptr(VntOcspClient) client = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntCertificate) issuer = NULL;
  g_autoptr(VntOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  url = vnt_test_ocsp_responder_url ("/");
  client = vnt_ocsp_client_new (url);
  certificate = load_pki_certificate ("revoked.pem");
  issuer = load_pki_certificate ("ca.pem");

  result = check_one (client, certificate, issuer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_REVOKED);
}

/* Nobody listens: unavailable, never good. */
static void
test_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntOcspClient) client = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(VntCertificate) issuer = NULL;
  g_autoptr(VntOcspResult) result = NULL;
  g_autofree char *url = NULL;
  guint port;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  /* A port that was free a moment ago and is closed now. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  client = vnt_ocsp_client_new (url);
  certificate = load_pki_certificate ("good.pem");
  issuer = load_pki_certificate ("ca.pem");

  result = check_one (client, certificate, issuer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, VNT_OCSP_STATUS_UNAVAILABLE);
  g_assert_cmpint (vnt_ocsp_result_get_failure (result), ==, VNT_OCSP_FAILURE_UNREACHABLE);
}

/* @n times good.pem against @path, through the async batch on the default
 * main context. */
static GPtrArray *
check_many (const char    *path,
            guint          n,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *url = vnt_test_ocsp_responder_url (path);
  g_autoptr(VntOcspClient) client = vnt_ocsp_client_new (url);
  g_autoptr(VntCertificate) certificate = load_pki_certificate ("good.pem");
  g_autoptr(VntCertificate) issuer = load_pki_certificate ("ca.pem");
  g_autoptr(GPtrArray) certificates = g_ptr_array_new ();
  g_autoptr(GPtrArray) issuers = g_ptr_array_new ();
  g_autoptr(GPtrArray) no_responders = g_ptr_array_new ();
  g_autoptr(GTask) outer = g_task_new (NULL, NULL, NULL, NULL);

  vnt_ocsp_client_set_responders (client, no_responders);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (certificates, certificate);
      g_ptr_array_add (issuers, issuer);
    }

  vnt_ocsp_client_check_all_async (client, certificates, issuers, cancellable, check_all_cb, outer);
  while (!g_task_get_completed (outer))
    g_main_context_iteration (NULL, TRUE);

  return g_task_propagate_pointer (outer, error);
}

/* Requests really overlap: a responder that holds each answer for a second
 * sees VNT_OCSP_MAX_IN_FLIGHT of them at once, never more, over no more
 * connections than that (kept and reused), and the whole batch takes about
 * one second per VNT_OCSP_MAX_IN_FLIGHT requests, not one per request. */
static void
test_many_overlap (void)
{
  const guint n = 2 * VNT_OCSP_MAX_IN_FLIGHT;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  vnt_test_ocsp_responder_set_delay (1000);
  vnt_test_ocsp_responder_reset_stats ();
  start = g_get_monotonic_time ();
  results = check_many ("/cached", n, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  vnt_test_ocsp_responder_set_delay (0);

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (vnt_ocsp_result_get_status (g_ptr_array_index (results, i)), ==, VNT_OCSP_STATUS_GOOD);

  g_assert_cmpuint (vnt_test_ocsp_responder_get_n_requests (), ==, n);
  g_assert_cmpuint (vnt_test_ocsp_responder_get_max_in_flight (), ==, VNT_OCSP_MAX_IN_FLIGHT);
  g_assert_cmpuint (vnt_test_ocsp_responder_get_n_connections (), <=, VNT_OCSP_MAX_IN_FLIGHT);
  /* Two rounds of one second; one at a time would be sixteen. */
  g_assert_cmpint (elapsed, >=, 2 * G_USEC_PER_SEC);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer makes the work around the waits slower. */
  g_assert_cmpint (elapsed, <, 12 * G_USEC_PER_SEC);
#else
  g_assert_cmpint (elapsed, <, 6 * G_USEC_PER_SEC);
#endif
}

/* The blocking form from a thread of its own, as `efirma` uses it: every
 * answer lands in its certificate's slot, whatever order they come in. */
static gpointer
check_all_thread (gpointer data)
{
  GPtrArray *certificates = data;
  g_autofree char *url = vnt_test_ocsp_responder_url ("/");
  g_autoptr(VntOcspClient) client = vnt_ocsp_client_new (url);
  g_autoptr(VntCertificate) issuer = load_pki_certificate ("ca.pem");
  g_autoptr(GPtrArray) issuers = g_ptr_array_new ();
  g_autoptr(GPtrArray) no_responders = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  vnt_ocsp_client_set_responders (client, no_responders);
  for (guint i = 0; i < certificates->len; i++)
    /* The last one has no issuer known: no request can be made. */
    g_ptr_array_add (issuers, i + 1 < certificates->len ? issuer : NULL);

  results = vnt_ocsp_client_check_all (client, certificates, issuers, NULL, &error);
  g_assert_no_error (error);

  return results;
}

static void
test_many_sync (void)
{
  const char *leaves[] = { "revoked.pem", "good.pem", "unknown.pem", "good.pem", "revoked.pem", "good.pem" };
  const VntOcspStatus expected[] = {
    VNT_OCSP_STATUS_REVOKED, VNT_OCSP_STATUS_GOOD, VNT_OCSP_STATUS_UNKNOWN,
    VNT_OCSP_STATUS_GOOD, VNT_OCSP_STATUS_REVOKED, VNT_OCSP_STATUS_UNAVAILABLE,
  };
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  GThread *thread;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (leaves); i++)
    g_ptr_array_add (certificates, load_pki_certificate (leaves[i]));

  thread = g_thread_new ("check-all", check_all_thread, certificates);
  results = g_thread_join (thread);

  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (leaves));
  for (guint i = 0; i < results->len; i++)
    {
      VntOcspResult *result = g_ptr_array_index (results, i);

      g_assert_cmpint (vnt_ocsp_result_get_status (result), ==, expected[i]);
      if (expected[i] != VNT_OCSP_STATUS_UNAVAILABLE)
        g_assert_cmpstr (vnt_ocsp_result_get_serial (result), ==,
                         vnt_certificate_get_number (g_ptr_array_index (certificates, i)));
    }
  g_assert_cmpint (vnt_ocsp_result_get_failure (g_ptr_array_index (results, results->len - 1)), ==,
                   VNT_OCSP_FAILURE_NO_ISSUER);

  /* Nothing to ask: an empty answer, at once. */
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    g_autoptr(VntOcspClient) client = vnt_ocsp_client_new ("http://127.0.0.1:1/");
    g_autoptr(GPtrArray) empty = NULL;
    g_autoptr(GError) error = NULL;

    empty = vnt_ocsp_client_check_all (client, none, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (empty->len, ==, 0);
  }
}

/* Failures of the service stay "unavailable" in a batch too, never "good";
 * cancelling ends the batch with G_IO_ERROR_CANCELLED. */
static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_many_failures (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  if (!vnt_test_ocsp_responder_running ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  results = check_many ("/busy", 10, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (vnt_ocsp_result_get_failure (g_ptr_array_index (results, i)), ==, VNT_OCSP_FAILURE_TRY_LATER);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* /slow never answers: cancelled while requests are in flight. */
  g_timeout_add (200, cancel_cb, cancellable);
  results = check_many ("/slow", 10, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (results);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_client_properties (void)
{
  g_autoptr(VntOcspClient) client = vnt_ocsp_client_new (NULL);
  guint notified = 0;

  g_assert_cmpstr (vnt_ocsp_client_get_url (client), ==, VNT_OCSP_DEFAULT_URL);
  g_assert_cmpuint (vnt_ocsp_client_get_timeout (client), ==, VNT_OCSP_DEFAULT_TIMEOUT);

  g_signal_connect (client, "notify", G_CALLBACK (count_notify_cb), &notified);

  /* Notified on change only; "" falls back to the SAT responder. */
  vnt_ocsp_client_set_url (client, VNT_OCSP_DEFAULT_URL);
  g_assert_cmpuint (notified, ==, 0);
  vnt_ocsp_client_set_url (client, "http://127.0.0.1:1/ocsp");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (vnt_ocsp_client_get_url (client), ==, "http://127.0.0.1:1/ocsp");
  vnt_ocsp_client_set_url (client, "");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (vnt_ocsp_client_get_url (client), ==, VNT_OCSP_DEFAULT_URL);

  vnt_ocsp_client_set_timeout (client, VNT_OCSP_DEFAULT_TIMEOUT);
  g_assert_cmpuint (notified, ==, 2);
  g_object_set (client, "timeout", 3u, NULL);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpuint (vnt_ocsp_client_get_timeout (client), ==, 3);

  g_assert_finalize_object (g_steal_pointer (&client));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  vnt_test_ocsp_responder_start ();

  g_test_add_func ("/net/ocsp/good", test_good);
  g_test_add_func ("/net/ocsp/revoked", test_revoked);
  g_test_add_func ("/net/ocsp/unknown", test_unknown);
  g_test_add_func ("/net/ocsp/rogue-responder", test_rogue_responder);
  g_test_add_func ("/net/ocsp/service-failures", test_service_failures);
  g_test_add_func ("/net/ocsp/timeout", test_timeout);
  g_test_add_func ("/net/ocsp/cancelled", test_cancelled);
  g_test_add_func ("/net/ocsp/sync", test_sync);
  g_test_add_func ("/net/ocsp/closed-port", test_closed_port);
  g_test_add_func ("/net/ocsp/client-properties", test_client_properties);
  g_test_add_func ("/net/ocsp/many/overlap", test_many_overlap);
  g_test_add_func ("/net/ocsp/many/sync", test_many_sync);
  g_test_add_func ("/net/ocsp/many/failures", test_many_failures);

  ret = g_test_run ();

  if (vnt_test_ocsp_responder_running ())
    vnt_test_ocsp_responder_stop ();

  return ret;
}
