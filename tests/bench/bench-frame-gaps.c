/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `meson test --benchmark`: does the main loop stall while an e.firma is
 * opened and checked?
 *
 * A real window under the X server shows "Revisar mi e.firma" (VntCheckPage)
 * with a spinner turning. ROUNDS times a fresh page is built, given a SAT
 * test pair and its password, and "Validar" is pressed: the key is decrypted
 * and a proof of possession signed (vnt_check_files_async) while the page's
 * own spinner turns. Meanwhile a 1 ms high-priority timeout records how long
 * the main loop went without dispatching it, and a tick callback records
 * the gaps between frames of the frame clock.
 *
 * The same is measured first with nothing but the spinner (the baseline).
 * Gaps are split into "checking" (from "Validar" until the report is back)
 * and "verdict" (building, laying out and drawing the result). Then the
 * wizard's e.firma step of an actualización ("signing"): its controller
 * opens the e.firma and signs the service's challenge against the practice
 * sandbox started in process, as the app does. Last, "Crear cuenta"
 * ("creating"): the e.firma opened, "Autenticar", the carta read and
 * signed, the trámite finalized and its acuse verified and kept. Then
 * the key page of "Solicitud del Certificado Digital" ("keygen"): a new
 * RSA key generated, encrypted in SAT's format and written while its
 * progress bar pulses. Last, the .pfx page of "Recuperación de
 * certificado" ("packing"): the practice IDSE certificate and its key
 * packed into a PKCS#12 (600,000 PBKDF2 rounds per bag) and written, as
 * a recovery, a renewal or a solicitud ends.
 *
 * Each gap also records how much CPU time the main thread itself used in
 * it: the run fails when, anywhere, the main thread ran for over STALL_MS
 * without returning to the loop, be it our work or GTK measuring, laying
 * out and drawing our widgets in a frame (a frame's worth is the bar); a
 * long gap in which it mostly waited for a core is the machine's load, and
 * is reported only. Each round of the check page builds a fresh page, so
 * that every verdict is the first the page shows, as a person sees it. Our
 * work is the same in every round, while GTK and the X server under a
 * loaded machine now and then take a slow turn of their own, and a virtual
 * machine's host may take the core away in the middle of a gap (steal
 * time, which the thread's clock still counts): a round that stalls is run
 * once more, and only a stall that comes back counts. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "controllers/procedures/create-account/vnt-create-account-controller.h"
#include "controllers/procedures/idse-recover/vnt-idse-recover-controller.h"
#include "controllers/procedures/idse-request/vnt-idse-request-controller.h"
#include "controllers/vnt-practice-idse.h"
#include "controllers/vnt-practice.h"
#include "controllers/procedures/update-efirma/vnt-update-efirma-controller.h"
#include "ui/pages/vnt-key-page.h"
#include "ui/pages/vnt-pfx-page.h"
#include "ui/vnt-check-page.h"
#include "ui/vnt-ui.h"
#include "vnt-test-utils.h"
#include "vnt-test-procedures.h"

#define ROUNDS 20
/* Each "Crear cuenta" round needs a service of its own, new to the CURP. */
#define CREATE_ROUNDS 8
/* Each key takes a fraction of a second to a few seconds. */
#define KEYGEN_ROUNDS 6
/* Each packing takes seconds of key derivation in its worker. */
#define PACK_ROUNDS 4
#define STALL_MS 16
/* A frame clock at 60 Hz ticks every 16.7 ms: a frame is missed past two. */
#define MISSED_FRAME_MS 33
#define BASELINE_MS 2000
#define SKIP_EXIT 77

/* CPU time of the calling (main) thread: a gap in which the main thread
 * itself ran for STALL_MS is our work; a long gap with little of it is the
 * thread waiting for a core that others (the workers, the practice
 * sandbox, other programs) were using. */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* The gaps of one phase: the baseline, checking (from "Validar" until the
 * report is back: the key opened and the proof signed in a worker), and
 * showing the verdict. */
typedef struct
{
  GArray  *loop_gaps;   /* gint64, µs between dispatches of the 1 ms tick */
  GArray  *busy_gaps;   /* gint64, µs of main-thread CPU time in each of them */
  GArray  *work_gaps;   /* gint64, the same less GTK's own frames in them */
  GArray  *frame_gaps;  /* gint64, µs between frame clock updates */
} Phase;

typedef struct
{
  Phase   *phase;       /* NULL: not recording */
  Phase   *next;        /* the phase once the report is back */
  gint64   last_tick;
  gint64   last_cpu;
  gint64   frame_started;  /* main-thread CPU time when the frame began */
  gint64   frame_cpu;      /* main-thread CPU time in frames since last_tick */
  gint64   last_frame;
} Recorder;

static void
phase_init (Phase *phase)
{
  phase->loop_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  phase->busy_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  phase->work_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  phase->frame_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
phase_clear (Phase *phase)
{
  g_array_unref (phase->loop_gaps);
  g_array_unref (phase->busy_gaps);
  g_array_unref (phase->work_gaps);
  g_array_unref (phase->frame_gaps);
}

/* Gaps are counted from the moment a phase starts. */
static void
recorder_enter (Recorder *recorder,
                Phase    *phase)
{
  gint64 now = g_get_monotonic_time ();

  recorder->phase = phase;
  recorder->last_tick = now;
  recorder->last_cpu = thread_cpu_time ();
  recorder->frame_cpu = 0;
  recorder->last_frame = now;
}

static gboolean
loop_tick_cb (gpointer user_data)
{
  Recorder *recorder = user_data;
  gint64 now = g_get_monotonic_time ();

  gint64 cpu = thread_cpu_time ();

  if (recorder->phase != NULL)
    {
      gint64 gap = now - recorder->last_tick;
      gint64 busy = cpu - recorder->last_cpu;
      gint64 work = busy - recorder->frame_cpu;

      g_array_append_val (recorder->phase->loop_gaps, gap);
      g_array_append_val (recorder->phase->busy_gaps, busy);
      g_array_append_val (recorder->phase->work_gaps, work);
    }
  recorder->last_tick = now;
  recorder->last_cpu = cpu;
  recorder->frame_cpu = 0;

  return G_SOURCE_CONTINUE;
}

static gboolean
frame_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  Recorder *recorder = user_data;
  gint64 now = g_get_monotonic_time ();

  if (recorder->phase != NULL)
    {
      gint64 gap = now - recorder->last_frame;
      g_array_append_val (recorder->phase->frame_gaps, gap);
    }
  recorder->last_frame = now;

  return G_SOURCE_CONTINUE;
}


/* A frame (tick callbacks, layout, drawing) runs within one dispatch of
 * the main loop, so it never straddles a 1 ms tick: its time is taken out
 * of the gap it falls in, to tell our work from GTK's own drawing. */
static void
frame_begin_cb (GdkFrameClock *clock,
                Recorder      *recorder)
{
  recorder->frame_started = thread_cpu_time ();
}

static void
frame_end_cb (GdkFrameClock *clock,
              Recorder      *recorder)
{
  recorder->frame_cpu += thread_cpu_time () - recorder->frame_started;
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  guint  n;
  double max_ms;
  double p99_ms;
  double p50_ms;
  guint  over_stall;
  guint  limit_ms;
} Summary;

static Summary
summarize (GArray *gaps,
           guint   limit_ms)
{
  Summary summary = { 0 };

  summary.n = gaps->len;
  summary.limit_ms = limit_ms;
  if (gaps->len == 0)
    return summary;

  g_array_sort (gaps, compare_gaps);
  summary.max_ms = g_array_index (gaps, gint64, gaps->len - 1) / 1000.0;
  summary.p99_ms = g_array_index (gaps, gint64, (gaps->len - 1) * 99 / 100) / 1000.0;
  summary.p50_ms = g_array_index (gaps, gint64, (gaps->len - 1) / 2) / 1000.0;
  for (guint i = 0; i < gaps->len; i++)
    if (g_array_index (gaps, gint64, i) > limit_ms * 1000)
      summary.over_stall++;

  return summary;
}

static void
print_summary (const char    *phase,
               const char    *what,
               const Summary *summary)
{
  g_print ("# %-9s %-12s n=%-5u max %6.2f ms  p99 %6.2f ms  p50 %6.2f ms  over %u ms: %u\n",
           phase, what, summary->n, summary->max_ms, summary->p99_ms, summary->p50_ms,
           summary->limit_ms, summary->over_stall);
}

static void
print_phase (const char *name,
             Phase      *phase)
{
  Summary loop = summarize (phase->loop_gaps, STALL_MS);
  Summary busy = summarize (phase->busy_gaps, STALL_MS);
  Summary work = summarize (phase->work_gaps, STALL_MS);
  Summary frames = summarize (phase->frame_gaps, MISSED_FRAME_MS);

  print_summary (name, "main loop", &loop);
  print_summary (name, "main thread", &busy);
  print_summary (name, "our work", &work);
  print_summary (name, "frame clock", &frames);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_password_row (GtkWidget *widget)
{
  if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_password_row (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
report_cb (VntCheckPage *page,
           GParamSpec   *pspec,
           Recorder     *recorder)
{
  if (vnt_check_page_get_report (page) != NULL && recorder->phase != recorder->next)
    {
      /* The gap that ends here was the worker's time: keep it. */
      if (recorder->phase != NULL)
        loop_tick_cb (recorder);
      recorder_enter (recorder, recorder->next);
    }
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_async (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Whether the main thread itself ran (our work or GTK's frames) for more
 * than STALL_MS without coming back to the main loop since gap @first;
 * says so with @what. */
static gboolean
gaps_over (Phase      *phase,
           guint       first,
           const char *what)
{
  gint64 worst = 0;

  for (guint i = first; i < phase->busy_gaps->len; i++)
    worst = MAX (worst, g_array_index (phase->busy_gaps, gint64, i));
  if (worst <= STALL_MS * 1000)
    return FALSE;

  g_print ("# %s: the main thread was busy for %.2f ms at once\n", what, worst / 1000.0);
  return TRUE;
}

/* The persona física whose practice e.firma the wizard rounds use, and
 * what trusts it: the practice service's own practice CA. */
typedef struct
{
  const char    *curp;
  const char    *rfc;
  char          *cer;
  char          *key;
  const char    *password;
  VntTrustStore *trust;
} Holder;

/* The practice e.firma without an account that @practice made in @dir. */
static GPtrArray *
practice_holder (VntPractice *practice,
                 const char  *dir,
                 Holder      *holder)
{
  GPtrArray *efirmas = vnt_practice_list_efirmas (dir);
  VntPracticeEfirma *efirma = vnt_practice_efirmas_find (efirmas, VNT_PRACTICE_KIND_FISICA,
                                                         VNT_PRACTICE_ACCOUNT_NONE);

  g_assert_nonnull (efirma);
  holder->curp = efirma->curp;
  holder->rfc = efirma->rfc;
  holder->cer = g_strdup (efirma->cer_path);
  holder->key = g_strdup (efirma->key_path);
  holder->password = efirma->password;
  holder->trust = vnt_practice_get_trust_store (practice);
  return efirmas;
}

/* The wizard's e.firma step of an actualización, in practice mode: the
 * controller opens the e.firma ("Validar") and then signs the service's
 * challenge ("Firmar") against the in-process practice sandbox. */
static gboolean
sign_once (guint             round,
           VntServiceClient *client,
           VntTramiteStore  *store,
           const Holder     *holder,
           Recorder         *recorder,
           Phase            *signing)
{
  g_autoptr(VntUpdateEfirmaController) controller = vnt_update_efirma_controller_new (client, store);
  g_autoptr(GAsyncResult) validated = NULL;
  g_autoptr(GAsyncResult) signed_result = NULL;
  g_autoptr(GError) error = NULL;
  guint first_gap = signing->busy_gaps->len;
  VntUpdateOutcome outcome;

  vnt_procedure_set_practice (VNT_PROCEDURE (controller), TRUE);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (controller), holder->trust);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (controller)), holder->curp, &error));
  g_assert_no_error (error);

  recorder_enter (recorder, signing);
  vnt_efirma_step_validate_async (EFIRMA (VNT_PROCEDURE (controller)), holder->rfc, holder->cer, holder->key,
                                holder->password, NULL,
                                async_done_cb, &validated);
  g_assert_true (vnt_efirma_step_validate_finish (EFIRMA (VNT_PROCEDURE (controller)),
                                                wait_async (&validated), &error));
  g_assert_no_error (error);
  vnt_update_efirma_controller_sign_async (controller, NULL, async_done_cb, &signed_result);
  outcome = vnt_update_efirma_controller_sign_finish (controller, wait_async (&signed_result),
                                                     &error);
  recorder_enter (recorder, NULL);

  /* No account in a fresh sandbox: the service still checked the signed
   * challenge, and said so. */
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, VNT_UPDATE_OUTCOME_NO_ACCOUNT);

  {
    g_autofree char *what = g_strdup_printf ("wizard round %u", round + 1);
    return gaps_over (signing, first_gap, what);
  }
}

/* "Crear cuenta" from the CURP to the acuse against a practice service
 * started for it in @dir; only the procedure itself is recorded. */
static gboolean
create_once (guint         round,
             const char   *dir,
             Recorder     *recorder,
             Phase        *creating)
{
  static guint services;
  g_autofree char *service_dir = g_strdup_printf ("%s/create-%u", dir, services++);
  g_autofree char *store_dir = g_build_filename (service_dir, "store", NULL);
  g_autoptr(VntPractice) practice = vnt_practice_new (service_dir);
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(VntTramiteStore) store = NULL;
  g_autoptr(VntCreateAccountController) controller = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) validated = NULL;
  g_autoptr(GAsyncResult) authenticated = NULL;
  g_autoptr(GAsyncResult) terms_result = NULL;
  g_autoptr(GAsyncResult) finalized = NULL;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;
  guint first_gap = creating->busy_gaps->len;
  g_autoptr(GPtrArray) efirmas = NULL;
  Holder own = { NULL, };
  const Holder *holder = &own;
  VntProcedure *procedure;

  vnt_practice_start_async (practice, NULL, async_done_cb, &started);
  g_assert_true (vnt_practice_start_finish (practice, wait_async (&started), &error));
  /* Its own practice e.firmas, made on this first start. */
  efirmas = practice_holder (practice, service_dir, &own);
  client = vnt_practice_create_client (practice, &error);
  g_assert_no_error (error);
  store = vnt_tramite_store_new (store_dir);
  controller = vnt_create_account_controller_new (client, store);
  procedure = VNT_PROCEDURE (controller);
  vnt_procedure_set_practice (procedure, TRUE);
  vnt_procedure_set_trust_store (procedure, holder->trust);

  recorder_enter (recorder, creating);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), holder->curp, &error));
  vnt_efirma_step_validate_async (EFIRMA (procedure), holder->rfc, holder->cer, holder->key, holder->password, NULL,
                                async_done_cb, &validated);
  g_assert_true (vnt_efirma_step_validate_finish (EFIRMA (procedure), wait_async (&validated), &error));
  g_assert_true (vnt_create_account_controller_set_email (controller, "practica@example.mx", &error));
  vnt_create_account_controller_authenticate_async (controller, NULL, async_done_cb, &authenticated);
  g_assert_true (vnt_create_account_controller_authenticate_finish (controller, wait_async (&authenticated),
                                                                    &error));
  vnt_tramite_flow_fetch_terms_async (FLOW (procedure), NULL, async_done_cb, &terms_result);
  terms = vnt_tramite_flow_fetch_terms_finish (FLOW (procedure), wait_async (&terms_result), &error);
  g_assert_no_error (error);
  vnt_tramite_flow_finalize_async (FLOW (procedure), NULL, async_done_cb, &finalized);
  acuse = vnt_tramite_flow_finalize_finish (FLOW (procedure), wait_async (&finalized), &error);
  recorder_enter (recorder, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (acuse);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_DONE);

  vnt_practice_stop (practice);
  g_free (own.cer);
  g_free (own.key);

  {
    g_autofree char *what = g_strdup_printf ("Crear cuenta round %u", round + 1);
    return gaps_over (creating, first_gap, what);
  }
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The key page as a person uses it: where, the password twice, "Generar
 * llave"; only the generation itself is recorded. */
