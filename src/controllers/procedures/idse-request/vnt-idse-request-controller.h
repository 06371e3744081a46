/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Solicitud del Certificado Digital" (IDSE), docs/protocol.md §7.5:
 *   the recommendations → the capture form (Identificación, contraseña,
 *   Contacto, Solicitante, Domicilio fiscal), each field checked as typed
 *   → the e.firma of the patrón or of the company whose RFC it is
 *   ("Validar") → a new private key, generated and saved (its
 *   VntKeygenStep) → "Enviar solicitud": the request with the key's
 *   PKCS#10 (its VntTramiteFlow) → the "Carta de Términos y Condiciones
 *   para la Obtención y Uso del NPIE y Certificado Digital", signed → the
 *   acuse with its folio and deadline (10 días hábiles) → in practice mode
 *   the visit to the Subdelegación played, the certificate fetched and
 *   checked against the saved key, and the .pfx packed.
 *
 * The class is derivable: "Certificado Digital adicional" (§7.6) is the
 * same trámite with another form (NPIE, usuario, contraseña, correo). The
 * form's values are kept in the record as typed, except the contraseña and
 * its confirmation, which stay in memory until the request is sent and are
 * then wiped. */

#include "controllers/vnt-procedure-facets.h"
#include "crypto/vnt-pkcs12-writer.h"

G_BEGIN_DECLS

#define VNT_IDSE_STEP_RECOMMENDATIONS "recommendations"
#define VNT_IDSE_STEP_FORM            "form"
#define VNT_IDSE_STEP_KEY             "key"
#define VNT_IDSE_STEP_KEY_SAVED       "key-saved"

/* The IMSS deadline to conclude at the Subdelegación. */
#define VNT_IDSE_DEADLINE_BUSINESS_DAYS 10

typedef enum {
  VNT_IDSE_WIDGET_TEXT,
  VNT_IDSE_WIDGET_PASSWORD,
  VNT_IDSE_WIDGET_CHOICE,
} VntIdseWidget;

/* How a field is checked. */
typedef enum {
  VNT_IDSE_CHECK_TEXT,               /* any text (up to 254 characters) */
  VNT_IDSE_CHECK_REGISTRO_PATRONAL,  /* the first 10 characters of the registro */
  VNT_IDSE_CHECK_DIGIT,              /* its dígito verificador */
  VNT_IDSE_CHECK_RFC,                /* 12 (moral) or 13 (física) */
  VNT_IDSE_CHECK_RFC_FISICA,         /* 13 */
  VNT_IDSE_CHECK_CURP,
  VNT_IDSE_CHECK_USUARIO,            /* 8–20 letters or digits */
  VNT_IDSE_CHECK_PASSWORD,           /* 8–20 letters or digits, not the usuario */
  VNT_IDSE_CHECK_CONFIRM_PASSWORD,
  VNT_IDSE_CHECK_PHONE,              /* 10 digits */
  VNT_IDSE_CHECK_EMAIL,
  VNT_IDSE_CHECK_CONFIRM_EMAIL,
  VNT_IDSE_CHECK_CHOICE,             /* one of the field's choices */
  VNT_IDSE_CHECK_POSTAL_CODE,        /* 5 digits */
  VNT_IDSE_CHECK_NPIE,
} VntIdseCheck;

typedef struct {
  const char    *name;      /* "registro_patronal": the record's and the page's */
  const char    *group;     /* untranslated (N_()) group title: "Identification" */
  const char    *title;     /* untranslated (N_()) label: "Registro patronal" */
  VntIdseWidget  widget;
  VntIdseCheck   check;
  gboolean       optional;
} VntIdseField;

typedef struct {
  const char *code;   /* what is sent: "patron", "DF" */
  const char *label;  /* shown (translated for roles; states are proper nouns) */
} VntIdseChoice;

#define VNT_TYPE_IDSE_REQUEST_CONTROLLER (vnt_idse_request_controller_get_type ())
G_DECLARE_DERIVABLE_TYPE (VntIdseRequestController, vnt_idse_request_controller,
                          VNT, IDSE_REQUEST_CONTROLLER, VntProcedure)

struct _VntIdseRequestControllerClass
{
  VntProcedureClass parent_class;

  /* The form, in order; set in class_init (the base's: the solicitud's). */
  const VntIdseField *fields;
  gsize               n_fields;
  /* Builds the request's "data" from the form (the csr is added). */
  void              (*fill_data) (VntIdseRequestController *self,
                                  JsonObject               *data);

  gpointer padding[8];
};

/* Implements VntHasEfirma (its proceed checks the e.firma's RFC against
 * the form's), VntHasKeygen, VntHasTramite and VntHasReview. */

VntIdseRequestController *vnt_idse_request_controller_new (VntServiceClient *client,
                                                           VntTramiteStore  *store);

