/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-page-parts.h"
#include "ui/vnt-ui.h"
#include "vnt-remove-company-page.h"

struct _VntRemoveCompanyPage
{
  VntPage                     parent_instance;

  GtkLabel                   *folio_label;
  GtkListBox                 *companies_list;
  GtkWidget                  *columns_box;
  GtkWidget                  *empty_label;
  GtkWidget                  *loading_box;
  GtkSpinner                 *spinner;
  GtkLabel                   *message_label;
  GtkWidget                  *retry_button;

  VntRemoveCompanyController *controller;
  /* rfc → its GtkCheckButton (owned by the list). */
  GHashTable                 *checks;
  GCancellable               *cancellable;
  gboolean                    loading;
  gboolean                    listed;
};

G_DEFINE_FINAL_TYPE (VntRemoveCompanyPage, vnt_remove_company_page, VNT_TYPE_PAGE)

static void
show_message (VntRemoveCompanyPage *self,
              const char           *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

static gboolean
sent (VntRemoveCompanyPage *self)
{
  return vnt_procedure_has_reached (VNT_PROCEDURE (self->controller), VNT_TRAMITE_STEP_REVIEW);
}

static void
check_toggled_cb (VntRemoveCompanyPage *self)
{
  show_message (self, NULL);
}

static const char *
tipo_persona_label (const char *tipo)
{
  /* The service's codes, shown as IMSS writes them. */
  if (g_strcmp0 (tipo, "fisica") == 0)
    return C_("tipo persona", "Física");
  return C_("tipo persona", "Moral");
}

static GtkWidget *
new_company_row (VntRemoveCompanyPage  *self,
                 VntRepresentedCompany *company,
                 gboolean               selected)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *tipo = gtk_label_new (tipo_persona_label (vnt_represented_company_get_tipo_persona (company)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vnt_represented_company_get_razon_social (company));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), vnt_represented_company_get_rfc (company));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), selected);
  gtk_widget_set_sensitive (check, !sent (self));
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  /* Which also names the check after the row: its razón social. */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_widget_add_css_class (tipo, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), tipo);

  g_hash_table_insert (self->checks, g_strdup (vnt_represented_company_get_rfc (company)), check);
  return row;
}

static void
refresh (VntRemoveCompanyPage *self)
{
  GPtrArray *companies = vnt_remove_company_controller_get_companies (self->controller);
  GStrv selection = vnt_remove_company_controller_get_selection (self->controller);
  const char *folio = vnt_tramite_flow_get_folio (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (self->controller)));
  gboolean has_companies = companies != NULL && companies->len > 0;
  GtkWidget *child;

  g_hash_table_remove_all (self->checks);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->companies_list))) != NULL)
    gtk_list_box_remove (self->companies_list, child);

  for (guint i = 0; companies != NULL && i < companies->len; i++)
    {
      VntRepresentedCompany *company = g_ptr_array_index (companies, i);
      gboolean selected = g_strv_contains ((const char * const *) selection,
                                           vnt_represented_company_get_rfc (company));

      gtk_list_box_append (self->companies_list, new_company_row (self, company, selected));
    }

  /* Resumed after it was sent: IMSS's banner. */
  if (folio != NULL && sent (self))
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s is the folio */
      text = g_strdup_printf (_("The folio of the request you are resuming is: %s"), folio);
      gtk_label_set_text (self->folio_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->folio_label), folio != NULL && sent (self));

  gtk_widget_set_visible (GTK_WIDGET (self->companies_list), has_companies);
  gtk_widget_set_visible (self->columns_box, has_companies);
  gtk_widget_set_visible (self->empty_label, self->listed && !has_companies && !self->loading);
  gtk_widget_set_visible (self->loading_box, self->loading);
  gtk_spinner_set_spinning (self->spinner, self->loading);

  vnt_page_set_complete (VNT_PAGE (self), has_companies && !self->loading);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VntRemoveCompanyPage) self = user_data;
  g_autoptr(GPtrArray) companies = NULL;
  g_autoptr(GError) error = NULL;

  companies = vnt_remove_company_controller_list_finish (VNT_REMOVE_COMPANY_CONTROLLER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->controller == NULL)
    return;

  self->loading = FALSE;
  if (companies == NULL)
    {
      /* Not about a field: the assistant says it; the page offers a retry. */
      gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-error", "s", error->message);
      gtk_widget_set_visible (self->retry_button, TRUE);
    }
  else
    {
      self->listed = TRUE;
      gtk_widget_set_visible (self->retry_button, FALSE);
    }

  refresh (self);
}

static void
list (VntRemoveCompanyPage *self)
{
  vnt_ui_restart_cancellable (&self->cancellable);
  self->loading = TRUE;
  show_message (self, NULL);
  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-error", "s", "");
  refresh (self);
  vnt_remove_company_controller_list_async (self->controller, self->cancellable, listed_cb,
                                            g_object_ref (self));
}

