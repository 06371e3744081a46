/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sandbox/vnt-sandbox-private.h"

/* The trámites' life cycle (docs/protocol.md §6.4), whatever their
 * procedure: each procedure's own rules are in its family's file. */

const Carta *
vnt_sandbox_find_carta (const char *id)
{
  const Carta *tables[] = { vnt_sandbox_account_cartas, vnt_sandbox_idse_cartas };

  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const Carta *carta = tables[t]; carta->id != NULL; carta++)
      if (g_strcmp0 (carta->id, id) == 0)
        return carta;

  return NULL;
}

static const VntSandboxProcedure * const procedure_tables[] = {
  vnt_sandbox_account_procedures,
  vnt_sandbox_company_procedures,
  vnt_sandbox_idse_procedures,
};

const VntSandboxProcedure *
vnt_sandbox_find_procedure (const char *id)
{
  for (gsize t = 0; t < G_N_ELEMENTS (procedure_tables); t++)
    for (const VntSandboxProcedure *procedure = procedure_tables[t]; procedure->id != NULL; procedure++)
      if (g_strcmp0 (procedure->id, id) == 0)
        return procedure;

  return NULL;
}

void
vnt_sandbox_foreach_procedure (GFunc    func,
                               gpointer user_data)
{
  for (gsize t = 0; t < G_N_ELEMENTS (procedure_tables); t++)
    for (const VntSandboxProcedure *procedure = procedure_tables[t]; procedure->id != NULL; procedure++)
      func ((gpointer) procedure, user_data);
}

/* The carta a procedure's finalize accepts; NULL: none. */
static const char *
procedure_terms (const char *id)
{
  const VntSandboxProcedure *procedure = vnt_sandbox_find_procedure (id);

  return procedure != NULL ? procedure->carta : NULL;
}

char *
vnt_sandbox_terms_sha256 (const Carta *carta)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, carta->text, -1);
}

static const char *
procedure_name (const char *id)
{
  const VntSandboxProcedure *procedure = vnt_sandbox_find_procedure (id);

  return procedure != NULL ? procedure->name : id;
}

const char * const *
vnt_sandbox_procedure_attachments (const char *id)
{
  static const char * const none[] = { NULL };
  const VntSandboxProcedure *procedure = vnt_sandbox_find_procedure (id);

  return procedure != NULL && procedure->attachments != NULL ? procedure->attachments : none;
}

const char *
vnt_sandbox_procedure_cosigner (const char *id)
{
  const VntSandboxProcedure *procedure = vnt_sandbox_find_procedure (id);

  return procedure != NULL ? procedure->cosigner : NULL;
}

static gboolean
has_attachment (VntSandbox *self,
                const char *folio,
                const char *kind)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT size FROM attachments WHERE folio = ? AND kind = ?",
                                                    "ss", folio, kind);
  return rows->len > 0;
}

static gboolean
has_cosignature (VntSandbox *self,
                 const char *folio,
                 const char *role)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT rfc FROM cosignatures WHERE folio = ? AND role = ?",
                                                    "ss", folio, role);
  return rows->len > 0;
}

