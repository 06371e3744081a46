/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF attachment row through its real widgets, headless: a good PDF
 * shows its name, size, page count and first page; every refusal shows
 * its message next to the button, which is marked invalid; a file that
 * changed since a trámite saved it is refused on resume. */
#include "config.h"

#include <string.h>

#include "ui/pages/vnt-pdf-attachment-row.h"
#include "vnt-test-utils.h"
#include "vnt-ui-test-utils.h"

typedef struct {
  GtkWindow           *window;
  VntPdfAttachmentRow *row;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 360, 400);
  fixture->row = VNT_PDF_ATTACHMENT_ROW (vnt_pdf_attachment_row_new ("Portada del poder notarial",
                                                                     "PDF de hasta 1024 KB",
                                                                     "Elegir la _portada…"));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->row));
  vnt_ui_test_show (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
}

static gboolean
fixtures_present (void)
{
  g_autofree char *manifest = vnt_test_fixture_path ("pdf.json");

  if (g_file_test (manifest, G_FILE_TEST_EXISTS))
    return TRUE;

  g_test_skip ("the PDF fixtures are missing (qpdf not installed?)");
  return FALSE;
}

static void
choose (Fixture    *fixture,
        const char *path,
        const char *expected_sha256)
{
  vnt_pdf_attachment_row_set_path (fixture->row, path, expected_sha256);
  g_assert_true (vnt_pdf_attachment_row_get_checking (fixture->row));
  while (vnt_pdf_attachment_row_get_checking (fixture->row))
    g_main_context_iteration (NULL, TRUE);
  vnt_ui_test_wait_frames (GTK_WIDGET (fixture->row), 1);
}

static gboolean
is_button (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_BUTTON (widget);
}

static gboolean
is_picture (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_PICTURE (widget);
}

static void
test_good (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = vnt_test_fixture_path ("pdf/poder-ultima-hoja.pdf");
  GtkWidget *button = vnt_ui_test_find (GTK_WIDGET (fixture->row), GTK_TYPE_BUTTON, is_button, NULL);
  GtkWidget *picture = vnt_ui_test_find (GTK_WIDGET (fixture->row), GTK_TYPE_PICTURE, is_picture, NULL);
  VntPdfAttachment *attachment;
  GdkPaintable *paintable;

  if (!fixtures_present ())
    return;

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button)))), ==, "Elegir la portada…");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (picture)));
  g_assert_null (vnt_pdf_attachment_row_get_details (fixture->row));

  choose (fixture, path, NULL);
  attachment = vnt_pdf_attachment_row_get_attachment (fixture->row);
  g_assert_nonnull (attachment);
  g_assert_null (vnt_pdf_attachment_row_get_message (fixture->row));
  g_assert_cmpint (vnt_pdf_attachment_get_n_pages (attachment), ==, 3);

  /* "270 KB · 3 páginas", in words a reader can say. */
  {
    g_autofree char *size = vnt_pdf_attachment_format_size (vnt_pdf_attachment_get_size (attachment));
    g_autofree char *expected = g_strdup_printf ("%s · 3 páginas", size);

    g_assert_cmpstr (vnt_pdf_attachment_row_get_details (fixture->row), ==, expected);
  }

  /* The first page, drawn. */
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (picture)));
  g_assert_true (gtk_widget_get_mapped (picture));
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (paintable)), ==, 120);
  g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (paintable)), ==, 155);
  g_assert_cmpstr (gtk_picture_get_alternative_text (GTK_PICTURE (picture)), ==,
                   "Primera página de poder-ultima-hoja.pdf");
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_INVALID));

  /* One page says "página". */
  g_free (path);
  path = vnt_test_fixture_path ("pdf/poder-portada.pdf");
  choose (fixture, path, NULL);
  g_assert_nonnull (strstr (vnt_pdf_attachment_row_get_details (fixture->row), " · 1 página"));
  g_assert_null (strstr (vnt_pdf_attachment_row_get_details (fixture->row), "páginas"));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  struct { const char *file; const char *says; } cases[] = {
    { "pdf/over-1025kb.pdf", "pesa 1025 KB y el IMSS acepta como máximo 1024 KB" },
    { "pdf/png-renamed.pdf", "no es un PDF sino un archivo PNG" },
    { "pdf/encrypted-password.pdf", "protegido con contraseña" },
    { "pdf/encrypted-restricted.pdf", "restricciones" },
    { "pdf/truncated.pdf", "incompleto o dañado" },
    { "pdf/empty.pdf", "está vacío" },
  };
  GtkWidget *button = vnt_ui_test_find (GTK_WIDGET (fixture->row), GTK_TYPE_BUTTON, is_button, NULL);
  GtkWidget *picture = vnt_ui_test_find (GTK_WIDGET (fixture->row), GTK_TYPE_PICTURE, is_picture, NULL);

  if (!fixtures_present ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = vnt_test_fixture_path (cases[i].file);
      g_autofree char *good = vnt_test_fixture_path ("pdf/poder-portada.pdf");
      const char *message;

      /* After a good one, so that the refusal also takes it away. */
      choose (fixture, good, NULL);
      g_assert_nonnull (vnt_pdf_attachment_row_get_attachment (fixture->row));

      choose (fixture, path, NULL);
      message = vnt_pdf_attachment_row_get_message (fixture->row);
      g_test_message ("%s: %s", cases[i].file, message);
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, cases[i].says));
      g_assert_null (vnt_pdf_attachment_row_get_attachment (fixture->row));
      g_assert_null (vnt_pdf_attachment_row_get_details (fixture->row));
      g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (picture)));
      g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_INVALID));
    }

  /* A good file clears the message and the invalid mark. */
  {
    g_autofree char *good = vnt_test_fixture_path ("pdf/poder-portada.pdf");

    choose (fixture, good, NULL);
    g_assert_null (vnt_pdf_attachment_row_get_message (fixture->row));
    g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_INVALID));
  }
}

