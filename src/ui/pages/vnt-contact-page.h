/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure-facets.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_CONTACT_PAGE (vnt_contact_page_get_type ())
G_DECLARE_FINAL_TYPE (VntContactPage, vnt_contact_page, VNT, CONTACT_PAGE, VntPage)

/* Correo electrónico (required) and teléfono (optional) of a new account;
 * "Autenticar" sends them with the e.firma. @procedure is a VntHasContact. */
VntPage    *vnt_contact_page_new         (VntProcedure               *procedure);
/* The message under each field, or NULL. */
const char *vnt_contact_page_get_email_message (VntContactPage       *self);
const char *vnt_contact_page_get_phone_message (VntContactPage       *self);
/* A field was typed in and is not checked yet (checked after a pause). */
gboolean    vnt_contact_page_get_pending       (VntContactPage       *self);

G_END_DECLS
