/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every `efirma` command shares: exit codes, passwords, options that
 * recur (--ca, --now, --json), JSON and table output of certificate facts. */

#include <json-glib/json-glib.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-json.h"
#include "crypto/vnt-crypto.h"

G_BEGIN_DECLS

/* Exit codes of every `efirma` command. */
enum {
  EFIRMA_EXIT_OK = 0,       /* everything valid */
  EFIRMA_EXIT_INVALID = 1,  /* something checked was invalid */
  EFIRMA_EXIT_USAGE = 2,    /* usage or I/O error */
};

/* Runs `efirma ARGV…`; argv[0] is the program name. Returns the exit code. */
int efirma_main (int argc, char **argv);

/* A command's entry point: argv[0] is the command name, the options follow.
 * See efirma-commands.h. */
typedef int (*EfirmaCommandFunc) (int argc, char **argv);

/* ---- Options ---- */

/* A GOptionContext for `efirma COMMAND`, translated, with @summary. */
GOptionContext *efirma_option_context_new (const char   *parameter_string,
                                           const char   *summary,
                                           GOptionEntry *entries);
/* The same, with @data passed to the callbacks of @entries. */
GOptionContext *efirma_option_context_new_full (const char   *parameter_string,
                                                const char   *summary,
                                                GOptionEntry *entries,
                                                gpointer      data);
/* Parses, or prints the error and a hint and returns FALSE (exit with
 * EFIRMA_EXIT_USAGE). Refuses any --password… option first: a password on
 * the command line is visible to every user of the machine. */
gboolean        efirma_option_context_parse (GOptionContext  *context,
                                             int             *argc,
                                             char          ***argv);
/* FALSE, after printing @message, when argv carries --@name VALUE,
 * --@name=VALUE or @short_name VALUE (nullable); the value is wiped first
 * so that it does not linger in this process's memory either. */
gboolean        efirma_refuse_secret_in_argv (int         argc,
                                              char      **argv,
                                              const char *name,
                                              const char *short_name,
                                              const char *message);
/* Prints "efirma COMMAND: MESSAGE" and a hint to stderr. */
void            efirma_usage_error         (const char      *command,
                                            const char      *format,
                                            ...) G_GNUC_PRINTF (2, 3);
/* Prints "efirma COMMAND: MESSAGE" for @error and returns the exit code:
 * EFIRMA_EXIT_USAGE for errors efirma_error_is_io () names, else
 * EFIRMA_EXIT_INVALID. */
int             efirma_report_error (const GError *error);

/* ---- Passwords ---- */

/* Where a password comes from. Never argv. */
typedef struct {
  char *file;   /* --password-file */
  int   fd;     /* --password-fd, -1 when not given */
} EfirmaPasswordSource;

#define EFIRMA_PASSWORD_SOURCE_INIT { NULL, -1 }

/* The GOptionEntry lines for --password-file and --password-fd. */
#define EFIRMA_PASSWORD_OPTIONS(source) \
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &(source).file, \
    N_("Read the password from the first line of FILE"), N_("FILE") }, \
  { "password-fd", 0, 0, G_OPTION_ARG_INT, &(source).fd, \
    N_("Read the password from file descriptor FD"), N_("FD") }

gboolean   efirma_password_source_is_set (const EfirmaPasswordSource *source);
void       efirma_password_source_clear  (EfirmaPasswordSource       *source);
/* Reads the password from the file, the descriptor or, when neither was
 * given, a no-echo prompt on the terminal. Only the first line counts; bytes
 * that are not UTF-8 are taken as Windows-1252 (as SAT's tools write them).
 * Free with vnt_secret_free() (or g_autoptr(VntSecret)). */
VntSecret *efirma_password_read          (const EfirmaPasswordSource *source,
                                          const char                 *prompt,
                                          GError                    **error);
/* Reads a password from a file (relative to nothing); for --batch lists. */
VntSecret *efirma_password_read_file     (const char                 *path,
                                          GError                    **error);

/* Whether opening this pair needs a password at all: FALSE for an
 * unencrypted key or a PKCS#12 "without password" (no prompt then). */
gboolean   efirma_needs_password         (const char                 *cer,
                                          const char                 *key);
/* The password for the pair: from the source, or a prompt when the pair
 * needs one, or NULL (no password needed) with no error. */
gboolean   efirma_password_for_pair      (const EfirmaPasswordSource *source,
                                          const char                 *cer,
                                          const char                 *key,
                                          VntSecret                 **password,
                                          GError                    **error);

/* ---- Shared options ---- */

/* The bundled SAT trust store plus every --ca file. */
VntTrustStore *efirma_trust_store_new    (char       **ca_files,
                                          GError     **error);
/* Parses --now (ISO 8601; "Z" or an offset; a bare date means midnight
 * UTC). NULL @text gives NULL and TRUE. */
gboolean       efirma_parse_now          (const char  *text,
                                          GDateTime  **now,
                                          GError     **error);
/* efirma_parse_now () of @now_text, then efirma_trust_store_new () of
 * @ca_files; FALSE after printing the usage error. */
gboolean       efirma_parse_now_and_trust (const char     *now_text,
                                           char          **ca_files,
                                           GDateTime     **now,
                                           VntTrustStore **trust);
