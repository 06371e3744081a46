/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/idse-additional/vnt-idse-additional-controller.h"
#include "ui/pages/vnt-key-page.h"
#include "ui/pages/vnt-terms-page.h"
#include "ui/procedures/idse-request/vnt-idse-form-page.h"
#include "ui/procedures/idse-request/vnt-idse-pages.h"
#include "ui/procedures/vnt-page-factories.h"
#include "ui/procedures/vnt-procedure-registry.h"

/* "Certificado Digital adicional" (IDSE): the solicitud's pages with its
 * own form (NPIE, a new usuario and contraseña, the correo): the e.firma
 * of the patrón, a new key, the request, the carta, the acuse with its
 * deadline; in practice mode the visit, the certificate and its .pfx. */

static VntPage *
prepare_recommendations (VntProcedure *procedure,
                         gboolean      practice)
{
  return vnt_idse_recommendations_page_new (procedure, _("CERTIFICADO DIGITAL ADICIONAL"),
                                            _("An employer who has an NPIE asks here for one more certificate, for another IDSE user, with a key of its own."));
}

/* clang-format off */
static const VntPageEntry pages[] = {
  { "recommendations", VNT_STEPS (VNT_IDSE_STEP_RECOMMENDATIONS), prepare_recommendations },
  { "form", VNT_STEPS (VNT_IDSE_STEP_FORM), vnt_idse_form_page_new },
  { "efirma", VNT_STEPS (VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED), vnt_page_factory_efirma, VNT_PAGE_ENTRY_UNLOCKS },
  { "key", VNT_STEPS (VNT_IDSE_STEP_KEY, VNT_IDSE_STEP_KEY_SAVED), vnt_key_page_new },
  { "send", VNT_STEPS (VNT_TRAMITE_STEP_REVIEW), vnt_page_factory_idse_send },
  { "terms", VNT_STEPS (VNT_TRAMITE_STEP_TERMS, VNT_TRAMITE_STEP_FINALIZING), vnt_terms_page_new },
  { "acuse", VNT_STEPS (VNT_TRAMITE_STEP_DONE),
    .acuse_title = N_("Your request was registered"),
    .acuse_text = N_("Print the request and take it, with your identification, to your IMSS office: there you receive your additional certificate."),
    .acuse_extra = vnt_idse_certificate_box_new },
};
/* clang-format on */

const VntProcedureDescriptor vnt_idse_additional_procedure = {
  .id = "idse.additional",
  .name = N_("Certificado Digital adicional"),
  .subtitle = N_("One more IDSE certificate for your NPIE, for another user"),
  .icon_name = "list-add-symbolic",
  .group = VNT_PROCEDURE_GROUP_IDSE,
  .get_type = vnt_idse_additional_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
};
