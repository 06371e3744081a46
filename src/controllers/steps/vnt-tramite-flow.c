/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-acuse-pdf.h"
#include "controllers/vnt-procedure-private.h"
#include "controllers/steps/vnt-tramite-flow.h"
#include "core/vnt-json.h"

/* The record's fields of the flow: the service's answers as received and
 * the Idempotency-Keys of its requests. */
#define FIELD_TRAMITE    "tramite"
#define FIELD_TERMS      "terms"
#define KEY_START        "start"
#define KEY_FINALIZE     "finalize"

struct _VntTramiteFlow
{
  GObject            parent_instance;

  VntProcedure      *procedure;  /* unowned: it owns us */
  VntEfirmaStep     *signer;
  char              *legacy_terms_id;

  /* Typed views of the record's JSON, made on demand. */
  VntServiceTramite *tramite;
  VntCarta          *terms;
  VntAcuseInfo      *acuse;
};

G_DEFINE_FINAL_TYPE (VntTramiteFlow, vnt_tramite_flow, G_TYPE_OBJECT)

const char * const vnt_tramite_flow_account_steps[] = {
  VNT_EFIRMA_STEP_CURP,
  VNT_EFIRMA_STEP_ASK,
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_TRAMITE_STEP_REVIEW,
  VNT_TRAMITE_STEP_TERMS,
  VNT_TRAMITE_STEP_FINALIZING,
  VNT_TRAMITE_STEP_DONE,
  NULL
};

enum {
  SIGNAL_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The proof's CURP: an IDSE certificate's is empty (protocol §7.8). */
static const char *
signer_curp (VntTramiteFlow *self)
{
  const char *curp = vnt_efirma_step_get_curp (self->signer);

  return curp != NULL ? curp : "";
}

static void
vnt_tramite_flow_finalize (GObject *object)
{
  VntTramiteFlow *self = VNT_TRAMITE_FLOW (object);

  g_clear_object (&self->signer);
  g_free (self->legacy_terms_id);
  g_clear_object (&self->tramite);
  g_clear_object (&self->terms);
  g_clear_object (&self->acuse);

  G_OBJECT_CLASS (vnt_tramite_flow_parent_class)->finalize (object);
}

static void
vnt_tramite_flow_class_init (VntTramiteFlowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_tramite_flow_finalize;

  signals[SIGNAL_STARTED] =
      g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 0);
}

static void
vnt_tramite_flow_init (VntTramiteFlow *self)
{
}

VntTramiteFlow *
vnt_tramite_flow_new (VntProcedure  *procedure,
                      VntEfirmaStep *signer,
                      const char    *legacy_terms_id)
{
  VntTramiteFlow *self;

  g_return_val_if_fail (VNT_IS_PROCEDURE (procedure), NULL);
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (signer), NULL);

  self = g_object_new (VNT_TYPE_TRAMITE_FLOW, NULL);
  self->procedure = procedure;
  self->signer = g_object_ref (signer);
  self->legacy_terms_id = g_strdup (legacy_terms_id);
  vnt_procedure_add_part (procedure, self);

  return self;
}

static VntTramite *
record (VntTramiteFlow *self)
{
  return vnt_procedure_get_record (self->procedure);
}

static const char *
procedure_id (VntTramiteFlow *self)
{
  return vnt_procedure_get_procedure_id (self->procedure);
}

/* Where the trámite waits to be finalized: at its carta, or (a procedure
 * without one) at the review. */
static const char *
ready_step (VntTramiteFlow *self)
{
  return vnt_procedure_declares_step (self->procedure, VNT_TRAMITE_STEP_TERMS)
         ? VNT_TRAMITE_STEP_TERMS : VNT_TRAMITE_STEP_REVIEW;
}

VntServiceTramite *
vnt_tramite_flow_get_tramite (VntTramiteFlow *self)
{
  JsonObject *json;

  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), NULL);

  json = vnt_tramite_get_object (record (self), FIELD_TRAMITE);
  if (json == NULL)
    g_clear_object (&self->tramite);
  else if (self->tramite == NULL || vnt_service_tramite_get_json (self->tramite) != json)
    {
      g_clear_object (&self->tramite);
      self->tramite = vnt_service_tramite_new_from_json (json, NULL);
    }

  return self->tramite;
}

