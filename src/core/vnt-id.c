/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-curp.h"
#include "vnt-id-private.h"
#include "vnt-npie.h"
#include "vnt-nss.h"
#include "vnt-registro-patronal.h"
#include "vnt-rfc.h"

G_DEFINE_QUARK (vnt-id-error-quark, vnt_id_error)

static const char * const error_codes[] = {
  [VNT_ID_ERROR_FAILED] = "failed",
  [VNT_ID_ERROR_EMPTY] = "empty",
  [VNT_ID_ERROR_LENGTH] = "length",
  [VNT_ID_ERROR_INVALID_CHARACTER] = "invalid-character",
  [VNT_ID_ERROR_INVALID_NAME] = "invalid-name-letters",
  [VNT_ID_ERROR_INVALID_DATE] = "invalid-date",
  [VNT_ID_ERROR_INVALID_SEX] = "invalid-sex",
  [VNT_ID_ERROR_INVALID_STATE] = "invalid-state",
  [VNT_ID_ERROR_INVALID_CONSONANTS] = "invalid-consonants",
  [VNT_ID_ERROR_INVALID_HOMOCLAVE] = "invalid-homoclave",
  [VNT_ID_ERROR_CHECK_DIGIT] = "check-digit",
  [VNT_ID_ERROR_MISMATCH] = "mismatch",
  [VNT_ID_ERROR_UNKNOWN_KIND] = "unknown-kind",
};

static const char * const kind_names[] = {
  [VNT_ID_KIND_UNKNOWN] = "unknown",
  [VNT_ID_KIND_CURP] = "curp",
  [VNT_ID_KIND_RFC] = "rfc",
  [VNT_ID_KIND_NSS] = "nss",
  [VNT_ID_KIND_REGISTRO_PATRONAL] = "registro-patronal",
  [VNT_ID_KIND_NPIE] = "npie",
};

const char *
vnt_id_error_code_to_string (VntIdError code)
{
  if ((guint) code >= G_N_ELEMENTS (error_codes) || error_codes[code] == NULL)
    return "failed";

  return error_codes[code];
}

const char *
vnt_id_kind_to_string (VntIdKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return "unknown";

  return kind_names[kind];
}

VntIdKind
vnt_id_kind_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, VNT_ID_KIND_UNKNOWN);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i], name) == 0)
      return i;

  return VNT_ID_KIND_UNKNOWN;
}

char *
vnt_id_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *upper = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  /* People copy identifiers from PDFs and forms: "KAHO-641101-B39",
   * " kaho641101b39 ", or a decomposed ñ (n + U+0303). */
  valid = g_utf8_make_valid (text, -1);
  composed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  upper = g_utf8_strup (composed != NULL ? composed : valid, -1);

  out = g_string_new (NULL);
  for (const char *p = upper; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '-')
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Shared helpers */

void
_vnt_id_text_init (VntIdText  *text,
                   const char *input)
{
  text->normalized = vnt_id_normalize (input);
  text->chars = g_utf8_to_ucs4_fast (text->normalized, -1, &text->len);
}

void
_vnt_id_text_clear (VntIdText *text)
{
  g_clear_pointer (&text->normalized, g_free);
  g_clear_pointer (&text->chars, g_free);
  text->len = 0;
}

GPtrArray *
_vnt_id_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

void
_vnt_id_add_problem (GPtrArray  *problems,
                     VntIdError  code,
                     const char *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_error_new_valist (VNT_ID_ERROR, code, format, args));
  va_end (args);
}

gboolean
_vnt_id_check_length (GPtrArray       *problems,
                      const VntIdText *text,
                      glong            min_len,
                      glong            max_len,
                      const char      *empty_message,
                      const char      *length_format)
{
  if (text->len == 0)
    _vnt_id_add_problem (problems, VNT_ID_ERROR_EMPTY, "%s", empty_message);
  else if (text->len < min_len || text->len > max_len)
    _vnt_id_add_problem (problems, VNT_ID_ERROR_LENGTH, length_format, (guint) text->len);
  else
    return TRUE;

  return FALSE;
}

gboolean
_vnt_id_is_letter (gunichar c)
{
  return (c >= 'A' && c <= 'Z') || c == VNT_ID_CHAR_ENYE;
}

gboolean
_vnt_id_is_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

gboolean
_vnt_id_is_alnum (gunichar c)
{
  return _vnt_id_is_letter (c) || _vnt_id_is_digit (c);
}

