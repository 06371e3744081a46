/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "controllers/vnt-practice-efirmas.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-curp.h"
#include "core/vnt-json.h"
#include "core/vnt-rfc.h"
#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-sat-key.h"

#define FOLDER_NAME "practica-efirmas"
#define MANIFEST_NAME "efirmas.json"
#define VALIDITY_YEARS 4

/* The fictitious holders. CURP and RFC are written without their check
 * digit, which is computed: the identifiers pass every check the app makes
 * of a real one. */
typedef struct {
  VntPracticeKind     kind;
  VntPracticeAccount  account;
  const char         *name;
  const char         *rfc;   /* without the check digit */
  const char         *curp;  /* without the check digit; NULL for a company */
  const char         *email;
  const char         *unit;  /* the CSD's sucursal */
  int                 representative; /* index of the persona física, or -1 */
} Holder;

static const Holder holders[] = {
  { VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_EARLIER, "ANA LAURA PRUEBA SOLIS",
    "PUSA850312AB", "PUSA850312MJCRLN0", "ana.prueba@example.com", NULL, -1 },
  { VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_NONE, "CARLOS ENSAYO RUIZ",
    "EARC900825JK", "EARC900825HDFNZR0", "carlos.ensayo@example.com", NULL, -1 },
  { VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_CURRENT, "MARTA SIMULACRO VEGA",
    "SIVM780105LP", "SIVM780105MNLMGR0", "marta.simulacro@example.com", NULL, -1 },
  { VNT_PRACTICE_KIND_MORAL, VNT_PRACTICE_ACCOUNT_NONE, "PRACTICAS DEL NORTE SA DE CV",
    "PNO150601QX", NULL, "contacto@practicas-del-norte.example.com", NULL, 2 },
  { VNT_PRACTICE_KIND_CSD, VNT_PRACTICE_ACCOUNT_NONE, "PRACTICAS DEL NORTE SA DE CV",
    "PNO150601QX", NULL, "contacto@practicas-del-norte.example.com", "Sucursal Matriz", 2 },
};

void
vnt_practice_efirma_free (VntPracticeEfirma *efirma)
{
  if (efirma == NULL)
    return;

  g_free (efirma->name);
  g_free (efirma->rfc);
  g_free (efirma->curp);
  g_free (efirma->representative_rfc);
  g_free (efirma->representative_curp);
  g_free (efirma->certificate_number);
  g_clear_pointer (&efirma->not_before, g_date_time_unref);
  g_clear_pointer (&efirma->not_after, g_date_time_unref);
  g_free (efirma->cer_path);
  g_free (efirma->key_path);
  g_free (efirma->password);
  g_free (efirma->earlier_certificate_number);
  g_clear_pointer (&efirma->earlier_not_before, g_date_time_unref);
  g_free (efirma);
}

static const char * const kind_names[] = { "fisica", "moral", "csd" };
static const char * const account_names[] = { "none", "earlier", "current" };

const char *
vnt_practice_kind_to_string (VntPracticeKind kind)
{
  g_return_val_if_fail (kind <= VNT_PRACTICE_KIND_CSD, NULL);
  return kind_names[kind];
}

static int
index_of (const char * const *names,
          guint               n,
          const char         *name)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;

  return -1;
}

char *
vnt_practice_data_dir (const char *data_dir)
{
  const char *env = g_getenv ("VENTANILLA_DATA_DIR");

  if (data_dir != NULL)
    return g_strdup (data_dir);
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "ventanilla", NULL);
}

/* ------------------------------------------------------------------ */
/* Making the set                                                      */

static char *
with_curp_digit (const char *curp)
{
  int digit = vnt_curp_compute_check_digit (curp);

  g_return_val_if_fail (digit >= 0, NULL);
  return g_strdup_printf ("%s%d", curp, digit);
}

static char *
with_rfc_digit (const char *rfc)
{
  g_autofree char *padded = g_strconcat (rfc, "0", NULL);

  return g_strdup_printf ("%s%c", rfc, vnt_rfc_compute_check_digit (padded));
}

