/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-id-private.h"
#include "vnt-registro-patronal.h"

#define REGISTRO_PATRONAL_LENGTH 11

GPtrArray *
vnt_registro_patronal_check (const char *input)
{
  g_autoptr(GPtrArray) problems = _vnt_id_problems_new ();
  VntIdText text = { 0 };
  const char *empty_message;

  g_return_val_if_fail (input != NULL, NULL);

  _vnt_id_text_init (&text, input);

  empty_message = _("The registro patronal is empty. Type its 11 characters.");
  if (!_vnt_id_check_length (problems, &text, REGISTRO_PATRONAL_LENGTH,
                             REGISTRO_PATRONAL_LENGTH, empty_message,
                             _("A registro patronal has 11 characters; this one has %u.")))
    goto out;

  /* Ñ never appears in a municipality code. */
  _vnt_id_expect (problems, &text, 0, VNT_ID_PLAIN_ALNUM);

  for (glong i = 1; i < REGISTRO_PATRONAL_LENGTH; i++)
    _vnt_id_expect (problems, &text, i, VNT_ID_DIGIT);

  /* The check digit (position 11) is not verified: IMSS has not published
   * its algorithm, and a guess would turn away real employers. */

out:
  _vnt_id_text_clear (&text);
  return g_steal_pointer (&problems);
}

gboolean
vnt_registro_patronal_validate (const char  *text,
                                GError     **error)
{
  return vnt_id_validate (VNT_ID_KIND_REGISTRO_PATRONAL, text, error);
}
