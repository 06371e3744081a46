/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/vnt-ui.h"
#include "ui/wizard/vnt-page.h"
#include "vnt-file-chooser.h"
#include "vnt-pdf-attachment-row.h"

/* The first page is drawn this wide (pixels) for the preview. */
#define PREVIEW_WIDTH 120

struct _VntPdfAttachmentRow
{
  AdwBin            parent_instance;

  GtkWidget        *preview_frame;
  GtkPicture       *preview;
  GtkLabel         *title_label;
  GtkLabel         *description_label;
  GtkLabel         *file_label;
  GtkLabel         *details_label;
  GtkLabel         *message_label;
  GtkWidget        *choose_button;
  GtkLabel         *choose_label;
  GtkSpinner       *spinner;

  VntPdfAttachment *attachment;
  GCancellable     *cancellable;
  GtkNativeDialog  *chooser;
  GFile            *folder;
};

G_DEFINE_FINAL_TYPE (VntPdfAttachmentRow, vnt_pdf_attachment_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_BUTTON_LABEL,
  PROP_ATTACHMENT,
  PROP_CHECKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_checking (VntPdfAttachmentRow *self,
              gboolean             checking)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->spinner)) == checking)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
  gtk_spinner_set_spinning (self->spinner, checking);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

static void
show_message (VntPdfAttachmentRow *self,
              const char          *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  vnt_page_mark_invalid (self->choose_button, message);
}

static void
set_attachment (VntPdfAttachmentRow *self,
                VntPdfAttachment    *attachment)
{
  if (!g_set_object (&self->attachment, attachment))
    return;

  if (attachment != NULL)
    {
      g_autofree char *size = vnt_pdf_attachment_format_size (vnt_pdf_attachment_get_size (attachment));
      int n_pages = vnt_pdf_attachment_get_n_pages (attachment);
      g_autofree char *details = NULL;
      g_autofree char *alternative = NULL;
      GBytes *pixels;
      int width = 0, height = 0;
      gsize stride = 0;

      /* TRANSLATORS: a file's size ("99 KB") and its number of pages. */
      details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d page", "%s · %d pages", n_pages),
                                 size, n_pages);
      gtk_label_set_text (self->file_label, vnt_pdf_attachment_get_name (attachment));
      gtk_label_set_text (self->details_label, details);

      pixels = vnt_pdf_attachment_get_preview (attachment, &width, &height, &stride);
      if (pixels != NULL)
        {
          g_autoptr(GdkTexture) texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT,
                                                                  pixels, stride);

          gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
          alternative = g_strdup_printf (_("First page of %s"), vnt_pdf_attachment_get_name (attachment));
          gtk_picture_set_alternative_text (self->preview, alternative);
        }
      gtk_widget_set_visible (self->preview_frame, pixels != NULL);
    }
  else
    {
      gtk_picture_set_paintable (self->preview, NULL);
      gtk_picture_set_alternative_text (self->preview, NULL);
      gtk_widget_set_visible (self->preview_frame, FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->file_label), attachment != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), attachment != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTACHMENT]);
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VntPdfAttachmentRow) self = user_data;
  g_autoptr(VntPdfAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  attachment = vnt_pdf_attachment_check_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_checking (self, FALSE);
  g_clear_object (&self->cancellable);
  show_message (self, error != NULL ? error->message : NULL);
  set_attachment (self, attachment);
}

void
vnt_pdf_attachment_row_set_path (VntPdfAttachmentRow *self,
                                 const char          *path,
                                 const char          *expected_sha256)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (VNT_IS_PDF_ATTACHMENT_ROW (self));
  g_return_if_fail (path != NULL);

  vnt_ui_restart_cancellable (&self->cancellable);

  /* The next chooser opens where this file is. */
  file = g_file_new_for_path (path);
  g_clear_object (&self->folder);
  self->folder = g_file_get_parent (file);

  show_message (self, NULL);
  set_attachment (self, NULL);
  set_checking (self, TRUE);
  vnt_pdf_attachment_check_async (path, expected_sha256, PREVIEW_WIDTH, self->cancellable,
                                  check_cb, g_object_ref (self));
}

static void
chosen_cb (GtkWidget *widget,
           GFile     *file,
           gpointer   data)
{
  VntPdfAttachmentRow *self = VNT_PDF_ATTACHMENT_ROW (widget);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    vnt_pdf_attachment_row_set_path (self, path, NULL);
  gtk_widget_grab_focus (self->choose_button);
}

