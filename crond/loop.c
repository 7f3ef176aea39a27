/*
 * loop.c: the daemon's main loop.  The only place crond sleeps: signals
 * arrive as events (evloop blocks them elsewhere), so none is lost
 * between a check and the sleep.  The timer is armed for the earlier of
 * the core's next due instant and the first RANDOM_DELAY start; with
 * nothing due it is not armed at all.  Every event reads the wall clock
 * once and hands that instant on.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "database.h"
#include "evloop.h"
#include "history.h"
#include "jobs.h"
#include "log.h"
#include "loop.h"
#include "next.h"
#include "sched.h"
#include "state.h"

#define LOOP_EVENTS	64

struct crond {
	const struct loop_opts	*opts;
	struct evloop		*ev;
	struct hist		*hist;
	struct state_runids	 runids;
	struct sched		*sched;
	struct db		*db;
	struct jobs		*jobs;
	double			 delay_factor;	/* RANDOM_DELAY scale */
	int			 stopping;	/* SIGTERMs seen */
	int64_t			 now;
};

static const int loop_signals[] = { SIGCHLD, SIGHUP, SIGTERM, SIGINT };

static int64_t
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

static int
pw_lookup(void *arg, const char *name, struct db_user *u)
{
	struct passwd *pw;

	(void)arg;
	errno = 0;
	if ((pw = getpwnam(name)) == NULL) {
		/* getpwnam(3) lists these as "no such user". */
		if (errno == 0 || errno == ENOENT || errno == ESRCH ||
		    errno == EBADF || errno == EPERM)
			return -1;
		return -2;	/* the lookup failed: keep the file as it is */
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return 0;
}

static void
db_log(void *arg, int prio, const char *user, const char *tag,
    const char *text)
{
	(void)arg;
	log_cron(prio, user, tag, text);
}

/* '~' picks, drawn from the kernel's random source. */
static uint32_t
rand_below(void *arg, uint32_t bound)
{
	(void)arg;
	return arc4random_uniform(bound);
}

static const struct spec_rand loop_rand = { rand_below, NULL };

/* --- starting due jobs ---------------------------------------------------- */

static enum hist_trigger
trigger_of(enum sched_trigger t)
{
	switch (t) {
	case SCHED_TRIG_CATCHUP:
		return HIST_CATCH_UP;
	case SCHED_TRIG_REBOOT:
		return HIST_REBOOT;
	case SCHED_TRIG_SCHEDULE:
		break;
	}
	return HIST_SCHEDULE;
}

/* RANDOM_DELAY in effect for e, in seconds, scaled by this run's factor. */
static int64_t
random_delay(const struct crond *c, const struct crontab *ct,
    const struct ct_entry *e)
{
	const char *v = crontab_getenv(ct, e, "RANDOM_DELAY");
	long minutes;

	if (v == NULL || (minutes = strtol(v, NULL, 10)) <= 0)
		return 0;
	return (int64_t)(c->delay_factor * (double)minutes * 60.0);
}

/* The core's callback: one due job becomes a run. */
static void
loop_emit(void *arg, const struct sched_start *st)
{
	struct crond *c = arg;
	const struct db_tab *tab = db_tab(c->db, st->source);
	const struct ct_entry *e = st->ref;
	struct jobs_req req;
	char job[HIST_JOB_MAX];

	if (tab == NULL || e == NULL)
		return;		/* cannot happen: the core only has loaded jobs */
	snprintf(job, sizeof(job), "%s:%d", tab->source, e->line);
	memset(&req, 0, sizeof(req));
	req.user = tab->system ? e->user : tab->owner;
	req.job = job;
	req.command = e->command;
	req.input = e->input;
	req.env = tab->ct->env;
	req.nenv = e->nenv;
	req.trigger = trigger_of(st->trigger);
	req.due = st->trigger == SCHED_TRIG_REBOOT ? c->now : st->due;
	req.start_at = req.due + random_delay(c, tab->ct, e);
	jobs_submit(c->jobs, &req, c->now);
}

/* --- events ---------------------------------------------------------------- */

static void	loop_watch(struct crond *, bool);

static void
loop_rescan(struct crond *c, bool all)
{
	if (db_zone_changed(c->db, c->now) == -1 ||
	    (all ? db_rescan : db_scan)(c->db, c->now) == -1)
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", "out of memory "
		    "or descriptors while loading crontabs: the files not "
		    "read are tried again at the next change or SIGHUP");
}

