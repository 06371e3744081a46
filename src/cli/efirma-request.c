/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "crypto/vnt-request-writer.h"
#include "efirma-new-password.h"

/* The key is written first, then its request: a stop in between leaves a
 * key without its .req, which `efirma request --key` makes again. */

/* What to say if a signal stops us while the files are written. */
static char *interrupted_message;

static void
interrupted_cb (int signum)
{
  if (interrupted_message != NULL)
    (void) !write (STDERR_FILENO, interrupted_message, strlen (interrupted_message));
  signal (signum, SIG_DFL);
  raise (signum);
}

static char *
remake_hint (const char *key,
             const char *rfc,
             const char *curp,
             const char *email,
             const char *rep_rfc,
             const char *rep_curp)
{
  g_autofree char *ids = curp != NULL ? g_strdup_printf ("--curp %s", curp)
                                      : g_strdup_printf ("--representative-rfc %s --representative-curp %s",
                                                         rep_rfc, rep_curp);

  return g_strdup_printf (_("Make its request again from that key, or delete the key:\n"
                            "  efirma request --key %s --rfc %s %s --email %s\n"),
                          key, rfc, ids, email);
}

/* The Claveprivada_FIEL_….key files of @folder. */
static GPtrArray *
list_keys (const char *folder)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "Claveprivada_FIEL_") && g_str_has_suffix (name, ".key"))
      g_ptr_array_add (keys, g_build_filename (folder, name, NULL));

  return keys;
}

/* A key this run left in @folder without its request, or NULL. */
static char *
find_lone_key (const char *folder,
               GPtrArray  *before)
{
  g_autoptr(GPtrArray) after = list_keys (folder);

  for (guint i = 0; i < after->len; i++)
    {
      const char *key = after->pdata[i];
      g_autofree char *base = g_path_get_basename (key);
      g_autofree char *stem = g_strndup (base + strlen ("Claveprivada_FIEL_"),
                                         strlen (base) - strlen ("Claveprivada_FIEL_") - strlen (".key"));
      g_autofree char *req_name = g_strconcat ("Requerimiento_FIEL_", stem, ".req", NULL);
      g_autofree char *req = g_build_filename (folder, req_name, NULL);

      if (!g_ptr_array_find_with_equal_func (before, key, g_str_equal, NULL) &&
          !g_file_test (req, G_FILE_TEST_EXISTS))
        return g_strdup (key);
    }

  return NULL;
}

