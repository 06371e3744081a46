/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/vnt-practice-idse.h"
#include "core/vnt-date.h"
#include "core/vnt-id.h"
#include "ui/pages/vnt-page-parts.h"
#include "ui/pages/vnt-file-chooser.h"
#include "ui/pages/vnt-pfx-page.h"
#include "ui/vnt-ui.h"
#include "vnt-idse-recover-pages.h"

static GtkWidget *
practice_button (GtkWidget  *box,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

/* ------------------------------------------------------------------ */
/* The NPIE                                                            */

struct _VntIdseNpiePage
{
  VntPage                   parent_instance;

  GtkWidget                *npie_row;
  GtkWidget                *practice_button;
  VntIdseRecoverController *controller;
};

G_DEFINE_FINAL_TYPE (VntIdseNpiePage, vnt_idse_npie_page, VNT_TYPE_PAGE)

static void
npie_changed_cb (VntIdseNpiePage *self)
{
  vnt_page_mark_invalid (self->npie_row, NULL);
  vnt_page_set_complete (VNT_PAGE (self), *gtk_editable_get_text (GTK_EDITABLE (self->npie_row)) != '\0');
}

static void
npie_practice_clicked_cb (VntIdseNpiePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->npie_row), VNT_PRACTICE_IDSE_NPIE);
}

static void
vnt_idse_npie_page_apply_async (VntPage             *page,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VntIdseNpiePage *self = VNT_IDSE_NPIE_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_idse_npie_page_apply_async);
  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_idse_recover_controller_lookup_finish);
  vnt_idse_recover_controller_lookup_async (self->controller, gtk_editable_get_text (GTK_EDITABLE (self->npie_row)),
                                            cancellable, vnt_page_parts_step_done, task);
}

static gboolean
vnt_idse_npie_page_show_error (VntPage      *page,
                               const GError *error)
{
  VntIdseNpiePage *self = VNT_IDSE_NPIE_PAGE (page);

  if (error->domain == VNT_ID_ERROR ||
      g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_NPIE_NOT_FOUND) ||
      g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_NPIE))
    vnt_page_mark_invalid (self->npie_row, error->message);
  /* The assistant says it too. */
  return FALSE;
}

static void
vnt_idse_npie_page_shown (VntPage *page)
{
  VntIdseNpiePage *self = VNT_IDSE_NPIE_PAGE (page);
  const char *npie = vnt_idse_recover_controller_get_npie (self->controller);

  vnt_page_parts_prefill (GTK_EDITABLE (self->npie_row), npie);
  npie_changed_cb (self);
}

static void
vnt_idse_npie_page_dispose (GObject *object)
{
  g_clear_object (&VNT_IDSE_NPIE_PAGE (object)->controller);

  G_OBJECT_CLASS (vnt_idse_npie_page_parent_class)->dispose (object);
}

static void
vnt_idse_npie_page_class_init (VntIdseNpiePageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_npie_page_dispose;
  page_class->apply_async = vnt_idse_npie_page_apply_async;
  page_class->show_error = vnt_idse_npie_page_show_error;
  page_class->shown = vnt_idse_npie_page_shown;
}

static void
vnt_idse_npie_page_init (VntIdseNpiePage *self)
{
  GtkWidget *box = vnt_page_parts_column (VNT_PAGE (self));
  GtkWidget *group;

  vnt_page_parts_paragraph (box, _("Type the NPIE (Número Patronal de Identificación Electrónica) of the company. IMSS lists the digital certificates issued for it; choose yours, and with the private key (.key) you kept when you requested it, Ventanilla makes its .pfx file again."));

  group = vnt_page_parts_group (box, NULL, NULL);
  self->npie_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->npie_row), _("_NPIE"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->npie_row), TRUE);
  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (self->npie_row),
                                 GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_UPPERCASE_CHARS | GTK_INPUT_HINT_NO_EMOJI);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->npie_row), TRUE);
  g_signal_connect_swapped (self->npie_row, "changed", G_CALLBACK (npie_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->npie_row);

  self->practice_button = practice_button (box, _("Use the _practice NPIE"));
  g_signal_connect_swapped (self->practice_button, "clicked", G_CALLBACK (npie_practice_clicked_cb), self);
}

