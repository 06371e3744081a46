/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/csd-request/vnt-csd-request-controller.h"
#include "ui/pages/vnt-new-key-box.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_CSD_SUCURSALES_PAGE (vnt_csd_sucursales_page_get_type ())
G_DECLARE_FINAL_TYPE (VntCsdSucursalesPage, vnt_csd_sucursales_page, VNT, CSD_SUCURSALES_PAGE, VntPage)

/* The sucursales, one row each ("Agregar sucursal", a remove button per
 * row while there are two or more); a name at fault is marked on its
 * row. */
VntPage    *vnt_csd_sucursales_page_new (VntProcedure *procedure,
                                         gboolean      practice);
guint       vnt_csd_sucursales_page_get_n_rows (VntCsdSucursalesPage *self);
/* The entry row and the remove button of row @index. */
GtkWidget  *vnt_csd_sucursales_page_get_row    (VntCsdSucursalesPage *self,
                                                guint                 index);
GtkWidget  *vnt_csd_sucursales_page_get_remove_button (VntCsdSucursalesPage *self,
                                                       guint                 index);
GtkWidget  *vnt_csd_sucursales_page_get_add_button    (VntCsdSucursalesPage *self);

#define VNT_TYPE_CSD_KEYS_PAGE (vnt_csd_keys_page_get_type ())
G_DECLARE_FINAL_TYPE (VntCsdKeysPage, vnt_csd_keys_page, VNT, CSD_KEYS_PAGE, VntPage)

/* The keys' password twice, its strength and the folder (VntNewKeyBox),
 * then "Generar solicitud": the keys and the .sdg made in a worker
 * thread, a progress bar meanwhile. */
VntPage      *vnt_csd_keys_page_new (VntProcedure *procedure,
                                     gboolean      practice);
VntNewKeyBox *vnt_csd_keys_page_get_key_box  (VntCsdKeysPage *self);
double        vnt_csd_keys_page_get_fraction (VntCsdKeysPage *self);

#define VNT_TYPE_CSD_CHECK_BOX (vnt_csd_check_box_get_type ())
G_DECLARE_FINAL_TYPE (VntCsdCheckBox, vnt_csd_check_box, VNT, CSD_CHECK_BOX, GtkBox)

/* On the last page, optional: a CSD downloaded later from CertiSAT Web,
 * its .key and the key's password, checked ("Revisar"): a CSD of this
 * RFC whose key matches, or what is wrong, plainly. */
GtkWidget  *vnt_csd_check_box_new          (VntProcedure   *procedure);
/* What the file choosers would set. */
void        vnt_csd_check_box_set_files    (VntCsdCheckBox *self,
                                            GFile          *cer,
                                            GFile          *key);
GtkWidget  *vnt_csd_check_box_get_password_row (VntCsdCheckBox *self);
GtkWidget  *vnt_csd_check_box_get_check_button (VntCsdCheckBox *self);
/* The check's result (title and detail) and whether it passed; NULL
 * before a check ends. */
const char *vnt_csd_check_box_get_result   (VntCsdCheckBox *self,
                                            const char    **detail,
                                            gboolean       *ok);
/* Whether a check runs. */
gboolean    vnt_csd_check_box_get_checking (VntCsdCheckBox *self);

G_END_DECLS
