/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The facets of VntCheckPage, one file each. */

#include <adwaita.h>

#include "crypto/vnt-crypto.h"

G_BEGIN_DECLS

/* vnt-check-page-facts.c: the certificate's facts, a row each. The rows are
 * built once into a list and updated for each report, not rebuilt: laying
 * out a new set of rows for every verdict kept the main thread busy past a
 * frame. */
typedef struct _VntCheckPageFacts VntCheckPageFacts;

VntCheckPageFacts *vnt_check_page_facts_new    (GtkListBox        *list);
void               vnt_check_page_facts_free   (VntCheckPageFacts *facts);
void               vnt_check_page_facts_update (VntCheckPageFacts *facts,
                                                VntCertificate    *certificate,
                                                VntChainStatus     chain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntCheckPageFacts, vnt_check_page_facts_free)

/* The problems to check, a row each, kept and reused in the same way: a
 * new AdwActionRow per problem cost more than all the facts together. */
typedef struct _VntCheckPageProblems VntCheckPageProblems;

VntCheckPageProblems *vnt_check_page_problems_new    (GtkListBox           *list);
void                  vnt_check_page_problems_free   (VntCheckPageProblems *problems);
void                  vnt_check_page_problems_update (VntCheckPageProblems *problems,
                                                      GPtrArray            *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntCheckPageProblems, vnt_check_page_problems_free)

G_END_DECLS