VntPage *
vnt_idse_npie_page_new (VntProcedure *procedure,
                        gboolean      practice)
{
  VntIdseNpiePage *self;

  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_NPIE_PAGE,
                       "title", _("NPIE"),
                       /* IMSS's button */
                       "next-label", _("_Consultar"),
                       NULL);
  self->controller = g_object_ref (VNT_IDSE_RECOVER_CONTROLLER (procedure));
  gtk_widget_set_visible (self->practice_button, practice);
  return VNT_PAGE (self);
}

GtkWidget *
vnt_idse_npie_page_get_npie_row (VntIdseNpiePage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_NPIE_PAGE (self), NULL);
  return self->npie_row;
}

GtkWidget *
vnt_idse_npie_page_get_practice_button (VntIdseNpiePage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_NPIE_PAGE (self), NULL);
  return self->practice_button;
}

/* ------------------------------------------------------------------ */
/* The certificates                                                    */

struct _VntIdseCertificatesPage
{
  VntPage                   parent_instance;

  GtkLabel                 *intro_label;
  GtkWidget                *group;
  GtkLabel                 *none_label;
  GPtrArray                *rows;    /* the group's rows */
  GHashTable               *checks;  /* serial → GtkCheckButton (borrowed) */
  VntIdseRecoverController *controller;
};

G_DEFINE_FINAL_TYPE (VntIdseCertificatesPage, vnt_idse_certificates_page, VNT_TYPE_PAGE)

static const char *
chosen_serial (VntIdseCertificatesPage *self)
{
  GHashTableIter iter;
  gpointer serial;
  gpointer check;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &serial, &check))
    if (gtk_check_button_get_active (check))
      return serial;
  return NULL;
}

static void
check_toggled_cb (VntIdseCertificatesPage *self)
{
  vnt_page_set_complete (VNT_PAGE (self), chosen_serial (self) != NULL);
}

static void
fill (VntIdseCertificatesPage *self)
{
  g_autoptr(GPtrArray) list = vnt_idse_recover_controller_list_certificates (self->controller);
  VntCertificate *certificate = vnt_idse_recover_controller_get_certificate (self->controller);
  const char *chosen = certificate != NULL ? vnt_certificate_get_number (certificate) : NULL;
  g_autofree char *intro = NULL;
  GtkCheckButton *first = NULL;
  guint n_usable = 0;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->group), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->checks);

  /* TRANSLATORS: %s is an NPIE, then an RFC */
  intro = g_strdup_printf (_("The digital certificates IMSS issued for the NPIE %s (RFC %s). Choose the one to recover: only a valid or an expired one can be."),
                           vnt_idse_recover_controller_get_npie (self->controller),
                           vnt_idse_recover_controller_get_rfc (self->controller) != NULL
                           ? vnt_idse_recover_controller_get_rfc (self->controller) : "—");
  gtk_label_set_text (self->intro_label, intro);

  for (guint i = 0; i < list->len; i++)
    {
      VntIdseCertificateInfo *info = g_ptr_array_index (list, i);
      gboolean                usable = vnt_idse_certificate_status_recoverable (info->status);
      g_autofree char        *validity = vnt_date_format_period (info->not_before, info->not_after);
      g_autofree char        *title = NULL;
      g_autofree char        *subtitle = NULL;
      GtkWidget              *row = adw_action_row_new ();
      GtkWidget              *check = gtk_check_button_new ();

      /* TRANSLATORS: %s is the número of an IDSE certificate */
      title = g_strdup_printf (_("Certificate %s"), info->serial);
      /* TRANSLATORS: a certificate's state, then its validity */
      subtitle = g_strdup_printf (_("%s · %s"), vnt_idse_certificate_status_to_string (info->status), validity);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (first != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      else
        first = GTK_CHECK_BUTTON (check);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row, NULL, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_sensitive (row, usable);
      if (usable)
        {
          n_usable++;
          g_hash_table_insert (self->checks, g_strdup (info->serial), check);
          if (g_strcmp0 (chosen, info->serial) == 0)
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
        }
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row);
      g_ptr_array_add (self->rows, row);
    }

  /* One to choose from: chosen already. */
  if (n_usable == 1 && chosen_serial (self) == NULL)
    {
      GHashTableIter iter;
      gpointer check;

      g_hash_table_iter_init (&iter, self->checks);
      if (g_hash_table_iter_next (&iter, NULL, &check))
        gtk_check_button_set_active (check, TRUE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->none_label), n_usable == 0);
  check_toggled_cb (self);
}

