/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "controllers/vnt-procedure.h"

G_BEGIN_DECLS

#define VNT_TYPE_WIZARD_CONTEXT (vnt_wizard_context_get_type ())
G_DECLARE_FINAL_TYPE (VntWizardContext, vnt_wizard_context, VNT, WIZARD_CONTEXT, GObject)

/* What every procedure's pages share: the trámite store and the service,
 * which in practice mode is the sandbox started inside the app. */

/* @client NULL: practice mode, whose sandbox vnt_wizard_context_prepare_async
 * starts (its database beside @store's data). */
VntWizardContext *vnt_wizard_context_new           (VntTramiteStore   *store,
                                                    VntServiceClient  *client,
                                                    gboolean           practice);
/* The application's: the GSettings "service-url" (empty: practice mode)
 * and the user's store. Made on first use. */
VntWizardContext *vnt_wizard_context_get_default   (void);
/* From @settings ("service-url", "service-certificate-sha256"; NULL:
 * practice). A service without a valid acuse certificate fingerprint gives
 * a context whose prepare fails saying what to configure. */
VntWizardContext *vnt_wizard_context_new_from_settings (GSettings       *settings,
                                                        VntTramiteStore *store);
/* Tests replace the default (a ref is taken; NULL drops it). */
void              vnt_wizard_context_set_default   (VntWizardContext  *context);

VntTramiteStore  *vnt_wizard_context_get_store     (VntWizardContext  *self);
/* NULL until prepared (practice mode). */
VntServiceClient *vnt_wizard_context_get_client    (VntWizardContext  *self);
gboolean          vnt_wizard_context_get_practice  (VntWizardContext  *self);

/* Makes the client ready (starts the practice sandbox once). */
void              vnt_wizard_context_prepare_async (VntWizardContext  *self,
                                                    GCancellable      *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
gboolean          vnt_wizard_context_prepare_finish (VntWizardContext *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);

/* The authorities the procedures' local checks trust (NULL: the bundled
 * ones); practice mode sets its own, with the practice CA. */
void              vnt_wizard_context_set_trust_store (VntWizardContext *self,
                                                      VntTrustStore    *trust);
/* A new trámite of @procedure_id (one the registry lists; NULL for any
 * other); prepared first, unless the procedure is local_only and this is
 * not practice mode (it then needs no service). */
VntProcedure     *vnt_wizard_context_new_procedure (VntWizardContext  *self,
                                                    const char        *procedure_id);
/* The saved trámite @tramite_id, as its controller; prepared first. The
 * record is read in a worker thread. */
void              vnt_wizard_context_resume_async  (VntWizardContext   *self,
                                                    const char         *tramite_id,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
VntProcedure     *vnt_wizard_context_resume_finish (VntWizardContext   *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);

G_END_DECLS
