/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "controllers/steps/vnt-pdf-attachment.h"

G_BEGIN_DECLS

/* One PDF to attach (the cover of the poder notarial, its last page): a
 * button opens the file chooser (through the portal inside Flatpak); the
 * file chosen is checked in a worker thread (vnt_pdf_attachment_check_async)
 * and shown with its name, size, page count and first page, or with the
 * reason it cannot go and what to do, next to the button.
 *
 * Properties: "title", "description", "button-label" (construct-only
 * strings), "attachment" (VntPdfAttachment, read-only: the good file
 * checked last, NULL while there is none) and "checking" (read-only). */

#define VNT_TYPE_PDF_ATTACHMENT_ROW (vnt_pdf_attachment_row_get_type ())
G_DECLARE_FINAL_TYPE (VntPdfAttachmentRow, vnt_pdf_attachment_row, VNT, PDF_ATTACHMENT_ROW, AdwBin)

/* @button_label has a mnemonic and names the document ("Elegir la
 * _portada…"), so that two rows never have buttons of the same name. */
GtkWidget        *vnt_pdf_attachment_row_new            (const char          *title,
                                                         const char          *description,
                                                         const char          *button_label);
/* Checks the file at @path as if the user chose it; @expected_sha256
 * (nullable) is the digest a resumed trámite saved, so a file that changed
 * since is refused. Cancels a check still running. */
void              vnt_pdf_attachment_row_set_path       (VntPdfAttachmentRow *self,
                                                         const char          *path,
                                                         const char          *expected_sha256);
VntPdfAttachment *vnt_pdf_attachment_row_get_attachment (VntPdfAttachmentRow *self);
gboolean          vnt_pdf_attachment_row_get_checking   (VntPdfAttachmentRow *self);
/* Shows @error (a refusal of this file, e.g. by the service) inline and
 * forgets the file. */
void              vnt_pdf_attachment_row_show_error     (VntPdfAttachmentRow *self,
                                                         const GError        *error);
/* The message shown under the button, or NULL. */
const char       *vnt_pdf_attachment_row_get_message    (VntPdfAttachmentRow *self);
/* The text under the file name ("99 KB · 1 página"), or NULL. */
const char       *vnt_pdf_attachment_row_get_details    (VntPdfAttachmentRow *self);

G_END_DECLS