static void
vnt_idse_certificates_page_apply_async (VntPage             *page,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  VntIdseCertificatesPage *self = VNT_IDSE_CERTIFICATES_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_idse_certificates_page_apply_async);
  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_idse_recover_controller_choose_finish);
  vnt_idse_recover_controller_choose_async (self->controller, chosen_serial (self), cancellable,
                                            vnt_page_parts_step_done, task);
}

static void
vnt_idse_certificates_page_shown (VntPage *page)
{
  fill (VNT_IDSE_CERTIFICATES_PAGE (page));
}

static void
vnt_idse_certificates_page_dispose (GObject *object)
{
  VntIdseCertificatesPage *self = VNT_IDSE_CERTIFICATES_PAGE (object);

  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_idse_certificates_page_parent_class)->dispose (object);
}

static void
vnt_idse_certificates_page_class_init (VntIdseCertificatesPageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_certificates_page_dispose;
  page_class->apply_async = vnt_idse_certificates_page_apply_async;
  page_class->shown = vnt_idse_certificates_page_shown;
}

static void
vnt_idse_certificates_page_init (VntIdseCertificatesPage *self)
{
  GtkWidget *box = vnt_page_parts_column (VNT_PAGE (self));

  self->rows = g_ptr_array_new ();
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->intro_label = vnt_page_parts_paragraph (box, NULL);
  self->group = vnt_page_parts_group (box, _("Certificates on record"), NULL);
  self->none_label = vnt_page_parts_paragraph (box, _("None of these certificates can be used in IDSE any more. Request a new one with “Solicitud del Certificado Digital”."));
  gtk_widget_add_css_class (GTK_WIDGET (self->none_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->none_label), FALSE);
}

VntPage *
vnt_idse_certificates_page_new (VntProcedure *procedure,
                                gboolean      practice)
{
  VntIdseCertificatesPage *self;

  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_CERTIFICATES_PAGE, "title", _("Certificates"), NULL);
  self->controller = g_object_ref (VNT_IDSE_RECOVER_CONTROLLER (procedure));
  return VNT_PAGE (self);
}

GtkWidget *
vnt_idse_certificates_page_get_check (VntIdseCertificatesPage *self,
                                      const char              *serial)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATES_PAGE (self), NULL);
  return g_hash_table_lookup (self->checks, serial);
}

guint
vnt_idse_certificates_page_get_n_rows (VntIdseCertificatesPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATES_PAGE (self), 0);
  return self->rows->len;
}

/* ------------------------------------------------------------------ */
/* The key                                                             */

struct _VntIdseRecoverKeyPage
{
  VntPage                   parent_instance;

  VntCertificateRows        facts;
  AdwActionRow             *key_row;
  GtkWidget                *password_row;
  GtkWidget                *practice_button;
  GtkLabel                 *practice_label;

  VntIdseRecoverController *controller;
  GFile                    *key_file;
  GtkNativeDialog          *chooser;
  GCancellable             *practice_cancellable;
};

G_DEFINE_FINAL_TYPE (VntIdseRecoverKeyPage, vnt_idse_recover_key_page, VNT_TYPE_PAGE)

