/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/vnt-date.h"
#include "ui/pages/vnt-page-parts.h"
#include "ui/pages/vnt-pfx-page.h"
#include "vnt-idse-renew-pages.h"

/* "Venció el 7 de noviembre de 2026 (hace 30 días)" / "Vigente hasta el …". */
static char *
describe_validity (VntCertificate *certificate)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *not_after = vnt_certificate_get_not_after (certificate);
  g_autofree char *date = vnt_date_format_date (not_after);
  GTimeSpan since = g_date_time_difference (now, not_after);

  if (since > 0)
    {
      int days = (int) (since / G_TIME_SPAN_DAY);

      /* TRANSLATORS: when the certificate expired, and how many days ago */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expired on %s (%d day ago)", "Expired on %s (%d days ago)", days),
                              date, days);
    }
  /* TRANSLATORS: the day the certificate expires */
  return g_strdup_printf (_("Valid until %s"), date);
}

/* ------------------------------------------------------------------ */
/* The company's data                                                  */

struct _VntIdseRenewDataPage
{
  VntPage                 parent_instance;

  VntIdseRenewController *controller;
  AdwActionRow           *name_row;
  AdwActionRow           *rfc_row;
  AdwActionRow           *npie_row;
  AdwActionRow           *number_row;
  AdwActionRow           *validity_row;
  GtkWidget              *email_row;
};

G_DEFINE_FINAL_TYPE (VntIdseRenewDataPage, vnt_idse_renew_data_page, VNT_TYPE_PAGE)

static void
data_update (VntIdseRenewDataPage *self)
{
  vnt_page_mark_invalid (self->email_row, NULL);
  vnt_page_set_complete (VNT_PAGE (self), *gtk_editable_get_text (GTK_EDITABLE (self->email_row)) != '\0');
}

static void
data_page_shown (VntPage *page)
{
  VntIdseRenewDataPage *self = VNT_IDSE_RENEW_DATA_PAGE (page);
  VntEfirmaStep *step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (self->controller));
  VntCertificate *certificate = vnt_efirma_step_get_certificate (step);
  const char *email = vnt_idse_renew_controller_get_email (self->controller);

  vnt_page_parts_set_fact (self->name_row, vnt_efirma_step_get_name (step));
  vnt_page_parts_set_fact (self->rfc_row, vnt_efirma_step_get_rfc (step));
  vnt_page_parts_set_fact (self->npie_row, vnt_idse_renew_controller_get_npie (self->controller));
  vnt_page_parts_set_fact (self->number_row, vnt_efirma_step_get_certificate_number (step));
  if (certificate != NULL)
    {
      g_autofree char *validity = describe_validity (certificate);

      vnt_page_parts_set_fact (self->validity_row, validity);
    }
  /* The one the certificate names, when it names one. */
  if (email == NULL && certificate != NULL)
    email = vnt_certificate_get_email (certificate);
  vnt_page_parts_prefill (GTK_EDITABLE (self->email_row), email);
  data_update (self);
}

static void
data_page_apply_async (VntPage             *page,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  VntIdseRenewDataPage *self = VNT_IDSE_RENEW_DATA_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  if (!vnt_idse_renew_controller_confirm_data (self->controller,
                                               gtk_editable_get_text (GTK_EDITABLE (self->email_row)), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
data_page_show_error (VntPage      *page,
                      const GError *error)
{
  VntIdseRenewDataPage *self = VNT_IDSE_RENEW_DATA_PAGE (page);

  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL))
    vnt_page_mark_invalid (self->email_row, error->message);
  return FALSE;
}

static void
vnt_idse_renew_data_page_dispose (GObject *object)
{
  g_clear_object (&VNT_IDSE_RENEW_DATA_PAGE (object)->controller);
  G_OBJECT_CLASS (vnt_idse_renew_data_page_parent_class)->dispose (object);
}

static void
vnt_idse_renew_data_page_class_init (VntIdseRenewDataPageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_renew_data_page_dispose;
  page_class->shown = data_page_shown;
  page_class->apply_async = data_page_apply_async;
  page_class->show_error = data_page_show_error;
}

static void
vnt_idse_renew_data_page_init (VntIdseRenewDataPage *self)
{
}

VntPage *
vnt_idse_renew_data_page_new (VntProcedure *procedure,
                              gboolean      practice)
{
  VntIdseRenewDataPage *self;
  GtkWidget *box, *group;

  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_RENEW_DATA_PAGE, "title", _("Company data"), NULL);
  self->controller = g_object_ref (VNT_IDSE_RENEW_CONTROLLER (procedure));
  box = vnt_page_parts_column (VNT_PAGE (self));

  vnt_page_parts_paragraph (box, _("Confirm the data of the company. They come from your certificate and the IMSS; only the e-mail can be changed here."));

  group = vnt_page_parts_group (box, _("Company"), NULL);
  self->name_row = vnt_page_parts_fact_row (group, _("Name, denomination or company name"));
  self->rfc_row = vnt_page_parts_fact_row (group, _("RFC"));
  self->npie_row = vnt_page_parts_fact_row (group, _("NPIE"));

  group = vnt_page_parts_group (box, _("Certificate to renew"), NULL);
  self->number_row = vnt_page_parts_fact_row (group, _("Certificate number"));
  self->validity_row = vnt_page_parts_fact_row (group, _("Validity"));

  group = vnt_page_parts_group (box, _("Contact"), _("The IMSS writes here about your certificate."));
  self->email_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->email_row), _("E-mail"));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->email_row), 254);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->email_row), GTK_INPUT_PURPOSE_EMAIL);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->email_row), TRUE);
  g_signal_connect_swapped (self->email_row, "changed", G_CALLBACK (data_update), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->email_row);

  return VNT_PAGE (self);
}

