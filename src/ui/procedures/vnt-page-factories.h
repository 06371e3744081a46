/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ui/procedures/vnt-procedure-registry.h"

G_BEGIN_DECLS

/* Page factories (VntPagePrepare) that several procedures' page tables
 * share, so that a table names them instead of wrapping them again. */

/* The e.firma page with "Validar" as its button. */
VntPage *vnt_page_factory_efirma    (VntProcedure *procedure,
                                     gboolean      practice);
/* The CURP page whose practice CURP is the current account's, a
 * company's legal representative. */
VntPage *vnt_page_factory_curp_representative (VntProcedure *procedure,
                                               gboolean      practice);
/* The IDSE request's "Enviar solicitud" page. */
VntPage *vnt_page_factory_idse_send (VntProcedure *procedure,
                                     gboolean      practice);

G_END_DECLS
