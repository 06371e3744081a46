/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-practice-choose.h"
#include "core/vnt-json.h"
#include "crypto/vnt-credential.h"

typedef struct {
  VntServiceClient   *client;
  char               *data_dir;
  VntPracticeAccount  wanted;
  GPtrArray          *efirmas;    /* the practice e.firmas as listed */
  GPtrArray          *people;     /* borrowed from @efirmas: each persona's newest */
  guint               next;
  VntPracticeEfirma  *asked;      /* borrowed: the one the service is asked about */
  VntPracticeEfirma  *renewable;  /* borrowed: an account with her own e.firma */
  gboolean            made;       /* the practice CA made one already */
} Choose;

static void
choose_free (Choose *choose)
{
  g_clear_object (&choose->client);
  g_free (choose->data_dir);
  g_clear_pointer (&choose->people, g_ptr_array_unref);
  g_clear_pointer (&choose->efirmas, g_ptr_array_unref);
  g_free (choose);
}

static void ask_next (GTask *task);

static gboolean
is_representative (GPtrArray               *efirmas,
                   const VntPracticeEfirma *person)
{
  for (guint i = 0; i < efirmas->len; i++)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i);

      if (efirma->kind == VNT_PRACTICE_KIND_MORAL &&
          g_strcmp0 (efirma->representative_curp, person->curp) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Each persona física once, with her newest e.firma (listed last), in the
 * order they were made; for CURRENT, the companies' representatives
 * first. */
static GPtrArray *
people_of (GPtrArray          *efirmas,
           VntPracticeAccount  wanted)
{
  GPtrArray *people = g_ptr_array_new ();

  for (guint i = 0; i < efirmas->len; i++)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i);
      gboolean known = FALSE;

      if (efirma->kind != VNT_PRACTICE_KIND_FISICA)
        continue;
      for (guint j = 0; j < people->len && !known; j++)
        if (g_strcmp0 (((VntPracticeEfirma *) people->pdata[j])->curp, efirma->curp) == 0)
          {
            people->pdata[j] = efirma;
            known = TRUE;
          }
      if (!known)
        g_ptr_array_add (people, efirma);
    }

  if (wanted == VNT_PRACTICE_ACCOUNT_CURRENT)
    for (guint i = 0, first = 0; i < people->len; i++)
      if (is_representative (efirmas, people->pdata[i]))
        {
          gpointer person = people->pdata[i];

          g_ptr_array_remove_index (people, i);
          g_ptr_array_insert (people, first++, person);
        }

  return people;
}

static void
chosen (GTask             *task,
        VntPracticeEfirma *efirma)
{
  Choose *choose = g_task_get_task_data (task);
  guint index;

  if (!g_ptr_array_find (choose->efirmas, efirma, &index))
    g_assert_not_reached ();
  g_task_return_pointer (task, g_ptr_array_steal_index (choose->efirmas, index),
                         (GDestroyNotify) vnt_practice_efirma_free);
  g_object_unref (task);
}

static void
failed (GTask  *task,
        GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* The account of @asked holds @number: hers now, or an earlier one. */
static void
account_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Choose *choose = g_task_get_task_data (task);
  g_autoptr(JsonObject) account = NULL;
  GError *error = NULL;
  gboolean current;

  account = vnt_service_client_read_account_finish (VNT_SERVICE_CLIENT (object), result, &error);
  if (account == NULL)
    {
      failed (task, error);
      return;
    }

  current = g_strcmp0 (vnt_json_get_string (account, "certificate_number"),
                       choose->asked->certificate_number) == 0;
  if (current == (choose->wanted == VNT_PRACTICE_ACCOUNT_CURRENT))
    {
      chosen (task, choose->asked);
      return;
    }
  /* Someone to give a new e.firma, a company's representative last: she
   * is the one the company's procedures need with her current one. */
  if (current &&
      (choose->renewable == NULL || is_representative (choose->efirmas, choose->renewable)))
    choose->renewable = choose->asked;
  ask_next (task);
}

