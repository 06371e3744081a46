/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-page-parts.h"
#include "vnt-idse-pages.h"

/* ------------------------------------------------------------------ */
/* Recommendations                                                     */

#define VNT_TYPE_IDSE_RECOMMENDATIONS_PAGE (vnt_idse_recommendations_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRecommendationsPage, vnt_idse_recommendations_page,
                      VNT, IDSE_RECOMMENDATIONS_PAGE, VntPage)

struct _VntIdseRecommendationsPage
{
  VntPage       parent_instance;
  VntProcedure *procedure;
};

G_DEFINE_FINAL_TYPE (VntIdseRecommendationsPage, vnt_idse_recommendations_page, VNT_TYPE_PAGE)

static void
recommendations_apply_async (VntPage             *page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VntIdseRecommendationsPage *self = VNT_IDSE_RECOMMENDATIONS_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  vnt_idse_request_controller_accept_recommendations (VNT_IDSE_REQUEST_CONTROLLER (self->procedure));
  g_task_return_boolean (task, TRUE);
}

static void
vnt_idse_recommendations_page_dispose (GObject *object)
{
  g_clear_object (&VNT_IDSE_RECOMMENDATIONS_PAGE (object)->procedure);
  G_OBJECT_CLASS (vnt_idse_recommendations_page_parent_class)->dispose (object);
}

static void
vnt_idse_recommendations_page_class_init (VntIdseRecommendationsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_idse_recommendations_page_dispose;
  VNT_PAGE_CLASS (klass)->apply_async = recommendations_apply_async;
}

static void
vnt_idse_recommendations_page_init (VntIdseRecommendationsPage *self)
{
}

VntPage *
vnt_idse_recommendations_page_new (VntProcedure *procedure,
                                   const char   *heading,
                                   const char   *intro)
{
  static const char * const points[] = {
    N_("Have at hand the identification data of the employer, obligated subject or legal representative, the tax address and an e-mail address for notices."),
    N_("Choose a user name and a password of 8 to 20 letters or digits each; they must be different."),
    N_("Have the e.firma of the employer, or of the company whose RFC the request is for."),
    N_("Bring a USB drive: the private key of your certificate is saved there, and you keep it."),
    N_("Finish at your IMSS office within 10 business days, or the request is cancelled automatically. The certificate is handed over within one hour of delivering the documents."),
  };
  VntIdseRecommendationsPage *self;
  GtkWidget *box, *title, *group;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_RECOMMENDATIONS_PAGE, "title", _("Recommendations"),
                       "next-label", _("_Continue"), "complete", TRUE, NULL);
  self->procedure = g_object_ref (procedure);
  box = vnt_page_parts_column (VNT_PAGE (self));

  title = g_object_new (GTK_TYPE_LABEL, "label", heading, "wrap", TRUE,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);
  vnt_page_parts_paragraph (box, intro);

  group = vnt_page_parts_group (box, _("Before you start"), NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (points); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                      "icon-name", i == G_N_ELEMENTS (points) - 1 ? "alarm-symbolic"
                                                   : i == 3 ? "drive-removable-media-symbolic"
                                                   : "emblem-ok-symbolic",
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(points[i]));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return VNT_PAGE (self);
}

/* ------------------------------------------------------------------ */
/* Enviar solicitud                                                    */

struct _VntIdseSendPage
{
  VntPage                   parent_instance;

  VntIdseRequestController *controller;
  GtkWidget                *summary;
  GtkWidget                *password_group;
  GtkWidget                *password_row;
  GtkWidget                *confirm_row;
};

G_DEFINE_FINAL_TYPE (VntIdseSendPage, vnt_idse_send_page, VNT_TYPE_PAGE)

static void
send_update_complete (VntIdseSendPage *self)
{
  gboolean needs = vnt_idse_request_controller_get_needs_password (self->controller);

  vnt_page_set_complete (VNT_PAGE (self),
                         !needs || (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0' &&
                                    *gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)) != '\0'));
}

