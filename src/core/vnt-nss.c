/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-id-private.h"
#include "vnt-nss.h"

#define NSS_LENGTH 11

static int
compute_check_digit (const VntIdText *text)
{
  int sum = 0;

  if (text->len < NSS_LENGTH - 1)
    return -1;

  /* Luhn: from the left, every second digit is doubled (the tenth is the
   * one next to the check digit) and a two-digit product adds its digits. */
  for (int i = 0; i < NSS_LENGTH - 1; i++)
    {
      int value;

      if (!_vnt_id_is_digit (text->chars[i]))
        return -1;
      value = (int) (text->chars[i] - '0');
      if (i % 2 == 1)
        {
          value *= 2;
          if (value > 9)
            value -= 9;
        }
      sum += value;
    }

  return (10 - sum % 10) % 10;
}

int
vnt_nss_compute_check_digit (const char *nss)
{
  VntIdText text = { 0 };
  int digit;

  g_return_val_if_fail (nss != NULL, -1);

  _vnt_id_text_init (&text, nss);
  digit = compute_check_digit (&text);
  _vnt_id_text_clear (&text);

  return digit;
}

GPtrArray *
vnt_nss_check (const char *input)
{
  g_autoptr(GPtrArray) problems = _vnt_id_problems_new ();
  VntIdText text = { 0 };
  const char *empty_message;
  gboolean digits_ok = TRUE;

  g_return_val_if_fail (input != NULL, NULL);

  _vnt_id_text_init (&text, input);

  empty_message = _("The NSS is empty. Type its 11 digits.");
  if (!_vnt_id_check_length (problems, &text, NSS_LENGTH, NSS_LENGTH, empty_message,
                             _("An NSS has 11 digits; this one has %u.")))
    goto out;

  for (glong i = 0; i < NSS_LENGTH; i++)
    digits_ok &= _vnt_id_expect (problems, &text, i, VNT_ID_DIGIT);

  if (digits_ok && text.chars[NSS_LENGTH - 1] != (gunichar) ('0' + compute_check_digit (&text)))
    _vnt_id_add_problem (problems, VNT_ID_ERROR_CHECK_DIGIT,
                         _("The check digit of the NSS does not match. Check that "
                           "you copied it without mistakes."));

out:
  _vnt_id_text_clear (&text);
  return g_steal_pointer (&problems);
}

gboolean
vnt_nss_validate (const char  *text,
                  GError     **error)
{
  return vnt_id_validate (VNT_ID_KIND_NSS, text, error);
}
