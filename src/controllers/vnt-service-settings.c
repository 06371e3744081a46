/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "net/vnt-service-client.h"
#include "vnt-practice.h"
#include "vnt-service-settings.h"

gboolean
vnt_service_settings_check_url (const char  *url,
                                GError     **error)
{
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(GUri) uri = NULL;

  if (vnt_practice_is_practice_url (url))
    return TRUE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a complete address. Type it as the service operator gives it, such as https://servicio.example.mx."),
                   url);
      return FALSE;
    }

  client = vnt_service_client_new (url, error);
  return client != NULL;
}

char *
vnt_service_settings_normalize_fingerprint (const char *fingerprint)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  /* The operator may publish it as "AB:CD:…". */
  for (const char *p = fingerprint != NULL ? fingerprint : ""; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        return NULL;
      g_string_append_c (hex, g_ascii_tolower (*p));
    }

  if (hex->len != 64)
    return NULL;
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

gboolean
vnt_service_settings_check_fingerprint (const char  *fingerprint,
                                        const char  *url,
                                        GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (fingerprint != NULL ? fingerprint : ""));

  if (*trimmed == '\0')
    {
      if (vnt_practice_is_practice_url (url))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A service needs the fingerprint of its acuse certificate: without it no acuse can be verified. Ask the service operator for it."));
      return FALSE;
    }

  normalized = vnt_service_settings_normalize_fingerprint (trimmed);
  if (normalized == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A SHA-256 fingerprint is 64 hexadecimal digits (0–9, A–F), colons allowed. Copy it again from the service operator."));
      return FALSE;
    }

  return TRUE;
}

gboolean
vnt_service_settings_check_ocsp_url (const char  *url,
                                     GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url != NULL ? url : "", G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The OCSP responder is an http:// or https:// address, such as SAT’s https://cfdi.sat.gob.mx/edofiel."));
      return FALSE;
    }

  return TRUE;
}
