/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/vnt-rfc.h"
#include "sandbox/vnt-sandbox-private.h"

/* company.register and representative.remove: their drafts, attachments,
 * the company's co-signature and their effects (docs/protocol.md §7.3, §7.4). */

static gboolean
is_represented (VntSandbox *self,
                const char *company_rfc,
                const char *curp)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (self->db,
                                                    "SELECT razon_social FROM representations "
                                                    "WHERE company_rfc = ? AND representative_curp = ? AND removed_at IS NULL",
                                                    "ss", company_rfc, curp);
  return rows->len > 0;
}

gboolean
vnt_sandbox_text_is_sane (const char *text,
                          gsize       max)
{
  return text != NULL && *text != '\0' && strlen (text) <= max && g_utf8_validate (text, -1, NULL) &&
         strpbrk (text, "|\r\n") == NULL;
}

/* company.register and representative.remove (docs/protocol.md §7.3, §7.4):
 * the applicant is the representative, a person with an account. */
static void
start_company (VntSandbox        *self,
               SoupServerMessage *msg,
               GBytes            *body,
               const char        *procedure,
               JsonObject        *data)
{
  g_autoptr(JsonBuilder) review = json_builder_new ();
  g_autoptr(VntSandboxAccount) account = NULL;
  g_auto(Applicant) applicant = { 0 };
  gboolean registering = g_str_equal (procedure, "company.register");
  const char *company_rfc = vnt_json_get_string (data, "company_rfc");
  const char *razon_social = vnt_json_get_string (data, "razon_social");
  const char *tipo_poder = vnt_json_get_string (data, "tipo_poder");
  JsonArray *rfcs = NULL;

  if (!vnt_sandbox_check_proof (self, msg, procedure, body, TRUE, &applicant))
    return;

  if (vnt_certificate_get_persona (applicant.certificate) == VNT_PERSONA_MORAL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "persona-fisica-required", "A person must sign",
                                "Esta e.firma es de una persona moral. El representante legal inicia el trámite con su propia e.firma.");
      return;
    }

  if (registering)
    {
      if (company_rfc == NULL || strlen (company_rfc) != 12 || !vnt_rfc_validate (company_rfc, NULL))
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-rfc", "Invalid RFC",
                                    "El RFC de la empresa no es válido: debe tener 12 caracteres. Revísalo e inténtalo de nuevo.");
          return;
        }
      if (!vnt_sandbox_text_is_sane (razon_social, 254))
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid razón social",
                                    "Escribe la razón social de la empresa como aparece en su e.firma.");
          return;
        }
      if (g_strcmp0 (tipo_poder, "dominio") != 0 && g_strcmp0 (tipo_poder, "especial-imss") != 0 &&
          g_strcmp0 (tipo_poder, "administracion") != 0)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Invalid tipo de poder",
                                    "Elige el tipo de poder notarial: dominio, especial ante el IMSS o administración.");
          return;
        }
    }
  else
    {
      rfcs = vnt_json_get_array (data, "company_rfcs");
      if (rfcs == NULL || json_array_get_length (rfcs) == 0 || json_array_get_length (rfcs) > 100)
        {
          vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "No company selected",
                                    "Debe seleccionar al menos una empresa representada a dar de baja");
          return;
        }
    }

  account = vnt_sandbox_db_find_account (self->db, applicant.curp);
  if (account == NULL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "representative-required", "The representative has no account",
                                "El representante legal no tiene cuenta en el Escritorio Virtual. Crea primero tu cuenta con tu e.firma y vuelve a intentarlo.");
      return;
    }

  json_builder_begin_object (review);
  vnt_json_add_string (review, "name", account->name);
  vnt_json_add_string (review, "curp", applicant.curp);
  vnt_json_add_string (review, "rfc", applicant.rfc);

  if (registering)
    {
      if (is_represented (self, company_rfc, applicant.curp))
        {
          g_autofree char *detail = g_strdup_printf ("Ya estás registrado como representante legal de la empresa %s.",
                                                     company_rfc);

          vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "already-registered", "Already registered", detail);
          return;
        }
      vnt_json_add_string (review, "company_rfc", company_rfc);
      vnt_json_add_string (review, "razon_social", razon_social);
      vnt_json_add_string (review, "tipo_poder", tipo_poder);
    }
  else
    {
      json_builder_set_member_name (review, "company_rfcs");
      json_builder_begin_array (review);
      for (guint i = 0; i < json_array_get_length (rfcs); i++)
        {
          JsonNode *node = json_array_get_element (rfcs, i);
          const char *rfc = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                            ? json_node_get_string (node) : NULL;

          if (rfc == NULL || !is_represented (self, rfc, applicant.curp))
            {
              g_autofree char *detail = g_strdup_printf ("No estás registrado como representante legal de la empresa %s. "
                                                         "Quítala de la lista.", rfc != NULL ? rfc : "");

              vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "not-registered", "Not registered", detail);
              return;
            }
          json_builder_add_string_value (review, rfc);
        }
      json_builder_end_array (review);
    }

  vnt_sandbox_add_tramite_sha256 (review, data);
  vnt_sandbox_insert_draft (self, msg, &applicant, procedure, data, review, NULL);
}

