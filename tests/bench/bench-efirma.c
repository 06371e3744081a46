/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `meson test --benchmark`: how long an e.firma check takes.
 *
 * 1. In process, per SAT test pair: open (cer + key + password), check
 *    (dates, kind, chain, proof of possession) and sign a 1 KiB message.
 * 2. `efirma check --batch` over 200 pairs (the SAT pairs repeated) against
 *    plain-gnutls-check (argv[1]) doing the same work single-threaded: both
 *    on one core, and efirma on every core. Best of five, interleaved.
 *
 * Prints the numbers; asserts nothing about them (machines differ). */
#include "config.h"

#include <glib/gstdio.h>
#include <sched.h>
#include <sys/resource.h>

#include "crypto/vnt-crypto.h"
#include "vnt-test-utils.h"

#define ROUNDS 5
#define BATCH_PAIRS 200
#define REPEATS 5

static void
bench_pairs (JsonArray *pairs)
{
  g_autoptr(GBytes) message = NULL;
  guint8 data[1024];
  double total = 0;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = g_random_int_range (0, 256);
  message = g_bytes_new (data, sizeof data);

  g_print ("# open + check + sign, in process, mean of %d rounds\n", ROUNDS);
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autofree char *cer = vnt_test_sat_path (json_object_get_string_member (pair, "cer"));
      g_autofree char *key = vnt_test_sat_path (json_object_get_string_member (pair, "key"));
      const char *password = json_object_get_string_member (pair, "password");
      gint64 start = g_get_monotonic_time ();
      double ms;

      for (guint round = 0; round < ROUNDS; round++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VntCredential) credential = vnt_credential_new_from_files (cer, key, password, &error);
          g_autoptr(VntCheckReport) report = NULL;
          g_autofree char *signature = NULL;

          g_assert_no_error (error);
          report = vnt_check_credential (credential, NULL, NULL, TRUE);
          signature = vnt_credential_sign_pkcs1 (credential, message, &error);
          g_assert_no_error (error);
          g_assert_nonnull (report);
        }

      ms = (g_get_monotonic_time () - start) / 1000.0 / ROUNDS;
      total += ms;
      g_print ("%8.2f ms  %s\n", ms, json_object_get_string_member (pair, "cer"));
    }
  g_print ("%8.2f ms  mean per pair\n\n", total / json_array_get_length (pairs));
}

static void
pin_to_one_cpu (gpointer user_data)
{
  cpu_set_t allowed, one;

  /* The first processor this process may use. */
  if (sched_getaffinity (0, sizeof allowed, &allowed) != 0)
    return;
  CPU_ZERO (&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET (cpu, &allowed))
      {
        CPU_SET (cpu, &one);
        break;
      }
  sched_setaffinity (0, sizeof one, &one);
}

typedef struct {
  double wall;  /* seconds */
  double cpu;   /* user + system seconds of the child */
} Timing;

static double
children_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* One run; CPU time is reported too: on a busy machine it moves far less
 * than the wall clock. */
static Timing
time_command (const char * const *argv,
              gboolean            one_cpu)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Timing timing;
  gint64 start;
  double cpu_start;

  if (one_cpu)
    g_subprocess_launcher_set_child_setup (launcher, pin_to_one_cpu, NULL, NULL);

  cpu_start = children_cpu ();
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  /* 1: some pairs are invalid (expired, CSD), as expected. */
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), <=, 1);

  timing.wall = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  timing.cpu = children_cpu () - cpu_start;
  return timing;
}

static void
keep_best (Timing *best,
           Timing  run)
{
  best->wall = MIN (best->wall, run.wall);
  best->cpu = MIN (best->cpu, run.cpu);
}

static void
bench_batch (JsonArray  *pairs,
             const char *plain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-efirma-XXXXXX", &error);
  g_autofree char *list = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  const char *efirma = g_getenv ("EFIRMA");
  Timing plain_one, efirma_one, efirma_all;

  g_assert_no_error (error);
  g_assert_nonnull (efirma);

  password = g_build_filename (dir, "password", NULL);
  g_file_set_contents (password, json_object_get_string_member (vnt_test_sat_manifest (), "password_default"), -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < BATCH_PAIRS; i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i % json_array_get_length (pairs));
      g_autofree char *cer = vnt_test_sat_path (json_object_get_string_member (pair, "cer"));
      g_autofree char *key = vnt_test_sat_path (json_object_get_string_member (pair, "key"));

      g_string_append_printf (lines, "%s\t%s\tpassword\n", cer, key);
    }
  list = g_build_filename (dir, "pairs.tsv", NULL);
  g_file_set_contents (list, lines->str, -1, &error);
  g_assert_no_error (error);

  /* Interleaved, so that a burst of other work on the machine hits all
   * three alike; the best of each is kept. */
  plain_one = efirma_one = efirma_all = (Timing) { G_MAXDOUBLE, G_MAXDOUBLE };
  for (guint i = 0; i < REPEATS; i++)
    {
      keep_best (&plain_one, time_command ((const char * const[]) { plain, list, NULL }, TRUE));
      keep_best (&efirma_one, time_command ((const char * const[]) { efirma, "check", "--json", "--batch", list, NULL }, TRUE));
      keep_best (&efirma_all, time_command ((const char * const[]) { efirma, "check", "--json", "--batch", list, NULL }, FALSE));
    }

  g_print ("# %d pairs, best of %d: wall clock (CPU time)\n", BATCH_PAIRS, REPEATS);
  g_print ("%8.3f s (%.3f s)  plain GnuTLS program, single-threaded, 1 core\n", plain_one.wall, plain_one.cpu);
  g_print ("%8.3f s (%.3f s)  efirma check --batch, 1 core   wall %.2fx, CPU %.2fx plain\n",
           efirma_one.wall, efirma_one.cpu, efirma_one.wall / plain_one.wall, efirma_one.cpu / plain_one.cpu);
  g_print ("%8.3f s (%.3f s)  efirma check --batch, %u cores  wall %.2fx plain\n",
           efirma_all.wall, efirma_all.cpu, g_get_num_processors (), efirma_all.wall / plain_one.wall);

  g_unlink (list);
  g_unlink (password);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  JsonObject *manifest;
  JsonArray *pairs;

  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  if (argc < 2)
    {
      g_printerr ("usage: bench-efirma PLAIN-GNUTLS-CHECK\n");
      return 2;
    }

  manifest = vnt_test_sat_manifest ();
  if (manifest == NULL)
    {
      g_print ("SAT test set missing: nothing to measure\n");
      return 0;
    }
  pairs = json_object_get_array_member (manifest, "pairs");

  bench_pairs (pairs);
  bench_batch (pairs, argv[1]);

  return 0;
}
