/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "ui/vnt-ui.h"
#include "vnt-assistant.h"

struct _VntAssistant
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
  GtkWidget    *back_button;
  GtkLabel     *step_label;
  GtkSpinner   *spinner;
  GtkWidget    *cancel_button;
  GtkWidget    *next_button;
  GtkLabel     *next_label;

  GPtrArray    *pages;
  /* The current page's, for the header bar. */
  char         *title;
  GCancellable *cancellable;
  /* A page's wait: the spinner shows once it lasts WAIT_SPINNER_MS. */
  guint         wait_id;
  gboolean      wait_shown;
};

/* Shorter waits pass unnoticed; a spinner that flashes is noise. */
#define WAIT_SPINNER_MS 150

G_DEFINE_FINAL_TYPE (VntAssistant, vnt_assistant, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_TITLE,
  LAST_PROP,
};

static GParamSpec *props[LAST_PROP];

static int
current_index (VntAssistant *self)
{
  GtkWidget *child;

  if (self->stack == NULL)
    return -1;

  child = gtk_stack_get_visible_child (self->stack);

  for (guint i = 0; i < self->pages->len; i++)
    if (g_ptr_array_index (self->pages, i) == (gpointer) child)
      return (int) i;

  return -1;
}

/* The one place that decides what the buttons show, as g-i-s does. */
static void
update_navigation (VntAssistant *self)
{
  VntPage *page = vnt_assistant_get_current_page (self);
  int index = current_index (self);
  gboolean applying = page != NULL && vnt_page_get_applying (page);
  gboolean complete = page != NULL && vnt_page_get_complete (page);
  gboolean can_back = page != NULL && index > 0 && vnt_page_get_can_go_back (page) && !applying;
  const char *next_label = page != NULL ? vnt_page_get_next_label (page) : NULL;
  const char *title;
  g_autofree char *step = NULL;

  gtk_widget_set_visible (self->back_button, can_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", can_back);

  gtk_widget_set_visible (self->next_button, page != NULL && vnt_page_get_has_forward (page));
  gtk_widget_set_sensitive (self->next_button, complete && !applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", complete && !applying);
  /* The label names the button (its mnemonic widget); an accessible
   * label as well would be read after it, twice. */
  gtk_label_set_text_with_mnemonic (self->next_label,
                                    next_label != NULL ? next_label : _("_Next"));

  gtk_widget_set_visible (self->cancel_button, applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.cancel", applying);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), applying || self->wait_shown);
  gtk_spinner_set_spinning (self->spinner, applying || self->wait_shown);

  if (index >= 0)
    {
      /* TRANSLATORS: the wizard's step indicator */
      step = g_strdup_printf (_("Step %d of %u"), index + 1, self->pages->len);
      gtk_label_set_text (self->step_label, step);
    }
  /* The window's header bar shows it: a title over the page would stay
   * put while the page scrolls under it. */
  title = page != NULL ? vnt_page_get_title (page) : NULL;
  if (vnt_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  VntAssistant *self = user_data;

  self->wait_id = 0;
  self->wait_shown = TRUE;
  update_navigation (self);

  return G_SOURCE_REMOVE;
}

/* The spinner follows the shown page's wait, after WAIT_SPINNER_MS. */
static void
update_wait (VntAssistant *self)
{
  VntPage *page = vnt_assistant_get_current_page (self);
  gboolean waiting = page != NULL && vnt_page_get_waiting (page);

  if (!waiting)
    {
      g_clear_handle_id (&self->wait_id, g_source_remove);
      self->wait_shown = FALSE;
    }
  else if (!self->wait_shown && self->wait_id == 0)
    self->wait_id = g_timeout_add (WAIT_SPINNER_MS, wait_timeout_cb, self);
}

static void
page_notify_cb (VntAssistant *self,
                GParamSpec   *pspec,
                VntPage      *page)
{
  /* Pages notify while the assistant is being disposed. */
  if (self->stack == NULL || (GtkWidget *) page != gtk_stack_get_visible_child (self->stack))
    return;

  if (g_strcmp0 (pspec->name, "waiting") == 0)
    update_wait (self);

  if (g_strcmp0 (pspec->name, "applying") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);

  update_navigation (self);
}

static void
show_page (VntAssistant *self,
           VntPage      *page)
{
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  update_wait (self);
  update_navigation (self);
  /* Keyboard users start on the new page's first control (or the one the
   * page picks when shown). */
  if (GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))))
    gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
  vnt_page_shown (page);
}

void
vnt_assistant_show_error (VntAssistant *self,
                          const char   *message)
{
  g_return_if_fail (VNT_IS_ASSISTANT (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), message != NULL);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VntPage *page = VNT_PAGE (object);
  g_autoptr(VntAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  int index;

  if (!vnt_page_apply_finish (page, result, &error))
    {
      if (self->stack == NULL)
        return;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !vnt_page_show_error (page, error))
        vnt_assistant_show_error (self, error->message);
      update_navigation (self);
      return;
    }

  /* The user may have gone elsewhere meanwhile, or closed it all. */
  if (self->stack == NULL || (GtkWidget *) page != gtk_stack_get_visible_child (self->stack))
    return;

  index = current_index (self);
  if (index >= 0 && (guint) index + 1 < self->pages->len)
    show_page (self, g_ptr_array_index (self->pages, index + 1));
  else
    update_navigation (self);
}

void
vnt_assistant_next (VntAssistant *self)
{
  VntPage *page;

  g_return_if_fail (VNT_IS_ASSISTANT (self));

  page = vnt_assistant_get_current_page (self);
  if (page == NULL || !vnt_page_get_complete (page) || vnt_page_get_applying (page))
    return;

  vnt_assistant_show_error (self, NULL);
  vnt_ui_restart_cancellable (&self->cancellable);
  vnt_page_apply_async (page, self->cancellable, apply_cb, g_object_ref (self));
  update_navigation (self);
}

void
vnt_assistant_previous (VntAssistant *self)
{
  VntPage *page;
  int index;

  g_return_if_fail (VNT_IS_ASSISTANT (self));

  page = vnt_assistant_get_current_page (self);
  index = current_index (self);
  if (page == NULL || index <= 0 || !vnt_page_get_can_go_back (page)
      || vnt_page_get_applying (page))
    return;

  vnt_assistant_show_error (self, NULL);
  gtk_stack_set_visible_child (self->stack, g_ptr_array_index (self->pages, index - 1));
  update_wait (self);
  update_navigation (self);
  vnt_page_shown (vnt_assistant_get_current_page (self));
}

void
vnt_assistant_cancel (VntAssistant *self)
{
  g_return_if_fail (VNT_IS_ASSISTANT (self));

  g_cancellable_cancel (self->cancellable);
}

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  vnt_assistant_next (VNT_ASSISTANT (widget));
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  vnt_assistant_previous (VNT_ASSISTANT (widget));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  vnt_assistant_cancel (VNT_ASSISTANT (widget));
}