int
efirma_request_main (int    argc,
                     char **argv)
{
  g_autofree char *rfc = NULL;
  g_autofree char *curp = NULL;
  g_autofree char *email = NULL;
  g_autofree char *rep_rfc = NULL;
  g_autofree char *rep_curp = NULL;
  g_autofree char *out = NULL;
  g_autofree char *key = NULL;
  int bits = 0;
  g_auto(EfirmaPasswords) passwords = EFIRMA_PASSWORDS_INIT;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "rfc", 0, 0, G_OPTION_ARG_STRING, &rfc,
      N_("RFC of the holder; for a persona moral, the company’s"), N_("RFC") },
    { "curp", 0, 0, G_OPTION_ARG_STRING, &curp, N_("CURP of the holder (persona física)"), N_("CURP") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("E-mail address for the certificate"), N_("ADDRESS") },
    { "representative-rfc", 0, 0, G_OPTION_ARG_STRING, &rep_rfc,
      N_("Persona moral: RFC of the legal representative"), N_("RFC") },
    { "representative-curp", 0, 0, G_OPTION_ARG_STRING, &rep_curp,
      N_("Persona moral: CURP of the legal representative"), N_("CURP") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Folder for the new files"), N_("DIR") },
    { "bits", 0, 0, G_OPTION_ARG_INT, &bits, N_("Key size: 2048 (default) or 4096"), N_("BITS") },
    EFIRMA_NEW_PASSWORD_OPTIONS (passwords.new_source),
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key,
      N_("Make the .req again for this existing private key (default folder: the key’s)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (passwords.source),
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key_folder = NULL;
  VntEfirmaParams  params;

  context = efirma_option_context_new (N_("--rfc RFC --email ADDRESS --out DIR {--curp CURP | --representative-rfc RFC --representative-curp CURP}"),
                                       N_("Makes the files of a new e.firma requirement, as SAT’s Certifica "
                                          "does: a new private key (Claveprivada_FIEL_….key, under a password "
                                          "you choose) and the request (Requerimiento_FIEL_….req) to take to SAT. "
                                          "With --key, only the request again, for a key already made."),
                                       entries);
  if (!efirma_refuse_new_password_in_argv (argc, argv) ||
      !efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (key != NULL)
    {
      key_folder = g_path_get_dirname (key);
      if (out == NULL)
        out = g_strdup (key_folder);
      if (bits != 0 || efirma_password_source_is_set (&passwords.new_source))
        {
          efirma_usage_error (g_get_prgname (),
                              _("--key reuses a key already made: --bits and --new-password-… do not apply. "
                                "Give its password with --password-file or --password-fd."));
          return EFIRMA_EXIT_USAGE;
        }
    }
  else if (efirma_password_source_is_set (&passwords.source))
    {
      efirma_usage_error (g_get_prgname (),
                          _("--password-file and --password-fd are for the key of --key; the password of a new "
                            "key is given with --new-password-file or --new-password-fd."));
      return EFIRMA_EXIT_USAGE;
    }

  if (rfc == NULL || email == NULL || out == NULL || argc > 1 ||
      (rep_rfc == NULL) != (rep_curp == NULL) || (curp == NULL) == (rep_rfc == NULL))
    {
      efirma_usage_error (g_get_prgname (),
                          _("Give --rfc, --email and --out, and either --curp (persona física) or "
                            "--representative-rfc and --representative-curp (persona moral)."));
      return EFIRMA_EXIT_USAGE;
    }
  if (!efirma_check_bits (&bits) || !efirma_check_out_folder (out))
    return EFIRMA_EXIT_USAGE;
  params = (VntEfirmaParams){
    .folder = out,
    .bits = bits,
    .rfc = rfc,
    .curp = curp,
    .representative_rfc = rep_rfc,
    .representative_curp = rep_curp,
    .email = email,
  };

  if (key != NULL)
    {
      if (!efirma_check_input_file (key, &error) ||
          !efirma_password_for_pair (&passwords.source, NULL, key, &passwords.password, &error))
        return efirma_report_error (error);
      params.key_path = key;
      params.password = passwords.password;
      path = vnt_request_writer_create_for_key (&params, NULL, NULL, &error);
      if (path == NULL)
        return efirma_report_error (error);
      g_print (_("Request:     %s\n"), path);
      g_print (_("Take the .req to SAT with your appointment, with the key it was made for.\n"));
      return EFIRMA_EXIT_OK;
    }

  passwords.new_password = efirma_new_password_read (&passwords.new_source, VNT_KEY_PROTECTION_SAT,
                                                     &error);
  if (passwords.new_password == NULL)
    return efirma_report_error (error);

  {
    g_autoptr(GPtrArray) keys_before = list_keys (out);
    g_autofree char *pattern = g_build_filename (out, "Claveprivada_FIEL_….key", NULL);
    g_autofree char *hint = remake_hint (pattern, rfc, curp, email, rep_rfc, rep_curp);
    struct sigaction action = { .sa_handler = interrupted_cb };
    struct sigaction old_int, old_term, old_hup;

    interrupted_message = g_strdup_printf (_("\n%s: interrupted. If a private key was left in “%s” without its "
                                             ".req, %s"), g_get_prgname (), out, hint);
    sigemptyset (&action.sa_mask);
    sigaction (SIGINT, &action, &old_int);
    sigaction (SIGTERM, &action, &old_term);
    sigaction (SIGHUP, &action, &old_hup);

    params.new_password = passwords.new_password;
    paths = vnt_request_writer_create_efirma (&params, NULL, NULL, &error);

    sigaction (SIGINT, &old_int, NULL);
    sigaction (SIGTERM, &old_term, NULL);
    sigaction (SIGHUP, &old_hup, NULL);
    g_clear_pointer (&interrupted_message, g_free);

    if (paths == NULL)
      {
        g_autofree char *lone = find_lone_key (out, keys_before);
        int              status = efirma_report_error (error);

        if (lone != NULL)
          {
            g_autofree char *lone_hint = remake_hint (lone, rfc, curp, email, rep_rfc, rep_curp);

            g_printerr (_("The private key “%s” was written, but not its request. %s"), lone, lone_hint);
          }
        return status;
      }
  }

  g_print (_("Private key: %s\n"), paths[0]);
  g_print (_("Request:     %s\n"), paths[1]);
  g_print (_("Keep the private key and its password safe: SAT never asks for them. Take the .req to SAT with your appointment.\n"));
  return EFIRMA_EXIT_OK;
}
