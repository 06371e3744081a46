/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-practice.h"
#include "ui/pages/vnt-page-parts.h"
#include "ui/vnt-ui.h"
#include "vnt-idse-form-page.h"

/* One field: its row and the line under it that says what is wrong. */
typedef struct {
  const VntIdseField *field;
  GtkWidget          *row;
  GtkWidget          *problem_row;
  GtkLabel           *problem_label;
} FieldUi;

struct _VntIdseFormPage
{
  VntPage                   parent_instance;

  GtkWidget                *box;
  GtkWidget                *practice_button;
  VntIdseRequestController *controller;
  GArray                   *fields;  /* FieldUi */
  GCancellable             *practice_cancellable;
  gboolean                  filling;
};

G_DEFINE_FINAL_TYPE (VntIdseFormPage, vnt_idse_form_page, VNT_TYPE_PAGE)

static FieldUi *
find_ui (VntIdseFormPage *self,
         const char      *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldUi *ui = &g_array_index (self->fields, FieldUi, i);

      if (g_str_equal (ui->field->name, name))
        return ui;
    }
  return NULL;
}

static const char *
row_value (VntIdseFormPage *self,
           FieldUi         *ui)
{
  if (ui->field->widget == VNT_IDSE_WIDGET_CHOICE)
    {
      const VntIdseChoice *choices = vnt_idse_request_controller_get_choices (self->controller, ui->field->name);
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (ui->row));

      /* Item 0 is "Elige…". */
      return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? "" : choices[selected - 1].code;
    }
  return gtk_editable_get_text (GTK_EDITABLE (ui->row));
}

