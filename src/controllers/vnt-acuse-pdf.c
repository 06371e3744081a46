/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "controllers/vnt-acuse-pdf.h"
#include "core/vnt-date.h"
#include "core/vnt-safe-file.h"

/* Points (1/72 in). */
#define MM (72.0 / 25.4)
#define MARGIN (20 * MM)
#define SANS "DejaVu Sans"
#define MONO "DejaVu Sans Mono"

typedef struct {
  cairo_t *cr;
  double   width;
  double   height;
  double   y;
} Page;

static void
set_font (Page       *page,
          const char *family,
          gboolean    bold,
          double      size)
{
  cairo_select_font_face (page->cr, family, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (page->cr, size);
}

static void
set_gray (Page   *page,
          double  level)
{
  cairo_set_source_rgb (page->cr, level, level, level);
}

/* IMSS green, the colour of its printed forms. */
static void
set_green (Page *page)
{
  cairo_set_source_rgb (page->cr, 0.0, 0.33, 0.24);
}

static double
text_width (Page       *page,
            const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (page->cr, text, &extents);
  return extents.x_advance;
}

static void
show_at (Page       *page,
         double      x,
         double      y,
         const char *text)
{
  cairo_move_to (page->cr, x, y);
  cairo_show_text (page->cr, text);
}

/* Breaks @text into lines no wider than @width: at spaces, or anywhere in
 * a word too long for a line (a signature in base64). */
static GPtrArray *
wrap (Page       *page,
      const char *text,
      double      width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      g_autoptr(GString) candidate = g_string_new (line->str);

      if (candidate->len > 0)
        g_string_append_c (candidate, ' ');
      g_string_append (candidate, word);

      if (text_width (page, candidate->str) <= width)
        {
          g_string_assign (line, candidate->str);
          continue;
        }

      if (line->len > 0)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
        }

      /* Alone and still too wide: cut it by characters. */
      while (*word != '\0')
        {
          const char *p = word;
          g_autoptr(GString) piece = g_string_new (NULL);

          while (*p != '\0')
            {
              const char *next = g_utf8_next_char (p);
              g_autoptr(GString) trial = g_string_new (piece->str);

              g_string_append_len (trial, p, next - p);
              if (piece->len > 0 && text_width (page, trial->str) > width)
                break;
              g_string_assign (piece, trial->str);
              p = next;
            }

          if (*p == '\0')
            {
              g_string_assign (line, piece->str);
              break;
            }
          g_ptr_array_add (lines, g_strdup (piece->str));
          word = p;
        }
    }

  if (line->len > 0 || lines->len == 0)
    g_ptr_array_add (lines, g_strdup (line->str));

  return lines;
}

static void
paragraph (Page       *page,
           const char *text,
           double      x,
           double      width,
           double      leading)
{
  g_autoptr(GPtrArray) lines = wrap (page, text, width);

  for (guint i = 0; i < lines->len; i++)
    {
      page->y += leading;
      show_at (page, x, page->y, g_ptr_array_index (lines, i));
    }
}

static void
rule (Page   *page,
      double  y,
      double  thickness)
{
  cairo_set_line_width (page->cr, thickness);
  cairo_move_to (page->cr, MARGIN, y);
  cairo_line_to (page->cr, page->width - MARGIN, y);
  cairo_stroke (page->cr);
}

/* "22 de noviembre de 2026, 00:16 (hora del centro de México)", as on
 * the screen. */
static char *
format_date (GDateTime *time)
{
  if (time == NULL)
    return g_strdup ("—");

  return vnt_date_format_date_time_named (time);
}