static void
choose_clicked_cb (VntPdfAttachmentRow *self)
{
  GtkFileChooser *chooser;
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();

  chooser = vnt_file_chooser_new (GTK_WIDGET (self), &self->chooser, GTK_FILE_CHOOSER_ACTION_OPEN,
                                  gtk_label_get_text (self->title_label),
                                  C_("file chooser", "_Choose"));
  gtk_file_filter_set_name (pdf, _("PDF documents"));
  gtk_file_filter_add_mime_type (pdf, "application/pdf");
  gtk_file_filter_add_suffix (pdf, "pdf");
  gtk_file_chooser_add_filter (chooser, pdf);
  vnt_file_chooser_add_all_files (chooser);
  /* Where documents are kept, rather than the recent files. */
  if (self->folder == NULL)
    {
      const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

      self->folder = g_file_new_for_path (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR)
                                          ? documents : g_get_home_dir ());
    }
  gtk_file_chooser_set_current_folder (chooser, self->folder, NULL);
  vnt_file_chooser_show (chooser, chosen_cb, NULL);
}

static void
vnt_pdf_attachment_row_dispose (GObject *object)
{
  VntPdfAttachmentRow *self = VNT_PDF_ATTACHMENT_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  vnt_file_chooser_clear (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_PDF_ATTACHMENT_ROW);
  g_clear_object (&self->attachment);
  g_clear_object (&self->folder);

  G_OBJECT_CLASS (vnt_pdf_attachment_row_parent_class)->dispose (object);
}

static void
vnt_pdf_attachment_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VntPdfAttachmentRow *self = VNT_PDF_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_text (self->title_label));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, gtk_label_get_text (self->description_label));
      break;
    case PROP_BUTTON_LABEL:
      g_value_set_string (value, gtk_label_get_label (self->choose_label));
      break;
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, vnt_pdf_attachment_row_get_checking (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_pdf_attachment_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VntPdfAttachmentRow *self = VNT_PDF_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      gtk_label_set_text (self->title_label, g_value_get_string (value) != NULL ? g_value_get_string (value) : "");
      break;
    case PROP_DESCRIPTION:
      gtk_label_set_text (self->description_label, g_value_get_string (value) != NULL ? g_value_get_string (value) : "");
      break;
    case PROP_BUTTON_LABEL:
      /* In a label of its own: the button is named by its words, without
       * the mnemonic's underscore. */
      gtk_label_set_text_with_mnemonic (self->choose_label, g_value_get_string (value) != NULL ? g_value_get_string (value) : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_pdf_attachment_row_class_init (VntPdfAttachmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_pdf_attachment_row_dispose;
  object_class->get_property = vnt_pdf_attachment_row_get_property;
  object_class->set_property = vnt_pdf_attachment_row_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUTTON_LABEL] =
    g_param_spec_string ("button-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL, VNT_TYPE_PDF_ATTACHMENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-pdf-attachment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, preview_frame);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, preview);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, description_label);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, file_label);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, choose_label);
  gtk_widget_class_bind_template_child (widget_class, VntPdfAttachmentRow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
vnt_pdf_attachment_row_init (VntPdfAttachmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vnt_pdf_attachment_row_new (const char *title,
                            const char *description,
                            const char *button_label)
{
  return g_object_new (VNT_TYPE_PDF_ATTACHMENT_ROW,
                       "title", title,
                       "description", description,
                       "button-label", button_label,
                       NULL);
}

VntPdfAttachment *
vnt_pdf_attachment_row_get_attachment (VntPdfAttachmentRow *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT_ROW (self), NULL);
  return self->attachment;
}

gboolean
vnt_pdf_attachment_row_get_checking (VntPdfAttachmentRow *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT_ROW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}

void
vnt_pdf_attachment_row_show_error (VntPdfAttachmentRow *self,
                                   const GError        *error)
{
  g_return_if_fail (VNT_IS_PDF_ATTACHMENT_ROW (self));
  g_return_if_fail (error != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_checking (self, FALSE);
  set_attachment (self, NULL);
  show_message (self, error->message);
}

const char *
vnt_pdf_attachment_row_get_message (VntPdfAttachmentRow *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : NULL;
}

const char *
vnt_pdf_attachment_row_get_details (VntPdfAttachmentRow *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->details_label))
         ? gtk_label_get_text (self->details_label) : NULL;
}
