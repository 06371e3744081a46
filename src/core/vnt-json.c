/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-json.h"

/* @member of @object, or NULL; @object may be NULL. */
static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  g_return_val_if_fail (member != NULL, NULL);

  return object != NULL ? json_object_get_member (object, member) : NULL;
}

JsonObject *
vnt_json_parse_object (const char *text,
                       gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  /* An empty text may have no data pointer, which the parser refuses loudly. */
  if (text == NULL || len == 0 || !json_parser_load_from_data (parser, text, len, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

JsonNode *
vnt_json_get_value (JsonObject *object,
                    const char *member,
                    GType       type)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;

  return node;
}

const char *
vnt_json_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node = vnt_json_get_value (object, member, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : NULL;
}

JsonObject *
vnt_json_get_object (JsonObject *object,
                     const char *member)
{
  JsonNode *node = get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
vnt_json_get_array (JsonObject *object,
                    const char *member)
{
  JsonNode *node = get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

GDateTime *
vnt_json_get_date (JsonObject *object,
                   const char *member)
{
  const char *text = vnt_json_get_string (object, member);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

void
vnt_json_add_value (JsonBuilder *builder,
                    const char  *member,
                    JsonNode    *node)
{
  json_builder_set_member_name (builder, member);
  if (node != NULL)
    json_builder_add_value (builder, node);
  else
    json_builder_add_null_value (builder);
}

void
vnt_json_add_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  vnt_json_add_value (builder, member,
                      value != NULL ? json_node_init_string (json_node_alloc (), value) : NULL);
}

void
vnt_json_add_int (JsonBuilder *builder,
                  const char  *member,
                  gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
vnt_json_add_boolean (JsonBuilder *builder,
                      const char  *member,
                      gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}
