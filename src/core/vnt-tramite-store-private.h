/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to vnt-tramite.c, vnt-acuse-info.c and vnt-tramite-store.c: the
 * store reads and writes its records' fields, and all three parse and copy
 * JSON the same way (members are read with vnt-json.h). */

#include "core/vnt-json.h"
#include "core/vnt-tramite-store.h"

G_BEGIN_DECLS

struct _VntTramite
{
  GObject     parent_instance;

  char       *id;
  char       *procedure;
  char       *step;
  char       *folio;
  gboolean    finalized;
  GDateTime  *created_at;
  GDateTime  *updated_at;
  JsonObject *values;
  JsonObject *bytes;
  JsonObject *objects;
  JsonObject *keys;
  guint64     save_seq;
};

struct _VntAcuseInfo
{
  GObject     parent_instance;

  JsonObject *acuse;
  JsonObject *payload;
  GDateTime  *received_at;
  GDateTime  *concluded_at;
  char       *signer_sha256;
  char       *json_path;
  char       *pdf_path;
};

/* The object @text holds, or G_IO_ERROR_INVALID_DATA ("damaged"). */
JsonObject *vnt_tramite_json_parse_object  (const char  *text,
                                            gsize        len,
                                            GError     **error);

/* An id made of letters, digits and '-', of at most 64 characters. */
gboolean    vnt_tramite_id_is_valid        (const char  *id);
/* A folio made of capitals, digits and '-', of at most 32 characters. */
gboolean    vnt_acuse_info_folio_is_valid  (const char  *folio);

/* Updated now (notifies :updated-at); the store calls it on every save. */
void        vnt_tramite_touch              (VntTramite  *self);

/* The record's file contents, and back. */
char       *vnt_tramite_to_json            (VntTramite  *self);
VntTramite *vnt_tramite_new_from_json      (const char  *text,
                                            gsize        len,
                                            GError     **error);

G_END_DECLS
