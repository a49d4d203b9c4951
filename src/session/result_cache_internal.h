/*
 * What the files of the result cache share (result_cache.c: keys, lookup
 * and store; result_cache_deps.c: the memo of file hashes and directory
 * listings, and what a unit read).  Private to src/session/.
 */
#ifndef DV_SESSION_RESULT_CACHE_INTERNAL_H
#define DV_SESSION_RESULT_CACHE_INTERNAL_H

#include <pthread.h>

#include "session/result_cache.h"

/* Part of every key: bump when what an entry holds or means changes. */
#define RCACHE_FORMAT 1

/* What a hash of a path stands for when there is nothing to read. */
#define HASH_MISSING "missing"

struct memo_entry {
	char *key; /* "f" or "d", then the path */
	char hash[65];   /* 'f': the content's */
	char **names;    /* 'd': the sorted entry names (NULL when missing) */
	size_t n_names;
};

struct secrets_state;

struct dv_rcache {
	char *dir, *root_abs;
	char ctx[65]; /* the run context: every key starts with it */
	struct secrets_state *secrets; /* what the reports mask (session.c) */
	pthread_mutex_t lock; /* guards the memo and the counters */
	struct memo_entry *tab;
	size_t cap, n;
	unsigned hits, misses, stale, stored, invalid;
};

struct dep {
	char *path;
	char hash[65];
};

struct deps {
	struct dep *v;
	size_t n, alloc;
};

struct dv_rcache_item {
	char key[65], main_hash[65];
	int have_key, uncacheable, noted;
	struct deps files, dirs;
	struct deps names; /* sorted: what dir_hash looks for (hashes unused) */
};

/* result_cache_deps.c */
/* SHA-256 of a file's bytes, or HASH_MISSING. */
void rc_hash_file(const char *path, char out[65]);
/* The file's hash as of its first use in this run (memoised). */
void rc_memo_hash(struct dv_rcache *c, const char *path, char out[65]);
/* The hash of the part of a directory's listing `interest` (sorted)
 * selects, as of the directory's first use in this run. */
void rc_dir_hash(struct dv_rcache *c, const char *path, const struct deps *interest, char out[65]);
void rc_memo_release(struct dv_rcache *c);
void rc_deps_add(struct deps *d, const char *path, const char hash[65]);
void rc_deps_release(struct deps *d);

#endif
