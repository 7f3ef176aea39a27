/*
 * timefmt.c: RFC 3339 text for instants, and the reverse, which also takes
 * a plain local time read in a given zone.  Local times become instants
 * only through tz_from_local, so gaps and repeated hours are resolved in
 * one place.  Parsing is strict: fixed-width numbers, each one range
 * checked, nothing left over.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "civil.h"
#include "timefmt.h"

#define SYNTAX_MSG	"expected YYYY-MM-DD HH:MM[:SS] or RFC 3339 " \
			"(YYYY-MM-DDTHH:MM:SS+hh:mm)"

int
timefmt_rfc3339(char *buf, size_t len, int64_t t, int32_t off)
{
	struct civil c;
	int64_t local;
	int32_t a = off < 0 ? -off : off;
	char sign = off < 0 ? '-' : '+';
	int n, m;

	if (__builtin_add_overflow(t, (int64_t)off, &local))
		return -1;
	civil_from_secs(local, &c);
	/* Years before 0 as ISO 8601 writes them: a sign, then four digits. */
	n = snprintf(buf, len,
	    "%s%04" PRIu64 "-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    c.year < 0 ? "-" : "", c.year < 0 ? -(uint64_t)c.year :
	    (uint64_t)c.year, c.mon, c.day, c.hour, c.min, c.sec, sign,
	    (int)(a / 3600), (int)(a / 60 % 60));
	if (n < 0 || (size_t)n >= len)
		return -1;
	if (a % 60 != 0) {
		m = snprintf(buf + n, len - n, ":%02d", (int)(a % 60));
		if (m < 0 || (size_t)m >= len - n)
			return -1;
	}
	return 0;
}

/* A cursor over the text being parsed, and where its errors go. */
struct scan {
	const char	*p;
	char		*err;
	size_t		 errlen;
};

static int __attribute__((format(printf, 2, 3)))
scan_fail(struct scan *sc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sc->err, sc->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Takes the character c if it is next; true if it was. */
static bool
scan_char(struct scan *sc, char c)
{
	if (*sc->p != c)
		return false;
	sc->p++;
	return true;
}

/* Reads exactly n digits into *v and checks them against lo-hi. */
static int
scan_num(struct scan *sc, int n, const char *what, int lo, int hi, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)sc->p[i]))
			return scan_fail(sc, SYNTAX_MSG);
		x = x * 10 + (sc->p[i] - '0');
	}
	if (x < lo || x > hi)
		return scan_fail(sc, "%s: %.*s is out of range %d-%d",
		    what, n, sc->p, lo, hi);
	sc->p += n;
	*v = x;
	return 0;
}

static int
scan_date(struct scan *sc, struct civil *c)
{
	int y;

	if (scan_num(sc, 4, "year", 0, 9999, &y) == -1)
		return -1;
	c->year = y;
	if (!scan_char(sc, '-'))
		return scan_fail(sc, SYNTAX_MSG);
	if (scan_num(sc, 2, "month", 1, 12, &c->mon) == -1)
		return -1;
	if (!scan_char(sc, '-'))
		return scan_fail(sc, SYNTAX_MSG);
	return scan_num(sc, 2, "day", 1, civil_month_days(c->year, c->mon),
	    &c->day);
}

/* HH:MM[:SS[.fraction]]; the fraction is dropped, a leap second is :59. */
static int
scan_clock(struct scan *sc, struct civil *c)
{
	if (scan_num(sc, 2, "hour", 0, 23, &c->hour) == -1)
		return -1;
	if (!scan_char(sc, ':'))
		return scan_fail(sc, SYNTAX_MSG);
	if (scan_num(sc, 2, "minute", 0, 59, &c->min) == -1)
		return -1;
	if (!scan_char(sc, ':'))
		return 0;
	if (scan_num(sc, 2, "second", 0, 60, &c->sec) == -1)
		return -1;
	if (c->sec == 60)
		c->sec = 59;
	if (scan_char(sc, '.')) {
		if (!isdigit((unsigned char)*sc->p))
			return scan_fail(sc, SYNTAX_MSG);
		while (isdigit((unsigned char)*sc->p))
			sc->p++;
	}
	return 0;
}

/*
 * Z or +hh:mm / -hh:mm into *off (seconds east of UTC); *has is false if
 * there is no offset at all.
 */
static int
scan_offset(struct scan *sc, bool *has, int32_t *off)
{
	int h, m, sign;

	*has = true;
	if (scan_char(sc, 'Z') || scan_char(sc, 'z')) {
		*off = 0;
		return 0;
	}
	if (scan_char(sc, '+'))
		sign = 1;
	else if (scan_char(sc, '-'))
		sign = -1;
	else {
		*has = false;
		return 0;
	}
	if (scan_num(sc, 2, "offset hour", 0, 23, &h) == -1)
		return -1;
	if (!scan_char(sc, ':'))
		return scan_fail(sc, SYNTAX_MSG);
	if (scan_num(sc, 2, "offset minute", 0, 59, &m) == -1)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

int
timefmt_parse(const char *s, const struct tz *z, int64_t *t, char *err,
    size_t errlen)
{
	struct scan sc = { s, err, errlen };
	struct civil c = { 0 };
	int32_t off = 0;
	bool has_off = false;
	int64_t local;

	if (scan_date(&sc, &c) == -1)
		return -1;
	if (*sc.p != '\0') {
		if (!scan_char(&sc, 'T') && !scan_char(&sc, 't') &&
		    !scan_char(&sc, ' '))
			return scan_fail(&sc, SYNTAX_MSG);
		if (scan_clock(&sc, &c) == -1 ||
		    scan_offset(&sc, &has_off, &off) == -1)
			return -1;
	}
	if (*sc.p != '\0')
		return scan_fail(&sc, SYNTAX_MSG);
	local = civil_to_secs(&c);
	*t = has_off ? local - off : tz_from_local(z, local);
	return 0;
}
