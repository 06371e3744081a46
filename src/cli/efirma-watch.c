/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crypto/vnt-watch.h"
#include "efirma-common.h"
#include "net/vnt-ocsp-client.h"
#include "net/vnt-watch-revocations.h"

#define DEFAULT_WITHIN_DAYS VNT_WATCH_DEFAULT_WITHIN_DAYS
/* A century: anything longer is a typing mistake. */
#define MAX_WITHIN_DAYS 36500

typedef struct {
  gboolean json;
  char *at_text;
  int within;
  char **ca_files;
  /* --ocsp[=URL]: ask the responder (NULL: SAT's). */
  EfirmaOcspOption ocsp;
  int max_depth;
  int max_entries;
  EfirmaPasswordSource password_source;

  VntTrustStore *trust;
  GDateTime *at;
  VntWatchScan scan;
} Watch;

/* ---- Judging ---- */

static VntSecret *
read_password_cb (gpointer   user_data,
                  GError   **error)
{
  Watch *self = user_data;

  return efirma_password_read (&self->password_source, NULL, error);
}

static void
judge_all (Watch *self)
{
  vnt_watch_scan_judge (&self->scan, self->trust, self->at, self->within);

  /* Only cancelling fails, and nothing cancels here. */
  if (self->ocsp.asked)
    vnt_watch_scan_check_revocations (&self->scan, self->trust, self->ocsp.url, NULL, NULL);
}

/* ---- JSON ---- */

static const char *
revocation_to_json (VntWatchEntry *entry)
{
  if (entry->revocation == NULL)
    return "not-checked";

  return vnt_ocsp_status_to_string (vnt_ocsp_result_get_status (entry->revocation));
}

