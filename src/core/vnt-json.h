/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Reading members of JSON that came from outside (a service's answer, a
 * file on disk): a member of the wrong type reads as missing. Writing a
 * member with its value in one call. */

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The object that the JSON @text (@len bytes) holds; NULL when it is empty,
 * not JSON, or not an object. */
JsonObject *vnt_json_parse_object (const char *text,
                                   gsize       len);

/* @member of @object when it is a plain value of @type (G_TYPE_INT64,
 * G_TYPE_BOOLEAN, ...); NULL otherwise, or when @object is NULL. */
JsonNode   *vnt_json_get_value (JsonObject *object,
                                const char *member,
                                GType       type);
/* @member of @object when it is a string; NULL otherwise, or when @object
 * is NULL. */
const char *vnt_json_get_string (JsonObject *object,
                                 const char *member);
/* @member of @object when it is an object; NULL otherwise, or when
 * @object is NULL. */
JsonObject *vnt_json_get_object (JsonObject *object,
                                 const char *member);
/* @member of @object when it is an array; NULL otherwise, or when
 * @object is NULL. */
JsonArray  *vnt_json_get_array (JsonObject *object,
                                const char *member);
/* @member of @object when it is a string holding an ISO 8601 time (with
 * its offset); NULL otherwise. */
GDateTime  *vnt_json_get_date (JsonObject *object,
                               const char *member);

/* Adds "@member": @value to the object @builder is in; null when @value
 * is NULL. */
void        vnt_json_add_string  (JsonBuilder *builder,
                                  const char  *member,
                                  const char  *value);
/* The same with @node (taken). */
void        vnt_json_add_value (JsonBuilder *builder,
                                const char  *member,
                                JsonNode    *node);
void        vnt_json_add_int     (JsonBuilder *builder,
                                  const char  *member,
                                  gint64       value);
void        vnt_json_add_boolean (JsonBuilder *builder,
                                  const char  *member,
                                  gboolean     value);

G_END_DECLS
