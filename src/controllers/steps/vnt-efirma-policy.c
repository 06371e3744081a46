/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/steps/vnt-efirma-policy.h"
#include "controllers/vnt-procedure.h"
#include "core/vnt-id.h"

static int
crypto_code_from_string (const char *code)
{
  for (int i = VNT_CRYPTO_ERROR_FAILED; i <= VNT_CRYPTO_ERROR_CANCELLED; i++)
    if (g_strcmp0 (vnt_crypto_error_code_to_string (i), code) == 0)
      return i;

  return -1;
}

static GError *
problem_to_error (const VntProblem *problem)
{
  int code = crypto_code_from_string (problem->code);

  if (code >= 0)
    return g_error_new_literal (VNT_CRYPTO_ERROR, code, problem->message);

  return g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED, problem->message);
}

/* The crypto layer and SAT's checks speak of an e.firma; an IDSE
 * certificate's problems are said in its own words. NULL: no rewording. */
static GError *
idse_error (const VntEfirmaPolicy *policy,
            const GError          *error)
{
  if (policy->issuer != VNT_EFIRMA_ISSUER_IDSE || error == NULL)
    return NULL;

  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    return g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                                _("The password is wrong. Type the password of this certificate’s private key (your IDSE password) and try again."));
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH))
    return g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                                _("This private key is not this certificate’s. Choose the .key file that was made when this certificate was requested."));
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED))
    return g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED,
                                _("This IDSE certificate has expired. If it expired less than a year ago, renew it with “Renovación del Certificado Digital”; otherwise request a new one with “Solicitud del Certificado Digital”."));
  return NULL;
}

/* Whether @problem stops the procedure under @policy. */
static gboolean
problem_blocks (const VntEfirmaPolicy *policy,
                VntCheckReport        *report,
                const VntProblem      *problem)
{
  if (problem->severity != VNT_PROBLEM_SEVERITY_ERROR)
    return FALSE;
  /* Practice mode is no reason to let an expired e.firma pass: a real
   * service would refuse it, so practice would teach the wrong thing. */
  if (g_str_equal (problem->code, "expired") && policy->accept_expired)
    return FALSE;
  /* SAT's checks of kind and chain say nothing of an IDSE certificate:
   * the service verifies it against its own CA. */
  if (policy->issuer == VNT_EFIRMA_ISSUER_IDSE &&
      (g_str_equal (problem->code, "not-efirma") || g_str_equal (problem->code, "untrusted-chain")))
    return FALSE;

  return TRUE;
}

static const VntProblem *
blocking_problem (const VntEfirmaPolicy *policy,
                  VntCheckReport        *report,
                  const char            *only_code)
{
  GPtrArray *problems;

  if (report == NULL)
    return NULL;

  problems = vnt_check_report_get_problems (report);
  for (guint i = 0; i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      if (only_code != NULL && g_strcmp0 (problem->code, only_code) != 0)
        continue;
      if (problem_blocks (policy, report, problem))
        return problem;
    }

  return NULL;
}

gboolean
vnt_efirma_policy_check (const VntEfirmaPolicy *policy,
                         VntCheckReport        *report,
                         VntCredential         *credential,
                         const GError          *open_error,
                         const char            *rfc,
                         const char            *curp,
                         GError               **error)
{
  const VntProblem *problem;
  VntCertificate *certificate;
  VntPersona persona;
  const char *certificate_curp;
  g_autofree char *certificate_rfc = NULL;

  g_return_val_if_fail (policy != NULL, FALSE);

  /* A CSD where the e.firma goes says more than its date or a password. */
  if ((problem = blocking_problem (policy, report, "not-efirma")) != NULL)
    {
      g_propagate_error (error, problem_to_error (problem));
      return FALSE;
    }

  if (credential == NULL)
    {
      GError *reworded = idse_error (policy, open_error);

      if (reworded != NULL)
        g_propagate_error (error, reworded);
      else if (open_error != NULL)
        g_propagate_error (error, g_error_copy (open_error));
      else if (policy->issuer == VNT_EFIRMA_ISSUER_IDSE)
        g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED,
                             _("The IDSE certificate could not be opened. Choose its files again."));
      else
        g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED,
                             _("The e.firma could not be opened. Choose its files again."));
      return FALSE;
    }

  certificate = vnt_credential_get_certificate (credential);
  persona = vnt_certificate_get_persona (certificate);
  if (policy->holder == VNT_EFIRMA_HOLDER_PERSONA_FISICA && persona == VNT_PERSONA_MORAL)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_MORAL,
                           _("This e.firma belongs to a company. Use the e.firma of the person who holds the account."));
      return FALSE;
    }
  if (policy->holder == VNT_EFIRMA_HOLDER_PERSONA_MORAL && persona != VNT_PERSONA_MORAL)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_FISICA,
                           _("This e.firma belongs to a person. Here the company’s e.firma is needed: the one SAT issued to its RFC."));
      return FALSE;
    }

  certificate_rfc = vnt_id_normalize (vnt_certificate_get_rfc (certificate) != NULL
                                      ? vnt_certificate_get_rfc (certificate) : "");
  if (rfc != NULL && !g_str_equal (certificate_rfc, rfc))
    {
      g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH,
                   _("The RFC you typed (%s) is not the one of this e.firma (%s). Check the RFC or choose the right e.firma."),
                   rfc, certificate_rfc);
      return FALSE;
    }

  if (policy->curp_must_match)
    {
      if (persona == VNT_PERSONA_MORAL)
        {
          certificate_curp = vnt_certificate_get_representative_curp (certificate);
          if (g_strcmp0 (certificate_curp, curp) != 0)
            {
              g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_REPRESENTATIVE_MISMATCH,
                           _("The legal representative in this company’s e.firma (CURP %s) is not you (CURP %s). The company’s representative must do this procedure, or SAT must first issue the company an e.firma that names you."),
                           certificate_curp != NULL ? certificate_curp : "—", curp != NULL ? curp : "");
              return FALSE;
            }
        }
      else
        {
          certificate_curp = vnt_certificate_get_curp (certificate);
          if (g_strcmp0 (certificate_curp, curp) != 0)
            {
              g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CURP_MISMATCH,
                           _("The CURP you typed (%s) is not the one of this e.firma (%s). Go back and check the CURP, or choose the right e.firma."),
                           curp != NULL ? curp : "", certificate_curp != NULL ? certificate_curp : "");
              return FALSE;
            }
        }
    }

  if ((problem = blocking_problem (policy, report, NULL)) != NULL)
    {
      GError *plain = problem_to_error (problem);
      GError *reworded = idse_error (policy, plain);

      if (reworded != NULL)
        {
          g_error_free (plain);
          plain = reworded;
        }
      g_propagate_error (error, plain);
      return FALSE;
    }

  return TRUE;
}
