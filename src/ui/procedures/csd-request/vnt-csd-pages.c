/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "crypto/vnt-csd-request.h"
#include "ui/pages/vnt-page-parts.h"
#include "vnt-csd-pages.h"

/* ------------------------------------------------------------------ */
/* Sucursales                                                          */

struct _VntCsdSucursalesPage
{
  VntPage                  parent_instance;

  VntCsdRequestController *controller;
  GtkWidget               *group;
  GtkWidget               *add_button;
  GPtrArray               *rows;     /* AdwEntryRow */
  GPtrArray               *removes;  /* GtkButton, one per row */
};

G_DEFINE_FINAL_TYPE (VntCsdSucursalesPage, vnt_csd_sucursales_page, VNT_TYPE_PAGE)

static void
sucursales_update (VntCsdSucursalesPage *self)
{
  gboolean complete = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *remove = g_ptr_array_index (self->removes, i);
      g_autofree char *title = g_strdup_printf (_("Sucursal %u"), i + 1);
      /* TRANSLATORS: the remove button of the row "Sucursal 2" */
      g_autofree char *remove_name = g_strdup_printf (_("Remove sucursal %u"), i + 1);
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_tooltip_text (remove, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      /* One sucursal at least: the last row stays. */
      gtk_widget_set_visible (remove, self->rows->len > 1);
      if (*name == '\0')
        complete = FALSE;
    }

  gtk_widget_set_sensitive (self->add_button, self->rows->len < VNT_CSD_REQUEST_MAX_SUCURSALES);
  vnt_page_set_complete (VNT_PAGE (self), complete && self->rows->len > 0);
}

static void
sucursal_changed_cb (GtkWidget            *row,
                     VntCsdSucursalesPage *self)
{
  vnt_page_mark_invalid (row, NULL);
  sucursales_update (self);
}

static void
remove_clicked_cb (GtkWidget            *button,
                   VntCsdSucursalesPage *self)
{
  guint index;

  if (!g_ptr_array_find (self->removes, button, &index) || self->rows->len <= 1)
    return;

  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->group), g_ptr_array_index (self->rows, index));
  g_ptr_array_remove_index (self->rows, index);
  g_ptr_array_remove_index (self->removes, index);
  sucursales_update (self);
  gtk_widget_grab_focus (g_ptr_array_index (self->rows, MIN (index, self->rows->len - 1)));
}

static GtkWidget *
add_row (VntCsdSucursalesPage *self,
         const char           *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_connect (row, "changed", G_CALLBACK (sucursal_changed_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row);
  g_ptr_array_add (self->rows, row);
  g_ptr_array_add (self->removes, remove);
  sucursales_update (self);
  return row;
}

static void
add_clicked_cb (VntCsdSucursalesPage *self)
{
  gtk_widget_grab_focus (add_row (self, NULL));
}

static void
sucursales_shown (VntPage *page)
{
  VntCsdSucursalesPage *self = VNT_CSD_SUCURSALES_PAGE (page);
  const char * const *kept = vnt_csd_request_controller_get_sucursales (self->controller);

  /* Resumed: the names typed before. */
  if (kept[0] != NULL && self->rows->len == 1 &&
      *gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->rows, 0))) == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (self->rows, 0)), kept[0]);
      for (guint i = 1; kept[i] != NULL; i++)
        add_row (self, kept[i]);
    }
  sucursales_update (self);
}

