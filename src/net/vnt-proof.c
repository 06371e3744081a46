/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "net/vnt-proof.h"

static gboolean
field_ok (const char *value,
          gboolean    may_be_empty)
{
  if (value == NULL)
    return may_be_empty;
  if (*value == '\0' && !may_be_empty)
    return FALSE;

  return strpbrk (value, "|\r\n") == NULL;
}

char *
vnt_proof_build_cadena (const char *procedure,
                        const char *curp,
                        const char *rfc,
                        const char *certificate_number,
                        const char *nonce,
                        const char *time,
                        const char *body_sha256)
{
  if (!field_ok (procedure, FALSE) || !field_ok (curp, TRUE) || !field_ok (rfc, TRUE) ||
      !field_ok (certificate_number, FALSE) || !field_ok (nonce, FALSE) ||
      !field_ok (time, FALSE) || !field_ok (body_sha256, FALSE))
    return NULL;

  return g_strdup_printf ("||1|%s|%s|%s|%s|%s|%s|%s||",
                          procedure, curp != NULL ? curp : "", rfc != NULL ? rfc : "",
                          certificate_number, nonce, time, body_sha256);
}

char *
vnt_proof_body_sha256 (GBytes *body)
{
  g_autoptr(GBytes) empty = NULL;

  if (body == NULL)
    body = empty = g_bytes_new_static ("", 0);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
}

char *
vnt_proof_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    time = now = g_date_time_new_now_utc ();

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
vnt_proof_nonce_is_valid (const char *nonce)
{
  gsize len;

  if (nonce == NULL)
    return FALSE;

  len = strlen (nonce);
  if (len < 16 || len > 64)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (nonce[i]) && nonce[i] != '_' && nonce[i] != '-')
      return FALSE;

  return TRUE;
}
