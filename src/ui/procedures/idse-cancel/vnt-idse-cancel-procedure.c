/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/idse-cancel/vnt-idse-cancel-controller.h"
#include "ui/pages/vnt-idse-certificate-page.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-idse-cancel-page.h"

/* "Cancelación del Certificado Digital": the IDSE certificate → usuario,
 * contraseña and motivo, "Cancelar certificado" and its confirmation →
 * acuse. */

static VntPage *
prepare_certificate (VntProcedure *procedure,
                     gboolean      practice)
{
  return vnt_idse_certificate_page_new (procedure,
                                        _("Choose the IDSE certificate you want to cancel: its .pfx file, or its certificate (.cer) and private key (.key), and type its password. They sign the cancellation; the key and the password never leave this computer."),
                                        VNT_PRACTICE_IDSE_TO_CANCEL, practice);
}

static VntPage *
prepare_cancel (VntProcedure *procedure,
                gboolean      practice)
{
  return vnt_idse_cancel_page_new (procedure);
}

static const VntPageEntry pages[] = {
  { "certificate", VNT_STEPS (VNT_EFIRMA_STEP_ASK), prepare_certificate, VNT_PAGE_ENTRY_UNLOCKS },
  { "cancel", VNT_STEPS (VNT_EFIRMA_STEP_VALIDATED, VNT_TRAMITE_STEP_REVIEW, VNT_TRAMITE_STEP_FINALIZING),
    prepare_cancel },
  { "acuse", VNT_STEPS (VNT_TRAMITE_STEP_DONE),
    .acuse_title = N_("Your digital certificate was cancelled"),
    .acuse_text = N_("It can no longer be used in IDSE. To go on using IDSE, request a new certificate with “Solicitud del Certificado Digital”. Keep the receipt: it proves the cancellation.") },
};

const VntProcedureDescriptor vnt_idse_cancel_procedure = {
  .id = "idse.cancel",
  .name = N_("Cancelación del Certificado Digital"),
  .subtitle = N_("If your IDSE certificate or its key was lost or is no longer safe"),
  .icon_name = "action-unavailable-symbolic",
  .group = VNT_PROCEDURE_GROUP_IDSE,
  .get_type = vnt_idse_cancel_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
};
