#include "diffvet/diffvet.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int dv_error_set(struct dv_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *dv_level_name(enum dv_level level)
{
	switch (level) {
	case DV_LEVEL_ERROR:
		return "error";
	case DV_LEVEL_WARNING:
		return "warning";
	case DV_LEVEL_NOTE:
		return "note";
	case DV_LEVEL_NONE:
		break;
	}
	return "none";
}

int dv_level_parse(const char *name, enum dv_level *out)
{
	static const char *const names[] = {"none", "note", "warning", "error"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (enum dv_level)i;
			return 0;
		}
	}
	return -1;
}