void
vnt_sandbox_add_tramite (VntSandbox        *self,
                         JsonBuilder       *builder,
                         VntSandboxTramite *tramite)
{
  const char * const *kinds = vnt_sandbox_procedure_attachments (tramite->procedure);
  const char *cosigner = vnt_sandbox_procedure_cosigner (tramite->procedure);
  const char *carta = procedure_terms (tramite->procedure);
  g_autofree char *created = vnt_sandbox_format_unix (tramite->created_at);
  g_autofree char *expires = vnt_sandbox_format_unix (tramite->expires_at);
  gboolean draft = g_str_equal (tramite->status, "draft");
  const VntSandboxProcedure *procedure = vnt_sandbox_find_procedure (tramite->procedure);

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "folio", tramite->folio);
  vnt_json_add_string (builder, "procedure", tramite->procedure);
  vnt_json_add_string (builder, "status", tramite->status);
  vnt_json_add_int (builder, "revision", tramite->revision);
  vnt_json_add_string (builder, "created_at", created);
  vnt_json_add_string (builder, "expires_at", expires);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, vnt_sandbox_text_to_node (tramite->data));
  json_builder_set_member_name (builder, "review");
  json_builder_add_value (builder, vnt_sandbox_text_to_node (tramite->review));
  json_builder_set_member_name (builder, "requirements");
  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "terms", draft ? carta : NULL);
  /* What is still missing. */
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (gsize i = 0; draft && kinds[i] != NULL; i++)
    if (!has_attachment (self, tramite->folio, kinds[i]))
      json_builder_add_string_value (builder, kinds[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cosigners");
  json_builder_begin_array (builder);
  if (draft && cosigner != NULL && !has_cosignature (self, tramite->folio, cosigner))
    json_builder_add_string_value (builder, cosigner);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "message");
  if (draft && procedure != NULL && procedure->draft_message != NULL)
    json_builder_add_string_value (builder, procedure->draft_message);
  else if (draft && carta != NULL)
    json_builder_add_string_value (builder, "Revisa tus datos y acepta la carta de términos y condiciones para terminar.");
  else if (draft)
    json_builder_add_string_value (builder, "Revisa tus datos y finaliza el trámite.");
  else if (g_str_equal (tramite->status, "pending"))
    json_builder_add_string_value (builder, "La solicitud espera que la concluyas en tu Subdelegación.");
  else
    json_builder_add_string_value (builder, "El trámite está concluido.");
  json_builder_end_object (builder);
}

void
vnt_sandbox_acuse_add_reviewed (VntSandboxAcuse *acuse,
                                const char      *member)
{
  vnt_json_add_string (acuse->out, member, vnt_json_get_string (acuse->review, member));
}

static void
add_acuse (JsonBuilder        *builder,
           VntServiceIdentity *identity,
           GBytes             *payload,
           const char         *signature)
{
  GBytes *der = vnt_certificate_get_der (vnt_service_identity_get_certificate (identity));
  g_autofree char *payload_b64 = g_base64_encode (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  g_autofree char *der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "payload", payload_b64);
  json_builder_set_member_name (builder, "signature");
  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "algorithm", "rsa-pkcs1-sha256");
  vnt_json_add_string (builder, "certificate", der_b64);
  vnt_json_add_string (builder, "value", signature);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* ---- GET /v1/terms/{id} ---- */

void
vnt_sandbox_handle_terms (VntSandbox        *self,
                          SoupServerMessage *msg,
                          const char        *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const Carta *carta = vnt_sandbox_find_carta (id);
  g_autofree char *sha256 = NULL;

  if (carta == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such carta",
                                "El servicio no tiene esa carta de términos.");
      return;
    }

  json_builder_begin_object (builder);
  sha256 = vnt_sandbox_terms_sha256 (carta);
  vnt_json_add_string (builder, "id", carta->id);
  vnt_json_add_string (builder, "version", carta->version);
  vnt_json_add_string (builder, "title", carta->title);
  vnt_json_add_string (builder, "text", carta->text);
  vnt_json_add_string (builder, "sha256", sha256);
  json_builder_end_object (builder);

  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* Whether @terms (an "accept_terms" member) accept the current @carta. */
gboolean
vnt_sandbox_terms_accept_carta (JsonObject  *terms,
                                const Carta *carta)
{
  g_autofree char *expected_sha256 = vnt_sandbox_terms_sha256 (carta);

  return terms != NULL && g_strcmp0 (vnt_json_get_string (terms, "id"), carta->id) == 0 &&
         g_strcmp0 (vnt_json_get_string (terms, "version"), carta->version) == 0 &&
         g_strcmp0 (vnt_json_get_string (terms, "sha256"), expected_sha256) == 0;
}

