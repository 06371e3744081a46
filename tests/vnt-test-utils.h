/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Path inside ../shared/testdata/sat (the SAT test set); skips the test and
 * returns NULL when the set is not beside the checkout. */
char      *vnt_test_sat_path        (const char *relative);
/* Path of a fixture made by tests/fixtures/make-fixtures.sh in the build dir. */
char      *vnt_test_fixture_path    (const char *relative);
/* The parsed manifest.json of the SAT test set (cached; do not unref). */
JsonObject *vnt_test_sat_manifest   (void);
/* Makes gettext read the build's catalogue and switches to Spanish. */
void        vnt_test_use_spanish    (void);
/* Deletes @path and, unless it is a symbolic link, all below it. */
void        vnt_test_remove_tree    (const char *path);

G_END_DECLS