GtkWidget *
vnt_idse_renew_data_page_get_email_row (VntIdseRenewDataPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_DATA_PAGE (self), NULL);
  return self->email_row;
}

/* ------------------------------------------------------------------ */
/* Send                                                                */

struct _VntIdseRenewSendPage
{
  VntPage                 parent_instance;

  VntIdseRenewController *controller;
  AdwActionRow           *number_row;
  AdwActionRow           *npie_row;
  AdwActionRow           *email_row;
  AdwActionRow           *key_row;
  GtkLabel               *status;
};

G_DEFINE_FINAL_TYPE (VntIdseRenewSendPage, vnt_idse_renew_send_page, VNT_TYPE_PAGE)

static void
send_page_shown (VntPage *page)
{
  VntIdseRenewSendPage *self = VNT_IDSE_RENEW_SEND_PAGE (page);
  VntEfirmaStep *step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (self->controller));
  VntKeygenStep *keygen = vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (self->controller));

  vnt_page_parts_set_fact (self->number_row, vnt_efirma_step_get_certificate_number (step));
  vnt_page_parts_set_fact (self->npie_row, vnt_idse_renew_controller_get_npie (self->controller));
  vnt_page_parts_set_fact (self->email_row, vnt_idse_renew_controller_get_email (self->controller));
  vnt_page_parts_set_fact (self->key_row, vnt_keygen_step_get_path (keygen));
  vnt_page_set_complete (page, TRUE);
}

static void
send_page_apply_async (VntPage             *page,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  VntIdseRenewSendPage *self = VNT_IDSE_RENEW_SEND_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_idse_renew_controller_send_finish);
  vnt_idse_renew_controller_send_async (self->controller, cancellable,
                                        vnt_page_parts_step_done, task);
}

static gboolean
send_page_apply_finish (VntPage       *page,
                        GAsyncResult  *result,
                        GError       **error)
{
  vnt_page_parts_set_status (VNT_IDSE_RENEW_SEND_PAGE (page)->status, NULL, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
send_page_show_error (VntPage      *page,
                      const GError *error)
{
  VntIdseRenewSendPage *self = VNT_IDSE_RENEW_SEND_PAGE (page);
  VntKeygenStep *keygen = vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (self->controller));

  /* The service is out of reach (not a refusal, which says what to do
   * itself): what was made here stays. */
  if ((g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE) ||
       g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_TIMEOUT) ||
       g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_UNAVAILABLE)) &&
      vnt_keygen_step_get_path (keygen) != NULL)
    {
      /* TRANSLATORS: where the new key was saved */
      g_autofree char *text = g_strdup_printf (_("Nothing was lost: your new key stays saved in %s. Send again when the service answers, or close Ventanilla and go on later from the start window."),
                                               vnt_keygen_step_get_path (keygen));

      vnt_page_parts_set_status (self->status, text, FALSE);
    }
  return FALSE;
}

static void
vnt_idse_renew_send_page_dispose (GObject *object)
{
  g_clear_object (&VNT_IDSE_RENEW_SEND_PAGE (object)->controller);
  G_OBJECT_CLASS (vnt_idse_renew_send_page_parent_class)->dispose (object);
}

