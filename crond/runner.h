/*
 * runner.h: the process runner.  Starts one job (fork; own session; empty
 * signal mask and default dispositions; fds 0-2 only; initgroups, setgid,
 * setuid each checked; cwd HOME; a clean environment; SHELL -c command),
 * collects its combined stdout/stderr with a bound, and turns a wait
 * status into a history outcome.  No scheduling: the caller decides when,
 * reaps on SIGCHLD and owns the event loop.
 */
#ifndef RUNNER_H
#define RUNNER_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crontab.h"

/*
 * Bytes of stdin text (the part after '%') a job may have.  Bounded by the
 * crontab line limit, so it always fits an empty pipe (64 KiB on Linux)
 * and is written before the fork without ever blocking the daemon.
 */
#define RUNNER_INPUT_MAX	CT_LINE_MAX
#define RUNNER_OUTPUT_MAX	(64 * 1024)	/* default crond.conf output-max */
#define RUNNER_DEFAULT_PATH	"/usr/bin:/bin"
#define RUNNER_DEFAULT_SHELL	"/bin/sh"

/* What to run and as whom.  Everything is borrowed for the call only. */
struct runner_job {
	const char		*user;		/* LOGNAME and USER */
	uid_t			 uid;
	gid_t			 gid;
	const char		*home;		/* HOME unless the crontab sets it */
	const struct ct_env	*env;		/* crontab variables, in order */
	size_t			 nenv;		/* later ones win */
	const char		*shell;		/* NULL: SHELL from env, /bin/sh */
	const char		*command;	/* run as shell -c command */
	const char		*input;		/* stdin text; NULL: /dev/null */
	bool			 setid;		/* root mode: change identity */
};

/*
 * A started job.  pid and out_fd are the caller's to watch; the output
 * fields are filled by runner_read_output.  runner_child_free releases
 * them (it neither kills nor reaps).
 */
struct runner_pending;

struct runner_child {
	pid_t		 pid;
	int		 out_fd;	/* non-blocking, O_CLOEXEC; -1 at EOF */
	int		 st_fd;		/* runner_spawn: the exec status
					   pipe, non-blocking; -1 after */
	struct runner_pending *pending;	/* what a report is told with */
	/*
	 * Called with out_fd or st_fd just before the runner closes it, so
	 * that an event loop forgets the descriptor while it is still open
	 * (epoll cannot remove a closed one).  NULL: nobody to tell.
	 */
	void		(*on_close)(void *arg, int fd);
	void		*close_arg;
	char		*out;		/* the first outlen bytes of output */
	size_t		 outlen;
	size_t		 outcap;	/* allocated, never above outmax */
	size_t		 outmax;
	uint64_t	 dropped;	/* bytes read past outmax, discarded */
};

/* The child's setup step that failed, reported before the job runs. */
enum runner_step {
	RUNNER_STEP_NONE, RUNNER_STEP_SETSID, RUNNER_STEP_SIGNALS,
	RUNNER_STEP_FDS, RUNNER_STEP_SETGROUPS, RUNNER_STEP_SETGID,
	RUNNER_STEP_SETUID, RUNNER_STEP_REGAIN, RUNNER_STEP_CHDIR,
	RUNNER_STEP_EXEC
};

/*
 * Starts job.  Returns 0 with out filled (outmax RUNNER_OUTPUT_MAX: the
 * caller may lower or raise it before the first read), or -1 with the
 * reason in err, e.g. "chdir /home/x: No such file or directory": then
 * the job did not run, no fd is left open and any child is already
 * reaped.  On success the command has been exec'ed.  step, if not NULL,
 * gets the failing step (RUNNER_STEP_NONE on success or a parent error).
 */
int	runner_start(const struct runner_job *job, struct runner_child *out,
	    enum runner_step *step, char *err, size_t errlen);

/*
 * As runner_start, but once the child is set up it calls fn(arg, envp)
 * instead of exec'ing the shell; fn must not return (it ends with _exit).
 * The mailer helper uses this.
 */
int	runner_start_fn(const struct runner_job *job,
	    void (*fn)(void *arg, char *const envp[]), void *arg,
	    struct runner_child *out, enum runner_step *step,
	    char *err, size_t errlen);

/*
 * As runner_start, without waiting for the exec: returns once the child
 * is forked, with st_fd open for the caller to watch (readable: call
 * runner_exec_status).  So a burst of jobs is set up by their children in
 * parallel instead of one after the other.  Returns 0, or -1 with err if
 * the child could not be made (then nothing is left open); errno is then
 * the system's reason when descriptors or processes ran out (EMFILE,
 * ENFILE, EAGAIN, ENOMEM: worth trying again later), 0 for a problem of
 * the job itself.
 */
int	runner_spawn(const struct runner_job *job, struct runner_child *out,
	    char *err, size_t errlen);

/*
 * The outcome of a runner_spawn'ed child's set-up, read from st_fd
 * without blocking: 1 while it is still under way, 0 once the command was
 * exec'ed, -1 if a step failed (step and err filled, as runner_start
 * says; the child exits 127 and is reaped as usual).  st_fd is closed
 * once the answer is known.
 */
int	runner_exec_status(struct runner_child *c, enum runner_step *step,
	    char *err, size_t errlen);

/*
 * Reads what is available on out_fd (call when it is readable, level
 * triggered: it stops after about 1 MiB to let the loop breathe).  Keeps
 * the first outmax bytes and counts the rest in dropped.  Returns 1 while
 * the pipe is open, 0 at EOF (out_fd is then closed and -1), -1 on a read
 * error (errno set; out_fd closed).
 */
int	runner_read_output(struct runner_child *child);

/* Closes out_fd if open and frees the output; child itself is the caller's. */
void	runner_child_free(struct runner_child *child);

/*
 * The job's environment as a NULL-terminated "NAME=value" array:
 * SHELL=/bin/sh, HOME, LOGNAME, USER, PATH=/usr/bin:/bin, then the
 * crontab's variables in order, a later one replacing an earlier one or a
 * default; LOGNAME and USER are always the job's user (as Vixie cron and
 * cronie).  NULL if out of memory.  Free with runner_env_free.
 */
char	**runner_env_new(const struct runner_job *job);
void	  runner_env_free(char **envp);
/* The value of name in envp, or NULL.  Borrowed from envp. */
const char *runner_env_get(char *const envp[], const char *name);

/* True if the wait status is a normal exit with code 0. */
bool	runner_status_ok(int wstatus);

/*
 * The history's status field for a wait status: the exit code ("0",
 * "127") or the signal's name ("SIGKILL", "SIG42" if unnamed).  Returns buf.
 */
char	*runner_status_string(int wstatus, char *buf, size_t len);

/* The step's name as used in error messages ("setuid", "chdir"). */
const char *runner_step_name(enum runner_step step);

/*
 * Keeps a run's output for 'cronctl logs' when it is not mailed: writes
 * STATE/output/JOB (job name escaped to one file name) atomically through
 * a temporary file and rename, mode 0600.  The file is one line
 * "run=RUN bytes=LEN dropped=N", then the len bytes.  Only the last run
 * is kept.  Returns 0, or -1 with err filled.
 */
int	runner_keep_output(const char *state_dir, const char *job_name,
	    const char *run_id, const char *buf, size_t len, uint64_t dropped,
	    char *err, size_t errlen);

#endif
