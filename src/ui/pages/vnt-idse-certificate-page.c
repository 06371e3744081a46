/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/vnt-procedure-facets.h"
#include "ui/vnt-ui.h"
#include "vnt-file-chooser.h"
#include "vnt-page-parts.h"
#include "vnt-idse-certificate-page.h"

struct _VntIdseCertificatePage
{
  VntPage             parent_instance;

  GtkLabel           *intro_label;
  GtkWidget          *practice_button;
  GtkLabel           *practice_label;
  AdwActionRow       *cer_row;
  AdwActionRow       *key_row;
  GtkWidget          *cer_button;
  GtkWidget          *key_button;
  AdwEntryRow        *password_row;
  GtkLabel           *error_label;

  VntProcedure       *procedure;
  VntEfirmaStep      *step;
  char               *intro;
  GFile              *cer_file;
  GFile              *key_file;
  GtkNativeDialog    *chooser;
  GCancellable       *practice_cancellable;
  VntPracticeIdseUse  practice_use;
  gboolean            practice;
  gboolean            unlock_mode;
};

G_DEFINE_FINAL_TYPE (VntIdseCertificatePage, vnt_idse_certificate_page, VNT_TYPE_PAGE)

static gboolean
is_pkcs12 (GFile *file)
{
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".pfx") || g_str_has_suffix (lower, ".p12"));
}

static void
update (VntIdseCertificatePage *self)
{
  gboolean has_password = *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';
  gboolean pfx = is_pkcs12 (self->cer_file);
  gboolean ready;

  if (self->unlock_mode)
    ready = has_password;
  else
    ready = has_password && self->cer_file != NULL && (pfx || self->key_file != NULL);

  /* A .pfx holds its key. */
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), !self->unlock_mode && !pfx);
  gtk_widget_set_visible (GTK_WIDGET (self->cer_row), !self->unlock_mode);
  gtk_widget_set_visible (self->practice_button, self->practice && !self->unlock_mode);
  vnt_page_set_complete (VNT_PAGE (self), ready);
}

static void
field_changed_cb (VntIdseCertificatePage *self)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->password_row), NULL);
  vnt_page_parts_set_status (self->error_label, NULL, TRUE);
  update (self);
}

void
vnt_idse_certificate_page_set_files (VntIdseCertificatePage *self,
                                     GFile                  *certificate,
                                     GFile                  *key)
{
  g_return_if_fail (VNT_IS_IDSE_CERTIFICATE_PAGE (self));

  if (certificate != NULL)
    g_set_object (&self->cer_file, certificate);
  if (key != NULL || is_pkcs12 (certificate))
    g_set_object (&self->key_file, key);

  vnt_file_chooser_show_file (self->cer_row, self->cer_file);
  vnt_file_chooser_show_file (self->key_row, self->key_file);
  vnt_page_mark_invalid (GTK_WIDGET (self->cer_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->key_row), NULL);
  vnt_page_parts_set_status (self->error_label, NULL, TRUE);
  update (self);
}

const char *
vnt_idse_certificate_page_get_error (VntIdseCertificatePage *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATE_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

/* ---- File choosers ---- */

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  static const char * const        suffixes[] = { "pfx", "p12", "cer", "crt", "pem", NULL };
  static const char                title[] = N_("Choose the IDSE certificate (.pfx or .cer)");
  static const char                filter[] = N_("IDSE certificates (.pfx, .cer)");
  static const VntCertificateFiles certificates = { title, filter, suffixes };
  VntIdseCertificatePage          *self = VNT_IDSE_CERTIFICATE_PAGE (widget);
  gboolean                         for_key;
  VntCredentialChosenFunc          chosen;

  for_key = g_str_equal (action_name, "certificate-page.choose-key");
  chosen = (VntCredentialChosenFunc) vnt_idse_certificate_page_set_files;
  vnt_file_chooser_choose_credential (widget, &self->chooser, &certificates, for_key, NULL, NULL,
                                      chosen);
}

/* ---- Practice ---- */

static void
practice_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VntIdseCertificatePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPracticeIdse) idse = vnt_practice_idse_get_finish (result, &error);
  g_autoptr(GFile) pfx = NULL;
  g_autofree char *detail = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->practice_cancellable);
  if (idse == NULL)
    {
      vnt_page_parts_set_status (self->error_label, error->message, TRUE);
      return;
    }

  pfx = g_file_new_for_path (idse->pfx_path);
  vnt_idse_certificate_page_set_files (self, pfx, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), idse->password);
  /* TRANSLATORS: a practice IDSE certificate: company, RFC, NPIE, número, usuario, contraseña */
  detail = g_strdup_printf (_("%s · RFC %s · NPIE %s\nCertificate %s · IDSE user name %s · password %s\nOnly the practice service knows it."),
                            idse->name, idse->rfc, idse->npie, idse->serial, idse->usuario, idse->password);
  gtk_label_set_text (self->practice_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->practice_label), TRUE);
}

static void
practice_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VntIdseCertificatePage *self = VNT_IDSE_CERTIFICATE_PAGE (widget);
  VntTramiteStore *store = vnt_procedure_get_store (self->procedure);

  vnt_ui_restart_cancellable (&self->practice_cancellable);
  vnt_practice_idse_get_async (vnt_tramite_store_get_data_dir (store), self->practice_use,
                               self->practice_cancellable, practice_found_cb, g_object_ref (self));
}

