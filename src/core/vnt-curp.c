/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnt-curp.h"
#include "vnt-id-private.h"

#define CURP_LENGTH 18

/* RENAPO's two-letter codes; the names are proper nouns, as IMSS prints them. */
static const struct {
  const char *code;
  const char *name;
} states[] = {
  { "AS", "Aguascalientes" },
  { "BC", "Baja California" },
  { "BS", "Baja California Sur" },
  { "CC", "Campeche" },
  { "CL", "Coahuila" },
  { "CM", "Colima" },
  { "CS", "Chiapas" },
  { "CH", "Chihuahua" },
  { "DF", "Ciudad de México" },
  { "DG", "Durango" },
  { "GT", "Guanajuato" },
  { "GR", "Guerrero" },
  { "HG", "Hidalgo" },
  { "JC", "Jalisco" },
  { "MC", "México" },
  { "MN", "Michoacán" },
  { "MS", "Morelos" },
  { "NT", "Nayarit" },
  { "NL", "Nuevo León" },
  { "OC", "Oaxaca" },
  { "PL", "Puebla" },
  { "QT", "Querétaro" },
  { "QR", "Quintana Roo" },
  { "SP", "San Luis Potosí" },
  { "SL", "Sinaloa" },
  { "SR", "Sonora" },
  { "TC", "Tabasco" },
  { "TS", "Tamaulipas" },
  { "TL", "Tlaxcala" },
  { "VZ", "Veracruz" },
  { "YN", "Yucatán" },
  { "ZS", "Zacatecas" },
  { "NE", "Nacido en el extranjero" },
};

const char *
vnt_curp_state_name (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (strcmp (states[i].code, code) == 0)
      return states[i].name;

  return NULL;
}

/* The check-digit alphabet: 0–9, A–N, Ñ, O–Z, valued 0 to 36. */
static int
curp_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (int) (c - '0');
  if (c >= 'A' && c <= 'N')
    return 10 + (int) (c - 'A');
  if (c == VNT_ID_CHAR_ENYE)
    return 24;
  if (c >= 'O' && c <= 'Z')
    return 25 + (int) (c - 'O');
  return -1;
}

static int
compute_check_digit (const VntIdText *text)
{
  int sum = 0;

  if (text->len < CURP_LENGTH - 1)
    return -1;

  /* Weights 18 down to 2 over the first 17 positions. */
  for (int i = 0; i < CURP_LENGTH - 1; i++)
    {
      int value = curp_value (text->chars[i]);

      if (value < 0)
        return -1;
      sum += value * (CURP_LENGTH - i);
    }

  return (10 - sum % 10) % 10;
}

int
vnt_curp_compute_check_digit (const char *curp)
{
  VntIdText text = { 0 };
  int digit;

  g_return_val_if_fail (curp != NULL, -1);

  _vnt_id_text_init (&text, curp);
  digit = compute_check_digit (&text);
  _vnt_id_text_clear (&text);

  return digit;
}

static gboolean
is_inner_consonant (gunichar c)
{
  /* X stands in when the name part has no inner consonant (or an Ñ). */
  return _vnt_id_is_letter (c) && strchr ("AEIOU", (int) c) == NULL;
}

static void
check_date (GPtrArray       *problems,
            const VntIdText *text)
{
  int yy = _vnt_id_text_number (text, 4, 2);
  int mm = _vnt_id_text_number (text, 6, 2);
  int dd = _vnt_id_text_number (text, 8, 2);
  gunichar homoclave = text->chars[16];
  g_autofree char *digits = NULL;
  int century;

  if (yy < 0 || mm < 0 || dd < 0)
    return; /* already reported as invalid characters */

  digits = _vnt_id_text_slice (text, 4, 6);

  /* Position 17 tells the century: a digit for births up to 1999, a letter
   * from 2000 on. Without a usable one, any century will do. */
  if (_vnt_id_is_digit (homoclave))
    century = 1900;
  else if (_vnt_id_is_letter (homoclave))
    century = 2000;
  else
    century = -1;

  if (!_vnt_id_date_exists (1900 + yy, mm, dd) && !_vnt_id_date_exists (2000 + yy, mm, dd))
    {
      _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_DATE,
                           _("The date %s does not exist."), digits);
      return;
    }

  if (century < 0)
    return;

  if (!_vnt_id_date_exists (century + yy, mm, dd))
    {
      /* 000229 is 29 February 2000, never 1900. */
      _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_HOMOCLAVE,
                           _("The date %s exists only in %d, but position 17 of the CURP "
                             "says otherwise: it is a digit for births up to 1999 and a "
                             "letter from 2000 on."),
                           digits, (century == 1900 ? 2000 : 1900) + yy);
      return;
    }

  if (century == 2000)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      if (2000 + yy > g_date_time_get_year (now))
        _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_HOMOCLAVE,
                             _("Position 17 of the CURP is a letter, which means a birth "
                               "in %d, a year still to come. For births up to 1999 it is "
                               "a digit."),
                             2000 + yy);
    }
}

