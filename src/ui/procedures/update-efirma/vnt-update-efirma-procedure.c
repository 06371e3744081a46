/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/update-efirma/vnt-update-efirma-controller.h"
#include "ui/pages/vnt-confirm-page.h"
#include "ui/pages/vnt-curp-page.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/procedures/vnt-procedure-registry.h"

/* "Actualización de la e.firma": CURP → e.firma ("Validar", then
 * "Firmar") → the service's answer ("Guardar Trámite", "Finalizar
 * Trámite", the FIEL confirmation) → acuse. */

static VntPage *
prepare_curp (VntProcedure *procedure,
              gboolean      practice)
{
  /* Practice: a persona whose account has an earlier e.firma. */
  return vnt_curp_page_new (procedure, VNT_PRACTICE_ACCOUNT_EARLIER);
}

static VntPage *
prepare_efirma (VntProcedure *procedure,
                gboolean      practice)
{
  return vnt_efirma_page_new (procedure, _("_Validate"), _("_Sign"), practice);
}

static VntPage *
prepare_confirm (VntProcedure *procedure,
                 gboolean      practice)
{
  return vnt_confirm_page_new (procedure, TRUE);
}

static const VntPageEntry pages[] = {
  { "curp", VNT_STEPS (VNT_EFIRMA_STEP_CURP), prepare_curp },
  { "efirma", VNT_STEPS (VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED), prepare_efirma,
    VNT_PAGE_ENTRY_UNLOCKS },
  { "confirm", VNT_STEPS (VNT_TRAMITE_STEP_REVIEW, VNT_TRAMITE_STEP_TERMS, VNT_TRAMITE_STEP_FINALIZING),
    prepare_confirm },
  { "acuse", VNT_STEPS (VNT_TRAMITE_STEP_DONE),
    .acuse_title = N_("The user account was updated successfully"),
    .acuse_text = N_("Sign in to the Escritorio Virtual with your new e.firma. Keep the receipt: it proves the update.") },
};

const VntProcedureDescriptor vnt_update_efirma_procedure = {
  .id = "account.update",
  .name = N_("e.firma update"),
  .subtitle = N_("After renewing your e.firma at SAT, so you can sign in again"),
  .icon_name = "view-refresh-symbolic",
  .group = VNT_PROCEDURE_GROUP_ESCRITORIO_VIRTUAL,
  .get_type = vnt_update_efirma_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
  .no_account_procedure = "account.create",
  /* After SAT's renewal, which comes first. */
  .renews = VNT_RENEWS (VNT_WATCH_KIND_EFIRMA),
  .renew_order = 2,
  .persona_moral_procedure = "company.register",
};
