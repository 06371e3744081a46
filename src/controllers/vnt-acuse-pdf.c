/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "controllers/vnt-acuse-pdf.h"
#include "controllers/vnt-pdf-sheet.h"
#include "core/vnt-date.h"
#include "core/vnt-json.h"
#include "core/vnt-safe-file.h"

/* The acuse for the person who did the procedure: what was done, its
 * folio, when and for whom, first and in plain words; how to verify the
 * service's seal, in a short appendix. Text is laid out by Pango (line
 * breaks, shaping, any script in a razón social) and tagged for cairo's
 * tagged PDF (headings, paragraphs, the table, a link to the appendix),
 * so that screen readers and text extraction follow the reading order. */

/* Points (1/72 in). */
#define MM (72.0 / 25.4)
#define MARGIN (20 * MM)
#define SANS "Cantarell, DejaVu Sans, sans-serif"
#define MONO "DejaVu Sans Mono, monospace"

typedef struct {
  cairo_t *cr;
  double   width;
  double   height;
  double   y;
} Page;

typedef struct {
  double r, g, b;
} Colour;

/* IMSS green, the colour of its printed forms. */
static const Colour GREEN = { 0.0, 0.33, 0.24 };
static const Colour INK = { 0.0, 0.0, 0.0 };
static const Colour MUTED = { 0.35, 0.35, 0.35 };
static const Colour SEAL = { 0.2, 0.2, 0.2 };

static void
set_colour (Page         *page,
            const Colour *colour)
{
  cairo_set_source_rgb (page->cr, colour->r, colour->g, colour->b);
}

