/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-expiry-reminders.h"
#include "controllers/vnt-practice.h"
#include "pages/vnt-watch-page.h"
#include "vnt-check-page.h"
#include "vnt-preferences-window.h"
#include "vnt-window.h"
#include "wizard/vnt-practice-indicator.h"
#include "wizard/vnt-procedure-view.h"
#include "wizard/vnt-idse-certificates-group.h"
#include "wizard/vnt-start-section.h"

struct _VntWindow
{
  AdwApplicationWindow parent_instance;

  GtkStack       *stack;
  AdwWindowTitle *window_title;
  GtkWidget      *back_button;
  GtkWidget      *check_row;
  VntCheckPage   *check_page;
  VntWatchPage   *watch_page;
  VntStartSection *start_section;
  VntProcedureView *procedure_view;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (VntWindow, vnt_window, ADW_TYPE_APPLICATION_WINDOW)

static void
visible_page_changed_cb (VntWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  gboolean at_start = g_strcmp0 (name, "start") == 0;
  gboolean in_procedure;
  GtkStackPage *page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));

  gtk_widget_set_visible (self->back_button, !at_start);
  adw_window_title_set_title (self->window_title,
                              at_start ? _("Ventanilla") : gtk_stack_page_get_title (page));
  /* A procedure's name, and under it its page's title. */
  in_procedure = self->procedure_view != NULL
                 && gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->procedure_view);
  adw_window_title_set_subtitle (self->window_title,
                                 in_procedure ? vnt_procedure_view_get_subtitle (self->procedure_view)
                                              : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.back", !at_start);
}

/* The procedure's progress is saved at every step: leaving it loses
 * nothing, and the start window then offers to continue it. */
static void
close_procedure (VntWindow *self)
{
  if (self->procedure_view == NULL)
    return;

  gtk_stack_remove (self->stack, GTK_WIDGET (self->procedure_view));
  self->procedure_view = NULL;
  vnt_start_section_refresh (self->start_section);
}

static void
procedure_title_cb (VntWindow        *self,
                    GParamSpec       *pspec,
                    VntProcedureView *view)
{
  GtkStackPage *page = gtk_stack_get_page (self->stack, GTK_WIDGET (view));

  gtk_stack_page_set_title (page, vnt_procedure_view_get_title (view));
  visible_page_changed_cb (self);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VntWindow *self = VNT_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "start") == 0)
    return;

  gtk_stack_set_visible_child_name (self->stack, "start");
  close_procedure (self);
  gtk_widget_grab_focus (self->check_row);
}

static void
open_check_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VntWindow *self = VNT_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "check");
  gtk_widget_child_focus (GTK_WIDGET (self->check_page), GTK_DIR_TAB_FORWARD);
}

static void
open_watch_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VntWindow *self = VNT_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "watch");
  gtk_widget_child_focus (GTK_WIDGET (self->watch_page), GTK_DIR_TAB_FORWARD);
}

static void
open_procedure_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  vnt_window_open_procedure (VNT_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
about_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", widget,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Ventanilla"),
                        "developer-name", _("The Ventanilla contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("IMSS procedures with your e.firma, step by step and on your own computer."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_BUGREPORT,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* Each scan, at start and daily, may make a reminder due. */
static void
watch_scanned_cb (VntWindow      *self,
                  VntWatchReport *report)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application != NULL && self->settings != NULL)
    vnt_expiry_reminders_send (G_APPLICATION (application), self->settings, report);
}

static void
preferences_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VntWindow *self = VNT_WINDOW (widget);
  GtkWidget *preferences = vnt_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
back_button_pressed_cb (VntWindow       *self,
                        int              n_press,
                        double           x,
                        double           y,
                        GtkGestureClick *gesture)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "window.back", NULL);
}

/* GtkApplication adds the resource's icons to the theme; a window built
 * without it (tests) needs them too. */
static void
ensure_icons (GtkWidget *widget)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_auto(GStrv) paths = gtk_icon_theme_get_resource_path (theme);

  if (paths == NULL || !g_strv_contains ((const char * const *) paths, RESOURCE_PREFIX "/icons"))
    gtk_icon_theme_add_resource_path (theme, RESOURCE_PREFIX "/icons");
}

static gboolean
vnt_window_close_request (GtkWindow *window)
{
  VntWindow *self = VNT_WINDOW (window);
  int width = 0;
  int height = 0;

  /* The default size is the unmaximized one, which is what to restore. */
  gtk_window_get_default_size (window, &width, &height);
  if (self->settings != NULL && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (vnt_window_parent_class)->close_request (window);
}

static void
vnt_window_dispose (GObject *object)
{
  VntWindow *self = VNT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VNT_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vnt_window_parent_class)->dispose (object);
}

