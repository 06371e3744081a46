/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens @path (a PDF) in the user's viewer; says in a toast around
 * @parent when it cannot. */
void vnt_open_file_in_viewer (GtkWidget  *parent,
                              const char *path);

G_END_DECLS
