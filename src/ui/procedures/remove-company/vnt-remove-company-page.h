/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/remove-company/vnt-remove-company-controller.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_REMOVE_COMPANY_PAGE (vnt_remove_company_page_get_type ())
G_DECLARE_FINAL_TYPE (VntRemoveCompanyPage, vnt_remove_company_page, VNT, REMOVE_COMPANY_PAGE, VntPage)

/* "A continuación selecciona a las empresas representadas a dar de baja:"
 * over the table "Datos de las empresas representadas" (Selección, Nombre /
 * Razón Social, Tipo persona), read from the service when shown; "No hay
 * representantes legales candidatos a ser dados de baja." when there is
 * none. Its forward button "Finalizar Trámite" removes the selected ones
 * ("Debe seleccionar al menos una empresa representada a dar de baja"
 * when none is). */
VntPage        *vnt_remove_company_page_new (VntProcedure *procedure,
                                             gboolean      practice);
/* The rows on show. */
guint           vnt_remove_company_page_get_n_companies (VntRemoveCompanyPage    *self);
/* The "Selección" check of the company @rfc, or NULL. */
GtkCheckButton *vnt_remove_company_page_get_check     (VntRemoveCompanyPage      *self,
                                                       const char                *rfc);
/* TRUE while the list is read. */
gboolean        vnt_remove_company_page_get_loading   (VntRemoveCompanyPage      *self);
/* TRUE when the service listed none. */
gboolean        vnt_remove_company_page_get_empty     (VntRemoveCompanyPage      *self);
/* The message under the table, or NULL. */
const char     *vnt_remove_company_page_get_message   (VntRemoveCompanyPage      *self);

G_END_DECLS
