/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "controllers/steps/vnt-sat-local.h"
#include "core/vnt-password-strength.h"

G_BEGIN_DECLS

#define VNT_TYPE_NEW_KEY_BOX (vnt_new_key_box_get_type ())
G_DECLARE_FINAL_TYPE (VntNewKeyBox, vnt_new_key_box, VNT, NEW_KEY_BOX, GtkBox)

/* What SAT's local procedures ask for a new private key: its password and
 * the confirmation, with how hard it is to guess shown as typed, and the
 * folder to save the files in ("Elegir…": the portal's folder chooser; a
 * plugged-in USB drive is suggested). ::changed is emitted when any of
 * them changes, once a typed password is rated (vnt_new_key_box_set_procedure()). */
GtkWidget  *vnt_new_key_box_new             (void);

const char *vnt_new_key_box_get_password     (VntNewKeyBox        *self);
const char *vnt_new_key_box_get_confirmation (VntNewKeyBox        *self);
/* Whether the password, its confirmation and the folder are all given. */
gboolean    vnt_new_key_box_get_filled (VntNewKeyBox *self);
/* Empties both password rows (once they were handed over). */
void        vnt_new_key_box_clear_passwords  (VntNewKeyBox        *self);
/* Reads @result, a page's boolean apply task that wrote the new key, and
 * once it is written empties both password rows: they are not kept in
 * the widgets. */
gboolean    vnt_new_key_box_apply_finish (VntNewKeyBox *self,
                                          GAsyncResult *result,
                                          GError      **error);
void        vnt_new_key_box_set_strength     (VntNewKeyBox        *self,
                                              VntPasswordStrength  strength);
/* The chosen folder (a local path), or NULL. */
const char *vnt_new_key_box_get_folder       (VntNewKeyBox        *self);
/* What the folder chooser sets. */
void        vnt_new_key_box_set_folder       (VntNewKeyBox        *self,
                                              const char          *folder);
/* Shows @message at the field @error is about (a password one, or the
 * folder's) and returns TRUE; FALSE for any other error. */
gboolean    vnt_new_key_box_show_error       (VntNewKeyBox        *self,
                                              const GError        *error);
void        vnt_new_key_box_set_editable     (VntNewKeyBox        *self,
                                              gboolean             editable);
/* The procedure whose new key this is: it rates the password from now on
 * (as it is typed and on vnt_new_key_box_rate()) and writes the files. */
void        vnt_new_key_box_set_procedure (VntNewKeyBox *self,
                                           VntSatLocal  *procedure);
/* Rates the password again (what the rating knows of the holder changed). */
void        vnt_new_key_box_rate (VntNewKeyBox *self);
/* Has the procedure write its new files with the box's folder and
 * passwords, then ends @task (taken), a page's boolean apply task. */
void        vnt_new_key_box_write (VntNewKeyBox *self,
                                   GTask        *task);

G_END_DECLS
