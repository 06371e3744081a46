/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-task.h"
#include "controllers/steps/vnt-sat-local.h"
#include "crypto/vnt-csd-request.h"
#include "vnt-csd-request-controller.h"

/* The record's fields of this procedure (in memory only: the class is
 * local_only); sucursal names cannot hold a line break
 * (vnt_csd_request_check_sucursal ()), file paths are ours. */
#define FIELD_SUCURSALES "sucursales"
#define FIELD_FOLDER     "folder"
#define FIELD_SDG        "sdg_path"
#define FIELD_KEYS       "key_paths"

struct _VntCsdRequestController
{
  VntProcedure   parent_instance;

  VntEfirmaStep *efirma;
  char         **sucursales;
  char         **key_paths;
  double         progress;
};

/* clang-format off */
static void sat_local_iface_init (VntSatLocalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VntCsdRequestController, vnt_csd_request_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, NULL)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_SAT_LOCAL, sat_local_iface_init))
/* clang-format on */

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const steps[] = {
  VNT_CSD_STEP_SUCURSALES,
  VNT_EFIRMA_STEP_ASK,
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_CSD_STEP_WRITTEN,
  NULL
};

static char **
split_field (VntProcedure *procedure,
             const char   *name)
{
  const char *value = vnt_tramite_get_string (vnt_procedure_get_record (procedure), name);

  if (value == NULL || *value == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (value, "\n", -1);
}

static void
set_progress (VntCsdRequestController *self,
              double                   progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* The writing thread's progress, back in the procedure's thread
 * (vnt_task_post_progress ()): after the operation ended it says nothing. */
static void
progress_posted (gpointer object,
                 int      phase,
                 double   progress)
{
  VntCsdRequestController *self = object;

  if (vnt_procedure_get_busy (VNT_PROCEDURE (self)))
    set_progress (self, progress);
}

static void
vnt_csd_request_controller_constructed (GObject *object)
{
  VntCsdRequestController *self = VNT_CSD_REQUEST_CONTROLLER (object);

  G_OBJECT_CLASS (vnt_csd_request_controller_parent_class)->constructed (object);

  self->sucursales = split_field (VNT_PROCEDURE (self), FIELD_SUCURSALES);
  self->key_paths = split_field (VNT_PROCEDURE (self), FIELD_KEYS);
}

static void
vnt_csd_request_controller_finalize (GObject *object)
{
  VntCsdRequestController *self = VNT_CSD_REQUEST_CONTROLLER (object);

  g_strfreev (self->sucursales);
  g_strfreev (self->key_paths);

  G_OBJECT_CLASS (vnt_csd_request_controller_parent_class)->finalize (object);
}

static void
vnt_csd_request_controller_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  VntCsdRequestController *self = VNT_CSD_REQUEST_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_csd_request_controller_class_init (VntCsdRequestControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  object_class->constructed = vnt_csd_request_controller_constructed;
  object_class->finalize = vnt_csd_request_controller_finalize;
  object_class->get_property = vnt_csd_request_controller_get_property;

  procedure_class->procedure_id = "sat.csd";
  procedure_class->steps = steps;
  /* SAT's Certifica on this computer: no service, nothing to resume. */
  procedure_class->local_only = TRUE;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vnt_csd_request_controller_init (VntCsdRequestController *self)
{
  /* A persona física's own e.firma or a company's: the CSDs are for its
   * RFC. Never a CSD, never expired. */
  VntEfirmaPolicy policy = VNT_EFIRMA_POLICY_PATRON;

  self->efirma = vnt_efirma_step_new (VNT_PROCEDURE (self), VNT_CREDENTIAL_ROLE_APPLICANT, &policy,
                                      NULL, VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED);
}

VntCsdRequestController *
vnt_csd_request_controller_new (VntServiceClient *client,
                                VntTramiteStore  *store)
{
  return (VntCsdRequestController *) vnt_procedure_new (VNT_TYPE_CSD_REQUEST_CONTROLLER,
                                                        client, store);
}

/* ---- Sucursales ---- */

gboolean
vnt_csd_request_controller_set_sucursales (VntCsdRequestController  *self,
                                           const char * const       *sucursales,
                                           guint                    *bad_index,
                                           GError                  **error)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autofree char *joined = NULL;

  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self), FALSE);

  if (bad_index != NULL)
    *bad_index = G_MAXUINT;
  if (vnt_procedure_get_done (procedure))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("This request was already made. Start a new one for other sucursales."));
      return FALSE;
    }
  if (!vnt_csd_request_check_sucursales (sucursales, bad_index, error))
    return FALSE;

  g_strfreev (self->sucursales);
  self->sucursales = g_strdupv ((char **) sucursales);
  joined = g_strjoinv ("\n", self->sucursales);
  vnt_tramite_set_string (vnt_procedure_get_record (procedure), FIELD_SUCURSALES, joined);
  if (!vnt_procedure_has_reached (procedure, VNT_EFIRMA_STEP_ASK))
    vnt_procedure_set_step (procedure, VNT_EFIRMA_STEP_ASK);
  vnt_procedure_save (procedure);

  return TRUE;
}

