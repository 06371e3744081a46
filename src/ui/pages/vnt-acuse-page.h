/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_ACUSE_PAGE (vnt_acuse_page_get_type ())
G_DECLARE_FINAL_TYPE (VntAcusePage, vnt_acuse_page, VNT, ACUSE_PAGE, VntPage)

/* The end: @success_title ("La actualización de la cuenta de usuario fue
 * correcta"), the acuse's facts, "Abrir acuse (PDF)" and "Salir". */
VntPage    *vnt_acuse_page_new         (VntProcedure *procedure,
                                        const char   *success_title,
                                        const char   *success_description);
/* The value of the fact row @name ("folio", "date", "procedure", "name",
 * "rfc", "curp", "certificate_number"), or NULL. */
const char *vnt_acuse_page_get_value   (VntAcusePage *self,
                                        const char   *name);
/* Adds @widget under the acuse's facts (what a procedure does after its
 * acuse: an IDSE request's visit to the Subdelegación and its .pfx). */
void        vnt_acuse_page_add_extra   (VntAcusePage *self,
                                        GtkWidget    *widget);
/* What "Abrir acuse (PDF)" opens, or NULL. */
const char *vnt_acuse_page_get_pdf_path (VntAcusePage *self);

G_END_DECLS
