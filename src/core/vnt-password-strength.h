/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How hard a new private key's password is to guess, as a person types
 * it. A rough, offline estimate (length, kinds of characters, runs and
 * sequences, the most common passwords, the holder's own RFC, CURP or
 * e-mail), enough to steer away from "12345678" and "Password1". */
typedef enum {
  VNT_PASSWORD_STRENGTH_TOO_SHORT,  /* fewer than 8 characters: SAT refuses it */
  VNT_PASSWORD_STRENGTH_WEAK,       /* easy to guess: refused for a new key */
  VNT_PASSWORD_STRENGTH_FAIR,
  VNT_PASSWORD_STRENGTH_STRONG,
} VntPasswordStrength;

/* @personal: NULL-terminated words the password must not contain (the
 * RFC, the CURP, the e-mail's name), or NULL. */
VntPasswordStrength vnt_password_strength          (const char         *password,
                                                    const char * const *personal);
/* A translated sentence for a person: what the strength means and, when
 * weak, what to do. */
const char         *vnt_password_strength_describe (VntPasswordStrength strength);

G_END_DECLS
