/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "vnt-certificate-private.h"
#include "vnt-crypto.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-sat-test-keys-private.h"
#include "vnt-trust-store.h"

#define CA_RESOURCE_PATH RESOURCE_PREFIX "/ca/"

/* Longest chain walked when checking the CAs' dates; SAT's is three deep. */
#define MAX_CHAIN_DEPTH 8

/* Dates are checked by hand against the caller's @now; GnuTLS only judges
 * names and signatures. */
#define VERIFY_FLAGS (GNUTLS_VERIFY_DISABLE_TIME_CHECKS | \
                      GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS | \
                      GNUTLS_VERIFY_DISABLE_CRL_CHECKS)
/* Retired SAT certificates were signed with SHA-1 (and AC0 with MD5). */
#define WEAK_ALGORITHM_FLAGS (GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 | GNUTLS_VERIFY_ALLOW_BROKEN)

struct _VntTrustStore
{
  GObject parent_instance;

  GPtrArray *certificates;             /* VntCertificate, in order added */
  gnutls_x509_trust_list_t list;       /* copies of the CAs among them */

  GMutex parents_lock;
  GHashTable *parents;                 /* CA → GPtrArray of the CAs that signed it */

  GPtrArray *banxico_roots;            /* the bundled Banco de México roots */
};

G_DEFINE_FINAL_TYPE (VntTrustStore, vnt_trust_store, G_TYPE_OBJECT)

static void
vnt_trust_store_finalize (GObject *object)
{
  VntTrustStore *self = (VntTrustStore *) object;

  g_clear_pointer (&self->parents, g_hash_table_unref);
  g_mutex_clear (&self->parents_lock);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->banxico_roots, g_ptr_array_unref);
  if (self->list != NULL)
    {
      gnutls_x509_trust_list_deinit (self->list, 1);
      self->list = NULL;
    }

  G_OBJECT_CLASS (vnt_trust_store_parent_class)->finalize (object);
}

static void
vnt_trust_store_class_init (VntTrustStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_trust_store_finalize;
}

static void
vnt_trust_store_init (VntTrustStore *self)
{
  self->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  self->banxico_roots = g_ptr_array_new_with_free_func (g_object_unref);
  self->parents = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_mutex_init (&self->parents_lock);
  if (gnutls_x509_trust_list_init (&self->list, 0) < 0)
    g_error ("Out of memory creating a trust list");
}

VntTrustStore *
vnt_trust_store_new (void)
{
  vnt_crypto_init ();

  return g_object_new (VNT_TYPE_TRUST_STORE, NULL);
}

void
vnt_trust_store_add_certificate (VntTrustStore  *self,
                                 VntCertificate *certificate)
{
  gnutls_x509_crt_t copy = NULL;
  gnutls_datum_t der;
  gsize len;

  g_return_if_fail (VNT_IS_TRUST_STORE (self));
  g_return_if_fail (VNT_IS_CERTIFICATE (certificate));

  for (guint i = 0; i < self->certificates->len; i++)
    {
      if (vnt_certificate_equal (g_ptr_array_index (self->certificates, i), certificate))
        return;
    }

  g_ptr_array_add (self->certificates, g_object_ref (certificate));

  /* A new CA may be the missing parent of one already here. */
  g_mutex_lock (&self->parents_lock);
  g_hash_table_remove_all (self->parents);
  g_mutex_unlock (&self->parents_lock);

  /* Only authorities become anchors: an OCSP responder or a subscriber
   * certificate in a --ca file must not vouch for anything. Every CA is an
   * anchor, intermediates included: they are bundled (or chosen) as trusted,
   * and some of Banco de México's old roots would not pass as CAs. */
  if (!vnt_certificate_is_ca (certificate))
    return;

  der.data = (unsigned char *) g_bytes_get_data (vnt_certificate_get_der (certificate), &len);
  der.size = len;
  if (gnutls_x509_crt_init (&copy) < 0)
    return;
  if (gnutls_x509_crt_import (copy, &der, GNUTLS_X509_FMT_DER) < 0 ||
      gnutls_x509_trust_list_add_cas (self->list, &copy, 1, 0) != 1)
    gnutls_x509_crt_deinit (copy);
}

