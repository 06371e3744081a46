/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-file-type.h"
#include "pages/vnt-file-chooser.h"
#include "vnt-check-page.h"
#include "vnt-check-page-private.h"
#include "vnt-ui.h"
#include "wizard/vnt-page.h"

/* Credentials are a few KiB; a bigger dropped file is neither. */
#define SNIFF_SIZE (64 * 1024)

struct _VntCheckPage
{
  AdwBin          parent_instance;

  GtkWidget      *files_group;
  AdwActionRow   *cer_row;
  AdwActionRow   *key_row;
  GtkWidget      *cer_button;
  GtkWidget      *key_button;
  AdwEntryRow    *password_row;
  GtkLabel       *password_error_label;
  GtkWidget      *validate_button;
  GtkSpinner     *spinner;
  GtkLabel       *validate_label;
  GtkWidget      *result_box;
  GtkWidget      *verdict_box;
  GtkImage       *verdict_icon;
  GtkLabel       *verdict_label;
  GtkLabel       *verdict_detail_label;
  GtkWidget      *problems_group;
  GtkListBox     *problems_list;
  GtkListBox     *details_list;
  VntCheckPageFacts *facts;
  VntCheckPageProblems *problems;

  GFile          *cer_file;
  GFile          *key_file;
  VntCheckReport *report;

  /* The running check's; replaced (not reused) by every new check so that a
   * late answer of a cancelled one cannot touch the page. */
  GCancellable   *cancellable;
  GCancellable   *drop_cancellable;
  guint           n_running;
  gboolean        checking;

  GtkNativeDialog *chooser;
  guint            scroll_tick_id;
};

G_DEFINE_FINAL_TYPE (VntCheckPage, vnt_check_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_REPORT,
  LAST_PROP,
};

static GParamSpec *props[LAST_PROP];

typedef enum {
  FILE_ROLE_UNKNOWN,
  FILE_ROLE_CERTIFICATE,
  FILE_ROLE_PKCS12,
  FILE_ROLE_KEY,
} FileRole;

static gboolean
has_suffix_ci (const char *name,
               const char *suffix)
{
  gsize name_len = strlen (name);
  gsize suffix_len = strlen (suffix);

  return name_len >= suffix_len
         && g_ascii_strcasecmp (name + name_len - suffix_len, suffix) == 0;
}

static FileRole
role_from_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  if (name == NULL)
    return FILE_ROLE_UNKNOWN;
  if (has_suffix_ci (name, ".cer") || has_suffix_ci (name, ".crt"))
    return FILE_ROLE_CERTIFICATE;
  if (has_suffix_ci (name, ".pfx") || has_suffix_ci (name, ".p12"))
    return FILE_ROLE_PKCS12;
  if (has_suffix_ci (name, ".key"))
    return FILE_ROLE_KEY;

  return FILE_ROLE_UNKNOWN;
}

/* For .pem files and names without a known extension. */
static FileRole
role_from_content (const char *data,
                   gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  switch (vnt_file_type_guess (bytes))
    {
    case VNT_FILE_TYPE_CERTIFICATE:
      return FILE_ROLE_CERTIFICATE;
    case VNT_FILE_TYPE_PKCS12:
      return FILE_ROLE_PKCS12;
    case VNT_FILE_TYPE_PRIVATE_KEY:
      return FILE_ROLE_KEY;
    case VNT_FILE_TYPE_UNKNOWN:
    case VNT_FILE_TYPE_REQUEST:
    default:
      return FILE_ROLE_UNKNOWN;
    }
}

static gboolean
is_pkcs12 (GFile *file)
{
  return file != NULL && role_from_name (file) == FILE_ROLE_PKCS12;
}

static void
set_busy_count (VntCheckPage *self,
                guint         n_running)
{
  gboolean was_busy = self->n_running > 0;

  self->n_running = n_running;
  if (was_busy != (n_running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

static void
clear_password_error (VntCheckPage *self)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->password_row), NULL);
  gtk_label_set_text (self->password_error_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), FALSE);
}

static void
show_password_error (VntCheckPage *self,
                     const char   *message)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->password_row), message);
  gtk_label_set_text (self->password_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
update_file_row (VntCheckPage *self,
                 AdwActionRow *row,
                 GFile        *file,
                 const char   *error_message)
{
  vnt_file_chooser_show_file (row, file);
  if (error_message != NULL)
    adw_action_row_set_subtitle (row, error_message);
  else if (file == NULL && row == self->key_row && is_pkcs12 (self->cer_file))
    adw_action_row_set_subtitle (row, _("Not needed: the .pfx file already holds it"));

  vnt_page_mark_invalid (GTK_WIDGET (row), error_message);
}

/* @file's path; NULL, said in @row, when it is not on this computer. */
static char *
local_path (VntCheckPage *self,
            AdwActionRow *row,
            GFile        *file)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    update_file_row (self, row, file,
                     _("This file is not on this computer. "
                       "Copy it to a folder of yours and choose it again."));
  return path;
}

