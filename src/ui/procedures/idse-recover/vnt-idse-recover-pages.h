/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/idse-recover/vnt-idse-recover-controller.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* The pages of "Recuperación de certificado". Their constructors are its
 * page table's factories (VntPagePrepare). */

#define VNT_TYPE_IDSE_NPIE_PAGE (vnt_idse_npie_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseNpiePage, vnt_idse_npie_page, VNT, IDSE_NPIE_PAGE, VntPage)

/* The NPIE, and "Consultar": the certificates IMSS has for it. In
 * practice mode "Usar el NPIE de práctica" types the practice one. */
VntPage   *vnt_idse_npie_page_new          (VntProcedure    *procedure,
                                            gboolean         practice);
GtkWidget *vnt_idse_npie_page_get_npie_row (VntIdseNpiePage *self);
GtkWidget *vnt_idse_npie_page_get_practice_button (VntIdseNpiePage *self);

#define VNT_TYPE_IDSE_CERTIFICATES_PAGE (vnt_idse_certificates_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseCertificatesPage, vnt_idse_certificates_page, VNT, IDSE_CERTIFICATES_PAGE, VntPage)

/* The certificates of the NPIE with their state; one that can still be
 * used is chosen ("Siguiente" fetches it). */
VntPage   *vnt_idse_certificates_page_new (VntProcedure *procedure,
                                           gboolean      practice);
/* The radio button of @serial, or NULL. */
GtkWidget *vnt_idse_certificates_page_get_check (VntIdseCertificatesPage *self,
                                                 const char              *serial);
guint      vnt_idse_certificates_page_get_n_rows (VntIdseCertificatesPage *self);

#define VNT_TYPE_IDSE_RECOVER_KEY_PAGE (vnt_idse_recover_key_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRecoverKeyPage, vnt_idse_recover_key_page, VNT, IDSE_RECOVER_KEY_PAGE, VntPage)

/* The chosen certificate, the `.key` made when it was requested and its
 * password; "Verificar llave" opens it and checks it is that
 * certificate's. In practice mode "Usar la llave de práctica" fills in
 * the practice one. */
VntPage   *vnt_idse_recover_key_page_new      (VntProcedure          *procedure,
                                               gboolean               practice);
/* What the file chooser would set. */
void       vnt_idse_recover_key_page_set_file (VntIdseRecoverKeyPage *self,
                                               GFile                 *key);
GtkWidget *vnt_idse_recover_key_page_get_password_row (VntIdseRecoverKeyPage *self);
GtkWidget *vnt_idse_recover_key_page_get_key_row      (VntIdseRecoverKeyPage *self);
GtkWidget *vnt_idse_recover_key_page_get_practice_button (VntIdseRecoverKeyPage *self);

G_END_DECLS
