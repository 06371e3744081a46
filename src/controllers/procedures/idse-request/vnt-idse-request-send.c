/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-calendar.h"
#include "core/vnt-date.h"
#include "controllers/vnt-pdf-sheet.h"
#include "vnt-idse-request-controller-private.h"

/* ------------------------------------------------------------------ */
/* Enviar solicitud                                                    */

void
vnt_idse_request_controller_send_async (VntIdseRequestController *self,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  VntIdseRequestControllerPrivate *priv;
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntCertificate *certificate;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *serial_number = NULL;
  const char *curp;
  GTask *operation;
  GError *error = NULL;
  const char *bad_field = NULL;

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));

  priv = PRIV (self);
  operation = vnt_tramite_flow_send_task_new (priv->flow, VNT_TRAMITE_SEND_THEN_TERMS, cancellable, callback,
                                              user_data, vnt_idse_request_controller_send_async);
  if (operation == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, operation, VNT_IDSE_STEP_KEY_SAVED, VNT_IDSE_STEP_KEY_SAVED))
    return;

  /* The contraseña typed again after a resume is checked as the form's. */
  if (!vnt_idse_request_controller_submit_form (self, &bad_field, &error))
    {
      vnt_procedure_task_fail (procedure, operation, error);
      return;
    }
  if (priv->password == NULL)
    {
      vnt_procedure_task_fail (procedure, operation,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED,
                                                    _("Type the IDSE password and its confirmation again: it is never saved.")));
      return;
    }
  if (vnt_efirma_step_require_credential (priv->efirma, operation,
                                          _("Open your e.firma again (its password is never "
                                            "saved), then send the request.")) == NULL)
    return;
  if (vnt_keygen_step_get_key (priv->keygen) == NULL)
    {
      vnt_procedure_task_fail (procedure, operation,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("Open the private key you saved (type its password), then send the request.")));
      return;
    }

  /* Shaped as SAT's requests: the RFC, the CURP, the e-mail. */
  certificate = vnt_efirma_step_get_certificate (priv->efirma);
  curp = vnt_efirma_step_get_curp (priv->efirma);
  serial_number = vnt_certificate_get_persona (certificate) == VNT_PERSONA_MORAL
                  ? g_strconcat (" / ", curp != NULL ? curp : "", NULL)
                  : g_strdup (curp != NULL ? curp : "");
  body = json_object_new ();
  VNT_IDSE_REQUEST_CONTROLLER_GET_CLASS (self)->fill_data (self, body);
  vnt_tramite_flow_send_with_request (priv->flow, operation, priv->keygen, body,
                                      vnt_efirma_step_get_rfc (priv->efirma), serial_number,
                                      vnt_idse_request_controller_get_value (self, "email"));
}

gboolean
vnt_idse_request_controller_send_finish (VntIdseRequestController  *self,
                                         GAsyncResult              *result,
                                         GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The deadline                                                        */

gboolean
vnt_idse_request_controller_get_deadline (VntIdseRequestController *self,
                                          GDate                    *deadline)
{
  const char *text;
  int y, m, d;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), FALSE);
  g_return_val_if_fail (deadline != NULL, FALSE);

  text = vnt_tramite_flow_get_acuse_string (PRIV (self)->flow, "deadline");
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_clear (deadline, 1);
  g_date_set_dmy (deadline, d, m, y);
  return TRUE;
}

char *
vnt_idse_request_controller_format_deadline (VntIdseRequestController *self)
{
  static const char * const weekdays[] = {
    NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
  };
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *date = NULL;
  GDate deadline;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  if (!vnt_idse_request_controller_get_deadline (self, &deadline))
    return NULL;

  /* A day of Mexico's calendar, written as every other date. */
  day = g_date_time_new (vnt_date_get_mexico_zone (), g_date_get_year (&deadline),
                         g_date_get_month (&deadline), g_date_get_day (&deadline), 12, 0, 0);
  date = vnt_date_format_date (day);
  /* TRANSLATORS: %1$s the weekday, %2$s the date of the deadline ("21 de
   * diciembre de 2026") */
  return g_strdup_printf (_("Go to your IMSS office no later than %1$s, %2$s."),
                          _(weekdays[g_date_get_weekday (&deadline)]), date);
}

/* ------------------------------------------------------------------ */
/* The printable request                                               */

static void
pdf_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!vnt_pdf_sheet_write_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
vnt_idse_request_controller_write_request_pdf_async (VntIdseRequestController *self,
                                                     const char               *path,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char    *deadline = NULL;
  const VntIdseField *fields;
  gsize               n_fields;
  /* IMSS green, as its printed forms. */
  VntPdfSheet         sheet = { .colour = { 0.0, 0.33, 0.24 }, .label_width = 70 };

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_idse_request_controller_write_request_pdf_async);

  if (!vnt_procedure_get_done (VNT_PROCEDURE (self)))
    {
      g_task_return_new_error (task, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                               _("The request has no folio yet: sign the letter first."));
      return;
    }

  /* Title and value pairs, as the form had them (never the contraseña). */
  g_ptr_array_add (rows, g_strdup (_("Folio")));
  g_ptr_array_add (rows, g_strdup (vnt_tramite_flow_get_folio (PRIV (self)->flow)));
  fields = vnt_idse_request_controller_get_fields (self, &n_fields);
  for (gsize i = 0; i < n_fields; i++)
    {
      const char *value = vnt_idse_request_controller_get_field (self, fields[i].name);
      const VntIdseChoice *choices = vnt_idse_request_controller_get_choices (self, fields[i].name);

      if (vnt_idse_request_field_is_secret (&fields[i]) || g_str_has_suffix (fields[i].name, "_confirm"))
        continue;
      for (gsize j = 0; choices != NULL && choices[j].code != NULL; j++)
        if (g_strcmp0 (choices[j].code, value) == 0)
          value = _(choices[j].label);
      g_ptr_array_add (rows, g_strdup (_(fields[i].title)));
      g_ptr_array_add (rows, g_strdup (value != NULL ? value : ""));
    }
  g_ptr_array_add (rows, NULL);

  deadline = vnt_idse_request_controller_format_deadline (self);
  sheet.title = _("SOLICITUD DE CERTIFICADO DIGITAL");
  sheet.file_title = _("Digital certificate request");
  sheet.intro = _("Take this request, an official identification and the documents of the "
                  "employer to your IMSS office. There you sign the Carta de Términos y "
                  "Condiciones and receive your NPIE and certificate.");
  sheet.emphasis = deadline;
  sheet.rows = (const char * const *) rows->pdata;
  sheet.practice = vnt_procedure_get_practice (VNT_PROCEDURE (self));
  vnt_pdf_sheet_write_async (&sheet, path, cancellable, pdf_written_cb, g_steal_pointer (&task));
}

gboolean
vnt_idse_request_controller_write_request_pdf_finish (VntIdseRequestController  *self,
                                                      GAsyncResult              *result,
                                                      GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

