/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <cairo.h>
#include <poppler.h>

#include "controllers/steps/vnt-pdf-attachment.h"

G_DEFINE_QUARK (vnt-attachment-error-quark, vnt_attachment_error)

static const char * const error_codes[] = {
  "failed", "missing", "empty", "too-large", "not-pdf", "damaged", "encrypted", "changed",
};

const char *
vnt_attachment_error_code_to_string (VntAttachmentError code)
{
  if ((guint) code >= G_N_ELEMENTS (error_codes))
    return "failed";
  return error_codes[code];
}

char *
vnt_pdf_attachment_format_size (guint64 size)
{
  /* Rounded up: 1 048 577 bytes is "1025 KB", over the limit as it is. */
  return g_strdup_printf ("%" G_GUINT64_FORMAT " KB", (size + 1023) / 1024);
}

struct _VntPdfAttachment
{
  GObject  parent_instance;

  char    *path;
  char    *name;
  char    *sha256;
  GBytes  *contents;
  int      n_pages;
  GBytes  *preview;
  int      preview_width;
  int      preview_height;
  gsize    preview_stride;
};

G_DEFINE_FINAL_TYPE (VntPdfAttachment, vnt_pdf_attachment, G_TYPE_OBJECT)

static void
vnt_pdf_attachment_finalize (GObject *object)
{
  VntPdfAttachment *self = VNT_PDF_ATTACHMENT (object);

  g_free (self->path);
  g_free (self->name);
  g_free (self->sha256);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->preview, g_bytes_unref);

  G_OBJECT_CLASS (vnt_pdf_attachment_parent_class)->finalize (object);
}

static void
vnt_pdf_attachment_class_init (VntPdfAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_pdf_attachment_finalize;
}

static void
vnt_pdf_attachment_init (VntPdfAttachment *self)
{
}

/* ------------------------------------------------------------------ */
/* The check, in the worker                                            */

typedef struct {
  char *path;
  char *expected_sha256;
  int   preview_width;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->path);
  g_free (data->expected_sha256);
  g_free (data);
}

/* What the bytes are when they are not a PDF, for a message that helps. */
static const char *
sniff_other_kind (const guint8 *data,
                  gsize         len)
{
  static const struct { const char *magic; gsize len; const char *kind; } kinds[] = {
    { "\x89PNG\r\n\x1a\n", 8, "PNG" },
    { "\xff\xd8\xff", 3, "JPEG" },
    { "GIF8", 4, "GIF" },
    { "II*\0", 4, "TIFF" },
    { "MM\0*", 4, "TIFF" },
    { "PK\x03\x04", 4, "ZIP" },
    { "\xd0\xcf\x11\xe0", 4, "Office" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (len >= kinds[i].len && memcmp (data, kinds[i].magic, kinds[i].len) == 0)
      return kinds[i].kind;

  return NULL;
}

static const guint8 *
find_last (const guint8 *haystack,
           gsize         len,
           const char   *needle)
{
  gsize n = strlen (needle);

  if (len < n)
    return NULL;
  for (gsize i = len - n + 1; i-- > 0;)
    if (memcmp (haystack + i, needle, n) == 0)
      return haystack + i;

  return NULL;
}

/* The service's minimal parse (docs/protocol.md §6.4): "%%EOF" and a
 * "startxref" in the last 1024 bytes, whose offset points inside the file
 * at an "xref" table or an "N G obj" cross-reference stream. A PDF that
 * poppler can rebuild but the service would refuse is refused here first. */
static gboolean
has_sound_trailer (const guint8 *data,
                   gsize         len)
{
  gsize tail_len = MIN (len, 1024);
  const guint8 *tail = data + len - tail_len;
  const guint8 *startxref;
  const guint8 *p;
  guint64 offset = 0;
  gboolean digits = FALSE;

  if (find_last (tail, tail_len, "%%EOF") == NULL ||
      (startxref = find_last (tail, tail_len, "startxref")) == NULL)
    return FALSE;

  for (p = startxref + strlen ("startxref"); p < data + len && g_ascii_isspace (*p); p++)
    ;
  for (; p < data + len && g_ascii_isdigit (*p) && offset < len; p++, digits = TRUE)
    offset = offset * 10 + (*p - '0');
  if (!digits || offset >= len)
    return FALSE;

  p = data + offset;
  if (len - offset >= 4 && memcmp (p, "xref", 4) == 0)
    return TRUE;

  /* "N G obj" */
  for (int field = 0; field < 2; field++)
    {
      const guint8 *start = p;

      while (p < data + len && g_ascii_isdigit (*p))
        p++;
      if (p == start)
        return FALSE;
      start = p;
      while (p < data + len && g_ascii_isspace (*p))
        p++;
      if (p == start)
        return FALSE;
    }

  return (gsize) (data + len - p) >= 3 && memcmp (p, "obj", 3) == 0;
}

/* An /Encrypt entry in a trailer or cross-reference stream dictionary.
 * Poppler opens a PDF that has only an owner password without asking, but
 * IMSS's readers may not, and the document is still locked: refuse it.
 * Dictionaries outside streams are plain text, so a scan finds it. */
static gboolean
has_encrypt_entry (const guint8 *data,
                   gsize         len)
{
  static const char key[] = "/Encrypt";
  gsize n = strlen (key);

  for (gsize i = 0; i + n < len; i++)
    if (data[i] == '/' && memcmp (data + i, key, n) == 0 &&
        (g_ascii_isspace (data[i + n]) || g_ascii_isdigit (data[i + n]) || data[i + n] == '<'))
      return TRUE;

  return FALSE;
}

static GBytes *
render_first_page (PopplerDocument *document,
                   int              width,
                   int             *out_height,
                   gsize           *out_stride)
{
  PopplerPage *page = poppler_document_get_page (document, 0);
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_width, page_height, scale;
  int height;
  gsize stride;
  GBytes *pixels;

  if (page == NULL)
    return NULL;

  poppler_page_get_size (page, &page_width, &page_height);
  if (page_width <= 0 || page_height <= 0)
    {
      g_object_unref (page);
      return NULL;
    }

  scale = width / page_width;
  height = MAX (1, (int) (page_height * scale + 0.5));
  /* A pathological page shape must not ask for gigabytes. */
  if (height > width * 8)
    height = width * 8;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  g_object_unref (page);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  stride = cairo_image_surface_get_stride (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface), stride * height);
  cairo_surface_destroy (surface);

  *out_height = height;
  *out_stride = stride;
  return pixels;
}

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "");
}