void
vnt_sandbox_handle_start_tramite (VntSandbox        *self,
                                  SoupServerMessage *msg,
                                  GBytes            *body)
{
  g_autoptr(JsonObject) request = vnt_sandbox_parse_object (body);
  JsonObject *data = vnt_json_get_object (request, "data");
  const char *id = vnt_json_get_string (request, "procedure");
  const VntSandboxProcedure *procedure;

  if (request == NULL || data == NULL || id == NULL)
    {
      vnt_sandbox_send_malformed (msg, "{\"procedure\", \"data\"}");
      return;
    }

  procedure = vnt_sandbox_find_procedure (id);
  if (procedure == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Unknown procedure",
                                "El servicio no conoce ese trámite.");
      return;
    }

  procedure->start (self, msg, body, procedure->id, data);
}

/* The trámite at @folio; else sends the problem. */
VntSandboxTramite *
vnt_sandbox_find_tramite (VntSandbox        *self,
                          SoupServerMessage *msg,
                          const char        *folio)
{
  VntSandboxTramite *tramite = vnt_sandbox_db_find_tramite (self->db, folio);

  if (tramite == NULL)
    vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "No such trámite",
                              "No existe un trámite con ese folio. Revisa el folio.");

  return tramite;
}

VntSandboxTramite *
vnt_sandbox_owned_tramite (VntSandbox        *self,
                           SoupServerMessage *msg,
                           const char        *folio,
                           const char        *procedure,
                           GBytes            *body,
                           Applicant         *applicant,
                           const char        *draft_detail)
{
  g_autoptr(VntSandboxTramite) tramite = vnt_sandbox_db_find_tramite (self->db, folio);
  ProofKind kind = tramite != NULL ? vnt_sandbox_tramite_proof_kind (tramite) : PROOF_EFIRMA;

  /* The proof first: without one, a folio that does not exist answers
   * like one that does, so folios cannot be probed. */
  if (!vnt_sandbox_check_proof_kind (self, msg, procedure, body, kind, applicant))
    return NULL;

  if (tramite == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "tramite-not-found", "No such trámite",
                                "No existe un trámite con ese folio. Revisa el folio.");
      return NULL;
    }

  if (g_strcmp0 (applicant->curp, tramite->applicant_curp) != 0 ||
      g_strcmp0 (applicant->rfc, tramite->applicant_rfc) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not the applicant",
                                "Este trámite pertenece a otra persona. Solo quien lo inició puede consultarlo o concluirlo.");
      return NULL;
    }

  /* An IDSE certificate's cancellation or renewal is that certificate's:
   * an employer's other certificates (same RFC) have no say in it. */
  if ((kind == PROOF_IDSE || kind == PROOF_IDSE_RENEW) &&
      g_strcmp0 (vnt_certificate_get_number (applicant->certificate), tramite->certificate_number) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not the certificate that started it",
                                "Este trámite lo inició otro certificado digital de IDSE. Solo ese certificado puede consultarlo o concluirlo.");
      return NULL;
    }

  if (draft_detail != NULL && !vnt_sandbox_check_open_draft (msg, tramite, draft_detail))
    return NULL;

  return g_steal_pointer (&tramite);
}

gboolean
vnt_sandbox_check_open_draft (SoupServerMessage *msg,
                              VntSandboxTramite *tramite,
                              const char        *detail)
{
  if (g_str_equal (tramite->status, "draft") &&
      tramite->expires_at > g_get_real_time () / G_USEC_PER_SEC)
    return TRUE;

  vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "tramite-not-draft",
                            "The trámite is not a draft", detail);
  return FALSE;
}

