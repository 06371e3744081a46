/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-file-chooser.h"
#include "ui/pages/vnt-page-parts.h"
#include "ui/vnt-ui.h"
#include "vnt-csd-pages.h"

/* Under the request made: the optional check of a CSD downloaded later
 * from CertiSAT Web against its .key. */

struct _VntCsdCheckBox
{
  GtkBox                   parent_instance;

  VntCsdRequestController *controller;
  GCancellable            *cancellable;
  GtkNativeDialog         *chooser;
  GFile                   *cer_file;
  GFile                   *key_file;
  gboolean                 checking;
  gboolean                 result_ok;

  GtkWidget               *cer_row;
  GtkWidget               *cer_button;
  GtkWidget               *key_row;
  GtkWidget               *key_button;
  GtkWidget               *password_row;
  GtkWidget               *check_button;
  GtkWidget               *result_box;
  GtkWidget               *result_icon;
  GtkWidget               *result_title;
  GtkWidget               *result_detail;
};

G_DEFINE_FINAL_TYPE (VntCsdCheckBox, vnt_csd_check_box, GTK_TYPE_BOX)

static void
update_check (VntCsdCheckBox *self)
{
  g_autofree char *cer = self->cer_file != NULL ? g_file_get_basename (self->cer_file) : NULL;
  g_autofree char *key = self->key_file != NULL ? g_file_get_basename (self->key_file) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->cer_row), cer != NULL ? cer : _("No file chosen"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->key_row), key != NULL ? key : _("No file chosen"));
  gtk_widget_set_sensitive (self->check_button,
                            !self->checking && self->cer_file != NULL && self->key_file != NULL &&
                            *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0');
}

/* Once laid out with the result: its end, where the result is, in view. */
static gboolean
scroll_to_end_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

static void
show_result (VntCsdCheckBox *self,
             gboolean        ok,
             const char     *title,
             const char     *detail)
{
  self->result_ok = ok;
  gtk_widget_set_visible (self->result_box, title != NULL);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->result_icon), ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_label_set_text (GTK_LABEL (self->result_title), title != NULL ? title : "");
  gtk_label_set_text (GTK_LABEL (self->result_detail), detail != NULL ? detail : "");
  if (ok)
    {
      gtk_widget_remove_css_class (self->result_title, "error");
      gtk_widget_add_css_class (self->result_title, "success");
    }
  else
    {
      gtk_widget_remove_css_class (self->result_title, "success");
      gtk_widget_add_css_class (self->result_title, "error");
    }
  if (title != NULL)
    {
      g_autofree char *announce = g_strconcat (title, ". ", detail, NULL);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_box), GTK_ACCESSIBLE_PROPERTY_LABEL, announce, -1);
      GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);

      if (scrolled != NULL)
        gtk_widget_add_tick_callback (scrolled, scroll_to_end_cb, NULL, NULL);
    }
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VntCsdCheckBox) self = user_data;
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;

  cert = vnt_csd_request_controller_check_csd_finish (VNT_CSD_REQUEST_CONTROLLER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  update_check (self);

  if (cert == NULL)
    {
      const char *title = g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH)
                          ? _("The key does not match this CSD") : _("This CSD cannot be used");

      show_result (self, FALSE, title, error->message);
      return;
    }

  {
    g_autoptr(GDateTime) until = g_date_time_to_local (vnt_certificate_get_not_after (cert));
    g_autofree char *date = g_date_time_format (until, "%d/%m/%Y");
    const char *sucursal = vnt_certificate_get_organizational_unit (cert);
    g_autofree char *detail = NULL;

    /* TRANSLATORS: a CSD's RFC, its sucursal, its number and expiry */
    detail = g_strdup_printf (_("RFC %s · sucursal “%s”\nNúmero de certificado %s, valid until %s. Use this .cer with this .key and its password to seal your invoices."),
                              vnt_certificate_get_rfc (cert), sucursal != NULL ? sucursal : "—",
                              vnt_certificate_get_number (cert), date);
    show_result (self, TRUE, _("The CSD and its key match"), detail);
  }
}

static void
check_clicked_cb (VntCsdCheckBox *self)
{
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;

  if (self->cer_file == NULL || self->key_file == NULL)
    return;

  vnt_ui_restart_cancellable (&self->cancellable);
  self->checking = TRUE;
  show_result (self, FALSE, NULL, NULL);
  cer = g_file_get_path (self->cer_file);
  key = g_file_get_path (self->key_file);
  vnt_csd_request_controller_check_csd_async (self->controller, cer, key,
                                              gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                              self->cancellable, checked_cb, g_object_ref (self));
  /* The controller has its own copy, wiped after use. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  update_check (self);
}

static void
chosen_cb (GtkWidget *widget,
           GFile     *file,
           gpointer   data)
{
  VntCsdCheckBox *self = VNT_CSD_CHECK_BOX (widget);
  gboolean for_key = GPOINTER_TO_INT (data);

  if (file == NULL)
    return;
  vnt_csd_check_box_set_files (self, for_key ? self->cer_file : file, for_key ? file : self->key_file);
  /* On to what comes next (and into view). */
  gtk_widget_grab_focus (for_key ? self->password_row : self->key_button);
}

