/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-rfc.h"
#include "efirma-common.h"

static const char *
kind_label (VntIdKind kind)
{
  /* IMSS and SAT names, the same in every language. */
  switch (kind)
    {
    case VNT_ID_KIND_CURP:
      return "CURP";
    case VNT_ID_KIND_RFC:
      return "RFC";
    case VNT_ID_KIND_NSS:
      return "NSS";
    case VNT_ID_KIND_REGISTRO_PATRONAL:
      return "Registro patronal";
    case VNT_ID_KIND_NPIE:
      return "NPIE";
    case VNT_ID_KIND_UNKNOWN:
    default:
      return NULL;
    }
}

static const char *
sex_to_string (VntSex sex)
{
  return sex == VNT_SEX_H ? "H" : sex == VNT_SEX_M ? "M" : "X";
}

/* In words for people; the JSON keeps the CURP's letter. */
static const char *
sex_label (VntSex sex)
{
  switch (sex)
    {
    case VNT_SEX_M:
      return _("Woman");
    case VNT_SEX_H:
      return _("Man");
    case VNT_SEX_X:
    default:
      return _("Non-binary");
    }
}

static const char *
rfc_type_to_string (VntRfcType type)
{
  switch (type)
    {
    case VNT_RFC_TYPE_PERSONA_FISICA:
      return "fisica";
    case VNT_RFC_TYPE_PERSONA_MORAL:
      return "moral";
    case VNT_RFC_TYPE_GENERIC_NATIONAL:
      return "generico-nacional";
    case VNT_RFC_TYPE_GENERIC_FOREIGN:
      return "generico-extranjero";
    default:
      return NULL;
    }
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

/* What a valid CURP or RFC says about its holder; NULL for the others. */
static JsonNode *
details_to_json (VntIdKind   kind,
                 const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (kind == VNT_ID_KIND_CURP)
    {
      g_autoptr(VntCurp) curp = vnt_curp_parse (value, NULL);
      g_autofree char *birth = format_date (&curp->birth_date);

      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "birth_date", birth);
      vnt_json_add_string (builder, "sex", sex_to_string (curp->sex));
      vnt_json_add_string (builder, "state", curp->state);
      vnt_json_add_string (builder, "state_name", vnt_curp_state_name (curp->state));
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }

  if (kind == VNT_ID_KIND_RFC)
    {
      g_autoptr(VntRfc) rfc = vnt_rfc_parse (value, NULL);
      g_autofree char *date = format_date (&rfc->date);

      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "type", rfc_type_to_string (rfc->type));
      vnt_json_add_string (builder, "date", date);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }

  return NULL;
}

static JsonNode *
result_to_json (const char *value,
                VntIdKind   kind,
                const char *normalized,
                GPtrArray  *problems)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  /* argv is bytes; JSON must be UTF-8. */
  g_autofree char *printable = g_utf8_make_valid (value, -1);
  JsonNode *details = NULL;

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "value", printable);
  vnt_json_add_string (builder, "kind", vnt_id_kind_to_string (kind));
  vnt_json_add_boolean (builder, "valid", problems->len == 0);
  vnt_json_add_string (builder, "normalized", normalized);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "code", vnt_id_error_code_to_string (problem->code));
      vnt_json_add_string (builder, "message", problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (problems->len == 0)
    details = details_to_json (kind, value);
  vnt_json_add_value (builder, "details", details);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_result (const char *value,
              VntIdKind   kind,
              const char *normalized,
              GPtrArray  *problems)
{
  g_autoptr(EfirmaTable) table = efirma_table_new ();
  const char *label = kind_label (kind);

  g_print ("%s\n", value);
  efirma_table_add (table, _("Kind"), label != NULL ? label : _("not recognised"));
  efirma_table_add (table, _("Normalized"), normalized);
  efirma_table_add (table, _("Valid"), problems->len == 0 ? _("yes") : _("no"));

  if (problems->len == 0 && kind == VNT_ID_KIND_CURP)
    {
      g_autoptr(VntCurp) curp = vnt_curp_parse (value, NULL);
      g_autofree char *birth = format_date (&curp->birth_date);

      efirma_table_add (table, _("Birth date"), birth);
      efirma_table_add (table, _("Sex"), sex_label (curp->sex));
      efirma_table_add (table, _("State of birth"), vnt_curp_state_name (curp->state));
    }
  else if (problems->len == 0 && kind == VNT_ID_KIND_RFC)
    {
      g_autoptr(VntRfc) rfc = vnt_rfc_parse (value, NULL);
      const char *type = NULL;

      switch (rfc->type)
        {
        case VNT_RFC_TYPE_PERSONA_FISICA:
          type = _("persona física");
          break;
        case VNT_RFC_TYPE_PERSONA_MORAL:
          type = _("persona moral");
          break;
        case VNT_RFC_TYPE_GENERIC_NATIONAL:
          type = _("generic RFC for the general public (XAXX010101000)");
          break;
        case VNT_RFC_TYPE_GENERIC_FOREIGN:
          type = _("generic RFC for foreign residents (XEXX010101000)");
          break;
        default:
          break;
        }
      efirma_table_add (table, _("RFC type"), type);
    }

  efirma_table_print (table, "  ");

  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      g_print ("  ✗ %s\n", problem->message);
    }
}

int
efirma_id_main (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  g_autofree char *kind_text = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON array, one object per value"), NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("Read every value as this kind: curp, rfc, nss, registro-patronal or npie"), N_("KIND") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  VntIdKind forced = VNT_ID_KIND_UNKNOWN;
  int status = EFIRMA_EXIT_OK;

  context = efirma_option_context_new (N_("VALUE…"),
                                       N_("Tells which Mexican identifier each value is (CURP, RFC, NSS or "
                                          "registro patronal) and checks its structure, date and check digit. "
                                          "An NPIE is only checked with --kind npie: its format is not public."),
                                       entries);
  if (!efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (kind_text != NULL)
    {
      forced = vnt_id_kind_from_string (kind_text);
      if (forced == VNT_ID_KIND_UNKNOWN)
        {
          efirma_usage_error (g_get_prgname (), _("“%s” is not a kind of identifier. Use curp, rfc, nss, "
                                                  "registro-patronal or npie."),
                              kind_text);
          return EFIRMA_EXIT_USAGE;
        }
    }

  if (argc < 2)
    {
      efirma_usage_error (g_get_prgname (), _("Give at least one value to check."));
      return EFIRMA_EXIT_USAGE;
    }

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      const char *value = argv[i];
      VntIdKind kind = forced != VNT_ID_KIND_UNKNOWN ? forced : vnt_id_detect (value);
      g_autofree char *normalized = vnt_id_normalize (value);
      g_autoptr(GPtrArray) problems = vnt_id_check (kind, value);

      if (problems->len > 0)
        status = EFIRMA_EXIT_INVALID;

      if (json)
        json_builder_add_value (builder, result_to_json (value, kind, normalized, problems));
      else
        {
          if (i > 1)
            g_print ("\n");
          print_result (value, kind, normalized, problems);
        }
    }
  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      efirma_print_json (root);
    }

  return status;
}
