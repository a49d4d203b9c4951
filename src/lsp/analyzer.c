/* The analysis thread: see analyzer.h. */
#include "lsp/analyzer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lsp/diagnostics.h"
#include "lsp/mem.h"

enum job_kind { JOB_ANALYSE, JOB_CLOSE, JOB_EXPLAIN };

struct job {
	enum job_kind kind;
	char *uri, *path, *text, *rule;
	size_t len;
	int version;
	double due_ms;
	cJSON *id;
	struct job *next;
};

/* When a document last changed: a change after a quiet spell is analysed
 * at once, the debounce only holds back the changes of a burst. */
struct last_change {
	char *uri;
	double at_ms;
	struct last_change *next;
};

struct analyzer {
	struct dv_lsp_options opt;
	char *root;
	struct rpc_writer *out;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond; /* CLOCK_MONOTONIC */
	struct job *jobs;    /* at most one analyse-or-close job per URI */
	int stop;
	struct dv_session *session; /* the thread's; created on the first job */
	int session_failed;
	char *diff_base;     /* report only what the buffer changed against this revision */
	int diff_base_failed; /* told the user once that it cannot be used */
	struct last_change *changes; /* under lock */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void job_free(struct job *j)
{
	free(j->uri);
	free(j->path);
	free(j->text);
	free(j->rule);
	cJSON_Delete(j->id);
	free(j);
}

static void show_message(struct analyzer *an, int type, const char *text)
{
	cJSON *p = lsp_check(cJSON_CreateObject());

	cJSON_AddNumberToObject(p, "type", type);
	cJSON_AddStringToObject(p, "message", text);
	rpc_send_notification(an->out, "window/showMessage", p);
}

static struct dv_session *session(struct analyzer *an)
{
	struct dv_session_options so = an->opt.session;
	struct dv_error err = {0};
	char msg[1100];

	if (an->session || an->session_failed)
		return an->session;
	so.root = an->root;
	so.jobs = 1;
	so.verbose = an->opt.verbose; /* the per-unit timings of -v */
	an->session = dv_session_new(&so, &err);
	if (!an->session) {
		an->session_failed = 1;
		snprintf(msg, sizeof(msg), "diffvet: %s", err.msg);
		fprintf(stderr, "%s\n", msg);
		show_message(an, 1, msg);
		return NULL;
	}
	dv_session_set_live(an->session, 1);
	return an->session;
}

static void publish(struct analyzer *an, const char *uri, int version, cJSON *diagnostics)
{
	cJSON *p = lsp_check(cJSON_CreateObject());

	cJSON_AddStringToObject(p, "uri", uri);
	if (version >= 0)
		cJSON_AddNumberToObject(p, "version", version);
	cJSON_AddItemToObject(p, "diagnostics", diagnostics);
	rpc_send_notification(an->out, "textDocument/publishDiagnostics", p);
}

/* A newer snapshot (or a close) of the document is waiting. */
static int superseded(struct analyzer *an, const char *uri)
{
	struct job *j;
	int found = 0;

	pthread_mutex_lock(&an->lock);
	for (j = an->jobs; j && !found; j = j->next)
		found = j->kind != JOB_EXPLAIN && strcmp(j->uri, uri) == 0;
	pthread_mutex_unlock(&an->lock);
	return found;
}

static void analyse(struct analyzer *an, struct job *j)
{
	struct dv_session *s = session(an);
	struct dv_analysis *a = NULL;
	struct dv_error err = {0};
	const char *paths[1];
	struct diag_doc doc;
	double t0 = now_ms();
	cJSON *diags;

	if (!s)
		return;
	dv_session_set_buffer(s, j->path, j->text, j->len);
	paths[0] = j->path;
	if (an->diff_base && dv_session_check_file_change(s, j->path, an->diff_base, &a, &err) != 0) {
		/* not a git checkout, an unknown revision: every line is reported,
		 * never fewer than the user asked for */
		char msg[1200];

		snprintf(msg, sizeof(msg), "diffvet: diffBase '%s' cannot be used for %s (%s): "
			 "showing the findings of the whole file", an->diff_base, j->path, err.msg);
		fprintf(stderr, "%s\n", msg);
		if (!an->diff_base_failed)
			show_message(an, 2, msg);
		an->diff_base_failed = 1;
		memset(&err, 0, sizeof(err));
		a = NULL;
	}
	if (!a && dv_session_check(s, paths, 1, &a, &err) != 0) {
		fprintf(stderr, "diffvet lsp: %s: %s\n", j->path, err.msg);
		return;
	}
	if (superseded(an, j->uri)) {
		if (an->opt.verbose)
			fprintf(stderr, "diffvet lsp: %s v%d: result dropped (newer version)\n",
				j->path, j->version);
		dv_analysis_free(a);
		return;
	}
	doc.root = dv_session_root(s);
	doc.path = j->path;
	doc.text = j->text;
	doc.len = j->len;
	diags = lsp_diagnostics(a, &doc);
	if (an->opt.verbose)
		fprintf(stderr, "diffvet lsp: %s v%d: %d diagnostics in %.1f ms\n", j->path,
			j->version, cJSON_GetArraySize(diags), now_ms() - t0);
	publish(an, j->uri, j->version, diags);
	dv_analysis_free(a);
}

static void explain(struct analyzer *an, struct job *j)
{
	struct dv_session *s = session(an);
	struct dv_error err = {0};
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc = -1;

	if (s && mem)
		rc = dv_session_explain_rule(s, j->rule, mem, &err);
	if (mem)
		fclose(mem);
	if (rc == 0) {
		cJSON *r = lsp_check(cJSON_CreateObject());
		cJSON_AddStringToObject(r, "kind", "markdown");
		cJSON_AddStringToObject(r, "value", text ? text : "");
		show_message(an, 3, text ? text : j->rule);
		rpc_send_result(an->out, j->id, r);
	} else {
		rpc_send_error(an->out, j->id, RPC_INVALID_PARAMS,
			       err.code ? err.msg : "cannot explain this rule");
	}
	free(text);
}

static void run_job(struct analyzer *an, struct job *j)
{
	switch (j->kind) {
	case JOB_ANALYSE:
		analyse(an, j);
		break;
	case JOB_CLOSE:
		if (an->session)
			dv_session_set_buffer(an->session, j->path, NULL, 0);
		publish(an, j->uri, -1, lsp_check(cJSON_CreateArray()));
		break;
	case JOB_EXPLAIN:
		explain(an, j);
		break;
	}
}

/* The job to run now (unlinked), or NULL with *wait_ms set. */
static struct job *take(struct analyzer *an, double *wait_ms)
{
	struct job **p, **best = NULL;
	double t = now_ms();

