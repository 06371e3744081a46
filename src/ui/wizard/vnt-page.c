/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/vnt-core-utils.h"
#include "ui/vnt-ui.h"
#include "vnt-page.h"

typedef struct
{
  char     *title;
  char     *next_label;
  gboolean  complete;
  gboolean  applying;
  gboolean  has_forward;
  gboolean  can_go_back;
  guint     n_waits;
} VntPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VntPage, vnt_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_APPLYING,
  PROP_NEXT_LABEL,
  PROP_HAS_FORWARD,
  PROP_CAN_GO_BACK,
  PROP_WAITING,
  LAST_PROP,
};

static GParamSpec *props[LAST_PROP];

static void
set_applying (VntPage  *self,
              gboolean  applying)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  if (priv->applying == applying)
    return;

  priv->applying = applying;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_APPLYING]);
}

static void
vnt_page_finalize (GObject *object)
{
  VntPage *self = VNT_PAGE (object);
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->next_label, g_free);

  G_OBJECT_CLASS (vnt_page_parent_class)->finalize (object);
}

static void
vnt_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  VntPage *self = VNT_PAGE (object);
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;
    case PROP_APPLYING:
      g_value_set_boolean (value, priv->applying);
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, priv->next_label);
      break;
    case PROP_HAS_FORWARD:
      g_value_set_boolean (value, priv->has_forward);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, priv->can_go_back);
      break;
    case PROP_WAITING:
      g_value_set_boolean (value, priv->n_waits > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  VntPage *self = VNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      vnt_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      vnt_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_NEXT_LABEL:
      vnt_page_set_next_label (self, g_value_get_string (value));
      break;
    case PROP_HAS_FORWARD:
      vnt_page_set_has_forward (self, g_value_get_boolean (value));
      break;
    case PROP_CAN_GO_BACK:
      vnt_page_set_can_go_back (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* For an apply step that returns a boolean GTask of its own. */
static gboolean
vnt_page_real_apply_finish (VntPage       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Every page, shown yet or not (screen readers see them all), has its
 * controls named once it joins a window. */
static void
vnt_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vnt_page_parent_class)->root (widget);

  vnt_ui_name_controls (widget);
}

static void
vnt_page_class_init (VntPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->root = vnt_page_root;
  klass->apply_finish = vnt_page_real_apply_finish;

  object_class->finalize = vnt_page_finalize;
  object_class->get_property = vnt_page_get_property;
  object_class->set_property = vnt_page_set_property;

  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_HAS_FORWARD] =
    g_param_spec_boolean ("has-forward", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_WAITING] =
    g_param_spec_boolean ("waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
vnt_page_init (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  priv->has_forward = TRUE;
  priv->can_go_back = TRUE;
}

const char *
vnt_page_get_title (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PAGE (self), NULL);

  return priv->title;
}

void
vnt_page_set_title (VntPage    *self,
                    const char *title)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_if_fail (VNT_IS_PAGE (self));

  if (vnt_set_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

gboolean
vnt_page_get_complete (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
vnt_page_set_complete (VntPage  *self,
                       gboolean  complete)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_if_fail (VNT_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_COMPLETE]);
}

gboolean
vnt_page_get_waiting (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PAGE (self), FALSE);

  return priv->n_waits > 0;
}

void
vnt_page_begin_wait (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_if_fail (VNT_IS_PAGE (self));

  if (priv->n_waits++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WAITING]);
}

void
vnt_page_end_wait (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_if_fail (VNT_IS_PAGE (self));
  g_return_if_fail (priv->n_waits > 0);

  if (--priv->n_waits == 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WAITING]);
}

gboolean
vnt_page_get_applying (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PAGE (self), FALSE);

  return priv->applying;
}

const char *
vnt_page_get_next_label (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PAGE (self), NULL);

  return priv->next_label;
}

void
vnt_page_set_next_label (VntPage    *self,
                         const char *next_label)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_if_fail (VNT_IS_PAGE (self));

  if (vnt_set_str (&priv->next_label, next_label))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NEXT_LABEL]);
}

gboolean
vnt_page_get_has_forward (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PAGE (self), FALSE);

  return priv->has_forward;
}

void
vnt_page_set_has_forward (VntPage  *self,
                          gboolean  has_forward)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_if_fail (VNT_IS_PAGE (self));

  has_forward = !!has_forward;
  if (priv->has_forward == has_forward)
    return;

  priv->has_forward = has_forward;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HAS_FORWARD]);
}

gboolean
vnt_page_get_can_go_back (VntPage *self)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PAGE (self), FALSE);

  return priv->can_go_back;
}

void
vnt_page_set_can_go_back (VntPage  *self,
                          gboolean  can_go_back)
{
  VntPagePrivate *priv = vnt_page_get_instance_private (self);

  g_return_if_fail (VNT_IS_PAGE (self));

  can_go_back = !!can_go_back;
  if (priv->can_go_back == can_go_back)
    return;

  priv->can_go_back = can_go_back;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_GO_BACK]);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VntPage *self = VNT_PAGE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  set_applying (self, FALSE);
  if (!VNT_PAGE_GET_CLASS (self)->apply_finish (self, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vnt_page_apply_async (VntPage             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  VntPageClass *klass;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VNT_IS_PAGE (self));
  g_return_if_fail (!vnt_page_get_applying (self));

  klass = VNT_PAGE_GET_CLASS (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_page_apply_async);

  if (klass->apply_async == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  set_applying (self, TRUE);
  klass->apply_async (self, cancellable, apply_cb, g_steal_pointer (&task));
}

gboolean
vnt_page_apply_finish (VntPage       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (VNT_IS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vnt_page_shown (VntPage *self)
{
  g_return_if_fail (VNT_IS_PAGE (self));

  if (VNT_PAGE_GET_CLASS (self)->shown != NULL)
    VNT_PAGE_GET_CLASS (self)->shown (self);
}

gboolean
vnt_page_show_error (VntPage      *self,
                     const GError *error)
{
  g_return_val_if_fail (VNT_IS_PAGE (self), FALSE);

  if (VNT_PAGE_GET_CLASS (self)->show_error != NULL)
    return VNT_PAGE_GET_CLASS (self)->show_error (self, error);

  return FALSE;
}

void
vnt_page_mark_invalid (GtkWidget  *widget,
                       const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else if (gtk_widget_has_css_class (widget, "error"))
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (widget),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      /* The user is mending what the last error was about: the
       * assistant's message about it would now be stale. */
      gtk_widget_activate_action (widget, "assistant.show-error", "s", "");
    }
}
