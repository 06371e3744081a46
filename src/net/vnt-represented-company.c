/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/vnt-json.h"
#include "net/vnt-net-error.h"
#include "net/vnt-represented-company.h"

struct _VntRepresentedCompany
{
  GObject  parent_instance;

  char    *rfc;
  char    *razon_social;
  char    *tipo_persona;
  char    *tipo_poder;
  char    *folio;
  char    *since;
};

G_DEFINE_FINAL_TYPE (VntRepresentedCompany, vnt_represented_company, G_TYPE_OBJECT)

static void
vnt_represented_company_finalize (GObject *object)
{
  VntRepresentedCompany *self = VNT_REPRESENTED_COMPANY (object);

  g_free (self->rfc);
  g_free (self->razon_social);
  g_free (self->tipo_persona);
  g_free (self->tipo_poder);
  g_free (self->folio);
  g_free (self->since);

  G_OBJECT_CLASS (vnt_represented_company_parent_class)->finalize (object);
}

static void
vnt_represented_company_class_init (VntRepresentedCompanyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_represented_company_finalize;
}

static void
vnt_represented_company_init (VntRepresentedCompany *self)
{
}

GPtrArray *
vnt_represented_companies_from_json (JsonObject  *answer,
                                     GError     **error)
{
  g_autoptr(GPtrArray) companies = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  g_return_val_if_fail (answer != NULL, NULL);

  array = vnt_json_get_array (answer, "companies");
  if (array == NULL)
    goto invalid;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      VntRepresentedCompany *company;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto invalid;
      object = json_node_get_object (element);
      if (vnt_json_get_string (object, "company_rfc") == NULL ||
          vnt_json_get_string (object, "razon_social") == NULL)
        goto invalid;

      company = g_object_new (VNT_TYPE_REPRESENTED_COMPANY, NULL);
      company->rfc = g_strdup (vnt_json_get_string (object, "company_rfc"));
      company->razon_social = g_strdup (vnt_json_get_string (object, "razon_social"));
      company->tipo_persona = g_strdup (vnt_json_get_string (object, "tipo_persona") != NULL
                                            ? vnt_json_get_string (object, "tipo_persona")
                                            : "moral");
      company->tipo_poder = g_strdup (vnt_json_get_string (object, "tipo_poder"));
      company->folio = g_strdup (vnt_json_get_string (object, "folio"));
      company->since = g_strdup (vnt_json_get_string (object, "since"));
      g_ptr_array_add (companies, company);
    }

  return g_steal_pointer (&companies);

invalid:
  g_propagate_error (error, vnt_net_error_new_invalid_response ());
  return NULL;
}

JsonObject *
vnt_represented_companies_to_json (GPtrArray *companies)
{
  JsonObject *answer = json_object_new ();
  JsonArray *array = json_array_new ();

  g_return_val_if_fail (companies != NULL, answer);

  for (guint i = 0; i < companies->len; i++)
    {
      VntRepresentedCompany *company = g_ptr_array_index (companies, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "company_rfc", company->rfc);
      json_object_set_string_member (object, "razon_social", company->razon_social);
      json_object_set_string_member (object, "tipo_persona", company->tipo_persona);
      if (company->tipo_poder != NULL)
        json_object_set_string_member (object, "tipo_poder", company->tipo_poder);
      if (company->folio != NULL)
        json_object_set_string_member (object, "folio", company->folio);
      if (company->since != NULL)
        json_object_set_string_member (object, "since", company->since);
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (answer, "companies", array);

  return answer;
}

const char *
vnt_represented_company_get_rfc (VntRepresentedCompany *self)
{
  g_return_val_if_fail (VNT_IS_REPRESENTED_COMPANY (self), NULL);
  return self->rfc;
}

const char *
vnt_represented_company_get_razon_social (VntRepresentedCompany *self)
{
  g_return_val_if_fail (VNT_IS_REPRESENTED_COMPANY (self), NULL);
  return self->razon_social;
}

const char *
vnt_represented_company_get_tipo_persona (VntRepresentedCompany *self)
{
  g_return_val_if_fail (VNT_IS_REPRESENTED_COMPANY (self), NULL);
  return self->tipo_persona;
}

const char *
vnt_represented_company_get_tipo_poder (VntRepresentedCompany *self)
{
  g_return_val_if_fail (VNT_IS_REPRESENTED_COMPANY (self), NULL);
  return self->tipo_poder;
}

const char *
vnt_represented_company_get_folio (VntRepresentedCompany *self)
{
  g_return_val_if_fail (VNT_IS_REPRESENTED_COMPANY (self), NULL);
  return self->folio;
}