char *
_vnt_id_text_slice (const VntIdText *text,
                    glong            start,
                    glong            count)
{
  g_return_val_if_fail (start >= 0 && start + count <= text->len, g_strdup (""));

  return g_ucs4_to_utf8 (text->chars + start, count, NULL, NULL, NULL);
}

int
_vnt_id_text_number (const VntIdText *text,
                     glong            start,
                     glong            count)
{
  int value = 0;

  for (glong i = start; i < start + count; i++)
    {
      if (i >= text->len || !_vnt_id_is_digit (text->chars[i]))
        return -1;
      value = value * 10 + (int) (text->chars[i] - '0');
    }

  return value;
}

gboolean
_vnt_id_expect (GPtrArray       *problems,
                const VntIdText *text,
                glong            pos,
                VntIdCharClass   kind)
{
  gunichar c = text->chars[pos];
  g_autofree char *found = NULL;
  const char *format;

  switch (kind)
    {
    case VNT_ID_LETTER:
      if (_vnt_id_is_letter (c))
        return TRUE;
      format = _("Position %u should be a letter, not “%s”.");
      break;
    case VNT_ID_DIGIT:
      if (_vnt_id_is_digit (c))
        return TRUE;
      format = _("Position %u should be a digit, not “%s”.");
      break;
    case VNT_ID_PLAIN_ALNUM:
    default:
      if (_vnt_id_is_alnum (c) && c != VNT_ID_CHAR_ENYE)
        return TRUE;
      format = _("Position %u should be a letter or a digit, not “%s”.");
      break;
    }

  found = _vnt_id_text_slice (text, pos, 1);
  _vnt_id_add_problem (problems, VNT_ID_ERROR_INVALID_CHARACTER, format, (guint) pos + 1, found);
  return FALSE;
}

GPtrArray *
_vnt_id_check_format (const char        *input,
                      const VntIdFormat *format)
{
  g_autoptr(GPtrArray) problems = _vnt_id_problems_new ();
  VntIdText text = { 0 };

  g_return_val_if_fail (input != NULL, NULL);

  _vnt_id_text_init (&text, input);
  if (_vnt_id_check_length (problems, &text, format->min_len, format->max_len,
                            _(format->empty_message), _(format->length_format)))
    {
      for (glong i = 0; i < text.len; i++)
        _vnt_id_expect (problems, &text, i, i == 0 ? format->first : format->rest);
      if (format->check != NULL && problems->len == 0)
        format->check (problems, &text);
    }
  _vnt_id_text_clear (&text);

  return g_steal_pointer (&problems);
}

gboolean
_vnt_id_date_exists (int year,
                     int month,
                     int day)
{
  if (year < 1 || month < 1 || month > 12 || day < 1)
    return FALSE;

  return day <= g_date_get_days_in_month (month, year);
}

/* Detection */

static gboolean
run_of (const VntIdText *text,
        glong            start,
        glong            count,
        gboolean       (*predicate) (gunichar))
{
  if (start + count > text->len)
    return FALSE;

  for (glong i = start; i < start + count; i++)
    if (!predicate (text->chars[i]))
      return FALSE;

  return TRUE;
}

static gboolean
is_rfc_letter (gunichar c)
{
  return _vnt_id_is_letter (c) || c == '&';
}

VntIdKind
vnt_id_detect (const char *input)
{
  VntIdText text = { 0 };
  VntIdKind kind = VNT_ID_KIND_UNKNOWN;

  g_return_val_if_fail (input != NULL, VNT_ID_KIND_UNKNOWN);

  _vnt_id_text_init (&text, input);

  /* A CURP and the RFC of a persona física both open with four letters and
   * six digits; only the length tells them apart (18 against 13), so a
   * value halfway is taken for the nearer one and then told what is wrong. */
  if (run_of (&text, 0, 4, is_rfc_letter) && run_of (&text, 4, 6, _vnt_id_is_digit))
    kind = text.len >= 16 ? VNT_ID_KIND_CURP : VNT_ID_KIND_RFC;
  else if (run_of (&text, 0, 3, is_rfc_letter) && run_of (&text, 3, 6, _vnt_id_is_digit)
           && text.len <= 14)
    kind = VNT_ID_KIND_RFC;
  else if (text.len >= 9 && text.len <= 13 && run_of (&text, 0, text.len, _vnt_id_is_digit))
    kind = VNT_ID_KIND_NSS;
  else if (text.len >= 9 && text.len <= 13 && _vnt_id_is_letter (text.chars[0])
           && run_of (&text, 1, text.len - 1, _vnt_id_is_digit))
    kind = VNT_ID_KIND_REGISTRO_PATRONAL;

  _vnt_id_text_clear (&text);
  return kind;
}

