/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-ocsp-client.h"
#include "vnt-watch-revocations.h"

gboolean
vnt_watch_scan_check_revocations (VntWatchScan   *scan,
                                  VntTrustStore  *trust,
                                  const char     *url,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GPtrArray) certificates = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VntOcspClient) client = NULL;

  g_return_val_if_fail (scan != NULL, FALSE);
  g_return_val_if_fail (VNT_IS_TRUST_STORE (trust), FALSE);

  asked = vnt_watch_scan_to_ask (scan);
  if (asked->len == 0)
    return TRUE;

  for (guint i = 0; i < asked->len; i++)
    g_ptr_array_add (certificates, ((VntWatchEntry *) g_ptr_array_index (asked, i))->certificate);

  client = vnt_ocsp_client_new (url);
  results = vnt_ocsp_client_check_all_with_trust (client, certificates, trust, cancellable, error);
  if (results == NULL)
    return FALSE;

  for (guint i = 0; i < asked->len; i++)
    vnt_watch_entry_set_revocation (g_ptr_array_index (asked, i), g_ptr_array_index (results, i));

  return TRUE;
}