static void
loop_reopen(struct crond *c)
{
	char err[512];

	if (c->hist == NULL)
		c->hist = hist_open(c->opts->cfg->history, err, sizeof(err));
	else if (hist_reopen(c->hist, err, sizeof(err)) == -1)
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
	if (c->hist == NULL)
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
	else if (c->jobs != NULL)
		/* a history that failed to open at start works from now on */
		jobs_set_hist(c->jobs, c->hist);
}

static void
loop_signal(struct crond *c, int signo)
{
	switch (signo) {
	case SIGCHLD:
		jobs_reap(c->jobs, c->now);
		break;
	case SIGHUP:
		loop_reopen(c);
		loop_rescan(c, true);
		break;
	case SIGTERM:
	case SIGINT:
		if (c->stopping++ == 0) {
			jobs_drop_waiting(c->jobs);
			log_cronf(LOG_INFO, LOG_DAEMON_USER, "SHUTDOWN",
			    "waiting for %zu jobs", jobs_running(c->jobs));
		}
		break;
	}
}

static void
loop_event(struct crond *c, const struct evloop_event *ev)
{
	switch (ev->kind) {
	case EVLOOP_TIMER:
		break;		/* the tick after the batch starts what is due */
	case EVLOOP_CLOCK_SET:
		log_cronf(LOG_NOTICE, LOG_DAEMON_USER, "INFO",
		    "wall clock stepped by %" PRId64 " s",
		    ev->before == EVLOOP_UNKNOWN ? 0 : ev->now - ev->before);
		if (c->stopping == 0)
			sched_clock_changed(c->sched, ev->before ==
			    EVLOOP_UNKNOWN ? SCHED_UNKNOWN : ev->before,
			    c->now, loop_emit, c);
		break;
	case EVLOOP_SIGNAL:
		loop_signal(c, ev->signo);
		break;
	case EVLOOP_FILES:
		/* A folder removed and made again needs a new watch. */
		loop_watch(c, false);
		loop_rescan(c, false);
		break;
	case EVLOOP_FD:
		jobs_output(c->jobs, ev->cookie);
		break;
	}
}

/* Arms the timer for the next thing due; nothing due: no timer at all. */
static int
loop_arm(struct crond *c)
{
	int64_t when = EVLOOP_NEVER, j;
	char err[256];

	if (c->stopping == 0) {
		when = sched_next_wakeup(c->sched);
		if (when == NEXT_NEVER)
			when = EVLOOP_NEVER;
		if ((j = jobs_next_wakeup(c->jobs)) < when)
			when = j;
	}
	if (evloop_arm(c->ev, when, 0, err, sizeof(err)) == -1) {
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
		return -1;
	}
	return 0;
}

static int
loop_wait(struct crond *c)
{
	struct evloop_event ev[LOOP_EVENTS];
	char err[256];
	int i, n;

	if (loop_arm(c) == -1)
		return -1;
	if ((n = evloop_wait(c->ev, ev, LOOP_EVENTS, -1, err,
	    sizeof(err))) == -1) {
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
		return -1;
	}
	c->now = wall_now();
	for (i = 0; i < n; i++)
		loop_event(c, &ev[i]);
	jobs_collect(c->jobs);
	if (c->stopping == 0) {
		sched_tick(c->sched, c->now, loop_emit, c);
		jobs_tick(c->jobs, c->now);
	}
	return 0;
}

/* --- set-up and tear-down ------------------------------------------------- */

/* Creates the history's folder if missing, then opens it and records lost runs. */
static void
loop_history(struct crond *c)
{
	const char *path = c->opts->cfg->history;
	char dir[4096], err[512], *slash;
	struct hist_time t = { wall_now(), 0 };
	uint64_t maxid = 0;
	long lost;

	strlcpy(dir, path, sizeof(dir));
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) == -1 && errno != EEXIST)
			log_cronf(LOG_ERR, LOG_DAEMON_USER, "ERROR", "%s: %s",
			    dir, strerror(errno));
	}
	loop_reopen(c);
	if (c->hist != NULL) {
		lost = state_record_lost(path, c->hist, t, &maxid, err,
		    sizeof(err));
		if (lost == -1)
			log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
		else if (lost > 0)
			log_cronf(LOG_NOTICE, LOG_DAEMON_USER, "INFO",
			    "%ld runs of the last daemon recorded lost", lost);
	}
	if (state_runids_open(&c->runids, c->opts->cfg->state, maxid, err,
	    sizeof(err)) == -1)
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
}

