/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The e.firmas a procedure holds open, by role: the applicant's, and where
 * a procedure needs more, a company's beside its representative's or an
 * old certificate beside a new one. In memory only: never saved. */

#include "crypto/vnt-crypto.h"

G_BEGIN_DECLS

/* The person who starts the trámite and signs its requests. */
#define VNT_CREDENTIAL_ROLE_APPLICANT "applicant"
/* A persona moral's e.firma that co-signs (its representative applies). */
#define VNT_CREDENTIAL_ROLE_COMPANY   "company"

#define VNT_TYPE_CREDENTIAL_SET (vnt_credential_set_get_type ())
G_DECLARE_FINAL_TYPE (VntCredentialSet, vnt_credential_set, VNT, CREDENTIAL_SET, GObject)

VntCredentialSet *vnt_credential_set_new        (void);
/* Borrowed; NULL when that role's e.firma is not open. */
VntCredential    *vnt_credential_set_get        (VntCredentialSet *self,
                                                 const char       *role);
/* @credential NULL forgets the role's. */
void              vnt_credential_set_put        (VntCredentialSet *self,
                                                 const char       *role,
                                                 VntCredential    *credential);
void              vnt_credential_set_forget_all (VntCredentialSet *self);

G_END_DECLS
