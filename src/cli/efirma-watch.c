/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "efirma-watch-private.h"
#include "net/vnt-ocsp-client.h"

/* What a watched certificate needs, worst first when several apply. */
typedef enum {
  STATUS_REVOKED,
  STATUS_UNTRUSTED,
  STATUS_EXPIRED,
  STATUS_NOT_YET_VALID,
  STATUS_EXPIRING,
  STATUS_VALID,
} Status;

static const char * const status_names[] = {
  [STATUS_REVOKED] = "revoked",
  [STATUS_UNTRUSTED] = "untrusted",
  [STATUS_EXPIRED] = "expired",
  [STATUS_NOT_YET_VALID] = "not-yet-valid",
  [STATUS_EXPIRING] = "expiring",
  [STATUS_VALID] = "valid",
};

#define DEFAULT_WITHIN_DAYS 30
/* A century: anything longer is a typing mistake. */
#define MAX_WITHIN_DAYS 36500

typedef struct {
  gboolean json;
  char *at_text;
  int within;
  char **ca_files;
  /* --ocsp[=URL]: ask the responder (NULL: SAT's). */
  gboolean ocsp;
  char *ocsp_url;
  int max_depth;
  int max_entries;

  VntTrustStore *trust;
  GDateTime *at;
  EfirmaWatchScan scan;
} Watch;

static const char *
status_label (Status status)
{
  switch (status)
    {
    case STATUS_REVOKED:
      return C_("certificate status", "revoked");
    case STATUS_UNTRUSTED:
      return C_("certificate status", "untrusted");
    case STATUS_EXPIRED:
      return C_("certificate status", "expired");
    case STATUS_NOT_YET_VALID:
      return C_("certificate status", "not yet valid");
    case STATUS_EXPIRING:
      return C_("certificate status", "expiring");
    case STATUS_VALID:
    default:
      return C_("certificate status", "valid");
    }
}

static gboolean
status_needs_attention (Status status)
{
  return status == STATUS_REVOKED || status == STATUS_UNTRUSTED ||
         status == STATUS_EXPIRED || status == STATUS_EXPIRING;
}

/* IMSS, not SAT, issues the IDSE certificates, and SAT's two kinds do not
 * cover them: an issuer that names IMSS or IDSE (as the practice service's
 * CA does) marks one. A label only: trust still comes from the chain. */
static gboolean
is_idse (VntCertificate *certificate)
{
  const char *issuer = vnt_certificate_get_issuer_dn (certificate);
  g_autofree char *folded = NULL;

  if (issuer == NULL || vnt_certificate_is_ca (certificate))
    return FALSE;

  folded = g_utf8_strup (issuer, -1);
  return strstr (folded, "IMSS") != NULL || strstr (folded, "IDSE") != NULL ||
         strstr (folded, "SEGURO SOCIAL") != NULL;
}

static const char *
kind_to_json (VntCertificate *certificate)
{
  if (is_idse (certificate))
    return "idse";

  return efirma_kind_to_json (vnt_certificate_get_kind (certificate));
}

static const char *
kind_label (VntCertificate *certificate)
{
  if (is_idse (certificate))
    return _("IDSE");

  switch (vnt_certificate_get_kind (certificate))
    {
    case VNT_CERTIFICATE_KIND_EFIRMA:
      return _("e.firma");
    case VNT_CERTIFICATE_KIND_CSD:
      return _("CSD");
    case VNT_CERTIFICATE_KIND_OTHER:
    default:
      return _("other");
    }
}

/* ---- Judging ---- */

static gboolean
chain_is_trusted (int chain)
{
  return chain != VNT_CHAIN_STATUS_UNTRUSTED && chain != VNT_CHAIN_STATUS_BAD_SIGNATURE;
}

/* Without what OCSP may add. A chain out of date only because of a CA is
 * "expired" too: such a certificate cannot be used any more. */
static Status
judge (Watch            *self,
       EfirmaWatchEntry *entry)
{
  VntCertificate *certificate = entry->certificate;
  g_autoptr(GDateTime) horizon = g_date_time_add_days (self->at, self->within);

  if (!chain_is_trusted (entry->chain))
    return STATUS_UNTRUSTED;
  if (g_date_time_compare (self->at, vnt_certificate_get_not_after (certificate)) > 0)
    return STATUS_EXPIRED;
  if (g_date_time_compare (self->at, vnt_certificate_get_not_before (certificate)) < 0)
    return STATUS_NOT_YET_VALID;
  if (entry->chain == VNT_CHAIN_STATUS_EXPIRED)
    return STATUS_EXPIRED;
  if (g_date_time_compare (vnt_certificate_get_not_after (certificate), horizon) <= 0)
    return STATUS_EXPIRING;

  return STATUS_VALID;
}

