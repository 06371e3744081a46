/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/procedures/sat-efirma-request/vnt-efirma-request-controller.h"
#include "ui/pages/vnt-page-parts.h"
#include "vnt-efirma-request-page.h"

struct _VntEfirmaRequestPage
{
  VntPage                     parent_instance;

  AdwComboRow                *persona_row;
  AdwEntryRow                *rfc_row;
  AdwEntryRow                *curp_row;
  AdwEntryRow                *email_row;
  GtkWidget                  *representative_group;
  AdwEntryRow                *representative_rfc_row;
  AdwEntryRow                *representative_curp_row;
  VntNewKeyBox               *key_box;

  VntEfirmaRequestController *controller;
};

G_DEFINE_FINAL_TYPE (VntEfirmaRequestPage, vnt_efirma_request_page, VNT_TYPE_PAGE)

static const char * const field_names[] = {
  VNT_EFIRMA_REQUEST_RFC, VNT_EFIRMA_REQUEST_CURP, VNT_EFIRMA_REQUEST_EMAIL,
  VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC, VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP,
};

GtkWidget *
vnt_efirma_request_page_get_row (VntEfirmaRequestPage *self,
                                 const char           *name)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->rfc_row), GTK_WIDGET (self->curp_row), GTK_WIDGET (self->email_row),
    GTK_WIDGET (self->representative_rfc_row), GTK_WIDGET (self->representative_curp_row),
  };

  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_PAGE (self), NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (g_strcmp0 (field_names[i], name) == 0)
      return rows[i];

  return NULL;
}

/* Long enough to judge: a half-typed RFC is not yet wrong. */
static gboolean
typed_enough (const char *name,
              const char *text)
{
  gsize length = strlen (text);

  if (g_str_equal (name, VNT_EFIRMA_REQUEST_EMAIL))
    return strchr (text, '@') != NULL && strchr (strchr (text, '@'), '.') != NULL;
  if (g_str_has_suffix (name, "curp"))
    return length >= 18;
  /* An RFC: 12 for a company, 13 for a person. */
  return length >= 12;
}

static void
update_complete (VntEfirmaRequestPage *self)
{
  VntProcedure *procedure = VNT_PROCEDURE (self->controller);
  gboolean complete = !vnt_procedure_get_busy (procedure);
  g_auto(GStrv) personal = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (vnt_efirma_request_controller_asks_field (self->controller, field_names[i]))
      complete = complete &&
                 *gtk_editable_get_text (GTK_EDITABLE (vnt_efirma_request_page_get_row (self, field_names[i]))) != '\0';

  complete = complete && vnt_new_key_box_get_filled (self->key_box);
  vnt_page_set_complete (VNT_PAGE (self), complete || vnt_procedure_get_done (procedure));
}

static void
check_row (VntEfirmaRequestPage *self,
           const char           *name)
{
  GtkWidget *row = vnt_efirma_request_page_get_row (self, name);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  if (vnt_efirma_request_controller_set_field (self->controller, name, text, &error) ||
      !typed_enough (name, text))
    vnt_page_mark_invalid (row, NULL);
  else
    vnt_page_mark_invalid (row, error->message);
}

static void
field_changed_cb (VntEfirmaRequestPage *self,
                  GtkEditable          *row)
{
  for (gsize i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (vnt_efirma_request_page_get_row (self, field_names[i]) == GTK_WIDGET (row))
      check_row (self, field_names[i]);

  /* A CURP is checked against its RFC: look again at the other one. */
  if (GTK_WIDGET (row) == GTK_WIDGET (self->rfc_row) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->curp_row)) != '\0')
    check_row (self, VNT_EFIRMA_REQUEST_CURP);
  if (GTK_WIDGET (row) == GTK_WIDGET (self->representative_rfc_row) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->representative_curp_row)) != '\0')
    check_row (self, VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP);

  vnt_new_key_box_rate (self->key_box);
  update_complete (self);
}