const char *
vnt_tramite_flow_get_folio (VntTramiteFlow *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), NULL);
  return vnt_tramite_get_folio (record (self));
}

static const char *
terms_id (VntTramiteFlow *self)
{
  VntServiceTramite *tramite = vnt_tramite_flow_get_tramite (self);
  JsonObject *json;

  if (tramite == NULL)
    return NULL;

  json = vnt_service_tramite_get_json (tramite);
  if (!json_object_has_member (json, "requirements"))
    return self->legacy_terms_id;
  return vnt_service_tramite_get_terms_id (tramite);
}

gboolean
vnt_tramite_flow_get_in_review (VntTramiteFlow *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), FALSE);

  return vnt_procedure_has_reached (self->procedure, VNT_TRAMITE_STEP_REVIEW) &&
         !vnt_procedure_has_reached (self->procedure, VNT_TRAMITE_STEP_FINALIZING);
}

gboolean
vnt_tramite_flow_get_has_terms (VntTramiteFlow *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), FALSE);
  return terms_id (self) != NULL;
}

VntCarta *
vnt_tramite_flow_get_terms (VntTramiteFlow *self)
{
  JsonObject *json;

  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), NULL);

  json = vnt_tramite_get_object (record (self), FIELD_TERMS);
  if (json == NULL)
    g_clear_object (&self->terms);
  else if (self->terms == NULL || vnt_carta_get_json (self->terms) != json)
    {
      g_clear_object (&self->terms);
      self->terms = vnt_carta_new_from_json (json, NULL);
    }

  return self->terms;
}

VntAcuseInfo *
vnt_tramite_flow_get_acuse (VntTramiteFlow *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), NULL);
  return self->acuse;
}

const char *
vnt_tramite_flow_get_acuse_string (VntTramiteFlow *self,
                                   const char     *member)
{
  JsonObject *data;

  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), NULL);

  if (self->acuse == NULL)
    return NULL;
  data = vnt_json_get_object (vnt_acuse_info_get_payload (self->acuse), "data");
  return vnt_json_get_string (data, member);
}

/* ------------------------------------------------------------------ */
/* Start                                                               */

static void start_send (GTask *task);

/* Starts the trámite as @task (taken), with @data and the signer's CURP
 * and RFC as the request's body. */
static void
start_task (VntTramiteFlow *self,
            GTask          *task,
            JsonObject     *data)
{
  JsonObjectIter iter;
  const char    *name;
  JsonNode      *node;
  JsonObject    *body;

  if (vnt_efirma_step_get_credential (self->signer) == NULL)
    {
      g_task_return_new_error (task, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                               "%s", _("To continue, type the password of your e.firma again."));
      g_object_unref (task);
      return;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "curp", signer_curp (self));
  json_object_set_string_member (body, "rfc", vnt_efirma_step_get_rfc (self->signer));
  json_object_iter_init (&iter, data);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (body, name, json_node_copy (node));
  g_task_set_task_data (task, body, (GDestroyNotify) json_object_unref);

  start_send (task);
}

static void
start_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntTramiteFlow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(VntServiceTramite) tramite = NULL;

  json = vnt_service_client_start_tramite_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (json == NULL)
    {
      /* Reused key: the first attempt reached the service but its answer
       * was lost, and a new signature cannot replay it. A draft costs
       * nothing (it expires), so start afresh, once. */
      if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDEMPOTENCY_KEY_REUSED) &&
          g_object_get_data (G_OBJECT (task), "vnt-retried") == NULL)
        {
          vnt_tramite_clear_idempotency_key (record (self), KEY_START);
          g_object_set_data (G_OBJECT (task), "vnt-retried", GINT_TO_POINTER (TRUE));
          start_send (g_steal_pointer (&task));
          return;
        }
      if (vnt_procedure_spend_idempotency_key (self->procedure, KEY_START, error))
        vnt_procedure_save (self->procedure);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  tramite = vnt_service_tramite_new_from_json (json, &error);
  if (tramite == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  vnt_tramite_clear_idempotency_key (record (self), KEY_START);
  vnt_tramite_set_object (record (self), FIELD_TRAMITE, json);
  vnt_tramite_set_folio (record (self), vnt_service_tramite_get_folio (tramite));
  vnt_procedure_set_step (self->procedure, VNT_TRAMITE_STEP_REVIEW);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0);

  g_task_return_pointer (task, g_object_ref (vnt_tramite_flow_get_tramite (self)), g_object_unref);
}

