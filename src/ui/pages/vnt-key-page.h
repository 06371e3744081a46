/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_KEY_PAGE (vnt_key_page_get_type ())
G_DECLARE_FINAL_TYPE (VntKeyPage, vnt_key_page, VNT, KEY_PAGE, VntPage)

/* A new private key (the procedure's VntKeygenStep, through
 * VntHasKeygen): where to save it (a removable drive suggested, a default
 * file name, "Elegir…" opens the file chooser), its password and its
 * confirmation; the forward button ("Generar llave") generates it with a
 * progress bar that says the system's random source is used. After a
 * resume only the password is asked, to open the saved key again. A
 * page table's factory (VntPagePrepare). */
VntPage    *vnt_key_page_new (VntProcedure *procedure,
                              gboolean      practice);

/* What the file chooser would set. */
void        vnt_key_page_set_file    (VntKeyPage   *self,
                                      GFile        *file);
/* The file the key will be (or was) saved to, or NULL. */
GFile      *vnt_key_page_get_file    (VntKeyPage   *self);
/* The progress bar's fraction and the sentence under it. */
double      vnt_key_page_get_fraction (VntKeyPage  *self);
const char *vnt_key_page_get_status   (VntKeyPage  *self);

G_END_DECLS
