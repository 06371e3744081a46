/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/pages/vnt-new-key-box.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_EFIRMA_RENEW_PAGE (vnt_efirma_renew_page_get_type ())
G_DECLARE_FINAL_TYPE (VntEfirmaRenewPage, vnt_efirma_renew_page, VNT, EFIRMA_RENEW_PAGE, VntPage)

/* The renovación's form, after the current e.firma: whose e.firma (a
 * company's: its RFC), the correo, the new key's password twice with its
 * strength and the folder. The forward button ("Generar renovación")
 * writes the key and the signed .ren. */
VntPage      *vnt_efirma_renew_page_new         (VntProcedure       *procedure);

VntNewKeyBox *vnt_efirma_renew_page_get_key_box (VntEfirmaRenewPage *self);

G_END_DECLS
