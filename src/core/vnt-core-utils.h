/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the gettext domain; $VENTANILLA_LOCALEDIR overrides the installed
 * catalogue location so an uninstalled build (and its tests) reads its own. */
void vnt_i18n_init (void);

/* Spanish first: when the user chose no language (the C or POSIX locale of
 * a fresh system), messages are shown in Spanish; a chosen one is kept.
 * Call after setlocale() and before anything starts threads. */
void vnt_i18n_prefer_spanish (void);

/* Replaces the string in *@str_pointer with a copy of @new_str (either may
 * be NULL), as GLib 2.76's g_set_str (): says whether it changed. */
gboolean     vnt_set_str (char      **str_pointer,
                          const char *new_str);

/* The bytes that the base64 @text stands for (what g_base64_decode ()
 * makes of it; maybe none). */
GBytes      *vnt_base64_decode_bytes (const char *text);

/* Overwrites @len bytes at @mem in a way the compiler cannot elide. */
void vnt_memzero (gpointer mem, gsize len);
/* Wipes and frees a NUL-terminated secret; NULL is fine. */
void vnt_secret_free (char *secret);

/* g_autoptr(VntSecret) password = g_strdup (…): wiped when it goes out of scope. */
typedef char VntSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntSecret, vnt_secret_free)

G_END_DECLS