/* What to say of a file that could not be read (a cancellation is said
 * as it is); takes @error. */
static GError *
read_error (GError     *error,
            const char *name)
{
  g_autoptr(GError) taken = error;

  if (g_error_matches (taken, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_steal_pointer (&taken);
  if (g_error_matches (taken, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_error_new (VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_MISSING,
                        _("The file “%s” is not in its folder any more: it was moved, "
                          "renamed or deleted. Choose it again."),
                           name);
  return g_error_new (VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_FAILED,
                      _("The file “%s” could not be read (%s). Check that you may open it and "
                        "choose it again."),
                         name, taken->message);
}

static GError *
too_large_error (const char *name,
                 guint64     size)
{
  g_autofree char *shown = vnt_pdf_attachment_format_size (size);

  return g_error_new (VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_TOO_LARGE,
                      _("“%s” weighs %s and IMSS accepts at most 1024 KB. Reduce it: scan the "
                        "page again in black and white or at 150 to 200 dpi, or save it with the "
                        "“reduce file size” option of your PDF program, then choose the new "
                        "file."),
                         name, shown);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (data->path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(VntPdfAttachment) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) document_ref = NULL;
  PopplerDocument *document;
  g_autofree char *name = display_name (file);
  g_autofree char *contents = NULL;
  const guint8 *bytes;
  const char *other;
  gsize len = 0;
  goffset size;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, read_error (g_steal_pointer (&error), name));
      return;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_NOT_PDF,
                               _("“%s” is not a file. Choose the PDF of the document."), name);
      return;
    }

  /* Too large is said without reading it all. */
  size = g_file_info_get_size (info);
  if (size > VNT_PDF_ATTACHMENT_MAX_SIZE)
    {
      g_task_return_error (task, too_large_error (name, size));
      return;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &error))
    {
      g_task_return_error (task, read_error (g_steal_pointer (&error), name));
      return;
    }
  bytes = (const guint8 *) contents;

  self = g_object_new (VNT_TYPE_PDF_ATTACHMENT, NULL);
  self->path = g_strdup (data->path);
  self->name = g_steal_pointer (&name);
  self->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, len);
  self->contents = g_bytes_new_take (g_steal_pointer (&contents), len);
  bytes = g_bytes_get_data (self->contents, NULL);

  /* Changed since it was chosen: say so before anything else about it. */
  if (data->expected_sha256 != NULL && g_ascii_strcasecmp (data->expected_sha256, self->sha256) != 0)
    {
      g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_CHANGED,
                               _("The file “%s” changed after you chose it. Check that it is still the right document and choose it again."),
                               self->name);
      return;
    }

  if (len == 0)
    {
      g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_EMPTY,
                               _("The file “%s” is empty. Choose the PDF of the document."), self->name);
      return;
    }
  if (len > VNT_PDF_ATTACHMENT_MAX_SIZE)
    {
      g_task_return_error (task, too_large_error (self->name, len));
      return;
    }

  /* "%PDF-N.N", as the service demands. */
  if (len < 8 || memcmp (bytes, "%PDF-", 5) != 0 || !g_ascii_isdigit (bytes[5]) || bytes[6] != '.' ||
      !g_ascii_isdigit (bytes[7]))
    {
      other = sniff_other_kind (bytes, len);
      if (other != NULL)
        g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_NOT_PDF,
                                 /* TRANSLATORS: the second %s is a file type: PNG, JPEG, ZIP… */
                                 _("“%s” is not a PDF but a %s file with another name. Open it and save or print it as PDF, then choose the new file."),
                                 self->name, other);
      else
        g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_NOT_PDF,
                                 _("“%s” is not a PDF. Scan or save the document as PDF and choose that file."),
                                 self->name);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Poppler 22 declares no autoptr for its types. */
  document = poppler_document_new_from_bytes (self->contents, NULL, &error);
  document_ref = (GObject *) document;
  if (document == NULL && g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_ENCRYPTED,
                               _("“%s” is protected with a password, so IMSS could not open it. Save a copy without protection (in your PDF program, remove the security) and choose that copy."),
                               self->name);
      return;
    }
  if (document != NULL && has_encrypt_entry (bytes, len))
    {
      g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_ENCRYPTED,
                               _("“%s” is encrypted (it has restrictions on printing or copying), so IMSS may not open it. Save a copy without protection (in your PDF program, remove the security) and choose that copy."),
                               self->name);
      return;
    }
  if (document == NULL || !has_sound_trailer (bytes, len) ||
      (self->n_pages = poppler_document_get_n_pages (document)) < 1)
    {
      g_task_return_new_error (task, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_DAMAGED,
                               _("“%s” is incomplete or damaged and cannot be read as a PDF. Scan or save the document again and choose the new file."),
                               self->name);
      return;
    }

  if (data->preview_width > 0)
    self->preview = render_first_page (document, data->preview_width,
                                       &self->preview_height, &self->preview_stride);
  if (self->preview != NULL)
    self->preview_width = data->preview_width;

  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

