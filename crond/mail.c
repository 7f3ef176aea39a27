/*
 * mail.c: cron's mail of a job's output.  The message is composed in crond
 * (headers made safe: control bytes in the command or the environment
 * become blanks, so nothing can add a header), then a helper child set up
 * by the runner with the job's identity feeds it to the mailer: crond never
 * blocks on a mailer and never writes to one with its own privileges.
 * Addresses are never on the mailer's command line (-t reads To:), and
 * MAILTO/MAILFROM must pass crontab_mailto_ok, so none can be an option.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crontab.h"
#include "mail.h"

/* What the helper child needs, prepared before the fork. */
struct mail_ctx {
	const char	*mailer;
	char		*argv[10];
	char		*text;
	size_t		 len;
};

enum mail_to
mail_recipient(const struct runner_job *job, const char **to)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < job->nenv; i++)
		if (strcmp(job->env[i].name, "MAILTO") == 0)
			v = job->env[i].value;
	*to = v != NULL ? v : job->user;
	if (!crontab_mailto_ok(*to))
		return MAIL_BAD;
	return **to == '\0' ? MAIL_NONE : MAIL_TO;
}

/* Writes s as header text: control bytes blanked, at most max bytes. */
static void
header_text(FILE *fp, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == max) {
			fputs("...", fp);
			break;
		}
		fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i],
		    fp);
	}
}

static void
short_host(char *buf, size_t len)
{
	if (gethostname(buf, len) == -1)
		snprintf(buf, len, "localhost");
	buf[len - 1] = '\0';
	buf[strcspn(buf, ".")] = '\0';
}

/* The whole message into a new buffer; NULL if out of memory. */
static char *
compose(const struct mail_msg *msg, const char *user, const char *from,
    char *const envp[], size_t *len)
{
	char host[HOST_NAME_MAX + 1], *text = NULL;
	FILE *fp;

	if ((fp = open_memstream(&text, len)) == NULL)
		return NULL;
	if (msg->host != NULL)
		snprintf(host, sizeof(host), "%s", msg->host);
	else
		short_host(host, sizeof(host));
	fprintf(fp, "From: \"(Cron Daemon)\" <%s>\n", from);
	fprintf(fp, "To: %s\n", msg->to);
	fputs("Subject: Cron <", fp);
	header_text(fp, user, 64);
	fputc('@', fp);
	header_text(fp, host, 64);
	fputs("> ", fp);
	header_text(fp, msg->command, MAIL_SUBJECT_MAX);
	fputs("\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n"
	    "Precedence: bulk\n", fp);
	for (; *envp != NULL; envp++) {
		fputs("X-Cron-Env: <", fp);
		header_text(fp, *envp, MAIL_SUBJECT_MAX);
		fputs(">\n", fp);
	}
	fputc('\n', fp);
	fwrite(msg->body, 1, msg->bodylen, fp);
	if (msg->dropped > 0)
		fprintf(fp, "%s[crond: %" PRIu64 " more bytes of output were "
		    "not kept]\n", msg->bodylen > 0 &&
		    msg->body[msg->bodylen - 1] != '\n' ? "\n" : "",
		    msg->dropped);
	if (ferror(fp)) {
		fclose(fp);
		free(text);
		return NULL;
	}
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* In the helper: exit as the mailer did. */
static void __attribute__((noreturn))
helper_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			_exit(127);
	if (WIFSIGNALED(status))
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

/*
 * The helper child, already the job's user with fds 0-2 only.  Only
 * async-signal-safe calls: crond may one day be threaded.
 */
static void
helper(void *arg, char *const envp[])
{
	struct mail_ctx *c = arg;
	struct sigaction sa;
	const char *p = c->text;
	size_t left = c->len;
	ssize_t n;
	pid_t pid;
	int fd[2];

	if (pipe2(fd, O_CLOEXEC) == -1)
		_exit(127);
	if ((pid = fork()) == -1)
		_exit(127);
	if (pid == 0) {
		if (dup2(fd[0], 0) == -1)
			_exit(127);
		execve(c->mailer, c->argv, envp);
		_exit(127);
	}
	close(fd[0]);
	/* a mailer that quits early must give EPIPE, not kill the helper */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	while (left > 0) {
		n = write(fd[1], p, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		p += n;
		left -= n;
	}
	close(fd[1]);
	helper_exit(pid);
}

int
mail_start(const struct runner_job *job, const struct mail_msg *msg,
    struct runner_child *out, char *err, size_t errlen)
{
	struct runner_job hjob = *job;
	struct mail_ctx c;
	const char *from;
	char **envp;
	int i = 0, ret = -1;

	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	out->pid = -1;
	out->out_fd = -1;
	if (msg->to == NULL || *msg->to == '\0' || !crontab_mailto_ok(msg->to)) {
		snprintf(err, errlen, "mail: bad MAILTO");
		return -1;
	}
	if ((envp = runner_env_new(job)) == NULL) {
		snprintf(err, errlen, "mail: %s", strerror(ENOMEM));
		return -1;
	}
	from = runner_env_get(envp, "MAILFROM");
	if (from != NULL && *from != '\0' && !crontab_mailto_ok(from)) {
		snprintf(err, errlen, "mail: bad MAILFROM");
		goto out;
	}
	if ((c.text = compose(msg, job->user, from != NULL && *from != '\0' ?
	    from : job->user, envp, &c.len)) == NULL) {
		snprintf(err, errlen, "mail: %s", strerror(ENOMEM));
		goto out;
	}
	c.mailer = msg->mailer;
	c.argv[i++] = (char *)msg->mailer;
	c.argv[i++] = (char *)"-FCronDaemon";
	c.argv[i++] = (char *)"-i";
	c.argv[i++] = (char *)"-B8BITMIME";
	c.argv[i++] = (char *)"-oem";
	c.argv[i++] = (char *)"-t";
	if (from != NULL && *from != '\0') {
		c.argv[i++] = (char *)"-f";
		c.argv[i++] = (char *)from;
	}
	c.argv[i] = NULL;
	hjob.command = NULL;
	hjob.input = NULL;
	hjob.shell = NULL;
	ret = runner_start_fn(&hjob, helper, &c, out, NULL, err, errlen);
out:
	free(c.text);
	runner_env_free(envp);
	return ret;
}