static double
content_width (Page *page)
{
  return page->width - 2 * MARGIN;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Draws @layout at (@x, page->y) inside the structure element @tag (NULL:
 * none) and returns its height. */
static double
show_layout (Page        *page,
             PangoLayout *layout,
             const char  *tag,
             double       x)
{
  if (tag != NULL)
    cairo_tag_begin (page->cr, tag, NULL);
  cairo_move_to (page->cr, x, page->y);
  pango_cairo_show_layout (page->cr, layout);
  if (tag != NULL)
    cairo_tag_end (page->cr, tag);

  return layout_height (layout);
}

/* A block of text across the page, then @gap points below it. */
static void
block (Page         *page,
       const char   *tag,
       const char   *family,
       double        size,
       gboolean      bold,
       const Colour *colour,
       const char   *text,
       double        gap)
{
  g_autoptr(PangoLayout) layout = vnt_pdf_layout_new (page->cr, family, size, bold,
                                                       content_width (page), text);

  set_colour (page, colour);
  page->y += show_layout (page, layout, tag, MARGIN) + gap;
}

static void
rule (Page   *page,
      double  y,
      double  thickness)
{
  cairo_set_source_rgb (page->cr, 0.75, 0.75, 0.75);
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
  JsonObject *data = vnt_json_get_object (vnt_acuse_info_get_payload (acuse), "data");

  return vnt_json_get_string (data, name);
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

/* A box of @text with a coloured left edge. */
static void
notice (Page         *page,
        const char   *text,
        const Colour *fill,
        const Colour *edge,
        const Colour *ink,
        double        size)
{
  g_autoptr(PangoLayout) layout = vnt_pdf_layout_new (page->cr, SANS, size, TRUE,
                                                       content_width (page) - 10 * MM, text);
  double height = layout_height (layout) + 6 * MM;

  set_colour (page, fill);
  cairo_rectangle (page->cr, MARGIN, page->y, content_width (page), height);
  cairo_fill (page->cr);
  set_colour (page, edge);
  cairo_rectangle (page->cr, MARGIN, page->y, 1.5 * MM, height);
  cairo_fill (page->cr);

  set_colour (page, ink);
  page->y += 3 * MM;
  show_layout (page, layout, "P", MARGIN + 6 * MM);
  page->y += height - 3 * MM;
}

/* The facts as a two-column table (TH the name, TD the value). */
static void
table (Page   *page,
       GArray *rows)
{
  const double label_width = 62 * MM;
  const double value_width = content_width (page) - label_width - 3 * MM;

  cairo_tag_begin (page->cr, "Table", NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      g_autoptr(PangoLayout) label = vnt_pdf_layout_new (page->cr, SANS, 9.5, FALSE,
                                                          label_width - 3 * MM, row->label);
      g_autoptr(PangoLayout) value = vnt_pdf_layout_new (page->cr, row->mono ? MONO : SANS, 10.5,
                                                          TRUE, value_width, row->value);
      double height = MAX (layout_height (label), layout_height (value)) + 3 * MM;

      if (i % 2 == 0)
        {
          cairo_set_source_rgb (page->cr, 0.955, 0.955, 0.955);
          cairo_rectangle (page->cr, MARGIN, page->y, content_width (page), height);
          cairo_fill (page->cr);
        }

      cairo_tag_begin (page->cr, "TR", NULL);
      page->y += 1.5 * MM;
      set_colour (page, &MUTED);
      show_layout (page, label, "TH", MARGIN + 3 * MM);
      set_colour (page, &INK);
      show_layout (page, value, "TD", MARGIN + label_width);
      cairo_tag_end (page->cr, "TR");
      page->y += height - 1.5 * MM;
    }
  cairo_tag_end (page->cr, "Table");
}

static void
draw (Page         *page,
      VntAcuseInfo *acuse)
{
  cairo_t *cr = page->cr;
  const char *folio = vnt_acuse_info_get_folio (acuse);
  const char *message = vnt_acuse_info_get_message (acuse);
  const char *signature = vnt_acuse_info_get_signature (acuse);
  const char *name = vnt_acuse_info_get_name (acuse);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autofree char *received = format_date (vnt_acuse_info_get_received_at (acuse));
  g_autofree char *concluded = format_date (vnt_acuse_info_get_concluded_at (acuse));
  g_autofree char *lead = NULL;
  g_autofree char *done = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *folio_line = NULL;
  const Colour practice_fill = { 1.0, 0.95, 0.80 };
  const Colour practice_ink = { 0.55, 0.35, 0.0 };
  const Colour done_fill = { 0.90, 0.96, 0.92 };

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  cairo_tag_begin (cr, "Document", NULL);

  /* Header: whose paper, and what it is. */
  page->y = MARGIN;
  set_colour (page, &GREEN);
  cairo_rectangle (cr, MARGIN, page->y, content_width (page), 3);
  cairo_fill (cr);
  page->y += 3 + 4 * MM;
  block (page, "P", SANS, 8.5, TRUE, &MUTED, _("VENTANILLA · IMSS ESCRITORIO VIRTUAL"), 1.5 * MM);
  block (page, "H1", SANS, 20, TRUE, &INK, _("Acknowledgement of receipt"), 1 * MM);
  block (page, "P", SANS, 12, FALSE, &INK, vnt_acuse_info_get_procedure_name (acuse), 4 * MM);
  rule (page, page->y, 0.6);
  page->y += 5 * MM;

  /* Practice acuses must never pass for real ones. */
  if (vnt_acuse_info_get_practice (acuse))
    {
      notice (page, _("PRACTICE MODE: issued by the practice service. This receipt has no legal value."),
              &practice_fill, &practice_ink, &practice_ink, 10);
      page->y += 4 * MM;
    }

  /* What was done, in the service's words, then folio, date and who. */
  done = g_strdup (message != NULL ? message : vnt_acuse_info_get_procedure_name (acuse));
  notice (page, done, &done_fill, &GREEN, &INK, 13);
  page->y += 4 * MM;
  /* TRANSLATORS: %1$s the holder's name, %2$s the RFC, %3$s a date and
   * time, %4$s the folio */
  lead = g_strdup_printf (_("%1$s (RFC %2$s) did this procedure with the e.firma. The service concluded it on %3$s and gave it the folio %4$s."),
                          name != NULL ? name : "—", vnt_acuse_info_get_rfc (acuse) != NULL ? vnt_acuse_info_get_rfc (acuse) : "—",
                          concluded, folio);
  block (page, "P", SANS, 11, FALSE, &INK, lead, 5 * MM);

  add_row (rows, _("Folio"), folio, TRUE);
  add_row (rows, _("Concluded"), concluded, FALSE);
  add_row (rows, _("Procedure"), vnt_acuse_info_get_procedure_name (acuse), FALSE);
  add_row (rows, _("Name"), name, FALSE);
  add_row (rows, _("RFC"), vnt_acuse_info_get_rfc (acuse), TRUE);
  add_row (rows, _("CURP"), vnt_acuse_info_get_curp (acuse), TRUE);
  if (payload_data_string (acuse, "previous_certificate_number") != NULL)
    add_row (rows, _("Previous certificate number"),
             payload_data_string (acuse, "previous_certificate_number"), TRUE);
  add_row (rows, _("Certificate number"), vnt_acuse_info_get_certificate_number (acuse), TRUE);
  if (payload_data_string (acuse, "email") != NULL)
    add_row (rows, _("E-mail"), payload_data_string (acuse, "email"), FALSE);
  add_row (rows, _("Received"), received, FALSE);
  table (page, rows);
  page->y += 5 * MM;

  /* Where to learn how to check it: a link to the appendix. */
  {
    const char *keep = _("Keep this receipt: it proves the procedure. The appendix below "
                         "says how to check that it is genuine.");
    g_autoptr(PangoLayout) layout = vnt_pdf_layout_new (cr, SANS, 10, FALSE, content_width (page),
                                                         keep);

    set_colour (page, &INK);
    cairo_tag_begin (cr, "P", NULL);
    cairo_tag_begin (cr, CAIRO_TAG_LINK, "dest='appendix'");
    cairo_move_to (cr, MARGIN, page->y);
    pango_cairo_show_layout (cr, layout);
    cairo_tag_end (cr, CAIRO_TAG_LINK);
    cairo_tag_end (cr, "P");
    page->y += layout_height (layout) + 8 * MM;
  }

  /* Appendix: the seal, for whoever wants to verify it. */
  rule (page, page->y, 0.6);
  page->y += 4 * MM;
  cairo_tag_begin (cr, CAIRO_TAG_DEST, "name='appendix'");
  block (page, "H2", SANS, 11, TRUE, &GREEN, _("Appendix: how to verify the service’s seal"), 2 * MM);
  cairo_tag_end (cr, CAIRO_TAG_DEST);
  /* TRANSLATORS: %s is the folio (the file's name) */
  verify = g_strdup_printf (_("The service sealed this receipt: it signed its exact content with its own certificate. "
                              "Ventanilla checked that seal before it showed the procedure as done, and keeps the sealed original "
                              "in the file %s.json beside this PDF; “My Receipts” in Ventanilla checks it again. "
                              "A technician can verify it with the seal and the certificate fingerprint below: the fingerprint must be "
                              "the one your service publishes."),
                            folio);
  block (page, "P", SANS, 8.5, FALSE, &SEAL, verify, 3 * MM);
  block (page, "H3", SANS, 8.5, TRUE, &GREEN, _("Service’s digital seal (RSA PKCS#1 v1.5, SHA-256)"), 1 * MM);
  block (page, "P", MONO, 7, FALSE, &SEAL, signature != NULL ? signature : "—", 3 * MM);
  block (page, "H3", SANS, 8.5, TRUE, &GREEN, _("Certificate of the service (SHA-256)"), 1 * MM);
  block (page, "P", MONO, 7, FALSE, &SEAL, vnt_acuse_info_get_signer_sha256 (acuse), 0);

  /* Footer. */
  rule (page, page->height - MARGIN + 2 * MM, 0.6);
  folio_line = g_strdup_printf (_("Folio %s · Generated by Ventanilla from the receipt signed by the service"), folio);
  page->y = page->height - MARGIN + 3.5 * MM;
  block (page, "P", SANS, 7.5, FALSE, &MUTED, folio_line, 0);

  cairo_tag_end (cr, "Document");
}

GBytes *
vnt_acuse_pdf_render (VntAcuseInfo   *acuse,
                      VntAcusePaper   paper,
                      GError        **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  cairo_status_t   status;
  Page             page = { 0 };
  g_autofree char *title = NULL;
  GBytes          *bytes;

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

  title = g_strdup_printf (_("Receipt %s"), vnt_acuse_info_get_folio (acuse));
  page.cr = vnt_pdf_begin (buffer, page.width, page.height, title);
  cairo_pdf_surface_set_metadata (cairo_get_target (page.cr), CAIRO_PDF_METADATA_SUBJECT,
                                  vnt_acuse_info_get_procedure_name (acuse));
  draw (&page, acuse);
  bytes = vnt_pdf_end (page.cr, g_steal_pointer (&buffer), &status);
  if (bytes == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Could not draw the PDF of the receipt: %s."), cairo_status_to_string (status));

  return bytes;
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
  if (!vnt_safe_file_make_folder (dir, error))
    return FALSE;

  return vnt_safe_file_write_bytes (path, pdf, cancellable, error);
}
