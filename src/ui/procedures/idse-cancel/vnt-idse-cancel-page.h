/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_IDSE_CANCEL_PAGE (vnt_idse_cancel_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseCancelPage, vnt_idse_cancel_page, VNT, IDSE_CANCEL_PAGE, VntPage)

/* The certificate to cancel, the IDSE usuario, contraseña and motivo, and
 * "Olvidé mi contraseña" (the way out: cancel at the Subdelegación, then
 * request a new one). Its forward button "Cancelar certificado" asks for
 * a confirmation that says it cannot be undone, then cancels. */
VntPage          *vnt_idse_cancel_page_new        (VntProcedure      *procedure);
/* The confirmation while it is open (tests answer it), or NULL. */
AdwMessageDialog *vnt_idse_cancel_page_get_dialog (VntIdseCancelPage *self);

G_END_DECLS