static gboolean
add_bytes (VntTrustStore  *self,
           GBytes         *bytes,
           GError        **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* A PEM bundle may hold many certificates; anything else holds one. */
  if (data != NULL && g_strstr_len (data, len, "-----BEGIN CERTIFICATE-----") != NULL)
    {
      gnutls_x509_crt_t *crts = NULL;
      unsigned int n = 0;
      gnutls_datum_t datum = { (unsigned char *) data, len };

      if (gnutls_x509_crt_list_import2 (&crts, &n, &datum, GNUTLS_X509_FMT_PEM, 0) < 0 || n == 0)
        {
          g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                               _("The certificate file is damaged or incomplete. Download it again from its publisher."));
          return FALSE;
        }

      for (unsigned int i = 0; i < n; i++)
        {
          g_autoptr(VntCertificate) certificate = NULL;

          certificate = vnt_certificate_new_take_gnutls (crts[i], NULL);
          if (certificate != NULL)
            vnt_trust_store_add_certificate (self, certificate);
        }
      gnutls_free (crts);

      return TRUE;
    }
  else
    {
      g_autoptr(VntCertificate) certificate = vnt_certificate_new_from_bytes (bytes, error);

      if (certificate == NULL)
        return FALSE;

      vnt_trust_store_add_certificate (self, certificate);
      return TRUE;
    }
}

