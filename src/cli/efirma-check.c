/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "efirma-common.h"
#include "net/vnt-ocsp-client.h"

typedef struct {
  gboolean json;
  char *cer;
  char *key;
  char *batch;
  char **ca_files;
  char *now_text;
  EfirmaPasswordSource password_source;
  /* --ocsp[=URL]: ask the responder (NULL: SAT's) whether it was revoked. */
  EfirmaOcspOption ocsp;

  /* Shared read-only by the worker threads. */
  VntTrustStore *trust;
  GDateTime *now;
} Check;

typedef struct {
  /* Input */
  char *cer;
  char *key;
  char *password_file;  /* --batch */
  VntSecret *password;  /* single pair */
  /* Result: a failure before the check (the password file), then the
   * report. */
  GError *error;
  VntCheckReport *report;
  VntOcspResult *revocation;  /* NULL: not checked */
} Job;

static void
job_free (Job *job)
{
  g_free (job->cer);
  g_free (job->key);
  g_free (job->password_file);
  vnt_secret_free (job->password);
  g_clear_error (&job->error);
  g_clear_object (&job->report);
  g_clear_object (&job->revocation);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
run_checks (Job   *job,
            Check *self)
{
  g_autoptr(VntSecret) from_file = NULL;
  const char *password = job->password;

  if (job->password_file != NULL)
    {
      from_file = efirma_password_read_file (job->password_file, &job->error);
      if (from_file == NULL)
        return;
      password = from_file;
    }

  if (!efirma_check_input_file (job->cer, &job->error) ||
      !efirma_check_input_file (job->key, &job->error))
    return;

  /* NULL --now is the current time. */
  job->report = vnt_check_files_at (job->cer, job->key, password, self->trust, self->now, TRUE, NULL);
}

static void
run_job (Job   *job,
         Check *self)
{
  run_checks (job, self);
}

/* The certificate of a pair, without its key or password: from the check
 * once it ran, else (@checked FALSE: the check may be running in another
 * thread) read from the file, NULL for a .pfx. */
static VntCertificate *
job_read_certificate (Job      *job,
                      gboolean  checked)
{
  if (checked)
    {
      VntCertificate *certificate = job->report != NULL ? vnt_check_report_get_certificate (job->report) : NULL;

      return certificate != NULL ? g_object_ref (certificate) : NULL;
    }

  if (!efirma_check_input_file (job->cer, NULL))
    return NULL;

  return vnt_certificate_new_from_file (job->cer, NULL);
}

/* Every pair not yet asked about whose certificate can be read, all at
 * once: up to VNT_OCSP_MAX_IN_FLIGHT requests in flight over kept
 * connections. */
static void
check_revocations (Check     *self,
                   GPtrArray *jobs,
                   gboolean   checked)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new ();
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;

  if (!self->ocsp.asked)
    return;

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);
      VntCertificate *certificate;

      if (job->revocation != NULL || (certificate = job_read_certificate (job, checked)) == NULL)
        continue;

      g_ptr_array_add (asked, job);
      g_ptr_array_add (certificates, certificate);
    }

  if (asked->len == 0)
    return;

  results = efirma_check_revocations (self->trust, self->ocsp.url, certificates);
  for (guint i = 0; i < asked->len; i++)
    {
      Job *job = g_ptr_array_index (asked, i);

      job->revocation = g_object_ref (g_ptr_array_index (results, i));
    }
}

static void
run_job_in_pool (gpointer data,
                 gpointer user_data)
{
  run_job (data, user_data);
}

static gboolean
job_is_revoked (Job *job)
{
  return job->revocation != NULL &&
         vnt_ocsp_result_get_status (job->revocation) == VNT_OCSP_STATUS_REVOKED;
}

static gboolean
job_is_valid (Job *job)
{
  return job->error == NULL && job->report != NULL && vnt_check_report_is_valid (job->report) &&
         !job_is_revoked (job);
}

