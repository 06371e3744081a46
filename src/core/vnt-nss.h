/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vnt-id.h"

G_BEGIN_DECLS

/* Número de Seguridad Social (IMSS): 11 digits — subdelegación (2), year of
 * registration (2), year of birth (2), serial (4) and a Luhn check digit. */

/* All problems (see vnt_id_check()); empty when @text is a valid NSS. */
GPtrArray *vnt_nss_check               (const char *text);
gboolean   vnt_nss_validate            (const char *text,
                                        GError    **error);
/* The Luhn digit for the first 10 digits of @nss, or -1 when they are not
 * 10 digits. */
int        vnt_nss_compute_check_digit (const char *nss);

G_END_DECLS
