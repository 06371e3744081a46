/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/steps/vnt-pfx-step.h"
#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* The rows that protect a `.pfx`, wherever it is saved: the IDSE
 * contraseña, its confirmation (Enter in the first goes to it) and the
 * switch for the compatibility profile (off: the modern one). Whoever
 * adds them listens to the rows' "changed" and to the confirmation's
 * "entry-activated". */
typedef struct
{
  GtkWidget *password_row;
  GtkWidget *confirm_row;
  GtkWidget *compat_switch;
} VntPfxPasswordRows;

void             vnt_pfx_password_rows_add (VntPfxPasswordRows *rows,
                                            GtkWidget          *group);
/* Whether the contraseña and its confirmation are both typed. */
gboolean         vnt_pfx_password_rows_get_filled (const VntPfxPasswordRows *rows);
/* The contraseña; NULL, with VNT_CRYPTO_ERROR_WRONG_PASSWORD, when its
 * confirmation is another. */
const char      *vnt_pfx_password_rows_check (const VntPfxPasswordRows *rows,
                                              GError                  **error);
VntPkcs12Profile vnt_pfx_password_rows_get_profile (const VntPfxPasswordRows *rows);
/* Typed once, used once: empties both. */
void             vnt_pfx_password_rows_clear (const VntPfxPasswordRows *rows);

/* The fact rows that show the IDSE certificate a `.pfx` holds (or will):
 * its número and validity, and its holder's name and RFC where there are
 * rows for them (else NULL). */
typedef struct
{
  AdwActionRow *number_row;
  AdwActionRow *name_row;
  AdwActionRow *rfc_row;
  AdwActionRow *validity_row;
} VntCertificateRows;

/* Shows @certificate in @rows; nothing while it is NULL. */
void vnt_certificate_rows_show (const VntCertificateRows *rows,
                                VntCertificate           *certificate);

#define VNT_TYPE_PFX_PAGE (vnt_pfx_page_get_type ())
G_DECLARE_FINAL_TYPE (VntPfxPage, vnt_pfx_page, VNT, PFX_PAGE, VntPage)

/* The IDSE certificate and its key saved as a `.pfx` (the procedure's
 * VntPfxStep, through VntHasPfx): the certificate it holds (fetched
 * first, when the procedure prepares the step), where to save it (a
 * default file name beside the key the procedure generated, else in
 * Documents; "Elegir…" opens the file chooser, through the portal when
 * there is one), the IDSE contraseña that protects it and its
 * confirmation, and the compatibility profile for older programs (off:
 * the modern one). The forward button ("Guardar .pfx") packs and writes
 * it, never over an existing file; once saved, the page says where and
 * lets the user go on. @intro says why. */
VntPage    *vnt_pfx_page_new      (VntProcedure *procedure,
                                   const char   *intro);
/* What the file chooser would set. */
void        vnt_pfx_page_set_file (VntPfxPage   *self,
                                   GFile        *file);
GFile      *vnt_pfx_page_get_file (VntPfxPage   *self);
/* For tests: the rows. */
GtkWidget  *vnt_pfx_page_get_password_row (VntPfxPage *self);
GtkWidget  *vnt_pfx_page_get_confirm_row  (VntPfxPage *self);
GtkWidget  *vnt_pfx_page_get_compat_row   (VntPfxPage *self);
GtkWidget  *vnt_pfx_page_get_location_row (VntPfxPage *self);
/* The sentence about the certificate being fetched (or why not). */
const char *vnt_pfx_page_get_status       (VntPfxPage *self);

#define VNT_TYPE_PFX_SAVED_PAGE (vnt_pfx_saved_page_get_type ())
G_DECLARE_FINAL_TYPE (VntPfxSavedPage, vnt_pfx_saved_page, VNT, PFX_SAVED_PAGE, VntPage)

/* The end: @title, @description, where the `.pfx` went and "Salir". */
VntPage    *vnt_pfx_saved_page_new      (VntProcedure    *procedure,
                                         const char      *title,
                                         const char      *description);
const char *vnt_pfx_saved_page_get_path (VntPfxSavedPage *self);

G_END_DECLS
