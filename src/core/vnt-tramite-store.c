/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"
#include "core/vnt-tramite-store-private.h"

#define MAX_FILE_SIZE (4 * 1024 * 1024)

struct _VntTramiteStore
{
  GObject     parent_instance;

  char       *data_dir;
  char       *tramites_dir;
  char       *acuses_dir;

  /* Serialises the writes; the newest snapshot of each trámite wins. */
  GMutex      write_lock;
  GHashTable *written_seq;  /* id → guint64 (boxed in a pointer-size slot) */
  /* id → guint64: the newest snapshot taken so far. A discard drops the
   * snapshots taken before it, never the progress made after it. */
  GHashTable *queued_seq;
};

G_DEFINE_FINAL_TYPE (VntTramiteStore, vnt_tramite_store, G_TYPE_OBJECT)

static void
vnt_tramite_store_finalize (GObject *object)
{
  VntTramiteStore *self = VNT_TRAMITE_STORE (object);

  g_free (self->data_dir);
  g_free (self->tramites_dir);
  g_free (self->acuses_dir);
  g_mutex_clear (&self->write_lock);
  g_hash_table_unref (self->written_seq);
  g_hash_table_unref (self->queued_seq);

  G_OBJECT_CLASS (vnt_tramite_store_parent_class)->finalize (object);
}

static void
vnt_tramite_store_class_init (VntTramiteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_tramite_store_finalize;
}

static void
vnt_tramite_store_init (VntTramiteStore *self)
{
  g_mutex_init (&self->write_lock);
  self->written_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->queued_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

VntTramiteStore *
vnt_tramite_store_new (const char *data_dir)
{
  VntTramiteStore *self = g_object_new (VNT_TYPE_TRAMITE_STORE, NULL);
  const char *env = g_getenv ("VENTANILLA_DATA_DIR");

  if (data_dir != NULL)
    self->data_dir = g_strdup (data_dir);
  else if (env != NULL && *env != '\0')
    self->data_dir = g_strdup (env);
  else
    self->data_dir = g_build_filename (g_get_user_data_dir (), "ventanilla", NULL);

  self->tramites_dir = g_build_filename (self->data_dir, "tramites", NULL);
  self->acuses_dir = g_build_filename (self->data_dir, "acuses", NULL);

  return self;
}

const char *
vnt_tramite_store_get_data_dir (VntTramiteStore *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), NULL);
  return self->data_dir;
}

VntTramite *
vnt_tramite_store_create (VntTramiteStore *self,
                          const char      *procedure)
{
  VntTramite *tramite;

  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), NULL);
  g_return_val_if_fail (procedure != NULL, NULL);

  tramite = g_object_new (VNT_TYPE_TRAMITE, NULL);
  tramite->id = g_uuid_string_random ();
  tramite->procedure = g_strdup (procedure);
  tramite->step = g_strdup ("new");
  tramite->created_at = g_date_time_new_now_utc ();
  tramite->updated_at = g_date_time_ref (tramite->created_at);

  return tramite;
}

static gboolean
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);

  return ok;
}

static void
set_write_error (GError    **error,
                 const char *path,
                 int         saved)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Could not save “%s”: %s. Check that there is free space and try again."),
               path, g_strerror (saved));
}

/* Replaces @path with @data all at once: a hidden temporary file in the
 * same folder, fsync, rename over the old one, fsync of the folder. A crash
 * leaves either the old file or the new one, never half of either. */
static gboolean
replace_file (const char  *path,
              const char  *data,
              gsize        len,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  gsize done = 0;
  int fd;

  if (!vnt_safe_file_make_folder (dir, error))
    return FALSE;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }

  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;

          close (fd);
          g_unlink (tmp);
          set_write_error (error, path, saved);
          return FALSE;
        }
      done += n;
    }

  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      set_write_error (error, path, saved);
      return FALSE;
    }

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      set_write_error (error, path, saved);
      return FALSE;
    }

  fsync_dir (dir);
  return TRUE;
}

static char *
tramite_path (VntTramiteStore *self,
              const char      *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (self->tramites_dir, name, NULL);
}

