/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The service settings as the user types them in Preferences: each check
 * says, in a sentence, what is wrong and what to do. */

#include <gio/gio.h>

G_BEGIN_DECLS

/* "" (practice mode) or an address the service client accepts: https://,
 * or http:// to a loopback address. */
gboolean  vnt_service_settings_check_url         (const char  *url,
                                                  GError     **error);
/* The SHA-256 fingerprint of the service's acuse certificate: 64
 * hexadecimal digits, colons and spaces allowed. Required (non-empty) when
 * @url is a service address. */
gboolean  vnt_service_settings_check_fingerprint (const char  *fingerprint,
                                                  const char  *url,
                                                  GError     **error);
/* Lowercase hex without separators, or NULL unless it is 32 bytes. */
char     *vnt_service_settings_normalize_fingerprint (const char *fingerprint);
/* An http:// or https:// address with a host. */
gboolean  vnt_service_settings_check_ocsp_url    (const char  *url,
                                                  GError     **error);

G_END_DECLS
