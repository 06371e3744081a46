/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A PDF the user attaches to a trámite (the cover and the last page of a
 * poder notarial), checked on this computer before anything is uploaded,
 * as the service will check it (docs/protocol.md §6.4): not empty, at most
 * 1024 KB, really a PDF (not an image renamed .pdf), not damaged and not
 * encrypted. The check also counts the pages and draws the first one for
 * a preview. It runs in a worker thread.
 *
 * A trámite keeps an attachment by path and SHA-256 only; on resume
 * vnt_pdf_attachment_check_async() with the saved digest says whether the
 * file is still the one the user chose. */

#include <gio/gio.h>

G_BEGIN_DECLS

/* The service's limit: 1024 KB = 1 048 576 bytes. */
#define VNT_PDF_ATTACHMENT_MAX_SIZE (1024 * 1024)

#define VNT_ATTACHMENT_ERROR (vnt_attachment_error_quark ())

typedef enum {
  VNT_ATTACHMENT_ERROR_FAILED,     /* "failed": the file could not be read */
  VNT_ATTACHMENT_ERROR_MISSING,    /* "missing": no file at that path (any more) */
  VNT_ATTACHMENT_ERROR_EMPTY,      /* "empty" */
  VNT_ATTACHMENT_ERROR_TOO_LARGE,  /* "too-large": over 1024 KB */
  VNT_ATTACHMENT_ERROR_NOT_PDF,    /* "not-pdf": another kind of file */
  VNT_ATTACHMENT_ERROR_DAMAGED,    /* "damaged": starts as a PDF but does not read as one */
  VNT_ATTACHMENT_ERROR_ENCRYPTED,  /* "encrypted": protected with a password or restrictions */
  VNT_ATTACHMENT_ERROR_CHANGED,    /* "changed": not the file chosen before */
} VntAttachmentError;

GQuark      vnt_attachment_error_quark          (void);
const char *vnt_attachment_error_code_to_string (VntAttachmentError code);

/* "183 KB", "1025 KB": kilobytes of 1024 bytes, rounded up, so a file
 * over the limit never reads as "1024 KB". */
char       *vnt_pdf_attachment_format_size      (guint64 size);

#define VNT_TYPE_PDF_ATTACHMENT (vnt_pdf_attachment_get_type ())
G_DECLARE_FINAL_TYPE (VntPdfAttachment, vnt_pdf_attachment, VNT, PDF_ATTACHMENT, GObject)

/* Reads and checks @path in a worker thread. @expected_sha256 (nullable):
 * the digest saved with the trámite; a file that differs now fails with
 * VNT_ATTACHMENT_ERROR_CHANGED (and a file that is gone with _MISSING).
 * @preview_width: the width in pixels of the first page's preview (0: no
 * preview). Errors are VNT_ATTACHMENT_ERROR with a message that says what
 * to do, or G_IO_ERROR_CANCELLED. */
void              vnt_pdf_attachment_check_async      (const char          *path,
                                                       const char          *expected_sha256,
                                                       int                  preview_width,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
VntPdfAttachment *vnt_pdf_attachment_check_finish     (GAsyncResult        *result,
                                                       GError             **error);

/* What was checked; a checked attachment never changes. */
const char       *vnt_pdf_attachment_get_path         (VntPdfAttachment    *self);
/* The file's name for the user (display name, no folder). */
const char       *vnt_pdf_attachment_get_name         (VntPdfAttachment    *self);
guint64           vnt_pdf_attachment_get_size         (VntPdfAttachment    *self);
/* Lowercase hex, of exactly the bytes checked. */
const char       *vnt_pdf_attachment_get_sha256       (VntPdfAttachment    *self);
int               vnt_pdf_attachment_get_n_pages      (VntPdfAttachment    *self);
/* The bytes checked: upload these, not the file as it may be later. */
GBytes           *vnt_pdf_attachment_get_contents     (VntPdfAttachment    *self);
/* The first page drawn on white, as cairo's ARGB32 (premultiplied, native
 * endian: GDK_MEMORY_DEFAULT); NULL when no preview was asked for. */
GBytes           *vnt_pdf_attachment_get_preview      (VntPdfAttachment    *self,
                                                       int                 *width,
                                                       int                 *height,
                                                       gsize               *stride);

G_END_DECLS
