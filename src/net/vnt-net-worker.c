/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "net/vnt-net-worker.h"

struct _VntNetWorker
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;

  /* Touched only in the worker's thread. */
  SoupSession  *session;
  guint         session_timeout;
  gboolean      session_pinned;
};

static gpointer
worker_thread (gpointer user_data)
{
  VntNetWorker *self = user_data;

  /* libsoup and GIO attach their sources to the thread-default context. */
  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  /* What the session left behind (closing connections) ends here too. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

VntNetWorker *
vnt_net_worker_new (const char *name)
{
  VntNetWorker *self = g_new0 (VntNetWorker, 1);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new (name, worker_thread, self);

  return self;
}

static gboolean
stop_cb (gpointer user_data)
{
  VntNetWorker *self = user_data;

  g_clear_object (&self->session);
  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

void
vnt_net_worker_free (VntNetWorker *self)
{
  if (self == NULL)
    return;

  g_return_if_fail (g_thread_self () != self->thread);

  vnt_net_worker_invoke (self, stop_cb, self, NULL);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self);
}

void
vnt_net_worker_invoke (VntNetWorker   *self,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[ventanilla] net worker");
  g_source_attach (source, self->context);
}

GMainContext *
vnt_net_worker_get_context (VntNetWorker *self)
{
  return self->context;
}

SoupSession *
vnt_net_worker_get_session (VntNetWorker *self,
                            guint         timeout,
                            gboolean      pinned)
{
  g_return_val_if_fail (g_thread_self () == self->thread, NULL);

  pinned = !!pinned;
  if (self->session == NULL || self->session_timeout != timeout || self->session_pinned != pinned)
    {
      g_clear_object (&self->session);
      self->session = soup_session_new_with_options ("timeout", timeout,
                                                     "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                     NULL);
      /* No trust store: every certificate then goes through the message's
       * accept-certificate, where the pin alone decides, during the
       * handshake and before any request is written. */
      if (pinned)
        soup_session_set_tls_database (self->session, NULL);
      self->session_timeout = timeout;
      self->session_pinned = pinned;
    }

  return self->session;
}
