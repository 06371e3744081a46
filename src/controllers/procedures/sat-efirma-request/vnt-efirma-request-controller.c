/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-rfc.h"
#include "controllers/vnt-pdf-sheet.h"
#include "controllers/vnt-procedure-private.h"
#include "core/vnt-safe-file.h"
#include "crypto/vnt-request-writer.h"
#include "vnt-efirma-request-controller.h"

/* The record's fields of what was written (in memory only: the class is
 * local_only), beside the form's (VNT_EFIRMA_REQUEST_RFC…). */
#define FIELD_KEY     "key_path"
#define FIELD_REQUEST "request_path"
#define FIELD_PDF     "pdf_path"
#define FIELD_DIGEST  "digest"

struct _VntEfirmaRequestController
{
  VntProcedure  parent_instance;

  gboolean      moral;
};

/* clang-format off */
static void sat_local_iface_init (VntSatLocalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VntEfirmaRequestController, vnt_efirma_request_controller,
                               VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_SAT_LOCAL, sat_local_iface_init))
/* clang-format on */

static const char * const steps[] = {
  VNT_EFIRMA_REQUEST_STEP_FORM, VNT_EFIRMA_REQUEST_STEP_WRITTEN, NULL,
};

static const char * const fisica_fields[] = {
  VNT_EFIRMA_REQUEST_RFC, VNT_EFIRMA_REQUEST_CURP, VNT_EFIRMA_REQUEST_EMAIL, NULL,
};

static const char * const moral_fields[] = {
  VNT_EFIRMA_REQUEST_RFC, VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC, VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP,
  VNT_EFIRMA_REQUEST_EMAIL, NULL,
};

static const char * const *
asked_fields (VntEfirmaRequestController *self)
{
  return self->moral ? moral_fields : fisica_fields;
}

static void
vnt_efirma_request_controller_class_init (VntEfirmaRequestControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  procedure_class->procedure_id = "sat.efirma.request";
  procedure_class->steps = steps;
  procedure_class->local_only = TRUE;
}

static void
vnt_efirma_request_controller_init (VntEfirmaRequestController *self)
{
}

VntEfirmaRequestController *
vnt_efirma_request_controller_new (void)
{
  return g_object_new (VNT_TYPE_EFIRMA_REQUEST_CONTROLLER, NULL);
}

void
vnt_efirma_request_controller_set_persona_moral (VntEfirmaRequestController *self,
                                                 gboolean                    moral)
{
  g_return_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self));
  self->moral = !!moral;
}

gboolean
vnt_efirma_request_controller_get_persona_moral (VntEfirmaRequestController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), FALSE);
  return self->moral;
}

gboolean
vnt_efirma_request_controller_asks_field (VntEfirmaRequestController *self,
                                          const char                 *name)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), FALSE);
  return name != NULL && g_strv_contains (asked_fields (self), name);
}

/* What was typed, as typed, and what was written: in the record. */
static const char *
field (VntEfirmaRequestController *self,
       const char                 *name)
{
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), name);
}

static char *
normalized (VntEfirmaRequestController *self,
            const char                 *name)
{
  const char *value = field (self, name);

  return vnt_id_normalize (value != NULL ? value : "");
}

static gboolean
check_rfc (const char  *text,
           gboolean     moral,
           GError     **error)
{
  g_autoptr(VntRfc) rfc = vnt_rfc_parse (text, error);

  if (rfc == NULL)
    return FALSE;
  if (vnt_rfc_is_generic (rfc->normalized))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED,
                           _("A generic RFC cannot have an e.firma. Type the holder’s own RFC, as in the Constancia de Situación Fiscal."));
      return FALSE;
    }
  if (moral && rfc->type != VNT_RFC_TYPE_PERSONA_MORAL)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_FISICA,
                           _("This is a person’s RFC (13 characters). For a persona moral type the company’s RFC, of 12 characters."));
      return FALSE;
    }
  if (!moral && rfc->type != VNT_RFC_TYPE_PERSONA_FISICA)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_MORAL,
                           _("This is a company’s RFC (12 characters). Type a person’s RFC of 13 characters, or choose “Persona moral”."));
      return FALSE;
    }

  return TRUE;
}

