/*
 * input.h: reading a new crontab from a FILE argument or standard input,
 * with the caller's own ids (the set-group-id is lowered: see priv.h), and
 * never more than a bound into memory.
 */
#ifndef CRONTAB_INPUT_H
#define CRONTAB_INPUT_H

#include <stddef.h>

/*
 * Reads fd to its end into a new buffer (*buf, owned by the caller, also
 * NUL-terminated).  More than max bytes: -1 with errno EFBIG.
 */
int	input_read_fd(int fd, size_t max, char **buf, size_t *len);
/*
 * Reads path ("-": standard input), at most max bytes.  Returns 0, or -1
 * with "crontab: PATH: why" ready in err.
 */
int	input_read(const char *path, size_t max, char **buf, size_t *len,
	    char *err, size_t errlen);

#endif
