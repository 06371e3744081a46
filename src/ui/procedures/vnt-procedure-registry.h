/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Procedures as data. Each procedure is one descriptor, in a folder of its
 * own (src/ui/procedures/<folder>/, its controller in
 * src/controllers/procedures/<folder>/), and vnt-procedure-list.h lists
 * them. The start window's groups and rows, starting a procedure, resuming
 * a saved trámite, the view's title and "Mis acuses" all come from here: no
 * other code knows a procedure by its id. */

#include "controllers/vnt-procedure.h"
#include "crypto/vnt-watch.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* The groups of the start window, in order. */
typedef enum {
  VNT_PROCEDURE_GROUP_ESCRITORIO_VIRTUAL,
  VNT_PROCEDURE_GROUP_IDSE,
  VNT_PROCEDURE_GROUP_SAT,
  VNT_PROCEDURE_N_GROUPS,
} VntProcedureGroup;

/* Makes one page of @procedure; NULL leaves it out. */
typedef VntPage   *(*VntPagePrepare)       (VntProcedure *procedure,
                                            gboolean      practice);
/* Makes what a procedure shows under its acuse. */
typedef GtkWidget *(*VntAcuseExtraPrepare) (VntProcedure *procedure,
                                            gboolean      practice);

typedef enum {
  VNT_PAGE_ENTRY_NONE    = 0,
  /* Where a resumed trámite opens its e.firma again (the password is
   * never saved) before going on. */
  VNT_PAGE_ENTRY_UNLOCKS = 1 << 0,
} VntPageEntryFlags;

/* One row of a procedure's page table: the assistant's page @id, the
 * controller steps it serves (NULL-terminated: a resumed trámite opens on
 * the page that serves its step) and its factory. */
typedef struct {
  const char         *id;
  const char * const *steps;
  VntPagePrepare      prepare;
  VntPageEntryFlags   flags;
  /* Without @prepare: the acuse most procedures end on, its title and
   * text untranslated (N_()), and what goes under it, if anything (an
   * IDSE certificate's box). */
  const char           *acuse_title;
  const char           *acuse_text;
  VntAcuseExtraPrepare  acuse_extra;
} VntPageEntry;

/* A NULL-terminated list of steps, for VntPageEntry.steps. */
#define VNT_STEPS(...) ((const char * const []) { __VA_ARGS__, NULL })

typedef struct {
  /* The protocol's procedure id, as its controller class has it. */
  const char          *id;
  /* Untranslated (N_()): the row's title and the view's, and its subtitle. */
  const char          *name;
  const char          *subtitle;
  const char          *icon_name;
  VntProcedureGroup    group;
  /* The controller: a VntProcedure subclass. */
  GType              (*get_type) (void);
  const VntPageEntry  *pages;
  gsize                n_pages;
  /* The procedure to offer when its e.firma step finds no account (its
   * controller's VNT_EFIRMA_OUTCOME_NO_ACCOUNT), or NULL. */
  const char          *no_account_procedure;
  /* "Mis e.firmas" offers this procedure for an expiring or expired
   * certificate of these kinds (VNT_RENEWS (VNT_WATCH_KIND_…) | …),
   * lowest @renew_order first (the renewal, then what follows it); 0:
   * never. */
  guint                renews;
  guint                renew_order;
  /* The procedure to offer when the CURP has an account already
   * (VNT_EFIRMA_OUTCOME_ACCOUNT_EXISTS), or NULL. */
  const char          *account_exists_procedure;
  /* The procedure to offer when a company's e.firma (persona moral) is
   * chosen where a person's goes, or NULL. */
  const char          *persona_moral_procedure;
} VntProcedureDescriptor;

#define VNT_RENEWS(kind) (1u << (kind))

/* Why one procedure offers another. The procedure view's action
 * "procedure.offer" takes (nick, CURP): the nick ("no-account", …) and the
 * CURP typed ("": the e.firma step's), which goes on in the offered one. */
typedef enum {
  VNT_PROCEDURE_OFFER_NO_ACCOUNT,
  VNT_PROCEDURE_OFFER_ACCOUNT_EXISTS,
  VNT_PROCEDURE_OFFER_PERSONA_MORAL,
} VntProcedureOffer;

guint                         vnt_procedure_registry_get_n_items (void);
const VntProcedureDescriptor *vnt_procedure_registry_get         (guint              position);
/* NULL for an id no descriptor has. */
const VntProcedureDescriptor *vnt_procedure_registry_lookup      (const char        *id);
/* The procedures to offer for an expiring or expired certificate of
 * @kind, in order (const VntProcedureDescriptor *); empty when none. */
GPtrArray                    *vnt_procedure_registry_for_renewal (VntWatchKind       kind);
/* The translated title of a group ("Escritorio Virtual"). */
const char                   *vnt_procedure_group_get_title      (VntProcedureGroup  group);
/* The translated name of a procedure id; the id itself when unknown. */
const char                   *vnt_procedure_display_name         (const char        *id);

/* The procedure @self offers for @offer, or NULL. */
const VntProcedureDescriptor *vnt_procedure_descriptor_get_offer (const VntProcedureDescriptor *self,
                                                                  VntProcedureOffer             offer);
const char                   *vnt_procedure_offer_to_nick        (VntProcedureOffer  offer);
/* FALSE for an unknown nick. */
gboolean                      vnt_procedure_offer_from_nick      (const char        *nick,
                                                                  VntProcedureOffer *offer);

/* Whether @self's procedure is done wholly on this computer (its class's
 * local_only): it starts without the service. */
gboolean                      vnt_procedure_descriptor_get_local_only (const VntProcedureDescriptor *self);
/* A new trámite of @self's procedure; @client may be NULL for a local_only
 * one. */
VntProcedure                 *vnt_procedure_descriptor_create    (const VntProcedureDescriptor *self,
                                                                  VntServiceClient             *client,
                                                                  VntTramiteStore              *store,
                                                                  gboolean                      practice);
/* The controller for a saved @record; VNT_PROCEDURE_ERROR_FAILED when no
 * descriptor runs its procedure. */
VntProcedure                 *vnt_procedure_registry_resume      (VntServiceClient             *client,
                                                                  VntTramiteStore              *store,
                                                                  VntTramite                   *record,
                                                                  gboolean                      practice,
                                                                  GError                      **error);
/* Makes @self's page for @procedure; NULL leaves it out. */
VntPage                      *vnt_page_entry_prepare             (const VntPageEntry           *self,
                                                                  VntProcedure                 *procedure,
                                                                  gboolean                      practice);
/* The page id @procedure goes on from (its step; the unlocking page while
 * its e.firma must be opened again). */
const char                   *vnt_procedure_descriptor_page_for  (const VntProcedureDescriptor *self,
                                                                  VntProcedure                 *procedure);

G_END_DECLS
