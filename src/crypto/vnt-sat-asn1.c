/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnt-crypto-error.h"
#include "vnt-sat-asn1.h"

/* The structures of the files we write (.key, .req, .ren, .pfx), as one
 * ASN.1 module:
 *
 * VntSat { }
 *
 * DEFINITIONS IMPLICIT TAGS ::=
 *
 * BEGIN
 *
 * AlgorithmIdentifier ::= SEQUENCE {
 *   algorithm  OBJECT IDENTIFIER,
 *   parameters ANY DEFINED BY algorithm OPTIONAL
 * }
 *
 * EncryptedPrivateKeyInfo ::= SEQUENCE {
 *   encryptionAlgorithm AlgorithmIdentifier,
 *   encryptedData       OCTET STRING
 * }
 *
 * PBES2Params ::= SEQUENCE {
 *   keyDerivationFunc AlgorithmIdentifier,
 *   encryptionScheme  AlgorithmIdentifier
 * }
 *
 * PBKDF2Params ::= SEQUENCE {
 *   salt           OCTET STRING,
 *   iterationCount INTEGER,
 *   keyLength      INTEGER OPTIONAL,
 *   prf            AlgorithmIdentifier OPTIONAL
 * }
 *
 * CipherIV ::= OCTET STRING
 *
 * AttributeTypeAndValue ::= SEQUENCE {
 *   type  OBJECT IDENTIFIER,
 *   value ANY
 * }
 *
 * RelativeDistinguishedName ::= SET OF AttributeTypeAndValue
 *
 * RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
 *
 * Attribute ::= SEQUENCE {
 *   type   OBJECT IDENTIFIER,
 *   values SET OF ANY
 * }
 *
 * CertificationRequestInfo ::= SEQUENCE {
 *   version       INTEGER,
 *   subject       RDNSequence,
 *   subjectPKInfo ANY,
 *   attributes    [0] SET OF Attribute
 * }
 *
 * CertificationRequest ::= SEQUENCE {
 *   certificationRequestInfo ANY,
 *   signatureAlgorithm       AlgorithmIdentifier,
 *   signature                BIT STRING
 * }
 *
 * ContentInfo ::= SEQUENCE {
 *   contentType OBJECT IDENTIFIER,
 *   content     [0] EXPLICIT ANY OPTIONAL
 * }
 *
 * EncapsulatedContentInfo ::= SEQUENCE {
 *   eContentType OBJECT IDENTIFIER,
 *   eContent     [0] EXPLICIT OCTET STRING OPTIONAL
 * }
 *
 * IssuerAndSerialNumber ::= SEQUENCE {
 *   issuer       ANY,
 *   serialNumber INTEGER
 * }
 *
 * SignedAttributes ::= SET OF Attribute
 *
 * SignerInfo ::= SEQUENCE {
 *   version            INTEGER,
 *   sid                IssuerAndSerialNumber,
 *   digestAlgorithm    AlgorithmIdentifier,
 *   signedAttrs        [0] SET OF Attribute OPTIONAL,
 *   signatureAlgorithm AlgorithmIdentifier,
 *   signature          OCTET STRING
 * }
 *
 * SignedData ::= SEQUENCE {
 *   version          INTEGER,
 *   digestAlgorithms SET OF AlgorithmIdentifier,
 *   encapContentInfo EncapsulatedContentInfo,
 *   certificates     [0] SET OF ANY OPTIONAL,
 *   signerInfos      SET OF SignerInfo
 * }
 *
 * PFX ::= SEQUENCE {
 *   version  INTEGER,
 *   authSafe ContentInfo,
 *   macData  MacData OPTIONAL
 * }
 *
 * DigestInfo ::= SEQUENCE {
 *   digestAlgorithm AlgorithmIdentifier,
 *   digest          OCTET STRING
 * }
 *
 * MacData ::= SEQUENCE {
 *   mac        DigestInfo,
 *   macSalt    OCTET STRING,
 *   iterations INTEGER
 * }
 *
 * AuthenticatedSafe ::= SEQUENCE OF ContentInfo
 *
 * SafeBag ::= SEQUENCE {
 *   bagId         OBJECT IDENTIFIER,
 *   bagValue      [0] EXPLICIT ANY,
 *   bagAttributes SET OF Attribute OPTIONAL
 * }
 *
 * SafeContents ::= SEQUENCE OF SafeBag
 *
 * CertBag ::= SEQUENCE {
 *   certId    OBJECT IDENTIFIER,
 *   certValue [0] EXPLICIT OCTET STRING
 * }
 *
 * EncryptedContentInfo ::= SEQUENCE {
 *   contentType                OBJECT IDENTIFIER,
 *   contentEncryptionAlgorithm AlgorithmIdentifier,
 *   encryptedContent           [0] OCTET STRING OPTIONAL
 * }
 *
 * EncryptedData ::= SEQUENCE {
 *   version              INTEGER,
 *   encryptedContentInfo EncryptedContentInfo
 * }
 *
 * PKCS12PBEParams ::= SEQUENCE {
 *   salt       OCTET STRING,
 *   iterations INTEGER
 * }
 *
 * END
 *
 * Only what we write is described, and loosely where a field is copied in
 * whole (subject public key, certificates, issuer names are ANY). The table
 * below is that text compiled by libtasn1's asn1Parser
 * (`asn1Parser -n vnt_sat_asn1_tab vnt-sat.asn`); regenerate it when the text
 * changes. */
