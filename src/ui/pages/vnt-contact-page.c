/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-page-parts.h"
#include "vnt-contact-page.h"

/* As on the CURP page: long enough not to scold every keystroke. */
#define CHECK_DELAY_MS 400

/* A problem already shown at its field: the assistant says nothing more. */
#define SHOWN_ERROR (g_quark_from_static_string ("vnt-contact-page-shown"))

struct _VntContactPage
{
  VntPage                     parent_instance;

  AdwEntryRow                *email_row;
  GtkLabel                   *email_message;
  AdwEntryRow                *phone_row;
  GtkLabel                   *phone_message;

  VntHasContact              *controller;
  guint                       check_id;
};

G_DEFINE_FINAL_TYPE (VntContactPage, vnt_contact_page, VNT_TYPE_PAGE)

/* Each field's problem under that field, and only there. */
static void
show_field_message (GtkWidget  *field,
                    GtkLabel   *label,
                    const char *message)
{
  vnt_page_mark_invalid (field, message);
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Hands both fields to the controller, which checks (and keeps) them; every
 * problem is shown at its own field. @all: also an empty e-mail (on
 * submit); while typing, an empty field is not a mistake yet. */
static gboolean
check_fields (VntContactPage  *self,
              gboolean         all,
              GError         **first_error)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  g_autoptr(GError) email_error = NULL;
  g_autoptr(GError) phone_error = NULL;

  g_clear_handle_id (&self->check_id, g_source_remove);

  if (all || *email != '\0')
    vnt_has_contact_set_email (self->controller, email, &email_error);
  vnt_has_contact_set_phone (self->controller, phone, &phone_error);

  show_field_message (GTK_WIDGET (self->email_row), self->email_message,
                      email_error != NULL ? email_error->message : NULL);
  show_field_message (GTK_WIDGET (self->phone_row), self->phone_message,
                      phone_error != NULL ? phone_error->message : NULL);

  if (email_error == NULL && phone_error == NULL)
    return TRUE;

  if (first_error != NULL)
    *first_error = g_error_new_literal (SHOWN_ERROR, 0,
                                        email_error != NULL ? email_error->message : phone_error->message);
  return FALSE;
}

/* Authenticated before a resume: the fields are the record's. */
static gboolean
sent (VntContactPage *self)
{
  return vnt_procedure_has_reached (VNT_PROCEDURE (self->controller), VNT_TRAMITE_STEP_REVIEW);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  VntContactPage *self = user_data;

  self->check_id = 0;
  if (!sent (self))
    check_fields (self, FALSE, NULL);

  return G_SOURCE_REMOVE;
}

static void
changed_cb (VntContactPage *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

  /* Checked after a pause; "Autenticar" checks everything at once. */
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
  vnt_page_set_complete (VNT_PAGE (self), *email != '\0');
}

static void
activated_cb (VntContactPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
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

  if (sent (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!check_fields (self, TRUE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_has_contact_submit_finish);
  vnt_has_contact_submit_async (self->controller, cancellable,
                                vnt_page_parts_step_done, g_steal_pointer (&task));
}

static gboolean
vnt_contact_page_show_error (VntPage      *page,
                             const GError *error)
{
  VntContactPage *self = VNT_CONTACT_PAGE (page);

  if (error->domain == SHOWN_ERROR)
    {
      gtk_widget_grab_focus (gtk_widget_get_visible (GTK_WIDGET (self->email_message))
                               ? GTK_WIDGET (self->email_row) : GTK_WIDGET (self->phone_row));
      return TRUE;
    }
  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL))
    show_field_message (GTK_WIDGET (self->email_row), self->email_message, error->message);
  else if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_PHONE))
    show_field_message (GTK_WIDGET (self->phone_row), self->phone_message, error->message);
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

  vnt_page_parts_prefill (GTK_EDITABLE (self->email_row), email);
  vnt_page_parts_prefill (GTK_EDITABLE (self->phone_row), phone);
}

static void
vnt_contact_page_dispose (GObject *object)
{
  VntContactPage *self = VNT_CONTACT_PAGE (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
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
  page_class->show_error = vnt_contact_page_show_error;
  page_class->shown = vnt_contact_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-contact-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntContactPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, VntContactPage, email_message);
  gtk_widget_class_bind_template_child (widget_class, VntContactPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, VntContactPage, phone_message);
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

static const char *
label_message (GtkLabel *label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

const char *
vnt_contact_page_get_email_message (VntContactPage *self)
{
  g_return_val_if_fail (VNT_IS_CONTACT_PAGE (self), NULL);

  return label_message (self->email_message);
}

const char *
vnt_contact_page_get_phone_message (VntContactPage *self)
{
  g_return_val_if_fail (VNT_IS_CONTACT_PAGE (self), NULL);

  return label_message (self->phone_message);
}

gboolean
vnt_contact_page_get_pending (VntContactPage *self)
{
  g_return_val_if_fail (VNT_IS_CONTACT_PAGE (self), FALSE);

  return self->check_id != 0;
}
