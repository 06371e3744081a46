/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "vnt-core-utils.h"

void
vnt_memzero (gpointer mem,
             gsize    len)
{
  /* explicit_bzero (), unlike memset (), is never optimised away. */
  if (mem != NULL)
    explicit_bzero (mem, len);
}

gboolean
vnt_set_str (char      **str_pointer,
             const char *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

void
vnt_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  vnt_memzero (secret, strlen (secret));
  g_free (secret);
}

void
vnt_i18n_prefer_spanish (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);
  const char *language = g_getenv ("LANGUAGE");

  if ((language != NULL && *language != '\0') || messages == NULL)
    return;
  if (!g_str_equal (messages, "C") && !g_str_equal (messages, "POSIX") && !g_str_has_prefix (messages, "C."))
    return;

  /* gettext ignores LANGUAGE under "C" itself, not under C.UTF-8, which
   * glibc always has; the environment carries it to GTK's own setlocale(). */
  if (!g_str_has_prefix (messages, "C.") && g_getenv ("LC_ALL") == NULL &&
      setlocale (LC_MESSAGES, "C.UTF-8") != NULL)
    g_setenv ("LC_MESSAGES", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "es", TRUE);
}

void
vnt_i18n_init (void)
{
  const char *dir = g_getenv ("VENTANILLA_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

GBytes *
vnt_base64_decode_bytes (const char *text)
{
  gsize   len = 0;
  guchar *data = g_base64_decode (text, &len);

  return g_bytes_new_take (data, len);
}
