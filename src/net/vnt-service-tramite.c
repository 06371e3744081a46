/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-json.h"
#include "net/vnt-net-error.h"
#include "net/vnt-service-tramite.h"

struct _VntServiceTramite
{
  GObject     parent_instance;

  JsonObject *json;
};

G_DEFINE_FINAL_TYPE (VntServiceTramite, vnt_service_tramite, G_TYPE_OBJECT)

static void
vnt_service_tramite_finalize (GObject *object)
{
  VntServiceTramite *self = VNT_SERVICE_TRAMITE (object);

  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (vnt_service_tramite_parent_class)->finalize (object);
}

static void
vnt_service_tramite_class_init (VntServiceTramiteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_service_tramite_finalize;
}

static void
vnt_service_tramite_init (VntServiceTramite *self)
{
}

VntServiceTramite *
vnt_service_tramite_new_from_json (JsonObject  *tramite,
                                   GError     **error)
{
  VntServiceTramite *self;

  g_return_val_if_fail (tramite != NULL, NULL);

  if (vnt_json_get_string (tramite, "folio") == NULL)
    {
      g_propagate_error (error, vnt_net_error_new_invalid_response ());
      return NULL;
    }

  self = g_object_new (VNT_TYPE_SERVICE_TRAMITE, NULL);
  self->json = json_object_ref (tramite);
  return self;
}

JsonObject *
vnt_service_tramite_get_json (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return self->json;
}

const char *
vnt_service_tramite_get_folio (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return vnt_json_get_string (self->json, "folio");
}

const char *
vnt_service_tramite_get_status (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return vnt_json_get_string (self->json, "status");
}

gint64
vnt_service_tramite_get_revision (VntServiceTramite *self)
{
  JsonNode *node;

  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), 1);

  node = json_object_get_member (self->json, "revision");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 1;
  return json_node_get_int (node);
}

const char *
vnt_service_tramite_get_message (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return vnt_json_get_string (self->json, "message");
}

const char *
vnt_service_tramite_get_terms_id (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return vnt_json_get_string (vnt_json_get_object (self->json, "requirements"), "terms");
}

static const char *
review_string (VntServiceTramite *self,
               const char        *name)
{
  return vnt_json_get_string (vnt_json_get_object (self->json, "review"), name);
}

const char *
vnt_service_tramite_get_holder_name (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return review_string (self, "name");
}

const char *
vnt_service_tramite_get_curp (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return review_string (self, "curp");
}

const char *
vnt_service_tramite_get_rfc (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return review_string (self, "rfc");
}

const char *
vnt_service_tramite_get_certificate_number (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return review_string (self, "certificate_number");
}

const char *
vnt_service_tramite_get_previous_certificate_number (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return review_string (self, "previous_certificate_number");
}

const char *
vnt_service_tramite_get_tramite_sha256 (VntServiceTramite *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);
  return review_string (self, "tramite_sha256");
}

JsonNode *
vnt_service_tramite_get_review_member (VntServiceTramite *self,
                                       const char        *name)
{
  JsonObject *review;

  g_return_val_if_fail (VNT_IS_SERVICE_TRAMITE (self), NULL);

  review = vnt_json_get_object (self->json, "review");
  return review != NULL ? json_object_get_member (review, name) : NULL;
}

/* ------------------------------------------------------------------ */

struct _VntCarta
{
  GObject     parent_instance;

  JsonObject *json;
};

G_DEFINE_FINAL_TYPE (VntCarta, vnt_carta, G_TYPE_OBJECT)

static void
vnt_carta_finalize (GObject *object)
{
  VntCarta *self = VNT_CARTA (object);

  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (vnt_carta_parent_class)->finalize (object);
}

static void
vnt_carta_class_init (VntCartaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_carta_finalize;
}

static void
vnt_carta_init (VntCarta *self)
{
}

VntCarta *
vnt_carta_new_from_json (JsonObject  *carta,
                         GError     **error)
{
  VntCarta *self;
  const char *text, *sha256;
  g_autofree char *digest = NULL;

  g_return_val_if_fail (carta != NULL, NULL);

  /* The digest the finalize will accept must be of the text shown. */
  text = vnt_json_get_string (carta, "text");
  sha256 = vnt_json_get_string (carta, "sha256");
  if (text != NULL)
    digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  if (text == NULL || sha256 == NULL || vnt_json_get_string (carta, "id") == NULL ||
      vnt_json_get_string (carta, "version") == NULL || g_ascii_strcasecmp (digest, sha256) != 0)
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE,
                           _("The service sent a terms letter that cannot be read. Try again later."));
      return NULL;
    }

  self = g_object_new (VNT_TYPE_CARTA, NULL);
  self->json = json_object_ref (carta);
  return self;
}

JsonObject *
vnt_carta_get_json (VntCarta *self)
{
  g_return_val_if_fail (VNT_IS_CARTA (self), NULL);
  return self->json;
}

const char *
vnt_carta_get_id (VntCarta *self)
{
  g_return_val_if_fail (VNT_IS_CARTA (self), NULL);
  return vnt_json_get_string (self->json, "id");
}

const char *
vnt_carta_get_version (VntCarta *self)
{
  g_return_val_if_fail (VNT_IS_CARTA (self), NULL);
  return vnt_json_get_string (self->json, "version");
}

const char *
vnt_carta_get_title (VntCarta *self)
{
  g_return_val_if_fail (VNT_IS_CARTA (self), NULL);
  return vnt_json_get_string (self->json, "title");
}

const char *
vnt_carta_get_text (VntCarta *self)
{
  g_return_val_if_fail (VNT_IS_CARTA (self), NULL);
  return vnt_json_get_string (self->json, "text");
}

const char *
vnt_carta_get_sha256 (VntCarta *self)
{
  g_return_val_if_fail (VNT_IS_CARTA (self), NULL);
  return vnt_json_get_string (self->json, "sha256");
}
