/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/steps/vnt-efirma-step.h"
#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_EFIRMA_PAGE (vnt_efirma_page_get_type ())
G_DECLARE_FINAL_TYPE (VntEfirmaPage, vnt_efirma_page, VNT, EFIRMA_PAGE, VntPage)

/* RFC, Certificado (.cer), Llave privada (.key) and Contraseña. The page's
 * own button (@validate_label: "Validar", "Verificar") runs the local
 * checks; the assistant's forward button (@next_label: "Firmar", or NULL)
 * then signs the service's challenge for an actualización. After a resume
 * only the password is asked, to open the e.firma again. In practice mode
 * "Usar una e.firma de prueba del SAT" fills everything in. */
VntPage    *vnt_efirma_page_new          (VntProcedure *procedure,
                                          const char   *validate_label,
                                          const char   *next_label,
                                          gboolean      practice);
/* The same for another e.firma @step of @procedure (a company's beside its
 * representative's), under @title (NULL: the usual one). Going on from it
 * only needs it validated. */
VntPage    *vnt_efirma_page_new_for_step (VntProcedure  *procedure,
                                          VntEfirmaStep *step,
                                          const char    *title,
                                          const char    *validate_label,
                                          const char    *next_label,
                                          gboolean       practice);

/* What file choosers would set. */
void        vnt_efirma_page_set_files    (VntEfirmaPage *self,
                                          GFile         *cer,
                                          GFile         *key);
/* TRUE while "Validar" runs. */
gboolean    vnt_efirma_page_get_validating (VntEfirmaPage *self);
/* The result shown under the button (title and detail), or NULL. */
const char *vnt_efirma_page_get_result_title  (VntEfirmaPage *self);
const char *vnt_efirma_page_get_result_detail (VntEfirmaPage *self);

G_END_DECLS
