/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "controllers/vnt-create-account-controller.h"
#include "controllers/vnt-procedure-private.h"

struct _VntCreateAccountController
{
  VntProcedure parent_instance;
};

G_DEFINE_FINAL_TYPE (VntCreateAccountController, vnt_create_account_controller, VNT_TYPE_PROCEDURE)

enum {
  PROP_0,
  PROP_EMAIL,
  PROP_PHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
vnt_create_account_controller_get_name (VntProcedure *procedure)
{
  return _("Create account");
}

static void
vnt_create_account_controller_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  VntCreateAccountController *self = VNT_CREATE_ACCOUNT_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_EMAIL:
      g_value_set_string (value, vnt_create_account_controller_get_email (self));
      break;
    case PROP_PHONE:
      g_value_set_string (value, vnt_create_account_controller_get_phone (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_create_account_controller_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  VntCreateAccountController *self = VNT_CREATE_ACCOUNT_CONTROLLER (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_EMAIL:
      if (!vnt_create_account_controller_set_email (self, g_value_get_string (value), &error))
        g_warning ("%s", error->message);
      break;
    case PROP_PHONE:
      if (!vnt_create_account_controller_set_phone (self, g_value_get_string (value), &error))
        g_warning ("%s", error->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_create_account_controller_class_init (VntCreateAccountControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  object_class->get_property = vnt_create_account_controller_get_property;
  object_class->set_property = vnt_create_account_controller_set_property;

  procedure_class->procedure_id = "account.create";
  procedure_class->get_name = vnt_create_account_controller_get_name;

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vnt_create_account_controller_init (VntCreateAccountController *self)
{
}

VntCreateAccountController *
vnt_create_account_controller_new (VntServiceClient *client,
                                   VntTramiteStore  *store)
{
  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (store == NULL || VNT_IS_TRAMITE_STORE (store), NULL);

  return g_object_new (VNT_TYPE_CREATE_ACCOUNT_CONTROLLER, "client", client, "store", store, NULL);
}

VntCreateAccountController *
vnt_create_account_controller_new_from_update (VntUpdateEfirmaController *update)
{
  VntProcedure *from = VNT_PROCEDURE (update);
  VntCreateAccountController *self;

  g_return_val_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (update), NULL);

  self = vnt_create_account_controller_new (vnt_procedure_get_client (from), vnt_procedure_get_store (from));
  vnt_procedure_adopt_efirma (VNT_PROCEDURE (self), from);

  return self;
}

const char *
vnt_create_account_controller_get_email (VntCreateAccountController *self)
{
  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), "email");
}

/* Deliberately loose: one @, something on both sides, a dot in the domain,
 * no spaces. The service has the last word. */
static gboolean
email_is_plausible (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.' &&
         strpbrk (email, " \t\r\n,;<>") == NULL && strlen (email) <= 254 &&
         g_utf8_validate (email, -1, NULL);
}

gboolean
vnt_create_account_controller_set_email (VntCreateAccountController  *self,
                                         const char                  *email,
                                         GError                     **error)
{
  VntTramite *record;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), FALSE);

  trimmed = g_strstrip (g_strdup (email != NULL ? email : ""));
  if (!email_is_plausible (trimmed))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL,
                           _("That is not an e-mail address. Type it as name@example.com."));
      return FALSE;
    }

  record = vnt_procedure_get_record (VNT_PROCEDURE (self));
  if (g_strcmp0 (trimmed, vnt_tramite_get_string (record, "email")) != 0)
    {
      vnt_tramite_set_string (record, "email", trimmed);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
      vnt_procedure_save (VNT_PROCEDURE (self));
    }

  return TRUE;
}

const char *
vnt_create_account_controller_get_phone (VntCreateAccountController *self)
{
  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), "phone");
}

gboolean
vnt_create_account_controller_set_phone (VntCreateAccountController  *self,
                                         const char                  *phone,
                                         GError                     **error)
{
  VntTramite *record;
  g_autoptr(GString) digits = g_string_new (NULL);

  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), FALSE);

  for (const char *p = phone != NULL ? phone : ""; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_string_truncate (digits, 0);
          g_string_append (digits, "x");
          break;
        }
    }

  if (digits->len != 0 && digits->len != 10)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_PHONE,
                           _("The phone number must have 10 digits, including the area code."));
      return FALSE;
    }

  record = vnt_procedure_get_record (VNT_PROCEDURE (self));
  if (g_strcmp0 (digits->len > 0 ? digits->str : NULL, vnt_tramite_get_string (record, "phone")) != 0)
    {
      vnt_tramite_set_string (record, "phone", digits->len > 0 ? digits->str : NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
      vnt_procedure_save (VNT_PROCEDURE (self));
    }

  return TRUE;
}

/* ---- Autenticar ---- */

static void
authenticate_started_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *procedure = VNT_PROCEDURE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) tramite = NULL;

  tramite = vnt_procedure_start_tramite_finish (procedure, result, &error);
  if (tramite == NULL)
    {
      vnt_procedure_task_fail (procedure, task, g_steal_pointer (&error));
      return;
    }

  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

void
vnt_create_account_controller_authenticate_async (VntCreateAccountController *self,
                                                  GCancellable               *cancellable,
                                                  GAsyncReadyCallback         callback,
                                                  gpointer                    user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) data = json_object_new ();
  const char *email, *phone;
  GTask *task;

  g_return_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_create_account_controller_authenticate_async);
  if (task == NULL)
    return;

  /* Authenticated already (resumed): the service's answer is kept. */
  if (vnt_procedure_get_step (procedure) >= VNT_PROCEDURE_STEP_REVIEW &&
      vnt_procedure_get_step (procedure) <= VNT_PROCEDURE_STEP_TERMS)
    {
      vnt_procedure_end_operation (procedure, NULL);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (!vnt_procedure_task_require_step (procedure, task, VNT_PROCEDURE_STEP_VALIDATED,
                                        VNT_PROCEDURE_STEP_VALIDATED))
    return;

  email = vnt_create_account_controller_get_email (self);
  if (email == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL,
                                                    _("Type your e-mail address: IMSS writes to it about your account.")));
      return;
    }

  json_object_set_string_member (data, "email", email);
  phone = vnt_create_account_controller_get_phone (self);
  if (phone != NULL)
    json_object_set_string_member (data, "phone", phone);

  vnt_procedure_start_tramite_async (procedure, data, cancellable, authenticate_started_cb, task);
}

gboolean
vnt_create_account_controller_authenticate_finish (VntCreateAccountController  *self,
                                                   GAsyncResult                *result,
                                                   GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
