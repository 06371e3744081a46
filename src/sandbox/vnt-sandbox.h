/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* ventanilla-sandbox: the reference implementation of docs/protocol.md;
 * what it implements so far is listed in §11 there. */

#include <gio/gio.h>

#include "core/vnt-calendar.h"
#include "crypto/vnt-idse-ca.h"
#include "crypto/vnt-practice-ca.h"
#include "crypto/vnt-service-identity.h"
#include "sandbox/vnt-sandbox-db.h"

G_BEGIN_DECLS

/* The largest PDF attachment: 1024 KB. */
#define VNT_SANDBOX_MAX_ATTACHMENT (1024 * 1024)

#define VNT_TYPE_SANDBOX (vnt_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (VntSandbox, vnt_sandbox, VNT, SANDBOX, GObject)

/* Takes @db. @identity signs acuses and, with TLS, is the server's
 * certificate. @practice: trust SAT's test certificates (verified by their
 * CA keys) and the practice CA's, if one is set. */
VntSandbox *vnt_sandbox_new          (VntSandboxDb        *db,
                                      VntServiceIdentity  *identity,
                                      gboolean             practice);
/* Listens on @address (port 0: any free one) with HTTPS, or plain HTTP
 * when @tls is FALSE, which only a loopback address allows. Call from the
 * thread whose main context will run the server. */
gboolean    vnt_sandbox_listen       (VntSandbox          *self,
                                      GInetSocketAddress  *address,
                                      gboolean             tls,
                                      GError             **error);
/* "https://127.0.0.1:PORT" once listening. */
char       *vnt_sandbox_get_url      (VntSandbox          *self);
VntSandboxDb *vnt_sandbox_get_db     (VntSandbox          *self);
/* The CA that issues IDSE certificates; without one the IDSE procedures
 * answer `unavailable`. */
void        vnt_sandbox_set_idse_ca  (VntSandbox          *self,
                                      VntIdseCa           *ca);
/* Practice mode only: the CA whose certificates it also trusts. */
void        vnt_sandbox_set_practice_ca (VntSandbox       *self,
                                         VntPracticeCa    *ca);
/* The business-day calendar of the IDSE deadline (default: the installed
 * one, or the law's alone). */
void        vnt_sandbox_set_calendar (VntSandbox          *self,
                                      VntCalendar         *calendar);
/* Test hook: the date (Mexico City) the IDSE deadline counts from and
 * is checked against; NULL: today. */
void        vnt_sandbox_set_today_for_testing (VntSandbox    *self,
                                               const GDate   *today);
/* Test hook: the time at which signers' SAT and practice certificates
 * are judged valid (dates and chain); NULL: now. Lets tests about other
 * rules keep SAT's 2019 test e.firmas, at a date they were current. */
void        vnt_sandbox_set_certificate_time_for_testing (VntSandbox *self,
                                                          GDateTime  *when);
/* How long a client may take to send a request's headers, and then its
 * body, before the connection is closed (default: 10 s and 60 s). */
void        vnt_sandbox_set_request_timeouts (VntSandbox *self,
                                              guint       header_ms,
                                              guint       body_ms);
/* Stops listening and closes every connection. */
void        vnt_sandbox_disconnect   (VntSandbox          *self);

G_END_DECLS
