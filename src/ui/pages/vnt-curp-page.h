/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-practice-efirmas.h"
#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_CURP_PAGE (vnt_curp_page_get_type ())
G_DECLARE_FINAL_TYPE (VntCurpPage, vnt_curp_page, VNT, CURP_PAGE, VntPage)

/* The CURP, checked as it is typed (after a short pause) with the exact
 * problem shown under the field; "Siguiente" gives it to the e.firma step
 * of @procedure (a VntHasEfirma). In practice mode "Usar la CURP de una
 * e.firma de práctica" fills in the CURP of a practice persona whose
 * account, as the practice service knows it now, is as @practice_account
 * says (what the procedure needs): one it can still be done with
 * (vnt-practice-choose.h). */
VntPage    *vnt_curp_page_new           (VntProcedure       *procedure,
                                         VntPracticeAccount  practice_account);
/* The message under the field, or NULL. */
const char *vnt_curp_page_get_message   (VntCurpPage  *self);
/* TRUE while the pause before checking runs. */
gboolean    vnt_curp_page_get_pending   (VntCurpPage  *self);

G_END_DECLS
