/*
 * spec.h: cron schedule expressions ("0 2 * * 1-5", "@daily", and for INI
 * jobs an optional seconds field and Quartz-style L, W, # in day fields),
 * parsed into bitsets.  Pure: no I/O, no clock, no global state.
 */
#ifndef SPEC_H
#define SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Flags for spec_parse. */
#define SPEC_SECONDS	0x01	/* allow an optional leading seconds field */
#define SPEC_QUARTZ	0x02	/* allow L, W, LW, #, NL and ? in day fields */
#define SPEC_EXTENDED	(SPEC_SECONDS | SPEC_QUARTZ)

/* spec.flags */
#define SPEC_REBOOT	0x01	/* @reboot: no time, runs once at boot */
#define SPEC_MIN_STAR	0x02	/* minute field starts with '*' */
#define SPEC_HOUR_STAR	0x04	/* hour field starts with '*' */
#define SPEC_DOM_STAR	0x08	/* day-of-month field starts with '*' or '?' */
#define SPEC_DOW_STAR	0x10	/* day-of-week field starts with '*' or '?' */
#define SPEC_DOM_LAST	0x20	/* L: last day of month */
#define SPEC_DOM_LASTWD	0x40	/* LW: last weekday (Mon-Fri) of month */
#define SPEC_NEVER	0x80	/* can never match (e.g. Feb 30) */

#define SPEC_ERR_MAX	192

/*
 * A parsed schedule.  Bit n set means value n matches.  Day-of-week bit 0
 * is Sunday (7 is folded into 0).  Plain value type: copy freely.
 */
struct spec {
	uint64_t	sec;		/* bits 0-59 */
	uint64_t	min;		/* bits 0-59 */
	uint32_t	hour;		/* bits 0-23 */
	uint32_t	dom;		/* bits 1-31 */
	uint32_t	dom_wd;		/* bits 1-31: nearest weekday to day n (nW) */
	uint16_t	mon;		/* bits 1-12 */
	uint8_t		dow;		/* bits 0-6 */
	uint8_t		dow_last;	/* bits 0-6: last such weekday (nL) */
	uint8_t		dow_nth[7];	/* per weekday, bits 1-5: nth (d#n) */
	uint8_t		flags;
};

/* Random source for '~': returns a uniform value in [0, bound). */
struct spec_rand {
	uint32_t	(*uniform)(void *ctx, uint32_t bound);
	void		*ctx;
};

/*
 * Parses a schedule from text.  With endp NULL the whole text must be the
 * schedule (5 fields, or 6 with SPEC_SECONDS, or an @ word).  With endp
 * non-NULL exactly 5 fields (or an @ word) are read and *endp is left at the
 * first non-blank after them (the command of a crontab line).
 * rnd may be NULL if '~' is not to be accepted.
 * Returns 0, or -1 with a message like "minute: 61 is out of range 0-59"
 * in err.
 */
int	spec_parse(struct spec *, const char *text, int opts,
	    const struct spec_rand *rnd, const char **endp, char *err,
	    size_t errlen);

/*
 * Days of a month that match, as bits 1-31, for a month of mdays days
 * whose first day is weekday wday1 (0 = Sunday).  Applies the Vixie
 * day-of-month/day-of-week rule.
 */
uint32_t spec_month_days(const struct spec *, int mdays, int wday1);

/* True for a job whose minute and hour fields do not start with '*'. */
bool	spec_is_fixed_time(const struct spec *);

#endif
