/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "controllers/vnt-pdf-sheet-private.h"
#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"

/* Points (1/72 in); US letter, the usual paper in Mexico. */
#define MM          (72.0 / 25.4)
#define MARGIN      (20 * MM)
#define PAGE_WIDTH  (8.5 * 72)
#define PAGE_HEIGHT (11 * 72)
#define SANS        "DejaVu Sans"
#define GAP         (3 * MM) /* between a row's title and its value */
#define ROW_LINE    14

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_t *
vnt_pdf_begin (GByteArray *buffer,
               double      width,
               double      height,
               const char *title)
{
  cairo_surface_t *surface;
  cairo_t         *cr;

  surface = cairo_pdf_surface_create_for_stream (append_cb, buffer, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  PACKAGE_NAME " " PACKAGE_VERSION);
  cr = cairo_create (surface);
  cairo_surface_destroy (surface);

  return cr;
}

GBytes *
vnt_pdf_end (cairo_t        *cr,
             GByteArray     *buffer,
             cairo_status_t *status)
{
  cairo_surface_t *surface = cairo_surface_reference (cairo_get_target (cr));

  cairo_show_page (cr);
  *status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (*status == CAIRO_STATUS_SUCCESS)
    *status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (*status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (buffer);
      return NULL;
    }

  return g_byte_array_free_to_bytes (buffer);
}

PangoLayout *
vnt_pdf_layout_new (cairo_t    *cr,
                    const char *family,
                    double      size,
                    gboolean    bold,
                    double      width,
                    const char *text)
{
  PangoLayout          *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (family);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Metrics as printed, not as snapped to a screen's pixels. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

typedef struct
{
  cairo_t *cr;
  double   y;
  double   label_ink; /* the right edge of the titles' ink, for tests */
} Page;

static void
new_page_if_needed (Page *page)
{
  if (page->y < PAGE_HEIGHT - MARGIN)
    return;
  cairo_show_page (page->cr);
  page->y = MARGIN;
}

/* Draws line @i of @layout with its baseline at page->y, from @x; gives
 * the right edge of its ink. */
static double
show_line (Page        *page,
           PangoLayout *layout,
           int          i,
           double       x)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
  PangoRectangle   ink;

  cairo_move_to (page->cr, x, page->y);
  pango_cairo_show_layout_line (page->cr, line);
  pango_layout_line_get_extents (line, &ink, NULL);

  return x + (double) (ink.x + ink.width) / PANGO_SCALE;
}

/* Writes @text from @x wrapped at @width, a line every @line points; moves
 * down. */
static void
paragraph (Page       *page,
           double      x,
           double      width,
           double      line,
           gboolean    bold,
           double      size,
           const char *text)
{
  g_autoptr(PangoLayout) layout = vnt_pdf_layout_new (page->cr, SANS, size, bold, width, text);

  for (int i = 0; i < pango_layout_get_line_count (layout); i++)
    {
      new_page_if_needed (page);
      show_line (page, layout, i, x);
      page->y += line;
    }
}

/* One of the data's rows: the title wrapped in its column of @label points
 * (a gap before the value's), the value beside it. The row starts on a new
 * page rather than be split, unless it is taller than a page. */
static void
row (Page       *page,
     double      label,
     double      width,
     const char *title,
     const char *value)
{
  g_autoptr(PangoLayout) titles = vnt_pdf_layout_new (page->cr, SANS, 10, TRUE, label - GAP, title);
  g_autoptr(PangoLayout) values = vnt_pdf_layout_new (page->cr, SANS, 10, FALSE, width - label,
                                                       value);
  int      n_titles = pango_layout_get_line_count (titles);
  int      n_values = pango_layout_get_line_count (values);
  int      n = MAX (n_titles, n_values);
  double   height = (n - 1) * ROW_LINE;
  gboolean fits = height < PAGE_HEIGHT - 2 * MARGIN;

  if (fits && page->y > MARGIN && page->y + height >= PAGE_HEIGHT - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }

  for (int i = 0; i < n; i++)
    {
      new_page_if_needed (page);
      if (i < n_titles)
        page->label_ink = MAX (page->label_ink, show_line (page, titles, i, MARGIN));
      if (i < n_values)
        show_line (page, values, i, MARGIN + label);
      page->y += ROW_LINE;
    }
}