gboolean
vnt_trust_store_add_file (VntTrustStore  *self,
                          const char     *path,
                          GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (VNT_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Capped, and no devices or pipes. */
  bytes = vnt_crypto_read_file (path, error);
  if (bytes == NULL)
    return FALSE;

  return add_bytes (self, bytes, error);
}

VntTrustStore *
vnt_trust_store_new_default (void)
{
  g_autoptr(VntTrustStore) self = vnt_trust_store_new ();
  g_auto(GStrv) names = NULL;

  names = g_resources_enumerate_children (CA_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (names == NULL)
    {
      g_critical ("The bundled CA certificates are missing from the resources");
      return g_steal_pointer (&self);
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (CA_RESOURCE_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      guint before = self->certificates->len;

      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (bytes == NULL)
        continue;

      if (!add_bytes (self, bytes, &error))
        g_critical ("Bundled CA certificate %s is unreadable: %s", names[i], error->message);

      /* Only these roots let a valid chain say "issued by SAT". */
      if (strstr (names[i], "Banxico-root") != NULL)
        for (guint j = before; j < self->certificates->len; j++)
          g_ptr_array_add (self->banxico_roots, g_object_ref (g_ptr_array_index (self->certificates, j)));
    }

  return g_steal_pointer (&self);
}

VntTrustStore *
vnt_trust_store_get_default (void)
{
  static VntTrustStore *store = NULL;

  if (g_once_init_enter (&store))
    g_once_init_leave (&store, vnt_trust_store_new_default ());

  return store;
}

guint
vnt_trust_store_get_n_certificates (VntTrustStore *self)
{
  g_return_val_if_fail (VNT_IS_TRUST_STORE (self), 0);

  return self->certificates->len;
}

static gboolean
in_date (VntCertificate *certificate,
         GDateTime      *now)
{
  return g_date_time_compare (now, vnt_certificate_get_not_before (certificate)) >= 0 &&
         g_date_time_compare (now, vnt_certificate_get_not_after (certificate)) <= 0;
}

static gboolean
signed_by (VntCertificate *certificate,
           VntCertificate *ca)
{
  gnutls_x509_crt_t crt = vnt_certificate_get_gnutls (certificate);
  gnutls_x509_crt_t issuer = vnt_certificate_get_gnutls (ca);
  unsigned int status = 0;

  /* Only the signature matters here: the store vouches for its CAs, even
   * Banco de México's first root, which has no basicConstraints. */
  if (gnutls_x509_crt_verify (crt, &issuer, 1,
                              VERIFY_FLAGS | WEAK_ALGORITHM_FLAGS | GNUTLS_VERIFY_DISABLE_CA_SIGN,
                              &status) < 0)
    return FALSE;

  return status == 0;
}

/* GnuTLS's own name comparison decodes both names to text on every call,
 * which made it the slowest part of a check; the decoded names are at hand. */
static gboolean
names_match (const char *a,
             const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

/* Same issuer name and, when both say it, the same key identifier: a new CA
 * that reuses an old name is not mistaken for the old one. */
static gboolean
same_authority (VntCertificate *certificate,
                VntCertificate *ca)
{
  gnutls_x509_crt_t crt = vnt_certificate_get_gnutls (certificate);
  gnutls_x509_crt_t issuer = vnt_certificate_get_gnutls (ca);
  guint8 authority_id[64];
  guint8 subject_id[64];
  size_t authority_len = sizeof authority_id;
  size_t subject_len = sizeof subject_id;

  if (!names_match (vnt_certificate_get_issuer_dn (certificate), vnt_certificate_get_subject_dn (ca)))
    return FALSE;

  if (gnutls_x509_crt_get_authority_key_id (crt, authority_id, &authority_len, NULL) < 0 ||
      gnutls_x509_crt_get_subject_key_id (issuer, subject_id, &subject_len, NULL) < 0)
    return TRUE;

  return authority_len == subject_len && memcmp (authority_id, subject_id, subject_len) == 0;
}

/* The store's CAs that claim to have issued @certificate (by name and key
 * identifier; signatures unchecked). */
static GPtrArray *
issuer_candidates (VntTrustStore  *self,
                   VntCertificate *certificate)
{
  GPtrArray *candidates = g_ptr_array_new ();

  for (guint i = 0; i < self->certificates->len; i++)
    {
      VntCertificate *ca = g_ptr_array_index (self->certificates, i);

      if (ca == certificate || !vnt_certificate_is_ca (ca) || vnt_certificate_equal (ca, certificate))
        continue;
      if (same_authority (certificate, ca))
        g_ptr_array_add (candidates, ca);
    }

  return candidates;
}

/* The store's CAs whose signature on @ca verifies. The CAs never change once
 * added, so this is worked out once per CA (verifying is the costly part of
 * a check); the cache is shared by threads. */
static GPtrArray *
ca_parents (VntTrustStore  *self,
            VntCertificate *ca)
{
  GPtrArray *parents;

  g_mutex_lock (&self->parents_lock);
  parents = g_hash_table_lookup (self->parents, ca);
  if (parents == NULL)
    {
      g_autoptr(GPtrArray) candidates = issuer_candidates (self, ca);

      parents = g_ptr_array_new ();
      for (guint i = 0; i < candidates->len; i++)
        {
          if (signed_by (ca, g_ptr_array_index (candidates, i)))
            g_ptr_array_add (parents, g_ptr_array_index (candidates, i));
        }
      g_hash_table_insert (self->parents, ca, parents);
    }
  g_mutex_unlock (&self->parents_lock);

  return parents;
}

/* Picks the issuer among @candidates, preferring one in date at @now: SAT
 * reissued some CAs with the same name and key. */
static VntCertificate *
pick_in_date (GPtrArray *candidates,
              GDateTime *now)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      if (in_date (g_ptr_array_index (candidates, i), now))
        return g_ptr_array_index (candidates, i);
    }

  return candidates->len > 0 ? g_ptr_array_index (candidates, 0) : NULL;
}

static gboolean
is_in_store (VntTrustStore  *self,
             VntCertificate *certificate)
{
  for (guint i = 0; i < self->certificates->len; i++)
    {
      VntCertificate *other = g_ptr_array_index (self->certificates, i);

      if (other == certificate || vnt_certificate_equal (other, certificate))
        return TRUE;
    }

  return FALSE;
}

/* The signer of @certificate among the store's CAs. With @trusted_signature
 * the signature was already checked (by GnuTLS), so a single candidate needs
 * no second check. */
static VntCertificate *
find_issuer (VntTrustStore  *self,
             VntCertificate *certificate,
             GDateTime      *now,
             gboolean        trusted_signature)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) signers = NULL;

  if (is_in_store (self, certificate) && vnt_certificate_is_ca (certificate))
    {
      for (guint i = 0; i < self->certificates->len; i++)
        {
          VntCertificate *ca = g_ptr_array_index (self->certificates, i);

          if (vnt_certificate_equal (ca, certificate))
            return pick_in_date (ca_parents (self, ca), now);
        }
    }

  candidates = issuer_candidates (self, certificate);
  if (trusted_signature && candidates->len == 1)
    return g_ptr_array_index (candidates, 0);

  signers = g_ptr_array_new ();
  for (guint i = 0; i < candidates->len; i++)
    {
      if (signed_by (certificate, g_ptr_array_index (candidates, i)))
        g_ptr_array_add (signers, g_ptr_array_index (candidates, i));
    }

  return pick_in_date (signers, now);
}

