/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnt-core-utils.h"

void
vnt_memzero (gpointer mem,
             gsize    len)
{
  /* A volatile pointer keeps the stores from being optimised away. */
  volatile guint8 *p = mem;

  if (mem == NULL)
    return;

  while (len--)
    *p++ = 0;
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
vnt_i18n_init (void)
{
  const char *dir = g_getenv ("VENTANILLA_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
