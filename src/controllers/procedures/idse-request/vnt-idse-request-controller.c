/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-calendar.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-npie.h"
#include "core/vnt-registro-patronal.h"
#include "core/vnt-rfc.h"
#include "core/vnt-safe-file.h"
#include "crypto/vnt-request-writer.h"
#include "vnt-idse-request-controller.h"
#include "vnt-idse-request-pdf.h"

/* The record's fields beside the form's ("form/<name>"). */
#define FIELD_NPIE        "idse/npie"
#define FIELD_SERIAL      "idse/serial"
#define FIELD_CERTIFICATE "idse/certificate"
#define FIELD_PFX_PATH    "idse/pfx_path"

typedef struct
{
  VntEfirmaStep  *efirma;
  VntKeygenStep  *keygen;
  VntTramiteFlow *flow;

  /* In memory only, wiped once sent. */
  char           *password;
  char           *password_confirm;
  VntCertificate *certificate;
} VntIdseRequestControllerPrivate;

static void has_efirma_iface_init  (VntHasEfirmaInterface  *iface);
static void has_keygen_iface_init  (VntHasKeygenInterface  *iface);
static void has_tramite_iface_init (VntHasTramiteInterface *iface);

G_DEFINE_TYPE_WITH_CODE (VntIdseRequestController, vnt_idse_request_controller, VNT_TYPE_PROCEDURE,
                         G_ADD_PRIVATE (VntIdseRequestController)
                         G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, has_efirma_iface_init)
                         G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_KEYGEN, has_keygen_iface_init)
                         G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, has_tramite_iface_init))

#define PRIV(self) ((VntIdseRequestControllerPrivate *) vnt_idse_request_controller_get_instance_private (self))

static const char * const steps[] = {
  VNT_IDSE_STEP_RECOMMENDATIONS,
  VNT_IDSE_STEP_FORM,
  VNT_EFIRMA_STEP_ASK,
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_IDSE_STEP_KEY,
  VNT_IDSE_STEP_KEY_SAVED,
  VNT_TRAMITE_STEP_REVIEW,
  VNT_TRAMITE_STEP_TERMS,
  VNT_TRAMITE_STEP_FINALIZING,
  VNT_TRAMITE_STEP_DONE,
  NULL
};

