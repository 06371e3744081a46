/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VntTramite: one procedure in progress, as the store keeps it. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-tramite-store-private.h"

#define FORMAT_VERSION 1

G_DEFINE_FINAL_TYPE (VntTramite, vnt_tramite, G_TYPE_OBJECT)

enum {
  TRAMITE_PROP_0,
  TRAMITE_PROP_ID,
  TRAMITE_PROP_PROCEDURE,
  TRAMITE_PROP_STEP,
  TRAMITE_PROP_FOLIO,
  TRAMITE_PROP_FINALIZED,
  TRAMITE_PROP_UPDATED_AT,
  N_TRAMITE_PROPS
};

static GParamSpec *tramite_props[N_TRAMITE_PROPS];

/* The string properties, in the order of the enum. */
static const char * const string_prop_names[] = { "id", "procedure", "step", "folio" };
G_STATIC_ASSERT (G_N_ELEMENTS (string_prop_names) == TRAMITE_PROP_FOLIO - TRAMITE_PROP_ID + 1);

static void
vnt_tramite_finalize (GObject *object)
{
  VntTramite *self = VNT_TRAMITE (object);

  g_free (self->id);
  g_free (self->procedure);
  g_free (self->step);
  g_free (self->folio);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->values, json_object_unref);
  g_clear_pointer (&self->bytes, json_object_unref);
  g_clear_pointer (&self->objects, json_object_unref);
  g_clear_pointer (&self->keys, json_object_unref);

  G_OBJECT_CLASS (vnt_tramite_parent_class)->finalize (object);
}

static void
vnt_tramite_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VntTramite *self = VNT_TRAMITE (object);

  switch (prop_id)
    {
    case TRAMITE_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case TRAMITE_PROP_PROCEDURE:
      g_value_set_string (value, self->procedure);
      break;
    case TRAMITE_PROP_STEP:
      g_value_set_string (value, self->step);
      break;
    case TRAMITE_PROP_FOLIO:
      g_value_set_string (value, self->folio);
      break;
    case TRAMITE_PROP_FINALIZED:
      g_value_set_boolean (value, self->finalized);
      break;
    case TRAMITE_PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_tramite_class_init (VntTramiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vnt_tramite_finalize;
  object_class->get_property = vnt_tramite_get_property;

  for (guint i = 0; i < G_N_ELEMENTS (string_prop_names); i++)
    tramite_props[TRAMITE_PROP_ID + i] =
        g_param_spec_string (string_prop_names[i], NULL, NULL, NULL, flags);
  tramite_props[TRAMITE_PROP_FINALIZED] =
      g_param_spec_boolean ("finalized", NULL, NULL, FALSE, flags);
  tramite_props[TRAMITE_PROP_UPDATED_AT] =
      g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_TRAMITE_PROPS, tramite_props);
}

static void
vnt_tramite_init (VntTramite *self)
{
  self->values = json_object_new ();
  self->bytes = json_object_new ();
  self->objects = json_object_new ();
  self->keys = json_object_new ();
}

const char *
vnt_tramite_get_id (VntTramite *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  return self->id;
}

const char *
vnt_tramite_get_procedure (VntTramite *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  return self->procedure;
}

const char *
vnt_tramite_get_step (VntTramite *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  return self->step;
}

void
vnt_tramite_set_step (VntTramite *self,
                      const char *step)
{
  g_return_if_fail (VNT_IS_TRAMITE (self));

  if (g_strcmp0 (self->step, step) == 0)
    return;

  g_free (self->step);
  self->step = g_strdup (step);
  g_object_notify_by_pspec (G_OBJECT (self), tramite_props[TRAMITE_PROP_STEP]);
}

GDateTime *
vnt_tramite_get_created_at (VntTramite *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  return self->created_at;
}

GDateTime *
vnt_tramite_get_updated_at (VntTramite *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  return self->updated_at;
}

const char *
vnt_tramite_get_folio (VntTramite *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  return self->folio;
}

