/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

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

typedef struct
{
  cairo_t *cr;
  double   y;
  double   label_ink; /* the right edge of the titles' ink, for tests */
} Page;

static void
font (Page    *page,
      gboolean bold,
      double   size)
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

/* Adds to @lines the pieces of @word, cut between characters, that fill
 * @width each; returns the rest. */
static char *
cut_word (cairo_t    *cr,
          double      width,
          const char *word,
          GPtrArray  *lines)
{
  const char *start = word;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char     *piece = g_strndup (start, g_utf8_next_char (p) - start);
      cairo_text_extents_t extents;

      cairo_text_extents (cr, piece, &extents);
      if (extents.x_advance > width && p > start)
        {
          g_ptr_array_add (lines, g_strndup (start, p - start));
          start = p;
        }
    }

  return g_strdup (start);
}

/* The lines of @text wrapped at @width in the current font. A word wider
 * than a line (a digest) is cut where it must be. */
static GPtrArray *
wrap (cairo_t    *cr,
      double      width,
      const char *text)
{
  char     **words = g_strsplit (text, " ", -1);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) current = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char     *candidate = NULL;
      cairo_text_extents_t extents;

      if (current->len > 0)
        candidate = g_strdup_printf ("%s %s", current->str, words[i]);
      else
        candidate = g_strdup (words[i]);
      cairo_text_extents (cr, candidate, &extents);
      if (extents.x_advance > width && current->len > 0)
        {
          g_ptr_array_add (lines, g_strdup (current->str));
          g_string_assign (current, words[i]);
        }
      else
        g_string_assign (current, candidate);

      cairo_text_extents (cr, current->str, &extents);
      if (extents.x_advance > width)
        {
          g_autofree char *rest = cut_word (cr, width, current->str, lines);

          g_string_assign (current, rest);
        }
    }
  g_ptr_array_add (lines, g_string_free (g_steal_pointer (&current), FALSE));
  g_strfreev (words);

  return lines;
}

/* Writes @text from @x wrapped at @width; moves down. */
static void
paragraph (Page       *page,
           double      x,
           double      width,
           double      line,
           const char *text)
{
  g_autoptr(GPtrArray) lines = wrap (page->cr, width, text);

  for (guint i = 0; i < lines->len; i++)
    {
      new_page_if_needed (page);
      cairo_move_to (page->cr, x, page->y);
      cairo_show_text (page->cr, g_ptr_array_index (lines, i));
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
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GPtrArray) values = NULL;
  double   height;
  gboolean fits;
  guint    n;

  font (page, TRUE, 10);
  titles = wrap (page->cr, label - GAP, title);
  font (page, FALSE, 10);
  values = wrap (page->cr, width - label, value);
  n = MAX (titles->len, values->len);
  height = (n - 1) * ROW_LINE;
  fits = height < PAGE_HEIGHT - 2 * MARGIN;
  if (fits && page->y > MARGIN && page->y + height >= PAGE_HEIGHT - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }

  for (guint i = 0; i < n; i++)
    {
      new_page_if_needed (page);
      if (i < titles->len)
        {
          const char          *text = g_ptr_array_index (titles, i);
          cairo_text_extents_t extents;

          font (page, TRUE, 10);
          cairo_move_to (page->cr, MARGIN, page->y);
          cairo_show_text (page->cr, text);
          cairo_text_extents (page->cr, text, &extents);
          page->label_ink = MAX (page->label_ink, MARGIN + extents.x_bearing + extents.width);
        }
      if (i < values->len)
        {
          font (page, FALSE, 10);
          cairo_move_to (page->cr, MARGIN + label, page->y);
          cairo_show_text (page->cr, g_ptr_array_index (values, i));
        }
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
  font (page, TRUE, 15);
  paragraph (page, MARGIN, width, 20, sheet->title);
  cairo_set_source_rgb (page->cr, 0, 0, 0);
  page->y += 4;
  if (sheet->intro != NULL)
    {
      font (page, FALSE, 10);
      paragraph (page, MARGIN, width, 14, sheet->intro);
    }
  if (sheet->practice)
    {
      font (page, TRUE, 10);
      paragraph (page, MARGIN, width, 14, _("Practice mode: this request has no legal value."));
    }
  page->y += 10;
  if (sheet->emphasis != NULL)
    {
      font (page, TRUE, 12);
      paragraph (page, MARGIN, width, 16, sheet->emphasis);
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
      font (page, TRUE, 11);
      paragraph (page, MARGIN, width, 16, sheet->list_heading != NULL ? sheet->list_heading : "");
      font (page, FALSE, 10);
      for (guint i = 0; sheet->list[i] != NULL; i++)
        {
          g_autofree char *item = g_strdup_printf ("•  %s", sheet->list[i]);

          paragraph (page, MARGIN + 4 * MM, width - 4 * MM, 14, item);
        }
    }

  if (sheet->signature != NULL)
    {
      cairo_text_extents_t extents;

      page->y += 48;
      new_page_if_needed (page);
      cairo_set_line_width (page->cr, 0.6);
      cairo_move_to (page->cr, MARGIN + width / 4, page->y);
      cairo_line_to (page->cr, MARGIN + 3 * width / 4, page->y);
      cairo_stroke (page->cr);
      page->y += 14;
      font (page, FALSE, 9);
      cairo_text_extents (page->cr, sheet->signature, &extents);
      cairo_move_to (page->cr, MARGIN + (width - extents.x_advance) / 2, page->y);
      cairo_show_text (page->cr, sheet->signature);
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
