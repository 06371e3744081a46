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

int
vnt_sandbox_main (int    argc,
                  char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_auto(GStrv) add_accounts = NULL;
  g_auto(GStrv) add_representations = NULL;
  g_autofree char *idse_ca_sha256 = NULL;
  g_autofree char *practice_ca_sha256 = NULL;
  gboolean http = FALSE, no_practice = FALSE, generated = FALSE;
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
    { "add-account", 0, 0, G_OPTION_ARG_STRING_ARRAY, &add_accounts,
      N_("Register an Escritorio Virtual account unless its CURP has one (repeatable)"),
      N_("CURP,RFC,NAME,CERTIFICATE-NUMBER") },
    { "add-representation", 0, 0, G_OPTION_ARG_STRING_ARRAY, &add_representations,
      N_("Register CURP as the legal representative of a company, with a poder de dominio (repeatable)"),
      N_("CURP,COMPANY-RFC,RAZON-SOCIAL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(VntServiceIdentity) identity = NULL;
  g_autoptr(VntSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  VntSandboxDb *db;
  guint term_id, int_id;

  vnt_crypto_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("The reference Ventanilla service, for practice and tests (docs/protocol.md)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ventanilla-sandbox: %s\n", error->message);
      return 2;
    }

  if ((tls_cert == NULL) != (tls_key == NULL) || (http && tls_cert != NULL))
    {
      g_printerr ("ventanilla-sandbox: %s\n", _("Give both --tls-cert and --tls-key, and not with --http."));
      return 2;
    }

  address = parse_listen (listen != NULL ? listen : DEFAULT_LISTEN, &error);
  if (address == NULL)
    {
      g_printerr ("ventanilla-sandbox: %s\n", error->message);
      return 2;
    }

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
    {
      g_printerr ("ventanilla-sandbox: %s\n", error->message);
      return 1;
    }

  /* Accounts to practise an actualización with (they predate the e.firma). */
  for (guint i = 0; add_accounts != NULL && add_accounts[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (add_accounts[i], ",", 4);
      g_autoptr(VntSandboxAccount) existing = NULL;
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      VntSandboxAccount account = { 0 };

      if (g_strv_length (fields) != 4)
        {
          vnt_sandbox_db_close (db);
          g_printerr ("ventanilla-sandbox: %s\n", _("--add-account takes CURP,RFC,NAME,CERTIFICATE-NUMBER."));
          return 2;
        }

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
        {
          vnt_sandbox_db_close (db);
          g_printerr ("ventanilla-sandbox: %s\n", error->message);
          return 1;
        }
    }

  /* Companies to practise "Eliminar empresa representada" with, as if
   * "Registrar empresa representada" had concluded. */
  for (guint i = 0; add_representations != NULL && add_representations[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (add_representations[i], ",", 3);
      g_autofree char *folio = NULL;

      if (g_strv_length (fields) != 3)
        {
          vnt_sandbox_db_close (db);
          g_printerr ("ventanilla-sandbox: %s\n", _("--add-representation takes CURP,COMPANY-RFC,RAZON-SOCIAL."));
          return 2;
        }

      folio = g_strconcat ("SANDBOX-", fields[1], NULL);
      if (!vnt_sandbox_db_execute (db, NULL, &error,
                                   "INSERT OR IGNORE INTO representations (company_rfc, representative_curp, "
                                   "razon_social, tipo_poder, folio, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   "sssssi", fields[1], fields[0], fields[2], "dominio", folio,
                                   g_get_real_time () / G_USEC_PER_SEC))
        {
          vnt_sandbox_db_close (db);
          g_printerr ("ventanilla-sandbox: %s\n", error->message);
          return 1;
        }
    }

  identity = load_identity (db_path, tls_cert, tls_key, &generated, &error);
  if (identity == NULL)
    {
      vnt_sandbox_db_close (db);
      g_printerr ("ventanilla-sandbox: %s\n", error->message);
      return 1;
    }

  sandbox = vnt_sandbox_new (db, identity, !no_practice);

  /* The IDSE CA lives beside the database, made on first start. */
  {
    g_autofree char *dir = g_path_get_dirname (db_path);
    g_autoptr(VntIdseCa) idse_ca = vnt_idse_ca_open (dir, &error);

    if (idse_ca == NULL)
      {
        g_printerr ("ventanilla-sandbox: %s\n", error->message);
        return 1;
      }
    vnt_sandbox_set_idse_ca (sandbox, idse_ca);
    idse_ca_sha256 = g_strdup (vnt_certificate_get_sha256 (vnt_idse_ca_get_certificate (idse_ca)));

    /* So is the practice CA, whose certificates practice mode trusts. */
    if (!no_practice)
      {
        g_autoptr(VntPracticeCa) practice_ca = vnt_practice_ca_open (dir, NULL, &error);

        if (practice_ca == NULL)
          {
            g_printerr ("ventanilla-sandbox: %s\n", error->message);
            return 1;
          }
        vnt_sandbox_set_practice_ca (sandbox, practice_ca);
        practice_ca_sha256 = g_strdup (vnt_certificate_get_sha256 (vnt_practice_ca_get_certificate (practice_ca)));
      }
  }

  if (!vnt_sandbox_listen (sandbox, address, !http, &error))
    {
      g_printerr ("ventanilla-sandbox: %s\n", error->message);
      return 1;
    }

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