/* As IMSS groups its capture form. */
static const VntIdseField request_fields[] = {
  { "registro_patronal", N_("Identification"), N_("Registro patronal"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_REGISTRO_PATRONAL },
  { "digito_verificador", N_("Identification"), N_("Dígito verificador"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_DIGIT },
  { "razon_social", N_("Identification"), N_("Nombre, denominación o razón social"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT },
  { "rfc", N_("Identification"), N_("RFC"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_RFC },
  { "usuario", N_("Identification"), N_("Usuario"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_USUARIO },
  { "password", N_("Contraseña"), N_("Contraseña"), VNT_IDSE_WIDGET_PASSWORD, VNT_IDSE_CHECK_PASSWORD },
  { "password_confirm", N_("Contraseña"), N_("Confirm the contraseña"), VNT_IDSE_WIDGET_PASSWORD, VNT_IDSE_CHECK_CONFIRM_PASSWORD },
  { "telefono", N_("Contact"), N_("Teléfono"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_PHONE },
  { "email", N_("Contact"), N_("Correo electrónico"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_EMAIL },
  { "email_confirm", N_("Contact"), N_("Confirm the correo electrónico"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_CONFIRM_EMAIL },
  { "rol", N_("Solicitante"), N_("Rol"), VNT_IDSE_WIDGET_CHOICE, VNT_IDSE_CHECK_CHOICE },
  { "nombres", N_("Solicitante"), N_("Nombre(s)"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT },
  { "apellido_paterno", N_("Solicitante"), N_("Apellido paterno"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT },
  { "apellido_materno", N_("Solicitante"), N_("Apellido materno"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT, TRUE },
  { "curp", N_("Solicitante"), N_("CURP"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_CURP },
  { "solicitante_rfc", N_("Solicitante"), N_("RFC"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_RFC_FISICA },
  { "calle", N_("Domicilio fiscal"), N_("Calle"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT },
  { "numero_exterior", N_("Domicilio fiscal"), N_("Número exterior"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT },
  { "numero_interior", N_("Domicilio fiscal"), N_("Número interior"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT, TRUE },
  { "colonia", N_("Domicilio fiscal"), N_("Colonia"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT },
  { "estado", N_("Domicilio fiscal"), N_("Estado"), VNT_IDSE_WIDGET_CHOICE, VNT_IDSE_CHECK_CHOICE },
  { "municipio", N_("Domicilio fiscal"), N_("Municipio"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT },
  { "localidad", N_("Domicilio fiscal"), N_("Localidad"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_TEXT, TRUE },
  { "codigo_postal", N_("Domicilio fiscal"), N_("Código postal"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_POSTAL_CODE },
};

static const VntIdseChoice roles[] = {
  { "patron", N_("Patrón") },
  { "sujeto-obligado", N_("Sujeto Obligado") },
  { "representante-legal", N_("Representante Legal") },
  { NULL, NULL },
};

/* IMSS's two-letter codes (RENAPO's); the names come from src/core. */
static const char * const state_codes[] = {
  "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
  "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS",
};

static VntIdseChoice states[G_N_ELEMENTS (state_codes) + 1];

/* ------------------------------------------------------------------ */

static const VntIdseField *
find_field (VntIdseRequestController *self,
            const char               *name)
{
  VntIdseRequestControllerClass *klass = VNT_IDSE_REQUEST_CONTROLLER_GET_CLASS (self);

  for (gsize i = 0; i < klass->n_fields; i++)
    if (g_str_equal (klass->fields[i].name, name))
      return &klass->fields[i];
  return NULL;
}

static gboolean
is_secret (const VntIdseField *field)
{
  return field->widget == VNT_IDSE_WIDGET_PASSWORD;
}

static char *
record_name (const char *name)
{
  return g_strconcat ("form/", name, NULL);
}

const char *
vnt_idse_request_controller_get_value (VntIdseRequestController *self,
                                       const char               *name)
{
  VntIdseRequestControllerPrivate *priv = PRIV (self);
  g_autofree char *key = NULL;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  if (g_str_equal (name, "password"))
    return priv->password;
  if (g_str_equal (name, "password_confirm"))
    return priv->password_confirm;

  key = record_name (name);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), key);
}

static void
wipe_passwords (VntIdseRequestController *self)
{
  VntIdseRequestControllerPrivate *priv = PRIV (self);

  g_clear_pointer (&priv->password, vnt_secret_free);
  g_clear_pointer (&priv->password_confirm, vnt_secret_free);
}

static void
vnt_idse_request_controller_dispose (GObject *object)
{
  VntIdseRequestController *self = VNT_IDSE_REQUEST_CONTROLLER (object);
  VntIdseRequestControllerPrivate *priv = PRIV (self);

  wipe_passwords (self);
  g_clear_object (&priv->flow);
  g_clear_object (&priv->keygen);
  g_clear_object (&priv->efirma);
  g_clear_object (&priv->certificate);

  G_OBJECT_CLASS (vnt_idse_request_controller_parent_class)->dispose (object);
}

static void
set_member (JsonObject *object,
            const char *member,
            const char *value)
{
  json_object_set_string_member (object, member, value != NULL ? value : "");
}

static void
request_fill_data (VntIdseRequestController *self,
                   JsonObject               *data)
{
  JsonObject *solicitante = json_object_new ();
  JsonObject *domicilio = json_object_new ();
  g_autofree char *registro = g_strconcat (vnt_idse_request_controller_get_value (self, "registro_patronal"),
                                           vnt_idse_request_controller_get_value (self, "digito_verificador"),
                                           NULL);
  static const char * const solicitante_fields[][2] = {
    { "rol", "rol" }, { "nombres", "nombres" }, { "apellido_paterno", "apellido_paterno" },
    { "apellido_materno", "apellido_materno" }, { "curp", "curp" }, { "solicitante_rfc", "rfc" },
  };
  static const char * const domicilio_fields[] = {
    "calle", "numero_exterior", "numero_interior", "colonia", "estado", "municipio", "localidad",
    "codigo_postal",
  };

  set_member (data, "registro_patronal", registro);
  set_member (data, "razon_social", vnt_idse_request_controller_get_value (self, "razon_social"));
  set_member (data, "rfc", vnt_idse_request_controller_get_value (self, "rfc"));
  set_member (data, "usuario", vnt_idse_request_controller_get_value (self, "usuario"));
  set_member (data, "password", vnt_idse_request_controller_get_value (self, "password"));
  set_member (data, "telefono", vnt_idse_request_controller_get_value (self, "telefono"));
  set_member (data, "email", vnt_idse_request_controller_get_value (self, "email"));
  for (gsize i = 0; i < G_N_ELEMENTS (solicitante_fields); i++)
    set_member (solicitante, solicitante_fields[i][1],
                vnt_idse_request_controller_get_value (self, solicitante_fields[i][0]));
  for (gsize i = 0; i < G_N_ELEMENTS (domicilio_fields); i++)
    set_member (domicilio, domicilio_fields[i], vnt_idse_request_controller_get_value (self, domicilio_fields[i]));
  json_object_set_object_member (data, "solicitante", solicitante);
  json_object_set_object_member (data, "domicilio", domicilio);
}

static void
vnt_idse_request_controller_class_init (VntIdseRequestControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_request_controller_dispose;

  procedure_class->procedure_id = "idse.request";
  procedure_class->steps = steps;
  klass->fields = request_fields;
  klass->n_fields = G_N_ELEMENTS (request_fields);
  klass->fill_data = request_fill_data;

  for (gsize i = 0; i < G_N_ELEMENTS (state_codes); i++)
    {
      states[i].code = state_codes[i];
      states[i].label = vnt_curp_state_name (state_codes[i]);
    }
}

static void
vnt_idse_request_controller_init (VntIdseRequestController *self)
{
  VntIdseRequestControllerPrivate *priv = PRIV (self);
  VntEfirmaPolicy policy = VNT_EFIRMA_POLICY_PATRON;

  priv->efirma = vnt_efirma_step_new (VNT_PROCEDURE (self), VNT_CREDENTIAL_ROLE_APPLICANT, &policy, NULL,
                                      VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED);
  priv->keygen = vnt_keygen_step_new (VNT_PROCEDURE (self), "idse_key", VNT_IDSE_STEP_KEY,
                                      VNT_IDSE_STEP_KEY_SAVED);
  priv->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), priv->efirma, NULL);
}

VntIdseRequestController *
vnt_idse_request_controller_new (VntServiceClient *client,
                                 VntTramiteStore  *store)
{
  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (client), NULL);

  return g_object_new (VNT_TYPE_IDSE_REQUEST_CONTROLLER, "client", client, "store", store, NULL);
}

const VntIdseField *
vnt_idse_request_controller_get_fields (VntIdseRequestController *self,
                                        gsize                    *n_fields)
{
  VntIdseRequestControllerClass *klass;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  klass = VNT_IDSE_REQUEST_CONTROLLER_GET_CLASS (self);
  if (n_fields != NULL)
    *n_fields = klass->n_fields;
  return klass->fields;
}

const VntIdseChoice *
vnt_idse_request_controller_get_choices (VntIdseRequestController *self,
                                         const char               *name)
{
  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  if (g_strcmp0 (name, "rol") == 0)
    return roles;
  if (g_strcmp0 (name, "estado") == 0)
    return states;
  return NULL;
}

void
vnt_idse_request_controller_accept_recommendations (VntIdseRequestController *self)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));

  if (!vnt_procedure_has_reached (procedure, VNT_IDSE_STEP_FORM))
    {
      vnt_procedure_set_step (procedure, VNT_IDSE_STEP_FORM);
      vnt_procedure_save (procedure);
    }
}

/* ------------------------------------------------------------------ */
/* Checks                                                              */

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED, message);
  return FALSE;
}

static gboolean
is_idse_credential (const char *text)
{
  gsize len = strlen (text);

  if (len < 8 || len > 20)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
email_is_plausible (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.' &&
         strpbrk (email, " \t\r\n,;<>") == NULL && strlen (email) <= 254 &&
         g_str_is_ascii (email);
}

static gboolean
choice_is_valid (const VntIdseChoice *choices,
                 const char          *code)
{
  for (gsize i = 0; choices != NULL && choices[i].code != NULL; i++)
    if (g_str_equal (choices[i].code, code))
      return TRUE;
  return FALSE;
}

static gboolean
check_value (VntIdseRequestController  *self,
             const VntIdseField        *field,
             const char                *value,
             GError                   **error)
{
  const char *usuario;
  g_autofree char *registro = NULL;

  if (value == NULL || *value == '\0')
    {
      if (field->optional)
        return TRUE;
      if (field->widget == VNT_IDSE_WIDGET_CHOICE)
        return fail (error, _("Choose one."));
      return fail (error, _("Fill in this field."));
    }

  switch (field->check)
    {
    case VNT_IDSE_CHECK_TEXT:
      if (g_utf8_strlen (value, -1) > 254 || !g_utf8_validate (value, -1, NULL))
        return fail (error, _("Too long: write at most 254 characters."));
      return TRUE;

    case VNT_IDSE_CHECK_REGISTRO_PATRONAL:
      if (strlen (value) != 10)
        return fail (error, _("Type the 10 characters of the registro patronal, as on your tarjeta de identificación patronal; its dígito verificador goes in the next field."));
      /* The layout of the whole registro, with a placeholder digit. */
      registro = g_strconcat (value, "0", NULL);
      return vnt_registro_patronal_validate (registro, error);

    case VNT_IDSE_CHECK_DIGIT:
      if (!all_digits (value, 1))
        return fail (error, _("The dígito verificador is a single digit, the last one of the registro patronal."));
      return TRUE;

    case VNT_IDSE_CHECK_RFC:
      return vnt_rfc_validate (value, error);

    case VNT_IDSE_CHECK_RFC_FISICA:
      if (!vnt_rfc_validate (value, error))
        return FALSE;
      if (strlen (value) != 13)
        return fail (error, _("The solicitante is a person: their RFC has 13 characters."));
      return TRUE;

    case VNT_IDSE_CHECK_CURP:
      return vnt_curp_validate (value, error);

    case VNT_IDSE_CHECK_NPIE:
      return vnt_npie_validate (value, error);

    case VNT_IDSE_CHECK_USUARIO:
      if (!is_idse_credential (value))
        return fail (error, _("The usuario has 8 to 20 letters or digits, with no spaces, accents or symbols."));
      return TRUE;

    case VNT_IDSE_CHECK_PASSWORD:
      if (!is_idse_credential (value))
        return fail (error, _("The contraseña has 8 to 20 letters or digits, with no spaces, accents or symbols."));
      usuario = vnt_idse_request_controller_get_value (self, "usuario");
      if (usuario != NULL && g_ascii_strcasecmp (usuario, value) == 0)
        return fail (error, _("The contraseña cannot be the usuario. Choose a different contraseña."));
      return TRUE;

    case VNT_IDSE_CHECK_CONFIRM_PASSWORD:
      if (g_strcmp0 (value, vnt_idse_request_controller_get_value (self, "password")) != 0)
        return fail (error, _("The confirmation is not the contraseña typed above. Type the same contraseña again."));
      return TRUE;

    case VNT_IDSE_CHECK_PHONE:
      if (!all_digits (value, 10))
        return fail (error, _("Type the 10 digits of the phone number, with its area code and no spaces."));
      return TRUE;

    case VNT_IDSE_CHECK_EMAIL:
      if (!email_is_plausible (value))
        return fail (error, _("This is not an e-mail address. Type one like nominas@empresa.mx."));
      return TRUE;

    case VNT_IDSE_CHECK_CONFIRM_EMAIL:
      if (g_ascii_strcasecmp (value, vnt_idse_request_controller_get_value (self, "email") != NULL
                                     ? vnt_idse_request_controller_get_value (self, "email") : "") != 0)
        return fail (error, _("The confirmation is not the e-mail typed above. Type the same address again."));
      return TRUE;

    case VNT_IDSE_CHECK_CHOICE:
      if (!choice_is_valid (vnt_idse_request_controller_get_choices (self, field->name), value))
        return fail (error, _("Choose one of the list."));
      return TRUE;

    case VNT_IDSE_CHECK_POSTAL_CODE:
      if (!all_digits (value, 5))
        return fail (error, _("The código postal has 5 digits."));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
past_form (VntIdseRequestController *self)
{
  return vnt_procedure_has_reached (VNT_PROCEDURE (self), VNT_TRAMITE_STEP_REVIEW);
}

gboolean
vnt_idse_request_controller_set_field (VntIdseRequestController  *self,
                                       const char                *name,
                                       const char                *value,
                                       GError                   **error)
{
  VntIdseRequestControllerPrivate *priv;
  const VntIdseField *field;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  priv = PRIV (self);
  field = find_field (self, name);
  g_return_val_if_fail (field != NULL, FALSE);

  if (past_form (self))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("The request was sent already: its data cannot change."));
      return FALSE;
    }

  switch (field->check)
    {
    case VNT_IDSE_CHECK_RFC:
    case VNT_IDSE_CHECK_RFC_FISICA:
    case VNT_IDSE_CHECK_CURP:
    case VNT_IDSE_CHECK_NPIE:
    case VNT_IDSE_CHECK_REGISTRO_PATRONAL:
      normalized = vnt_id_normalize (value != NULL ? value : "");
      break;
    case VNT_IDSE_CHECK_PASSWORD:
    case VNT_IDSE_CHECK_CONFIRM_PASSWORD:
      normalized = g_strdup (value != NULL ? value : "");
      break;
    default:
      normalized = g_strstrip (g_strdup (value != NULL ? value : ""));
      break;
    }

  if (g_str_equal (name, "password"))
    {
      vnt_secret_free (priv->password);
      priv->password = g_steal_pointer (&normalized);
    }
  else if (g_str_equal (name, "password_confirm"))
    {
      vnt_secret_free (priv->password_confirm);
      priv->password_confirm = g_steal_pointer (&normalized);
    }
  else
    {
      g_autofree char *key = record_name (name);

      g_assert (!is_secret (field));
      vnt_tramite_set_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), key,
                              *normalized != '\0' ? normalized : NULL);
    }

  return vnt_idse_request_controller_check_field (self, name, error);
}

const char *
vnt_idse_request_controller_get_field (VntIdseRequestController *self,
                                       const char               *name)
{
  const VntIdseField *field;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  field = find_field (self, name);
  if (field == NULL || is_secret (field))
    return NULL;
  return vnt_idse_request_controller_get_value (self, name);
}

gboolean
vnt_idse_request_controller_check_field (VntIdseRequestController  *self,
                                         const char                *name,
                                         GError                   **error)
{
  const VntIdseField *field;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), FALSE);

  field = find_field (self, name);
  g_return_val_if_fail (field != NULL, FALSE);

  return check_value (self, field, vnt_idse_request_controller_get_value (self, name), error);
}

gboolean
vnt_idse_request_controller_submit_form (VntIdseRequestController  *self,
                                         const char               **bad_field,
                                         GError                   **error)
{
  VntIdseRequestControllerPrivate *priv;
  VntProcedure *procedure = VNT_PROCEDURE (self);
  const VntIdseField *fields;
  gsize n_fields;
  const char *rfc;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), FALSE);

  priv = PRIV (self);
  fields = vnt_idse_request_controller_get_fields (self, &n_fields);
  for (gsize i = 0; i < n_fields; i++)
    {
      /* Resumed: the contraseña is asked again before sending. */
      if (is_secret (&fields[i]) && priv->password == NULL && vnt_procedure_has_reached (procedure, VNT_EFIRMA_STEP_ASK))
        continue;
      if (!vnt_idse_request_controller_check_field (self, fields[i].name, error))
        {
          if (bad_field != NULL)
            *bad_field = fields[i].name;
          return FALSE;
        }
    }

  if (past_form (self))
    return TRUE;

  /* The patrón's RFC; an additional certificate's is the e.firma's own. */
  rfc = vnt_idse_request_controller_get_value (self, "rfc");
  if (rfc != NULL && !vnt_procedure_has_reached (procedure, VNT_IDSE_STEP_KEY) &&
      !vnt_efirma_step_set_rfc (priv->efirma, rfc, error))
    {
      if (bad_field != NULL)
        *bad_field = "rfc";
      return FALSE;
    }

  if (!vnt_procedure_has_reached (procedure, VNT_EFIRMA_STEP_ASK))
    vnt_procedure_set_step (procedure, VNT_EFIRMA_STEP_ASK);
  vnt_procedure_save (procedure);
  return TRUE;
}

gboolean
vnt_idse_request_controller_get_needs_password (VntIdseRequestController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), FALSE);
  return !past_form (self) && PRIV (self)->password == NULL;
}

/* ------------------------------------------------------------------ */
/* Enviar solicitud                                                    */

typedef struct {
  VntPrivateKey *key;
  char          *unique_identifier;
  char          *serial_number;
  char          *email;
  GBytes        *csr;
} CsrData;

static void
csr_data_free (CsrData *data)
{
  g_clear_object (&data->key);
  g_free (data->unique_identifier);
  g_free (data->serial_number);
  g_free (data->email);
  g_clear_pointer (&data->csr, g_bytes_unref);
  g_free (data);
}

static void
csr_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CsrData *data = task_data;
  GError *error = NULL;

  /* Shaped as SAT's requests: the RFC, the CURP, the e-mail. */
  data->csr = vnt_request_writer_build (data->key, data->unique_identifier, data->serial_number,
                                        data->email, NULL, &error);
  if (data->csr == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
send_terms_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(VntCarta) terms = NULL;
  GError *error = NULL;

  terms = vnt_tramite_flow_fetch_terms_finish (VNT_TRAMITE_FLOW (source), result, &error);
  if (terms == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
fetch_terms (GTask *task)
{
  VntIdseRequestController *self = g_task_get_source_object (task);

  vnt_tramite_flow_fetch_terms_async (PRIV (self)->flow, g_task_get_cancellable (task), send_terms_cb, task);
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  /* The operation ended; the carta is an operation of its own. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  fetch_terms (task);
}

static void
send_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *operation = user_data;
  VntIdseRequestController *self = g_task_get_source_object (operation);
  g_autoptr(VntServiceTramite) tramite = NULL;
  GError *error = NULL;

  tramite = vnt_tramite_flow_start_finish (VNT_TRAMITE_FLOW (source), result, &error);
  if (tramite == NULL)
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), operation, error);
      return;
    }

  /* Sent: the contraseña is the service's now, and gone from here. */
  wipe_passwords (self);
  vnt_procedure_task_return_saved (VNT_PROCEDURE (self), operation, NULL, NULL);
}

static void
csr_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *operation = user_data;
  VntIdseRequestController *self = VNT_IDSE_REQUEST_CONTROLLER (source);
  VntIdseRequestControllerClass *klass = VNT_IDSE_REQUEST_CONTROLLER_GET_CLASS (self);
  CsrData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *csr_b64 = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), operation, error);
      return;
    }

  klass->fill_data (self, body);
  csr_b64 = g_base64_encode (g_bytes_get_data (data->csr, NULL), g_bytes_get_size (data->csr));
  json_object_set_string_member (body, "csr", csr_b64);
  vnt_tramite_flow_start_async (PRIV (self)->flow, body, g_task_get_cancellable (operation),
                                send_started_cb, operation);
}

void
vnt_idse_request_controller_send_async (VntIdseRequestController *self,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  VntIdseRequestControllerPrivate *priv;
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntCertificate *certificate;
  g_autoptr(GTask) csr_task = NULL;
  const char *curp;
  CsrData *data;
  GTask *operation;
  GTask *task;
  GError *error = NULL;
  const char *bad_field = NULL;

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));

  priv = PRIV (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_idse_request_controller_send_async);

  /* Sent already (resumed): its carta. */
  if (vnt_procedure_has_reached (procedure, VNT_TRAMITE_STEP_REVIEW))
    {
      fetch_terms (task);
      return;
    }

  operation = vnt_procedure_task_new (procedure, cancellable, send_done_cb, task,
                                      vnt_idse_request_controller_send_async);
  if (operation == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, operation, VNT_IDSE_STEP_KEY_SAVED, VNT_IDSE_STEP_KEY_SAVED))
    return;

  /* The contraseña typed again after a resume is checked as the form's. */
  if (!vnt_idse_request_controller_submit_form (self, &bad_field, &error))
    {
      vnt_procedure_task_fail (procedure, operation, error);
      return;
    }
  if (priv->password == NULL)
    {
      vnt_procedure_task_fail (procedure, operation,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED,
                                                    _("Type the IDSE contraseña and its confirmation again: it is never saved.")));
      return;
    }
  if (vnt_efirma_step_get_credential (priv->efirma) == NULL)
    {
      vnt_procedure_task_fail (procedure, operation,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("Open your e.firma again (its password is never saved), then send the request.")));
      return;
    }
  if (vnt_keygen_step_get_key (priv->keygen) == NULL)
    {
      vnt_procedure_task_fail (procedure, operation,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("Open the private key you saved (type its password), then send the request.")));
      return;
    }

  certificate = vnt_efirma_step_get_certificate (priv->efirma);
  curp = vnt_efirma_step_get_curp (priv->efirma);
  data = g_new0 (CsrData, 1);
  data->key = g_object_ref (vnt_keygen_step_get_key (priv->keygen));
  data->unique_identifier = g_strdup (vnt_efirma_step_get_rfc (priv->efirma));
  data->serial_number = vnt_certificate_get_persona (certificate) == VNT_PERSONA_MORAL
                        ? g_strconcat (" / ", curp != NULL ? curp : "", NULL)
                        : g_strdup (curp != NULL ? curp : "");
  data->email = g_strdup (vnt_idse_request_controller_get_value (self, "email"));

  csr_task = g_task_new (self, cancellable, csr_done_cb, operation);
  g_task_set_source_tag (csr_task, csr_thread);
  g_task_set_task_data (csr_task, data, (GDestroyNotify) csr_data_free);
  g_task_run_in_thread (csr_task, csr_thread);
}

