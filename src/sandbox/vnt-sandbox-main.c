/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox-main.h"
#include "sandbox/vnt-sandbox.h"

#define DEFAULT_LISTEN "127.0.0.1:8443"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* Prints why the sandbox cannot start; returns the exit @status. */
static int
fail (int         status,
      const char *message)
{
  g_printerr ("ventanilla-sandbox: %s\n", message);
  return status;
}

static GInetSocketAddress *
parse_listen (const char  *text,
              GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  connectable = g_network_address_parse (text, 0, error);
  if (connectable == NULL)
    return NULL;

  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--listen takes an IP address and a port, such as 127.0.0.1:8443, not “%s”."), text);
      return NULL;
    }

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address,
                                                           g_network_address_get_port (G_NETWORK_ADDRESS (connectable))));
}

/* The given pair, or the one beside the database (in the folder that
 * vnt_sandbox_db_open () made), made on first start. */
static VntServiceIdentity *
load_identity (const char  *db_path,
               const char  *cert_path,
               const char  *key_path,
               gboolean    *generated,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *own_cert = g_build_filename (dir, "sandbox-certificate.pem", NULL);
  g_autofree char *own_key = g_build_filename (dir, "sandbox-key.pem", NULL);

  if (cert_path != NULL)
    return vnt_service_identity_open (cert_path, key_path, NULL, generated, error);

  return vnt_service_identity_open (own_cert, own_key, "ventanilla-sandbox", generated, error);
}

/* Registers each --add-account (CURP,RFC,NAME,CERTIFICATE-NUMBER) whose
 * CURP has no account yet: accounts to practise an actualización with
 * (they predate the e.firma). 0, or the exit status after saying why. */
static int
add_accounts (VntSandboxDb *db,
              char        **specs)
{
  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (specs[i], ",", 4);
      g_autoptr(VntSandboxAccount) existing = NULL;
      g_autoptr(GError) error = NULL;
      gint64            now = g_get_real_time () / G_USEC_PER_SEC;
      VntSandboxAccount account = { 0 };

      if (g_strv_length (fields) != 4)
        return fail (2, _("--add-account takes CURP,RFC,NAME,CERTIFICATE-NUMBER."));

      existing = vnt_sandbox_db_find_account (db, fields[0]);
      if (existing != NULL)
        continue;

      account.curp = fields[0];
      account.rfc = fields[1];
      account.name = fields[2];
      account.certificate_number = fields[3];
      account.created_at = now;
      account.updated_at = now;
      if (!vnt_sandbox_db_add_account (db, &account, &error))
        return fail (1, error->message);
    }

  return 0;
}

/* Registers each --add-representation (CURP,COMPANY-RFC,RAZON-SOCIAL):
 * companies to practise "Eliminar empresa representada" with, as if
 * "Registrar empresa representada" had concluded. As add_accounts (). */
static int
add_representations (VntSandboxDb *db,
                     char        **specs)
{
  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (specs[i], ",", 3);
      g_autofree char *folio = NULL;
      g_autoptr(GError) error = NULL;

      if (g_strv_length (fields) != 3)
        return fail (2, _("--add-representation takes CURP,COMPANY-RFC,RAZON-SOCIAL."));

      folio = g_strconcat ("SANDBOX-", fields[1], NULL);
      if (!vnt_sandbox_db_execute (db, NULL, &error,
                                   "INSERT OR IGNORE INTO representations (company_rfc, "
                                   "representative_curp, razon_social, tipo_poder, folio, "
                                   "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   "sssssi", fields[1], fields[0], fields[2], "dominio", folio,
                                   g_get_real_time () / G_USEC_PER_SEC))
        return fail (1, error->message);
    }

  return 0;
}

/* Gives @sandbox the IDSE CA and, with @practice, the practice CA whose
 * certificates practice mode trusts; both live beside the database, made
 * on first start. Sets the SHA-256 of each certificate given. */
static gboolean
open_authorities (VntSandbox *sandbox,
                  const char *db_path,
                  gboolean    practice,
                  char      **idse_ca_sha256,
                  char      **practice_ca_sha256,
                  GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autoptr(VntIdseCa) idse_ca = vnt_idse_ca_open (dir, error);
  g_autoptr(VntPracticeCa) practice_ca = NULL;

  if (idse_ca == NULL)
    return FALSE;
  vnt_sandbox_set_idse_ca (sandbox, idse_ca);
  *idse_ca_sha256 = g_strdup (vnt_certificate_get_sha256 (vnt_idse_ca_get_certificate (idse_ca)));

  if (!practice)
    return TRUE;

  practice_ca = vnt_practice_ca_open (dir, NULL, error);
  if (practice_ca == NULL)
    return FALSE;
  vnt_sandbox_set_practice_ca (sandbox, practice_ca);
  *practice_ca_sha256 =
      g_strdup (vnt_certificate_get_sha256 (vnt_practice_ca_get_certificate (practice_ca)));
  return TRUE;
}

