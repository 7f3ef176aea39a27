/*
 * runner.c: fork and exec one job, as DESIGN.md section 5 says.
 * Everything that allocates (environment, argv, group list) is prepared in
 * the parent before fork; between fork and exec the child makes only
 * async-signal-safe system calls.  A setup step that fails in the child is
 * reported to the parent over a close-on-exec status pipe (step and errno,
 * then _exit(127)); EOF on that pipe without a report means the exec
 * succeeded.  All signals are blocked around fork so that no crond handler
 * can run in the child before it resets them.  Every fd is O_CLOEXEC; the
 * child keeps fds 0-2 and the status pipe, which exec closes.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

#define STATUS_FD	3	/* the status pipe's number in the child */
#define SMALL_PIPE	4096	/* a pipe's size once a user is over quota */

/* Sent by the child over the status pipe when a step fails. */
struct report {
	int	step;
	int	error;
};

/* What the child needs, all prepared by the parent. */
struct spawn {
	const struct runner_job	*job;
	char			**envp;
	char			*argv[4];
	const char		*shell;
	const char		*home;
	gid_t			*groups;
	int			 ngroups;
	int			 in_rd;		/* -1: /dev/null */
	int			 out_wr;
	int			 st_wr;
	void			(*fn)(void *, char *const[]);
	void			*arg;
};

static const char *const step_names[] = {
	[RUNNER_STEP_NONE] = "start",
	[RUNNER_STEP_SETSID] = "setsid",
	[RUNNER_STEP_SIGNALS] = "signals",
	[RUNNER_STEP_FDS] = "fds",
	[RUNNER_STEP_SETGROUPS] = "initgroups",
	[RUNNER_STEP_SETGID] = "setgid",
	[RUNNER_STEP_SETUID] = "setuid",
	[RUNNER_STEP_REGAIN] = "setuid 0",
	[RUNNER_STEP_CHDIR] = "chdir",
	[RUNNER_STEP_EXEC] = "exec",
};

const char *
runner_step_name(enum runner_step step)
{
	if ((size_t)step >= sizeof(step_names) / sizeof(step_names[0]))
		return "?";
	return step_names[step];
}

/* --- environment ------------------------------------------------------ */

struct env_ref {
	const char	*name;
	size_t		 idx;
};