GPtrArray *
vnt_id_check (VntIdKind   kind,
              const char *text)
{
  g_autofree char *normalized = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (text != NULL, NULL);

  switch (kind)
    {
    case VNT_ID_KIND_CURP:
      return vnt_curp_check (text);
    case VNT_ID_KIND_RFC:
      return vnt_rfc_check (text);
    case VNT_ID_KIND_NSS:
      return vnt_nss_check (text);
    case VNT_ID_KIND_REGISTRO_PATRONAL:
      return vnt_registro_patronal_check (text);
    case VNT_ID_KIND_NPIE:
      return vnt_npie_check (text);
    case VNT_ID_KIND_UNKNOWN:
    default:
      break;
    }

  problems = _vnt_id_problems_new ();
  normalized = vnt_id_normalize (text);
  if (*normalized == '\0')
    {
      _vnt_id_add_problem (problems, VNT_ID_ERROR_EMPTY,
                           _("Nothing was typed. Type a CURP, an RFC, an NSS or a "
                             "registro patronal."));
      return problems;
    }

  _vnt_id_add_problem (problems, VNT_ID_ERROR_UNKNOWN_KIND,
                       _("This is not a CURP, an RFC, an NSS or a registro patronal. "
                         "Check that you copied it whole."));
  return problems;
}

gboolean
vnt_id_validate (VntIdKind    kind,
                 const char  *text,
                 GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problems = vnt_id_check (kind, text);
  if (problems->len == 0)
    return TRUE;

  if (error != NULL)
    *error = g_error_copy (g_ptr_array_index (problems, 0));
  return FALSE;
}

/* Cross-check */

static gboolean
name_letter_matches (gunichar from_rfc,
                     gunichar from_curp,
                     guint    pos)
{
  if (from_rfc == from_curp)
    return TRUE;

  /* RENAPO writes Ñ as X; older CURPs (and SAT's own test people) have N. */
  if (from_rfc == VNT_ID_CHAR_ENYE && (from_curp == 'X' || from_curp == 'N'))
    return TRUE;

  /* An inconvenient word is defused by an X in position 2 of the CURP and
   * in position 4 of the RFC. */
  if ((pos == 1 && from_curp == 'X') || (pos == 3 && from_rfc == 'X'))
    return TRUE;

  return FALSE;
}

gboolean
vnt_id_check_curp_rfc (const char  *curp,
                       const char  *rfc,
                       GError     **error)
{
  VntIdText c = { 0 };
  VntIdText r = { 0 };
  gboolean same = TRUE;

  g_return_val_if_fail (curp != NULL && rfc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!vnt_id_validate (VNT_ID_KIND_CURP, curp, error)
      || !vnt_id_validate (VNT_ID_KIND_RFC, rfc, error))
    return FALSE;

  _vnt_id_text_init (&c, curp);
  _vnt_id_text_init (&r, rfc);

  if (r.len != 13 || vnt_rfc_is_generic (rfc))
    {
      g_set_error (error, VNT_ID_ERROR, VNT_ID_ERROR_MISMATCH,
                   _("The RFC %s is not the RFC of a person, so it cannot match a CURP."),
                   r.normalized);
      _vnt_id_text_clear (&c);
      _vnt_id_text_clear (&r);
      return FALSE;
    }

  for (guint i = 4; i < 10; i++)
    same = same && r.chars[i] == c.chars[i];

  /* With a single surname the CURP puts X for the missing one, while the RFC
   * takes two letters of the given name instead (PEREZ JUAN: PEXJ, PEJU). */
  if (c.chars[2] == 'X' && r.chars[2] != 'X')
    same = same && name_letter_matches (r.chars[0], c.chars[0], 0)
           && name_letter_matches (r.chars[1], c.chars[1], 1)
           && name_letter_matches (r.chars[2], c.chars[3], 2);
  else
    for (guint i = 0; i < 4; i++)
      same = same && name_letter_matches (r.chars[i], c.chars[i], i);

  if (!same)
    g_set_error (error, VNT_ID_ERROR, VNT_ID_ERROR_MISMATCH,
                 _("The RFC %s and the CURP %s are not of the same person: "
                   "their name letters or birth dates differ. Check both."),
                 r.normalized, c.normalized);

  _vnt_id_text_clear (&c);
  _vnt_id_text_clear (&r);
  return same;
}
