/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/idse-renew/vnt-idse-renew-controller.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* The pages only "Renovación del Certificado Digital" has. Their
 * constructors are its page table's factories (VntPagePrepare). */

#define VNT_TYPE_IDSE_RENEW_DATA_PAGE (vnt_idse_renew_data_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRenewDataPage, vnt_idse_renew_data_page, VNT, IDSE_RENEW_DATA_PAGE, VntPage)

/* The company's data from the certificate and the service (read only) and
 * the e-mail, the one field that can be changed. */
VntPage   *vnt_idse_renew_data_page_new (VntProcedure *procedure,
                                         gboolean      practice);
GtkWidget *vnt_idse_renew_data_page_get_email_row (VntIdseRenewDataPage *self);

#define VNT_TYPE_IDSE_RENEW_SEND_PAGE (vnt_idse_renew_send_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRenewSendPage, vnt_idse_renew_send_page, VNT, IDSE_RENEW_SEND_PAGE, VntPage)

/* What the renewal sends, and "Enviar renovación". */
VntPage *vnt_idse_renew_send_page_new (VntProcedure *procedure,
                                       gboolean      practice);

#define VNT_TYPE_IDSE_RENEW_SIGN_PAGE (vnt_idse_renew_sign_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRenewSignPage, vnt_idse_renew_sign_page, VNT, IDSE_RENEW_SIGN_PAGE, VntPage)

/* The carta signed again, with the NEW certificate: "Firmar con el nuevo
 * certificado". */
VntPage *vnt_idse_renew_sign_page_new (VntProcedure *procedure,
                                       gboolean      practice);

#define VNT_TYPE_IDSE_RENEW_CONDITIONS_PAGE (vnt_idse_renew_conditions_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRenewConditionsPage, vnt_idse_renew_conditions_page, VNT, IDSE_RENEW_CONDITIONS_PAGE, VntPage)

/* "Se ha generado exitosamente su Certificado Digital.", then the "Carta
 * de Condiciones de Uso" to read, accept and sign with the new
 * certificate. */
VntPage    *vnt_idse_renew_conditions_page_new (VntProcedure *procedure,
                                                gboolean      practice);
GtkWidget *vnt_idse_renew_conditions_page_get_accept_check (VntIdseRenewConditionsPage *self);
const char *vnt_idse_renew_conditions_page_get_success (VntIdseRenewConditionsPage *self);

/* Under the acuse: the new certificate, where its .pfx and the carta's
 * second signature went, and the Carta de Condiciones de Uso signed. */
GtkWidget *vnt_idse_renew_summary_new (VntProcedure *procedure,
                                       gboolean      practice);

G_END_DECLS
