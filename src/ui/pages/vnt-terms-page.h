/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_TERMS_PAGE (vnt_terms_page_get_type ())
G_DECLARE_FINAL_TYPE (VntTermsPage, vnt_terms_page, VNT, TERMS_PAGE, VntPage)

/* The "Carta de términos y condiciones" as the service sent it, to read;
 * ticking that it was read enables "Firmar", which accepts it by signing
 * with the e.firma and finalizes the trámite. A page table's factory
 * (VntPagePrepare). */
VntPage    *vnt_terms_page_new (VntProcedure *procedure,
                                gboolean      practice);
/* The carta's text on show. */
char       *vnt_terms_page_get_text (VntTermsPage *self);

G_END_DECLS