void
vnt_pdf_attachment_check_async (const char          *path,
                                const char          *expected_sha256,
                                int                  preview_width,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (preview_width >= 0 && preview_width <= 4096);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_pdf_attachment_check_async);
  data = g_new0 (CheckData, 1);
  data->path = g_strdup (path);
  data->expected_sha256 = g_strdup (expected_sha256);
  data->preview_width = preview_width;
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

VntPdfAttachment *
vnt_pdf_attachment_check_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

const char *
vnt_pdf_attachment_get_path (VntPdfAttachment *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT (self), NULL);
  return self->path;
}

const char *
vnt_pdf_attachment_get_name (VntPdfAttachment *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT (self), NULL);
  return self->name;
}

guint64
vnt_pdf_attachment_get_size (VntPdfAttachment *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT (self), 0);
  return self->contents != NULL ? g_bytes_get_size (self->contents) : 0;
}

const char *
vnt_pdf_attachment_get_sha256 (VntPdfAttachment *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT (self), NULL);
  return self->sha256;
}

int
vnt_pdf_attachment_get_n_pages (VntPdfAttachment *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT (self), 0);
  return self->n_pages;
}

GBytes *
vnt_pdf_attachment_get_contents (VntPdfAttachment *self)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT (self), NULL);
  return self->contents;
}

GBytes *
vnt_pdf_attachment_get_preview (VntPdfAttachment *self,
                                int              *width,
                                int              *height,
                                gsize            *stride)
{
  g_return_val_if_fail (VNT_IS_PDF_ATTACHMENT (self), NULL);

  if (width != NULL)
    *width = self->preview_width;
  if (height != NULL)
    *height = self->preview_height;
  if (stride != NULL)
    *stride = self->preview_stride;

  return self->preview;
}
