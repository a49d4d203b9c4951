/* Translation units kept between analyses: see units.h. */
#include "session/units.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct unit {
	char *abs;
	char **argv; /* the flags it was parsed with */
	int argc;
	CXTranslationUnit tu;
};

struct dv_units {
	CXIndex index;
	struct unit *items;
	size_t count, alloc;
};

struct dv_units *dv_units_new(void)
{
	struct dv_units *u = xcalloc(1, sizeof(*u));

	u->index = clang_createIndex(0, 0);
	return u;
}

static void unit_release(struct unit *it)
{
	int i;

	if (it->tu)
		clang_disposeTranslationUnit(it->tu);
	for (i = 0; i < it->argc; i++)
		free(it->argv[i]);
	free(it->argv);
	free(it->abs);
	memset(it, 0, sizeof(*it));
}

void dv_units_free(struct dv_units *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->count; i++)
		unit_release(&u->items[i]);
	free(u->items);
	clang_disposeIndex(u->index);
	free(u);
}

static int same_args(const struct unit *it, const struct dv_args *args)
{
	int i;

	if (it->argc != args->argc)
		return 0;
	for (i = 0; i < args->argc; i++)
		if (strcmp(it->argv[i], args->argv[i]) != 0)
			return 0;
	return 1;
}

static struct unit *find(struct dv_units *u, const char *abs_path)
{
	size_t i;

	for (i = 0; i < u->count; i++)
		if (strcmp(u->items[i].abs, abs_path) == 0)
			return &u->items[i];
	return NULL;
}

void dv_units_forget(struct dv_units *u, const char *abs_path)
{
	struct unit *it = u ? find(u, abs_path) : NULL;

	if (!it)
		return;
	unit_release(it);
	*it = u->items[--u->count];
}

CXTranslationUnit dv_units_get(struct dv_units *u, const char *abs_path, const char *display_path,
			       const struct dv_args *args, const struct dv_overlay *overlay,
			       struct dv_notifications *notes)
{
	struct unit *it = find(u, abs_path);
	int i, reuse;

	/* No compile database: the flags and the stand-ins for missing
	 * headers are inferred from this very text (front/infer.h), and a
	 * reparse would keep neither (the stand-ins are unsaved files of the
	 * first parse) nor infer again for an include the edit added: such a
	 * unit is parsed afresh every time, exactly as the CLI parses it. */
	reuse = !args->infer_root;

	if (reuse && it && it->tu && same_args(it, args)) {
		if (dv_front_reparse(it->tu, abs_path, display_path, args, overlay, notes) == 0)
			return it->tu;
		/* libclang invalidated the unit: parse from scratch below */
	}
	if (it) {
		unit_release(it);
	} else {
		DV_GROW(u->items, u->count + 1, u->alloc);
		it = &u->items[u->count++];
		memset(it, 0, sizeof(*it));
	}
	it->abs = xstrdup(abs_path);
	it->argc = args->argc;
	it->argv = xcalloc((size_t)args->argc + 1, sizeof(char *));
	for (i = 0; i < args->argc; i++)
		it->argv[i] = xstrdup(args->argv[i]);
	it->tu = dv_front_parse(u->index, abs_path, display_path, args,
				reuse ? DV_FRONT_LIVE_FLAGS : 0, overlay, notes);
	return it->tu;
}
