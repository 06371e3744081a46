/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-practice.h"
#include "controllers/vnt-procedure-facets.h"
#include "core/vnt-date.h"
#include "core/vnt-id.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "ui/vnt-ui.h"
#include "vnt-efirma-page.h"
#include "vnt-file-chooser.h"
#include "vnt-page-parts.h"

/* Apply results the page shows itself ("nothing to update", "no account"):
 * the assistant must stay on the page without showing an error. */
#define OUTCOME_ERROR (g_quark_from_static_string ("vnt-efirma-page-outcome"))

struct _VntEfirmaPage
{
  VntPage       parent_instance;

  GtkLabel     *intro_label;
  AdwPreferencesGroup *efirma_group;
  AdwEntryRow  *rfc_row;
  AdwActionRow *cer_row;
  AdwActionRow *key_row;
  GtkWidget    *cer_button;
  GtkWidget    *key_button;
  AdwEntryRow  *password_row;
  GtkWidget    *validate_button;
  GtkSpinner   *spinner;
  GtkLabel     *validate_label;
  GtkWidget    *practice_button;
  GtkWidget    *result_box;
  GtkImage     *result_icon;
  GtkLabel     *result_title;
  GtkLabel     *result_detail;
  GtkWidget    *create_account_button;

  VntProcedure *procedure;
  VntEfirmaStep *efirma;
  GFile        *cer_file;
  GFile        *key_file;
  GCancellable *practice_cancellable;
  GCancellable *cancellable;
  GtkNativeDialog *chooser;
  gboolean      validating;
  gboolean      unlock_mode;
  /* The procedure's own e.firma step: going on runs its proceed. */
  gboolean      proceeds;
  gboolean      practice;
  gboolean      filling;
  /* The CURP the verdict shown was about: another CURP typed since (back
   * on the CURP page) makes it someone else's. */
  char         *verdict_curp;
};

G_DEFINE_FINAL_TYPE (VntEfirmaPage, vnt_efirma_page, VNT_TYPE_PAGE)

typedef enum {
  RESULT_NONE,
  RESULT_OK,
  RESULT_INFO,
  RESULT_ERROR,
} ResultKind;

static void
show_result (VntEfirmaPage *self,
             ResultKind     kind,
             const char    *title,
             const char    *detail)
{
  static const char * const icons[] = {
    NULL, "object-select-symbolic", "dialog-information-symbolic", "dialog-error-symbolic",
  };
  static const char * const classes[] = { NULL, "success", "accent", "error" };

  gtk_widget_set_visible (self->result_box, kind != RESULT_NONE);
  gtk_widget_set_visible (self->create_account_button, FALSE);
  g_free (self->verdict_curp);
  self->verdict_curp = kind != RESULT_NONE && self->efirma != NULL
                        ? g_strdup (vnt_efirma_step_get_curp (self->efirma)) : NULL;
  if (kind == RESULT_NONE)
    return;

  gtk_image_set_from_icon_name (self->result_icon, icons[kind]);
  for (guint i = 1; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), classes[kind]);
  gtk_label_set_text (self->result_title, title);
  gtk_label_set_text (self->result_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_detail), detail != NULL && *detail != '\0');
  vnt_ui_scroll_into_view (self->result_box);
}

