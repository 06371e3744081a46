/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-file-viewer.h"
#include "vnt-sat-result-page.h"

struct _VntSatResultPage
{
  VntPage              parent_instance;

  GtkLabel            *title_label;
  GtkLabel            *description_label;
  AdwPreferencesGroup *files_group;
  AdwPreferencesGroup *steps_group;
  GtkBox              *extra_box;

  VntProcedure        *procedure;
  VntSatResultFill     fill;
  GPtrArray           *file_rows;   /* owned by files_group */
  GPtrArray           *step_rows;   /* owned by steps_group */
  GPtrArray           *steps;       /* their texts */
};

G_DEFINE_FINAL_TYPE (VntSatResultPage, vnt_sat_result_page, VNT_TYPE_PAGE)

/* Empties @group of @rows, and hides it. */
static void
clear_group (AdwPreferencesGroup *group,
             GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (group), FALSE);
}

/* A row of @group, kept in @rows: @title, as written. */
static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  gtk_widget_set_visible (GTK_WIDGET (group), TRUE);
  return row;
}

static void
clear (VntSatResultPage *self)
{
  GtkWidget *child;

  clear_group (self->files_group, self->file_rows);
  clear_group (self->steps_group, self->step_rows);
  g_ptr_array_set_size (self->steps, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->extra_box))) != NULL)
    gtk_box_remove (self->extra_box, child);
}

static void
vnt_sat_result_page_shown (VntPage *page)
{
  VntSatResultPage *self = VNT_SAT_RESULT_PAGE (page);

  clear (self);
  if (self->fill != NULL)
    self->fill (self, self->procedure);
}

static void
vnt_sat_result_page_dispose (GObject *object)
{
  VntSatResultPage *self = VNT_SAT_RESULT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_SAT_RESULT_PAGE);
  g_clear_object (&self->procedure);

  G_OBJECT_CLASS (vnt_sat_result_page_parent_class)->dispose (object);
}

static void
vnt_sat_result_page_finalize (GObject *object)
{
  VntSatResultPage *self = VNT_SAT_RESULT_PAGE (object);

  g_ptr_array_unref (self->file_rows);
  g_ptr_array_unref (self->step_rows);
  g_ptr_array_unref (self->steps);

  G_OBJECT_CLASS (vnt_sat_result_page_parent_class)->finalize (object);
}

static void
vnt_sat_result_page_class_init (VntSatResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_sat_result_page_dispose;
  object_class->finalize = vnt_sat_result_page_finalize;
  VNT_PAGE_CLASS (klass)->shown = vnt_sat_result_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-sat-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntSatResultPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VntSatResultPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, VntSatResultPage, files_group);
  gtk_widget_class_bind_template_child (widget_class, VntSatResultPage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, VntSatResultPage, extra_box);
}

static void
vnt_sat_result_page_init (VntSatResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->file_rows = g_ptr_array_new ();
  self->step_rows = g_ptr_array_new ();
  self->steps = g_ptr_array_new_with_free_func (g_free);
}

VntPage *
vnt_sat_result_page_new (VntProcedure     *procedure,
                         VntSatResultFill  fill)
{
  VntSatResultPage *self;

  g_return_val_if_fail (VNT_IS_PROCEDURE (procedure), NULL);

  self = g_object_new (VNT_TYPE_SAT_RESULT_PAGE,
                       "title", _("Done"),
                       "has-forward", FALSE,
                       "can-go-back", FALSE,
                       NULL);
  self->procedure = g_object_ref (procedure);
  self->fill = fill;
  return VNT_PAGE (self);
}

void
vnt_sat_result_page_set_heading (VntSatResultPage *self,
                                 const char       *title,
                                 const char       *description)
{
  g_return_if_fail (VNT_IS_SAT_RESULT_PAGE (self));

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);
}

/* A row of the files group: @title over @subtitle. */
static GtkWidget *
add_file_row (VntSatResultPage *self,
              const char       *title,
              const char       *subtitle)
{
  GtkWidget *row = add_row (self->files_group, self->file_rows, title);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
open_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  vnt_open_file_in_viewer (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "vnt-path"));
}

void
vnt_sat_result_page_add_file (VntSatResultPage *self,
                              const char       *title,
                              const char       *path)
{
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  g_return_if_fail (VNT_IS_SAT_RESULT_PAGE (self));

  /* Not written yet: the page is shown before its step ran (a resumed
   * trámite, or every page in turn at 360 px). */
  if (path == NULL)
    return;

  name = g_path_get_basename (path);
  folder = g_path_get_dirname (path);
  /* TRANSLATORS: a file's name, then the folder it is in */
  subtitle = g_strdup_printf (_("%s\nin %s"), name, folder);
  row = add_file_row (self, title, subtitle);
  if (g_str_has_suffix (path, ".pdf"))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "vnt-path", g_strdup (path), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (open_clicked_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
}

void
vnt_sat_result_page_add_fact (VntSatResultPage *self,
                              const char       *title,
                              const char       *value)
{
  g_return_if_fail (VNT_IS_SAT_RESULT_PAGE (self));

  add_file_row (self, title, value);
}

void
vnt_sat_result_page_set_steps_title (VntSatResultPage *self,
                                     const char       *title)
{
  g_return_if_fail (VNT_IS_SAT_RESULT_PAGE (self));
  adw_preferences_group_set_title (self->steps_group, title);
}

void
vnt_sat_result_page_add_step (VntSatResultPage *self,
                              const char       *text)
{
  g_autofree char *number = NULL;
  GtkWidget *row;
  GtkWidget *label;

  g_return_if_fail (VNT_IS_SAT_RESULT_PAGE (self));

  number = g_strdup_printf ("%u", self->steps->len + 1);
  row = add_row (self->steps_group, self->step_rows, text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  label = gtk_label_new (number);
  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_set_size_request (label, 24, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
  g_ptr_array_add (self->steps, g_strdup (text));
}

void
vnt_sat_result_page_add_group (VntSatResultPage *self,
                               GtkWidget        *group)
{
  g_return_if_fail (VNT_IS_SAT_RESULT_PAGE (self));
  gtk_box_append (self->extra_box, group);
}

GPtrArray *
vnt_sat_result_page_get_steps (VntSatResultPage *self)
{
  g_return_val_if_fail (VNT_IS_SAT_RESULT_PAGE (self), NULL);
  return self->steps;
}