static JsonNode *
entry_to_json (Watch            *self,
               VntWatchEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  VntCertificate *certificate = entry->certificate;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entry->files->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (entry->files, i));
  json_builder_end_array (builder);
  vnt_json_add_string (builder, "sha256", vnt_certificate_get_sha256 (certificate));
  efirma_json_add_holder (builder, certificate);
  vnt_json_add_string (builder, "kind",
                       vnt_watch_kind_to_string (vnt_watch_kind_for_certificate (certificate)));
  vnt_json_add_string (builder, "persona",
                       efirma_persona_to_json (vnt_certificate_get_persona (certificate)));
  vnt_json_add_string (builder, "certificate_number", vnt_certificate_get_number (certificate));
  vnt_json_add_string (builder, "issuer", vnt_certificate_get_issuer_name (certificate));
  efirma_json_add_time (builder, "not_before", vnt_certificate_get_not_before (certificate));
  efirma_json_add_time (builder, "not_after", vnt_certificate_get_not_after (certificate));
  vnt_json_add_int (builder, "days_left", vnt_certificate_get_days_left (certificate, self->at));
  vnt_json_add_string (builder, "status", vnt_watch_status_to_string (entry->status));
  vnt_json_add_string (builder, "revocation", revocation_to_json (entry));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_json (Watch *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  efirma_json_add_time (builder, "at", self->at);
  vnt_json_add_int (builder, "within_days", self->within);

  json_builder_set_member_name (builder, "certificates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->scan.entries->len; i++)
    json_builder_add_value (builder, entry_to_json (self, g_ptr_array_index (self->scan.entries, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->scan.skipped->len; i++)
    {
      VntWatchSkip *skip = g_ptr_array_index (self->scan.skipped, i);

      json_builder_begin_object (builder);
      vnt_json_add_string (builder, "file", skip->file);
      vnt_json_add_string (builder, "reason", skip->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  efirma_print_json (root);
}

/* ---- Readable output ---- */

static char *
format_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%d");
}

static void
print_table (Watch *self)
{
  const char *headers[] = { _("Status"), _("Days left"), _("Expires"), _("Kind"), _("RFC"),
                            _("Certificate number"), _("Name"), NULL };
  const guint n_columns = G_N_ELEMENTS (headers) - 1;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree guint *widths = g_new0 (guint, n_columns);
  g_autofree char *at = efirma_format_time (self->at);
  guint counts[VNT_WATCH_N_STATUSES] = { 0 };
  g_autoptr(GString) summary = g_string_new (NULL);

  g_print (g_dngettext (GETTEXT_PACKAGE, "On %s; “expiring” means within %d day.\n",
                        "On %s; “expiring” means within %d days.\n", self->within),
           at, self->within);

  g_ptr_array_add (rows, g_strdupv ((char **) headers));
  for (guint i = 0; i < self->scan.entries->len; i++)
    {
      VntWatchEntry *entry = g_ptr_array_index (self->scan.entries, i);
      VntCertificate *certificate = entry->certificate;
      const char *rfc = vnt_certificate_get_rfc (certificate);
      const char *number = vnt_certificate_get_number (certificate);
      const char *name = vnt_certificate_get_name (certificate);
      char **row = g_new0 (char *, n_columns + 1);

      row[0] = g_strdup (vnt_watch_status_get_label (entry->status));
      row[1] = g_strdup_printf ("%d", vnt_certificate_get_days_left (certificate, self->at));
      row[2] = format_date (vnt_certificate_get_not_after (certificate));
      row[3] = g_strdup (vnt_watch_kind_get_label (vnt_watch_kind_for_certificate (certificate)));
      row[4] = g_strdup (rfc != NULL ? rfc : "—");
      row[5] = g_strdup (number != NULL ? number : "—");
      row[6] = g_strdup (name != NULL ? name : "—");
      g_ptr_array_add (rows, row);
      counts[entry->status]++;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }

  if (self->scan.entries->len == 0)
    g_print ("\n%s\n", _("No certificate was found."));

  for (guint i = 0; i < rows->len && self->scan.entries->len > 0; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr(GString) line = g_string_new (NULL);
      VntWatchEntry *entry;
      const char *step;

      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *cell = c + 1 < n_columns ? efirma_pad (row[c], widths[c] + 2) : g_strdup (row[c]);

          g_string_append (line, cell);
        }
      g_print ("\n%s\n", line->str);
      if (i == 0)
        continue;

      /* Under each certificate: its files, what to do, what OCSP said. */
      entry = g_ptr_array_index (self->scan.entries, i - 1);
      step = vnt_watch_entry_get_next_step (entry);
      for (guint f = 0; f < entry->files->len; f++)
        g_print ("  %s\n", (const char *) g_ptr_array_index (entry->files, f));
      if (step != NULL)
        g_print ("  → %s\n", step);
      if (entry->revocation != NULL &&
          vnt_ocsp_result_get_status (entry->revocation) != VNT_OCSP_STATUS_GOOD)
        g_print ("  %s %s\n",
                 entry->status == VNT_WATCH_STATUS_REVOKED ? _("[error]") : _("[warning]"),
                 vnt_ocsp_result_get_message (entry->revocation));
    }

  if (self->scan.skipped->len > 0)
    {
      g_print ("\n%s\n", _("Skipped:"));
      for (guint i = 0; i < self->scan.skipped->len; i++)
        {
          VntWatchSkip *skip = g_ptr_array_index (self->scan.skipped, i);

          g_print ("  %s: %s\n", skip->file, skip->reason);
        }
    }

  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u certificate", "%u certificates",
                                                self->scan.entries->len),
                          self->scan.entries->len);
  for (guint s = 0; s < VNT_WATCH_N_STATUSES; s++)
    if (counts[s] > 0)
      g_string_append_printf (summary, ", %u %s", counts[s], vnt_watch_status_get_label (s));
  if (self->scan.skipped->len > 0)
    {
      g_string_append (summary, "; ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u file skipped", "%u files skipped",
                                                    self->scan.skipped->len),
                              self->scan.skipped->len);
    }
  g_print ("\n%s.\n", summary->str);
}

/* ---- Options ---- */

static void
watch_clear (Watch *self)
{
  g_clear_pointer (&self->at_text, g_free);
  g_clear_pointer (&self->ca_files, g_strfreev);
  g_clear_pointer (&self->ocsp.url, g_free);
  g_clear_object (&self->trust);
  g_clear_pointer (&self->at, g_date_time_unref);
  efirma_password_source_clear (&self->password_source);
  vnt_watch_scan_clear (&self->scan);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Watch, watch_clear)