/* A button to the procedure the descriptor offers for @which, if any. */
static void
show_offer (VntEfirmaPage     *self,
            VntProcedureOffer  which)
{
  const VntProcedureDescriptor *descriptor;
  const VntProcedureDescriptor *offered = NULL;

  descriptor = vnt_procedure_registry_lookup (vnt_procedure_get_procedure_id (self->procedure));
  if (descriptor != NULL)
    offered = vnt_procedure_descriptor_get_offer (descriptor, which);
  if (offered == NULL)
    return;

  gtk_button_set_label (GTK_BUTTON (self->create_account_button), _(offered->name));
  /* The target first: the action takes one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->create_account_button), "(ss)",
                                    vnt_procedure_offer_to_nick (which), "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->create_account_button), "procedure.offer");
  gtk_widget_set_visible (self->create_account_button, TRUE);
}

static void
clear_marks (VntEfirmaPage *self)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->rfc_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->cer_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->key_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->password_row), NULL);
}

static void
update_sensitivity (VntEfirmaPage *self)
{
  gboolean has_password = *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';
  gboolean has_rfc = *gtk_editable_get_text (GTK_EDITABLE (self->rfc_row)) != '\0';
  gboolean ready;
  gboolean applying = vnt_page_get_applying (VNT_PAGE (self));

  if (self->unlock_mode)
    ready = has_password;
  else
    ready = has_password && has_rfc && self->cer_file != NULL && self->key_file != NULL;

  gtk_widget_set_sensitive (self->validate_button, ready && !self->validating && !applying);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->validating);
  gtk_spinner_set_spinning (self->spinner, self->validating);

  gtk_widget_set_sensitive (GTK_WIDGET (self->rfc_row), !self->unlock_mode && !self->validating && !applying);
  gtk_widget_set_sensitive (self->cer_button, !self->unlock_mode && !self->validating && !applying);
  gtk_widget_set_sensitive (self->key_button, !self->unlock_mode && !self->validating && !applying);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->validating && !applying);
  gtk_widget_set_sensitive (self->practice_button, !self->validating && !applying);
  gtk_widget_set_visible (self->practice_button, self->practice && !self->unlock_mode);
}

/* Anything typed or chosen after "Validar" asks for it again. */
static void
invalidate (VntEfirmaPage *self)
{
  if (self->filling)
    return;

  if (vnt_page_get_complete (VNT_PAGE (self)))
    {
      vnt_page_set_complete (VNT_PAGE (self), FALSE);
      show_result (self, RESULT_NONE, NULL, NULL);
    }
  update_sensitivity (self);
}

void
vnt_efirma_page_set_files (VntEfirmaPage *self,
                           GFile         *cer,
                           GFile         *key)
{
  g_return_if_fail (VNT_IS_EFIRMA_PAGE (self));

  if (cer != NULL)
    g_set_object (&self->cer_file, cer);
  if (key != NULL)
    g_set_object (&self->key_file, key);

  vnt_file_chooser_show_file (self->cer_row, self->cer_file);
  vnt_file_chooser_show_file (self->key_row, self->key_file);
  vnt_page_mark_invalid (GTK_WIDGET (self->cer_row), NULL);
  vnt_page_mark_invalid (GTK_WIDGET (self->key_row), NULL);
  invalidate (self);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  static const char * const        suffixes[] = { "cer", "crt", "pem", NULL };
  static const char                title[] = N_("Choose the certificate (.cer)");
  static const char                filter[] = N_("Certificates (.cer, .crt, .pem)");
  static const VntCertificateFiles certificates = { title, filter, suffixes };
  VntEfirmaPage                   *self = VNT_EFIRMA_PAGE (widget);
  gboolean                         for_key = g_str_equal (action_name, "efirma.choose-key");
  GFile                           *near = for_key ? self->cer_file : self->key_file;
  g_autoptr(GFile) beside = NULL;

  /* A company's e.firma is often kept beside its representative's. */
  if (near == NULL && !self->proceeds)
    {
      VntEfirmaStep *step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (self->procedure));
      const char    *path = vnt_efirma_step_get_certificate_path (step);

      if (path != NULL)
        near = beside = g_file_new_for_path (path);
    }

  vnt_file_chooser_choose_credential (widget, &self->chooser, &certificates, for_key, near,
                                      for_key ? self->key_button : self->cer_button,
                                      (VntCredentialChosenFunc) vnt_efirma_page_set_files);
}

