/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/vnt-practice.h"
#include "core/vnt-safe-file.h"
#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox.h"
#include "sandbox/vnt-sandbox-db.h"

#define DB_NAME "practica.db"
#define CERT_NAME "practica-certificate.pem"
#define KEY_NAME "practica-key.pem"

struct _VntPractice
{
  GObject       parent_instance;

  char         *data_dir;

  /* The sandbox lives in its own thread with its own main context, so a
   * slow SQLite write or an RSA signature never stalls the window. */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GTask        *start_task;  /* until listening */
  char         *url;
  char         *fingerprint;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (VntPractice, vnt_practice, G_TYPE_OBJECT)

static void
vnt_practice_finalize (GObject *object)
{
  VntPractice *self = VNT_PRACTICE (object);

  vnt_practice_stop (self);
  g_free (self->data_dir);
  g_free (self->url);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (vnt_practice_parent_class)->finalize (object);
}

static void
vnt_practice_class_init (VntPracticeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_practice_finalize;
}

static void
vnt_practice_init (VntPractice *self)
{
}

VntPractice *
vnt_practice_new (const char *data_dir)
{
  VntPractice *self = g_object_new (VNT_TYPE_PRACTICE, NULL);
  const char *env = g_getenv ("VENTANILLA_DATA_DIR");

  if (data_dir != NULL)
    self->data_dir = g_strdup (data_dir);
  else if (env != NULL && *env != '\0')
    self->data_dir = g_strdup (env);
  else
    self->data_dir = g_build_filename (g_get_user_data_dir (), "ventanilla", NULL);

  return self;
}

gboolean
vnt_practice_is_practice_url (const char *service_url)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (service_url != NULL ? service_url : ""));

  return *trimmed == '\0';
}

static GBytes *
read_bytes (const char  *path,
            GError     **error)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return g_bytes_new_take (contents, length);
}

/* The practice service's key and certificate, made once and kept beside its
 * database, so acuses issued earlier still verify after a restart. */
static VntServiceIdentity *
load_identity (const char  *dir,
               GError     **error)
{
  g_autofree char *cert_path = g_build_filename (dir, CERT_NAME, NULL);
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  g_autoptr(VntServiceIdentity) identity = NULL;
  g_autoptr(GBytes) cert_pem = NULL;
  g_autoptr(GBytes) key_pem = NULL;

  if (!g_file_test (cert_path, G_FILE_TEST_EXISTS) && !g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      identity = vnt_service_identity_generate ("ventanilla-sandbox (práctica)", error);
      if (identity == NULL)
        return NULL;

      /* The key first: a certificate without its key would be useless. */
      if (!vnt_safe_file_write_bytes (key_path, vnt_service_identity_get_key_pem (identity), NULL, error) ||
          !vnt_safe_file_write_bytes (cert_path, vnt_service_identity_get_certificate_pem (identity), NULL, error))
        return NULL;

      return g_steal_pointer (&identity);
    }

  cert_pem = read_bytes (cert_path, error);
  if (cert_pem == NULL)
    return NULL;
  key_pem = read_bytes (key_path, error);
  if (key_pem == NULL)
    return NULL;

  return vnt_service_identity_new_from_pem (cert_pem, key_pem, error);
}

typedef struct {
  VntPractice *self;  /* not a reference: stop() joins the thread first */
  GTask       *task;
} ThreadData;

/* A fresh practice service knows an Escritorio Virtual account for every
 * test e.firma but the first, registered with an earlier certificate
 * number, as if its holder had renewed the e.firma since: so a newcomer
 * meets "Se detectó que el número de serie…" in "Actualización de la
 * e.firma", and can still make a new account with the first one. */
static void
seed_accounts (VntSandboxDb *db)
{
  g_autoptr(GPtrArray) efirmas = vnt_practice_list_efirmas ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 1; i < efirmas->len; i++)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i);
      g_autofree char *earlier = g_strdup (efirma->certificate_number);
      g_autoptr(GError) error = NULL;
      VntSandboxAccount account = {
        .curp = efirma->curp,
        .rfc = efirma->rfc,
        .name = efirma->name,
        .certificate_number = earlier,
        .created_at = now,
        .updated_at = now,
      };

      /* 300010000004000… → 300010000003000…: the series of the kit before. */
      if (strlen (earlier) == 20 && earlier[11] > '0' && earlier[11] <= '9')
        earlier[11]--;

      if (!vnt_sandbox_db_add_account (db, &account, &error))
        g_warning ("Could not register the practice account of %s: %s", efirma->rfc, error->message);
    }
}

static gpointer
sandbox_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  VntPractice *self = data->self;
  g_autoptr(GTask) task = data->task;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntServiceIdentity) identity = NULL;
  g_autoptr(VntSandbox) sandbox = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *db_path = g_build_filename (self->data_dir, DB_NAME, NULL);
  VntSandboxDb *db;
  gboolean fresh;

  g_free (data);
  g_main_context_push_thread_default (self->context);

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not create the folder “%s”."), self->data_dir);
      goto out;
    }

  identity = load_identity (self->data_dir, &error);
  if (identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }

  fresh = !g_file_test (db_path, G_FILE_TEST_EXISTS);
  db = vnt_sandbox_db_open (db_path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }
  if (fresh)
    seed_accounts (db);

  sandbox = vnt_sandbox_new (db, identity, TRUE);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  if (!vnt_sandbox_listen (sandbox, address, TRUE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }

  self->url = vnt_sandbox_get_url (sandbox);
  self->fingerprint = g_strdup (vnt_service_identity_get_fingerprint (identity));
  g_task_return_boolean (task, TRUE);
  g_clear_object (&task);

  g_main_loop_run (self->loop);

  vnt_sandbox_disconnect (sandbox);

out:
  g_clear_object (&sandbox);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
start_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntPractice *self = VNT_PRACTICE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_practice_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->running = TRUE;
  g_task_return_boolean (task, TRUE);
}

