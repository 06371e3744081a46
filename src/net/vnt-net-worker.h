/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A thread with its own main context where a SoupSession lives, so that
 * connecting, the TLS handshake and checking the peer's certificate never
 * run on the caller's main loop. */

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _VntNetWorker VntNetWorker;

/* Starts the thread, named @name. */
VntNetWorker *vnt_net_worker_new         (const char    *name);

/* Drops the session in its own thread, then stops and joins the thread.
 * Not from the worker's thread. */
void          vnt_net_worker_free        (VntNetWorker  *self);

/* Runs @func once in the worker's thread; @notify frees @data there after. */
void          vnt_net_worker_invoke      (VntNetWorker  *self,
                                          GSourceFunc    func,
                                          gpointer       data,
                                          GDestroyNotify notify);

/* The worker's context: sources for its thread are attached here. */
GMainContext *vnt_net_worker_get_context (VntNetWorker  *self);

/* Only in the worker's thread: the session, made anew when @timeout
 * (seconds) or @pinned differs from the one it was made with, as open
 * connections keep what they were made with. A @pinned session has no
 * trust store, so that each message's accept-certificate handler judges
 * every server certificate. */
SoupSession  *vnt_net_worker_get_session (VntNetWorker  *self,
                                          guint          timeout,
                                          gboolean       pinned);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntNetWorker, vnt_net_worker_free)

G_END_DECLS
