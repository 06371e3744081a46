/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/procedures/vnt-page-factories.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-remove-company-page.h"

/* "Eliminar empresa representada": the representative's CURP → his
 * e.firma ("Validar") → the companies he represents, to select
 * ("Finalizar Trámite") → acuse. */

/* clang-format off */
static const VntPageEntry pages[] = {
  { "curp", VNT_STEPS (VNT_EFIRMA_STEP_CURP), vnt_page_factory_curp_representative },
  { "efirma", VNT_STEPS (VNT_EFIRMA_STEP_ASK), vnt_page_factory_efirma, VNT_PAGE_ENTRY_UNLOCKS },
  { "companies", VNT_STEPS (VNT_EFIRMA_STEP_VALIDATED, VNT_TRAMITE_STEP_REVIEW, VNT_TRAMITE_STEP_FINALIZING),
    vnt_remove_company_page_new },
  { "acuse", VNT_STEPS (VNT_TRAMITE_STEP_DONE),
    .acuse_title = N_("Your request was completed successfully"),
    .acuse_text = N_("You are no longer the legal representative of the companies you removed in the Escritorio Virtual. Keep the receipt: it proves the removal.") },
};
/* clang-format on */

const VntProcedureDescriptor vnt_remove_company_procedure = {
  .id = "representative.remove",
  .name = N_("Remove represented company"),
  .subtitle = N_("For a company: stop being its legal representative"),
  .icon_name = "edit-delete-symbolic",
  .group = VNT_PROCEDURE_GROUP_ESCRITORIO_VIRTUAL,
  .get_type = vnt_remove_company_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
};
