/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-facets.h"
#include "vnt-page-parts.h"
#include "vnt-file-chooser.h"
#include "vnt-pfx-page.h"

struct _VntPfxPage
{
  VntPage          parent_instance;

  GtkLabel        *intro_label;
  GtkLabel        *status;
  GtkWidget       *certificate_group;
  VntCertificateRows facts;
  GtkWidget       *file_group;
  AdwActionRow    *location_row;
  GtkWidget       *location_button;
  VntPfxPasswordRows password;

  VntProcedure    *procedure;
  VntPfxStep      *step;
  GFile           *file;
  GtkNativeDialog *chooser;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (VntPfxPage, vnt_pfx_page, VNT_TYPE_PAGE)

/* Enter goes from the contraseña to its confirmation. */
static void
password_activated_cb (GtkWidget *confirm_row)
{
  gtk_widget_grab_focus (confirm_row);
}

void
vnt_pfx_password_rows_add (VntPfxPasswordRows *rows,
                           GtkWidget          *group)
{
  GtkWidget *password = adw_password_entry_row_new ();
  GtkWidget *confirm = adw_password_entry_row_new ();
  GtkWidget *compat_row = adw_action_row_new ();
  GtkWidget *compat = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password), _("IDSE password"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (confirm), _("Confirm the password"));
  g_signal_connect_swapped (password, "entry-activated", G_CALLBACK (password_activated_cb),
                            confirm);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), password);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), confirm);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (compat_row),
                                 _("For _Windows before 10 or Java 8 (older format)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (compat_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (compat_row),
                               _("Only if an older program cannot open the file: "
                                 "its protection is weaker."));
  gtk_widget_set_valign (compat, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (compat_row), compat);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (compat_row), compat);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (compat), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  compat_row, NULL, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), compat_row);

  rows->password_row = password;
  rows->confirm_row = confirm;
  rows->compat_switch = compat;
}

gboolean
vnt_pfx_password_rows_get_filled (const VntPfxPasswordRows *rows)
{
  return *gtk_editable_get_text (GTK_EDITABLE (rows->password_row)) != '\0' &&
         *gtk_editable_get_text (GTK_EDITABLE (rows->confirm_row)) != '\0';
}

const char *
vnt_pfx_password_rows_check (const VntPfxPasswordRows *rows,
                             GError                  **error)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (rows->password_row));

  if (g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (rows->confirm_row))) != 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                           _("The password and its confirmation are different. "
                             "Type the same password in both."));
      return NULL;
    }
  return password;
}

VntPkcs12Profile
vnt_pfx_password_rows_get_profile (const VntPfxPasswordRows *rows)
{
  return gtk_switch_get_active (GTK_SWITCH (rows->compat_switch)) ? VNT_PKCS12_PROFILE_COMPAT
                                                                  : VNT_PKCS12_PROFILE_MODERN;
}