static void
credential_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Choose *choose = g_task_get_task_data (task);
  g_autoptr(VntCredential) credential = NULL;
  GError *error = NULL;

  credential = vnt_credential_new_from_files_finish (result, &error);
  if (credential == NULL)
    {
      failed (task, error);
      return;
    }

  vnt_service_client_read_account_async (choose->client, credential, choose->asked->curp,
                                         choose->asked->rfc, g_task_get_cancellable (task),
                                         account_read_cb, task);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Choose *choose = g_task_get_task_data (task);
  VntPracticeEfirma *asked = choose->asked;
  GError *error = NULL;
  gboolean exists = FALSE;

  if (!vnt_service_client_lookup_account_finish (VNT_SERVICE_CLIENT (object), result, &exists,
                                                 &error))
    {
      failed (task, error);
      return;
    }

  if (!exists && choose->wanted == VNT_PRACTICE_ACCOUNT_NONE)
    {
      chosen (task, asked);
      return;
    }
  if (!exists || choose->wanted == VNT_PRACTICE_ACCOUNT_NONE)
    {
      ask_next (task);
      return;
    }

  /* Which e.firma the account has only its holder may read. */
  vnt_credential_new_from_files_async (asked->cer_path, asked->key_path, asked->password,
                                       g_task_get_cancellable (task), credential_cb, task);
}

static void
make_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Choose *choose = task_data;
  g_autoptr(VntPracticeCa) ca = NULL;
  const VntPracticeEfirma *holder = NULL;
  GError *error = NULL;

  if (choose->wanted != VNT_PRACTICE_ACCOUNT_NONE)
    holder = choose->renewable;
  ca = vnt_practice_ca_open (choose->data_dir, NULL, &error);
  if (ca == NULL || !vnt_practice_efirmas_add (choose->data_dir, ca, holder, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&choose->people, g_ptr_array_unref);
  g_clear_pointer (&choose->efirmas, g_ptr_array_unref);
  choose->efirmas = vnt_practice_list_efirmas (choose->data_dir);
  choose->people = people_of (choose->efirmas, choose->wanted);
  g_task_return_boolean (task, TRUE);
}

static void
made_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Choose *choose = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      failed (task, error);
      return;
    }

  /* Asked again from the start: the new one is asked about as the others
   * were, and nothing is taken on trust. */
  choose->made = TRUE;
  choose->next = 0;
  choose->renewable = NULL;
  ask_next (task);
}

static void
ask_next (GTask *task)
{
  Choose *choose = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (choose->next < choose->people->len)
    {
      choose->asked = g_ptr_array_index (choose->people, choose->next++);
      vnt_service_client_lookup_account_async (choose->client, choose->asked->curp,
                                               g_task_get_cancellable (task), looked_up_cb, task);
      return;
    }

  /* Nobody left: the practice CA makes one, once. No e.firma makes an
   * account hold its own (that takes a procedure). */
  if (!choose->made &&
      (choose->wanted == VNT_PRACTICE_ACCOUNT_NONE ||
       (choose->wanted == VNT_PRACTICE_ACCOUNT_EARLIER && choose->renewable != NULL)))
    {
      g_autoptr(GTask) make = g_task_new (NULL, g_task_get_cancellable (task), made_cb, task);

      g_task_set_source_tag (make, vnt_practice_choose_async);
      g_task_set_task_data (make, choose, NULL);
      g_task_run_in_thread (make, make_thread);
      return;
    }

  failed (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                     _("No practice persona can do this procedure now.")));
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Choose *choose = g_task_get_task_data (task);
  GError *error = NULL;

  choose->efirmas = vnt_practice_list_efirmas_finish (result, &error);
  if (choose->efirmas == NULL)
    {
      failed (task, error);
      return;
    }
  choose->people = people_of (choose->efirmas, choose->wanted);
  if (choose->people->len == 0)
    {
      failed (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                         _("The practice e.firmas are missing. "
                                           "Start Ventanilla again to make them.")));
      return;
    }

  ask_next (task);
}

void
vnt_practice_choose_async (VntServiceClient    *client,
                           const char          *data_dir,
                           VntPracticeAccount   wanted,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Choose *choose;

  g_return_if_fail (VNT_IS_SERVICE_CLIENT (client));

  choose = g_new0 (Choose, 1);
  choose->client = g_object_ref (client);
  choose->data_dir = vnt_practice_data_dir (data_dir);
  choose->wanted = wanted;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_practice_choose_async);
  g_task_set_task_data (task, choose, (GDestroyNotify) choose_free);
  vnt_practice_list_efirmas_async (choose->data_dir, cancellable, listed_cb, task);
}

VntPracticeEfirma *
vnt_practice_choose_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
