/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnt-id-private.h"
#include "vnt-rfc.h"

#define RFC_FISICA_LENGTH 13
#define RFC_MORAL_LENGTH  12

static const char * const generic_rfcs[] = {
  "XAXX010101000",
  "XEXX010101000",
};

static gboolean
is_name_letter (gunichar c)
{
  return _vnt_id_is_letter (c) || c == '&';
}

/* SAT's check-digit alphabet: 0–9, A–N, &, O–Z, space, Ñ, valued 0 to 38. */
static int
rfc_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (int) (c - '0');
  if (c >= 'A' && c <= 'N')
    return 10 + (int) (c - 'A');
  if (c == '&')
    return 24;
  if (c >= 'O' && c <= 'Z')
    return 25 + (int) (c - 'O');
  if (c == ' ')
    return 37;
  if (c == VNT_ID_CHAR_ENYE)
    return 38;
  return -1;
}

static char
compute_check_digit (const VntIdText *text)
{
  /* A persona moral's 12 positions are padded with a leading space, so both
   * kinds weigh 12 characters from 13 down to 2. */
  glong pad = RFC_FISICA_LENGTH - text->len;
  int sum = 0;
  int rest;

  if (text->len != RFC_FISICA_LENGTH && text->len != RFC_MORAL_LENGTH)
    return 0;

  for (glong i = 0; i < RFC_FISICA_LENGTH - 1; i++)
    {
      int value = i < pad ? rfc_value (' ') : rfc_value (text->chars[i - pad]);

      if (value < 0)
        return 0;
      sum += value * (int) (RFC_FISICA_LENGTH - i);
    }

  /* 11 − (sum mod 11), with 11 written 0 and 10 written A. */
  rest = 11 - sum % 11;
  if (rest == 11)
    return '0';
  if (rest == 10)
    return 'A';
  return (char) ('0' + rest);
}

char
vnt_rfc_compute_check_digit (const char *rfc)
{
  VntIdText text = { 0 };
  char digit;

  g_return_val_if_fail (rfc != NULL, 0);

  _vnt_id_text_init (&text, rfc);
  digit = compute_check_digit (&text);
  _vnt_id_text_clear (&text);

  return digit;
}

gboolean
vnt_rfc_is_generic (const char *text)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  normalized = vnt_id_normalize (text);
  for (guint i = 0; i < G_N_ELEMENTS (generic_rfcs); i++)
    if (strcmp (normalized, generic_rfcs[i]) == 0)
      return TRUE;

  return FALSE;
}

