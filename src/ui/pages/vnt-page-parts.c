/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-date.h"
#include "ui/vnt-ui.h"
#include "vnt-page-parts.h"

GtkWidget *
vnt_page_parts_column (VntPage *page)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  g_return_val_if_fail (VNT_IS_PAGE (page), NULL);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 480);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (page), scrolled);
  return box;
}

GtkWidget *
vnt_page_parts_group (GtkWidget  *box,
                      const char *title,
                      const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (box), group);
  return group;
}

AdwActionRow *
vnt_page_parts_fact_row (GtkWidget  *group,
                         const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ACTION_ROW (row);
}

void
vnt_page_parts_set_fact (AdwActionRow *row,
                         const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "—");
}

void
vnt_page_parts_set_validity (AdwActionRow   *row,
                             VntCertificate *certificate)
{
  g_autofree char *validity = NULL;

  g_return_if_fail (VNT_IS_CERTIFICATE (certificate));

  validity = vnt_date_format_period (vnt_certificate_get_not_before (certificate),
                                     vnt_certificate_get_not_after (certificate));
  vnt_page_parts_set_fact (row, validity);
}

GtkLabel *
vnt_page_parts_value_row (GtkListBox *list,
                          const char *title,
                          const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
  gtk_list_box_append (list, row);
  return GTK_LABEL (label);
}

GtkLabel *
vnt_page_parts_kept_value_row (GtkListBox *list,
                               GHashTable *values,
                               const char *name,
                               const char *title,
                               const char *value)
{
  if (value == NULL || *value == '\0')
    return NULL;

  g_hash_table_insert (values, g_strdup (name), g_strdup (value));
  return vnt_page_parts_value_row (list, title, value);
}

void
vnt_page_parts_clear_values (GtkListBox *list,
                             GHashTable *values)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  g_hash_table_remove_all (values);
}

GtkWidget *
vnt_page_parts_wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

GtkLabel *
vnt_page_parts_paragraph (GtkWidget  *box,
                          const char *text)
{
  GtkWidget *label = vnt_page_parts_wrapped_label (text);

  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

GtkLabel *
vnt_page_parts_heading (GtkWidget *box)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "wrap", TRUE, "xalign", 0.0f,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);

  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

GtkLabel *
vnt_page_parts_status (GtkWidget *box)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "wrap", TRUE, "xalign", 0.0f,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, "visible", FALSE, NULL);

  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

void
vnt_page_parts_set_status (GtkLabel   *label,
                           const char *text,
                           gboolean    error)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (text != NULL)
    vnt_ui_scroll_into_view (GTK_WIDGET (label));
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

gboolean
vnt_page_parts_prefill (GtkEditable *editable,
                        const char  *value)
{
  if (value == NULL || *gtk_editable_get_text (editable) != '\0')
    return FALSE;

  gtk_editable_set_text (editable, value);
  return TRUE;
}

typedef struct
{
  VntPagePartsFinish       finish;
  VntPagePartsFinishObject finish_object;
} Step;

static void
set_step (GTask                    *task,
          VntPagePartsFinish        finish,
          VntPagePartsFinishObject  finish_object)
{
  Step *step = g_new0 (Step, 1);

  step->finish = finish;
  step->finish_object = finish_object;
  g_task_set_task_data (task, step, g_free);
}

void
vnt_page_parts_step (GTask              *task,
                     VntPagePartsFinish  finish)
{
  set_step (task, finish, NULL);
}

void
vnt_page_parts_object_step (GTask                    *task,
                            VntPagePartsFinishObject  finish)
{
  set_step (task, NULL, finish);
}

void
vnt_page_parts_step_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Step *step = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean done;

  if (step->finish != NULL)
    {
      done = step->finish (source, result, &error);
    }
  else
    {
      g_autoptr(GObject) object = step->finish_object (source, result, &error);

      done = object != NULL;
    }

  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vnt_page_parts_finalize (VntTramiteFlow *flow,
                         GTask          *task)
{
  vnt_page_parts_object_step (task, (VntPagePartsFinishObject) vnt_tramite_flow_finalize_finish);
  vnt_tramite_flow_finalize_async (flow, g_task_get_cancellable (task),
                                   vnt_page_parts_step_done, task);
}

typedef struct
{
  GTask                     *task;
  AdwMessageDialog          *asked;
  AdwMessageDialog         **dialog;
  const VntPagePartsAnswers *answers;
  VntPagePartsAccepted       accepted;
} Question;

static void
question_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  Question            *question = user_data;
  GTask               *task = g_steal_pointer (&question->task);
  VntPagePartsAccepted accepted = question->accepted;

  if (*question->dialog == dialog)
    *question->dialog = NULL;

  if (g_strcmp0 (response, question->answers->yes) == 0)
    accepted (task);
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The question was declined");
      g_object_unref (task);
    }

  /* Answered once; closing the dialog afterwards must not answer again. */
  g_signal_handlers_disconnect_by_func (dialog, question_response_cb, user_data);
}

static void
question_free (gpointer  data,
               GClosure *closure)
{
  Question *question = data;

  /* Gone without an answer: its step never goes on, and the page (alive
   * while the task holds it) must not close it again. */
  if (question->task != NULL && *question->dialog == question->asked)
    *question->dialog = NULL;
  g_clear_object (&question->task);
  g_free (question);
}

void
vnt_page_parts_ask (GTask                     *task,
                    AdwMessageDialog         **dialog,
                    const VntPagePartsAnswers *answers,
                    VntPagePartsAccepted       accepted,
                    const char                *heading,
                    const char                *body)
{
  GtkWindow        *window = vnt_ui_get_window (GTK_WIDGET (g_task_get_source_object (task)));
  Question         *question = g_new0 (Question, 1);
  AdwMessageDialog *asked;
  gboolean          destroys = answers->yes_appearance == ADW_RESPONSE_DESTRUCTIVE;

  asked = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading, body));
  adw_message_dialog_add_response (asked, answers->no, _(answers->no_label));
  adw_message_dialog_add_response (asked, answers->yes, _(answers->yes_label));
  adw_message_dialog_set_response_appearance (asked, answers->yes, answers->yes_appearance);
  /* Enter never destroys anything. */
  adw_message_dialog_set_default_response (asked, destroys ? answers->no : answers->yes);
  adw_message_dialog_set_close_response (asked, answers->no);
  question->task = task;
  question->asked = asked;
  question->dialog = dialog;
  question->answers = answers;
  question->accepted = accepted;
  g_signal_connect_data (asked, "response", G_CALLBACK (question_response_cb), question,
                         question_free, 0);
  *dialog = asked;
  gtk_window_present (GTK_WINDOW (asked));
}
