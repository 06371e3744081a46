/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-json.h"

const char *
vnt_json_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
vnt_json_get_object (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}