/* Which field an error is about, so it is marked there too. */
static GtkWidget *
field_for_error (VntEfirmaPage *self,
                 const GError  *error)
{
  if (error->domain == VNT_ID_ERROR)
    return GTK_WIDGET (self->rfc_row);
  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH)
      || g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_RFC_MISMATCH))
    return GTK_WIDGET (self->rfc_row);
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    return GTK_WIDGET (self->password_row);
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY))
    return GTK_WIDGET (self->key_row);
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE)
      || g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE))
    return GTK_WIDGET (self->cer_row);

  return NULL;
}

/* A heading that says what happened: a mistyped password or RFC, or a
 * wrong file, is not an e.firma that "cannot be used here". */
static const char *
failure_title (const GError *error)
{
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    return _("The password is not correct");
  if (error->domain == VNT_ID_ERROR
      || g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH)
      || g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_RFC_MISMATCH))
    return _("The RFC does not match");
  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CURP_MISMATCH)
      || g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_CURP_MISMATCH))
    return _("This e.firma is not of the CURP you typed");
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH))
    return _("The private key is not this certificate’s");
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE)
      || g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE))
    return _("A file cannot be read");
  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE))
    return _("This is not the e.firma the procedure began with");

  return _("This e.firma cannot be used here");
}

/* The failing problems of the last check, one a line. */
static char *
describe_problems (VntEfirmaPage *self,
                   gboolean       errors)
{
  VntCheckReport *report = vnt_efirma_step_get_check_report (self->efirma);
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *problems;

  if (report == NULL)
    return NULL;

  problems = vnt_check_report_get_problems (report);
  for (guint i = 0; i < problems->len; i++)
    {
      VntProblem *problem = g_ptr_array_index (problems, i);

      if ((problem->severity == VNT_PROBLEM_SEVERITY_ERROR) != errors)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
show_failure (VntEfirmaPage *self,
              const GError  *error)
{
  GtkWidget *field = field_for_error (self, error);
  g_autofree char *problems = NULL;
  g_autofree char *detail = NULL;

  if (field != NULL)
    vnt_page_mark_invalid (field, error->message);

  if (g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED))
    problems = describe_problems (self, TRUE);

  if (problems != NULL && g_strcmp0 (problems, error->message) != 0)
    detail = g_strdup_printf ("%s\n%s", error->message, problems);
  else
    detail = g_strdup (error->message);

  show_result (self, RESULT_ERROR, failure_title (error), detail);
  /* A company's e.firma where a person's goes: the company's own
   * procedure is the way on. */
  if (self->proceeds && g_error_matches (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_MORAL))
    show_offer (self, VNT_PROCEDURE_OFFER_PERSONA_MORAL);
  if (field != NULL)
    gtk_widget_grab_focus (field);
}

static void
show_success (VntEfirmaPage *self)
{
  VntCertificate *certificate = vnt_efirma_step_get_certificate (self->efirma);
  g_autofree char *warnings = describe_problems (self, FALSE);
  g_autoptr(GString) detail = g_string_new (NULL);

  if (certificate != NULL)
    {
      /* TRANSLATORS: the holder's name, RFC and certificate number */
      g_string_append_printf (detail, _("%s · RFC %s · Certificate number %s"),
                              vnt_certificate_get_name (certificate),
                              vnt_certificate_get_rfc (certificate),
                              vnt_certificate_get_number (certificate));
    }
  if (warnings != NULL)
    g_string_append_printf (detail, "\n%s", warnings);

  show_result (self, RESULT_OK, _("Your e.firma is valid"), detail->str);
}

static void
validate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VntEfirmaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->unlock_mode)
    ok = vnt_efirma_step_unlock_finish (VNT_EFIRMA_STEP (object), result, &error);
  else
    ok = vnt_efirma_step_validate_finish (VNT_EFIRMA_STEP (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || self->procedure == NULL)
    return;

  self->validating = FALSE;
  update_sensitivity (self);

  if (!ok)
    {
      show_failure (self, error);
      vnt_page_set_complete (VNT_PAGE (self), FALSE);
      return;
    }

  show_success (self);
  vnt_page_set_complete (VNT_PAGE (self), TRUE);
}

