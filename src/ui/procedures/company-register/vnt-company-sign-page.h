/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/company-register/vnt-company-register-controller.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* Both sign with FIEL: the checkbox "Declaramos que hemos leído y
 * conocemos los Términos y Condiciones…" with the link to the carta; the
 * company signs first ("Firmar como empresa"); then "Para completar el
 * registro, ahora es necesario que el representante legal firme con
 * FIEL." and the forward button finalizes with his e.firma. */

#define VNT_TYPE_COMPANY_SIGN_PAGE (vnt_company_sign_page_get_type ())
G_DECLARE_FINAL_TYPE (VntCompanySignPage, vnt_company_sign_page, VNT, COMPANY_SIGN_PAGE, VntPage)

VntPage  *vnt_company_sign_page_new              (VntCompanyRegisterController *controller);
/* Whether the sentence asking the representative to sign shows. */
gboolean  vnt_company_sign_page_get_waiting_for_representative (VntCompanySignPage *self);

G_END_DECLS