int
vnt_sandbox_main (int    argc,
                  char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_auto(GStrv) accounts = NULL;
  g_auto(GStrv) representations = NULL;
  g_autofree char *idse_ca_sha256 = NULL;
  g_autofree char *practice_ca_sha256 = NULL;
  gboolean http = FALSE, no_practice = FALSE, generated = FALSE;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address and port to listen on (default 127.0.0.1:8443)"), N_("HOST:PORT") },
    { "http", 0, 0, G_OPTION_ARG_NONE, &http,
      N_("Plain HTTP instead of HTTPS (loopback addresses only)"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The SQLite database (default: in the user’s data folder)"), N_("FILE") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("The server certificate, PEM (default: one made on first start)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("The server’s unencrypted private key, PEM"), N_("FILE") },
    { "no-practice", 0, 0, G_OPTION_ARG_NONE, &no_practice,
      N_("Refuse SAT’s test certificates and the practice CA’s, as a real service would"), NULL },
    { "add-account", 0, 0, G_OPTION_ARG_STRING_ARRAY, &accounts,
      N_("Register an Escritorio Virtual account unless its CURP has one (repeatable)"),
      N_("CURP,RFC,NAME,CERTIFICATE-NUMBER") },
    { "add-representation", 0, 0, G_OPTION_ARG_STRING_ARRAY, &representations,
      N_("Register CURP as the legal representative of a company, with a poder de dominio (repeatable)"),
      N_("CURP,COMPANY-RFC,RAZON-SOCIAL") },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(VntServiceIdentity) identity = NULL;
  g_autoptr(VntSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  VntSandboxDb *db;
  guint term_id, int_id;
  int              status;

  vnt_crypto_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("The reference Ventanilla service, for practice and tests (docs/protocol.md)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (2, error->message);

  if ((tls_cert == NULL) != (tls_key == NULL) || (http && tls_cert != NULL))
    return fail (2, _("Give both --tls-cert and --tls-key, and not with --http."));

  address = parse_listen (listen != NULL ? listen : DEFAULT_LISTEN, &error);
  if (address == NULL)
    return fail (2, error->message);

  /* Practice mode trusts SAT's test e.firmas and its own practice CA,
   * which anyone may hold: it must never be reachable from elsewhere. */
  if (!no_practice && !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    {
      g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (address));

      g_printerr ("ventanilla-sandbox: ");
      g_printerr (_("Practice mode listens only on a loopback address (127.0.0.1 or ::1), not on %s: it trusts test and practice certificates that anyone can hold. Use --listen 127.0.0.1:PORT, or --no-practice for a service others reach."),
                  host);
      g_printerr ("\n");
      return 2;
    }

  if (db_path == NULL)
    db_path = g_build_filename (g_get_user_data_dir (), "ventanilla", "sandbox", "sandbox.db", NULL);

  db = vnt_sandbox_db_open (db_path, &error);
  if (db == NULL)
    return fail (1, error->message);

  status = add_accounts (db, accounts);
  if (status == 0)
    status = add_representations (db, representations);
  if (status != 0)
    {
      vnt_sandbox_db_close (db);
      return status;
    }

  identity = load_identity (db_path, tls_cert, tls_key, &generated, &error);
  if (identity == NULL)
    {
      vnt_sandbox_db_close (db);
      return fail (1, error->message);
    }

  sandbox = vnt_sandbox_new (db, identity, !no_practice);
  if (!open_authorities (sandbox, db_path, !no_practice, &idse_ca_sha256, &practice_ca_sha256,
                         &error))
    return fail (1, error->message);

  if (!vnt_sandbox_listen (sandbox, address, !http, &error))
    return fail (1, error->message);

  url = vnt_sandbox_get_url (sandbox);
  if (generated)
    g_print (_("Made a new self-signed certificate for this sandbox.\n"));
  g_print (_("Certificate SHA-256: %s\n"), vnt_service_identity_get_fingerprint (identity));
  g_print (_("Database: %s\n"), db_path);
  g_print (_("Listening on %s/v1/\n"), url);
  g_print (_("IDSE certificate authority SHA-256: %s\n"), idse_ca_sha256);
  if (practice_ca_sha256 != NULL)
    g_print (_("Practice certificate authority SHA-256: %s\n"), practice_ca_sha256);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);

  /* Stop taking requests, then close the database (WAL checkpoint). */
  vnt_sandbox_disconnect (sandbox);
  g_clear_object (&sandbox);
  g_print (_("Stopped.\n"));

  return 0;
}