/* ---- GET /v1/accounts/{curp}/companies ---- */

/* The companies a representative represents now ("Datos de las empresas
 * representadas"), for the holder only. */
void
vnt_sandbox_handle_companies (VntSandbox        *self,
                              SoupServerMessage *msg,
                              const char        *curp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(Applicant) applicant = { 0 };

  if (!vnt_sandbox_check_proof (self, msg, "company.list", NULL, TRUE, &applicant))
    return;
  if (g_strcmp0 (applicant.curp, curp) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Not the representative",
                                "Solo el representante legal puede consultar sus empresas representadas.");
      return;
    }

  rows = vnt_sandbox_db_query (self->db,
                               "SELECT company_rfc, razon_social, tipo_poder, folio, created_at FROM representations "
                               "WHERE representative_curp = ? AND removed_at IS NULL ORDER BY company_rfc", "s", curp);
  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "curp", curp);
  json_builder_set_member_name (builder, "companies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = rows->pdata[i];
      g_autofree char *since = vnt_sandbox_format_unix (g_ascii_strtoll (row->pdata[4], NULL, 10));

      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "company_rfc", row->pdata[0]);
      vnt_json_add_string (builder, "razon_social", row->pdata[1]);
      vnt_json_add_string (builder, "tipo_persona", "moral");
      vnt_json_add_string (builder, "tipo_poder", row->pdata[2]);
      vnt_json_add_string (builder, "folio", row->pdata[3]);
      vnt_json_add_string (builder, "since", since);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- PUT /v1/tramites/{folio}/attachments/{kind} ---- */

/* A PDF as far as the service needs one: the header, an end-of-file
 * marker near the end, and a startxref that points into the file at a
 * cross-reference table or stream. NULL when it is one; else the problem
 * code, with its Spanish @detail. */
