/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-page-parts.h"
#include "ui/pages/vnt-file-chooser.h"
#include "ui/pages/vnt-pfx-page.h"
#include "ui/vnt-ui.h"
#include "vnt-idse-pages.h"

struct _VntIdseCertificateBox
{
  GtkBox                    parent_instance;

  VntIdseRequestController *controller;
  gboolean                  practice;
  GCancellable             *cancellable;
  GtkNativeDialog          *chooser;

  GtkLabel                 *deadline_label;
  GtkWidget                *request_button;
  GtkWidget                *conclude_button;
  GtkWidget                *certificate_group;
  AdwActionRow             *npie_row;
  VntCertificateRows        facts;
  GtkWidget                *pfx_group;
  VntPfxPasswordRows        pfx;
  GtkWidget                *pfx_button;
  GtkLabel                 *status_label;
};

G_DEFINE_FINAL_TYPE (VntIdseCertificateBox, vnt_idse_certificate_box, GTK_TYPE_BOX)

static void
refresh (VntIdseCertificateBox *self)
{
  VntProcedure *procedure = VNT_PROCEDURE (self->controller);
  VntCertificate *certificate = vnt_idse_request_controller_get_certificate (self->controller);
  g_autofree char *deadline = vnt_idse_request_controller_format_deadline (self->controller);
  gboolean busy = vnt_procedure_get_busy (procedure);
  gboolean pfx_ready;

  gtk_label_set_text (self->deadline_label, deadline != NULL ? deadline : "");
  gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), deadline != NULL && certificate == NULL);
  gtk_widget_set_sensitive (self->request_button, !busy && vnt_procedure_get_done (procedure));
  gtk_widget_set_visible (self->conclude_button, self->practice && certificate == NULL);
  gtk_widget_set_sensitive (self->conclude_button, !busy && vnt_procedure_get_done (procedure));

  gtk_widget_set_visible (self->certificate_group, certificate != NULL);
  gtk_widget_set_visible (self->pfx_group, certificate != NULL);
  if (certificate != NULL)
    {
      const char *npie = vnt_idse_request_controller_get_npie (self->controller);

      adw_action_row_set_subtitle (self->npie_row, npie != NULL ? npie : "");
    }
  vnt_certificate_rows_show (&self->facts, certificate);

  pfx_ready = vnt_pfx_password_rows_get_filled (&self->pfx) &&
              vnt_idse_request_controller_get_pfx_path (self->controller) == NULL;
  gtk_widget_set_sensitive (self->pfx_button, !busy && pfx_ready);
}

/* ---- The printable request ---- */

static void
request_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VntIdseCertificateBox) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *saved = _("The request was saved. Print it and take it to your IMSS office.");

  if (!vnt_idse_request_controller_write_request_pdf_finish (VNT_IDSE_REQUEST_CONTROLLER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vnt_page_parts_set_status (self->status_label, error->message, TRUE);
      return;
    }
  vnt_page_parts_set_status (self->status_label, saved, FALSE);
}

void
vnt_idse_certificate_box_save_request (VntIdseCertificateBox *self,
                                       GFile                 *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_IDSE_CERTIFICATE_BOX (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  vnt_idse_request_controller_write_request_pdf_async (self->controller, path, self->cancellable,
                                                       request_written_cb, g_object_ref (self));
}

/* ---- The .pfx ---- */

static void
pfx_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VntIdseCertificateBox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  vnt_pfx_password_rows_clear (&self->pfx);
  if (!vnt_idse_request_controller_save_pfx_finish (VNT_IDSE_REQUEST_CONTROLLER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vnt_page_parts_set_status (self->status_label, error->message, TRUE);
      refresh (self);
      return;
    }

  message = g_strdup_printf (_("Your certificate was saved in %s. Use it in IDSE with your user name and password."),
                             vnt_idse_request_controller_get_pfx_path (self->controller));
  vnt_page_parts_set_status (self->status_label, message, FALSE);
  refresh (self);
}

void
vnt_idse_certificate_box_save_pfx (VntIdseCertificateBox *self,
                                   GFile                 *file)
{
  const char *password;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VNT_IS_IDSE_CERTIFICATE_BOX (self));
  g_return_if_fail (G_IS_FILE (file));

  password = vnt_pfx_password_rows_check (&self->pfx, &error);
  if (password == NULL)
    {
      vnt_page_parts_set_status (self->status_label, error->message, TRUE);
      return;
    }

  path = g_file_get_path (file);
  vnt_idse_request_controller_save_pfx_async (self->controller, path, password,
                                              vnt_pfx_password_rows_get_profile (&self->pfx),
                                              self->cancellable, pfx_saved_cb, g_object_ref (self));
}