gboolean
vnt_idse_request_controller_send_finish (VntIdseRequestController  *self,
                                         GAsyncResult              *result,
                                         GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The deadline                                                        */

static const char *
acuse_data_string (VntIdseRequestController *self,
                   const char               *member)
{
  VntAcuseInfo *acuse = vnt_tramite_flow_get_acuse (PRIV (self)->flow);
  JsonObject *payload;
  JsonObject *data;

  if (acuse == NULL)
    return NULL;
  payload = vnt_acuse_info_get_payload (acuse);
  if (payload == NULL || !json_object_has_member (payload, "data"))
    return NULL;
  data = json_object_get_object_member (payload, "data");
  if (data == NULL || !json_object_has_member (data, member))
    return NULL;
  return json_object_get_string_member (data, member);
}

gboolean
vnt_idse_request_controller_get_deadline (VntIdseRequestController *self,
                                          GDate                    *deadline)
{
  const char *text;
  int y, m, d;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), FALSE);
  g_return_val_if_fail (deadline != NULL, FALSE);

  text = acuse_data_string (self, "deadline");
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_clear (deadline, 1);
  g_date_set_dmy (deadline, d, m, y);
  return TRUE;
}

char *
vnt_idse_request_controller_format_deadline (VntIdseRequestController *self)
{
  static const char * const weekdays[] = {
    NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
  };
  static const char * const months[] = {
    NULL, N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
  };
  GDate deadline;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  if (!vnt_idse_request_controller_get_deadline (self, &deadline))
    return NULL;

  /* TRANSLATORS: weekday, day, month and year of the deadline */
  return g_strdup_printf (_("Go to your Subdelegación no later than %s %u %s %u."),
                          _(weekdays[g_date_get_weekday (&deadline)]), g_date_get_day (&deadline),
                          _(months[g_date_get_month (&deadline)]), g_date_get_year (&deadline));
}