void
vnt_sandbox_handle_finalize (VntSandbox        *self,
                             SoupServerMessage *msg,
                             const char        *folio,
                             GBytes            *body)
{
  g_autoptr(JsonObject) request = vnt_sandbox_parse_object (body);
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(JsonBuilder) payload_builder = json_builder_new ();
  g_autoptr(JsonBuilder) data_builder = json_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(JsonNode) data_node = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *request_sha256 = vnt_proof_body_sha256 (body);
  g_autofree char *received = NULL;
  g_autofree char *concluded = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *payload_text = NULL;
  JsonObject *terms = vnt_json_get_object (request, "accept_terms");
  const char * const *kinds;
  const char *carta_id;
  const char *cosigner;
  const VntSandboxProcedure *procedure;
  JsonNode                  *revision = vnt_json_get_value (request, "revision", G_TYPE_INT64);
  VntSandboxAcuse acuse = { .status = "concluded" };
  const char *name;
  gsize payload_len = 0;

  if (revision == NULL)
    {
      vnt_sandbox_send_malformed (msg, "{\"revision\", \"accept_terms\"}");
      return;
    }

  tramite = vnt_sandbox_owned_tramite (self, msg, folio, "tramite.finalize", body, &applicant,
                                       "Este trámite ya se había concluido o cancelado; "
                                       "no se puede concluir de nuevo. Consulta su acuse.");
  if (tramite == NULL)
    return;

  if (json_node_get_int (revision) != tramite->revision)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "revision-conflict", "Stale revision",
                                "El trámite cambió mientras lo revisabas. Vuelve a revisarlo antes de concluirlo.");
      return;
    }

  carta_id = procedure_terms (tramite->procedure);
  if (carta_id != NULL)
    {
      if (!vnt_sandbox_terms_accept_carta (terms, vnt_sandbox_find_carta (carta_id)))
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "terms-not-accepted", "The carta was not accepted",
                                    "Para concluir, lee y acepta la carta de términos y condiciones vigente.");
          return;
        }
    }

  kinds = vnt_sandbox_procedure_attachments (tramite->procedure);
  for (gsize i = 0; kinds[i] != NULL; i++)
    if (!has_attachment (self, tramite->folio, kinds[i]))
      {
        g_autofree char *detail = g_strdup_printf ("Falta adjuntar el PDF “%s”. Adjúntalo y vuelve a finalizar el trámite.",
                                                   g_str_equal (kinds[i], "poder-portada")
                                                   ? "Portada del poder notarial"
                                                   : "Última hoja del poder notarial");

        vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "attachment-missing", "An attachment is missing", detail);
        return;
      }

  cosigner = vnt_sandbox_procedure_cosigner (tramite->procedure);
  if (cosigner != NULL && !has_cosignature (self, tramite->folio, cosigner))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "signature-missing", "A co-signature is missing",
                                "Falta la firma de la empresa: fírmala con la e.firma de la persona moral y vuelve a finalizar el trámite.");
      return;
    }

  review = vnt_sandbox_text_to_object (tramite->review);
  if (review == NULL)
    {
      vnt_sandbox_send_internal (msg, NULL);
      return;
    }
  name = vnt_json_get_string (review, "name");

  /* The effect, the acuse and (in the caller) the idempotent answer are one
   * transaction: all of it or none of it. */
  procedure = vnt_sandbox_find_procedure (tramite->procedure);
  if (procedure == NULL)
    {
      vnt_sandbox_send_internal (msg, NULL);
      return;
    }
  json_builder_begin_object (data_builder);
  acuse.review = review;
  acuse.now = g_date_time_to_unix (now);
  acuse.out = data_builder;
  if (!procedure->effect (self, msg, tramite, &acuse))
    return;
  json_builder_end_object (data_builder);
  data_node = json_builder_get_root (data_builder);

  if (!vnt_sandbox_db_end_tramite (self->db, tramite, acuse.status, g_date_time_to_unix (now),
                                   &error))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  received = vnt_sandbox_format_unix (tramite->created_at);
  concluded = vnt_sandbox_format_unix (tramite->concluded_at);

  json_builder_begin_object (payload_builder);
  vnt_json_add_int (payload_builder, "version", 1);
  vnt_json_add_string (payload_builder, "folio", tramite->folio);
  vnt_json_add_string (payload_builder, "procedure", tramite->procedure);
  vnt_json_add_string (payload_builder, "procedure_name", procedure_name (tramite->procedure));
  vnt_json_add_string (payload_builder, "status", acuse.status);
  vnt_json_add_string (payload_builder, "received_at", received);
  vnt_json_add_string (payload_builder, "concluded_at", concluded);
  json_builder_set_member_name (payload_builder, "applicant");
  json_builder_begin_object (payload_builder);
  vnt_json_add_string (payload_builder, "curp", tramite->applicant_curp);
  vnt_json_add_string (payload_builder, "rfc", tramite->applicant_rfc);
  vnt_json_add_string (payload_builder, "name", name);
  vnt_json_add_string (payload_builder, "certificate_number", tramite->certificate_number);
  json_builder_end_object (payload_builder);
  vnt_json_add_string (payload_builder, "request_sha256", request_sha256);
  json_builder_set_member_name (payload_builder, "data");
  json_builder_add_value (payload_builder, g_steal_pointer (&data_node));
  vnt_json_add_string (payload_builder, "message", acuse.message);
  vnt_json_add_boolean (payload_builder, "practice", self->practice);
  json_builder_end_object (payload_builder);

  payload_node = json_builder_get_root (payload_builder);
  payload_text = json_to_string (payload_node, FALSE);
  payload_len = strlen (payload_text);
  payload = g_bytes_new_take (g_steal_pointer (&payload_text), payload_len);

  signature = vnt_service_identity_sign (self->identity, payload, &error);
  if (signature == NULL ||
      !vnt_sandbox_db_insert_acuse (self->db, tramite->folio, payload, signature,
                                    g_date_time_to_unix (now), &error))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tramite");
  vnt_sandbox_add_tramite (self, builder, tramite);
  json_builder_set_member_name (builder, "acuse");
  add_acuse (builder, self->identity, payload, signature);
  json_builder_end_object (builder);

  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- GET /v1/tramites/{folio}, GET /v1/acuses/{folio} ---- */

