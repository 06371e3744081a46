/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "core/vnt-core-utils.h"
#include "ui/vnt-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(VntApplication) app = NULL;

  setlocale (LC_ALL, "");
  vnt_i18n_prefer_spanish ();
  vnt_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  app = vnt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