/* --ocsp[=URL]: whether to ask a responder, and which (NULL: SAT's). */
typedef struct
{
  gboolean  asked;
  char     *url;
} EfirmaOcspOption;

/* The callback of --ocsp[=URL] (G_OPTION_FLAG_OPTIONAL_ARG): checks that the
 * URL is http:// or https:// and keeps it in @data, the EfirmaOcspOption
 * given to efirma_option_context_new_full (). */
gboolean       efirma_parse_ocsp_option  (const char  *option_name,
                                          const char  *value,
                                          gpointer     data,
                                          GError     **error);
/* Asks the OCSP responder at @url (NULL: SAT's) about every one of
 * @certificates (element type VntCertificate) at once, the issuers found in
 * @trust (so --ca counts). One VntOcspResult per certificate, in order;
 * what cannot be asked or answered is "unavailable", never "good". */
GPtrArray     *efirma_check_revocations  (VntTrustStore *trust,
                                          const char    *url,
                                          GPtrArray     *certificates);
/* Reads FILE, or standard input for NULL or "-", up to 256 MiB. */
GBytes        *efirma_read_input         (const char  *path,
                                          GError     **error);
/* The same, refusing more than @max bytes (G_FILE_ERROR). */
GBytes        *efirma_read_input_max     (const char  *path,
                                          gsize        max,
                                          GError     **error);
/* Certificates, keys, PKCS#12 and requests are a few KiB. */
#define EFIRMA_MAX_CREDENTIAL_FILE (10 * 1024 * 1024)
/* The largest --batch list: 10 000 long lines. */
#define EFIRMA_MAX_BATCH_LIST (4 * 1024 * 1024)
/* Refuses, before anything reads it, a credential path that is a folder, a
 * device (/dev/zero) or larger than EFIRMA_MAX_CREDENTIAL_FILE. */
gboolean       efirma_check_input_file   (const char  *path,
                                          GError     **error);
/* Writes to FILE (replacing it), or standard output for NULL or "-". */
gboolean       efirma_write_output       (const char  *path,
                                          GBytes      *data,
                                          GError     **error);

/* ---- Output ---- */

/* "2023-05-17T04:37:14Z" */
char       *efirma_format_time           (GDateTime       *time);
/* Adds "@name": @time as efirma_format_time () writes it, or null. */
void        efirma_json_add_time         (JsonBuilder     *builder,
                                          const char      *name,
                                          GDateTime       *time);
/* The stable code of an error: the crypto code, "unreadable-file" for
 * file and I/O errors, else "failed". */
const char *efirma_error_code            (const GError    *error);
/* TRUE for errors that make a command exit with EFIRMA_EXIT_USAGE. */
gboolean    efirma_error_is_io           (const GError    *error);

/* Adds who @certificate names: "rfc", "curp", "representative_rfc",
 * "representative_curp" and "name". */
void        efirma_json_add_holder       (JsonBuilder     *builder,
                                          VntCertificate  *certificate);
/* "fisica", "moral" or NULL */
const char *efirma_persona_to_json       (VntPersona       persona);
/* {"code", "message"} */
JsonNode   *efirma_error_to_json         (const GError    *error);
/* The "certificate" object of `inspect` and `check`; @trust gives "chain"
 * (NULL: null), @now (NULL: now) gives "days_left". */
JsonNode   *efirma_certificate_to_json   (VntCertificate  *certificate,
                                          VntTrustStore   *trust,
                                          GDateTime       *now);
/* The same with the chain status already known (a VntChainStatus, or -1
 * for null), so that a check report's verdict is not computed twice. */
JsonNode   *efirma_certificate_to_json_with_chain (VntCertificate *certificate,
                                                   int             chain,
                                                   GDateTime      *now);
/* Pretty-prints @node and a newline to standard output. */
void        efirma_print_json            (JsonNode        *node);

/* Aligned "Label:  value" rows for the readable output. */
typedef struct _EfirmaTable EfirmaTable;
EfirmaTable *efirma_table_new            (void);
void         efirma_table_free           (EfirmaTable     *table);
/* A NULL @value prints "—". */
void         efirma_table_add            (EfirmaTable     *table,
                                          const char      *label,
                                          const char      *value);
void         efirma_table_print          (EfirmaTable     *table,
                                          const char      *indent);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EfirmaTable, efirma_table_free)
/* The translated table of certificate facts. */
void         efirma_table_add_certificate (EfirmaTable    *table,
                                           VntCertificate *certificate,
                                           VntTrustStore  *trust,
                                           GDateTime      *now);

/* @trust (nullable) is the store that gave @chain, to word it truly. */
void         efirma_table_add_certificate_with_chain (EfirmaTable    *table,
                                                      VntCertificate *certificate,
                                                      int             chain,
                                                      VntTrustStore  *trust,
                                                      GDateTime      *now);

/* Pads @text with spaces to @width terminal columns. */
char        *efirma_pad                  (const char      *text,
                                          guint            width);
/* "RSA 2048"; NULL when @algorithm is. */
char        *efirma_describe_key (const char *algorithm,
                                  guint       bits);

G_END_DECLS