/* ------------------------------------------------------------------ */
/* The printable request                                               */

static void
pdf_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!vnt_idse_request_pdf_write_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
vnt_idse_request_controller_write_request_pdf_async (VntIdseRequestController *self,
                                                     const char               *path,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *deadline = NULL;
  const VntIdseField *fields;
  gsize n_fields;

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_idse_request_controller_write_request_pdf_async);

  if (!vnt_procedure_get_done (VNT_PROCEDURE (self)))
    {
      g_task_return_new_error (task, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                               _("The request has no folio yet: sign the letter first."));
      return;
    }

  /* Title and value pairs, as the form had them (never the contraseña). */
  g_ptr_array_add (rows, g_strdup (_("Folio")));
  g_ptr_array_add (rows, g_strdup (vnt_tramite_flow_get_folio (PRIV (self)->flow)));
  fields = vnt_idse_request_controller_get_fields (self, &n_fields);
  for (gsize i = 0; i < n_fields; i++)
    {
      const char *value = vnt_idse_request_controller_get_field (self, fields[i].name);
      const VntIdseChoice *choices = vnt_idse_request_controller_get_choices (self, fields[i].name);

      if (is_secret (&fields[i]) || g_str_has_suffix (fields[i].name, "_confirm"))
        continue;
      for (gsize j = 0; choices != NULL && choices[j].code != NULL; j++)
        if (g_strcmp0 (choices[j].code, value) == 0)
          value = _(choices[j].label);
      g_ptr_array_add (rows, g_strdup (_(fields[i].title)));
      g_ptr_array_add (rows, g_strdup (value != NULL ? value : ""));
    }
  g_ptr_array_add (rows, NULL);

  deadline = vnt_idse_request_controller_format_deadline (self);
  vnt_idse_request_pdf_write_async (vnt_procedure_get_procedure_id (VNT_PROCEDURE (self)),
                                    (const char * const *) rows->pdata, deadline,
                                    vnt_procedure_get_practice (VNT_PROCEDURE (self)), path,
                                    cancellable, pdf_written_cb, g_steal_pointer (&task));
}