static void
start_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntTramiteFlow *self = g_task_get_source_object (task);
  JsonObject *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  vnt_service_client_start_tramite_async (vnt_procedure_get_client (self->procedure),
                                          vnt_efirma_step_get_credential (self->signer),
                                          signer_curp (self),
                                          vnt_efirma_step_get_rfc (self->signer),
                                          procedure_id (self), data,
                                          vnt_tramite_get_idempotency_key (record (self), KEY_START),
                                          g_task_get_cancellable (task),
                                          start_done_cb, g_object_ref (task));
}

static void
start_send (GTask *task)
{
  VntTramiteFlow *self = g_task_get_source_object (task);

  /* The key goes to disk before the request leaves. */
  vnt_tramite_ensure_idempotency_key (record (self), KEY_START);
  vnt_tramite_store_save_async (vnt_procedure_get_store (self->procedure), record (self), NULL,
                                start_saved_cb, task);
}

void
vnt_tramite_flow_start_async (VntTramiteFlow      *self,
                              JsonObject          *data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VNT_IS_TRAMITE_FLOW (self));
  g_return_if_fail (data != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_tramite_flow_start_async);
  start_task (self, task, data);
}

VntServiceTramite *
vnt_tramite_flow_start_finish (VntTramiteFlow  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
request_built_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntTramiteFlow *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) data = json_object_ref (g_task_get_task_data (task));
  g_autoptr(GBytes) csr = NULL;
  g_autofree char *csr_b64 = NULL;
  GError *error = NULL;

  csr = vnt_keygen_step_build_request_finish (VNT_KEYGEN_STEP (source), result, &error);
  if (csr == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  csr_b64 = g_base64_encode (g_bytes_get_data (csr, NULL), g_bytes_get_size (csr));
  json_object_set_string_member (data, "csr", csr_b64);
  /* The same task: start_finish() gives its trámite. */
  start_task (self, g_steal_pointer (&task), data);
}

/* ------------------------------------------------------------------ */
/* The carta                                                           */

static void
terms_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  VntTramiteFlow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(VntCarta) carta = NULL;

  json = vnt_service_client_get_terms_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (json != NULL)
    carta = vnt_carta_new_from_json (json, &error);
  if (carta == NULL)
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  vnt_tramite_set_object (record (self), FIELD_TERMS, json);
  if (vnt_procedure_declares_step (self->procedure, VNT_TRAMITE_STEP_TERMS))
    vnt_procedure_set_step (self->procedure, VNT_TRAMITE_STEP_TERMS);
  vnt_procedure_task_return_saved (self->procedure, task,
                                   g_object_ref (vnt_tramite_flow_get_terms (self)), g_object_unref);
}

void
vnt_tramite_flow_fetch_terms_async (VntTramiteFlow      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  const char *id;

  g_return_if_fail (VNT_IS_TRAMITE_FLOW (self));

  task = vnt_procedure_task_new_for (self->procedure, self, cancellable, callback, user_data,
                                     vnt_tramite_flow_fetch_terms_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (self->procedure, task, VNT_TRAMITE_STEP_REVIEW, ready_step (self)))
    return;

  id = terms_id (self);
  if (id == NULL)
    {
      vnt_procedure_task_fail_wrong_step (self->procedure, task);
      return;
    }

  vnt_service_client_get_terms_async (vnt_procedure_get_client (self->procedure), id, cancellable,
                                      terms_done_cb, task);
}

