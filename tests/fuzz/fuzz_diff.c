/*
 * libFuzzer target for the unified diff reader: any byte string must parse
 * into a changeset or fail with DV_ERR_INPUT, without crashing, leaking or
 * taking more than linear-ish time.  The queries are exercised too, since
 * they rely on the sorted, disjoint arrays the parser promises.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
 *     -D_POSIX_C_SOURCE=200809L fuzz/fuzz_diff.c src/diff/diff.c \
 *     src/util/strbuf.c src/util/xalloc.c src/model/error.c -o fuzz_diff
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diff/diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_file(const struct dv_file_change *fc)
{
	size_t i;

	for (i = 0; i < fc->n_added; i++) {
		if (fc->added[i].start == 0 || fc->added[i].start > fc->added[i].end ||
		    (i && fc->added[i].start <= fc->added[i - 1].end + 1) ||
		    !dv_file_change_has_line(fc, fc->added[i].start) ||
		    !dv_file_change_touches(fc, fc->added[i].end, fc->added[i].end))
			abort();
	}
	for (i = 0; i < fc->n_deleted_anchors; i++) {
		if ((i && fc->deleted_anchors[i] <= fc->deleted_anchors[i - 1]) ||
		    !dv_file_change_touches(fc, fc->deleted_anchors[i], fc->deleted_anchors[i]))
			abort();
	}
	if (!fc->old_path && !fc->new_path)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dv_error err = {0};
	struct dv_changeset *cs = dv_changeset_parse((const char *)data, size, "fuzz", &err);
	size_t i;

	if (!cs) {
		if (err.code != DV_ERR_INPUT)
			abort();
		return 0;
	}
	for (i = 0; i < cs->n_files; i++) {
		check_file(&cs->files[i]);
		if (cs->files[i].new_path && !dv_changeset_find(cs, cs->files[i].new_path))
			abort();
	}
	dv_changeset_free(cs);
	return 0;
}
