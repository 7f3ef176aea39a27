/*
 * probe.c: the job every crond benchmark runs.  Its first action reads
 * CLOCK_REALTIME; it then appends "TAG SEC.NSEC\n" to FILE with one
 * write(2) on an O_APPEND descriptor, so that many probes started together
 * never interleave their lines.  No stdio, no allocation: the time it
 * records is as close to the job's start as a program can get.
 *
 * Usage: probe TAG FILE
 */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Writes the decimal digits of v, zero-padded to width, at p; returns the end. */
static char *
put_num(char *p, unsigned long long v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n < width)
		tmp[n++] = '0';
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

int
main(int argc, char **argv)
{
	struct timespec ts;
	char line[512], *p;
	size_t taglen;
	int fd;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (argc != 3)
		return 2;
	taglen = strlen(argv[1]);
	if (taglen > sizeof(line) - 64)
		return 2;
	memcpy(line, argv[1], taglen);
	p = line + taglen;
	*p++ = ' ';
	p = put_num(p, (unsigned long long)ts.tv_sec, 1);
	*p++ = '.';
	p = put_num(p, (unsigned long long)ts.tv_nsec, 9);
	*p++ = '\n';
	fd = open(argv[2], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return 1;
	if (write(fd, line, (size_t)(p - line)) != (ssize_t)(p - line))
		return 1;
	return close(fd) == 0 ? 0 : 1;
}