VntCarta *
vnt_tramite_flow_fetch_terms_finish (VntTramiteFlow  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Finalize                                                            */

typedef struct {
  VntTramiteStore *store;
  JsonObject      *acuse;
  char            *folio;
} KeepData;

static void
keep_data_free (KeepData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->acuse, json_object_unref);
  g_free (data->folio);
  g_free (data);
}

/* Worker thread: the JSON first (the proof), then the PDF. A PDF that
 * already exists is the same acuse printed before a crash. */
static void
keep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KeepData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntAcuseInfo) info = NULL;
  g_autofree char *pdf_path = NULL;

  if (!vnt_tramite_store_save_acuse (data->store, data->folio, data->acuse, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pdf_path = vnt_tramite_store_get_acuse_path (data->store, data->folio, "pdf");
  info = vnt_acuse_info_new_from_acuse (data->acuse, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!vnt_acuse_pdf_write (info, VNT_ACUSE_PAPER_LETTER, pdf_path, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      /* The signed JSON is the acuse; the PDF can be made again later. */
      g_warning ("Could not write the PDF of acuse %s: %s", data->folio, error->message);
    }

  g_clear_object (&info);
  info = vnt_tramite_store_load_acuse (data->store, data->folio, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&info), g_object_unref);
}

static void
kept_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  VntTramiteFlow *self = VNT_TRAMITE_FLOW (source);
  const char * const *steps = VNT_PROCEDURE_GET_CLASS (self->procedure)->steps;
  g_autoptr(GError) error = NULL;
  VntAcuseInfo *info;

  info = g_task_propagate_pointer (G_TASK (result), &error);
  if (info == NULL)
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  g_set_object (&self->acuse, info);
  vnt_tramite_clear_idempotency_key (record (self), KEY_FINALIZE);
  vnt_tramite_mark_finalized (record (self));
  vnt_procedure_set_step (self->procedure, steps[g_strv_length ((char **) steps) - 1]);
  /* Done: the e.firmas are no longer needed in memory. */
  vnt_procedure_forget_credentials (self->procedure);

  vnt_procedure_task_return_saved (self->procedure, task, info, g_object_unref);
}

static void
keep_acuse (VntTramiteFlow *self,
            GTask          *task,
            JsonObject     *acuse)
{
  g_autoptr(GTask) keep = g_task_new (self, NULL, kept_cb, task);
  KeepData *data = g_new0 (KeepData, 1);

  data->store = g_object_ref (vnt_procedure_get_store (self->procedure));
  data->acuse = json_object_ref (acuse);
  data->folio = g_strdup (vnt_tramite_get_folio (record (self)));
  g_task_set_task_data (keep, data, (GDestroyNotify) keep_data_free);
  g_task_run_in_thread (keep, keep_thread);
}

static void
read_acuse_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  VntTramiteFlow *self = g_task_get_source_object (task);
  GError *first = g_object_get_data (G_OBJECT (task), "vnt-first-error");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) acuse = NULL;

  content = vnt_service_client_read_acuse_finish (VNT_SERVICE_CLIENT (source), result, &acuse, &error);
  if (content == NULL)
    {
      /* No acuse to recover: the first answer says what happened. */
      if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_PROBLEM) ||
          g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_FOUND))
        vnt_procedure_task_fail (self->procedure, task, g_error_copy (first));
      else
        vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  keep_acuse (self, task, acuse);
}