gboolean
vnt_efirma_request_controller_check_field (VntEfirmaRequestController  *self,
                                           const char                  *name,
                                           GError                     **error)
{
  const char *value;
  g_autofree char *curp = NULL;
  g_autofree char *rfc = NULL;

  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  value = field (self, name);
  if (value == NULL)
    value = "";

  if (g_str_equal (name, VNT_EFIRMA_REQUEST_RFC))
    return check_rfc (value, self->moral, error);

  if (g_str_equal (name, VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC))
    return check_rfc (value, FALSE, error);

  if (g_str_equal (name, VNT_EFIRMA_REQUEST_CURP) || g_str_equal (name, VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP))
    {
      const char *rfc_name = g_str_equal (name, VNT_EFIRMA_REQUEST_CURP) ? VNT_EFIRMA_REQUEST_RFC
                                                                         : VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC;
      g_autoptr(GError) rfc_error = NULL;

      if (!vnt_curp_validate (value, error))
        return FALSE;

      /* The same person: birth date and letters agree (once the RFC is
       * itself right; its own field says what is wrong with it). */
      curp = vnt_id_normalize (value);
      rfc = normalized (self, rfc_name);
      if (check_rfc (rfc, FALSE, &rfc_error) && !vnt_id_check_curp_rfc (curp, rfc, NULL))
        {
          g_set_error (error, VNT_ID_ERROR, VNT_ID_ERROR_MISMATCH,
                       _("The CURP %s and the RFC %s cannot be the same person’s (their birth dates or initials differ). Check both against your documents."),
                       curp, rfc);
          return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (name, VNT_EFIRMA_REQUEST_EMAIL))
    return vnt_sat_local_check_email (value, error);

  g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED, "Unknown field “%s”", name);
  return FALSE;
}

gboolean
vnt_efirma_request_controller_set_field (VntEfirmaRequestController  *self,
                                         const char                  *name,
                                         const char                  *value,
                                         GError                     **error)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);

  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (vnt_procedure_get_done (procedure))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("The request is already written. Start a new one to change its data."));
      return FALSE;
    }

  vnt_tramite_set_string (vnt_procedure_get_record (procedure), name, value != NULL ? value : "");
  return vnt_efirma_request_controller_check_field (self, name, error);
}

const char *
vnt_efirma_request_controller_get_field (VntEfirmaRequestController *self,
                                         const char                 *name)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), NULL);
  return field (self, name);
}

gboolean
vnt_efirma_request_controller_check_form (VntEfirmaRequestController  *self,
                                          const char                 **bad_field,
                                          GError                     **error)
{
  const char * const *names;

  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), FALSE);

  names = asked_fields (self);
  for (guint i = 0; names[i] != NULL; i++)
    if (!vnt_efirma_request_controller_check_field (self, names[i], error))
      {
        if (bad_field != NULL)
          *bad_field = names[i];
        return FALSE;
      }

  return TRUE;
}

/* The fields typed (the RFCs, the CURP, the correo). */
static GStrv
get_personal_words (VntSatLocal *local)
{
  VntEfirmaRequestController *self = VNT_EFIRMA_REQUEST_CONTROLLER (local);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char * const *names = asked_fields (self);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = field (self, names[i]);

      if (value != NULL && *value != '\0')
        g_strv_builder_add (builder, value);
    }

  return g_strv_builder_end (builder);
}

const char * const *
vnt_efirma_request_what_to_bring (void)
{
  static const char *items[5];

  if (items[0] == NULL)
    {
      items[1] = _("Your CURP (a printed copy).");
      items[2] = _("A comprobante de domicilio, original, no older than three months.");
      items[3] = _("The USB drive with the request (.req), and this sheet. The private key (.key) and its password stay with you: SAT never asks for them.");
      items[0] = _("Your identificación oficial, original and valid (INE, passport, cédula profesional).");
    }

  return items;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

typedef struct
{
  char     *rfc;
  char     *curp;
  char     *email;
  char     *rep_rfc;
  char     *rep_curp;
  gboolean  practice;
  /* Results. */
  char     *key_path;
  char     *request_path;
  char     *pdf_path;
  char     *digest;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->rfc);
  g_free (data->curp);
  g_free (data->email);
  g_free (data->rep_rfc);
  g_free (data->rep_curp);
  g_free (data->key_path);
  g_free (data->request_path);
  g_free (data->pdf_path);
  g_free (data->digest);
  g_free (data);
}

static void
add_row (GPtrArray  *rows,
         const char *title,
         const char *value)
{
  g_ptr_array_add (rows, (char *) title);
  g_ptr_array_add (rows, (char *) value);
}

static GBytes *
render_pdf (WriteData  *data,
            GDateTime  *now,
            GError    **error)
{
  g_autofree char *req_name = g_path_get_basename (data->request_path);
  g_autofree char *key_name = g_path_get_basename (data->key_path);
  g_autofree char *date = g_date_time_format (now, "%d/%m/%Y %H:%M");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  /* SAT's wine red, as its printed forms. */
  VntPdfSheet pdf = { .colour = { 0.41, 0.11, 0.20 }, .label_width = 62 };

  add_row (rows, _("Tipo de persona"), data->rep_rfc != NULL ? _("Persona moral")
                                                              : _("Persona física"));
  add_row (rows, _("RFC"), data->rfc);
  if (data->rep_rfc != NULL)
    {
      add_row (rows, _("RFC del representante legal"), data->rep_rfc);
      add_row (rows, _("CURP del representante legal"), data->rep_curp);
    }
  else
    add_row (rows, _("CURP"), data->curp);
  add_row (rows, _("Correo electrónico"), data->email);
  add_row (rows, _("Requerimiento"), req_name);
  add_row (rows, _("Digest (SHA-256)"), data->digest);
  add_row (rows, _("Private key"), key_name);
  add_row (rows, _("Made on"), date);
  g_ptr_array_add (rows, NULL);

  pdf.title = _("Solicitud de Certificado de Firma Electrónica Avanzada");
  pdf.intro = _("Take this sheet to your appointment at a SAT office with the request file. The digest identifies the request: SAT’s staff can compare it with the file they receive.");
  pdf.rows = (const char * const *) rows->pdata;
  pdf.list_heading = _("What to bring to the SAT office");
  pdf.list = vnt_efirma_request_what_to_bring ();
  pdf.signature = data->rep_rfc != NULL ? _("Firma del representante legal") : _("Firma del solicitante");
  pdf.practice = data->practice;

  return vnt_pdf_sheet_render (&pdf, error);
}