static const char *
pdf_problem (GBytes      *pdf,
             guint       *status,
             const char **detail)
{
  const char *data = g_bytes_get_data (pdf, NULL);
  gsize size = g_bytes_get_size (pdf);
  gsize tail_start = size > 1024 ? size - 1024 : 0;
  const char *startxref;
  guint64 offset;
  char *end;

  if (size == 0)
    {
      *status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      *detail = "El archivo está vacío. Adjunta el PDF escaneado del poder notarial.";
      return "attachment-empty";
    }
  if (size > VNT_SANDBOX_MAX_ATTACHMENT)
    {
      *status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      *detail = "El PDF pesa más de 1024 KB. Redúcelo e inténtalo de nuevo.";
      return "attachment-too-large";
    }

  *status = SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
  if (size < 8 || memcmp (data, "%PDF-", 5) != 0 || !g_ascii_isdigit (data[5]) || data[6] != '.' ||
      !g_ascii_isdigit (data[7]))
    {
      *detail = "El archivo no es un PDF. Adjunta el documento en formato PDF.";
      return "not-a-pdf";
    }

  *detail = "El PDF está incompleto o dañado. Vuelve a generarlo o escanearlo e inténtalo de nuevo.";
  if (g_strstr_len (data + tail_start, size - tail_start, "%%EOF") == NULL)
    return "not-a-pdf";

  startxref = g_strstr_len (data + tail_start, size - tail_start, "startxref");
  if (startxref == NULL)
    return "not-a-pdf";
  {
    /* The number is followed by more text ("%%EOF"), so strtoull stops there. */
    g_autofree char *tail = g_strndup (startxref + 9, data + size - (startxref + 9));

    offset = g_ascii_strtoull (tail, &end, 10);
    if (end == tail || offset == 0 || offset >= size)
      return "not-a-pdf";
  }

  /* Some writers are off by a line break. */
  while (offset < size && g_ascii_isspace (data[offset]))
    offset++;
  if (size - offset >= 4 && memcmp (data + offset, "xref", 4) == 0)
    return NULL;
  {
    /* A cross-reference stream: "N G obj". */
    g_autofree char *object = g_strndup (data + offset, MIN (size - offset, 32));
    char *p = object;

    for (int number = 0; number < 2; number++)
      {
        g_ascii_strtoull (p, &end, 10);
        if (end == p || !g_ascii_isdigit (*p) || !g_ascii_isspace (*end))
          return "not-a-pdf";
        p = end;
        while (g_ascii_isspace (*p))
          p++;
      }
    if (!g_str_has_prefix (p, "obj"))
      return "not-a-pdf";
  }

  return NULL;
}

void
vnt_sandbox_handle_attachment (VntSandbox        *self,
                               SoupServerMessage *msg,
                               const char        *folio_and_kind,
                               GBytes            *body)
{
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) applicant = { 0 };
  g_autofree char *folio = g_strdup (folio_and_kind);
  g_autofree char *sha256 = NULL;
  const char * const *kinds;
  const char *content_type;
  const char *kind;
  const char *code;
  const char *detail = NULL;
  gboolean known = FALSE;
  guint status = 0;

  kind = strchr (folio, '/') + 1;
  *strchr (folio, '/') = '\0';

  tramite = vnt_sandbox_owned_tramite (self, msg, folio, "tramite.attach", body, &applicant,
                                       "Este trámite ya se había concluido, cancelado o vencido; "
                                       "ya no se le pueden adjuntar documentos.");
  if (tramite == NULL)
    return;

  kinds = vnt_sandbox_procedure_attachments (tramite->procedure);
  for (gsize i = 0; kinds[i] != NULL; i++)
    known |= g_str_equal (kinds[i], kind);
  if (!known)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-field", "Unknown attachment kind",
                                "Este trámite no lleva ese documento adjunto.");
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  if (g_strcmp0 (content_type, "application/pdf") != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Not application/pdf",
                                "El documento debe enviarse como PDF. Actualiza Ventanilla e inténtalo de nuevo.");
      return;
    }

  code = pdf_problem (body, &status, &detail);
  if (code != NULL)
    {
      vnt_sandbox_send_problem (msg, status, code, "The attachment is not accepted", detail);
      return;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT OR REPLACE INTO attachments (folio, kind, size, sha256, data, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?)", "ssisbi", tramite->folio, kind,
                               (gint64) g_bytes_get_size (body), sha256, body,
                               g_get_real_time () / G_USEC_PER_SEC))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "kind", kind);
  vnt_json_add_int (builder, "size", g_bytes_get_size (body));
  vnt_json_add_string (builder, "sha256", sha256);
  json_builder_end_object (builder);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- POST /v1/tramites/{folio}/signatures ---- */

/* The company signs the representative's draft with its own e.firma: a
 * persona moral certificate for that company that names the applicant as
 * its representative. */
