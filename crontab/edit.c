/*
 * edit.c: crontab -e.  The editor may write the temporary file in place or
 * replace it (write a new file and rename it over); either way the result
 * is read back by name with O_NOFOLLOW and must be a regular file owned by
 * us with one link, so an editor (or anyone) that swaps in a symlink or a
 * hard link to another file cannot make crontab read that file.
 * The temporary file's name is kept in a static for the signal handler,
 * which removes it before the program dies of SIGHUP or SIGTERM.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <paths.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crontab.h"
#include "audit.h"
#include "check.h"
#include "edit.h"
#include "input.h"
#include "priv.h"

static char edit_tmp[PATH_MAX];

static const char edit_template[] =
"# Crontab of %s: one job per line, five time fields and a command.\n"
"# Fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12\n"
"# or jan-dec), day of week (0-7 or sun-sat, 0 and 7 are Sunday).\n"
"# Lines starting with '#' are comments.  For example, every weekday at\n"
"# 06:15:\n"
"#\n"
"# 15 6 * * mon-fri  $HOME/bin/report\n"
"#\n"
"# See crontab(5) for the whole syntax.\n";

/* SIGHUP/SIGTERM (and SIGINT/SIGQUIT outside the editor): clean up, die. */
static void
edit_on_signal(int sig)
{
	if (edit_tmp[0] != '\0')
		(void)unlink(edit_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
edit_signals(void (*handler)(int))
{
	struct sigaction sa;
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Creates the temporary file holding buf; its name goes to edit_tmp. */
static int
edit_create(bool ignore_tmpdir, const char *buf, size_t len)
{
	const char *dir = ignore_tmpdir ? NULL : getenv("TMPDIR");
	char path[PATH_MAX];
	sigset_t block, saved;
	ssize_t n;
	size_t off;
	int fd, rc;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	rc = snprintf(path, sizeof(path), "%s/crontab.XXXXXX", dir);
	if (rc < 0 || (size_t)rc >= sizeof(path)) {
		fprintf(stderr, "crontab: %s: path too long\n", dir);
		return -1;
	}
	/* the name must be known to the handler as soon as it exists */
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &saved);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd != -1)
		memcpy(edit_tmp, path, sizeof(path));
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (fd == -1) {
		fprintf(stderr, "crontab: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (off = 0; off < len; off += (size_t)n) {
		n = write(fd, buf + off, len - off);
		if (n == -1 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n == -1) {
			fprintf(stderr, "crontab: %s: %s\n", edit_tmp,
			    strerror(errno));
			close(fd);
			return -1;
		}
	}
	if (close(fd) == -1) {
		fprintf(stderr, "crontab: %s: %s\n", edit_tmp,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Runs the editor on edit_tmp with the caller's own ids; 0 if it exits 0. */
static int
edit_editor(char **env)
{
	extern char **environ;
	struct sigaction ign, oint, oquit;
	const char *editor;
	char *cmd = NULL;
	sigset_t none;
	pid_t pid;
	int status;

	editor = getenv("VISUAL");
	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	if (asprintf(&cmd, "%s \"$1\"", editor) == -1) {
		fprintf(stderr, "crontab: out of memory\n");
		return -1;
	}

	/* like system(3): the editor gets the terminal's signals, not us */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);

	pid = fork();
	if (pid == -1) {
		fprintf(stderr, "crontab: fork: %s\n", strerror(errno));
		free(cmd);
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
		return -1;
	}
	if (pid == 0) {
		signal(SIGHUP, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGXFSZ, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* no set-group-id past this point, checked */
		if (priv_drop() == -1 ||
		    (getuid() != 0 && getegid() != getgid())) {
			fprintf(stderr, "crontab: cannot drop privileges: "
			    "%s\n", strerror(errno));
			_exit(126);
		}
		closefrom(STDERR_FILENO + 1);
		if (env != NULL)
			environ = env;
		execl(_PATH_BSHELL, "sh", "-c", cmd, "sh", edit_tmp,
		    (char *)NULL);
		fprintf(stderr, "crontab: %s: %s\n", _PATH_BSHELL,
		    strerror(errno));
		_exit(127);
	}
	free(cmd);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			status = -1;
			break;
		}
	}
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (status != -1 && WIFSIGNALED(status))
		fprintf(stderr, "crontab: \"%s\" killed by signal %d\n",
		    editor, WTERMSIG(status));
	else if (status != -1)
		fprintf(stderr, "crontab: \"%s\" exited with status %d\n",
		    editor, WEXITSTATUS(status));
	return -1;
}

/*
 * Reads the edited file back by name.  Returns 0, 1 for a file that is
 * there but too large (an error the user can fix), -1 otherwise.
 */
static int
edit_read_back(char **buf, size_t *len)
{
	struct stat st;
	int fd, rc = -1;

	fd = open(edit_tmp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY);
	if (fd == -1) {
		if (errno == ELOOP)
			fprintf(stderr, "crontab: %s: is a symbolic link, "
			    "not installed\n", edit_tmp);
		else
			fprintf(stderr, "crontab: %s: %s\n", edit_tmp,
			    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || st.st_nlink != 1) {
		fprintf(stderr, "crontab: %s: not a regular file of yours "
		    "with one link, not installed\n", edit_tmp);
		goto out;
	}
	if (input_read_fd(fd, CT_FILE_MAX, buf, len) == -1) {
		if (errno == EFBIG) {
			fprintf(stderr, "crontab: %s: larger than %d bytes\n",
			    edit_tmp, CT_FILE_MAX);
			rc = 1;
		} else
			fprintf(stderr, "crontab: %s: %s\n", edit_tmp,
			    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

/*
 * Asks question on stderr, reads the answer from stdin: true for an answer
 * starting with y or Y, false for n, N or end of input; asks again
 * otherwise.
 */
static bool
edit_ask(const char *question)
{
	char *line = NULL;
	size_t size = 0;
	bool yes;

	for (;;) {
		fputs(question, stderr);
		fflush(stderr);
		if (getline(&line, &size, stdin) == -1) {
			fputc('\n', stderr);
			yes = false;
			break;
		}
		if (line[0] == 'y' || line[0] == 'Y') {
			yes = true;
			break;
		}
		if (line[0] == 'n' || line[0] == 'N') {
			yes = false;
			break;
		}
		fputs("Please answer y or n.\n", stderr);
	}
	free(line);
	return yes;
}

int
edit_run(const struct edit_req *req)
{
	char *old = NULL, *buf = NULL, err[1024];
	size_t oldlen = 0, len;
	long nerr;
	int rc = 1, r;

	if (priv_raise() == -1) {
		fprintf(stderr, "crontab: setegid: %s\n", strerror(errno));
		return 1;
	}
	r = spool_read(req->spool, req->user, &old, &oldlen, err,
	    sizeof(err));
	priv_lower();
	if (r == -1) {
		fprintf(stderr, "crontab: %s\n", err);
		return 1;
	}
	if (r == 1) {
		if (asprintf(&old, edit_template, req->user) == -1) {
			fprintf(stderr, "crontab: out of memory\n");
			return 1;
		}
		oldlen = strlen(old);
	}

	edit_signals(edit_on_signal);
	if (edit_create(req->ignore_tmpdir, old, oldlen) == -1)
		goto out;
	audit_log(req->caller, "BEGIN EDIT", req->user);

	for (;;) {
		if (edit_editor(req->editor_env) == -1)
			break;
		free(buf);
		buf = NULL;
		r = edit_read_back(&buf, &len);
		if (r == -1)
			break;
		if (r == 0 && len == oldlen && memcmp(buf, old, len) == 0) {
			fprintf(stderr, "crontab: no changes made to crontab\n");
			rc = 0;
			break;
		}
		nerr = r == 1 ? 1 : check_crontab(buf, len, edit_tmp);
		if (nerr == -1)
			break;
		if (nerr > 0) {
			if (edit_ask("crontab: errors in crontab file, can't "
			    "install. Do you want to retry the same edit? "
			    "(y/n) "))
				continue;
			break;
		}
		fprintf(stderr, "crontab: installing new crontab\n");
		if (priv_raise() == -1) {
			fprintf(stderr, "crontab: setegid: %s\n",
			    strerror(errno));
			break;
		}
		r = spool_install(req->spool, req->user, req->owner, buf, len,
		    err, sizeof(err));
		priv_lower();
		if (r == -1) {
			fprintf(stderr, "crontab: %s\n", err);
			break;
		}
		audit_log(req->caller, "REPLACE", req->user);
		rc = 0;
		break;
	}
	audit_log(req->caller, "END EDIT", req->user);
out:
	if (edit_tmp[0] != '\0')
		(void)unlink(edit_tmp);
	edit_tmp[0] = '\0';
	edit_signals(SIG_DFL);
	free(buf);
	free(old);
	return rc;
}
