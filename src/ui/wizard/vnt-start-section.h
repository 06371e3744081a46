/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vnt-wizard-context.h"

G_BEGIN_DECLS

#define VNT_TYPE_START_SECTION (vnt_start_section_get_type ())
G_DECLARE_FINAL_TYPE (VntStartSection, vnt_start_section, VNT, START_SECTION, AdwBin)

/* The start window's part for the procedures: "Continuar donde te
 * quedaste" (unfinished trámites), the registry's procedures in their
 * groups ("Escritorio Virtual", "IDSE", "SAT") and "Mis acuses". Rows
 * activate window.open-procedure with a procedure id or "resume:ID". Uses
 * the default wizard context. */
GtkWidget *vnt_start_section_new           (void);
/* Reads the store again (after a procedure closed). */
void       vnt_start_section_refresh       (VntStartSection *self);
/* TRUE while reading the store. */
gboolean   vnt_start_section_get_loading   (VntStartSection *self);
guint      vnt_start_section_get_n_unfinished (VntStartSection *self);
guint      vnt_start_section_get_n_acuses  (VntStartSection *self);
/* After "Descartar": its toast while it offers "Deshacer" (the trámite is
 * deleted when the toast goes), else NULL. */
AdwToast  *vnt_start_section_get_discard_toast (VntStartSection *self);

G_END_DECLS
