/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "core/vnt-idse-ledger.h"
#include "core/vnt-json.h"
#include "core/vnt-safe-file.h"

#define FOLDER "idse-certificados"

VntIdseLedgerEntry *
vnt_idse_ledger_entry_new (void)
{
  return g_new0 (VntIdseLedgerEntry, 1);
}

void
vnt_idse_ledger_entry_free (VntIdseLedgerEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->path);
  g_free (entry->procedure);
  g_free (entry->npie);
  g_free (entry->serial);
  g_free (entry->rfc);
  g_free (entry->name);
  g_clear_pointer (&entry->not_before, g_date_time_unref);
  g_clear_pointer (&entry->not_after, g_date_time_unref);
  g_clear_pointer (&entry->saved_at, g_date_time_unref);
  g_free (entry);
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static void
set_date (JsonObject *object,
          const char *name,
          GDateTime  *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;
  text = g_date_time_format_iso8601 (value);
  json_object_set_string_member (object, name, text);
}

static char *
get_string (JsonObject *object,
            const char *name)
{
  return g_strdup (vnt_json_get_string (object, name));
}

gboolean
vnt_idse_ledger_add (const char                *data_dir,
                     const VntIdseLedgerEntry  *entry,
                     GError                   **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *safe_serial = NULL;
  gsize length;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (entry != NULL && entry->path != NULL, FALSE);

  set_string (object, "path", entry->path);
  set_string (object, "procedure", entry->procedure);
  set_string (object, "npie", entry->npie);
  set_string (object, "serial", entry->serial);
  set_string (object, "rfc", entry->rfc);
  set_string (object, "name", entry->name);
  set_date (object, "not_before", entry->not_before);
  set_date (object, "not_after", entry->not_after);
  set_date (object, "saved_at", entry->saved_at != NULL ? entry->saved_at : now);
  json_node_set_object (node, object);
  text = json_to_string (node, TRUE);
  length = strlen (text);

  folder = g_build_filename (data_dir, FOLDER, NULL);
  if (!vnt_safe_file_make_folder (folder, error))
    return FALSE;

  /* One new file per saved .pfx: never one rewritten. */
  safe_serial = g_strcanon (g_strdup (entry->serial != NULL ? entry->serial : "certificado"),
                            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", '_');
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%u.json", safe_serial,
                                               g_get_real_time (), attempt);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GError) local = NULL;

      if (vnt_safe_file_write (path, text, length, NULL, &local))
        return TRUE;
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("Could not record the certificate."));
  return FALSE;
}

static gint
compare_saved (gconstpointer a,
               gconstpointer b)
{
  const VntIdseLedgerEntry *x = *(VntIdseLedgerEntry * const *) a;
  const VntIdseLedgerEntry *y = *(VntIdseLedgerEntry * const *) b;

  if (x->saved_at == NULL || y->saved_at == NULL)
    return (x->saved_at == NULL) - (y->saved_at == NULL);
  return g_date_time_compare (y->saved_at, x->saved_at);
}

GPtrArray *
vnt_idse_ledger_list (const char  *data_dir,
                      GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_idse_ledger_entry_free);
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;
  const char *name;

  g_return_val_if_fail (data_dir != NULL, NULL);

  folder = g_build_filename (data_dir, FOLDER, NULL);
  dir = g_dir_open (folder, 0, &local);
  if (dir == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(JsonObject) object = NULL;
      VntIdseLedgerEntry *entry;
      gsize               len = 0;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (!g_file_get_contents (path, &contents, &len, NULL) ||
          (object = vnt_json_parse_object (contents, len)) == NULL)
        continue;

      entry = vnt_idse_ledger_entry_new ();
      entry->path = get_string (object, "path");
      if (entry->path == NULL)
        {
          vnt_idse_ledger_entry_free (entry);
          continue;
        }
      entry->procedure = get_string (object, "procedure");
      entry->npie = get_string (object, "npie");
      entry->serial = get_string (object, "serial");
      entry->rfc = get_string (object, "rfc");
      entry->name = get_string (object, "name");
      entry->not_before = vnt_json_get_date (object, "not_before");
      entry->not_after = vnt_json_get_date (object, "not_after");
      entry->saved_at = vnt_json_get_date (object, "saved_at");
      g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_saved);
  return g_steal_pointer (&entries);
}