static void
draw (Page              *page,
      const VntPdfSheet *sheet)
{
  double width = PAGE_WIDTH - 2 * MARGIN;
  double label = sheet->label_width * MM;

  cairo_set_source_rgb (page->cr, sheet->colour[0], sheet->colour[1], sheet->colour[2]);
  paragraph (page, MARGIN, width, 20, TRUE, 15, sheet->title);
  cairo_set_source_rgb (page->cr, 0, 0, 0);
  page->y += 4;
  if (sheet->intro != NULL)
    paragraph (page, MARGIN, width, 14, FALSE, 10, sheet->intro);
  if (sheet->practice)
    paragraph (page, MARGIN, width, 14, TRUE, 10,
               _("Practice mode: this request has no legal value."));
  page->y += 10;
  if (sheet->emphasis != NULL)
    {
      paragraph (page, MARGIN, width, 16, TRUE, 12, sheet->emphasis);
      page->y += 8;
    }

  for (guint i = 0; sheet->rows[i] != NULL && sheet->rows[i + 1] != NULL; i += 2)
    {
      row (page, label, width, sheet->rows[i], sheet->rows[i + 1]);
      page->y += 2;
    }

  if (sheet->list != NULL && sheet->list[0] != NULL)
    {
      page->y += 12;
      new_page_if_needed (page);
      paragraph (page, MARGIN, width, 16, TRUE, 11, sheet->list_heading);
      for (guint i = 0; sheet->list[i] != NULL; i++)
        {
          g_autofree char *item = g_strdup_printf ("•  %s", sheet->list[i]);

          paragraph (page, MARGIN + 4 * MM, width - 4 * MM, 14, FALSE, 10, item);
        }
    }

  if (sheet->signature != NULL)
    {
      g_autoptr(PangoLayout) layout = vnt_pdf_layout_new (page->cr, SANS, 9, FALSE, width,
                                                           sheet->signature);
      int text_width;

      page->y += 48;
      new_page_if_needed (page);
      cairo_set_line_width (page->cr, 0.6);
      cairo_move_to (page->cr, MARGIN + width / 4, page->y);
      cairo_line_to (page->cr, MARGIN + 3 * width / 4, page->y);
      cairo_stroke (page->cr);
      page->y += 14;
      pango_layout_get_size (layout, &text_width, NULL);
      show_line (page, layout, 0, MARGIN + (width - (double) text_width / PANGO_SCALE) / 2);
    }
}

GBytes *
vnt_pdf_sheet_render (const VntPdfSheet *sheet,
                      GError           **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  const char    *file_title;
  cairo_status_t status;
  GBytes        *bytes;
  Page           page = { NULL, MARGIN, 0 };

  g_return_val_if_fail (sheet != NULL && sheet->title != NULL && sheet->rows != NULL, NULL);

  file_title = sheet->file_title != NULL ? sheet->file_title : sheet->title;
  page.cr = vnt_pdf_begin (buffer, PAGE_WIDTH, PAGE_HEIGHT, file_title);
  draw (&page, sheet);
  bytes = vnt_pdf_end (page.cr, g_steal_pointer (&buffer), &status);
  if (bytes == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Could not draw the PDF of the request: %s."), cairo_status_to_string (status));

  return bytes;
}

double
vnt_pdf_sheet_measure_labels (const VntPdfSheet *sheet,
                              double            *value_x)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  Page             page = { cairo_create (surface), MARGIN, 0 };

  draw (&page, sheet);
  cairo_destroy (page.cr);
  cairo_surface_destroy (surface);
  *value_x = MARGIN + sheet->label_width * MM;

  return page.label_ink;
}

double
vnt_pdf_sheet_measure_ink (const VntPdfSheet *sheet,
                           double            *limit)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  Page             page = { cairo_create (surface), MARGIN, 0 };
  double           x, y, width, height;

  draw (&page, sheet);
  cairo_destroy (page.cr);
  cairo_recording_surface_ink_extents (surface, &x, &y, &width, &height);
  cairo_surface_destroy (surface);
  *limit = PAGE_WIDTH - MARGIN;

  return x + width;
}

/* A copy of a sheet that owns its texts, for a worker thread. */
typedef struct
{
  VntPdfSheet sheet;
  const char *path;
  GPtrArray  *texts; /* owns every copy above */
} WriteData;

static const char *
keep (WriteData  *data,
      const char *text)
{
  char *kept = g_strdup (text);

  if (kept != NULL)
    g_ptr_array_add (data->texts, kept);
  return kept;
}

static const char * const *
keep_strv (WriteData          *data,
           const char * const *strv)
{
  const char **kept;

  if (strv == NULL)
    return NULL;
  kept = g_new0 (const char *, g_strv_length ((char **) strv) + 1);
  for (guint i = 0; strv[i] != NULL; i++)
    kept[i] = keep (data, strv[i]);
  g_ptr_array_add (data->texts, kept);
  return kept;
}

static void
write_data_free (WriteData *data)
{
  g_ptr_array_unref (data->texts);
  g_free (data);
}

static gpointer
write_job (gpointer      user_data,
           GCancellable *cancellable,
           GError      **error)
{
  WriteData *data = user_data;
  g_autoptr(GBytes) pdf = vnt_pdf_sheet_render (&data->sheet, error);

  if (pdf == NULL || !vnt_safe_file_write_bytes (data->path, pdf, cancellable, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
vnt_pdf_sheet_write_async (const VntPdfSheet  *sheet,
                           const char         *path,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  WriteData *data = g_new0 (WriteData, 1);

  data->sheet = *sheet;
  data->texts = g_ptr_array_new_with_free_func (g_free);
  data->sheet.title = keep (data, sheet->title);
  data->sheet.file_title = keep (data, sheet->file_title);
  data->sheet.intro = keep (data, sheet->intro);
  data->sheet.emphasis = keep (data, sheet->emphasis);
  data->sheet.list_heading = keep (data, sheet->list_heading);
  data->sheet.signature = keep (data, sheet->signature);
  data->sheet.rows = keep_strv (data, sheet->rows);
  data->sheet.list = keep_strv (data, sheet->list);
  data->path = keep (data, path);
  vnt_task_run_in_thread (NULL, data, (GDestroyNotify) write_data_free, write_job, NULL,
                          vnt_pdf_sheet_write_async, cancellable, callback, user_data);
}

gboolean
vnt_pdf_sheet_write_finish (GAsyncResult *result,
                            GError      **error)
{
  return vnt_task_run_finish (result, NULL, vnt_pdf_sheet_write_async, error) != NULL;
}
