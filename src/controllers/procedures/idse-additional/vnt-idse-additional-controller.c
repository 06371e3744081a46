/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-idse-additional-controller.h"

struct _VntIdseAdditionalController
{
  VntIdseRequestController parent_instance;
};

G_DEFINE_FINAL_TYPE (VntIdseAdditionalController, vnt_idse_additional_controller,
                     VNT_TYPE_IDSE_REQUEST_CONTROLLER)

static const VntIdseField additional_fields[] = {
  { "npie", N_("Identification"), N_("NPIE"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_NPIE },
  { "usuario", N_("Identification"), N_("Usuario"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_USUARIO },
  { "password", N_("Contraseña"), N_("Contraseña"), VNT_IDSE_WIDGET_PASSWORD, VNT_IDSE_CHECK_PASSWORD },
  { "password_confirm", N_("Contraseña"), N_("Confirm the password"), VNT_IDSE_WIDGET_PASSWORD, VNT_IDSE_CHECK_CONFIRM_PASSWORD },
  { "email", N_("Contact"), N_("Correo electrónico"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_EMAIL },
  { "email_confirm", N_("Contact"), N_("Confirm the e-mail"), VNT_IDSE_WIDGET_TEXT, VNT_IDSE_CHECK_CONFIRM_EMAIL },
};

static void
additional_fill_data (VntIdseRequestController *self,
                      JsonObject               *data)
{
  static const char * const members[] = { "npie", "usuario", "password", "email" };

  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *value = vnt_idse_request_controller_get_value (self, members[i]);

      json_object_set_string_member (data, members[i], value != NULL ? value : "");
    }
}

static void
vnt_idse_additional_controller_class_init (VntIdseAdditionalControllerClass *klass)
{
  VntIdseRequestControllerClass *request_class = VNT_IDSE_REQUEST_CONTROLLER_CLASS (klass);

  VNT_PROCEDURE_CLASS (klass)->procedure_id = "idse.additional";
  request_class->fields = additional_fields;
  request_class->n_fields = G_N_ELEMENTS (additional_fields);
  request_class->fill_data = additional_fill_data;
}

static void
vnt_idse_additional_controller_init (VntIdseAdditionalController *self)
{
}

VntIdseAdditionalController *
vnt_idse_additional_controller_new (VntServiceClient *client,
                                    VntTramiteStore  *store)
{
  return (VntIdseAdditionalController *) vnt_procedure_new (VNT_TYPE_IDSE_ADDITIONAL_CONTROLLER,
                                                            client, store);
}