static const asn1_static_node vnt_sat_asn1_tab[] = {
  { "VntSat", 536875024, NULL },
  { NULL, 1073741836, NULL },
  { "AlgorithmIdentifier", 1610612741, NULL },
  { "algorithm", 1073741836, NULL },
  { "parameters", 541081613, NULL },
  { "algorithm", 1, NULL },
  { "EncryptedPrivateKeyInfo", 1610612741, NULL },
  { "encryptionAlgorithm", 1073741826, "AlgorithmIdentifier"},
  { "encryptedData", 7, NULL },
  { "PBES2Params", 1610612741, NULL },
  { "keyDerivationFunc", 1073741826, "AlgorithmIdentifier"},
  { "encryptionScheme", 2, "AlgorithmIdentifier"},
  { "PBKDF2Params", 1610612741, NULL },
  { "salt", 1073741831, NULL },
  { "iterationCount", 1073741827, NULL },
  { "keyLength", 1073758211, NULL },
  { "prf", 16386, "AlgorithmIdentifier"},
  { "CipherIV", 1073741831, NULL },
  { "AttributeTypeAndValue", 1610612741, NULL },
  { "type", 1073741836, NULL },
  { "value", 13, NULL },
  { "RelativeDistinguishedName", 1610612751, NULL },
  { NULL, 2, "AttributeTypeAndValue"},
  { "RDNSequence", 1610612747, NULL },
  { NULL, 2, "RelativeDistinguishedName"},
  { "Attribute", 1610612741, NULL },
  { "type", 1073741836, NULL },
  { "values", 536870927, NULL },
  { NULL, 13, NULL },
  { "CertificationRequestInfo", 1610612741, NULL },
  { "version", 1073741827, NULL },
  { "subject", 1073741826, "RDNSequence"},
  { "subjectPKInfo", 1073741837, NULL },
  { "attributes", 536879119, NULL },
  { NULL, 1073745928, "0"},
  { NULL, 2, "Attribute"},
  { "CertificationRequest", 1610612741, NULL },
  { "certificationRequestInfo", 1073741837, NULL },
  { "signatureAlgorithm", 1073741826, "AlgorithmIdentifier"},
  { "signature", 6, NULL },
  { "ContentInfo", 1610612741, NULL },
  { "contentType", 1073741836, NULL },
  { "content", 536895501, NULL },
  { NULL, 2056, "0"},
  { "EncapsulatedContentInfo", 1610612741, NULL },
  { "eContentType", 1073741836, NULL },
  { "eContent", 536895495, NULL },
  { NULL, 2056, "0"},
  { "IssuerAndSerialNumber", 1610612741, NULL },
  { "issuer", 1073741837, NULL },
  { "serialNumber", 3, NULL },
  { "SignedAttributes", 1610612751, NULL },
  { NULL, 2, "Attribute"},
  { "SignerInfo", 1610612741, NULL },
  { "version", 1073741827, NULL },
  { "sid", 1073741826, "IssuerAndSerialNumber"},
  { "digestAlgorithm", 1073741826, "AlgorithmIdentifier"},
  { "signedAttrs", 1610637327, NULL },
  { NULL, 1073745928, "0"},
  { NULL, 2, "Attribute"},
  { "signatureAlgorithm", 1073741826, "AlgorithmIdentifier"},
  { "signature", 7, NULL },
  { "SignedData", 1610612741, NULL },
  { "version", 1073741827, NULL },
  { "digestAlgorithms", 1610612751, NULL },
  { NULL, 2, "AlgorithmIdentifier"},
  { "encapContentInfo", 1073741826, "EncapsulatedContentInfo"},
  { "certificates", 1610637327, NULL },
  { NULL, 1073745928, "0"},
  { NULL, 13, NULL },
  { "signerInfos", 536870927, NULL },
  { NULL, 2, "SignerInfo"},
  { "PFX", 1610612741, NULL },
  { "version", 1073741827, NULL },
  { "authSafe", 1073741826, "ContentInfo"},
  { "macData", 16386, "MacData"},
  { "DigestInfo", 1610612741, NULL },
  { "digestAlgorithm", 1073741826, "AlgorithmIdentifier"},
  { "digest", 7, NULL },
  { "MacData", 1610612741, NULL },
  { "mac", 1073741826, "DigestInfo"},
  { "macSalt", 1073741831, NULL },
  { "iterations", 3, NULL },
  { "AuthenticatedSafe", 1610612747, NULL },
  { NULL, 2, "ContentInfo"},
  { "SafeBag", 1610612741, NULL },
  { "bagId", 1073741836, NULL },
  { "bagValue", 1610620941, NULL },
  { NULL, 2056, "0"},
  { "bagAttributes", 536887311, NULL },
  { NULL, 2, "Attribute"},
  { "SafeContents", 1610612747, NULL },
  { NULL, 2, "SafeBag"},
  { "CertBag", 1610612741, NULL },
  { "certId", 1073741836, NULL },
  { "certValue", 536879111, NULL },
  { NULL, 2056, "0"},
  { "EncryptedContentInfo", 1610612741, NULL },
  { "contentType", 1073741836, NULL },
  { "contentEncryptionAlgorithm", 1073741826, "AlgorithmIdentifier"},
  { "encryptedContent", 536895495, NULL },
  { NULL, 4104, "0"},
  { "EncryptedData", 1610612741, NULL },
  { "version", 1073741827, NULL },
  { "encryptedContentInfo", 2, "EncryptedContentInfo"},
  { "PKCS12PBEParams", 536870917, NULL },
  { "salt", 1073741831, NULL },
  { "iterations", 3, NULL },
  { NULL, 0, NULL }
};