	for (p = &an->jobs; *p; p = &(*p)->next)
		if (!best || (*p)->due_ms < (*best)->due_ms)
			best = p;
	if (!best) {
		*wait_ms = -1;
		return NULL;
	}
	if ((*best)->due_ms > t) {
		*wait_ms = (*best)->due_ms - t;
		return NULL;
	}
	{
		struct job *j = *best;
		*best = j->next;
		j->next = NULL;
		return j;
	}
}

static void *thread_main(void *arg)
{
	struct analyzer *an = arg;

	pthread_mutex_lock(&an->lock);
	while (!an->stop) {
		double wait_ms;
		struct job *j = take(an, &wait_ms);

		if (j) {
			pthread_mutex_unlock(&an->lock);
			run_job(an, j);
			job_free(j);
			pthread_mutex_lock(&an->lock);
		} else if (wait_ms < 0) {
			pthread_cond_wait(&an->cond, &an->lock);
		} else {
			struct timespec ts;
			double until = now_ms() + wait_ms;

			ts.tv_sec = (time_t)(until / 1e3);
			ts.tv_nsec = (long)((until - (double)ts.tv_sec * 1e3) * 1e6);
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&an->cond, &an->lock, &ts);
		}
	}
	pthread_mutex_unlock(&an->lock);
	return NULL;
}

struct analyzer *analyzer_start(const struct dv_lsp_options *opt, const char *root,
				const char *diff_base, struct rpc_writer *out)
{
	struct analyzer *an = lsp_alloc(sizeof(*an));
	pthread_condattr_t ca;
	pthread_attr_t ta;
	int ok;

	an->opt = *opt;
	an->root = lsp_strdup(root);
	an->diff_base = diff_base ? lsp_strdup(diff_base) : NULL;
	an->out = out;
	pthread_mutex_init(&an->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&an->cond, &ca);
	pthread_condattr_destroy(&ca);
	/* the checkers recurse on the AST: the main thread's stack size */
	pthread_attr_init(&ta);
	pthread_attr_setstacksize(&ta, (size_t)64 << 20);
	ok = pthread_create(&an->thread, &ta, thread_main, an) == 0;
	pthread_attr_destroy(&ta);
	if (!ok) {
		fprintf(stderr, "diffvet lsp: cannot start the analysis thread\n");
		pthread_cond_destroy(&an->cond);
		pthread_mutex_destroy(&an->lock);
		free(an->root);
		free(an->diff_base);
		free(an);
		return NULL;
	}
	return an;
}

