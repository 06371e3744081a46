/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Printable pages drawn with cairo into memory, their text laid out by
 * Pango: the request sheet to take to an office (SAT's e.firma request,
 * IMSS's certificate request), and the bare PDF surface and text layout
 * the acuse is drawn with too. */

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* Text for @cr in @family at @size points, wrapped at @width points
 * (between characters where a word is wider), with metrics as printed. */
PangoLayout *vnt_pdf_layout_new (cairo_t    *cr,
                                 const char *family,
                                 double      size,
                                 gboolean    bold,
                                 double      width,
                                 const char *text);

/* A request sheet (US letter): its title in the authority's colour, a
 * paragraph, a sentence in bold (a deadline), the data as title and value
 * pairs, a list under its heading (what to bring), and a line to sign. */
typedef struct
{
  double              colour[3]; /* the title's, RGB: the authority's */
  const char         *title;
  const char         *file_title;  /* the PDF's own title; @title when NULL */
  const char         *intro;       /* or NULL */
  const char         *emphasis;    /* or NULL */
  const char * const *rows;        /* title, value, …, NULL */
  double              label_width; /* of the titles' column, in mm */
  const char         *list_heading;
  const char * const *list;      /* NULL-terminated, or NULL */
  const char         *signature; /* under the line to sign, or NULL */
  gboolean            practice;
} VntPdfSheet;

GBytes  *vnt_pdf_sheet_render (const VntPdfSheet *sheet,
                               GError           **error);
/* Renders a copy of @sheet in a worker thread and writes a NEW file at
 * @path (0600, never over an existing one: G_IO_ERROR_EXISTS). */
void     vnt_pdf_sheet_write_async (const VntPdfSheet  *sheet,
                                    const char         *path,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean vnt_pdf_sheet_write_finish (GAsyncResult *result,
                                     GError      **error);

/* A PDF of @width × @height points drawn into @buffer: draw on the cairo
 * context vnt_pdf_begin() returns; vnt_pdf_end() shows its last page,
 * destroys it and gives the bytes, taking @buffer, or NULL and cairo's
 * @status. */
cairo_t *vnt_pdf_begin (GByteArray *buffer,
                        double      width,
                        double      height,
                        const char *title);
GBytes  *vnt_pdf_end (cairo_t        *cr,
                      GByteArray     *buffer,
                      cairo_status_t *status);

G_END_DECLS