static gboolean
job_has_io_error (Job *job)
{
  return efirma_error_is_io (job->error) ||
         (job->report != NULL && vnt_check_report_has_problem (job->report, "unreadable-file"));
}

static VntCertificate *
job_get_certificate (Job *job)
{
  return job->report != NULL ? vnt_check_report_get_certificate (job->report) : NULL;
}

/* Every problem, errors first, as (code, message, severity). */
static GPtrArray *
job_get_problems (Job *job)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_problem_free);

  if (job->error != NULL)
    g_ptr_array_add (problems, vnt_problem_new (efirma_error_code (job->error),
                                                VNT_PROBLEM_SEVERITY_ERROR, job->error->message));

  if (job->report != NULL)
    {
      GPtrArray *found = vnt_check_report_get_problems (job->report);

      for (guint i = 0; i < found->len; i++)
        {
          const VntProblem *problem = g_ptr_array_index (found, i);

          /* One entry per code, as the report itself does. */
          if (job->error != NULL && g_str_equal (problem->code, efirma_error_code (job->error)))
            continue;
          g_ptr_array_add (problems, vnt_problem_new (problem->code, problem->severity, problem->message));
        }
    }

  if (job->revocation != NULL)
    {
      const char *message = vnt_ocsp_result_get_message (job->revocation);

      switch (vnt_ocsp_result_get_status (job->revocation))
        {
        case VNT_OCSP_STATUS_REVOKED:
          /* An error: first, with the others. */
          g_ptr_array_insert (problems, 0, vnt_problem_new ("revoked", VNT_PROBLEM_SEVERITY_ERROR, message));
          break;
        case VNT_OCSP_STATUS_UNKNOWN:
          g_ptr_array_add (problems, vnt_problem_new ("revocation-unknown", VNT_PROBLEM_SEVERITY_WARNING, message));
          break;
        case VNT_OCSP_STATUS_UNAVAILABLE:
          g_ptr_array_add (problems, vnt_problem_new ("revocation-unavailable", VNT_PROBLEM_SEVERITY_WARNING, message));
          break;
        case VNT_OCSP_STATUS_GOOD:
        default:
          break;
        }
    }

  return problems;
}

static JsonNode *
job_to_json (Check *self,
             Job   *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) problems = job_get_problems (job);
  VntCertificate *certificate = job_get_certificate (job);
  JsonNode       *node = NULL;

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "cer", job->cer);
  vnt_json_add_string (builder, "key", job->key);
  vnt_json_add_boolean (builder, "valid", job_is_valid (job));

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "code", problem->code);
      vnt_json_add_string (builder, "message", problem->message);
      vnt_json_add_string (builder, "severity",
                           problem->severity == VNT_PROBLEM_SEVERITY_ERROR ? "error" : "warning");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (certificate != NULL)
    node = efirma_certificate_to_json_with_chain (certificate,
                                                  vnt_check_report_get_chain_status (job->report),
                                                  self->now);
  vnt_json_add_value (builder, "certificate", node);

  vnt_json_add_string (builder, "revocation",
                       job->revocation != NULL
                       ? vnt_ocsp_status_to_string (vnt_ocsp_result_get_status (job->revocation))
                       : "not-checked");
  if (job->revocation != NULL)
    {
      VntOcspResult *result = job->revocation;
      VntOcspFailure failure = vnt_ocsp_result_get_failure (result);
      VntCertificate *responder = vnt_ocsp_result_get_responder (result);

      json_builder_set_member_name (builder, "revocation_detail");
      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "url",
                           self->ocsp.url != NULL ? self->ocsp.url : VNT_OCSP_DEFAULT_URL);
      vnt_json_add_string (builder, "failure",
                           failure != VNT_OCSP_FAILURE_NONE
                           ? vnt_ocsp_failure_to_string (failure) : NULL);
      efirma_json_add_time (builder, "revoked_at", vnt_ocsp_result_get_revocation_time (result));
      vnt_json_add_string (builder, "reason", vnt_ocsp_result_get_revocation_reason (result));
      efirma_json_add_time (builder, "produced_at", vnt_ocsp_result_get_produced_at (result));
      vnt_json_add_string (builder, "responder",
                           responder != NULL ? vnt_certificate_get_name (responder) : NULL);
      vnt_json_add_string (builder, "message", vnt_ocsp_result_get_message (result));
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A file that could not be read is no finding about the e.firma: it goes
 * to the standard error, like every other error of the command. */
