/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/vnt-core-utils.h"
#include "vnt-test-utils.h"

char *
vnt_test_sat_path (const char *relative)
{
  const char *root = g_getenv ("VENTANILLA_TESTDATA");
  g_autofree char *path = NULL;

  if (root == NULL)
    {
      g_test_skip ("VENTANILLA_TESTDATA is not set");
      return NULL;
    }

  path = g_build_filename (root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("%s is missing", path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

char *
vnt_test_fixture_path (const char *relative)
{
  const char *root = g_getenv ("VENTANILLA_FIXTURES");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

JsonObject *
vnt_test_sat_manifest (void)
{
  static JsonParser *parser = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (parser != NULL)
    return json_node_get_object (json_parser_get_root (parser));

  path = vnt_test_sat_path ("manifest.json");
  if (path == NULL)
    return NULL;

  parser = json_parser_new ();
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

void
vnt_test_use_spanish (void)
{
  g_setenv ("LANGUAGE", "es", TRUE);
  vnt_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
}

void
vnt_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          vnt_test_remove_tree (child);
        }
    }
  g_remove (path);
}