GPtrArray *
vnt_curp_check (const char *input)
{
  g_autoptr(GPtrArray) problems = _vnt_id_problems_new ();
  VntIdText text = { 0 };
  const char *empty_message;
  gboolean alphabet_ok = TRUE;

  g_return_val_if_fail (input != NULL, NULL);

  _vnt_id_text_init (&text, input);

  empty_message = _("The CURP is empty. Type its 18 characters.");
  if (!_vnt_id_check_length (problems, &text, CURP_LENGTH, CURP_LENGTH, empty_message,
                             _("A CURP has 18 characters; this one has %u.")))
    goto out;

  /* 1–4: first letter and inner vowel of the first surname, first letter
   * of the second surname (X if none) and of the given name. */
  for (glong i = 0; i < 4; i++)
    alphabet_ok &= _vnt_id_expect (problems, &text, i, VNT_ID_LETTER);
  if (_vnt_id_is_letter (text.chars[1]) && strchr ("AEIOUX", (int) text.chars[1]) == NULL)
    {
      g_autofree char *found = _vnt_id_text_slice (&text, 1, 1);

      _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_NAME,
                           _("Position 2 of the CURP is the first inner vowel of the first "
                             "surname (or X), not “%s”."),
                           found);
    }

  /* 5–10: birth date YYMMDD. */
  for (glong i = 4; i < 10; i++)
    alphabet_ok &= _vnt_id_expect (problems, &text, i, VNT_ID_DIGIT);
  check_date (problems, &text);

  /* 11: sex. */
  if (text.chars[10] != 'H' && text.chars[10] != 'M' && text.chars[10] != 'X')
    {
      g_autofree char *found = _vnt_id_text_slice (&text, 10, 1);

      alphabet_ok &= curp_value (text.chars[10]) >= 0;
      _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_SEX,
                           _("“%s” is not a sex in a CURP: position 11 is H, M or X."),
                           found);
    }

  /* 12–13: state of birth. */
  {
    g_autofree char *state = _vnt_id_text_slice (&text, 11, 2);

    if (vnt_curp_state_name (state) == NULL)
      {
        alphabet_ok &= curp_value (text.chars[11]) >= 0 && curp_value (text.chars[12]) >= 0;
        _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_STATE,
                             _("%s is not a Mexican state."), state);
      }
  }

  /* 14–16: first inner consonant of each surname and of the given name. */
  for (glong i = 13; i < 16; i++)
    {
      if (!is_inner_consonant (text.chars[i]))
        {
          g_autofree char *found = _vnt_id_text_slice (&text, i, 1);

          alphabet_ok &= curp_value (text.chars[i]) >= 0;
          _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_CONSONANTS,
                               _("Position %u of the CURP is an inner consonant of a surname "
                                 "or of the given name; “%s” is not a consonant."),
                               (guint) i + 1, found);
        }
    }

  /* 17: homoclave, told apart from homonyms by RENAPO. */
  if (!_vnt_id_is_alnum (text.chars[16]))
    {
      g_autofree char *found = _vnt_id_text_slice (&text, 16, 1);

      alphabet_ok = FALSE;
      _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_HOMOCLAVE,
                           _("Position 17 of the CURP is a digit for births up to 1999 and "
                             "a letter from 2000 on, not “%s”."),
                           found);
    }

  /* 18: check digit. Computed only when every position is in the
   * alphabet; otherwise the problems above already say what to fix. */
  if (alphabet_ok)
    {
      int expected = compute_check_digit (&text);

      if (expected < 0 || text.chars[17] != (gunichar) ('0' + expected))
        _vnt_id_add_problem (problems, VNT_ID_ERROR_CHECK_DIGIT,
                             _("The check digit of the CURP does not match. Check that "
                               "you copied it without mistakes."));
    }

out:
  _vnt_id_text_clear (&text);
  return g_steal_pointer (&problems);
}

gboolean
vnt_curp_validate (const char  *text,
                   GError     **error)
{
  return vnt_id_validate (VNT_ID_KIND_CURP, text, error);
}

VntCurp *
vnt_curp_parse (const char  *input,
                GError     **error)
{
  VntIdText text = { 0 };
  VntCurp *curp;
  int century;

  g_return_val_if_fail (input != NULL, NULL);

  if (!vnt_curp_validate (input, error))
    return NULL;

  _vnt_id_text_init (&text, input);

  curp = g_new0 (VntCurp, 1);
  century = _vnt_id_is_digit (text.chars[16]) ? 1900 : 2000;
  g_date_clear (&curp->birth_date, 1);
  g_date_set_dmy (&curp->birth_date,
                  _vnt_id_text_number (&text, 8, 2),
                  _vnt_id_text_number (&text, 6, 2),
                  century + _vnt_id_text_number (&text, 4, 2));
  curp->sex = text.chars[10] == 'H' ? VNT_SEX_H : text.chars[10] == 'M' ? VNT_SEX_M : VNT_SEX_X;
  curp->state[0] = (char) text.chars[11];
  curp->state[1] = (char) text.chars[12];
  curp->normalized = g_steal_pointer (&text.normalized);

  _vnt_id_text_clear (&text);
  return curp;
}

void
vnt_curp_free (VntCurp *curp)
{
  if (curp == NULL)
    return;

  g_free (curp->normalized);
  g_free (curp);
}