VntCertificate *
vnt_trust_store_find_issuer (VntTrustStore  *self,
                             VntCertificate *certificate)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  VntCertificate *issuer;

  g_return_val_if_fail (VNT_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), NULL);

  issuer = find_issuer (self, certificate, now, FALSE);
  return issuer != NULL ? g_object_ref (issuer) : NULL;
}

static unsigned int
verify_with_gnutls (VntTrustStore  *self,
                    VntCertificate *certificate,
                    unsigned int    extra_flags)
{
  gnutls_x509_crt_t crt = vnt_certificate_get_gnutls (certificate);
  unsigned int status = 0;

  if (gnutls_x509_trust_list_verify_crt2 (self->list, &crt, 1, NULL, 0,
                                          VERIFY_FLAGS | extra_flags, &status, NULL) < 0)
    return GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;

  return status;
}

/* TRUE when @certificate and every CA above it in the store is in date. */
static gboolean
chain_in_date (VntTrustStore  *self,
               VntCertificate *certificate,
               VntCertificate *issuer,
               GDateTime      *now)
{
  VntCertificate *current = issuer;

  if (!in_date (certificate, now))
    return FALSE;

  for (guint depth = 0; current != NULL && depth < MAX_CHAIN_DEPTH; depth++)
    {
      if (!in_date (current, now))
        return FALSE;
      if (vnt_certificate_is_self_issued (current))
        break;

      current = pick_in_date (ca_parents (self, current), now);
    }

  return TRUE;
}

VntChainStatus
vnt_trust_store_verify (VntTrustStore   *self,
                        VntCertificate  *certificate,
                        GDateTime       *now,
                        VntCertificate **issuer_out)
{
  g_autoptr(GDateTime) current = NULL;
  VntCertificate *issuer = NULL;
  unsigned int status;

  g_return_val_if_fail (VNT_IS_TRUST_STORE (self), VNT_CHAIN_STATUS_UNTRUSTED);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), VNT_CHAIN_STATUS_UNTRUSTED);
  g_return_val_if_fail (issuer_out == NULL || *issuer_out == NULL, VNT_CHAIN_STATUS_UNTRUSTED);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  /* SAT does not publish its test authorities, only certificates they
   * signed; their keys were recovered from those. A test certificate is one
   * whose signature verifies under such a key: its issuer's name, which
   * anyone can copy, says nothing. */
  if (vnt_sat_test_keys_verify (certificate))
    return VNT_CHAIN_STATUS_SAT_TEST;

  status = verify_with_gnutls (self, certificate, 0);

  /* A retired certificate signed with SHA-1 is reported as out of date, not
   * as forged; a current one signed that way is not trusted. */
  if ((status & GNUTLS_CERT_INSECURE_ALGORITHM) != 0)
    {
      unsigned int weak_status = verify_with_gnutls (self, certificate, WEAK_ALGORITHM_FLAGS);

      if (weak_status == 0 && !in_date (certificate, current))
        status = 0;
    }

  if ((status & GNUTLS_CERT_SIGNATURE_FAILURE) != 0)
    return VNT_CHAIN_STATUS_BAD_SIGNATURE;

  if (status == 0)
    issuer = find_issuer (self, certificate, current, TRUE);
  else if ((status & GNUTLS_CERT_SIGNER_NOT_FOUND) != 0 && !vnt_certificate_is_self_issued (certificate))
    {
      g_autoptr(GPtrArray) candidates = issuer_candidates (self, certificate);

      /* A CA of ours has the issuer's name and key, yet the signature
       * fails: the certificate was altered or damaged. */
      if (candidates->len > 0 && find_issuer (self, certificate, current, FALSE) == NULL)
        return VNT_CHAIN_STATUS_BAD_SIGNATURE;
    }

  if (issuer_out != NULL && issuer != NULL)
    *issuer_out = g_object_ref (issuer);

  if (status != 0)
    return VNT_CHAIN_STATUS_UNTRUSTED;

  if (!chain_in_date (self, certificate, issuer, current))
    return VNT_CHAIN_STATUS_EXPIRED;

  return VNT_CHAIN_STATUS_VALID;
}

