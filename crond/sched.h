/*
 * sched.h: the pure scheduling core of crond.  A job table grouped by
 * source (a crontab: "alice", "/etc/crontab", "/etc/cron.d/NAME"), a heap
 * of next due instants, and the clock-change rules of crontab(5).  No
 * system calls, no clock reads, no printing: the event loop passes the
 * time in and gets the jobs to start back through a callback.
 *
 * Times are seconds since the epoch (UTC instants).  The loop arms its
 * timer for sched_next_wakeup() and calls sched_tick() when it fires (or
 * at any other event), and sched_clock_changed() when the wall clock was
 * set (timerfd ECANCELED).
 */
#ifndef SCHED_H
#define SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crontab.h"
#include "spec.h"
#include "tz.h"

/* Clock-rule thresholds (crontab(5), as Vixie cron). */
#define SCHED_LATE_MAX	(5 * 60)	/* a wake-up this late runs it all */
#define SCHED_JUMP_MAX	(3 * 3600)	/* past this a jump is a correction */

/* Passed as `before` to sched_clock_changed: let the core estimate it. */
#define SCHED_UNKNOWN	INT64_MIN

enum sched_trigger {
	SCHED_TRIG_SCHEDULE,	/* its time came (also a late wake-up) */
	SCHED_TRIG_CATCHUP,	/* once for times a forward jump skipped */
	SCHED_TRIG_REBOOT	/* @reboot */
};

/* Where a job stands; retries, dependencies and overlap will add states. */
enum sched_state {
	SCHED_WAITING,		/* in the heap until its due instant */
	SCHED_DORMANT,		/* no instant ever again (Feb 30, past 9999) */
	SCHED_BOOT		/* @reboot: out of the heap */
};

/*
 * One job as the loader hands it over.  The strings and env are read
 * only during sched_load_source (they feed the job's identity); ref and
 * tz are borrowed and kept: they must stay valid until the source is
 * loaded again, dropped, or the core freed.
 */
struct sched_def {
	const char		*user;		/* NULL for a user crontab */
	const char		*when;		/* schedule as written; NULL:
						   the spec's bits stand in */
	const char		*command;
	const char		*input;		/* NULL if none */
	const struct ct_env	*env;		/* env[0..nenv) in effect */
	size_t			 nenv;
	struct spec		 spec;
	const struct tz		*tz;
	const void		*ref;		/* the loader's entry */
};

/* A job to start, as handed to the loop.  Valid during the callback. */
struct sched_start {
	const char		*source;
	size_t			 index;		/* in the source's def order */
	const void		*ref;
	int64_t			 due;
	enum sched_trigger	 trigger;
};

/* Called once per start, in due order; must not call back into sched. */
typedef void sched_emit_fn(void *arg, const struct sched_start *);

/* What sched_job_info reports. */
struct sched_info {
	const void		*ref;
	int64_t			 due;		/* NEXT_NEVER if none */
	int64_t			 last_run;	/* due instant of the last
						   start; INT64_MIN: none */
	enum sched_state	 state;
};

struct sched;

/* A core whose clock starts at now; NULL if out of memory. */
struct sched	*sched_new(int64_t now);
/* Frees the core and its jobs (not the borrowed refs and zones). */
void		 sched_free(struct sched *);

/*
 * Replaces the jobs of source name with defs[0..n).  A job whose identity
 * (user, when, command, input, env, zone name) matches one of the old
 * jobs keeps that job's spec, next due instant and last run, so an edit
 * elsewhere in the file neither re-randomizes '~' nor reschedules it; a
 * new job is due at its first instant after now (or after the core's
 * clock, if later).  n == 0 drops the source.  Returns 0, or -1 when out
 * of memory, leaving the source as it was.
 */
int		 sched_load_source(struct sched *, const char *name,
		    const struct sched_def *defs, size_t n, int64_t now);
/* Removes a source and its jobs; -1 if there was none. */
int		 sched_drop_source(struct sched *, const char *name);

/* The earliest due instant, or NEXT_NEVER: then arm no timer at all. */
int64_t		 sched_next_wakeup(const struct sched *);

/*
 * The clock reads now: starts what is due, applying the clock rules if
 * now is not where the core expected it.  Returns the number of starts.
 */
size_t		 sched_tick(struct sched *, int64_t now, sched_emit_fn *,
		    void *arg);
/*
 * The wall clock was set: it read `before` just before (the loop's
 * estimate from a monotonic clock, or SCHED_UNKNOWN) and now reads now.
 * Same rules as sched_tick; returns the number of starts.
 */
size_t		 sched_clock_changed(struct sched *, int64_t before,
		    int64_t now, sched_emit_fn *, void *arg);

/* Emits every @reboot job once (the loop decides it is a boot). */
size_t		 sched_reboot_jobs(struct sched *, sched_emit_fn *, void *arg);

/* Job i of a source, in def order; false if there is none. */
bool		 sched_job_info(const struct sched *, const char *source,
		    size_t i, struct sched_info *);
/* Jobs in the table, and bytes the core holds for them. */
size_t		 sched_job_count(const struct sched *);
size_t		 sched_mem_usage(const struct sched *);

#endif
