/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vnt-id.h"

G_BEGIN_DECLS

typedef enum {
  VNT_RFC_TYPE_PERSONA_FISICA,   /* 13 positions */
  VNT_RFC_TYPE_PERSONA_MORAL,    /* 12 positions */
  VNT_RFC_TYPE_GENERIC_NATIONAL, /* XAXX010101000: público en general */
  VNT_RFC_TYPE_GENERIC_FOREIGN,  /* XEXX010101000: residente en el extranjero */
} VntRfcType;

/* A valid RFC, taken apart. */
typedef struct {
  char       *normalized;
  VntRfcType  type;
  /* Birth or incorporation date. The RFC carries two digits of the year:
   * the latest year not after the current one is chosen. */
  GDate       date;
} VntRfc;

/* All problems (see vnt_id_check()); empty when @text is a valid RFC. The
 * generic RFCs are valid (though XAXX010101000 fails the check digit). */
GPtrArray  *vnt_rfc_check                (const char *text);
gboolean    vnt_rfc_validate             (const char *text,
                                          GError    **error);
/* NULL and the first problem when invalid. */
VntRfc     *vnt_rfc_parse                (const char *text,
                                          GError    **error);
void        vnt_rfc_free                 (VntRfc     *rfc);

/* TRUE for XAXX010101000 and XEXX010101000 (after normalising). */
gboolean    vnt_rfc_is_generic           (const char *text);

/* The check character ('0'–'9' or 'A') that the normalised @rfc calls for,
 * or 0 when it is not 12 or 13 positions of the RFC alphabet. */
char        vnt_rfc_compute_check_digit  (const char *rfc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntRfc, vnt_rfc_free)

G_END_DECLS
