/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-date.h"
#include "ui/vnt-ui.h"
#include "ui/pages/vnt-file-viewer.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-start-section.h"

struct _VntStartSection
{
  AdwBin        parent_instance;

  GtkWidget    *resume_group;
  GtkListBox   *resume_list;
  GtkWidget    *groups_box;
  GtkListBox   *acuses_list;
  GtkWidget    *no_acuses_row;

  GCancellable *cancellable;
  guint         n_loading;
  guint         n_unfinished;
  guint         n_acuses;
  /* "Descartar" takes effect when its toast goes, unless "Deshacer". */
  char         *pending_discard;
  AdwToast     *discard_toast;
};

G_DEFINE_FINAL_TYPE (VntStartSection, vnt_start_section, ADW_TYPE_BIN)

static char *
format_date (GDateTime *when)
{
  if (when == NULL)
    return g_strdup ("");

  return vnt_date_format_date_time_named (when);
}

static void
clear_list (GtkListBox *list,
            GtkWidget  *keep)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != keep)
        gtk_list_box_remove (list, child);
      child = next;
    }
}

/* One of the lists came (or failed): FALSE when its loading was cancelled;
 * otherwise the list is emptied, but for @keep, to be filled again. */
static gboolean
list_loaded (VntStartSection *self,
             const GError    *error,
             GtkListBox      *list,
             GtkWidget       *keep)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  self->n_loading--;
  clear_list (list, keep);
  return TRUE;
}

static GtkWidget *
new_icon (const char *icon_name)
{
  /* Decoration: the row's title says it all. */
  return g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
}

/* A row of the start window: @title (plain text), @subtitle when given,
 * and the icon @icon_name before them. */
static GtkWidget *
new_row (const char *title,
         const char *subtitle,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), new_icon (icon_name));
  return row;
}

/* A row that starts @descriptor's procedure (window.open-procedure). The
 * row is the one Tab stop and activates its arrow button; the button is
 * named by the row's title alone (an accessible label as well made GTK
 * 4.8 read "Crear cuenta Crear cuenta") and takes no focus of its own. */
static GtkWidget *
new_procedure_row (const VntProcedureDescriptor *descriptor)
{
  const char *subtitle = descriptor->subtitle != NULL ? _(descriptor->subtitle) : NULL;
  GtkWidget  *row = new_row (_(descriptor->name), subtitle, descriptor->icon_name);
  GtkWidget  *button;

  button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "window.open-procedure");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", descriptor->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

  return row;
}

/* The registry's procedures, group by group; a group with none is left out. */
static void
add_procedure_groups (VntStartSection *self)
{
  for (guint group = 0; group < VNT_PROCEDURE_N_GROUPS; group++)
    {
      GtkWidget *preferences_group = NULL;

      for (guint i = 0; i < vnt_procedure_registry_get_n_items (); i++)
        {
          const VntProcedureDescriptor *descriptor = vnt_procedure_registry_get (i);

          if (descriptor->group != group)
            continue;
          if (preferences_group == NULL)
            {
              preferences_group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (preferences_group),
                                               vnt_procedure_group_get_title (group));
              gtk_box_append (GTK_BOX (self->groups_box), preferences_group);
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (preferences_group), new_procedure_row (descriptor));
        }
    }
}

static void
discarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VntStartSection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vnt_tramite_store_discard_finish (VNT_TRAMITE_STORE (object), result, &error))
    g_warning ("Could not discard the trámite: %s", error->message);
  /* Not after dispose. */
  if (self->cancellable != NULL)
    vnt_start_section_refresh (self);
}

/* The toast went (timeout, closed, or another one came): now it is done. */
static void
discard_toast_dismissed_cb (AdwToast        *toast,
                            VntStartSection *self)
{
  g_autofree char *id = g_steal_pointer (&self->pending_discard);

  if (self->discard_toast == toast)
    g_clear_object (&self->discard_toast);
  if (id == NULL)
    return;

  /* Not cancelled by a refresh: the user asked for it. */
  vnt_tramite_store_discard_async (vnt_wizard_context_get_store (vnt_wizard_context_get_default ()),
                                   id, NULL, discarded_cb, g_object_ref (self));
}

