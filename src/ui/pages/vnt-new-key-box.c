/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "crypto/vnt-crypto.h"
#include "ui/wizard/vnt-page.h"
#include "vnt-file-chooser.h"
#include "vnt-new-key-box.h"
#include "vnt-page-parts.h"

struct _VntNewKeyBox
{
  GtkBox               parent_instance;

  AdwPasswordEntryRow *password_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLevelBar         *strength_bar;
  GtkLabel            *strength_label;
  AdwActionRow        *folder_row;
  GtkWidget           *folder_button;

  char                *folder;
  GtkNativeDialog     *chooser;
  GCancellable        *cancellable;
  VntSatLocal         *procedure;
};

G_DEFINE_FINAL_TYPE (VntNewKeyBox, vnt_new_key_box, GTK_TYPE_BOX)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
update_folder_row (VntNewKeyBox *self)
{
  adw_action_row_set_subtitle (self->folder_row, self->folder != NULL ? self->folder : _("No folder chosen"));
}

static void
password_changed_cb (VntNewKeyBox *self)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->password_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->confirm_row), NULL);
  if (self->procedure != NULL)
    vnt_new_key_box_rate (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
chosen_cb (GtkWidget *widget,
           GFile     *file,
           gpointer   data)
{
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    vnt_new_key_box_set_folder (VNT_NEW_KEY_BOX (widget), path);
}

static void
choose_clicked_cb (VntNewKeyBox *self)
{
  GtkFileChooser *chooser;

  chooser = vnt_file_chooser_new (GTK_WIDGET (self), &self->chooser,
                                  GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                  _("Choose where to save the files"),
                                  C_("file chooser", "_Select"));
  if (self->folder != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->folder);

      gtk_file_chooser_set_current_folder (chooser, current, NULL);
    }
  vnt_file_chooser_show (chooser, chosen_cb, NULL);
}

static void
suggested_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree char *folder = vnt_sat_local_suggest_folder_finish (result, NULL);
  VntNewKeyBox *self;

  if (folder == NULL || g_cancellable_is_cancelled (G_CANCELLABLE (user_data)))
    {
      g_object_unref (user_data);
      return;
    }
  self = g_object_get_data (G_OBJECT (user_data), "vnt-new-key-box");
  g_object_unref (user_data);
  /* The person's own choice wins. */
  if (self != NULL && self->folder == NULL)
    vnt_new_key_box_set_folder (self, folder);
}

static void
vnt_new_key_box_dispose (GObject *object)
{
  VntNewKeyBox *self = VNT_NEW_KEY_BOX (object);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_object_set_data (G_OBJECT (self->cancellable), "vnt-new-key-box", NULL);
    }
  g_clear_object (&self->cancellable);
  vnt_file_chooser_clear (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_NEW_KEY_BOX);
  g_clear_object (&self->procedure);

  G_OBJECT_CLASS (vnt_new_key_box_parent_class)->dispose (object);
}

static void
vnt_new_key_box_finalize (GObject *object)
{
  VntNewKeyBox *self = VNT_NEW_KEY_BOX (object);

  g_free (self->folder);

  G_OBJECT_CLASS (vnt_new_key_box_parent_class)->finalize (object);
}

static void
vnt_new_key_box_class_init (VntNewKeyBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_new_key_box_dispose;
  object_class->finalize = vnt_new_key_box_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-new-key-box.ui");
  gtk_widget_class_bind_template_child (widget_class, VntNewKeyBox, password_row);
  gtk_widget_class_bind_template_child (widget_class, VntNewKeyBox, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, VntNewKeyBox, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, VntNewKeyBox, strength_label);
  gtk_widget_class_bind_template_child (widget_class, VntNewKeyBox, folder_row);
  gtk_widget_class_bind_template_child (widget_class, VntNewKeyBox, folder_button);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
vnt_new_key_box_init (VntNewKeyBox *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Weak, fair and strong in the theme's warning, middle and success
   * colours. */
  gtk_level_bar_remove_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, VNT_PASSWORD_STRENGTH_WEAK);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, VNT_PASSWORD_STRENGTH_FAIR);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, VNT_PASSWORD_STRENGTH_STRONG);
  update_folder_row (self);

  self->cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->cancellable), "vnt-new-key-box", self);
  vnt_sat_local_suggest_folder_async (self->cancellable, suggested_cb, g_object_ref (self->cancellable));
}

GtkWidget *
vnt_new_key_box_new (void)
{
  return g_object_new (VNT_TYPE_NEW_KEY_BOX, NULL);
}