static void
key_update (VntIdseRecoverKeyPage *self)
{
  vnt_page_set_complete (VNT_PAGE (self), self->key_file != NULL &&
                                          *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0');
}

static void
key_password_changed_cb (VntIdseRecoverKeyPage *self)
{
  vnt_page_mark_invalid (self->password_row, NULL);
  key_update (self);
}

void
vnt_idse_recover_key_page_set_file (VntIdseRecoverKeyPage *self,
                                    GFile                 *key)
{
  g_return_if_fail (VNT_IS_IDSE_RECOVER_KEY_PAGE (self));
  g_return_if_fail (G_IS_FILE (key));

  g_set_object (&self->key_file, key);
  vnt_file_chooser_show_file (self->key_row, key);
  vnt_page_mark_invalid (GTK_WIDGET (self->key_row), NULL);
  key_update (self);
}

static void
key_chosen_cb (GtkWidget *widget,
               GFile     *certificate,
               GFile     *key)
{
  vnt_idse_recover_key_page_set_file (VNT_IDSE_RECOVER_KEY_PAGE (widget), key);
}

static void
key_choose_clicked_cb (VntIdseRecoverKeyPage *self)
{
  vnt_file_chooser_choose_credential (GTK_WIDGET (self), &self->chooser, NULL, TRUE, NULL, NULL,
                                      key_chosen_cb);
}

static void
practice_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VntIdseRecoverKeyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPracticeIdse) idse = vnt_practice_idse_get_finish (result, &error);
  g_autoptr(GFile) key = NULL;
  g_autofree char *detail = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->practice_cancellable);
  if (idse == NULL)
    {
      gtk_label_set_text (self->practice_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->practice_label), TRUE);
      return;
    }

  key = g_file_new_for_path (idse->key_path);
  vnt_idse_recover_key_page_set_file (self, key);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), idse->password);
  /* TRANSLATORS: the practice key: its certificate's número, its password */
  detail = g_strdup_printf (_("The practice key of certificate %s; its password is %s."), idse->serial, idse->password);
  gtk_label_set_text (self->practice_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->practice_label), TRUE);
}

static void
key_practice_clicked_cb (VntIdseRecoverKeyPage *self)
{
  VntTramiteStore *store = vnt_procedure_get_store (VNT_PROCEDURE (self->controller));

  vnt_ui_restart_cancellable (&self->practice_cancellable);
  vnt_practice_idse_get_async (vnt_tramite_store_get_data_dir (store), VNT_PRACTICE_IDSE_TO_RECOVER,
                               self->practice_cancellable, practice_found_cb, g_object_ref (self));
}

static void
vnt_idse_recover_key_page_apply_async (VntPage             *page,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  VntIdseRecoverKeyPage *self = VNT_IDSE_RECOVER_KEY_PAGE (page);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  g_autofree char *path = g_file_get_path (self->key_file);

  g_task_set_source_tag (task, vnt_idse_recover_key_page_apply_async);
  /* Not kept in the entry while the key opens. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  vnt_page_parts_step (task, (VntPagePartsFinish) vnt_idse_recover_controller_open_key_finish);
  vnt_idse_recover_controller_open_key_async (self->controller, path, password, cancellable,
                                              vnt_page_parts_step_done, task);
  explicit_bzero (password, strlen (password));
}

static gboolean
vnt_idse_recover_key_page_apply_finish (VntPage       *page,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  key_update (VNT_IDSE_RECOVER_KEY_PAGE (page));
  return ok;
}

static gboolean
vnt_idse_recover_key_page_show_error (VntPage      *page,
                                      const GError *error)
{
  VntIdseRecoverKeyPage *self = VNT_IDSE_RECOVER_KEY_PAGE (page);

  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    vnt_page_mark_invalid (self->password_row, error->message);
  else if (error->domain == VNT_CRYPTO_ERROR)
    vnt_page_mark_invalid (GTK_WIDGET (self->key_row), error->message);
  /* The assistant says it too. */
  return FALSE;
}