static gboolean
problem_is_io (const VntProblem *problem)
{
  return g_str_equal (problem->code, "unreadable-file");
}

static void
print_io_errors (Job *job)
{
  g_autoptr(GPtrArray) problems = job_get_problems (job);
  g_autofree char *display = g_filename_display_name (job->cer);

  for (guint i = 0; i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      if (problem_is_io (problem))
        g_printerr ("%s: %s: %s\n", g_get_prgname (), display, problem->message);
    }
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      if (problem_is_io (problem))
        continue;
      g_print ("  %s %s\n",
               problem->severity == VNT_PROBLEM_SEVERITY_ERROR ? _("[error]") : _("[warning]"),
               problem->message);
    }
}

static void
print_job (Check *self,
           Job   *job)
{
  g_autoptr(EfirmaTable) table = efirma_table_new ();
  g_autoptr(GPtrArray) problems = job_get_problems (job);
  VntCertificate *certificate = job_get_certificate (job);

  /* A file that could not be read says nothing about the e.firma: no
   * verdict on the standard output, only the error on the standard error. */
  if (job_has_io_error (job))
    {
      print_io_errors (job);
      return;
    }

  g_print ("%s\n", job->cer);
  if (certificate != NULL)
    {
      efirma_table_add_certificate_with_chain (table, certificate,
                                               vnt_check_report_get_chain_status (job->report),
                                               self->trust, self->now);
      efirma_table_print (table, "  ");
    }

  if (job->revocation != NULL &&
      vnt_ocsp_result_get_status (job->revocation) == VNT_OCSP_STATUS_GOOD)
    g_print ("  %s\n", vnt_ocsp_result_get_message (job->revocation));

  g_print ("\n%s\n", job_is_valid (job) ? _("The e.firma is valid.") : _("The e.firma cannot be used."));
  print_problems (problems);
  print_io_errors (job);
}

/* One row per pair: verdict, RFC, certificate number, file, problem codes. */
static void
print_rows (Check     *self,
            GPtrArray *jobs)
{
  const char *headers[] = { _("Result"), _("RFC"), _("Certificate number"), _("Certificate"), _("Problems") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[G_N_ELEMENTS (headers)] = { 0 };

  g_ptr_array_add (rows, g_strdupv ((char **) (const char *[]) { headers[0], headers[1], headers[2], headers[3], headers[4], NULL }));
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);
      VntCertificate *certificate = job_get_certificate (job);
      g_autoptr(GPtrArray) problems = job_get_problems (job);
      g_autoptr(GString) codes = g_string_new (NULL);
      char **row = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      for (guint j = 0; j < problems->len; j++)
        {
          const VntProblem *problem = g_ptr_array_index (problems, j);

          g_string_append_printf (codes, "%s%s", j > 0 ? ", " : "", problem->code);
        }

      row[0] = g_strdup (job_is_valid (job) ? _("valid") : _("INVALID"));
      row[1] = g_strdup (certificate != NULL && vnt_certificate_get_rfc (certificate) != NULL
                         ? vnt_certificate_get_rfc (certificate) : "—");
      row[2] = g_strdup (certificate != NULL && vnt_certificate_get_number (certificate) != NULL
                         ? vnt_certificate_get_number (certificate) : "—");
      row[3] = g_strdup (job->cer);
      row[4] = g_strdup (codes->len > 0 ? codes->str : "—");
      g_ptr_array_add (rows, row);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        {
          g_autofree char *cell = c + 1 < G_N_ELEMENTS (headers) ? efirma_pad (row[c], widths[c] + 2) : g_strdup (row[c]);

          g_string_append (line, cell);
        }
      g_print ("%s\n", line->str);
    }

  for (guint i = 0; i < jobs->len; i++)
    print_io_errors (g_ptr_array_index (jobs, i));
}

