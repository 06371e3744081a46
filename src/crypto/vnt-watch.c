/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Judging watched certificates: status, kind and what to do next, the same
 * for `efirma watch` and "Mis e.firmas". */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnt-watch.h"

static const char * const status_names[] = {
  [VNT_WATCH_STATUS_REVOKED] = "revoked",
  [VNT_WATCH_STATUS_UNTRUSTED] = "untrusted",
  [VNT_WATCH_STATUS_EXPIRED] = "expired",
  [VNT_WATCH_STATUS_NOT_YET_VALID] = "not-yet-valid",
  [VNT_WATCH_STATUS_EXPIRING] = "expiring",
  [VNT_WATCH_STATUS_VALID] = "valid",
};

G_STATIC_ASSERT (G_N_ELEMENTS (status_names) == VNT_WATCH_N_STATUSES);

const char *
vnt_watch_status_to_string (VntWatchStatus status)
{
  g_return_val_if_fail (status < VNT_WATCH_N_STATUSES, NULL);

  return status_names[status];
}

const char *
vnt_watch_status_get_label (VntWatchStatus status)
{
  switch (status)
    {
    case VNT_WATCH_STATUS_REVOKED:
      return C_("certificate status", "revoked");
    case VNT_WATCH_STATUS_UNTRUSTED:
      return C_("certificate status", "untrusted");
    case VNT_WATCH_STATUS_EXPIRED:
      return C_("certificate status", "expired");
    case VNT_WATCH_STATUS_NOT_YET_VALID:
      return C_("certificate status", "not yet valid");
    case VNT_WATCH_STATUS_EXPIRING:
      return C_("certificate status", "expiring");
    case VNT_WATCH_STATUS_VALID:
    case VNT_WATCH_N_STATUSES:
    default:
      return C_("certificate status", "valid");
    }
}

gboolean
vnt_watch_status_needs_attention (VntWatchStatus status)
{
  return status == VNT_WATCH_STATUS_REVOKED || status == VNT_WATCH_STATUS_UNTRUSTED ||
         status == VNT_WATCH_STATUS_EXPIRED || status == VNT_WATCH_STATUS_EXPIRING;
}

/* IMSS, not SAT, issues the IDSE certificates, and SAT's two kinds do not
 * cover them: an issuer that names IMSS or IDSE (as the practice service's
 * CA does) marks one. A label only: trust still comes from the chain. */
static gboolean
is_idse (VntCertificate *certificate)
{
  const char *issuer = vnt_certificate_get_issuer_dn (certificate);
  g_autofree char *folded = NULL;

  if (issuer == NULL || vnt_certificate_is_ca (certificate))
    return FALSE;

  folded = g_utf8_strup (issuer, -1);
  return strstr (folded, "IMSS") != NULL || strstr (folded, "IDSE") != NULL ||
         strstr (folded, "SEGURO SOCIAL") != NULL;
}

VntWatchKind
vnt_watch_kind_for_certificate (VntCertificate *certificate)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), VNT_WATCH_KIND_OTHER);

  if (is_idse (certificate))
    return VNT_WATCH_KIND_IDSE;

  switch (vnt_certificate_get_kind (certificate))
    {
    case VNT_CERTIFICATE_KIND_EFIRMA:
      return VNT_WATCH_KIND_EFIRMA;
    case VNT_CERTIFICATE_KIND_CSD:
      return VNT_WATCH_KIND_CSD;
    case VNT_CERTIFICATE_KIND_OTHER:
    default:
      return VNT_WATCH_KIND_OTHER;
    }
}

const char *
vnt_watch_kind_to_string (VntWatchKind kind)
{
  switch (kind)
    {
    case VNT_WATCH_KIND_EFIRMA:
      return "efirma";
    case VNT_WATCH_KIND_CSD:
      return "csd";
    case VNT_WATCH_KIND_IDSE:
      return "idse";
    case VNT_WATCH_KIND_OTHER:
    default:
      return "other";
    }
}

const char *
vnt_watch_kind_get_label (VntWatchKind kind)
{
  switch (kind)
    {
    case VNT_WATCH_KIND_EFIRMA:
      return _("e.firma");
    case VNT_WATCH_KIND_CSD:
      return _("CSD");
    case VNT_WATCH_KIND_IDSE:
      return _("IDSE");
    case VNT_WATCH_KIND_OTHER:
    default:
      return _("other");
    }
}

static gboolean
chain_is_trusted (VntChainStatus chain)
{
  return chain != VNT_CHAIN_STATUS_UNTRUSTED && chain != VNT_CHAIN_STATUS_BAD_SIGNATURE;
}

/* Without what OCSP may add. A chain out of date only because of a CA is
 * "expired" too: such a certificate cannot be used any more. */
