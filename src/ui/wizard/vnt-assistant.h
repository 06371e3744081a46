/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vnt-page.h"

G_BEGIN_DECLS

#define VNT_TYPE_ASSISTANT (vnt_assistant_get_type ())
G_DECLARE_FINAL_TYPE (VntAssistant, vnt_assistant, VNT, ASSISTANT, AdwBin)

/* The frame around a procedure's pages: Back, the forward button, "Paso 2
 * de 5", the spinner and Cancel while a page applies, and errors a page
 * does not show itself. Property "title": the current page's, for the
 * window's header bar. Actions: assistant.next,
 * assistant.back, assistant.cancel and assistant.show-error (a string;
 * "" hides it). "Salir" on a last page is the window's window.back. */
VntAssistant *vnt_assistant_new              (void);

void          vnt_assistant_add_page         (VntAssistant *self,
                                              const char   *id,
                                              VntPage      *page);
guint         vnt_assistant_get_n_pages      (VntAssistant *self);
VntPage      *vnt_assistant_get_page         (VntAssistant *self,
                                              const char   *id);
VntPage      *vnt_assistant_get_current_page (VntAssistant *self);
const char   *vnt_assistant_get_current_id   (VntAssistant *self);
/* The current page's title, or NULL. */
const char   *vnt_assistant_get_title        (VntAssistant *self);
/* Shows the page @id without applying anything (resuming). */
void          vnt_assistant_go_to            (VntAssistant *self,
                                              const char   *id);

/* What the buttons do. */
void          vnt_assistant_next             (VntAssistant *self);
void          vnt_assistant_previous         (VntAssistant *self);
void          vnt_assistant_cancel           (VntAssistant *self);
/* TRUE while the current page applies. */
gboolean      vnt_assistant_get_busy         (VntAssistant *self);
/* The error on show under the page, or NULL. */
const char   *vnt_assistant_get_error        (VntAssistant *self);
void          vnt_assistant_show_error       (VntAssistant *self,
                                              const char   *message);

/* Whether the spinner shows (an apply step, or a page's wait over
 * 150 ms). */
gboolean      vnt_assistant_get_spinning     (VntAssistant *self);

G_END_DECLS
