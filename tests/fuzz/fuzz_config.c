/*
 * libFuzzer target for the project config reader: any bytes given as
 * .diffvet.json must load or fail with a message, never crash or leak.
 * The shipped rules directory is loaded first (DV_FUZZ_RULES_DIR), so
 * the config's rule references and API merges run against real rules.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/dv-fuzz-config-XXXXXX";
	struct dv_error err = {0};
	struct dv_ruleset *rs;
	int fd = mkstemp(path);
	FILE *fp;

	if (fd < 0)
		return 0;
	fp = fdopen(fd, "wb");
	if (!fp) {
		close(fd);
		unlink(path);
		return 0;
	}
	fwrite(data, 1, size, fp);
	fclose(fp);
	rs = dv_ruleset_load(DV_FUZZ_RULES_DIR, NULL, path, 1, &err);
	if (!rs && err.code == 0)
		abort(); /* a failure must say why */
	dv_ruleset_free(rs);
	unlink(path);
	return 0;
}
