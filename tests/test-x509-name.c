/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "crypto/vnt-certificate-private.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-x509-name.h"
#include "vnt-test-utils.h"

#define TAG_UTF8 12
#define TAG_PRINTABLE 19
#define TAG_T61 20
#define TAG_IA5 22
#define TAG_UNIVERSAL 28
#define TAG_BMP 30

/* @len -1: up to the NUL. */
static void
assert_decodes (guint8      tag,
                const char *bytes,
                gssize      len,
                const char *expected)
{
  g_autofree char *decoded = NULL;

  decoded = vnt_x509_decode_string (tag, (const guint8 *) bytes, len < 0 ? strlen (bytes) : (gsize) len);

  g_assert_true (g_utf8_validate (decoded, -1, NULL));
  g_assert_cmpstr (decoded, ==, expected);
}

static void
test_utf8_first (void)
{
  /* Strict UTF-8 wins in every 8-bit string type. */
  assert_decodes (TAG_UTF8, "\xc3\x91" "EVES", -1, "ÑEVES");
  assert_decodes (TAG_T61, "Administraci\xc3\xb3n", -1, "Administración");
  assert_decodes (TAG_PRINTABLE, "responsable: Administraci\xc3\xb3n", -1, "responsable: Administración");
  assert_decodes (TAG_IA5, "pruebas.sat@pruebas.gob.mx", -1, "pruebas.sat@pruebas.gob.mx");
}

static void
test_latin1_fallback (void)
{
  /* SAT's T61String with Latin-1 bytes: Ñ is 0xD1, í 0xED. */
  assert_decodes (TAG_T61, "\xd1" "EVES RAMIREZ QUEZADA", -1, "ÑEVES RAMIREZ QUEZADA");
  assert_decodes (TAG_T61, "Zapater\xed" "a Urtado \xd1" "eri", -1, "Zapatería Urtado Ñeri");
  assert_decodes (TAG_T61, "RAQ\xd1" "7701212M3", -1, "RAQÑ7701212M3");
  /* Invalid UTF-8 even in a UTF8String falls back rather than failing. */
  assert_decodes (TAG_UTF8, "Coyoac\xe1n", -1, "Coyoacán");
  /* One stray Latin-1 byte makes the whole value Latin-1, not half and half. */
  assert_decodes (TAG_T61, "\xc3\x91 y \xd1", -1, "Ã‘ y Ñ");
}

static void
test_windows_1252 (void)
{
  assert_decodes (TAG_T61, "\x80 100", -1, "€ 100");
  assert_decodes (TAG_T61, "\x93hola\x94", -1, "“hola”");
  /* Unassigned in Windows-1252. */
  assert_decodes (TAG_T61, "a\x81z", -1, "a\uFFFDz");
}

static void
test_bmp_string (void)
{
  assert_decodes (TAG_BMP, "\x00\xd1\x00" "A", 4, "ÑA");
  assert_decodes (TAG_BMP, "\x20\xac", 2, "€");
  /* A surrogate pair, then an odd trailing byte. */
  assert_decodes (TAG_BMP, "\xd8\x3d\xde\x00", 4, "\U0001F600");
  assert_decodes (TAG_BMP, "\x00" "A" "\x00", 3, "A\uFFFD");
  /* A lone surrogate is not passed on as invalid UTF-8. */
  assert_decodes (TAG_BMP, "\xd8\x00\x00" "B", 4, "\uFFFDB");
}

static void
test_universal_string (void)
{
  assert_decodes (TAG_UNIVERSAL, "\x00\x00\x00\xd1\x00\x00\x00" "a", 8, "Ña");
  assert_decodes (TAG_UNIVERSAL, "\x00\x11\x00\x00", 4, "\uFFFD");
}

static void
test_control_characters (void)
{
  assert_decodes (TAG_UTF8, "a\nb", 3, "a\uFFFDb");
  assert_decodes (TAG_T61, "a\x00\xd1", 3, "a\uFFFDÑ");
  assert_decodes (TAG_UTF8, "", 0, "");
}

/* Name ::= SEQUENCE { SET { CN BMPString "ÑA" },
 *                     SET { O T61String "Ñ" + OU UTF8String "x" },
 *                     SET { x500UniqueIdentifier T61String "AÑ0" } } */
static const guint8 name_der[] = {
  0x30, 0x33,
  0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x04, 0x00, 0xd1, 0x00, 0x41,
  0x31, 0x14,
  0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x14, 0x01, 0xd1,
  0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x01, 0x78,
  0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x2d, 0x14, 0x03, 0x41, 0xd1, 0x30,
};

