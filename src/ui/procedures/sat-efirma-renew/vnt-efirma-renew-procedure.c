/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/sat-efirma-renew/vnt-efirma-renew-controller.h"
#include "ui/pages/vnt-sat-result-page.h"
#include "ui/procedures/vnt-page-factories.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-efirma-renew-page.h"

/* "Renovación de e.firma" (SAT, on this computer): the current e.firma →
 * the form → the files, what to do next in CertiSAT Web, and the
 * checklist of who else must learn the new certificate. */

/* The procedure the checklist offers: the Escritorio Virtual account
 * knows the e.firma by its certificate. */
#define UPDATE_ACCOUNT_PROCEDURE "account.update"

static VntPage *
prepare_form (VntProcedure *procedure,
              gboolean      practice)
{
  return vnt_efirma_renew_page_new (procedure);
}

static GtkWidget *
checklist_row (const char *title,
               const char *subtitle,
               GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* A box with no text of its own: named after its row. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  if (suffix != NULL)
    {
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
    }

  return row;
}

static GtkWidget *
checklist (void)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Once you have the new certificate"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("IMSS knows your e.firma by its certificate: tell it the new one, or it will refuse your signatures."));

  /* Started through the registry, by its id, as the start window does. */
  button = gtk_button_new_with_label (vnt_procedure_display_name (UPDATE_ACCOUNT_PROCEDURE));
  /* Two lines rather than a squeezed row on a narrow window. */
  gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 14);
  gtk_label_set_justify (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), GTK_JUSTIFY_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "window.open-procedure");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", UPDATE_ACCOUNT_PROCEDURE);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             checklist_row (_("Escritorio Virtual del IMSS"),
                                            _("Update your account with the new e.firma before you log in again."),
                                            button));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             checklist_row (_("IDSE"),
                                            _("Sign your next IDSE trámites (the Certificado Digital’s request, renewal or recovery) with the new e.firma. If IDSE refuses it, ask your IMSS Subdelegación to register the new certificate."),
                                            NULL));
  return group;
}

static void
fill_result (VntSatResultPage *page,
             VntProcedure     *procedure)
{
  VntEfirmaRenewController *self = VNT_EFIRMA_RENEW_CONTROLLER (procedure);

  vnt_sat_result_page_set_heading (page, _("Your renewal is ready"),
                                   _("Send it to SAT while your current e.firma is still valid. No appointment is needed."));
  vnt_sat_result_page_add_file (page, _("Renewal request (.ren)"), vnt_efirma_renew_controller_get_renewal_path (self));
  vnt_sat_result_page_add_file (page, _("New private key (.key)"), vnt_efirma_renew_controller_get_key_path (self));

  vnt_sat_result_page_add_step (page, _("Open CertiSAT Web (sat.gob.mx, “e.firma”, “Renovación de e.firma”) and log in with your current e.firma."));
  vnt_sat_result_page_add_step (page, _("Send the .ren file there. The portal gives you an operation number."));
  vnt_sat_result_page_add_step (page, _("With that number, download your new certificate (.cer) in CertiSAT Web (“Recuperación de certificados”) and keep it beside the new private key."));
  vnt_sat_result_page_add_step (page, _("If your e.firma expires before that: within a year of its expiry renew it with SAT ID; later, with an appointment at a SAT office."));

  vnt_sat_result_page_add_group (page, checklist ());
}

static VntPage *
prepare_result (VntProcedure *procedure,
                gboolean      practice)
{
  return vnt_sat_result_page_new (procedure, fill_result);
}

static const VntPageEntry pages[] = {
  { "efirma", VNT_STEPS (VNT_EFIRMA_STEP_ASK), vnt_page_factory_efirma, VNT_PAGE_ENTRY_UNLOCKS },
  { "form", VNT_STEPS (VNT_EFIRMA_STEP_VALIDATED), prepare_form },
  { "result", VNT_STEPS (VNT_EFIRMA_RENEW_STEP_WRITTEN), prepare_result },
};

const VntProcedureDescriptor vnt_sat_efirma_renew_procedure = {
  .id = "sat.efirma.renew",
  .name = N_("Renovación de e.firma"),
  .subtitle = N_("Before it expires: the renewal (.ren) signed with your current e.firma"),
  .icon_name = "emblem-synchronizing-symbolic",
  .group = VNT_PROCEDURE_GROUP_SAT,
  .get_type = vnt_efirma_renew_controller_get_type,
  .pages = pages,
  .n_pages = G_N_ELEMENTS (pages),
  /* "Mis e.firmas" offers it first for an e.firma that expires. */
  .renews = VNT_RENEWS (VNT_WATCH_KIND_EFIRMA),
  .renew_order = 1,
};
