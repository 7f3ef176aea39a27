/*
 * jobs.c: runs from due job to reaped process.  Every run is in exactly
 * one place: the delay heap (waiting for its RANDOM_DELAY), the slot
 * queue (waiting for max-jobs), or the pid table (its process or one of
 * its pipes is still open).  The evloop cookie of each pipe (jobs_output's
 * cookie) is a run_watch naming the run and the pipe.
 * A run starts in the history when its child has exec'ed (the runner's
 * status pipe closes), ends there when its process is reaped; its
 * record is freed once its output is drained and mailed or kept.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "heap.h"
#include "jobs.h"
#include "log.h"
#include "mail.h"
#include "runner.h"

#define PID_BUCKETS	4096	/* pid table; chains stay short at 10k runs */

enum run_kind {
	RUN_JOB,
	RUN_MAIL		/* a mail helper: no history, no CMD lines */
};

/* What an evloop cookie names: one of a run's two pipes. */
enum run_pipe {
	RUN_PIPE_OUT,		/* the job's stdout and stderr */
	RUN_PIPE_STATUS		/* the runner's exec status */
};

struct run_watch {
	struct run		*run;
	enum run_pipe		 pipe;
};

struct run {
	struct run		*next;		/* pid chain or slot queue */
	struct run_watch	 watch[2];	/* evloop cookies, by pipe */
	struct heap_node	 hn;		/* delay heap: key start_at */
	enum run_kind		 kind;
	uint64_t		 id;
	char			*user;
	char			*job;
	char			*command;
	char			*input;
	struct ct_env		*env;
	size_t			 nenv;
	int64_t			 due;
	enum hist_trigger	 trigger;
	uid_t			 uid;
	gid_t			 gid;
	char			*home;
	struct hist_time	 started;
	struct runner_child	 child;
	bool			 dead;		/* finished, freed after the batch */
	bool			 failed;	/* set-up failed: never ran */
	bool			 exited;
	int			 wstatus;
};

struct jobs {
	struct jobs_config	 cfg;
	struct heap		 delayed;
	struct run		*queue;		/* FIFO waiting for a slot */
	struct run		**queue_tail;
	struct run		*pids[PID_BUCKETS];
	/*
	 * Finished runs, freed by jobs_collect after the loop's batch of
	 * events, which may still name them.
	 */
	struct run		*dead;
	size_t			 active;	/* runs in the pid table */
	size_t			 running;	/* RUN_JOB processes alive */
	/*
	 * The system ran out of descriptors or processes: starts wait in the
	 * queue until a running job ends.
	 */
	bool			 starved;
};

static struct hist_time
clock_now(void)
{
	struct timespec ts;
	struct hist_time t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t.sec = ts.tv_sec;
	t.usec = (int32_t)(ts.tv_nsec / 1000);
	return t;
}

static int64_t
usec_between(struct hist_time a, struct hist_time b)
{
	return (b.sec - a.sec) * 1000000 + (b.usec - a.usec);
}

/* --- run records --------------------------------------------------------- */

static void
run_free(struct run *r)
{
	size_t i;

	if (r == NULL)
		return;
	runner_child_free(&r->child);
	for (i = 0; i < r->nenv; i++) {
		free(r->env[i].name);
		free(r->env[i].value);
	}
	free(r->env);
	free(r->user);
	free(r->job);
	free(r->command);
	free(r->input);
	free(r->home);
	free(r);
}

static char *
dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*oom = true;
	return d;
}

/* An empty run of kind; NULL if out of memory. */
static struct run *
run_alloc(enum run_kind kind)
{
	struct run *r;
	int i;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->kind = kind;
	r->hn.idx = HEAP_NONE;
	r->child.pid = -1;
	r->child.out_fd = -1;
	r->child.st_fd = -1;
	for (i = 0; i < 2; i++) {
		r->watch[i].run = r;
		r->watch[i].pipe = (enum run_pipe)i;
	}
	return r;
}

