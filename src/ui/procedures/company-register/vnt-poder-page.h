/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/company-register/vnt-company-register-controller.h"
#include "ui/pages/vnt-pdf-attachment-row.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* The cover and the last page of the poder notarial, each a PDF checked on
 * this computer as it is chosen; "Adjuntar" uploads them. On resume the
 * files saved are checked again against their SHA-256. */

#define VNT_TYPE_PODER_PAGE (vnt_poder_page_get_type ())
G_DECLARE_FINAL_TYPE (VntPoderPage, vnt_poder_page, VNT, PODER_PAGE, VntPage)

VntPage             *vnt_poder_page_new     (VntCompanyRegisterController *controller);
VntPdfAttachmentRow *vnt_poder_page_get_row (VntPoderPage                 *self,
                                             VntPoderAttachment            which);

G_END_DECLS