static asn1_node definitions;

static asn1_node
get_definitions (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      char message[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
      int ret = asn1_array2tree (vnt_sat_asn1_tab, &definitions, message);

      /* A bug in the table above, never a user's input. */
      if (ret != ASN1_SUCCESS)
        g_error ("vnt_sat_asn1_tab: %s (%s)", asn1_strerror (ret), message);
      g_once_init_leave (&initialized, 1);
    }

  return definitions;
}

void
vnt_asn1_node_free (VntAsn1Node *node)
{
  asn1_delete_structure (&node);
}

static void
set_asn1_error (GError     **error,
                int          ret,
                const char  *what)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               "ASN.1 %s: %s", what, asn1_strerror (ret));
}

VntAsn1Node *
vnt_sat_asn1_new (const char  *type,
                  GError     **error)
{
  g_autofree char *name = g_strconcat ("VntSat.", type, NULL);
  asn1_node node = NULL;
  int ret;

  ret = asn1_create_element (get_definitions (), name, &node);
  if (ret != ASN1_SUCCESS)
    {
      set_asn1_error (error, ret, name);
      return NULL;
    }

  return node;
}

gboolean
vnt_sat_asn1_write (VntAsn1Node  *node,
                    const char   *field,
                    const void   *value,
                    int           len,
                    GError      **error)
{
  int ret = asn1_write_value (node, field, value, len);

  if (ret != ASN1_SUCCESS)
    {
      set_asn1_error (error, ret, field);
      return FALSE;
    }

  return TRUE;
}