gboolean
vnt_idse_request_controller_write_request_pdf_finish (VntIdseRequestController  *self,
                                                      GAsyncResult              *result,
                                                      GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Practice: the visit to the Subdelegación, the certificate           */

static VntCertificate *
issued_certificate (VntIdseRequestController *self)
{
  VntIdseRequestControllerPrivate *priv = PRIV (self);
  g_autoptr(GBytes) der = NULL;

  if (priv->certificate != NULL)
    return priv->certificate;
  der = vnt_tramite_get_bytes (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_CERTIFICATE);
  if (der != NULL)
    priv->certificate = vnt_certificate_new_from_bytes (der, NULL);
  return priv->certificate;
}

static void
certificate_fetched_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRequestController *self = g_task_get_source_object (task);
  VntIdseRequestControllerPrivate *priv = PRIV (self);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(VntCertificate) certificate = NULL;
  VntPrivateKey *key = vnt_keygen_step_get_key (priv->keygen);
  GError *error = NULL;

  certificate = vnt_service_client_get_idse_certificate_finish (VNT_SERVICE_CLIENT (source), result, NULL, &error);
  if (certificate == NULL)
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  /* Issued for the key saved at the start, or useless. */
  if (key == NULL || !vnt_private_key_matches (key, certificate))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                                                    _("The certificate the IMSS issued is not for the key you saved. Do not use it: ask at your Subdelegación.")));
      return;
    }

  g_set_object (&priv->certificate, certificate);
  vnt_tramite_set_bytes (vnt_procedure_get_record (procedure), FIELD_CERTIFICATE,
                         vnt_certificate_get_der (certificate));
  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

