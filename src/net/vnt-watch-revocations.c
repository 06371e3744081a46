/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-ocsp-client.h"
#include "vnt-watch-revocations.h"

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

gboolean
vnt_watch_scan_check_revocations (VntWatchScan   *scan,
                                  VntTrustStore  *trust,
                                  const char     *url,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GPtrArray) certificates = g_ptr_array_new ();
  g_autoptr(GPtrArray) issuers = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VntOcspClient) client = NULL;

  g_return_val_if_fail (scan != NULL, FALSE);
  g_return_val_if_fail (VNT_IS_TRUST_STORE (trust), FALSE);

  asked = vnt_watch_scan_to_ask (scan);
  if (asked->len == 0)
    return TRUE;

  /* NULL (unknown issuer) ends as "unavailable" (no-issuer). */
  for (guint i = 0; i < asked->len; i++)
    {
      VntWatchEntry *entry = g_ptr_array_index (asked, i);

      g_ptr_array_add (certificates, entry->certificate);
      g_ptr_array_add (issuers, vnt_trust_store_find_issuer (trust, entry->certificate));
    }

  client = vnt_ocsp_client_new (url);
  results = vnt_ocsp_client_check_all (client, certificates, issuers, cancellable, error);
  if (results == NULL)
    return FALSE;

  for (guint i = 0; i < asked->len; i++)
    vnt_watch_entry_set_revocation (g_ptr_array_index (asked, i), g_ptr_array_index (results, i));

  return TRUE;
}
