/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vnt-id.h"

G_BEGIN_DECLS

/* NPIE, Número Patronal de Identificación Electrónica (IMSS IDSE). IMSS has
 * not published its format; payroll systems store it in up to 20
 * characters. Accepted here: 1 to 20 letters and digits (docs/identifiers.md). */

/* All problems (see vnt_id_check()); empty when @text has the format. */
GPtrArray *vnt_npie_check    (const char *text);
gboolean   vnt_npie_validate (const char *text,
                              GError    **error);

/* An IDSE user or password: 8 to 20 ASCII letters and/or digits, as IDSE
 * takes them. FALSE for NULL. */
gboolean   vnt_idse_credential_is_valid (const char *text);

G_END_DECLS
