/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VNT_TYPE_PAGE (vnt_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (VntPage, vnt_page, VNT, PAGE, AdwBin)

/* One screen of a procedure. The assistant around it owns Back and the
 * forward button ("Siguiente", or the page's own label such as "Firmar"):
 * it is sensitive while the page is `complete`, and pressing it runs the
 * page's apply step; while that runs the page is `applying`. */
struct _VntPageClass
{
  AdwBinClass parent_class;

  /* The step the forward button stands for (sign, save, send). Without
   * them the page is done at once. apply_finish defaults to reading a
   * boolean GTask of the page's. */
  void     (*apply_async)  (VntPage              *page,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  gboolean (*apply_finish) (VntPage              *page,
                            GAsyncResult         *result,
                            GError              **error);
  /* Each time the page becomes the visible one. */
  void     (*shown)        (VntPage              *page);
  /* Shows @error next to the field it is about and returns TRUE; FALSE
   * lets the assistant show it. */
  gboolean (*show_error)   (VntPage              *page,
                            const GError         *error);

  gpointer padding[8];
};

const char *vnt_page_get_title         (VntPage             *self);
void        vnt_page_set_title         (VntPage             *self,
                                        const char          *title);
gboolean    vnt_page_get_complete      (VntPage             *self);
void        vnt_page_set_complete      (VntPage             *self,
                                        gboolean             complete);
gboolean    vnt_page_get_applying      (VntPage             *self);
/* Something the page asked for besides its apply step (the carta, the
 * practice e.firmas) is on its way: the assistant shows its spinner once
 * a wait lasts over 150 ms. Calls nest; "waiting" is notified. */
gboolean    vnt_page_get_waiting       (VntPage             *self);
void        vnt_page_begin_wait        (VntPage             *self);
void        vnt_page_end_wait          (VntPage             *self);
/* The forward button's label (with mnemonic); NULL: "Siguiente". */
const char *vnt_page_get_next_label    (VntPage             *self);
void        vnt_page_set_next_label    (VntPage             *self,
                                        const char          *next_label);
/* FALSE when the page provides its own way on (the acuse's "Salir"). */
gboolean    vnt_page_get_has_forward   (VntPage             *self);
void        vnt_page_set_has_forward   (VntPage             *self,
                                        gboolean             has_forward);
/* FALSE once going back makes no sense (after the trámite is final). */
gboolean    vnt_page_get_can_go_back   (VntPage             *self);
void        vnt_page_set_can_go_back   (VntPage             *self,
                                        gboolean             can_go_back);

/* Runs the apply step, `applying` meanwhile; TRUE when the page is done. */
void        vnt_page_apply_async       (VntPage             *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    vnt_page_apply_finish      (VntPage             *self,
                                        GAsyncResult        *result,
                                        GError             **error);
void        vnt_page_shown             (VntPage             *self);
gboolean    vnt_page_show_error        (VntPage             *self,
                                        const GError        *error);

/* For pages: marks @widget invalid (red, accessible INVALID state and
 * @message as its description), or valid again with NULL, which also
 * hides the assistant's message about it. */
void        vnt_page_mark_invalid      (GtkWidget           *widget,
                                        const char          *message);

G_END_DECLS