static void
persona_changed_cb (VntEfirmaRequestPage *self)
{
  gboolean moral = adw_combo_row_get_selected (self->persona_row) == 1;

  vnt_efirma_request_controller_set_persona_moral (self->controller, moral);
  gtk_widget_set_visible (GTK_WIDGET (self->curp_row), !moral);
  gtk_widget_set_visible (self->representative_group, moral);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rfc_row),
                                 moral ? _("RFC de la persona moral") : _("RFC"));
  if (*gtk_editable_get_text (GTK_EDITABLE (self->rfc_row)) != '\0')
    check_row (self, VNT_EFIRMA_REQUEST_RFC);
  update_complete (self);
}

static void
vnt_efirma_request_page_apply_async (VntPage             *page,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VntEfirmaRequestPage *self = VNT_EFIRMA_REQUEST_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_efirma_request_page_apply_async);

  if (vnt_procedure_get_done (VNT_PROCEDURE (self->controller)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (field_names); i++)
    vnt_efirma_request_controller_set_field (self->controller, field_names[i],
                                             gtk_editable_get_text (GTK_EDITABLE (vnt_efirma_request_page_get_row (self, field_names[i]))),
                                             NULL);

  vnt_new_key_box_write (self->key_box, g_steal_pointer (&task));
  update_complete (self);
}

static gboolean
vnt_efirma_request_page_apply_finish (VntPage      *page,
                                      GAsyncResult *result,
                                      GError      **error)
{
  VntEfirmaRequestPage *self = VNT_EFIRMA_REQUEST_PAGE (page);
  gboolean              ok = vnt_new_key_box_apply_finish (self->key_box, result, error);

  update_complete (self);
  return ok;
}

static gboolean
vnt_efirma_request_page_show_error (VntPage      *page,
                                    const GError *error)
{
  VntEfirmaRequestPage *self = VNT_EFIRMA_REQUEST_PAGE (page);
  const char *bad_field = NULL;
  g_autoptr(GError) field_error = NULL;

  /* A field's problem goes next to it. */
  if (!vnt_efirma_request_controller_check_form (self->controller, &bad_field, &field_error))
    {
      GtkWidget *row = vnt_efirma_request_page_get_row (self, bad_field);

      vnt_page_mark_invalid (row, field_error->message);
      gtk_widget_grab_focus (row);
    }
  else
    vnt_new_key_box_show_error (self->key_box, error);

  /* The assistant says it too, under the page. */
  return FALSE;
}

static void
vnt_efirma_request_page_dispose (GObject *object)
{
  VntEfirmaRequestPage *self = VNT_EFIRMA_REQUEST_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_EFIRMA_REQUEST_PAGE);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_efirma_request_page_parent_class)->dispose (object);
}

static void
vnt_efirma_request_page_class_init (VntEfirmaRequestPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_efirma_request_page_dispose;
  page_class->apply_async = vnt_efirma_request_page_apply_async;
  page_class->apply_finish = vnt_efirma_request_page_apply_finish;
  page_class->show_error = vnt_efirma_request_page_show_error;

  g_type_ensure (VNT_TYPE_NEW_KEY_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-efirma-request-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, persona_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, rfc_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, curp_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, representative_group);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, representative_rfc_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, representative_curp_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaRequestPage, key_box);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, persona_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_complete);
}

static void
vnt_efirma_request_page_init (VntEfirmaRequestPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VntPage *
vnt_efirma_request_page_new (VntProcedure *procedure)
{
  VntEfirmaRequestPage *self;

  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_EFIRMA_REQUEST_PAGE,
                       "title", _("Requerimiento"),
                       "next-label", _("_Generate request"),
                       NULL);
  self->controller = g_object_ref (VNT_EFIRMA_REQUEST_CONTROLLER (procedure));
  vnt_new_key_box_set_procedure (self->key_box, VNT_SAT_LOCAL (procedure));
  g_signal_connect_object (procedure, "notify::busy", G_CALLBACK (update_complete), self, G_CONNECT_SWAPPED);
  return VNT_PAGE (self);
}

VntNewKeyBox *
vnt_efirma_request_page_get_key_box (VntEfirmaRequestPage *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_PAGE (self), NULL);
  return self->key_box;
}

void
vnt_efirma_request_page_set_persona_moral (VntEfirmaRequestPage *self,
                                           gboolean              moral)
{
  g_return_if_fail (VNT_IS_EFIRMA_REQUEST_PAGE (self));
  adw_combo_row_set_selected (self->persona_row, moral ? 1 : 0);
}