void
vnt_sandbox_handle_read_tramite (VntSandbox        *self,
                                 SoupServerMessage *msg,
                                 const char        *folio)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Applicant) applicant = { 0 };

  tramite = vnt_sandbox_owned_tramite (self, msg, folio, "tramite.read", NULL, &applicant, NULL);
  if (tramite == NULL)
    return;

  vnt_sandbox_add_tramite (self, builder, tramite);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

void
vnt_sandbox_handle_read_acuse (VntSandbox        *self,
                               SoupServerMessage *msg,
                               const char        *folio)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *signature = NULL;
  g_auto(Applicant) applicant = { 0 };

  tramite = vnt_sandbox_owned_tramite (self, msg, folio, "acuse.read", NULL, &applicant, NULL);
  if (tramite == NULL)
    return;

  if (!vnt_sandbox_db_find_acuse (self->db, folio, &payload, &signature))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_NOT_FOUND, "acuse-not-found", "No acuse yet",
                                "Este trámite todavía no tiene acuse: concluye el trámite primero.");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "acuse");
  add_acuse (builder, self->identity, payload, signature);
  json_builder_end_object (builder);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- GET /v1/tramites, PUT and DELETE /v1/tramites/{folio} ---- */

static gboolean
status_is_known (const char *status)
{
  static const char * const known[] = { "draft", "concluded", "pending", "cancelled", "expired", NULL };

  return g_strv_contains (known, status);
}

