/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/company-register/vnt-company-register-controller.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* "Registrar representante legal": the company's RFC, "Razón social" and
 * "Tipo sociedad" as its e.firma has them, and "Selecciona el tipo de
 * poder que se le otorga:"; "Continuar" starts the trámite. */

#define VNT_TYPE_COMPANY_DATA_PAGE (vnt_company_data_page_get_type ())
G_DECLARE_FINAL_TYPE (VntCompanyDataPage, vnt_company_data_page, VNT, COMPANY_DATA_PAGE, VntPage)

VntPage    *vnt_company_data_page_new       (VntCompanyRegisterController *controller);
/* The value shown for "company_rfc", "razon_social" or "tipo_sociedad". */
const char *vnt_company_data_page_get_value (VntCompanyDataPage           *self,
                                             const char                   *name);

G_END_DECLS
