/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "controllers/vnt-procedure-facets.h"

G_DEFINE_INTERFACE (VntHasEfirma, vnt_has_efirma, VNT_TYPE_PROCEDURE)

static VntEfirmaStep *
default_get_efirma_step (VntHasEfirma *self)
{
  return vnt_procedure_get_part (VNT_PROCEDURE (self), VNT_TYPE_EFIRMA_STEP);
}

static void
vnt_has_efirma_default_init (VntHasEfirmaInterface *iface)
{
  iface->get_efirma_step = default_get_efirma_step;
}

/* The outcome a GTask returned with g_task_return_int(). */
static VntEfirmaOutcome
propagate_outcome (GAsyncResult  *result,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize outcome = g_task_propagate_int (G_TASK (result), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return VNT_EFIRMA_OUTCOME_ERROR;
    }
  return (VntEfirmaOutcome) outcome;
}

VntEfirmaStep *
vnt_has_efirma_get_efirma_step (VntHasEfirma *self)
{
  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (self), NULL);
  return VNT_HAS_EFIRMA_GET_IFACE (self)->get_efirma_step (self);
}

void
vnt_has_efirma_proceed_async (VntHasEfirma        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VntHasEfirmaInterface *iface;

  g_return_if_fail (VNT_IS_HAS_EFIRMA (self));

  iface = VNT_HAS_EFIRMA_GET_IFACE (self);
  if (iface->proceed_async != NULL)
    {
      iface->proceed_async (self, cancellable, callback, user_data);
    }
  else
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, vnt_has_efirma_proceed_async);
      g_task_return_int (task, VNT_EFIRMA_OUTCOME_GO_ON);
    }
}

VntEfirmaOutcome
vnt_has_efirma_proceed_finish (VntHasEfirma  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  VntHasEfirmaInterface *iface;

  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (self), VNT_EFIRMA_OUTCOME_ERROR);

  iface = VNT_HAS_EFIRMA_GET_IFACE (self);
  if (iface->proceed_finish != NULL)
    return iface->proceed_finish (self, result, error);
  return propagate_outcome (result, error);
}

const char *
vnt_has_efirma_get_outcome_message (VntHasEfirma *self)
{
  VntHasEfirmaInterface *iface;

  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (self), NULL);

  iface = VNT_HAS_EFIRMA_GET_IFACE (self);
  return iface->get_outcome_message != NULL ? iface->get_outcome_message (self) : NULL;
}

VntAccountRule
vnt_has_efirma_get_account_rule (VntHasEfirma *self)
{
  VntHasEfirmaInterface *iface;

  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (self), VNT_ACCOUNT_RULE_ANY);

  iface = VNT_HAS_EFIRMA_GET_IFACE (self);
  return iface->account_rule;
}

static void
account_looked_up_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntHasEfirma *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gboolean exists = FALSE;

  if (!vnt_service_client_lookup_account_finish (VNT_SERVICE_CLIENT (source), result, &exists, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          /* Not now: the steps that need the service say so. */
          g_debug ("Could not look the account up: %s", error->message);
          g_task_return_int (task, VNT_EFIRMA_OUTCOME_GO_ON);
        }
      return;
    }

  switch (vnt_has_efirma_get_account_rule (self))
    {
    case VNT_ACCOUNT_RULE_REQUIRED:
      g_task_return_int (task, exists ? VNT_EFIRMA_OUTCOME_GO_ON : VNT_EFIRMA_OUTCOME_NO_ACCOUNT);
      break;
    case VNT_ACCOUNT_RULE_ABSENT:
      g_task_return_int (task, exists ? VNT_EFIRMA_OUTCOME_ACCOUNT_EXISTS : VNT_EFIRMA_OUTCOME_GO_ON);
      break;
    case VNT_ACCOUNT_RULE_ANY:
    default:
      g_task_return_int (task, VNT_EFIRMA_OUTCOME_GO_ON);
      break;
    }
}

