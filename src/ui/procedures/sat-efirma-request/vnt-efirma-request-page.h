/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/pages/vnt-new-key-box.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_EFIRMA_REQUEST_PAGE (vnt_efirma_request_page_get_type ())
G_DECLARE_FINAL_TYPE (VntEfirmaRequestPage, vnt_efirma_request_page, VNT, EFIRMA_REQUEST_PAGE, VntPage)

/* The requerimiento's form: tipo de persona, RFC, CURP (or the legal
 * representative's RFC and CURP), correo, each checked as typed; the new
 * key's password twice with its strength, and the folder. The forward
 * button ("Generar requerimiento") writes the files. */
VntPage      *vnt_efirma_request_page_new         (VntProcedure         *procedure);

VntNewKeyBox *vnt_efirma_request_page_get_key_box (VntEfirmaRequestPage *self);
/* The entry row of field @name (VNT_EFIRMA_REQUEST_RFC, …). */
GtkWidget    *vnt_efirma_request_page_get_row     (VntEfirmaRequestPage *self,
                                                   const char           *name);
void          vnt_efirma_request_page_set_persona_moral (VntEfirmaRequestPage *self,
                                                         gboolean              moral);

G_END_DECLS
