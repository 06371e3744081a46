/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/procedures/idse-cancel/vnt-idse-cancel-controller.h"
#include "ui/pages/vnt-page-parts.h"
#include "vnt-idse-cancel-page.h"

/* In the order of the combo row's items. */
static const char * const motivos[] = {
  VNT_IDSE_MOTIVO_PERDIDA, VNT_IDSE_MOTIVO_COMPROMISO, VNT_IDSE_MOTIVO_CAMBIO, VNT_IDSE_MOTIVO_OTRO,
};

struct _VntIdseCancelPage
{
  VntPage                  parent_instance;

  AdwActionRow            *number_row;
  AdwActionRow            *name_row;
  AdwActionRow            *rfc_row;
  AdwEntryRow             *usuario_row;
  AdwEntryRow             *password_row;
  AdwComboRow             *motivo_row;
  AdwExpanderRow          *forgot_row;

  VntIdseCancelController *controller;
  AdwMessageDialog        *dialog;
};

G_DEFINE_FINAL_TYPE (VntIdseCancelPage, vnt_idse_cancel_page, VNT_TYPE_PAGE)

static void
update (VntIdseCancelPage *self)
{
  VntProcedure *procedure = VNT_PROCEDURE (self->controller);
  gboolean started = vnt_procedure_has_reached (procedure, VNT_TRAMITE_STEP_REVIEW);
  gboolean filled = *gtk_editable_get_text (GTK_EDITABLE (self->usuario_row)) != '\0' &&
                    *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';

  /* Resumed after the service checked them: only the cancellation is left. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->usuario_row), !started);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !started);
  gtk_widget_set_sensitive (GTK_WIDGET (self->motivo_row), !started);
  vnt_page_set_complete (VNT_PAGE (self), started || filled);
}

static void
field_changed_cb (VntIdseCancelPage *self)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->usuario_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->password_row), NULL);
  update (self);
}

/* "Cancelar certificado" cannot be undone: "Conservarlo" is the default. */
static const VntPagePartsAnswers keep_or_cancel = {
  ADW_RESPONSE_DESTRUCTIVE, "keep", "cancel-certificate",
  N_("_Keep it"), N_("_Cancel certificate") };

static void
cancel_accepted_cb (GTask *task)
{
  VntIdseCancelPage *self = g_task_get_source_object (task);

  vnt_page_parts_object_step (task,
                              (VntPagePartsFinishObject) vnt_idse_cancel_controller_cancel_finish);
  vnt_idse_cancel_controller_cancel_async (self->controller, g_task_get_cancellable (task),
                                           vnt_page_parts_step_done, task);
}

static void
vnt_idse_cancel_page_apply_async (VntPage             *page,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  VntIdseCancelPage *self = VNT_IDSE_CANCEL_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  VntProcedure *procedure = VNT_PROCEDURE (self->controller);
  g_autofree char *password = NULL;
  g_autofree char *body = NULL;
  GError *error = NULL;
  guint motivo;

  g_task_set_source_tag (task, vnt_idse_cancel_page_apply_async);

  if (!vnt_procedure_has_reached (procedure, VNT_TRAMITE_STEP_REVIEW))
    {
      password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
      motivo = adw_combo_row_get_selected (self->motivo_row);
      if (!vnt_idse_cancel_controller_set_credentials (self->controller,
                                                       gtk_editable_get_text (GTK_EDITABLE (self->usuario_row)),
                                                       password,
                                                       motivo < G_N_ELEMENTS (motivos) ? motivos[motivo] : NULL,
                                                       &error))
        {
          explicit_bzero (password, strlen (password));
          g_task_return_error (task, error);
          return;
        }
      explicit_bzero (password, strlen (password));
      /* Held by the controller until sent; not in the entry. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }

  /* TRANSLATORS: the número of the IDSE certificate */
  body = g_strdup_printf (_("Certificate %s will be cancelled at once. It cannot be undone: to use IDSE again you will have to request a new certificate."),
                          vnt_efirma_step_get_certificate_number (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (procedure))));
  vnt_page_parts_ask (g_steal_pointer (&task), &self->dialog, &keep_or_cancel, cancel_accepted_cb,
                      _("Cancel the certificate?"), body);
}

static gboolean
vnt_idse_cancel_page_apply_finish (VntPage       *page,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  update (VNT_IDSE_CANCEL_PAGE (page));
  return ok;
}

static gboolean
vnt_idse_cancel_page_show_error (VntPage      *page,
                                 const GError *error)
{
  VntIdseCancelPage *self = VNT_IDSE_CANCEL_PAGE (page);

  /* Kept it: nothing to say. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;

  if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_CREDENTIALS_WRONG) ||
      g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_PASSWORD_INVALID) ||
      g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_PASSWORD_EQUALS_USER))
    {
      vnt_page_mark_invalid (GTK_WIDGET (self->password_row), error->message);
      /* The way out, right there. */
      if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_CREDENTIALS_WRONG))
        adw_expander_row_set_expanded (self->forgot_row, TRUE);
    }
  else if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_USER_INVALID))
    vnt_page_mark_invalid (GTK_WIDGET (self->usuario_row), error->message);

  /* The assistant says it too. */
  return FALSE;
}