static void
test_dn_from_der (void)
{
  gnutls_x509_dn_t dn = NULL;
  gnutls_datum_t datum = { (unsigned char *) name_der, sizeof name_der };
  g_autofree char *cn = NULL;
  g_autofree char *o = NULL;
  g_autofree char *ou = NULL;
  g_autofree char *rfc = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *display = NULL;

  g_assert_cmpint (gnutls_x509_dn_init (&dn), ==, 0);
  g_assert_cmpint (gnutls_x509_dn_import (dn, &datum), ==, 0);

  cn = vnt_x509_dn_get_attr (dn, "2.5.4.3");
  o = vnt_x509_dn_get_attr (dn, "2.5.4.10");
  ou = vnt_x509_dn_get_attr (dn, "2.5.4.11");
  rfc = vnt_x509_dn_get_attr (dn, "2.5.4.45");
  missing = vnt_x509_dn_get_attr (dn, "2.5.4.5");
  g_assert_cmpstr (cn, ==, "ÑA");
  g_assert_cmpstr (o, ==, "Ñ");
  g_assert_cmpstr (ou, ==, "x");
  g_assert_cmpstr (rfc, ==, "AÑ0");
  g_assert_null (missing);

  display = vnt_x509_dn_to_display (dn);
  g_assert_cmpstr (display, ==, "CN=ÑA, O=Ñ + OU=x, x500UniqueIdentifier=AÑ0");

  gnutls_x509_dn_deinit (dn);
}

static void
test_der_walk (void)
{
  g_autoptr(GPtrArray) attrs = vnt_x509_name_der_get_attrs (name_der, sizeof name_der);
  g_autofree char *display = NULL;

  g_assert_nonnull (attrs);
  g_assert_cmpuint (attrs->len, ==, 4);
  g_assert_cmpstr (vnt_x509_attrs_lookup (attrs, "2.5.4.3"), ==, "ÑA");
  g_assert_cmpstr (vnt_x509_attrs_lookup (attrs, "2.5.4.45"), ==, "AÑ0");
  g_assert_cmpuint (((VntX509Attr *) g_ptr_array_index (attrs, 2))->rdn, ==, 1);
  g_assert_cmpuint (((VntX509Attr *) g_ptr_array_index (attrs, 2))->tag, ==, TAG_UTF8);
  display = vnt_x509_attrs_to_display (attrs);
  g_assert_cmpstr (display, ==, "CN=ÑA, O=Ñ + OU=x, x500UniqueIdentifier=AÑ0");

  /* Every cut inside a value is rejected, never read past its end. */
  for (gsize cut = 0; cut < sizeof name_der; cut++)
    {
      g_autofree guint8 *part = g_memdup2 (name_der, cut);
      g_autoptr(GPtrArray) none = NULL;

      /* Shorten the outer length too, so only the inner values are cut. */
      if (cut >= 2)
        part[1] = cut - 2;
      none = vnt_x509_name_der_get_attrs (part, cut);

      /* Cut right after an RDN, what is left is a shorter, valid name. */
      if (cut == 2 || cut == 17 || cut == 39)
        g_assert_cmpuint (none->len, ==, cut == 2 ? 0 : cut == 17 ? 1 : 3);
      else
        g_assert_null (none);
    }
}

/* The DER walk and GnuTLS's attribute API agree on every SAT name. */
static void
test_der_walk_matches_gnutls (void)
{
  JsonObject *manifest = vnt_test_sat_manifest ();
  const char *sections[] = { "pairs", "certs_only", "ca" };

  if (manifest == NULL)
    return;

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonArray *entries = json_object_get_array_member (manifest, sections[s]);

      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          const char *file = json_object_has_member (entry, "cer")
                             ? json_object_get_string_member (entry, "cer")
                             : json_object_get_string_member (entry, "file");
          g_autofree char *path = vnt_test_sat_path (file);
          g_autoptr(VntCertificate) certificate = NULL;
          g_autoptr(GError) error = NULL;
          gnutls_x509_crt_t crt;

          certificate = vnt_certificate_new_from_file (path, &error);
          g_assert_no_error (error);
          crt = vnt_certificate_get_gnutls (certificate);
          g_test_message ("%s", file);

          for (guint which = 0; which < 2; which++)
            {
              gnutls_datum_t raw = { NULL, 0 };
              gnutls_x509_dn_t dn = NULL;
              g_autoptr(GPtrArray) walked = NULL;
              g_autoptr(GPtrArray) asked = NULL;

              g_assert_cmpint (which == 0 ? gnutls_x509_crt_get_raw_dn (crt, &raw)
                                          : gnutls_x509_crt_get_raw_issuer_dn (crt, &raw), ==, 0);
              g_assert_cmpint (which == 0 ? gnutls_x509_crt_get_subject (crt, &dn)
                                          : gnutls_x509_crt_get_issuer (crt, &dn), ==, 0);
              walked = vnt_x509_name_der_get_attrs (raw.data, raw.size);
              asked = vnt_x509_dn_get_attrs (dn);
              gnutls_free (raw.data);

              g_assert_nonnull (walked);
              g_assert_cmpuint (walked->len, ==, asked->len);
              g_assert_cmpuint (walked->len, >, 0);
              for (guint k = 0; k < walked->len; k++)
                {
                  const VntX509Attr *a = g_ptr_array_index (walked, k);
                  const VntX509Attr *b = g_ptr_array_index (asked, k);

                  g_assert_cmpstr (a->oid, ==, b->oid);
                  g_assert_cmpstr (a->value, ==, b->value);
                  g_assert_cmpuint (a->tag, ==, b->tag);
                  g_assert_cmpuint (a->rdn, ==, b->rdn);
                }
            }
        }
    }
}

