/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <json-glib/json-glib.h>

/* `efirma id` run as a process, as a script would: $EFIRMA is the built
 * executable. */

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_efirma (Run                *run,
            const char         *language,
            const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *efirma = g_getenv ("EFIRMA");

  g_assert_nonnull (efirma);

  g_ptr_array_add (argv, (gpointer) efirma);
  g_ptr_array_add (argv, (gpointer) "id");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  else
    /* English: unset, efirma would choose Spanish under C.UTF-8. */
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));

  return json_node_get_array (json_parser_get_root (parser));
}

static void
assert_entry (JsonArray  *array,
              guint       index,
              const char *value,
              const char *kind,
              gboolean    valid,
              const char *normalized,
              const char *codes)
{
  JsonObject *entry = json_array_get_object_element (array, index);
  JsonArray *problems = json_object_get_array_member (entry, "problems");
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_cmpstr (json_object_get_string_member (entry, "value"), ==, value);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, kind);
  g_assert_cmpint (json_object_get_boolean_member (entry, "valid"), ==, valid);
  g_assert_cmpstr (json_object_get_string_member (entry, "normalized"), ==, normalized);

  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);

      g_assert_cmpstr (json_object_get_string_member (problem, "message"), !=, "");
      g_string_append_printf (got, "%s%s", i > 0 ? "," : "",
                              json_object_get_string_member (problem, "code"));
    }
  g_assert_cmpstr (got->str, ==, codes);
}

static void
test_json (void)
{
  const char *args[] = {
    "--json", "kaho641101hntlks06", "AAA010101AAA", "12345678903", "Y5412345101",
    "XAXX010101000", "RAQÑ7701212M3", "KAHO641101HHXLKS04", "hola", NULL
  };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  JsonObject *details;

  run_efirma (&run, NULL, args);
  g_assert_cmpint (run.status, ==, 1);

  array = parse_array (parser, run.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 8);
  assert_entry (array, 0, "kaho641101hntlks06", "curp", TRUE, "KAHO641101HNTLKS06", "");
  /* SAT's fictitious company: everything right but the check digit. */
  assert_entry (array, 1, "AAA010101AAA", "rfc", FALSE, "AAA010101AAA", "check-digit");
  assert_entry (array, 2, "12345678903", "nss", TRUE, "12345678903", "");
  assert_entry (array, 3, "Y5412345101", "registro-patronal", TRUE, "Y5412345101", "");
  assert_entry (array, 4, "XAXX010101000", "rfc", TRUE, "XAXX010101000", "");
  assert_entry (array, 5, "RAQÑ7701212M3", "rfc", TRUE, "RAQÑ7701212M3", "");
  assert_entry (array, 6, "KAHO641101HHXLKS04", "curp", FALSE, "KAHO641101HHXLKS04", "invalid-state");
  assert_entry (array, 7, "hola", "unknown", FALSE, "HOLA", "unknown-kind");

  details = json_object_get_object_member (json_array_get_object_element (array, 0), "details");
  g_assert_cmpstr (json_object_get_string_member (details, "birth_date"), ==, "1964-11-01");
  g_assert_cmpstr (json_object_get_string_member (details, "state"), ==, "NT");
  details = json_object_get_object_member (json_array_get_object_element (array, 4), "details");
  g_assert_cmpstr (json_object_get_string_member (details, "type"), ==, "generico-nacional");
}

