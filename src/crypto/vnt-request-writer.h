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

/* What the files of a new e.firma or CSD are made from: those of a
 * requerimiento (vnt_request_writer_*), of a renewal (vnt_renewal_*) or of a
 * CSD request (vnt_csd_request_*). Borrowed. */
typedef struct
{
  /* Where the new files go; the new key's password and RSA size. */
  const char         *folder;
  const char         *new_password;
  guint               bits;
  /* The holder. A requerimiento: @rfc, and @curp for a persona física
   * or, when @rfc is a company's, its representative's RFC and CURP. A
   * renewal: only @rfc, a company's (NULL for a persona física); the rest
   * is read from the e.firma that signs. */
  const char         *rfc;
  const char         *curp;
  const char         *representative_rfc;
  const char         *representative_curp;
  /* For a renewal NULL keeps the certificate's. */
  const char         *email;
  /* An e.firma already made: for a renewal the CURRENT one that signs (a
   * persona moral's is signed with its representative's own), for a CSD
   * request the taxpayer's; for vnt_request_writer_create_for_key () the
   * key (no .cer). */
  const char         *cer_path;
  const char         *key_path;
  const char         *password;
  /* A CSD request's: one new key per sucursal. */
  const char * const *sucursales;
} VntEfirmaParams;

/* The whole "requerimiento de e.firma" in @params->folder: validates the RFC
 * and CURP, generates an RSA key, writes Claveprivada_FIEL_<RFC>_<time>.key
 * (SAT format, under @params->new_password) and then
 * Requerimiento_FIEL_<RFC>_<time>.req, both new files (0600, never over an
 * existing one). On any failure or cancel no file is left. Returns the two
 * paths, key first. @now: NULL for the current time. */
char **vnt_request_writer_create_efirma (const VntEfirmaParams *params,
                                         GDateTime             *now,
                                         GCancellable          *cancellable,
                                         GError               **error);
/* The .req again for a key already made (a lost .req, or a run stopped
 * between the two files): opens @params->key_path with @params->password
 * and writes, as a new file in @params->folder,
 * Requerimiento_FIEL_<RFC>_<time>.req for the same identifiers as
 * vnt_request_writer_create_efirma (). <time> is that of the key's name when
 * it is Certifica's "Claveprivada_FIEL_…_yyyyMMdd_HHmmss.key", so the pair
 * keeps matching names; else @now (NULL: now). Returns the path. */
char  *vnt_request_writer_create_for_key (const VntEfirmaParams *params,
                                          GDateTime             *now,
                                          GCancellable          *cancellable,
                                          GError               **error);

G_END_DECLS
