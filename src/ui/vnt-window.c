/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "vnt-window.h"

struct _VntWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (VntWindow, vnt_window, ADW_TYPE_APPLICATION_WINDOW)

static void
vnt_window_class_init (VntWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-window.ui");
}

static void
vnt_window_init (VntWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VntWindow *
vnt_window_new (VntApplication *application)
{
  return g_object_new (VNT_TYPE_WINDOW, "application", application, NULL);
}
