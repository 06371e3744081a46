/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The acuse as a printable PDF (cairo), in the UI's language: folio, dates,
 * procedure, holder, RFC, CURP, certificate number, the service's message,
 * its signature and how to verify it. */

#include "core/vnt-tramite-store.h"

G_BEGIN_DECLS

typedef enum {
  VNT_ACUSE_PAPER_LETTER,  /* 216 × 279 mm, the usual paper in Mexico */
  VNT_ACUSE_PAPER_A4,      /* 210 × 297 mm */
} VntAcusePaper;

/* The PDF's bytes. */
GBytes  *vnt_acuse_pdf_render (VntAcuseInfo *acuse,
                               VntAcusePaper paper,
                               GError      **error);
/* Renders and writes a NEW file at @path atomically, mode 0600 (never over
 * an existing file: G_IO_ERROR_EXISTS). */
gboolean vnt_acuse_pdf_write (VntAcuseInfo *acuse,
                              VntAcusePaper paper,
                              const char   *path,
                              GCancellable *cancellable,
                              GError      **error);

G_END_DECLS