void
vnt_has_efirma_check_account_async (VntHasEfirma        *self,
                                    const char          *curp,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VNT_IS_HAS_EFIRMA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_has_efirma_check_account_async);

  if (vnt_has_efirma_get_account_rule (self) == VNT_ACCOUNT_RULE_ANY || curp == NULL)
    {
      g_task_return_int (task, VNT_EFIRMA_OUTCOME_GO_ON);
      return;
    }

  vnt_service_client_lookup_account_async (vnt_procedure_get_client (VNT_PROCEDURE (self)), curp,
                                           cancellable, account_looked_up_cb, g_steal_pointer (&task));
}

VntEfirmaOutcome
vnt_has_efirma_check_account_finish (VntHasEfirma  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), VNT_EFIRMA_OUTCOME_ERROR);
  return propagate_outcome (result, error);
}

/* ------------------------------------------------------------------ */

G_DEFINE_INTERFACE (VntHasTramite, vnt_has_tramite, VNT_TYPE_PROCEDURE)

static VntTramiteFlow *
default_get_tramite_flow (VntHasTramite *self)
{
  return vnt_procedure_get_part (VNT_PROCEDURE (self), VNT_TYPE_TRAMITE_FLOW);
}

static void
vnt_has_tramite_default_init (VntHasTramiteInterface *iface)
{
  iface->get_tramite_flow = default_get_tramite_flow;
}

VntTramiteFlow *
vnt_has_tramite_get_tramite_flow (VntHasTramite *self)
{
  g_return_val_if_fail (VNT_IS_HAS_TRAMITE (self), NULL);
  return VNT_HAS_TRAMITE_GET_IFACE (self)->get_tramite_flow (self);
}

/* ------------------------------------------------------------------ */

VntReviewRow *
vnt_review_row_new (const char *name,
                    const char *title,
                    const char *value)
{
  VntReviewRow *row = g_new0 (VntReviewRow, 1);

  row->name = g_strdup (name);
  row->title = g_strdup (title);
  row->value = g_strdup (value);
  return row;
}

void
vnt_review_row_free (VntReviewRow *row)
{
  if (row == NULL)
    return;

  g_free (row->name);
  g_free (row->title);
  g_free (row->value);
  g_free (row);
}

void
vnt_review_rows_add (GPtrArray  *rows,
                     const char *name,
                     const char *title,
                     const char *value)
{
  g_return_if_fail (rows != NULL);

  if (value == NULL || *value == '\0')
    return;
  g_ptr_array_add (rows, vnt_review_row_new (name, title, value));
}

G_DEFINE_INTERFACE (VntHasReview, vnt_has_review, VNT_TYPE_PROCEDURE)

static void
vnt_has_review_default_init (VntHasReviewInterface *iface)
{
}

GPtrArray *
vnt_has_review_get_review_rows (VntHasReview *self)
{
  g_return_val_if_fail (VNT_IS_HAS_REVIEW (self), NULL);
  return VNT_HAS_REVIEW_GET_IFACE (self)->get_review_rows (self);
}

const char *
vnt_has_review_get_review_message (VntHasReview *self)
{
  VntHasReviewInterface *iface;

  g_return_val_if_fail (VNT_IS_HAS_REVIEW (self), NULL);

  iface = VNT_HAS_REVIEW_GET_IFACE (self);
  if (iface->get_review_message != NULL)
    return iface->get_review_message (self);

  /* Without one: the service's own sentence about its trámite. */
  if (VNT_IS_HAS_TRAMITE (self))
    {
      VntTramiteFlow *flow = vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (self));
      VntServiceTramite *tramite = vnt_tramite_flow_get_tramite (flow);

      return tramite != NULL ? vnt_service_tramite_get_message (tramite) : NULL;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */

G_DEFINE_INTERFACE (VntHasContact, vnt_has_contact, VNT_TYPE_PROCEDURE)

static void
vnt_has_contact_default_init (VntHasContactInterface *iface)
{
}

const char *
vnt_has_contact_get_email (VntHasContact *self)
{
  g_return_val_if_fail (VNT_IS_HAS_CONTACT (self), NULL);
  return VNT_HAS_CONTACT_GET_IFACE (self)->get_email (self);
}

gboolean
vnt_has_contact_set_email (VntHasContact  *self,
                           const char     *email,
                           GError        **error)
{
  g_return_val_if_fail (VNT_IS_HAS_CONTACT (self), FALSE);
  return VNT_HAS_CONTACT_GET_IFACE (self)->set_email (self, email, error);
}

const char *
vnt_has_contact_get_phone (VntHasContact *self)
{
  g_return_val_if_fail (VNT_IS_HAS_CONTACT (self), NULL);
  return VNT_HAS_CONTACT_GET_IFACE (self)->get_phone (self);
}

gboolean
vnt_has_contact_set_phone (VntHasContact  *self,
                           const char     *phone,
                           GError        **error)
{
  g_return_val_if_fail (VNT_IS_HAS_CONTACT (self), FALSE);
  return VNT_HAS_CONTACT_GET_IFACE (self)->set_phone (self, phone, error);
}

void
vnt_has_contact_submit_async (VntHasContact       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (VNT_IS_HAS_CONTACT (self));
  VNT_HAS_CONTACT_GET_IFACE (self)->submit_async (self, cancellable, callback, user_data);
}

gboolean
vnt_has_contact_submit_finish (VntHasContact  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (VNT_IS_HAS_CONTACT (self), FALSE);
  return VNT_HAS_CONTACT_GET_IFACE (self)->submit_finish (self, result, error);
}

gboolean
vnt_email_is_plausible (const char *email,
                        gboolean    ascii_only)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.' &&
         strpbrk (email, " \t\r\n,;<>") == NULL && strlen (email) <= 254 &&
         (ascii_only ? g_str_is_ascii (email) : g_utf8_validate (email, -1, NULL));
}

