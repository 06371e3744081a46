/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "crypto/vnt-crypto.h"
#include "vnt-ui.h"
#include "vnt-ui-resources.h"

void
vnt_ui_init (void)
{
  static gsize initialized = 0;

  vnt_crypto_init ();
  if (g_once_init_enter (&initialized))
    {
      vnt_ui_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}

static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  return overlay != NULL ? ADW_TOAST_OVERLAY (overlay) : NULL;
}

void
vnt_ui_show_toast (GtkWidget *widget,
                   AdwToast  *toast)
{
  AdwToastOverlay *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = find_overlay (widget);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", adw_toast_get_title (toast));
      g_object_unref (toast);
      return;
    }

  g_object_set_data_full (G_OBJECT (overlay), "vnt-last-toast", g_object_ref (toast), g_object_unref);
  adw_toast_overlay_add_toast (overlay, toast);
}

AdwToast *
vnt_ui_get_last_toast (GtkWidget *widget)
{
  AdwToastOverlay *overlay;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  overlay = find_overlay (widget);
  return overlay != NULL ? g_object_get_data (G_OBJECT (overlay), "vnt-last-toast") : NULL;
}
