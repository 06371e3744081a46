/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-background.h"
#include "controllers/vnt-service-settings.h"
#include "ui/wizard/vnt-page.h"
#include "vnt-preferences-window.h"

struct _VntPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkSwitch   *background_switch;
  GtkLabel    *background_error;
  AdwEntryRow *url_row;
  GtkLabel    *url_error;
  AdwEntryRow *fingerprint_row;
  GtkLabel    *fingerprint_error;
  AdwEntryRow *ocsp_row;
  GtkLabel    *ocsp_error;

  GSettings   *settings;
  GCancellable *cancellable;
  /* While the window itself sets the switch. */
  gboolean     loading;
  gboolean     background_busy;
};

G_DEFINE_FINAL_TYPE (VntPreferencesWindow, vnt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The message goes under the field, the field is marked invalid for
 * screen readers too; NULL clears both. */
static void
show_field_error (GtkWidget *row,
                  GtkLabel  *label,
                  GError    *error)
{
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
  gtk_label_set_text (label, error != NULL ? error->message : "");
  vnt_page_mark_invalid (row, error != NULL ? error->message : NULL);
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
validate_url (VntPreferencesWindow *self)
{
  g_autofree char *url = row_text (self->url_row);
  g_autoptr(GError) error = NULL;
  gboolean valid = vnt_service_settings_check_url (url, &error);

  show_field_error (GTK_WIDGET (self->url_row), self->url_error, error);
  return valid;
}

static gboolean
validate_fingerprint (VntPreferencesWindow *self)
{
  g_autofree char *url = row_text (self->url_row);
  g_autofree char *fingerprint = row_text (self->fingerprint_row);
  g_autoptr(GError) error = NULL;
  gboolean valid = vnt_service_settings_check_fingerprint (fingerprint, url, &error);

  show_field_error (GTK_WIDGET (self->fingerprint_row), self->fingerprint_error, error);
  return valid;
}

static gboolean
validate_ocsp (VntPreferencesWindow *self)
{
  g_autofree char *url = row_text (self->ocsp_row);
  g_autoptr(GError) error = NULL;
  gboolean valid = vnt_service_settings_check_ocsp_url (url, &error);

  show_field_error (GTK_WIDGET (self->ocsp_row), self->ocsp_error, error);
  return valid;
}

static void
url_changed_cb (VntPreferencesWindow *self)
{
  validate_url (self);
  /* Whether a fingerprint is needed depends on the address. */
  validate_fingerprint (self);
}

static void
fingerprint_changed_cb (VntPreferencesWindow *self)
{
  validate_fingerprint (self);
}

static void
ocsp_changed_cb (VntPreferencesWindow *self)
{
  validate_ocsp (self);
}

static void
store (VntPreferencesWindow *self,
       const char           *key,
       AdwEntryRow          *row)
{
  g_autofree char *text = row_text (row);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, key, text);
}

static void
url_apply_cb (VntPreferencesWindow *self)
{
  if (validate_url (self))
    store (self, "service-url", self->url_row);
}

static void
fingerprint_apply_cb (VntPreferencesWindow *self)
{
  if (validate_fingerprint (self))
    store (self, "service-certificate-sha256", self->fingerprint_row);
}

static void
ocsp_apply_cb (VntPreferencesWindow *self)
{
  if (validate_ocsp (self))
    store (self, "ocsp-url", self->ocsp_row);
}

static void
set_switch (VntPreferencesWindow *self,
            gboolean              active)
{
  self->loading = TRUE;
  gtk_switch_set_active (self->background_switch, active);
  self->loading = FALSE;
}

static void
background_set_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VntPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_switch_get_active (self->background_switch);

  self->background_busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->background_switch), TRUE);

  if (!vnt_background_set_enabled_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Back to what is really installed. */
      set_switch (self, !active);
      gtk_label_set_text (self->background_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->background_error), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->background_error), FALSE);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "background-reminders", active);
}

static void
background_switch_cb (VntPreferencesWindow *self)
{
  if (self->loading)
    return;

  self->background_busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->background_switch), FALSE);
  vnt_background_set_enabled_async (gtk_switch_get_active (self->background_switch), NULL, self->cancellable,
                                    background_set_cb, g_object_ref (self));
}

static void
vnt_preferences_window_dispose (GObject *object)
{
  VntPreferencesWindow *self = VNT_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vnt_preferences_window_parent_class)->dispose (object);
}

static void
vnt_preferences_window_class_init (VntPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, background_error);
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, url_error);
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, fingerprint_error);
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, ocsp_row);
  gtk_widget_class_bind_template_child (widget_class, VntPreferencesWindow, ocsp_error);
  gtk_widget_class_bind_template_callback (widget_class, background_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, fingerprint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fingerprint_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, ocsp_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ocsp_apply_cb);
}

static void
vnt_preferences_window_init (VntPreferencesWindow *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
vnt_preferences_window_new (GSettings *settings)
{
  VntPreferencesWindow *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (VNT_TYPE_PREFERENCES_WINDOW, NULL);
  if (settings != NULL)
    {
      g_autofree char *url = g_settings_get_string (settings, "service-url");
      g_autofree char *fingerprint = g_settings_get_string (settings, "service-certificate-sha256");
      g_autofree char *ocsp = g_settings_get_string (settings, "ocsp-url");

      self->settings = g_object_ref (settings);
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
      gtk_editable_set_text (GTK_EDITABLE (self->fingerprint_row), fingerprint);
      gtk_editable_set_text (GTK_EDITABLE (self->ocsp_row), ocsp);
      set_switch (self, g_settings_get_boolean (settings, "background-reminders"));
    }

  return GTK_WIDGET (self);
}

gboolean
vnt_preferences_window_get_busy (VntPreferencesWindow *self)
{
  g_return_val_if_fail (VNT_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->background_busy;
}