typedef struct {
  char    *id;
  char    *text;
  guint64  seq;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->id);
  g_free (job->text);
  g_free (job);
}

/* Sets @table's slot for @id to @seq. Call with the write lock held. */
static void
set_seq (GHashTable *table,
         const char *id,
         guint64     seq)
{
  guint64 *slot = g_hash_table_lookup (table, id);

  if (slot == NULL)
    {
      slot = g_new0 (guint64, 1);
      g_hash_table_insert (table, g_strdup (id), slot);
    }
  *slot = seq;
}

static guint64
get_seq (GHashTable *table,
         const char *id)
{
  guint64 *slot = g_hash_table_lookup (table, id);

  return slot != NULL ? *slot : 0;
}

static SaveJob *
save_job_new (VntTramiteStore *self,
              VntTramite      *tramite)
{
  SaveJob *job = g_new0 (SaveJob, 1);

  vnt_tramite_touch (tramite);

  job->id = g_strdup (tramite->id);
  job->text = vnt_tramite_to_json (tramite);
  job->seq = ++tramite->save_seq;

  g_mutex_lock (&self->write_lock);
  if (get_seq (self->queued_seq, job->id) < job->seq)
    set_seq (self->queued_seq, job->id, job->seq);
  g_mutex_unlock (&self->write_lock);

  return job;
}

static gboolean
run_save_job (VntTramiteStore  *self,
              SaveJob          *job,
              GError          **error)
{
  g_autofree char *path = tramite_path (self, job->id);
  guint64 *written;
  gboolean ok = TRUE;

  g_mutex_lock (&self->write_lock);

  written = g_hash_table_lookup (self->written_seq, job->id);
  if (written == NULL || *written < job->seq)
    {
      ok = replace_file (path, job->text, strlen (job->text), error);
      if (ok)
        set_seq (self->written_seq, job->id, job->seq);
    }

  g_mutex_unlock (&self->write_lock);

  return ok;
}

gboolean
vnt_tramite_store_save (VntTramiteStore  *self,
                        VntTramite       *tramite,
                        GError          **error)
{
  SaveJob *job;
  gboolean ok;

  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), FALSE);
  g_return_val_if_fail (VNT_IS_TRAMITE (tramite), FALSE);

  job = save_job_new (self, tramite);
  ok = run_save_job (self, job, error);
  save_job_free (job);

  return ok;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_save_job (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vnt_tramite_store_save_async (VntTramiteStore     *self,
                              VntTramite          *tramite,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VNT_IS_TRAMITE_STORE (self));
  g_return_if_fail (VNT_IS_TRAMITE (tramite));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_tramite_store_save_async);
  /* The snapshot is taken now, on the caller's thread. Once started, a save
   * runs to the end: a cancelled half-save would only lose progress. */
  g_task_set_task_data (task, save_job_new (self, tramite), (GDestroyNotify) save_job_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, save_thread);
}

gboolean
vnt_tramite_store_save_finish (VntTramiteStore  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
read_small_file (const char  *path,
                 char       **contents,
                 gsize       *len,
                 GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > MAX_FILE_SIZE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved file is damaged and cannot be read."));
      return FALSE;
    }

  return g_file_get_contents (path, contents, len, error);
}

VntTramite *
vnt_tramite_store_load (VntTramiteStore  *self,
                        const char       *id,
                        GError          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  VntTramite *tramite;
  gsize len = 0;

  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!vnt_tramite_id_is_valid (id))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("That procedure is not saved on this computer."));
      return NULL;
    }

  path = tramite_path (self, id);
  if (!read_small_file (path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("That procedure is not saved on this computer."));
      else if (local_error->domain == G_FILE_ERROR)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  tramite = vnt_tramite_new_from_json (contents, len, error);
  if (tramite == NULL)
    return NULL;

  if (!g_str_equal (tramite->id, id))
    {
      g_object_unref (tramite);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved file is damaged and cannot be read."));
      return NULL;
    }

  /* What is on disk is the newest state this store knows of. */
  g_mutex_lock (&self->write_lock);
  {
    guint64 *written = g_hash_table_lookup (self->written_seq, id);

    if (written != NULL)
      tramite->save_seq = *written;
  }
  g_mutex_unlock (&self->write_lock);

  return tramite;
}

