/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/vnt-date.h"
#include "vnt-check-page-private.h"

typedef enum {
  FACT_HOLDER,
  FACT_RFC,
  FACT_CURP,          /* the legal representative's RFC for a company */
  FACT_REP_CURP,      /* a company's only */
  FACT_NUMBER,
  FACT_VALIDITY,
  FACT_TYPE,
  FACT_PERSON,
  FACT_ISSUER,
  FACT_CHAIN,
  N_FACTS
} Fact;

typedef struct {
  GtkWidget *row;
  GtkLabel  *name;
  GtkLabel  *value;
} FactRow;

struct _VntCheckPageFacts
{
  FactRow rows[N_FACTS];
};

static char *
format_date (GDateTime *time)
{
  return vnt_date_format_date (time);
}

static char *
format_validity (VntCertificate *certificate)
{
  GDateTime *not_before = vnt_certificate_get_not_before (certificate);
  GDateTime *not_after = vnt_certificate_get_not_after (certificate);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *when = NULL;
  int days;

  if (not_before == NULL || not_after == NULL)
    return NULL;

  from = format_date (not_before);
  to = format_date (not_after);
  days = vnt_certificate_get_days_left (certificate, now);

  if (g_date_time_compare (now, not_before) < 0)
    when = g_strdup (_("not valid yet"));
  else if (g_date_time_compare (now, not_after) > 0)
    {
      days = ABS (days);
      if (days == 0)
        when = g_strdup (_("expired today"));
      else
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "expired %d day ago", "expired %d days ago", days), days);
    }
  else if (days == 0)
    when = g_strdup (_("expires today"));
  else
    when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days), days);

  /* TRANSLATORS: validity of a certificate: start date, end date and how
   * long is left, e.g. "from 18/05/2023 to 17/05/2027 (176 days left)". */
  return g_strdup_printf (_("from %s to %s (%s)"), from, to, when);
}

static const char *
kind_label (VntCertificateKind kind)
{
  switch (kind)
    {
    case VNT_CERTIFICATE_KIND_EFIRMA:
      return C_("certificate type", "e.firma");
    case VNT_CERTIFICATE_KIND_CSD:
      return _("CSD (digital seal certificate)");
    case VNT_CERTIFICATE_KIND_OTHER:
    default:
      return C_("certificate type", "other");
    }
}

static const char *
persona_label (VntPersona persona)
{
  switch (persona)
    {
    case VNT_PERSONA_FISICA:
      return C_("persona", "natural person");
    case VNT_PERSONA_MORAL:
      return C_("persona", "legal entity");
    case VNT_PERSONA_UNKNOWN:
    default:
      return C_("persona", "unknown");
    }
}

/* A row per fact: its name above, its value below with the whole width
 * (no value is squeezed beside its name on a narrow window). The row is
 * named by the one and described by the other; the value can be selected
 * and copied with the pointer. Facts are read, not used: neither the row
 * nor the value is a Tab stop (GTK 4.8 stops at every row of a list, and
 * the verdict had 25 stops). */
static void
fact_row_init (FactRow    *fact,
               GtkListBox *list)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  fact->row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (fact->row), FALSE);
  gtk_widget_set_focusable (fact->row, FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (fact->row), FALSE);

  fact->name = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (fact->name, 0.0);
  gtk_label_set_wrap (fact->name, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (fact->name), "caption-heading");
  gtk_widget_add_css_class (GTK_WIDGET (fact->name), "dim-label");

  fact->value = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (fact->value, 0.0);
  gtk_label_set_wrap_mode (fact->value, PANGO_WRAP_WORD);
  gtk_label_set_selectable (fact->value, TRUE);
  /* Not focusable is not enough: a selectable label takes Tab anyway, and
   * without taking the focus keeps it (a trap). */
  gtk_widget_set_can_focus (GTK_WIDGET (fact->value), FALSE);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fact->name));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fact->value));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (fact->row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (fact->row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, fact->name, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, fact->value, NULL,
                                  -1);
  gtk_list_box_append (list, fact->row);
}

static void
fact_row_set (FactRow    *fact,
              const char *title,
              const char *value)
{
  const char *text = value != NULL && *value != '\0' ? value : _("Not in the certificate");
  g_autoptr(PangoAttrList) attrs = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fact->row), title);
  gtk_label_set_text (fact->name, title);

  /* An RFC, a CURP or a número de certificado split over two lines, or
   * hyphenated, is easy to copy wrong: only text with spaces wraps, at
   * spaces. */
  if (strchr (text, ' ') != NULL)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    }
  /* New attributes lay the label out again even when they are the same:
   * only when wrapping changes. */
  if ((attrs != NULL) != gtk_label_get_wrap (fact->value))
    {
      gtk_label_set_attributes (fact->value, attrs);
      gtk_label_set_wrap (fact->value, attrs != NULL);
    }
  gtk_label_set_text (fact->value, text);
  gtk_widget_set_visible (fact->row, TRUE);
}

VntCheckPageFacts *
vnt_check_page_facts_new (GtkListBox *list)
{
  VntCheckPageFacts *facts = g_new0 (VntCheckPageFacts, 1);

  for (guint i = 0; i < N_FACTS; i++)
    fact_row_init (&facts->rows[i], list);

  return facts;
}

void
vnt_check_page_facts_free (VntCheckPageFacts *facts)
{
  /* The rows belong to their list. */
  g_free (facts);
}

