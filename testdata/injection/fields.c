/* Struct fields are tracked one by one; whole-object writes reach every
 * field; writes through a pointer to the object reach the object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct task {
	const char *owner;
	const char *command;
	char path[128];
};

/* the tainted field is not the one executed */
void other_field(void)
{
	struct task t;
	t.owner = getenv("USER");
	t.command = "id";
	system(t.command);
	printf("%s\n", t.owner);
}

/* a field overwritten with a constant */
void overwritten_field(void)
{
	struct task t;
	t.command = getenv("CMD");
	t.command = "true";
	system(t.command);
}

/* the whole record read from a file descriptor */
void whole_record(int fd)
{
	struct task t;
	if (read(fd, &t, sizeof t) != (ssize_t)sizeof t)
		return;
	remove(t.path); // expect: injection/path
}

/* written through a pointer to the record */
void through_pointer(void)
{
	struct task t;
	struct task *tp = &t;
	t.command = "true";
	tp->command = getenv("CMD");
	system(t.command); // expect: injection/command
}

/* a helper fills a field through its parameter */
static void load_task(struct task *out)
{
	out->owner = "root";
	out->command = getenv("TASK_COMMAND");
}

void helper_fills(void)
{
	struct task t;
	load_task(&t);
	system(t.command); // expect: injection/command
}

/* a nested array field filled with fgets */
void nested_array(void)
{
	struct task t;
	t.command = "ls";
	if (!fgets(t.path, sizeof t.path, stdin))
		return;
	system(t.command);
	unlink(t.path); // expect: injection/path
}
