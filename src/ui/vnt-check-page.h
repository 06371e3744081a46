/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crypto/vnt-check.h"

G_BEGIN_DECLS

#define VNT_TYPE_CHECK_PAGE (vnt_check_page_get_type ())
G_DECLARE_FINAL_TYPE (VntCheckPage, vnt_check_page, VNT, CHECK_PAGE, AdwBin)

GtkWidget      *vnt_check_page_new                  (void);

/* What the file choosers and drag and drop call. A non-NULL file replaces
 * the current one and NULL keeps it; a PKCS#12 (.pfx, .p12) given as @cer
 * holds its own key, so it drops the chosen key unless @key is given too. */
void            vnt_check_page_set_files            (VntCheckPage *self,
                                                     GFile        *cer,
                                                     GFile        *key);
GFile          *vnt_check_page_get_certificate_file (VntCheckPage *self);
GFile          *vnt_check_page_get_key_file         (VntCheckPage *self);
/* Forgets the files, the password and the result. */
void            vnt_check_page_reset                (VntCheckPage *self);

/* TRUE while a check's worker (from "Validar" until it has finished, even
 * when cancelled and the controls are usable again) or the sorting of
 * dropped files is running. */
gboolean        vnt_check_page_get_busy             (VntCheckPage *self);
/* Stops a running check; nothing of it will be shown. */
void            vnt_check_page_cancel               (VntCheckPage *self);
/* The report on show, or NULL. */
VntCheckReport *vnt_check_page_get_report           (VntCheckPage *self);

G_END_DECLS