static gboolean
keygen_once (guint             round,
             GtkWidget        *box,
             VntServiceClient *client,
             VntTramiteStore  *store,
             const char       *dir,
             Recorder         *recorder,
             Phase            *keygen)
{
  g_autoptr(VntIdseRequestController) controller = vnt_idse_request_controller_new (client, store);
  g_autofree char *path = g_strdup_printf ("%s/bench-%u-%u.key", dir, round, keygen->busy_gaps->len);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) applied = NULL;
  g_autoptr(GError) error = NULL;
  guint first_gap = keygen->busy_gaps->len;
  VntPage *page;
  GtkWidget *row;

  /* Straight to the key, as after the e.firma. */
  vnt_procedure_set_step (VNT_PROCEDURE (controller), VNT_IDSE_STEP_KEY);
  page = vnt_key_page_new (VNT_PROCEDURE (controller), FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page));
  vnt_page_shown (page);
  vnt_key_page_set_file (VNT_KEY_PAGE (page), file);
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), VNT_TYPE_KEY_PAGE, "password_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "LlaveBench2026");
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), VNT_TYPE_KEY_PAGE, "confirm_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "LlaveBench2026");
  spin_for (100);

  recorder_enter (recorder, keygen);
  vnt_page_apply_async (page, NULL, apply_done_cb, &applied);
  g_assert_true (vnt_page_apply_finish (page, wait_async (&applied), &error));
  recorder_enter (recorder, NULL);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  spin_for (100);
  gtk_box_remove (GTK_BOX (box), GTK_WIDGET (page));

  {
    g_autofree char *what = g_strdup_printf ("key generation round %u", round + 1);
    return gaps_over (keygen, first_gap, what);
  }
}