void
vnt_practice_start_async (VntPractice         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThreadData *data;

  g_return_if_fail (VNT_IS_PRACTICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_practice_start_async);

  if (self->thread != NULL)
    {
      if (self->running)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                                 _("The practice service is still starting. Wait a moment."));
      return;
    }

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  /* The inner task completes in the caller's context, from the thread. */
  data = g_new0 (ThreadData, 1);
  data->self = self;
  data->task = g_task_new (self, NULL, start_done_cb, g_steal_pointer (&task));
  self->thread = g_thread_new ("vnt-practice", sandbox_thread, data);
}

gboolean
vnt_practice_start_finish (VntPractice   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vnt_practice_get_running (VntPractice *self)
{
  g_return_val_if_fail (VNT_IS_PRACTICE (self), FALSE);
  return self->running;
}

const char *
vnt_practice_get_url (VntPractice *self)
{
  g_return_val_if_fail (VNT_IS_PRACTICE (self), NULL);
  return self->running ? self->url : NULL;
}

const char *
vnt_practice_get_certificate_sha256 (VntPractice *self)
{
  g_return_val_if_fail (VNT_IS_PRACTICE (self), NULL);
  return self->running ? self->fingerprint : NULL;
}

VntServiceClient *
vnt_practice_create_client (VntPractice  *self,
                            GError      **error)
{
  VntServiceClient *client;

  g_return_val_if_fail (VNT_IS_PRACTICE (self), NULL);

  if (!self->running)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("The practice service is not running. Start Ventanilla again."));
      return NULL;
    }

  client = vnt_service_client_new (self->url, error);
  if (client == NULL)
    return NULL;

  vnt_service_client_set_pinned_certificate (client, self->fingerprint);
  vnt_service_client_set_acuse_certificate (client, self->fingerprint);

  return client;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
vnt_practice_stop (VntPractice *self)
{
  g_return_if_fail (VNT_IS_PRACTICE (self));

  if (self->thread == NULL)
    return;

  /* Always through the loop: invoking directly could quit it before it
   * runs, and it would then run for ever. */
  {
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_callback (source, quit_cb, self->loop, NULL);
    g_source_attach (source, self->context);
  }
  g_thread_join (self->thread);
  self->thread = NULL;
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->url, g_free);
  self->running = FALSE;
}

/* ------------------------------------------------------------------ */
/* The practice e.firmas                                               */

void
vnt_practice_efirma_free (VntPracticeEfirma *efirma)
{
  if (efirma == NULL)
    return;

  g_free (efirma->name);
  g_free (efirma->rfc);
  g_free (efirma->curp);
  g_free (efirma->certificate_number);
  g_free (efirma->cer_path);
  g_free (efirma->key_path);
  g_free (efirma->password);
  g_free (efirma);
}

static char *
practice_dir (void)
{
  const char *env = g_getenv ("VENTANILLA_DATADIR");

  if (env != NULL && *env != '\0')
    return g_build_filename (env, "practice", NULL);

  return g_build_filename (PKGDATADIR, "practice", NULL);
}

static int
compare_name (gconstpointer a,
              gconstpointer b)
{
  const VntPracticeEfirma *ea = *(VntPracticeEfirma * const *) a;
  const VntPracticeEfirma *eb = *(VntPracticeEfirma * const *) b;

  return g_utf8_collate (ea->name, eb->name);
}

GPtrArray *
vnt_practice_list_efirmas (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_practice_efirma_free);
  g_autofree char *dir = practice_dir ();
  g_autofree char *manifest = g_build_filename (dir, "efirmas.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *entries;

  if (!json_parser_load_from_file (parser, manifest, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return list;

  entries = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autoptr(VntCertificate) certificate = NULL;
      VntPracticeEfirma *efirma;
      const char *cer, *key, *password;

      if (entry == NULL)
        continue;
      cer = json_object_get_string_member_with_default (entry, "cer", NULL);
      key = json_object_get_string_member_with_default (entry, "key", NULL);
      password = json_object_get_string_member_with_default (entry, "password", NULL);
      if (cer == NULL || key == NULL || password == NULL)
        continue;

      efirma = g_new0 (VntPracticeEfirma, 1);
      efirma->cer_path = g_build_filename (dir, cer, NULL);
      efirma->key_path = g_build_filename (dir, key, NULL);
      efirma->password = g_strdup (password);

      /* The facts come from the certificate itself, not from a list. */
      certificate = vnt_certificate_new_from_file (efirma->cer_path, NULL);
      if (certificate == NULL || !g_file_test (efirma->key_path, G_FILE_TEST_IS_REGULAR))
        {
          vnt_practice_efirma_free (efirma);
          continue;
        }
      efirma->name = g_strdup (vnt_certificate_get_name (certificate));
      efirma->rfc = g_strdup (vnt_certificate_get_rfc (certificate));
      efirma->curp = g_strdup (vnt_certificate_get_curp (certificate));
      efirma->certificate_number = g_strdup (vnt_certificate_get_number (certificate));
      g_ptr_array_add (list, efirma);
    }

  g_ptr_array_sort (list, compare_name);
  return list;
}

static void
list_efirmas_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, vnt_practice_list_efirmas (), (GDestroyNotify) g_ptr_array_unref);
}

void
vnt_practice_list_efirmas_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_practice_list_efirmas_async);
  g_task_run_in_thread (task, list_efirmas_thread);
}

GPtrArray *
vnt_practice_list_efirmas_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
