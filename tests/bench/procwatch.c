/*
 * procwatch.c: watches the CPU time a process consumes, for the crond
 * benchmarks' startup and reload figures.  It polls the first field of
 * /proc/PID/schedstat (nanoseconds spent on a CPU, exact, unlike the
 * clock ticks of /proc/PID/stat) every POLL microseconds, and calls the
 * process idle once that counter has not moved for QUIET milliseconds.
 *
 * Usage:
 *   procwatch startup PID START QUIET TIMEOUT [LOG MARK]
 *       START is the CLOCK_REALTIME instant (seconds, as bash's
 *       $EPOCHREALTIME) just before the process was started.  Waits until
 *       the process is idle; prints "WALL CPU MARKED": seconds from START
 *       to the last CPU activity seen, the CPU seconds consumed so far,
 *       and seconds from START until the file LOG first held the string
 *       MARK ("-" without LOG, or if it never did).
 *   procwatch activity PID QUIET TIMEOUT
 *       Waits for the process to use CPU at all, then until it is idle
 *       again; prints "NOTICE WALL CPU": seconds from the call to the first
 *       activity seen, seconds from then to the last activity seen, and the
 *       CPU seconds consumed in between.
 * TIMEOUT is in seconds; on timeout the figures so far are printed with
 * status 3.  Status 1: the process is gone.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define POLL_US	2000

static char path[64];
static const char *log_path, *mark;
static double marked = -1;

/* Notes the first poll at which the log holds the mark. */
static void
check_mark(double t)
{
	static char buf[1 << 16];
	static size_t len;
	ssize_t n;
	int fd;

	if (log_path == NULL || marked >= 0)
		return;
	if ((fd = open(log_path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	/* Read the whole log again: it is small until the daemon is up. */
	len = 0;
	while (len < sizeof(buf) - 1 &&
	    (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	if (strstr(buf, mark) != NULL)
		marked = t;
}

/* CPU nanoseconds of the watched process, or -1 once it is gone. */
static int64_t
cpu_ns(void)
{
	char buf[128];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
pause_poll(void)
{
	struct timespec ts = { 0, POLL_US * 1000L };

	nanosleep(&ts, NULL);
}

/*
 * Polls until the counter has been still for quiet seconds; *last gets
 * the instant of the last change seen.  Returns 0, 1 (gone) or 3 (timeout).
 */
static int
wait_idle(int64_t *cpu, double *last, double quiet, double deadline)
{
	int64_t c;
	double t;

	for (;;) {
		pause_poll();
		t = now();
		check_mark(t);
		if ((c = cpu_ns()) < 0)
			return 1;
		if (c != *cpu) {
			*cpu = c;
			*last = t;
		} else if (t - *last >= quiet)
			return 0;
		if (t > deadline)
			return 3;
	}
}

int
main(int argc, char **argv)
{
	double t0, start, last, first, quiet, deadline;
	int64_t c0, c;
	int rc;

	if (argc < 5)
		goto usage;
	snprintf(path, sizeof(path), "/proc/%s/schedstat", argv[2]);
	t0 = now();
	if ((c0 = cpu_ns()) < 0)
		return 1;
	if (strcmp(argv[1], "startup") == 0 && (argc == 6 || argc == 8)) {
		start = atof(argv[3]);
		quiet = atof(argv[4]) / 1e3;
		deadline = t0 + atof(argv[5]);
		if (argc == 8) {
			log_path = argv[6];
			mark = argv[7];
		}
		c = c0;
		last = t0;
		check_mark(t0);
		rc = wait_idle(&c, &last, quiet, deadline);
		if (marked >= 0)
			printf("%.6f %.6f %.6f\n", last - start,
			    (double)c / 1e9, marked - start);
		else
			printf("%.6f %.6f -\n", last - start, (double)c / 1e9);
		return rc;
	}
	if (strcmp(argv[1], "activity") == 0 && argc == 5) {
		quiet = atof(argv[3]) / 1e3;
		deadline = t0 + atof(argv[4]);
		for (c = c0; c == c0;) {
			pause_poll();
			first = now();
			if ((c = cpu_ns()) < 0)
				return 1;
			if (first > deadline) {
				printf("- - -\n");
				return 3;
			}
		}
		last = first;
		rc = wait_idle(&c, &last, quiet, deadline);
		printf("%.6f %.6f %.6f\n", first - t0, last - first,
		    (double)(c - c0) / 1e9);
		return rc;
	}
usage:
	fprintf(stderr, "usage: procwatch startup PID START QUIET TIMEOUT "
	    "[LOG MARK]\n"
	    "       procwatch activity PID QUIET TIMEOUT\n");
	return 2;
}
