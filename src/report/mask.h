/* Masking secrets in source snippets (see mask.c). */
#ifndef DV_REPORT_MASK_H
#define DV_REPORT_MASK_H

#include "diffvet/finding.h"
#include "rules/rules.h"
#include "util/strbuf.h"

/* Nonzero when f belongs to the secrets family (by id, family or tag). */
int dv_report_is_secret_finding(const struct dv_ruleset *rs, const struct dv_finding *f);
/* Masks loc's range of `line` (the source line loc->line): a string
 * literal the range touches is masked whole after a short prefix. */
void dv_report_mask_secret(struct strbuf *line, const struct dv_location *loc);

#endif
