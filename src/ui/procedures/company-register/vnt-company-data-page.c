/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-page-parts.h"
#include "vnt-company-data-page.h"

struct _VntCompanyDataPage
{
  VntPage                       parent_instance;

  GtkListBox                   *company_list;
  GtkWidget                    *poder_box;
  GtkCheckButton               *dominio_check;
  GtkCheckButton               *especial_check;
  GtkCheckButton               *administracion_check;

  VntCompanyRegisterController *controller;
  GHashTable                   *values;
};

G_DEFINE_FINAL_TYPE (VntCompanyDataPage, vnt_company_data_page, VNT_TYPE_PAGE)

static void
add_row (VntCompanyDataPage *self,
         const char         *name,
         const char         *title,
         const char         *value)
{
  GtkLabel *label;

  label = vnt_page_parts_kept_value_row (self->company_list, self->values, name, title, value);
  if (label == NULL)
    return;
  gtk_label_set_wrap (label, TRUE);
  /* Short values on one line; a long razón social wraps. */
  gtk_label_set_max_width_chars (label, 30);
  gtk_label_set_width_chars (label, MIN ((int) g_utf8_strlen (value, -1), 12));
}

static void
poder_toggled_cb (VntCompanyDataPage *self)
{
  VntTipoPoder tipo_poder = VNT_TIPO_PODER_DOMINIO;

  /* The template's default, before there is a controller. */
  if (self->controller == NULL)
    return;

  if (gtk_check_button_get_active (self->especial_check))
    tipo_poder = VNT_TIPO_PODER_ESPECIAL_IMSS;
  else if (gtk_check_button_get_active (self->administracion_check))
    tipo_poder = VNT_TIPO_PODER_ADMINISTRACION;

  vnt_company_register_controller_set_tipo_poder (self->controller, tipo_poder);
}

static void
vnt_company_data_page_shown (VntPage *page)
{
  VntCompanyDataPage           *self = VNT_COMPANY_DATA_PAGE (page);
  VntCompanyRegisterController *controller = self->controller;
  const char                   *tipo_sociedad;
  GtkCheckButton               *chosen;
  gboolean                      started;

  tipo_sociedad = vnt_company_register_controller_get_tipo_sociedad (controller);
  vnt_page_parts_clear_values (self->company_list, self->values);

  add_row (self, "company_rfc", _("RFC"), vnt_company_register_controller_get_company_rfc (controller));
  add_row (self, "razon_social", _("Razón social"), vnt_company_register_controller_get_razon_social (controller));
  /* TRANSLATORS: the company's tipo sociedad when its name does not say. */
  add_row (self, "tipo_sociedad", _("Tipo sociedad"), tipo_sociedad != NULL ? tipo_sociedad : _("Not stated in its name"));

  switch (vnt_company_register_controller_get_tipo_poder (controller))
    {
    case VNT_TIPO_PODER_ESPECIAL_IMSS:
      chosen = self->especial_check;
      break;
    case VNT_TIPO_PODER_ADMINISTRACION:
      chosen = self->administracion_check;
      break;
    case VNT_TIPO_PODER_DOMINIO:
    default:
      chosen = self->dominio_check;
    }
  gtk_check_button_set_active (chosen, TRUE);

  /* Sent: the choice is the service's now. */
  started = vnt_procedure_has_reached (VNT_PROCEDURE (controller), VNT_TRAMITE_STEP_REVIEW);
  gtk_widget_set_sensitive (self->poder_box, !started);
  vnt_page_set_complete (page, vnt_company_register_controller_get_company_rfc (controller) != NULL);
}

static void
vnt_company_data_page_apply_async (VntPage             *page,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VntCompanyDataPage *self = VNT_COMPANY_DATA_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_company_data_page_apply_async);
  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_company_register_controller_register_finish);
  vnt_company_register_controller_register_async (self->controller, cancellable,
                                                  vnt_page_parts_step_done, task);
}

static void
vnt_company_data_page_dispose (GObject *object)
{
  VntCompanyDataPage *self = VNT_COMPANY_DATA_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_COMPANY_DATA_PAGE);
  g_clear_object (&self->controller);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (vnt_company_data_page_parent_class)->dispose (object);
}

static void
vnt_company_data_page_class_init (VntCompanyDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_company_data_page_dispose;
  page_class->apply_async = vnt_company_data_page_apply_async;
  page_class->shown = vnt_company_data_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-company-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntCompanyDataPage, company_list);
  gtk_widget_class_bind_template_child (widget_class, VntCompanyDataPage, poder_box);
  gtk_widget_class_bind_template_child (widget_class, VntCompanyDataPage, dominio_check);
  gtk_widget_class_bind_template_child (widget_class, VntCompanyDataPage, especial_check);
  gtk_widget_class_bind_template_child (widget_class, VntCompanyDataPage, administracion_check);
  gtk_widget_class_bind_template_callback (widget_class, poder_toggled_cb);
}

static void
vnt_company_data_page_init (VntCompanyDataPage *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

VntPage *
vnt_company_data_page_new (VntCompanyRegisterController *controller)
{
  VntCompanyDataPage *self;

  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (controller), NULL);

  self = g_object_new (VNT_TYPE_COMPANY_DATA_PAGE,
                       "title", _("Registrar representante legal"),
                       "next-label", _("_Continuar"),
                       NULL);
  self->controller = g_object_ref (controller);

  return VNT_PAGE (self);
}

const char *
vnt_company_data_page_get_value (VntCompanyDataPage *self,
                                 const char         *name)
{
  g_return_val_if_fail (VNT_IS_COMPANY_DATA_PAGE (self), NULL);
  return g_hash_table_lookup (self->values, name);
}
