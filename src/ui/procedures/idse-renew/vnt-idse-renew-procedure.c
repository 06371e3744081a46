/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/idse-renew/vnt-idse-renew-controller.h"
#include "ui/pages/vnt-idse-certificate-page.h"
#include "ui/pages/vnt-key-page.h"
#include "ui/pages/vnt-pfx-page.h"
#include "ui/pages/vnt-terms-page.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-idse-renew-pages.h"

/* "Renovación del Certificado Digital" (IDSE): the expired certificate →
 * the company's data, the e-mail editable → the new key, generated and
 * saved → "Enviar renovación" → the carta, signed with the expired
 * certificate (the new one is issued) → the new certificate checked and
 * saved as .pfx → the carta signed again with it → "Se ha generado
 * exitosamente su Certificado Digital." and the "Carta de Condiciones de
 * Uso" signed with it → acuse. */

static VntPage *
prepare_certificate (VntProcedure *procedure,
                     gboolean      practice)
{
  return vnt_idse_certificate_page_new (procedure,
                                        _("Choose the IDSE certificate that expired: its .pfx file, or its certificate (.cer) and private key (.key), and type its password. The IMSS renews a certificate up to a year after it expired. It signs the renewal; the key and the password never leave this computer."),
                                        VNT_PRACTICE_IDSE_TO_RENEW, practice);
}

static VntPage *
prepare_pfx (VntProcedure *procedure,
             gboolean      practice)
{
  VntPage *page = vnt_pfx_page_new (procedure,
                                    _("The IMSS issued your new certificate, and it is the one of the key you saved. Save it as a .pfx, protected with your IDSE password (the same as before)."));

  /* The renewal is done: nothing before this page can be changed. */
  vnt_page_set_can_go_back (page, FALSE);
  return page;
}

static const char         acuse_title[] = N_("Your digital certificate was renewed");
static const char         acuse_text[] = N_("Use the new .pfx in IDSE with your same user "
                                            "name and password; the certificate that expired "
                                            "no longer works. Keep the receipt: it proves the "
                                            "renewal.");

static const VntPageEntry pages[] = {
  { "certificate", VNT_STEPS (VNT_EFIRMA_STEP_ASK), prepare_certificate, VNT_PAGE_ENTRY_UNLOCKS },
  { "data", VNT_STEPS (VNT_EFIRMA_STEP_VALIDATED), vnt_idse_renew_data_page_new },
  { "key", VNT_STEPS (VNT_IDSE_RENEW_STEP_KEY, VNT_IDSE_RENEW_STEP_KEY_SAVED), vnt_key_page_new },
  { "send", VNT_STEPS (VNT_TRAMITE_STEP_REVIEW), vnt_idse_renew_send_page_new },
  { "terms", VNT_STEPS (VNT_TRAMITE_STEP_TERMS, VNT_TRAMITE_STEP_FINALIZING), vnt_terms_page_new },
  { "pfx", VNT_STEPS (VNT_TRAMITE_STEP_DONE), prepare_pfx },
  { "sign", VNT_STEPS (VNT_TRAMITE_STEP_DONE), vnt_idse_renew_sign_page_new },
  { "conditions", VNT_STEPS (VNT_TRAMITE_STEP_DONE), vnt_idse_renew_conditions_page_new },
  { "acuse", VNT_STEPS (VNT_TRAMITE_STEP_DONE),
    .acuse_title = acuse_title,
    .acuse_text = acuse_text,
    .acuse_extra = vnt_idse_renew_summary_new },
};

const VntProcedureDescriptor vnt_idse_renew_procedure = {
  .id = "idse.renew",
  .name = N_("Renovación del Certificado Digital"),
  .subtitle = N_("A new IDSE certificate for the one that expired, with a new key made here"),
  .icon_name = "view-refresh-symbolic",
  .group = VNT_PROCEDURE_GROUP_IDSE,
  .get_type = vnt_idse_renew_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
  /* "Mis e.firmas" offers it for an IDSE certificate about to expire or
   * expired. */
  .renews = VNT_RENEWS (VNT_WATCH_KIND_IDSE),
  .renew_order = 1,
};
