/*
 * readall.h: reading what an open descriptor holds, to its end, into one
 * buffer, with a bound on the size.
 */
#ifndef READALL_H
#define READALL_H

#include <stddef.h>

/*
 * Reads fd until end of file into a new buffer, NUL-terminated after the
 * *lenp bytes read.  Returns 0 with *bufp the caller's to free, or -1 with
 * errno (EFBIG: more than max bytes came) and *bufp, *lenp untouched.  The
 * size fstat() gives is only a first guess: a file may grow or shrink
 * while it is read, and a pipe has none.  EINTR is retried.  fd stays the
 * caller's, open, at wherever the read stopped.
 */
int	readall_fd(int fd, size_t max, char **bufp, size_t *lenp);

#endif
