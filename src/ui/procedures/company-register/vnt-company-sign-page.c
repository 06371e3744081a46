/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-page-parts.h"
#include "ui/vnt-ui.h"
#include "vnt-company-sign-page.h"

struct _VntCompanySignPage
{
  VntPage                       parent_instance;

  GtkCheckButton               *accept_check;
  GtkWidget                    *accept_label;
  GtkWidget                    *carta_button;
  GtkLabel                     *company_label;
  GtkWidget                    *company_button;
  GtkWidget                    *representative_label;

  VntCompanyRegisterController *controller;
  VntTramiteFlow               *flow;
  GCancellable                 *cancellable;
  gboolean                      signing;
};

G_DEFINE_FINAL_TYPE (VntCompanySignPage, vnt_company_sign_page, VNT_TYPE_PAGE)

static void
update_cb (VntCompanySignPage *self)
{
  gboolean terms = self->flow != NULL && vnt_tramite_flow_get_terms (self->flow) != NULL;
  gboolean accepted = gtk_check_button_get_active (self->accept_check);
  gboolean signed_ = self->controller != NULL && vnt_company_register_controller_get_company_signed (self->controller);
  const char *company = self->controller != NULL
                        ? vnt_company_register_controller_get_razon_social (self->controller) : NULL;
  g_autofree char *text = NULL;

  if (self->controller == NULL)
    return;

  if (signed_)
    text = g_strdup_printf (_("%s signed with its e.firma."), company != NULL ? company : "");
  else
    text = g_strdup_printf (_("First the company, %s, signs with its e.firma."), company != NULL ? company : "");
  gtk_label_set_text (self->company_label, text);

  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_check), terms && !signed_);
  gtk_widget_set_sensitive (self->carta_button, terms);
  gtk_widget_set_visible (self->company_button, !signed_);
  gtk_widget_set_sensitive (self->company_button, terms && accepted && !self->signing);
  gtk_widget_set_visible (self->representative_label, signed_);
  vnt_page_set_complete (VNT_PAGE (self), terms && accepted && signed_);
}

static void
carta_clicked_cb (VntCompanySignPage *self)
{
  VntCarta *carta = vnt_tramite_flow_get_terms (self->flow);
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *label;

  if (carta == NULL)
    return;

  dialog = adw_message_dialog_new (vnt_ui_get_window (GTK_WIDGET (self)),
                                   vnt_carta_get_title (carta), NULL);
  label = vnt_page_parts_wrapped_label (vnt_carta_get_text (carta));
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
company_signed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VntCompanySignPage) self = user_data;
  g_autoptr(GError) error = NULL;

  vnt_company_register_controller_company_sign_finish (VNT_COMPANY_REGISTER_CONTROLLER (object), result, &error);
  if (self->controller == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->signing = FALSE;
  if (error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-error", "s", error->message);
  update_cb (self);
}

static void
company_clicked_cb (VntCompanySignPage *self)
{
  vnt_ui_restart_cancellable (&self->cancellable);
  self->signing = TRUE;
  update_cb (self);
  vnt_company_register_controller_company_sign_async (self->controller, self->cancellable,
                                                      company_signed_cb, g_object_ref (self));
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VntCompanySignPage) self = user_data;
  g_autoptr(VntCarta) carta = NULL;
  g_autoptr(GError) error = NULL;

  carta = vnt_tramite_flow_fetch_terms_finish (VNT_TRAMITE_FLOW (object), result, &error);
  if (self->controller == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (carta == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-error", "s", error->message);
  update_cb (self);
}

static void
vnt_company_sign_page_shown (VntPage *page)
{
  VntCompanySignPage *self = VNT_COMPANY_SIGN_PAGE (page);

  /* A resumed trámite signed by the company had its box ticked. */
  if (vnt_company_register_controller_get_company_signed (self->controller))
    gtk_check_button_set_active (self->accept_check, TRUE);

  if (vnt_tramite_flow_get_terms (self->flow) == NULL &&
      g_strcmp0 (vnt_procedure_get_step (VNT_PROCEDURE (self->controller)), VNT_COMPANY_STEP_ATTACHED) == 0)
    {
      vnt_ui_restart_cancellable (&self->cancellable);
      vnt_tramite_flow_fetch_terms_async (self->flow, self->cancellable, fetch_cb, g_object_ref (self));
    }
  update_cb (self);
}

static void
vnt_company_sign_page_apply_async (VntPage             *page,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VntCompanySignPage *self = VNT_COMPANY_SIGN_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_company_sign_page_apply_async);
  vnt_page_parts_finalize (self->flow, task);
}

static void
vnt_company_sign_page_dispose (GObject *object)
{
  VntCompanySignPage *self = VNT_COMPANY_SIGN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_COMPANY_SIGN_PAGE);
  g_clear_object (&self->controller);
  g_clear_object (&self->flow);

  G_OBJECT_CLASS (vnt_company_sign_page_parent_class)->dispose (object);
}

static void
vnt_company_sign_page_class_init (VntCompanySignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_company_sign_page_dispose;
  page_class->apply_async = vnt_company_sign_page_apply_async;
  page_class->shown = vnt_company_sign_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-company-sign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntCompanySignPage, accept_check);
  gtk_widget_class_bind_template_child (widget_class, VntCompanySignPage, accept_label);
  gtk_widget_class_bind_template_child (widget_class, VntCompanySignPage, carta_button);
  gtk_widget_class_bind_template_child (widget_class, VntCompanySignPage, company_label);
  gtk_widget_class_bind_template_child (widget_class, VntCompanySignPage, company_button);
  gtk_widget_class_bind_template_child (widget_class, VntCompanySignPage, representative_label);
  gtk_widget_class_bind_template_callback (widget_class, update_cb);
  gtk_widget_class_bind_template_callback (widget_class, carta_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, company_clicked_cb);
}

static void
vnt_company_sign_page_init (VntCompanySignPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its words are in a wrapping child label: named by it, once. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->accept_check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->accept_label, NULL,
                                  -1);
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
}

VntPage *
vnt_company_sign_page_new (VntCompanyRegisterController *controller)
{
  VntCompanySignPage *self;

  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (controller), NULL);

  self = g_object_new (VNT_TYPE_COMPANY_SIGN_PAGE,
                       "title", _("Signatures"),
                       "next-label", _("_Firmar con FIEL"),
                       NULL);
  self->controller = g_object_ref (controller);
  self->flow = g_object_ref (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (controller)));

  return VNT_PAGE (self);
}

gboolean
vnt_company_sign_page_get_waiting_for_representative (VntCompanySignPage *self)
{
  g_return_val_if_fail (VNT_IS_COMPANY_SIGN_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->representative_label);
}
