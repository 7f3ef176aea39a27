/*
 * jobs.h: the runs of crond.  A run is made from a due job (with copies of
 * what it needs, since its crontab may be reloaded while it runs), waits
 * out its RANDOM_DELAY and a free slot (max-jobs), is started by the
 * runner, has its output read and its exit reaped, and is logged (syslog
 * CMD and CMDEND, history start and end); its output is then mailed, sent
 * to syslog (-s) or kept under the state folder.  This module makes the
 * system calls of a run; it never decides when a job is due.
 */
#ifndef JOBS_H
#define JOBS_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crontab.h"
#include "evloop.h"
#include "history.h"
#include "state.h"

struct jobs_config {
	bool		 setid;		/* root mode: run as the job's user */
	const char	*mailer;	/* "": keep output instead */
	bool		 to_syslog;	/* -s: output to syslog, not mail */
	size_t		 output_max;	/* output bytes kept per run */
	unsigned	 max_jobs;	/* 0: no limit */
	const char	*state;		/* state folder (kept output) */
	struct hist	*hist;		/* NULL: no history */
	struct state_runids *runids;
	struct evloop	*ev;		/* output pipes are watched here */
};

/* A due job.  Everything is borrowed for the call only. */
struct jobs_req {
	const char		*user;		/* run as */
	const char		*job;		/* "alice:3" */
	const char		*command;
	const char		*input;		/* NULL: none */
	const struct ct_env	*env;
	size_t			 nenv;
	int64_t			 due;		/* seconds */
	enum hist_trigger	 trigger;
	int64_t			 start_at;	/* due + RANDOM_DELAY */
};

struct jobs;

/* The configuration is copied (its pointers borrowed). NULL: no memory. */
struct jobs	*jobs_new(const struct jobs_config *);
/* Frees every run; processes still running are left alone. */
void		 jobs_free(struct jobs *);
/* The history to write from now on (reopened after a failure); NULL: none. */
void		 jobs_set_hist(struct jobs *, struct hist *);

/*
 * Takes a due job: starts it now if its time has come and a slot is
 * free, else keeps it until then.  now is the wall clock in seconds.
 * Returns 0, or -1 if out of memory (the run is logged as lost).
 */
int		 jobs_submit(struct jobs *, const struct jobs_req *, int64_t now);
/* Starts the kept runs whose time has come, as slots allow. */
void		 jobs_tick(struct jobs *, int64_t now);
/* The earliest instant a kept run waits for, or INT64_MAX. */
int64_t		 jobs_next_wakeup(const struct jobs *);

/*
 * A pipe registered with cookie is readable.  The cookie stays valid
 * until jobs_collect, even for a run that finished meanwhile: the loop
 * may hand on events of its batch for pipes already closed.
 */
void		 jobs_output(struct jobs *, void *cookie);
/* Frees the runs that finished; call after each batch of events. */
void		 jobs_collect(struct jobs *);
/* Reaps every exited child (on SIGCHLD), then starts waiting runs. */
void		 jobs_reap(struct jobs *, int64_t now);

/* Processes not yet reaped or outputs not yet drained (jobs and mail). */
size_t		 jobs_active(const struct jobs *);
/* Jobs running now (not counting mail helpers). */
size_t		 jobs_running(const struct jobs *);
/* Drops runs that have not started (shutdown); returns how many. */
size_t		 jobs_drop_waiting(struct jobs *);

#endif
