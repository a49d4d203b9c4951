/*
 * libFuzzer target for the front end and the engine on arbitrary C text:
 * the input is written to a .c file and analysed by a whole run (libclang
 * parse, call graph, CFGs, dataflow and every checker), as `diffvet check`
 * would.  Nothing may crash, hang or leak, and every finding must point
 * into the file with a rule id and a fingerprint.  The shipped rules are
 * loaded once (DV_FUZZ_RULES_DIR).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "front/front.h"
#include "rules/rules.h"
#include "session/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

struct fuzz_env {
	struct dv_ruleset *rules;
	struct dv_front *front;
	char dir[64];
	char path[96];
};

/* libFuzzer gives no context pointer: the loaded rules and the front end
 * live for the whole fuzzing process, set up once. */
static struct fuzz_env *env;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dv_error err = {0};
	struct dv_front_options fo;

	(void)argc;
	(void)argv;
	env = calloc(1, sizeof(*env));
	if (!env)
		abort();
	snprintf(env->dir, sizeof(env->dir), "/tmp/dv-fuzz-front-XXXXXX");
	if (!mkdtemp(env->dir))
		abort();
	snprintf(env->path, sizeof(env->path), "%s/input.c", env->dir);
	env->rules = dv_ruleset_load(DV_FUZZ_RULES_DIR, NULL, NULL, 0, &err);
	if (!env->rules) {
		fprintf(stderr, "fuzz_front: %s\n", err.msg);
		abort();
	}
	memset(&fo, 0, sizeof(fo));
	fo.root = env->dir;
	env->front = dv_front_new(&fo, &err); /* also sets up large-stack parsing */
	if (!env->front)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dv_error err = {0};
	struct dv_run_options ro;
	struct dv_run_result res;
	const char *files[1];
	FILE *fp;
	size_t i;

	fp = fopen(env->path, "wb");
	if (!fp)
		return 0;
	fwrite(data, 1, size, fp);
	fclose(fp);
	files[0] = env->path;
	memset(&ro, 0, sizeof(ro));
	ro.files = files;
	ro.n_files = 1;
	ro.root = env->dir;
	ro.scope = DV_SCOPE_FILES;
	ro.rules = env->rules;
	ro.front = env->front;
	ro.jobs = 1;
	if (dv_run(&ro, &res, &err) != 0)
		abort(); /* problems in the analysed file are notifications */
	for (i = 0; i < res.findings.count; i++) {
		const struct dv_finding *f = &res.findings.items[i];
		if (!f->rule_id || !strchr(f->rule_id, '/') || !f->fingerprint ||
		    !f->primary.path || strcmp(f->primary.path, "input.c") != 0 ||
		    f->primary.line == 0)
			abort();
	}
	dv_run_result_release(&res);
	return 0;
}