GBytes *
vnt_sat_asn1_encode (VntAsn1Node  *node,
                     const char   *field,
                     GError      **error)
{
  char message[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  g_autofree guint8 *der = NULL;
  int len = 0;
  int ret;

  ret = asn1_der_coding (node, field != NULL ? field : "", NULL, &len, message);
  if (ret != ASN1_MEM_ERROR)
    {
      set_asn1_error (error, ret, message);
      return NULL;
    }

  der = g_malloc (len);
  ret = asn1_der_coding (node, field != NULL ? field : "", der, &len, message);
  if (ret != ASN1_SUCCESS)
    {
      set_asn1_error (error, ret, message);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&der), len);
}

VntAsn1Node *
vnt_sat_asn1_decode (const char *type,
                     const void *der,
                     gsize       len)
{
  g_autoptr(VntAsn1Node) node = NULL;
  int der_len = len;

  if (len > G_MAXINT || (node = vnt_sat_asn1_new (type, NULL)) == NULL)
    return NULL;

  if (asn1_der_decoding2 (&node, der, &der_len, ASN1_DECODE_FLAG_ALLOW_PADDING, NULL) !=
      ASN1_SUCCESS)
    return NULL;

  return g_steal_pointer (&node);
}

GBytes *
vnt_sat_asn1_read (VntAsn1Node *node,
                   const char  *field)
{
  g_autofree guint8 *value = NULL;
  int                len = 0;
  int                ret;

  ret = asn1_read_value (node, field, NULL, &len);
  if (ret == ASN1_SUCCESS)
    return g_bytes_new (NULL, 0);
  if (ret != ASN1_MEM_ERROR)
    return NULL;

  value = g_malloc (len);
  if (asn1_read_value (node, field, value, &len) != ASN1_SUCCESS)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&value), len);
}

char *
vnt_sat_asn1_read_oid (VntAsn1Node *node,
                       const char  *field)
{
  g_autoptr(GBytes) value = vnt_sat_asn1_read (node, field);
  gsize       len;
  const char *oid;

  if (value == NULL)
    return NULL;

  /* libtasn1 gives the dotted form with its NUL. */
  oid = g_bytes_get_data (value, &len);
  return len > 0 ? g_strndup (oid, len) : NULL;
}

GBytes *
vnt_sat_asn1_tlv (unsigned int  etype,
                  const void   *data,
                  gsize         len)
{
  unsigned char tl[16];
  unsigned int tl_len = sizeof tl;
  GByteArray *out;
  int ret;

  ret = asn1_encode_simple_der (etype, data, len, tl, &tl_len);
  g_assert (ret == ASN1_SUCCESS);

  out = g_byte_array_sized_new (tl_len + len);
  g_byte_array_append (out, tl, tl_len);
  g_byte_array_append (out, data, len);

  return g_byte_array_free_to_bytes (out);
}

GBytes *
vnt_sat_asn1_windows_1252 (const char *utf8)
{
  gsize written = 0;
  char *converted;

  g_return_val_if_fail (utf8 != NULL, NULL);

  converted = g_convert (utf8, -1, "WINDOWS-1252", "UTF-8", NULL, &written, NULL);
  if (converted == NULL)
    return NULL;

  return g_bytes_new_take (converted, written);
}