void
vnt_pfx_password_rows_clear (const VntPfxPasswordRows *rows)
{
  gtk_editable_set_text (GTK_EDITABLE (rows->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (rows->confirm_row), "");
}

void
vnt_certificate_rows_show (const VntCertificateRows *rows,
                           VntCertificate           *certificate)
{
  if (certificate == NULL)
    return;

  vnt_page_parts_set_fact (rows->number_row, vnt_certificate_get_number (certificate));
  if (rows->name_row != NULL)
    vnt_page_parts_set_fact (rows->name_row, vnt_certificate_get_name (certificate));
  if (rows->rfc_row != NULL)
    vnt_page_parts_set_fact (rows->rfc_row, vnt_certificate_get_rfc (certificate));
  vnt_page_parts_set_validity (rows->validity_row, certificate);
}

static void
update (VntPfxPage *self)
{
  gboolean saved = vnt_pfx_step_get_path (self->step) != NULL;
  gboolean ready = vnt_pfx_step_get_certificate (self->step) != NULL &&
                   vnt_pfx_step_get_key (self->step) != NULL;
  gboolean filled = vnt_pfx_password_rows_get_filled (&self->password);

  /* Nothing but the status before the certificate is there; once saved,
   * the page only says where it went. */
  gtk_widget_set_visible (GTK_WIDGET (self->intro_label), ready || saved);
  gtk_widget_set_visible (self->certificate_group, ready || saved);
  gtk_widget_set_visible (self->file_group, ready || saved);
  gtk_widget_set_sensitive (self->file_group, !saved);
  vnt_page_set_complete (VNT_PAGE (self), saved || (ready && self->file != NULL && filled));
}

static void
field_changed_cb (VntPfxPage *self)
{
  vnt_page_mark_invalid (self->password.password_row, NULL);
  vnt_page_mark_invalid (self->password.confirm_row, NULL);
  update (self);
}

static void
update_location (VntPfxPage *self)
{
  const char *saved = vnt_pfx_step_get_path (self->step);
  g_autofree char *where = saved != NULL ? g_filename_display_name (saved)
                           : self->file != NULL ? g_file_get_parse_name (self->file) : NULL;

  adw_action_row_set_subtitle (self->location_row, where != NULL ? where : _("No file chosen"));
}

void
vnt_pfx_page_set_file (VntPfxPage *self,
                       GFile      *file)
{
  g_return_if_fail (VNT_IS_PFX_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  vnt_page_mark_invalid (GTK_WIDGET (self->location_row), NULL);
  update_location (self);
  update (self);
}

GFile *
vnt_pfx_page_get_file (VntPfxPage *self)
{
  g_return_val_if_fail (VNT_IS_PFX_PAGE (self), NULL);
  return self->file;
}

GtkWidget *
vnt_pfx_page_get_password_row (VntPfxPage *self)
{
  g_return_val_if_fail (VNT_IS_PFX_PAGE (self), NULL);
  return self->password.password_row;
}

GtkWidget *
vnt_pfx_page_get_confirm_row (VntPfxPage *self)
{
  g_return_val_if_fail (VNT_IS_PFX_PAGE (self), NULL);
  return self->password.confirm_row;
}

GtkWidget *
vnt_pfx_page_get_compat_row (VntPfxPage *self)
{
  g_return_val_if_fail (VNT_IS_PFX_PAGE (self), NULL);
  return self->password.compat_switch;
}

GtkWidget *
vnt_pfx_page_get_location_row (VntPfxPage *self)
{
  g_return_val_if_fail (VNT_IS_PFX_PAGE (self), NULL);
  return GTK_WIDGET (self->location_row);
}

const char *
vnt_pfx_page_get_status (VntPfxPage *self)
{
  g_return_val_if_fail (VNT_IS_PFX_PAGE (self), NULL);
  return gtk_label_get_text (self->status);
}

/* ---- The file chooser ---- */

/* Beside the key the procedure generated, where there is one (the
 * drive the user chose for it); else Documents. */
static void
suggest_file (VntPfxPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *key_folder = NULL;
  const char *documents;
  const char *folder;

  if (self->file != NULL || vnt_pfx_step_get_certificate (self->step) == NULL)
    return;
  name = vnt_pfx_step_get_default_name (self->step);
  if (VNT_IS_HAS_KEYGEN (self->procedure))
    {
      const char *key = vnt_keygen_step_get_path (vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (self->procedure)));

      key_folder = key != NULL ? g_path_get_dirname (key) : NULL;
    }
  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (key_folder != NULL)
    folder = key_folder;
  else if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    folder = documents;
  else
    folder = g_get_home_dir ();
  self->file = g_file_new_build_filename (folder, name, NULL);
}

static void
chosen_cb (GtkWidget *widget,
           GFile     *file,
           gpointer   data)
{
  VntPfxPage *self = VNT_PFX_PAGE (widget);

  if (file != NULL)
    vnt_pfx_page_set_file (self, file);
  gtk_widget_grab_focus (self->password.password_row);
}

static void
choose_clicked_cb (VntPfxPage *self)
{
  static const char * const suffixes[] = { "pfx", "p12", NULL };
  GtkFileChooser *chooser;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;

  chooser = vnt_file_chooser_new (GTK_WIDGET (self), &self->chooser, GTK_FILE_CHOOSER_ACTION_SAVE,
                                  _("Save the certificate (.pfx)"), C_("file chooser", "_Save"));
  vnt_file_chooser_add_filter (chooser, _("IDSE certificates (.pfx)"), suffixes);

  suggest_file (self);
  if (self->file != NULL)
    {
      folder = g_file_get_parent (self->file);
      if (folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, folder, NULL);
      name = g_file_get_basename (self->file);
      gtk_file_chooser_set_current_name (chooser, name);
    }

  vnt_file_chooser_show (chooser, chosen_cb, NULL);
}

/* ---- Apply: pack and save ---- */

static void
vnt_pfx_page_apply_async (VntPage             *page,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  VntPfxPage *self = VNT_PFX_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *path = NULL;
  const char *password;
  GError          *error = NULL;

  g_task_set_source_tag (task, vnt_pfx_page_apply_async);

  /* Saved before (the page shown again, or a resumed trámite). */
  if (vnt_pfx_step_get_path (self->step) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  password = vnt_pfx_password_rows_check (&self->password, &error);
  if (password == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  path = g_file_get_path (self->file);
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("Choose a folder on this computer or on a drive connected to it."));
      return;
    }

  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_pfx_step_save_finish);
  vnt_pfx_step_save_async (self->step, path, password,
                           vnt_pfx_password_rows_get_profile (&self->password), cancellable,
                           vnt_page_parts_step_done, g_steal_pointer (&task));
}

