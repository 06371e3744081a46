/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Inside the service client only. vnt-service-client.c keeps the object
 * and the one exchange engine; the endpoint files, one per resource of
 * docs/protocol.md §6 (-info, -accounts, -tramites, -acuses, -idse),
 * describe each request and what its answer must hold. */

#include <libsoup/soup.h>

#include "core/vnt-json.h"
#include "net/vnt-net-worker.h"
#include "net/vnt-service-client.h"

G_BEGIN_DECLS

struct _VntServiceClient
{
  GObject       parent_instance;

  char         *base_url;
  guint         retries;
  guint         timeout;
  gboolean      https;
  char         *pin;
  char         *acuse_pin;
  /* Exchanges run in its thread: see vnt-service-client.c. */
  VntNetWorker *worker;
};

/* POST: a fresh nonce (§2.1), the only POST without an Idempotency-Key. */
#define VNT_SERVICE_NONCES_PATH "/v1/nonces"

/* Turns a successful answer into what the request's task returns, with
 * g_task_return_*(): a value read from it, or the error it amounts to. */
typedef void (*VntServiceAnswerFunc) (GTask      *task,
                                      JsonObject *answer,
                                      gpointer    answer_data);

/* A proof of possession (§2) for @procedure, signed with @credential, by
 * @curp and @rfc (the holder's, as typed). */
typedef struct
{
  const char           *procedure;
  VntCredential        *credential;
  const char           *curp;
  const char           *rfc;
} VntServiceProof;

/* One request, as an endpoint describes it (borrowed for the call). */
typedef struct
{
  const char           *method;
  /* After the base URL, already escaped (_vnt_service_path()). */
  const char           *path;
  GBytes               *body;
  /* Of @body; NULL: JSON. */
  const char           *content_type;
  /* What changes something carries one (§3): this, or a new one when NULL. */
  const char           *idempotency_key;
  /* No procedure: a request without proof. */
  VntServiceProof       proof;
  /* NULL: the task returns the answer's JSON object. @answer_data goes
   * with the task and is freed with @answer_data_free. */
  VntServiceAnswerFunc  answer_func;
  gpointer              answer_data;
  GDestroyNotify        answer_data_free;
} VntServiceRequest;

/* Sends @request, a task tagged @source_tag whose source object is @self:
 * the nonce, cadena and signature first when it carries a proof. */
void        _vnt_service_client_send_async  (VntServiceClient        *self,
                                             const VntServiceRequest *request,
                                             gpointer                 source_tag,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
/* The answer's JSON object, or the pointer @answer_func returned. */
gpointer    _vnt_service_client_send_finish (VntServiceClient        *self,
                                             GAsyncResult            *result,
                                             GError                 **error);

/* Defines vnt_service_client_NAME_finish() for an endpoint whose task
 * returns the answer's JSON object. */
#define VNT_SERVICE_DEFINE_FINISH(name)                                          \
  JsonObject *                                                                   \
  vnt_service_client_##name##_finish (VntServiceClient  *self,                   \
                                      GAsyncResult      *result,                 \
                                      GError           **error)                  \
  {                                                                              \
    return _vnt_service_client_send_finish (self, result, error);                \
  }

/* @prefix, @value escaped for a path segment, then @suffix (nullable). */
char       *_vnt_service_path               (const char              *prefix,
                                             const char              *value,
                                             const char              *suffix);
/* A JSON request body. */
GBytes     *_vnt_service_json_body          (JsonObject              *object);
/* The "accept_terms" member for the carta @terms the user accepted. */
JsonObject *_vnt_service_accept_terms       (JsonObject              *terms);

G_END_DECLS