static void
validate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VntEfirmaPage *self = VNT_EFIRMA_PAGE (widget);
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;

  if (self->validating || !gtk_widget_get_sensitive (self->validate_button))
    return;

  clear_marks (self);
  show_result (self, RESULT_NONE, NULL, NULL);
  vnt_page_set_complete (VNT_PAGE (self), FALSE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->validating = TRUE;

  if (self->unlock_mode)
    {
      vnt_efirma_step_unlock_async (self->efirma,
                                  gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                  self->cancellable, validate_cb, g_object_ref (self));
    }
  else
    {
      cer_path = g_file_get_path (self->cer_file);
      key_path = g_file_get_path (self->key_file);
      vnt_efirma_step_validate_async (self->efirma,
                                    gtk_editable_get_text (GTK_EDITABLE (self->rfc_row)),
                                    cer_path, key_path,
                                    gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                    self->cancellable, validate_cb, g_object_ref (self));
    }

  /* The controller has its own copy, wiped after use: drop ours now. */
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  self->filling = FALSE;
  update_sensitivity (self);
}

static void
field_changed_cb (VntEfirmaPage *self)
{
  invalidate (self);
}

static void
password_changed_cb (VntEfirmaPage *self)
{
  if (!self->filling)
    vnt_page_mark_invalid (GTK_WIDGET (self->password_row), NULL);
  update_sensitivity (self);
}

static void
password_activated_cb (VntEfirmaPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "efirma.validate", NULL);
}

/* Fills in the practice e.firma of the CURP typed before (the company's
 * for a persona moral's procedure); FALSE when there is none. */
static gboolean
use_practice_efirma (VntEfirmaPage *self,
                     GPtrArray     *efirmas)
{
  const char *curp;
  gboolean moral;
  VntPracticeEfirma *chosen = NULL;
  g_autoptr(GFile) cer = NULL;
  g_autoptr(GFile) key = NULL;

  if (efirmas == NULL || efirmas->len == 0)
    return FALSE;

  /* The one of the CURP typed before, so that the checks pass: the
   * person's own, or the company this person represents; the newest
   * (listed last): the practice CA may have made her a new one. */
  curp = vnt_efirma_step_get_curp (self->efirma);
  moral = vnt_efirma_step_get_policy (self->efirma)->holder == VNT_EFIRMA_HOLDER_PERSONA_MORAL;
  /* Either holder: the e.firma of the RFC the procedure asked for. */
  if (vnt_efirma_step_get_policy (self->efirma)->holder == VNT_EFIRMA_HOLDER_ANY)
    for (guint i = efirmas->len; i > 0 && chosen == NULL; i--)
      {
        VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i - 1);

        /* No RFC asked for (an additional certificate): the company's. */
        if (vnt_efirma_step_get_rfc (self->efirma) == NULL ? efirma->kind == VNT_PRACTICE_KIND_MORAL
            : efirma->kind != VNT_PRACTICE_KIND_CSD && g_strcmp0 (efirma->rfc, vnt_efirma_step_get_rfc (self->efirma)) == 0)
          chosen = efirma;
      }
  for (guint i = efirmas->len; i > 0 && chosen == NULL; i--)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i - 1);

      if (moral ? efirma->kind == VNT_PRACTICE_KIND_MORAL && g_strcmp0 (efirma->representative_curp, curp) == 0
                : efirma->kind == VNT_PRACTICE_KIND_FISICA && g_strcmp0 (efirma->curp, curp) == 0)
        chosen = efirma;
    }
  if (chosen == NULL)
    chosen = vnt_practice_efirmas_find (efirmas, moral ? VNT_PRACTICE_KIND_MORAL : VNT_PRACTICE_KIND_FISICA,
                                        VNT_PRACTICE_ACCOUNT_NONE);
  if (chosen == NULL)
    return FALSE;

  cer = g_file_new_for_path (chosen->cer_path);
  key = g_file_new_for_path (chosen->key_path);
  gtk_editable_set_text (GTK_EDITABLE (self->rfc_row), chosen->rfc);
  vnt_efirma_page_set_files (self, cer, key);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), chosen->password);
  clear_marks (self);
  update_sensitivity (self);
  {
    g_autofree char *until = vnt_date_format_date (chosen->not_after);
    g_autofree char *detail = NULL;

    /* TRANSLATORS: a practice e.firma's holder, RFC, password and expiry */
    detail = g_strdup_printf (_("%s · RFC %s\nPassword of its private key: %s\nValid until %s. Only the practice service accepts it."),
                              chosen->name, chosen->rfc, chosen->password, until);
    show_result (self, RESULT_INFO, _("Practice e.firma"), detail);
  }
  gtk_widget_grab_focus (self->validate_button);

  return TRUE;
}