static void
vnt_idse_renew_send_page_class_init (VntIdseRenewSendPageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_renew_send_page_dispose;
  page_class->shown = send_page_shown;
  page_class->apply_async = send_page_apply_async;
  page_class->apply_finish = send_page_apply_finish;
  page_class->show_error = send_page_show_error;
}

static void
vnt_idse_renew_send_page_init (VntIdseRenewSendPage *self)
{
}

VntPage *
vnt_idse_renew_send_page_new (VntProcedure *procedure,
                              gboolean      practice)
{
  VntIdseRenewSendPage *self;
  GtkWidget *box, *group;

  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_RENEW_SEND_PAGE, "title", _("Send the renewal"),
                       "next-label", _("_Send renewal"), NULL);
  self->controller = g_object_ref (VNT_IDSE_RENEW_CONTROLLER (procedure));
  box = vnt_page_parts_column (VNT_PAGE (self));

  vnt_page_parts_paragraph (box, _("The renewal goes signed with the certificate you are renewing, with the public half of the new key; the key itself never leaves this computer. Then you sign the letter with the same certificate, and the IMSS issues the new one at once."));

  group = vnt_page_parts_group (box, _("Renewal"), NULL);
  self->number_row = vnt_page_parts_fact_row (group, _("Certificate to renew"));
  self->npie_row = vnt_page_parts_fact_row (group, _("NPIE"));
  self->email_row = vnt_page_parts_fact_row (group, _("E-mail"));
  self->key_row = vnt_page_parts_fact_row (group, _("New private key"));
  self->status = vnt_page_parts_status (box);

  return VNT_PAGE (self);
}

/* ------------------------------------------------------------------ */
/* The carta, signed again                                             */

struct _VntIdseRenewSignPage
{
  VntPage                 parent_instance;

  VntIdseRenewController *controller;
  GtkLabel               *carta_title;
  AdwActionRow           *number_row;
  AdwActionRow           *pfx_row;
  GtkLabel               *status;
};

G_DEFINE_FINAL_TYPE (VntIdseRenewSignPage, vnt_idse_renew_sign_page, VNT_TYPE_PAGE)

static void
sign_page_shown (VntPage *page)
{
  VntIdseRenewSignPage *self = VNT_IDSE_RENEW_SIGN_PAGE (page);
  VntCarta *carta = vnt_idse_renew_controller_get_carta (self->controller);
  const char *path = vnt_idse_renew_controller_get_signature_path (self->controller);
  VntCertificate *certificate = vnt_idse_renew_controller_get_new_certificate (self->controller);

  gtk_label_set_text (self->carta_title, carta != NULL ? vnt_carta_get_title (carta) : "");
  vnt_page_parts_set_fact (self->number_row, certificate != NULL ? vnt_certificate_get_number (certificate) : NULL);
  vnt_page_parts_set_fact (self->pfx_row, vnt_pfx_step_get_path (vnt_idse_renew_controller_get_pfx_step (self->controller)));
  if (path != NULL)
    {
      /* TRANSLATORS: where the signed letter was saved */
      g_autofree char *text = g_strdup_printf (_("Signed. The signature was saved in %s."), path);

      vnt_page_parts_set_status (self->status, text, FALSE);
    }
  vnt_page_set_complete (page, carta != NULL || path != NULL);
}

static void
sign_page_apply_async (VntPage             *page,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  VntIdseRenewSignPage *self = VNT_IDSE_RENEW_SIGN_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_idse_renew_controller_sign_again_finish);
  vnt_idse_renew_controller_sign_again_async (self->controller, cancellable,
                                              vnt_page_parts_step_done, task);
}

static void
vnt_idse_renew_sign_page_dispose (GObject *object)
{
  g_clear_object (&VNT_IDSE_RENEW_SIGN_PAGE (object)->controller);
  G_OBJECT_CLASS (vnt_idse_renew_sign_page_parent_class)->dispose (object);
}

static void
vnt_idse_renew_sign_page_class_init (VntIdseRenewSignPageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_renew_sign_page_dispose;
  page_class->shown = sign_page_shown;
  page_class->apply_async = sign_page_apply_async;
}

static void
vnt_idse_renew_sign_page_init (VntIdseRenewSignPage *self)
{
}

