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

static void
check_digit (GPtrArray       *problems,
             const VntIdText *text)
{
  if (text->chars[NSS_LENGTH - 1] != (gunichar) ('0' + compute_check_digit (text)))
    _vnt_id_add_problem (problems, VNT_ID_ERROR_CHECK_DIGIT,
                         _("The check digit of the NSS does not match. Check that "
                           "you copied it without mistakes."));
}

/* clang-format off */
static const VntIdFormat nss_format = {
  .min_len = NSS_LENGTH,
  .max_len = NSS_LENGTH,
  .empty_message = N_("The NSS is empty. Type its 11 digits."),
  .length_format = N_("An NSS has 11 digits; this one has %u."),
  .first = VNT_ID_DIGIT,
  .rest = VNT_ID_DIGIT,
  .check = check_digit,
};
/* clang-format on */

GPtrArray *
vnt_nss_check (const char *input)
{
  return _vnt_id_check_format (input, &nss_format);
}

gboolean
vnt_nss_validate (const char  *text,
                  GError     **error)
{
  return vnt_id_validate (VNT_ID_KIND_NSS, text, error);
}
