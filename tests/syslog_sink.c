/*
 * syslog_sink.c: a syslog daemon for the tests, and no more.  It binds an
 * AF_UNIX datagram socket at SOCKET (mode 0666, so any user's syslog(3)
 * reaches it) and appends each datagram to OUTPUT as one line, one
 * write(2) on an O_APPEND fd, in arrival order.  By default the <PRI> is
 * decoded and the RFC 3164 timestamp dropped, so a line reads
 * "cron.info: crontab[42]: (root) LIST (root)"; -r writes the datagram as
 * it came.  A trailing newline is dropped and other control bytes are
 * written as in cat -v (newline as ^J, DEL as ^?), so a line is always
 * one line and a raw byte never looks like a client's own escaping.
 *
 * The PIDFILE (-p) appears, written whole through a rename, once the
 * socket is bound: the "ready" signal.  SIGUSR1 reads every queued
 * datagram, then writes the pidfile again: a client that has returned from
 * syslog(3) has queued its datagram, so "remove pidfile, send SIGUSR1,
 * wait for the pidfile" flushes.  SIGTERM or SIGINT reads what is queued,
 * removes the socket and exits 0.  Signals are blocked except inside
 * ppoll(), so none is lost between a check and the wait.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define DGRAM_MAX	65536

static const char *const facilities[] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console",
	"cron2", "local0", "local1", "local2", "local3", "local4", "local5",
	"local6", "local7",
};
static const char *const severities[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

static volatile sig_atomic_t got_term, got_usr1;

static void
on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
}

/* Writes our pid to path through a temporary file and a rename. */
static void
write_pidfile(const char *path)
{
	char tmp[4096];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		errx(1, "%s: name too long", path);
	if ((f = fopen(tmp, "we")) == NULL)
		err(1, "%s", tmp);
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) == EOF)
		err(1, "%s", tmp);
	if (rename(tmp, path) == -1)
		err(1, "rename %s", tmp);
}

/* Length of "<PRI>" at s, its value in *pri; 0 if s does not start so. */
static size_t
parse_pri(const char *s, size_t len, int *pri)
{
	size_t i;
	int v = 0;

	if (len < 3 || s[0] != '<')
		return 0;
	for (i = 1; i < len && i <= 4 && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 1 || i > 4 || i >= len || s[i] != '>' ||
	    v >= (int)(8 * (sizeof(facilities) / sizeof(facilities[0]))))
		return 0;
	*pri = v;
	return i + 1;
}

/* True if s starts with an RFC 3164 timestamp and a space: "Nov  3 01:02:03 ". */
static bool
is_stamp(const char *s, size_t len)
{
	static const char shape[] = "aaa_dd_dd:dd:dd_";
	size_t i;

	if (len < sizeof(shape) - 1)
		return false;
	for (i = 0; i < sizeof(shape) - 1; i++) {
		unsigned char c = s[i];

		switch (shape[i]) {
		case 'a':
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
				return false;
			break;
		case 'd':	/* the day is space-padded */
			if (!((c >= '0' && c <= '9') || (i == 4 && c == ' ')))
				return false;
			break;
		case '_':
			if (c != ' ')
				return false;
			break;
		default:
			if (c != shape[i])
				return false;
		}
	}
	return true;
}

/* Appends s to line at *n, control bytes as in cat -v. */
static void
put_escaped(char *line, size_t *n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c < 0x20 || c == 0x7f) {
			line[(*n)++] = '^';
			line[(*n)++] = c ^ 0x40;
		} else
			line[(*n)++] = c;
	}
}

/* Formats one datagram of len bytes (of full, if truncated) and writes it. */
static void
emit(int out, bool raw, const char *msg, size_t len, size_t full)
{
	static char line[2 * DGRAM_MAX + 128];
	size_t n = 0, skip;
	bool truncated = full > len;
	int pri;

	if (!truncated && len > 0 && msg[len - 1] == '\n')
		len--;
	if (!raw && (skip = parse_pri(msg, len, &pri)) > 0) {
		n = (size_t)snprintf(line, sizeof(line), "%s.%s: ",
		    facilities[pri >> 3], severities[pri & 7]);
		msg += skip;
		len -= skip;
		if (is_stamp(msg, len)) {
			msg += 16;
			len -= 16;
		}
	} else if (!raw) {
		memcpy(line, "?: ", 3);
		n = 3;
	}
	put_escaped(line, &n, msg, len);
	if (truncated)
		n += (size_t)snprintf(line + n, sizeof(line) - n,
		    " [truncated from %zu bytes]", full);
	line[n++] = '\n';
	if (write(out, line, n) != (ssize_t)n)
		err(1, "write");
}

/* Reads and writes every datagram queued now. */
static void
drain(int sock, int out, bool raw)
{
	static char buf[DGRAM_MAX];
	ssize_t r;

	for (;;) {
		r = recv(sock, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
		if (r == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			err(1, "recv");
		}
		emit(out, raw, buf, (size_t)r > sizeof(buf) ? sizeof(buf) :
		    (size_t)r, (size_t)r);
	}
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: syslog_sink [-r] [-p pidfile] socket output\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd;
	sigset_t block, wait_mask;
	const char *pidfile = NULL, *path;
	bool raw = false;
	int ch, sock, out;

	while ((ch = getopt(argc, argv, "rp:")) != -1) {
		switch (ch) {
		case 'r':
			raw = true;
			break;
		case 'p':
			pidfile = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	path = argv[optind];

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &block, &wait_mask) == -1)
		err(1, "sigprocmask");
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGUSR1);
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGUSR1, &sa, NULL) == -1)
		err(1, "sigaction");

	if ((out = open(argv[optind + 1], O_WRONLY | O_CREAT | O_APPEND |
	    O_CLOEXEC, 0644)) == -1)
		err(1, "%s", argv[optind + 1]);
	if (strlen(path) >= sizeof(sun.sun_path))
		errx(1, "%s: name too long for a socket", path);
	strcpy(sun.sun_path, path);
	if ((sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	if (bind(sock, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "bind %s", path);
	/* connect(2) on a socket needs write permission, whoever sends */
	if (chmod(path, 0666) == -1)
		err(1, "chmod %s", path);
	if (pidfile != NULL)
		write_pidfile(pidfile);

	pfd.fd = sock;
	pfd.events = POLLIN;
	for (;;) {
		drain(sock, out, raw);
		if (got_term)
			break;
		if (got_usr1) {
			got_usr1 = 0;
			if (pidfile != NULL)
				write_pidfile(pidfile);
		}
		if (ppoll(&pfd, 1, NULL, &wait_mask) == -1 && errno != EINTR)
			err(1, "ppoll");
	}
	unlink(path);
	close(sock);
	close(out);
	return 0;
}
