/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-practice-efirmas.h"
#include "crypto/vnt-credential.h"
#include "crypto/vnt-trust-store.h"

G_BEGIN_DECLS

/* One practice CA and its set of practice e.firmas (what practice mode
 * makes on first start) for the whole test program, made on first use in
 * a temporary folder that is removed at exit. Their CURPs and RFCs are
 * fixed; numbers and keys are new on every run. */

#define VNT_TEST_ANA_CURP    "PUSA850312MJCRLN09"  /* account with an earlier e.firma */
#define VNT_TEST_ANA_RFC     "PUSA850312AB7"
#define VNT_TEST_CARLOS_CURP "EARC900825HDFNZR01"  /* no account */
#define VNT_TEST_CARLOS_RFC  "EARC900825JK4"
#define VNT_TEST_MARTA_CURP  "SIVM780105MNLMGR01"  /* account with this e.firma; represents the company */
#define VNT_TEST_MARTA_RFC   "SIVM780105LP8"
#define VNT_TEST_COMPANY_RFC "PNO150601QX6"

const char        *vnt_test_practice_dir        (void);
VntPracticeCa     *vnt_test_practice_ca         (void);
GPtrArray         *vnt_test_practice_efirmas    (void);
/* The e.firma (física or, with @kind, moral/CSD) whose own RFC is @rfc. */
VntPracticeEfirma *vnt_test_practice_efirma     (VntPracticeKind  kind,
                                                 const char      *rfc);
/* The física e.firma of @rfc, opened. */
VntCredential     *vnt_test_practice_credential (const char      *rfc);
/* Copies the CA's certificate and key into @folder, where a
 * ventanilla-sandbox program started on a database there finds it. */
void               vnt_test_practice_install_ca (const char      *folder);
/* Copies the practice e.firmas into @data_dir, as practice mode keeps them
 * there (what the practice buttons list). */
void               vnt_test_practice_install_efirmas (const char *data_dir);
/* The bundled CAs and the practice CA: what the app's local checks trust
 * in practice mode. A new reference. */
VntTrustStore     *vnt_test_practice_trust_store (void);

G_END_DECLS