/* A resumed trámite passes the digest it saved. */
static void
test_changed_on_resume (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *source = vnt_test_fixture_path ("pdf/poder-portada.pdf");
  g_autofree char *other = vnt_test_fixture_path ("pdf/poder-ultima-hoja.pdf");
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  gsize len = 0;

  if (!fixtures_present ())
    return;

  dir = g_dir_make_tmp ("vnt-ui-pdf-XXXXXX", NULL);
  copy = g_build_filename (dir, "portada.pdf", NULL);
  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);

  choose (fixture, copy, sha256);
  g_assert_nonnull (vnt_pdf_attachment_row_get_attachment (fixture->row));
  g_assert_cmpstr (vnt_pdf_attachment_get_sha256 (vnt_pdf_attachment_row_get_attachment (fixture->row)), ==, sha256);

  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (other, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  choose (fixture, copy, sha256);
  g_assert_null (vnt_pdf_attachment_row_get_attachment (fixture->row));
  g_assert_nonnull (strstr (vnt_pdf_attachment_row_get_message (fixture->row),
                            "El archivo «portada.pdf» cambió después de que lo elegiste"));

  vnt_test_remove_tree (dir);
  choose (fixture, copy, sha256);
  g_assert_nonnull (strstr (vnt_pdf_attachment_row_get_message (fixture->row), "ya no está en su carpeta"));
}

/* The service's refusal of the same file is shown in the same place. */
static void
test_show_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *good = vnt_test_fixture_path ("pdf/poder-portada.pdf");
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "El PDF está incompleto o dañado.");

  if (!fixtures_present ())
    return;

  choose (fixture, good, NULL);
  vnt_pdf_attachment_row_show_error (fixture->row, error);
  g_assert_null (vnt_pdf_attachment_row_get_attachment (fixture->row));
  g_assert_cmpstr (vnt_pdf_attachment_row_get_message (fixture->row), ==, "El PDF está incompleto o dañado.");
}

/* Closing while a check runs: nothing is touched afterwards. */
static void
test_dispose_while_checking (void)
{
  g_autofree char *path = vnt_test_fixture_path ("pdf/poder-ultima-hoja.pdf");
  GtkWidget *row = vnt_pdf_attachment_row_new ("Última hoja", "PDF", "Elegir la _última hoja…");
  GWeakRef weak;

  g_object_ref_sink (row);
  g_weak_ref_init (&weak, row);
  vnt_pdf_attachment_row_set_path (VNT_PDF_ATTACHMENT_ROW (row), path, NULL);
  g_object_run_dispose (G_OBJECT (row));
  g_object_unref (row);

  /* The worker's reference goes when its (cancelled) result arrives. */
  while (TRUE)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (&weak);

      if (alive == NULL)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_weak_ref_clear (&weak);
}

int
main (int    argc,
      char **argv)
{
  vnt_ui_test_init (&argc, &argv);

  g_test_add ("/pdf-attachment-row/good", Fixture, NULL, fixture_set_up, test_good, fixture_tear_down);
  g_test_add ("/pdf-attachment-row/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/pdf-attachment-row/changed-on-resume", Fixture, NULL, fixture_set_up,
              test_changed_on_resume, fixture_tear_down);
  g_test_add ("/pdf-attachment-row/show-error", Fixture, NULL, fixture_set_up, test_show_error,
              fixture_tear_down);
  g_test_add_func ("/pdf-attachment-row/dispose-while-checking", test_dispose_while_checking);

  return g_test_run ();
}
