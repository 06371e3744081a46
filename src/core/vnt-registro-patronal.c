/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-id-private.h"
#include "vnt-registro-patronal.h"

#define REGISTRO_PATRONAL_LENGTH 11

/* Ñ never appears in a municipality code. The check digit (position 11)
 * is not verified: IMSS has not published its algorithm, and a guess would
 * turn away real employers. */
/* clang-format off */
static const VntIdFormat registro_patronal_format = {
  .min_len = REGISTRO_PATRONAL_LENGTH,
  .max_len = REGISTRO_PATRONAL_LENGTH,
  .empty_message = N_("The registro patronal is empty. Type its 11 characters."),
  .length_format = N_("A registro patronal has 11 characters; this one has %u."),
  .first = VNT_ID_PLAIN_ALNUM,
  .rest = VNT_ID_DIGIT,
};
/* clang-format on */

GPtrArray *
vnt_registro_patronal_check (const char *input)
{
  return _vnt_id_check_format (input, &registro_patronal_format);
}

gboolean
vnt_registro_patronal_validate (const char  *text,
                                GError     **error)
{
  return vnt_id_validate (VNT_ID_KIND_REGISTRO_PATRONAL, text, error);
}