static gboolean
vnt_pfx_page_apply_finish (VntPage       *page,
                           GAsyncResult  *result,
                           GError       **error)
{
  VntPfxPage *self = VNT_PFX_PAGE (page);
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  vnt_pfx_password_rows_clear (&self->password);
  update_location (self);
  update (self);
  return ok;
}

static gboolean
vnt_pfx_page_show_error (VntPage      *page,
                         const GError *error)
{
  VntPfxPage *self = VNT_PFX_PAGE (page);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    vnt_page_mark_invalid (GTK_WIDGET (self->location_row), error->message);
  else if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    vnt_page_mark_invalid (self->password.confirm_row, error->message);
  /* The assistant says it too. */
  return FALSE;
}

static void
show_certificate (VntPfxPage *self)
{
  vnt_certificate_rows_show (&self->facts, vnt_pfx_step_get_certificate (self->step));
  suggest_file (self);
  update_location (self);
  update (self);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VntPfxPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vnt_has_pfx_prepare_finish (VNT_HAS_PFX (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vnt_page_parts_set_status (self->status, error->message, TRUE);
      update (self);
      return;
    }

  vnt_page_parts_set_status (self->status, NULL, FALSE);
  show_certificate (self);
  gtk_widget_grab_focus (self->password.password_row);
}

static void
vnt_pfx_page_shown (VntPage *page)
{
  VntPfxPage *self = VNT_PFX_PAGE (page);

  show_certificate (self);
  if (vnt_pfx_step_get_certificate (self->step) == NULL && vnt_pfx_step_get_path (self->step) == NULL &&
      vnt_has_pfx_can_prepare (VNT_HAS_PFX (self->procedure)))
    {
      vnt_page_parts_set_status (self->status, _("Fetching the certificate…"), FALSE);
      vnt_has_pfx_prepare_async (VNT_HAS_PFX (self->procedure), self->cancellable, prepared_cb,
                                 g_object_ref (self));
    }
}

static void
vnt_pfx_page_dispose (GObject *object)
{
  VntPfxPage *self = VNT_PFX_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  vnt_file_chooser_clear (&self->chooser);
  g_clear_object (&self->file);
  g_clear_object (&self->step);
  g_clear_object (&self->procedure);

  G_OBJECT_CLASS (vnt_pfx_page_parent_class)->dispose (object);
}

static void
vnt_pfx_page_class_init (VntPfxPageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_pfx_page_dispose;
  page_class->apply_async = vnt_pfx_page_apply_async;
  page_class->apply_finish = vnt_pfx_page_apply_finish;
  page_class->show_error = vnt_pfx_page_show_error;
  page_class->shown = vnt_pfx_page_shown;
}

static void
vnt_pfx_page_init (VntPfxPage *self)
{
  GtkWidget *box = vnt_page_parts_column (VNT_PAGE (self));
  GtkWidget *group;

  self->cancellable = g_cancellable_new ();
  self->intro_label = vnt_page_parts_paragraph (box, NULL);
  self->status = vnt_page_parts_status (box);

  group = vnt_page_parts_group (box, _("Your IDSE certificate"), NULL);
  self->certificate_group = group;
  self->facts.number_row = vnt_page_parts_fact_row (group, _("Certificate number"));
  self->facts.name_row = vnt_page_parts_fact_row (group, _("Name or company name"));
  self->facts.rfc_row = vnt_page_parts_fact_row (group, _("RFC"));
  self->facts.validity_row = vnt_page_parts_fact_row (group, C_("certificate field", "Validity"));

  group = vnt_page_parts_group (box, _("Certificate file (.pfx)"),
                                _("The certificate and your key in one file, protected with your IDSE password."));
  self->file_group = group;

  self->location_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row), _("Save as"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->location_row), FALSE);
  self->location_button = gtk_button_new_with_mnemonic (_("C_hoose…"));
  gtk_widget_set_valign (self->location_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->location_button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_action_row_add_suffix (self->location_row, self->location_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->location_row));

  vnt_pfx_password_rows_add (&self->password, group);
  g_signal_connect_swapped (self->password.password_row, "changed", G_CALLBACK (field_changed_cb),
                            self);
  g_signal_connect_swapped (self->password.confirm_row, "changed", G_CALLBACK (field_changed_cb),
                            self);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->password.confirm_row), TRUE);
}

