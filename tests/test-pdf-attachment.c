/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF attachment check (src/controllers/steps/vnt-pdf-attachment.h)
 * over the files tests/fixtures/make-pdf-fixtures.sh generates: each gets
 * the verdict its manifest says, the good ones their page count, digest
 * and a drawn first page; a file that changes or goes away after it was
 * chosen is caught. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "controllers/steps/vnt-pdf-attachment.h"
#include "vnt-test-utils.h"

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the check to its end on this thread's main context. */
static VntPdfAttachment *
check (const char    *path,
       const char    *expected_sha256,
       int            preview_width,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_pdf_attachment_check_async (path, expected_sha256, preview_width, cancellable, check_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return vnt_pdf_attachment_check_finish (result, error);
}

static JsonArray *
load_manifest (JsonParser *parser)
{
  g_autofree char *path = vnt_test_fixture_path ("pdf.json");
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the PDF fixtures are missing (qpdf not installed?)");
      return NULL;
    }
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);

  return json_node_get_array (json_parser_get_root (parser));
}

static gboolean
preview_has_ink (GBytes *pixels,
                 int     width,
                 int     height,
                 gsize   stride)
{
  const guint8 *data = g_bytes_get_data (pixels, NULL);
  guint dark = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel;

        memcpy (&pixel, data + y * stride + x * 4, 4);
        /* Opaque everywhere (drawn on white), and some of it dark. */
        g_assert_cmpuint (pixel >> 24, ==, 0xff);
        if (((pixel >> 16) & 0xff) < 0x60 && ((pixel >> 8) & 0xff) < 0x60 && (pixel & 0xff) < 0x60)
          dark++;
      }

  return dark > 50;
}

static void
test_verdicts (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *manifest = load_manifest (parser);

  if (manifest == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (manifest); i++)
    {
      JsonObject *entry = json_array_get_object_element (manifest, i);
      const char *file = json_object_get_string_member (entry, "file");
      const char *verdict = json_object_get_string_member (entry, "verdict");
      g_autofree char *path = vnt_test_fixture_path (file);
      g_autoptr(VntPdfAttachment) attachment = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s: expecting %s", file, verdict);
      attachment = check (path, NULL, 180, NULL, &error);

      if (g_str_equal (verdict, "ok"))
        {
          g_autofree char *contents = NULL;
          g_autofree char *sha256 = NULL;
          GBytes *pixels;
          gsize len = 0, stride = 0;
          int width = 0, height = 0;

          g_assert_no_error (error);
          g_assert_nonnull (attachment);
          g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
          sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
          g_assert_cmpstr (vnt_pdf_attachment_get_sha256 (attachment), ==, sha256);
          g_assert_cmpuint (vnt_pdf_attachment_get_size (attachment), ==, len);
          g_assert_cmpuint (g_bytes_get_size (vnt_pdf_attachment_get_contents (attachment)), ==, len);
          g_assert_cmpint (vnt_pdf_attachment_get_n_pages (attachment), ==,
                           json_object_get_int_member (entry, "pages"));
          g_assert_cmpstr (vnt_pdf_attachment_get_path (attachment), ==, path);
          g_assert_true (g_str_has_suffix (file, vnt_pdf_attachment_get_name (attachment)));

          /* A letter page, 180 px wide: about 233 px high, with text. */
          pixels = vnt_pdf_attachment_get_preview (attachment, &width, &height, &stride);
          g_assert_nonnull (pixels);
          g_assert_cmpint (width, ==, 180);
          g_assert_cmpint (height, ==, 233);
          g_assert_cmpuint (stride, >=, 180 * 4);
          g_assert_cmpuint (g_bytes_get_size (pixels), ==, stride * height);
          g_assert_true (preview_has_ink (pixels, width, height, stride));
        }
      else
        {
          g_assert_null (attachment);
          g_assert_nonnull (error);
          g_assert_true (error->domain == VNT_ATTACHMENT_ERROR);
          g_assert_cmpstr (vnt_attachment_error_code_to_string (error->code), ==, verdict);
          /* Every message names the file. */
          g_assert_nonnull (strstr (error->message, strrchr (file, '/') + 1));
        }
    }
}

