/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/procedures/vnt-procedure-registry.h"
#include "ui/vnt-ui.h"
#include "vnt-file-chooser.h"
#include "vnt-watch-page.h"

/* While the app runs, the list is looked at again once a day. */
#define REFRESH_SECONDS (24 * 60 * 60)

struct _VntWatchPage
{
  AdwBin          parent_instance;

  AdwPreferencesGroup *paths_group;
  AdwPreferencesGroup *certificates_group;
  AdwPreferencesGroup *skipped_group;
  GtkWidget      *add_folder_button;
  GtkWidget      *add_file_button;
  GtkSpinner     *spinner;
  GtkLabel       *status_label;

  /* The rows put in each group, to take them out again. */
  GPtrArray      *path_rows;
  GPtrArray      *certificate_rows;
  GPtrArray      *skipped_rows;

  VntWatchList   *list;
  VntWatchReport *report;
  GCancellable   *cancellable;
  guint           refresh_id;
  gboolean        busy;
  /* Said once after the next scan (a path added twice). */
  char           *notice;
};

G_DEFINE_FINAL_TYPE (VntWatchPage, vnt_watch_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SCANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static void
set_busy (VntWatchPage *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- Watched paths ---- */

static void
remove_clicked_cb (GtkButton    *button,
                   VntWatchPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  vnt_watch_page_remove_path (self, path);
}

static void
fill_paths (VntWatchPage *self)
{
  const char * const *paths = self->list != NULL ? vnt_watch_list_get_paths (self->list) : NULL;

  clear_rows (self->paths_group, self->path_rows);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (paths[i]);
      g_autofree char *remove_name = g_strdup_printf (_("Stop watching %s"), name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");
      GtkWidget *icon = gtk_image_new_from_icon_name (g_file_test (paths[i], G_FILE_TEST_IS_DIR)
                                                      ? "folder-symbolic" : "text-x-generic-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), paths[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, NULL, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      g_object_set_data_full (G_OBJECT (button), "path", g_strdup (paths[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      add_row (self->paths_group, self->path_rows, row);
    }
}

/* ---- Certificates ---- */

static const char *
status_css_class (VntWatchStatus status)
{
  switch (status)
    {
    case VNT_WATCH_STATUS_VALID:
      return "success";
    case VNT_WATCH_STATUS_EXPIRING:
    case VNT_WATCH_STATUS_NOT_YET_VALID:
      return "warning";
    case VNT_WATCH_STATUS_REVOKED:
    case VNT_WATCH_STATUS_UNTRUSTED:
    case VNT_WATCH_STATUS_EXPIRED:
    case VNT_WATCH_N_STATUSES:
    default:
      return "error";
    }
}

static const char *
status_icon (VntWatchStatus status)
{
  switch (status)
    {
    case VNT_WATCH_STATUS_VALID:
      return "emblem-ok-symbolic";
    case VNT_WATCH_STATUS_EXPIRING:
    case VNT_WATCH_STATUS_NOT_YET_VALID:
      return "dialog-warning-symbolic";
    case VNT_WATCH_STATUS_REVOKED:
    case VNT_WATCH_STATUS_UNTRUSTED:
    case VNT_WATCH_STATUS_EXPIRED:
    case VNT_WATCH_N_STATUSES:
    default:
      return "dialog-error-symbolic";
    }
}

/* The word of the state, capitalised for a label of its own. */
static char *
status_word (VntWatchStatus status)
{
  const char *label = vnt_watch_status_get_label (status);
  g_autofree char *first = g_utf8_strup (label, g_utf8_next_char (label) - label);

  return g_strconcat (first, g_utf8_next_char (label), NULL);
}

static char *
days_text (int days_left)
{
  if (days_left == 0)
    return g_strdup (_("expires today"));
  if (days_left > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days_left), days_left);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "expired %d day ago", "expired %d days ago", -days_left),
                          -days_left);
}

static GtkWidget *
info_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
procedure_row (const VntProcedureDescriptor *descriptor)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(descriptor->name));
  if (descriptor->subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(descriptor->subtitle));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "window.open-procedure");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (descriptor->id));
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  return row;
}