static void
vnt_window_class_init (VntWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vnt_window_dispose;
  window_class->close_request = vnt_window_close_request;

  gtk_widget_class_install_action (widget_class, "window.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "window.open-check", NULL, open_check_action_cb);
  gtk_widget_class_install_action (widget_class, "window.open-watch", NULL, open_watch_action_cb);
  gtk_widget_class_install_action (widget_class, "window.open-procedure", "s", open_procedure_action_cb);
  gtk_widget_class_install_action (widget_class, "window.about", NULL, about_action_cb);
  gtk_widget_class_install_action (widget_class, "window.preferences", NULL, preferences_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "window.preferences", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "window.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "window.back", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/vnt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VntWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VntWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VntWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, VntWindow, check_row);
  gtk_widget_class_bind_template_child (widget_class, VntWindow, check_page);
  gtk_widget_class_bind_template_child (widget_class, VntWindow, watch_page);
  gtk_widget_class_bind_template_child (widget_class, VntWindow, start_section);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);
}

static void
vnt_window_init (VntWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkGesture *gesture;

  g_type_ensure (VNT_TYPE_CHECK_PAGE);
  g_type_ensure (VNT_TYPE_WATCH_PAGE);
  g_type_ensure (VNT_TYPE_PRACTICE_INDICATOR);
  g_type_ensure (VNT_TYPE_START_SECTION);
  g_type_ensure (VNT_TYPE_IDSE_CERTIFICATES_GROUP);
  ensure_icons (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Run from the build tree without GSETTINGS_SCHEMA_DIR there is no schema:
   * open at the template's size rather than abort. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
    }
  else
    g_warning ("GSettings schema %s is not installed; the window size will not be kept", APP_ID);

  /* Scanned now, so that "Mis e.firmas" is ready and reminders go out. */
  {
    g_autoptr(VntWatchList) list = vnt_watch_list_new (self->settings);
    g_autofree char *service_url = self->settings != NULL ? g_settings_get_string (self->settings, "service-url") : NULL;

    /* Revocation is asked only with a real service configured: practice
     * sends nothing anywhere. */
    if (service_url != NULL && !vnt_practice_is_practice_url (service_url))
      {
        g_autofree char *ocsp_url = g_settings_get_string (self->settings, "ocsp-url");

        vnt_watch_list_set_ocsp_url (list, ocsp_url);
      }

    g_signal_connect_object (self->watch_page, "scanned", G_CALLBACK (watch_scanned_cb), self,
                             G_CONNECT_SWAPPED);
    vnt_watch_page_set_list (self->watch_page, list);
  }

  /* The mouse's back button, as in a browser. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 8);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (back_button_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  visible_page_changed_cb (self);
}

VntWindow *
vnt_window_new (VntApplication *application)
{
  return g_object_new (VNT_TYPE_WINDOW, "application", application, NULL);
}

VntCheckPage *
vnt_window_get_check_page (VntWindow *self)
{
  g_return_val_if_fail (VNT_IS_WINDOW (self), NULL);

  return self->check_page;
}

const char *
vnt_window_get_visible_page (VntWindow *self)
{
  g_return_val_if_fail (VNT_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
vnt_window_open_procedure (VntWindow  *self,
                           const char *what)
{
  VntProcedureView *view;

  g_return_if_fail (VNT_IS_WINDOW (self));
  g_return_if_fail (what != NULL);

  close_procedure (self);
  view = vnt_procedure_view_new (vnt_wizard_context_get_default (), what);
  self->procedure_view = view;
  gtk_stack_add_titled (self->stack, GTK_WIDGET (view), "procedure",
                        vnt_procedure_view_get_title (view));
  g_signal_connect_object (view, "notify::title", G_CALLBACK (procedure_title_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::subtitle", G_CALLBACK (procedure_title_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (view));
}

VntProcedureView *
vnt_window_get_procedure_view (VntWindow *self)
{
  g_return_val_if_fail (VNT_IS_WINDOW (self), NULL);

  return self->procedure_view;
}

VntWatchPage *
vnt_window_get_watch_page (VntWindow *self)
{
  g_return_val_if_fail (VNT_IS_WINDOW (self), NULL);

  return self->watch_page;
}

VntStartSection *
vnt_window_get_start_section (VntWindow *self)
{
  g_return_val_if_fail (VNT_IS_WINDOW (self), NULL);

  return self->start_section;
}
