/*
 * The findings sink (engine/sink.h).  It resolves rule levels from the
 * ruleset, turns cursors into expansion locations (so findings inside
 * macros land on the line the reviewer sees) and records the enclosing
 * function for fingerprints.
 */
#include "engine/sink.h"
#include "model/paths.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void location_from_cursor(struct dv_sink *sink, struct dv_location *loc, CXCursor c,
				 char *message)
{
	CXSourceRange range = clang_getCursorExtent(c);
	CXSourceLocation start = clang_getRangeStart(range);
	CXSourceLocation end = clang_getRangeEnd(range);
	CXFile file, end_file;
	unsigned line, col, end_line, end_col;
	char *path = NULL;

	clang_getExpansionLocation(start, &file, &line, &col, NULL);
	clang_getExpansionLocation(end, &end_file, &end_line, &end_col, NULL);
	if (file) {
		CXString name = clang_getFileName(file);
		path = dv_path_relative(clang_getCString(name), sink->srcroot);
		clang_disposeString(name);
	}
	/* A range that ends on another line or in another file is kept to its
	 * first line: reviewers read the caret on one line. */
	if (!end_file || !clang_File_isEqual(file, end_file) || end_line != line || end_col <= col)
		end_line = end_col = 0;
	dv_location_set(loc, path ? path : "<unknown>", line, col, end_line, end_col, NULL);
	loc->message = message;
	free(path);
}

/* Cursors handed around by the engine may have lost their parent link
 * (libclang keeps it only for cursors reached by visiting); the cursor at
 * the same location, looked up in the TU, has it. */
static char *enclosing_function(CXCursor c)
{
	char *name = dv_ast_enclosing_function(c);
	CXTranslationUnit tu;

	if (name)
		return name;
	tu = clang_Cursor_getTranslationUnit(c);
	if (!tu)
		return NULL;
	return dv_ast_enclosing_function(clang_getCursor(tu, clang_getCursorLocation(c)));
}

static struct dv_finding *start_finding(struct dv_sink *sink, const char *rule_id)
{
	const struct dv_rule *rule = dv_ruleset_find(sink->rules, rule_id);
	struct dv_finding *f;

	if (!rule || !rule->enabled || rule->level == DV_LEVEL_NONE)
		return NULL;
	f = dv_findings_push(&sink->findings);
	f->rule_id = xstrdup(rule->id);
	f->level = rule->level;
	return f;
}

struct dv_finding *dv_sink_report(struct dv_sink *sink, const char *rule_id, CXCursor cursor,
				  const char *fmt, ...)
{
	struct dv_finding *f = start_finding(sink, rule_id);
	va_list ap;

	if (!f)
		return NULL;
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	location_from_cursor(sink, &f->primary, cursor, NULL);
	f->function = enclosing_function(cursor);
	return f;
}

struct dv_finding *dv_sink_report_at(struct dv_sink *sink, const char *rule_id, const char *path,
				     unsigned line, unsigned col, unsigned end_col,
				     const char *fmt, ...)
{
	struct dv_finding *f = start_finding(sink, rule_id);
	va_list ap;
	char *rel;

	if (!f)
		return NULL;
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	{
		/* text checkers name files relative to the run's root */
		char *abs = dv_path_absolute(path, sink->srcroot);
		rel = dv_path_relative(abs, sink->srcroot);
		free(abs);
	}
	dv_location_set(&f->primary, rel, line, col, end_col > col ? line : 0,
			end_col > col ? end_col : 0, NULL);
	free(rel);
	return f;
}

static void add_location(struct dv_sink *sink, struct dv_location *loc, CXCursor cursor,
			 const char *fmt, va_list ap)
{
	location_from_cursor(sink, loc, cursor, xvasprintf(fmt, ap));
}

void dv_finding_add_related_cursor(struct dv_sink *sink, struct dv_finding *f, CXCursor cursor,
				   const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	add_location(sink, dv_finding_add_related(f), cursor, fmt, ap);
	va_end(ap);
}

void dv_finding_add_related_at(struct dv_sink *sink, struct dv_finding *f, const char *path,
			       unsigned line, const char *fmt, ...)
{
	struct dv_location *loc;
	va_list ap;
	char *abs, *rel;

	if (!f || !path || !line)
		return;
	abs = dv_path_absolute(path, sink->srcroot);
	rel = dv_path_relative(abs, sink->srcroot);
	free(abs);
	loc = dv_finding_add_related(f);
	dv_location_set(loc, rel, line, 1, 0, 0, NULL);
	free(rel);
	va_start(ap, fmt);
	loc->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void dv_finding_add_flow_cursor(struct dv_sink *sink, struct dv_finding *f, CXCursor cursor,
				const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	add_location(sink, dv_finding_add_flow(f), cursor, fmt, ap);
	va_end(ap);
}

/* One gap over lines first..last of `function`'s file, named after it. */
static void add_function_gap(struct dv_sink *sink, CXCursor function, CXFile file, unsigned first,
			     unsigned last, const char *checker, const char *fmt, va_list ap)
{
	char *path = NULL, *name, *reason;
	CXString sp = clang_getCursorSpelling(function);

	if (file) {
		CXString fname = clang_getFileName(file);
		path = dv_path_relative(clang_getCString(fname), sink->srcroot);
		clang_disposeString(fname);
	}
	name = xstrdup(clang_getCString(sp));
	clang_disposeString(sp);
	reason = xvasprintf(fmt, ap);
	dv_coverage_add(&sink->coverage, DV_COV_PARTIAL, path, first, last, name, checker, "%s",
			reason);
	free(reason);
	free(name);
	free(path);
}

void dv_sink_not_analysed(struct dv_sink *sink, CXCursor function, const char *checker,
			  const char *fmt, ...)
{
	CXSourceRange range = clang_getCursorExtent(function);
	CXFile file, end_file;
	unsigned first, last;
	va_list ap;

	clang_getExpansionLocation(clang_getRangeStart(range), &file, &first, NULL, NULL);
	clang_getExpansionLocation(clang_getRangeEnd(range), &end_file, &last, NULL, NULL);
	if (!end_file || !clang_File_isEqual(file, end_file))
		last = first;
	va_start(ap, fmt);
	add_function_gap(sink, function, file, first, last, checker, fmt, ap);
	va_end(ap);
}

void dv_sink_not_analysed_lines(struct dv_sink *sink, CXCursor function, unsigned first,
				unsigned last, const char *checker, const char *fmt, ...)
{
	CXFile file;
	va_list ap;

	clang_getExpansionLocation(clang_getCursorLocation(function), &file, NULL, NULL, NULL);
	va_start(ap, fmt);
	add_function_gap(sink, function, file, first, last, checker, fmt, ap);
	va_end(ap);
}
