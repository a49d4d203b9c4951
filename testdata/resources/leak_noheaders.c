/* Built without its generated header: struct job is incomplete,
 * JOB_LOADED is undeclared, job_trace is an implicit declaration. */
#include <stdio.h>
#include "absent_config.h"

int job_load(struct job *j, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	job_trace(j, path);
	if (fgetc(f) == EOF)
		return -1; // expect: resources/leak
	j->meta->flags |= JOB_LOADED;
	fclose(f);
	return 0;
}

int job_load_ok(struct job *j, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	job_trace(j, path);
	j->meta->flags |= JOB_LOADED;
	fclose(f);
	return 0;
}