static void
finalize_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  VntTramiteFlow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) acuse = NULL;

  content = vnt_service_client_finalize_finish (VNT_SERVICE_CLIENT (source), result, &acuse, &error);
  if (content != NULL)
    {
      keep_acuse (self, task, acuse);
      return;
    }

  /* Concluded already (a retry after a crash, whose first answer was lost):
   * the service keeps its acuse; fetch it instead of concluding twice. */
  if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDEMPOTENCY_KEY_REUSED) ||
      g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT))
    {
      g_object_set_data_full (G_OBJECT (task), "vnt-first-error", g_steal_pointer (&error),
                              (GDestroyNotify) g_error_free);
      vnt_service_client_read_acuse_async (vnt_procedure_get_client (self->procedure),
                                           vnt_efirma_step_get_credential (self->signer),
                                           signer_curp (self),
                                           vnt_efirma_step_get_rfc (self->signer),
                                           vnt_tramite_get_folio (record (self)),
                                           procedure_id (self),
                                           g_task_get_cancellable (task), read_acuse_cb, task);
      return;
    }

  /* Refused for good (carta, revision…): back to the carta, with a new
   * key next time. Lost on the way: stay, and retry with the same key. */
  if (vnt_procedure_spend_idempotency_key (self->procedure, KEY_FINALIZE, error))
    {
      vnt_procedure_set_step (self->procedure, ready_step (self));
      vnt_procedure_save (self->procedure);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Perhaps it arrived: the kept key makes the next attempt get the
       * same acuse instead of concluding twice. */
      vnt_procedure_set_step (self->procedure, ready_step (self));
      vnt_procedure_save (self->procedure);
    }
  vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
}

static void
finalize_send (GTask *task)
{
  VntTramiteFlow *self = g_task_get_source_object (task);
  VntServiceTramite *tramite = vnt_tramite_flow_get_tramite (self);
  VntCarta *terms = vnt_tramite_flow_get_terms (self);
  g_autoptr(GError) error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      /* Not sent: back at the carta. The key stays, harmlessly. */
      vnt_procedure_set_step (self->procedure, ready_step (self));
      vnt_procedure_save (self->procedure);
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  vnt_service_client_finalize_async (vnt_procedure_get_client (self->procedure),
                                     vnt_efirma_step_get_credential (self->signer),
                                     signer_curp (self),
                                     vnt_efirma_step_get_rfc (self->signer),
                                     vnt_tramite_get_folio (record (self)),
                                     procedure_id (self),
                                     tramite != NULL ? vnt_service_tramite_get_revision (tramite)
                                                     : 1,
                                     terms != NULL ? vnt_carta_get_json (terms) : NULL,
                                     vnt_tramite_get_idempotency_key (record (self), KEY_FINALIZE),
                                     g_task_get_cancellable (task), finalize_done_cb, task);
}

static void
done_acuse_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  VntTramiteFlow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  VntAcuseInfo *info;

  info = vnt_tramite_store_load_acuse_finish (VNT_TRAMITE_STORE (source), result, &error);
  if (info == NULL)
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  if (self->acuse == NULL)
    self->acuse = info;
  else
    g_object_unref (info);
  vnt_procedure_task_return (self->procedure, task, g_object_ref (self->acuse), g_object_unref);
}

void
vnt_tramite_flow_finalize_async (VntTramiteFlow      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VNT_IS_TRAMITE_FLOW (self));

  task = vnt_procedure_task_new_for (self->procedure, self, cancellable, callback, user_data,
                                     vnt_tramite_flow_finalize_async);
  if (task == NULL)
    return;

  /* Never twice: a concluded trámite answers with the acuse it has. */
  if (vnt_procedure_get_done (self->procedure) || vnt_tramite_get_finalized (record (self)))
    {
      if (self->acuse == NULL)
        {
          vnt_tramite_store_load_acuse_async (vnt_procedure_get_store (self->procedure),
                                              vnt_tramite_get_folio (record (self)),
                                              cancellable, done_acuse_loaded_cb, task);
          return;
        }
      vnt_procedure_task_return (self->procedure, task, g_object_ref (self->acuse), g_object_unref);
      return;
    }

  if (!vnt_procedure_task_require_step (self->procedure, task, ready_step (self), VNT_TRAMITE_STEP_FINALIZING))
    return;
  if (!vnt_efirma_step_require_credential (self->signer, task, NULL))
    return;
  if (vnt_tramite_flow_get_has_terms (self) && vnt_tramite_flow_get_terms (self) == NULL)
    {
      vnt_procedure_task_fail_wrong_step (self->procedure, task);
      return;
    }

  /* The key and the step reach the disk before the request leaves. */
  vnt_procedure_set_step (self->procedure, VNT_TRAMITE_STEP_FINALIZING);
  vnt_procedure_task_save_key (self->procedure, task, KEY_FINALIZE, finalize_send);
}

