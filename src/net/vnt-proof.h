/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Proof of possession (docs/protocol.md §2): the canonical "cadena
 * original" both sides build, and the header names that carry it. */

#include <glib.h>

G_BEGIN_DECLS

#define VNT_PROOF_HEADER_CERTIFICATE "Ventanilla-Certificate"
#define VNT_PROOF_HEADER_CURP        "Ventanilla-CURP"
#define VNT_PROOF_HEADER_RFC         "Ventanilla-RFC"
#define VNT_PROOF_HEADER_NONCE       "Ventanilla-Nonce"
#define VNT_PROOF_HEADER_TIME        "Ventanilla-Time"
#define VNT_PROOF_HEADER_SIGNATURE   "Ventanilla-Signature"

/* Nonces live this long; a signing time may be this far off. */
#define VNT_PROOF_NONCE_LIFETIME 300
#define VNT_PROOF_MAX_SKEW       300

/* "||1|procedure|CURP|RFC|number|nonce|time|body-sha256||", or NULL when a
 * field holds '|', CR or LF (or procedure, number, nonce or time is empty). */
char *vnt_proof_build_cadena (const char *procedure,
                              const char *curp,
                              const char *rfc,
                              const char *certificate_number,
                              const char *nonce,
                              const char *time,
                              const char *body_sha256);

/* Lowercase hex SHA-256 of @body (NULL: of nothing). */
char *vnt_proof_body_sha256  (GBytes     *body);

/* "2026-11-22T06:15:00Z" for @time (NULL: now). */
char *vnt_proof_format_time  (GDateTime  *time);

/* Whether @nonce has the protocol's shape: 16–64 of [A-Za-z0-9_-]. */
gboolean vnt_proof_nonce_is_valid (const char *nonce);

G_END_DECLS
