/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "crypto/vnt-file-type.h"
#include "crypto/vnt-key-info.h"
#include "efirma-common.h"
#include "net/vnt-ocsp-client.h"

/* A password longer than this is a mistake (a wrong file), not a password. */
#define MAX_PASSWORD 1024
/* Nothing `efirma` reads as input to sign or verify is larger. */
#define EFIRMA_MAX_INPUT (256 * 1024 * 1024)

/* ---- Options ---- */

GOptionContext *
efirma_option_context_new_full (const char   *parameter_string,
                                const char   *summary,
                                GOptionEntry *entries,
                                gpointer      data)
{
  GOptionContext *context = g_option_context_new (parameter_string);
  GOptionGroup *main_group = g_option_group_new (NULL, NULL, NULL, data, NULL);

  g_option_group_add_entries (main_group, entries);
  g_option_group_set_translation_domain (main_group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, main_group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);

  return context;
}

GOptionContext *
efirma_option_context_new (const char   *parameter_string,
                           const char   *summary,
                           GOptionEntry *entries)
{
  return efirma_option_context_new_full (parameter_string, summary, entries, NULL);
}

void
efirma_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", command != NULL ? command : "efirma", message);
  if (command != NULL)
    g_printerr (_("Try “%s --help” for the options.\n"), command);
}

gboolean
efirma_refuse_secret_in_argv (int         argc,
                              char      **argv,
                              const char *name,
                              const char *short_name,
                              const char *message)
{
  g_autofree char *option = g_strconcat ("--", name, NULL);
  g_autofree char *prefix = g_strconcat (option, "=", NULL);

  for (int i = 1; i < argc; i++)
    {
      char *arg = argv[i];
      char *value;

      if (g_str_equal (arg, "--"))
        break;

      if (g_str_equal (arg, option) || g_strcmp0 (arg, short_name) == 0)
        value = i + 1 < argc ? argv[i + 1] : NULL;
      else if (g_str_has_prefix (arg, prefix))
        value = arg + strlen (prefix);
      else
        continue;

      if (value != NULL)
        vnt_memzero (value, strlen (value));
      efirma_usage_error (g_get_prgname (), "%s", message);
      return FALSE;
    }

  return TRUE;
}

gboolean
efirma_option_context_parse (GOptionContext  *context,
                             int             *argc,
                             char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!efirma_refuse_secret_in_argv (*argc, *argv, "password", "-p",
                                     _("Passwords are never accepted on the command line, "
                                       "where other users of this computer can see them. "
                                       "Type it when asked, or use --password-file FILE or "
                                       "--password-fd FD.")))
    return FALSE;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      efirma_usage_error (g_get_prgname (), "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* ---- Passwords ---- */

gboolean
efirma_password_source_is_set (const EfirmaPasswordSource *source)
{
  return source->file != NULL || source->fd >= 0;
}

void
efirma_password_source_clear (EfirmaPasswordSource *source)
{
  g_clear_pointer (&source->file, g_free);
  source->fd = -1;
}

/* Keeps only the first line, and turns Windows-1252 bytes (a password file
 * written on Windows) into the UTF-8 the crypto layer expects; it tries the
 * Windows-1252 form again when opening the key. */
static VntSecret *
finish_secret (char   *buf,
               gsize   len,
               GError **error)
{
  char *newline = memchr (buf, '\n', len);
  g_autoptr(VntSecret) converted = NULL;

  if (newline != NULL)
    len = newline - buf;
  if (len > 0 && buf[len - 1] == '\r')
    len--;
  vnt_memzero (buf + len, MAX_PASSWORD + 1 - len);

  if (g_utf8_validate (buf, len, NULL))
    return buf;

  converted = g_convert (buf, len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  vnt_memzero (buf, MAX_PASSWORD + 1);
  g_free (buf);
  if (converted == NULL)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("The password is neither UTF-8 nor Windows-1252 text. Save the password file as plain text."));
      return NULL;
    }

  return g_steal_pointer (&converted);
}

