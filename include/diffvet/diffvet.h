/*
 * diffvet public API.
 *
 * libdiffvet vets C/C++ code changes: it reads a changeset (or whole
 * files), parses the C/C++ with libclang, runs the checker families and
 * returns findings.  The CLI and the LSP server are thin users of this
 * header; it exposes no libclang, pcre2 or cJSON type and compiles alone
 * with -std=c11 -pedantic.
 *
 * Conventions: functions return 0 or a negative enum dv_result and put a
 * message in a caller-owned struct dv_error.  Objects are created with
 * *_new and released with *_free (NULL-safe); strings handed out as
 * `const char *` belong to the object they came from.
 */
#ifndef DIFFVET_DIFFVET_H
#define DIFFVET_DIFFVET_H

#include <stddef.h>

#define DIFFVET_VERSION "0.1.0"
/* The project's home: SARIF informationUri and the base of every rule's
 * help link (DIFFVET_INFORMATION_URI/blob/main/docs/rules.md#<id>).  One
 * constant, set at build time: cmake -DDIFFVET_PROJECT_URL=... */
#ifndef DIFFVET_INFORMATION_URI
#define DIFFVET_INFORMATION_URI "https://github.com/diffvet/diffvet"
#endif

enum dv_result {
	DV_OK = 0,
	DV_ERR_USAGE = -1,    /* bad command line or option value */
	DV_ERR_INPUT = -2,    /* bad diff, rules or config file */
	DV_ERR_IO = -3,       /* a file or a process could not be read/run */
	DV_ERR_INTERNAL = -4, /* a bug or out of resources */
};

/* Severity, ordered so that comparisons work (error > warning > note). */
enum dv_level {
	DV_LEVEL_NONE = 0,
	DV_LEVEL_NOTE = 1,
	DV_LEVEL_WARNING = 2,
	DV_LEVEL_ERROR = 3,
};

/* The review gate's verdicts, weakest first (src/gate/gate.h has the
 * policy). */
enum dv_verdict {
	DV_VERDICT_PASS = 0,
	DV_VERDICT_REVIEW,
	DV_VERDICT_DUAL_REVIEW,
	DV_VERDICT_SENIOR_APPROVAL,
};

struct dv_error {
	int code;       /* enum dv_result, 0 when no error was recorded */
	char msg[1024]; /* lower-case, no full stop, subject quoted */
};

/* Records the first error only (later ones are usually consequences);
 * returns `code` so that `return dv_error_set(err, ...)` reads well. */
int dv_error_set(struct dv_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

const char *dv_level_name(enum dv_level level); /* "error", "warning", "note", "none" */
/* Parses "error" / "warning" / "note" / "none"; returns -1 when unknown. */
int dv_level_parse(const char *name, enum dv_level *out);

#endif
