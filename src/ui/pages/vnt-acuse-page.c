/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-facets.h"
#include "core/vnt-date.h"
#include "ui/pages/vnt-page-parts.h"
#include "vnt-acuse-page.h"
#include "vnt-file-viewer.h"

struct _VntAcusePage
{
  VntPage        parent_instance;

  AdwStatusPage *status_page;
  GtkListBox    *facts_list;
  GtkWidget     *open_button;
  GtkWidget     *exit_button;
  GtkWidget     *extra_box;

  VntProcedure  *procedure;
  VntTramiteFlow *flow;
  char          *description;
  GHashTable    *values;
  /* Reading a resumed trámite's kept acuse. */
  GCancellable  *loading;
};

G_DEFINE_FINAL_TYPE (VntAcusePage, vnt_acuse_page, VNT_TYPE_PAGE)

static void
add_fact (VntAcusePage *self,
          const char   *name,
          const char   *title,
          const char   *value)
{
  GtkLabel *label;

  label = vnt_page_parts_kept_value_row (self->facts_list, self->values, name, title, value);
  if (label == NULL)
    return;
  /* A long value (a date with its zone, a razón social) wraps at 360 px;
   * a short one (folio, RFC, CURP) is never cut. */
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD);
  gtk_label_set_justify (label, GTK_JUSTIFY_RIGHT);
  gtk_label_set_width_chars (label, MIN ((int) g_utf8_strlen (value, -1), 20));
  gtk_label_set_max_width_chars (label, 32);
}

static void vnt_acuse_page_shown (VntPage *page);

static void
acuse_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VntAcusePage) self = user_data;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;

  acuse = vnt_tramite_flow_finalize_finish (VNT_TRAMITE_FLOW (object), result, &error);
  vnt_page_end_wait (VNT_PAGE (self));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  /* A failure is the procedure's "error", which the view shows. */
  if (acuse != NULL)
    vnt_acuse_page_shown (VNT_PAGE (self));
}

static void
vnt_acuse_page_shown (VntPage *page)
{
  VntAcusePage    *self = VNT_ACUSE_PAGE (page);
  VntAcuseInfo    *acuse = vnt_tramite_flow_get_acuse (self->flow);
  g_autofree char *date = NULL;
  g_autofree char *description = NULL;
  GDateTime       *concluded;

  vnt_page_parts_clear_values (self->facts_list, self->values);

  if (acuse == NULL)
    {
      gtk_widget_set_sensitive (self->open_button, FALSE);
      /* Resumed after it concluded: the acuse is read off the main thread. */
      if (self->loading == NULL && vnt_procedure_get_done (self->procedure))
        {
          self->loading = g_cancellable_new ();
          vnt_page_begin_wait (VNT_PAGE (self));
          vnt_tramite_flow_finalize_async (self->flow, self->loading, acuse_loaded_cb,
                                           g_object_ref (self));
        }
      return;
    }

  concluded = vnt_acuse_info_get_concluded_at (acuse);
  if (concluded != NULL)
    date = vnt_date_format_date_time_named (concluded);

  add_fact (self, "folio", _("Folio"), vnt_acuse_info_get_folio (acuse));
  add_fact (self, "date", _("Date"), date);
  add_fact (self, "procedure", _("Procedure"), vnt_acuse_info_get_procedure_name (acuse));
  add_fact (self, "name", _("Name"), vnt_acuse_info_get_name (acuse));
  add_fact (self, "rfc", _("RFC"), vnt_acuse_info_get_rfc (acuse));
  add_fact (self, "curp", _("CURP"), vnt_acuse_info_get_curp (acuse));
  add_fact (self, "certificate_number", _("Certificate number"),
            vnt_acuse_info_get_certificate_number (acuse));

  if (vnt_acuse_info_get_practice (acuse))
    description = g_strdup_printf ("%s\n%s", self->description != NULL ? self->description : "",
                                   _("Practice mode: this receipt has no legal value."));
  else
    description = g_strdup (self->description);
  adw_status_page_set_description (self->status_page, g_strstrip (description));

  gtk_widget_set_sensitive (self->open_button, vnt_acuse_info_get_pdf_path (acuse) != NULL);
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VntAcusePage *self = VNT_ACUSE_PAGE (widget);
  const char *path = vnt_acuse_page_get_pdf_path (self);

  if (path != NULL)
    vnt_open_file_in_viewer (widget, path);
}

static void
vnt_acuse_page_dispose (GObject *object)
{
  VntAcusePage *self = VNT_ACUSE_PAGE (object);

  /* The status page is both a template child and the bin's child: let the
   * bin drop it first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_ACUSE_PAGE);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->procedure);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (vnt_acuse_page_parent_class)->dispose (object);
}

static void
vnt_acuse_page_class_init (VntAcusePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_acuse_page_dispose;
  page_class->shown = vnt_acuse_page_shown;

  gtk_widget_class_install_action (widget_class, "acuse.open", NULL, open_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-acuse-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntAcusePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, VntAcusePage, facts_list);
  gtk_widget_class_bind_template_child (widget_class, VntAcusePage, open_button);
  gtk_widget_class_bind_template_child (widget_class, VntAcusePage, exit_button);
  gtk_widget_class_bind_template_child (widget_class, VntAcusePage, extra_box);
}

static void
vnt_acuse_page_init (VntAcusePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  vnt_page_set_has_forward (VNT_PAGE (self), FALSE);
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
  vnt_page_set_complete (VNT_PAGE (self), TRUE);
}

VntPage *
vnt_acuse_page_new (VntProcedure *procedure,
                    const char   *success_title,
                    const char   *success_description)
{
  VntAcusePage *self;

  g_return_val_if_fail (VNT_IS_HAS_TRAMITE (procedure), NULL);

  /* The status page has the heading. */
  self = g_object_new (VNT_TYPE_ACUSE_PAGE, NULL);
  self->procedure = g_object_ref (procedure);
  self->flow = g_object_ref (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (procedure)));
  self->description = g_strdup (success_description);
  adw_status_page_set_title (self->status_page, success_title);
  adw_status_page_set_description (self->status_page, success_description);

  return VNT_PAGE (self);
}

const char *
vnt_acuse_page_get_value (VntAcusePage *self,
                          const char   *name)
{
  g_return_val_if_fail (VNT_IS_ACUSE_PAGE (self), NULL);

  return g_hash_table_lookup (self->values, name);
}

void
vnt_acuse_page_add_extra (VntAcusePage *self,
                          GtkWidget    *widget)
{
  g_return_if_fail (VNT_IS_ACUSE_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (GTK_BOX (self->extra_box), widget);
  gtk_widget_set_visible (self->extra_box, TRUE);
}

const char *
vnt_acuse_page_get_pdf_path (VntAcusePage *self)
{
  VntAcuseInfo *acuse;

  g_return_val_if_fail (VNT_IS_ACUSE_PAGE (self), NULL);

  acuse = vnt_tramite_flow_get_acuse (self->flow);
  return acuse != NULL ? vnt_acuse_info_get_pdf_path (acuse) : NULL;
}
