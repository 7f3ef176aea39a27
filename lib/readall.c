/*
 * readall.c: an open descriptor read whole into memory (see readall.h).
 * The buffer holds at most max + 1 bytes of data: when that last byte
 * fills, the source had more than max and the read stops with EFBIG,
 * never holding more than the caller allowed plus one.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "readall.h"

#define READALL_CHUNK	4096	/* the first guess where fstat has none */

int
readall_fd(int fd, size_t max, char **bufp, size_t *lenp)
{
	struct stat sb;
	size_t lim, cap, len = 0;
	char *buf, *nb;
	ssize_t r;
	int saved;

	if (max > SIZE_MAX - 1)
		max = SIZE_MAX - 1;
	lim = max + 1;		/* one byte more than max tells "too big" */
	cap = READALL_CHUNK;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 0)
		/* room for the size fstat saw and the NUL, or for "too big" */
		cap = (uintmax_t)sb.st_size < lim ? (size_t)sb.st_size + 1 :
		    lim;
	if (cap > lim)
		cap = lim;
	if ((buf = malloc(cap)) == NULL)
		return -1;
	for (;;) {
		if (len == cap) {
			if (cap == lim) {
				errno = EFBIG;
				goto fail;
			}
			cap = cap > lim / 2 ? lim : cap * 2;
			if ((nb = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nb;
		}
		r = read(fd, buf + len, cap - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto fail;
		if (r == 0)
			break;
		len += (size_t)r;
	}
	/* the read that saw the end had room, so len < cap */
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	saved = errno;
	free(buf);
	errno = saved;
	return -1;
}
