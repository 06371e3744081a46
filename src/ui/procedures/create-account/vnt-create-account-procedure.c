/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/create-account/vnt-create-account-controller.h"
#include "ui/pages/vnt-confirm-page.h"
#include "ui/pages/vnt-contact-page.h"
#include "ui/pages/vnt-curp-page.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/pages/vnt-terms-page.h"
#include "ui/procedures/vnt-procedure-registry.h"

/* "Crear cuenta (persona física)": CURP → e.firma ("Verificar") → e-mail
 * and phone ("Autenticar") → the data the service will register → the
 * carta, signed → acuse. */

static VntPage *
prepare_curp (VntProcedure *procedure,
              gboolean      practice)
{
  /* Practice: a persona with no account yet. */
  return vnt_curp_page_new (procedure, VNT_PRACTICE_ACCOUNT_NONE);
}

static VntPage *
prepare_efirma (VntProcedure *procedure,
                gboolean      practice)
{
  return vnt_efirma_page_new (procedure, _("_Verify"), NULL, practice);
}

static VntPage *
prepare_contact (VntProcedure *procedure,
                 gboolean      practice)
{
  return vnt_contact_page_new (procedure);
}

static VntPage *
prepare_review (VntProcedure *procedure,
                gboolean      practice)
{
  return vnt_confirm_page_new (procedure, FALSE);
}

/* clang-format off */
static const VntPageEntry pages[] = {
  { "curp", VNT_STEPS (VNT_EFIRMA_STEP_CURP), prepare_curp },
  { "efirma", VNT_STEPS (VNT_EFIRMA_STEP_ASK), prepare_efirma, VNT_PAGE_ENTRY_UNLOCKS },
  { "contact", VNT_STEPS (VNT_EFIRMA_STEP_VALIDATED), prepare_contact },
  { "review", VNT_STEPS (VNT_TRAMITE_STEP_REVIEW), prepare_review },
  { "terms", VNT_STEPS (VNT_TRAMITE_STEP_TERMS, VNT_TRAMITE_STEP_FINALIZING), vnt_terms_page_new },
  { "acuse", VNT_STEPS (VNT_TRAMITE_STEP_DONE),
    .acuse_title = N_("Your account was created"),
    .acuse_text = N_("Wait 30 minutes before signing in to the Escritorio Virtual: that is how long the new account takes to reach every IMSS system.") },
};
/* clang-format on */

const VntProcedureDescriptor vnt_create_account_procedure = {
  .id = "account.create",
  .name = N_("Create account"),
  .subtitle = N_("For an individual, with your e.firma"),
  .icon_name = "contact-new-symbolic",
  .group = VNT_PROCEDURE_GROUP_ESCRITORIO_VIRTUAL,
  .get_type = vnt_create_account_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
  .account_exists_procedure = "account.update",
  .persona_moral_procedure = "company.register",
};
