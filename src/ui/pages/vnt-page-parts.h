/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "controllers/vnt-procedure-facets.h"
#include "ui/wizard/vnt-page.h"

G_BEGIN_DECLS

/* The pieces the procedure pages are built of, so that every page has
 * the same column, groups and rows. */

/* A scrolled column, clamped to 640 px, as @page's child; returns the
 * vertical box to fill. */
GtkWidget    *vnt_page_parts_column        (VntPage    *page);
/* A preferences group appended to @box (@title and @description
 * nullable). */
GtkWidget    *vnt_page_parts_group         (GtkWidget  *box,
                                            const char *title,
                                            const char *description);
/* A read-only "property" row titled @title (plain text) in @group. */
AdwActionRow *vnt_page_parts_fact_row      (GtkWidget  *group,
                                            const char *title);
/* Its value; "—" for NULL. */
void          vnt_page_parts_set_fact      (AdwActionRow *row,
                                            const char   *value);
/* @certificate's validity period as @row's value. */
void          vnt_page_parts_set_validity (AdwActionRow   *row,
                                           VntCertificate *certificate);
/* A row titled @title (plain text) appended to @list, @value at its end
 * as a selectable label that screen readers read as the row's
 * description; returns the label, for the page to size and style. */
GtkLabel     *vnt_page_parts_value_row     (GtkListBox *list,
                                            const char *title,
                                            const char *value);
/* The same, keeping @value in @values under @name too (what the page
 * answers its tests with); a missing value (NULL or empty) adds no row
 * and gives NULL. */
GtkLabel     *vnt_page_parts_kept_value_row (GtkListBox *list,
                                             GHashTable *values,
                                             const char *name,
                                             const char *title,
                                             const char *value);
/* Empties @list and @values, to fill them again. */
void          vnt_page_parts_clear_values (GtkListBox *list,
                                           GHashTable *values);
/* A wrapping, left-aligned label. */
GtkWidget    *vnt_page_parts_wrapped_label (const char *text);
/* A wrapped label appended to @box, a paragraph of the page. */
GtkLabel     *vnt_page_parts_paragraph     (GtkWidget  *box,
                                            const char *text);
/* An empty left-aligned heading appended to @box (a carta's title). */
GtkLabel     *vnt_page_parts_heading       (GtkWidget  *box);
/* A hidden label appended to @box that says how things went (role
 * "status": screen readers read it). */
GtkLabel     *vnt_page_parts_status        (GtkWidget  *box);
/* Shows @text in it (hides it for NULL), in the error style when @error. */
void          vnt_page_parts_set_status    (GtkLabel   *label,
                                            const char *text,
                                            gboolean    error);
/* Puts @value (nothing for NULL) in @editable unless something is typed
 * there already: a page shown again keeps what was typed. Says whether it
 * put it. */
gboolean      vnt_page_parts_prefill (GtkEditable *editable,
                                      const char  *value);

/* The finish function of an asynchronous step (a controller's), as a
 * boolean or as the object it gives. */
typedef gboolean (*VntPagePartsFinish)       (gpointer       source,
                                              GAsyncResult  *result,
                                              GError       **error);
typedef gpointer (*VntPagePartsFinishObject) (gpointer       source,
                                              GAsyncResult  *result,
                                              GError       **error);

/* For an apply step that hands its work to another asynchronous step:
 * @task, a page's boolean apply task, is to be that step's user data,
 * with vnt_page_parts_step_done as its callback, which ends @task with
 * what @finish reads (an object read is TRUE, and dropped). */
void          vnt_page_parts_step          (GTask                    *task,
                                            VntPagePartsFinish        finish);
void          vnt_page_parts_object_step   (GTask                    *task,
                                            VntPagePartsFinishObject  finish);
void          vnt_page_parts_step_done     (GObject                  *source,
                                            GAsyncResult             *result,
                                            gpointer                  task);
/* The two answers to a page's question, a static table: @no, which
 * closing the dialog gives too, and @yes, drawn as @yes_appearance and the
 * default answer unless it destroys something. The labels are marked with
 * N_(). */
typedef struct
{
  AdwResponseAppearance yes_appearance;
  const char           *no;
  const char           *yes;
  const char           *no_label;
  const char           *yes_label;
} VntPagePartsAnswers;

/* What goes on after a yes; takes @task. */
typedef void (*VntPagePartsAccepted) (GTask *task);

/* Asks @heading (@body) in a dialog over the page's window before @task, a
 * page's boolean apply task, goes on: @accepted gets @task on @answers'
 * yes; a no ends it cancelled, which the assistant does not show. The
 * dialog is in *@dialog until answered, for the page to close on
 * dispose. Takes @task. */
void          vnt_page_parts_ask (GTask                     *task,
                                  AdwMessageDialog         **dialog,
                                  const VntPagePartsAnswers *answers,
                                  VntPagePartsAccepted       accepted,
                                  const char                *heading,
                                  const char                *body);
/* Signs the carta: finalizes @flow and ends @task, a page's boolean apply
 * task, with how that went. Takes @task. */
void          vnt_page_parts_finalize      (VntTramiteFlow           *flow,
                                            GTask                    *task);

G_END_DECLS