/* ---- Choosers ---- */

static void
chosen_cb (GtkWidget *widget,
           GFile     *file,
           gpointer   data)
{
  VntIdseCertificateBox *self = VNT_IDSE_CERTIFICATE_BOX (widget);
  gboolean for_pfx = GPOINTER_TO_INT (data);

  if (file != NULL && for_pfx)
    vnt_idse_certificate_box_save_pfx (self, file);
  else if (file != NULL)
    vnt_idse_certificate_box_save_request (self, file);
}

static void
choose (VntIdseCertificateBox *self,
        gboolean               for_pfx)
{
  GtkFileChooser *chooser;
  g_autofree char *name = NULL;

  chooser = vnt_file_chooser_new (GTK_WIDGET (self), &self->chooser, GTK_FILE_CHOOSER_ACTION_SAVE,
                                  for_pfx ? _("Save the certificate (.pfx)")
                                          : _("Save the request (PDF)"),
                                  C_("file chooser", "_Save"));
  if (for_pfx)
    name = vnt_idse_request_controller_suggest_pfx_name (self->controller);
  else
    name = g_strdup_printf ("Solicitud_%s.pdf",
                            vnt_tramite_flow_get_folio (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (self->controller))));
  gtk_file_chooser_set_current_name (chooser, name);
  vnt_file_chooser_show (chooser, chosen_cb, GINT_TO_POINTER (for_pfx));
}

static void
request_clicked_cb (VntIdseCertificateBox *self)
{
  choose (self, FALSE);
}

static void
pfx_clicked_cb (VntIdseCertificateBox *self)
{
  choose (self, TRUE);
}

/* Enter in the confirmation saves. */
static void
pfx_confirm_activated_cb (VntIdseCertificateBox *self)
{
  if (gtk_widget_is_sensitive (self->pfx_button))
    choose (self, TRUE);
}

/* ---- Practice: the visit ---- */

static void
concluded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VntIdseCertificateBox) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *issued = _("The IMSS issued your certificate, and it is the one of the key you "
                         "saved. Save it as a .pfx, protected with your IDSE password.");

  if (!vnt_idse_request_controller_conclude_finish (VNT_IDSE_REQUEST_CONTROLLER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vnt_page_parts_set_status (self->status_label, error->message, TRUE);
      refresh (self);
      return;
    }

  vnt_page_parts_set_status (self->status_label, issued, FALSE);
  refresh (self);
  gtk_widget_grab_focus (self->pfx.password_row);
}