static void
vnt_idse_recover_key_page_shown (VntPage *page)
{
  VntIdseRecoverKeyPage *self = VNT_IDSE_RECOVER_KEY_PAGE (page);
  const char *key_path = vnt_idse_recover_controller_get_key_path (self->controller);

  vnt_certificate_rows_show (&self->facts,
                             vnt_idse_recover_controller_get_certificate (self->controller));
  /* Resumed: the same key again, its password typed anew. */
  if (self->key_file == NULL && key_path != NULL)
    {
      g_autoptr(GFile) key = g_file_new_for_path (key_path);

      vnt_idse_recover_key_page_set_file (self, key);
    }
  key_update (self);
}

static void
vnt_idse_recover_key_page_dispose (GObject *object)
{
  VntIdseRecoverKeyPage *self = VNT_IDSE_RECOVER_KEY_PAGE (object);

  vnt_file_chooser_clear (&self->chooser);
  g_cancellable_cancel (self->practice_cancellable);
  g_clear_object (&self->practice_cancellable);
  g_clear_object (&self->key_file);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_idse_recover_key_page_parent_class)->dispose (object);
}

static void
vnt_idse_recover_key_page_class_init (VntIdseRecoverKeyPageClass *klass)
{
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_recover_key_page_dispose;
  page_class->apply_async = vnt_idse_recover_key_page_apply_async;
  page_class->apply_finish = vnt_idse_recover_key_page_apply_finish;
  page_class->show_error = vnt_idse_recover_key_page_show_error;
  page_class->shown = vnt_idse_recover_key_page_shown;
}

static void
vnt_idse_recover_key_page_init (VntIdseRecoverKeyPage *self)
{
  GtkWidget *box = vnt_page_parts_column (VNT_PAGE (self));
  GtkWidget *group;
  GtkWidget *button;

  vnt_page_parts_paragraph (box, _("Choose the private key (.key) that was made when this certificate was requested, and type its password. The key is opened on this computer only, to check it is this certificate’s; it never leaves it."));

  group = vnt_page_parts_group (box, _("Certificate to recover"), NULL);
  self->facts.number_row = vnt_page_parts_fact_row (group, _("Certificate number"));
  self->facts.rfc_row = vnt_page_parts_fact_row (group, _("RFC"));
  self->facts.validity_row = vnt_page_parts_fact_row (group, C_("certificate field", "Validity"));

  self->practice_button = practice_button (box, _("Use the practice _key"));
  g_signal_connect_swapped (self->practice_button, "clicked", G_CALLBACK (key_practice_clicked_cb), self);
  self->practice_label = vnt_page_parts_paragraph (box, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->practice_label), "dim-label");
  gtk_label_set_selectable (self->practice_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->practice_label), FALSE);

  group = vnt_page_parts_group (box, _("Your private key"), NULL);
  self->key_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("Private key (.key)"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->key_row), FALSE);
  vnt_file_chooser_show_file (self->key_row, NULL);
  button = gtk_button_new_with_mnemonic (_("C_hoose…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (key_choose_clicked_cb), self);
  adw_action_row_add_suffix (self->key_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->key_row));

  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Pass_word of the key"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->password_row), TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->password_row), TRUE);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (key_password_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->password_row);
}

VntPage *
vnt_idse_recover_key_page_new (VntProcedure *procedure,
                               gboolean      practice)
{
  VntIdseRecoverKeyPage *self;

  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_RECOVER_KEY_PAGE,
                       "title", _("Private key"),
                       "next-label", _("_Verify key"),
                       NULL);
  self->controller = g_object_ref (VNT_IDSE_RECOVER_CONTROLLER (procedure));
  gtk_widget_set_visible (self->practice_button, practice);
  return VNT_PAGE (self);
}

GtkWidget *
vnt_idse_recover_key_page_get_password_row (VntIdseRecoverKeyPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_KEY_PAGE (self), NULL);
  return self->password_row;
}

GtkWidget *
vnt_idse_recover_key_page_get_key_row (VntIdseRecoverKeyPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_KEY_PAGE (self), NULL);
  return GTK_WIDGET (self->key_row);
}

GtkWidget *
vnt_idse_recover_key_page_get_practice_button (VntIdseRecoverKeyPage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_KEY_PAGE (self), NULL);
  return self->practice_button;
}
