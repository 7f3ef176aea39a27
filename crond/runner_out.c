/*
 * runner_out.c: what a run leaves behind, for the runner's callers: its
 * wait status as the history writes it ("0", "SIGKILL"), and its output
 * kept under the state folder when it is not mailed.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

/* --- outcomes --------------------------------------------------------- */

static const char *const sig_names[NSIG] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
	[SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGSYS] = "SIGSYS",
#ifdef SIGIO
	[SIGIO] = "SIGIO",
#endif
#ifdef SIGPWR
	[SIGPWR] = "SIGPWR",
#endif
#ifdef SIGSTKFLT
	[SIGSTKFLT] = "SIGSTKFLT",
#endif
};

bool
runner_status_ok(int wstatus)
{
	return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
}

char *
runner_status_string(int wstatus, char *buf, size_t len)
{
	int sig;

	if (WIFEXITED(wstatus))
		snprintf(buf, len, "%d", WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus)) {
		sig = WTERMSIG(wstatus);
		if (sig > 0 && sig < NSIG && sig_names[sig] != NULL)
			snprintf(buf, len, "%s", sig_names[sig]);
		else
			snprintf(buf, len, "SIG%d", sig);
	} else
		snprintf(buf, len, "?");
	return buf;
}

/* --- kept output ------------------------------------------------------ */

/* job_name as one safe file name: [A-Za-z0-9_:-] and inner '.', else %XX. */
static int
output_name(const char *job, char *out, size_t outlen)
{
	size_t o = 0;
	unsigned char c;
	const char *p;

	for (p = job; *p != '\0'; p++) {
		c = (unsigned char)*p;
		if (isalnum(c) || c == '_' || c == '-' || c == ':' ||
		    (c == '.' && p != job)) {
			if (o + 1 >= outlen)
				return -1;
			out[o++] = c;
		} else {
			if (o + 3 >= outlen)
				return -1;
			snprintf(out + o, 4, "%%%02X", c);
			o += 3;
		}
	}
	if (o == 0)
		return -1;
	out[o] = '\0';
	return 0;
}

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

int
runner_keep_output(const char *state_dir, const char *job_name,
    const char *run_id, const char *buf, size_t len, uint64_t dropped,
    char *err, size_t errlen)
{
	char name[NAME_MAX - 8], dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX];
	char head[128];
	int fd = -1, hlen;

	if (output_name(job_name, name, sizeof(name)) == -1) {
		snprintf(err, errlen, "output of %s: name too long", job_name);
		return -1;
	}
	if ((size_t)snprintf(dir, sizeof(dir), "%s/output", state_dir) >=
	    sizeof(dir) ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path) ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name) >=
	    sizeof(tmp)) {
		snprintf(err, errlen, "%s/output: path too long", state_dir);
		return -1;
	}
	hlen = snprintf(head, sizeof(head), "run=%s bytes=%zu dropped=%" PRIu64
	    "\n", run_id, len, dropped);
	if (hlen < 0 || (size_t)hlen >= sizeof(head)) {
		snprintf(err, errlen, "output of %s: run id too long",
		    job_name);
		return -1;
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		goto fail_dir;
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		goto fail_dir;
	if (write_all(fd, head, hlen) == -1 || write_all(fd, buf, len) == -1 ||
	    fsync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		goto fail_tmp;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail_tmp;
	return 0;
fail_dir:
	snprintf(err, errlen, "%s: %s", dir, strerror(errno));
	return -1;
fail_tmp:
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	return -1;
}
