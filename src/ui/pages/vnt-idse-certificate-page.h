/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-practice-idse.h"
#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_IDSE_CERTIFICATE_PAGE (vnt_idse_certificate_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseCertificatePage, vnt_idse_certificate_page, VNT, IDSE_CERTIFICATE_PAGE, VntPage)

/* The IDSE certificate a procedure signs with (its VntHasEfirma step,
 * under an IDSE policy): a `.pfx`, or a `.cer` and its `.key`, and the
 * contraseña. The forward button opens and checks it on this computer.
 * After a resume only the contraseña is asked. In practice mode "Usar el
 * certificado IDSE de práctica" fills in the practice certificate for
 * @practice_use. @intro says what the certificate is for. */
VntPage *vnt_idse_certificate_page_new       (VntProcedure           *procedure,
                                              const char             *intro,
                                              VntPracticeIdseUse      practice_use,
                                              gboolean                practice);
/* What the file choosers would set (@key NULL for a .pfx). */
void     vnt_idse_certificate_page_set_files (VntIdseCertificatePage *self,
                                              GFile                  *certificate,
                                              GFile                  *key);
/* The error shown under the fields, or NULL. */
const char *vnt_idse_certificate_page_get_error (VntIdseCertificatePage *self);

G_END_DECLS