/* 20 ASCII digits, as SAT numbers its certificates; the leading 7 marks
 * the practice CA's. */
static char *
new_number (void)
{
  GString *number = g_string_new ("70001");

  while (number->len < 20)
    g_string_append_c (number, '0' + g_random_int_range (0, 10));

  return g_string_free (number, FALSE);
}

/* Letters and digits that cannot be mistaken for one another, for a
 * password a person copies by hand; SAT's tools take it (8+ characters). */
static char *
new_password (void)
{
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  GString *password = g_string_new ("practica-");

  for (guint i = 0; i < 6; i++)
    g_string_append_c (password, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (password, FALSE);
}

static gboolean
write_efirma (const char      *folder,
              VntPracticeCa   *ca,
              const Holder    *holder,
              const char      *base,
              const char      *rfc,
              const char      *curp,
              const char      *password,
              GDateTime       *not_before,
              GDateTime       *not_after,
              JsonBuilder     *manifest,
              GError         **error)
{
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autofree char *number = new_number ();
  g_autofree char *cer_name = g_strconcat (base, ".cer", NULL);
  g_autofree char *key_name = g_strconcat (base, ".key", NULL);
  g_autofree char *cer_path = g_build_filename (folder, cer_name, NULL);
  g_autofree char *key_path = g_build_filename (folder, key_name, NULL);
  VntPracticeHolder subject = {
    .kind = holder->kind == VNT_PRACTICE_KIND_CSD ? VNT_CERTIFICATE_KIND_CSD : VNT_CERTIFICATE_KIND_EFIRMA,
    .name = holder->name,
    .rfc = rfc,
    .curp = curp,
    .email = holder->email,
    .unit = holder->unit,
  };

  key = vnt_keygen_generate (VNT_KEYGEN_DEFAULT_BITS, NULL, error);
  if (key == NULL)
    return FALSE;
  der = vnt_practice_ca_issue (ca, &subject, key, number, not_before, not_after, error);
  if (der == NULL ||
      !vnt_sat_key_save (key, key_path, password, VNT_KEY_PROTECTION_SAT, NULL, error) ||
      !vnt_safe_file_write_bytes (cer_path, der, NULL, error))
    return FALSE;

  json_builder_begin_object (manifest);
  vnt_json_add_string (manifest, "cer", cer_name);
  vnt_json_add_string (manifest, "key", key_name);
  vnt_json_add_string (manifest, "password", password);
  vnt_json_add_string (manifest, "kind", kind_names[holder->kind]);
  vnt_json_add_string (manifest, "account", account_names[holder->account]);

  /* As if the holder had had an e.firma before this one, two years older. */
  if (holder->account == VNT_PRACTICE_ACCOUNT_EARLIER)
    {
      g_autofree char *earlier = new_number ();
      g_autoptr(GDateTime) earlier_from = g_date_time_add_years (not_before, -2);
      g_autofree char *earlier_text = g_date_time_format_iso8601 (earlier_from);

      vnt_json_add_string (manifest, "earlier_certificate_number", earlier);
      vnt_json_add_string (manifest, "earlier_not_before", earlier_text);
    }
  json_builder_end_object (manifest);

  return TRUE;
}

static gboolean
make_set (const char     *folder,
          VntPracticeCa  *ca,
          GError        **error)
{
  g_autoptr(JsonBuilder) manifest = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *password = new_password ();
  g_autofree char *manifest_path = g_build_filename (folder, MANIFEST_NAME, NULL);
  char *json;

  /* Four years from the day it is made, as SAT issues an e.firma. */
  not_before = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  not_after = g_date_time_add_years (not_before, VALIDITY_YEARS);

  json_builder_begin_object (manifest);
  vnt_json_add_int (manifest, "version", 1);
  json_builder_set_member_name (manifest, "efirmas");
  json_builder_begin_array (manifest);
  for (guint i = 0; i < G_N_ELEMENTS (holders); i++)
    {
      const Holder *holder = &holders[i];
      g_autofree char *own_rfc = with_rfc_digit (holder->rfc);
      g_autofree char *base = g_strdup_printf ("%s-%s", kind_names[holder->kind], own_rfc);
      g_autofree char *rfc = NULL;
      g_autofree char *curp = NULL;

      if (holder->representative >= 0)
        {
          const Holder *person = &holders[holder->representative];
          g_autofree char *person_rfc = with_rfc_digit (person->rfc);
          g_autofree char *person_curp = with_curp_digit (person->curp);

          /* SAT's persona moral: "RFC_MORAL / RFC_REPRESENTANTE" and
           * " / CURP_REPRESENTANTE". */
          rfc = g_strdup_printf ("%s / %s", own_rfc, person_rfc);
          curp = g_strconcat (" / ", person_curp, NULL);
        }
      else
        {
          rfc = g_strdup (own_rfc);
          curp = with_curp_digit (holder->curp);
        }

      if (!write_efirma (folder, ca, holder, base, rfc, curp, password,
                         not_before, not_after, manifest, error))
        return FALSE;
    }
  json_builder_end_array (manifest);
  json_builder_end_object (manifest);

  root = json_builder_get_root (manifest);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  text = g_bytes_new_take (json, strlen (json));

  /* Last: its presence means the set is complete. */
  return vnt_safe_file_write_bytes (manifest_path, text, NULL, error);
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

gboolean
vnt_practice_efirmas_ensure (const char     *data_dir,
                             VntPracticeCa  *ca,
                             GError        **error)
{
  g_autofree char *dir = vnt_practice_data_dir (data_dir);
  g_autofree char *folder = g_build_filename (dir, FOLDER_NAME, NULL);
  g_autofree char *manifest = g_build_filename (folder, MANIFEST_NAME, NULL);
  g_autofree char *work = NULL;

  g_return_val_if_fail (VNT_IS_PRACTICE_CA (ca), FALSE);

  if (g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  if (!vnt_safe_file_make_folder (dir, error))
    return FALSE;

  /* Made aside and moved in whole: a half-made set is never listed. */
  work = g_build_filename (dir, "." FOLDER_NAME "-XXXXXX", NULL);
  if (g_mkdtemp_full (work, 0700) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not create the folder “%s”."), dir);
      return FALSE;
    }

  if (!make_set (work, ca, error))
    {
      remove_folder (work);
      return FALSE;
    }

  if (g_rename (work, folder) != 0)
    {
      int saved = errno;

      remove_folder (work);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not put the practice e.firmas in “%s”: %s. Delete that folder and start Ventanilla again."),
                   folder, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* One more                                                            */

/* Fictitious given names for new practice personas; the surnames are
 * always PRACTICA NUEVA. */
static const struct {
  const char *name;
  char        sex;        /* CURP: H or M */
  char        consonant;  /* the given name's first inner consonant */
} new_names[] = {
  { "LUCIA", 'M', 'C' }, { "JORGE", 'H', 'R' }, { "ELENA", 'M', 'L' }, { "RAUL", 'H', 'L' },
};

/* A persona física nobody has seen: a birth date drawn from 1960–1999
 * tells the CURP and RFC apart from every other's. */
static void
new_persona (char **name,
             char **curp,
             char **rfc)
{
  guint which = g_random_int_range (0, G_N_ELEMENTS (new_names));
  g_autoptr(GDateTime) born = g_date_time_new_utc (1960, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (born, g_random_int_range (0, 40 * 365));
  g_autofree char *date = g_date_time_format (day, "%y%m%d");
  g_autofree char *curp_base = NULL;
  g_autofree char *rfc_base = NULL;

  /* PRACTICA NUEVA: P, its first inner vowel A, N; then the given name. */
  curp_base = g_strdup_printf ("PAN%c%s%cDFRV%c%d", new_names[which].name[0], date,
                               new_names[which].sex, new_names[which].consonant,
                               g_random_int_range (0, 10));
  rfc_base = g_strdup_printf ("PAN%c%sP%d", new_names[which].name[0], date,
                              g_random_int_range (1, 10));
  *name = g_strdup_printf ("%s PRACTICA NUEVA", new_names[which].name);
  *curp = with_curp_digit (curp_base);
  *rfc = with_rfc_digit (rfc_base);
}

gboolean
vnt_practice_efirmas_add (const char               *data_dir,
                          VntPracticeCa            *ca,
                          const VntPracticeEfirma  *holder,
                          GError                  **error)
{
  g_autofree char *dir = vnt_practice_data_dir (data_dir);
  g_autofree char *folder = g_build_filename (dir, FOLDER_NAME, NULL);
  g_autofree char *manifest_path = g_build_filename (folder, MANIFEST_NAME, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) entry = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *name = NULL;
  g_autofree char *curp = NULL;
  g_autofree char *rfc = NULL;
  g_autofree char *password = new_password ();
  g_autofree char *base = NULL;
  g_autoptr(GBytes) text = NULL;
  JsonNode *root;
  JsonArray *entries;
  char *json;
  Holder person = { VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_NONE, NULL, NULL, NULL,
                    "practica@example.com", NULL, -1 };

  g_return_val_if_fail (VNT_IS_PRACTICE_CA (ca), FALSE);
  g_return_val_if_fail (holder == NULL || holder->kind == VNT_PRACTICE_KIND_FISICA, FALSE);

  if (!json_parser_load_from_file (parser, manifest_path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (entries = json_object_get_array_member (json_node_get_object (root), "efirmas")) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The list of practice e.firmas in “%s” is damaged. "
                     "Delete that folder and start Ventanilla again."),
                   folder);
      return FALSE;
    }

  if (holder != NULL)
    {
      name = g_strdup (holder->name);
      curp = g_strdup (holder->curp);
      rfc = g_strdup (holder->rfc);
    }
  else
    new_persona (&name, &curp, &rfc);
  person.name = name;

  /* Issued now, not at midnight: newer than the holder's e.firma of the
   * same day, as the service wants of an update. */
  not_before = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                    g_date_time_get_minute (now), g_date_time_get_second (now));
  not_after = g_date_time_add_years (not_before, VALIDITY_YEARS);
  /* The holder's other e.firmas keep their files. */
  base = g_strdup_printf ("%s-%s-%u", kind_names[person.kind], rfc,
                          json_array_get_length (entries) + 1);
  if (!write_efirma (folder, ca, &person, base, rfc, curp, password, not_before, not_after, entry,
                     error))
    return FALSE;

  json_array_add_element (entries, json_builder_get_root (entry));
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  text = g_bytes_new_take (json, strlen (json));

  /* The list replaced whole, the new files already in place: a crash
   * leaves the old list or the new one. */
  return g_file_set_contents_full (manifest_path, g_bytes_get_data (text, NULL),
                                   g_bytes_get_size (text),
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* ------------------------------------------------------------------ */
/* Listing                                                             */

static VntPracticeEfirma *
read_entry (const char *folder,
            JsonObject *entry)
{
  g_autoptr(VntPracticeEfirma) efirma = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  const char *cer = json_object_get_string_member_with_default (entry, "cer", NULL);
  const char *key = json_object_get_string_member_with_default (entry, "key", NULL);
  const char *password = json_object_get_string_member_with_default (entry, "password", NULL);
  const char *earlier = json_object_get_string_member_with_default (entry, "earlier_certificate_number", NULL);
  const char *earlier_from = json_object_get_string_member_with_default (entry, "earlier_not_before", NULL);
  int kind = index_of (kind_names, G_N_ELEMENTS (kind_names),
                       json_object_get_string_member_with_default (entry, "kind", NULL));
  int account = index_of (account_names, G_N_ELEMENTS (account_names),
                          json_object_get_string_member_with_default (entry, "account", "none"));

  if (cer == NULL || key == NULL || password == NULL || kind < 0 || account < 0 ||
      strchr (cer, '/') != NULL || strchr (key, '/') != NULL)
    return NULL;

  efirma = g_new0 (VntPracticeEfirma, 1);
  efirma->kind = kind;
  efirma->account = account;
  efirma->cer_path = g_build_filename (folder, cer, NULL);
  efirma->key_path = g_build_filename (folder, key, NULL);
  efirma->password = g_strdup (password);

  /* The facts come from the certificate itself, not from a list. */
  certificate = vnt_certificate_new_from_file (efirma->cer_path, NULL);
  if (certificate == NULL || !g_file_test (efirma->key_path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  efirma->name = g_strdup (vnt_certificate_get_name (certificate));
  efirma->rfc = g_strdup (vnt_certificate_get_rfc (certificate));
  efirma->curp = g_strdup (vnt_certificate_get_curp (certificate));
  efirma->representative_rfc = g_strdup (vnt_certificate_get_representative_rfc (certificate));
  efirma->representative_curp = g_strdup (vnt_certificate_get_representative_curp (certificate));
  efirma->certificate_number = g_strdup (vnt_certificate_get_number (certificate));
  efirma->not_before = g_date_time_ref (vnt_certificate_get_not_before (certificate));
  efirma->not_after = g_date_time_ref (vnt_certificate_get_not_after (certificate));

  if (account == VNT_PRACTICE_ACCOUNT_EARLIER)
    {
      if (earlier == NULL || earlier_from == NULL)
        return NULL;
      efirma->earlier_certificate_number = g_strdup (earlier);
      efirma->earlier_not_before = g_date_time_new_from_iso8601 (earlier_from, NULL);
      if (efirma->earlier_not_before == NULL)
        return NULL;
    }

  return g_steal_pointer (&efirma);
}

GPtrArray *
vnt_practice_list_efirmas (const char *data_dir)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_practice_efirma_free);
  g_autofree char *dir = vnt_practice_data_dir (data_dir);
  g_autofree char *folder = g_build_filename (dir, FOLDER_NAME, NULL);
  g_autofree char *manifest = g_build_filename (folder, MANIFEST_NAME, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *entries;

  if (!json_parser_load_from_file (parser, manifest, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_get_int_member_with_default (json_node_get_object (root), "version", 0) != 1 ||
      (entries = json_object_get_array_member (json_node_get_object (root), "efirmas")) == NULL)
    return list;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      VntPracticeEfirma *efirma = entry != NULL ? read_entry (folder, entry) : NULL;

      if (efirma != NULL)
        g_ptr_array_add (list, efirma);
    }

  return list;
}

static gpointer
list_efirmas_job (gpointer      data_dir,
                  GCancellable *cancellable,
                  GError      **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return vnt_practice_list_efirmas (data_dir);
}

void
vnt_practice_list_efirmas_async (const char          *data_dir,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  vnt_task_run_in_thread (NULL, vnt_practice_data_dir (data_dir), g_free, list_efirmas_job,
                          (GDestroyNotify) g_ptr_array_unref, vnt_practice_list_efirmas_async,
                          cancellable, callback, user_data);
}

GPtrArray *
vnt_practice_list_efirmas_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return vnt_task_run_finish (result, NULL, vnt_practice_list_efirmas_async, error);
}

VntPracticeEfirma *
vnt_practice_efirmas_find (GPtrArray          *efirmas,
                           VntPracticeKind     kind,
                           VntPracticeAccount  account)
{
  g_return_val_if_fail (efirmas != NULL, NULL);

  for (guint i = 0; i < efirmas->len; i++)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (efirmas, i);

      if (efirma->kind == kind && efirma->account == account)
        return efirma;
    }

  return NULL;
}

VntPracticeEfirma *
vnt_practice_efirmas_get_representative (GPtrArray               *efirmas,
                                         const VntPracticeEfirma *efirma)
{
  g_return_val_if_fail (efirmas != NULL && efirma != NULL, NULL);

  if (efirma->representative_curp == NULL)
    return NULL;

  for (guint i = 0; i < efirmas->len; i++)
    {
      VntPracticeEfirma *person = g_ptr_array_index (efirmas, i);

      if (person->kind == VNT_PRACTICE_KIND_FISICA &&
          g_strcmp0 (person->curp, efirma->representative_curp) == 0)
        return person;
    }

  return NULL;
}