static void
discard_undo_cb (AdwToast        *toast,
                 VntStartSection *self)
{
  g_clear_pointer (&self->pending_discard, g_free);
  if (self->cancellable != NULL)
    vnt_start_section_refresh (self);
}

static void
discard_clicked_cb (GtkButton       *button,
                    VntStartSection *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "vnt-tramite-id");
  const char *name = g_object_get_data (G_OBJECT (button), "vnt-procedure-name");
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* One undo at a time: an earlier discard goes through now. */
  if (self->discard_toast != NULL)
    adw_toast_dismiss (self->discard_toast);

  self->pending_discard = g_strdup (id);
  if (row != NULL)
    gtk_list_box_remove (self->resume_list, row);
  self->n_unfinished--;
  gtk_widget_set_visible (self->resume_group, self->n_unfinished > 0);

  /* TRANSLATORS: %s is a procedure's name */
  title = g_strdup_printf (_("“%s” discarded"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (discard_undo_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (discard_toast_dismissed_cb), self, 0);
  self->discard_toast = g_object_ref (toast);
  vnt_ui_show_toast (GTK_WIDGET (self), toast);
}

static void
unfinished_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  VntStartSection *self = user_data;
  g_autoptr(GPtrArray) tramites = NULL;
  g_autoptr(GError) error = NULL;

  tramites = vnt_tramite_store_list_unfinished_finish (VNT_TRAMITE_STORE (object), result, &error);
  if (!list_loaded (self, error, self->resume_list, NULL))
    return;

  self->n_unfinished = 0;

  for (guint i = 0; tramites != NULL && i < tramites->len; i++)
    {
      VntTramite *tramite = g_ptr_array_index (tramites, i);

      /* Discarded, "Deshacer" still offered. */
      if (g_strcmp0 (vnt_tramite_get_id (tramite), self->pending_discard) == 0)
        continue;
      {
      g_autofree char *date = format_date (vnt_tramite_get_updated_at (tramite));
      g_autofree char *subtitle = NULL;
      g_autofree char *target = g_strconcat ("resume:", vnt_tramite_get_id (tramite), NULL);
      g_autofree char *discard_label = NULL;
      GtkWidget       *row;
      GtkWidget       *discard;
      const char      *name = vnt_procedure_display_name (vnt_tramite_get_procedure (tramite));

      /* TRANSLATORS: when a trámite was last saved */
      subtitle = g_strdup_printf (_("Saved %s"), date);
      row = new_row (name, subtitle, "document-open-recent-symbolic");

      discard = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (discard, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (discard, "flat");
      /* TRANSLATORS: %s is a procedure's name */
      discard_label = g_strdup_printf (_("Discard “%s”"), name);
      gtk_widget_set_tooltip_text (discard, discard_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (discard),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, discard_label, -1);
      g_object_set_data_full (G_OBJECT (discard), "vnt-tramite-id",
                              g_strdup (vnt_tramite_get_id (tramite)), g_free);
      g_object_set_data_full (G_OBJECT (discard), "vnt-procedure-name", g_strdup (name), g_free);
      g_signal_connect (discard, "clicked", G_CALLBACK (discard_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), discard);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_icon ("go-next-symbolic"));

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "window.open-procedure");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", target);
      gtk_list_box_append (self->resume_list, row);
      self->n_unfinished++;
      }
    }

  gtk_widget_set_visible (self->resume_group, self->n_unfinished > 0);
}

static void
open_acuse_clicked_cb (GtkButton *button,
                       gpointer   user_data)
{
  const char *path = g_object_get_data (G_OBJECT (button), "vnt-pdf-path");

  vnt_open_file_in_viewer (GTK_WIDGET (button), path);
}