static void
concluded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRequestController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntTramite *record = vnt_procedure_get_record (procedure);
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *certificate;
  const char *serial = NULL;
  GError *error = NULL;

  answer = vnt_service_client_practice_conclude_idse_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  vnt_tramite_clear_idempotency_key (record, "conclude");
  certificate = json_object_has_member (answer, "certificate")
                ? json_object_get_object_member (answer, "certificate") : NULL;
  if (certificate != NULL && json_object_has_member (certificate, "serial"))
    serial = json_object_get_string_member (certificate, "serial");
  if (json_object_has_member (answer, "npie") && !json_object_get_null_member (answer, "npie"))
    vnt_tramite_set_string (record, FIELD_NPIE, json_object_get_string_member (answer, "npie"));
  if (serial == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE,
                                                    _("The service did not issue the certificate. Try again later.")));
      return;
    }
  vnt_tramite_set_string (record, FIELD_SERIAL, serial);

  vnt_service_client_get_idse_certificate_async (vnt_procedure_get_client (procedure), serial,
                                                 g_task_get_cancellable (task), certificate_fetched_cb, task);
}

void
vnt_idse_request_controller_conclude_async (VntIdseRequestController *self,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntTramite *record;
  const char *serial;
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_request_controller_conclude_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_get_done (procedure))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("The request has no folio yet: sign the letter first.")));
      return;
    }

  record = vnt_procedure_get_record (procedure);
  serial = vnt_tramite_get_string (record, FIELD_SERIAL);
  if (issued_certificate (self) == NULL && vnt_keygen_step_get_key (PRIV (self)->keygen) == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("The private key is not open any more. Use “Recuperación de certificado” with the key you saved to make the .pfx.")));
      return;
    }
  if (issued_certificate (self) != NULL)
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }
  /* Concluded before, the certificate not fetched yet. */
  if (serial != NULL)
    {
      vnt_service_client_get_idse_certificate_async (vnt_procedure_get_client (procedure), serial, cancellable,
                                                     certificate_fetched_cb, task);
      return;
    }

  vnt_tramite_ensure_idempotency_key (record, "conclude");
  vnt_procedure_save (procedure);
  vnt_service_client_practice_conclude_idse_async (vnt_procedure_get_client (procedure),
                                                   vnt_tramite_flow_get_folio (PRIV (self)->flow),
                                                   vnt_tramite_get_idempotency_key (record, "conclude"),
                                                   cancellable, concluded_cb, task);
}