static gboolean
can_validate (VntCheckPage *self)
{
  return !self->checking
         && self->cer_file != NULL
         && (self->key_file != NULL || is_pkcs12 (self->cer_file));
}

static void
update_controls (VntCheckPage *self)
{
  gboolean pkcs12 = is_pkcs12 (self->cer_file);

  gtk_widget_set_sensitive (self->files_group, !self->checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !pkcs12 || self->key_file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check.validate", can_validate (self));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->checking);
  gtk_spinner_set_spinning (self->spinner, self->checking);
  gtk_label_set_text_with_mnemonic (self->validate_label,
                                    self->checking ? _("Validating…") : _("_Validate"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->validate_button),
                               GTK_ACCESSIBLE_STATE_BUSY, self->checking,
                               -1);
}

static void
clear_result (VntCheckPage *self)
{
  /* Hidden, not emptied: the next report's rows are these, updated. */
  gtk_widget_set_visible (self->result_box, FALSE);
  if (self->report != NULL)
    {
      g_clear_object (&self->report);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REPORT]);
    }
}

/* The short reason after "Your e.firma cannot be used:". */
static const char *
short_reason (const VntProblem *problem,
              VntCertificate   *certificate)
{
  const char *code = problem->code;

  if (g_str_equal (code, "wrong-password"))
    return _("the password does not open the private key");
  if (g_str_equal (code, "key-mismatch"))
    return _("the private key belongs to another certificate");
  if (g_str_equal (code, "expired"))
    return _("the certificate has expired");
  if (g_str_equal (code, "not-yet-valid"))
    return _("the certificate is not valid yet");
  if (g_str_equal (code, "not-efirma"))
    {
      if (certificate != NULL && vnt_certificate_get_kind (certificate) == VNT_CERTIFICATE_KIND_CSD)
        return _("it is a digital seal certificate (CSD), not an e.firma");
      return _("the certificate is not an e.firma");
    }
  if (g_str_equal (code, "untrusted-chain") || g_str_equal (code, "bad-signature"))
    return _("the certificate was not issued by the SAT");
  if (g_str_equal (code, "sat-test-certificate"))
    return _("it is a SAT test certificate");
  if (g_str_equal (code, "revoked"))
    return _("the SAT revoked it");
  if (g_str_equal (code, "unreadable-file") || g_str_equal (code, "not-a-certificate")
      || g_str_equal (code, "damaged-file") || g_str_equal (code, "not-a-key")
      || g_str_equal (code, "unsupported-key") || g_str_equal (code, "no-certificate"))
    return _("one of the files cannot be read");

  return _("see below what to check");
}

/* Which error the verdict names when there are several: the one to fix
 * first (a wrong file or password hides everything after it), then the
 * ones no fix can cure. Unknown codes come last. */
static guint
reason_rank (const char *code)
{
  static const char * const order[] = {
    "unreadable-file", "not-a-certificate", "damaged-file", "not-a-key",
    "unsupported-key", "no-certificate", "wrong-password", "key-mismatch",
    "not-efirma", "revoked", "expired", "not-yet-valid", "untrusted-chain",
    "bad-signature", "sat-test-certificate", NULL
  };

  for (guint i = 0; order[i] != NULL; i++)
    if (g_str_equal (code, order[i]))
      return i;

  return G_N_ELEMENTS (order);
}

static gboolean
is_file_problem (const char *code)
{
  return g_str_equal (code, "unreadable-file") || g_str_equal (code, "not-a-certificate")
         || g_str_equal (code, "damaged-file") || g_str_equal (code, "not-a-key")
         || g_str_equal (code, "unsupported-key") || g_str_equal (code, "no-certificate");
}

