/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/procedures/sat-efirma-renew/vnt-efirma-renew-controller.h"
#include "ui/pages/vnt-page-parts.h"
#include "vnt-efirma-renew-page.h"

struct _VntEfirmaRenewPage
{
  VntPage                   parent_instance;

  AdwActionRow             *signer_row;
  AdwComboRow              *whose_row;
  AdwEntryRow              *company_rfc_row;
  AdwEntryRow              *email_row;
  VntNewKeyBox             *key_box;

  VntEfirmaRenewController *controller;
};

G_DEFINE_FINAL_TYPE (VntEfirmaRenewPage, vnt_efirma_renew_page, VNT_TYPE_PAGE)

static gboolean
for_company (VntEfirmaRenewPage *self)
{
  return adw_combo_row_get_selected (self->whose_row) == 1;
}

static void
update_complete (VntEfirmaRenewPage *self)
{
  VntProcedure *procedure = VNT_PROCEDURE (self->controller);
  const char   *company = gtk_editable_get_text (GTK_EDITABLE (self->company_rfc_row));
  gboolean      complete = !vnt_procedure_get_busy (procedure) &&
                      *gtk_editable_get_text (GTK_EDITABLE (self->email_row)) != '\0' &&
                      (!for_company (self) || *company != '\0') &&
                      vnt_new_key_box_get_filled (self->key_box);

  vnt_page_set_complete (VNT_PAGE (self), complete || vnt_procedure_get_done (procedure));
}

/* Hands the fields to the controller; marks the wrong ones when @mark
 * (a half-typed one only once it is long enough). */
static gboolean
push_fields (VntEfirmaRenewPage *self,
             gboolean            mark_all)
{
  const char *company = gtk_editable_get_text (GTK_EDITABLE (self->company_rfc_row));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  g_autoptr(GError) company_error = NULL;
  g_autoptr(GError) email_error = NULL;
  gboolean company_ok, email_ok;

  company_ok = vnt_efirma_renew_controller_set_company_rfc (self->controller, for_company (self) ? company : NULL,
                                                            &company_error);
  email_ok = vnt_efirma_renew_controller_set_email (self->controller, email, &email_error);

  vnt_page_mark_invalid (GTK_WIDGET (self->company_rfc_row),
                         !company_ok && (mark_all || strlen (company) >= 12) ? company_error->message : NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->email_row),
                         !email_ok && (mark_all || strchr (email, '@') != NULL) ? email_error->message : NULL);
  if (!company_ok && mark_all)
    gtk_widget_grab_focus (GTK_WIDGET (self->company_rfc_row));
  else if (!email_ok && mark_all)
    gtk_widget_grab_focus (GTK_WIDGET (self->email_row));

  return company_ok && email_ok;
}

static void
field_changed_cb (VntEfirmaRenewPage *self)
{
  push_fields (self, FALSE);
  vnt_new_key_box_rate (self->key_box);
  update_complete (self);
}

static void
whose_changed_cb (VntEfirmaRenewPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->company_rfc_row), for_company (self));
  field_changed_cb (self);
}

static void
vnt_efirma_renew_page_apply_async (VntPage             *page,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VntEfirmaRenewPage *self = VNT_EFIRMA_RENEW_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_efirma_renew_page_apply_async);

  if (vnt_procedure_get_done (VNT_PROCEDURE (self->controller)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!push_fields (self, TRUE))
    {
      g_autoptr(GError) error = NULL;

      if (for_company (self))
        vnt_efirma_renew_controller_set_company_rfc (self->controller,
                                                     gtk_editable_get_text (GTK_EDITABLE (self->company_rfc_row)),
                                                     &error);
      if (error == NULL)
        vnt_efirma_renew_controller_set_email (self->controller,
                                               gtk_editable_get_text (GTK_EDITABLE (self->email_row)), &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  vnt_new_key_box_write (self->key_box, g_steal_pointer (&task));
  update_complete (self);
}

static gboolean
vnt_efirma_renew_page_apply_finish (VntPage      *page,
                                    GAsyncResult *result,
                                    GError      **error)
{
  VntEfirmaRenewPage *self = VNT_EFIRMA_RENEW_PAGE (page);
  gboolean            ok = vnt_new_key_box_apply_finish (self->key_box, result, error);

  update_complete (self);
  return ok;
}

static gboolean
vnt_efirma_renew_page_show_error (VntPage      *page,
                                  const GError *error)
{
  VntEfirmaRenewPage *self = VNT_EFIRMA_RENEW_PAGE (page);

  vnt_new_key_box_show_error (self->key_box, error);
  /* The assistant says it too, under the page. */
  return FALSE;
}

static void
vnt_efirma_renew_page_shown (VntPage *page)
{
  VntEfirmaRenewPage *self = VNT_EFIRMA_RENEW_PAGE (page);
  VntEfirmaStep *step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (self->controller));
  VntCertificate *certificate = vnt_efirma_step_get_certificate (step);
  const char *email = vnt_efirma_renew_controller_get_email (self->controller);

  if (certificate != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (vnt_certificate_get_not_after (certificate));
      g_autofree char *date = g_date_time_format (local, "%d/%m/%Y");
      /* TRANSLATORS: the holder's name, RFC and the e.firma's expiry date */
      g_autofree char *subtitle = g_strdup_printf (_("%s (%s), valid until %s"),
                                                   vnt_efirma_step_get_name (step),
                                                   vnt_efirma_step_get_rfc (step), date);

      adw_action_row_set_subtitle (self->signer_row, subtitle);
    }
  vnt_page_parts_prefill (GTK_EDITABLE (self->email_row), email);
  vnt_new_key_box_rate (self->key_box);
  update_complete (self);
}

static void
vnt_efirma_renew_page_dispose (GObject *object)
{
  VntEfirmaRenewPage *self = VNT_EFIRMA_RENEW_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_EFIRMA_RENEW_PAGE);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_efirma_renew_page_parent_class)->dispose (object);
}

static void
vnt_efirma_renew_page_class_init (VntEfirmaRenewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_efirma_renew_page_dispose;
  page_class->apply_async = vnt_efirma_renew_page_apply_async;
  page_class->apply_finish = vnt_efirma_renew_page_apply_finish;
  page_class->show_error = vnt_efirma_renew_page_show_error;
  page_class->shown = vnt_efirma_renew_page_shown;

  g_type_ensure (VNT_TYPE_NEW_KEY_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-efirma-renew-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRenewPage, signer_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRenewPage, whose_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRenewPage, company_rfc_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRenewPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRenewPage, key_box);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, whose_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_complete);
}

static void
vnt_efirma_renew_page_init (VntEfirmaRenewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VntPage *
vnt_efirma_renew_page_new (VntProcedure *procedure)
{
  VntEfirmaRenewPage *self;

  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_EFIRMA_RENEW_PAGE,
                       "title", _("Renovación"),
                       "next-label", _("_Generate renewal"),
                       NULL);
  self->controller = g_object_ref (VNT_EFIRMA_RENEW_CONTROLLER (procedure));
  vnt_new_key_box_set_procedure (self->key_box, VNT_SAT_LOCAL (procedure));
  g_signal_connect_object (procedure, "notify::busy", G_CALLBACK (update_complete), self, G_CONNECT_SWAPPED);
  return VNT_PAGE (self);
}

VntNewKeyBox *
vnt_efirma_renew_page_get_key_box (VntEfirmaRenewPage *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_RENEW_PAGE (self), NULL);
  return self->key_box;
}
