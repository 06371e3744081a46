/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-facets.h"
#include "core/vnt-core-utils.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-procedure-view.h"

struct _VntProcedureView
{
  AdwBin            parent_instance;

  VntWizardContext *context;
  char             *what;
  char             *title;
  char             *subtitle;
  VntProcedure     *procedure;
  const VntProcedureDescriptor *descriptor;
  VntAssistant     *assistant;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (VntProcedureView, vnt_procedure_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  LAST_PROP,
};

static GParamSpec *props[LAST_PROP];

static void
set_title (VntProcedureView *self,
           const char       *title)
{
  if (vnt_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

static void
set_subtitle (VntProcedureView *self,
              const char       *subtitle)
{
  if (vnt_set_str (&self->subtitle, subtitle))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SUBTITLE]);
}

static void
assistant_title_cb (VntProcedureView *self)
{
  set_subtitle (self, vnt_assistant_get_title (self->assistant));
}

static void
show_procedure (VntProcedureView *self,
                VntProcedure     *procedure)
{
  const VntProcedureDescriptor *descriptor;
  gboolean practice = vnt_wizard_context_get_practice (self->context);

  descriptor = vnt_procedure_registry_lookup (vnt_procedure_get_procedure_id (procedure));
  g_return_if_fail (descriptor != NULL);

  self->descriptor = descriptor;
  g_set_object (&self->procedure, procedure);
  self->assistant = vnt_assistant_new ();
  g_signal_connect_object (self->assistant, "notify::title", G_CALLBACK (assistant_title_cb), self,
                           G_CONNECT_SWAPPED);

  for (gsize i = 0; i < descriptor->n_pages; i++)
    {
      VntPage *page = vnt_page_entry_prepare (&descriptor->pages[i], procedure, practice);

      if (page != NULL)
        vnt_assistant_add_page (self->assistant, descriptor->pages[i].id, page);
    }

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->assistant));
  set_title (self, _(descriptor->name));
  vnt_assistant_go_to (self->assistant, vnt_procedure_descriptor_page_for (descriptor, procedure));
  assistant_title_cb (self);
}

static void
show_failure (VntProcedureView *self,
              const char       *message)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "network-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("The procedure cannot start"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), message);
  adw_bin_set_child (ADW_BIN (self), status);
  set_subtitle (self, NULL);
}

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VntProcedureView) self = user_data;
  g_autoptr(VntProcedure) procedure = NULL;
  g_autoptr(GError) error = NULL;

  procedure = vnt_wizard_context_resume_finish (VNT_WIZARD_CONTEXT (object), result, &error);
  if (self->context == NULL)
    return;
  if (procedure == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_failure (self, error->message);
      return;
    }

  show_procedure (self, procedure);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VntProcedureView) self = user_data;
  g_autoptr(VntProcedure) procedure = NULL;
  g_autoptr(GError) error = NULL;
  VntWizardContext *context = VNT_WIZARD_CONTEXT (object);

  /* Closed while the service started. */
  if (self->context == NULL)
    return;

  if (!vnt_wizard_context_prepare_finish (context, result, &error))
    {
      const VntProcedureDescriptor *descriptor = vnt_procedure_registry_lookup (self->what);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Done on this computer: the practice service is only a nicety. */
      if (descriptor == NULL || !vnt_procedure_descriptor_get_local_only (descriptor))
        {
          show_failure (self, error->message);
          return;
        }
      g_message ("Practice mode did not start (%s); %s goes on without it", error->message, descriptor->id);
    }

  if (g_str_has_prefix (self->what, "resume:"))
    {
      const char *id = self->what + strlen ("resume:");
      GCancellable *cancellable = self->cancellable;

      vnt_wizard_context_resume_async (context, id, cancellable, resumed_cb, g_steal_pointer (&self));
      return;
    }

  procedure = vnt_wizard_context_new_procedure (context, self->what);
  if (procedure == NULL)
    {
      show_failure (self, _("This procedure is not known."));
      return;
    }

  show_procedure (self, procedure);
}

/* Another procedure where this one cannot go on (its descriptor names
 * it): "Crear cuenta" when the CURP has no account, "Actualización de la
 * e.firma" when it has one, "Registrar empresa representada" for a
 * company's e.firma. The CURP goes on in it, and the e.firma too, already
 * open, when it is the person's. */
