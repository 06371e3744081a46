/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/sat-efirma-request/vnt-efirma-request-controller.h"
#include "ui/pages/vnt-sat-result-page.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-efirma-request-page.h"

/* "Requerimiento de e.firma" (SAT, on this computer): the form → the
 * files written, the sheet to print and what to bring to the SAT office. */

static VntPage *
prepare_form (VntProcedure *procedure,
              gboolean      practice)
{
  return vnt_efirma_request_page_new (procedure);
}

static void
fill_result (VntSatResultPage *page,
             VntProcedure     *procedure)
{
  VntEfirmaRequestController *self = VNT_EFIRMA_REQUEST_CONTROLLER (procedure);
  const char * const *bring = vnt_efirma_request_what_to_bring ();

  vnt_sat_result_page_set_heading (page, _("Your request is ready"),
                                   _("Make an appointment at a SAT office for “e.firma” (citas.sat.gob.mx) and take the request there. SAT gives you the certificate (.cer) for your private key at the appointment."));
  vnt_sat_result_page_add_file (page, _("Request (.req)"), vnt_efirma_request_controller_get_request_path (self));
  vnt_sat_result_page_add_file (page, _("Private key (.key)"), vnt_efirma_request_controller_get_key_path (self));
  if (vnt_efirma_request_controller_get_pdf_path (self) != NULL)
    vnt_sat_result_page_add_file (page, _("Solicitud de Certificado de Firma Electrónica Avanzada (PDF, to print)"),
                                  vnt_efirma_request_controller_get_pdf_path (self));
  vnt_sat_result_page_add_fact (page, _("Digest of the request (SHA-256)"), vnt_efirma_request_controller_get_digest (self));

  vnt_sat_result_page_set_steps_title (page, _("What to bring to the SAT office"));
  for (guint i = 0; bring[i] != NULL; i++)
    vnt_sat_result_page_add_step (page, bring[i]);
}

static VntPage *
prepare_result (VntProcedure *procedure,
                gboolean      practice)
{
  return vnt_sat_result_page_new (procedure, fill_result);
}

static const VntPageEntry pages[] = {
  { "form", VNT_STEPS (VNT_EFIRMA_REQUEST_STEP_FORM), prepare_form },
  { "result", VNT_STEPS (VNT_EFIRMA_REQUEST_STEP_WRITTEN), prepare_result },
};

const VntProcedureDescriptor vnt_sat_efirma_request_procedure = {
  .id = "sat.efirma.request",
  .name = N_("Requerimiento de e.firma"),
  .subtitle = N_("Your first e.firma: the request and private key to take to SAT"),
  .icon_name = "document-new-symbolic",
  .group = VNT_PROCEDURE_GROUP_SAT,
  .get_type = vnt_efirma_request_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
};