static void
sucursales_apply_async (VntPage             *page,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  VntCsdSucursalesPage *self = VNT_CSD_SUCURSALES_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  guint bad = G_MAXUINT;

  for (guint i = 0; i < self->rows->len; i++)
    g_ptr_array_add (names, g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->rows, i))))));
  g_ptr_array_add (names, NULL);

  if (!vnt_csd_request_controller_set_sucursales (self->controller, (const char * const *) names->pdata,
                                                  &bad, &error))
    {
      if (bad < self->rows->len)
        {
          GtkWidget *row = g_ptr_array_index (self->rows, bad);

          vnt_page_mark_invalid (row, error->message);
          gtk_widget_grab_focus (row);
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
vnt_csd_sucursales_page_dispose (GObject *object)
{
  VntCsdSucursalesPage *self = VNT_CSD_SUCURSALES_PAGE (object);

  g_clear_object (&self->controller);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->removes, g_ptr_array_unref);
  G_OBJECT_CLASS (vnt_csd_sucursales_page_parent_class)->dispose (object);
}

static void
vnt_csd_sucursales_page_class_init (VntCsdSucursalesPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_csd_sucursales_page_dispose;
  VNT_PAGE_CLASS (klass)->apply_async = sucursales_apply_async;
  VNT_PAGE_CLASS (klass)->shown = sucursales_shown;
}

static void
vnt_csd_sucursales_page_init (VntCsdSucursalesPage *self)
{
  self->rows = g_ptr_array_new ();
  self->removes = g_ptr_array_new ();
}

VntPage *
vnt_csd_sucursales_page_new (VntProcedure *procedure,
                             gboolean      practice)
{
  VntCsdSucursalesPage *self;
  GtkWidget *box, *title;

  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_CSD_SUCURSALES_PAGE, "title", _("Sucursales"), NULL);
  self->controller = g_object_ref (VNT_CSD_REQUEST_CONTROLLER (procedure));
  box = vnt_page_parts_column (VNT_PAGE (self));

  title = g_object_new (GTK_TYPE_LABEL, "label", _("SOLICITUD DE CERTIFICADOS DE SELLO DIGITAL"), "wrap", TRUE,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);
  vnt_page_parts_paragraph (box, _("SAT issues one Certificado de Sello Digital (CSD) for each sucursal (branch or establishment) that issues invoices. Name each one: the name goes into its certificate and into its files. Ventanilla then makes a private key for each and the request, signed with your e.firma, to send to SAT."));

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Sucursales"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         _("Up to 64 characters each, without “/” or “\\”, for example “Matriz” or “Sucursal Centro”."));
  self->add_button = gtk_button_new_with_mnemonic (_("_Add sucursal"));
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->group), self->add_button);
  gtk_box_append (GTK_BOX (box), self->group);

  add_row (self, NULL);
  return VNT_PAGE (self);
}

guint
vnt_csd_sucursales_page_get_n_rows (VntCsdSucursalesPage *self)
{
  g_return_val_if_fail (VNT_IS_CSD_SUCURSALES_PAGE (self), 0);
  return self->rows->len;
}