/* Field errors go inline, on the row the user has to fix. */
static void
show_inline_errors (VntCheckPage   *self,
                    VntCheckReport *report)
{
  VntCertificate *certificate = vnt_check_report_get_certificate (report);
  GPtrArray *problems = vnt_check_report_get_problems (report);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity != VNT_PROBLEM_SEVERITY_ERROR)
        continue;

      if (g_str_equal (problem->code, "wrong-password"))
        show_password_error (self, problem->message);
      else if (is_file_problem (problem->code))
        {
          /* Without certificate facts the certificate was the unreadable one. */
          if (certificate == NULL || self->key_file == NULL)
            update_file_row (self, self->cer_row, self->cer_file, problem->message);
          else
            update_file_row (self, self->key_row, self->key_file, problem->message);
        }
    }
}

/* Runs before each frame's layout: wait until the result has been laid out
 * once, then bring its top into view. */
static gboolean
scroll_to_result_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  VntCheckPage *self = VNT_CHECK_PAGE (widget);
  GtkWidget *scroller = gtk_widget_get_ancestor (self->result_box, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  graphene_point_t point;

  if (gtk_widget_get_height (self->result_box) == 0)
    return G_SOURCE_CONTINUE;

  self->scroll_tick_id = 0;
  content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))));
  if (gtk_widget_compute_point (self->result_box, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                              point.y - 12);

  return G_SOURCE_REMOVE;
}

static void
show_report (VntCheckPage   *self,
             VntCheckReport *report)
{
  VntCertificate *certificate = vnt_check_report_get_certificate (report);
  GPtrArray *problems = vnt_check_report_get_problems (report);
  const VntProblem *main_error = NULL;
  guint n_problems = problems != NULL ? problems->len : 0;

  clear_result (self);
  self->report = g_object_ref (report);

  for (guint i = 0; i < n_problems; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == VNT_PROBLEM_SEVERITY_ERROR
          && (main_error == NULL || reason_rank (problem->code) < reason_rank (main_error->code)))
        main_error = problem;
    }
  vnt_check_page_problems_update (self->problems, problems);
  gtk_widget_set_visible (self->problems_group, n_problems > 0);

  if (vnt_check_report_is_valid (report))
    {
      gtk_image_set_from_icon_name (self->verdict_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), "success");
      gtk_label_set_text (self->verdict_label, _("Your e.firma is ready to be used"));
      gtk_label_set_text (self->verdict_detail_label,
                          n_problems > 0
                          ? _("It opens, the key matches the certificate and it is current. Read the warnings below.")
                          : _("It opens, the key matches the certificate, it is current and it is an e.firma."));
    }
  else
    {
      g_autofree char *verdict = NULL;

      /* TRANSLATORS: %s is a short reason, e.g. "the certificate has expired". */
      verdict = g_strdup_printf (_("Your e.firma cannot be used: %s"),
                                 main_error != NULL ? short_reason (main_error, certificate)
                                                     : _("see below what to check"));
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-error-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), "error");
      gtk_label_set_text (self->verdict_label, verdict);
      gtk_label_set_text (self->verdict_detail_label, _("Below is what to do."));
    }

  if (certificate != NULL)
    vnt_check_page_facts_update (self->facts, certificate, vnt_check_report_get_chain_status (report));
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->details_list)), certificate != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (self->verdict_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_text (self->verdict_detail_label),
                                  -1);
  gtk_widget_set_visible (self->result_box, TRUE);
  show_inline_errors (self, report);

  /* Field errors took the focus to the field; otherwise the verdict gets it,
   * so that it is read out, and comes into view. */
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->password_row), "error")
      && !gtk_widget_has_css_class (GTK_WIDGET (self->cer_row), "error")
      && !gtk_widget_has_css_class (GTK_WIDGET (self->key_row), "error"))
    {
      gtk_widget_grab_focus (self->verdict_box);
      if (self->scroll_tick_id == 0)
        self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_result_cb,
                                                             NULL, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REPORT]);
}

static void
show_failure (VntCheckPage *self,
              const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (vnt_ui_get_window (GTK_WIDGET (self)),
                                   _("The e.firma could not be checked"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", C_("check page", "_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  VntCheckPage *self;
  GCancellable *cancellable;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckData, check_data_free)

static void
check_files_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CheckData) data = user_data;
  VntCheckPage *self = data->self;
  g_autoptr(VntCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = vnt_check_files_finish (result, &error);
  set_busy_count (self, self->n_running - 1);

  /* Cancelled: the page was left or disposed; it already looks idle. */
  if (g_cancellable_is_cancelled (data->cancellable) || data->cancellable != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  self->checking = FALSE;
  update_controls (self);

  if (report != NULL)
    show_report (self, report);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           && !g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_CANCELLED))
    show_failure (self, error);
}