static GtkWidget *
certificate_row (VntWatchReport *report,
                 VntWatchEntry  *entry)
{
  VntCertificate *certificate = entry->certificate;
  VntWatchKind kind = vnt_watch_kind_for_certificate (certificate);
  const char *name = vnt_certificate_get_name (certificate);
  const char *rfc = vnt_certificate_get_rfc (certificate);
  const char *step = vnt_watch_entry_get_next_step (entry);
  int days_left = vnt_certificate_get_days_left (certificate, vnt_watch_report_get_at (report));
  g_autoptr(GDateTime) not_after = g_date_time_to_local (vnt_certificate_get_not_after (certificate));
  g_autofree char *expires = g_date_time_format (not_after, "%Y-%m-%d");
  g_autofree char *days = days_text (days_left);
  g_autofree char *word = status_word (entry->status);
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) files = g_string_new (NULL);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (entry->status));
  GtkWidget *state = gtk_label_new (word);

  /* RFC · kind · expiry, then what to do, in words beside the colour. */
  subtitle = g_strdup_printf (_("%s · %s · expires %s, %s"),
                              rfc != NULL ? rfc : "—", vnt_watch_kind_get_label (kind), expires, days);
  if (step != NULL)
    {
      g_autofree char *with_step = g_strdup_printf ("%s\n%s", subtitle, step);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_step);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : (rfc != NULL ? rfc : "—"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  g_object_set_data (G_OBJECT (row), "status", GINT_TO_POINTER (entry->status));

  gtk_widget_add_css_class (icon, status_css_class (entry->status));
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  gtk_widget_add_css_class (state, status_css_class (entry->status));
  gtk_widget_add_css_class (state, "heading");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), state);

  /* Inside: the procedures that follow, the files, the facts. */
  if (entry->status == VNT_WATCH_STATUS_EXPIRED || entry->status == VNT_WATCH_STATUS_EXPIRING)
    {
      g_autoptr(GPtrArray) procedures = vnt_procedure_registry_for_renewal (kind);

      for (guint i = 0; i < procedures->len; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), procedure_row (g_ptr_array_index (procedures, i)));
    }

  for (guint i = 0; i < entry->files->len; i++)
    g_string_append_printf (files, "%s%s", i > 0 ? "\n" : "", (const char *) g_ptr_array_index (entry->files, i));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            info_row (g_dngettext (GETTEXT_PACKAGE, "File", "Files", entry->files->len), files->str));
  if (vnt_certificate_get_number (certificate) != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              info_row (_("Certificate number"), vnt_certificate_get_number (certificate)));
  if (entry->revocation != NULL &&
      vnt_ocsp_result_get_status (entry->revocation) != VNT_OCSP_STATUS_GOOD)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              info_row (_("Revocation"), vnt_ocsp_result_get_message (entry->revocation)));

  return row;
}

static void
show_report (VntWatchPage *self)
{
  VntWatchReport *report = self->report;
  guint n_entries = report != NULL ? vnt_watch_report_get_n_entries (report) : 0;
  guint n_skipped = report != NULL ? vnt_watch_report_get_n_skipped (report) : 0;
  guint attention = 0;
  g_autoptr(GString) status = g_string_new (NULL);

  clear_rows (self->certificates_group, self->certificate_rows);
  clear_rows (self->skipped_group, self->skipped_rows);

  for (guint i = 0; i < n_entries; i++)
    {
      VntWatchEntry *entry = vnt_watch_report_get_entry (report, i);

      if (vnt_watch_status_needs_attention (entry->status))
        attention++;
      add_row (self->certificates_group, self->certificate_rows, certificate_row (report, entry));
    }

  for (guint i = 0; i < n_skipped; i++)
    {
      VntWatchSkip *skip = vnt_watch_report_get_skipped (report, i);
      g_autofree char *name = g_path_get_basename (skip->file);
      GtkWidget *row = info_row (name, skip->reason);

      gtk_widget_set_tooltip_text (row, skip->file);
      add_row (self->skipped_group, self->skipped_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->certificates_group), n_entries > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), n_skipped > 0);

  if (self->notice != NULL)
    {
      g_string_append_printf (status, "%s ", self->notice);
      g_clear_pointer (&self->notice, g_free);
    }

  if (self->list == NULL || vnt_watch_list_get_paths (self->list)[0] == NULL)
    g_string_append (status, _("Add the folders where you keep e.firmas, CSDs or IDSE certificates."));
  else if (report == NULL)
    ;
  else if (n_entries == 0)
    g_string_append (status, _("No certificate was found there."));
  else
    {
      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%u certificate", "%u certificates", n_entries),
                              n_entries);
      g_string_append (status, "; ");
      if (attention == 0)
        g_string_append (status, _("none needs attention."));
      else
        g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%u needs attention.", "%u need attention.",
                                                     attention), attention);
    }

  gtk_label_set_text (self->status_label, status->str);
}

/* ---- Scanning ---- */

