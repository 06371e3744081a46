/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VNT_ID_ERROR (vnt_id_error_quark ())

/* Stable codes: the UI branches on them and the CLI prints their string
 * form (vnt_id_error_code_to_string), so never renumber or rename. */
typedef enum {
  VNT_ID_ERROR_FAILED,             /* "failed" */
  VNT_ID_ERROR_EMPTY,              /* "empty" */
  VNT_ID_ERROR_LENGTH,             /* "length" */
  VNT_ID_ERROR_INVALID_CHARACTER,  /* "invalid-character": a digit where a letter goes, … */
  VNT_ID_ERROR_INVALID_NAME,       /* "invalid-name-letters": CURP position 2 not a vowel or X */
  VNT_ID_ERROR_INVALID_DATE,       /* "invalid-date": a date that does not exist */
  VNT_ID_ERROR_INVALID_SEX,        /* "invalid-sex": CURP position 11 not H, M or X */
  VNT_ID_ERROR_INVALID_STATE,      /* "invalid-state": not one of the 32 entidades nor NE */
  VNT_ID_ERROR_INVALID_CONSONANTS, /* "invalid-consonants": CURP positions 14–16 */
  VNT_ID_ERROR_INVALID_HOMOCLAVE,  /* "invalid-homoclave" */
  VNT_ID_ERROR_CHECK_DIGIT,        /* "check-digit" */
  VNT_ID_ERROR_MISMATCH,           /* "mismatch": CURP and RFC of different people */
  VNT_ID_ERROR_UNKNOWN_KIND,       /* "unknown-kind": not recognisable as any identifier */
} VntIdError;

typedef enum {
  VNT_ID_KIND_UNKNOWN,
  VNT_ID_KIND_CURP,
  VNT_ID_KIND_RFC,
  VNT_ID_KIND_NSS,
  VNT_ID_KIND_REGISTRO_PATRONAL,
  VNT_ID_KIND_NPIE,
} VntIdKind;

GQuark      vnt_id_error_quark          (void);
const char *vnt_id_error_code_to_string (VntIdError code);

/* "curp", "rfc", "nss", "registro-patronal", "npie", "unknown". */
const char *vnt_id_kind_to_string       (VntIdKind   kind);
/* VNT_ID_KIND_UNKNOWN for anything else. */
VntIdKind   vnt_id_kind_from_string     (const char *name);

/* Trims, drops inner spaces and hyphens, composes accents and upper-cases
 * (ñ → Ñ); Ñ and & are kept. Invalid UTF-8 becomes U+FFFD, which every
 * validator rejects. Never NULL. */
char       *vnt_id_normalize            (const char *text);

/* Guesses the kind from the shape of @text (normalised first). Never guesses
 * VNT_ID_KIND_NPIE: its format is not public (docs/identifiers.md). */
VntIdKind   vnt_id_detect               (const char *text);

/* Every problem found in @text read as @kind, in position order, as a
 * GPtrArray of GError (VNT_ID_ERROR) that frees its elements; empty when
 * @text is valid. VNT_ID_KIND_UNKNOWN yields one VNT_ID_ERROR_UNKNOWN_KIND. */
GPtrArray  *vnt_id_check                (VntIdKind   kind,
                                         const char *text);
/* The first problem of vnt_id_check() as @error; TRUE when valid. */
gboolean    vnt_id_validate             (VntIdKind   kind,
                                         const char *text,
                                         GError    **error);

/* TRUE when @curp and the persona física @rfc can belong to the same person:
 * same birth date and name letters, allowing for the documented differences
 * between the two algorithms (Ñ written X or N in the CURP, the X that
 * replaces an inconvenient word, a single surname). Both must be valid;
 * otherwise, or on disagreement, VNT_ID_ERROR_MISMATCH or the first problem
 * of the invalid one. */
gboolean    vnt_id_check_curp_rfc       (const char *curp,
                                         const char *rfc,
                                         GError    **error);

G_END_DECLS