GtkWidget *
vnt_csd_sucursales_page_get_row (VntCsdSucursalesPage *self,
                                 guint                 index)
{
  g_return_val_if_fail (VNT_IS_CSD_SUCURSALES_PAGE (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

GtkWidget *
vnt_csd_sucursales_page_get_remove_button (VntCsdSucursalesPage *self,
                                           guint                 index)
{
  g_return_val_if_fail (VNT_IS_CSD_SUCURSALES_PAGE (self), NULL);
  g_return_val_if_fail (index < self->removes->len, NULL);
  return g_ptr_array_index (self->removes, index);
}

GtkWidget *
vnt_csd_sucursales_page_get_add_button (VntCsdSucursalesPage *self)
{
  g_return_val_if_fail (VNT_IS_CSD_SUCURSALES_PAGE (self), NULL);
  return self->add_button;
}

/* ------------------------------------------------------------------ */
/* Keys and request                                                    */

struct _VntCsdKeysPage
{
  VntPage                  parent_instance;

  VntCsdRequestController *controller;
  VntNewKeyBox            *key_box;
  GtkWidget               *progress_box;
  GtkWidget               *progress_bar;
  GtkWidget               *progress_label;
};

G_DEFINE_FINAL_TYPE (VntCsdKeysPage, vnt_csd_keys_page, VNT_TYPE_PAGE)

static void
keys_update (VntCsdKeysPage *self)
{
  VntProcedure *procedure = VNT_PROCEDURE (self->controller);
  gboolean busy = vnt_procedure_get_busy (procedure);
  gboolean written = vnt_procedure_get_done (procedure);

  vnt_new_key_box_set_editable (self->key_box, !busy && !written);
  vnt_page_set_complete (VNT_PAGE (self),
                         written || (!busy && vnt_new_key_box_get_filled (self->key_box)));
}

static void
keys_progress_cb (VntCsdKeysPage *self)
{
  double fraction = vnt_csd_request_controller_get_progress (self->controller);
  guint n = g_strv_length ((char **) vnt_csd_request_controller_get_sucursales (self->controller));
  guint done = (guint) (fraction * (n + 1) + 0.5);
  g_autofree char *status = NULL;

  if (!vnt_procedure_get_busy (VNT_PROCEDURE (self->controller)) && fraction < 1.0)
    {
      gtk_widget_set_visible (self->progress_box, FALSE);
      return;
    }

  if (fraction >= 1.0)
    status = g_strdup (_("The keys and the request were saved."));
  else if (done < n)
    /* TRANSLATORS: making the private key of sucursal 1 of 2 */
    status = g_strdup_printf (_("Making the private key of sucursal %u of %u from your system’s random source…"),
                              done + 1, n);
  else
    status = g_strdup (_("Signing the request with your e.firma and saving the files…"));

  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), fraction);
  gtk_label_set_text (GTK_LABEL (self->progress_label), status);
}

static void
keys_shown (VntPage *page)
{
  VntCsdKeysPage *self = VNT_CSD_KEYS_PAGE (page);

  vnt_page_set_next_label (page, vnt_procedure_get_done (VNT_PROCEDURE (self->controller))
                                 ? NULL : _("_Make the request"));
  keys_progress_cb (self);
  vnt_new_key_box_rate (self->key_box);
  keys_update (self);
}

static gboolean
keys_show_error (VntPage      *page,
                 const GError *error)
{
  VntCsdKeysPage *self = VNT_CSD_KEYS_PAGE (page);

  /* The field is marked; the assistant shows the sentence too. */
  vnt_new_key_box_show_error (self->key_box, error);
  return FALSE;
}

static void
keys_apply_async (VntPage             *page,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  VntCsdKeysPage *self = VNT_CSD_KEYS_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  if (vnt_procedure_get_done (VNT_PROCEDURE (self->controller)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  vnt_new_key_box_write (self->key_box, g_steal_pointer (&task));
}

static gboolean
keys_apply_finish (VntPage      *page,
                   GAsyncResult *result,
                   GError      **error)
{
  VntCsdKeysPage *self = VNT_CSD_KEYS_PAGE (page);
  gboolean        ok;

  keys_progress_cb (self);
  /* Typed once, used once. */
  ok = vnt_new_key_box_apply_finish (self->key_box, result, error);
  keys_update (self);
  return ok;
}

static void
vnt_csd_keys_page_dispose (GObject *object)
{
  VntCsdKeysPage *self = VNT_CSD_KEYS_PAGE (object);

  g_clear_object (&self->controller);
  G_OBJECT_CLASS (vnt_csd_keys_page_parent_class)->dispose (object);
}

static void
vnt_csd_keys_page_class_init (VntCsdKeysPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_csd_keys_page_dispose;
  VNT_PAGE_CLASS (klass)->apply_async = keys_apply_async;
  VNT_PAGE_CLASS (klass)->apply_finish = keys_apply_finish;
  VNT_PAGE_CLASS (klass)->shown = keys_shown;
  VNT_PAGE_CLASS (klass)->show_error = keys_show_error;
}

static void
vnt_csd_keys_page_init (VntCsdKeysPage *self)
{
}

VntPage *
vnt_csd_keys_page_new (VntProcedure *procedure,
                       gboolean      practice)
{
  VntCsdKeysPage *self;
  GtkWidget *box;

  g_return_val_if_fail (VNT_IS_CSD_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_CSD_KEYS_PAGE, "title", _("Keys and request"),
                       "next-label", _("_Make the request"), NULL);
  self->controller = g_object_ref (VNT_CSD_REQUEST_CONTROLLER (procedure));
  box = vnt_page_parts_column (VNT_PAGE (self));

  vnt_page_parts_paragraph (box, _("Ventanilla now makes, on this computer, one private key for each sucursal and the request (.sdg) signed with your e.firma. Choose the folder (a USB drive is best) and the password of the new keys: each CSD works only with its own key and this password. Nothing is sent anywhere."));

  self->key_box = VNT_NEW_KEY_BOX (vnt_new_key_box_new ());
  vnt_new_key_box_set_procedure (self->key_box, VNT_SAT_LOCAL (procedure));
  g_signal_connect_swapped (self->key_box, "changed", G_CALLBACK (keys_update), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->key_box));

  self->progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->progress_bar = gtk_progress_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress of the request"), -1);
  self->progress_label = g_object_new (GTK_TYPE_LABEL, "wrap", TRUE, "xalign", 0.0f,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, NULL);
  gtk_box_append (GTK_BOX (self->progress_box), self->progress_bar);
  gtk_box_append (GTK_BOX (self->progress_box), self->progress_label);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->progress_box);

  g_signal_connect_object (procedure, "notify::progress", G_CALLBACK (keys_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (procedure, "notify::busy", G_CALLBACK (keys_update), self,
                           G_CONNECT_SWAPPED);
  keys_update (self);
  return VNT_PAGE (self);
}

VntNewKeyBox *
vnt_csd_keys_page_get_key_box (VntCsdKeysPage *self)
{
  g_return_val_if_fail (VNT_IS_CSD_KEYS_PAGE (self), NULL);
  return self->key_box;
}

double
vnt_csd_keys_page_get_fraction (VntCsdKeysPage *self)
{
  g_return_val_if_fail (VNT_IS_CSD_KEYS_PAGE (self), 0.0);
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (self->progress_bar));
}
