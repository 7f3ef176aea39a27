/*
 * ref_timerfd.c: the floor the crond benchmarks compare against.  A bare
 * program that sleeps on an absolute CLOCK_REALTIME timerfd until each due
 * instant and then starts COMMAND the way a cron does, `/bin/sh -c COMMAND`
 * with a small cron-like environment, K times in a loop.  Nothing else:
 * no parsing, no logging, no identity change.  Children are reaped through
 * a signalfd, so between due instants the process sleeps in poll(2) and
 * never wakes up unless a child ends.
 *
 * Usage: ref_timerfd [-p PERIOD] [-a FIRST] [-n COUNT] [-k K]
 *                    [-m fork|vfork|spawn] COMMAND
 *   -p PERIOD  seconds between due instants (default 60); the due instants
 *              are the multiples of PERIOD since the epoch, so 60 fires at
 *              second :00 of every minute
 *   -a FIRST   first due instant (epoch seconds) instead of the next multiple
 *   -n COUNT   stop after COUNT due instants, once the children are reaped
 *              (default 0: run until SIGTERM or SIGINT)
 *   -k K       jobs started at each due instant (default 1)
 *   -m HOW     fork (default): fork + execve; vfork: vfork + execve;
 *              spawn: posix_spawn
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum how { HOW_FORK, HOW_VFORK, HOW_SPAWN };

static char *const sh_env[] = {
	"HOME=/root", "LOGNAME=root", "PATH=/usr/bin:/bin", "SHELL=/bin/sh",
	NULL,
};

static long running;

/* Starts one `/bin/sh -c cmd`; returns the child's pid or -1. */
static pid_t
start_job(enum how how, char *cmd, const sigset_t *empty)
{
	char *argv[] = { "sh", "-c", cmd, NULL };
	posix_spawnattr_t attr;
	pid_t pid;
	int rc;

	switch (how) {
	case HOW_SPAWN:
		posix_spawnattr_init(&attr);
		posix_spawnattr_setsigmask(&attr, empty);
		posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
		rc = posix_spawn(&pid, "/bin/sh", NULL, &attr, argv, sh_env);
		posix_spawnattr_destroy(&attr);
		if (rc != 0) {
			errno = rc;
			return -1;
		}
		return pid;
	case HOW_VFORK:
		pid = vfork();
		break;
	default:
		pid = fork();
		break;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, empty, NULL);
		execve("/bin/sh", argv, sh_env);
		_exit(127);
	}
	return pid;
}

static void
reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		running--;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ref_timerfd [-p PERIOD] [-a FIRST] [-n COUNT] "
	    "[-k K] [-m fork|vfork|spawn] COMMAND\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	long period = 60, count = 0, k = 1, tick, i;
	int64_t first = -1, due;
	enum how how = HOW_FORK;
	struct itimerspec its;
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	struct timespec now;
	sigset_t mask, empty;
	uint64_t expirations;
	int tfd, sfd, c, stop = 0, fire;
	ssize_t n;

	while ((c = getopt(argc, argv, "a:k:m:n:p:")) != -1) {
		switch (c) {
		case 'a':
			first = strtoll(optarg, NULL, 10);
			break;
		case 'k':
			k = strtol(optarg, NULL, 10);
			break;
		case 'm':
			if (strcmp(optarg, "fork") == 0)
				how = HOW_FORK;
			else if (strcmp(optarg, "vfork") == 0)
				how = HOW_VFORK;
			else if (strcmp(optarg, "spawn") == 0)
				how = HOW_SPAWN;
			else
				usage();
			break;
		case 'n':
			count = strtol(optarg, NULL, 10);
			break;
		case 'p':
			period = strtol(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || period <= 0 || k <= 0 || count < 0)
		usage();

	sigemptyset(&empty);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	tfd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
	if (sfd < 0 || tfd < 0) {
		perror("ref_timerfd");
		return 1;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	due = first >= 0 ? first : ((int64_t)now.tv_sec / period + 1) * period;
	pfd[0].fd = tfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = sfd;
	pfd[1].events = POLLIN;

	for (tick = 0; !stop && (count == 0 || tick < count);) {
		memset(&its, 0, sizeof(its));
		its.it_value.tv_sec = (time_t)due;
		if (timerfd_settime(tfd, TFD_TIMER_ABSTIME |
		    TFD_TIMER_CANCEL_ON_SET, &its, NULL) != 0) {
			perror("ref_timerfd: timerfd_settime");
			return 1;
		}
		for (fire = 0; !fire && !stop;) {
			if (poll(pfd, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				perror("ref_timerfd: poll");
				return 1;
			}
			if (pfd[1].revents & POLLIN) {
				while (read(sfd, &si, sizeof(si)) ==
				    (ssize_t)sizeof(si))
					if (si.ssi_signo != SIGCHLD)
						stop = 1;
				reap();
			}
			if (pfd[0].revents & POLLIN) {
				n = read(tfd, &expirations,
				    sizeof(expirations));
				if (n == (ssize_t)sizeof(expirations))
					fire = 1;
				else if (n < 0 && errno == ECANCELED)
					break;	/* the clock was set: aim again */
			}
		}
		if (stop || !fire)
			continue;
		for (i = 0; i < k; i++) {
			if (start_job(how, argv[optind], &empty) > 0)
				running++;
			else
				perror("ref_timerfd: start");
		}
		due += period;
		tick++;
	}
	/* Wait for the last children: ending with zombies would hide them. */
	while (running > 0) {
		if (waitpid(-1, NULL, 0) > 0)
			running--;
		else if (errno != EINTR)
			break;
	}
	return 0;
}
