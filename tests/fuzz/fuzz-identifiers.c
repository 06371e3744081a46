/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the identifiers a user types or a certificate
 * carries: CURP, RFC, NSS, registro patronal and NPIE, their detection,
 * normalisation, checks and parsers, and the CURP–RFC match. Any crash,
 * leak (ASan) or undefined behaviour (UBSan) is a bug.
 *
 *   mkdir corpus-ids && ./fuzz-identifiers -max_total_time=60 corpus-ids
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-npie.h"
#include "core/vnt-nss.h"
#include "core/vnt-registro-patronal.h"
#include "core/vnt-rfc.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_all (const char *text)
{
  static const VntIdKind kinds[] = {
    VNT_ID_KIND_UNKNOWN, VNT_ID_KIND_CURP, VNT_ID_KIND_RFC, VNT_ID_KIND_NSS,
    VNT_ID_KIND_REGISTRO_PATRONAL, VNT_ID_KIND_NPIE,
  };
  g_autofree char *normalized = vnt_id_normalize (text);

  (void) vnt_id_detect (text);
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GPtrArray) problems = vnt_id_check (kinds[i], text);
      g_autoptr(GError) error = NULL;

      (void) vnt_id_validate (kinds[i], text, &error);
    }

  g_ptr_array_unref (vnt_curp_check (text));
  g_ptr_array_unref (vnt_rfc_check (text));
  g_ptr_array_unref (vnt_nss_check (text));
  g_ptr_array_unref (vnt_registro_patronal_check (text));
  g_ptr_array_unref (vnt_npie_check (text));
  (void) vnt_rfc_is_generic (text);
  (void) vnt_curp_state_name (text);

  {
    g_autoptr(GError) error = NULL;
    VntCurp *curp = vnt_curp_parse (text, &error);

    g_clear_pointer (&curp, vnt_curp_free);
  }
  {
    g_autoptr(GError) error = NULL;
    VntRfc *rfc = vnt_rfc_parse (text, &error);

    g_clear_pointer (&rfc, vnt_rfc_free);
  }

  /* The check digits are computed on what looks like a whole one. */
  if (strlen (text) == 18)
    (void) vnt_curp_compute_check_digit (text);
  if (strlen (text) == 12 || strlen (text) == 13)
    (void) vnt_rfc_compute_check_digit (text);
  if (strlen (text) == 11)
    (void) vnt_nss_compute_check_digit (text);

  if (normalized != NULL)
    (void) vnt_id_detect (normalized);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char *tab;

  /* Embedded NULs end the string, as they would for a typed field. */
  check_all (text);

  /* "CURP<TAB>RFC": the pair a certificate and a form must agree on. */
  tab = strchr (text, '\t');
  if (tab != NULL)
    {
      g_autoptr(GError) error = NULL;

      *tab = '\0';
      (void) vnt_id_check_curp_rfc (text, tab + 1, &error);
    }

  return 0;
}