void
vnt_sandbox_handle_list_tramites (VntSandbox        *self,
                                  SoupServerMessage *msg,
                                  GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(Applicant) applicant = { 0 };
  const char *wanted = query != NULL ? g_hash_table_lookup (query, "status") : NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (wanted != NULL && !status_is_known (wanted))
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Unknown status",
                                "El estado pedido no existe. Usa draft, concluded, pending, cancelled o expired.");
      return;
    }

  if (!vnt_sandbox_check_proof (self, msg, "tramite.list", NULL, TRUE, &applicant))
    return;

  rows = vnt_sandbox_db_query (self->db,
                               "SELECT folio, procedure, status, revision, created_at, expires_at FROM tramites "
                               "WHERE applicant_curp = ? AND applicant_rfc = ? AND folio IS NOT NULL "
                               "ORDER BY created_at DESC, id DESC",
                               "ss", applicant.curp, applicant.rfc);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tramites");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      const char *status = g_ptr_array_index (row, 2);
      gint64 expires_at = g_ascii_strtoll (g_ptr_array_index (row, 5), NULL, 10);
      g_autofree char *created = vnt_sandbox_format_unix (g_ascii_strtoll (g_ptr_array_index (row, 4), NULL, 10));
      g_autofree char *expires = vnt_sandbox_format_unix (expires_at);

      /* A draft past its 7 days is reported as what it is now. */
      if (g_strcmp0 (status, "draft") == 0 && expires_at <= now)
        status = "expired";
      if (wanted != NULL && g_strcmp0 (status, wanted) != 0)
        continue;

      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "folio", g_ptr_array_index (row, 0));
      vnt_json_add_string (builder, "procedure", g_ptr_array_index (row, 1));
      vnt_json_add_string (builder, "procedure_name", procedure_name (g_ptr_array_index (row, 1)));
      vnt_json_add_string (builder, "status", status);
      vnt_json_add_int (builder, "revision",
                        g_ascii_strtoll (g_ptr_array_index (row, 3), NULL, 10));
      vnt_json_add_string (builder, "created_at", created);
      vnt_json_add_string (builder, "expires_at", expires);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* "Guardar Trámite": the account procedures' data, checked as when the
 * trámite started. The other procedures derive their review (companies,
 * IDSE credentials, CSRs) from data that a co-signer may already have
 * signed, so they are cancelled and started again instead. */
void
vnt_sandbox_handle_update_tramite (VntSandbox        *self,
                                   SoupServerMessage *msg,
                                   const char        *folio,
                                   GBytes            *body)
{
  g_autoptr(JsonObject) request = vnt_sandbox_parse_object (body);
  g_autoptr(VntSandboxTramite) found = NULL;
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *data_text = NULL;
  g_autofree char *review_text = NULL;
  JsonObject *data = vnt_json_get_object (request, "data");
  const VntSandboxProcedure *procedure;
  JsonNode                  *revision = vnt_json_get_value (request, "revision", G_TYPE_INT64);

  if (data == NULL || revision == NULL)
    {
      vnt_sandbox_send_malformed (msg, "{\"revision\", \"data\"}");
      return;
    }

  /* The proof names the trámite's own procedure. */
  found = vnt_sandbox_db_find_tramite (self->db, folio);
  tramite = vnt_sandbox_owned_tramite (self, msg, folio,
                                       found != NULL ? found->procedure : "tramite.update", body,
                                       &applicant,
                                       "Este trámite ya se había concluido, cancelado o vencido; "
                                       "ya no se puede modificar. "
                                       "Inicia un trámite nuevo si necesitas cambiar algo.");
  if (tramite == NULL)
    return;

  if (json_node_get_int (revision) != tramite->revision)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "revision-conflict", "Stale revision",
                                "El trámite cambió desde que lo abriste. Vuelve a abrirlo, revisa tus datos y guárdalo de nuevo.");
      return;
    }

  procedure = vnt_sandbox_find_procedure (tramite->procedure);
  if (procedure == NULL || procedure->update == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "This trámite cannot be edited",
                                "Los datos de este trámite no se pueden modificar. Cancélalo e inicia uno nuevo con los datos correctos.");
      return;
    }

  review = vnt_sandbox_text_to_object (tramite->review);
  if (review == NULL)
    {
      vnt_sandbox_send_internal (msg, NULL);
      return;
    }

  if (!procedure->update (msg, tramite, data, &applicant, review))
    return;

  data_text = vnt_sandbox_object_to_text (data);
  review_text = vnt_sandbox_object_to_text (review);
  if (!vnt_sandbox_db_execute_one (self->db, &error,
                                   "UPDATE tramites SET data = ?, review = ?, "
                                   "revision = revision + 1 "
                                   "WHERE folio = ? AND revision = ? AND status = 'draft'",
                                   "sssi", data_text, review_text, tramite->folio,
                                   (gint64) tramite->revision))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  g_free (tramite->data);
  tramite->data = g_steal_pointer (&data_text);
  g_free (tramite->review);
  tramite->review = g_steal_pointer (&review_text);
  tramite->revision++;

  vnt_sandbox_add_tramite (self, builder, tramite);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* "Cancelar Trámite": a draft only; a concluded one keeps its acuse. */
