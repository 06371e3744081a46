/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "core/vnt-core-utils.h"
#include "vnt-crypto.h"
#include "vnt-crypto-resources.h"

void
vnt_crypto_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      vnt_i18n_init ();
      gnutls_global_init ();
      vnt_ca_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}
