/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "crypto/vnt-crypto.h"
#include "vnt-ui.h"
#include "vnt-ui-resources.h"

void
vnt_ui_init (void)
{
  static gsize initialized = 0;

  vnt_crypto_init ();
  if (g_once_init_enter (&initialized))
    {
      vnt_ui_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}
