/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-pdf-sheet.h"

G_BEGIN_DECLS

/* For tests: lays @sheet out as vnt_pdf_sheet_render() does and gives the
 * right edge of its rows' titles' ink and, in @value_x, where the values
 * start, both in points from the page's left edge. */
double vnt_pdf_sheet_measure_labels (const VntPdfSheet *sheet,
                                     double            *value_x);

/* For tests: the right edge of all the ink of @sheet laid out as
 * vnt_pdf_sheet_render() does, and in @limit the right margin's, in points
 * from the page's left edge. */
double vnt_pdf_sheet_measure_ink (const VntPdfSheet *sheet,
                                  double            *limit);

G_END_DECLS
