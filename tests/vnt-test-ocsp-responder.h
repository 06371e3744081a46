/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Real `openssl ocsp` answers over HTTP on 127.0.0.1, for integration tests.
 *
 * OpenSSL 3.0's `ocsp -port` listens on every interface, and network tests
 * here stay on loopback; so a SoupServer bound to 127.0.0.1 (port chosen by
 * the kernel), in its own thread, takes each POST and hands its body to
 * `openssl ocsp -index … -reqin … -respout …`, which answers exactly as its
 * HTTP mode would: the index, the delegated responder's signature and the
 * nonce are OpenSSL's. The throwaway PKI is made by
 * tests/ocsp/make-ocsp-pki.sh (ca.pem, responder.pem, good/revoked/unknown
 * .pem and .key, rogue.pem).
 *
 * Paths: "/" answers with the delegated responder, "/rogue" with a
 * self-signed one, "/try-later" tryLater, "/garbage" HTML, "/busy" 503,
 * "/error" 500, "/slow" never; "/cached" answers every request with one
 * "good" answer about good.pem made at start (no nonce, so no openssl runs
 * per request: for measuring the client, not openssl). */

/* FALSE when openssl is not installed (then skip). */
gboolean    vnt_test_ocsp_responder_start   (void);
void        vnt_test_ocsp_responder_stop    (void);
gboolean    vnt_test_ocsp_responder_running (void);
/* http://127.0.0.1:PORT@path */
char       *vnt_test_ocsp_responder_url     (const char *path);
/* A file of the PKI (ca.pem, good.pem, good.key, …). */
char       *vnt_test_ocsp_responder_file    (const char *name);

/* http://127.0.0.1:PORT/ of a second, plain responder (a thread per
 * connection, HTTP/1.1 kept alive) that answers as "/cached", after the
 * same delay, writing the headers and the body apart as Python's
 * http.server does. */
char       *vnt_test_ocsp_responder_split_url (void);

/* From now on every answer waits @ms milliseconds before it goes out,
 * without holding up the others (0: none). */
void        vnt_test_ocsp_responder_set_delay        (guint ms);
/* What the responder saw since the last reset: requests, the most it held
 * at once, and the distinct client connections they came over. */
void        vnt_test_ocsp_responder_reset_stats      (void);
guint       vnt_test_ocsp_responder_get_n_requests    (void);
guint       vnt_test_ocsp_responder_get_max_in_flight (void);
guint       vnt_test_ocsp_responder_get_n_connections (void);

G_END_DECLS