GPtrArray *
vnt_rfc_check (const char *input)
{
  g_autoptr(GPtrArray) problems = _vnt_id_problems_new ();
  VntIdText text = { 0 };
  const char *empty_message;
  gboolean alphabet_ok = TRUE;
  glong letters;
  int yy, mm, dd;

  g_return_val_if_fail (input != NULL, NULL);

  _vnt_id_text_init (&text, input);

  empty_message = _("The RFC is empty. Type its 13 characters (12 for a persona moral).");
  if (!_vnt_id_check_length (problems, &text, RFC_MORAL_LENGTH, RFC_FISICA_LENGTH, empty_message,
                             _("An RFC has 13 characters (persona física) or 12 (persona moral); "
                               "this one has %u.")))
    goto out;

  /* The generic RFCs are assigned, not computed: XAXX010101000 does not
   * even satisfy its own check digit. */
  if (vnt_rfc_is_generic (text.normalized))
    goto out;

  letters = text.len - 9;

  /* Name letters: 4 for a person, 3 for a company. */
  for (glong i = 0; i < letters; i++)
    {
      if (!is_name_letter (text.chars[i]))
        {
          g_autofree char *found = _vnt_id_text_slice (&text, i, 1);

          alphabet_ok = FALSE;
          _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_CHARACTER,
                               _("Position %u should be a letter, not “%s”."),
                               (guint) i + 1, found);
        }
    }

  /* Date YYMMDD. With two digits of the year, it exists if it exists in
   * some century: 29 February needs a year divisible by 4 (000229 is 2000). */
  for (glong i = letters; i < letters + 6; i++)
    alphabet_ok &= _vnt_id_expect (problems, &text, i, VNT_ID_DIGIT);
  yy = _vnt_id_text_number (&text, letters, 2);
  mm = _vnt_id_text_number (&text, letters + 2, 2);
  dd = _vnt_id_text_number (&text, letters + 4, 2);
  if (yy >= 0 && mm >= 0 && dd >= 0 && !_vnt_id_date_exists (2000 + yy, mm, dd))
    {
      g_autofree char *digits = _vnt_id_text_slice (&text, letters, 6);

      _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_DATE,
                           _("The date %s does not exist."), digits);
    }

  /* Homoclave: two letters or digits that SAT assigns against homonyms. */
  if (!_vnt_id_is_alnum (text.chars[letters + 6]) || !_vnt_id_is_alnum (text.chars[letters + 7])
      || text.chars[letters + 6] == VNT_ID_CHAR_ENYE || text.chars[letters + 7] == VNT_ID_CHAR_ENYE)
    {
      g_autofree char *found = _vnt_id_text_slice (&text, letters + 6, 2);

      alphabet_ok = FALSE;
      _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_HOMOCLAVE,
                           _("The homoclave of the RFC is two letters or digits, not “%s”."),
                           found);
    }

  /* Check digit. */
  if (alphabet_ok)
    {
      char expected = compute_check_digit (&text);

      if (expected == 0 || text.chars[text.len - 1] != (gunichar) expected)
        _vnt_id_add_problem (problems, VNT_ID_ERROR_CHECK_DIGIT,
                             _("The check digit of the RFC does not match. Check that "
                               "you copied it without mistakes."));
    }

out:
  _vnt_id_text_clear (&text);
  return g_steal_pointer (&problems);
}

gboolean
vnt_rfc_validate (const char  *text,
                  GError     **error)
{
  return vnt_id_validate (VNT_ID_KIND_RFC, text, error);
}

VntRfc *
vnt_rfc_parse (const char  *input,
               GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  VntIdText text = { 0 };
  VntRfc *rfc;
  glong letters;
  int year;

  g_return_val_if_fail (input != NULL, NULL);

  if (!vnt_rfc_validate (input, error))
    return NULL;

  _vnt_id_text_init (&text, input);
  letters = text.len - 9;

  rfc = g_new0 (VntRfc, 1);
  if (vnt_rfc_is_generic (text.normalized))
    rfc->type = text.chars[1] == 'A' ? VNT_RFC_TYPE_GENERIC_NATIONAL : VNT_RFC_TYPE_GENERIC_FOREIGN;
  else
    rfc->type = letters == 4 ? VNT_RFC_TYPE_PERSONA_FISICA : VNT_RFC_TYPE_PERSONA_MORAL;

  now = g_date_time_new_now_local ();
  year = 2000 + _vnt_id_text_number (&text, letters, 2);
  if (year > g_date_time_get_year (now))
    year -= 100;
  /* 29 February of a year the choice above made 1900. */
  if (!_vnt_id_date_exists (year, _vnt_id_text_number (&text, letters + 2, 2),
                            _vnt_id_text_number (&text, letters + 4, 2)))
    year += 100;

  g_date_clear (&rfc->date, 1);
  g_date_set_dmy (&rfc->date,
                  _vnt_id_text_number (&text, letters + 4, 2),
                  _vnt_id_text_number (&text, letters + 2, 2),
                  year);
  rfc->normalized = g_steal_pointer (&text.normalized);

  _vnt_id_text_clear (&text);
  return rfc;
}

void
vnt_rfc_free (VntRfc *rfc)
{
  if (rfc == NULL)
    return;

  g_free (rfc->normalized);
  g_free (rfc);
}