const char *
vnt_new_key_box_get_password (VntNewKeyBox *self)
{
  g_return_val_if_fail (VNT_IS_NEW_KEY_BOX (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

const char *
vnt_new_key_box_get_confirmation (VntNewKeyBox *self)
{
  g_return_val_if_fail (VNT_IS_NEW_KEY_BOX (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
}

void
vnt_new_key_box_clear_passwords (VntNewKeyBox *self)
{
  g_return_if_fail (VNT_IS_NEW_KEY_BOX (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
}

gboolean
vnt_new_key_box_apply_finish (VntNewKeyBox *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (VNT_IS_NEW_KEY_BOX (self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  vnt_new_key_box_clear_passwords (self);
  return TRUE;
}

void
vnt_new_key_box_set_strength (VntNewKeyBox        *self,
                              VntPasswordStrength  strength)
{
  gboolean empty;

  g_return_if_fail (VNT_IS_NEW_KEY_BOX (self));

  empty = *vnt_new_key_box_get_password (self) == '\0';
  gtk_level_bar_set_value (self->strength_bar, empty ? 0 : (double) strength);
  gtk_label_set_text (self->strength_label,
                      empty ? _("Type a password of at least 8 characters.")
                            : vnt_password_strength_describe (strength));
}

const char *
vnt_new_key_box_get_folder (VntNewKeyBox *self)
{
  g_return_val_if_fail (VNT_IS_NEW_KEY_BOX (self), NULL);
  return self->folder;
}

gboolean
vnt_new_key_box_get_filled (VntNewKeyBox *self)
{
  g_return_val_if_fail (VNT_IS_NEW_KEY_BOX (self), FALSE);
  return *vnt_new_key_box_get_password (self) != '\0' &&
         *vnt_new_key_box_get_confirmation (self) != '\0' &&
         self->folder != NULL;
}

void
vnt_new_key_box_set_folder (VntNewKeyBox *self,
                            const char   *folder)
{
  g_return_if_fail (VNT_IS_NEW_KEY_BOX (self));

  if (!vnt_set_str (&self->folder, folder))
    return;
  vnt_page_mark_invalid (GTK_WIDGET (self->folder_row), NULL);
  update_folder_row (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
vnt_new_key_box_show_error (VntNewKeyBox *self,
                            const GError *error)
{
  g_return_val_if_fail (VNT_IS_NEW_KEY_BOX (self), FALSE);

  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PASSWORD_MISMATCH))
    {
      vnt_page_mark_invalid (GTK_WIDGET (self->confirm_row), error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
      return TRUE;
    }
  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WEAK_PASSWORD) ||
      g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED))
    {
      vnt_page_mark_invalid (GTK_WIDGET (self->password_row), error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return TRUE;
    }
  if (error->domain == G_IO_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      vnt_page_mark_invalid (GTK_WIDGET (self->folder_row), error->message);
      return TRUE;
    }

  return FALSE;
}

void
vnt_new_key_box_set_editable (VntNewKeyBox *self,
                              gboolean      editable)
{
  g_return_if_fail (VNT_IS_NEW_KEY_BOX (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_row), editable);
  gtk_widget_set_sensitive (self->folder_button, editable);
}

void
vnt_new_key_box_set_procedure (VntNewKeyBox *self,
                               VntSatLocal  *procedure)
{
  g_return_if_fail (VNT_IS_NEW_KEY_BOX (self));
  g_return_if_fail (VNT_IS_SAT_LOCAL (procedure));

  g_set_object (&self->procedure, procedure);
}

void
vnt_new_key_box_rate (VntNewKeyBox *self)
{
  g_return_if_fail (VNT_IS_NEW_KEY_BOX (self));
  g_return_if_fail (self->procedure != NULL);

  vnt_new_key_box_set_strength (self,
                                vnt_sat_local_rate_password (self->procedure,
                                                             vnt_new_key_box_get_password (self)));
}

void
vnt_new_key_box_write (VntNewKeyBox *self,
                       GTask        *task)
{
  g_return_if_fail (VNT_IS_NEW_KEY_BOX (self));
  g_return_if_fail (self->procedure != NULL);

  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_sat_local_write_finish);
  vnt_sat_local_write_async (self->procedure, self->folder,
                             vnt_new_key_box_get_password (self),
                             vnt_new_key_box_get_confirmation (self),
                             g_task_get_cancellable (task), vnt_page_parts_step_done, task);
}