/* The facts GnuTLS's own string functions get wrong on real SAT files. */
static void
test_sat_subject (void)
{
  g_autofree char *path = vnt_test_sat_path ("fiel/fiel-fisica-RAQN7701212M3.cer");
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  gnutls_x509_dn_t dn = NULL;
  g_autofree char *rfc = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;

  if (path == NULL)
    return;

  certificate = vnt_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gnutls_x509_crt_get_subject (vnt_certificate_get_gnutls (certificate), &dn), ==, 0);

  rfc = vnt_x509_dn_get_attr (dn, "2.5.4.45");
  cn = vnt_x509_dn_get_attr (dn, "2.5.4.3");
  name = vnt_x509_dn_get_attr (dn, "2.5.4.41");
  g_assert_cmpstr (rfc, ==, "RAQÑ7701212M3");
  g_assert_cmpstr (cn, ==, "ÑEVES RAMIREZ QUEZADA");
  g_assert_cmpstr (name, ==, "ÑEVES RAMIREZ QUEZADA");

  display = vnt_x509_dn_to_display (dn);
  g_assert_true (g_str_has_prefix (display, "CN=ÑEVES RAMIREZ QUEZADA, "));
  g_assert_nonnull (strstr (display, "x500UniqueIdentifier=RAQÑ7701212M3"));
  g_assert_null (strstr (display, "\\"));
  g_assert_null (strstr (display, "=#"));
}

static void
test_sat_moral_curp_unescaped (void)
{
  g_autofree char *path = vnt_test_sat_path ("fiel/fiel-moral-H_E951128469.cer");
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  gnutls_x509_dn_t dn = NULL;
  g_autofree char *curp = NULL;
  g_autofree char *rfc = NULL;

  if (path == NULL)
    return;

  certificate = vnt_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gnutls_x509_crt_get_subject (vnt_certificate_get_gnutls (certificate), &dn), ==, 0);

  /* GnuTLS writes "\ / XOJI…" and "#13…"; the raw values are plain. */
  curp = vnt_x509_dn_get_attr (dn, "2.5.4.5");
  rfc = vnt_x509_dn_get_attr (dn, "2.5.4.45");
  g_assert_cmpstr (curp, ==, " / XOJI740919MQTDMN02");
  g_assert_cmpstr (rfc, ==, "H&E951128469 / XOJI740919U48");
}

static void
test_ocsp_responder_utf8_in_t61 (void)
{
  g_autofree char *path = vnt_test_sat_path ("ca/prod/ocsp.ac5_sat.cer");
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  gnutls_x509_dn_t dn = NULL;
  g_autofree char *o = NULL;
  g_autofree char *ou = NULL;

  if (path == NULL)
    return;

  certificate = vnt_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gnutls_x509_crt_get_subject (vnt_certificate_get_gnutls (certificate), &dn), ==, 0);

  o = vnt_x509_dn_get_attr (dn, "2.5.4.10");
  ou = vnt_x509_dn_get_attr (dn, "2.5.4.11");
  g_assert_cmpstr (o, ==, "Servicio de Administración Tributaria");
  g_assert_cmpstr (ou, ==, "Seguridad de la Información");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/crypto/x509-name/utf8-first", test_utf8_first);
  g_test_add_func ("/crypto/x509-name/latin1-fallback", test_latin1_fallback);
  g_test_add_func ("/crypto/x509-name/windows-1252", test_windows_1252);
  g_test_add_func ("/crypto/x509-name/bmp-string", test_bmp_string);
  g_test_add_func ("/crypto/x509-name/universal-string", test_universal_string);
  g_test_add_func ("/crypto/x509-name/control-characters", test_control_characters);
  g_test_add_func ("/crypto/x509-name/dn-from-der", test_dn_from_der);
  g_test_add_func ("/crypto/x509-name/der-walk", test_der_walk);
  g_test_add_func ("/crypto/x509-name/der-walk-matches-gnutls", test_der_walk_matches_gnutls);
  g_test_add_func ("/crypto/x509-name/sat-subject", test_sat_subject);
  g_test_add_func ("/crypto/x509-name/sat-moral-curp-unescaped", test_sat_moral_curp_unescaped);
  g_test_add_func ("/crypto/x509-name/ocsp-responder-utf8-in-t61", test_ocsp_responder_utf8_in_t61);

  return g_test_run ();
}