static void
send_page_shown (VntPage *page)
{
  VntIdseSendPage *self = VNT_IDSE_SEND_PAGE (page);
  const VntIdseField *fields;
  gsize n_fields;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->summary)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->summary), child);

  fields = vnt_idse_request_controller_get_fields (self->controller, &n_fields);
  for (gsize i = 0; i < n_fields; i++)
    {
      const char *value = vnt_idse_request_controller_get_field (self->controller, fields[i].name);
      const VntIdseChoice *choices = vnt_idse_request_controller_get_choices (self->controller, fields[i].name);
      GtkWidget *row;

      if (value == NULL || g_str_has_suffix (fields[i].name, "_confirm"))
        continue;
      for (gsize j = 0; choices != NULL && choices[j].code != NULL; j++)
        if (g_str_equal (choices[j].code, value))
          value = _(choices[j].label);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      gtk_list_box_append (GTK_LIST_BOX (self->summary), row);
    }

  gtk_widget_set_visible (self->password_group, vnt_idse_request_controller_get_needs_password (self->controller));
  vnt_page_set_next_label (page, vnt_procedure_has_reached (VNT_PROCEDURE (self->controller), VNT_TRAMITE_STEP_REVIEW)
                                 ? NULL : _("_Send request"));
  send_update_complete (self);
}

static void
send_apply_async (VntPage             *page,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  VntIdseSendPage *self = VNT_IDSE_SEND_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  if (vnt_idse_request_controller_get_needs_password (self->controller))
    {
      GError *error = NULL;

      if (!vnt_idse_request_controller_set_field (self->controller, "password",
                                                  gtk_editable_get_text (GTK_EDITABLE (self->password_row)), &error) ||
          !vnt_idse_request_controller_set_field (self->controller, "password_confirm",
                                                  gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)), &error))
        {
          vnt_page_mark_invalid (self->confirm_row, error->message);
          g_task_return_error (task, error);
          return;
        }
    }

  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_idse_request_controller_send_finish);
  vnt_idse_request_controller_send_async (self->controller, cancellable,
                                          vnt_page_parts_step_done, g_steal_pointer (&task));
}

static void
vnt_idse_send_page_dispose (GObject *object)
{
  g_clear_object (&VNT_IDSE_SEND_PAGE (object)->controller);
  G_OBJECT_CLASS (vnt_idse_send_page_parent_class)->dispose (object);
}

static void
vnt_idse_send_page_class_init (VntIdseSendPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_idse_send_page_dispose;
  VNT_PAGE_CLASS (klass)->apply_async = send_apply_async;
  VNT_PAGE_CLASS (klass)->shown = send_page_shown;
}

static void
vnt_idse_send_page_init (VntIdseSendPage *self)
{
}

VntPage *
vnt_idse_send_page_new (VntProcedure *procedure)
{
  VntIdseSendPage *self;
  GtkWidget *box, *group;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_SEND_PAGE, "title", _("Send the request"),
                       "next-label", _("_Send request"), NULL);
  self->controller = g_object_ref (VNT_IDSE_REQUEST_CONTROLLER (procedure));
  box = vnt_page_parts_column (VNT_PAGE (self));

  vnt_page_parts_paragraph (box, _("Check the data. The request goes signed with your e.firma, with the public half of the key you saved; the key itself never leaves this computer."));

  self->password_group =
    vnt_page_parts_group (box, _("Contraseña"),
                          _("You started this request earlier. Type the IDSE password and its confirmation again: it is never saved."));
  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Contraseña"));
  self->confirm_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->confirm_row), _("Confirm the password"));
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (send_update_complete), self);
  g_signal_connect_swapped (self->confirm_row, "changed", G_CALLBACK (send_update_complete), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->password_group), self->password_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->password_group), self->confirm_row);
  gtk_widget_set_visible (self->password_group, FALSE);

  group = vnt_page_parts_group (box, _("Request"), NULL);
  self->summary = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->summary), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->summary, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Request"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->summary);

  return VNT_PAGE (self);
}

GtkWidget *
vnt_idse_send_page_get_password_row (VntIdseSendPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_SEND_PAGE (self), NULL);
  return self->password_row;
}

GtkWidget *
vnt_idse_send_page_get_confirm_row (VntIdseSendPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_SEND_PAGE (self), NULL);
  return self->confirm_row;
}