static int
compare_updated (gconstpointer a,
                 gconstpointer b)
{
  VntTramite *ta = *(VntTramite * const *) a;
  VntTramite *tb = *(VntTramite * const *) b;

  return g_date_time_compare (tb->updated_at, ta->updated_at);
}

/* A trámite or an acuse, read by name in a worker thread. */
typedef GObject *(*LoadFunc) (VntTramiteStore *self,
                              const char      *name,
                              GError         **error);
typedef gboolean (*KeepFunc) (GObject *object);

/* Every "NAME.json" in @dir_path that @load reads, given NAME or, with
 * @by_path, the file's path, and that @keep (nullable) keeps; sorted by
 * @compare. A file that cannot be read is skipped. */
static GPtrArray *
load_all (VntTramiteStore *self,
          const char      *dir_path,
          gboolean         by_path,
          LoadFunc         load,
          KeepFunc         keep,
          GCompareFunc     compare)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *key = NULL;
      g_autoptr(GObject) object = NULL;
      g_autoptr(GError) error = NULL;

      if (name[0] == '.' || !g_str_has_suffix (name, ".json"))
        continue;

      if (by_path)
        key = g_build_filename (dir_path, name, NULL);
      else
        key = g_strndup (name, strlen (name) - strlen (".json"));
      object = load (self, key, &error);
      if (object == NULL)
        {
          g_debug ("Skipping %s in %s: %s", name, dir_path, error->message);
          continue;
        }
      if (keep == NULL || keep (object))
        g_ptr_array_add (list, g_steal_pointer (&object));
    }

  g_ptr_array_sort (list, compare);
  return list;
}

typedef GPtrArray *(*ListFunc) (VntTramiteStore *self);

typedef struct
{
  VntTramiteStore *store;
  ListFunc         list;
} ListJob;

/* The task holds @job->store until the job is freed. */
static gpointer
list_job (gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  ListJob *job = data;

  return job->list (job->store);
}

static void
list_async (VntTramiteStore    *self,
            ListFunc            list,
            gpointer            source_tag,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  ListJob *job = g_new0 (ListJob, 1);

  job->store = self;
  job->list = list;
  vnt_task_run_in_thread (self, job, g_free, list_job, (GDestroyNotify) g_ptr_array_unref,
                          source_tag, cancellable, callback, user_data);
}

static gboolean
is_unfinished (GObject *object)
{
  return !VNT_TRAMITE (object)->finalized;
}

GPtrArray *
vnt_tramite_store_list_unfinished (VntTramiteStore *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self),
                        g_ptr_array_new_with_free_func (g_object_unref));

  return load_all (self, self->tramites_dir, FALSE, (LoadFunc) vnt_tramite_store_load,
                   is_unfinished, compare_updated);
}

void
vnt_tramite_store_list_unfinished_async (VntTramiteStore     *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (VNT_IS_TRAMITE_STORE (self));

  list_async (self, vnt_tramite_store_list_unfinished, vnt_tramite_store_list_unfinished_async,
              cancellable, callback, user_data);
}

GPtrArray *
vnt_tramite_store_list_unfinished_finish (VntTramiteStore  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return vnt_task_run_finish (result, self, vnt_tramite_store_list_unfinished_async, error);
}

/* The newest snapshot of @id taken so far: what a discard asked now drops. */
static guint64
discard_tombstone (VntTramiteStore *self,
                   const char      *id)
{
  guint64 tombstone;

  g_mutex_lock (&self->write_lock);
  tombstone = get_seq (self->queued_seq, id);
  g_mutex_unlock (&self->write_lock);

  return tombstone;
}

/* Deletes @id's file unless a snapshot newer than @tombstone was written
 * since the discard was asked (the person went on with it). */