static void
choose (VntCsdCheckBox *self,
        gboolean        for_key)
{
  static const char * const cer_suffixes[] = { "cer", NULL };
  static const char * const key_suffixes[] = { "key", NULL };
  GtkFileChooser *chooser;
  const char *folder = vnt_csd_request_controller_get_folder (self->controller);

  chooser = vnt_file_chooser_new (GTK_WIDGET (self), &self->chooser, GTK_FILE_CHOOSER_ACTION_OPEN,
                                  for_key ? _("The CSD’s private key (.key)")
                                          : _("The CSD (.cer)"),
                                  C_("file chooser", "_Open"));
  vnt_file_chooser_add_filter (chooser,
                               for_key ? _("Private keys (.key)") : _("Certificates (.cer)"),
                               for_key ? key_suffixes : cer_suffixes);
  if (folder != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (chooser, file, NULL);
    }
  vnt_file_chooser_show (chooser, chosen_cb, GINT_TO_POINTER (for_key));
}

static void
choose_cer_cb (VntCsdCheckBox *self)
{
  choose (self, FALSE);
}

static void
choose_key_cb (VntCsdCheckBox *self)
{
  choose (self, TRUE);
}

static void
vnt_csd_check_box_dispose (GObject *object)
{
  VntCsdCheckBox *self = VNT_CSD_CHECK_BOX (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  vnt_file_chooser_clear (&self->chooser);
  g_clear_object (&self->controller);
  g_clear_object (&self->cer_file);
  g_clear_object (&self->key_file);
  G_OBJECT_CLASS (vnt_csd_check_box_parent_class)->dispose (object);
}

static void
vnt_csd_check_box_class_init (VntCsdCheckBoxClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_csd_check_box_dispose;
}

static void
vnt_csd_check_box_init (VntCsdCheckBox *self)
{
}

static GtkWidget *
chooser_row (const char  *title,
             const char  *button_label,
             GtkWidget  **button_out,
             GCallback    callback,
             gpointer     data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", callback, data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  *button_out = button;
  return row;
}

GtkWidget *
vnt_csd_check_box_new (VntProcedure *procedure)
{
  VntCsdCheckBox *self;
  GtkWidget *box, *group, *result_text;

  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_CSD_CHECK_BOX, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 18, NULL);
  self->controller = g_object_ref (VNT_CSD_REQUEST_CONTROLLER (procedure));
  box = GTK_WIDGET (self);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Check a CSD you downloaded (optional)"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Ventanilla checks that the .cer is a CSD of this RFC and that the .key belongs to it."));
  self->cer_row = chooser_row (_("CSD certificate (.cer)"), _("Choose _.cer…"), &self->cer_button,
                               G_CALLBACK (choose_cer_cb), self);
  self->key_row = chooser_row (_("Its private key (.key)"), _("Choose .ke_y…"), &self->key_button,
                               G_CALLBACK (choose_key_cb), self);
  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password of the _key"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->password_row), TRUE);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (update_check), self);
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (check_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->cer_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->key_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->password_row);
  gtk_box_append (GTK_BOX (box), group);

  self->check_button = gtk_button_new_with_mnemonic (_("C_heck"));
  gtk_widget_set_halign (self->check_button, GTK_ALIGN_END);
  g_signal_connect_swapped (self->check_button, "clicked", G_CALLBACK (check_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->check_button);

  self->result_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Result of the check"), -1);
  self->result_icon = g_object_new (GTK_TYPE_IMAGE, "valign", GTK_ALIGN_START,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  result_text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->result_title = g_object_new (GTK_TYPE_LABEL, "wrap", TRUE, "xalign", 0.0f, NULL);
  gtk_widget_add_css_class (self->result_title, "heading");
  self->result_detail = vnt_page_parts_wrapped_label ("");
  gtk_label_set_selectable (GTK_LABEL (self->result_detail), TRUE);
  gtk_box_append (GTK_BOX (result_text), self->result_title);
  gtk_box_append (GTK_BOX (result_text), self->result_detail);
  gtk_box_append (GTK_BOX (self->result_box), self->result_icon);
  gtk_box_append (GTK_BOX (self->result_box), result_text);
  gtk_widget_set_visible (self->result_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->result_box);

  update_check (self);
  return GTK_WIDGET (self);
}

void
vnt_csd_check_box_set_files (VntCsdCheckBox *self,
                             GFile          *cer,
                             GFile          *key)
{
  g_return_if_fail (VNT_IS_CSD_CHECK_BOX (self));

  g_set_object (&self->cer_file, cer);
  g_set_object (&self->key_file, key);
  show_result (self, FALSE, NULL, NULL);
  update_check (self);
}

GtkWidget *
vnt_csd_check_box_get_password_row (VntCsdCheckBox *self)
{
  g_return_val_if_fail (VNT_IS_CSD_CHECK_BOX (self), NULL);
  return self->password_row;
}

GtkWidget *
vnt_csd_check_box_get_check_button (VntCsdCheckBox *self)
{
  g_return_val_if_fail (VNT_IS_CSD_CHECK_BOX (self), NULL);
  return self->check_button;
}

const char *
vnt_csd_check_box_get_result (VntCsdCheckBox  *self,
                              const char     **detail,
                              gboolean        *ok)
{
  g_return_val_if_fail (VNT_IS_CSD_CHECK_BOX (self), NULL);

  if (!gtk_widget_get_visible (self->result_box))
    return NULL;
  if (detail != NULL)
    *detail = gtk_label_get_text (GTK_LABEL (self->result_detail));
  if (ok != NULL)
    *ok = self->result_ok;
  return gtk_label_get_text (GTK_LABEL (self->result_title));
}

gboolean
vnt_csd_check_box_get_checking (VntCsdCheckBox *self)
{
  g_return_val_if_fail (VNT_IS_CSD_CHECK_BOX (self), FALSE);
  return self->checking;
}
