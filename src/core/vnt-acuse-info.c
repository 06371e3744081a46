/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VntAcuseInfo: a concluded procedure's acuse, as the store keeps it. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/vnt-tramite-store-private.h"

G_DEFINE_FINAL_TYPE (VntAcuseInfo, vnt_acuse_info, G_TYPE_OBJECT)

static void
vnt_acuse_info_finalize (GObject *object)
{
  VntAcuseInfo *self = VNT_ACUSE_INFO (object);

  g_clear_pointer (&self->acuse, json_object_unref);
  g_clear_pointer (&self->payload, json_object_unref);
  g_clear_pointer (&self->received_at, g_date_time_unref);
  g_clear_pointer (&self->concluded_at, g_date_time_unref);
  g_free (self->signer_sha256);
  g_free (self->json_path);
  g_free (self->pdf_path);

  G_OBJECT_CLASS (vnt_acuse_info_parent_class)->finalize (object);
}

static void
vnt_acuse_info_class_init (VntAcuseInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_acuse_info_finalize;
}

static void
vnt_acuse_info_init (VntAcuseInfo *self)
{
}

gboolean
vnt_acuse_info_folio_is_valid (const char *folio)
{
  gsize len = folio != NULL ? strlen (folio) : 0;

  if (len == 0 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (folio[i]) && !g_ascii_isdigit (folio[i]) && folio[i] != '-')
      return FALSE;

  return TRUE;
}

VntAcuseInfo *
vnt_acuse_info_new_from_acuse (JsonObject  *acuse,
                               GError     **error)
{
  g_autoptr(VntAcuseInfo) self = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree guchar *payload_data = NULL;
  g_autofree guchar *der = NULL;
  JsonObject *signature;
  const char        *payload_b64, *certificate_b64;
  gsize payload_len = 0, der_len = 0;

  g_return_val_if_fail (acuse != NULL, NULL);

  payload_b64 = vnt_json_get_string (acuse, "payload");
  signature = vnt_json_get_object (acuse, "signature");
  certificate_b64 = vnt_json_get_string (signature, "certificate");
  if (payload_b64 == NULL || vnt_json_get_string (signature, "value") == NULL || certificate_b64 == NULL)
    goto invalid;

  payload_data = g_base64_decode (payload_b64, &payload_len);
  if (payload_len == 0 || !g_utf8_validate ((const char *) payload_data, payload_len, NULL))
    goto invalid;
  payload = vnt_tramite_json_parse_object ((const char *) payload_data, payload_len, NULL);
  if (payload == NULL || !vnt_acuse_info_folio_is_valid (vnt_json_get_string (payload, "folio")) ||
      vnt_json_get_string (payload, "procedure") == NULL)
    goto invalid;

  der = g_base64_decode (certificate_b64, &der_len);

  self = g_object_new (VNT_TYPE_ACUSE_INFO, NULL);
  self->acuse = json_object_ref (acuse);
  self->payload = g_steal_pointer (&payload);
  self->received_at = vnt_json_get_date (self->payload, "received_at");
  self->concluded_at = vnt_json_get_date (self->payload, "concluded_at");
  self->signer_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der, der_len);

  return g_steal_pointer (&self);

invalid:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The receipt is damaged and cannot be read."));
  return NULL;
}

const char *
vnt_acuse_info_get_folio (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (self->payload, "folio");
}

const char *
vnt_acuse_info_get_procedure (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (self->payload, "procedure");
}

const char *
vnt_acuse_info_get_procedure_name (VntAcuseInfo *self)
{
  const char *name;

  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);

  name = vnt_json_get_string (self->payload, "procedure_name");
  return name != NULL ? name : vnt_json_get_string (self->payload, "procedure");
}

GDateTime *
vnt_acuse_info_get_received_at (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return self->received_at;
}

GDateTime *
vnt_acuse_info_get_concluded_at (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return self->concluded_at;
}

const char *
vnt_acuse_info_get_name (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (vnt_json_get_object (self->payload, "applicant"), "name");
}

const char *
vnt_acuse_info_get_curp (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (vnt_json_get_object (self->payload, "applicant"), "curp");
}

const char *
vnt_acuse_info_get_rfc (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (vnt_json_get_object (self->payload, "applicant"), "rfc");
}

const char *
vnt_acuse_info_get_certificate_number (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (vnt_json_get_object (self->payload, "applicant"), "certificate_number");
}

const char *
vnt_acuse_info_get_message (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (self->payload, "message");
}

gboolean
vnt_acuse_info_get_practice (VntAcuseInfo *self)
{
  JsonNode *node;

  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), FALSE);

  node = vnt_json_get_value (self->payload, "practice", G_TYPE_BOOLEAN);
  return node != NULL && json_node_get_boolean (node);
}

JsonObject *
vnt_acuse_info_get_payload (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return self->payload;
}

const char *
vnt_acuse_info_get_signature (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return vnt_json_get_string (vnt_json_get_object (self->acuse, "signature"), "value");
}

const char *
vnt_acuse_info_get_signer_sha256 (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return self->signer_sha256;
}

const char *
vnt_acuse_info_get_json_path (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return self->json_path;
}

const char *
vnt_acuse_info_get_pdf_path (VntAcuseInfo *self)
{
  g_return_val_if_fail (VNT_IS_ACUSE_INFO (self), NULL);
  return self->pdf_path;
}