/* ---- Apply: open and check ---- */

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntIdseCertificatePage *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean ok;

  if (self->unlock_mode)
    ok = vnt_efirma_step_unlock_finish (VNT_EFIRMA_STEP (object), result, &error);
  else
    ok = vnt_efirma_step_validate_finish (VNT_EFIRMA_STEP (object), result, &error);

  if (!ok)
    g_task_return_error (task, error);
  else if (!self->unlock_mode)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      /* Opened here; what the service knows of it may still stop it (a
       * renewal asks whether it can still be renewed). Any outcome but
       * VNT_EFIRMA_OUTCOME_ERROR (FALSE) goes on. */
      vnt_page_parts_step (task, (VntPagePartsFinish) vnt_has_efirma_proceed_finish);
      vnt_has_efirma_proceed_async (VNT_HAS_EFIRMA (self->procedure), cancellable,
                                    vnt_page_parts_step_done, g_steal_pointer (&task));
    }
  else
    {
      self->unlock_mode = FALSE;
      g_task_return_boolean (task, TRUE);
    }
}

static void
vnt_idse_certificate_page_apply_async (VntPage             *page,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  VntIdseCertificatePage *self = VNT_IDSE_CERTIFICATE_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;

  g_task_set_source_tag (task, vnt_idse_certificate_page_apply_async);
  /* Not kept in the entry while the certificate opens. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  vnt_page_parts_set_status (self->error_label, NULL, TRUE);

  /* Came back to it, the certificate open: nothing to do again. */
  if (!self->unlock_mode && *password == '\0' && vnt_efirma_step_get_credential (self->step) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->unlock_mode)
    {
      vnt_efirma_step_unlock_async (self->step, password, cancellable, opened_cb, g_steal_pointer (&task));
      explicit_bzero (password, strlen (password));
      return;
    }

  cer_path = g_file_get_path (self->cer_file);
  key_path = self->key_file != NULL && !is_pkcs12 (self->cer_file) ? g_file_get_path (self->key_file) : NULL;
  vnt_efirma_step_validate_async (self->step, NULL, cer_path, key_path, password, cancellable,
                                  opened_cb, g_steal_pointer (&task));
  explicit_bzero (password, strlen (password));
}

static gboolean
vnt_idse_certificate_page_apply_finish (VntPage       *page,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  update (VNT_IDSE_CERTIFICATE_PAGE (page));
  return ok;
}

static gboolean
vnt_idse_certificate_page_show_error (VntPage      *page,
                                      const GError *error)
{
  VntIdseCertificatePage *self = VNT_IDSE_CERTIFICATE_PAGE (page);

  if (error->domain != VNT_CRYPTO_ERROR && error->domain != VNT_PROCEDURE_ERROR)
    return FALSE;

  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    vnt_page_mark_invalid (GTK_WIDGET (self->password_row), error->message);
  else if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH))
    vnt_page_mark_invalid (GTK_WIDGET (self->key_row), error->message);
  else
    vnt_page_mark_invalid (GTK_WIDGET (self->cer_row), error->message);
  vnt_page_parts_set_status (self->error_label, error->message, TRUE);
  return TRUE;
}

static void
vnt_idse_certificate_page_shown (VntPage *page)
{
  VntIdseCertificatePage *self = VNT_IDSE_CERTIFICATE_PAGE (page);

  self->unlock_mode = vnt_efirma_step_get_needs_credential (self->step);
  if (self->unlock_mode)
    gtk_label_set_text (self->intro_label,
                        _("You started this procedure earlier. Type the password of your IDSE certificate again to go on; it is never saved."));
  else
    gtk_label_set_text (self->intro_label, self->intro);
  update (self);
  /* Back from a later page with the certificate open: go on as it is. */
  if (!self->unlock_mode && vnt_efirma_step_get_credential (self->step) != NULL)
    vnt_page_set_complete (page, TRUE);
}

static void
vnt_idse_certificate_page_dispose (GObject *object)
{
  VntIdseCertificatePage *self = VNT_IDSE_CERTIFICATE_PAGE (object);

  vnt_file_chooser_clear (&self->chooser);
  g_cancellable_cancel (self->practice_cancellable);
  g_clear_object (&self->practice_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_IDSE_CERTIFICATE_PAGE);
  g_clear_object (&self->procedure);
  g_clear_object (&self->step);
  g_clear_object (&self->cer_file);
  g_clear_object (&self->key_file);
  g_clear_pointer (&self->intro, g_free);

  G_OBJECT_CLASS (vnt_idse_certificate_page_parent_class)->dispose (object);
}

static void
vnt_idse_certificate_page_class_init (VntIdseCertificatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_idse_certificate_page_dispose;
  page_class->apply_async = vnt_idse_certificate_page_apply_async;
  page_class->apply_finish = vnt_idse_certificate_page_apply_finish;
  page_class->show_error = vnt_idse_certificate_page_show_error;
  page_class->shown = vnt_idse_certificate_page_shown;

  gtk_widget_class_install_action (widget_class, "certificate-page.choose-certificate", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "certificate-page.choose-key", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "certificate-page.use-practice", NULL, practice_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-idse-certificate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, practice_button);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, practice_label);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, cer_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, key_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, cer_button);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, key_button);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VntIdseCertificatePage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
vnt_idse_certificate_page_init (VntIdseCertificatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vnt_file_chooser_show_file (self->cer_row, NULL);
  vnt_file_chooser_show_file (self->key_row, NULL);
}

VntPage *
vnt_idse_certificate_page_new (VntProcedure       *procedure,
                               const char         *intro,
                               VntPracticeIdseUse  practice_use,
                               gboolean            practice)
{
  VntIdseCertificatePage *self;

  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_CERTIFICATE_PAGE, "title", _("IDSE certificate"), NULL);
  self->procedure = g_object_ref (procedure);
  self->step = g_object_ref (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (procedure)));
  self->intro = g_strdup (intro);
  self->practice_use = practice_use;
  self->practice = practice;
  gtk_label_set_text (self->intro_label, intro);
  update (self);

  return VNT_PAGE (self);
}
