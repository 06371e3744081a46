/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/vnt-ui.h"
#include "vnt-file-chooser.h"

typedef struct
{
  GtkWidget         *owner;
  GtkNativeDialog  **slot;
  VntFileChosenFunc  chosen;
  gpointer           data;
} Pending;

GtkFileChooser *
vnt_file_chooser_new (GtkWidget             *owner,
                      GtkNativeDialog      **slot,
                      GtkFileChooserAction   action,
                      const char            *title,
                      const char            *accept_label)
{
  GtkFileChooserNative *chooser;
  Pending *pending;

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);

  if (slot != NULL)
    vnt_file_chooser_clear (slot);

  chooser = gtk_file_chooser_native_new (title, vnt_ui_get_window (owner),
                                         action, accept_label, C_("file chooser", "_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  pending = g_new0 (Pending, 1);
  pending->owner = owner;
  pending->slot = slot;
  g_object_set_data_full (G_OBJECT (chooser), "vnt-file-chooser", pending, g_free);
  if (slot != NULL)
    *slot = GTK_NATIVE_DIALOG (chooser);
  return GTK_FILE_CHOOSER (chooser);
}

void
vnt_file_chooser_add_filter (GtkFileChooser     *chooser,
                             const char         *name,
                             const char * const *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
vnt_file_chooser_add_all_files (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (all, C_("file chooser", "All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             GtkWidget       *owner)
{
  Pending *pending = g_object_get_data (G_OBJECT (dialog), "vnt-file-chooser");
  GtkNativeDialog **slot = pending->slot;
  VntFileChosenFunc chosen = pending->chosen;
  gpointer data = pending->data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  if (slot == NULL)
    g_object_unref (dialog);
  else if (*slot == dialog)
    g_clear_object (slot);
  chosen (owner, file, data);
}

void
vnt_file_chooser_show (GtkFileChooser    *chooser,
                       VntFileChosenFunc  chosen,
                       gpointer           data)
{
  Pending *pending = g_object_get_data (G_OBJECT (chooser), "vnt-file-chooser");

  g_return_if_fail (pending != NULL && chosen != NULL);

  pending->chosen = chosen;
  pending->data = data;
  g_signal_connect_object (chooser, "response", G_CALLBACK (response_cb), pending->owner, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct
{
  VntCredentialChosenFunc chosen;
  gboolean                for_key;
  GtkWidget              *button;
} CredentialChoice;

static void
credential_chosen_cb (GtkWidget *owner,
                      GFile     *file,
                      gpointer   data)
{
  CredentialChoice *choice = data;

  if (file != NULL)
    choice->chosen (owner, choice->for_key ? NULL : file, choice->for_key ? file : NULL);
  if (choice->button != NULL)
    gtk_widget_grab_focus (choice->button);
}

void
vnt_file_chooser_choose_credential (GtkWidget                 *owner,
                                    GtkNativeDialog          **slot,
                                    const VntCertificateFiles *certificates,
                                    gboolean                   for_key,
                                    GFile                     *near,
                                    GtkWidget                 *button,
                                    VntCredentialChosenFunc    chosen)
{
  static const char * const key_suffixes[] = { "key", "pem", NULL };
  GtkFileChooser           *chooser;
  CredentialChoice         *choice;
  const char               *title;

  g_return_if_fail ((certificates != NULL || for_key) && chosen != NULL);

  title = for_key ? _("Choose the private key (.key)") : _(certificates->title);
  chooser = vnt_file_chooser_new (owner, slot, GTK_FILE_CHOOSER_ACTION_OPEN, title,
                                  C_("file chooser", "_Choose"));
  if (for_key)
    vnt_file_chooser_add_filter (chooser, _("Private keys (.key, .pem)"), key_suffixes);
  else
    vnt_file_chooser_add_filter (chooser, _(certificates->filter), certificates->suffixes);
  vnt_file_chooser_add_all_files (chooser);

  if (near != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (near);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }

  choice = g_new0 (CredentialChoice, 1);
  choice->chosen = chosen;
  choice->for_key = for_key;
  choice->button = button;
  /* Kept by @owner, which outlives the answer; a new chooser replaces it. */
  g_object_set_data_full (G_OBJECT (owner), "vnt-credential-choice", choice, g_free);
  vnt_file_chooser_show (chooser, credential_chosen_cb, choice);
}

void
vnt_file_chooser_show_file (AdwActionRow *row,
                            GFile        *file)
{
  g_autofree char *name = NULL;
  g_autofree char *where = NULL;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  if (file != NULL)
    {
      name = g_file_get_basename (file);
      where = g_file_get_parse_name (file);
    }
  adw_action_row_set_subtitle (row, name != NULL ? name : _("No file chosen"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), where);
}

void
vnt_file_chooser_clear (GtkNativeDialog **slot)
{
  g_return_if_fail (slot != NULL);

  if (*slot != NULL)
    gtk_native_dialog_destroy (*slot);
  g_clear_object (slot);
}
