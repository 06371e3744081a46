/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-practice-choose.h"
#include "controllers/vnt-practice.h"
#include "controllers/vnt-procedure-facets.h"
#include "core/vnt-curp.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-curp-page.h"
#include "vnt-page-parts.h"

/* Long enough not to scold every keystroke, short enough to feel live. */
#define CHECK_DELAY_MS 400

/* The page said it itself (another procedure is offered). */
#define OFFER_ERROR (g_quark_from_static_string ("vnt-curp-page-offer"))

struct _VntCurpPage
{
  VntPage       parent_instance;

  AdwEntryRow  *curp_row;
  GtkImage     *state_icon;
  GtkLabel     *message_label;
  GtkWidget    *offer_button;
  GtkWidget    *practice_button;

  VntEfirmaStep *efirma;
  VntPracticeAccount practice_account;
  guint         check_id;
  GCancellable *practice_cancellable;
};

G_DEFINE_FINAL_TYPE (VntCurpPage, vnt_curp_page, VNT_TYPE_PAGE)

static void
show_message (VntCurpPage *self,
              const char  *message)
{
  vnt_page_mark_invalid (GTK_WIDGET (self->curp_row), message);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  gtk_widget_set_visible (self->offer_button, FALSE);
}

/* @message, and a button to the procedure the descriptor offers instead. */
static void
show_offer (VntCurpPage       *self,
            VntProcedureOffer  which,
            const char        *message)
{
  VntProcedure *procedure = vnt_efirma_step_get_procedure (self->efirma);
  const VntProcedureDescriptor *descriptor;
  const VntProcedureDescriptor *offered = NULL;

  descriptor = vnt_procedure_registry_lookup (vnt_procedure_get_procedure_id (procedure));
  if (descriptor != NULL)
    offered = vnt_procedure_descriptor_get_offer (descriptor, which);

  show_message (self, message);
  /* Not with this CURP: typing another one brings "Siguiente" back. */
  vnt_page_set_complete (VNT_PAGE (self), FALSE);
  if (offered == NULL)
    return;
  gtk_button_set_label (GTK_BUTTON (self->offer_button), _(offered->name));
  /* The target first: the action takes one. */
  {
    g_autofree char *curp = vnt_id_normalize (gtk_editable_get_text (GTK_EDITABLE (self->curp_row)));

    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->offer_button), "(ss)",
                                      vnt_procedure_offer_to_nick (which), curp);
  }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->offer_button), "procedure.offer");
  gtk_widget_set_visible (self->offer_button, TRUE);
  gtk_widget_grab_focus (self->offer_button);
}

static void
check_now (VntCurpPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->curp_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GPtrArray) problems = NULL;

  g_clear_handle_id (&self->check_id, g_source_remove);

  if (*stripped == '\0')
    {
      /* An empty field is not a mistake yet. */
      show_message (self, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->state_icon), FALSE);
      vnt_page_set_complete (VNT_PAGE (self), FALSE);
      return;
    }

  problems = vnt_curp_check (stripped);
  if (problems->len > 0)
    {
      const GError *problem = g_ptr_array_index (problems, 0);

      show_message (self, problem->message);
      gtk_widget_set_visible (GTK_WIDGET (self->state_icon), FALSE);
      vnt_page_set_complete (VNT_PAGE (self), FALSE);
      return;
    }

  show_message (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), TRUE);
  vnt_page_set_complete (VNT_PAGE (self), TRUE);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  VntCurpPage *self = user_data;

  self->check_id = 0;
  check_now (self);

  return G_SOURCE_REMOVE;
}

static void
curp_changed_cb (VntCurpPage *self)
{
  /* Until checked, "Siguiente" must not take a half-typed CURP. */
  vnt_page_set_complete (VNT_PAGE (self), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), FALSE);
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

/* A CURP is written in capitals: what is typed shows as it will be sent. */
static void
curp_insert_text_cb (GtkEditable *editable,
                     const char  *text,
                     int          length,
                     int         *position,
                     gpointer     user_data)
{
  g_autofree char *typed = length < 0 ? g_strdup (text) : g_strndup (text, length);
  g_autofree char *upper = g_utf8_strup (typed, -1);

  if (g_str_equal (typed, upper))
    return;

  g_signal_handlers_block_by_func (editable, curp_insert_text_cb, user_data);
  gtk_editable_insert_text (editable, upper, -1, position);
  g_signal_handlers_unblock_by_func (editable, curp_insert_text_cb, user_data);
  g_signal_stop_emission_by_name (editable, "insert-text");
}

static void
curp_activated_cb (VntCurpPage *self)
{
  check_now (self);
  if (vnt_page_get_complete (VNT_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
practice_chosen_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VntCurpPage) self = user_data;
  g_autoptr(VntPracticeEfirma) chosen = NULL;
  g_autoptr(GError) error = NULL;

  chosen = vnt_practice_choose_finish (result, &error);
  vnt_page_end_wait (VNT_PAGE (self));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->practice_cancellable);

  if (chosen == NULL)
    {
      show_message (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->curp_row), chosen->curp);
  check_now (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->curp_row));
}

/* Practice mode: a newcomer has no practice e.firma's CURP at hand. The
 * practice service says whose account is as the procedure needs it (the
 * procedure says which kind it wants); the practice CA makes one when
 * nobody is left. */
static void
practice_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VntCurpPage *self = VNT_CURP_PAGE (widget);
  VntProcedure *procedure = vnt_efirma_step_get_procedure (self->efirma);

  if (self->practice_cancellable != NULL)
    return;
  self->practice_cancellable = g_cancellable_new ();
  vnt_page_begin_wait (VNT_PAGE (self));
  vnt_practice_choose_async (vnt_procedure_get_client (procedure),
                             vnt_tramite_store_get_data_dir (vnt_procedure_get_store (procedure)),
                             self->practice_account, self->practice_cancellable,
                             practice_chosen_cb, g_object_ref (self));
}