const VntIdseField  *vnt_idse_request_controller_get_fields  (VntIdseRequestController *self,
                                                              gsize                    *n_fields);
/* The choices of a CHOICE field, NULL-terminated by a NULL code. */
const VntIdseChoice *vnt_idse_request_controller_get_choices (VntIdseRequestController *self,
                                                              const char               *name);

/* "Continuar" on the recommendations (→ form). */
void        vnt_idse_request_controller_accept_recommendations (VntIdseRequestController *self);

/* Sets a field as typed and checks it (and the fields that depend on it,
 * e.g. a confirmation), with src/core's identifiers. FALSE with the
 * problem, said for that field; the value is kept either way. Refused
 * (VNT_PROCEDURE_ERROR_WRONG_STEP) once the request was sent. */
gboolean    vnt_idse_request_controller_set_field (VntIdseRequestController  *self,
                                                   const char                *name,
                                                   const char                *value,
                                                   GError                   **error);
/* The value typed (NULL for the passwords: never returned). */
const char *vnt_idse_request_controller_get_field (VntIdseRequestController *self,
                                                   const char               *name);
/* Checks @name's current value; FALSE with the problem. */
gboolean    vnt_idse_request_controller_check_field (VntIdseRequestController  *self,
                                                     const char                *name,
                                                     GError                   **error);
/* "Siguiente" on the form: every field checked (@bad_field gets the first
 * failing field's name), then → e.firma, the RFC the e.firma must have
 * given to its step. */
gboolean    vnt_idse_request_controller_submit_form (VntIdseRequestController  *self,
                                                     const char               **bad_field,
                                                     GError                   **error);
/* TRUE when the contraseña must be typed again (resumed before sending). */
gboolean    vnt_idse_request_controller_get_needs_password (VntIdseRequestController *self);

/* "Enviar solicitud": the request with the saved key's PKCS#10, signed
 * with the e.firma, then its carta loaded (→ terms). Needs the key open
 * and the contraseña (wiped once sent). An operation. */
void        vnt_idse_request_controller_send_async  (VntIdseRequestController *self,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
gboolean    vnt_idse_request_controller_send_finish (VntIdseRequestController *self,
                                                     GAsyncResult             *result,
                                                     GError                  **error);

/* Done only: the deadline from the acuse, checked against this computer's
 * calendar (10 días hábiles from the day it was sent); FALSE before. */
gboolean    vnt_idse_request_controller_get_deadline (VntIdseRequestController *self,
                                                      GDate                    *deadline);
/* "Acude a tu Subdelegación a más tardar el martes 5 de enero de 2027." */
char       *vnt_idse_request_controller_format_deadline (VntIdseRequestController *self);

/* The printable request (PDF) to take to the Subdelegación, written as a
 * NEW file (0600) in a worker thread. Done only. */
void        vnt_idse_request_controller_write_request_pdf_async  (VntIdseRequestController *self,
                                                                  const char               *path,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
gboolean    vnt_idse_request_controller_write_request_pdf_finish (VntIdseRequestController *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);

/* PRACTICE ONLY: plays the visit to the Subdelegación (the sandbox's
 * conclude), then fetches the certificate and checks it is the saved
 * key's (VNT_CRYPTO_ERROR_KEY_MISMATCH). VNT_NET_ERROR_IDSE_REQUEST_EXPIRED
 * after the deadline. Needs the key open. An operation. */
void        vnt_idse_request_controller_conclude_async  (VntIdseRequestController *self,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
gboolean    vnt_idse_request_controller_conclude_finish (VntIdseRequestController *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);
/* Once issued: the NPIE, the certificate (number, vigencia) or NULL. */
const char     *vnt_idse_request_controller_get_npie        (VntIdseRequestController *self);
VntCertificate *vnt_idse_request_controller_get_certificate (VntIdseRequestController *self);
/* "<RFC>_<número de certificado>.pfx". */
char           *vnt_idse_request_controller_suggest_pfx_name (VntIdseRequestController *self);

/* Packs the issued certificate and the saved key into a NEW .pfx at @path
 * protected with @password (the IDSE contraseña: 8–20 letters or digits),
 * in a worker thread. G_IO_ERROR_EXISTS when @path exists. An operation. */
void        vnt_idse_request_controller_save_pfx_async  (VntIdseRequestController *self,
                                                         const char               *path,
                                                         const char               *password,
                                                         VntPkcs12Profile          profile,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
gboolean    vnt_idse_request_controller_save_pfx_finish (VntIdseRequestController *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);
/* Where the .pfx was saved, or NULL. */
const char *vnt_idse_request_controller_get_pfx_path (VntIdseRequestController *self);

/* For subclasses: the form field @name's value (the password too, while
 * in memory). */
const char *vnt_idse_request_controller_get_value (VntIdseRequestController *self,
                                                   const char               *name);

G_END_DECLS
