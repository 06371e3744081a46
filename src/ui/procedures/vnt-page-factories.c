/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ui/pages/vnt-curp-page.h"
#include "ui/pages/vnt-efirma-page.h"
#include "ui/procedures/idse-request/vnt-idse-pages.h"
#include "vnt-page-factories.h"

VntPage *
vnt_page_factory_efirma (VntProcedure *procedure,
                         gboolean      practice)
{
  return vnt_efirma_page_new (procedure, _("_Validate"), NULL, practice);
}

VntPage *
vnt_page_factory_curp_representative (VntProcedure *procedure,
                                      gboolean      practice)
{
  return vnt_curp_page_new (procedure, VNT_PRACTICE_ACCOUNT_CURRENT);
}

VntPage *
vnt_page_factory_idse_send (VntProcedure *procedure,
                            gboolean      practice)
{
  return vnt_idse_send_page_new (procedure);
}
