/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "crypto/vnt-crypto.h"
#include "vnt-ui.h"
#include "vnt-ui-resources.h"

/* GTK 4.8 gives a check button's label as its accessible name with the
 * mnemonic mark in it ("He _leído…"): the name without it. */
static void
update_check_name (GtkCheckButton *check)
{
  const char *label = gtk_check_button_get_label (check);
  g_autoptr(GString) plain = NULL;

  if (label == NULL || !gtk_check_button_get_use_underline (check))
    return;

  plain = g_string_new (NULL);
  for (const char *p = label; *p != '\0'; p++)
    {
      /* "__" is a literal underscore. */
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (plain, *p);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str, -1);
}

static void
update_peek_name (GObject    *text,
                  GParamSpec *pspec,
                  GtkWidget  *peek)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (peek), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_text_get_visibility (GTK_TEXT (text))
                                    ? _("Hide the password") : _("Show the password"),
                                  -1);
}

static GtkWidget *
find_peek (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* The button with the eye: view-reveal or view-conceal. */
      if (GTK_IS_BUTTON (child) && gtk_button_get_icon_name (GTK_BUTTON (child)) != NULL &&
          g_str_has_prefix (gtk_button_get_icon_name (GTK_BUTTON (child)), "view-"))
        return child;
      if ((found = find_peek (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
name_password_peek (AdwPasswordEntryRow *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  GtkWidget *peek = find_peek (GTK_WIDGET (row));

  if (peek == NULL || !GTK_IS_TEXT (text))
    return;
  update_peek_name (G_OBJECT (text), NULL, peek);
  g_signal_connect_object (text, "notify::visibility", G_CALLBACK (update_peek_name), peek, 0);
}

void
vnt_ui_name_controls (GtkWidget *widget)
{
  static GQuark named;

  if (named == 0)
    named = g_quark_from_static_string ("vnt-ui-named");

  if (g_object_get_qdata (G_OBJECT (widget), named) == NULL)
    {
      if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
        {
          g_object_set_qdata (G_OBJECT (widget), named, GINT_TO_POINTER (TRUE));
          name_password_peek (ADW_PASSWORD_ENTRY_ROW (widget));
        }
      else if (GTK_IS_CHECK_BUTTON (widget))
        {
          g_object_set_qdata (G_OBJECT (widget), named, GINT_TO_POINTER (TRUE));
          update_check_name (GTK_CHECK_BUTTON (widget));
          g_signal_connect (widget, "notify::label", G_CALLBACK (update_check_name), NULL);
        }
      else if (G_OBJECT_TYPE (widget) == GTK_TYPE_LIST_BOX_ROW &&
               GTK_IS_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget))))
        {
          /* The row a list (an expander row's) wraps a label in has no
           * name of its own: the label's. */
          g_object_set_qdata (G_OBJECT (widget), named, GINT_TO_POINTER (TRUE));
          gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                          gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget)), NULL,
                                          -1);
        }
      else if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
               gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        {
          /* GTK 4.8 names a button both by its label text, mnemonic mark
           * included, and by the label widget it shows ("_Salir Salir"):
           * the label widget alone is its name. */
          gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vnt_ui_name_controls (child);
}

static gboolean
scroll_into_view_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  GtkWidget      *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget      *viewport = NULL;
  GtkAdjustment  *adjustment;
  graphene_rect_t bounds;
  double          value;
  double          page;

  /* Laid out on the frame after it was shown. */
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "vnt-scroll-frames")) == 0)
    {
      g_object_set_data (G_OBJECT (widget), "vnt-scroll-frames", GINT_TO_POINTER (1));
      return G_SOURCE_CONTINUE;
    }
  g_object_set_data (G_OBJECT (widget), "vnt-scroll-frames", NULL);
  g_object_set_data (G_OBJECT (widget), "vnt-scroll-tick", NULL);

  /* Bounds in the viewport's coordinates, moved back by the scroll: the
   * scrolled content's, the margins of the viewport's child (an
   * AdwStatusPage's box has some) included. */
  if (scrolled != NULL)
    viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (viewport == NULL || !GTK_IS_VIEWPORT (viewport) || !gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, viewport, &bounds))
    return G_SOURCE_REMOVE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  bounds.origin.y += value;
  if (bounds.origin.y + bounds.size.height > value + page)
    value = bounds.origin.y + bounds.size.height - page;
  if (bounds.origin.y < value)
    value = bounds.origin.y;
  gtk_adjustment_set_value (adjustment, value);

  return G_SOURCE_REMOVE;
}

void
vnt_ui_scroll_into_view (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (!gtk_widget_get_mapped (widget) ||
      g_object_get_data (G_OBJECT (widget), "vnt-scroll-tick") != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "vnt-scroll-tick", GINT_TO_POINTER (TRUE));
  gtk_widget_add_tick_callback (widget, scroll_into_view_cb, NULL, NULL);
}

GtkWidget *
vnt_ui_wrapping_button_new (const char *icon_name,
                            const char *label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_label_new_with_mnemonic (label);

  g_return_val_if_fail (label != NULL, NULL);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (text), button);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  if (icon_name != NULL)
    {
      GtkWidget *image = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon_name,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

      gtk_box_append (GTK_BOX (box), image);
      gtk_widget_add_css_class (button, "image-text-button");
    }
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);

  return button;
}

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
vnt_ui_restart_cancellable (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
}

GtkWindow *
vnt_ui_get_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
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
