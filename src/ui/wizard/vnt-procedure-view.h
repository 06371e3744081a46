/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "controllers/vnt-procedure.h"
#include "vnt-assistant.h"
#include "vnt-wizard-context.h"

G_BEGIN_DECLS

#define VNT_TYPE_PROCEDURE_VIEW (vnt_procedure_view_get_type ())
G_DECLARE_FINAL_TYPE (VntProcedureView, vnt_procedure_view, VNT, PROCEDURE_VIEW, AdwBin)

/* One procedure on screen: waits for the service (practice mode starts its
 * sandbox), then shows the assistant with the procedure's pages, from the
 * step reached when resumed. @what is a procedure id (as the registry
 * lists them) or "resume:" and a saved trámite's id. Properties
 * "title": the procedure's name; "subtitle": the shown page's title
 * (NULL while there is none). */
VntProcedureView *vnt_procedure_view_new           (VntWizardContext *context,
                                                    const char       *what);
const char       *vnt_procedure_view_get_title     (VntProcedureView *self);
const char       *vnt_procedure_view_get_subtitle  (VntProcedureView *self);
/* NULL while the service starts, or when it could not. */
VntAssistant     *vnt_procedure_view_get_assistant (VntProcedureView *self);
VntProcedure     *vnt_procedure_view_get_procedure (VntProcedureView *self);
/* TRUE while waiting for the service. */
gboolean          vnt_procedure_view_get_preparing (VntProcedureView *self);

G_END_DECLS
