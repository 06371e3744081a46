/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The commands of `efirma`, one line each, in the order `efirma --help`
 * lists them:
 *
 *   EFIRMA_COMMAND ("name", efirma_name_main, N_("One-line summary"))
 *
 * efirma_name_main (int argc, char **argv) lives in efirma-name.c and gets
 * argv[0] = "name". efirma-commands.c includes this file twice (to declare
 * the functions and to build the table), so it has no include guard. */

EFIRMA_COMMAND ("inspect", efirma_inspect_main, N_("Show what a .cer, .key, .pfx or .req file holds"))
EFIRMA_COMMAND ("check", efirma_check_main, N_("Check that an e.firma opens, matches and can be used"))
EFIRMA_COMMAND ("watch", efirma_watch_main, N_("List the certificates in files and folders by expiry, and which need attention"))
EFIRMA_COMMAND ("sign", efirma_sign_main, N_("Sign a file or the standard input"))
EFIRMA_COMMAND ("verify", efirma_verify_main, N_("Verify a PKCS#1 or CMS signature"))
EFIRMA_COMMAND ("request", efirma_request_main, N_("Make a new e.firma requirement: private key and .req"))
EFIRMA_COMMAND ("renew", efirma_renew_main, N_("Make an e.firma renewal: new private key and .ren"))
EFIRMA_COMMAND ("sdg", efirma_sdg_main, N_("Make a CSD request: a new private key per sucursal and the signed .sdg"))
EFIRMA_COMMAND ("pfx", efirma_pfx_main, N_("Pack a certificate and its key into a .pfx (PKCS#12)"))
EFIRMA_COMMAND ("passwd", efirma_passwd_main, N_("Copy a private key under a new password"))
EFIRMA_COMMAND ("id", efirma_id_main, N_("Tell which Mexican identifier a value is (CURP, RFC, NSS…) and check it"))