/* Reads up to the first newline (or the end) into a fixed buffer, so that no
 * copy of the secret is left behind by a reallocation. */
static VntSecret *
read_secret_fd (int          fd,
                const char  *what,
                GError     **error)
{
  char *buf = g_malloc0 (MAX_PASSWORD + 1);
  gsize len = 0;

  while (len < MAX_PASSWORD)
    {
      ssize_t n = read (fd, buf + len, MAX_PASSWORD - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          vnt_secret_free (buf);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not read the password from %s: %s"), what, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;

      len += n;
      if (memchr (buf + len - n, '\n', n) != NULL)
        break;
    }

  if (len == MAX_PASSWORD && memchr (buf, '\n', len) == NULL)
    {
      vnt_memzero (buf, MAX_PASSWORD + 1);
      g_free (buf);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The password in %s is too long. Check that it is the right file."), what);
      return NULL;
    }

  return finish_secret (buf, len, error);
}

VntSecret *
efirma_password_read_file (const char  *path,
                           GError     **error)
{
  g_autofree char *what = g_strdup_printf ("“%s”", path);
  VntSecret *secret;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not open the password file “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  secret = read_secret_fd (fd, what, error);
  close (fd);

  return secret;
}

static struct termios saved_termios;
static int saved_tty = -1;

static void
restore_tty (int signum)
{
  if (saved_tty >= 0)
    tcsetattr (saved_tty, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

static VntSecret *
prompt_password (const char  *prompt,
                 GError     **error)
{
  struct termios quiet;
  struct sigaction action = { 0 }, old_int, old_term;
  g_autofree char *what = NULL;
  VntSecret *secret;
  int tty;

  tty = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0 || tcgetattr (tty, &saved_termios) != 0)
    {
      if (tty >= 0)
        close (tty);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("There is no terminal to ask for the password. Use --password-file FILE or --password-fd FD."));
      return NULL;
    }

  /* Ctrl+C at the prompt must not leave the terminal without echo. */
  saved_tty = tty;
  action.sa_handler = restore_tty;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);

  quiet = saved_termios;
  quiet.c_lflag &= ~(ECHO | ECHOE | ECHOK);
  quiet.c_lflag |= ECHONL;
  tcsetattr (tty, TCSAFLUSH, &quiet);

  if (write (tty, prompt, strlen (prompt)) < 0)
    { /* nothing to do: reading still works */ }

  what = g_strdup (_("the terminal"));
  secret = read_secret_fd (tty, what, error);

  tcsetattr (tty, TCSAFLUSH, &saved_termios);
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  saved_tty = -1;
  close (tty);

  return secret;
}

VntSecret *
efirma_password_read (const EfirmaPasswordSource *source,
                      const char                 *prompt,
                      GError                    **error)
{
  if (source->file != NULL)
    return efirma_password_read_file (source->file, error);

  if (source->fd >= 0)
    {
      g_autofree char *what = g_strdup_printf (_("file descriptor %d"), source->fd);

      return read_secret_fd (source->fd, what, error);
    }

  return prompt_password (prompt != NULL ? prompt : _("Password: "), error);
}

/* Whether opening the pair needs a password at all: no prompt for an
 * unencrypted key or a PKCS#12 "without password". */
