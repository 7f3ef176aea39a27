/*
 * timefmt.h: instants as text.  RFC 3339 out ("2026-03-08T03:00:00-04:00"),
 * and RFC 3339 or a plain local time ("2026-03-08 01:30") in.  Pure: no
 * clock, no TZ; zones come in as a struct tz.
 */
#ifndef TIMEFMT_H
#define TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include "tz.h"

/* Big enough for any int64_t instant and offset. */
#define TIMEFMT_MAX	48

/*
 * Writes instant t (seconds since the epoch) as RFC 3339 at UTC offset off
 * (seconds): "2026-03-08T03:00:00-04:00", UTC as "+00:00".  An offset
 * that is not a whole number of minutes (local mean time) is written
 * "-04:56:02".  Returns 0, or -1 if buf is too small.
 */
int	timefmt_rfc3339(char *buf, size_t len, int64_t t, int32_t off);

/*
 * Reads a time: RFC 3339 ("2026-03-08T01:30:00Z", "...-05:00", fractional
 * seconds dropped), or a local time "YYYY-MM-DD[ HH:MM[:SS]]" (a 'T' may
 * replace the blank) read in zone z, where a time skipped by a gap means
 * the end of the gap and a repeated time its first pass.  A leap second
 * :60 is read as :59.  Returns 0 and the instant rounded down to the second
 * in *t, or -1 with a message in err.
 */
int	timefmt_parse(const char *s, const struct tz *z, int64_t *t,
	    char *err, size_t errlen);

#endif
