/*
 * check_runner.c: the process runner and cron mail, with real jobs.  User
 * mode (no identity change) everywhere: the environment exactly as
 * specified, stdin, bounded output, no stray fds, signals reset, own
 * session, cwd HOME and the refusals (missing HOME, exec failure), exit
 * and signal outcomes, kept output, mail through a fake mailer.  As root
 * only: a throw-away user with a supplementary group runs the probe, and
 * failing identity steps are reported with the job not run.  JOB_PROBE is
 * tests/job_probe (see there); fixtures live under the build tree.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail.h"
#include "runner.h"
#include "check_main.h"

#ifndef JOB_PROBE
#define JOB_PROBE "tests/job_probe"
#endif

/* small enough that every expected text below fits its buffer */
static char tmpdir[900];
static char home[1000];
static char probe_out[1000];
static char user[64];
static char err[512];

static void
setup(void)
{
	char cwd[800];
	struct passwd *pw;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(tmpdir, sizeof(tmpdir), "%s/tests/check_runner.XXXXXX", cwd);
	if (mkdtemp(tmpdir) == NULL) {
		snprintf(tmpdir, sizeof(tmpdir), "%s/check_runner.XXXXXX", cwd);
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
	snprintf(home, sizeof(home), "%s/home", tmpdir);
	ck_assert_int_eq(mkdir(home, 0700), 0);
	snprintf(probe_out, sizeof(probe_out), "%s/probe.out", tmpdir);
	ck_assert_ptr_nonnull(pw = getpwuid(getuid()));
	snprintf(user, sizeof(user), "%s", pw->pw_name);
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

static struct runner_job
job_new(const char *command)
{
	struct runner_job j = {
		.user = user, .uid = getuid(), .gid = getgid(), .home = home,
		.command = command,
	};

	return j;
}

/* Drains the output to EOF and reaps the job; returns its wait status. */
static int
finish(struct runner_child *c)
{
	struct pollfd pfd;
	int r, status;

	while (c->out_fd != -1) {
		pfd.fd = c->out_fd;
		pfd.events = POLLIN;
		ck_assert_int_ge(poll(&pfd, 1, 10000), 1);
		r = runner_read_output(c);
		ck_assert_int_ge(r, 0);
	}
	ck_assert_int_eq(waitpid(c->pid, &status, 0), c->pid);
	return status;
}

/* Runs job to its end; the child keeps the output for the caller. */
static int
run(const struct runner_job *job, struct runner_child *c)
{
	ck_assert_msg(runner_start(job, c, NULL, err, sizeof(err)) == 0,
	    "runner_start: %s", err);
	return finish(c);
}

/* A file's text, NUL-terminated, owned by the caller. */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	size_t n;

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	buf = calloc(1, 1 << 20);
	ck_assert_ptr_nonnull(buf);
	n = fread(buf, 1, (1 << 20) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* The value of the first "key=" line of a probe report (static buffer). */
static const char *
probe_get(const char *text, const char *key)
{
	static char val[1024];
	size_t klen = strlen(key);
	const char *p = text;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			p += klen + 1;
			snprintf(val, sizeof(val), "%.*s",
			    (int)strcspn(p, "\n"), p);
			return val;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

/* The probe's env= lines, joined with '\n' (static buffer). */
static const char *
probe_env(const char *text)
{
	static char out[4096];
	const char *p = text;
	size_t o = 0, n;

	out[0] = '\0';
	while ((p = strstr(p, "\nenv=")) != NULL) {
		p += 5;
		n = strcspn(p, "\n");
		o += snprintf(out + o, sizeof(out) - o, "%s%.*s", o ? "\n" : "",
		    (int)n, p);
	}
	return out;
}

/* Runs the probe as the job's shell; returns its report (caller frees). */
static char *
probe_run(struct runner_job *job, struct runner_child *c)
{
	job->shell = JOB_PROBE;
	job->command = probe_out;
	ck_assert_int_eq(run(job, c), 0);
	runner_child_free(c);
	return slurp(probe_out);
}

START_TEST(test_env_defaults)
{
	struct runner_job job = job_new("true");
	char **envp, want[4096];
	char got[4096] = "";
	size_t i;

	ck_assert_ptr_nonnull(envp = runner_env_new(&job));
	for (i = 0; envp[i] != NULL; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s\n",
		    envp[i]);
	snprintf(want, sizeof(want), "SHELL=/bin/sh\nHOME=%s\nLOGNAME=%s\n"
	    "USER=%s\nPATH=/usr/bin:/bin\n", home, user, user);
	ck_assert_str_eq(got, want);
	ck_assert_str_eq(runner_env_get(envp, "PATH"), "/usr/bin:/bin");
	ck_assert_ptr_null(runner_env_get(envp, "PAT"));
	runner_env_free(envp);
	runner_env_free(NULL);
}
END_TEST

/* The job's whole environment, seen by the job itself. */
START_TEST(test_env_exact)
{
	struct ct_env env[] = {
		{ "FOO", "1", 1 }, { "PATH", "/opt/bin", 2 },
		{ "FOO", "2=two", 3 }, { "LOGNAME", "evil", 4 },
		{ "USER", "evil", 5 }, { "MAILTO", "", 6 },
		{ "SHELL", JOB_PROBE, 7 }, { "EMPTY", "", 8 },
	};
	struct runner_job job = job_new(NULL);
	struct runner_child c;
	char want[4096], *text;

	job.env = env;
	job.nenv = sizeof(env) / sizeof(env[0]);
	text = probe_run(&job, &c);
	snprintf(want, sizeof(want), "HOME=%s\nLOGNAME=%s\nUSER=%s\n"
	    "PATH=/opt/bin\nFOO=2=two\nMAILTO=\nSHELL=%s\nEMPTY=",
	    home, user, user, JOB_PROBE);
	ck_assert_str_eq(probe_env(text), want);
	free(text);
}
END_TEST

/* SHELL from the crontab is the program run, HOME the working folder. */
START_TEST(test_env_shell_home)
{
	char other[PATH_MAX];
	struct ct_env env[] = {
		{ "SHELL", JOB_PROBE, 1 }, { "HOME", other, 2 },
	};
	struct runner_job job = job_new(probe_out);
	struct runner_child c;
	char want[PATH_MAX + 16], *text;

	snprintf(other, sizeof(other), "%s/other", tmpdir);
	ck_assert_int_eq(mkdir(other, 0700), 0);
	job.env = env;
	job.nenv = 2;
	ck_assert_int_eq(run(&job, &c), 0);
	runner_child_free(&c);
	text = slurp(probe_out);
	ck_assert_str_eq(probe_get(text, "cwd"), other);
	snprintf(want, sizeof(want), "\nenv=HOME=%s\n", other);
	ck_assert_ptr_nonnull(strstr(text, want));
	snprintf(want, sizeof(want), "\nenv=HOME=%s\n", home);
	ck_assert_ptr_null(strstr(text, want));
	free(text);
}
END_TEST

START_TEST(test_process)
{
	struct runner_job job = job_new(NULL);
	struct runner_child c;
	struct sigaction ign, old_int, old_pipe, old_hup;
	sigset_t block, old_mask;
	char pid[32], *text;
	int fd1, fd2;

	/* what crond may hold: blocked and ignored signals, open fds */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGPIPE, &ign, &old_pipe);
	sigaction(SIGHUP, &ign, &old_hup);
	fd1 = open("/dev/null", O_RDONLY);	/* no O_CLOEXEC: on purpose */
	fd2 = dup(fd1);
	ck_assert_int_ge(fd2, 3);

	text = probe_run(&job, &c);

	close(fd1);
	close(fd2);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);

	ck_assert_str_eq(probe_get(text, "fds"), "0,1,2");
	ck_assert_str_eq(probe_get(text, "blocked"), "");
	ck_assert_str_eq(probe_get(text, "ignored"), "");
	ck_assert_str_eq(probe_get(text, "cwd"), home);
	snprintf(pid, sizeof(pid), "%ld", (long)c.pid);
	ck_assert_str_eq(probe_get(text, "pid"), pid);
	ck_assert_str_eq(probe_get(text, "sid"), pid);
	ck_assert_str_eq(probe_get(text, "pgid"), pid);
	free(text);
}
END_TEST

START_TEST(test_stdin)
{
	struct runner_job job = job_new("cat; echo end >&2");
	struct runner_child c;

	job.input = "first\n100%\n\n";
	ck_assert_int_eq(run(&job, &c), 0);
	ck_assert_uint_eq(c.outlen, 16);
	ck_assert_int_eq(memcmp(c.out, "first\n100%\n\nend\n", 16), 0);
	runner_child_free(&c);

	/* no input: /dev/null, not crond's stdin */
	job.input = NULL;
	job.command = "cat; echo $?";
	ck_assert_int_eq(run(&job, &c), 0);
	ck_assert_uint_eq(c.outlen, 2);
	ck_assert_int_eq(memcmp(c.out, "0\n", 2), 0);
	runner_child_free(&c);

	/* the largest input a crontab line can carry */
	{
		char *big = malloc(RUNNER_INPUT_MAX + 2);

		memset(big, 'x', RUNNER_INPUT_MAX);
		big[RUNNER_INPUT_MAX] = '\0';
		job.input = big;
		job.command = "wc -c";
		ck_assert_int_eq(run(&job, &c), 0);
		ck_assert_int_eq(atoi(c.out), RUNNER_INPUT_MAX);
		runner_child_free(&c);
		big[RUNNER_INPUT_MAX] = 'x';
		big[RUNNER_INPUT_MAX + 1] = '\0';
		ck_assert_int_eq(runner_start(&job, &c, NULL, err,
		    sizeof(err)), -1);
		ck_assert_str_eq(err, "input: 8193 bytes (8192 at most)");
		ck_assert_int_eq(c.pid, -1);
		ck_assert_int_eq(c.out_fd, -1);
		free(big);
	}
}
END_TEST

/* 10 MB of output: the first outmax bytes kept, the rest counted. */
START_TEST(test_output_bounded)
{
	struct runner_job job = job_new(
	    "head -c 10000000 /dev/zero; echo tail >&2");
	struct runner_child c;
	struct rusage before, after;
	size_t i;

	getrusage(RUSAGE_SELF, &before);
	ck_assert_int_eq(runner_start(&job, &c, NULL, err, sizeof(err)), 0);
	c.outmax = 65536;
	ck_assert_int_eq(finish(&c), 0);
	getrusage(RUSAGE_SELF, &after);
	ck_assert_uint_eq(c.outlen, 65536);
	ck_assert_uint_le(c.outcap, 65536);
	ck_assert_uint_eq(c.dropped, 10000000 + 5 - 65536);
	for (i = 0; i < c.outlen; i++)
		ck_assert_int_eq(c.out[i], 0);
	/* peak RSS grew by far less than the output */
	ck_assert_int_lt(after.ru_maxrss - before.ru_maxrss, 2048);
	runner_child_free(&c);
	runner_child_free(NULL);

	/* outmax 0: nothing kept, all counted */
	job.command = "echo hello";
	ck_assert_int_eq(runner_start(&job, &c, NULL, err, sizeof(err)), 0);
	c.outmax = 0;
	ck_assert_int_eq(finish(&c), 0);
	ck_assert_uint_eq(c.outlen, 0);
	ck_assert_uint_eq(c.dropped, 6);
	runner_child_free(&c);
}
END_TEST

START_TEST(test_missing_home)
{
	struct runner_job job = job_new("touch ../ran");
	struct runner_child c;
	enum runner_step step;
	char nope[PATH_MAX], want[PATH_MAX + 64], marker[PATH_MAX];

	snprintf(nope, sizeof(nope), "%s/nope", tmpdir);
	snprintf(marker, sizeof(marker), "%s/ran", tmpdir);
	job.home = nope;
	ck_assert_int_eq(runner_start(&job, &c, &step, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "chdir %s: No such file or directory",
	    nope);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(step, RUNNER_STEP_CHDIR);
	ck_assert_int_eq(c.pid, -1);
	ck_assert_int_eq(c.out_fd, -1);
	ck_assert_int_eq(access(marker, F_OK), -1);
	/* the failed child was reaped by runner_start */
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);

	job.home = "";
	ck_assert_int_eq(runner_start(&job, &c, &step, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "chdir: no HOME for %s", user);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(step, RUNNER_STEP_NONE);
}
END_TEST

START_TEST(test_exec_fails)
{
	struct ct_env env[] = { { "SHELL", "/nonexistent/sh", 1 } };
	struct runner_job job = job_new("true");
	struct runner_child c;
	enum runner_step step;

	job.env = env;
	job.nenv = 1;
	ck_assert_int_eq(runner_start(&job, &c, &step, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "exec /nonexistent/sh: No such file or directory");
	ck_assert_int_eq(step, RUNNER_STEP_EXEC);
	ck_assert_str_eq(runner_step_name(step), "exec");
}
END_TEST

/* Polls a runner_spawn'ed child's status pipe until the answer comes. */
static int
spawn_status(struct runner_child *c, enum runner_step *step)
{
	struct pollfd pfd;
	int rc;

	while ((rc = runner_exec_status(c, step, err, sizeof(err))) == 1) {
		pfd.fd = c->st_fd;
		pfd.events = POLLIN;
		ck_assert_int_ge(poll(&pfd, 1, 10000), 1);
	}
	ck_assert_int_eq(c->st_fd, -1);
	return rc;
}

/* runner_spawn returns before the exec; the status pipe tells the rest. */
START_TEST(test_spawn)
{
	struct runner_job job = job_new("echo spawned; exit 4");
	struct runner_child c;
	enum runner_step step;
	char nope[PATH_MAX], want[PATH_MAX + 64];
	int status;

	ck_assert_int_eq(runner_spawn(&job, &c, err, sizeof(err)), 0);
	ck_assert_int_ge(c.st_fd, 0);
	ck_assert_int_eq(spawn_status(&c, &step), 0);
	ck_assert_int_eq(step, RUNNER_STEP_NONE);
	status = finish(&c);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 4);
	ck_assert_uint_eq(c.outlen, 8);
	ck_assert(memcmp(c.out, "spawned\n", 8) == 0);
	runner_child_free(&c);

	/* A step failing in the child: told through the pipe, then reaped. */
	snprintf(nope, sizeof(nope), "%s/nope", tmpdir);
	job.home = nope;
	ck_assert_int_eq(runner_spawn(&job, &c, err, sizeof(err)), 0);
	ck_assert_int_eq(spawn_status(&c, &step), -1);
	ck_assert_int_eq(step, RUNNER_STEP_CHDIR);
	snprintf(want, sizeof(want), "chdir %s: No such file or directory",
	    nope);
	ck_assert_str_eq(err, want);
	status = finish(&c);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 127);
	runner_child_free(&c);
	/* A parent-side failure leaves nothing behind. */
	job.home = "";
	ck_assert_int_eq(runner_spawn(&job, &c, err, sizeof(err)), -1);
	ck_assert_int_eq(c.st_fd, -1);
	ck_assert_int_eq(c.out_fd, -1);
	runner_child_free(&c);
}
END_TEST

static const struct {
	const char	*command;
	const char	*status;
	bool		 ok;
} outcomes[] = {
	{ "exit 0", "0", true },
	{ "exit 3", "3", false },
	{ "exit 255", "255", false },
	{ "kill -KILL $$", "SIGKILL", false },
	{ "kill -TERM $$", "SIGTERM", false },
	{ "kill -SEGV $$", "SIGSEGV", false },
	{ "/nonexistent/cmd", "127", false },
};

START_TEST(test_outcome)
{
	struct runner_job job = job_new(outcomes[_i].command);
	struct runner_child c;
	char buf[32];
	int status;

	status = run(&job, &c);
	runner_child_free(&c);
	ck_assert_str_eq(runner_status_string(status, buf, sizeof(buf)),
	    outcomes[_i].status);
	ck_assert_int_eq(runner_status_ok(status), outcomes[_i].ok);
}
END_TEST

START_TEST(test_status_string)
{
	char buf[32];

	/* raw wait statuses; 40 is an unnamed real-time signal */
	ck_assert_str_eq(runner_status_string(40, buf, sizeof(buf)), "SIG40");
	ck_assert_str_eq(runner_status_string(SIGHUP, buf, sizeof(buf)),
	    "SIGHUP");
	ck_assert_str_eq(runner_status_string(2 << 8, buf, sizeof(buf)), "2");
}
END_TEST

START_TEST(test_keep_output)
{
	char path[PATH_MAX], want[128], *text;
	struct stat st;
	int n = 0;

	ck_assert_int_eq(runner_keep_output(tmpdir, "/etc/cron.d/backup:7",
	    "41", "old\n", 4, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(runner_keep_output(tmpdir, "/etc/cron.d/backup:7",
	    "42", "a\0b\n", 4, 9, err, sizeof(err)), 0);
	snprintf(path, sizeof(path),
	    "%s/output/%%2Fetc%%2Fcron.d%%2Fbackup:7", tmpdir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(st.st_size, 25 + 4);
	text = slurp(path);
	snprintf(want, sizeof(want), "run=42 bytes=4 dropped=9\na");
	ck_assert_str_eq(text, want);
	ck_assert_int_eq(memcmp(text + 26, "\0b\n", 3), 0);
	free(text);
	/* no temporary file left behind; a leading dot is escaped */
	ck_assert_int_eq(runner_keep_output(tmpdir, ".x", "1", "", 0, 0, err,
	    sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/output/%%2Ex", tmpdir);
	ck_assert_int_eq(stat(path, &st), 0);
	{
		char cmd[PATH_MAX + 64];
		FILE *fp;

		snprintf(cmd, sizeof(cmd), "ls -A '%s/output' | wc -l",
		    tmpdir);
		ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
		ck_assert_int_eq(fscanf(fp, "%d", &n), 1);
		pclose(fp);
		ck_assert_int_eq(n, 2);
	}
	/* a state dir that cannot be written */
	ck_assert_int_eq(runner_keep_output("/nonexistent", "a", "1", "", 0,
	    0, err, sizeof(err)), -1);
	ck_assert_str_eq(err,
	    "/nonexistent/output: No such file or directory");
}
END_TEST

/* --- mail ------------------------------------------------------------- */

static const struct {
	const char	*mailto;	/* NULL: no MAILTO line */
	enum mail_to	 want;
	const char	*to;		/* NULL: the user */
} recipients[] = {
	{ NULL, MAIL_TO, NULL },
	{ "", MAIL_NONE, "" },
	{ "ops@example.org", MAIL_TO, "ops@example.org" },
	{ "a@example.org,b", MAIL_TO, "a@example.org,b" },
	{ "-oQ/tmp/x", MAIL_BAD, "-oQ/tmp/x" },
	{ "a b", MAIL_BAD, "a b" },
};

START_TEST(test_mail_recipient)
{
	struct ct_env env[] = {
		{ "MAILTO", "first@example.org", 1 },
		{ "MAILTO", (char *)recipients[_i].mailto, 2 },
	};
	struct runner_job job = job_new("true");
	const char *to;

	job.env = env;
	job.nenv = recipients[_i].mailto == NULL ? 0 : 2;
	ck_assert_int_eq(mail_recipient(&job, &to), recipients[_i].want);
	ck_assert_str_eq(to, recipients[_i].to != NULL ? recipients[_i].to :
	    user);
}
END_TEST

/* A fake sendmail: records its argv, uid and stdin in the fixture. */
static void
fake_mailer(char *path, size_t len)
{
	FILE *fp;

	snprintf(path, len, "%s/sendmail", tmpdir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s/mail.argv'\n"
	    "id -u > '%s/mail.uid'\ncat > '%s/mail.in'\n"
	    "echo 'mailer says hi'\nexit ${FAKE_EXIT:-0}\n",
	    tmpdir, tmpdir, tmpdir);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

START_TEST(test_mail)
{
	struct ct_env env[] = {
		{ "MAILTO", "ops@example.org", 1 },
		{ "MAILFROM", "cron@example.org", 2 },
		{ "FAKE_EXIT", "3", 3 },
	};
	struct runner_job job = job_new("ignored");
	struct mail_msg msg = {
		.host = "box", .command = "echo hi\nBcc: evil@example.org",
		.body = "hi\nthere", .bodylen = 8, .dropped = 12,
	};
	struct runner_child c;
	char mailer[PATH_MAX], path[PATH_MAX], want[4096], *text;
	int status;

	fake_mailer(mailer, sizeof(mailer));
	msg.mailer = mailer;
	job.env = env;
	job.nenv = 3;
	ck_assert_int_eq(mail_recipient(&job, &msg.to), MAIL_TO);
	ck_assert_msg(mail_start(&job, &msg, &c, err, sizeof(err)) == 0,
	    "mail_start: %s", err);
	status = finish(&c);
	/* the helper exits as the mailer did; its output comes to crond */
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 3);
	ck_assert_uint_eq(c.outlen, 15);
	ck_assert_int_eq(memcmp(c.out, "mailer says hi\n", 15), 0);
	runner_child_free(&c);

	snprintf(path, sizeof(path), "%s/mail.argv", tmpdir);
	text = slurp(path);
	ck_assert_str_eq(text, "-FCronDaemon\n-i\n-B8BITMIME\n-oem\n-t\n-f\n"
	    "cron@example.org\n");
	free(text);

	snprintf(path, sizeof(path), "%s/mail.in", tmpdir);
	text = slurp(path);
	snprintf(want, sizeof(want),
	    "From: \"(Cron Daemon)\" <cron@example.org>\n"
	    "To: ops@example.org\n"
	    "Subject: Cron <%s@box> echo hi Bcc: evil@example.org\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n"
	    "Precedence: bulk\n"
	    "X-Cron-Env: <SHELL=/bin/sh>\n"
	    "X-Cron-Env: <HOME=%s>\n"
	    "X-Cron-Env: <LOGNAME=%s>\n"
	    "X-Cron-Env: <USER=%s>\n"
	    "X-Cron-Env: <PATH=/usr/bin:/bin>\n"
	    "X-Cron-Env: <MAILTO=ops@example.org>\n"
	    "X-Cron-Env: <MAILFROM=cron@example.org>\n"
	    "X-Cron-Env: <FAKE_EXIT=3>\n"
	    "\n"
	    "hi\nthere\n[crond: 12 more bytes of output were not kept]\n",
	    user, home, user, user);
	ck_assert_str_eq(text, want);
	free(text);
}
END_TEST

/* MAILTO="" and bad addresses: no mailer runs at all. */
START_TEST(test_mail_refused)
{
	struct ct_env env[] = { { "MAILFROM", "-oQ/tmp", 1 } };
	struct runner_job job = job_new("ignored");
	struct mail_msg msg = { .command = "x", .body = "x", .bodylen = 1 };
	struct runner_child c;
	char mailer[PATH_MAX], path[PATH_MAX];

	fake_mailer(mailer, sizeof(mailer));
	msg.mailer = mailer;
	snprintf(path, sizeof(path), "%s/mail.argv", tmpdir);
	msg.to = "";
	ck_assert_int_eq(mail_start(&job, &msg, &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "mail: bad MAILTO");
	msg.to = "-bh";
	ck_assert_int_eq(mail_start(&job, &msg, &c, err, sizeof(err)), -1);
	msg.to = "ops@example.org";
	job.env = env;
	job.nenv = 1;
	ck_assert_int_eq(mail_start(&job, &msg, &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "mail: bad MAILFROM");
	ck_assert_int_eq(c.pid, -1);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
}
END_TEST

/* --- as root ------------------------------------------------------------ */

static char tuser[32], tgroup[32];

static void
root_setup(void)
{
	char cmd[256];

	setup();
	snprintf(tuser, sizeof(tuser), "tcrr%ld", (long)getpid());
	snprintf(tgroup, sizeof(tgroup), "tcrg%ld", (long)getpid());
	snprintf(cmd, sizeof(cmd), "groupadd %s && useradd -m -G %s %s",
	    tgroup, tgroup, tuser);
	ck_assert_int_eq(system(cmd), 0);
}

static void
root_teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "userdel -r %s 2>/dev/null; groupdel %s",
	    tuser, tgroup);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tuser);
	teardown();
}

static struct runner_job
root_job(struct passwd *pw, char *out, size_t outlen)
{
	struct runner_job job = {
		.user = tuser, .uid = pw->pw_uid, .gid = pw->pw_gid,
		.home = pw->pw_dir, .setid = true, .shell = JOB_PROBE,
	};

	snprintf(out, outlen, "%s/probe.out", pw->pw_dir);
	job.command = out;
	return job;
}

START_TEST(test_root_identity)
{
	struct passwd *pw = getpwnam(tuser);
	struct group *gr = getgrnam(tgroup);
	struct runner_job job;
	struct runner_child c;
	char out[PATH_MAX], want[64], *text;

	ck_assert_ptr_nonnull(pw);
	ck_assert_ptr_nonnull(gr);
	job = root_job(pw, out, sizeof(out));
	ck_assert_int_eq(run(&job, &c), 0);
	runner_child_free(&c);
	text = slurp(out);
	snprintf(want, sizeof(want), "%u", (unsigned)pw->pw_uid);
	ck_assert_str_eq(probe_get(text, "uid"), want);
	ck_assert_str_eq(probe_get(text, "euid"), want);
	snprintf(want, sizeof(want), "%u", (unsigned)pw->pw_gid);
	ck_assert_str_eq(probe_get(text, "gid"), want);
	ck_assert_str_eq(probe_get(text, "egid"), want);
	snprintf(want, sizeof(want), "%u,%u",
	    (unsigned)(pw->pw_gid < gr->gr_gid ? pw->pw_gid : gr->gr_gid),
	    (unsigned)(pw->pw_gid < gr->gr_gid ? gr->gr_gid : pw->pw_gid));
	ck_assert_str_eq(probe_get(text, "groups"), want);
	ck_assert_str_eq(probe_get(text, "cwd"), pw->pw_dir);
	ck_assert_str_eq(probe_get(text, "fds"), "0,1,2");
	free(text);
}
END_TEST

/* Without the privilege to change groups: reported, the job never runs. */
START_TEST(test_root_setgroups_fails)
{
	struct passwd *pw = getpwnam(tuser);
	struct runner_job job;
	struct runner_child c;
	enum runner_step step;
	char out[PATH_MAX], want[128];
	int r;

	ck_assert_ptr_nonnull(pw);
	job = root_job(pw, out, sizeof(out));
	/* the saved uid stays 0, so the test can come back */
	ck_assert_int_eq(seteuid(pw->pw_uid), 0);
	r = runner_start(&job, &c, &step, err, sizeof(err));
	ck_assert_int_eq(seteuid(0), 0);
	ck_assert_int_eq(r, -1);
	ck_assert_int_eq(step, RUNNER_STEP_SETGROUPS);
	snprintf(want, sizeof(want), "initgroups %s: Operation not permitted",
	    tuser);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(access(out, F_OK), -1);
}
END_TEST

/* The identity is dropped before chdir: root's private HOME is refused. */
START_TEST(test_root_chdir_as_user)
{
	struct passwd *pw = getpwnam(tuser);
	struct runner_job job;
	struct runner_child c;
	enum runner_step step;
	char out[PATH_MAX], want[PATH_MAX + 64];

	ck_assert_ptr_nonnull(pw);
	job = root_job(pw, out, sizeof(out));
	job.home = home;	/* mode 0700, owned by root */
	ck_assert_int_eq(runner_start(&job, &c, &step, err, sizeof(err)), -1);
	ck_assert_int_eq(step, RUNNER_STEP_CHDIR);
	snprintf(want, sizeof(want), "chdir %s: Permission denied", home);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(access(out, F_OK), -1);
}
END_TEST

static Suite *
runner_suite(void)
{
	Suite *s = suite_create("runner");
	TCase *tc = tcase_create("user");
	TCase *tm = tcase_create("mail");
	TCase *tr;

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_env_defaults);
	tcase_add_test(tc, test_env_exact);
	tcase_add_test(tc, test_env_shell_home);
	tcase_add_test(tc, test_process);
	tcase_add_test(tc, test_stdin);
	tcase_add_test(tc, test_output_bounded);
	tcase_add_test(tc, test_missing_home);
	tcase_add_test(tc, test_exec_fails);
	tcase_add_test(tc, test_spawn);
	tcase_add_loop_test(tc, test_outcome, 0,
	    sizeof(outcomes) / sizeof(outcomes[0]));
	tcase_add_test(tc, test_status_string);
	tcase_add_test(tc, test_keep_output);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(tm, setup, teardown);
	tcase_add_loop_test(tm, test_mail_recipient, 0,
	    sizeof(recipients) / sizeof(recipients[0]));
	tcase_add_test(tm, test_mail);
	tcase_add_test(tm, test_mail_refused);
	suite_add_tcase(s, tm);

	if (geteuid() == 0) {
		tr = tcase_create("root");
		tcase_add_checked_fixture(tr, root_setup, root_teardown);
		tcase_add_test(tr, test_root_identity);
		tcase_add_test(tr, test_root_setgroups_fails);
		tcase_add_test(tr, test_root_chdir_as_user);
		suite_add_tcase(s, tr);
	} else {
		fprintf(stderr, "check_runner: not root: root cases skipped\n");
	}
	return s;
}

CHECK_MAIN(runner_suite)
