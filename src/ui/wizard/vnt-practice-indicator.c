/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-practice-indicator.h"
#include "vnt-wizard-context.h"

struct _VntPracticeIndicator
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (VntPracticeIndicator, vnt_practice_indicator, ADW_TYPE_BIN)

static void
vnt_practice_indicator_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vnt_practice_indicator_parent_class)->root (widget);

  gtk_widget_set_visible (widget,
                          vnt_wizard_context_get_practice (vnt_wizard_context_get_default ()));
}

static void
vnt_practice_indicator_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VNT_TYPE_PRACTICE_INDICATOR);

  G_OBJECT_CLASS (vnt_practice_indicator_parent_class)->dispose (object);
}

static void
vnt_practice_indicator_class_init (VntPracticeIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnt_practice_indicator_dispose;
  widget_class->root = vnt_practice_indicator_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vnt-practice-indicator.ui");
}

static void
vnt_practice_indicator_init (VntPracticeIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vnt_practice_indicator_new (void)
{
  return g_object_new (VNT_TYPE_PRACTICE_INDICATOR, NULL);
}