/* ------------------------------------------------------------------ */

G_DEFINE_INTERFACE (VntHasKeygen, vnt_has_keygen, VNT_TYPE_PROCEDURE)

static VntKeygenStep *
default_get_keygen_step (VntHasKeygen *self)
{
  return vnt_procedure_get_part (VNT_PROCEDURE (self), VNT_TYPE_KEYGEN_STEP);
}

static void
vnt_has_keygen_default_init (VntHasKeygenInterface *iface)
{
  iface->get_keygen_step = default_get_keygen_step;
}

VntKeygenStep *
vnt_has_keygen_get_keygen_step (VntHasKeygen *self)
{
  g_return_val_if_fail (VNT_IS_HAS_KEYGEN (self), NULL);
  return VNT_HAS_KEYGEN_GET_IFACE (self)->get_keygen_step (self);
}

char *
vnt_has_keygen_suggest_file_name (VntHasKeygen *self)
{
  VntHasKeygenInterface *iface;

  g_return_val_if_fail (VNT_IS_HAS_KEYGEN (self), NULL);

  iface = VNT_HAS_KEYGEN_GET_IFACE (self);
  if (iface->suggest_file_name != NULL)
    return iface->suggest_file_name (self);
  return g_strdup ("llave.key");
}

/* ------------------------------------------------------------------ */

G_DEFINE_INTERFACE (VntHasPfx, vnt_has_pfx, VNT_TYPE_PROCEDURE)

static VntPfxStep *
default_get_pfx_step (VntHasPfx *self)
{
  return vnt_procedure_get_part (VNT_PROCEDURE (self), VNT_TYPE_PFX_STEP);
}

static void
vnt_has_pfx_default_init (VntHasPfxInterface *iface)
{
  iface->get_pfx_step = default_get_pfx_step;
}

VntPfxStep *
vnt_has_pfx_get_pfx_step (VntHasPfx *self)
{
  g_return_val_if_fail (VNT_IS_HAS_PFX (self), NULL);
  return VNT_HAS_PFX_GET_IFACE (self)->get_pfx_step (self);
}

gboolean
vnt_has_pfx_can_prepare (VntHasPfx *self)
{
  g_return_val_if_fail (VNT_IS_HAS_PFX (self), FALSE);
  return VNT_HAS_PFX_GET_IFACE (self)->prepare_async != NULL;
}

void
vnt_has_pfx_prepare_async (VntHasPfx           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (vnt_has_pfx_can_prepare (self));
  VNT_HAS_PFX_GET_IFACE (self)->prepare_async (self, cancellable, callback, user_data);
}

gboolean
vnt_has_pfx_prepare_finish (VntHasPfx     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (vnt_has_pfx_can_prepare (self), FALSE);
  return VNT_HAS_PFX_GET_IFACE (self)->prepare_finish (self, result, error);
}
