/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A company its representative may remove ("Datos de las empresas
 * representadas", docs/protocol.md §7.4), as the service lists it with
 * vnt_service_client_list_companies_async(). */

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VNT_TYPE_REPRESENTED_COMPANY (vnt_represented_company_get_type ())
G_DECLARE_FINAL_TYPE (VntRepresentedCompany, vnt_represented_company, VNT, REPRESENTED_COMPANY, GObject)

/* The companies of a list_companies answer, element type
 * VntRepresentedCompany, in the service's order (empty: none to remove).
 * VNT_NET_ERROR_INVALID_RESPONSE when it is not such a list. */
GPtrArray  *vnt_represented_companies_from_json         (JsonObject            *answer,
                                                         GError               **error);
/* The same list as JSON (what a trámite record keeps). */
JsonObject *vnt_represented_companies_to_json           (GPtrArray             *companies);

const char *vnt_represented_company_get_rfc             (VntRepresentedCompany *self);
/* "Nombre / Razón Social". */
const char *vnt_represented_company_get_razon_social    (VntRepresentedCompany *self);
/* "moral" or "fisica", as the service says. */
const char *vnt_represented_company_get_tipo_persona    (VntRepresentedCompany *self);
/* "dominio", "especial-imss", "administracion", or NULL. */
const char *vnt_represented_company_get_tipo_poder      (VntRepresentedCompany *self);
/* The folio that registered the representation, or NULL. */
const char *vnt_represented_company_get_folio           (VntRepresentedCompany *self);

G_END_DECLS
