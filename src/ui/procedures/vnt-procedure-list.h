/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The procedures Ventanilla offers, one line each, in the order the start
 * window lists them within their group:
 *
 *   VNT_PROCEDURE (name, "folder")
 *
 * The folder src/ui/procedures/<folder>/ defines the descriptor
 * `const VntProcedureDescriptor vnt_<name>_procedure` (id, name, group,
 * controller, pages); src/controllers/procedures/<folder>/ has its
 * controller. meson reads this file to build both folders, and
 * vnt-procedure-registry.c includes it twice (to declare the descriptors
 * and to list them), so it has no include guard. */

VNT_PROCEDURE (update_efirma, "update-efirma")
VNT_PROCEDURE (create_account, "create-account")
VNT_PROCEDURE (company_register, "company-register")
VNT_PROCEDURE (remove_company, "remove-company")
VNT_PROCEDURE (idse_cancel, "idse-cancel")
VNT_PROCEDURE (idse_request, "idse-request")
VNT_PROCEDURE (idse_additional, "idse-additional")
VNT_PROCEDURE (idse_recover, "idse-recover")
VNT_PROCEDURE (sat_efirma_request, "sat-efirma-request")
VNT_PROCEDURE (sat_efirma_renew, "sat-efirma-renew")
VNT_PROCEDURE (csd_request, "csd-request")
VNT_PROCEDURE (idse_renew, "idse-renew")
