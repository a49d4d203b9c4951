/*
 * libFuzzer target for the project config reader: any bytes given as
 * .diffvet.json must load or fail with a message, never crash or leak.
 * The shipped rules directory is loaded first (DV_FUZZ_RULES_DIR), so
 * the config's rule references and API merges run against real rules.
 * The config comes from memory, as in diff mode (the base revision's
 * blob), and the rule files it names are served by a reader: the input
 * itself under "self.json" (so a config may name itself as a rule file),
 * "rules.json" a valid rule file, anything else missing.  Every loaded
 * ruleset is then compared with the plain one (dv_ruleset_compare).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/compare.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *data;
	size_t size;
};

static const char rule_file[] =
	"{\"family\": \"injection\", \"rules\": [{\"id\": \"injection/own\", \"name\": \"Own\", "
	"\"short\": \"s\", \"full\": \"f\", \"help\": \"h\", \"cwe\": [], \"level\": \"note\", "
	"\"security_severity\": 1}], \"api\": {\"sanitizers\": {\"own_escape\": {\"return\": "
	"true}}}}";

static int read_file(void *ctx, const char *path, char **bytes, size_t *len)
{
	const struct input *in = ctx;

	if (strcmp(path, "self.json") == 0) {
		*bytes = xmalloc(in->size ? in->size : 1);
		memcpy(*bytes, in->data, in->size);
		*len = in->size;
		return 0;
	}
	if (strcmp(path, "rules.json") == 0) {
		*bytes = xstrdup(rule_file);
		*len = strlen(rule_file);
		return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	struct dv_config_input cfg = {"fuzz:.diffvet.json", (const char *)data, size, read_file,
				      &in};
	struct dv_config_changes changes = {0};
	struct dv_error err = {0};
	struct dv_ruleset *rs, *plain;

	/* an empty buffer is still a config (invalid JSON), not "none" */
	if (!size)
		cfg.text = "";
	rs = dv_ruleset_load_config(DV_FUZZ_RULES_DIR, NULL, &cfg, &err);
	if (!rs && err.code == 0)
		abort(); /* a failure must say why */
	if (rs) {
		plain = dv_ruleset_load_config(DV_FUZZ_RULES_DIR, NULL, NULL, &err);
		if (!plain)
			abort();
		dv_ruleset_compare(plain, rs, &changes);
		dv_ruleset_compare(rs, plain, &changes);
		dv_config_changes_release(&changes);
		dv_ruleset_free(plain);
	}
	dv_ruleset_free(rs);
	return 0;
}