/* Asks, all at once, about every certificate still in use: not a CA, and
 * neither untrusted nor out of date (nobody revokes those in earnest). */
static void
check_revocations (Watch *self)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new ();
  g_autoptr(GPtrArray) certificates = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;

  for (guint i = 0; i < self->scan.entries->len; i++)
    {
      EfirmaWatchEntry *entry = g_ptr_array_index (self->scan.entries, i);

      if (vnt_certificate_is_ca (entry->certificate) ||
          (entry->status != STATUS_VALID && entry->status != STATUS_EXPIRING))
        continue;

      g_ptr_array_add (asked, entry);
      g_ptr_array_add (certificates, entry->certificate);
    }

  if (asked->len == 0)
    return;

  results = efirma_check_revocations (self->trust, self->ocsp_url, certificates);
  for (guint i = 0; i < asked->len; i++)
    {
      EfirmaWatchEntry *entry = g_ptr_array_index (asked, i);

      entry->revocation = g_object_ref (g_ptr_array_index (results, i));
      /* "unavailable" and "unknown" stay warnings: never "good", never
       * "revoked". */
      if (vnt_ocsp_result_get_status (entry->revocation) == VNT_OCSP_STATUS_REVOKED)
        entry->status = STATUS_REVOKED;
    }
}

/* By expiry, soonest first; the same expiry by SHA-256, so that the order
 * never depends on the order of the files. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const EfirmaWatchEntry *ea = *(const EfirmaWatchEntry * const *) a;
  const EfirmaWatchEntry *eb = *(const EfirmaWatchEntry * const *) b;
  int order = g_date_time_compare (vnt_certificate_get_not_after (ea->certificate),
                                   vnt_certificate_get_not_after (eb->certificate));

  if (order != 0)
    return order;

  return strcmp (vnt_certificate_get_sha256 (ea->certificate), vnt_certificate_get_sha256 (eb->certificate));
}

static void
judge_all (Watch *self)
{
  for (guint i = 0; i < self->scan.entries->len; i++)
    {
      EfirmaWatchEntry *entry = g_ptr_array_index (self->scan.entries, i);

      entry->chain = vnt_trust_store_verify (self->trust, entry->certificate, self->at, NULL);
      entry->status = judge (self, entry);
    }

  if (self->ocsp)
    check_revocations (self);

  g_ptr_array_sort (self->scan.entries, compare_entries);
}

/* ---- JSON ---- */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *time)
{
  g_autofree char *text = efirma_format_time (time);

  add_string (builder, name, text);
}

static const char *
revocation_to_json (EfirmaWatchEntry *entry)
{
  if (entry->revocation == NULL)
    return "not-checked";

  return vnt_ocsp_status_to_string (vnt_ocsp_result_get_status (entry->revocation));
}

