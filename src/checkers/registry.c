#include "checkers/checker.h"

#define DV_CHECKER(name) extern const struct dv_checker dv_checker_##name;
#include "checkers/checkers.def"
#undef DV_CHECKER

const struct dv_checker *const dv_checkers[] = {
#define DV_CHECKER(name) &dv_checker_##name,
#include "checkers/checkers.def"
#undef DV_CHECKER
	NULL,
};
