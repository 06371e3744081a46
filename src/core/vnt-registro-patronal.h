/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vnt-id.h"

G_BEGIN_DECLS

/* Registro patronal (IMSS): 11 positions — a letter or digit and two digits
 * (municipality), five digits (serial), two digits (modalidad) and a check
 * digit. IMSS has not published how the check digit is computed, so it is
 * not verified: a value that passes here may still be refused by IMSS. See
 * docs/identifiers.md. */

/* All problems (see vnt_id_check()); empty when @text has the format. */
GPtrArray *vnt_registro_patronal_check    (const char *text);
gboolean   vnt_registro_patronal_validate (const char *text,
                                           GError    **error);

G_END_DECLS
