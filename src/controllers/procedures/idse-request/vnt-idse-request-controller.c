/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-npie.h"
#include "core/vnt-registro-patronal.h"
#include "core/vnt-rfc.h"
#include "vnt-idse-request-controller-private.h"

static void has_efirma_iface_init  (VntHasEfirmaInterface  *iface);
static void has_keygen_iface_init  (VntHasKeygenInterface  *iface);

G_DEFINE_TYPE_WITH_CODE (VntIdseRequestController, vnt_idse_request_controller, VNT_TYPE_PROCEDURE,
                         G_ADD_PRIVATE (VntIdseRequestController)
                         G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, has_efirma_iface_init)
                         G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_KEYGEN, has_keygen_iface_init)
                         G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, NULL))

VntIdseRequestControllerPrivate *
vnt_idse_request_controller_get_private (VntIdseRequestController *self)
{
  return vnt_idse_request_controller_get_instance_private (self);
}

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
  { "password_confirm", N_("Contraseña"), N_("Confirm the password"), VNT_IDSE_WIDGET_PASSWORD, VNT_IDSE_CHECK_CONFIRM_PASSWORD },
  { "telefono", N_("Contact"), N_("Teléfono"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_PHONE },
  { "email", N_("Contact"), N_("Correo electrónico"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_EMAIL },
  { "email_confirm", N_("Contact"), N_("Confirm the e-mail"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_CONFIRM_EMAIL },
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

gboolean
vnt_idse_request_field_is_secret (const VntIdseField *field)
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

void
vnt_idse_request_wipe_passwords (VntIdseRequestController *self)
{
  VntIdseRequestControllerPrivate *priv = PRIV (self);

  g_clear_pointer (&priv->password, vnt_secret_free);
  g_clear_pointer (&priv->password_confirm, vnt_secret_free);
}

static void
vnt_idse_request_controller_dispose (GObject *object)
{
  VntIdseRequestController *self = VNT_IDSE_REQUEST_CONTROLLER (object);

  vnt_idse_request_wipe_passwords (self);

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

  priv->efirma = vnt_efirma_step_new_applicant (VNT_PROCEDURE (self), &VNT_EFIRMA_POLICY_PATRON);
  priv->keygen = vnt_keygen_step_new (VNT_PROCEDURE (self), "idse_key", VNT_IDSE_STEP_KEY,
                                      VNT_IDSE_STEP_KEY_SAVED);
  vnt_procedure_add_part (VNT_PROCEDURE (self), priv->keygen);
  priv->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), priv->efirma, NULL);
  /* Sent: the contraseña is the service's now, and gone from here. */
  g_signal_connect_object (priv->flow, "started", G_CALLBACK (vnt_idse_request_wipe_passwords),
                           self, G_CONNECT_SWAPPED);
  priv->pfx = vnt_pfx_step_new (VNT_PROCEDURE (self), "idse/pfx", NULL);
  vnt_procedure_add_part (VNT_PROCEDURE (self), priv->pfx);
}

VntIdseRequestController *
vnt_idse_request_controller_new (VntServiceClient *client,
                                 VntTramiteStore  *store)
{
  return (VntIdseRequestController *) vnt_procedure_new (VNT_TYPE_IDSE_REQUEST_CONTROLLER,
                                                         client, store);
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
        return fail (error, _("Type the 10 characters of the employer registration number, as on your employer identification card; its check digit goes in the next field."));
      /* The layout of the whole registro, with a placeholder digit. */
      registro = g_strconcat (value, "0", NULL);
      return vnt_registro_patronal_validate (registro, error);

    case VNT_IDSE_CHECK_DIGIT:
      if (!all_digits (value, 1))
        return fail (error, _("The check digit is a single digit, the last one of the employer registration number."));
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
      if (!vnt_idse_credential_is_valid (value))
        return fail (error, _("The user name has 8 to 20 letters or digits, with no spaces, accents or symbols."));
      return TRUE;

    case VNT_IDSE_CHECK_PASSWORD:
      if (!vnt_idse_credential_is_valid (value))
        return fail (error, _("The password has 8 to 20 letters or digits, with no spaces, accents or symbols."));
      usuario = vnt_idse_request_controller_get_value (self, "usuario");
      if (usuario != NULL && g_ascii_strcasecmp (usuario, value) == 0)
        return fail (error, _("The password cannot be the user name. Choose a different password."));
      return TRUE;

    case VNT_IDSE_CHECK_CONFIRM_PASSWORD:
      if (g_strcmp0 (value, vnt_idse_request_controller_get_value (self, "password")) != 0)
        return fail (error, _("The confirmation is not the password typed above. Type the same password again."));
      return TRUE;

    case VNT_IDSE_CHECK_PHONE:
      if (!all_digits (value, 10))
        return fail (error, _("Type the 10 digits of the phone number, with its area code and no spaces."));
      return TRUE;

    case VNT_IDSE_CHECK_EMAIL:
      if (!vnt_email_is_plausible (value, TRUE))
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

      g_assert (!vnt_idse_request_field_is_secret (field));
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
  if (field == NULL || vnt_idse_request_field_is_secret (field))
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
      if (vnt_idse_request_field_is_secret (&fields[i]) && priv->password == NULL && vnt_procedure_has_reached (procedure, VNT_EFIRMA_STEP_ASK))
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
/* Facets                                                              */

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
                                            _("This e.firma is of the RFC %s, and the request is for the employer with RFC %s. Identify yourself with the e.firma of the employer, or of the company whose RFC it is."),
                                            certificate_rfc, wanted));
      return;
    }

  vnt_procedure_set_step (procedure, VNT_IDSE_STEP_KEY);
  vnt_procedure_task_return_saved_int (procedure, task, VNT_EFIRMA_OUTCOME_GO_ON);
}

static void
has_efirma_iface_init (VntHasEfirmaInterface *iface)
{
  iface->proceed_async = proceed_async;
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
  iface->suggest_file_name = suggest_file_name;
}