static gboolean
discard_up_to (VntTramiteStore  *self,
               const char       *id,
               guint64           tombstone,
               GError          **error)
{
  g_autoptr(VntTramite) tramite = NULL;
  g_autofree char *path = NULL;

  tramite = vnt_tramite_store_load (self, id, error);
  if (tramite == NULL)
    return FALSE;

  if (tramite->finalized)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("This procedure was concluded and its receipt is kept; it cannot be discarded."));
      return FALSE;
    }

  path = tramite_path (self, id);
  g_mutex_lock (&self->write_lock);
  if (get_seq (self->written_seq, id) > tombstone)
    {
      g_mutex_unlock (&self->write_lock);
      return TRUE;
    }
  if (g_unlink (path) != 0)
    {
      int saved = errno;

      g_mutex_unlock (&self->write_lock);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not delete “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  /* A save still queued for it must not bring it back. */
  set_seq (self->written_seq, id, MAX (get_seq (self->written_seq, id), tombstone));
  g_mutex_unlock (&self->write_lock);
  fsync_dir (self->tramites_dir);

  return TRUE;
}

gboolean
vnt_tramite_store_discard (VntTramiteStore  *self,
                           const char       *id,
                           GError          **error)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return discard_up_to (self, id, discard_tombstone (self, id), error);
}

typedef struct {
  VntTramiteStore *store;
  char            *id;
  guint64          tombstone;
} DiscardJob;

static void
discard_job_free (DiscardJob *job)
{
  g_free (job->id);
  g_free (job);
}

/* The task holds @job->store until the job is freed. */
static gpointer
discard_job (gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  DiscardJob *job = data;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !discard_up_to (job->store, job->id, job->tombstone, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
vnt_tramite_store_discard_async (VntTramiteStore     *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  DiscardJob *job;

  g_return_if_fail (VNT_IS_TRAMITE_STORE (self));
  g_return_if_fail (id != NULL);

  /* What is discarded is the state at the call, not what comes after. */
  job = g_new0 (DiscardJob, 1);
  job->store = self;
  job->id = g_strdup (id);
  job->tombstone = discard_tombstone (self, id);
  vnt_task_run_in_thread (self, job, (GDestroyNotify) discard_job_free, discard_job, NULL,
                          vnt_tramite_store_discard_async, cancellable, callback, user_data);
}

gboolean
vnt_tramite_store_discard_finish (VntTramiteStore  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return vnt_task_run_finish (result, self, vnt_tramite_store_discard_async, error) != NULL;
}

/* ---- acuses ---- */

char *
vnt_tramite_store_get_acuse_path (VntTramiteStore *self,
                                  const char      *folio,
                                  const char      *extension)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  if (!vnt_acuse_info_folio_is_valid (folio))
    return NULL;

  name = g_strconcat (folio, ".", extension, NULL);
  return g_build_filename (self->acuses_dir, name, NULL);
}

static gboolean
same_acuse (JsonObject *a,
            JsonObject *b)
{
  return g_strcmp0 (vnt_json_get_string (a, "payload"), vnt_json_get_string (b, "payload")) == 0 &&
         g_strcmp0 (vnt_json_get_string (vnt_json_get_object (a, "signature"), "value"),
                    vnt_json_get_string (vnt_json_get_object (b, "signature"), "value")) == 0;
}

gboolean
vnt_tramite_store_save_acuse (VntTramiteStore  *self,
                              const char       *folio,
                              JsonObject       *acuse,
                              GError          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), FALSE);
  g_return_val_if_fail (acuse != NULL, FALSE);

  path = vnt_tramite_store_get_acuse_path (self, folio, "json");
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a folio."), folio != NULL ? folio : "");
      return FALSE;
    }

  if (!vnt_safe_file_make_folder (self->acuses_dir, error))
    return FALSE;

  json_node_init_object (node, acuse);
  text = json_to_string (node, TRUE);

  if (vnt_safe_file_write (path, text, strlen (text), NULL, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_autofree char *contents = NULL;
      g_autoptr(JsonObject) kept = NULL;
      gsize len = 0;

      if (read_small_file (path, &contents, &len, NULL) &&
          (kept = vnt_tramite_json_parse_object (contents, len, NULL)) != NULL &&
          same_acuse (kept, acuse))
        return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static VntAcuseInfo *
load_acuse_file (VntTramiteStore  *self,
                 const char       *path,
                 GError          **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(JsonObject) acuse = NULL;
  VntAcuseInfo *info;
  gsize len = 0;

  if (!read_small_file (path, &contents, &len, error))
    return NULL;

  acuse = vnt_tramite_json_parse_object (contents, len, error);
  if (acuse == NULL)
    return NULL;

  info = vnt_acuse_info_new_from_acuse (acuse, error);
  if (info == NULL)
    return NULL;

  info->json_path = g_strdup (path);
  pdf_path = vnt_tramite_store_get_acuse_path (self, vnt_acuse_info_get_folio (info), "pdf");
  if (pdf_path != NULL && g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR))
    info->pdf_path = g_steal_pointer (&pdf_path);

  return info;
}

VntAcuseInfo *
vnt_tramite_store_load_acuse (VntTramiteStore  *self,
                              const char       *folio,
                              GError          **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self), NULL);

  path = vnt_tramite_store_get_acuse_path (self, folio, "json");
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("That receipt is not kept on this computer."));
      return NULL;
    }

  return load_acuse_file (self, path, error);
}

