/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "controllers/steps/vnt-keygen-step.h"
#include "controllers/vnt-procedure-private.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-sat-key.h"
#include "vnt-test-utils.h"

/* The key generation step composed into a small procedure of this test's
 * own: a new key written encrypted in SAT's format, 0600, never over an
 * existing file, its path (never its password) in the record, and found
 * again by a resumed trámite. */

#define PASSWORD "Llave2026x"

#define TEST_TYPE_KEY_PROCEDURE (test_key_procedure_get_type ())
G_DECLARE_FINAL_TYPE (TestKeyProcedure, test_key_procedure, TEST, KEY_PROCEDURE, VntProcedure)

struct _TestKeyProcedure
{
  VntProcedure   parent_instance;
  VntKeygenStep *keygen;
};

G_DEFINE_FINAL_TYPE (TestKeyProcedure, test_key_procedure, VNT_TYPE_PROCEDURE)

static const char * const steps[] = { "key", "key-saved", "done", NULL };

static void
test_key_procedure_dispose (GObject *object)
{
  g_clear_object (&TEST_KEY_PROCEDURE (object)->keygen);
  G_OBJECT_CLASS (test_key_procedure_parent_class)->dispose (object);
}

static void
test_key_procedure_class_init (TestKeyProcedureClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_key_procedure_dispose;
  VNT_PROCEDURE_CLASS (klass)->procedure_id = "test.key";
  VNT_PROCEDURE_CLASS (klass)->steps = steps;
}

static void
test_key_procedure_init (TestKeyProcedure *self)
{
  self->keygen = vnt_keygen_step_new (VNT_PROCEDURE (self), "idse_key", "key", "key-saved");
}

typedef struct {
  char             *dir;
  VntServiceClient *client;
  VntTramiteStore  *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-keygen-step-XXXXXX", &error);
  g_assert_no_error (error);
  store_dir = g_build_filename (fixture->dir, "store", NULL);
  /* Nothing is sent: the client only has to exist. */
  fixture->client = vnt_service_client_new ("http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  fixture->store = vnt_tramite_store_new (store_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  vnt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static TestKeyProcedure *
new_procedure (Fixture *fixture)
{
  return g_object_new (TEST_TYPE_KEY_PROCEDURE, "client", fixture->client, "store", fixture->store, NULL);
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
generate (TestKeyProcedure *procedure,
          const char       *path,
          const char       *password,
          guint            *n_progress,
          GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_keygen_step_generate_async (procedure->keygen, path, password, VNT_KEYGEN_DEFAULT_BITS, NULL,
                                  result_cb, &result);
  while (result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      if (n_progress != NULL && vnt_keygen_step_get_phase (procedure->keygen) != VNT_KEYGEN_PHASE_IDLE)
        (*n_progress)++;
    }
  return vnt_keygen_step_generate_finish (procedure->keygen, result, error);
}

/* No file under @dir holds @secret. */
static void
assert_nowhere (const char *dir,
                const char *secret)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_nowhere (path, secret);
          continue;
        }
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_null (g_strstr_len (contents, length, secret));
      n_files++;
    }
  (void) n_files;
}

static void
progress_cb (VntKeygenStep *step,
             GParamSpec    *pspec,
             GPtrArray     *seen)
{
  g_ptr_array_add (seen, GINT_TO_POINTER (vnt_keygen_step_get_phase (step)));
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TestKeyProcedure) procedure = new_procedure (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "idse.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) reopened = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  guint n_turns = 0;
  GStatBuf st;
  VntTramite *record;

  g_signal_connect (procedure->keygen, "notify::phase", G_CALLBACK (progress_cb), seen);
  g_assert_false (vnt_keygen_step_get_saved (procedure->keygen));
  g_assert_true (generate (procedure, path, PASSWORD, &n_turns, &error));
  g_assert_no_error (error);
  /* The main loop kept turning while the key was made in a thread. */
  g_assert_cmpuint (n_turns, >, 1);

  /* Generating, encrypting and done were reported, in that order. */
  g_assert_cmpuint (seen->len, >=, 3);
  g_assert_cmpint (GPOINTER_TO_INT (seen->pdata[0]), ==, VNT_KEYGEN_PHASE_GENERATING);
  g_assert_cmpint (GPOINTER_TO_INT (seen->pdata[seen->len - 1]), ==, VNT_KEYGEN_PHASE_DONE);
  g_assert_cmpfloat (vnt_keygen_step_get_progress (procedure->keygen), ==, 1.0);

  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (procedure)), ==, "key-saved");
  g_assert_true (vnt_keygen_step_get_saved (procedure->keygen));
  g_assert_false (vnt_keygen_step_get_needs_key (procedure->keygen));
  g_assert_nonnull (vnt_keygen_step_get_key (procedure->keygen));
  g_assert_cmpuint (vnt_private_key_get_bits (vnt_keygen_step_get_key (procedure->keygen)), ==, 2048);

  /* 0600, SAT's format, opened by its password only. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  reopened = vnt_private_key_new_from_file (path, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_private_key_get_encryption (reopened), ==, "PBES2-3DES-CBC");
  g_assert_cmpuint (vnt_private_key_get_iterations (reopened), ==, 2048);
  g_assert_cmpstr (vnt_private_key_get_id (reopened), ==, vnt_keygen_step_get_key_id (procedure->keygen));
  g_clear_object (&reopened);
  reopened = vnt_private_key_new_from_file (path, "otraclave1", &error);
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_null (reopened);
  g_clear_error (&error);

  /* The record has the path, never the password. */
  record = vnt_procedure_get_record (VNT_PROCEDURE (procedure));
  g_assert_cmpstr (vnt_tramite_get_string (record, "idse_key/path"), ==, path);
  assert_nowhere (vnt_tramite_store_get_data_dir (fixture->store), PASSWORD);
}

