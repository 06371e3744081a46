/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "controllers/steps/vnt-credential-set.h"

struct _VntCredentialSet
{
  GObject     parent_instance;

  /* role → VntCredential */
  GHashTable *credentials;
};

G_DEFINE_FINAL_TYPE (VntCredentialSet, vnt_credential_set, G_TYPE_OBJECT)

static void
vnt_credential_set_dispose (GObject *object)
{
  VntCredentialSet *self = VNT_CREDENTIAL_SET (object);

  g_hash_table_remove_all (self->credentials);

  G_OBJECT_CLASS (vnt_credential_set_parent_class)->dispose (object);
}

static void
vnt_credential_set_finalize (GObject *object)
{
  VntCredentialSet *self = VNT_CREDENTIAL_SET (object);

  g_clear_pointer (&self->credentials, g_hash_table_unref);

  G_OBJECT_CLASS (vnt_credential_set_parent_class)->finalize (object);
}

static void
vnt_credential_set_class_init (VntCredentialSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vnt_credential_set_dispose;
  object_class->finalize = vnt_credential_set_finalize;
}

static void
vnt_credential_set_init (VntCredentialSet *self)
{
  self->credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

VntCredentialSet *
vnt_credential_set_new (void)
{
  return g_object_new (VNT_TYPE_CREDENTIAL_SET, NULL);
}

VntCredential *
vnt_credential_set_get (VntCredentialSet *self,
                        const char       *role)
{
  g_return_val_if_fail (VNT_IS_CREDENTIAL_SET (self), NULL);
  g_return_val_if_fail (role != NULL, NULL);

  return g_hash_table_lookup (self->credentials, role);
}

void
vnt_credential_set_put (VntCredentialSet *self,
                        const char       *role,
                        VntCredential    *credential)
{
  g_return_if_fail (VNT_IS_CREDENTIAL_SET (self));
  g_return_if_fail (role != NULL);
  g_return_if_fail (credential == NULL || VNT_IS_CREDENTIAL (credential));

  if (credential != NULL)
    g_hash_table_replace (self->credentials, g_strdup (role), g_object_ref (credential));
  else
    g_hash_table_remove (self->credentials, role);
}

void
vnt_credential_set_forget_all (VntCredentialSet *self)
{
  g_return_if_fail (VNT_IS_CREDENTIAL_SET (self));

  g_hash_table_remove_all (self->credentials);
}