void
vnt_tramite_set_folio (VntTramite *self,
                       const char *folio)
{
  g_return_if_fail (VNT_IS_TRAMITE (self));

  if (g_strcmp0 (self->folio, folio) == 0)
    return;

  g_free (self->folio);
  self->folio = g_strdup (folio);
  g_object_notify_by_pspec (G_OBJECT (self), tramite_props[TRAMITE_PROP_FOLIO]);
}

void
vnt_tramite_touch (VntTramite *self)
{
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), tramite_props[TRAMITE_PROP_UPDATED_AT]);
}

gboolean
vnt_tramite_get_finalized (VntTramite *self)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), FALSE);
  return self->finalized;
}

void
vnt_tramite_mark_finalized (VntTramite *self)
{
  g_return_if_fail (VNT_IS_TRAMITE (self));

  if (self->finalized)
    return;

  self->finalized = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), tramite_props[TRAMITE_PROP_FINALIZED]);
}

/* Names under which a careless caller might try to keep a secret. */
static gboolean
name_is_secret (const char *name)
{
  static const char * const words[] = {
    "password", "passwd", "passphrase", "contrasena", "contraseña", "secret", "private_key",
    "privatekey", "private-key",
  };
  g_autofree char *lower = g_utf8_strdown (name, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;

  return g_str_equal (lower, "pin") || g_str_equal (lower, "key");
}

const char *
vnt_tramite_get_string (VntTramite *self,
                        const char *name)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return vnt_json_get_string (self->values, name);
}

void
vnt_tramite_set_string (VntTramite *self,
                        const char *name,
                        const char *value)
{
  g_return_if_fail (VNT_IS_TRAMITE (self));
  g_return_if_fail (name != NULL);

  if (name_is_secret (name))
    {
      g_critical ("vnt_tramite_set_string: “%s” looks like a secret; trámite records never keep one", name);
      return;
    }

  if (value == NULL)
    json_object_remove_member (self->values, name);
  else
    json_object_set_string_member (self->values, name, value);
}

GBytes *
vnt_tramite_get_bytes (VntTramite *self,
                       const char *name)
{
  const char *text;

  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  text = vnt_json_get_string (self->bytes, name);

  return text != NULL ? vnt_base64_decode_bytes (text) : NULL;
}

void
vnt_tramite_set_bytes (VntTramite *self,
                       const char *name,
                       GBytes     *value)
{
  g_return_if_fail (VNT_IS_TRAMITE (self));
  g_return_if_fail (name != NULL);

  if (name_is_secret (name))
    {
      g_critical ("vnt_tramite_set_bytes: “%s” looks like a secret; trámite records never keep one", name);
      return;
    }

  if (value == NULL)
    json_object_remove_member (self->bytes, name);
  else
    {
      g_autofree char *text = g_base64_encode (g_bytes_get_data (value, NULL), g_bytes_get_size (value));

      json_object_set_string_member (self->bytes, name, text);
    }
}