static char *
resolve (const char *base_dir,
         const char *path)
{
  if (path == NULL || *path == '\0')
    return NULL;
  if (g_path_is_absolute (path))
    return g_strdup (path);

  return g_build_filename (base_dir, path, NULL);
}

/* One `cer<TAB>key<TAB>password-file` per line; the key and the password
 * file may be empty (a .pfx; an unencrypted key); '#' starts a comment.
 * Relative paths are relative to the list. */
static GPtrArray *
read_batch (const char  *path,
            GError     **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base_dir = g_path_get_dirname (path);
  g_auto(GStrv) lines = NULL;
  gsize size = 0;

  /* Capped like every other input: /dev/zero is no list. */
  bytes = efirma_read_input_max (path, EFIRMA_MAX_BATCH_LIST, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not read the list “%s”: %s"), path, local_error->message);
      return NULL;
    }
  contents = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  if (strlen (contents) != size)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” is not a list of files: it is not text. Give a text file with one "
                     "“certificate<TAB>key<TAB>password file” per line."), path);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Job *job;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      fields = g_strsplit (lines[i], "\t", 4);
      if (fields[0][0] == '\0' || (fields[1] != NULL && fields[2] != NULL && fields[3] != NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Line %u of “%s” is not “certificate<TAB>key<TAB>password file”."), i + 1, path);
          return NULL;
        }

      job = g_new0 (Job, 1);
      job->cer = resolve (base_dir, fields[0]);
      job->key = fields[1] != NULL ? resolve (base_dir, fields[1]) : NULL;
      job->password_file = fields[1] != NULL && fields[2] != NULL ? resolve (base_dir, fields[2]) : NULL;
      g_ptr_array_add (jobs, job);
    }

  return g_steal_pointer (&jobs);
}