void
vnt_sandbox_handle_cosign (VntSandbox        *self,
                           SoupServerMessage *msg,
                           const char        *folio,
                           GBytes            *body)
{
  g_autoptr(JsonObject) request = vnt_sandbox_parse_object (body);
  g_autoptr(VntSandboxTramite) tramite = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Applicant) cosigner = { 0 };
  const char *role = vnt_json_get_string (request, "role");
  const char *representative;

  if (request == NULL || role == NULL || vnt_json_get_string (request, "tramite_sha256") == NULL)
    {
      vnt_sandbox_send_malformed (msg, "{\"role\", \"tramite_sha256\"}");
      return;
    }

  if (!vnt_sandbox_check_proof (self, msg, "tramite.cosign", body, TRUE, &cosigner))
    return;

  tramite = vnt_sandbox_find_tramite (self, msg, folio);
  if (tramite == NULL)
    return;

  if (g_strcmp0 (vnt_sandbox_procedure_cosigner (tramite->procedure), role) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_FORBIDDEN, "not-owner", "Unexpected co-signer",
                                "Este trámite no lleva esa firma.");
      return;
    }
  if (!vnt_sandbox_check_open_draft (msg, tramite,
                                     "Este trámite ya se había concluido, cancelado o vencido; "
                                     "ya no se puede firmar."))
    return;

  data = vnt_sandbox_text_to_object (tramite->data);
  review = vnt_sandbox_text_to_object (tramite->review);
  if (data == NULL || review == NULL)
    {
      vnt_sandbox_send_internal (msg, NULL);
      return;
    }

  if (vnt_certificate_get_persona (cosigner.certificate) != VNT_PERSONA_MORAL)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "persona-moral-required", "The company must sign",
                                "Esta e.firma es de una persona física. La empresa firma con la e.firma de la persona moral.");
      return;
    }
  if (g_strcmp0 (vnt_certificate_get_rfc (cosigner.certificate), vnt_json_get_string (data, "company_rfc")) != 0)
    {
      g_autofree char *detail = g_strdup_printf ("La e.firma es de la empresa %s, no de %s. Elige la e.firma de la empresa que registras.",
                                                 vnt_certificate_get_rfc (cosigner.certificate),
                                                 vnt_json_get_string (data, "company_rfc"));

      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "rfc-mismatch", "The RFC does not match the certificate", detail);
      return;
    }
  representative = vnt_certificate_get_representative_curp (cosigner.certificate);
  if (g_strcmp0 (representative, tramite->applicant_curp) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "curp-mismatch", "Not the company's representative",
                                "La e.firma de la empresa no te nombra como su representante legal (su CURP es otra). "
                                "Usa la e.firma de la empresa que está a tu nombre.");
      return;
    }
  if (g_strcmp0 (vnt_json_get_string (request, "tramite_sha256"), vnt_json_get_string (review, "tramite_sha256")) != 0)
    {
      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "revision-conflict", "Stale trámite digest",
                                "El trámite cambió mientras la empresa lo revisaba. Vuelve a revisarlo antes de firmarlo.");
      return;
    }

  if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                               "INSERT OR REPLACE INTO cosignatures (folio, role, rfc, curp, certificate_number, "
                               "tramite_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "ssssssi",
                               tramite->folio, role, cosigner.rfc, cosigner.curp,
                               vnt_certificate_get_number (cosigner.certificate),
                               vnt_json_get_string (review, "tramite_sha256"), g_get_real_time () / G_USEC_PER_SEC))
    {
      vnt_sandbox_send_internal (msg, error);
      return;
    }

  vnt_sandbox_add_tramite (self, builder, tramite);
  vnt_sandbox_send_json (msg, SOUP_STATUS_OK, builder);
}

/* ---- Effects of company.register and representative.remove ---- */

