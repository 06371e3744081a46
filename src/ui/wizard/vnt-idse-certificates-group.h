/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VNT_TYPE_IDSE_CERTIFICATES_GROUP (vnt_idse_certificates_group_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseCertificatesGroup, vnt_idse_certificates_group,
                      VNT, IDSE_CERTIFICATES_GROUP, AdwBin)

/* The start window's "Mis certificados IDSE": the IDSE certificates this
 * computer saved as `.pfx` (requested, recovered or renewed), each with
 * its NPIE, número, vigencia, the days left, where its file is and the
 * state the service reports. Read again each time it is shown; the
 * service is asked off the main loop, and when it cannot be asked the list
 * is still shown with a sentence that says so. Uses the default wizard
 * context. */
GtkWidget  *vnt_idse_certificates_group_new         (void);
void        vnt_idse_certificates_group_refresh     (VntIdseCertificatesGroup *self);
gboolean    vnt_idse_certificates_group_get_loading (VntIdseCertificatesGroup *self);
guint       vnt_idse_certificates_group_get_n_rows  (VntIdseCertificatesGroup *self);
/* The subtitle of row @index (for tests), and the sentence about the
 * service, or NULL. */
const char *vnt_idse_certificates_group_get_row_subtitle (VntIdseCertificatesGroup *self,
                                                          guint                     index);
const char *vnt_idse_certificates_group_get_service_message (VntIdseCertificatesGroup *self);

G_END_DECLS