static void
list_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VntRemoveCompanyPage *self = VNT_REMOVE_COMPANY_PAGE (widget);

  if (!self->loading)
    list (self);
}

static void
vnt_remove_company_page_shown (VntPage *page)
{
  VntRemoveCompanyPage *self = VNT_REMOVE_COMPANY_PAGE (page);

  /* Each time before it is sent: the list may have changed meanwhile. */
  if (!sent (self) && !self->loading &&
      vnt_efirma_step_get_credential (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (self->controller))) != NULL)
    {
      list (self);
      return;
    }

  self->listed = vnt_remove_company_controller_get_companies (self->controller) != NULL;
  refresh (self);
}

static void
vnt_remove_company_page_apply_async (VntPage             *page,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VntRemoveCompanyPage *self = VNT_REMOVE_COMPANY_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GPtrArray) rfcs = g_ptr_array_new_null_terminated (4, NULL, TRUE);
  GPtrArray *companies = vnt_remove_company_controller_get_companies (self->controller);
  GError *error = NULL;

  g_task_set_source_tag (task, vnt_remove_company_page_apply_async);
  show_message (self, NULL);

  if (!sent (self))
    {
      /* In the order shown. */
      for (guint i = 0; companies != NULL && i < companies->len; i++)
        {
          const char *rfc = vnt_represented_company_get_rfc (g_ptr_array_index (companies, i));
          GtkCheckButton *check = g_hash_table_lookup (self->checks, rfc);

          if (check != NULL && gtk_check_button_get_active (check))
            g_ptr_array_add (rfcs, (gpointer) rfc);
        }

      if (!vnt_remove_company_controller_set_selection (self->controller, (const char * const *) rfcs->pdata, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  vnt_page_parts_object_step (task, (VntPagePartsFinishObject)
                                    vnt_remove_company_controller_remove_finish);
  vnt_remove_company_controller_remove_async (self->controller, cancellable,
                                              vnt_page_parts_step_done, g_steal_pointer (&task));
}

static gboolean
vnt_remove_company_page_show_error (VntPage      *page,
                                    const GError *error)
{
  VntRemoveCompanyPage *self = VNT_REMOVE_COMPANY_PAGE (page);
  GtkWidget *first;

  if (!g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED))
    return FALSE;

  show_message (self, error->message);
  first = gtk_widget_get_first_child (GTK_WIDGET (self->companies_list));
  if (first != NULL)
    gtk_widget_grab_focus (first);
  return TRUE;
}

static void
vnt_remove_company_page_dispose (GObject *object)
{
  VntRemoveCompanyPage *self = VNT_REMOVE_COMPANY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_REMOVE_COMPANY_PAGE);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_remove_company_page_parent_class)->dispose (object);
}

static void
vnt_remove_company_page_class_init (VntRemoveCompanyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_remove_company_page_dispose;
  page_class->apply_async = vnt_remove_company_page_apply_async;
  page_class->show_error = vnt_remove_company_page_show_error;
  page_class->shown = vnt_remove_company_page_shown;

  gtk_widget_class_install_action (widget_class, "remove-company.list", NULL, list_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-remove-company-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, folio_label);
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, companies_list);
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, columns_box);
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, loading_box);
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, VntRemoveCompanyPage, retry_button);
}

static void
vnt_remove_company_page_init (VntRemoveCompanyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The e.firma was opened: the identification is not edited back. */
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
}

VntPage *
vnt_remove_company_page_new (VntProcedure *procedure,
                             gboolean      practice)
{
  VntRemoveCompanyPage *self;

  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_REMOVE_COMPANY_PAGE,
                       "title", _("Remove represented companies"),
                       "next-label", _("_Finish Procedure"),
                       NULL);
  self->controller = g_object_ref (VNT_REMOVE_COMPANY_CONTROLLER (procedure));

  return VNT_PAGE (self);
}

guint
vnt_remove_company_page_get_n_companies (VntRemoveCompanyPage *self)
{
  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_PAGE (self), 0);
  return g_hash_table_size (self->checks);
}

GtkCheckButton *
vnt_remove_company_page_get_check (VntRemoveCompanyPage *self,
                                   const char           *rfc)
{
  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_PAGE (self), NULL);
  return g_hash_table_lookup (self->checks, rfc);
}

gboolean
vnt_remove_company_page_get_loading (VntRemoveCompanyPage *self)
{
  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_PAGE (self), FALSE);
  return self->loading;
}

gboolean
vnt_remove_company_page_get_empty (VntRemoveCompanyPage *self)
{
  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->empty_label);
}

const char *
vnt_remove_company_page_get_message (VntRemoveCompanyPage *self)
{
  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : NULL;
}