gboolean
efirma_needs_password (const char *cer,
                       const char *key)
{
  g_autoptr(VntKeyInfo) info = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;

  /* A path that is no file gets its message from the check, not a prompt. */
  if (!efirma_check_input_file (cer, NULL) || !efirma_check_input_file (key, NULL))
    return FALSE;

  if (key != NULL)
    {
      info = vnt_key_info_new_from_file (key, NULL);
      return info == NULL || vnt_key_info_get_encrypted (info);
    }

  data = efirma_read_input_max (cer, EFIRMA_MAX_CREDENTIAL_FILE, NULL);
  if (data == NULL)
    return FALSE;

  switch (vnt_file_type_guess (data))
    {
    case VNT_FILE_TYPE_PKCS12:
      {
        g_autoptr(VntCredential) credential = vnt_credential_new_from_pkcs12 (data, "", &error);

        return credential == NULL && g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
      }
    case VNT_FILE_TYPE_CERTIFICATE:
      info = vnt_key_info_new_from_bytes (data, NULL);
      return info != NULL && vnt_key_info_get_encrypted (info);
    case VNT_FILE_TYPE_PRIVATE_KEY:
    case VNT_FILE_TYPE_REQUEST:
    case VNT_FILE_TYPE_UNKNOWN:
    default:
      return FALSE;
    }
}

gboolean
efirma_password_for_pair (const EfirmaPasswordSource  *source,
                          const char                  *cer,
                          const char                  *key,
                          VntSecret                  **password,
                          GError                     **error)
{
  *password = NULL;
  if (!efirma_password_source_is_set (source) && !efirma_needs_password (cer, key))
    return TRUE;

  *password = efirma_password_read (source, _("Password of the private key: "), error);
  return *password != NULL;
}

/* ---- Shared options ---- */

VntTrustStore *
efirma_trust_store_new (char   **ca_files,
                        GError **error)
{
  g_autoptr(VntTrustStore) trust = NULL;

  /* The shared store is loaded once per process and safe for many threads;
   * extra CAs need a store of their own. */
  if (ca_files == NULL || ca_files[0] == NULL)
    return g_object_ref (vnt_trust_store_get_default ());

  trust = vnt_trust_store_new_default ();
  for (guint i = 0; ca_files != NULL && ca_files[i] != NULL; i++)
    if (!vnt_trust_store_add_file (trust, ca_files[i], error))
      return NULL;

  return g_steal_pointer (&trust);
}

gboolean
efirma_parse_now (const char  *text,
                  GDateTime  **now,
                  GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *full = NULL;

  *now = NULL;
  if (text == NULL)
    return TRUE;

  /* A bare date is midnight UTC. */
  if (strlen (text) == 10 && strchr (text, 'T') == NULL)
    full = g_strdup_printf ("%sT00:00:00Z", text);
  else
    full = g_strdup (text);

  *now = g_date_time_new_from_iso8601 (full, utc);
  if (*now == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a time. Use ISO 8601, for example 2025-01-31T12:00:00Z."), text);
      return FALSE;
    }

  return TRUE;
}

gboolean
efirma_parse_now_and_trust (const char     *now_text,
                            char          **ca_files,
                            GDateTime     **now,
                            VntTrustStore **trust)
{
  g_autoptr(GError) error = NULL;

  if (efirma_parse_now (now_text, now, &error) &&
      (*trust = efirma_trust_store_new (ca_files, &error)) != NULL)
    return TRUE;

  efirma_usage_error (g_get_prgname (), "%s", error->message);
  return FALSE;
}

gboolean
efirma_parse_ocsp_option (const char  *option_name,
                          const char  *value,
                          gpointer     data,
                          GError     **error)
{
  EfirmaOcspOption *ocsp = data;

  if (value != NULL && !g_str_has_prefix (value, "https://") &&
      !g_str_has_prefix (value, "http://"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--ocsp takes an http:// or https:// address, not “%s”."), value);
      return FALSE;
    }

  ocsp->asked = TRUE;
  g_free (ocsp->url);
  ocsp->url = g_strdup (value);
  return TRUE;
}

GPtrArray *
efirma_check_revocations (VntTrustStore *trust,
                          const char    *url,
                          GPtrArray     *certificates)
{
  g_autoptr(VntOcspClient) client = vnt_ocsp_client_new (url);
  GPtrArray *results;

  /* Only cancelling fails, and nothing cancels here. */
  results = vnt_ocsp_client_check_all_with_trust (client, certificates, trust, NULL, NULL);
  if (results == NULL)
    {
      results = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < certificates->len; i++)
        g_ptr_array_add (results, vnt_ocsp_result_new_unavailable (VNT_OCSP_FAILURE_UNREACHABLE));
    }

  return results;
}

