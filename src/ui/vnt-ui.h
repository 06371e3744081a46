/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Once per process, before building any widget: registers the UI resources
 * and initialises the crypto layer. The application calls it, and so must
 * anything (tests) that builds widgets without the application. */
void vnt_ui_init (void);

G_END_DECLS