/* What load_async () runs; the task holds a reference to @self. */
typedef struct
{
  VntTramiteStore *self;
  LoadFunc         load;
  char            *name;
} Load;

static void
load_free (Load *data)
{
  g_free (data->name);
  g_free (data);
}

static GObject *
load_job (Load         *data,
          GCancellable *cancellable,
          GError      **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return data->load (data->self, data->name, error);
}

static void
load_async (VntTramiteStore     *self,
            LoadFunc             load,
            const char          *name,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Load *data = g_new0 (Load, 1);

  data->self = self;
  data->load = load;
  data->name = g_strdup (name);
  vnt_task_run_in_thread (self, data, (GDestroyNotify) load_free, (VntTaskJobFunc) load_job,
                          g_object_unref, source_tag, cancellable, callback, user_data);
}

void
vnt_tramite_store_load_async (VntTramiteStore     *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (VNT_IS_TRAMITE_STORE (self));

  load_async (self, (LoadFunc) vnt_tramite_store_load, id, vnt_tramite_store_load_async,
              cancellable, callback, user_data);
}

VntTramite *
vnt_tramite_store_load_finish (VntTramiteStore  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return vnt_task_run_finish (result, self, vnt_tramite_store_load_async, error);
}

void
vnt_tramite_store_load_acuse_async (VntTramiteStore     *self,
                                    const char          *folio,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (VNT_IS_TRAMITE_STORE (self));

  load_async (self, (LoadFunc) vnt_tramite_store_load_acuse, folio,
              vnt_tramite_store_load_acuse_async, cancellable, callback, user_data);
}

VntAcuseInfo *
vnt_tramite_store_load_acuse_finish (VntTramiteStore  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return vnt_task_run_finish (result, self, vnt_tramite_store_load_acuse_async, error);
}

static int
compare_concluded (gconstpointer a,
                   gconstpointer b)
{
  VntAcuseInfo *ia = *(VntAcuseInfo * const *) a;
  VntAcuseInfo *ib = *(VntAcuseInfo * const *) b;

  if (ia->concluded_at == NULL || ib->concluded_at == NULL)
    return (ia->concluded_at == NULL) - (ib->concluded_at == NULL);

  return g_date_time_compare (ib->concluded_at, ia->concluded_at);
}

GPtrArray *
vnt_tramite_store_list_acuses (VntTramiteStore *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (self),
                        g_ptr_array_new_with_free_func (g_object_unref));

  return load_all (self, self->acuses_dir, TRUE, (LoadFunc) load_acuse_file, NULL,
                   compare_concluded);
}

void
vnt_tramite_store_list_acuses_async (VntTramiteStore     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (VNT_IS_TRAMITE_STORE (self));

  list_async (self, vnt_tramite_store_list_acuses, vnt_tramite_store_list_acuses_async,
              cancellable, callback, user_data);
}

GPtrArray *
vnt_tramite_store_list_acuses_finish (VntTramiteStore  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return vnt_task_run_finish (result, self, vnt_tramite_store_list_acuses_async, error);
}
