/*
 * input.c: bounded whole-file reads.  The file is opened with the ids in
 * effect, which priv.c keeps at the caller's own outside spool access, so a
 * user can never install (or read through error messages) a file they
 * could not read themselves.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

int
input_read_fd(int fd, size_t max, char **bufp, size_t *lenp)
{
	char *buf = NULL, *nbuf;
	size_t len = 0, size = 0;
	ssize_t n;

	for (;;) {
		if (size - len < 2) {
			size = size == 0 ? 8192 : size * 2;
			/* one byte past max tells "too large" */
			if (size > max + 2)
				size = max + 2;
			if (size - len < 2) {
				free(buf);
				errno = EFBIG;
				return -1;
			}
			nbuf = realloc(buf, size);
			if (nbuf == NULL) {
				free(buf);
				return -1;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, size - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			errno = EFBIG;
			return -1;
		}
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int
input_read(const char *path, size_t max, char **buf, size_t *len,
    char *err, size_t errlen)
{
	const char *name = path;
	int fd, rc, saved;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		name = "(standard input)";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		snprintf(err, errlen, "crontab: %s: %s", path,
		    strerror(errno));
		return -1;
	}
	rc = input_read_fd(fd, max, buf, len);
	saved = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc == -1) {
		if (saved == EFBIG)
			snprintf(err, errlen, "crontab: %s: larger than %zu "
			    "bytes", name, max);
		else
			snprintf(err, errlen, "crontab: %s: %s", name,
			    strerror(saved));
	}
	return rc;
}