int
efirma_watch_main (int    argc,
                   char **argv)
{
  g_auto(Watch) self = {
    .within = DEFAULT_WITHIN_DAYS,
    .max_depth = VNT_WATCH_MAX_DEPTH,
    .max_entries = VNT_WATCH_MAX_ENTRIES,
    .password_source = EFIRMA_PASSWORD_SOURCE_INIT,
  };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &self.json, N_("Print JSON"), NULL },
    { "at", 0, 0, G_OPTION_ARG_STRING, &self.at_text,
      N_("Judge the certificates as of TIME (ISO 8601) instead of now"), N_("TIME") },
    { "within", 0, 0, G_OPTION_ARG_INT, &self.within,
      N_("Call a certificate “expiring” when it expires within DAYS (default 30)"), N_("DAYS") },
    { "ocsp", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, efirma_parse_ocsp_option,
      N_("Also ask SAT’s OCSP responder (or the one at URL) whether each certificate was revoked"), N_("URL") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &self.ca_files,
      N_("Also trust this CA certificate or intermediate (repeatable)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (self.password_source),
    { "max-depth", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &self.max_depth,
      N_("Scan at most DEPTH folders deep"), N_("DEPTH") },
    { "max-entries", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &self.max_entries,
      N_("Look at most at N files and folders"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean attention = FALSE;

  vnt_watch_scan_init (&self.scan);

  context = efirma_option_context_new_full (N_("PATH…"),
                                            N_("Lists the certificates (.cer, DER or PEM) found in the files and folders "
                                               "named, each once, soonest expiry first, and says which are valid, "
                                               "expiring, expired, not yet valid, revoked or untrusted. Folders are "
                                               "scanned recursively without following links. A .pfx is read only with "
                                               "--password-file or --password-fd; private key files (.key) are never read."),
                                            entries, &self.ocsp);
  if (!efirma_option_context_parse (context, &argc, &argv))
    {
      return EFIRMA_EXIT_USAGE;
    }

  if (argc < 2)
    {
      efirma_usage_error (g_get_prgname (), _("Name at least one file or folder to watch."));
      return EFIRMA_EXIT_USAGE;
    }

  if (self.within < 0 || self.within > MAX_WITHIN_DAYS)
    {
      efirma_usage_error (g_get_prgname (), _("--within takes a number of days from 0 to %d."), MAX_WITHIN_DAYS);
      return EFIRMA_EXIT_USAGE;
    }

  if (self.max_depth < 0 || self.max_entries < 1)
    {
      efirma_usage_error (g_get_prgname (), _("--max-depth and --max-entries take positive numbers."));
      return EFIRMA_EXIT_USAGE;
    }

  if (!efirma_parse_now_and_trust (self.at_text, self.ca_files, &self.at, &self.trust))
    return EFIRMA_EXIT_USAGE;
  if (self.at == NULL)
    self.at = g_date_time_new_now_utc ();

  self.scan.max_depth = self.max_depth;
  self.scan.max_entries = self.max_entries;
  /* A .pfx holds a private key: it is opened only with a password the
   * user gave for it, never after a prompt in the middle of a scan. */
  if (efirma_password_source_is_set (&self.password_source))
    {
      self.scan.password_func = read_password_cb;
      self.scan.password_data = &self;
    }
  else
    self.scan.no_password_reason = _("A PKCS#12 (.pfx) file is read only with --password-file FILE or --password-fd FD.");
  for (int i = 1; i < argc; i++)
    vnt_watch_scan_path (&self.scan, argv[i]);

  judge_all (&self);

  if (self.json)
    print_json (&self);
  else
    print_table (&self);

  attention = vnt_watch_scan_needs_attention (&self.scan);

  if (self.scan.io_error)
    return EFIRMA_EXIT_USAGE;

  return attention ? EFIRMA_EXIT_INVALID : EFIRMA_EXIT_OK;
}