static JsonNode *
entry_to_json (Watch            *self,
               EfirmaWatchEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  VntCertificate *certificate = entry->certificate;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entry->files->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (entry->files, i));
  json_builder_end_array (builder);
  add_string (builder, "sha256", vnt_certificate_get_sha256 (certificate));
  add_string (builder, "rfc", vnt_certificate_get_rfc (certificate));
  add_string (builder, "curp", vnt_certificate_get_curp (certificate));
  add_string (builder, "representative_rfc", vnt_certificate_get_representative_rfc (certificate));
  add_string (builder, "representative_curp", vnt_certificate_get_representative_curp (certificate));
  add_string (builder, "name", vnt_certificate_get_name (certificate));
  add_string (builder, "kind", kind_to_json (certificate));
  add_string (builder, "persona", efirma_persona_to_json (vnt_certificate_get_persona (certificate)));
  add_string (builder, "certificate_number", vnt_certificate_get_number (certificate));
  add_string (builder, "issuer", vnt_certificate_get_issuer_name (certificate));
  add_time (builder, "not_before", vnt_certificate_get_not_before (certificate));
  add_time (builder, "not_after", vnt_certificate_get_not_after (certificate));
  json_builder_set_member_name (builder, "days_left");
  json_builder_add_int_value (builder, vnt_certificate_get_days_left (certificate, self->at));
  add_string (builder, "status", status_names[entry->status]);
  add_string (builder, "revocation", revocation_to_json (entry));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_json (Watch *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_time (builder, "at", self->at);
  json_builder_set_member_name (builder, "within_days");
  json_builder_add_int_value (builder, self->within);

  json_builder_set_member_name (builder, "certificates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->scan.entries->len; i++)
    json_builder_add_value (builder, entry_to_json (self, g_ptr_array_index (self->scan.entries, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->scan.skipped->len; i++)
    {
      EfirmaWatchSkip *skip = g_ptr_array_index (self->scan.skipped, i);

      json_builder_begin_object (builder);
      add_string (builder, "file", skip->file);
      add_string (builder, "reason", skip->reason);
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

/* What the user should do next, for the statuses that need it. */
static const char *
next_step (EfirmaWatchEntry *entry)
{
  gboolean idse = is_idse (entry->certificate);

  switch ((Status) entry->status)
    {
    case STATUS_REVOKED:
      return idse ? _("Request a new IDSE certificate (“Solicitud del Certificado Digital”).")
                  : _("It can no longer be used: request a new one from SAT.");
    case STATUS_UNTRUSTED:
      return _("Its issuer is not trusted: it may be forged. Do not use it.");
    case STATUS_EXPIRED:
    case STATUS_EXPIRING:
      if (idse)
        return _("Renew it (“Renovación del Certificado Digital”).");
      if (vnt_certificate_get_kind (entry->certificate) == VNT_CERTIFICATE_KIND_CSD)
        return _("Request a new CSD from SAT with the e.firma.");
      if (vnt_certificate_get_kind (entry->certificate) == VNT_CERTIFICATE_KIND_EFIRMA)
        return _("Renew it with SAT (“Renovación de e.firma”), then update it at IMSS (“Actualización de la e.firma”).");
      return NULL;
    case STATUS_NOT_YET_VALID:
    case STATUS_VALID:
    default:
      return NULL;
    }
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
  guint counts[G_N_ELEMENTS (status_names)] = { 0 };
  g_autoptr(GString) summary = g_string_new (NULL);

  g_print (g_dngettext (GETTEXT_PACKAGE, "On %s; “expiring” means within %d day.\n",
                        "On %s; “expiring” means within %d days.\n", self->within),
           at, self->within);

  g_ptr_array_add (rows, g_strdupv ((char **) headers));
  for (guint i = 0; i < self->scan.entries->len; i++)
    {
      EfirmaWatchEntry *entry = g_ptr_array_index (self->scan.entries, i);
      VntCertificate *certificate = entry->certificate;
      const char *rfc = vnt_certificate_get_rfc (certificate);
      const char *number = vnt_certificate_get_number (certificate);
      const char *name = vnt_certificate_get_name (certificate);
      char **row = g_new0 (char *, n_columns + 1);

      row[0] = g_strdup (status_label (entry->status));
      row[1] = g_strdup_printf ("%d", vnt_certificate_get_days_left (certificate, self->at));
      row[2] = format_date (vnt_certificate_get_not_after (certificate));
      row[3] = g_strdup (kind_label (certificate));
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
      EfirmaWatchEntry *entry;
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
      step = next_step (entry);
      for (guint f = 0; f < entry->files->len; f++)
        g_print ("  %s\n", (const char *) g_ptr_array_index (entry->files, f));
      if (step != NULL)
        g_print ("  → %s\n", step);
      if (entry->revocation != NULL &&
          vnt_ocsp_result_get_status (entry->revocation) != VNT_OCSP_STATUS_GOOD)
        g_print ("  %s %s\n",
                 entry->status == STATUS_REVOKED ? _("[error]") : _("[warning]"),
                 vnt_ocsp_result_get_message (entry->revocation));
    }

  if (self->scan.skipped->len > 0)
    {
      g_print ("\n%s\n", _("Skipped:"));
      for (guint i = 0; i < self->scan.skipped->len; i++)
        {
          EfirmaWatchSkip *skip = g_ptr_array_index (self->scan.skipped, i);

          g_print ("  %s: %s\n", skip->file, skip->reason);
        }
    }

  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u certificate", "%u certificates",
                                                self->scan.entries->len),
                          self->scan.entries->len);
  for (guint s = 0; s < G_N_ELEMENTS (status_names); s++)
    if (counts[s] > 0)
      g_string_append_printf (summary, ", %u %s", counts[s], status_label (s));
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

/* GOption gives callbacks of the main group no user data. */
static Watch *parsing;

static gboolean
parse_ocsp_cb (const char  *option_name,
               const char  *value,
               gpointer     data,
               GError     **error)
{
  if (!efirma_check_ocsp_url (value, error))
    return FALSE;

  parsing->ocsp = TRUE;
  g_free (parsing->ocsp_url);
  parsing->ocsp_url = g_strdup (value);
  return TRUE;
}

static void
watch_clear (Watch *self)
{
  g_clear_pointer (&self->at_text, g_free);
  g_clear_pointer (&self->ca_files, g_strfreev);
  g_clear_pointer (&self->ocsp_url, g_free);
  g_clear_object (&self->trust);
  g_clear_pointer (&self->at, g_date_time_unref);
  efirma_watch_scan_clear (&self->scan);
}

int
efirma_watch_main (int    argc,
                   char **argv)
{
  Watch self = { .within = DEFAULT_WITHIN_DAYS, .max_depth = EFIRMA_WATCH_MAX_DEPTH,
                 .max_entries = EFIRMA_WATCH_MAX_ENTRIES };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &self.json, N_("Print JSON"), NULL },
    { "at", 0, 0, G_OPTION_ARG_STRING, &self.at_text,
      N_("Judge the certificates as of TIME (ISO 8601) instead of now"), N_("TIME") },
    { "within", 0, 0, G_OPTION_ARG_INT, &self.within,
      N_("Call a certificate “expiring” when it expires within DAYS (default 30)"), N_("DAYS") },
    { "ocsp", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, parse_ocsp_cb,
      N_("Also ask SAT’s OCSP responder (or the one at URL) whether each certificate was revoked"), N_("URL") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &self.ca_files,
      N_("Also trust this CA certificate or intermediate (repeatable)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (self.scan.password_source),
    { "max-depth", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &self.max_depth,
      N_("Scan at most DEPTH folders deep"), N_("DEPTH") },
    { "max-entries", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &self.max_entries,
      N_("Look at most at N files and folders"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean attention = FALSE;
  int status;

  efirma_watch_scan_init (&self.scan);

  context = efirma_option_context_new (N_("PATH…"),
                                       N_("Lists the certificates (.cer, DER or PEM) found in the files and folders "
                                          "named, each once, soonest expiry first, and says which are valid, "
                                          "expiring, expired, not yet valid, revoked or untrusted. Folders are "
                                          "scanned recursively without following links. A .pfx is read only with "
                                          "--password-file or --password-fd; private key files (.key) are never read."),
                                       entries);
  parsing = &self;
  if (!efirma_option_context_parse (context, &argc, &argv))
    {
      parsing = NULL;
      watch_clear (&self);
      return EFIRMA_EXIT_USAGE;
    }
  parsing = NULL;

  if (argc < 2)
    {
      efirma_usage_error (g_get_prgname (), _("Name at least one file or folder to watch."));
      watch_clear (&self);
      return EFIRMA_EXIT_USAGE;
    }

  if (self.within < 0 || self.within > MAX_WITHIN_DAYS)
    {
      efirma_usage_error (g_get_prgname (), _("--within takes a number of days from 0 to %d."), MAX_WITHIN_DAYS);
      watch_clear (&self);
      return EFIRMA_EXIT_USAGE;
    }

  if (self.max_depth < 0 || self.max_entries < 1)
    {
      efirma_usage_error (g_get_prgname (), _("--max-depth and --max-entries take positive numbers."));
      watch_clear (&self);
      return EFIRMA_EXIT_USAGE;
    }

  if (!efirma_parse_now (self.at_text, &self.at, &error) ||
      (self.trust = efirma_trust_store_new (self.ca_files, &error)) == NULL)
    {
      efirma_usage_error (g_get_prgname (), "%s", error->message);
      watch_clear (&self);
      return EFIRMA_EXIT_USAGE;
    }
  if (self.at == NULL)
    self.at = g_date_time_new_now_utc ();

  self.scan.max_depth = self.max_depth;
  self.scan.max_entries = self.max_entries;
  for (int i = 1; i < argc; i++)
    efirma_watch_scan_path (&self.scan, argv[i]);

  judge_all (&self);

  if (self.json)
    print_json (&self);
  else
    print_table (&self);

  for (guint i = 0; i < self.scan.entries->len; i++)
    attention |= status_needs_attention (((EfirmaWatchEntry *) g_ptr_array_index (self.scan.entries, i))->status);

  status = self.scan.io_error ? EFIRMA_EXIT_USAGE : attention ? EFIRMA_EXIT_INVALID : EFIRMA_EXIT_OK;
  watch_clear (&self);

  return status;
}