static const char *
payload_data_string (VntAcuseInfo *acuse,
                     const char   *name)
{
  JsonObject *payload = vnt_acuse_info_get_payload (acuse);
  JsonNode *node;

  if (!json_object_has_member (payload, "data") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "data")))
    return NULL;

  node = json_object_get_member (json_object_get_object_member (payload, "data"), name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

typedef struct {
  const char *label;
  char       *value;
  gboolean    mono;
} Row;

static void
add_row (GArray     *rows,
         const char *label,
         const char *value,
         gboolean    mono)
{
  Row row = { label, g_strdup (value != NULL && *value != '\0' ? value : "—"), mono };

  g_array_append_val (rows, row);
}

static void
row_clear (Row *row)
{
  g_free (row->value);
}

static void
draw (Page         *page,
      VntAcuseInfo *acuse)
{
  cairo_t *cr = page->cr;
  const double content = page->width - 2 * MARGIN;
  const char *folio = vnt_acuse_info_get_folio (acuse);
  const char *message = vnt_acuse_info_get_message (acuse);
  const char *signature = vnt_acuse_info_get_signature (acuse);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autofree char *received = format_date (vnt_acuse_info_get_received_at (acuse));
  g_autofree char *concluded = format_date (vnt_acuse_info_get_concluded_at (acuse));
  g_autofree char *verify = NULL;
  g_autofree char *folio_line = NULL;
  double label_width = 66 * MM;
  double box_top, box_height;

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);

  /* Header: who, what, and the folio where the eye lands first. */
  page->y = MARGIN;
  set_green (page);
  cairo_rectangle (cr, MARGIN, page->y, content, 3);
  cairo_fill (cr);
  page->y += 3 + 9 * MM;

  set_gray (page, 0.35);
  set_font (page, SANS, TRUE, 9);
  show_at (page, MARGIN, page->y - 3 * MM, _("VENTANILLA · IMSS ESCRITORIO VIRTUAL"));

  set_gray (page, 0.0);
  set_font (page, SANS, TRUE, 20);
  show_at (page, MARGIN, page->y + 5 * MM, _("Acknowledgement of receipt"));
  set_font (page, SANS, FALSE, 12);
  show_at (page, MARGIN, page->y + 11 * MM, vnt_acuse_info_get_procedure_name (acuse));

  /* The folio box, on the right. */
  {
    double box_w = 62 * MM, box_h = 16 * MM;
    double bx = page->width - MARGIN - box_w, by = page->y - 4 * MM;

    cairo_set_line_width (cr, 1.2);
    set_green (page);
    cairo_rectangle (cr, bx, by, box_w, box_h);
    cairo_stroke (cr);
    set_font (page, SANS, TRUE, 8);
    show_at (page, bx + 3 * MM, by + 5 * MM, _("FOLIO"));
    set_gray (page, 0.0);
    set_font (page, MONO, TRUE, 13);
    show_at (page, bx + 3 * MM, by + 12 * MM, folio);
  }

  page->y += 18 * MM;
  set_gray (page, 0.75);
  rule (page, page->y, 0.6);

  /* Practice acuses must never pass for real ones. */
  if (vnt_acuse_info_get_practice (acuse))
    {
      g_autoptr(GPtrArray) lines = NULL;

      set_font (page, SANS, TRUE, 10);
      lines = wrap (page, _("PRACTICE MODE: issued by the practice service. This acuse has no legal value."),
                    content - 8 * MM);
      page->y += 4 * MM;
      box_top = page->y;
      box_height = lines->len * 5 * MM + 6 * MM;
      cairo_set_source_rgb (cr, 1.0, 0.95, 0.80);
      cairo_rectangle (cr, MARGIN, box_top, content, box_height);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.55, 0.35, 0.0);
      page->y += 2 * MM;
      for (guint i = 0; i < lines->len; i++)
        {
          page->y += 5 * MM;
          show_at (page, MARGIN + 4 * MM, page->y - 1 * MM, g_ptr_array_index (lines, i));
        }
      page->y = box_top + box_height;
    }

  /* The facts, as a two-column table. */
  add_row (rows, _("Folio"), folio, TRUE);
  add_row (rows, _("Procedure"), vnt_acuse_info_get_procedure_name (acuse), FALSE);
  add_row (rows, _("Received"), received, FALSE);
  add_row (rows, _("Concluded"), concluded, FALSE);
  add_row (rows, _("Name"), vnt_acuse_info_get_name (acuse), FALSE);
  add_row (rows, _("RFC"), vnt_acuse_info_get_rfc (acuse), TRUE);
  add_row (rows, _("CURP"), vnt_acuse_info_get_curp (acuse), TRUE);
  if (payload_data_string (acuse, "previous_certificate_number") != NULL)
    add_row (rows, _("Previous certificate number"),
             payload_data_string (acuse, "previous_certificate_number"), TRUE);
  add_row (rows, _("Certificate number"), vnt_acuse_info_get_certificate_number (acuse), TRUE);
  if (payload_data_string (acuse, "email") != NULL)
    add_row (rows, _("E-mail"), payload_data_string (acuse, "email"), FALSE);

  page->y += 6 * MM;
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      double row_h = 8 * MM;

      if (i % 2 == 0)
        {
          set_gray (page, 0.955);
          cairo_rectangle (cr, MARGIN, page->y, content, row_h);
          cairo_fill (cr);
        }
      set_gray (page, 0.35);
      set_font (page, SANS, FALSE, 9.5);
      show_at (page, MARGIN + 3 * MM, page->y + 5.4 * MM, row->label);
      set_gray (page, 0.0);
      /* A long razón social shrinks rather than spill off the page. */
      for (double size = 10.5; size >= 6.5; size -= 0.5)
        {
          set_font (page, row->mono ? MONO : SANS, TRUE, size);
          if (text_width (page, row->value) <= content - label_width - 2 * MM)
            break;
        }
      show_at (page, MARGIN + label_width, page->y + 5.4 * MM, row->value);
      page->y += row_h;
    }
  set_gray (page, 0.75);
  rule (page, page->y, 0.6);

  /* The service's own sentence. */
  if (message != NULL)
    {
      g_autoptr(GPtrArray) lines = NULL;

      page->y += 6 * MM;
      set_font (page, SANS, TRUE, 11);
      lines = wrap (page, message, content - 10 * MM);
      box_top = page->y;
      box_height = lines->len * 5.5 * MM + 5 * MM;
      cairo_set_source_rgb (cr, 0.90, 0.96, 0.92);
      cairo_rectangle (cr, MARGIN, box_top, content, box_height);
      cairo_fill (cr);
      set_green (page);
      cairo_rectangle (cr, MARGIN, box_top, 1.5 * MM, box_height);
      cairo_fill (cr);
      set_gray (page, 0.0);
      page->y += 1 * MM;
      for (guint i = 0; i < lines->len; i++)
        {
          page->y += 5.5 * MM;
          show_at (page, MARGIN + 6 * MM, page->y - 1 * MM, g_ptr_array_index (lines, i));
        }
      page->y = box_top + box_height;
    }

  /* The seal: the signature over the payload, and whose it is. */
  page->y += 9 * MM;
  set_green (page);
  set_font (page, SANS, TRUE, 10);
  show_at (page, MARGIN, page->y, _("Service’s digital seal (RSA PKCS#1 v1.5, SHA-256)"));
  page->y += 1.5 * MM;
  set_gray (page, 0.2);
  set_font (page, MONO, FALSE, 7.5);
  paragraph (page, signature != NULL ? signature : "—", MARGIN, content, 3.4 * MM);

  page->y += 7 * MM;
  set_green (page);
  set_font (page, SANS, TRUE, 10);
  show_at (page, MARGIN, page->y, _("Certificate of the service (SHA-256)"));
  page->y += 1.5 * MM;
  set_gray (page, 0.2);
  set_font (page, MONO, FALSE, 7.5);
  paragraph (page, vnt_acuse_info_get_signer_sha256 (acuse), MARGIN, content, 3.4 * MM);

  /* How to check it without trusting this paper. */
  page->y += 8 * MM;
  set_green (page);
  set_font (page, SANS, TRUE, 10);
  show_at (page, MARGIN, page->y, _("How to verify this acuse"));
  set_gray (page, 0.2);
  set_font (page, SANS, FALSE, 8.5);
  verify = g_strdup_printf (_("The seal is the service’s signature over the exact content of the file %s.json, which Ventanilla keeps with this PDF. "
                              "Open “My acuses” in Ventanilla to check it again, or check it yourself: decode the “payload” of that file from base64 and verify "
                              "“signature.value” over those bytes with the certificate in “signature.certificate” (for example with “efirma verify”); "
                              "that certificate’s SHA-256 must be the one printed above and the one your service publishes."),
                            folio);
  paragraph (page, verify, MARGIN, content, 4 * MM);

  /* Footer. */
  set_gray (page, 0.75);
  rule (page, page->height - MARGIN + 2 * MM, 0.6);
  set_gray (page, 0.45);
  set_font (page, SANS, FALSE, 7.5);
  folio_line = g_strdup_printf (_("Folio %s · Generated by Ventanilla from the acuse signed by the service"), folio);
  show_at (page, MARGIN, page->height - MARGIN + 6 * MM, folio_line);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
