/*
 * errmsg.h: how lib/ hands an error back: a message formatted into the
 * caller's buffer, and -1 to return.
 */
#ifndef ERRMSG_H
#define ERRMSG_H

#include <stddef.h>

/* Formats into err (if err is non-NULL and errlen non-zero); returns -1. */
int	errmsg(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