static gboolean
is_banxico_root (VntTrustStore  *self,
                 VntCertificate *certificate)
{
  for (guint i = 0; i < self->banxico_roots->len; i++)
    if (vnt_certificate_equal (g_ptr_array_index (self->banxico_roots, i), certificate))
      return TRUE;

  return FALSE;
}

gboolean
vnt_trust_store_chains_to_banxico (VntTrustStore  *self,
                                   VntCertificate *certificate,
                                   GDateTime      *now)
{
  g_autoptr(GDateTime) current = NULL;
  VntCertificate *link = certificate;

  g_return_val_if_fail (VNT_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  /* SAT's chains are three or four long; the bound stops a loop of
   * cross-signed CAs. */
  for (guint depth = 0; depth < 8; depth++)
    {
      VntCertificate *issuer;

      if (is_banxico_root (self, link))
        return TRUE;

      issuer = find_issuer (self, link, current, FALSE);
      if (issuer == NULL || issuer == link || vnt_certificate_equal (issuer, link))
        return FALSE;
      link = issuer;
    }

  return FALSE;
}

const char *
vnt_chain_status_to_string (VntChainStatus status)
{
  switch (status)
    {
    case VNT_CHAIN_STATUS_VALID:
      return "valid";
    case VNT_CHAIN_STATUS_EXPIRED:
      return "expired";
    case VNT_CHAIN_STATUS_SAT_TEST:
      return "sat-test";
    case VNT_CHAIN_STATUS_BAD_SIGNATURE:
      return "bad-signature";
    case VNT_CHAIN_STATUS_UNTRUSTED:
    default:
      return "untrusted";
    }
}

const char *
vnt_chain_status_to_message_for_anchor (VntChainStatus status,
                                        gboolean       banxico)
{
  if (!banxico && status == VNT_CHAIN_STATUS_VALID)
    return _("The chain up to a trusted authority is valid, but that authority is not SAT’s: it is one that was added as trusted.");
  if (!banxico && status == VNT_CHAIN_STATUS_EXPIRED)
    return _("The chain up to a trusted authority is complete, but the certificate or an authority above it is out of date.");

  return vnt_chain_status_to_message (status);
}

const char *
vnt_chain_status_to_message (VntChainStatus status)
{
  switch (status)
    {
    case VNT_CHAIN_STATUS_VALID:
      return _("Issued by SAT: the chain up to Banco de México is valid.");
    case VNT_CHAIN_STATUS_EXPIRED:
      return _("Issued by SAT, but the certificate or an authority above it is out of date. Renew your e.firma at SAT.");
    case VNT_CHAIN_STATUS_SAT_TEST:
      return _("SAT test certificate: its signature verifies under one of SAT’s test authorities. Use it only for practice.");
    case VNT_CHAIN_STATUS_BAD_SIGNATURE:
      return _("The signature of the certificate does not match its authority: the file was altered or is damaged. Download your certificate again from SAT.");
    case VNT_CHAIN_STATUS_UNTRUSTED:
    default:
      return _("Not issued by a SAT authority that Ventanilla knows. Use the certificate SAT gave you; if SAT has a new authority, update Ventanilla.");
    }
}