VntAcuseInfo *
vnt_tramite_flow_finalize_finish (VntTramiteFlow  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Send: an operation that starts the trámite, then what follows      */

static void
send_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *operation = user_data;
  VntProcedure *procedure = g_task_get_source_object (operation);
  g_autoptr(VntServiceTramite) tramite = NULL;
  GError *error = NULL;

  tramite = vnt_tramite_flow_start_finish (VNT_TRAMITE_FLOW (source), result, &error);
  if (tramite == NULL)
    {
      vnt_procedure_task_fail (procedure, operation, error);
      return;
    }
  vnt_procedure_task_return_saved (procedure, operation, NULL, NULL);
}

void
vnt_tramite_flow_send (VntTramiteFlow *self,
                       GTask          *operation,
                       JsonObject     *data)
{
  g_return_if_fail (VNT_IS_TRAMITE_FLOW (self));
  g_return_if_fail (G_IS_TASK (operation));

  vnt_tramite_flow_start_async (self, data, g_task_get_cancellable (operation), send_started_cb, operation);
}

void
vnt_tramite_flow_send_with_request (VntTramiteFlow *self,
                                    GTask          *operation,
                                    VntKeygenStep  *keygen,
                                    JsonObject     *data,
                                    const char     *unique_identifier,
                                    const char     *serial_number,
                                    const char     *email)
{
  GCancellable *cancellable;
  GTask        *task;

  g_return_if_fail (VNT_IS_TRAMITE_FLOW (self));
  g_return_if_fail (G_IS_TASK (operation));
  g_return_if_fail (VNT_IS_KEYGEN_STEP (keygen));
  g_return_if_fail (data != NULL);

  /* The start's task, once the request is built (request_built_cb()). */
  cancellable = g_task_get_cancellable (operation);
  task = g_task_new (self, cancellable, send_started_cb, operation);
  g_task_set_source_tag (task, vnt_tramite_flow_send_with_request);
  g_task_set_task_data (task, json_object_ref (data), (GDestroyNotify) json_object_unref);
  vnt_keygen_step_build_request_async (keygen, unique_identifier, serial_number, email, cancellable,
                                       request_built_cb, task);
}

static void
send_terms_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(VntCarta) terms = NULL;
  GError *error = NULL;

  terms = vnt_tramite_flow_fetch_terms_finish (VNT_TRAMITE_FLOW (source), result, &error);
  if (terms == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
send_finalized_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  VntAcuseInfo *acuse;

  acuse = vnt_tramite_flow_finalize_finish (VNT_TRAMITE_FLOW (source), result, &error);
  if (acuse == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, acuse, g_object_unref);
}

/* What follows the start is an operation of its own. */
static void
send_next (GTask *task)
{
  VntTramiteFlow *self = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "vnt-then")) == VNT_TRAMITE_SEND_THEN_FINALIZE)
    vnt_tramite_flow_finalize_async (self, cancellable, send_finalized_cb, task);
  else
    vnt_tramite_flow_fetch_terms_async (self, cancellable, send_terms_cb, task);
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  send_next (task);
}

GTask *
vnt_tramite_flow_send_task_new (VntTramiteFlow      *self,
                                VntTramiteSendThen   then,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data,
                                gpointer             source_tag)
{
  GTask *task;

  g_return_val_if_fail (VNT_IS_TRAMITE_FLOW (self), NULL);

  task = g_task_new (self->procedure, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);
  g_object_set_data (G_OBJECT (task), "vnt-then", GINT_TO_POINTER (then));

  /* Started already (resumed): only what follows, which repeats nothing
   * the service has. */
  if (vnt_procedure_has_reached (self->procedure, VNT_TRAMITE_STEP_REVIEW))
    {
      send_next (task);
      return NULL;
    }

  return vnt_procedure_task_new (self->procedure, cancellable, send_done_cb, task, source_tag);
}