static void
show_problem (FieldUi      *ui,
              const GError *error)
{
  gtk_label_set_text (ui->problem_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (ui->problem_row, error != NULL);
  vnt_page_mark_invalid (ui->row, error != NULL ? error->message : NULL);
}

/* Checks @ui's value as typed; an empty one is only said on "Siguiente". */
static gboolean
check_ui (VntIdseFormPage *self,
          FieldUi         *ui,
          gboolean         say_empty)
{
  g_autoptr(GError) error = NULL;
  const char *value = row_value (self, ui);
  gboolean ok;

  ok = vnt_idse_request_controller_set_field (self->controller, ui->field->name, value, &error);
  if (ok || (!say_empty && *value == '\0'))
    show_problem (ui, NULL);
  else
    show_problem (ui, error);
  return ok;
}

static void
update_complete (VntIdseFormPage *self)
{
  gboolean complete = TRUE;

  /* Every required field has something; the checks run on "Siguiente". */
  for (guint i = 0; i < self->fields->len && complete; i++)
    {
      FieldUi *ui = &g_array_index (self->fields, FieldUi, i);

      if (!ui->field->optional && gtk_widget_get_visible (ui->row) && *row_value (self, ui) == '\0')
        complete = FALSE;
    }
  vnt_page_set_complete (VNT_PAGE (self), complete);
}

/* The fields whose check depends on @name. */
static void
recheck_dependents (VntIdseFormPage *self,
                    const char      *name)
{
  static const char * const pairs[][2] = {
    { "usuario", "password" }, { "password", "password_confirm" }, { "email", "email_confirm" },
    { "registro_patronal", "digito_verificador" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (g_str_equal (pairs[i][0], name))
      {
        FieldUi *other = find_ui (self, pairs[i][1]);

        if (other != NULL && *row_value (self, other) != '\0')
          check_ui (self, other, FALSE);
      }
}

static void
field_changed_cb (GtkWidget       *row,
                  GParamSpec      *pspec,
                  VntIdseFormPage *self)
{
  FieldUi *ui = g_object_get_data (G_OBJECT (row), "vnt-field");

  if (self->filling)
    return;
  check_ui (self, ui, FALSE);
  recheck_dependents (self, ui->field->name);
  update_complete (self);
}

static void
entry_changed_cb (GtkEditable     *editable,
                  VntIdseFormPage *self)
{
  field_changed_cb (GTK_WIDGET (editable), NULL, self);
}

static GtkWidget *
make_row (VntIdseFormPage *self,
          FieldUi         *ui)
{
  const VntIdseField *field = ui->field;
  g_autofree char *title = field->optional ? g_strdup_printf (_("%s (optional)"), _(field->title))
                                           : g_strdup (_(field->title));
  GtkWidget *row;

  if (field->widget == VNT_IDSE_WIDGET_CHOICE)
    {
      const VntIdseChoice *choices = vnt_idse_request_controller_get_choices (self->controller, field->name);
      g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

      gtk_string_list_append (list, _("Choose…"));
      for (gsize i = 0; choices[i].code != NULL; i++)
        gtk_string_list_append (list, _(choices[i].label));
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
    }
  else
    {
      row = field->widget == VNT_IDSE_WIDGET_PASSWORD ? adw_password_entry_row_new () : adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (field->check == VNT_IDSE_CHECK_RFC || field->check == VNT_IDSE_CHECK_RFC_FISICA ||
          field->check == VNT_IDSE_CHECK_CURP || field->check == VNT_IDSE_CHECK_REGISTRO_PATRONAL ||
          field->check == VNT_IDSE_CHECK_NPIE)
        adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row), GTK_INPUT_HINT_UPPERCASE_CHARS | GTK_INPUT_HINT_NO_SPELLCHECK);
      else if (field->check == VNT_IDSE_CHECK_PHONE || field->check == VNT_IDSE_CHECK_DIGIT ||
               field->check == VNT_IDSE_CHECK_POSTAL_CODE)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
      else if (field->check == VNT_IDSE_CHECK_EMAIL || field->check == VNT_IDSE_CHECK_CONFIRM_EMAIL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
      g_signal_connect (row, "changed", G_CALLBACK (entry_changed_cb), self);
    }

  g_object_set_data (G_OBJECT (row), "vnt-field", ui);
  return row;
}

static void
build (VntIdseFormPage *self)
{
  const VntIdseField *fields;
  gsize n_fields;
  GtkWidget *group = NULL;
  const char *group_title = NULL;

  fields = vnt_idse_request_controller_get_fields (self->controller, &n_fields);
  g_array_set_size (self->fields, n_fields);

  for (gsize i = 0; i < n_fields; i++)
    {
      FieldUi *ui = &g_array_index (self->fields, FieldUi, i);
      GtkWidget *label;

      ui->field = &fields[i];
      if (group == NULL || g_strcmp0 (group_title, fields[i].group) != 0)
        {
          group_title = fields[i].group;
          group = vnt_page_parts_group (self->box, _(group_title), NULL);
        }

      ui->row = make_row (self, ui);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ui->row);

      /* Under its own field: what is wrong with it. */
      label = vnt_page_parts_wrapped_label (NULL);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (label, "caption");
      ui->problem_label = GTK_LABEL (label);
      ui->problem_row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (ui->problem_row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (ui->problem_row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (ui->problem_row), FALSE);
      gtk_widget_set_visible (ui->problem_row, FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ui->problem_row);
    }
}

void
vnt_idse_form_page_set_value (VntIdseFormPage *self,
                              const char      *name,
                              const char      *value)
{
  FieldUi *ui;

  g_return_if_fail (VNT_IS_IDSE_FORM_PAGE (self));

  ui = find_ui (self, name);
  g_return_if_fail (ui != NULL);

  if (ui->field->widget == VNT_IDSE_WIDGET_CHOICE)
    {
      const VntIdseChoice *choices = vnt_idse_request_controller_get_choices (self->controller, name);
      guint position = 0;

      for (gsize i = 0; choices[i].code != NULL; i++)
        if (g_strcmp0 (choices[i].code, value) == 0)
          position = i + 1;
      adw_combo_row_set_selected (ADW_COMBO_ROW (ui->row), position);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (ui->row), value != NULL ? value : "");
}

/* ---- Practice ---- */

static void
fill (VntIdseFormPage *self,
      const char      *name,
      const char      *value)
{
  if (find_ui (self, name) != NULL && value != NULL)
    vnt_idse_form_page_set_value (self, name, value);
}

static void
fill_practice (VntIdseFormPage *self,
               GPtrArray       *efirmas)
{
  VntPracticeEfirma *company = NULL;
  VntPracticeEfirma *person;

  for (guint i = 0; i < efirmas->len && company == NULL; i++)
    if (((VntPracticeEfirma *) efirmas->pdata[i])->kind == VNT_PRACTICE_KIND_MORAL)
      company = efirmas->pdata[i];
  if (company == NULL)
    return;
  person = vnt_practice_efirmas_get_representative (efirmas, company);

  /* A fictitious employer, as the IMSS example has it. */
  fill (self, "registro_patronal", "Y541234510");
  fill (self, "digito_verificador", "6");
  fill (self, "razon_social", company->name);
  fill (self, "rfc", company->rfc);
  /* An additional certificate is for another usuario. */
  fill (self, "usuario", find_ui (self, "npie") != NULL ? "practica02" : "practica01");
  fill (self, "password", "Practica2026");
  fill (self, "password_confirm", "Practica2026");
  fill (self, "telefono", "5555555555");
  fill (self, "email", "nominas@example.mx");
  fill (self, "email_confirm", "nominas@example.mx");
  fill (self, "rol", "representante-legal");
  if (person != NULL)
    {
      g_auto(GStrv) words = g_strsplit (person->name, " ", -1);
      guint n = g_strv_length (words);

      /* "ANA LAURA PRUEBA SOLIS": the two surnames last. */
      if (n >= 3)
        {
          g_autofree char *paterno = words[n - 2];
          g_autofree char *materno = words[n - 1];
          g_autofree char *nombres = NULL;

          words[n - 2] = NULL;
          nombres = g_strjoinv (" ", words);
          fill (self, "nombres", nombres);
          fill (self, "apellido_paterno", paterno);
          fill (self, "apellido_materno", materno);
        }
    }
  fill (self, "curp", company->representative_curp);
  fill (self, "solicitante_rfc", company->representative_rfc);
  fill (self, "calle", "AV. REFORMA");
  fill (self, "numero_exterior", "10");
  fill (self, "colonia", "CENTRO");
  fill (self, "estado", "DF");
  fill (self, "municipio", "CUAUHTEMOC");
  fill (self, "localidad", "CIUDAD DE MEXICO");
  fill (self, "codigo_postal", "06000");
}

static void
practice_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VntIdseFormPage) self = user_data;
  g_autoptr(GPtrArray) efirmas = NULL;
  g_autoptr(GError) error = NULL;

  efirmas = vnt_practice_list_efirmas_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->practice_cancellable);
  if (efirmas != NULL)
    fill_practice (self, efirmas);
  update_complete (self);
}