static gboolean
write_files (gpointer         user_data,
             VntEfirmaParams *params,
             GCancellable    *cancellable,
             GError         **error)
{
  WriteData *data = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *pdf_name = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError          *pdf_error = NULL;

  /* The sheet's name matches the pair's; refuse before making anything. */
  pdf_name = vnt_request_writer_file_name ("Solicitud_FIEL", data->rfc, now, "pdf");
  data->pdf_path = g_build_filename (params->folder, pdf_name, NULL);
  if (g_file_test (data->pdf_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists. Choose another folder, or wait a second and try again."),
                      pdf_name);
      return FALSE;
    }

  params->rfc = data->rfc;
  params->curp = data->curp;
  params->representative_rfc = data->rep_rfc;
  params->representative_curp = data->rep_curp;
  params->email = data->email;
  paths = vnt_request_writer_create_efirma (params, now, cancellable, error);
  if (paths == NULL)
    return FALSE;
  data->key_path = g_strdup (paths[0]);
  data->request_path = g_strdup (paths[1]);

  if (!g_file_get_contents (data->request_path, &contents, &length, error))
    return FALSE;
  request = g_bytes_new_take (g_steal_pointer (&contents), length);
  data->digest = vnt_sat_local_format_digest (request);

  /* The key and its request are what count; a sheet that could not be
   * written is said, and can be printed from the files later. */
  pdf = render_pdf (data, now, &pdf_error);
  if (pdf == NULL || !vnt_safe_file_write_bytes (data->pdf_path, pdf, NULL, &pdf_error))
    {
      g_warning ("The request's PDF was not written: %s", pdf_error->message);
      g_clear_error (&pdf_error);
      g_clear_pointer (&data->pdf_path, g_free);
    }

  return TRUE;
}

static void
keep_written (VntSatLocal *local,
              gpointer     user_data)
{
  VntTramite *record = vnt_procedure_get_record (VNT_PROCEDURE (local));
  WriteData  *data = user_data;

  vnt_tramite_set_string (record, FIELD_KEY, data->key_path);
  vnt_tramite_set_string (record, FIELD_REQUEST, data->request_path);
  vnt_tramite_set_string (record, FIELD_PDF, data->pdf_path);
  vnt_tramite_set_string (record, FIELD_DIGEST, data->digest);
}

static gpointer
prepare_write (VntSatLocal *local,
               GTask       *task)
{
  VntEfirmaRequestController *self = VNT_EFIRMA_REQUEST_CONTROLLER (local);
  GError                     *error = NULL;
  WriteData                  *data;

  if (!vnt_efirma_request_controller_check_form (self, NULL, &error))
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, error);
      return NULL;
    }

  data = g_new0 (WriteData, 1);
  data->rfc = normalized (self, VNT_EFIRMA_REQUEST_RFC);
  data->email = g_strdup (field (self, VNT_EFIRMA_REQUEST_EMAIL));
  if (self->moral)
    {
      data->rep_rfc = normalized (self, VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC);
      data->rep_curp = normalized (self, VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP);
    }
  else
    data->curp = normalized (self, VNT_EFIRMA_REQUEST_CURP);
  data->practice = vnt_procedure_get_practice (VNT_PROCEDURE (self));
  return data;
}

static const VntSatLocalWriter writer = {
  VNT_EFIRMA_REQUEST_STEP_FORM,
  VNT_EFIRMA_REQUEST_STEP_WRITTEN,
  get_personal_words,
  prepare_write,
  write_files,
  keep_written,
  (GDestroyNotify) write_data_free,
};

static void
sat_local_iface_init (VntSatLocalInterface *iface)
{
  iface->writer = &writer;
}

const char *
vnt_efirma_request_controller_get_key_path (VntEfirmaRequestController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), NULL);
  return field (self, FIELD_KEY);
}

const char *
vnt_efirma_request_controller_get_request_path (VntEfirmaRequestController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), NULL);
  return field (self, FIELD_REQUEST);
}

const char *
vnt_efirma_request_controller_get_pdf_path (VntEfirmaRequestController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), NULL);
  return field (self, FIELD_PDF);
}

const char *
vnt_efirma_request_controller_get_digest (VntEfirmaRequestController *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_REQUEST_CONTROLLER (self), NULL);
  return field (self, FIELD_DIGEST);
}