VntPage *
vnt_idse_renew_sign_page_new (VntProcedure *procedure,
                              gboolean      practice)
{
  VntIdseRenewSignPage *self;
  GtkWidget *box, *group;

  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_RENEW_SIGN_PAGE, "title", _("Sign with the new certificate"),
                       "next-label", _("_Sign with the new certificate"), NULL);
  self->controller = g_object_ref (VNT_IDSE_RENEW_CONTROLLER (procedure));
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
  box = vnt_page_parts_column (VNT_PAGE (self));

  self->carta_title = vnt_page_parts_heading (box);
  vnt_page_parts_paragraph (box, _("You signed this letter with the certificate that expired. Now sign it again with the NEW certificate: it shows that the new certificate and its key work together. The signature is saved beside the .pfx."));
  group = vnt_page_parts_group (box, _("Signed with"), NULL);
  self->number_row = vnt_page_parts_fact_row (group, _("Certificate number"));
  self->pfx_row = vnt_page_parts_fact_row (group, _("Certificate file (.pfx)"));
  self->status = vnt_page_parts_status (box);

  return VNT_PAGE (self);
}

/* ------------------------------------------------------------------ */
/* Carta de Condiciones de Uso                                         */

struct _VntIdseRenewConditionsPage
{
  VntPage                 parent_instance;

  VntIdseRenewController *controller;
  GCancellable           *cancellable;
  GtkLabel               *success;
  GtkLabel               *carta_title;
  GtkTextView            *text_view;
  GtkWidget              *accept_check;
};

G_DEFINE_FINAL_TYPE (VntIdseRenewConditionsPage, vnt_idse_renew_conditions_page, VNT_TYPE_PAGE)

static void
conditions_complete (VntIdseRenewConditionsPage *self)
{
  gboolean accepted = vnt_idse_renew_controller_get_conditions_accepted_at (self->controller) != NULL;

  vnt_page_set_complete (VNT_PAGE (self),
                         accepted || (vnt_idse_renew_controller_get_conditions (self->controller) != NULL &&
                                      gtk_check_button_get_active (GTK_CHECK_BUTTON (self->accept_check))));
}

static void
conditions_update (VntIdseRenewConditionsPage *self)
{
  VntCarta *carta = vnt_idse_renew_controller_get_conditions (self->controller);
  gboolean accepted = vnt_idse_renew_controller_get_conditions_accepted_at (self->controller) != NULL;

  gtk_label_set_text (self->carta_title, carta != NULL ? vnt_carta_get_title (carta) : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            carta != NULL ? vnt_carta_get_text (carta) : "", -1);
  gtk_widget_set_sensitive (self->accept_check, carta != NULL && !accepted);
  conditions_complete (self);
}

static void
conditions_fetched_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(VntIdseRenewConditionsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vnt_idse_renew_controller_fetch_conditions_finish (VNT_IDSE_RENEW_CONTROLLER (object), result, &error))
    {
      if (self->controller != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-error", "s", error->message);
      return;
    }
  conditions_update (self);
}

static void
conditions_page_shown (VntPage *page)
{
  VntIdseRenewConditionsPage *self = VNT_IDSE_RENEW_CONDITIONS_PAGE (page);

  conditions_update (self);
  if (vnt_idse_renew_controller_get_conditions (self->controller) == NULL)
    vnt_idse_renew_controller_fetch_conditions_async (self->controller, self->cancellable,
                                                      conditions_fetched_cb, g_object_ref (self));
}

static void
conditions_page_apply_async (VntPage             *page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VntIdseRenewConditionsPage *self = VNT_IDSE_RENEW_CONDITIONS_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  vnt_page_parts_step (task,
                       (VntPagePartsFinish) vnt_idse_renew_controller_accept_conditions_finish);
  vnt_idse_renew_controller_accept_conditions_async (self->controller, cancellable,
                                                     vnt_page_parts_step_done, task);
}

static void
vnt_idse_renew_conditions_page_dispose (GObject *object)
{
  VntIdseRenewConditionsPage *self = VNT_IDSE_RENEW_CONDITIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->controller);
  G_OBJECT_CLASS (vnt_idse_renew_conditions_page_parent_class)->dispose (object);
}

static void
vnt_idse_renew_conditions_page_class_init (VntIdseRenewConditionsPageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_renew_conditions_page_dispose;
  page_class->shown = conditions_page_shown;
  page_class->apply_async = conditions_page_apply_async;
}

static void
vnt_idse_renew_conditions_page_init (VntIdseRenewConditionsPage *self)
{
  self->cancellable = g_cancellable_new ();
}