static void
show_error_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *message = g_variant_get_string (parameter, NULL);

  vnt_assistant_show_error (VNT_ASSISTANT (widget), *message != '\0' ? message : NULL);
}

static void
vnt_assistant_dispose (GObject *object)
{
  VntAssistant *self = VNT_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->wait_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_ASSISTANT);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (vnt_assistant_parent_class)->dispose (object);
}

static void
vnt_assistant_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VntAssistant *self = VNT_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, vnt_assistant_get_busy (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_assistant_class_init (VntAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_assistant_dispose;
  object_class->get_property = vnt_assistant_get_property;

  props[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, cancel_action_cb);
  /* For pages' own buttons; "" hides it. */
  gtk_widget_class_install_action (widget_class, "assistant.show-error", "s", show_error_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "assistant.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "assistant.back", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, step_label);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, VntAssistant, next_label);
}

static void
vnt_assistant_init (VntAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pages = g_ptr_array_new ();
  update_navigation (self);
}

VntAssistant *
vnt_assistant_new (void)
{
  return g_object_new (VNT_TYPE_ASSISTANT, NULL);
}

void
vnt_assistant_add_page (VntAssistant *self,
                        const char   *id,
                        VntPage      *page)
{
  g_return_if_fail (VNT_IS_ASSISTANT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (VNT_IS_PAGE (page));

  gtk_stack_add_named (self->stack, GTK_WIDGET (page), id);
  g_ptr_array_add (self->pages, page);
  g_signal_connect_object (page, "notify", G_CALLBACK (page_notify_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->pages->len == 1)
    show_page (self, page);
  else
    update_navigation (self);
}

guint
vnt_assistant_get_n_pages (VntAssistant *self)
{
  g_return_val_if_fail (VNT_IS_ASSISTANT (self), 0);

  return self->pages->len;
}

VntPage *
vnt_assistant_get_page (VntAssistant *self,
                        const char   *id)
{
  GtkWidget *child;

  g_return_val_if_fail (VNT_IS_ASSISTANT (self), NULL);

  child = gtk_stack_get_child_by_name (self->stack, id);
  return child != NULL ? VNT_PAGE (child) : NULL;
}

VntPage *
vnt_assistant_get_current_page (VntAssistant *self)
{
  GtkWidget *child;

  g_return_val_if_fail (VNT_IS_ASSISTANT (self), NULL);

  if (self->stack == NULL)
    return NULL;

  child = gtk_stack_get_visible_child (self->stack);
  return child != NULL ? VNT_PAGE (child) : NULL;
}

const char *
vnt_assistant_get_current_id (VntAssistant *self)
{
  g_return_val_if_fail (VNT_IS_ASSISTANT (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
vnt_assistant_go_to (VntAssistant *self,
                     const char   *id)
{
  VntPage *page;

  g_return_if_fail (VNT_IS_ASSISTANT (self));

  page = vnt_assistant_get_page (self, id);
  g_return_if_fail (page != NULL);

  vnt_assistant_show_error (self, NULL);
  show_page (self, page);
}

const char *
vnt_assistant_get_title (VntAssistant *self)
{
  g_return_val_if_fail (VNT_IS_ASSISTANT (self), NULL);

  return self->title;
}

gboolean
vnt_assistant_get_busy (VntAssistant *self)
{
  VntPage *page;

  g_return_val_if_fail (VNT_IS_ASSISTANT (self), FALSE);

  page = vnt_assistant_get_current_page (self);
  return page != NULL && vnt_page_get_applying (page);
}

const char *
vnt_assistant_get_error (VntAssistant *self)
{
  g_return_val_if_fail (VNT_IS_ASSISTANT (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

/* Whether the spinner shows (an apply step, or a page's wait over
 * 150 ms). */
gboolean
vnt_assistant_get_spinning (VntAssistant *self)
{
  g_return_val_if_fail (VNT_IS_ASSISTANT (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}
