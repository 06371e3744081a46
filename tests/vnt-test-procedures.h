/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Short names for the pieces composed into a procedure controller. */

#include "controllers/vnt-procedure-facets.h"

#define EFIRMA(p) vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (p))
#define FLOW(p)   vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (p))
