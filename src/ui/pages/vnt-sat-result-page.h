/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_SAT_RESULT_PAGE (vnt_sat_result_page_get_type ())
G_DECLARE_FINAL_TYPE (VntSatResultPage, vnt_sat_result_page, VNT, SAT_RESULT_PAGE, VntPage)

/* The last page of a SAT procedure done on this computer: what was
 * written (each file with its folder; a PDF can be opened), then what to
 * do next as numbered steps, then anything more the procedure adds (a
 * checklist), and "Salir". Its content is filled each time it is shown,
 * by @fill, from @procedure. */
typedef void (*VntSatResultFill) (VntSatResultPage *page,
                                  VntProcedure     *procedure);

VntPage    *vnt_sat_result_page_new         (VntProcedure     *procedure,
                                             VntSatResultFill  fill);

/* For @fill; each call to fill starts from an empty page. */
void        vnt_sat_result_page_set_heading (VntSatResultPage *self,
                                             const char       *title,
                                             const char       *description);
/* @path's name with its folder under it; a PDF gets an "Abrir" button.
 * Nothing for a NULL @path (not written yet). */
void        vnt_sat_result_page_add_file    (VntSatResultPage *self,
                                             const char       *title,
                                             const char       *path);
/* A row of a fact (a digest) under the files. */
void        vnt_sat_result_page_add_fact    (VntSatResultPage *self,
                                             const char       *title,
                                             const char       *value);
void        vnt_sat_result_page_set_steps_title (VntSatResultPage *self,
                                             const char       *title);
/* One step more under "What to do next", numbered. */
void        vnt_sat_result_page_add_step    (VntSatResultPage *self,
                                             const char       *text);
/* A group after the steps (the page shows and owns it). */
void        vnt_sat_result_page_add_group   (VntSatResultPage *self,
                                             GtkWidget        *group);

/* For tests: the texts of the steps. */
GPtrArray  *vnt_sat_result_page_get_steps   (VntSatResultPage *self);

G_END_DECLS
