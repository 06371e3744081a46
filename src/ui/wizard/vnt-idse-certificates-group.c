/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/procedures/idse-recover/vnt-idse-recover-controller.h"
#include "controllers/vnt-idse-certificates.h"
#include "core/vnt-date.h"
#include "ui/vnt-ui.h"
#include "vnt-idse-certificates-group.h"
#include "vnt-wizard-context.h"

struct _VntIdseCertificatesGroup
{
  AdwBin        parent_instance;

  GtkWidget    *group;
  GtkListBox   *list;
  GtkWidget    *empty_row;
  GtkLabel     *service_label;
  GPtrArray    *rows;

  GCancellable *cancellable;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (VntIdseCertificatesGroup, vnt_idse_certificates_group, ADW_TYPE_BIN)

static char *
format_day (GDateTime *time)
{
  return time != NULL ? vnt_date_format_date (time) : g_strdup ("?");
}

static char *
describe (VntIdseCertificateState *state,
          GDateTime               *now)
{
  VntIdseLedgerEntry *entry = state->entry;
  g_autofree char *from = format_day (entry->not_before);
  g_autofree char *to = format_day (entry->not_after);
  g_autofree char *left = NULL;
  g_autofree char *status = NULL;
  g_autofree char *where = g_filename_display_name (entry->path);

  if (entry->not_after == NULL)
    left = g_strdup ("");
  else
    {
      int days = vnt_idse_certificate_days_left (entry->not_after, now);

      if (days >= 0)
        /* TRANSLATORS: days until an IDSE certificate expires */
        left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days), days);
      else
        /* TRANSLATORS: days since an IDSE certificate expired */
        left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "expired %d day ago", "expired %d days ago", -days),
                                -days);
    }

  if (state->status != NULL)
    /* TRANSLATORS: the state IMSS reports for an IDSE certificate ("Vigente") */
    status = g_strdup_printf (_("IMSS says: %s"), vnt_idse_certificate_status_to_string (state->status));
  else
    status = g_strdup (_("IMSS could not be asked"));

  /* TRANSLATORS: vigencia from, to; days left; the state; the .pfx file */
  return g_strdup_printf (_("Valid from %s to %s · %s · %s\n%s"), from, to, left, status, where);
}

static void
clear (VntIdseCertificatesGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VntIdseCertificatesGroup *self;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GError) service_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  states = vnt_idse_certificates_list_finish (result, &service_error, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VNT_IDSE_CERTIFICATES_GROUP (user_data);
  self->loading = FALSE;
  clear (self);

  if (states == NULL)
    {
      g_warning ("Could not read the IDSE certificates: %s", error->message);
      states = g_ptr_array_new ();
    }

  for (guint i = 0; i < states->len; i++)
    {
      VntIdseCertificateState *state = g_ptr_array_index (states, i);
      VntIdseLedgerEntry *entry = state->entry;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = describe (state, now);
      GtkWidget *row = adw_action_row_new ();

      /* TRANSLATORS: an IDSE certificate's NPIE and número */
      title = g_strdup_printf (_("NPIE %s · Certificate %s"), entry->npie != NULL ? entry->npie : "—",
                               entry->serial != NULL ? entry->serial : "—");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, entry->path);
      g_object_set_data_full (G_OBJECT (row), "vnt-subtitle", g_strdup (subtitle), g_free);
      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (self->empty_row, states->len == 0);
  if (service_error != NULL)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s says why the service could not be asked */
      message = g_strdup_printf (_("The state of your certificates could not be asked of IMSS: %s"),
                                 service_error->message);
      gtk_label_set_text (self->service_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->service_label), service_error != NULL);
  g_object_unref (self);
}

void
vnt_idse_certificates_group_refresh (VntIdseCertificatesGroup *self)
{
  VntWizardContext *context;

  g_return_if_fail (VNT_IS_IDSE_CERTIFICATES_GROUP (self));

  context = vnt_wizard_context_get_default ();
  if (context == NULL)
    return;

  vnt_ui_restart_cancellable (&self->cancellable);
  self->loading = TRUE;
  vnt_idse_certificates_list_async (vnt_tramite_store_get_data_dir (vnt_wizard_context_get_store (context)),
                                    vnt_wizard_context_get_client (context),
                                    self->cancellable, listed_cb, g_object_ref (self));
}

gboolean
vnt_idse_certificates_group_get_loading (VntIdseCertificatesGroup *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATES_GROUP (self), FALSE);
  return self->loading;
}

guint
vnt_idse_certificates_group_get_n_rows (VntIdseCertificatesGroup *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATES_GROUP (self), 0);
  return self->rows->len;
}

const char *
vnt_idse_certificates_group_get_row_subtitle (VntIdseCertificatesGroup *self,
                                              guint                     index)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATES_GROUP (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_object_get_data (G_OBJECT (g_ptr_array_index (self->rows, index)), "vnt-subtitle");
}

const char *
vnt_idse_certificates_group_get_service_message (VntIdseCertificatesGroup *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATES_GROUP (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->service_label)) ? gtk_label_get_text (self->service_label) : NULL;
}

static void
vnt_idse_certificates_group_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vnt_idse_certificates_group_parent_class)->map (widget);

  /* Back at the start window: a procedure may have saved a .pfx. */
  vnt_idse_certificates_group_refresh (VNT_IDSE_CERTIFICATES_GROUP (widget));
}

static void
vnt_idse_certificates_group_dispose (GObject *object)
{
  VntIdseCertificatesGroup *self = VNT_IDSE_CERTIFICATES_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vnt_idse_certificates_group_parent_class)->dispose (object);
}

static void
vnt_idse_certificates_group_class_init (VntIdseCertificatesGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_idse_certificates_group_dispose;
  GTK_WIDGET_CLASS (klass)->map = vnt_idse_certificates_group_map;
}

static void
vnt_idse_certificates_group_init (VntIdseCertificatesGroup *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *label;

  self->rows = g_ptr_array_new ();

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Mis certificados IDSE"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         _("The IDSE certificates this computer requested, recovered or renewed. Only where their .pfx files are is kept here, never a key or a password."));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Mis certificados IDSE"), -1);
  self->list = GTK_LIST_BOX (list);

  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No IDSE certificates saved on this computer yet"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->empty_row), FALSE);
  gtk_widget_add_css_class (self->empty_row, "dim-label");
  gtk_list_box_append (self->list, self->empty_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), list);
  gtk_box_append (GTK_BOX (box), self->group);

  label = g_object_new (GTK_TYPE_LABEL, "wrap", TRUE, "xalign", 0.0f,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, NULL);
  gtk_widget_add_css_class (label, "warning");
  gtk_widget_set_visible (label, FALSE);
  self->service_label = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (box), label);

  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
vnt_idse_certificates_group_new (void)
{
  return g_object_new (VNT_TYPE_IDSE_CERTIFICATES_GROUP, NULL);
}