static gboolean
effect_company (VntSandbox        *self,
                SoupServerMessage *msg,
                VntSandboxTramite *tramite,
                VntSandboxAcuse   *acuse)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *company_rfc = vnt_json_get_string (acuse->review, "company_rfc");

  if (is_represented (self, company_rfc, tramite->applicant_curp))
    {
      g_autofree char *detail = g_strdup_printf ("Ya estás registrado como representante legal de la empresa %s.",
                                                 company_rfc);

      vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "already-registered", "Already registered", detail);
      return FALSE;
    }

  /* A representative removed earlier may be registered again. */
  if (!vnt_sandbox_db_execute_one (self->db, &error,
                                   "INSERT INTO representations (company_rfc, "
                                   "representative_curp, razon_social, tipo_poder, folio, "
                                   "created_at) VALUES (?, ?, ?, ?, ?, ?) "
                                   "ON CONFLICT (company_rfc, representative_curp) DO UPDATE "
                                   "SET razon_social = excluded.razon_social, "
                                   "tipo_poder = excluded.tipo_poder, folio = excluded.folio, "
                                   "created_at = excluded.created_at, removed_at = NULL",
                                   "sssssi", company_rfc, tramite->applicant_curp,
                                   vnt_json_get_string (acuse->review, "razon_social"),
                                   vnt_json_get_string (acuse->review, "tipo_poder"),
                                   tramite->folio, acuse->now))
    {
      vnt_sandbox_send_internal (msg, error);
      return FALSE;
    }

  vnt_json_add_string (acuse->out, "company_rfc", company_rfc);
  vnt_sandbox_acuse_add_reviewed (acuse, "razon_social");
  vnt_sandbox_acuse_add_reviewed (acuse, "tipo_poder");
  vnt_json_add_string (acuse->out, "representative_curp", tramite->applicant_curp);
  json_builder_set_member_name (acuse->out, "attachments");
  json_builder_begin_array (acuse->out);
  rows = vnt_sandbox_db_query (self->db, "SELECT kind, size, sha256 FROM attachments WHERE folio = ? ORDER BY kind",
                               "s", tramite->folio);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = rows->pdata[i];

      json_builder_begin_object (acuse->out);
      vnt_json_add_string (acuse->out, "kind", row->pdata[0]);
      vnt_json_add_int (acuse->out, "size", g_ascii_strtoll (row->pdata[1], NULL, 10));
      vnt_json_add_string (acuse->out, "sha256", row->pdata[2]);
      json_builder_end_object (acuse->out);
    }
  json_builder_end_array (acuse->out);
  acuse->message = "La solicitud fue concluida exitosamente.";

  return TRUE;
}

static gboolean
effect_remove (VntSandbox        *self,
               SoupServerMessage *msg,
               VntSandboxTramite *tramite,
               VntSandboxAcuse   *acuse)
{
  JsonArray *rfcs = json_object_get_array_member (acuse->review, "company_rfcs");
  g_autoptr(GError) error = NULL;

  /* Every one checked before any changes. */
  for (guint i = 0; i < json_array_get_length (rfcs); i++)
    if (!is_represented (self, json_array_get_string_element (rfcs, i), tramite->applicant_curp))
      {
        g_autofree char *detail = g_strdup_printf ("Ya no eres representante legal de la empresa %s. Quítala de la lista.",
                                                   json_array_get_string_element (rfcs, i));

        vnt_sandbox_send_problem (msg, SOUP_STATUS_CONFLICT, "not-registered", "Not registered", detail);
        return FALSE;
      }

  json_builder_set_member_name (acuse->out, "company_rfcs");
  json_builder_begin_array (acuse->out);
  for (guint i = 0; i < json_array_get_length (rfcs); i++)
    {
      const char *rfc = json_array_get_string_element (rfcs, i);

      if (!vnt_sandbox_db_execute (self->db, NULL, &error,
                                   "UPDATE representations SET removed_at = ? "
                                   "WHERE company_rfc = ? AND representative_curp = ? AND removed_at IS NULL",
                                   "iss", acuse->now, rfc, tramite->applicant_curp))
        {
          vnt_sandbox_send_internal (msg, error);
          return FALSE;
        }
      json_builder_add_string_value (acuse->out, rfc);
    }
  json_builder_end_array (acuse->out);
  acuse->message = "Su solicitud ha finalizado correctamente.";

  return TRUE;
}


static const char * const company_attachments[] = { "poder-portada", "poder-ultima-hoja", NULL };

/* clang-format off */
const VntSandboxProcedure vnt_sandbox_company_procedures[] = {
  { .id = "company.register", .name = "Registrar Empresa Representada", .folio_prefix = "EV",
    .carta = "ctc-ev", .attachments = company_attachments, .cosigner = "company",
    .proof = PROOF_EFIRMA, .start = start_company, .effect = effect_company },
  { .id = "representative.remove", .name = "Eliminar Empresa Representada", .folio_prefix = "EV",
    .proof = PROOF_EFIRMA, .start = start_company, .effect = effect_remove },
  { NULL },
};
/* clang-format on */