/* A pipe given by name is read with a bound in time too: one that nobody
 * writes to (a FIFO without a writer) must end in a message, not wait
 * forever. */
#define EFIRMA_PIPE_TIMEOUT_MS (5 * 1000)

static void
set_pipe_timeout_error (const char  *path,
                        GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _("Nothing came through the pipe “%s” for %d seconds. Give the file itself, or make sure "
                 "something writes to the pipe."), path, EFIRMA_PIPE_TIMEOUT_MS / 1000);
}

/* Waits until @fd (a pipe) can be read; FALSE when the time is up. */
static gboolean
wait_readable (int fd)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  int ret;

  do
    ret = poll (&pfd, 1, EFIRMA_PIPE_TIMEOUT_MS);
  while (ret < 0 && errno == EINTR);

  return ret > 0;
}

GBytes *
efirma_read_input_max (const char  *path,
                       gsize        max,
                       GError     **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  gboolean is_stdin = path == NULL || g_str_equal (path, "-");
  gboolean is_pipe = FALSE;
  guint8 buf[65536];
  int fd = STDIN_FILENO;

  /* Read by hand, not with g_file_get_contents(): a device or a huge file
   * given by mistake must end in a message, not in all the memory. Opened
   * without blocking: opening a FIFO nobody writes to would wait forever. */
  if (!is_stdin)
    {
      struct stat st;

      fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not read “%s”: %s"), path, g_strerror (saved));
          return NULL;
        }
      is_pipe = fstat (fd, &st) == 0 && S_ISFIFO (st.st_mode);
    }

  for (;;)
    {
      ssize_t n;

      if (is_pipe && !wait_readable (fd))
        {
          set_pipe_timeout_error (path, &local_error);
          break;
        }

      n = read (fd, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || (is_pipe && errno == EAGAIN)))
        continue;
      if (n < 0)
        {
          int saved = errno;

          if (is_stdin)
            g_set_error (&local_error, G_FILE_ERROR, g_file_error_from_errno (saved),
                         _("Could not read the standard input: %s"), g_strerror (saved));
          else
            g_set_error (&local_error, G_FILE_ERROR, g_file_error_from_errno (saved),
                         _("Could not read “%s”: %s"), path, g_strerror (saved));
          break;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > max)
        {
          g_autofree char *size = g_format_size (max);

          if (is_stdin)
            g_set_error (&local_error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                         _("The standard input is larger than %s. Check that it is the right input."), size);
          else
            g_set_error (&local_error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                         _("“%s” is larger than %s. Check that it is the right file."), path, size);
          break;
        }
      g_byte_array_append (data, buf, n);
    }

  if (!is_stdin)
    close (fd);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

gboolean
efirma_check_input_file (const char  *path,
                         GError     **error)
{
  GStatBuf st;

  if (path == NULL || g_str_equal (path, "-"))
    return TRUE;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not read “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* Pipes are fine (--cer <(…)); devices and folders are not files. */
  if (S_ISDIR (st.st_mode) || S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode) || S_ISSOCK (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” is not a file. Choose the .cer, .key or .pfx file."), path);
      return FALSE;
    }

  /* A pipe must have something to read within a while: the reader after
   * this one opens it blocking. Ours stays open until the command ends, so
   * that what arrived is still there for it. */
  if (S_ISFIFO (st.st_mode))
    {
      int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

      if (fd < 0 || !wait_readable (fd))
        {
          if (fd >= 0)
            close (fd);
          set_pipe_timeout_error (path, error);
          return FALSE;
        }
    }

  if (S_ISREG (st.st_mode) && (guint64) st.st_size > EFIRMA_MAX_CREDENTIAL_FILE)
    {
      g_autofree char *size = g_format_size (EFIRMA_MAX_CREDENTIAL_FILE);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” is larger than %s. Check that it is the right file."), path, size);
      return FALSE;
    }

  return TRUE;
}