gboolean
vnt_idse_request_controller_conclude_finish (VntIdseRequestController  *self,
                                             GAsyncResult              *result,
                                             GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_request_controller_get_npie (VntIdseRequestController *self)
{
  const char *npie;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  npie = vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_NPIE);
  return npie != NULL ? npie : acuse_data_string (self, "npie");
}

VntCertificate *
vnt_idse_request_controller_get_certificate (VntIdseRequestController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);
  return issued_certificate (self);
}

char *
vnt_idse_request_controller_suggest_pfx_name (VntIdseRequestController *self)
{
  VntCertificate *certificate;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  certificate = issued_certificate (self);
  if (certificate == NULL)
    return g_strdup ("IDSE.pfx");
  return g_strdup_printf ("%s_%s.pfx", vnt_efirma_step_get_rfc (PRIV (self)->efirma),
                          vnt_certificate_get_number (certificate));
}

/* ------------------------------------------------------------------ */
/* The .pfx                                                            */

typedef struct {
  VntCertificate   *certificate;
  VntPrivateKey    *key;
  char             *password;
  VntPkcs12Profile  profile;
  char             *path;
} PfxData;

static void
pfx_data_free (PfxData *data)
{
  g_clear_object (&data->certificate);
  g_clear_object (&data->key);
  vnt_secret_free (data->password);
  g_free (data->path);
  g_free (data);
}

static void
pfx_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PfxData *data = task_data;
  g_autoptr(GBytes) pfx = NULL;
  GError *error = NULL;

  pfx = vnt_pkcs12_writer_build (data->certificate, data->key, data->password, data->profile, &error);
  g_clear_pointer (&data->password, vnt_secret_free);
  if (pfx == NULL || !vnt_safe_file_write_bytes (data->path, pfx, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
pfx_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRequestController *self = VNT_IDSE_REQUEST_CONTROLLER (source);
  PfxData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, error);
      return;
    }

  vnt_tramite_set_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_PFX_PATH, data->path);
  vnt_procedure_task_return_saved (VNT_PROCEDURE (self), task, NULL, NULL);
}

