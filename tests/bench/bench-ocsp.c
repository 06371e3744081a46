/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `meson test --benchmark`: `efirma check --batch --ocsp` against a slow
 * responder.
 *
 * A loopback responder (vnt-test-ocsp-responder.h, "/cached") holds every
 * answer for 100 ms without holding up the others; `efirma check --batch`
 * checks 100 pairs of its PKI and asks it about each. One request at a time
 * would take 10 s; with VNT_OCSP_MAX_IN_FLIGHT in flight over kept
 * connections it should take a little over 100 / 8 × 0.1 s. The same again
 * against a plain responder that writes each answer's headers and body
 * apart, as Python's http.server does (on a kept connection the body then
 * waits for the client's ACK). Fails when the best of three runs against
 * either takes more than 2.5 s or an answer is not "good". */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "net/vnt-ocsp-client.h"
#include "vnt-test-ocsp-responder.h"
#include "vnt-test-utils.h"

#define PAIRS 100
#define DELAY_MS 100
#define RUNS 3
#define LIMIT_SECONDS 2.5

/* Runs efirma check --batch over @list; returns the wall-clock seconds and
 * counts the "good" answers. */
static double
run_batch (const char *list,
           const char *ca,
           const char *url,
           guint      *n_good)
{
  g_autofree char *ocsp = g_strconcat ("--ocsp=", url, NULL);
  const char *argv[] = {
    g_getenv ("EFIRMA"), "check", "--json", "--batch", list, "--ca", ca, ocsp, NULL,
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  gint64 start;
  double seconds;
  int status = 0;

  start = g_get_monotonic_time ();
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &out, &err, &status, &error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) && !g_spawn_check_wait_status (status, &error))
    {
      /* Exit 1 is fine (the PKI's keys are unencrypted: a warning, and
       * its CA is not SAT's); 2 is not. */
      if (!g_error_matches (error, G_SPAWN_EXIT_ERROR, 1))
        g_error ("efirma check failed: %s\n%s", error->message, err);
    }

  root = json_from_string (out, &error);
  g_assert_no_error (error);
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), ==, PAIRS);

  *n_good = 0;
  for (guint i = 0; i < PAIRS; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_strcmp0 (json_object_get_string_member (result, "revocation"), "good") == 0)
        (*n_good)++;
    }

  return seconds;
}

/* Best of RUNS against the responder at @url. */
static double
measure (const char *what,
         const char *list,
         const char *ca,
         const char *url)
{
  double best = G_MAXDOUBLE;

  g_print ("# efirma check --batch --ocsp: %d pairs, each answer held %d ms; %s\n", PAIRS, DELAY_MS, what);
  for (guint run = 0; run < RUNS; run++)
    {
      guint n_good = 0;
      double seconds;

      vnt_test_ocsp_responder_reset_stats ();
      seconds = run_batch (list, ca, url, &n_good);
      g_print ("%8.3f s  %u good, %u requests, at most %u in flight, %u connections\n",
               seconds, n_good, vnt_test_ocsp_responder_get_n_requests (),
               vnt_test_ocsp_responder_get_max_in_flight (),
               vnt_test_ocsp_responder_get_n_connections ());
      g_assert_cmpuint (n_good, ==, PAIRS);
      g_assert_cmpuint (vnt_test_ocsp_responder_get_n_requests (), ==, PAIRS);
      best = MIN (best, seconds);
    }
  g_print ("%8.3f s  best of %d (one request at a time: %.1f s; limit %.1f s)\n\n",
           best, RUNS, PAIRS * DELAY_MS / 1000.0, LIMIT_SECONDS);

  return best;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *url = NULL;
  g_autofree char *split_url = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *list = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  double worst;

  g_test_init (&argc, &argv, NULL);

  if (!vnt_test_ocsp_responder_start ())
    {
      g_print ("openssl is not installed: nothing to measure\n");
      return 77;
    }

  cer = vnt_test_ocsp_responder_file ("good.pem");
  key = vnt_test_ocsp_responder_file ("good.key");
  ca = vnt_test_ocsp_responder_file ("ca.pem");
  url = vnt_test_ocsp_responder_url ("/cached");
  split_url = vnt_test_ocsp_responder_split_url ();

  dir = g_dir_make_tmp ("bench-ocsp-XXXXXX", &error);
  g_assert_no_error (error);
  list = g_build_filename (dir, "pairs.tsv", NULL);
  for (guint i = 0; i < PAIRS; i++)
    g_string_append_printf (lines, "%s\t%s\n", cer, key);
  g_file_set_contents (list, lines->str, lines->len, &error);
  g_assert_no_error (error);

  vnt_test_ocsp_responder_set_delay (DELAY_MS);

  worst = MAX (measure ("libsoup server", list, ca, url),
               measure ("plain server, headers and body written apart", list, ca, split_url));

  g_unlink (list);
  g_rmdir (dir);
  vnt_test_ocsp_responder_stop ();

  if (worst > LIMIT_SECONDS)
    {
      g_printerr ("too slow: %.3f s > %.1f s\n", worst, LIMIT_SECONDS);
      return 1;
    }

  return 0;
}