const char * const *
vnt_csd_request_controller_get_sucursales (VntCsdRequestController *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self), NULL);
  return (const char * const *) self->sucursales;
}

/* ---- The keys and the .sdg ---- */

/* What a password of these keys must not contain: the e.firma's RFC and
 * CURP (a company's representative's too). */
static GStrv
get_personal_words (VntSatLocal *local)
{
  VntCsdRequestController *self = VNT_CSD_REQUEST_CONTROLLER (local);
  VntCertificate          *certificate = vnt_efirma_step_get_certificate (self->efirma);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (certificate != NULL)
    {
      const char *facts[] = {
        vnt_certificate_get_rfc (certificate),
        vnt_certificate_get_curp (certificate),
        vnt_certificate_get_representative_rfc (certificate),
        vnt_certificate_get_representative_curp (certificate),
      };

      for (gsize i = 0; i < G_N_ELEMENTS (facts); i++)
        if (facts[i] != NULL && *facts[i] != '\0')
          g_strv_builder_add (builder, facts[i]);
    }
  return g_strv_builder_end (builder);
}

/* The e.firma that signs, the sucursales, the context the progress is
 * said in; the keys and the .sdg once written. */
typedef struct
{
  VntCsdRequestController *self;
  VntCredential           *credential;
  GStrv                    sucursales;
  GMainContext            *context;
  GStrv                    paths;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->credential);
  g_strfreev (data->sucursales);
  g_main_context_unref (data->context);
  g_strfreev (data->paths);
  g_free (data);
}

static gpointer
prepare_create (VntSatLocal *local,
                GTask       *task)
{
  VntCsdRequestController *self = VNT_CSD_REQUEST_CONTROLLER (local);
  VntCredential           *credential;
  CreateData              *data;

  credential = vnt_efirma_step_require_credential (self->efirma, task,
                                                   _("Open your e.firma again: type its password "
                                                     "on the e.firma page."));
  if (credential == NULL)
    return NULL;

  data = g_new0 (CreateData, 1);
  data->self = g_object_ref (self);
  data->credential = g_object_ref (credential);
  data->sucursales = g_strdupv (self->sucursales);
  data->context = g_main_context_ref_thread_default ();
  set_progress (self, 0.0);
  return data;
}

/* Worker thread: one more part of the request made. */
static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  CreateData *data = user_data;

  vnt_task_post_progress (data->context, data->self, progress_posted, 0,
                          total > 0 ? (double) done / total : 0.0);
}

static gboolean
write_create (gpointer         user_data,
              VntEfirmaParams *params,
              GCancellable    *cancellable,
              GError         **error)
{
  CreateData *data = user_data;

  params->sucursales = (const char * const *) data->sucursales;
  data->paths = vnt_csd_request_create_with (params,
                                             vnt_credential_get_certificate (data->credential),
                                             vnt_credential_get_private_key (data->credential),
                                             NULL, progress_cb, data, cancellable, error);
  return data->paths != NULL;
}

static void
keep_created (VntSatLocal *local,
              gpointer     user_data)
{
  VntCsdRequestController *self = VNT_CSD_REQUEST_CONTROLLER (local);
  VntTramite              *record = vnt_procedure_get_record (VNT_PROCEDURE (self));
  CreateData              *data = user_data;
  g_autofree char         *folder = NULL;
  g_autofree char         *keys = NULL;
  guint                    n;

  /* The keys, then the .sdg, all in the folder chosen. */
  folder = g_path_get_dirname (data->paths[0]);
  vnt_tramite_set_string (record, FIELD_FOLDER, folder);
  n = g_strv_length (data->paths);
  vnt_tramite_set_string (record, FIELD_SDG, data->paths[n - 1]);
  g_free (data->paths[n - 1]);
  data->paths[n - 1] = NULL;
  keys = g_strjoinv ("\n", data->paths);
  vnt_tramite_set_string (record, FIELD_KEYS, keys);
  g_strfreev (self->key_paths);
  self->key_paths = g_steal_pointer (&data->paths);
  set_progress (self, 1.0);
}

