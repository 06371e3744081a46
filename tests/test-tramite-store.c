/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "core/vnt-tramite-store.h"
#include "vnt-test-utils.h"

/* The trámite records and kept acuses on disk. */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vnt-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
tramite_file (const char *dir,
              VntTramite *tramite)
{
  g_autofree char *name = g_strconcat (vnt_tramite_get_id (tramite), ".json", NULL);

  return g_build_filename (dir, "tramites", name, NULL);
}

static void
test_roundtrip (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (dir);
  g_autoptr(VntTramiteStore) other = vnt_tramite_store_new (dir);
  g_autoptr(VntTramite) tramite = vnt_tramite_store_create (store, "account.update");
  g_autoptr(VntTramite) loaded = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(GBytes) der = g_bytes_new_static ("\x30\x82\x00\x01", 4);
  g_autoptr(GBytes) der_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  GStatBuf st;

  g_assert_cmpstr (vnt_tramite_store_get_data_dir (store), ==, dir);
  g_assert_cmpstr (vnt_tramite_get_procedure (tramite), ==, "account.update");
  g_assert_false (vnt_tramite_get_finalized (tramite));
  g_assert_null (vnt_tramite_get_folio (tramite));
  g_assert_nonnull (vnt_tramite_get_id (tramite));
  created = g_date_time_ref (vnt_tramite_get_created_at (tramite));

  vnt_tramite_set_step (tramite, "review");
  vnt_tramite_set_folio (tramite, "EV-2026-000042");
  vnt_tramite_set_string (tramite, "curp", "KAHO641101HNTLKS06");
  vnt_tramite_set_string (tramite, "name", "ÑEVES RAMÍREZ");
  vnt_tramite_set_bytes (tramite, "certificate", der);
  json_object_set_string_member (answer, "folio", "EV-2026-000042");
  json_object_set_int_member (answer, "revision", 1);
  vnt_tramite_set_object (tramite, "tramite", answer);
  key = g_strdup (vnt_tramite_ensure_idempotency_key (tramite, "start"));
  g_assert_cmpstr (vnt_tramite_ensure_idempotency_key (tramite, "start"), ==, key);
  g_assert_null (vnt_tramite_get_idempotency_key (tramite, "finalize"));

  g_assert_true (vnt_tramite_store_save (store, tramite, &error));
  g_assert_no_error (error);

  path = tramite_file (dir, tramite);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Another store (another run of the app) reads the same. */
  loaded = vnt_tramite_store_load (other, vnt_tramite_get_id (tramite), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_tramite_get_id (loaded), ==, vnt_tramite_get_id (tramite));
  g_assert_cmpstr (vnt_tramite_get_step (loaded), ==, "review");
  g_assert_cmpstr (vnt_tramite_get_folio (loaded), ==, "EV-2026-000042");
  g_assert_cmpstr (vnt_tramite_get_string (loaded, "curp"), ==, "KAHO641101HNTLKS06");
  g_assert_cmpstr (vnt_tramite_get_string (loaded, "name"), ==, "ÑEVES RAMÍREZ");
  g_assert_null (vnt_tramite_get_string (loaded, "rfc"));
  der_back = vnt_tramite_get_bytes (loaded, "certificate");
  g_assert_true (g_bytes_equal (der, der_back));
  g_assert_cmpint (json_object_get_int_member (vnt_tramite_get_object (loaded, "tramite"), "revision"), ==, 1);
  g_assert_cmpstr (vnt_tramite_get_idempotency_key (loaded, "start"), ==, key);
  g_assert_true (g_date_time_equal (vnt_tramite_get_created_at (loaded), created));

  vnt_tramite_clear_idempotency_key (loaded, "start");
  g_assert_null (vnt_tramite_get_idempotency_key (loaded, "start"));
  vnt_tramite_set_string (loaded, "curp", NULL);
  g_assert_null (vnt_tramite_get_string (loaded, "curp"));

  g_assert_null (vnt_tramite_store_load (store, "no-such-id", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (vnt_tramite_store_load (store, "../../etc/passwd", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  vnt_test_remove_tree (dir);
}

static void
test_no_secrets (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (dir);
  g_autoptr(VntTramite) tramite = vnt_tramite_store_create (store, "account.create");
  g_autoptr(GBytes) key = g_bytes_new_static ("secret key bytes", 16);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const char * const names[] = { "password", "Contraseña", "key_password", "private_key", "passphrase", "pin" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_test_expect_message ("vnt-core", G_LOG_LEVEL_CRITICAL, "*looks like a secret*");
      vnt_tramite_set_string (tramite, names[i], "12345678a");
      g_test_assert_expected_messages ();
      g_assert_null (vnt_tramite_get_string (tramite, names[i]));
    }
  g_test_expect_message ("vnt-core", G_LOG_LEVEL_CRITICAL, "*looks like a secret*");
  vnt_tramite_set_bytes (tramite, "private_key", key);
  g_test_assert_expected_messages ();

  /* Paths are facts, not secrets. */
  vnt_tramite_set_string (tramite, "key_path", "/home/oscar/efirma/oscar.key");
  g_assert_true (vnt_tramite_store_save (store, tramite, NULL));
  path = tramite_file (dir, tramite);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "12345678a"));
  g_assert_null (strstr (text, "secret key bytes"));
  g_assert_nonnull (strstr (text, "oscar.key"));

  vnt_test_remove_tree (dir);
}

static void save_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
test_list_and_discard (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (dir);
  g_autoptr(VntTramite) first = vnt_tramite_store_create (store, "account.update");
  g_autoptr(VntTramite) second = vnt_tramite_store_create (store, "account.create");
  g_autoptr(VntTramite) done = vnt_tramite_store_create (store, "account.update");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = g_build_filename (dir, "tramites", "damaged.json", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *folder = NULL;
  const char *name;

  /* Nothing saved yet: an empty list, and no folder needed. */
  list = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (vnt_tramite_store_save (store, first, NULL));
  g_assert_true (vnt_tramite_store_save (store, second, NULL));
  vnt_tramite_mark_finalized (done);
  g_assert_true (vnt_tramite_store_save (store, done, NULL));
  g_assert_true (g_file_set_contents (damaged, "{ not json", -1, NULL));

  list = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (vnt_tramite_get_id (g_ptr_array_index (list, 0)), ==, vnt_tramite_get_id (second));
  g_assert_cmpstr (vnt_tramite_get_id (g_ptr_array_index (list, 1)), ==, vnt_tramite_get_id (first));
  g_clear_pointer (&list, g_ptr_array_unref);
  /* A damaged file is skipped, never deleted. */
  g_assert_true (g_file_test (damaged, G_FILE_TEST_EXISTS));

  g_assert_false (vnt_tramite_store_discard (store, vnt_tramite_get_id (done), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_true (vnt_tramite_store_discard (store, vnt_tramite_get_id (first), &error));
  g_assert_no_error (error);

  list = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Progress made after the discard is saved again: the trámite went on
   * (an actualización refused, then another CURP), and a discarded one
   * restored ("Deshacer") comes back. */
  vnt_tramite_set_step (first, "efirma");
  g_assert_true (vnt_tramite_store_save (store, first, NULL));
  list = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A save queued before the discard does not bring it back. */
  {
    guint pending = 1;

    vnt_tramite_store_save_async (store, first, NULL, save_cb, &pending);
    g_assert_true (vnt_tramite_store_discard (store, vnt_tramite_get_id (first), &error));
    g_assert_no_error (error);
    while (pending > 0)
      g_main_context_iteration (NULL, TRUE);
  }
  list = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  {
    g_autoptr(VntTramiteStore) again = vnt_tramite_store_new (dir);
    g_autoptr(GPtrArray) after = vnt_tramite_store_list_unfinished (again);

    g_assert_cmpuint (after->len, ==, 1);
  }
  g_assert_true (vnt_tramite_store_save (store, first, NULL));
  list = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (list->len, ==, 2);

  /* No temporary file is left behind. */
  folder = g_build_filename (dir, "tramites", NULL);
  listing = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (name[0] == '.');

  vnt_test_remove_tree (dir);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), result, &error));
  g_assert_no_error (error);
  (*pending)--;
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GPtrArray **out = user_data;

  *out = vnt_tramite_store_list_unfinished_finish (VNT_TRAMITE_STORE (source), result, NULL);
}

static void
test_async_order (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (dir);
  g_autoptr(VntTramite) tramite = vnt_tramite_store_create (store, "account.update");
  g_autoptr(VntTramite) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *last = NULL;
  guint pending = 0;

  /* Many snapshots in flight at once: the newest is what stays. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *step = g_strdup_printf ("step-%u", i);

      vnt_tramite_set_step (tramite, step);
      vnt_tramite_store_save_async (store, tramite, NULL, save_cb, &pending);
      pending++;
    }
  last = g_strdup (vnt_tramite_get_step (tramite));
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  loaded = vnt_tramite_store_load (store, vnt_tramite_get_id (tramite), NULL);
  g_assert_cmpstr (vnt_tramite_get_step (loaded), ==, last);

  vnt_tramite_store_list_unfinished_async (store, NULL, list_cb, &list);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (list->len, ==, 1);

  vnt_test_remove_tree (dir);
}

static JsonObject *
fake_acuse (const char *folio,
            const char *concluded_at,
            const char *signature)
{
  g_autofree char *payload = g_strdup_printf ("{\"version\":1,\"folio\":\"%s\",\"procedure\":\"account.update\","
                                              "\"procedure_name\":\"Actualización de la e.firma\",\"status\":\"concluded\","
                                              "\"received_at\":\"2026-11-22T06:15:04Z\",\"concluded_at\":\"%s\","
                                              "\"applicant\":{\"curp\":\"KAHO641101HNTLKS06\",\"rfc\":\"KAHO641101B39\","
                                              "\"name\":\"OSCAR KALA HAAK\",\"certificate_number\":\"30001000000400002305\"},"
                                              "\"data\":{},\"message\":\"La actualización de la cuenta de usuario fue correcta.\","
                                              "\"practice\":true}",
                                              folio, concluded_at);
  g_autofree char *b64 = g_base64_encode ((const guchar *) payload, strlen (payload));
  JsonObject *acuse = json_object_new ();
  JsonObject *sig = json_object_new ();

  json_object_set_string_member (acuse, "payload", b64);
  json_object_set_string_member (sig, "algorithm", "rsa-pkcs1-sha256");
  json_object_set_string_member (sig, "certificate", "MIIB");
  json_object_set_string_member (sig, "value", signature);
  json_object_set_object_member (acuse, "signature", sig);

  return acuse;
}

static void
test_acuses (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (dir);
  g_autoptr(JsonObject) older = fake_acuse ("EV-2026-000001", "2026-11-20T10:00:00Z", "c2ln");
  g_autoptr(JsonObject) newer = fake_acuse ("EV-2026-000002", "2026-11-22T10:00:00Z", "c2ln");
  g_autoptr(JsonObject) forged = fake_acuse ("EV-2026-000001", "2026-11-20T10:00:00Z", "b3RyYQ==");
  g_autoptr(JsonObject) garbage = json_object_new ();
  g_autoptr(VntAcuseInfo) info = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;

  g_assert_null (vnt_tramite_store_get_acuse_path (store, "../x", "json"));
  g_assert_null (vnt_tramite_store_get_acuse_path (store, "ev-1", "json"));
  g_assert_null (vnt_tramite_store_get_acuse_path (store, "", "json"));

  g_assert_true (vnt_tramite_store_save_acuse (store, "EV-2026-000001", older, &error));
  g_assert_no_error (error);
  /* The same acuse again is fine; a different one for that folio is not. */
  g_assert_true (vnt_tramite_store_save_acuse (store, "EV-2026-000001", older, &error));
  g_assert_false (vnt_tramite_store_save_acuse (store, "EV-2026-000001", forged, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (vnt_tramite_store_save_acuse (store, "EV-2026-000002", newer, &error));

  pdf = vnt_tramite_store_get_acuse_path (store, "EV-2026-000002", "pdf");
  g_assert_true (g_file_set_contents (pdf, "%PDF-1.5\n%%EOF\n", -1, NULL));

  list = vnt_tramite_store_list_acuses (store);
  g_assert_cmpuint (list->len, ==, 2);
  info = g_object_ref (g_ptr_array_index (list, 0));
  g_assert_cmpstr (vnt_acuse_info_get_folio (info), ==, "EV-2026-000002");
  g_assert_cmpstr (vnt_acuse_info_get_pdf_path (info), ==, pdf);
  g_assert_null (vnt_acuse_info_get_pdf_path (g_ptr_array_index (list, 1)));
  g_assert_nonnull (vnt_acuse_info_get_json_path (info));
  g_assert_cmpstr (vnt_acuse_info_get_procedure_name (info), ==, "Actualización de la e.firma");
  g_assert_cmpstr (vnt_acuse_info_get_name (info), ==, "OSCAR KALA HAAK");
  g_assert_cmpstr (vnt_acuse_info_get_rfc (info), ==, "KAHO641101B39");
  g_assert_cmpstr (vnt_acuse_info_get_curp (info), ==, "KAHO641101HNTLKS06");
  g_assert_cmpstr (vnt_acuse_info_get_certificate_number (info), ==, "30001000000400002305");
  g_assert_cmpstr (vnt_acuse_info_get_signature (info), ==, "c2ln");
  g_assert_true (vnt_acuse_info_get_practice (info));
  g_assert_cmpint (g_date_time_get_day_of_month (vnt_acuse_info_get_concluded_at (info)), ==, 22);
  g_assert_cmpuint (strlen (vnt_acuse_info_get_signer_sha256 (info)), ==, 64);
  g_clear_object (&info);

  info = vnt_tramite_store_load_acuse (store, "EV-2026-000001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_acuse_info_get_folio (info), ==, "EV-2026-000001");
  g_clear_object (&info);
  g_assert_null (vnt_tramite_store_load_acuse (store, "EV-2026-000009", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  json_object_set_string_member (garbage, "payload", "bm90IGpzb24=");
  g_assert_null (vnt_acuse_info_new_from_acuse (garbage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  vnt_test_remove_tree (dir);
}

typedef struct
{
  gboolean      done;
  gboolean      ok;
  VntAcuseInfo *info;
  VntTramite   *tramite;
  GError       *error;
  GThread      *caller;
} AsyncResult;

static void
discard_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *out = user_data;

  g_assert_true (g_thread_self () == out->caller);
  out->ok = vnt_tramite_store_discard_finish (VNT_TRAMITE_STORE (source), result, &out->error);
  out->done = TRUE;
}

static void
load_acuse_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResult *out = user_data;

  g_assert_true (g_thread_self () == out->caller);
  out->info = vnt_tramite_store_load_acuse_finish (VNT_TRAMITE_STORE (source), result, &out->error);
  out->done = TRUE;
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncResult *out = user_data;

  g_assert_true (g_thread_self () == out->caller);
  out->tramite = vnt_tramite_store_load_finish (VNT_TRAMITE_STORE (source), result, &out->error);
  out->done = TRUE;
}

static void
wait_for (AsyncResult *out)
{
  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
}

/* What the UI calls: the same answers as the blocking forms, delivered
 * back on the caller's thread. */
static void
test_discard_and_load_async (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (dir);
  g_autoptr(VntTramite) open = vnt_tramite_store_create (store, "account.update");
  g_autoptr(VntTramite) done = vnt_tramite_store_create (store, "account.update");
  g_autoptr(JsonObject) acuse = fake_acuse ("EV-2026-000003", "2026-11-21T10:00:00Z", "c2ln");
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *open_path = NULL;
  AsyncResult out = { 0, };

  out.caller = g_thread_self ();
  g_assert_true (vnt_tramite_store_save (store, open, NULL));
  vnt_tramite_mark_finalized (done);
  g_assert_true (vnt_tramite_store_save (store, done, NULL));

  /* Cancelled first: nothing is deleted. */
  g_cancellable_cancel (cancelled);
  vnt_tramite_store_discard_async (store, vnt_tramite_get_id (open), cancelled, discard_cb, &out);
  wait_for (&out);
  g_assert_false (out.ok);
  g_assert_error (out.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&out.error);
  open_path = tramite_file (dir, open);
  g_assert_true (g_file_test (open_path, G_FILE_TEST_EXISTS));

  out.done = FALSE;
  vnt_tramite_store_discard_async (store, vnt_tramite_get_id (done), NULL, discard_cb, &out);
  wait_for (&out);
  g_assert_false (out.ok);
  g_assert_error (out.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&out.error);

  out.done = FALSE;
  vnt_tramite_store_discard_async (store, vnt_tramite_get_id (open), NULL, discard_cb, &out);
  wait_for (&out);
  g_assert_no_error (out.error);
  g_assert_true (out.ok);
  list = vnt_tramite_store_list_unfinished (store);
  g_assert_cmpuint (list->len, ==, 0);

  /* Resuming reads the record this way. */
  out.done = FALSE;
  vnt_tramite_store_load_async (store, vnt_tramite_get_id (done), NULL, load_cb, &out);
  wait_for (&out);
  g_assert_no_error (out.error);
  g_assert_cmpstr (vnt_tramite_get_id (out.tramite), ==, vnt_tramite_get_id (done));
  g_assert_true (vnt_tramite_get_finalized (out.tramite));
  g_clear_object (&out.tramite);

  out.done = FALSE;
  vnt_tramite_store_load_async (store, vnt_tramite_get_id (open), NULL, load_cb, &out);
  wait_for (&out);
  g_assert_null (out.tramite);
  g_assert_error (out.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&out.error);

  out.done = FALSE;
  vnt_tramite_store_load_acuse_async (store, "EV-2026-000003", NULL, load_acuse_cb, &out);
  wait_for (&out);
  g_assert_null (out.info);
  g_assert_error (out.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&out.error);

  g_assert_true (vnt_tramite_store_save_acuse (store, "EV-2026-000003", acuse, NULL));
  out.done = FALSE;
  vnt_tramite_store_load_acuse_async (store, "EV-2026-000003", NULL, load_acuse_cb, &out);
  wait_for (&out);
  g_assert_no_error (out.error);
  g_assert_cmpstr (vnt_acuse_info_get_folio (out.info), ==, "EV-2026-000003");
  g_assert_cmpstr (vnt_acuse_info_get_name (out.info), ==, "OSCAR KALA HAAK");
  g_clear_object (&out.info);

  vnt_test_remove_tree (dir);
}

static void
test_env_override (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(VntTramiteStore) store = NULL;

  g_setenv ("VENTANILLA_DATA_DIR", dir, TRUE);
  store = vnt_tramite_store_new (NULL);
  g_assert_cmpstr (vnt_tramite_store_get_data_dir (store), ==, dir);
  g_unsetenv ("VENTANILLA_DATA_DIR");
  g_clear_object (&store);

  store = vnt_tramite_store_new (NULL);
  g_assert_true (g_str_has_suffix (vnt_tramite_store_get_data_dir (store), "ventanilla"));

  vnt_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tramite-store/roundtrip", test_roundtrip);
  g_test_add_func ("/tramite-store/no-secrets", test_no_secrets);
  g_test_add_func ("/tramite-store/list-and-discard", test_list_and_discard);
  g_test_add_func ("/tramite-store/async-order", test_async_order);
  g_test_add_func ("/tramite-store/acuses", test_acuses);
  g_test_add_func ("/tramite-store/discard-and-load-async", test_discard_and_load_async);
  g_test_add_func ("/tramite-store/env-override", test_env_override);

  return g_test_run ();
}
