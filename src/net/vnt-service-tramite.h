/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the service answers about a trámite and its carta, as typed
 * objects the controllers and pages read (docs/protocol.md §6.2, §6.4):
 * VntServiceTramite is a trámite ("folio", "revision", "status",
 * "message", "requirements" and the "review" the user confirms);
 * VntCarta a carta de términos whose digest was checked. Both keep the
 * JSON as received, which is what a trámite record saves. */

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VNT_TYPE_SERVICE_TRAMITE (vnt_service_tramite_get_type ())
G_DECLARE_FINAL_TYPE (VntServiceTramite, vnt_service_tramite, VNT, SERVICE_TRAMITE, GObject)

/* VNT_NET_ERROR_INVALID_RESPONSE without a folio. */
VntServiceTramite *vnt_service_tramite_new_from_json (JsonObject        *tramite,
                                                      GError           **error);
/* The trámite as received (borrowed). */
JsonObject        *vnt_service_tramite_get_json      (VntServiceTramite *self);
const char        *vnt_service_tramite_get_folio     (VntServiceTramite *self);
const char        *vnt_service_tramite_get_status    (VntServiceTramite *self);
/* 1 when the service sent none. */
gint64             vnt_service_tramite_get_revision  (VntServiceTramite *self);
/* The service's sentence for the step, or NULL. */
const char        *vnt_service_tramite_get_message   (VntServiceTramite *self);
/* requirements.terms: the carta finalize accepts ("ctc-ev"), or NULL when
 * the procedure takes none. */
const char        *vnt_service_tramite_get_terms_id  (VntServiceTramite *self);

/* The review, member by member; NULL when absent or not a string. */
const char        *vnt_service_tramite_get_holder_name (VntServiceTramite *self);
const char        *vnt_service_tramite_get_curp      (VntServiceTramite *self);
const char        *vnt_service_tramite_get_rfc       (VntServiceTramite *self);
const char        *vnt_service_tramite_get_certificate_number          (VntServiceTramite *self);
const char        *vnt_service_tramite_get_previous_certificate_number (VntServiceTramite *self);
/* review.tramite_sha256: what a co-signer signs. */
const char        *vnt_service_tramite_get_tramite_sha256 (VntServiceTramite *self);
/* Any other member of the review a procedure defines (borrowed), or NULL. */
JsonNode          *vnt_service_tramite_get_review_member (VntServiceTramite *self,
                                                          const char        *name);

#define VNT_TYPE_CARTA (vnt_carta_get_type ())
G_DECLARE_FINAL_TYPE (VntCarta, vnt_carta, VNT, CARTA, GObject)

/* Checks that the digest is of the text shown (what finalize accepts):
 * VNT_NET_ERROR_INVALID_RESPONSE otherwise. */
VntCarta          *vnt_carta_new_from_json (JsonObject *carta,
                                            GError    **error);
JsonObject        *vnt_carta_get_json      (VntCarta   *self);
const char        *vnt_carta_get_id        (VntCarta   *self);
const char        *vnt_carta_get_version   (VntCarta   *self);
const char        *vnt_carta_get_title     (VntCarta   *self);
const char        *vnt_carta_get_text      (VntCarta   *self);
const char        *vnt_carta_get_sha256    (VntCarta   *self);

G_END_DECLS