static void
validate (VntCheckPage *self)
{
  g_autoptr(VntSecret) password = NULL;
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  CheckData *data;

  if (!can_validate (self))
    return;

  cer_path = local_path (self, self->cer_row, self->cer_file);
  if (cer_path == NULL)
    return;
  if (self->key_file != NULL)
    {
      key_path = local_path (self, self->key_row, self->key_file);
      if (key_path == NULL)
        return;
    }

  /* Read once, then gone from the entry: the password is never kept. */
  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  clear_result (self);
  clear_password_error (self);
  update_file_row (self, self->cer_row, self->cer_file, NULL);
  update_file_row (self, self->key_row, self->key_file, NULL);

  vnt_ui_restart_cancellable (&self->cancellable);
  self->checking = TRUE;
  update_controls (self);
  set_busy_count (self, self->n_running + 1);

  data = g_new0 (CheckData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);

  vnt_check_files_async (cer_path, key_path, password, NULL, TRUE,
                         self->cancellable, check_files_cb, data);
}

static void
validate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  validate (VNT_CHECK_PAGE (widget));
}

static void
password_activated_cb (VntCheckPage *self)
{
  validate (self);
}

static void
password_changed_cb (VntCheckPage *self)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (self->password_row), "error")
      && *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0')
    clear_password_error (self);
}

static void
choose_file (VntCheckPage *self,
             gboolean      for_key)
{
  static const char * const        suffixes[] = { "cer", "crt", "pem", "pfx", "p12", NULL };
  static const char                title[] = N_("Choose the certificate (.cer)");
  static const char                filter[] = N_("Certificates (.cer, .crt, .pem, .pfx, .p12)");
  static const VntCertificateFiles certificates = { title, filter, suffixes };
  GFile                           *near = for_key ? self->key_file : self->cer_file;

  /* The key usually sits beside the certificate. */
  if (near == NULL)
    near = for_key ? self->cer_file : self->key_file;
  vnt_file_chooser_choose_credential (GTK_WIDGET (self), &self->chooser, &certificates, for_key,
                                      near, for_key ? self->key_button : self->cer_button,
                                      (VntCredentialChosenFunc) vnt_check_page_set_files);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose_file (VNT_CHECK_PAGE (widget), g_str_equal (action_name, "check.choose-key"));
}

/* Drag and drop: files with a telling extension are sorted at once; the
 * others (.pem, no extension) by their first bytes, read asynchronously. */
typedef struct {
  VntCheckPage *self;
  GCancellable *cancellable;
  GFile        *cer;
  GFile        *key;
  guint         pending;
} DropJob;

static void
drop_job_add (DropJob  *job,
              GFile    *file,
              FileRole  role)
{
  if ((role == FILE_ROLE_CERTIFICATE || role == FILE_ROLE_PKCS12) && job->cer == NULL)
    job->cer = g_object_ref (file);
  else if (role == FILE_ROLE_KEY && job->key == NULL)
    job->key = g_object_ref (file);
}

static void
drop_job_unref (DropJob *job)
{
  if (--job->pending > 0)
    return;

  if (!g_cancellable_is_cancelled (job->cancellable)
      && (job->cer != NULL || job->key != NULL))
    vnt_check_page_set_files (job->self, job->cer, job->key);
  set_busy_count (job->self, job->self->n_running - 1);

  g_clear_object (&job->cancellable);
  g_clear_object (&job->cer);
  g_clear_object (&job->key);
  g_clear_object (&job->self);
  g_free (job);
}

static gboolean
sniff_enough_cb (const char *contents,
                 goffset     file_size,
                 gpointer    user_data)
{
  return file_size <= SNIFF_SIZE;
}

static void
sniff_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DropJob *job = user_data;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_load_partial_contents_finish (G_FILE (object), result, &contents, &length, NULL, NULL))
    drop_job_add (job, G_FILE (object), role_from_content (contents, length));

  drop_job_unref (job);
}

static gboolean
drop_cb (VntCheckPage  *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GSList) single = NULL;
  GSList *files = NULL;
  DropJob *job;

  if (self->checking)
    return FALSE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = single = g_slist_prepend (NULL, g_value_get_object (value));

  if (files == NULL)
    return FALSE;

  vnt_ui_restart_cancellable (&self->drop_cancellable);

  job = g_new0 (DropJob, 1);
  job->self = g_object_ref (self);
  job->cancellable = g_object_ref (self->drop_cancellable);
  job->pending = 1;
  set_busy_count (self, self->n_running + 1);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      FileRole role = role_from_name (file);

      if (role != FILE_ROLE_UNKNOWN)
        drop_job_add (job, file, role);
      else
        {
          job->pending++;
          g_file_load_partial_contents_async (file, self->drop_cancellable,
                                              sniff_enough_cb, sniff_cb, job);
        }
    }

  if (files != single)
    g_slist_free (files);

  drop_job_unref (job);
  return TRUE;
}

