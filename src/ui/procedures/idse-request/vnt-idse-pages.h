/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/idse-request/vnt-idse-request-controller.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* "SOLICITUD DE CERTIFICADO DIGITAL": what to have at hand, the 10 días
 * hábiles, a USB drive for the key; "Continuar". @intro: the procedure's
 * own first paragraph. */
VntPage   *vnt_idse_recommendations_page_new (VntProcedure *procedure,
                                              const char   *heading,
                                              const char   *intro);

#define VNT_TYPE_IDSE_SEND_PAGE (vnt_idse_send_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseSendPage, vnt_idse_send_page, VNT, IDSE_SEND_PAGE, VntPage)

/* What will be sent, and "Enviar solicitud". After a resume it asks the
 * contraseña and its confirmation again (never saved). */
VntPage   *vnt_idse_send_page_new            (VntProcedure *procedure);

/* The contraseña rows (visible only when it must be typed again). */
GtkWidget *vnt_idse_send_page_get_password_row (VntIdseSendPage *self);
GtkWidget *vnt_idse_send_page_get_confirm_row  (VntIdseSendPage *self);

#define VNT_TYPE_IDSE_CERTIFICATE_BOX (vnt_idse_certificate_box_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseCertificateBox, vnt_idse_certificate_box, VNT, IDSE_CERTIFICATE_BOX, GtkBox)

/* Under the acuse: the deadline, the printable request, in practice mode
 * the visit to the Subdelegación played, then the NPIE and certificate
 * and the .pfx saved. */
GtkWidget  *vnt_idse_certificate_box_new          (VntProcedure          *procedure,
                                                   gboolean               practice);
/* What the file choosers would set, then do it. */
void        vnt_idse_certificate_box_save_request (VntIdseCertificateBox *self,
                                                   GFile                 *file);
void        vnt_idse_certificate_box_save_pfx     (VntIdseCertificateBox *self,
                                                   GFile                 *file);
/* The sentence shown (deadline, result), for tests. */
const char *vnt_idse_certificate_box_get_deadline (VntIdseCertificateBox *self);
const char *vnt_idse_certificate_box_get_status   (VntIdseCertificateBox *self);
GtkWidget  *vnt_idse_certificate_box_get_conclude_button (VntIdseCertificateBox *self);
GtkWidget  *vnt_idse_certificate_box_get_pfx_password_row (VntIdseCertificateBox *self);
GtkWidget  *vnt_idse_certificate_box_get_pfx_confirm_row  (VntIdseCertificateBox *self);

G_END_DECLS