VntPage *
vnt_pfx_page_new (VntProcedure *procedure,
                  const char   *intro)
{
  VntPfxPage *self;

  g_return_val_if_fail (VNT_IS_HAS_PFX (procedure), NULL);

  self = g_object_new (VNT_TYPE_PFX_PAGE,
                       "title", _("Save the certificate"),
                       "next-label", _("_Save .pfx"),
                       NULL);
  self->procedure = g_object_ref (procedure);
  self->step = g_object_ref (vnt_has_pfx_get_pfx_step (VNT_HAS_PFX (procedure)));
  gtk_label_set_text (self->intro_label, intro);
  update (self);
  return VNT_PAGE (self);
}

/* ------------------------------------------------------------------ */
/* Saved                                                               */

struct _VntPfxSavedPage
{
  VntPage        parent_instance;

  AdwStatusPage *status_page;
  AdwActionRow  *path_row;
  VntPfxStep    *step;
};

G_DEFINE_FINAL_TYPE (VntPfxSavedPage, vnt_pfx_saved_page, VNT_TYPE_PAGE)

static void
vnt_pfx_saved_page_shown (VntPage *page)
{
  VntPfxSavedPage *self = VNT_PFX_SAVED_PAGE (page);
  const char *path = vnt_pfx_step_get_path (self->step);
  g_autofree char *where = path != NULL ? g_filename_display_name (path) : NULL;

  adw_action_row_set_subtitle (self->path_row, where != NULL ? where : "");
}

static void
vnt_pfx_saved_page_dispose (GObject *object)
{
  g_clear_object (&VNT_PFX_SAVED_PAGE (object)->step);

  G_OBJECT_CLASS (vnt_pfx_saved_page_parent_class)->dispose (object);
}

static void
vnt_pfx_saved_page_class_init (VntPfxSavedPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_pfx_saved_page_dispose;
  VNT_PAGE_CLASS (klass)->shown = vnt_pfx_saved_page_shown;
}

static void
vnt_pfx_saved_page_init (VntPfxSavedPage *self)
{
  GtkWidget *box;
  GtkWidget *group;
  GtkWidget *clamp;
  GtkWidget *exit;

  self->status_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status_page, "emblem-ok-symbolic");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  group = adw_preferences_group_new ();
  self->path_row = vnt_page_parts_fact_row (group, _("Saved in"));
  gtk_box_append (GTK_BOX (box), group);

  exit = gtk_button_new_with_mnemonic (_("_Exit"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (exit), "window.back");
  gtk_widget_set_halign (exit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (exit, "pill");
  gtk_widget_add_css_class (exit, "suggested-action");
  gtk_box_append (GTK_BOX (box), exit);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  adw_status_page_set_child (self->status_page, clamp);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status_page));
}

VntPage *
vnt_pfx_saved_page_new (VntProcedure *procedure,
                        const char   *title,
                        const char   *description)
{
  VntPfxSavedPage *self;

  g_return_val_if_fail (VNT_IS_HAS_PFX (procedure), NULL);

  self = g_object_new (VNT_TYPE_PFX_SAVED_PAGE, "title", title, NULL);
  self->step = g_object_ref (vnt_has_pfx_get_pfx_step (VNT_HAS_PFX (procedure)));
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  vnt_page_set_has_forward (VNT_PAGE (self), FALSE);
  vnt_page_set_can_go_back (VNT_PAGE (self), FALSE);
  return VNT_PAGE (self);
}

const char *
vnt_pfx_saved_page_get_path (VntPfxSavedPage *self)
{
  g_return_val_if_fail (VNT_IS_PFX_SAVED_PAGE (self), NULL);
  return vnt_pfx_step_get_path (self->step);
}