/* The .pfx page of a recovery as a person uses it: where, the IDSE
 * contraseña twice, "Guardar .pfx"; only the packing and writing is
 * recorded. */
static gboolean
pack_once (guint             round,
           GtkWidget        *box,
           VntServiceClient *client,
           VntTramiteStore  *store,
           const char       *dir,
           VntCertificate   *certificate,
           VntPrivateKey    *key,
           const char       *password,
           Recorder         *recorder,
           Phase            *packing)
{
  g_autoptr(VntIdseRecoverController) controller = vnt_idse_recover_controller_new (client, store);
  g_autofree char *path = g_strdup_printf ("%s/bench-%u-%u.pfx", dir, round, packing->busy_gaps->len);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) applied = NULL;
  g_autoptr(GError) error = NULL;
  guint first_gap = packing->busy_gaps->len;
  VntPage *page;

  /* Straight to the .pfx, as after the key was checked. */
  g_assert_true (vnt_pfx_step_set_contents (vnt_has_pfx_get_pfx_step (VNT_HAS_PFX (controller)),
                                            certificate, key, &error));
  vnt_procedure_set_step (VNT_PROCEDURE (controller), VNT_IDSE_RECOVER_STEP_PFX);
  page = vnt_pfx_page_new (VNT_PROCEDURE (controller), "");
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page));
  vnt_page_shown (page);
  vnt_pfx_page_set_file (VNT_PFX_PAGE (page), file);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_password_row (VNT_PFX_PAGE (page))), password);
  gtk_editable_set_text (GTK_EDITABLE (vnt_pfx_page_get_confirm_row (VNT_PFX_PAGE (page))), password);
  spin_for (100);

  recorder_enter (recorder, packing);
  vnt_page_apply_async (page, NULL, apply_done_cb, &applied);
  g_assert_true (vnt_page_apply_finish (page, wait_async (&applied), &error));
  recorder_enter (recorder, NULL);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  spin_for (100);
  gtk_box_remove (GTK_BOX (box), GTK_WIDGET (page));

  {
    g_autofree char *what = g_strdup_printf ("packing round %u", round + 1);
    return gaps_over (packing, first_gap, what);
  }
}