static void
offer (VntProcedureView  *self,
       VntProcedureOffer  which,
       const char        *curp)
{
  const VntProcedureDescriptor *offered;
  g_autoptr(VntProcedure) next = NULL;
  VntEfirmaStep *from;
  VntEfirmaStep *to;
  g_autoptr(GError) error = NULL;

  if (self->descriptor == NULL || !VNT_IS_HAS_EFIRMA (self->procedure))
    return;
  offered = vnt_procedure_descriptor_get_offer (self->descriptor, which);
  if (offered == NULL)
    return;

  /* As any new trámite: the context's service, store and trusted
   * authorities (the practice CA in practice mode). */
  next = vnt_wizard_context_new_procedure (self->context, offered->id);
  g_return_if_fail (VNT_IS_HAS_EFIRMA (next));
  from = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (self->procedure));
  to = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (next));
  if (curp == NULL || *curp == '\0')
    curp = vnt_efirma_step_get_curp (from);
  if (which == VNT_PROCEDURE_OFFER_NO_ACCOUNT && vnt_efirma_step_get_credential (from) != NULL)
    vnt_efirma_step_adopt (to, from);
  else if (curp != NULL && !vnt_efirma_step_set_curp (to, curp, &error))
    g_debug ("The CURP does not go on: %s", error->message);
  vnt_procedure_forget_credentials (self->procedure);
  self->assistant = NULL;
  show_procedure (self, next);
}

static void
offer_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VntProcedureOffer which;
  const char *nick;
  const char *curp;

  /* (offer, CURP): the CURP typed ("": the e.firma step's). */
  g_variant_get (parameter, "(&s&s)", &nick, &curp);
  if (vnt_procedure_offer_from_nick (nick, &which))
    offer (VNT_PROCEDURE_VIEW (widget), which, curp);
}

static void
create_account_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  offer (VNT_PROCEDURE_VIEW (widget), VNT_PROCEDURE_OFFER_NO_ACCOUNT, NULL);
}

static void
vnt_procedure_view_dispose (GObject *object)
{
  VntProcedureView *self = VNT_PROCEDURE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Leaving the window: the e.firma must not stay open in memory. */
  if (self->procedure != NULL)
    vnt_procedure_forget_credentials (self->procedure);
  self->assistant = NULL;
  g_clear_object (&self->procedure);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vnt_procedure_view_parent_class)->dispose (object);
}

static void
vnt_procedure_view_finalize (GObject *object)
{
  VntProcedureView *self = VNT_PROCEDURE_VIEW (object);

  g_free (self->what);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (vnt_procedure_view_parent_class)->finalize (object);
}

static void
vnt_procedure_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VntProcedureView *self = VNT_PROCEDURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_procedure_view_class_init (VntProcedureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_procedure_view_dispose;
  object_class->finalize = vnt_procedure_view_finalize;
  object_class->get_property = vnt_procedure_view_get_property;

  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "procedure.create-account", NULL,
                                   create_account_action_cb);
  gtk_widget_class_install_action (widget_class, "procedure.offer", "(ss)", offer_action_cb);
}

static void
vnt_procedure_view_init (VntProcedureView *self)
{
}

VntProcedureView *
vnt_procedure_view_new (VntWizardContext *context,
                        const char       *what)
{
  const VntProcedureDescriptor *descriptor;
  VntProcedureView *self;
  GtkWidget *status;
  GtkWidget *spinner;

  g_return_val_if_fail (VNT_IS_WIZARD_CONTEXT (context), NULL);
  g_return_val_if_fail (what != NULL, NULL);

  self = g_object_new (VNT_TYPE_PROCEDURE_VIEW, NULL);
  self->context = g_object_ref (context);
  self->what = g_strdup (what);
  self->cancellable = g_cancellable_new ();

  descriptor = vnt_procedure_registry_lookup (what);
  set_title (self, descriptor != NULL ? _(descriptor->name) : _("Procedure"));

  /* A procedure done wholly on this computer waits for no service; in
   * practice mode it does, for the practice e.firmas and their authority. */
  if (descriptor != NULL && vnt_procedure_descriptor_get_local_only (descriptor) &&
      !vnt_wizard_context_get_practice (context))
    {
      g_autoptr(VntProcedure) procedure = vnt_wizard_context_new_procedure (context, what);

      show_procedure (self, procedure);
      return self;
    }

  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  status = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Connecting to the service…"));
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  adw_bin_set_child (ADW_BIN (self), status);

  vnt_wizard_context_prepare_async (context, self->cancellable, prepared_cb, g_object_ref (self));

  return self;
}

const char *
vnt_procedure_view_get_title (VntProcedureView *self)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE_VIEW (self), NULL);

  return self->title;
}

const char *
vnt_procedure_view_get_subtitle (VntProcedureView *self)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE_VIEW (self), NULL);

  return self->subtitle;
}

VntAssistant *
vnt_procedure_view_get_assistant (VntProcedureView *self)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE_VIEW (self), NULL);

  return self->assistant;
}

VntProcedure *
vnt_procedure_view_get_procedure (VntProcedureView *self)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE_VIEW (self), NULL);

  return self->procedure;
}

gboolean
vnt_procedure_view_get_preparing (VntProcedureView *self)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE_VIEW (self), FALSE);

  return self->procedure == NULL
         && ADW_IS_STATUS_PAGE (adw_bin_get_child (ADW_BIN (self)))
         && GTK_IS_SPINNER (adw_status_page_get_child (ADW_STATUS_PAGE (adw_bin_get_child (ADW_BIN (self)))));
}
