/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Reading members of JSON that came from outside (a service's answer, a
 * file on disk): a member of the wrong type reads as missing. */

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @member of @object when it is a string; NULL otherwise, or when @object
 * is NULL. */
const char *vnt_json_get_string (JsonObject *object,
                                 const char *member);
/* @member of @object when it is an object; NULL otherwise, or when
 * @object is NULL. */
JsonObject *vnt_json_get_object (JsonObject *object,
                                 const char *member);

G_END_DECLS
