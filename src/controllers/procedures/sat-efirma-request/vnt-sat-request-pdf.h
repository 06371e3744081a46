/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A printable SAT request (cairo, US letter): its title, a paragraph, the
 * data as title and value pairs, a list under its heading (what to bring),
 * and a line to sign. */

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  const char         *title;
  const char         *intro;
  const char * const *rows;          /* title, value, …, NULL */
  const char         *list_heading;
  const char * const *list;          /* NULL-terminated, or NULL */
  const char         *signature;     /* under the line to sign, or NULL */
  gboolean            practice;
} VntSatRequestPdf;

GBytes  *vnt_sat_request_pdf_render (const VntSatRequestPdf  *pdf,
                                     GError                 **error);

G_END_DECLS
