/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-facets.h"
#include "ui/pages/vnt-acuse-page.h"
#include "vnt-procedure-registry.h"

#define VNT_PROCEDURE(name, folder) extern const VntProcedureDescriptor vnt_##name##_procedure;
#include "vnt-procedure-list.h"
#undef VNT_PROCEDURE

static const VntProcedureDescriptor * const registry[] = {
#define VNT_PROCEDURE(name, folder) &vnt_##name##_procedure,
#include "vnt-procedure-list.h"
#undef VNT_PROCEDURE
};

guint
vnt_procedure_registry_get_n_items (void)
{
  return G_N_ELEMENTS (registry);
}

const VntProcedureDescriptor *
vnt_procedure_registry_get (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (registry), NULL);
  return registry[position];
}

const VntProcedureDescriptor *
vnt_procedure_registry_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (registry); i++)
    if (g_str_equal (registry[i]->id, id))
      return registry[i];

  return NULL;
}

static int
compare_renew_order (gconstpointer a,
                     gconstpointer b)
{
  const VntProcedureDescriptor *da = *(const VntProcedureDescriptor * const *) a;
  const VntProcedureDescriptor *db = *(const VntProcedureDescriptor * const *) b;

  return (int) da->renew_order - (int) db->renew_order;
}

GPtrArray *
vnt_procedure_registry_for_renewal (VntWatchKind kind)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (registry); i++)
    if (registry[i]->renews & VNT_RENEWS (kind))
      g_ptr_array_add (found, (gpointer) registry[i]);
  g_ptr_array_sort (found, compare_renew_order);

  return found;
}

const char *
vnt_procedure_group_get_title (VntProcedureGroup group)
{
  switch (group)
    {
    case VNT_PROCEDURE_GROUP_ESCRITORIO_VIRTUAL:
      return _("Escritorio Virtual");
    case VNT_PROCEDURE_GROUP_IDSE:
      return _("IDSE");
    case VNT_PROCEDURE_GROUP_SAT:
      return _("SAT");
    case VNT_PROCEDURE_N_GROUPS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
vnt_procedure_display_name (const char *id)
{
  const VntProcedureDescriptor *descriptor = vnt_procedure_registry_lookup (id);

  return descriptor != NULL ? _(descriptor->name) : id;
}

gboolean
vnt_procedure_descriptor_get_local_only (const VntProcedureDescriptor *self)
{
  g_autoptr(GTypeClass) klass = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  klass = g_type_class_ref (self->get_type ());
  return VNT_PROCEDURE_CLASS (klass)->local_only;
}

static const char * const offer_nicks[] = { "no-account", "account-exists", "persona-moral" };

const VntProcedureDescriptor *
vnt_procedure_descriptor_get_offer (const VntProcedureDescriptor *self,
                                    VntProcedureOffer             offer)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (offer)
    {
    case VNT_PROCEDURE_OFFER_NO_ACCOUNT:
      return vnt_procedure_registry_lookup (self->no_account_procedure);
    case VNT_PROCEDURE_OFFER_ACCOUNT_EXISTS:
      return vnt_procedure_registry_lookup (self->account_exists_procedure);
    case VNT_PROCEDURE_OFFER_PERSONA_MORAL:
      return vnt_procedure_registry_lookup (self->persona_moral_procedure);
    default:
      return NULL;
    }
}

const char *
vnt_procedure_offer_to_nick (VntProcedureOffer offer)
{
  g_return_val_if_fail ((guint) offer < G_N_ELEMENTS (offer_nicks), NULL);
  return offer_nicks[offer];
}

gboolean
vnt_procedure_offer_from_nick (const char        *nick,
                               VntProcedureOffer *offer)
{
  for (guint i = 0; nick != NULL && i < G_N_ELEMENTS (offer_nicks); i++)
    if (g_str_equal (offer_nicks[i], nick))
      {
        *offer = (VntProcedureOffer) i;
        return TRUE;
      }

  return FALSE;
}

VntProcedure *
vnt_procedure_descriptor_create (const VntProcedureDescriptor *self,
                                 VntServiceClient             *client,
                                 VntTramiteStore              *store,
                                 gboolean                      practice)
{
  VntProcedure *procedure;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (client) ||
                        (client == NULL && vnt_procedure_descriptor_get_local_only (self)), NULL);

  procedure = g_object_new (self->get_type (), "client", client, "store", store, NULL);
  g_warn_if_fail (g_strcmp0 (vnt_procedure_get_procedure_id (procedure), self->id) == 0);
  vnt_procedure_set_practice (procedure, practice);
  return procedure;
}

VntProcedure *
vnt_procedure_registry_resume (VntServiceClient  *client,
                               VntTramiteStore   *store,
                               VntTramite        *record,
                               gboolean           practice,
                               GError           **error)
{
  const VntProcedureDescriptor *descriptor;
  VntProcedure *procedure;

  g_return_val_if_fail (VNT_IS_TRAMITE (record), NULL);

  descriptor = vnt_procedure_registry_lookup (vnt_tramite_get_procedure (record));
  if (descriptor == NULL)
    {
      g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED,
                   _("This version of Ventanilla cannot continue the procedure “%s”. Update Ventanilla."),
                   vnt_tramite_get_procedure (record));
      return NULL;
    }

  procedure = vnt_procedure_resume (descriptor->get_type (), client, store, record, error);
  if (procedure != NULL)
    vnt_procedure_set_practice (procedure, practice);
  return procedure;
}

static gboolean
serves (const VntPageEntry *entry,
        const char         *step)
{
  for (guint i = 0; entry->steps != NULL && entry->steps[i] != NULL; i++)
    if (g_str_equal (entry->steps[i], step))
      return TRUE;

  return FALSE;
}

VntPage *
vnt_page_entry_prepare (const VntPageEntry *self,
                        VntProcedure       *procedure,
                        gboolean            practice)
{
  VntPage *page;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->prepare != NULL)
    return self->prepare (procedure, practice);

  page = vnt_acuse_page_new (procedure, _(self->acuse_title), _(self->acuse_text));
  if (self->acuse_extra != NULL)
    vnt_acuse_page_add_extra (VNT_ACUSE_PAGE (page), self->acuse_extra (procedure, practice));
  return page;
}

const char *
vnt_procedure_descriptor_page_for (const VntProcedureDescriptor *self,
                                   VntProcedure                 *procedure)
{
  const char *step = vnt_procedure_get_step (procedure);
  gboolean locked = VNT_IS_HAS_EFIRMA (procedure) &&
                    vnt_efirma_step_get_needs_credential (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (procedure)));

  g_return_val_if_fail (self != NULL && self->n_pages > 0, NULL);

  if (locked)
    for (gsize i = 0; i < self->n_pages; i++)
      if (self->pages[i].flags & VNT_PAGE_ENTRY_UNLOCKS)
        return self->pages[i].id;

  for (gsize i = 0; i < self->n_pages; i++)
    if (serves (&self->pages[i], step))
      return self->pages[i].id;

  /* A step no page claims: the table is wrong, start from the top. */
  g_critical ("No page of “%s” serves the step “%s”", self->id, step);
  return self->pages[0].id;
}
