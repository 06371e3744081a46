/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the procedure controllers and the pieces composed into them share
 * to build their own operations. */

#include "controllers/vnt-procedure.h"

G_BEGIN_DECLS

/* A task for an operation of @self (its source object): "busy" is set.
 * NULL (and the callback gets VNT_PROCEDURE_ERROR_BUSY) when another
 * operation runs. */
GTask    *vnt_procedure_task_new          (VntProcedure        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data,
                                           gpointer             source_tag);
/* The same with another source object (a composed piece of @self). */
GTask    *vnt_procedure_task_new_for      (VntProcedure        *self,
                                           gpointer             source_object,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data,
                                           gpointer             source_tag);
/* Ends the operation with @error (taken) and drops the task reference. */
void      vnt_procedure_task_fail         (VntProcedure        *self,
                                           GTask               *task,
                                           GError              *error);
/* Ends the operation and returns @result (with @destroy) or TRUE (when
 * @destroy is NULL) at once; takes the task reference. */
void      vnt_procedure_task_return       (VntProcedure        *self,
                                           GTask               *task,
                                           gpointer             result,
                                           GDestroyNotify       destroy);
/* Saves the record, then ends the operation and returns @result (with
 * @destroy) or TRUE (when @destroy is NULL); takes the task reference. */
void      vnt_procedure_task_return_saved (VntProcedure        *self,
                                           GTask               *task,
                                           gpointer             result,
                                           GDestroyNotify       destroy);
/* The same, returning @value with g_task_return_int(). */
void      vnt_procedure_task_return_saved_int (VntProcedure    *self,
                                               GTask           *task,
                                               gssize           value);
/* Goes on with an operation's @task. */
typedef void (*VntProcedureTaskFunc) (GTask *task);
/* Saves the record with an Idempotency-Key for @action (made when it has
 * none), then goes on with @then (@task): the key is on disk before the
 * request that carries it leaves. A failed save ends the operation. */
void            vnt_procedure_task_save_key (VntProcedure        *self,
                                             GTask               *task,
                                             const char          *action,
                                             VntProcedureTaskFunc then);
/* After a request that carried the record's Idempotency-Key for @action
 * failed with @error: a final answer from the service (a refusal, not a
 * request lost on the way) spends the key, so the next attempt is a new
 * request. Clears it and returns TRUE then; the record is not saved. */
gboolean  vnt_procedure_spend_idempotency_key (VntProcedure   *self,
                                               const char     *action,
                                               const GError   *error);
/* FALSE with VNT_PROCEDURE_ERROR_BUSY while an operation runs. */
gboolean        vnt_procedure_check_idle (VntProcedure *self,
                                          GError      **error);
/* Ends the operation with VNT_PROCEDURE_ERROR_WRONG_STEP: what was asked
 * is not for the step the procedure is at. */
void            vnt_procedure_task_fail_wrong_step (VntProcedure *self,
                                                    GTask        *task);
/* Fails the task with VNT_PROCEDURE_ERROR_WRONG_STEP unless the step is
 * within [@first, @last] (@last NULL: up to the one before the last). */
gboolean  vnt_procedure_task_require_step (VntProcedure        *self,
                                           GTask               *task,
                                           const char          *first,
                                           const char          *last);

/* The certificate whose DER the record keeps in @field (borrowed), or
 * NULL: one set before, or saved with the trámite and back after a resume. */
VntCertificate *vnt_procedure_get_certificate (VntProcedure *self,
                                               const char   *field);
/* Keeps @certificate (or none) in the record's @field, as its DER. */
void            vnt_procedure_set_certificate (VntProcedure   *self,
                                               const char     *field,
                                               VntCertificate *certificate);

G_END_DECLS