static void
vnt_check_page_unmap (GtkWidget *widget)
{
  /* Leaving the page stops the check; its answer is no longer wanted. */
  vnt_check_page_cancel (VNT_CHECK_PAGE (widget));

  GTK_WIDGET_CLASS (vnt_check_page_parent_class)->unmap (widget);
}

static void
vnt_check_page_dispose (GObject *object)
{
  VntCheckPage *self = VNT_CHECK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->drop_cancellable);
  g_clear_object (&self->drop_cancellable);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  vnt_file_chooser_clear (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_CHECK_PAGE);
  g_clear_pointer (&self->facts, vnt_check_page_facts_free);
  g_clear_pointer (&self->problems, vnt_check_page_problems_free);

  g_clear_object (&self->cer_file);
  g_clear_object (&self->key_file);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (vnt_check_page_parent_class)->dispose (object);
}

static void
vnt_check_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VntCheckPage *self = VNT_CHECK_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, vnt_check_page_get_busy (self));
      break;

    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_check_page_class_init (VntCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_check_page_dispose;
  object_class->get_property = vnt_check_page_get_property;
  widget_class->unmap = vnt_check_page_unmap;

  props[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL,
                         VNT_TYPE_CHECK_REPORT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "check.choose-certificate", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "check.choose-key", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "check.validate", NULL, validate_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, files_group);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, cer_row);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, cer_button);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, key_button);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, validate_button);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, validate_label);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, verdict_detail_label);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, VntCheckPage, details_list);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
}

static void
vnt_check_page_init (VntCheckPage *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->facts = vnt_check_page_facts_new (self->details_list);
  self->problems = vnt_check_page_problems_new (self->problems_list);
  vnt_ui_name_controls (GTK_WIDGET (self));

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  update_controls (self);
}

GtkWidget *
vnt_check_page_new (void)
{
  return g_object_new (VNT_TYPE_CHECK_PAGE, NULL);
}

void
vnt_check_page_set_files (VntCheckPage *self,
                          GFile        *cer,
                          GFile        *key)
{
  g_return_if_fail (VNT_IS_CHECK_PAGE (self));
  g_return_if_fail (cer == NULL || G_IS_FILE (cer));
  g_return_if_fail (key == NULL || G_IS_FILE (key));

  if (self->checking)
    return;

  if (cer != NULL)
    {
      g_set_object (&self->cer_file, cer);
      if (is_pkcs12 (cer) && key == NULL)
        g_clear_object (&self->key_file);
    }
  if (key != NULL)
    g_set_object (&self->key_file, key);

  /* A result for other files would mislead. */
  clear_result (self);
  update_file_row (self, self->cer_row, self->cer_file, NULL);
  update_file_row (self, self->key_row, self->key_file, NULL);
  update_controls (self);
}

GFile *
vnt_check_page_get_certificate_file (VntCheckPage *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_PAGE (self), NULL);

  return self->cer_file;
}

GFile *
vnt_check_page_get_key_file (VntCheckPage *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_PAGE (self), NULL);

  return self->key_file;
}

void
vnt_check_page_reset (VntCheckPage *self)
{
  g_return_if_fail (VNT_IS_CHECK_PAGE (self));

  vnt_check_page_cancel (self);
  g_clear_object (&self->cer_file);
  g_clear_object (&self->key_file);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  clear_password_error (self);
  clear_result (self);
  update_file_row (self, self->cer_row, NULL, NULL);
  update_file_row (self, self->key_row, NULL, NULL);
  update_controls (self);
}

gboolean
vnt_check_page_get_busy (VntCheckPage *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_PAGE (self), FALSE);

  return self->n_running > 0;
}

void
vnt_check_page_cancel (VntCheckPage *self)
{
  g_return_if_fail (VNT_IS_CHECK_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->drop_cancellable);
  g_clear_object (&self->drop_cancellable);

  if (self->checking)
    {
      self->checking = FALSE;
      update_controls (self);
    }
}

VntCheckReport *
vnt_check_page_get_report (VntCheckPage *self)
{
  g_return_val_if_fail (VNT_IS_CHECK_PAGE (self), NULL);

  return self->report;
}