static int
env_ref_cmp(const void *a, const void *b)
{
	const struct env_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* live[i] = crontab variable i is the last of its name (n log n, not n^2). */
static bool *
env_live(const struct runner_job *job)
{
	struct env_ref *refs;
	bool *live;
	size_t i;

	live = calloc(job->nenv + 1, sizeof(*live));
	refs = reallocarray(NULL, job->nenv + 1, sizeof(*refs));
	if (live == NULL || refs == NULL) {
		free(live);
		free(refs);
		return NULL;
	}
	for (i = 0; i < job->nenv; i++) {
		refs[i].name = job->env[i].name;
		refs[i].idx = i;
	}
	qsort(refs, job->nenv, sizeof(*refs), env_ref_cmp);
	for (i = 0; i < job->nenv; i++)
		live[refs[i].idx] = i + 1 == job->nenv ||
		    strcmp(refs[i].name, refs[i + 1].name) != 0;
	free(refs);
	return live;
}

static bool
env_forced(const char *name)
{
	return strcmp(name, "LOGNAME") == 0 || strcmp(name, "USER") == 0;
}

static bool
env_set_by(const struct runner_job *job, const bool *live, const char *name)
{
	size_t i;

	for (i = 0; i < job->nenv; i++)
		if (live[i] && strcmp(job->env[i].name, name) == 0)
			return true;
	return false;
}

static int
env_push(char **envp, size_t *n, const char *name, const char *value)
{
	if (asprintf(&envp[*n], "%s=%s", name, value) == -1) {
		envp[*n] = NULL;
		return -1;
	}
	(*n)++;
	envp[*n] = NULL;
	return 0;
}

char **
runner_env_new(const struct runner_job *job)
{
	const char *defs[][2] = {
		{ "SHELL", RUNNER_DEFAULT_SHELL }, { "HOME", job->home },
		{ "LOGNAME", job->user }, { "USER", job->user },
		{ "PATH", RUNNER_DEFAULT_PATH },
	};
	size_t i, n = 0, ndefs = sizeof(defs) / sizeof(defs[0]);
	char **envp;
	bool *live;

	if ((live = env_live(job)) == NULL)
		return NULL;
	envp = reallocarray(NULL, ndefs + job->nenv + 1, sizeof(*envp));
	if (envp == NULL)
		goto fail;
	envp[0] = NULL;
	for (i = 0; i < ndefs; i++) {
		if (!env_forced(defs[i][0]) && env_set_by(job, live, defs[i][0]))
			continue;
		if (env_push(envp, &n, defs[i][0], defs[i][1]) == -1)
			goto fail;
	}
	for (i = 0; i < job->nenv; i++) {
		if (!live[i] || env_forced(job->env[i].name))
			continue;
		if (env_push(envp, &n, job->env[i].name,
		    job->env[i].value) == -1)
			goto fail;
	}
	free(live);
	return envp;
fail:
	free(live);
	runner_env_free(envp);
	return NULL;
}

void
runner_env_free(char **envp)
{
	char **p;

	if (envp == NULL)
		return;
	for (p = envp; *p != NULL; p++)
		free(*p);
	free(envp);
}

const char *
runner_env_get(char *const envp[], const char *name)
{
	size_t len = strlen(name);

	for (; *envp != NULL; envp++)
		if (strncmp(*envp, name, len) == 0 && (*envp)[len] == '=')
			return *envp + len + 1;
	return NULL;
}

/* --- the child (async-signal-safe calls only) ------------------------- */

static void __attribute__((noreturn))
child_fail(enum runner_step step, int error)
{
	struct report r = { step, error };
	ssize_t n;

	do
		n = write(STATUS_FD, &r, sizeof(r));
	while (n == -1 && errno == EINTR);
	_exit(127);
}

/* Default dispositions, then an empty mask (in that order: no handler runs). */
static int
child_signals(void)
{
	struct sigaction sa;
	sigset_t none;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		/* the C library refuses its own real-time signals: EINVAL */
		if (sigaction(sig, &sa, NULL) == -1 && errno != EINVAL)
			return -1;
	}
	sigemptyset(&none);
	return sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * fds 0-2 from the pipes, the status pipe on STATUS_FD (close-on-exec),
 * nothing else.  Sources are first lifted above STATUS_FD so that no dup
 * can clobber one still needed, whatever numbers crond had them on.
 */
#ifdef HAVE_CLOSE_RANGE
/*
 * Closes every descriptor from 3 up but the job's three pipe ends, so
 * that the dups below find room even when crond is at its descriptor
 * limit (it holds a pipe per running job).
 */
static void
child_keep_only(const struct spawn *s)
{
	int keep[3] = { s->in_rd, s->out_wr, s->st_wr }, t, i, j, lo = 3;

	for (i = 0; i < 3; i++)		/* three values: a sort by hand */
		for (j = i + 1; j < 3; j++)
			if (keep[j] < keep[i])
				t = keep[i], keep[i] = keep[j], keep[j] = t;
	for (i = 0; i < 3; i++) {
		if (keep[i] < lo)
			continue;
		if (keep[i] > lo)
			(void)close_range((unsigned)lo, (unsigned)keep[i] - 1, 0);
		lo = keep[i] + 1;
	}
	(void)close_range((unsigned)lo, ~0U, 0);
}
#endif

static void
child_fds(struct spawn *s)
{
	int in = -1, out, st;

#ifdef HAVE_CLOSE_RANGE
	child_keep_only(s);
#endif

	if ((s->in_rd != -1 &&
	    (in = fcntl(s->in_rd, F_DUPFD_CLOEXEC, STATUS_FD + 1)) == -1) ||
	    (out = fcntl(s->out_wr, F_DUPFD_CLOEXEC, STATUS_FD + 1)) == -1 ||
	    (st = fcntl(s->st_wr, F_DUPFD_CLOEXEC, STATUS_FD + 1)) == -1 ||
	    dup3(st, STATUS_FD, O_CLOEXEC) == -1)
		_exit(127);	/* no status pipe yet: the parent sees EOF */
	if (in == -1 && ((in = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    (in = fcntl(in, F_DUPFD_CLOEXEC, STATUS_FD + 1)) == -1))
		child_fail(RUNNER_STEP_FDS, errno);
	/* dup2 clears close-on-exec on 0-2; the sources all sit above 3 */
	if (dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(out, 2) == -1)
		child_fail(RUNNER_STEP_FDS, errno);
	closefrom(STATUS_FD + 1);
}

static void
child_identity(const struct spawn *s)
{
	uid_t uid = s->job->uid;

	if (setgroups(s->ngroups, s->groups) == -1)
		child_fail(RUNNER_STEP_SETGROUPS, errno);
	if (setgid(s->job->gid) == -1)
		child_fail(RUNNER_STEP_SETGID, errno);
	if (setuid(uid) == -1)
		child_fail(RUNNER_STEP_SETUID, errno);
	/* a setuid that left a saved root uid behind must not go unnoticed */
	if (uid != 0 && (setuid(0) != -1 || geteuid() != uid))
		child_fail(RUNNER_STEP_REGAIN, EPERM);
}

static void __attribute__((noreturn))
child_main(struct spawn *s)
{
	/* the status pipe is not in place until child_fds: set it up first */
	child_fds(s);
	if (setsid() == -1)
		child_fail(RUNNER_STEP_SETSID, errno);
	if (child_signals() == -1)
		child_fail(RUNNER_STEP_SIGNALS, errno);
	if (s->job->setid)
		child_identity(s);
	if (chdir(s->home) == -1)
		child_fail(RUNNER_STEP_CHDIR, errno);
	if (s->fn != NULL) {
		close(STATUS_FD);	/* set up: tell the parent */
		s->fn(s->arg, s->envp);
		_exit(127);
	}
	execve(s->shell, s->argv, s->envp);
	child_fail(RUNNER_STEP_EXEC, errno);
}

/* --- the parent ------------------------------------------------------- */

/* The job user's groups, as initgroups would set them. */
static int
groups_get(struct spawn *s, char *err, size_t errlen)
{
	int n = 32, want;

	for (;;) {
		free(s->groups);
		if ((s->groups = reallocarray(NULL, n, sizeof(gid_t))) == NULL)
			break;
		want = n;
		if (getgrouplist(s->job->user, s->job->gid, s->groups,
		    &want) != -1) {
			s->ngroups = want;
			return 0;
		}
		if (want <= n)		/* no progress: refuse to loop */
			break;
		n = want;
	}
	snprintf(err, errlen, "initgroups %s: cannot list groups",
	    s->job->user);
	return -1;
}

/*
 * A pipe holding the whole input, write end closed: the job reads it and
 * then EOF.  Never blocks: the input is at most RUNNER_INPUT_MAX bytes,
 * below a pipe's 64 KiB; a user over pipe-user-pages-soft gets 4 KiB
 * pipes, so a larger input asks for room and fails cleanly without it.
 */
_Static_assert(RUNNER_INPUT_MAX < 65536, "stdin input must fit a pipe");

static int
input_pipe(const char *input, int *rd, char *err, size_t errlen)
{
	size_t len = strlen(input);
	int p[2];
	ssize_t n;

	if (len > RUNNER_INPUT_MAX) {
		snprintf(err, errlen, "input: %zu bytes (%d at most)", len,
		    RUNNER_INPUT_MAX);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	if (len > SMALL_PIPE)
		(void)fcntl(p[1], F_SETPIPE_SZ, RUNNER_INPUT_MAX);
	n = len == 0 ? 0 : write(p[1], input, len);
	close(p[1]);
	if (n == -1 || (size_t)n != len) {
		snprintf(err, errlen, "input: the pipe holds %zd of %zu bytes",
		    n < 0 ? 0 : n, len);
		close(p[0]);
		return -1;
	}
	/* the job's stdin must block as usual */
	if (fcntl(p[0], F_SETFL, 0) == -1) {
		close(p[0]);
		snprintf(err, errlen, "fcntl: %s", strerror(errno));
		return -1;
	}
	*rd = p[0];
	return 0;
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* Closes one of c's pipes, telling its owner first (runner_child.on_close). */
static void
child_close(struct runner_child *c, int *fd)
{
	if (*fd != -1 && c->on_close != NULL)
		c->on_close(c->close_arg, *fd);
	close_fd(fd);
}

/* What a child's report is formatted with (runner_exec_status). */
struct runner_pending {
	uid_t	 uid;
	gid_t	 gid;
	char	*user;
	char	*home;
	char	*shell;
	char	 buf[];		/* the three strings */
};

static struct runner_pending *
pending_new(const struct spawn *s)
{
	const char *user = s->job->user != NULL ? s->job->user : "";
	size_t lu = strlen(user) + 1, lh = strlen(s->home) + 1,
	    ls = strlen(s->shell) + 1;
	struct runner_pending *p;

	if ((p = malloc(sizeof(*p) + lu + lh + ls)) == NULL)
		return NULL;
	p->uid = s->job->uid;
	p->gid = s->job->gid;
	p->user = memcpy(p->buf, user, lu);
	p->home = memcpy(p->buf + lu, s->home, lh);
	p->shell = memcpy(p->buf + lu + lh, s->shell, ls);
	return p;
}

/* Formats a child's report into err. */
static void
report_error(const struct runner_pending *p, const struct report *r,
    char *err, size_t errlen)
{
	const char *what = runner_step_name(r->step);

	switch (r->step) {
	case RUNNER_STEP_SETGROUPS:
		snprintf(err, errlen, "%s %s: %s", what, p->user,
		    strerror(r->error));
		break;
	case RUNNER_STEP_SETGID:
		snprintf(err, errlen, "%s %ju: %s", what, (uintmax_t)p->gid,
		    strerror(r->error));
		break;
	case RUNNER_STEP_SETUID:
		snprintf(err, errlen, "%s %ju: %s", what, (uintmax_t)p->uid,
		    strerror(r->error));
		break;
	case RUNNER_STEP_REGAIN:
		snprintf(err, errlen, "%s succeeded after dropping to uid %ju",
		    what, (uintmax_t)p->uid);
		break;
	case RUNNER_STEP_CHDIR:
		snprintf(err, errlen, "%s %s: %s", what, p->home,
		    strerror(r->error));
		break;
	case RUNNER_STEP_EXEC:
		snprintf(err, errlen, "%s %s: %s", what, p->shell,
		    strerror(r->error));
		break;
	default:
		snprintf(err, errlen, "%s: %s", what, strerror(r->error));
		break;
	}
}

/*
 * Reads the status pipe once: 1 while nothing came (EAGAIN), 0 at EOF
 * (the exec happened), -1 with *r filled when the child reported a step
 * that failed (or the read failed).
 */
static int
status_read(int fd, struct report *r)
{
	ssize_t n;

	do
		n = read(fd, r, sizeof(*r));
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return 1;
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof(*r)) {
		r->step = RUNNER_STEP_NONE;
		r->error = n == -1 ? errno : EIO;
	}
	return -1;
}

static int
spawn_prepare(struct spawn *s, const struct runner_job *job, char *err,
    size_t errlen)
{
	const char *shell;

	if ((s->envp = runner_env_new(job)) == NULL) {
		snprintf(err, errlen, "environment: %s", strerror(ENOMEM));
		return -1;
	}
	shell = job->shell;
	if (shell == NULL)
		shell = runner_env_get(s->envp, "SHELL");
	s->shell = shell != NULL && *shell != '\0' ? shell :
	    RUNNER_DEFAULT_SHELL;
	/* as Vixie cron: the crontab's HOME is also the working folder */
	s->home = runner_env_get(s->envp, "HOME");
	if (s->home == NULL || *s->home == '\0') {
		snprintf(err, errlen, "chdir: no HOME for %s", job->user);
		return -1;
	}
	s->argv[0] = (char *)s->shell;
	s->argv[1] = (char *)"-c";
	s->argv[2] = (char *)(job->command != NULL ? job->command : "");
	s->argv[3] = NULL;
	if (job->setid && groups_get(s, err, errlen) == -1)
		return -1;
	if (job->input != NULL &&
	    input_pipe(job->input, &s->in_rd, err, errlen) == -1)
		return -1;
	return 0;
}

static pid_t
spawn_fork(struct spawn *s, char *err, size_t errlen)
{
	sigset_t all, old;
	pid_t pid;
	int e;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		child_main(s);
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid == -1)
		snprintf(err, errlen, "fork: %s", strerror(e));
	errno = e;
	return pid;
}

/*
 * Forks the child set up as job says, with fn instead of the shell if not
 * NULL.  On success out has the pid and the output pipe, *st_rd the status
 * pipe (blocking), and *pending (if pending is not NULL) what a report
 * needs.  Returns 0, or -1 with err (no child, no fd left open).
 */
static int
spawn_child(const struct runner_job *job,
    void (*fn)(void *, char *const[]), void *arg, struct runner_child *out,
    int *st_rd, struct runner_pending **pending, char *err, size_t errlen)
{
	struct spawn s = { .job = job, .in_rd = -1, .out_wr = -1,
	    .st_wr = -1, .fn = fn, .arg = arg };
	int out_p[2] = { -1, -1 }, st_p[2] = { -1, -1 };
	int ret = -1, e = 0;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	out->pid = -1;
	out->out_fd = -1;
	out->st_fd = -1;
	out->outmax = RUNNER_OUTPUT_MAX;
	if (spawn_prepare(&s, job, err, errlen) == -1)
		goto out;
	if (pending != NULL && (*pending = pending_new(&s)) == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	if (pipe2(out_p, O_CLOEXEC) == -1 || pipe2(st_p, O_CLOEXEC) == -1) {
		e = errno;
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto out;
	}
	s.out_wr = out_p[1];
	s.st_wr = st_p[1];
	if ((pid = spawn_fork(&s, err, errlen)) == -1) {
		e = errno;
		goto out;
	}
	/* only crond's end is non-blocking: the job's stdout stays blocking */
	(void)fcntl(out_p[0], F_SETFL, O_NONBLOCK);
	out->pid = pid;
	out->out_fd = out_p[0];
	out_p[0] = -1;
	*st_rd = st_p[0];
	st_p[0] = -1;
	ret = 0;
out:
	if (ret == -1 && pending != NULL) {
		free(*pending);
		*pending = NULL;
	}
	close_fd(&out_p[0]);
	close_fd(&out_p[1]);
	close_fd(&st_p[0]);
	close_fd(&st_p[1]);
	close_fd(&s.in_rd);
	runner_env_free(s.envp);
	free(s.groups);
	errno = e;
	return ret;
}

int
runner_start_fn(const struct runner_job *job,
    void (*fn)(void *, char *const[]), void *arg, struct runner_child *out,
    enum runner_step *step, char *err, size_t errlen)
{
	struct runner_pending *p = NULL;
	struct report r;
	int st_rd = -1, status;

	if (step != NULL)
		*step = RUNNER_STEP_NONE;
	if (spawn_child(job, fn, arg, out, &st_rd, &p, err, errlen) == -1)
		return -1;
	if (status_read(st_rd, &r) == 0) {
		close_fd(&st_rd);
		free(p);
		return 0;
	}
	close_fd(&st_rd);
	while (waitpid(out->pid, &status, 0) == -1 && errno == EINTR)
		;
	if (step != NULL)
		*step = r.step;
	report_error(p, &r, err, errlen);
	free(p);
	runner_child_free(out);
	out->pid = -1;
	return -1;
}

int
runner_spawn(const struct runner_job *job, struct runner_child *out,
    char *err, size_t errlen)
{
	int st_rd = -1;

	if (spawn_child(job, NULL, NULL, out, &st_rd, &out->pending, err,
	    errlen) == -1)
		return -1;
	(void)fcntl(st_rd, F_SETFL, O_NONBLOCK);
	out->st_fd = st_rd;
	return 0;
}

int
runner_exec_status(struct runner_child *c, enum runner_step *step,
    char *err, size_t errlen)
{
	struct report r;
	int rc;

	if (step != NULL)
		*step = RUNNER_STEP_NONE;
	if (c->st_fd == -1)
		return 0;
	if ((rc = status_read(c->st_fd, &r)) == 1)
		return 1;
	if (rc == -1) {
		if (step != NULL)
			*step = r.step;
		report_error(c->pending, &r, err, errlen);
	}
	child_close(c, &c->st_fd);
	free(c->pending);
	c->pending = NULL;
	return rc;
}

int
runner_start(const struct runner_job *job, struct runner_child *out,
    enum runner_step *step, char *err, size_t errlen)
{
	return runner_start_fn(job, NULL, NULL, out, step, err, errlen);
}

/* --- output ----------------------------------------------------------- */

/* Room for more output in the buffer; 0 once outmax is reached. */
static size_t
output_room(struct runner_child *c)
{
	size_t cap;
	char *p;

	if (c->outlen < c->outcap)
		return c->outcap - c->outlen;
	if (c->outcap >= c->outmax)
		return 0;
	cap = c->outcap == 0 ? 4096 : c->outcap * 2;
	if (cap > c->outmax)
		cap = c->outmax;
	if ((p = realloc(c->out, cap)) == NULL)
		return 0;	/* out of memory: drop, never fail the job */
	c->out = p;
	c->outcap = cap;
	return c->outcap - c->outlen;
}

int
runner_read_output(struct runner_child *c)
{
	char scratch[16384];
	size_t room;
	ssize_t n;
	int i, saved;

	if (c->out_fd == -1)
		return 0;
	for (i = 0; i < 64; i++) {
		if ((room = output_room(c)) > 0)
			n = read(c->out_fd, c->out + c->outlen, room);
		else
			n = read(c->out_fd, scratch, sizeof(scratch));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 1;
		if (n <= 0) {
			saved = errno;
			child_close(c, &c->out_fd);
			errno = saved;
			return n == 0 ? 0 : -1;
		}
		if (room > 0)
			c->outlen += n;
		else
			c->dropped += n;
	}
	return 1;
}

void
runner_child_free(struct runner_child *c)
{
	if (c == NULL)
		return;
	child_close(c, &c->out_fd);
	child_close(c, &c->st_fd);
	free(c->pending);
	c->pending = NULL;
	free(c->out);
	c->out = NULL;
	c->outlen = c->outcap = 0;
}
