/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-private-key.h"

G_BEGIN_DECLS

/* Certifica's file name: "@prefix_@rfc_yyyyMMdd_HHmmss.@extension" in local
 * time, e.g. "Requerimiento_FIEL_XAXX010101000_20221120_004433.req". */
char    *vnt_request_writer_file_name (const char   *prefix,
                                       const char   *rfc,
                                       GDateTime    *now,
                                       const char   *extension);

/* A PKCS#10 .req shaped as SAT's Certifica makes it for an e.firma: subject
 * x500UniqueIdentifier = @unique_identifier ("RFC" or "RFC_MORAL /
 * RFC_REPRESENTANTE"), serialNumber = @serial_number ("CURP" or
 * " / CURP_REPRESENTANTE"), emailAddress = @email, attribute
 * challengePassword = @challenge (NULL: base64 of 20 random bytes, as
 * Certifica), signed with @key (sha1WithRSAEncryption). Identifiers are not
 * validated here; @email must be ASCII. */
GBytes  *vnt_request_writer_build     (VntPrivateKey  *key,
                                       const char     *unique_identifier,
                                       const char     *serial_number,
                                       const char     *email,
                                       const char     *challenge,
                                       GError        **error);

/* The whole "requerimiento de e.firma" in @folder: validates the RFC and
 * CURP (for persona moral @rfc is the company's and the representative's
 * RFC and CURP are required; @curp is then NULL), generates an RSA key of
 * @bits, writes Claveprivada_FIEL_<RFC>_<time>.key (SAT format, under
 * @password) and then Requerimiento_FIEL_<RFC>_<time>.req, both new files
 * (0600, never over an existing one). On any failure or cancel no file is
 * left. Returns the two paths, key first. @now: NULL for the current time. */
char   **vnt_request_writer_create_efirma        (const char           *folder,
                                                  const char           *rfc,
                                                  const char           *curp,
                                                  const char           *email,
                                                  const char           *representative_rfc,
                                                  const char           *representative_curp,
                                                  const char           *password,
                                                  guint                 bits,
                                                  GDateTime            *now,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* The .req again for a key already made (a lost .req, or a run stopped
 * between the two files): opens @key_path with @password and writes, as a
 * new file in @folder, Requerimiento_FIEL_<RFC>_<time>.req for the same
 * identifiers as vnt_request_writer_create_efirma (). <time> is that of the
 * key's name when it is Certifica's "Claveprivada_FIEL_…_yyyyMMdd_HHmmss.key",
 * so the pair keeps matching names; else @now (NULL: now). Returns the path. */
char    *vnt_request_writer_create_for_key       (const char           *folder,
                                                  const char           *key_path,
                                                  const char           *password,
                                                  const char           *rfc,
                                                  const char           *curp,
                                                  const char           *email,
                                                  const char           *representative_rfc,
                                                  const char           *representative_curp,
                                                  GDateTime            *now,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* Same in a worker thread; the password is copied and wiped after. */
void     vnt_request_writer_create_efirma_async  (const char           *folder,
                                                  const char           *rfc,
                                                  const char           *curp,
                                                  const char           *email,
                                                  const char           *representative_rfc,
                                                  const char           *representative_curp,
                                                  const char           *password,
                                                  guint                 bits,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char   **vnt_request_writer_create_efirma_finish (GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