static const VntSatLocalWriter writer = {
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_CSD_STEP_WRITTEN,
  get_personal_words,
  prepare_create,
  write_create,
  keep_created,
  (GDestroyNotify) create_data_free,
};

static void
sat_local_iface_init (VntSatLocalInterface *iface)
{
  iface->writer = &writer;
}

double
vnt_csd_request_controller_get_progress (VntCsdRequestController *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self), 0.0);
  return self->progress;
}

const char *
vnt_csd_request_controller_get_folder (VntCsdRequestController *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_FOLDER);
}

const char *
vnt_csd_request_controller_get_sdg_path (VntCsdRequestController *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_SDG);
}

const char * const *
vnt_csd_request_controller_get_key_paths (VntCsdRequestController *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self), NULL);
  return (const char * const *) self->key_paths;
}

const char *
vnt_csd_request_controller_get_rfc (VntCsdRequestController *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self), NULL);
  return vnt_efirma_step_get_rfc (self->efirma);
}

/* ---- Checking a CSD downloaded later ---- */

typedef struct
{
  char *cer_path;
  char *key_path;
  char *password;
  char *rfc;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->cer_path);
  g_free (data->key_path);
  vnt_secret_free (data->password);
  g_free (data->rfc);
  g_free (data);
}

static gpointer
check_job (gpointer      user_data,
           GCancellable *cancellable,
           GError      **error)
{
  CheckData *data = user_data;
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) key = NULL;

  cert = vnt_certificate_new_from_file (data->cer_path, error);
  if (cert == NULL)
    return NULL;

  if (vnt_certificate_get_kind (cert) != VNT_CERTIFICATE_KIND_CSD)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED,
                           vnt_certificate_get_kind (cert) == VNT_CERTIFICATE_KIND_EFIRMA
                           ? _("This certificate is an e.firma, not a CSD. Choose the .cer you "
                                 "downloaded from CertiSAT Web for a sucursal.")
                           : _("This certificate is not a CSD. Choose the .cer you downloaded "
                                 "from CertiSAT Web for a sucursal."));
      return NULL;
    }
  if (data->rfc != NULL && g_strcmp0 (vnt_certificate_get_rfc (cert), data->rfc) != 0)
    {
      g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH,
                   _("This CSD is for the RFC %s, not for %s, whose request this is. "
                     "Choose a CSD of %s."),
                      vnt_certificate_get_rfc (cert), data->rfc, data->rfc);
      return NULL;
    }

  key = vnt_private_key_new_from_file (data->key_path, data->password, error);
  if (key == NULL)
    return NULL;
  if (!vnt_private_key_matches (key, cert))
    {
      /* As the sucursal is written in the file names. */
      g_autofree char *stem = g_strdup (vnt_certificate_get_organizational_unit (cert) != NULL
                                        ? vnt_certificate_get_organizational_unit (cert) : "");

      g_strdelimit (stem, " ", '_');
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                   _("This .key does not belong to this CSD: they do not match, and invoices "
                     "sealed with them would be rejected. Choose the .key made for the same "
                     "sucursal (its name starts with CSD_%s_)."),
                      stem);
      return NULL;
    }

  return g_steal_pointer (&cert);
}

void
vnt_csd_request_controller_check_csd_async (VntCsdRequestController *self,
                                            const char              *cer_path,
                                            const char              *key_path,
                                            const char              *password,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  CheckData *data;

  g_return_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (self));
  g_return_if_fail (cer_path != NULL && key_path != NULL);

  data = g_new0 (CheckData, 1);
  data->cer_path = g_strdup (cer_path);
  data->key_path = g_strdup (key_path);
  data->password = g_strdup (password != NULL ? password : "");
  data->rfc = g_strdup (vnt_efirma_step_get_rfc (self->efirma));
  vnt_task_run_in_thread (self, data, (GDestroyNotify) check_data_free, check_job, g_object_unref,
                          vnt_csd_request_controller_check_csd_async, cancellable, callback,
                          user_data);
}

VntCertificate *
vnt_csd_request_controller_check_csd_finish (VntCsdRequestController  *self,
                                             GAsyncResult             *result,
                                             GError                  **error)
{
  return vnt_task_run_finish (result, self, vnt_csd_request_controller_check_csd_async, error);
}

/* ---- VntHasEfirma ---- */

