/* Patterns from Open vSwitch that must stay quiet (lib/vconn.c,
 * lib/stream-ssl.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

struct vconn_class {
	int (*open)(const char *name, void **vconnp);
	void (*close)(void *vconn);
};

/* `class->open` is a function pointer, not open(2). */
int vconn_open(const struct vconn_class *class, const char *name, void **vconnp)
{
	int error = class->open(name, vconnp);
	if (error)
		return error;
	return 0;
}

/* fdopen() takes over the descriptor; fclose() closes both. */
int write_cert(const char *path, const char *pem)
{
	FILE *file;
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0444);
	if (fd < 0)
		return errno;
	file = fdopen(fd, "w");
	if (!file)
		return errno;
	if (fputs(pem, file) == EOF) {
		fclose(file);
		return EIO;
	}
	if (fclose(file))
		return errno;
	return 0;
}

#include <stdlib.h>

struct list_node {
	struct list_node *next;
};
struct packet {
	struct list_node node;
	char name[16];
};
struct conn {
	int state;
};
struct conn_icmp {
	struct conn up;
	int extra;
};

void list_push(struct list_node *head, struct list_node *n);
static struct list_node commands;

/* Chained assignment stores the handle (ovsdb-types.c). */
void fill_types(struct conn **types, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		struct conn *t;
		types[i] = t = malloc(sizeof *t);
	}
}

/* Stored inside a loop that always runs (skiplist.c). */
void link_node(struct list_node **update, int lvl)
{
	int i;
	struct list_node *x = malloc(sizeof *x);
	if (!x)
		return;
	for (i = 0; i <= lvl; i++)
		update[i] = x;
}

/* Handed over through a TU helper that pushes &pkt->node (stopwatch.c). */
static void packet_write(struct packet *pkt)
{
	list_push(&commands, &pkt->node);
}

void send_reset(void)
{
	struct packet *pkt = calloc(1, sizeof *pkt);
	if (!pkt)
		return;
	packet_write(pkt);
}

/* The embedded struct is returned (container_of style, conntrack-icmp.c). */
struct conn *icmp_new_conn(void)
{
	struct conn_icmp *conn = calloc(1, sizeof *conn);
	if (!conn)
		return NULL;
	conn->up.state = 1;
	return &conn->up;
}

/* The error path before the hand-off still leaks. */
int queue_packet(const char *name)
{
	struct packet *pkt = malloc(sizeof *pkt);
	if (!pkt)
		return -1;
	if (!name[0])
		return -2;  // expect: resources/leak
	list_push(&commands, &pkt->node);
	return 0;
}

#define CONST_CAST(TYPE, POINTER) ((void)sizeof((POINTER) == (TYPE)(POINTER)), (TYPE)(POINTER))

void cmap_insert(struct list_node *map, struct list_node *node, unsigned hash);
static struct list_node mark_map;

/* Handed over through a (check, value) comma macro (dpif-netdev.c). */
void mark_associate(unsigned hash)
{
	struct packet *data = calloc(1, sizeof *data);
	cmap_insert(&mark_map, CONST_CAST(struct list_node *, &data->node), hash);
}