void
vnt_idse_request_controller_save_pfx_async (VntIdseRequestController *self,
                                            const char               *path,
                                            const char               *password,
                                            VntPkcs12Profile          profile,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  VntIdseRequestControllerPrivate *priv;
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(GTask) worker = NULL;
  VntCertificate *certificate;
  VntPrivateKey *key;
  PfxData *data;
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));
  g_return_if_fail (path != NULL);

  priv = PRIV (self);
  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_request_controller_save_pfx_async);
  if (task == NULL)
    return;

  certificate = issued_certificate (self);
  key = vnt_keygen_step_get_key (priv->keygen);
  if (certificate == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("The certificate was not issued yet: it is handed over at the Subdelegación.")));
      return;
    }
  if (key == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("The private key is not open any more. Use “Recuperación de certificado” with the key you saved to make the .pfx.")));
      return;
    }
  if (password == NULL || !is_idse_credential (password))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED,
                                                    _("Protect the .pfx with your IDSE contraseña: 8 to 20 letters or digits.")));
      return;
    }

  data = g_new0 (PfxData, 1);
  data->certificate = g_object_ref (certificate);
  data->key = g_object_ref (key);
  data->password = g_strdup (password);
  data->profile = profile;
  data->path = g_strdup (path);

  worker = g_task_new (self, cancellable, pfx_done_cb, task);
  g_task_set_source_tag (worker, pfx_thread);
  g_task_set_task_data (worker, data, (GDestroyNotify) pfx_data_free);
  g_task_run_in_thread (worker, pfx_thread);
}

gboolean
vnt_idse_request_controller_save_pfx_finish (VntIdseRequestController  *self,
                                             GAsyncResult              *result,
                                             GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_request_controller_get_pfx_path (VntIdseRequestController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_PFX_PATH);
}

/* ------------------------------------------------------------------ */
/* Facets                                                              */

static VntEfirmaStep *
get_efirma_step (VntHasEfirma *has)
{
  return PRIV (VNT_IDSE_REQUEST_CONTROLLER (has))->efirma;
}

static void
proceed_async (VntHasEfirma        *has,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  VntIdseRequestController *self = VNT_IDSE_REQUEST_CONTROLLER (has);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntEfirmaStep *efirma = PRIV (self)->efirma;
  const char *wanted = vnt_idse_request_controller_get_value (self, "rfc");
  VntCertificate *certificate = vnt_efirma_step_get_certificate (efirma);
  g_autofree char *certificate_rfc = NULL;
  GTask *task;

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data, proceed_async);
  if (task == NULL)
    return;

  /* Resumed past it: the e.firma only had to be opened again. */
  if (vnt_procedure_has_reached (procedure, VNT_IDSE_STEP_KEY))
    {
      vnt_procedure_task_return_saved_int (procedure, task, VNT_EFIRMA_OUTCOME_GO_ON);
      return;
    }

  certificate_rfc = vnt_id_normalize (certificate != NULL && vnt_certificate_get_rfc (certificate) != NULL
                                      ? vnt_certificate_get_rfc (certificate) : "");
  if (wanted != NULL && g_strcmp0 (certificate_rfc, wanted) != 0)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH,
                                            _("This e.firma is of the RFC %s, and the request is for the patrón with RFC %s. Identify yourself with the e.firma of the patrón, or of the company whose RFC it is."),
                                            certificate_rfc, wanted));
      return;
    }

  vnt_procedure_set_step (procedure, VNT_IDSE_STEP_KEY);
  vnt_procedure_task_return_saved_int (procedure, task, VNT_EFIRMA_OUTCOME_GO_ON);
}

static VntEfirmaOutcome
proceed_finish (VntHasEfirma  *has,
                GAsyncResult  *result,
                GError       **error)
{
  GError *local_error = NULL;
  gssize outcome = g_task_propagate_int (G_TASK (result), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return VNT_EFIRMA_OUTCOME_ERROR;
    }
  return (VntEfirmaOutcome) outcome;
}

static void
has_efirma_iface_init (VntHasEfirmaInterface *iface)
{
  iface->get_efirma_step = get_efirma_step;
  iface->proceed_async = proceed_async;
  iface->proceed_finish = proceed_finish;
}

static VntKeygenStep *
get_keygen_step (VntHasKeygen *has)
{
  return PRIV (VNT_IDSE_REQUEST_CONTROLLER (has))->keygen;
}

static char *
suggest_file_name (VntHasKeygen *has)
{
  VntIdseRequestController *self = VNT_IDSE_REQUEST_CONTROLLER (has);

  return vnt_keygen_step_suggest_file_name ("IDSE", vnt_efirma_step_get_rfc (PRIV (self)->efirma), NULL);
}

static void
has_keygen_iface_init (VntHasKeygenInterface *iface)
{
  iface->get_keygen_step = get_keygen_step;
  iface->suggest_file_name = suggest_file_name;
}

static VntTramiteFlow *
get_tramite_flow (VntHasTramite *has)
{
  return PRIV (VNT_IDSE_REQUEST_CONTROLLER (has))->flow;
}

static void
has_tramite_iface_init (VntHasTramiteInterface *iface)
{
  iface->get_tramite_flow = get_tramite_flow;
}
