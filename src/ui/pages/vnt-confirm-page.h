/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_CONFIRM_PAGE (vnt_confirm_page_get_type ())
G_DECLARE_FINAL_TYPE (VntConfirmPage, vnt_confirm_page, VNT, CONFIRM_PAGE, VntPage)

/* The service's answer: its sentence and the rows of @procedure's review
 * (a VntHasReview and VntHasTramite). With @finalizes the page has
 * "Guardar Trámite" (loads the carta), and its forward button "Finalizar
 * Trámite" asks for the FIEL confirmation ("Aceptar") and finalizes;
 * otherwise forward loads the carta de términos. */
VntPage          *vnt_confirm_page_new           (VntProcedure   *procedure,
                                                  gboolean        finalizes);
/* The FIEL confirmation while it is open (tests answer it), or NULL. */
AdwMessageDialog *vnt_confirm_page_get_dialog    (VntConfirmPage *self);
/* The value shown in the row @name (the VntReviewRow's: "name", "curp",
 * "rfc", "previous_certificate_number", "certificate_number"…), or NULL. */
const char       *vnt_confirm_page_get_value     (VntConfirmPage *self,
                                                  const char     *name);
const char       *vnt_confirm_page_get_message   (VntConfirmPage *self);

G_END_DECLS
