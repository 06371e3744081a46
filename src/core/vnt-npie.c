/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vnt-id-private.h"
#include "vnt-npie.h"

#define NPIE_MAX_LENGTH 20

GPtrArray *
vnt_npie_check (const char *input)
{
  g_autoptr(GPtrArray) problems = _vnt_id_problems_new ();
  VntIdText text = { 0 };
  const char *empty_message;

  g_return_val_if_fail (input != NULL, NULL);

  _vnt_id_text_init (&text, input);

  empty_message = _("The NPIE is empty. Type it as IMSS gave it to you.");
  if (!_vnt_id_check_length (problems, &text, 1, NPIE_MAX_LENGTH, empty_message,
                             _("An NPIE has at most 20 characters; this one has %u.")))
    goto out;

  for (glong i = 0; i < text.len; i++)
    _vnt_id_expect (problems, &text, i, VNT_ID_PLAIN_ALNUM);

out:
  _vnt_id_text_clear (&text);
  return g_steal_pointer (&problems);
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
