/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/idse-request/vnt-idse-request-controller.h"
#include "ui/pages/vnt-key-page.h"
#include "ui/pages/vnt-terms-page.h"
#include "ui/procedures/vnt-page-factories.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-idse-form-page.h"
#include "vnt-idse-pages.h"

/* "Solicitud del Certificado Digital" (IDSE): recommendations → the
 * capture form → the e.firma of the patrón ("Validar") → the new key,
 * generated and saved → "Enviar solicitud" → the carta, signed → acuse
 * with its deadline; the printable request; in practice mode the visit to
 * the Subdelegación, the certificate and its .pfx. */

static VntPage *
prepare_recommendations (VntProcedure *procedure,
                         gboolean      practice)
{
  return vnt_idse_recommendations_page_new (procedure, _("SOLICITUD DE CERTIFICADO DIGITAL"),
                                            _("With this request the IMSS gives the employer a Número Patronal de Identificación Electrónica (NPIE) and a digital certificate to use IDSE."));
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
    .acuse_text = N_("Print the request and take it, with your identification, to your IMSS office: there you receive your NPIE and your certificate."),
    .acuse_extra = vnt_idse_certificate_box_new },
};
/* clang-format on */

const VntProcedureDescriptor vnt_idse_request_procedure = {
  .id = "idse.request",
  .name = N_("Solicitud del Certificado Digital"),
  .subtitle = N_("Your NPIE and IDSE certificate, with a new key made here"),
  .icon_name = "application-certificate-symbolic",
  .group = VNT_PROCEDURE_GROUP_IDSE,
  .get_type = vnt_idse_request_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
};
