/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "vnt-sat-request-pdf.h"

/* Points (1/72 in); US letter, the usual paper in Mexico. */
#define MM (72.0 / 25.4)
#define MARGIN (20 * MM)
#define PAGE_WIDTH (8.5 * 72)
#define PAGE_HEIGHT (11 * 72)
#define SANS "DejaVu Sans"

typedef struct {
  cairo_t *cr;
  double   y;
} Page;

static void
font (Page     *page,
      gboolean  bold,
      double    size)
{
  cairo_select_font_face (page->cr, SANS, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (page->cr, size);
}

static void
new_page_if_needed (Page *page)
{
  if (page->y < PAGE_HEIGHT - MARGIN)
    return;
  cairo_show_page (page->cr);
  page->y = MARGIN;
}

/* Writes @text from @x wrapped at @width; moves down. Long words (a
 * digest) are cut where they must be. */
static void
paragraph (Page       *page,
           double      x,
           double      width,
           double      line,
           const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) current = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *candidate = current->len > 0 ? g_strdup_printf ("%s %s", current->str, words[i])
                                                    : g_strdup (words[i]);
      cairo_text_extents_t extents;

      cairo_text_extents (page->cr, candidate, &extents);
      if (extents.x_advance > width && current->len > 0)
        {
          new_page_if_needed (page);
          cairo_move_to (page->cr, x, page->y);
          cairo_show_text (page->cr, current->str);
          page->y += line;
          g_string_assign (current, words[i]);
        }
      else
        g_string_assign (current, candidate);
    }
  new_page_if_needed (page);
  cairo_move_to (page->cr, x, page->y);
  cairo_show_text (page->cr, current->str);
  page->y += line;
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
vnt_sat_request_pdf_render (const VntSatRequestPdf  *pdf,
                            GError                 **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { NULL, MARGIN };
  double width = PAGE_WIDTH - 2 * MARGIN;

  g_return_val_if_fail (pdf != NULL && pdf->title != NULL && pdf->rows != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_cb, buffer, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, pdf->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
  page.cr = cairo_create (surface);

  /* SAT's wine red, as its printed forms. */
  cairo_set_source_rgb (page.cr, 0.41, 0.11, 0.20);
  font (&page, TRUE, 15);
  paragraph (&page, MARGIN, width, 20, pdf->title);
  cairo_set_source_rgb (page.cr, 0, 0, 0);
  page.y += 4;
  if (pdf->intro != NULL)
    {
      font (&page, FALSE, 10);
      paragraph (&page, MARGIN, width, 14, pdf->intro);
    }
  if (pdf->practice)
    {
      font (&page, TRUE, 10);
      paragraph (&page, MARGIN, width, 14, _("Practice mode: this request has no legal value."));
    }
  page.y += 10;

  for (guint i = 0; pdf->rows[i] != NULL && pdf->rows[i + 1] != NULL; i += 2)
    {
      new_page_if_needed (&page);
      font (&page, TRUE, 10);
      cairo_move_to (page.cr, MARGIN, page.y);
      cairo_show_text (page.cr, pdf->rows[i]);
      font (&page, FALSE, 10);
      paragraph (&page, MARGIN + 62 * MM, width - 62 * MM, 14, pdf->rows[i + 1]);
      page.y += 2;
    }

  if (pdf->list != NULL && pdf->list[0] != NULL)
    {
      page.y += 12;
      new_page_if_needed (&page);
      font (&page, TRUE, 11);
      paragraph (&page, MARGIN, width, 16, pdf->list_heading != NULL ? pdf->list_heading : "");
      font (&page, FALSE, 10);
      for (guint i = 0; pdf->list[i] != NULL; i++)
        {
          g_autofree char *item = g_strdup_printf ("•  %s", pdf->list[i]);

          paragraph (&page, MARGIN + 4 * MM, width - 4 * MM, 14, item);
        }
    }

  if (pdf->signature != NULL)
    {
      page.y += 48;
      new_page_if_needed (&page);
      cairo_set_line_width (page.cr, 0.6);
      cairo_move_to (page.cr, MARGIN + width / 4, page.y);
      cairo_line_to (page.cr, MARGIN + 3 * width / 4, page.y);
      cairo_stroke (page.cr);
      page.y += 14;
      font (&page, FALSE, 9);
      {
        cairo_text_extents_t extents;

        cairo_text_extents (page.cr, pdf->signature, &extents);
        cairo_move_to (page.cr, MARGIN + (width - extents.x_advance) / 2, page.y);
        cairo_show_text (page.cr, pdf->signature);
      }
    }

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
                   _("Could not draw the PDF of the request: %s."), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}