vnt_acuse_pdf_render (VntAcuseInfo   *acuse,
                      VntAcusePaper   paper,
                      GError        **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { 0 };
  g_autofree char *title = NULL;

  g_return_val_if_fail (VNT_IS_ACUSE_INFO (acuse), NULL);

  if (paper == VNT_ACUSE_PAPER_A4)
    {
      page.width = 210 * MM;
      page.height = 297 * MM;
    }
  else
    {
      page.width = 8.5 * 72;
      page.height = 11 * 72;
    }

  surface = cairo_pdf_surface_create_for_stream (append_cb, buffer, page.width, page.height);
  title = g_strdup_printf (_("Acuse %s"), vnt_acuse_info_get_folio (acuse));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, vnt_acuse_info_get_procedure_name (acuse));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);

  page.cr = cairo_create (surface);
  draw (&page, acuse);
  cairo_show_page (page.cr);
  status = cairo_status (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the PDF of the acuse: %s."), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

gboolean
vnt_acuse_pdf_write (VntAcuseInfo   *acuse,
                     VntAcusePaper   paper,
                     const char     *path,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (VNT_IS_ACUSE_INFO (acuse), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pdf = vnt_acuse_pdf_render (acuse, paper, error);
  if (pdf == NULL)
    return FALSE;

  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);

  return vnt_safe_file_write_bytes (path, pdf, cancellable, error);
}

typedef struct {
  VntAcuseInfo  *acuse;
  VntAcusePaper  paper;
  char          *path;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->acuse);
  g_free (data->path);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (vnt_acuse_pdf_write (data->acuse, data->paper, data->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vnt_acuse_pdf_write_async (VntAcuseInfo        *acuse,
                           VntAcusePaper        paper,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (VNT_IS_ACUSE_INFO (acuse));
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_acuse_pdf_write_async);
  data = g_new0 (WriteData, 1);
  data->acuse = g_object_ref (acuse);
  data->paper = paper;
  data->path = g_strdup (path);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
vnt_acuse_pdf_write_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
