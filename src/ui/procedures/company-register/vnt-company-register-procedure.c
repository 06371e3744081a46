/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/company-register/vnt-company-register-controller.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/procedures/vnt-page-factories.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-company-data-page.h"
#include "vnt-company-sign-page.h"
#include "vnt-poder-page.h"

/* "Registrar empresa representada" (persona moral), as IMSS's
 * "Registrar representante legal": the representative's CURP and e.firma
 * → the company's e.firma → RFC, "Razón social", "Tipo sociedad" and the
 * tipo de poder ("Continuar") → the poder notarial's cover and last page
 * → the carta; the company signs, then the representative → acuse. */

static VntPage *
prepare_company_efirma (VntProcedure *procedure,
                        gboolean      practice)
{
  VntCompanyRegisterController *controller = VNT_COMPANY_REGISTER_CONTROLLER (procedure);

  return vnt_efirma_page_new_for_step (procedure,
                                       vnt_company_register_controller_get_company_step (controller),
                                       _("The company’s e.firma"), _("_Validate"), NULL, practice);
}

static VntPage *
prepare_company (VntProcedure *procedure,
                 gboolean      practice)
{
  return vnt_company_data_page_new (VNT_COMPANY_REGISTER_CONTROLLER (procedure));
}

static VntPage *
prepare_poder (VntProcedure *procedure,
               gboolean      practice)
{
  return vnt_poder_page_new (VNT_COMPANY_REGISTER_CONTROLLER (procedure));
}

static VntPage *
prepare_sign (VntProcedure *procedure,
              gboolean      practice)
{
  return vnt_company_sign_page_new (VNT_COMPANY_REGISTER_CONTROLLER (procedure));
}

static const VntPageEntry pages[] = {
  { "curp", VNT_STEPS (VNT_EFIRMA_STEP_CURP), vnt_page_factory_curp_representative },
  { "efirma", VNT_STEPS (VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED), vnt_page_factory_efirma, VNT_PAGE_ENTRY_UNLOCKS },
  { "company-efirma", VNT_STEPS (VNT_COMPANY_STEP_EFIRMA), prepare_company_efirma },
  { "company", VNT_STEPS (VNT_COMPANY_STEP_VALIDATED), prepare_company },
  { "poder", VNT_STEPS (VNT_TRAMITE_STEP_REVIEW), prepare_poder },
  { "sign", VNT_STEPS (VNT_COMPANY_STEP_ATTACHED, VNT_TRAMITE_STEP_TERMS, VNT_TRAMITE_STEP_FINALIZING),
    prepare_sign },
  { "acuse", VNT_STEPS (VNT_TRAMITE_STEP_DONE),
    .acuse_title = N_("La solicitud fue concluida exitosamente."),
    .acuse_text = N_("You are registered as the legal representative of the company. Keep the receipt: it proves the registration.") },
};

const VntProcedureDescriptor vnt_company_register_procedure = {
  .id = "company.register",
  .name = N_("Registrar empresa representada"),
  .subtitle = N_("For a company: register yourself as its legal representative"),
  .icon_name = "system-users-symbolic",
  .group = VNT_PROCEDURE_GROUP_ESCRITORIO_VIRTUAL,
  .get_type = vnt_company_register_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
  .no_account_procedure = "account.create",
};