static void
practice_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VntEfirmaPage) self = user_data;
  g_autoptr(GPtrArray) efirmas = NULL;
  g_autoptr(GError) error = NULL;

  efirmas = vnt_practice_list_efirmas_finish (result, &error);
  vnt_page_end_wait (VNT_PAGE (self));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->practice_cancellable);

  if (!use_practice_efirma (self, efirmas))
    show_result (self, RESULT_ERROR, _("The practice e.firmas are missing"),
                 _("Start Ventanilla again to make them, or use the files of your own e.firma."));
}

/* The certificates are read off the main thread. */
static void
practice_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VntEfirmaPage *self = VNT_EFIRMA_PAGE (widget);

  if (self->practice_cancellable != NULL)
    return;
  self->practice_cancellable = g_cancellable_new ();
  vnt_page_begin_wait (VNT_PAGE (self));
  vnt_practice_list_efirmas_async (vnt_tramite_store_get_data_dir (vnt_procedure_get_store (self->procedure)),
                                   self->practice_cancellable, practice_listed_cb,
                                   g_object_ref (self));
}

static void
proceed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntEfirmaPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  VntEfirmaOutcome outcome;
  const char *message;

  outcome = vnt_has_efirma_proceed_finish (VNT_HAS_EFIRMA (object), result, &error);
  message = vnt_has_efirma_get_outcome_message (VNT_HAS_EFIRMA (object));

  switch (outcome)
    {
    case VNT_EFIRMA_OUTCOME_GO_ON:
      g_task_return_boolean (task, TRUE);
      break;

    case VNT_EFIRMA_OUTCOME_NOTHING_TO_DO:
      show_result (self, RESULT_INFO, _("Your account already has this e.firma"),
                   message != NULL ? message
                                   : _("There is nothing to update. You can sign in to the Escritorio Virtual with it."));
      vnt_page_set_complete (VNT_PAGE (self), FALSE);
      g_task_return_new_error (task, OUTCOME_ERROR, outcome, "unchanged");
      break;

    case VNT_EFIRMA_OUTCOME_NO_ACCOUNT:
      show_result (self, RESULT_INFO, _("There is no account for this CURP"),
                   message != NULL ? message
                                   : _("To use the Escritorio Virtual, create your account first with this same e.firma."));
      show_offer (self, VNT_PROCEDURE_OFFER_NO_ACCOUNT);
      vnt_page_set_complete (VNT_PAGE (self), FALSE);
      gtk_widget_grab_focus (self->create_account_button);
      g_task_return_new_error (task, OUTCOME_ERROR, outcome, "no account");
      break;

    case VNT_EFIRMA_OUTCOME_ERROR:
    default:
      g_task_return_error (task, g_steal_pointer (&error));
      break;
    }
}

static void
vnt_efirma_page_apply_async (VntPage             *page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VntEfirmaPage *self = VNT_EFIRMA_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_efirma_page_apply_async);
  update_sensitivity (self);

  /* Another e.firma of the procedure (a company's) is only opened here. */
  if (!self->proceeds)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* What the procedure does with the e.firma now ("Firmar"), if anything. */
  vnt_has_efirma_proceed_async (VNT_HAS_EFIRMA (self->procedure), cancellable, proceed_cb,
                                g_steal_pointer (&task));
}