static struct run *
run_new(const struct jobs_req *req)
{
	struct run *r;
	bool oom = false;
	size_t i;

	if ((r = run_alloc(RUN_JOB)) == NULL)
		return NULL;
	r->due = req->due;
	r->trigger = req->trigger;
	r->hn.key = req->start_at;
	r->user = dup_or_null(req->user, &oom);
	r->job = dup_or_null(req->job, &oom);
	r->command = dup_or_null(req->command, &oom);
	r->input = dup_or_null(req->input, &oom);
	if (req->nenv > 0 &&
	    (r->env = calloc(req->nenv, sizeof(*r->env))) == NULL)
		oom = true;
	for (i = 0; !oom && i < req->nenv; i++) {
		r->nenv++;
		r->env[i].name = dup_or_null(req->env[i].name, &oom);
		r->env[i].value = dup_or_null(req->env[i].value, &oom);
		r->env[i].line = req->env[i].line;
	}
	if (oom) {
		run_free(r);
		return NULL;
	}
	return r;
}

/* --- history and log ----------------------------------------------------- */

static void
run_history(struct jobs *js, const struct run *r, enum hist_event event,
    struct hist_time t, enum hist_outcome outcome, int64_t duration)
{
	struct hist_record h;
	char err[256];

	if (js->cfg.hist == NULL)
		return;
	memset(&h, 0, sizeof(h));
	h.time = t;
	h.event = event;
	strlcpy(h.user, r->user, sizeof(h.user));
	strlcpy(h.job, r->job, sizeof(h.job));
	h.run = r->id;
	h.attempt = 1;
	h.trigger = r->trigger;
	h.has_due = true;
	h.due.sec = r->due;
	h.pid = r->child.pid > 0 ? r->child.pid : 0;
	h.outcome = outcome;
	if (event == HIST_END && outcome != HIST_OUT_LOST)
		hist_status_from_wait(r->wstatus, &h.status);
	h.duration = duration;
	if (hist_append(js->cfg.hist, &h, err, sizeof(err)) == -1)
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
}

static enum hist_outcome
run_outcome(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return HIST_OUT_KILLED;
	return runner_status_ok(wstatus) ? HIST_OUT_OK : HIST_OUT_FAIL;
}

/* --- the pid table --------------------------------------------------------- */

static struct run **
pid_slot(struct jobs *js, pid_t pid)
{
	struct run **pp;

	for (pp = &js->pids[(unsigned)pid % PID_BUCKETS]; *pp != NULL;
	    pp = &(*pp)->next)
		if ((*pp)->child.pid == pid)
			break;
	return pp;
}

static void
pid_insert(struct jobs *js, struct run *r)
{
	struct run **head = &js->pids[(unsigned)r->child.pid % PID_BUCKETS];

	r->next = *head;
	*head = r;
	js->active++;
	if (r->kind == RUN_JOB)
		js->running++;
}

/* --- starting ------------------------------------------------------------ */