void analyzer_stop(struct analyzer *an)
{
	struct job *j;

	if (!an)
		return;
	pthread_mutex_lock(&an->lock);
	an->stop = 1;
	pthread_cond_signal(&an->cond);
	pthread_mutex_unlock(&an->lock);
	pthread_join(an->thread, NULL);
	while ((j = an->jobs)) {
		an->jobs = j->next;
		job_free(j);
	}
	while (an->changes) {
		struct last_change *c = an->changes;
		an->changes = c->next;
		free(c->uri);
		free(c);
	}
	dv_session_free(an->session);
	pthread_cond_destroy(&an->cond);
	pthread_mutex_destroy(&an->lock);
	free(an->root);
	free(an->diff_base);
	free(an);
}

/* Leading-edge debounce: a change `delay_ms` or more after the previous
 * one of the document, with no analysis of it pending, is due now; one
 * that follows closely (typing) waits `delay_ms` for the next.  A close
 * forgets the document.  Called under the lock. */
static void debounce(struct analyzer *an, struct job *nj, unsigned delay_ms)
{
	struct last_change **p, *c = NULL;
	const struct job *j;
	double t = now_ms();
	int pending = 0;

	for (p = &an->changes; *p; p = &(*p)->next)
		if (strcmp((*p)->uri, nj->uri) == 0) {
			c = *p;
			break;
		}
	if (nj->kind == JOB_CLOSE) {
		if (c) {
			*p = c->next;
			free(c->uri);
			free(c);
		}
		return;
	}
	for (j = an->jobs; j && !pending; j = j->next)
		pending = j->kind == JOB_ANALYSE && strcmp(j->uri, nj->uri) == 0;
	nj->due_ms = t;
	if (delay_ms && (pending || (c && t - c->at_ms < delay_ms)))
		nj->due_ms = t + delay_ms;
	if (!delay_ms)
		return; /* an open, a save: not typing */
	if (!c) {
		c = lsp_alloc(sizeof(*c));
		c->uri = lsp_strdup(nj->uri);
		c->next = an->changes;
		an->changes = c;
	}
	c->at_ms = t;
}

static void enqueue(struct analyzer *an, struct job *nj, unsigned delay_ms)
{
	struct job **p;

	pthread_mutex_lock(&an->lock);
	if (nj->kind != JOB_EXPLAIN)
		debounce(an, nj, delay_ms);
	for (p = &an->jobs; *p; p = &(*p)->next) {
		if (nj->kind != JOB_EXPLAIN && (*p)->kind != JOB_EXPLAIN &&
		    strcmp((*p)->uri, nj->uri) == 0) {
			struct job *old = *p; /* the newer snapshot replaces it */
			nj->next = old->next;
			*p = nj;
			job_free(old);
			goto signal;
		}
	}
	*p = nj;
signal:
	pthread_cond_signal(&an->cond);
	pthread_mutex_unlock(&an->lock);
}

void analyzer_post(struct analyzer *an, const char *uri, const char *path, const char *text,
		   size_t len, int version, unsigned delay_ms)
{
	struct job *j = lsp_alloc(sizeof(*j));

	j->kind = JOB_ANALYSE;
	j->uri = lsp_strdup(uri);
	j->path = lsp_strdup(path);
	j->text = lsp_strndup(text, len);
	j->len = len;
	j->version = version;
	enqueue(an, j, delay_ms);
}

void analyzer_close(struct analyzer *an, const char *uri, const char *path)
{
	struct job *j = lsp_alloc(sizeof(*j));

	j->kind = JOB_CLOSE;
	j->uri = lsp_strdup(uri);
	j->path = lsp_strdup(path);
	j->version = -1;
	j->due_ms = now_ms();
	enqueue(an, j, 0);
}

void analyzer_explain(struct analyzer *an, const cJSON *id, const char *rule)
{
	struct job *j = lsp_alloc(sizeof(*j));

	j->kind = JOB_EXPLAIN;
	j->rule = lsp_strdup(rule);
	j->id = lsp_check(cJSON_Duplicate(id, 1));
	j->due_ms = now_ms();
	enqueue(an, j, 0);
}