static void
test_messages (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *manifest = load_manifest (parser);
  g_autofree char *large = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPdfAttachment) attachment = NULL;

  if (manifest == NULL)
    return;

  vnt_test_use_spanish ();

  /* The size, the limit and how to reduce it. */
  large = vnt_test_fixture_path ("pdf/over-1025kb.pdf");
  attachment = check (large, NULL, 0, NULL, &error);
  g_assert_error (error, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "1025 KB"));
  g_assert_nonnull (strstr (error->message, "1024 KB"));
  g_assert_nonnull (strstr (error->message, "Redúcelo"));
  g_clear_error (&error);

  /* What it is instead. */
  png = vnt_test_fixture_path ("pdf/png-renamed.pdf");
  attachment = check (png, NULL, 0, NULL, &error);
  g_assert_error (error, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_NOT_PDF);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "PNG"));
  g_assert_nonnull (strstr (error->message, "no es un PDF"));
}

static void
test_format_size (void)
{
  struct { guint64 size; const char *shown; } cases[] = {
    { 0, "0 KB" },
    { 1, "1 KB" },
    { 183422, "180 KB" },
    { 1048576, "1024 KB" },
    { 1048577, "1025 KB" },
    { 1049600, "1025 KB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = vnt_pdf_attachment_format_size (cases[i].size);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

/* Resuming: the saved digest is checked against the file as it is now. */
static void
test_changed_and_missing (void)
{
  g_autofree char *source = vnt_test_fixture_path ("pdf/poder-portada.pdf");
  g_autofree char *other = vnt_test_fixture_path ("pdf/poder-ultima-hoja.pdf");
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(VntPdfAttachment) attachment = NULL;
  g_autoptr(VntPdfAttachment) again = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the PDF fixtures are missing (qpdf not installed?)");
      return;
    }

  dir = g_dir_make_tmp ("vnt-pdf-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "Poder notarial — portada.pdf", NULL);
  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));

  attachment = check (copy, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  sha256 = g_strdup (vnt_pdf_attachment_get_sha256 (attachment));
  g_assert_cmpstr (vnt_pdf_attachment_get_name (attachment), ==, "Poder notarial — portada.pdf");
  g_assert_null (vnt_pdf_attachment_get_preview (attachment, NULL, NULL, NULL));

  /* The same file: fine, also with the digest in upper case. */
  again = check (copy, sha256, 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&again);
  {
    g_autofree char *upper = g_ascii_strup (sha256, -1);

    again = check (copy, upper, 0, NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&again);
  }

  /* Replaced by another (good) PDF under the same name. */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (other, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  again = check (copy, sha256, 0, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "Poder notarial — portada.pdf"));
  g_clear_error (&error);

  /* Gone. */
  g_assert_cmpint (g_unlink (copy), ==, 0);
  again = check (copy, sha256, 0, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_MISSING);
  g_clear_error (&error);

  vnt_test_remove_tree (dir);
}

static void
test_cancelled (void)
{
  g_autofree char *path = vnt_test_fixture_path ("pdf/poder-ultima-hoja.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VntPdfAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  attachment = check (path, NULL, 180, cancellable, &error);
  g_assert_null (attachment);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A folder is not a PDF, and says so. */
static void
test_not_a_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vnt-pdf-XXXXXX.pdf", NULL);
  g_autoptr(VntPdfAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  attachment = check (dir, NULL, 0, NULL, &error);
  g_assert_null (attachment);
  g_assert_error (error, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_NOT_PDF);
  vnt_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf-attachment/verdicts", test_verdicts);
  g_test_add_func ("/pdf-attachment/messages", test_messages);
  g_test_add_func ("/pdf-attachment/format-size", test_format_size);
  g_test_add_func ("/pdf-attachment/changed-and-missing", test_changed_and_missing);
  g_test_add_func ("/pdf-attachment/cancelled", test_cancelled);
  g_test_add_func ("/pdf-attachment/not-a-file", test_not_a_file);

  return g_test_run ();
}