static void
account_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntCurpPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  switch (vnt_has_efirma_check_account_finish (VNT_HAS_EFIRMA (object), result, &error))
    {
    case VNT_EFIRMA_OUTCOME_NO_ACCOUNT:
      show_offer (self, VNT_PROCEDURE_OFFER_NO_ACCOUNT,
                  _("There is no Escritorio Virtual account for this CURP. Create it first, with your e.firma."));
      g_task_return_new_error (task, OFFER_ERROR, 0, "no account");
      return;

    case VNT_EFIRMA_OUTCOME_ACCOUNT_EXISTS:
      show_offer (self, VNT_PROCEDURE_OFFER_ACCOUNT_EXISTS,
                  _("This CURP already has an Escritorio Virtual account. If you renewed your e.firma, update the account with it."));
      g_task_return_new_error (task, OFFER_ERROR, 0, "account exists");
      return;

    case VNT_EFIRMA_OUTCOME_ERROR:
      g_task_return_error (task, g_steal_pointer (&error));
      return;

    case VNT_EFIRMA_OUTCOME_GO_ON:
    case VNT_EFIRMA_OUTCOME_NOTHING_TO_DO:
    default:
      break;
    }

  if (!vnt_efirma_step_set_curp (self->efirma, g_task_get_task_data (task), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
vnt_curp_page_apply_async (VntPage             *page,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  VntCurpPage *self = VNT_CURP_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->curp_row));
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, vnt_curp_page_apply_async);

  /* Going back and on with the same CURP keeps the e.firma step as is. */
  if (vnt_procedure_has_reached (vnt_efirma_step_get_procedure (self->efirma), VNT_EFIRMA_STEP_ASK)
      && vnt_efirma_step_get_curp (self->efirma) != NULL)
    {
      g_autofree char *normalized = vnt_id_normalize (text);

      if (g_strcmp0 (normalized, vnt_efirma_step_get_curp (self->efirma)) == 0)
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }

  /* Checked here before asking the service anything. */
  {
    g_autofree char *normalized = vnt_id_normalize (text);

    if (!vnt_curp_validate (normalized, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

    /* Whether the procedure can be done for this CURP is known now: no
     * e.firma is needed to ask. */
    g_task_set_task_data (task, g_strdup (text), g_free);
    vnt_has_efirma_check_account_async (VNT_HAS_EFIRMA (vnt_efirma_step_get_procedure (self->efirma)),
                                        normalized, cancellable, account_checked_cb,
                                        g_steal_pointer (&task));
  }
}

static gboolean
vnt_curp_page_show_error (VntPage      *page,
                          const GError *error)
{
  VntCurpPage *self = VNT_CURP_PAGE (page);

  if (error->domain == OFFER_ERROR)
    return TRUE;
  if (error->domain != VNT_ID_ERROR)
    return FALSE;

  show_message (self, error->message);
  gtk_widget_grab_focus (GTK_WIDGET (self->curp_row));
  return TRUE;
}

static void
vnt_curp_page_shown (VntPage *page)
{
  VntCurpPage *self = VNT_CURP_PAGE (page);
  const char *curp = vnt_efirma_step_get_curp (self->efirma);

  if (vnt_page_parts_prefill (GTK_EDITABLE (self->curp_row), curp))
    check_now (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->curp_row));
}

static void
vnt_curp_page_dispose (GObject *object)
{
  VntCurpPage *self = VNT_CURP_PAGE (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_cancellable_cancel (self->practice_cancellable);
  g_clear_object (&self->practice_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_CURP_PAGE);
  g_clear_object (&self->efirma);

  G_OBJECT_CLASS (vnt_curp_page_parent_class)->dispose (object);
}

static void
vnt_curp_page_class_init (VntCurpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_curp_page_dispose;
  page_class->apply_async = vnt_curp_page_apply_async;
  page_class->show_error = vnt_curp_page_show_error;
  page_class->shown = vnt_curp_page_shown;

  gtk_widget_class_install_action (widget_class, "curp.use-practice", NULL, practice_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-curp-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VntCurpPage, curp_row);
  gtk_widget_class_bind_template_child (widget_class, VntCurpPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, VntCurpPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, VntCurpPage, offer_button);
  gtk_widget_class_bind_template_child (widget_class, VntCurpPage, practice_button);
  gtk_widget_class_bind_template_callback (widget_class, curp_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, curp_activated_cb);
}

static void
vnt_curp_page_init (VntCurpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vnt_page_set_title (VNT_PAGE (self), _("Your CURP"));
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->curp_row)), "insert-text",
                    G_CALLBACK (curp_insert_text_cb), self);
}

VntPage *
vnt_curp_page_new (VntProcedure       *procedure,
                   VntPracticeAccount  practice_account)
{
  VntCurpPage *self;

  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (procedure), NULL);

  self = g_object_new (VNT_TYPE_CURP_PAGE, NULL);
  self->efirma = g_object_ref (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (procedure)));
  self->practice_account = practice_account;
  gtk_widget_set_visible (self->practice_button, vnt_procedure_get_practice (procedure));

  return VNT_PAGE (self);
}

const char *
vnt_curp_page_get_message (VntCurpPage *self)
{
  g_return_val_if_fail (VNT_IS_CURP_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    return NULL;

  return gtk_label_get_text (self->message_label);
}

gboolean
vnt_curp_page_get_pending (VntCurpPage *self)
{
  g_return_val_if_fail (VNT_IS_CURP_PAGE (self), FALSE);

  return self->check_id != 0;
}
