/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-contact-page.h"

struct _VntContactPage
{
  VntPage                     parent_instance;

  AdwEntryRow                *email_row;
  AdwEntryRow                *phone_row;
  GtkLabel                   *message_label;

  VntHasContact              *controller;
};

G_DEFINE_FINAL_TYPE (VntContactPage, vnt_contact_page, VNT_TYPE_PAGE)

static void
show_message (VntContactPage *self,
              GtkWidget      *field,
              const char     *message)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->email_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->phone_row), NULL);
  if (field != NULL)
    vnt_page_mark_invalid (field, message);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
changed_cb (VntContactPage *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

  show_message (self, NULL, NULL);
  vnt_page_set_complete (VNT_PAGE (self), strchr (email, '@') != NULL);
}

static void
activated_cb (VntContactPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
authenticate_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!vnt_has_contact_submit_finish (VNT_HAS_CONTACT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
vnt_contact_page_apply_async (VntPage             *page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VntContactPage *self = VNT_CONTACT_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, vnt_contact_page_apply_async);

  /* Authenticated before a resume. */
  if (vnt_procedure_has_reached (VNT_PROCEDURE (self->controller), VNT_TRAMITE_STEP_REVIEW))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!vnt_has_contact_set_email (self->controller,
                                                gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                                                &error)
      || !vnt_has_contact_set_phone (self->controller,
                                                   gtk_editable_get_text (GTK_EDITABLE (self->phone_row)),
                                                   &error))
    {
      g_task_return_error (task, error);
      return;
    }

  vnt_has_contact_submit_async (self->controller, cancellable, authenticate_cb, g_steal_pointer (&task));
}

static gboolean
vnt_contact_page_apply_finish (VntPage       *page,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
vnt_contact_page_show_error (VntPage      *page,
                             const GError *error)
{
  VntContactPage *self = VNT_CONTACT_PAGE (page);

  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL))
    show_message (self, GTK_WIDGET (self->email_row), error->message);
  else if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_PHONE))
    show_message (self, GTK_WIDGET (self->phone_row), error->message);
  else
    return FALSE;

  return TRUE;
}

static void
vnt_contact_page_shown (VntPage *page)
{
  VntContactPage *self = VNT_CONTACT_PAGE (page);
  const char *email = vnt_has_contact_get_email (self->controller);
  const char *phone = vnt_has_contact_get_phone (self->controller);

  if (email != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->email_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  if (phone != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->phone_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone);
}

static void
vnt_contact_page_dispose (GObject *object)
{
  VntContactPage *self = VNT_CONTACT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_CONTACT_PAGE);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_contact_page_parent_class)->dispose (object);
}

static void
vnt_contact_page_class_init (VntContactPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_contact_page_dispose;
  page_class->apply_async = vnt_contact_page_apply_async;
  page_class->apply_finish = vnt_contact_page_apply_finish;
  page_class->show_error = vnt_contact_page_show_error;
  page_class->shown = vnt_contact_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-contact-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntContactPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, VntContactPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, VntContactPage, message_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);
}

static void
vnt_contact_page_init (VntContactPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VntPage *
vnt_contact_page_new (VntProcedure *procedure)
{
  VntContactPage *self;

  g_return_val_if_fail (VNT_IS_HAS_CONTACT (procedure), NULL);

  self = g_object_new (VNT_TYPE_CONTACT_PAGE,
                       "title", _("How to reach you"),
                       "next-label", _("_Authenticate"),
                       NULL);
  self->controller = g_object_ref (VNT_HAS_CONTACT (procedure));

  return VNT_PAGE (self);
}

const char *
vnt_contact_page_get_message (VntContactPage *self)
{
  g_return_val_if_fail (VNT_IS_CONTACT_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : NULL;
}
