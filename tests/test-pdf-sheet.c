/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "controllers/vnt-pdf-sheet-private.h"

/* IMSS's request sheet: the longest title its form has, a long value. */
static const char * const rows[] = {
  "Folio",
  "IMSS-0000123",
  "Nombre, denominación o razón social",
  "Comercializadora de Productos del Norte y del Bajío, Sociedad Anónima de Capital Variable",
  "Registro patronal",
  "Y5412345108",
  NULL,
};

static const VntPdfSheet sheet = {
  .colour = { 0.0, 0.33, 0.24 },
  .title = "SOLICITUD DE CERTIFICADO DIGITAL",
  .intro = "Take this request to your IMSS office.",
  .rows = rows,
  .label_width = 70,
};

/* A title wraps inside its column: its ink never reaches the values'. */
static void
test_labels_wrap (void)
{
  double value_x = 0;
  double ink = vnt_pdf_sheet_measure_labels (&sheet, &value_x);

  g_assert_cmpfloat (ink, >, 0);
  g_assert_cmpfloat (ink, <, value_x);
}

/* SAT's sheet: a digest is one word longer than its column. */
static const char * const digest_rows[] = {
  "Huella SHA-256 del requerimiento",
  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
  "9f86d081884c7d659a2feaa0c55ad015",
  NULL,
};

static const VntPdfSheet digest_sheet = {
  .colour = { 0.45, 0.05, 0.15 },
  .title = "REQUERIMIENTO DE e.firma",
  .rows = digest_rows,
  .label_width = 62,
};

/* Nothing is drawn past the right margin, a long word either. */
static void
test_long_words_cut (void)
{
  double limit = 0;
  double ink = vnt_pdf_sheet_measure_ink (&digest_sheet, &limit);

  g_assert_cmpfloat (ink, >, limit / 2);
  g_assert_cmpfloat (ink, <=, limit);
  ink = vnt_pdf_sheet_measure_ink (&sheet, &limit);
  g_assert_cmpfloat (ink, <=, limit);
}

static void
test_render (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = vnt_pdf_sheet_render (&sheet, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pdf-sheet/render", test_render);
  g_test_add_func ("/pdf-sheet/labels-wrap", test_labels_wrap);
  g_test_add_func ("/pdf-sheet/long-words-cut", test_long_words_cut);
  return g_test_run ();
}