/* One round as a person does it: a fresh page shown, files and password
 * given, "Validar" pressed, and the main loop runs until the verdict is on
 * screen; the page is gone after it. Building the page is not judged (the
 * app builds it with its window, before the window is shown), only its
 * main-thread time kept in @build_ms. */
static gboolean
check_once (guint       round,
            GtkWidget  *box,
            GFile      *cer,
            GFile      *key,
            const char *password,
            Recorder   *recorder,
            Phase      *checking,
            Phase      *verdict,
            double     *build_ms)
{
  GtkWidget *page;
  GtkWidget *password_row;
  guint first_gap = checking->busy_gaps->len;
  guint first_verdict_gap = verdict->busy_gaps->len;
  g_autofree char *what = g_strdup_printf ("VntCheckPage round %u", round + 1);
  gint64 started;
  gboolean stalled;
  gulong handler;

  recorder_enter (recorder, NULL);
  started = thread_cpu_time ();
  page = vnt_check_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  spin_for (200);
  *build_ms = MAX (*build_ms, (thread_cpu_time () - started) / 1000.0);

  /* The files chosen and the password typed count with the checking. */
  recorder_enter (recorder, checking);
  password_row = find_password_row (page);
  g_assert_nonnull (password_row);
  vnt_check_page_set_files (VNT_CHECK_PAGE (page), cer, key);
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  spin_for (50);

  /* Checking ends when the report is back: what follows is building,
   * laying out and drawing the verdict and the certificate's details. */
  recorder->next = verdict;
  handler = g_signal_connect (page, "notify::report", G_CALLBACK (report_cb), recorder);
  g_assert_true (gtk_widget_activate_action (page, "check.validate", NULL));
  while (vnt_check_page_get_busy (VNT_CHECK_PAGE (page))
         || vnt_check_page_get_report (VNT_CHECK_PAGE (page)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (page, handler);
  g_assert_true (recorder->phase == verdict);
  g_assert_true (vnt_check_report_is_valid (vnt_check_page_get_report (VNT_CHECK_PAGE (page))));
  spin_for (100);
  recorder_enter (recorder, NULL);

  stalled = gaps_over (checking, first_gap, what);
  stalled = gaps_over (verdict, first_verdict_gap, what) || stalled;
  gtk_box_remove (GTK_BOX (box), page);

  return stalled;
}

int
main (int    argc,
      char **argv)
{
  JsonObject *manifest;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  const char *password = NULL;
  Recorder recorder = { 0 };
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *spinner;
  double build_ms = 0;
  g_autoptr(GFile) cer_file = NULL;
  g_autoptr(GFile) key_file = NULL;
  JsonArray *pairs;
  Phase baseline, checking, verdict, signing, creating, keygen, packing;
  g_autofree char *data_dir = NULL;
  g_autofree char *store_dir = NULL;
  g_autoptr(VntPractice) practice = NULL;
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(VntTramiteStore) store = NULL;
  g_autoptr(GAsyncResult) started_result = NULL;
  Holder holder = { NULL, };
  g_autoptr(GPtrArray) practice_efirmas = NULL;
  guint stalled_signing = 0;
  guint stalled_creating = 0;
  guint stalled_keygen = 0;
  guint stalled_packing = 0;
  guint tick_id;
  gint64 started;
  gboolean failed = FALSE;
  guint stalled_rounds = 0;

  setlocale (LC_ALL, "");
  /* Without the shipped practice e.firmas, a new practice service has no
   * accounts: the actualización finds none, and "Crear cuenta" makes one. */
  g_unsetenv ("VENTANILLA_DATADIR");
  /* Under Xvfb, GL means software rendering, which alone takes tens of
   * milliseconds a frame: measure our work, not llvmpipe. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!gtk_init_check ())
    {
      g_print ("# SKIP no display; run under xvfb-run\n");
      return SKIP_EXIT;
    }
  adw_init ();
  vnt_ui_init ();
  /* A turning spinner needs animations, whatever the environment says. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);

  /* An e.firma valid today, so that the verdict is "ready". */
  manifest = vnt_test_sat_manifest ();
  pairs = json_object_get_array_member (manifest, "pairs");
  for (guint i = 0; i < json_array_get_length (pairs) && cer == NULL; i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d %H:%M:%S UTC");

      if (g_strcmp0 (json_object_get_string_member (pair, "type"), "FIEL") != 0
          || g_strcmp0 (json_object_get_string_member (pair, "not_before"), today) > 0
          || g_strcmp0 (json_object_get_string_member (pair, "not_after"), today) <= 0)
        continue;
      cer = vnt_test_sat_path (json_object_get_string_member (pair, "cer"));
      key = vnt_test_sat_path (json_object_get_string_member (pair, "key"));
      password = json_object_get_string_member (pair, "password");
    }
  g_assert_nonnull (cer);

  phase_init (&baseline);
  phase_init (&checking);
  phase_init (&verdict);
  phase_init (&signing);
  phase_init (&creating);
  phase_init (&keygen);
  phase_init (&packing);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (box), spinner);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  spin_for (200);

  gtk_widget_add_tick_callback (window, frame_tick_cb, &recorder, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "before-paint",
                    G_CALLBACK (frame_begin_cb), &recorder);
  g_signal_connect_after (gtk_widget_get_frame_clock (window), "after-paint",
                          G_CALLBACK (frame_end_cb), &recorder);
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, loop_tick_cb, &recorder, NULL);

  /* Baseline: the spinner alone. */
  recorder_enter (&recorder, &baseline);
  spin_for (BASELINE_MS);
  recorder_enter (&recorder, NULL);

  /* ROUNDS checks, each on a page of its own. */
  cer_file = g_file_new_for_path (cer);
  key_file = g_file_new_for_path (key);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < ROUNDS; i++)
    if (check_once (i, box, cer_file, key_file, password, &recorder, &checking, &verdict,
                    &build_ms) &&
        check_once (i, box, cer_file, key_file, password, &recorder, &checking, &verdict,
                    &build_ms))
      stalled_rounds++;
  g_print ("# %d rounds of a page shown, open + check + proof signature + verdict in %.2f s\n",
           ROUNDS, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_print ("# VntCheckPage built and laid out in up to %.1f ms of the main thread "
           "(once per window, before it is shown; not judged)\n", build_ms);
  spin_for (200);
  /* The wizard: the practice sandbox, started in process as the app does. */
  data_dir = g_dir_make_tmp ("bench-frame-gaps-XXXXXX", NULL);
  g_assert_nonnull (data_dir);
  practice = vnt_practice_new (data_dir);
  vnt_practice_start_async (practice, NULL, async_done_cb, &started_result);
  g_assert_true (vnt_practice_start_finish (practice, wait_async (&started_result), NULL));
  client = vnt_practice_create_client (practice, NULL);
  g_assert_nonnull (client);
  /* For the wizard, a persona física: a practice e.firma, current. */
  practice_efirmas = practice_holder (practice, data_dir, &holder);
  store_dir = g_build_filename (data_dir, "store", NULL);
  store = vnt_tramite_store_new (store_dir);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < ROUNDS; i++)
    if (sign_once (i, client, store, &holder, &recorder, &signing) &&
        sign_once (i, client, store, &holder, &recorder, &signing))
      stalled_signing++;
  g_print ("# %d rounds of the wizard's e.firma step (open, check, sign the challenge, "
           "the practice service's answer) in %.2f s\n",
           ROUNDS, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  vnt_practice_stop (practice);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < CREATE_ROUNDS; i++)
    if (create_once (i, data_dir, &recorder, &creating) &&
        create_once (i, data_dir, &recorder, &creating))
      stalled_creating++;
  g_print ("# %d rounds of \"Crear cuenta\" (open, authenticate, sign the carta, finalize, "
           "keep the acuse), each with a new practice service, in %.2f s\n",
           CREATE_ROUNDS, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  started = g_get_monotonic_time ();
  for (guint i = 0; i < KEYGEN_ROUNDS; i++)
    if (keygen_once (i, box, client, store, data_dir, &recorder, &keygen) &&
        keygen_once (i, box, client, store, data_dir, &recorder, &keygen))
      stalled_keygen++;
  g_print ("# %d rounds of the key page (a 2048-bit key generated, encrypted in SAT's format, "
           "written) in %.2f s\n", KEYGEN_ROUNDS, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  /* The practice IDSE certificate to recover, made when the practice
   * service first started in data_dir. */
  {
    g_autoptr(VntPracticeIdse) idse = vnt_practice_idse_get (data_dir, VNT_PRACTICE_IDSE_TO_RECOVER);
    g_autoptr(VntCertificate) idse_certificate = NULL;
    g_autoptr(VntPrivateKey) idse_key = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (idse);
    idse_certificate = vnt_certificate_new_from_file (idse->cer_path, &error);
    g_assert_no_error (error);
    idse_key = vnt_private_key_new_from_file (idse->key_path, idse->password, &error);
    g_assert_no_error (error);
    started = g_get_monotonic_time ();
    for (guint i = 0; i < PACK_ROUNDS; i++)
      if (pack_once (i, box, client, store, data_dir, idse_certificate, idse_key, idse->password,
                     &recorder, &packing) &&
          pack_once (i, box, client, store, data_dir, idse_certificate, idse_key, idse->password,
                     &recorder, &packing))
        stalled_packing++;
    g_print ("# %d rounds of the .pfx page (an IDSE certificate and its key packed into a PKCS#12, "
             "written) in %.2f s\n", PACK_ROUNDS, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  }
  g_source_remove (tick_id);

  print_phase ("baseline", &baseline);
  print_phase ("checking", &checking);
  print_phase ("verdict", &verdict);
  print_phase ("signing", &signing);
  print_phase ("creating", &creating);
  print_phase ("keygen", &keygen);
  print_phase ("packing", &packing);

  /* "main loop" is the wall time between dispatches; "main thread" the CPU
   * time the main thread itself spent in each of those gaps, and "our
   * work" that time less GTK's frames (layout, drawing) in them. A stall is
   * the main thread running for over STALL_MS at once, frames included,
   * and fails the run. Long wall gaps with an idle main thread are two
   * shared cores busy elsewhere (the workers, the practice sandbox, other
   * programs), and long frame clock gaps are Xvfb waiting on them, as in
   * the baseline: reported only. */
  g_print ("# rounds with the main thread busy over %d ms at once, twice: "
           "checking or verdict %u of %d, wizard's e.firma step %u of %d, Crear cuenta %u of %d\n",
           STALL_MS, stalled_rounds, ROUNDS, stalled_signing, ROUNDS, stalled_creating, CREATE_ROUNDS);
  if (stalled_rounds > 0)
    {
      g_print ("# FAIL: the main loop stalls while the e.firma is opened and signed, or its verdict shown\n");
      failed = TRUE;
    }
  if (stalled_signing > 0)
    {
      g_print ("# FAIL: the main loop stalls while the wizard opens and signs with the e.firma\n");
      failed = TRUE;
    }
  if (stalled_keygen > 0)
    {
      g_print ("# FAIL: the main loop stalls while a key is generated (%u of %d rounds)\n",
               stalled_keygen, KEYGEN_ROUNDS);
      failed = TRUE;
    }
  if (stalled_packing > 0)
    {
      g_print ("# FAIL: the main loop stalls while a .pfx is packed (%u of %d rounds)\n",
               stalled_packing, PACK_ROUNDS);
      failed = TRUE;
    }
  if (stalled_creating > 0)
    {
      g_print ("# FAIL: the main loop stalls while \"Crear cuenta\" opens and signs with the e.firma\n");
      failed = TRUE;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  phase_clear (&baseline);
  phase_clear (&checking);
  phase_clear (&verdict);
  phase_clear (&signing);
  phase_clear (&creating);
  phase_clear (&keygen);
  phase_clear (&packing);
  vnt_test_remove_tree (data_dir);
  g_free (holder.cer);
  g_free (holder.key);

  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
