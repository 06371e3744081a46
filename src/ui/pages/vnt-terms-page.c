/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-facets.h"
#include "ui/pages/vnt-page-parts.h"
#include "ui/vnt-ui.h"
#include "vnt-terms-page.h"

struct _VntTermsPage
{
  VntPage         parent_instance;

  GtkLabel       *carta_title;
  GtkTextView    *text_view;
  GtkCheckButton *accept_check;

  VntProcedure   *procedure;
  VntTramiteFlow *flow;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (VntTermsPage, vnt_terms_page, VNT_TYPE_PAGE)

static void
show_terms (VntTermsPage *self,
            VntCarta     *terms)
{
  const char *title = NULL;
  const char *text = NULL;

  if (terms != NULL)
    {
      title = vnt_carta_get_title (terms);
      text = vnt_carta_get_text (terms);
    }

  gtk_label_set_text (self->carta_title, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->carta_title), title != NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            text != NULL ? text : "", -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_check), text != NULL);
}

static void
update_complete (VntTermsPage *self)
{
  vnt_page_set_complete (VNT_PAGE (self),
                         gtk_check_button_get_active (self->accept_check)
                         && vnt_tramite_flow_get_terms (self->flow) != NULL);
}

static void
accept_toggled_cb (VntTermsPage *self)
{
  update_complete (self);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VntTermsPage) self = user_data;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(GError) error = NULL;

  terms = vnt_tramite_flow_fetch_terms_finish (VNT_TRAMITE_FLOW (object), result, &error);
  vnt_page_end_wait (VNT_PAGE (self));
  if (self->procedure == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (terms == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-error", "s", error->message);

  show_terms (self, terms);
  update_complete (self);
}

static void
vnt_terms_page_shown (VntPage *page)
{
  VntTermsPage *self = VNT_TERMS_PAGE (page);
  VntCarta *terms = vnt_tramite_flow_get_terms (self->flow);

  show_terms (self, terms);
  if (terms == NULL && g_strcmp0 (vnt_procedure_get_step (self->procedure), VNT_TRAMITE_STEP_REVIEW) == 0)
    {
      vnt_ui_restart_cancellable (&self->cancellable);
      vnt_page_begin_wait (page);
      vnt_tramite_flow_fetch_terms_async (self->flow, self->cancellable, fetch_cb, g_object_ref (self));
    }
  update_complete (self);
}

static void
vnt_terms_page_apply_async (VntPage             *page,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  VntTermsPage *self = VNT_TERMS_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_terms_page_apply_async);
  vnt_page_parts_finalize (self->flow, task);
}

static void
vnt_terms_page_dispose (GObject *object)
{
  VntTermsPage *self = VNT_TERMS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_TERMS_PAGE);
  g_clear_object (&self->procedure);
  g_clear_object (&self->flow);

  G_OBJECT_CLASS (vnt_terms_page_parent_class)->dispose (object);
}

static void
vnt_terms_page_class_init (VntTermsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_terms_page_dispose;
  page_class->apply_async = vnt_terms_page_apply_async;
  page_class->shown = vnt_terms_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-terms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntTermsPage, carta_title);
  gtk_widget_class_bind_template_child (widget_class, VntTermsPage, text_view);
  gtk_widget_class_bind_template_child (widget_class, VntTermsPage, accept_check);
  gtk_widget_class_bind_template_callback (widget_class, accept_toggled_cb);
}

static void
vnt_terms_page_init (VntTermsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
}

VntPage *
vnt_terms_page_new (VntProcedure *procedure,
                    gboolean      practice)
{
  VntTermsPage *self;

  g_return_val_if_fail (VNT_IS_HAS_TRAMITE (procedure), NULL);

  self = g_object_new (VNT_TYPE_TERMS_PAGE,
                       "title", _("Sign the letter"),
                       "next-label", _("_Sign"),
                       NULL);
  self->procedure = g_object_ref (procedure);
  self->flow = g_object_ref (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (procedure)));

  return VNT_PAGE (self);
}

char *
vnt_terms_page_get_text (VntTermsPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (VNT_IS_TERMS_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
