/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-poder-page.h"

struct _VntPoderPage
{
  VntPage                       parent_instance;

  GtkBox                       *box;
  VntPdfAttachmentRow          *rows[VNT_PODER_N_ATTACHMENTS];

  VntCompanyRegisterController *controller;
};

G_DEFINE_FINAL_TYPE (VntPoderPage, vnt_poder_page, VNT_TYPE_PAGE)

/* A row is ready with a good file checked, or with none when the service
 * already has the one saved (resumed after "Adjuntar"). */
static gboolean
row_ready (VntPoderPage       *self,
           VntPoderAttachment  which)
{
  VntPdfAttachment *attachment = vnt_pdf_attachment_row_get_attachment (self->rows[which]);

  if (vnt_pdf_attachment_row_get_checking (self->rows[which]))
    return FALSE;
  if (attachment != NULL)
    return TRUE;
  return vnt_pdf_attachment_row_get_message (self->rows[which]) == NULL &&
         vnt_company_register_controller_get_attachment_uploaded (self->controller, which);
}

static void
row_changed_cb (VntPoderPage *self)
{
  gboolean complete = TRUE;

  if (self->controller == NULL)
    return;

  for (guint which = 0; which < VNT_PODER_N_ATTACHMENTS; which++)
    {
      VntPdfAttachment *attachment = vnt_pdf_attachment_row_get_attachment (self->rows[which]);

      /* A good file checked (chosen, or the saved one again on resume)
       * is the one to send. */
      if (attachment != NULL)
        vnt_company_register_controller_set_attachment (self->controller, which, attachment);

      complete = complete && row_ready (self, which);
    }

  vnt_page_set_complete (VNT_PAGE (self), complete);
}

static void
vnt_poder_page_shown (VntPage *page)
{
  VntPoderPage *self = VNT_PODER_PAGE (page);

  /* Resumed: the files saved are checked again, against their digest. */
  for (guint which = 0; which < VNT_PODER_N_ATTACHMENTS; which++)
    {
      const char *path = vnt_company_register_controller_get_attachment_path (self->controller, which);

      if (path != NULL && vnt_pdf_attachment_row_get_attachment (self->rows[which]) == NULL &&
          !vnt_pdf_attachment_row_get_checking (self->rows[which]) &&
          vnt_pdf_attachment_row_get_message (self->rows[which]) == NULL)
        vnt_pdf_attachment_row_set_path (self->rows[which], path,
                                         vnt_company_register_controller_get_attachment_sha256 (self->controller, which));
    }

  row_changed_cb (self);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntPoderPage *self = g_task_get_source_object (task);
  VntPoderAttachment failed = VNT_PODER_N_ATTACHMENTS;
  GError *error = NULL;

  if (!vnt_company_register_controller_upload_finish (VNT_COMPANY_REGISTER_CONTROLLER (object), result,
                                                      &failed, &error))
    {
      /* The service's refusal of one file is said beside it. */
      if (failed < VNT_PODER_N_ATTACHMENTS && self->controller != NULL &&
          (error->domain == VNT_ATTACHMENT_ERROR ||
           g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_A_PDF) ||
           g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_ATTACHMENT_TOO_LARGE) ||
           g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_ATTACHMENT_EMPTY) ||
           g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_UNSUPPORTED_MEDIA_TYPE)))
        {
          vnt_pdf_attachment_row_show_error (self->rows[failed], error);
          vnt_company_register_controller_set_attachment (self->controller, failed, NULL);
        }
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
vnt_poder_page_apply_async (VntPage             *page,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  VntPoderPage *self = VNT_PODER_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_poder_page_apply_async);
  vnt_company_register_controller_upload_async (self->controller, cancellable, upload_cb, task);
}

static gboolean
vnt_poder_page_show_error (VntPage      *page,
                           const GError *error)
{
  /* Shown beside its file already (see upload_cb). */
  return error->domain == VNT_ATTACHMENT_ERROR ||
         g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_A_PDF) ||
         g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_ATTACHMENT_TOO_LARGE) ||
         g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_ATTACHMENT_EMPTY) ||
         g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_UNSUPPORTED_MEDIA_TYPE);
}

static void
vnt_poder_page_dispose (GObject *object)
{
  VntPoderPage *self = VNT_PODER_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_PODER_PAGE);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_poder_page_parent_class)->dispose (object);
}

static void
vnt_poder_page_class_init (VntPoderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_poder_page_dispose;
  page_class->apply_async = vnt_poder_page_apply_async;
  page_class->show_error = vnt_poder_page_show_error;
  page_class->shown = vnt_poder_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-poder-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntPoderPage, box);
}

static void
vnt_poder_page_init (VntPoderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows[VNT_PODER_PORTADA] =
    VNT_PDF_ATTACHMENT_ROW (vnt_pdf_attachment_row_new (_("Cover of the poder notarial"),
                                                        _("The first page, where the notary and the deed number show. PDF, at most 1024 KB."),
                                                        _("Choose the _cover…")));
  self->rows[VNT_PODER_ULTIMA_HOJA] =
    VNT_PDF_ATTACHMENT_ROW (vnt_pdf_attachment_row_new (_("Last page of the poder notarial"),
                                                        _("The page with the notary’s signature and seal. PDF, at most 1024 KB."),
                                                        _("Choose the _last page…")));
  for (guint which = 0; which < VNT_PODER_N_ATTACHMENTS; which++)
    {
      gtk_box_append (self->box, GTK_WIDGET (self->rows[which]));
      g_signal_connect_object (self->rows[which], "notify::attachment", G_CALLBACK (row_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->rows[which], "notify::checking", G_CALLBACK (row_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

VntPage *
vnt_poder_page_new (VntCompanyRegisterController *controller)
{
  VntPoderPage *self;

  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (controller), NULL);

  self = g_object_new (VNT_TYPE_PODER_PAGE,
                       "title", _("Poder notarial"),
                       "next-label", _("_Attach"),
                       NULL);
  self->controller = g_object_ref (controller);

  return VNT_PAGE (self);
}

VntPdfAttachmentRow *
vnt_poder_page_get_row (VntPoderPage       *self,
                        VntPoderAttachment  which)
{
  g_return_val_if_fail (VNT_IS_PODER_PAGE (self), NULL);
  g_return_val_if_fail ((guint) which < VNT_PODER_N_ATTACHMENTS, NULL);

  return self->rows[which];
}