static void
conclude_clicked_cb (VntIdseCertificateBox *self)
{
  vnt_page_parts_set_status (self->status_label, NULL, FALSE);
  vnt_idse_request_controller_conclude_async (self->controller, self->cancellable, concluded_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */

static void
vnt_idse_certificate_box_dispose (GObject *object)
{
  VntIdseCertificateBox *self = VNT_IDSE_CERTIFICATE_BOX (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  vnt_file_chooser_clear (&self->chooser);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_idse_certificate_box_parent_class)->dispose (object);
}

static void
vnt_idse_certificate_box_class_init (VntIdseCertificateBoxClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_idse_certificate_box_dispose;
}

static void
vnt_idse_certificate_box_init (VntIdseCertificateBox *self)
{
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
pill (const char *label)
{
  GtkWidget *button = vnt_ui_wrapping_button_new (NULL, label);

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  return button;
}

GtkWidget *
vnt_idse_certificate_box_new (VntProcedure *procedure,
                              gboolean      practice)
{
  VntIdseCertificateBox *self;
  GtkWidget *label;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_CERTIFICATE_BOX, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 18, NULL);
  self->controller = g_object_ref (VNT_IDSE_REQUEST_CONTROLLER (procedure));
  self->practice = practice;

  label = g_object_new (GTK_TYPE_LABEL, "wrap", TRUE, "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, NULL);
  gtk_widget_add_css_class (label, "title-4");
  self->deadline_label = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (self), label);

  self->request_button = pill (_("Save the request to _print (PDF)…"));
  g_signal_connect_swapped (self->request_button, "clicked", G_CALLBACK (request_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), self->request_button);

  self->conclude_button = pill (_("_Play the visit to the IMSS office (practice)"));
  gtk_widget_add_css_class (self->conclude_button, "suggested-action");
  g_signal_connect_swapped (self->conclude_button, "clicked", G_CALLBACK (conclude_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), self->conclude_button);

  self->certificate_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->certificate_group), _("Your IDSE certificate"));
  self->npie_row = vnt_page_parts_fact_row (self->certificate_group, _("NPIE"));
  self->facts.number_row =
      vnt_page_parts_fact_row (self->certificate_group, _("Certificate number"));
  self->facts.validity_row = vnt_page_parts_fact_row (self->certificate_group, _("Valid"));
  gtk_box_append (GTK_BOX (self), self->certificate_group);

  self->pfx_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->pfx_group), _("Certificate file (.pfx)"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->pfx_group),
                                         _("The certificate and your key in one file, protected with your IDSE password."));
  vnt_pfx_password_rows_add (&self->pfx, self->pfx_group);
  g_signal_connect_swapped (self->pfx.password_row, "changed", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->pfx.confirm_row, "changed", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->pfx.confirm_row, "entry-activated",
                            G_CALLBACK (pfx_confirm_activated_cb), self);
  gtk_box_append (GTK_BOX (self), self->pfx_group);

  self->pfx_button = pill (_("Save the _certificate (.pfx)…"));
  gtk_widget_add_css_class (self->pfx_button, "suggested-action");
  g_signal_connect_swapped (self->pfx_button, "clicked", G_CALLBACK (pfx_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), self->pfx_button);
  g_object_bind_property (self->pfx_group, "visible", self->pfx_button, "visible", G_BINDING_SYNC_CREATE);

  self->status_label = vnt_page_parts_status (GTK_WIDGET (self));

  g_signal_connect_object (procedure, "notify::busy", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (procedure, "notify::step", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (refresh), NULL);
  refresh (self);

  return GTK_WIDGET (self);
}

const char *
vnt_idse_certificate_box_get_deadline (VntIdseCertificateBox *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATE_BOX (self), NULL);
  return gtk_label_get_text (self->deadline_label);
}

const char *
vnt_idse_certificate_box_get_status (VntIdseCertificateBox *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATE_BOX (self), NULL);
  return gtk_label_get_text (self->status_label);
}

GtkWidget *
vnt_idse_certificate_box_get_conclude_button (VntIdseCertificateBox *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATE_BOX (self), NULL);
  return self->conclude_button;
}

GtkWidget *
vnt_idse_certificate_box_get_pfx_password_row (VntIdseCertificateBox *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATE_BOX (self), NULL);
  return self->pfx.password_row;
}

GtkWidget *
vnt_idse_certificate_box_get_pfx_confirm_row (VntIdseCertificateBox *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CERTIFICATE_BOX (self), NULL);
  return self->pfx.confirm_row;
}