static gboolean
vnt_efirma_page_apply_finish (VntPage       *page,
                              GAsyncResult  *result,
                              GError       **error)
{
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  update_sensitivity (VNT_EFIRMA_PAGE (page));
  return ok;
}

static gboolean
vnt_efirma_page_show_error (VntPage      *page,
                            const GError *error)
{
  VntEfirmaPage *self = VNT_EFIRMA_PAGE (page);

  if (error->domain == OUTCOME_ERROR)
    return TRUE;

  /* What the service says about the e.firma belongs beside it; a service
   * that cannot be reached is the assistant's to say. */
  if (error->domain == VNT_NET_ERROR)
    {
      switch (error->code)
        {
        case VNT_NET_ERROR_RFC_MISMATCH:
        case VNT_NET_ERROR_CURP_MISMATCH:
        case VNT_NET_ERROR_NOT_EFIRMA:
        case VNT_NET_ERROR_CERTIFICATE_EXPIRED:
        case VNT_NET_ERROR_UNTRUSTED_CERTIFICATE:
        case VNT_NET_ERROR_SAT_TEST_CERTIFICATE:
        case VNT_NET_ERROR_PERSONA_FISICA_REQUIRED:
        case VNT_NET_ERROR_INVALID_CERTIFICATE:
          show_failure (self, error);
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (error->domain == VNT_PROCEDURE_ERROR || error->domain == VNT_CRYPTO_ERROR)
    {
      show_failure (self, error);
      return TRUE;
    }

  return FALSE;
}

static void
vnt_efirma_page_shown (VntPage *page)
{
  VntEfirmaPage *self = VNT_EFIRMA_PAGE (page);
  const char *rfc = vnt_efirma_step_get_rfc (self->efirma);
  const char *cer_path = vnt_efirma_step_get_certificate_path (self->efirma);
  const char *key_path = vnt_efirma_step_get_key_path (self->efirma);

  self->unlock_mode = vnt_efirma_step_get_needs_credential (self->efirma);

  /* Back and on with another CURP: what was said is about someone else. */
  if (gtk_widget_get_visible (self->result_box)
      && g_strcmp0 (self->verdict_curp, vnt_efirma_step_get_curp (self->efirma)) != 0)
    {
      show_result (self, RESULT_NONE, NULL, NULL);
      clear_marks (self);
      vnt_page_set_complete (page, FALSE);
    }

  /* Resumed or came back: show what the trámite already has. */
  if (self->cer_file == NULL && cer_path != NULL && key_path != NULL)
    {
      g_autoptr(GFile) cer = g_file_new_for_path (cer_path);
      g_autoptr(GFile) key = g_file_new_for_path (key_path);

      self->filling = TRUE;
      if (rfc != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->rfc_row), rfc);
      vnt_efirma_page_set_files (self, cer, key);
      self->filling = FALSE;
    }
  /* The RFC the procedure already knows (the patrón's, from its form). */
  else
    {
      self->filling = TRUE;
      vnt_page_parts_prefill (GTK_EDITABLE (self->rfc_row), rfc);
      self->filling = FALSE;
    }

  if (self->unlock_mode)
    {
      gtk_label_set_text (self->intro_label,
                          _("You started this procedure earlier. Type the password of the private key again to open your e.firma and go on; it is never saved."));
      vnt_page_set_complete (VNT_PAGE (self), FALSE);
    }
  else if (vnt_efirma_step_get_validated (self->efirma) && !vnt_page_get_complete (page)
           && vnt_efirma_step_get_certificate (self->efirma) != NULL
           && vnt_efirma_step_get_credential (self->efirma) != NULL)
    {
      show_success (self);
      vnt_page_set_complete (page, TRUE);
    }

  update_sensitivity (self);
  gtk_widget_grab_focus (self->unlock_mode ? GTK_WIDGET (self->password_row)
                                           : GTK_WIDGET (self->rfc_row));
}

static void
vnt_efirma_page_dispose (GObject *object)
{
  VntEfirmaPage *self = VNT_EFIRMA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  vnt_file_chooser_clear (&self->chooser);
  g_cancellable_cancel (self->practice_cancellable);
  g_clear_object (&self->practice_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_EFIRMA_PAGE);
  g_clear_object (&self->procedure);
  g_clear_object (&self->efirma);
  g_clear_object (&self->cer_file);
  g_clear_object (&self->key_file);
  g_clear_pointer (&self->verdict_curp, g_free);

  G_OBJECT_CLASS (vnt_efirma_page_parent_class)->dispose (object);
}

static void
vnt_efirma_page_class_init (VntEfirmaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_efirma_page_dispose;
  page_class->apply_async = vnt_efirma_page_apply_async;
  page_class->apply_finish = vnt_efirma_page_apply_finish;
  page_class->show_error = vnt_efirma_page_show_error;
  page_class->shown = vnt_efirma_page_shown;

  gtk_widget_class_install_action (widget_class, "efirma.choose-certificate", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "efirma.choose-key", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "efirma.validate", NULL, validate_action_cb);
  gtk_widget_class_install_action (widget_class, "efirma.use-practice", NULL, practice_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-efirma-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, efirma_group);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, rfc_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, cer_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, cer_button);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, key_button);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, validate_button);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, validate_label);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, practice_button);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, result_title);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, result_detail);
  gtk_widget_class_bind_template_child (widget_class, VntEfirmaPage, create_account_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
}