GBytes *
efirma_read_input (const char  *path,
                   GError     **error)
{
  return efirma_read_input_max (path, EFIRMA_MAX_INPUT, error);
}

gboolean
efirma_write_output (const char  *path,
                     GBytes      *data,
                     GError     **error)
{
  const guint8 *p;
  gsize len;

  p = g_bytes_get_data (data, &len);

  if (path != NULL && !g_str_equal (path, "-"))
    {
      return g_file_set_contents (path, (const char *) p, len, error);
    }

  fflush (stdout);
  while (len > 0)
    {
      ssize_t n = write (STDOUT_FILENO, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not write to the standard output: %s"), g_strerror (saved));
          return FALSE;
        }
      p += n;
      len -= n;
    }

  return TRUE;
}

/* ---- Output ---- */

/* @time in UTC, as @format writes it; NULL for NULL. */
static char *
format_utc (GDateTime  *time,
            const char *format)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, format);
}

char *
efirma_format_time (GDateTime *time)
{
  return format_utc (time, "%Y-%m-%dT%H:%M:%SZ");
}

void
efirma_json_add_time (JsonBuilder *builder,
                      const char  *name,
                      GDateTime   *time)
{
  g_autofree char *text = efirma_format_time (time);

  vnt_json_add_string (builder, name, text);
}

const char *
efirma_error_code (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == VNT_CRYPTO_ERROR)
    return vnt_crypto_error_code_to_string (error->code);
  if (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    return "unreadable-file";

  return "failed";
}

gboolean
efirma_error_is_io (const GError *error)
{
  return error != NULL &&
         (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE) ||
          error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR);
}

int
efirma_report_error (const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);

  return efirma_error_is_io (error) ? EFIRMA_EXIT_USAGE : EFIRMA_EXIT_INVALID;
}

JsonNode *
efirma_error_to_json (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "code", efirma_error_code (error));
  vnt_json_add_string (builder, "message", error->message);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
efirma_persona_to_json (VntPersona persona)
{
  /* Unknown is no value at all in the JSON. */
  return persona != VNT_PERSONA_UNKNOWN ? vnt_persona_to_string (persona) : NULL;
}

char *
efirma_describe_key (const char *algorithm,
                     guint       bits)
{
  return algorithm != NULL ? g_strdup_printf ("%s %u", algorithm, bits) : NULL;
}

static char *
describe_certificate_key (VntCertificate *certificate)
{
  return efirma_describe_key (vnt_certificate_get_key_algorithm (certificate),
                              vnt_certificate_get_key_bits (certificate));
}

JsonNode *
efirma_certificate_to_json (VntCertificate *certificate,
                            VntTrustStore  *trust,
                            GDateTime      *now)
{
  int chain = trust != NULL ? (int) vnt_trust_store_verify (trust, certificate, now, NULL) : -1;

  return efirma_certificate_to_json_with_chain (certificate, chain, now);
}

void
efirma_json_add_holder (JsonBuilder    *builder,
                        VntCertificate *certificate)
{
  vnt_json_add_string (builder, "rfc", vnt_certificate_get_rfc (certificate));
  vnt_json_add_string (builder, "curp", vnt_certificate_get_curp (certificate));
  vnt_json_add_string (builder, "representative_rfc",
                       vnt_certificate_get_representative_rfc (certificate));
  vnt_json_add_string (builder, "representative_curp",
                       vnt_certificate_get_representative_curp (certificate));
  vnt_json_add_string (builder, "name", vnt_certificate_get_name (certificate));
}

