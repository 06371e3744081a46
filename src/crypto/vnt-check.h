/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-credential.h"
#include "vnt-trust-store.h"

G_BEGIN_DECLS

typedef enum {
  VNT_PROBLEM_SEVERITY_ERROR,    /* the e.firma cannot be used */
  VNT_PROBLEM_SEVERITY_WARNING,  /* usable, but the user should know */
} VntProblemSeverity;

/* One finding of a check: a stable code ("expired", "not-efirma",
 * "untrusted-chain", "sat-test-certificate", "unencrypted-key",
 * "kind-disagreement", "weak-key", "expires-soon", …) and a translated
 * message that says what to do next. */
typedef struct {
  char               *code;
  char               *message;
  VntProblemSeverity  severity;
} VntProblem;

VntProblem *vnt_problem_new  (const char *code, VntProblemSeverity severity, const char *message);
void        vnt_problem_free (VntProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntProblem, vnt_problem_free)

#define VNT_TYPE_CHECK_REPORT (vnt_check_report_get_type ())
G_DECLARE_FINAL_TYPE (VntCheckReport, vnt_check_report, VNT, CHECK_REPORT, GObject)

VntCertificate *vnt_check_report_get_certificate  (VntCheckReport *self);
VntChainStatus  vnt_check_report_get_chain_status (VntCheckReport *self);
/* Element type VntProblem, errors first. */
GPtrArray      *vnt_check_report_get_problems     (VntCheckReport *self);
/* TRUE when no problem has severity ERROR. */
gboolean        vnt_check_report_is_valid         (VntCheckReport *self);
gboolean        vnt_check_report_has_problem      (VntCheckReport *self,
                                                   const char     *code);

/* Checks validity dates, kind (e.firma required when @require_efirma), key
 * size and chain. @trust NULL means the bundled store; @now NULL means now. */
VntCheckReport *vnt_check_certificate (VntCertificate *certificate,
                                       VntTrustStore  *trust,
                                       GDateTime      *now,
                                       gboolean        require_efirma);
/* Everything above plus the key: unencrypted key warning and a proof of
 * possession (sign and verify a fresh random 1 KiB challenge). */
VntCheckReport *vnt_check_credential  (VntCredential  *credential,
                                       VntTrustStore  *trust,
                                       GDateTime      *now,
                                       gboolean        require_efirma);

/* Opens the pair and checks it in a worker thread. An error opening the
 * files (wrong password, mismatch, unreadable…) becomes a report with that
 * problem and no certificate only when the certificate itself is unreadable;
 * otherwise the report carries the certificate facts and the problem. */
void            vnt_check_files_async  (const char          *cer_path,
                                        const char          *key_path,
                                        const char          *password,
                                        VntTrustStore       *trust,
                                        gboolean             require_efirma,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
VntCheckReport *vnt_check_files_finish (GAsyncResult        *result,
                                        GError             **error);
/* The synchronous form, for the CLI's worker threads, as of @now (NULL:
 * now; a fixed date in tests and the CLI). Never NULL; a cancelled check
 * has the problem "cancelled". */
VntCheckReport *vnt_check_files_at     (const char          *cer_path,
                                        const char          *key_path,
                                        const char          *password,
                                        VntTrustStore       *trust,
                                        GDateTime           *now,
                                        gboolean             require_efirma,
                                        GCancellable        *cancellable);

G_END_DECLS
