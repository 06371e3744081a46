/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vnt-id-private.h"
#include "vnt-npie.h"

#define NPIE_MAX_LENGTH 20

/* clang-format off */
static const VntIdFormat npie_format = {
  .min_len = 1,
  .max_len = NPIE_MAX_LENGTH,
  .empty_message = N_("The NPIE is empty. Type it as IMSS gave it to you."),
  .length_format = N_("An NPIE has at most 20 characters; this one has %u."),
  .first = VNT_ID_PLAIN_ALNUM,
  .rest = VNT_ID_PLAIN_ALNUM,
};
/* clang-format on */

GPtrArray *
vnt_npie_check (const char *input)
{
  return _vnt_id_check_format (input, &npie_format);
}

gboolean
vnt_npie_validate (const char  *text,
                   GError     **error)
{
  return vnt_id_validate (VNT_ID_KIND_NPIE, text, error);
}

gboolean
vnt_idse_credential_is_valid (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len < 8 || len > 20)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;

  return TRUE;
}
