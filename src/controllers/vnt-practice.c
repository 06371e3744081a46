/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/vnt-practice.h"
#include "controllers/vnt-practice-idse.h"
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
  VntTrustStore *trust;      /* the bundled CAs and the practice CA */
  gboolean      running;
  guint         header_timeout; /* ms; 0: the sandbox's default */
};

G_DEFINE_FINAL_TYPE (VntPractice, vnt_practice, G_TYPE_OBJECT)

static void
vnt_practice_finalize (GObject *object)
{
  VntPractice *self = VNT_PRACTICE (object);

  vnt_practice_stop (self);
  g_clear_object (&self->trust);
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

  self->data_dir = vnt_practice_data_dir (data_dir);

  return self;
}

void
vnt_practice_set_header_timeout_for_testing (VntPractice *self,
                                             guint        ms)
{
  g_return_if_fail (VNT_IS_PRACTICE (self));
  g_return_if_fail (self->thread == NULL);

  self->header_timeout = ms;
}

gboolean
vnt_practice_is_practice_url (const char *service_url)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (service_url != NULL ? service_url : ""));

  return *trimmed == '\0';
}

/* The practice service's key and certificate, made once and kept beside its
 * database, so acuses issued earlier still verify after a restart. */
static VntServiceIdentity *
load_identity (const char  *dir,
               GError     **error)
{
  g_autofree char *cert_path = g_build_filename (dir, CERT_NAME, NULL);
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);

  return vnt_service_identity_open (cert_path, key_path, "ventanilla-sandbox (práctica)", NULL,
                                    error);
}

typedef struct {
  VntPractice *self;  /* not a reference: stop() joins the thread first */
  GTask       *task;
} ThreadData;

/* A fresh practice service knows the Escritorio Virtual accounts the
 * practice e.firmas say: one registered with an earlier e.firma, as if its
 * holder had renewed it since, so a newcomer meets "Se detectó que el
 * número de serie…" in "Actualización de la e.firma"; one with the current
 * e.firma (the company's representative); none for the holder who will
 * "Crear cuenta". */
static void
seed_accounts (VntSandboxDb *db,
               GPtrArray    *efirmas)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < efirmas->len; i++)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i);
      g_autoptr(GError) error = NULL;
      VntSandboxAccount account = {
        .curp = efirma->curp,
        .rfc = efirma->rfc,
        .name = efirma->name,
        .certificate_number = efirma->certificate_number,
        .created_at = now,
        .updated_at = now,
      };

      if (efirma->kind != VNT_PRACTICE_KIND_FISICA || efirma->account == VNT_PRACTICE_ACCOUNT_NONE)
        continue;
      account.certificate_not_before = g_date_time_to_unix (efirma->not_before);
      if (efirma->account == VNT_PRACTICE_ACCOUNT_EARLIER)
        {
          account.certificate_number = efirma->earlier_certificate_number;
          account.certificate_not_before = g_date_time_to_unix (efirma->earlier_not_before);
        }

      if (!vnt_sandbox_db_add_account (db, &account, &error))
        g_warning ("Could not register the practice account of %s: %s", efirma->rfc, error->message);
    }
}

/* The practice company holds the practice IDSE certificates. */
static gboolean
ensure_idse (const char    *data_dir,
             VntIdseCa     *ca,
             VntSandboxDb  *db,
             GError       **error)
{
  g_autoptr(GPtrArray) efirmas = vnt_practice_list_efirmas (data_dir);
  VntPracticeEfirma *company = NULL;

  for (guint i = 0; i < efirmas->len && company == NULL; i++)
    if (((VntPracticeEfirma *) efirmas->pdata[i])->kind == VNT_PRACTICE_KIND_MORAL)
      company = efirmas->pdata[i];
  if (company == NULL && efirmas->len > 0)
    company = efirmas->pdata[0];
  if (company == NULL)
    return TRUE;

  return vnt_practice_idse_ensure (data_dir, ca, db, company->name, company->rfc, error);
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
  g_autoptr(VntPracticeCa) ca = NULL;
  g_autoptr(VntIdseCa) idse_ca = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *db_path = g_build_filename (self->data_dir, DB_NAME, NULL);
  VntSandboxDb *db;
  gboolean fresh;

  g_free (data);
  g_main_context_push_thread_default (self->context);

  if (!vnt_safe_file_make_folder (self->data_dir, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }

  identity = load_identity (self->data_dir, &error);
  if (identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }

  /* The practice CA and its e.firmas, made once beside the database. */
  ca = vnt_practice_ca_open (self->data_dir, NULL, &error);
  if (ca == NULL || !vnt_practice_efirmas_ensure (self->data_dir, ca, &error))
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
    {
      g_autoptr(GPtrArray) efirmas = vnt_practice_list_efirmas (self->data_dir);

      seed_accounts (db, efirmas);
    }

  /* The IDSE CA and certificates to cancel, recover and renew. */
  idse_ca = vnt_idse_ca_open (self->data_dir, &error);
  if (idse_ca == NULL || !ensure_idse (self->data_dir, idse_ca, db, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }

  sandbox = vnt_sandbox_new (db, identity, TRUE);
  if (self->header_timeout > 0)
    vnt_sandbox_set_request_timeouts (sandbox, self->header_timeout, MAX (self->header_timeout, 60 * 1000));
  vnt_sandbox_set_practice_ca (sandbox, ca);
  vnt_sandbox_set_idse_ca (sandbox, idse_ca);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  if (!vnt_sandbox_listen (sandbox, address, TRUE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }

  /* A restart keeps them again: drop the previous run's. */
  g_free (self->url);
  self->url = vnt_sandbox_get_url (sandbox);
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (vnt_service_identity_get_fingerprint (identity));
  g_clear_object (&self->trust);
  self->trust = vnt_trust_store_new_default ();
  vnt_trust_store_add_certificate (self->trust, vnt_practice_ca_get_certificate (ca));
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

VntTrustStore *
vnt_practice_get_trust_store (VntPractice *self)
{
  g_return_val_if_fail (VNT_IS_PRACTICE (self), NULL);
  return self->running ? self->trust : NULL;
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
