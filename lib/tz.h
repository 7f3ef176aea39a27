/*
 * tz.h: time zones read from the system tz database (TZif files and their
 * POSIX TZ footer), kept as a list of offset spans.  Nothing here touches
 * the process's TZ or calls tzset(): each struct tz stands alone.
 */
#ifndef TZ_H
#define TZ_H

#include <stddef.h>
#include <stdint.h>

#define TZ_NAME_MAX	256

struct tz;

/*
 * One stretch of time with a constant UTC offset: instants in
 * [start, end) show local time instant + off.  prev_off and next_off are
 * the offsets of the neighbouring spans (equal to off where there is none);
 * start is INT64_MIN and end INT64_MAX where there is no transition.
 */
struct tz_span {
	int64_t	start;
	int64_t	end;
	int32_t	off;
	int32_t	prev_off;
	int32_t	next_off;
};

/* A zone with offset 0 and no transitions; never fails. */
struct tz	*tz_utc(void);
/*
 * Loads zone NAME from ZONEINFO_DIR ("Europe/Berlin"), or a POSIX TZ
 * string ("CET-1CEST,M3.5.0,M10.5.0/3") when no such file exists.
 * NULL or "" means the system's local zone (/etc/localtime).  Returns NULL
 * and a message in err on failure.  The caller owns the result.
 */
struct tz	*tz_load(const char *name, char *err, size_t errlen);
/* Loads a TZif file by path (used for /etc/localtime). */
struct tz	*tz_load_file(const char *path, const char *name, char *err,
		    size_t errlen);
/* Parses a TZif image held in memory. */
struct tz	*tz_parse_tzif(const unsigned char *buf, size_t len,
		    const char *name, char *err, size_t errlen);
/* Parses a POSIX TZ rule string. */
struct tz	*tz_parse_posix(const char *rule, const char *name, char *err,
		    size_t errlen);
void		 tz_free(struct tz *);

const char	*tz_name(const struct tz *);
/* The span holding instant t. */
void		 tz_span_at(const struct tz *, int64_t t, struct tz_span *);
/*
 * The smallest instant whose local time is at or after local (civil
 * seconds): the first pass of a repeated time, and the end of the gap for a
 * time that a gap skips.
 */
int64_t		 tz_from_local(const struct tz *, int64_t local);
/* UTC offset in seconds at instant t. */
int32_t		 tz_offset_at(const struct tz *, int64_t t);

#endif