static void
check_clear (Check *self)
{
  g_clear_pointer (&self->cer, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->batch, g_free);
  g_clear_pointer (&self->ca_files, g_strfreev);
  g_clear_pointer (&self->now_text, g_free);
  g_clear_pointer (&self->ocsp.url, g_free);
  efirma_password_source_clear (&self->password_source);
  g_clear_object (&self->trust);
  g_clear_pointer (&self->now, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Check, check_clear)

int
efirma_check_main (int    argc,
                   char **argv)
{
  g_auto(Check) self = { .password_source = EFIRMA_PASSWORD_SOURCE_INIT };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &self.json, N_("Print JSON"), NULL },
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &self.cer,
      N_("The certificate (.cer), or a PKCS#12 (.pfx) holding certificate and key"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &self.key, N_("The private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (self.password_source),
    { "batch", 0, 0, G_OPTION_ARG_FILENAME, &self.batch,
      N_("Check every pair in LIST, one “certificate<TAB>key<TAB>password file” per line, on every processor"),
      N_("LIST") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &self.ca_files,
      N_("Also trust this CA certificate or intermediate (repeatable)"), N_("FILE") },
    { "now", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &self.now_text,
      N_("Take this time (ISO 8601) as now"), N_("TIME") },
    { "ocsp", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, efirma_parse_ocsp_option,
      N_("Also ask SAT’s OCSP responder (or the one at URL) whether the certificate was revoked"), N_("URL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any_invalid = FALSE, any_io = FALSE;

  context = efirma_option_context_new_full (N_("--cer FILE [--key FILE] | --batch LIST"),
                                            N_("Opens an e.firma (certificate and private key) and checks that the key "
                                               "belongs to the certificate, that it is current, that it is an e.firma "
                                               "and not a CSD, and that SAT issued it; then it proves the key by "
                                               "signing and verifying a fresh challenge. The password is asked "
                                               "without echo, or read with --password-file or --password-fd; never "
                                               "from the command line."),
                                            entries, &self.ocsp);
  if (!efirma_option_context_parse (context, &argc, &argv))
    {
      return EFIRMA_EXIT_USAGE;
    }

  if ((self.batch == NULL) == (self.cer == NULL) || argc > 1 ||
      (self.batch != NULL && (self.key != NULL || efirma_password_source_is_set (&self.password_source))))
    {
      efirma_usage_error (g_get_prgname (),
                          _("Give either --cer (with --key unless it is a .pfx) or --batch LIST, which carries its own keys and password files."));
      return EFIRMA_EXIT_USAGE;
    }

  if (!efirma_parse_now_and_trust (self.now_text, self.ca_files, &self.now, &self.trust))
    return EFIRMA_EXIT_USAGE;

  if (self.batch != NULL)
    {
      GThreadPool *pool;

      jobs = read_batch (self.batch, &error);
      if (jobs == NULL)
        {
          efirma_usage_error (g_get_prgname (), "%s", error->message);
          return EFIRMA_EXIT_USAGE;
        }

      /* One worker per processor this process may use; the trust store is
       * shared read-only, results land in their own slot (input order). */
      pool = g_thread_pool_new (run_job_in_pool, &self, MAX (1, (int) g_get_num_processors ()), TRUE, &error);
      if (pool == NULL)
        {
          for (guint i = 0; i < jobs->len; i++)
            run_job (g_ptr_array_index (jobs, i), &self);
        }
      else
        {
          for (guint i = 0; i < jobs->len; i++)
            g_thread_pool_push (pool, g_ptr_array_index (jobs, i), NULL);
          /* The responder's answers are awaited while the pool checks keys;
           * the workers touch neither job->revocation nor this thread's
           * main context. */
          check_revocations (&self, jobs, FALSE);
          g_thread_pool_free (pool, FALSE, TRUE);
        }
    }
  else
    {
      Job *job = g_new0 (Job, 1);

      jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
      g_ptr_array_add (jobs, job);
      job->cer = g_strdup (self.cer);
      job->key = g_strdup (self.key);

      if (!efirma_password_for_pair (&self.password_source, self.cer, self.key, &job->password, &error))
        {
          efirma_usage_error (g_get_prgname (), "%s", error->message);
          return EFIRMA_EXIT_USAGE;
        }
      run_job (job, &self);
      g_clear_pointer (&job->password, vnt_secret_free);
    }

  check_revocations (&self, jobs, TRUE);

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      any_invalid |= !job_is_valid (job);
      any_io |= job_has_io_error (job);
    }

  if (self.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      /* One object for one pair; an array, in input order, for --batch. */
      if (self.batch != NULL)
        {
          json_builder_begin_array (builder);
          for (guint i = 0; i < jobs->len; i++)
            json_builder_add_value (builder, job_to_json (&self, g_ptr_array_index (jobs, i)));
          json_builder_end_array (builder);
          root = json_builder_get_root (builder);
        }
      else
        root = job_to_json (&self, g_ptr_array_index (jobs, 0));
      efirma_print_json (root);
      /* The JSON keeps its "unreadable-file" problems for scripts; people
       * and logs read errors on the standard error. */
      for (guint i = 0; i < jobs->len; i++)
        print_io_errors (g_ptr_array_index (jobs, i));
    }
  else if (self.batch != NULL)
    print_rows (&self, jobs);
  else
    print_job (&self, g_ptr_array_index (jobs, 0));

  return any_io ? EFIRMA_EXIT_USAGE : any_invalid ? EFIRMA_EXIT_INVALID : EFIRMA_EXIT_OK;
}