static void
scan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VntWatchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntWatchReport) report = vnt_watch_list_scan_finish (VNT_WATCH_LIST (source), result, &error);

  /* A newer scan replaced this one, or the page went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (report == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  g_set_object (&self->report, report);
  show_report (self);
  g_signal_emit (self, signals[SCANNED], 0, report);
}

void
vnt_watch_page_refresh (VntWatchPage *self)
{
  g_return_if_fail (VNT_IS_WATCH_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  fill_paths (self);

  /* Nothing watched: nothing to wait for. */
  if (self->list == NULL || vnt_watch_list_get_paths (self->list)[0] == NULL)
    {
      g_clear_object (&self->report);
      set_busy (self, FALSE);
      show_report (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_label_set_text (self->status_label, _("Looking for certificates…"));
  vnt_watch_list_scan_async (self->list, self->cancellable, scan_cb, g_object_ref (self));
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  vnt_watch_page_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- Choosing ---- */

static void
chosen_cb (GtkWidget *widget,
           GFile     *file,
           gpointer   data)
{
  VntWatchPage *self = VNT_WATCH_PAGE (widget);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    vnt_watch_page_add_path (self, path);
  else if (file != NULL)
    gtk_label_set_text (self->status_label, _("That place has no local path. Choose a folder on this computer."));
}

static void
choose (VntWatchPage         *self,
        GtkFileChooserAction  action)
{
  GtkFileChooser *chooser;

  chooser = vnt_file_chooser_new (GTK_WIDGET (self), NULL, action,
                                  action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                  ? _("Choose a folder to watch")
                                  : _("Choose a certificate to watch"),
                                  C_("file chooser", "_Choose"));
  vnt_file_chooser_show (chooser, chosen_cb, NULL);
}

static void
add_folder_clicked_cb (VntWatchPage *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
add_file_clicked_cb (VntWatchPage *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_OPEN);
}

/* ---- Object ---- */

static void
list_changed_cb (VntWatchPage *self)
{
  vnt_watch_page_refresh (self);
}

static void
vnt_watch_page_dispose (GObject *object)
{
  VntWatchPage *self = VNT_WATCH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, list_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_WATCH_PAGE);
  g_clear_object (&self->list);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (vnt_watch_page_parent_class)->dispose (object);
}

static void
vnt_watch_page_finalize (GObject *object)
{
  VntWatchPage *self = VNT_WATCH_PAGE (object);

  g_clear_pointer (&self->path_rows, g_ptr_array_unref);
  g_clear_pointer (&self->certificate_rows, g_ptr_array_unref);
  g_clear_pointer (&self->skipped_rows, g_ptr_array_unref);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (vnt_watch_page_parent_class)->finalize (object);
}

static void
vnt_watch_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VntWatchPage *self = VNT_WATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_watch_page_class_init (VntWatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_watch_page_dispose;
  object_class->finalize = vnt_watch_page_finalize;
  object_class->get_property = vnt_watch_page_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A scan finished with this report (for the expiry reminders). */
  signals[SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, VNT_TYPE_WATCH_REPORT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-watch-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntWatchPage, paths_group);
  gtk_widget_class_bind_template_child (widget_class, VntWatchPage, certificates_group);
  gtk_widget_class_bind_template_child (widget_class, VntWatchPage, skipped_group);
  gtk_widget_class_bind_template_child (widget_class, VntWatchPage, add_folder_button);
  gtk_widget_class_bind_template_child (widget_class, VntWatchPage, add_file_button);
  gtk_widget_class_bind_template_child (widget_class, VntWatchPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VntWatchPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, add_folder_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_file_clicked_cb);
}

static void
vnt_watch_page_init (VntWatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vnt_ui_name_controls (GTK_WIDGET (self));

  self->path_rows = g_ptr_array_new ();
  self->certificate_rows = g_ptr_array_new ();
  self->skipped_rows = g_ptr_array_new ();
  show_report (self);
}

GtkWidget *
vnt_watch_page_new (void)
{
  return g_object_new (VNT_TYPE_WATCH_PAGE, NULL);
}

VntWatchList *
vnt_watch_page_get_list (VntWatchPage *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_PAGE (self), NULL);

  return self->list;
}

void
vnt_watch_page_set_list (VntWatchPage *self,
                         VntWatchList *list)
{
  g_return_if_fail (VNT_IS_WATCH_PAGE (self));
  g_return_if_fail (list == NULL || VNT_IS_WATCH_LIST (list));

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, list_changed_cb, self);
  g_set_object (&self->list, list);
  g_clear_object (&self->report);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (list != NULL)
    {
      g_signal_connect_swapped (list, "changed", G_CALLBACK (list_changed_cb), self);
      self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout_cb, self);
    }

  vnt_watch_page_refresh (self);
}

gboolean
vnt_watch_page_add_path (VntWatchPage *self,
                         const char   *path)
{
  g_return_val_if_fail (VNT_IS_WATCH_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->list == NULL)
    return FALSE;

  if (!vnt_watch_list_add_path (self->list, path))
    {
      g_autofree char *name = g_path_get_basename (path);

      g_free (self->notice);
      self->notice = g_strdup_printf (_("“%s” is watched already."), name);
      if (self->busy)
        return FALSE;
      show_report (self);
      return FALSE;
    }

  return TRUE;
}

void
vnt_watch_page_remove_path (VntWatchPage *self,
                            const char   *path)
{
  g_return_if_fail (VNT_IS_WATCH_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->list != NULL)
    vnt_watch_list_remove_path (self->list, path);
}

gboolean
vnt_watch_page_get_busy (VntWatchPage *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_PAGE (self), FALSE);

  return self->busy;
}

VntWatchReport *
vnt_watch_page_get_report (VntWatchPage *self)
{
  g_return_val_if_fail (VNT_IS_WATCH_PAGE (self), NULL);

  return self->report;
}
