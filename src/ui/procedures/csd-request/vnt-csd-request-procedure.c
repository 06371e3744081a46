/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-sat-result-page.h"
#include "ui/procedures/vnt-page-factories.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-csd-pages.h"

/* "Solicitud de Certificados de Sello Digital (CSD)", made here as SAT's
 * Certifica makes it, with no service: the sucursales → the e.firma
 * ("Validar") → where to save and the keys' password ("Generar
 * solicitud") → the files and what to do next in CertiSAT Web, and the
 * check of a CSD downloaded later. */

static void
fill_done (VntSatResultPage *page,
           VntProcedure     *procedure)
{
  static const char * const steps[] = {
    N_("Sign in to CertiSAT Web, on sat.gob.mx, with your e.firma."),
    N_("Choose “Envío de solicitud de certificados de sello digital”, select the .sdg file above and send it. Keep the acuse SAT shows."),
    N_("Later (SAT may take from minutes to a few days), in “Recuperación de certificados”, search by your RFC and download the .cer of each sucursal."),
    N_("Keep each .key with its password: a CSD works only with the key made for it. When you have the .cer, check them below."),
  };
  VntCsdRequestController *controller = VNT_CSD_REQUEST_CONTROLLER (procedure);
  const char * const *keys = vnt_csd_request_controller_get_key_paths (controller);
  const char * const *sucursales = vnt_csd_request_controller_get_sucursales (controller);
  const char *sdg = vnt_csd_request_controller_get_sdg_path (controller);

  vnt_sat_result_page_set_heading (page, _("Your CSD request is ready"),
                                   _("The private keys were saved first, then the request signed with your e.firma. Nothing was sent: SAT receives the request when you send it in CertiSAT Web."));
  if (sdg != NULL)
    vnt_sat_result_page_add_file (page, _("Request to send to SAT (.sdg)"), sdg);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      /* TRANSLATORS: the private key of a sucursal ("Matriz") */
      g_autofree char *title = g_strdup_printf (_("Private key of “%s”"),
                                                i < g_strv_length ((char **) sucursales) ? sucursales[i] : "");

      vnt_sat_result_page_add_file (page, title, keys[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    vnt_sat_result_page_add_step (page, _(steps[i]));
  vnt_sat_result_page_add_group (page, vnt_csd_check_box_new (procedure));
}

static VntPage *
prepare_done (VntProcedure *procedure,
              gboolean      practice)
{
  return vnt_sat_result_page_new (procedure, fill_done);
}

static const VntPageEntry pages[] = {
  { "sucursales", VNT_STEPS (VNT_CSD_STEP_SUCURSALES), vnt_csd_sucursales_page_new },
  { "efirma", VNT_STEPS (VNT_EFIRMA_STEP_ASK), vnt_page_factory_efirma, VNT_PAGE_ENTRY_UNLOCKS },
  { "keys", VNT_STEPS (VNT_EFIRMA_STEP_VALIDATED), vnt_csd_keys_page_new },
  { "done", VNT_STEPS (VNT_CSD_STEP_WRITTEN), prepare_done },
};

const VntProcedureDescriptor vnt_csd_request_procedure = {
  .id = "sat.csd",
  .name = N_("Solicitud de Certificados de Sello Digital (CSD)"),
  .subtitle = N_("The keys and the signed request (.sdg) for your invoices’ seals, made here"),
  .icon_name = "mail-attachment-symbolic",
  .group = VNT_PROCEDURE_GROUP_SAT,
  .get_type = vnt_csd_request_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
};
