/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/procedures/idse-request/vnt-idse-request-controller.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_IDSE_FORM_PAGE (vnt_idse_form_page_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseFormPage, vnt_idse_form_page, VNT, IDSE_FORM_PAGE, VntPage)

/* The capture form of an IDSE certificate request, built from the
 * controller's fields and grouped as IMSS groups them; each field checked
 * as it is typed, its problem shown under it. In practice mode "Usar datos
 * de práctica" fills it for the practice company. */
VntPage    *vnt_idse_form_page_new        (VntProcedure    *procedure,
                                           gboolean         practice);

/* The field's row (an AdwEntryRow, AdwPasswordEntryRow or AdwComboRow). */
GtkWidget  *vnt_idse_form_page_get_row    (VntIdseFormPage *self,
                                           const char      *name);
/* The problem shown under the field, or NULL when there is none. */
const char *vnt_idse_form_page_get_problem (VntIdseFormPage *self,
                                            const char      *name);
/* Types @value as a person would (a choice's code for a combo). */
void        vnt_idse_form_page_set_value  (VntIdseFormPage *self,
                                           const char      *name,
                                           const char      *value);

G_END_DECLS
