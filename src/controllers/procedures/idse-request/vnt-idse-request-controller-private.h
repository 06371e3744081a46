/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of "Solicitud del Certificado Digital" share, one file
 * per facet: vnt-idse-request-controller.c (the class, the capture form
 * and its checks, the facets), vnt-idse-request-send.c ("Enviar
 * solicitud", the deadline, the printable request) and
 * vnt-idse-request-certificate.c (the visit to the Subdelegación played,
 * the certificate, its .pfx). */

#include "controllers/vnt-procedure-private.h"
#include "vnt-idse-request-controller.h"

G_BEGIN_DECLS

/* The record's fields beside the form's ("form/<name>"). */
#define FIELD_NPIE        "idse/npie"
#define FIELD_SERIAL      "idse/serial"
#define FIELD_CERTIFICATE "idse/certificate"
/* Where an earlier version noted the .pfx (now the VntPfxStep's). */
#define FIELD_PFX_PATH    "idse/pfx_path"

typedef struct
{
  VntEfirmaStep  *efirma;
  VntKeygenStep  *keygen;
  VntTramiteFlow *flow;
  VntPfxStep     *pfx;

  /* In memory only, wiped once sent. */
  char           *password;
  char           *password_confirm;
} VntIdseRequestControllerPrivate;

VntIdseRequestControllerPrivate *vnt_idse_request_controller_get_private (VntIdseRequestController *self);
#define PRIV(self) vnt_idse_request_controller_get_private (self)

/* Whether the form's @field holds a secret (never in the record). */
gboolean    vnt_idse_request_field_is_secret       (const VntIdseField       *field);
/* Forgets the contraseña and its confirmation. */
void        vnt_idse_request_wipe_passwords        (VntIdseRequestController *self);

G_END_DECLS
