/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-facets.h"
#include "crypto/vnt-keygen.h"
#include "vnt-file-chooser.h"
#include "vnt-key-page.h"

struct _VntKeyPage
{
  VntPage               parent_instance;

  GtkLabel             *intro_label;
  AdwActionRow         *location_row;
  GtkWidget            *location_button;
  AdwPasswordEntryRow  *password_row;
  AdwPasswordEntryRow  *confirm_row;
  GtkWidget            *hint_label;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;

  VntProcedure         *procedure;
  VntKeygenStep        *step;
  GFile                *file;
  GtkNativeDialog      *chooser;
  guint                 pulse_id;
  gboolean              unlock_mode;
};

G_DEFINE_FINAL_TYPE (VntKeyPage, vnt_key_page, VNT_TYPE_PAGE)

static const char *
password_text (AdwPasswordEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_location (VntKeyPage *self)
{
  g_autofree char *display = NULL;

  if (self->file != NULL)
    display = g_file_get_parse_name (self->file);
  adw_action_row_set_subtitle (self->location_row, display != NULL ? display : _("No location chosen"));
}

static void
update_complete (VntKeyPage *self)
{
  gboolean busy = vnt_procedure_get_busy (self->procedure);
  gboolean complete;

  if (vnt_keygen_step_get_saved (self->step) && !vnt_keygen_step_get_needs_key (self->step))
    complete = TRUE;
  else if (self->unlock_mode)
    complete = *password_text (self->password_row) != '\0';
  else
    complete = self->file != NULL && *password_text (self->password_row) != '\0'
               && *password_text (self->confirm_row) != '\0';

  gtk_widget_set_sensitive (self->location_button, !busy && !self->unlock_mode
                            && !vnt_keygen_step_get_saved (self->step));
  vnt_page_set_complete (VNT_PAGE (self), complete && !busy);
}

static void
field_changed_cb (VntKeyPage *self)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->password_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->confirm_row), NULL);
  update_complete (self);
}

static gboolean
pulse_cb (gpointer user_data)
{
  VntKeyPage *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
stop_pulse (VntKeyPage *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
progress_changed_cb (VntKeyPage *self)
{
  VntKeygenPhase phase = vnt_keygen_step_get_phase (self->step);
  const char *status = NULL;

  switch (phase)
    {
    case VNT_KEYGEN_PHASE_GENERATING:
      status = _("Generating the key from your system’s random source. There is no need to move the mouse; this takes a few seconds.");
      break;
    case VNT_KEYGEN_PHASE_ENCRYPTING:
      status = _("Encrypting the key with your password…");
      break;
    case VNT_KEYGEN_PHASE_WRITING:
      status = _("Saving the key…");
      break;
    case VNT_KEYGEN_PHASE_DONE:
      status = _("The key was saved. Keep it and its password: the certificate is made for this key.");
      break;
    case VNT_KEYGEN_PHASE_IDLE:
    default:
      break;
    }

  /* GnuTLS says nothing while it searches for the primes: pulse then. */
  if (phase == VNT_KEYGEN_PHASE_GENERATING)
    {
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (120, pulse_cb, self);
    }
  else
    {
      stop_pulse (self);
      gtk_progress_bar_set_fraction (self->progress_bar, vnt_keygen_step_get_progress (self->step));
    }

  gtk_widget_set_visible (self->progress_box, status != NULL);
  gtk_label_set_text (self->progress_label, status != NULL ? status : "");
}

static void
suggest_file (VntKeyPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  const char *documents;

  if (self->file != NULL)
    return;
  if (vnt_keygen_step_get_path (self->step) != NULL)
    {
      self->file = g_file_new_for_path (vnt_keygen_step_get_path (self->step));
      return;
    }

  name = vnt_has_keygen_suggest_file_name (VNT_HAS_KEYGEN (self->procedure));
  folder = vnt_keygen_step_suggest_folder ();
  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (folder == NULL)
    folder = g_strdup (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR) ? documents
                                                                                      : g_get_home_dir ());
  self->file = g_file_new_build_filename (folder, name, NULL);
}

static void
chosen_cb (GtkWidget *widget,
           GFile     *file,
           gpointer   data)
{
  VntKeyPage *self = VNT_KEY_PAGE (widget);

  if (file != NULL)
    vnt_key_page_set_file (self, file);
  gtk_widget_grab_focus (self->location_button);
}

static void
choose_location_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  VntKeyPage *self = VNT_KEY_PAGE (widget);
  GtkFileChooser *chooser;
  g_autofree char *removable = vnt_keygen_step_suggest_folder ();
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;

  chooser = vnt_file_chooser_new (widget, &self->chooser, GTK_FILE_CHOOSER_ACTION_SAVE,
                                  _("Save the new private key"), C_("file chooser", "_Save"));

  /* A removable drive first: the key is best kept off this computer. */
  if (removable != NULL)
    folder = g_file_new_for_path (removable);
  else if (self->file != NULL)
    folder = g_file_get_parent (self->file);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
  name = self->file != NULL ? g_file_get_basename (self->file)
                            : vnt_has_keygen_suggest_file_name (VNT_HAS_KEYGEN (self->procedure));
  gtk_file_chooser_set_current_name (chooser, name);

  vnt_file_chooser_show (chooser, chosen_cb, NULL);
}