VntPage *
vnt_idse_renew_conditions_page_new (VntProcedure *procedure,
                                    gboolean      practice)
{
  VntIdseRenewConditionsPage *self;
  GtkWidget *box, *label, *frame, *scrolled, *view;

  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_RENEW_CONDITIONS_PAGE,
                       "title", _("Sign the conditions of use"),
                       "next-label", _("_Sign"), NULL);
  self->controller = g_object_ref (VNT_IDSE_RENEW_CONTROLLER (procedure));
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
  box = vnt_page_parts_column (VNT_PAGE (self));

  /* What IMSS says once the new certificate works. */
  label = g_object_new (GTK_TYPE_LABEL, "label", _("Se ha generado exitosamente su Certificado Digital."),
                        "wrap", TRUE, "xalign", 0.0f, "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, NULL);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_add_css_class (label, "success");
  self->success = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (box), label);
  vnt_page_parts_paragraph (box, _("As the IMSS asks at the next login, read the Carta de Condiciones de Uso and sign it with your new certificate."));

  self->carta_title = vnt_page_parts_heading (box);

  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  g_object_set (view, "top-margin", 12, "bottom-margin", 12, "left-margin", 12, "right-margin", 12, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Carta de Condiciones de Uso"), -1);
  self->text_view = GTK_TEXT_VIEW (view);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  frame = gtk_frame_new (NULL);
  gtk_widget_set_vexpand (frame, TRUE);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_box_append (GTK_BOX (box), frame);

  self->accept_check = gtk_check_button_new_with_mnemonic (_("I have _read the letter and accept it"));
  g_signal_connect_swapped (self->accept_check, "toggled", G_CALLBACK (conditions_complete), self);
  gtk_box_append (GTK_BOX (box), self->accept_check);

  return VNT_PAGE (self);
}

GtkWidget *
vnt_idse_renew_conditions_page_get_accept_check (VntIdseRenewConditionsPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONDITIONS_PAGE (self), NULL);
  return self->accept_check;
}

const char *
vnt_idse_renew_conditions_page_get_success (VntIdseRenewConditionsPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONDITIONS_PAGE (self), NULL);
  return gtk_label_get_text (self->success);
}

/* ------------------------------------------------------------------ */
/* Under the acuse                                                     */

typedef struct {
  VntIdseRenewController *controller;
  VntCertificateRows      facts;
  AdwActionRow           *pfx_row;
  AdwActionRow           *signature_row;
  AdwActionRow           *conditions_row;
} Summary;

static void
summary_free (Summary *summary)
{
  g_clear_object (&summary->controller);
  g_free (summary);
}

static void
summary_refresh (GtkWidget *group)
{
  Summary *summary = g_object_get_data (G_OBJECT (group), "vnt-summary");
  VntPfxStep *pfx = vnt_idse_renew_controller_get_pfx_step (summary->controller);
  const char *accepted = vnt_idse_renew_controller_get_conditions_accepted_at (summary->controller);

  vnt_certificate_rows_show (&summary->facts,
                             vnt_idse_renew_controller_get_new_certificate (summary->controller));
  vnt_page_parts_set_fact (summary->pfx_row, vnt_pfx_step_get_path (pfx));
  vnt_page_parts_set_fact (summary->signature_row, vnt_idse_renew_controller_get_signature_path (summary->controller));
  vnt_page_parts_set_fact (summary->conditions_row, accepted != NULL ? _("Signed with the new certificate") : NULL);
}

GtkWidget *
vnt_idse_renew_summary_new (VntProcedure *procedure,
                            gboolean      practice)
{
  GtkWidget *group = adw_preferences_group_new ();
  Summary *summary = g_new0 (Summary, 1);

  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (procedure), NULL);

  summary->controller = g_object_ref (VNT_IDSE_RENEW_CONTROLLER (procedure));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Your new IDSE certificate"));
  summary->facts.number_row = vnt_page_parts_fact_row (group, _("Certificate number"));
  summary->facts.validity_row = vnt_page_parts_fact_row (group, _("Valid"));
  summary->pfx_row = vnt_page_parts_fact_row (group, _("Certificate file (.pfx)"));
  summary->signature_row = vnt_page_parts_fact_row (group, _("Letter signed with the new certificate"));
  summary->conditions_row = vnt_page_parts_fact_row (group, _("Carta de Condiciones de Uso"));
  g_object_set_data_full (G_OBJECT (group), "vnt-summary", summary, (GDestroyNotify) summary_free);
  g_signal_connect (group, "map", G_CALLBACK (summary_refresh), NULL);
  return group;
}