static void
vnt_efirma_page_init (VntEfirmaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vnt_page_set_title (VNT_PAGE (self), _("Identify yourself with your e.firma"));
  vnt_file_chooser_show_file (self->cer_row, NULL);
  vnt_file_chooser_show_file (self->key_row, NULL);
}

VntPage *
vnt_efirma_page_new (VntProcedure *procedure,
                     const char   *validate_label,
                     const char   *next_label,
                     gboolean      practice)
{
  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (procedure), NULL);

  return vnt_efirma_page_new_for_step (procedure, vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (procedure)),
                                       NULL, validate_label, next_label, practice);
}

VntPage *
vnt_efirma_page_new_for_step (VntProcedure  *procedure,
                              VntEfirmaStep *step,
                              const char    *title,
                              const char    *validate_label,
                              const char    *next_label,
                              gboolean       practice)
{
  VntEfirmaPage *self;

  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (procedure), NULL);
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (step), NULL);
  g_return_val_if_fail (validate_label != NULL, NULL);

  self = g_object_new (VNT_TYPE_EFIRMA_PAGE, "next-label", next_label, NULL);
  if (title != NULL)
    vnt_page_set_title (VNT_PAGE (self), title);
  self->procedure = g_object_ref (procedure);
  self->efirma = g_object_ref (step);
  self->proceeds = step == vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (procedure));
  if (title != NULL)
    {
      adw_preferences_group_set_title (self->efirma_group, title);
      gtk_label_set_text (self->intro_label,
                          _("Type the company’s RFC, choose the certificate (.cer) and the private key (.key) of its e.firma and type the password of the key. The key and the password never leave this computer."));
    }
  /* Its mnemonic label names the button, once. */
  gtk_label_set_text_with_mnemonic (self->validate_label, validate_label);
  self->practice = practice;
  update_sensitivity (self);

  return VNT_PAGE (self);
}

gboolean
vnt_efirma_page_get_validating (VntEfirmaPage *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_PAGE (self), FALSE);

  return self->validating;
}

const char *
vnt_efirma_page_get_result_title (VntEfirmaPage *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_PAGE (self), NULL);

  return gtk_widget_get_visible (self->result_box) ? gtk_label_get_text (self->result_title) : NULL;
}

const char *
vnt_efirma_page_get_result_detail (VntEfirmaPage *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_PAGE (self), NULL);

  return gtk_widget_get_visible (self->result_box) ? gtk_label_get_text (self->result_detail) : NULL;
}