static void
vnt_idse_cancel_page_shown (VntPage *page)
{
  VntIdseCancelPage *self = VNT_IDSE_CANCEL_PAGE (page);
  VntEfirmaStep *step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (self->controller));
  const char *usuario = vnt_idse_cancel_controller_get_usuario (self->controller);
  const char *motivo = vnt_idse_cancel_controller_get_motivo (self->controller);

  adw_action_row_set_subtitle (self->number_row, vnt_efirma_step_get_certificate_number (step));
  adw_action_row_set_subtitle (self->name_row, vnt_efirma_step_get_name (step));
  adw_action_row_set_subtitle (self->rfc_row, vnt_efirma_step_get_rfc (step));
  vnt_page_parts_prefill (GTK_EDITABLE (self->usuario_row), usuario);
  for (guint i = 0; motivo != NULL && i < G_N_ELEMENTS (motivos); i++)
    if (g_str_equal (motivo, motivos[i]))
      adw_combo_row_set_selected (self->motivo_row, i);
  update (self);
}

static void
vnt_idse_cancel_page_dispose (GObject *object)
{
  VntIdseCancelPage *self = VNT_IDSE_CANCEL_PAGE (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_IDSE_CANCEL_PAGE);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_idse_cancel_page_parent_class)->dispose (object);
}

static void
vnt_idse_cancel_page_class_init (VntIdseCancelPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_cancel_page_dispose;
  page_class->apply_async = vnt_idse_cancel_page_apply_async;
  page_class->apply_finish = vnt_idse_cancel_page_apply_finish;
  page_class->show_error = vnt_idse_cancel_page_show_error;
  page_class->shown = vnt_idse_cancel_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-idse-cancel-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntIdseCancelPage, number_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCancelPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCancelPage, rfc_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCancelPage, usuario_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCancelPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCancelPage, motivo_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCancelPage, forgot_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
vnt_idse_cancel_page_init (VntIdseCancelPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VntPage *
vnt_idse_cancel_page_new (VntProcedure *procedure)
{
  VntIdseCancelPage *self;

  g_return_val_if_fail (VNT_IS_IDSE_CANCEL_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_CANCEL_PAGE,
                       "title", _("Cancellation"),
                       "next-label", _("_Cancel certificate"),
                       NULL);
  self->controller = g_object_ref (VNT_IDSE_CANCEL_CONTROLLER (procedure));
  return VNT_PAGE (self);
}

AdwMessageDialog *
vnt_idse_cancel_page_get_dialog (VntIdseCancelPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CANCEL_PAGE (self), NULL);
  return self->dialog;
}