JsonObject *
vnt_tramite_get_object (VntTramite *self,
                        const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  node = json_object_get_member (self->objects, name);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

void
vnt_tramite_set_object (VntTramite *self,
                        const char *name,
                        JsonObject *value)
{
  g_return_if_fail (VNT_IS_TRAMITE (self));
  g_return_if_fail (name != NULL);

  if (name_is_secret (name))
    {
      g_critical ("vnt_tramite_set_object: “%s” looks like a secret; trámite records never keep one", name);
      return;
    }

  if (value == NULL)
    json_object_remove_member (self->objects, name);
  else
    json_object_set_object_member (self->objects, name, json_object_ref (value));
}

const char *
vnt_tramite_ensure_idempotency_key (VntTramite *self,
                                    const char *action)
{
  const char *key;

  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  key = vnt_tramite_get_idempotency_key (self, action);
  if (key == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      json_object_set_string_member (self->keys, action, uuid);
      key = json_object_get_string_member (self->keys, action);
    }

  return key;
}

const char *
vnt_tramite_get_idempotency_key (VntTramite *self,
                                 const char *action)
{
  g_return_val_if_fail (VNT_IS_TRAMITE (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  return vnt_json_get_string (self->keys, action);
}

void
vnt_tramite_clear_idempotency_key (VntTramite *self,
                                   const char *action)
{
  g_return_if_fail (VNT_IS_TRAMITE (self));
  g_return_if_fail (action != NULL);

  json_object_remove_member (self->keys, action);
}

/* ---- (de)serialisation ---- */

/* Microseconds: "most recently updated first" must hold within a second. */
static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
vnt_tramite_to_json (VntTramite *self)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autofree char *created = format_time (self->created_at);
  g_autofree char *updated = format_time (self->updated_at);

  json_object_set_int_member (root, "format", FORMAT_VERSION);
  json_object_set_string_member (root, "id", self->id);
  json_object_set_string_member (root, "procedure", self->procedure);
  json_object_set_string_member (root, "step", self->step);
  if (self->folio != NULL)
    json_object_set_string_member (root, "folio", self->folio);
  else
    json_object_set_null_member (root, "folio");
  json_object_set_boolean_member (root, "finalized", self->finalized);
  json_object_set_string_member (root, "created_at", created);
  json_object_set_string_member (root, "updated_at", updated);
  json_object_set_object_member (root, "values", json_object_ref (self->values));
  json_object_set_object_member (root, "bytes", json_object_ref (self->bytes));
  json_object_set_object_member (root, "objects", json_object_ref (self->objects));
  json_object_set_object_member (root, "idempotency_keys", json_object_ref (self->keys));

  json_node_init_object (node, root);
  return json_to_string (node, TRUE);
}

gboolean
vnt_tramite_id_is_valid (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-')
      return FALSE;

  return TRUE;
}

JsonObject *
vnt_tramite_json_parse_object (const char  *text,
                               gsize        len,
                               GError     **error)
{
  JsonObject *object = vnt_json_parse_object (text, len);

  if (object == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The saved file is damaged and cannot be read."));

  return object;
}

VntTramite *
vnt_tramite_new_from_json (const char  *text,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(JsonObject) root = vnt_tramite_json_parse_object (text, len, error);
  g_autoptr(VntTramite) self = NULL;
  const char *id, *procedure, *step;
  JsonNode *finalized;

  if (root == NULL)
    return NULL;

  id = vnt_json_get_string (root, "id");
  procedure = vnt_json_get_string (root, "procedure");
  step = vnt_json_get_string (root, "step");
  finalized = vnt_json_get_value (root, "finalized", G_TYPE_BOOLEAN);

  if (!vnt_tramite_id_is_valid (id) || procedure == NULL || step == NULL ||
      finalized == NULL ||
      !json_object_has_member (root, "format") ||
      json_object_get_int_member (root, "format") != FORMAT_VERSION)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved file is damaged and cannot be read."));
      return NULL;
    }

  self = g_object_new (VNT_TYPE_TRAMITE, NULL);
  self->id = g_strdup (id);
  self->procedure = g_strdup (procedure);
  self->step = g_strdup (step);
  self->folio = g_strdup (vnt_json_get_string (root, "folio"));
  self->finalized = json_node_get_boolean (finalized);
  self->created_at = vnt_json_get_date (root, "created_at");
  self->updated_at = vnt_json_get_date (root, "updated_at");
  if (self->created_at == NULL || self->updated_at == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved file is damaged and cannot be read."));
      return NULL;
    }

#define TAKE(field, member)                                               \
  if (vnt_json_get_object (root, member) != NULL)                         \
    {                                                                     \
      json_object_unref (self->field);                                    \
      self->field = json_object_ref (vnt_json_get_object (root, member)); \
    }
  TAKE (values, "values");
  TAKE (bytes, "bytes");
  TAKE (objects, "objects");
  TAKE (keys, "idempotency_keys");
#undef TAKE

  return g_steal_pointer (&self);
}