static void
test_never_overwrites (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TestKeyProcedure) procedure = new_procedure (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "taken.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "someone else's", -1, NULL));
  g_assert_false (generate (procedure, path, PASSWORD, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "someone else's");
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (procedure)), ==, "key");
  g_assert_false (vnt_keygen_step_get_saved (procedure->keygen));
  g_assert_null (vnt_keygen_step_get_key (procedure->keygen));
  g_assert_false (vnt_procedure_get_busy (VNT_PROCEDURE (procedure)));
}

static void
test_bad_password (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TestKeyProcedure) procedure = new_procedure (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "short.key", NULL);
  g_autoptr(GError) error = NULL;

  /* Too short for SAT's programs: nothing is made. */
  g_assert_false (generate (procedure, path, "corta", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_false (vnt_keygen_step_check_password (PASSWORD, "Llave2026y", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (vnt_keygen_step_check_password (PASSWORD, PASSWORD, &error));
  g_assert_no_error (error);
}

static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TestKeyProcedure) procedure = new_procedure (fixture);
  g_autoptr(TestKeyProcedure) resumed = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "resume.key", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VntTramite) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VntPrivateKey) another = NULL;
  g_autofree char *id = NULL;

  g_assert_true (generate (procedure, path, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  id = g_strdup (vnt_keygen_step_get_key_id (procedure->keygen));

  /* The saved record, as a new run of the program reads it. */
  record = vnt_tramite_store_load (fixture->store,
                                   vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (procedure))),
                                   &error);
  g_assert_no_error (error);
  g_clear_object (&procedure);

  resumed = TEST_KEY_PROCEDURE (vnt_procedure_resume (TEST_TYPE_KEY_PROCEDURE, fixture->client, fixture->store,
                                                      record, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (resumed)), ==, "key-saved");
  g_assert_cmpstr (vnt_keygen_step_get_path (resumed->keygen), ==, path);
  g_assert_true (vnt_keygen_step_get_needs_key (resumed->keygen));
  g_assert_null (vnt_keygen_step_get_key (resumed->keygen));

  /* A wrong password says so; the right one opens the same key. */
  vnt_keygen_step_unlock_async (resumed->keygen, "Otra2026xx", NULL, result_cb, &result);
  g_assert_false (vnt_keygen_step_unlock_finish (resumed->keygen, wait_result (&result), &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_clear_object (&result);

  vnt_keygen_step_unlock_async (resumed->keygen, PASSWORD, NULL, result_cb, &result);
  g_assert_true (vnt_keygen_step_unlock_finish (resumed->keygen, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (vnt_keygen_step_get_needs_key (resumed->keygen));
  g_assert_cmpstr (vnt_private_key_get_id (vnt_keygen_step_get_key (resumed->keygen)), ==, id);

  /* Another key put in its place is refused. */
  vnt_keygen_step_forget_key (resumed->keygen);
  another = vnt_keygen_generate (VNT_KEYGEN_DEFAULT_BITS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (vnt_sat_key_save (another, path, PASSWORD, VNT_KEY_PROTECTION_SAT, NULL, &error));
  g_assert_no_error (error);
  vnt_keygen_step_unlock_async (resumed->keygen, PASSWORD, NULL, result_cb, &result);
  g_assert_false (vnt_keygen_step_unlock_finish (resumed->keygen, wait_result (&result), &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE);
  g_assert_true (vnt_keygen_step_get_needs_key (resumed->keygen));
}

static void
test_suggestions (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 12, 18, 9, 5, 7);
  g_autofree char *name = vnt_keygen_step_suggest_file_name ("IDSE", "IIA040805DZ4", now);
  g_autofree char *bare = vnt_keygen_step_suggest_file_name ("IDSE", NULL, now);

  g_assert_cmpstr (name, ==, "IDSE_IIA040805DZ4_20261218_090507.key");
  g_assert_cmpstr (bare, ==, "IDSE_20261218_090507.key");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  g_test_add_func ("/keygen-step/suggestions", test_suggestions);
  g_test_add ("/keygen-step/generate", Fixture, NULL, fixture_set_up, test_generate, fixture_tear_down);
  g_test_add ("/keygen-step/never-overwrites", Fixture, NULL, fixture_set_up, test_never_overwrites,
              fixture_tear_down);
  g_test_add ("/keygen-step/bad-password", Fixture, NULL, fixture_set_up, test_bad_password, fixture_tear_down);
  g_test_add ("/keygen-step/resume", Fixture, NULL, fixture_set_up, test_resume, fixture_tear_down);

  return g_test_run ();
}