static VntWatchStatus
judge (VntWatchEntry *entry,
       GDateTime     *at,
       GDateTime     *horizon)
{
  VntCertificate *certificate = entry->certificate;

  if (!chain_is_trusted (entry->chain))
    return VNT_WATCH_STATUS_UNTRUSTED;
  if (g_date_time_compare (at, vnt_certificate_get_not_after (certificate)) > 0)
    return VNT_WATCH_STATUS_EXPIRED;
  if (g_date_time_compare (at, vnt_certificate_get_not_before (certificate)) < 0)
    return VNT_WATCH_STATUS_NOT_YET_VALID;
  if (entry->chain == VNT_CHAIN_STATUS_EXPIRED)
    return VNT_WATCH_STATUS_EXPIRED;
  if (g_date_time_compare (vnt_certificate_get_not_after (certificate), horizon) <= 0)
    return VNT_WATCH_STATUS_EXPIRING;

  return VNT_WATCH_STATUS_VALID;
}

/* By expiry, soonest first; the same expiry by SHA-256, so that the order
 * never depends on the order of the files. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const VntWatchEntry *ea = *(const VntWatchEntry * const *) a;
  const VntWatchEntry *eb = *(const VntWatchEntry * const *) b;
  int order = g_date_time_compare (vnt_certificate_get_not_after (ea->certificate),
                                   vnt_certificate_get_not_after (eb->certificate));

  if (order != 0)
    return order;

  return strcmp (vnt_certificate_get_sha256 (ea->certificate), vnt_certificate_get_sha256 (eb->certificate));
}

void
vnt_watch_scan_judge (VntWatchScan  *scan,
                      VntTrustStore *trust,
                      GDateTime     *at,
                      int            within_days)
{
  g_autoptr(GDateTime) horizon = NULL;

  g_return_if_fail (scan != NULL);
  g_return_if_fail (VNT_IS_TRUST_STORE (trust));
  g_return_if_fail (at != NULL);

  horizon = g_date_time_add_days (at, within_days);
  for (guint i = 0; i < scan->entries->len; i++)
    {
      VntWatchEntry *entry = g_ptr_array_index (scan->entries, i);

      entry->chain = vnt_trust_store_verify (trust, entry->certificate, at, NULL);
      entry->status = judge (entry, at, horizon);
    }

  g_ptr_array_sort (scan->entries, compare_entries);
}

GPtrArray *
vnt_watch_scan_to_ask (VntWatchScan *scan)
{
  GPtrArray *asked = g_ptr_array_new ();

  for (guint i = 0; i < scan->entries->len; i++)
    {
      VntWatchEntry *entry = g_ptr_array_index (scan->entries, i);

      if (vnt_certificate_is_ca (entry->certificate) ||
          (entry->status != VNT_WATCH_STATUS_VALID && entry->status != VNT_WATCH_STATUS_EXPIRING))
        continue;

      g_ptr_array_add (asked, entry);
    }

  return asked;
}

void
vnt_watch_entry_set_revocation (VntWatchEntry *entry,
                                VntOcspResult *result)
{
  g_return_if_fail (entry != NULL);
  g_return_if_fail (VNT_IS_OCSP_RESULT (result));

  g_set_object (&entry->revocation, result);
  /* "unavailable" and "unknown" stay warnings: never "good", never
   * "revoked". */
  if (vnt_ocsp_result_get_status (result) == VNT_OCSP_STATUS_REVOKED)
    entry->status = VNT_WATCH_STATUS_REVOKED;
}

gboolean
vnt_watch_scan_needs_attention (VntWatchScan *scan)
{
  for (guint i = 0; i < scan->entries->len; i++)
    if (vnt_watch_status_needs_attention (((VntWatchEntry *) g_ptr_array_index (scan->entries, i))->status))
      return TRUE;

  return FALSE;
}

const char *
vnt_watch_entry_get_next_step (VntWatchEntry *entry)
{
  VntWatchKind kind;

  g_return_val_if_fail (entry != NULL, NULL);

  kind = vnt_watch_kind_for_certificate (entry->certificate);
  switch (entry->status)
    {
    case VNT_WATCH_STATUS_REVOKED:
      return kind == VNT_WATCH_KIND_IDSE ? _("Request a new IDSE certificate (“Solicitud del Certificado Digital”).")
                                         : _("It can no longer be used: request a new one from SAT.");
    case VNT_WATCH_STATUS_UNTRUSTED:
      return _("Its issuer is not trusted: it may be forged. Do not use it.");
    case VNT_WATCH_STATUS_EXPIRED:
    case VNT_WATCH_STATUS_EXPIRING:
      if (kind == VNT_WATCH_KIND_IDSE)
        return _("Renew it (“Renovación del Certificado Digital”).");
      if (kind == VNT_WATCH_KIND_CSD)
        return _("Request a new CSD from SAT with the e.firma.");
      if (kind == VNT_WATCH_KIND_EFIRMA)
        return _("Renew it with SAT (“Renovación de e.firma”), then update it at IMSS (“Actualización de la e.firma”).");
      return NULL;
    case VNT_WATCH_STATUS_NOT_YET_VALID:
    case VNT_WATCH_STATUS_VALID:
    case VNT_WATCH_N_STATUSES:
    default:
      return NULL;
    }
}