static void
test_all_valid (void)
{
  const char *args[] = { "--json", "EKU9003173C9", "XOJI740919MQTDMN02", NULL };
  const char *npie[] = { "--json", "--kind", "npie", "A1B2C3", NULL };
  const char *readable[] = { "KAHO641101B39", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) run_npie = { 0 };
  g_auto(Run) run_readable = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser_npie = json_parser_new ();
  JsonArray *array;

  run_efirma (&run, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  array = parse_array (parser, run.out);
  assert_entry (array, 0, "EKU9003173C9", "rfc", TRUE, "EKU9003173C9", "");
  assert_entry (array, 1, "XOJI740919MQTDMN02", "curp", TRUE, "XOJI740919MQTDMN02", "");

  run_efirma (&run_npie, NULL, npie);
  g_assert_cmpint (run_npie.status, ==, 0);
  array = parse_array (parser_npie, run_npie.out);
  assert_entry (array, 0, "A1B2C3", "npie", TRUE, "A1B2C3", "");

  run_efirma (&run_readable, NULL, readable);
  g_assert_cmpint (run_readable.status, ==, 0);
  g_assert_nonnull (strstr (run_readable.out, "KAHO641101B39"));
  g_assert_nonnull (strstr (run_readable.out, "RFC"));
}

static void
test_usage_errors (void)
{
  const char *none[] = { "--json", NULL };
  const char *bad_kind[] = { "--kind", "passport", "KAHO641101B39", NULL };
  const char *bad_option[] = { "--frobnicate", "KAHO641101B39", NULL };
  g_auto(Run) run_none = { 0 };
  g_auto(Run) run_bad_kind = { 0 };
  g_auto(Run) run_bad_option = { 0 };

  run_efirma (&run_none, NULL, none);
  g_assert_cmpint (run_none.status, ==, 2);
  g_assert_cmpstr (run_none.out, ==, "");

  run_efirma (&run_bad_kind, NULL, bad_kind);
  g_assert_cmpint (run_bad_kind.status, ==, 2);
  g_assert_nonnull (strstr (run_bad_kind.err, "passport"));

  run_efirma (&run_bad_option, NULL, bad_option);
  g_assert_cmpint (run_bad_option.status, ==, 2);
}

static void
test_spanish (void)
{
  const char *args[] = { "--json", "KAHO641101HHXLKS04", "KAHO300230HNTLKS00", "HEGT761003MDFRNN09", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  JsonObject *problem;

  run_efirma (&run, "es", args);
  g_assert_cmpint (run.status, ==, 1);
  array = parse_array (parser, run.out);

  problem = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (array, 0), "problems"), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==,
                   "HX no es una entidad federativa.");
  problem = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (array, 1), "problems"), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==,
                   "La fecha 300230 no existe.");
  problem = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (array, 2), "problems"), 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (problem, "message"),
                                   "El dígito verificador de la CURP no corresponde."));
}

/* The line of @text that holds @label, without the line break. */
static char *
line_with (const char *text,
           const char *label)
{
  const char *at = strstr (text, label);
  const char *end;

  if (at == NULL)
    return NULL;
  end = strchr (at, '\n');

  return g_strndup (at, end != NULL ? (gsize) (end - at) : strlen (at));
}

/* The table says the sex in words, in the reader's language; the JSON keeps
 * the CURP's letter. */
static void
test_sex_in_words (void)
{
  const char *args[] = { "XOJI740919MQTDMN02", "KAHO641101HNTLKS06", "KAHO641101XNTLKS00", NULL };
  const char *json[] = { "--json", "XOJI740919MQTDMN02", NULL };
  const char *words_es[] = { "Mujer", "Hombre", "No binario" };
  const char *words_en[] = { "Woman", "Man", "Non-binary" };
  g_auto(Run) es = { 0 };
  g_auto(Run) en = { 0 };
  g_auto(Run) run_json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) blocks_es = NULL;
  g_auto(GStrv) blocks_en = NULL;
  JsonObject *details;

  run_efirma (&es, "es", args);
  run_efirma (&en, NULL, args);
  g_assert_cmpint (es.status, ==, 0);
  g_assert_cmpint (en.status, ==, 0);

  /* One block per value, in order. */
  blocks_es = g_strsplit (es.out, "\n\n", -1);
  blocks_en = g_strsplit (en.out, "\n\n", -1);
  g_assert_cmpuint (g_strv_length (blocks_es), ==, 3);
  g_assert_cmpuint (g_strv_length (blocks_en), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *line_es = line_with (blocks_es[i], "Sexo:");
      g_autofree char *line_en = line_with (blocks_en[i], "Sex:");

      g_assert_nonnull (line_es);
      g_assert_nonnull (line_en);
      g_assert_true (g_str_has_suffix (line_es, words_es[i]));
      g_assert_true (g_str_has_suffix (line_en, words_en[i]));
    }

  run_efirma (&run_json, NULL, json);
  g_assert_cmpint (run_json.status, ==, 0);
  details = json_object_get_object_member (json_array_get_object_element (parse_array (parser, run_json.out), 0),
                                           "details");
  g_assert_cmpstr (json_object_get_string_member (details, "sex"), ==, "M");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/id/json", test_json);
  g_test_add_func ("/cli/id/all-valid", test_all_valid);
  g_test_add_func ("/cli/id/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/id/spanish", test_spanish);
  g_test_add_func ("/cli/id/sex-in-words", test_sex_in_words);

  return g_test_run ();
}