JsonNode *
efirma_certificate_to_json_with_chain (VntCertificate *certificate,
                                       int             chain,
                                       GDateTime      *now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *not_before = efirma_format_time (vnt_certificate_get_not_before (certificate));
  g_autofree char *not_after = efirma_format_time (vnt_certificate_get_not_after (certificate));
  g_autofree char *key = describe_certificate_key (certificate);

  json_builder_begin_object (builder);
  efirma_json_add_holder (builder, certificate);
  vnt_json_add_string (builder, "email", vnt_certificate_get_email (certificate));
  vnt_json_add_string (builder, "certificate_number", vnt_certificate_get_number (certificate));
  vnt_json_add_string (builder, "serial_hex", vnt_certificate_get_serial_hex (certificate));
  vnt_json_add_string (builder, "not_before", not_before);
  vnt_json_add_string (builder, "not_after", not_after);
  vnt_json_add_int (builder, "days_left", vnt_certificate_get_days_left (certificate, now));
  vnt_json_add_string (builder, "kind",
                       vnt_certificate_kind_to_string (vnt_certificate_get_kind (certificate)));
  vnt_json_add_string (builder, "persona",
                       efirma_persona_to_json (vnt_certificate_get_persona (certificate)));
  vnt_json_add_string (builder, "issuer", vnt_certificate_get_issuer_name (certificate));
  vnt_json_add_string (builder, "key", key);
  vnt_json_add_string (builder, "chain", chain >= 0 ? vnt_chain_status_to_string (chain) : NULL);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Replaces, in place, every string (value or member name) of @node that
 * is not UTF-8 by its valid form (U+FFFD for what is not). */
static void
make_valid_utf8 (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        for (GList *l = members; l != NULL; l = l->next)
          {
            const char *name = l->data;
            JsonNode *child = json_object_get_member (object, name);

            make_valid_utf8 (child);
            if (!g_utf8_validate (name, -1, NULL))
              {
                g_autofree char *valid = g_utf8_make_valid (name, -1);

                json_object_set_member (object, valid, json_node_ref (child));
                json_object_remove_member (object, name);
              }
          }
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          make_valid_utf8 (json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (json_node_get_string (node), -1);

          json_node_set_string (node, valid);
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

void
efirma_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  /* JSON is UTF-8 whatever a file or a certificate held. */
  make_valid_utf8 (node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  g_print ("%s\n", text);
}

/* ---- Tables ---- */

struct _EfirmaTable
{
  GPtrArray *labels;
  GPtrArray *values;
};

EfirmaTable *
efirma_table_new (void)
{
  EfirmaTable *table = g_new0 (EfirmaTable, 1);

  table->labels = g_ptr_array_new_with_free_func (g_free);
  table->values = g_ptr_array_new_with_free_func (g_free);

  return table;
}

void
efirma_table_free (EfirmaTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_unref (table->labels);
  g_ptr_array_unref (table->values);
  g_free (table);
}

void
efirma_table_add (EfirmaTable *table,
                  const char  *label,
                  const char  *value)
{
  g_ptr_array_add (table->labels, g_strdup (label));
  g_ptr_array_add (table->values, g_strdup (value != NULL && *value != '\0' ? value : "—"));
}

char *
efirma_pad (const char *text,
            guint       width)
{
  glong len = g_utf8_strlen (text, -1);
  GString *padded = g_string_new (text);

  for (glong i = len; i < (glong) width; i++)
    g_string_append_c (padded, ' ');

  return g_string_free (padded, FALSE);
}

void
efirma_table_print (EfirmaTable *table,
                    const char  *indent)
{
  guint width = 0;

  for (guint i = 0; i < table->labels->len; i++)
    width = MAX (width, (guint) g_utf8_strlen (g_ptr_array_index (table->labels, i), -1) + 1);

  for (guint i = 0; i < table->labels->len; i++)
    {
      g_autofree char *label = g_strconcat (g_ptr_array_index (table->labels, i), ":", NULL);
      g_autofree char *padded = efirma_pad (label, width);

      g_print ("%s%s  %s\n", indent != NULL ? indent : "", padded,
               (const char *) g_ptr_array_index (table->values, i));
    }
}

static char *
format_validity (GDateTime *time)
{
  return format_utc (time, "%Y-%m-%d %H:%M:%S UTC");
}

void
efirma_table_add_certificate (EfirmaTable    *table,
                              VntCertificate *certificate,
                              VntTrustStore  *trust,
                              GDateTime      *now)
{
  int chain = trust != NULL ? (int) vnt_trust_store_verify (trust, certificate, now, NULL) : -1;

  efirma_table_add_certificate_with_chain (table, certificate, chain, trust, now);
}

void
efirma_table_add_certificate_with_chain (EfirmaTable    *table,
                                         VntCertificate *certificate,
                                         int             chain,
                                         VntTrustStore  *trust,
                                         GDateTime      *now)
{
  g_autofree char *not_before = format_validity (vnt_certificate_get_not_before (certificate));
  g_autofree char *not_after = format_validity (vnt_certificate_get_not_after (certificate));
  g_autofree char *until = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *key = describe_certificate_key (certificate);
  const char *persona = NULL;
  int days = vnt_certificate_get_days_left (certificate, now);

  if (days >= 0)
    until = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day left)", "%s (%d days left)", days),
                             not_after, days);
  else
    until = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (expired %d day ago)", "%s (expired %d days ago)", -days),
                             not_after, -days);

  switch (vnt_certificate_get_kind (certificate))
    {
    case VNT_CERTIFICATE_KIND_EFIRMA:
      kind = g_strdup (_("e.firma"));
      break;
    case VNT_CERTIFICATE_KIND_CSD:
      kind = g_strdup (_("CSD (digital seal for invoices)"));
      break;
    case VNT_CERTIFICATE_KIND_OTHER:
    default:
      kind = g_strdup (_("other"));
      break;
    }
  if (vnt_certificate_get_kind_disagreement (certificate))
    {
      g_autofree char *plain = g_steal_pointer (&kind);

      kind = g_strdup_printf (_("%s (its signals disagree)"), plain);
    }

  switch (vnt_certificate_get_persona (certificate))
    {
    case VNT_PERSONA_FISICA:
      persona = _("persona física (individual)");
      break;
    case VNT_PERSONA_MORAL:
      persona = _("persona moral (company)");
      break;
    case VNT_PERSONA_UNKNOWN:
    default:
      break;
    }

  efirma_table_add (table, _("Holder"), vnt_certificate_get_name (certificate));
  efirma_table_add (table, _("RFC"), vnt_certificate_get_rfc (certificate));
  efirma_table_add (table, _("CURP"), vnt_certificate_get_curp (certificate));
  if (vnt_certificate_get_persona (certificate) == VNT_PERSONA_MORAL)
    {
      efirma_table_add (table, _("Representative’s RFC"), vnt_certificate_get_representative_rfc (certificate));
      efirma_table_add (table, _("Representative’s CURP"), vnt_certificate_get_representative_curp (certificate));
    }
  efirma_table_add (table, _("E-mail"), vnt_certificate_get_email (certificate));
  efirma_table_add (table, _("Certificate number"), vnt_certificate_get_number (certificate));
  efirma_table_add (table, _("Valid from"), not_before);
  efirma_table_add (table, _("Valid until"), until);
  efirma_table_add (table, _("Kind"), kind);
  efirma_table_add (table, _("Taxpayer"), persona);
  efirma_table_add (table, _("Issuer"), vnt_certificate_get_issuer_name (certificate));
  efirma_table_add (table, _("Key"), key);
  if (chain >= 0)
    {
      /* "Issued by SAT" only when the chain ends at Banco de México, not at
       * a CA added with --ca. */
      gboolean banxico = trust == NULL || (chain != VNT_CHAIN_STATUS_VALID && chain != VNT_CHAIN_STATUS_EXPIRED)
                         || vnt_trust_store_chains_to_banxico (trust, certificate, now);

      efirma_table_add (table, _("Chain of trust"), vnt_chain_status_to_message_for_anchor (chain, banxico));
    }
}
