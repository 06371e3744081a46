/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "core/vnt-safe-file.h"
#include "vnt-idse-request-pdf.h"

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

/* Writes @text from @x wrapped at @width; moves down. */
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
          cairo_move_to (page->cr, x, page->y);
          cairo_show_text (page->cr, current->str);
          page->y += line;
          g_string_assign (current, words[i]);
        }
      else
        g_string_assign (current, candidate);
    }
  cairo_move_to (page->cr, x, page->y);
  cairo_show_text (page->cr, current->str);
  page->y += line;
}

static void
new_page_if_needed (Page *page)
{
  if (page->y < PAGE_HEIGHT - MARGIN)
    return;
  cairo_show_page (page->cr);
  page->y = MARGIN;
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
vnt_idse_request_pdf_render (const char * const  *rows,
                             const char          *deadline,
                             gboolean             practice,
                             GError             **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { NULL, MARGIN };
  double width = PAGE_WIDTH - 2 * MARGIN;

  g_return_val_if_fail (rows != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_cb, buffer, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Digital certificate request"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
  page.cr = cairo_create (surface);

  /* IMSS green, as its printed forms. */
  cairo_set_source_rgb (page.cr, 0.0, 0.33, 0.24);
  font (&page, TRUE, 16);
  paragraph (&page, MARGIN, width, 22, _("SOLICITUD DE CERTIFICADO DIGITAL"));
  cairo_set_source_rgb (page.cr, 0, 0, 0);
  font (&page, FALSE, 10);
  paragraph (&page, MARGIN, width, 14,
             _("Take this request, an official identification and the documents of the employer to your IMSS office. There you sign the Carta de Términos y Condiciones and receive your NPIE and certificate."));
  if (practice)
    {
      font (&page, TRUE, 10);
      paragraph (&page, MARGIN, width, 14, _("Practice mode: this request has no legal value."));
    }
  page.y += 8;

  if (deadline != NULL)
    {
      font (&page, TRUE, 12);
      paragraph (&page, MARGIN, width, 16, deadline);
      page.y += 8;
    }

  for (guint i = 0; rows[i] != NULL && rows[i + 1] != NULL; i += 2)
    {
      new_page_if_needed (&page);
      font (&page, TRUE, 10);
      cairo_move_to (page.cr, MARGIN, page.y);
      cairo_show_text (page.cr, rows[i]);
      font (&page, FALSE, 10);
      paragraph (&page, MARGIN + 70 * MM, width - 70 * MM, 14, rows[i + 1]);
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

typedef struct {
  GStrv     rows;
  char     *deadline;
  gboolean  practice;
  char     *path;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_strfreev (data->rows);
  g_free (data->deadline);
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
  g_autoptr(GBytes) pdf = NULL;
  GError *error = NULL;

  pdf = vnt_idse_request_pdf_render ((const char * const *) data->rows, data->deadline, data->practice, &error);
  if (pdf == NULL || !vnt_safe_file_write_bytes (data->path, pdf, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
vnt_idse_request_pdf_write_async (const char          *procedure_id,
                                  const char * const  *rows,
                                  const char          *deadline,
                                  gboolean             practice,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WriteData *data = g_new0 (WriteData, 1);

  g_task_set_source_tag (task, vnt_idse_request_pdf_write_async);
  data->rows = g_strdupv ((char **) rows);
  data->deadline = g_strdup (deadline);
  data->practice = practice;
  data->path = g_strdup (path);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
vnt_idse_request_pdf_write_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