static void
practice_clicked_cb (VntIdseFormPage *self)
{
  VntProcedure *procedure = VNT_PROCEDURE (self->controller);

  if (self->practice_cancellable != NULL)
    return;
  self->practice_cancellable = g_cancellable_new ();
  vnt_practice_list_efirmas_async (vnt_tramite_store_get_data_dir (vnt_procedure_get_store (procedure)),
                                   self->practice_cancellable, practice_listed_cb, g_object_ref (self));
}

/* ---- Page ---- */

static void
vnt_idse_form_page_shown (VntPage *page)
{
  VntIdseFormPage *self = VNT_IDSE_FORM_PAGE (page);

  /* What the record kept (never the contraseña). */
  self->filling = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldUi *ui = &g_array_index (self->fields, FieldUi, i);
      const char *value = vnt_idse_request_controller_get_field (self->controller, ui->field->name);

      if (value != NULL && *row_value (self, ui) == '\0')
        vnt_idse_form_page_set_value (self, ui->field->name, value);
    }
  self->filling = FALSE;
  update_complete (self);
}

static void
vnt_idse_form_page_apply_async (VntPage             *page,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VntIdseFormPage *self = VNT_IDSE_FORM_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *bad_field = NULL;
  GError *error = NULL;
  FieldUi *first_bad = NULL;

  g_task_set_source_tag (task, vnt_idse_form_page_apply_async);

  /* Every field said at once, each under itself. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldUi *ui = &g_array_index (self->fields, FieldUi, i);

      if (!check_ui (self, ui, TRUE) && first_bad == NULL)
        first_bad = ui;
    }

  if (!vnt_idse_request_controller_submit_form (self->controller, &bad_field, &error))
    {
      FieldUi *ui = bad_field != NULL ? find_ui (self, bad_field) : first_bad;

      if (ui != NULL)
        {
          show_problem (ui, error);
          gtk_widget_grab_focus (ui->row);
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
vnt_idse_form_page_dispose (GObject *object)
{
  VntIdseFormPage *self = VNT_IDSE_FORM_PAGE (object);

  g_cancellable_cancel (self->practice_cancellable);
  g_clear_object (&self->practice_cancellable);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (vnt_idse_form_page_parent_class)->dispose (object);
}

static void
vnt_idse_form_page_finalize (GObject *object)
{
  g_array_unref (VNT_IDSE_FORM_PAGE (object)->fields);
  G_OBJECT_CLASS (vnt_idse_form_page_parent_class)->finalize (object);
}

static void
vnt_idse_form_page_class_init (VntIdseFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VntPageClass *page_class = VNT_PAGE_CLASS (klass);

  object_class->dispose = vnt_idse_form_page_dispose;
  object_class->finalize = vnt_idse_form_page_finalize;
  page_class->apply_async = vnt_idse_form_page_apply_async;
  page_class->shown = vnt_idse_form_page_shown;
}

static void
vnt_idse_form_page_init (VntIdseFormPage *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (FieldUi));
}

VntPage *
vnt_idse_form_page_new (VntProcedure *procedure,
                        gboolean      practice)
{
  VntIdseFormPage *self;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (procedure), NULL);

  self = g_object_new (VNT_TYPE_IDSE_FORM_PAGE, "title", _("Request data"), NULL);
  self->controller = g_object_ref (VNT_IDSE_REQUEST_CONTROLLER (procedure));

  self->box = vnt_page_parts_column (VNT_PAGE (self));

  vnt_page_parts_paragraph (self->box,
                            _("Type the data as IMSS has them. Each field is checked as you type; "
                              "what is wrong is said under it. The user name and the password are "
                              "the ones you will use in IDSE: 8 to 20 letters or digits, and "
                              "different."));

  self->practice_button = vnt_ui_wrapping_button_new (NULL, _("_Use practice data"));
  gtk_widget_set_halign (self->practice_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->practice_button, "pill");
  gtk_widget_set_visible (self->practice_button, practice);
  g_signal_connect_swapped (self->practice_button, "clicked", G_CALLBACK (practice_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->practice_button);

  build (self);

  return VNT_PAGE (self);
}

GtkWidget *
vnt_idse_form_page_get_row (VntIdseFormPage *self,
                            const char      *name)
{
  FieldUi *ui;

  g_return_val_if_fail (VNT_IS_IDSE_FORM_PAGE (self), NULL);

  ui = find_ui (self, name);
  return ui != NULL ? ui->row : NULL;
}

const char *
vnt_idse_form_page_get_problem (VntIdseFormPage *self,
                                const char      *name)
{
  FieldUi *ui;

  g_return_val_if_fail (VNT_IS_IDSE_FORM_PAGE (self), NULL);

  ui = find_ui (self, name);
  if (ui == NULL || !gtk_widget_get_visible (ui->problem_row))
    return NULL;
  return gtk_label_get_text (ui->problem_label);
}