/* Watches every file and folder crond reads; report: log failures. */
static void
loop_watch(struct crond *c, bool report)
{
	const struct conf *cfg = c->opts->cfg;
	const char *paths[] = { cfg->spool, cfg->crontab, cfg->crond_d,
	    cfg->localtime };
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (*paths[i] != '\0' &&
		    evloop_watch(c->ev, paths[i], err, sizeof(err)) == -1 &&
		    report)
			log_cron(LOG_WARNING, LOG_DAEMON_USER, "ERROR", err);
}

/*
 * Loads the name service modules now rather than at the first job's
 * start, which would otherwise be a few milliseconds late.
 */
static void
loop_warm_nss(void)
{
	struct passwd *pw;
	gid_t groups[1];
	int n = 1;

	if ((pw = getpwnam("root")) != NULL)
		(void)getgrouplist(pw->pw_name, pw->pw_gid, groups, &n);
}

static int
loop_setup(struct crond *c)
{
	const struct conf *cfg = c->opts->cfg;
	struct db_config dc;
	struct jobs_config jc;
	char err[512];

	loop_warm_nss();
	c->now = wall_now();
	c->ev = evloop_new(loop_signals, sizeof(loop_signals) /
	    sizeof(loop_signals[0]), err, sizeof(err));
	if (c->ev == NULL || state_prepare(cfg->state, err, sizeof(err)) == -1)
		goto fail;
	loop_history(c);
	if ((c->sched = sched_new(c->now)) == NULL)
		goto oom;
	memset(&dc, 0, sizeof(dc));
	dc.spool = cfg->spool;
	dc.crontab = cfg->crontab;
	dc.crond_d = cfg->crond_d;
	dc.localtime = cfg->localtime;
	dc.user_mode = c->opts->user_mode;
	dc.user = c->opts->user;
	dc.uid = c->opts->user_mode ? c->opts->uid : 0;
	dc.getpw = pw_lookup;
	dc.log = db_log;
	dc.rnd = &loop_rand;
	if ((c->db = db_new(&dc, c->sched, err, sizeof(err))) == NULL)
		goto fail;
	memset(&jc, 0, sizeof(jc));
	jc.setid = !c->opts->user_mode;
	jc.mailer = cfg->mailer;
	jc.to_syslog = c->opts->to_syslog;
	jc.output_max = cfg->output_max;
	jc.max_jobs = cfg->max_jobs;
	jc.state = cfg->state;
	jc.hist = c->hist;
	jc.runids = &c->runids;
	jc.ev = c->ev;
	if ((c->jobs = jobs_new(&jc)) == NULL)
		goto oom;
	c->delay_factor = (double)arc4random_uniform(1000000) / 1e6;
	loop_watch(c, true);
	if (db_scan(c->db, c->now) == -1)
		goto oom;
	return 0;
oom:
	snprintf(err, sizeof(err), "out of memory");
fail:
	log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
	return -1;
}

static void
loop_reboot(struct crond *c)
{
	bool newboot;
	char err[512];

	if (state_new_boot(c->opts->cfg->state, c->opts->boot_id_path,
	    &newboot, err, sizeof(err)) == -1)
		log_cron(LOG_ERR, LOG_DAEMON_USER, "ERROR", err);
	else if (newboot)
		sched_reboot_jobs(c->sched, loop_emit, c);
}

static void
loop_teardown(struct crond *c)
{
	/*
	 * evloop_free unblocks the loop's signals: one still pending (a
	 * second SIGTERM sent while we exit) must not kill us on the way out.
	 */
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	jobs_free(c->jobs);
	db_free(c->db);
	sched_free(c->sched);
	hist_free(c->hist);
	evloop_free(c->ev);
}

int
loop_run(const struct loop_opts *opts)
{
	struct crond c;
	int rc = 1;

	memset(&c, 0, sizeof(c));
	c.opts = opts;
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit must fail a history write, not kill crond. */
	signal(SIGXFSZ, SIG_IGN);
	if (loop_setup(&c) == -1)
		goto out;
	log_cronf(LOG_INFO, LOG_DAEMON_USER, "STARTUP", "tcron %s, %s%s%s, %s",
	    PACKAGE_VERSION, opts->user_mode ? "user mode " : "root mode",
	    opts->user_mode ? opts->user : "", "", evloop_backend());
	loop_reboot(&c);
	jobs_tick(c.jobs, c.now);
	while (c.stopping < 2 && (c.stopping == 0 || jobs_active(c.jobs) > 0))
		if (loop_wait(&c) == -1)
			goto out;
	log_cron(LOG_INFO, LOG_DAEMON_USER, "SHUTDOWN", "exiting");
	rc = 0;
out:
	loop_teardown(&c);
	return rc;
}
