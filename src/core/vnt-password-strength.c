/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnt-password-strength.h"

#define MIN_LENGTH 8

/* The passwords people choose first, lowercase, without the digits they
 * add at the end ("password1" is "password"). */
static const char * const common[] = {
  "password", "passw0rd", "contraseña", "contrasena", "qwerty", "qwertyuiop", "asdfghjk",
  "abcdefgh", "abcdefghi", "abc", "iloveyou", "teamo", "mexico", "efirma", "fiel", "firma",
  "sat", "admin", "administrador", "bienvenido", "welcome", "letmein", "sistemas",
  "contabilidad", "clave", "privada", "llave", "secreto",
};

/* TRUE when most neighbouring characters are equal or one apart
 * ("aaaaaaaa", "12345678", "87654321", "abcdefg1"). */
static gboolean
is_run (const char *lower)
{
  guint steps = 0;
  guint runs = 0;

  for (const char *p = lower; *p != '\0' && *(p + 1) != '\0'; p++)
    {
      int delta = (guchar) *(p + 1) - (guchar) *p;

      steps++;
      if (delta >= -1 && delta <= 1)
        runs++;
    }

  return steps > 0 && runs * 4 >= steps * 3;
}

static gboolean
is_common (const char *lower)
{
  g_autofree char *stem = g_strdup (lower);
  gsize len = strlen (stem);

  while (len > 0 && (g_ascii_isdigit (stem[len - 1]) || stem[len - 1] == '!' || stem[len - 1] == '.'))
    stem[--len] = '\0';
  /* Only digits: a date, a phone number, a PIN. */
  if (len == 0)
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (common); i++)
    if (g_str_equal (stem, common[i]))
      return TRUE;

  return FALSE;
}

static gboolean
has_personal (const char         *lower,
              const char * const *personal)
{
  for (guint i = 0; personal != NULL && personal[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_strdown (personal[i], -1);
      char *at = strchr (word, '@');

      /* The e-mail's name, not its domain. */
      if (at != NULL)
        *at = '\0';
      /* Even a part of them: the RFC's first ten, the CURP's first ten. */
      if (strlen (word) > 10)
        word[10] = '\0';
      if (strlen (word) >= 4 && strstr (lower, word) != NULL)
        return TRUE;
    }

  return FALSE;
}

VntPasswordStrength
vnt_password_strength (const char         *password,
                       const char * const *personal)
{
  g_autofree char *lower = NULL;
  gboolean has_lower = FALSE, has_upper = FALSE, has_digit = FALSE, has_other = FALSE;
  glong length;
  guint kinds;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    return VNT_PASSWORD_STRENGTH_TOO_SHORT;

  length = g_utf8_strlen (password, -1);
  if (length < MIN_LENGTH)
    return VNT_PASSWORD_STRENGTH_TOO_SHORT;

  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        has_lower = TRUE;
      else if (g_unichar_isupper (c))
        has_upper = TRUE;
      else if (g_unichar_isdigit (c))
        has_digit = TRUE;
      else
        has_other = TRUE;
    }
  kinds = has_lower + has_upper + has_digit + has_other;

  lower = g_utf8_strdown (password, -1);
  if (kinds < 2 || is_run (lower) || is_common (lower) || has_personal (lower, personal))
    return VNT_PASSWORD_STRENGTH_WEAK;

  if ((length >= 12 && kinds >= 3) || length >= 16)
    return VNT_PASSWORD_STRENGTH_STRONG;

  return VNT_PASSWORD_STRENGTH_FAIR;
}

const char *
vnt_password_strength_describe (VntPasswordStrength strength)
{
  switch (strength)
    {
    case VNT_PASSWORD_STRENGTH_TOO_SHORT:
      return _("Too short: SAT asks for at least 8 characters.");
    case VNT_PASSWORD_STRENGTH_WEAK:
      return _("Weak: it is easy to guess. Mix upper and lower case letters, digits and signs, and leave out your RFC, CURP and common words.");
    case VNT_PASSWORD_STRENGTH_FAIR:
      return _("Fair. Longer is safer: 12 characters or more with letters, digits and signs.");
    case VNT_PASSWORD_STRENGTH_STRONG:
      return _("Strong.");
    default:
      return "";
    }
}
