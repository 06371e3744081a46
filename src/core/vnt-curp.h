/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vnt-id.h"

G_BEGIN_DECLS

typedef enum {
  VNT_SEX_H, /* hombre */
  VNT_SEX_M, /* mujer */
  VNT_SEX_X, /* no binario */
} VntSex;

/* A valid CURP, taken apart. */
typedef struct {
  char   *normalized;
  GDate   birth_date;
  VntSex  sex;
  char    state[3];    /* "JC", …, or "NE" (born abroad) */
} VntCurp;

/* All problems (see vnt_id_check()); empty when @text is a valid CURP. */
GPtrArray  *vnt_curp_check          (const char *text);
gboolean    vnt_curp_validate       (const char *text,
                                     GError    **error);
/* NULL and the first problem when invalid. */
VntCurp    *vnt_curp_parse          (const char *text,
                                     GError    **error);
void        vnt_curp_free           (VntCurp    *curp);

/* The check digit that the first 17 positions of the normalised @curp call
 * for, or -1 when one of them is outside the CURP alphabet. */
int         vnt_curp_compute_check_digit (const char *curp);

/* "Jalisco", …, "Nacido en el extranjero" for "NE"; NULL when unknown. */
const char *vnt_curp_state_name     (const char *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntCurp, vnt_curp_free)

G_END_DECLS