static void
acuses_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VntStartSection *self = user_data;
  g_autoptr(GPtrArray) acuses = NULL;
  g_autoptr(GError) error = NULL;

  acuses = vnt_tramite_store_list_acuses_finish (VNT_TRAMITE_STORE (object), result, &error);
  if (!list_loaded (self, error, self->acuses_list, self->no_acuses_row))
    return;

  self->n_acuses = acuses != NULL ? acuses->len : 0;

  for (guint i = 0; acuses != NULL && i < acuses->len; i++)
    {
      VntAcuseInfo *acuse = g_ptr_array_index (acuses, i);
      g_autofree char *date = format_date (vnt_acuse_info_get_concluded_at (acuse));
      g_autofree char *subtitle = NULL;
      g_autofree char *open_label = NULL;
      const char      *name = vnt_acuse_info_get_procedure_name (acuse);
      const char      *pdf = vnt_acuse_info_get_pdf_path (acuse);
      GtkWidget       *row;

      if (name == NULL)
        name = vnt_procedure_display_name (vnt_acuse_info_get_procedure (acuse));

      /* TRANSLATORS: an acuse's folio and date */
      subtitle = g_strdup_printf (_("Folio %s · %s"), vnt_acuse_info_get_folio (acuse), date);
      row = new_row (name, subtitle, "x-office-document-symbolic");

      if (pdf != NULL)
        {
          GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open PDF"));

          /* TRANSLATORS: %s is an acuse's folio */
          open_label = g_strdup_printf (_("Open the receipt %s (PDF)"), vnt_acuse_info_get_folio (acuse));
          gtk_accessible_update_property (GTK_ACCESSIBLE (open),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, open_label, -1);
          gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (open), "vnt-pdf-path", g_strdup (pdf), g_free);
          g_signal_connect (open, "clicked", G_CALLBACK (open_acuse_clicked_cb), NULL);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), open);
        }

      gtk_list_box_append (self->acuses_list, row);
    }

  gtk_widget_set_visible (self->no_acuses_row, self->n_acuses == 0);
}

void
vnt_start_section_refresh (VntStartSection *self)
{
  VntTramiteStore *store;

  g_return_if_fail (VNT_IS_START_SECTION (self));

  store = vnt_wizard_context_get_store (vnt_wizard_context_get_default ());

  vnt_ui_restart_cancellable (&self->cancellable);
  self->n_loading = 2;
  vnt_tramite_store_list_unfinished_async (store, self->cancellable, unfinished_cb, self);
  vnt_tramite_store_list_acuses_async (store, self->cancellable, acuses_cb, self);
}

static void
vnt_start_section_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vnt_start_section_parent_class)->map (widget);

  /* Back at the start window: a procedure may have saved something. */
  vnt_start_section_refresh (VNT_START_SECTION (widget));
}

static void
vnt_start_section_dispose (GObject *object)
{
  VntStartSection *self = VNT_START_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Closed before the toast went: the trámite stays, nothing is lost. */
  g_clear_pointer (&self->pending_discard, g_free);
  g_clear_object (&self->discard_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_START_SECTION);

  G_OBJECT_CLASS (vnt_start_section_parent_class)->dispose (object);
}

static void
vnt_start_section_class_init (VntStartSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_start_section_dispose;
  widget_class->map = vnt_start_section_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-start-section.ui");
  gtk_widget_class_bind_template_child (widget_class, VntStartSection, resume_group);
  gtk_widget_class_bind_template_child (widget_class, VntStartSection, resume_list);
  gtk_widget_class_bind_template_child (widget_class, VntStartSection, groups_box);
  gtk_widget_class_bind_template_child (widget_class, VntStartSection, acuses_list);
  gtk_widget_class_bind_template_child (widget_class, VntStartSection, no_acuses_row);
}

static void
vnt_start_section_init (VntStartSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_procedure_groups (self);
}

GtkWidget *
vnt_start_section_new (void)
{
  return g_object_new (VNT_TYPE_START_SECTION, NULL);
}

gboolean
vnt_start_section_get_loading (VntStartSection *self)
{
  g_return_val_if_fail (VNT_IS_START_SECTION (self), FALSE);

  return self->n_loading > 0;
}

guint
vnt_start_section_get_n_unfinished (VntStartSection *self)
{
  g_return_val_if_fail (VNT_IS_START_SECTION (self), 0);

  return self->n_unfinished;
}

guint
vnt_start_section_get_n_acuses (VntStartSection *self)
{
  g_return_val_if_fail (VNT_IS_START_SECTION (self), 0);

  return self->n_acuses;
}

/* The toast of the last "Descartar" while it offers "Deshacer", or NULL. */
AdwToast *
vnt_start_section_get_discard_toast (VntStartSection *self)
{
  g_return_val_if_fail (VNT_IS_START_SECTION (self), NULL);

  return self->pending_discard != NULL ? self->discard_toast : NULL;
}
