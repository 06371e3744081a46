/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-facets.h"
#include "ui/pages/vnt-page-parts.h"
#include "ui/vnt-ui.h"
#include "vnt-confirm-page.h"

struct _VntConfirmPage
{
  VntPage       parent_instance;

  GtkLabel     *message_label;
  GtkListBox   *details_list;
  GtkWidget    *save_button;
  GtkSpinner   *save_spinner;
  GtkLabel     *saved_label;

  VntProcedure *procedure;
  VntTramiteFlow *flow;
  gboolean      finalizes;
  gboolean      saving;
  GHashTable   *values;
  GCancellable *cancellable;
  AdwMessageDialog *dialog;
};

G_DEFINE_FINAL_TYPE (VntConfirmPage, vnt_confirm_page, VNT_TYPE_PAGE)

static void
add_row (VntConfirmPage *self,
         const char     *name,
         const char     *title,
         const char     *value)
{
  GtkLabel *label;

  label = vnt_page_parts_kept_value_row (self->details_list, self->values, name, title, value);
  if (label != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
}

static gboolean
saved (VntConfirmPage *self)
{
  return vnt_tramite_flow_get_terms (self->flow) != NULL;
}

static void
refresh (VntConfirmPage *self)
{
  g_autoptr(GPtrArray) rows = vnt_has_review_get_review_rows (VNT_HAS_REVIEW (self->procedure));
  const char *message = vnt_has_review_get_review_message (VNT_HAS_REVIEW (self->procedure));
  gboolean is_saved = saved (self);

  vnt_page_parts_clear_values (self->details_list, self->values);

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      VntReviewRow *row = g_ptr_array_index (rows, i);

      add_row (self, row->name, row->title, row->value);
    }

  gtk_widget_set_visible (self->save_button, self->finalizes && !is_saved);
  gtk_widget_set_sensitive (self->save_button, !self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_label), self->finalizes && is_saved);

  vnt_page_set_complete (VNT_PAGE (self),
                         vnt_tramite_flow_get_tramite (self->flow) != NULL && (!self->finalizes || is_saved));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VntConfirmPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCarta) terms = NULL;

  terms = vnt_tramite_flow_fetch_terms_finish (VNT_TRAMITE_FLOW (object), result, &error);
  if (terms == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (self->procedure == NULL)
    return;

  /* Not about a field: the assistant says it. */
  if (error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-error", "s", error->message);

  refresh (self);
  if (error == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->saved_label));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VntConfirmPage *self = VNT_CONFIRM_PAGE (widget);

  if (self->saving || !self->finalizes)
    return;

  self->saving = TRUE;
  vnt_ui_restart_cancellable (&self->cancellable);
  gtk_widget_activate_action (widget, "assistant.show-error", "s", "");
  vnt_tramite_flow_fetch_terms_async (self->flow, self->cancellable, save_cb, g_object_ref (self));
  refresh (self);
}

/* "Aceptar" signs: it is the default. */
static const VntPagePartsAnswers accept_or_cancel = {
  ADW_RESPONSE_SUGGESTED, "cancel", "accept", N_("_Cancel"), N_("_Accept") };

static void
fiel_accepted_cb (GTask *task)
{
  VntConfirmPage *self = g_task_get_source_object (task);

  vnt_page_parts_finalize (self->flow, task);
}

static void
vnt_confirm_page_apply_async (VntPage             *page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VntConfirmPage *self = VNT_CONFIRM_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *body;

  g_task_set_source_tag (task, vnt_confirm_page_apply_async);

  if (!self->finalizes)
    {
      if (vnt_tramite_flow_get_terms (self->flow) != NULL)
        g_task_return_boolean (task, TRUE);
      else
        {
          vnt_page_parts_object_step (task, (VntPagePartsFinishObject)
                                            vnt_tramite_flow_fetch_terms_finish);
          vnt_tramite_flow_fetch_terms_async (self->flow, cancellable, vnt_page_parts_step_done,
                                              g_steal_pointer (&task));
        }
      return;
    }

  /* Finalized already (resumed in the middle): ask nothing again. */
  if (vnt_procedure_has_reached (self->procedure, VNT_TRAMITE_STEP_FINALIZING))
    {
      vnt_page_parts_finalize (self->flow, g_steal_pointer (&task));
      return;
    }

  body = _("By entering your FIEL you accept that the data obtained by the system are correct "
           "and that they belong to you.");
  vnt_page_parts_ask (g_steal_pointer (&task), &self->dialog, &accept_or_cancel, fiel_accepted_cb,
                      _("FIEL confirmation"), body);
}

static void
vnt_confirm_page_shown (VntPage *page)
{
  refresh (VNT_CONFIRM_PAGE (page));
}

static void
vnt_confirm_page_dispose (GObject *object)
{
  VntConfirmPage *self = VNT_CONFIRM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_CONFIRM_PAGE);
  g_clear_object (&self->procedure);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (vnt_confirm_page_parent_class)->dispose (object);
}

static void
vnt_confirm_page_class_init (VntConfirmPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_confirm_page_dispose;
  page_class->apply_async = vnt_confirm_page_apply_async;
  page_class->shown = vnt_confirm_page_shown;

  gtk_widget_class_install_action (widget_class, "confirm.save", NULL, save_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-confirm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntConfirmPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, VntConfirmPage, details_list);
  gtk_widget_class_bind_template_child (widget_class, VntConfirmPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, VntConfirmPage, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, VntConfirmPage, saved_label);
}

static void
vnt_confirm_page_init (VntConfirmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The trámite has begun at the service: its data are not edited back. */
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
}

VntPage *
vnt_confirm_page_new (VntProcedure *procedure,
                      gboolean      finalizes)
{
  VntConfirmPage *self;

  g_return_val_if_fail (VNT_IS_HAS_REVIEW (procedure) && VNT_IS_HAS_TRAMITE (procedure), NULL);

  self = g_object_new (VNT_TYPE_CONFIRM_PAGE,
                       "title", finalizes ? _("Review the update") : _("Your data"),
                       "next-label", finalizes ? _("_Finish Procedure") : NULL,
                       NULL);
  self->procedure = g_object_ref (procedure);
  self->flow = g_object_ref (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (procedure)));
  self->finalizes = finalizes;

  return VNT_PAGE (self);
}

AdwMessageDialog *
vnt_confirm_page_get_dialog (VntConfirmPage *self)
{
  g_return_val_if_fail (VNT_IS_CONFIRM_PAGE (self), NULL);

  return self->dialog;
}

const char *
vnt_confirm_page_get_value (VntConfirmPage *self,
                            const char     *name)
{
  g_return_val_if_fail (VNT_IS_CONFIRM_PAGE (self), NULL);

  return g_hash_table_lookup (self->values, name);
}

const char *
vnt_confirm_page_get_message (VntConfirmPage *self)
{
  g_return_val_if_fail (VNT_IS_CONFIRM_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : NULL;
}