/* Fills the run's identity: the job's user in root mode, ours otherwise. */
static int
run_identity(struct jobs *js, struct run *r, char *err, size_t errlen)
{
	struct passwd *pw;

	errno = 0;
	pw = js->cfg.setid ? getpwnam(r->user) : getpwuid(getuid());
	if (pw == NULL) {
		snprintf(err, errlen, "no such user '%s'%s%s", r->user,
		    errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	r->uid = pw->pw_uid;
	r->gid = pw->pw_gid;
	free(r->home);
	if ((r->home = strdup(pw->pw_dir)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static void
run_job_of(const struct jobs *js, const struct run *r, struct runner_job *rj)
{
	memset(rj, 0, sizeof(*rj));
	rj->user = r->user;
	rj->uid = r->uid;
	rj->gid = r->gid;
	rj->home = r->home;
	rj->env = r->env;
	rj->nenv = r->nenv;
	rj->command = r->command;
	rj->input = r->input;
	rj->setid = js->cfg.setid;
}

/* The runner closes one of a run's pipes: the loop forgets it first. */
static void
run_unwatch(void *arg, int fd)
{
	struct jobs *js = arg;

	evloop_del_fd(js->cfg.ev, fd);
}

/* Registers a started child: its pipes with the loop, its pid. */
static int
run_track(struct jobs *js, struct run *r, char *err, size_t errlen)
{
	r->child.on_close = run_unwatch;
	r->child.close_arg = js;
	if (r->child.out_fd != -1 && evloop_add_fd(js->cfg.ev,
	    r->child.out_fd, &r->watch[RUN_PIPE_OUT], err, errlen) == -1)
		return -1;
	if (r->child.st_fd != -1 && evloop_add_fd(js->cfg.ev,
	    r->child.st_fd, &r->watch[RUN_PIPE_STATUS], err, errlen) == -1) {
		evloop_del_fd(js->cfg.ev, r->child.out_fd);
		return -1;
	}
	pid_insert(js, r);
	return 0;
}

static void
run_failed(struct jobs *js, struct run *r, const char *why)
{
	log_cronf(LOG_ERR, r->user, "ERROR", "cannot run %s: %s", r->job,
	    why);
	run_history(js, r, HIST_ERROR, clock_now(), HIST_OUT_FAIL, -1);
}

/*
 * Reads the child's set-up outcome: once it exec'ed, the run has
 * started (CMD, history start at the fork's time); if a step failed, it
 * never ran.  Nothing while the answer has not come.
 */
static void
run_status(struct jobs *js, struct run *r)
{
	enum runner_step step;
	int fd = r->child.st_fd, rc;
	char err[512];

	if (fd == -1 ||
	    (rc = runner_exec_status(&r->child, &step, err, sizeof(err))) == 1)
		return;
	if (rc == 0) {
		log_cron(LOG_INFO, r->user, "CMD", r->command);
		run_history(js, r, HIST_START, r->started, HIST_OUT_NONE, -1);
	} else {
		r->failed = true;
		run_failed(js, r, err);
	}
}

/*
 * After a failed start: if the system ran out of descriptors or
 * processes while other jobs run, r goes back to the head of the queue
 * until one of them ends (logged once per shortage).  False otherwise.
 */
static bool
run_starved(struct jobs *js, struct run *r, const char *why)
{
	if ((errno != EMFILE && errno != ENFILE && errno != EAGAIN &&
	    errno != ENOMEM) || js->running == 0)
		return false;
	if (!js->starved)
		log_cronf(LOG_WARNING, LOG_DAEMON_USER, "ERROR", "%s: jobs "
		    "wait for one of the %zu running to end", why,
		    js->running);
	js->starved = true;
	if ((r->next = js->queue) == NULL)
		js->queue_tail = &r->next;
	js->queue = r;
	return true;
}

/* Starts r now; on failure logs and records it, and frees it. */
static void
run_launch(struct jobs *js, struct run *r)
{
	struct runner_job rj;
	char err[512], ierr[256];

	if (run_identity(js, r, err, sizeof(err)) == -1)
		goto fail;
	if (r->id == 0 &&
	    (r->id = state_runid(js->cfg.runids, ierr, sizeof(ierr))) == 0)
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", ierr);
	run_job_of(js, r, &rj);
	r->started = clock_now();
	/* The child sets itself up while we go on to the next job. */
	if (runner_spawn(&rj, &r->child, err, sizeof(err)) == -1) {
		if (run_starved(js, r, err))
			return;
		goto fail;
	}
	r->child.outmax = js->cfg.output_max;
	if (run_track(js, r, err, sizeof(err)) == -1) {
		/* Cannot watch it: wait for its exec, let its output go. */
		log_cronf(LOG_ERR, r->user, "ERROR", "%s: %s", r->job, err);
		(void)fcntl(r->child.st_fd, F_SETFL, 0);
		close(r->child.out_fd);
		r->child.out_fd = -1;
		pid_insert(js, r);
		run_status(js, r);
	}
	return;
fail:
	r->child.pid = -1;
	run_failed(js, r, err);
	run_free(r);
}

static bool
slot_free(const struct jobs *js)
{
	return !js->starved &&
	    (js->cfg.max_jobs == 0 || js->running < js->cfg.max_jobs);
}

/* Starts queued runs while slots are free. */
static void
queue_drain(struct jobs *js)
{
	struct run *r;

	while (js->queue != NULL && slot_free(js)) {
		r = js->queue;
		if ((js->queue = r->next) == NULL)
			js->queue_tail = &js->queue;
		r->next = NULL;
		run_launch(js, r);
	}
}

static void
run_dispatch(struct jobs *js, struct run *r)
{
	if (js->queue == NULL && slot_free(js)) {
		run_launch(js, r);
		return;
	}
	r->next = NULL;
	*js->queue_tail = r;
	js->queue_tail = &r->next;
}

struct jobs *
jobs_new(const struct jobs_config *cfg)
{
	struct jobs *js;

	if ((js = calloc(1, sizeof(*js))) == NULL)
		return NULL;
	js->cfg = *cfg;
	heap_init(&js->delayed);
	js->queue_tail = &js->queue;
	return js;
}

void
jobs_set_hist(struct jobs *js, struct hist *h)
{
	js->cfg.hist = h;
}

int
jobs_submit(struct jobs *js, const struct jobs_req *req, int64_t now)
{
	struct run *r;

	if ((r = run_new(req)) == NULL) {
		log_cronf(LOG_ERR, req->user, "ERROR",
		    "cannot run %s: out of memory", req->job);
		return -1;
	}
	if (req->start_at > now) {
		if (heap_insert(&js->delayed, &r->hn) == 0)
			return 0;
		/* No room to wait: start it now rather than never. */
	}
	run_dispatch(js, r);
	return 0;
}

void
jobs_tick(struct jobs *js, int64_t now)
{
	struct heap_node *top;
	struct run *r;

	while ((top = heap_top(&js->delayed)) != NULL && top->key <= now) {
		r = (struct run *)((char *)top - offsetof(struct run, hn));
		heap_remove(&js->delayed, top);
		run_dispatch(js, r);
	}
	queue_drain(js);
}

int64_t
jobs_next_wakeup(const struct jobs *js)
{
	const struct heap_node *top = heap_top(&js->delayed);

	return top == NULL ? INT64_MAX : top->key;
}

/* --- output and end ----------------------------------------------------- */

/* Each output line to syslog as CMDOUT (-s). */
static void
output_to_syslog(const struct run *r)
{
	const char *p = r->child.out, *end = p + r->child.outlen, *nl;
	char line[1024];
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		log_cron(LOG_INFO, r->user, "CMDOUT", line);
		p = nl != NULL ? nl + 1 : end;
	}
}

static void
output_keep(struct jobs *js, const struct run *r)
{
	char id[32], err[512];

	snprintf(id, sizeof(id), "%" PRIu64, r->id);
	if (runner_keep_output(js->cfg.state, r->job, id, r->child.out,
	    r->child.outlen, r->child.dropped, err, sizeof(err)) == -1)
		log_cron(LOG_ERR, r->user, "ERROR", err);
}

/* Starts mailing r's output; false if it is not mailed. */
static bool
output_mail(struct jobs *js, const struct run *r)
{
	struct runner_job rj;
	struct mail_msg msg;
	struct run *m;
	const char *to;
	char err[512];

	run_job_of(js, r, &rj);
	switch (mail_recipient(&rj, &to)) {
	case MAIL_NONE:
		return false;
	case MAIL_BAD:
		log_cronf(LOG_ERR, r->user, "ERROR", "%s: MAILTO refused, "
		    "output kept instead of mailed", r->job);
		return false;
	case MAIL_TO:
		break;
	}
	memset(&msg, 0, sizeof(msg));
	msg.mailer = js->cfg.mailer;
	msg.to = to;
	msg.command = r->command;
	msg.body = r->child.out;
	msg.bodylen = r->child.outlen;
	msg.dropped = r->child.dropped;
	if ((m = run_alloc(RUN_MAIL)) == NULL ||
	    (m->user = strdup(r->user)) == NULL ||
	    (m->job = strdup(r->job)) == NULL) {
		run_free(m);
		return false;
	}
	if (mail_start(&rj, &msg, &m->child, err, sizeof(err)) == -1 ||
	    run_track(js, m, err, sizeof(err)) == -1) {
		log_cronf(LOG_ERR, r->user, "ERROR", "cannot mail the output "
		    "of %s: %s", r->job, err);
		run_free(m);
		return false;
	}
	return true;
}

static void
mail_done(const struct run *m)
{
	char status[32];

	if (runner_status_ok(m->wstatus))
		return;
	log_cronf(LOG_ERR, m->user, "ERROR", "mailing the output of %s "
	    "failed (status %s)%s%.*s", m->job,
	    runner_status_string(m->wstatus, status, sizeof(status)),
	    m->child.outlen > 0 ? ": " : "", (int)m->child.outlen,
	    m->child.out != NULL ? m->child.out : "");
}

/* The process is reaped and its output drained: deliver and free. */
static void
run_finish(struct jobs *js, struct run *r)
{
	struct run **pp = pid_slot(js, r->child.pid);

	if (*pp == r)
		*pp = r->next;
	js->active--;
	if (r->kind == RUN_MAIL)
		mail_done(r);
	else if (r->failed)
		;		/* its output is the runner's, not the job's */
	else if (r->child.outlen > 0 || r->child.dropped > 0) {
		if (js->cfg.to_syslog)
			output_to_syslog(r);
		else if (*js->cfg.mailer == '\0' || !output_mail(js, r))
			output_keep(js, r);
	}
	r->dead = true;
	r->next = js->dead;
	js->dead = r;
}

void
jobs_collect(struct jobs *js)
{
	struct run *r;

	while ((r = js->dead) != NULL) {
		js->dead = r->next;
		run_free(r);
	}
}

/* The run is over once reaped and both its pipes are closed. */
static bool
run_done(const struct run *r)
{
	return r->exited && r->child.out_fd == -1 && r->child.st_fd == -1;
}

void
jobs_output(struct jobs *js, void *cookie)
{
	struct run_watch *w = cookie;
	struct run *r = w->run;
	int fd = r->child.out_fd;

	if (r->dead)
		return;		/* an event of this batch, for a pipe closed */
	if (w->pipe == RUN_PIPE_STATUS)
		run_status(js, r);
	else if (fd != -1)
		(void)runner_read_output(&r->child);	/* EOF: it unwatches */
	if (run_done(r))
		run_finish(js, r);
}

static void
run_exited(struct jobs *js, struct run *r, int wstatus)
{
	struct hist_time now = clock_now();

	/* Its status pipe is closed now: the outcome of its set-up is there. */
	run_status(js, r);
	r->exited = true;
	r->wstatus = wstatus;
	if (r->kind == RUN_JOB) {
		js->running--;
		js->starved = false;	/* its descriptors are free again */
		if (!r->failed) {
			log_cron(LOG_INFO, r->user, "CMDEND", r->command);
			run_history(js, r, HIST_END, now,
			    run_outcome(wstatus),
			    usec_between(r->started, now));
		}
	}
	if (run_done(r))
		run_finish(js, r);
}

void
jobs_reap(struct jobs *js, int64_t now)
{
	struct run **pp;
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		pp = pid_slot(js, pid);
		if (*pp != NULL && !(*pp)->exited)
			run_exited(js, *pp, st);
	}
	jobs_tick(js, now);
}

size_t
jobs_active(const struct jobs *js)
{
	return js->active;
}

size_t
jobs_running(const struct jobs *js)
{
	return js->running;
}

size_t
jobs_drop_waiting(struct jobs *js)
{
	struct heap_node *top;
	struct run *r;
	size_t n = 0;

	while ((top = heap_top(&js->delayed)) != NULL) {
		heap_remove(&js->delayed, top);
		run_free((struct run *)((char *)top -
		    offsetof(struct run, hn)));
		n++;
	}
	while ((r = js->queue) != NULL) {
		js->queue = r->next;
		run_free(r);
		n++;
	}
	js->queue_tail = &js->queue;
	return n;
}

void
jobs_free(struct jobs *js)
{
	struct run *r;
	size_t i;

	if (js == NULL)
		return;
	jobs_collect(js);
	jobs_drop_waiting(js);
	heap_clear(&js->delayed);
	for (i = 0; i < PID_BUCKETS; i++)
		while ((r = js->pids[i]) != NULL) {
			js->pids[i] = r->next;
			run_free(r);	/* its pipes are unwatched as closed */
		}
	free(js);
}