void
vnt_check_page_facts_update (VntCheckPageFacts *facts,
                             VntCertificate    *certificate,
                             VntChainStatus     chain)
{
  g_autofree char *validity = format_validity (certificate);
  FactRow *rows = facts->rows;

  fact_row_set (&rows[FACT_HOLDER], C_("certificate field", "Holder"), vnt_certificate_get_name (certificate));
  if (vnt_certificate_get_persona (certificate) == VNT_PERSONA_MORAL)
    {
      fact_row_set (&rows[FACT_RFC], _("Company RFC"), vnt_certificate_get_rfc (certificate));
      fact_row_set (&rows[FACT_CURP], _("Legal representative’s RFC"),
                    vnt_certificate_get_representative_rfc (certificate));
      fact_row_set (&rows[FACT_REP_CURP], _("Legal representative’s CURP"),
                    vnt_certificate_get_representative_curp (certificate));
    }
  else
    {
      fact_row_set (&rows[FACT_RFC], C_("certificate field", "RFC"), vnt_certificate_get_rfc (certificate));
      fact_row_set (&rows[FACT_CURP], C_("certificate field", "CURP"), vnt_certificate_get_curp (certificate));
      /* Kept for the next company's, hidden and without a title a search
       * could find. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows[FACT_REP_CURP].row), "");
      gtk_widget_set_visible (rows[FACT_REP_CURP].row, FALSE);
    }
  fact_row_set (&rows[FACT_NUMBER], _("Certificate number"), vnt_certificate_get_number (certificate));
  fact_row_set (&rows[FACT_VALIDITY], C_("certificate field", "Validity"), validity);
  fact_row_set (&rows[FACT_TYPE], C_("certificate field", "Type"), kind_label (vnt_certificate_get_kind (certificate)));
  fact_row_set (&rows[FACT_PERSON], C_("certificate field", "Person"),
                persona_label (vnt_certificate_get_persona (certificate)));
  fact_row_set (&rows[FACT_ISSUER], C_("certificate field", "Issuer"), vnt_certificate_get_issuer_name (certificate));
  fact_row_set (&rows[FACT_CHAIN], _("Chain of trust"), vnt_chain_status_to_message (chain));
}

/* A problem's row: its message, selectable, after an icon for its
 * severity, laid out as an AdwActionRow lays out its prefix and title. A
 * grid, not an action row: the action row's horizontal box searches for the
 * height of a wrapping title, and each step lays the message out a score
 * of times. */
typedef struct {
  GtkWidget *row;
  GtkWidget *icon;
  GtkLabel  *message;
} ProblemRow;

struct _VntCheckPageProblems
{
  GtkListBox *list;
  GArray     *rows;  /* ProblemRow, the list's, shown or not */
};

static ProblemRow
problem_row_new (GtkListBox *list)
{
  GtkWidget *grid = gtk_grid_new ();
  ProblemRow problem;

  problem.row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (problem.row), FALSE);
  /* One Tab stop per problem: its selectable message, not the row too. */
  gtk_widget_set_focusable (problem.row, FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (problem.row), FALSE);

  problem.icon = gtk_image_new ();
  gtk_widget_set_valign (problem.icon, GTK_ALIGN_CENTER);

  problem.message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (problem.message, 0.0);
  gtk_label_set_wrap (problem.message, TRUE);
  gtk_label_set_wrap_mode (problem.message, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (problem.message, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (problem.message), TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (problem.message), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (problem.message), 6);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_size_request (grid, -1, 50);
  gtk_grid_attach (GTK_GRID (grid), problem.icon, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (problem.message), 1, 0, 1, 1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (problem.row), grid);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (problem.row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, problem.message, NULL,
                                  -1);
  gtk_list_box_append (list, problem.row);

  return problem;
}

static void
problem_row_set (ProblemRow       *problem,
                 const VntProblem *shown)
{
  gboolean error = shown->severity == VNT_PROBLEM_SEVERITY_ERROR;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (problem->row), shown->message);
  gtk_label_set_text (problem->message, shown->message);
  gtk_widget_set_name (problem->row, shown->code);
  gtk_image_set_from_icon_name (GTK_IMAGE (problem->icon),
                                error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (problem->icon, error ? "warning" : "error");
  gtk_widget_add_css_class (problem->icon, error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (problem->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  error ? C_("problem severity", "Problem")
                                        : C_("problem severity", "Warning"),
                                  -1);
  gtk_widget_set_visible (problem->row, TRUE);
}

/* Kept for the next report's problems, hidden and with neither a message
 * nor a code that a search could find. */
static void
problem_row_hide (ProblemRow *problem)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (problem->row), "");
  gtk_widget_set_name (problem->row, "");
  gtk_widget_set_visible (problem->row, FALSE);
}

VntCheckPageProblems *
vnt_check_page_problems_new (GtkListBox *list)
{
  VntCheckPageProblems *problems = g_new0 (VntCheckPageProblems, 1);

  problems->list = list;
  problems->rows = g_array_new (FALSE, FALSE, sizeof (ProblemRow));

  return problems;
}

void
vnt_check_page_problems_free (VntCheckPageProblems *problems)
{
  /* The rows belong to their list. */
  g_array_unref (problems->rows);
  g_free (problems);
}

void
vnt_check_page_problems_update (VntCheckPageProblems *problems,
                                GPtrArray            *list)
{
  guint n = list != NULL ? list->len : 0;

  while (problems->rows->len < n)
    {
      ProblemRow row = problem_row_new (problems->list);

      g_array_append_val (problems->rows, row);
    }

  for (guint i = 0; i < problems->rows->len; i++)
    {
      ProblemRow *row = &g_array_index (problems->rows, ProblemRow, i);

      if (i < n)
        problem_row_set (row, g_ptr_array_index (list, i));
      else
        problem_row_hide (row);
    }
}