static void
set_unlock_mode (VntKeyPage *self,
                 gboolean    unlock)
{
  self->unlock_mode = unlock;
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_row), !unlock);
  gtk_widget_set_visible (self->hint_label, !unlock);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 unlock ? _("Pass_word of the saved key") : _("Pass_word of the new key"));
  gtk_label_set_text (self->intro_label,
                      unlock ? _("You started this procedure earlier and its key was saved. Type the key’s password to open it again and go on; it is never saved.")
                             : _("Ventanilla now makes the private key of your certificate, on this computer. It uses your system’s random source: there is no need to move the mouse. Choose where to save it (a USB drive is best) and the password that protects it. The key never leaves this computer."));
  vnt_page_set_next_label (VNT_PAGE (self), unlock ? _("_Open the key") : _("_Generate key"));
}

static void
vnt_key_page_shown (VntPage *page)
{
  VntKeyPage *self = VNT_KEY_PAGE (page);

  suggest_file (self);
  update_location (self);
  set_unlock_mode (self, vnt_keygen_step_get_needs_key (self->step));
  progress_changed_cb (self);
  update_complete (self);
}

static gboolean
vnt_key_page_show_error (VntPage      *page,
                         const GError *error)
{
  VntKeyPage *self = VNT_KEY_PAGE (page);
  GtkWidget *field;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    field = GTK_WIDGET (self->location_row);
  else if (error->domain == VNT_CRYPTO_ERROR || !self->unlock_mode)
    field = GTK_WIDGET (self->password_row);
  else
    return FALSE;

  vnt_page_mark_invalid (field, error->message);
  /* The assistant shows the sentence too; the field is where to fix it. */
  return FALSE;
}

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntKeyPage *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (task) == vnt_keygen_step_unlock_async)
    ok = vnt_keygen_step_unlock_finish (VNT_KEYGEN_STEP (source), result, &error);
  else
    ok = vnt_keygen_step_generate_finish (VNT_KEYGEN_STEP (source), result, &error);

  /* Typed once, used once. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  progress_changed_cb (self);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
vnt_key_page_apply_async (VntPage             *page,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  VntKeyPage *self = VNT_KEY_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *path = NULL;
  GError *error = NULL;

  if (vnt_keygen_step_get_needs_key (self->step))
    {
      g_task_set_source_tag (task, vnt_keygen_step_unlock_async);
      vnt_keygen_step_unlock_async (self->step, password_text (self->password_row), cancellable,
                                    step_done_cb, g_steal_pointer (&task));
      return;
    }

  g_task_set_source_tag (task, vnt_key_page_apply_async);
  if (vnt_keygen_step_get_saved (self->step))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!vnt_keygen_step_check_password (password_text (self->password_row),
                                       password_text (self->confirm_row), &error))
    {
      vnt_page_mark_invalid (GTK_WIDGET (self->confirm_row), error->message);
      g_task_return_error (task, error);
      return;
    }

  path = g_file_get_path (self->file);
  vnt_keygen_step_generate_async (self->step, path, password_text (self->password_row),
                                  VNT_KEYGEN_DEFAULT_BITS, cancellable, step_done_cb,
                                  g_steal_pointer (&task));
}

static void
vnt_key_page_dispose (GObject *object)
{
  VntKeyPage *self = VNT_KEY_PAGE (object);

  stop_pulse (self);
  vnt_file_chooser_clear (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_KEY_PAGE);
  g_clear_object (&self->step);
  g_clear_object (&self->procedure);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (vnt_key_page_parent_class)->dispose (object);
}

static void
vnt_key_page_class_init (VntKeyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_key_page_dispose;
  page_class->apply_async = vnt_key_page_apply_async;
  page_class->shown = vnt_key_page_shown;
  page_class->show_error = vnt_key_page_show_error;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-key-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, location_row);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, location_button);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VntKeyPage, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_install_action (widget_class, "key.choose-location", NULL, choose_location_action_cb);
}

static void
vnt_key_page_init (VntKeyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VntPage *
vnt_key_page_new (VntProcedure *procedure,
                  gboolean      practice)
{
  VntKeyPage *self;

  g_return_val_if_fail (VNT_IS_HAS_KEYGEN (procedure), NULL);

  self = g_object_new (VNT_TYPE_KEY_PAGE,
                       "title", _("Private key"),
                       "next-label", _("_Generate key"),
                       NULL);
  self->procedure = g_object_ref (procedure);
  self->step = g_object_ref (vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (procedure)));
  g_signal_connect_object (self->step, "notify::phase", G_CALLBACK (progress_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->step, "notify::progress", G_CALLBACK (progress_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (procedure, "notify::busy", G_CALLBACK (update_complete), self,
                           G_CONNECT_SWAPPED);

  return VNT_PAGE (self);
}

void
vnt_key_page_set_file (VntKeyPage *self,
                       GFile      *file)
{
  g_return_if_fail (VNT_IS_KEY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  vnt_page_mark_invalid (GTK_WIDGET (self->location_row), NULL);
  update_location (self);
  update_complete (self);
}

GFile *
vnt_key_page_get_file (VntKeyPage *self)
{
  g_return_val_if_fail (VNT_IS_KEY_PAGE (self), NULL);
  return self->file;
}

double
vnt_key_page_get_fraction (VntKeyPage *self)
{
  g_return_val_if_fail (VNT_IS_KEY_PAGE (self), 0.0);
  return gtk_progress_bar_get_fraction (self->progress_bar);
}

const char *
vnt_key_page_get_status (VntKeyPage *self)
{
  g_return_val_if_fail (VNT_IS_KEY_PAGE (self), NULL);
  return gtk_label_get_text (self->progress_label);
}
