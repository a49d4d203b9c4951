/*
 * An analysis of one document as LSP diagnostics: findings (severity from
 * the level, code = rule id, codeDescription.href = the rule's section of
 * docs/rules.md, code-flow steps and notes as relatedInformation), and
 * what was not analysed (information diagnostics on the function or at
 * the top of the file) so that a gap never looks like a clean file.
 * Suppressed findings are left out, as in the CLI's text report.
 */
#ifndef DV_LSP_DIAGNOSTICS_H
#define DV_LSP_DIAGNOSTICS_H

#include <cjson/cJSON.h>
#include "diffvet/session.h"

struct diag_doc {
	const char *root;   /* the session's root (findings are relative to it) */
	const char *path;   /* the document, absolute */
	const char *text;   /* the analysed text */
	size_t len;
};

/* The "diagnostics" array for publishDiagnostics. */
cJSON *lsp_diagnostics(const struct dv_analysis *a, const struct diag_doc *doc);

/* https://.../docs/rules.md#anchor of a rule (malloc'd). */
char *lsp_rule_href(const char *rule_id);

#endif
