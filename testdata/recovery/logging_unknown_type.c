/* A function with a compile error (an unknown type from a missing project
 * header) is still judged by the logging family when error recovery kept
 * its statements. */
#include <sqlite3.h>

int purge_old(sqlite3 *db, struct app_ctx *ctx)
{
	app_stats_t before = ctx->stats;
	if (sqlite3_exec(db, "DELETE FROM old", 0, 0, 0) != SQLITE_OK)
		return -1; // expect: logging/silent-error-return
	ctx->stats = before;
	return 0;
}