void
vnt_sandbox_handle_cancel_tramite (VntSandbox        *self,
                                   SoupServerMessage *msg,
                                   const char        *folio,
                                   GBytes            *body)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) applicant = { 0 };

  tramite = vnt_sandbox_owned_tramite (self, msg, folio, "tramite.cancel", body, &applicant,
                                       "Este trámite ya se había concluido, cancelado o vencido; "
                                       "no se puede cancelar. Si ya tiene acuse, consérvalo.");
  if (tramite == NULL)
    return;

  if (!vnt_sandbox_db_end_tramite (self->db, tramite, "cancelled",
                                   g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  vnt_sandbox_add_tramite (self, builder, tramite);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- Drafts of the later procedures ---- */

void
vnt_sandbox_add_tramite_sha256 (JsonBuilder *review,
                                JsonObject  *data)
{
  g_autofree char *text = vnt_sandbox_object_to_text (data);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  vnt_json_add_string (review, "tramite_sha256", digest);
}

gboolean
vnt_sandbox_insert_draft (VntSandbox        *self,
                          SoupServerMessage *msg,
                          Applicant         *applicant,
                          const char        *procedure,
                          JsonObject        *data,
                          JsonBuilder       *review,
                          char             **folio)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) review_node = NULL;
  g_autoptr(VntSandboxTramite) tramite = g_new0 (VntSandboxTramite, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *location = NULL;
  g_autofree char *data_text = vnt_sandbox_object_to_text (data);

  json_builder_end_object (review);
  review_node = json_builder_get_root (review);

  tramite->procedure = g_strdup (procedure);
  tramite->status = g_strdup ("draft");
  tramite->revision = 1;
  tramite->applicant_curp = g_strdup (applicant->curp);
  tramite->applicant_rfc = g_strdup (applicant->rfc);
  tramite->certificate_number = g_strdup (vnt_certificate_get_number (applicant->certificate));
  tramite->data = g_steal_pointer (&data_text);
  tramite->review = json_to_string (review_node, FALSE);
  tramite->created_at = g_date_time_to_unix (now);
  tramite->expires_at = tramite->created_at + DRAFT_LIFETIME;

  if (!vnt_sandbox_db_insert_tramite (self->db, tramite,
                                      vnt_sandbox_find_procedure (procedure)->folio_prefix, &error))
    {
      vnt_sandbox_send_internal (msg, error);
      return FALSE;
    }

  vnt_sandbox_add_tramite (self, builder, tramite);
  vnt_sandbox_send_json (msg, SOUP_STATUS_CREATED, builder);
  location = g_strconcat ("/v1/tramites/", tramite->folio, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  if (folio != NULL)
    *folio = g_strdup (tramite->folio);

  return TRUE;
}

