/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/idse-recover/vnt-idse-recover-controller.h"
#include "ui/pages/vnt-pfx-page.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-idse-recover-pages.h"

/* "Recuperación de certificado": the NPIE ("Consultar") → its
 * certificates and their state → the .key of the one chosen, checked →
 * the .pfx saved where the user chooses → where it went. */

static VntPage *
prepare_pfx (VntProcedure *procedure,
             gboolean      practice)
{
  return vnt_pfx_page_new (procedure,
                           _("The key is this certificate’s. Choose where to save the certificate with its key, as a .pfx file protected with your IDSE password: that file is what IDSE asks for."));
}

static VntPage *
prepare_saved (VntProcedure *procedure,
               gboolean      practice)
{
  return vnt_pfx_saved_page_new (procedure, _("Your certificate was recovered"),
                                 _("Use the .pfx file in IDSE with your user name and password. Keep a copy of it, and of the .key, in a safe place."));
}

static const VntPageEntry pages[] = {
  { "npie", VNT_STEPS (VNT_IDSE_RECOVER_STEP_NPIE), vnt_idse_npie_page_new },
  { "certificates", VNT_STEPS (VNT_IDSE_RECOVER_STEP_CERTIFICATES),
    vnt_idse_certificates_page_new },
  { "key", VNT_STEPS (VNT_IDSE_RECOVER_STEP_KEY), vnt_idse_recover_key_page_new },
  { "pfx", VNT_STEPS (VNT_IDSE_RECOVER_STEP_PFX), prepare_pfx },
  { "saved", VNT_STEPS (VNT_IDSE_RECOVER_STEP_DONE), prepare_saved },
};

const VntProcedureDescriptor vnt_idse_recover_procedure = {
  .id = "idse.recover",
  .name = N_("Recuperación de certificado"),
  .subtitle = N_("Your IDSE certificate again as a .pfx, from its NPIE and the key you kept"),
  .icon_name = "document-save-symbolic",
  .group = VNT_PROCEDURE_GROUP_IDSE,
  .get_type = vnt_idse_recover_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
};
