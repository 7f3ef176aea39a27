/*
 * check_next.c: next_run() against tables written from the rules of
 * crontab(5) (DESIGN.md section 2), not from the implementation.  The
 * transition instants come from zdump(8), weekdays from date(1), and every
 * expected instant was cross-checked by a separate brute-force script
 * (Python zoneinfo) before the engine existed.
 *
 * Each case gives a zone, a schedule, an instant `after` and the sequence of
 * instants that must follow it.  Step i is asked with after = expected[i-1],
 * so one wrong answer does not hide the others.  Instants are written
 * "YYYY-MM-DDTHH:MM:SSZ", with a numeric offset ("2026-03-08T03:00:00-04:00",
 * the local time a user would read, converted here), "@EPOCH", or "never".
 *
 * The DST rules: a fixed-time job (minute and hour fields not starting with
 * '*') runs once at the end of a gap however many of its times the gap
 * swallowed, and only at the first pass of a repeated time; a wildcard job
 * runs at every real instant whose local time matches.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "next.h"
#include "spec.h"
#include "tz.h"
#include "check_main.h"

#define MAXSEQ	12
#define EXT	SPEC_EXTENDED

struct next_case {
	const char	*zone;		/* NULL: tz_utc() */
	const char	*spec;
	int		 opts;
	const char	*after;
	const char	*want[MAXSEQ];	/* NULL-terminated */
};

/* Parses one of the instant notations above; returns -1 if malformed. */
static int
parse_instant(const char *s, int64_t *out)
{
	struct civil c;
	long long y;
	int n = 0, oh, om, sign;
	const char *p;

	if (strcmp(s, "never") == 0) {
		*out = NEXT_NEVER;
		return 0;
	}
	if (s[0] == '@') {
		char *end;

		*out = strtoll(s + 1, &end, 10);
		return *end == '\0' ? 0 : -1;
	}
	if (sscanf(s, "%lld-%d-%dT%d:%d:%d%n", &y, &c.mon, &c.day, &c.hour,
	    &c.min, &c.sec, &n) != 6 || n == 0)
		return -1;
	c.year = y;
	*out = civil_to_secs(&c);
	p = s + n;
	if (strcmp(p, "Z") == 0)
		return 0;
	if ((p[0] != '+' && p[0] != '-') ||
	    sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || strlen(p) != 6)
		return -1;
	sign = p[0] == '+' ? 1 : -1;
	*out -= sign * (oh * 3600 + om * 60);
	return 0;
}

/* Formats an instant as UTC RFC 3339, with its epoch value. */
static const char *
fmt_instant(int64_t t, char *buf, size_t len)
{
	struct civil c;

	if (t == NEXT_NEVER) {
		snprintf(buf, len, "never");
		return buf;
	}
	civil_from_secs(t, &c);
	snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02dZ (@%" PRId64 ")",
	    (long long)c.year, c.mon, c.day, c.hour, c.min, c.sec, t);
	return buf;
}

static struct tz *
load_zone(const char *zone)
{
	char err[256];
	struct tz *z;

	if (zone == NULL)
		return tz_utc();
	z = tz_load(zone, err, sizeof(err));
	ck_assert_msg(z != NULL, "tz_load(%s): %s", zone, err);
	return z;
}

static void
parse_spec(struct spec *sp, const char *text, int opts)
{
	char err[SPEC_ERR_MAX];

	err[0] = '\0';
	ck_assert_msg(spec_parse(sp, text, opts, NULL, NULL, err,
	    sizeof(err)) == 0, "spec_parse('%s'): %s", text, err);
}

static const struct next_case cases[] = {
	/* UTC basics. */
	{ NULL, "* * * * *", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z",
	    "2026-01-01T00:03:00Z" } },
	{ NULL, "* * * * *", 0, "2026-01-01T00:00:30Z",
	  { "2026-01-01T00:01:00Z" } },
	{ NULL, "* * * * *", 0, "2026-01-01T00:00:59Z",
	  { "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z" } },
	{ NULL, "*/15 * * * *", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z",
	    "2026-01-01T00:45:00Z", "2026-01-01T01:00:00Z" } },
	{ NULL, "*/25 * * * *", 0, "2026-01-01T00:50:00Z",
	  { "2026-01-01T01:00:00Z", "2026-01-01T01:25:00Z",
	    "2026-01-01T01:50:00Z" } },
	{ NULL, "5 * * * *", 0, "2026-01-01T00:05:00Z",
	  { "2026-01-01T01:05:00Z", "2026-01-01T02:05:00Z" } },
	{ NULL, "5 * * * *", 0, "2026-01-01T00:04:59Z",
	  { "2026-01-01T00:05:00Z" } },
	{ NULL, "0 */5 * * *", 0, "2026-01-01T20:00:00Z",
	  { "2026-01-02T00:00:00Z", "2026-01-02T05:00:00Z" } },
	{ NULL, "1-5,10-12/2,40 3 * * *", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-01T03:01:00Z", "2026-01-01T03:02:00Z",
	    "2026-01-01T03:03:00Z", "2026-01-01T03:04:00Z",
	    "2026-01-01T03:05:00Z", "2026-01-01T03:10:00Z",
	    "2026-01-01T03:12:00Z", "2026-01-01T03:40:00Z",
	    "2026-01-02T03:01:00Z" } },
	{ NULL, "0 0 1 * *", 0, "2026-01-31T12:00:00Z",
	  { "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z",
	    "2026-04-01T00:00:00Z" } },
	{ NULL, "0 0 31 * *", 0, "2026-01-31T00:00:00Z",
	  { "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z",
	    "2026-07-31T00:00:00Z", "2026-08-31T00:00:00Z",
	    "2026-10-31T00:00:00Z", "2026-12-31T00:00:00Z",
	    "2027-01-31T00:00:00Z" } },
	{ NULL, "59 23 31 12 *", 0, "2026-06-01T00:00:00Z",
	  { "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z" } },
	{ NULL, "0 0 1 1 *", 0, "2026-12-31T23:59:59Z",
	  { "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z" } },
	{ NULL, "30 23 * * *", 0, "2026-12-31T23:30:00Z",
	  { "2027-01-01T23:30:00Z" } },
	{ NULL, "0 12 * * *", 0, "2026-05-05T12:00:00Z",
	  { "2026-05-06T12:00:00Z", "2026-05-07T12:00:00Z" } },
	{ NULL, "0 9 * jan-mar MON-fri", 0, "2026-03-31T09:00:00Z",
	  { "2027-01-01T09:00:00Z", "2027-01-04T09:00:00Z" } },
	{ NULL, "0 0 1 jan,JUL *", 0, "2026-02-01T00:00:00Z",
	  { "2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z" } },
	{ NULL, "0 0 * * 7", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z" } },
	{ NULL, "0 0 * * 0", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z" } },
	{ NULL, "0 0 * * 5-7", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z",
	    "2026-01-04T00:00:00Z", "2026-01-09T00:00:00Z" } },
	{ NULL, "* * * * *", 0, "@-1", { "@0", "@60" } },
	{ NULL, "@yearly", 0, "2026-03-03T00:00:00Z",
	  { "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z" } },
	{ NULL, "@annually", 0, "2026-03-03T00:00:00Z",
	  { "2027-01-01T00:00:00Z" } },
	{ NULL, "@monthly", 0, "2026-01-15T00:00:00Z",
	  { "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z" } },
	{ NULL, "@weekly", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z" } },
	{ NULL, "@daily", 0, "2026-02-28T00:00:00Z",
	  { "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z" } },
	{ NULL, "@midnight", 0, "2026-02-28T00:00:00Z",
	  { "2026-03-01T00:00:00Z" } },
	{ NULL, "@hourly", 0, "2026-02-28T23:00:00Z",
	  { "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z" } },
	/* The end of the range: 9999-12-31T23:59:59Z. */
	{ NULL, "0 0 1 1 *", 0, "9998-06-01T00:00:00Z",
	  { "9999-01-01T00:00:00Z", "never" } },
	{ NULL, "* * * * *", 0, "9999-12-31T23:58:00Z",
	  { "9999-12-31T23:59:00Z", "never" } },

	/* Leap years: 2000 is one, 2100 is not, 2400 is. */
	{ NULL, "0 0 29 2 *", 0, "1999-03-01T00:00:00Z",
	  { "2000-02-29T00:00:00Z", "2004-02-29T00:00:00Z" } },
	{ NULL, "0 0 29 2 *", 0, "2096-03-01T00:00:00Z",
	  { "2104-02-29T00:00:00Z", "2108-02-29T00:00:00Z" } },
	{ NULL, "0 0 29 2 *", 0, "2096-02-29T00:00:00Z",
	  { "2104-02-29T00:00:00Z" } },
	{ NULL, "0 0 29 2 *", 0, "2396-03-01T00:00:00Z",
	  { "2400-02-29T00:00:00Z", "2404-02-29T00:00:00Z" } },
	{ NULL, "0 0 28-29 2 *", 0, "2100-02-27T00:00:00Z",
	  { "2100-02-28T00:00:00Z", "2101-02-28T00:00:00Z" } },
	{ NULL, "@daily", 0, "2000-02-28T00:00:00Z",
	  { "2000-02-29T00:00:00Z", "2000-03-01T00:00:00Z" } },
	{ NULL, "@daily", 0, "2100-02-28T00:00:00Z",
	  { "2100-03-01T00:00:00Z" } },
	{ NULL, "@daily", 0, "2400-02-28T00:00:00Z",
	  { "2400-02-29T00:00:00Z", "2400-03-01T00:00:00Z" } },
	/* Either rule: Feb 29 (absent in 2100) or a Monday of February. */
	{ NULL, "0 0 29 2 1", 0, "2100-01-31T00:00:00Z",
	  { "2100-02-01T00:00:00Z", "2100-02-08T00:00:00Z",
	    "2100-02-15T00:00:00Z", "2100-02-22T00:00:00Z",
	    "2101-02-07T00:00:00Z" } },
	{ NULL, "0 0 0 L 2 ?", EXT, "2099-06-01T00:00:00Z",
	  { "2100-02-28T00:00:00Z", "2101-02-28T00:00:00Z",
	    "2102-02-28T00:00:00Z", "2103-02-28T00:00:00Z",
	    "2104-02-29T00:00:00Z" } },
	{ NULL, "0 0 0 L 2 ?", EXT, "1999-06-01T00:00:00Z",
	  { "2000-02-29T00:00:00Z" } },

	/* Day of month and day of week: OR when both are restricted. */
	{ NULL, "0 0 1 * 1", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z",
	    "2026-01-19T00:00:00Z", "2026-01-26T00:00:00Z",
	    "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z" } },
	{ NULL, "0 0 13 * 5", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z",
	    "2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z",
	    "2026-01-23T00:00:00Z" } },
	/* '*' first in day of month: odd days that are Mondays (AND). */
	{ NULL, "0 0 */2 * 1", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z",
	    "2026-02-09T00:00:00Z", "2026-02-23T00:00:00Z",
	    "2026-03-09T00:00:00Z" } },
	/* The same days written without '*': odd days or Mondays (OR). */
	{ NULL, "0 0 1-31/2 * 1", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-03T00:00:00Z", "2026-01-05T00:00:00Z",
	    "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z",
	    "2026-01-11T00:00:00Z", "2026-01-12T00:00:00Z",
	    "2026-01-13T00:00:00Z" } },
	/* '*' first in day of week: the 1st when a Sun/Tue/Thu/Sat (AND). */
	{ NULL, "0 0 1 * */2", 0, "2026-01-01T00:00:00Z",
	  { "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z",
	    "2026-08-01T00:00:00Z", "2026-09-01T00:00:00Z",
	    "2026-10-01T00:00:00Z" } },
	/* The same weekdays without '*': the 1st or Sun/Tue/Thu/Sat (OR). */
	{ NULL, "0 0 1 * 0-6/2", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z",
	    "2026-01-06T00:00:00Z", "2026-01-08T00:00:00Z",
	    "2026-01-10T00:00:00Z" } },
	{ NULL, "0 0 */2 * */2", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-03T00:00:00Z", "2026-01-11T00:00:00Z",
	    "2026-01-13T00:00:00Z", "2026-01-15T00:00:00Z",
	    "2026-01-17T00:00:00Z" } },
	{ NULL, "0 0 * * */2", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z",
	    "2026-01-06T00:00:00Z", "2026-01-08T00:00:00Z" } },
	{ NULL, "0 0 */1 * 1", 0, "2026-01-01T00:00:00Z",
	  { "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z" } },
	{ NULL, "0 0 */2 * *", 0, "2026-01-30T00:00:00Z",
	  { "2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z",
	    "2026-02-03T00:00:00Z" } },

	/* Never. */
	{ NULL, "0 0 30 2 *", 0, "2026-01-01T00:00:00Z", { "never" } },
	{ NULL, "0 0 31 4 *", 0, "2026-01-01T00:00:00Z", { "never" } },
	{ NULL, "0 0 31 2,4,6,9,11 *", 0, "2026-01-01T00:00:00Z",
	  { "never" } },
	{ NULL, "0 0 30,31 2 *", 0, "1970-01-01T00:00:00Z", { "never" } },
	{ NULL, "0 0 30 2 */2", 0, "2026-01-01T00:00:00Z", { "never" } },
	{ NULL, "0 0 0 30 2 ?", EXT, "2026-01-01T00:00:00Z", { "never" } },
	{ "America/New_York", "0 0 30 2 *", 0, "2026-01-01T00:00:00Z",
	  { "never" } },
	{ NULL, "@reboot", 0, "2026-01-01T00:00:00Z", { "never" } },
	/* Feb 30 or a Monday: not never. */
	{ NULL, "0 0 30 2 1", 0, "2026-01-01T00:00:00Z",
	  { "2026-02-02T00:00:00Z" } },
	{ NULL, "0 0 31 4 mon", 0, "2026-01-01T00:00:00Z",
	  { "2026-04-06T00:00:00Z" } },

	/* A seconds field. */
	{ NULL, "30 15 10 * * *", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-01T10:15:30Z", "2026-01-02T10:15:30Z" } },
	{ NULL, "*/10 * * * * *", EXT, "2026-01-01T00:00:05Z",
	  { "2026-01-01T00:00:10Z", "2026-01-01T00:00:20Z",
	    "2026-01-01T00:00:30Z" } },
	{ NULL, "15,45 * * * * *", EXT, "2026-01-01T00:00:45Z",
	  { "2026-01-01T00:01:15Z", "2026-01-01T00:01:45Z" } },
	{ NULL, "0 * * * * *", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-01T00:01:00Z" } },
	{ NULL, "59 59 23 31 12 *", EXT, "2026-01-01T00:00:00Z",
	  { "2026-12-31T23:59:59Z", "2027-12-31T23:59:59Z" } },
	{ NULL, "*/15 * * * *", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-01T00:15:00Z" } },

	/* Quartz day fields. */
	{ NULL, "0 0 12 L * ?", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z",
	    "2026-03-31T12:00:00Z", "2026-04-30T12:00:00Z" } },
	{ NULL, "0 0 12 LW * ?", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-30T12:00:00Z", "2026-02-27T12:00:00Z",
	    "2026-03-31T12:00:00Z", "2026-04-30T12:00:00Z",
	    "2026-05-29T12:00:00Z" } },
	{ NULL, "0 0 12 15W * ?", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-15T12:00:00Z", "2026-02-16T12:00:00Z",
	    "2026-03-16T12:00:00Z", "2026-04-15T12:00:00Z",
	    "2026-05-15T12:00:00Z", "2026-06-15T12:00:00Z",
	    "2026-07-15T12:00:00Z", "2026-08-14T12:00:00Z" } },
	/* W never leaves the month: the 1st a Saturday gives Monday 3rd. */
	{ NULL, "0 0 12 1W * ?", EXT, "2026-07-05T00:00:00Z",
	  { "2026-08-03T12:00:00Z", "2026-09-01T12:00:00Z" } },
	/* ...and the 31st a Sunday gives Friday 29th; no 31st, no run. */
	{ NULL, "0 0 12 31W * ?", EXT, "2026-05-01T00:00:00Z",
	  { "2026-05-29T12:00:00Z", "2026-07-31T12:00:00Z",
	    "2026-08-31T12:00:00Z", "2026-10-30T12:00:00Z",
	    "2026-12-31T12:00:00Z" } },
	{ NULL, "0 0 12 ? * 5L", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-30T12:00:00Z", "2026-02-27T12:00:00Z",
	    "2026-03-27T12:00:00Z", "2026-04-24T12:00:00Z",
	    "2026-05-29T12:00:00Z" } },
	{ NULL, "0 0 12 ? * 1#2", EXT, "2026-01-01T00:00:00Z",
	  { "2026-01-12T12:00:00Z", "2026-02-09T12:00:00Z",
	    "2026-03-09T12:00:00Z" } },
	/* A fifth Monday of February: leap years whose Feb 1 is a Monday. */
	{ NULL, "0 0 12 ? 2 1#5", EXT, "2016-03-01T00:00:00Z",
	  { "2044-02-29T12:00:00Z" } },
	{ NULL, "0 0 12 ? 2 0#5", EXT, "2016-03-01T00:00:00Z",
	  { "2032-02-29T12:00:00Z" } },

	/*
	 * America/New_York, 2026-03-08: 02:00 EST -> 03:00 EDT (07:00Z);
	 * 2026-11-01: 02:00 EDT -> 01:00 EST (06:00Z).
	 */
	{ "America/New_York", "30 2 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00" } },
	{ "America/New_York", "2 2 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T03:00:00-04:00", "2026-03-09T02:02:00-04:00" } },
	{ "America/New_York", "30 2 * * *", 0, "2026-03-08T01:59:30-05:00",
	  { "2026-03-08T03:00:00-04:00" } },
	{ "America/New_York", "30 2 * * *", 0, "2026-03-08T03:00:00-04:00",
	  { "2026-03-09T02:30:00-04:00" } },
	{ "America/New_York", "15,45 2 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T03:00:00-04:00", "2026-03-09T02:15:00-04:00",
	    "2026-03-09T02:45:00-04:00" } },
	{ "America/New_York", "0 2,3 * * *", 0, "2026-03-08T00:00:00-05:00",
	  { "2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00" } },
	{ "America/New_York", "0 3 * * *", 0, "2026-03-08T00:00:00-05:00",
	  { "2026-03-08T03:00:00-04:00", "2026-03-09T03:00:00-04:00" } },
	{ "America/New_York", "59 1 * * *", 0, "2026-03-08T00:00:00-05:00",
	  { "2026-03-08T01:59:00-05:00", "2026-03-09T01:59:00-04:00" } },
	{ "America/New_York", "30 2 * * 0", 0, "2026-03-01T12:00:00Z",
	  { "2026-03-08T03:00:00-04:00", "2026-03-15T02:30:00-04:00" } },
	{ "America/New_York", "30 2 8 3 *", 0, "2026-01-01T00:00:00Z",
	  { "2026-03-08T03:00:00-04:00", "2027-03-08T02:30:00-05:00" } },
	{ "America/New_York", "@daily", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00" } },
	{ "America/New_York", "*/30 2 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-09T02:00:00-04:00", "2026-03-09T02:30:00-04:00",
	    "2026-03-10T02:00:00-04:00" } },
	{ "America/New_York", "* 2 * * *", 0, "2026-03-08T01:58:00-05:00",
	  { "2026-03-09T02:00:00-04:00" } },
	{ "America/New_York", "* * * * *", 0, "2026-03-08T01:58:00-05:00",
	  { "2026-03-08T01:59:00-05:00", "2026-03-08T03:00:00-04:00",
	    "2026-03-08T03:01:00-04:00" } },
	{ "America/New_York", "0 * * * *", 0, "2026-03-08T00:30:00-05:00",
	  { "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00",
	    "2026-03-08T04:00:00-04:00" } },
	{ "America/New_York", "@hourly", 0, "2026-03-08T00:30:00-05:00",
	  { "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00" } },
	{ "America/New_York", "*/20 30 2 * * *", EXT,
	  "2026-03-08T00:00:00-05:00",
	  { "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00",
	    "2026-03-09T02:30:20-04:00", "2026-03-09T02:30:40-04:00" } },
	/* The fold. */
	{ "America/New_York", "0 * * * *", 0, "2026-11-01T00:30:00-04:00",
	  { "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00",
	    "2026-11-01T02:00:00-05:00" } },
	{ "America/New_York", "30 1 * * *", 0, "2026-10-31T12:00:00Z",
	  { "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00" } },
	{ "America/New_York", "30 1 * * *", 0, "2026-11-01T01:45:00-04:00",
	  { "2026-11-02T01:30:00-05:00" } },
	{ "America/New_York", "0 1 * * *", 0, "2026-11-01T00:00:00-04:00",
	  { "2026-11-01T01:00:00-04:00", "2026-11-02T01:00:00-05:00" } },
	{ "America/New_York", "0 1,2 * * *", 0, "2026-11-01T00:00:00-04:00",
	  { "2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00",
	    "2026-11-02T01:00:00-05:00" } },
	{ "America/New_York", "*/20 1 * * *", 0, "2026-11-01T00:59:00-04:00",
	  { "2026-11-01T01:00:00-04:00", "2026-11-01T01:20:00-04:00",
	    "2026-11-01T01:40:00-04:00", "2026-11-01T01:00:00-05:00",
	    "2026-11-01T01:20:00-05:00", "2026-11-01T01:40:00-05:00",
	    "2026-11-02T01:00:00-05:00" } },
	{ "America/New_York", "30 */1 * * *", 0, "2026-11-01T00:00:00-04:00",
	  { "2026-11-01T00:30:00-04:00", "2026-11-01T01:30:00-04:00",
	    "2026-11-01T01:30:00-05:00", "2026-11-01T02:30:00-05:00" } },
	{ "America/New_York", "0 30 1 * * *", EXT, "2026-11-01T00:00:00-04:00",
	  { "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00" } },
	/* 2000 and 2100 transitions (first Sunday of April / second of March). */
	{ "America/New_York", "30 2 * * *", 0, "2000-04-01T12:00:00Z",
	  { "2000-04-02T03:00:00-04:00", "2000-04-03T02:30:00-04:00" } },
	{ "America/New_York", "30 1 * * *", 0, "2100-11-06T12:00:00Z",
	  { "2100-11-07T01:30:00-04:00", "2100-11-08T01:30:00-05:00" } },

	/*
	 * Europe/Berlin, 2026-03-29: 02:00 CET -> 03:00 CEST (01:00Z);
	 * 2026-10-25: 03:00 CEST -> 02:00 CET (01:00Z).
	 */
	{ "Europe/Berlin", "30 2 * * *", 0, "2026-03-28T12:00:00Z",
	  { "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00" } },
	{ "Europe/Berlin", "*/30 2 * * *", 0, "2026-03-28T12:00:00Z",
	  { "2026-03-30T02:00:00+02:00", "2026-03-30T02:30:00+02:00" } },
	{ "Europe/Berlin", "0 * * * *", 0, "2026-03-29T00:30:00+01:00",
	  { "2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00",
	    "2026-03-29T04:00:00+02:00" } },
	{ "Europe/Berlin", "0 2 * * 0", 0, "2026-03-25T00:00:00Z",
	  { "2026-03-29T03:00:00+02:00", "2026-04-05T02:00:00+02:00" } },
	/* A fixed hour step: 02:00 swallowed, run at 03:00; 03 itself is odd. */
	{ "Europe/Berlin", "0 0-23/2 * * *", 0, "2026-03-29T00:00:00+01:00",
	  { "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00" } },
	{ "Europe/Berlin", "0 */2 * * *", 0, "2026-03-29T00:00:00+01:00",
	  { "2026-03-29T04:00:00+02:00", "2026-03-29T06:00:00+02:00" } },
	{ "Europe/Berlin", "30 2 * * *", 0, "2026-10-24T12:00:00Z",
	  { "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00" } },
	{ "Europe/Berlin", "59 2 * * *", 0, "2026-10-25T02:59:00+02:00",
	  { "2026-10-26T02:59:00+01:00" } },
	{ "Europe/Berlin", "*/30 2 * * *", 0, "2026-10-25T01:00:00+02:00",
	  { "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00",
	    "2026-10-25T02:00:00+01:00", "2026-10-25T02:30:00+01:00",
	    "2026-10-26T02:00:00+01:00" } },
	{ "Europe/Berlin", "0 * * * *", 0, "2026-10-25T01:30:00+02:00",
	  { "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00",
	    "2026-10-25T03:00:00+01:00" } },
	{ "Europe/Berlin", "0 0-23/2 * * *", 0, "2026-10-25T01:00:00+02:00",
	  { "2026-10-25T02:00:00+02:00", "2026-10-25T04:00:00+01:00" } },
	{ "Europe/Berlin", "0 */2 * * *", 0, "2026-10-25T01:00:00+02:00",
	  { "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00",
	    "2026-10-25T04:00:00+01:00" } },

	/*
	 * Australia/Lord_Howe, a 30-minute shift.  2026-04-05: 02:00 +11 ->
	 * 01:30 +1030 (15:00Z the day before), 01:30-01:59 twice;
	 * 2026-10-04: 02:00 +1030 -> 02:30 +11 (15:30Z the day before).
	 */
	{ "Australia/Lord_Howe", "45 1 * * *", 0, "2026-04-04T00:00:00Z",
	  { "2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30" } },
	{ "Australia/Lord_Howe", "0 1 * * *", 0, "2026-04-05T00:00:00+11:00",
	  { "2026-04-05T01:00:00+11:00", "2026-04-06T01:00:00+10:30" } },
	{ "Australia/Lord_Howe", "*/15 1 * * *", 0,
	  "2026-04-05T00:50:00+11:00",
	  { "2026-04-05T01:00:00+11:00", "2026-04-05T01:15:00+11:00",
	    "2026-04-05T01:30:00+11:00", "2026-04-05T01:45:00+11:00",
	    "2026-04-05T01:30:00+10:30", "2026-04-05T01:45:00+10:30",
	    "2026-04-06T01:00:00+10:30" } },
	{ "Australia/Lord_Howe", "* * * * *", 0, "2026-04-05T01:58:00+11:00",
	  { "2026-04-05T01:59:00+11:00", "2026-04-05T01:30:00+10:30",
	    "2026-04-05T01:31:00+10:30" } },
	{ "Australia/Lord_Howe", "0 * * * *", 0, "2026-04-05T00:30:00+11:00",
	  { "2026-04-05T01:00:00+11:00", "2026-04-05T02:00:00+10:30" } },
	{ "Australia/Lord_Howe", "30 * * * *", 0, "2026-04-05T00:45:00+11:00",
	  { "2026-04-05T01:30:00+11:00", "2026-04-05T01:30:00+10:30",
	    "2026-04-05T02:30:00+10:30" } },
	{ "Australia/Lord_Howe", "15 2 * * *", 0, "2026-10-03T12:00:00Z",
	  { "2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00" } },
	{ "Australia/Lord_Howe", "0,15,30 2 * * *", 0,
	  "2026-10-04T01:00:00+10:30",
	  { "2026-10-04T02:30:00+11:00", "2026-10-05T02:00:00+11:00" } },
	{ "Australia/Lord_Howe", "45 2 * * *", 0, "2026-10-04T01:00:00+10:30",
	  { "2026-10-04T02:45:00+11:00" } },
	{ "Australia/Lord_Howe", "*/15 2 * * *", 0,
	  "2026-10-04T01:50:00+10:30",
	  { "2026-10-04T02:30:00+11:00", "2026-10-04T02:45:00+11:00",
	    "2026-10-05T02:00:00+11:00" } },
	{ "Australia/Lord_Howe", "* * * * *", 0, "2026-10-04T01:58:00+10:30",
	  { "2026-10-04T01:59:00+10:30", "2026-10-04T02:30:00+11:00" } },
	{ "Australia/Lord_Howe", "0 * * * *", 0, "2026-10-04T01:30:00+10:30",
	  { "2026-10-04T03:00:00+11:00" } },

	/*
	 * America/Havana: transitions at midnight.  2026-03-08: 00:00 CST ->
	 * 01:00 CDT (05:00Z); 2025-11-02: 01:00 CDT -> 00:00 CST (05:00Z).
	 */
	{ "America/Havana", "0 0 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T01:00:00-04:00", "2026-03-09T00:00:00-04:00" } },
	{ "America/Havana", "@midnight", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T01:00:00-04:00", "2026-03-09T00:00:00-04:00" } },
	{ "America/Havana", "30 0 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T01:00:00-04:00", "2026-03-09T00:30:00-04:00" } },
	{ "America/Havana", "15,45 0 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-08T01:00:00-04:00", "2026-03-09T00:15:00-04:00",
	    "2026-03-09T00:45:00-04:00" } },
	{ "America/Havana", "*/30 0 * * *", 0, "2026-03-07T12:00:00Z",
	  { "2026-03-09T00:00:00-04:00", "2026-03-09T00:30:00-04:00" } },
	{ "America/Havana", "0 * * * *", 0, "2026-03-07T22:30:00-05:00",
	  { "2026-03-07T23:00:00-05:00", "2026-03-08T01:00:00-04:00",
	    "2026-03-08T02:00:00-04:00" } },
	{ "America/Havana", "0 0 8 3 *", 0, "2026-01-01T00:00:00Z",
	  { "2026-03-08T01:00:00-04:00" } },
	{ "America/Havana", "0 0 * * 0", 0, "2026-03-01T12:00:00Z",
	  { "2026-03-08T01:00:00-04:00", "2026-03-15T00:00:00-04:00" } },
	{ "America/Havana", "30 0 * * *", 0, "2025-11-01T12:00:00Z",
	  { "2025-11-02T00:30:00-04:00", "2025-11-03T00:30:00-05:00" } },
	{ "America/Havana", "0 0 * * *", 0, "2025-11-01T12:00:00Z",
	  { "2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00" } },
	{ "America/Havana", "@daily", 0, "2025-11-02T00:00:00-04:00",
	  { "2025-11-03T00:00:00-05:00" } },
	{ "America/Havana", "*/30 0 * * *", 0, "2025-11-01T12:00:00Z",
	  { "2025-11-02T00:00:00-04:00", "2025-11-02T00:30:00-04:00",
	    "2025-11-02T00:00:00-05:00", "2025-11-02T00:30:00-05:00",
	    "2025-11-03T00:00:00-05:00" } },

	/*
	 * America/Sao_Paulo 2018 (past rules): 2018-11-04 00:00 -03 -> 01:00
	 * -02 (03:00Z); 2018-02-18 00:00 -02 -> 2018-02-17 23:00 -03 (02:00Z),
	 * so 23:00-23:59 of Feb 17 comes twice.
	 */
	{ "America/Sao_Paulo", "0 0 * * *", 0, "2018-11-03T12:00:00Z",
	  { "2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00" } },
	{ "America/Sao_Paulo", "*/30 0 * * *", 0, "2018-11-03T12:00:00Z",
	  { "2018-11-05T00:00:00-02:00" } },
	{ "America/Sao_Paulo", "30 23 * * *", 0, "2018-02-17T12:00:00Z",
	  { "2018-02-17T23:30:00-02:00", "2018-02-18T23:30:00-03:00" } },
	{ "America/Sao_Paulo", "0 0 * * *", 0, "2018-02-17T12:00:00Z",
	  { "2018-02-18T00:00:00-03:00", "2018-02-19T00:00:00-03:00" } },
	{ "America/Sao_Paulo", "*/30 23 * * *", 0, "2018-02-17T12:00:00Z",
	  { "2018-02-17T23:00:00-02:00", "2018-02-17T23:30:00-02:00",
	    "2018-02-17T23:00:00-03:00", "2018-02-17T23:30:00-03:00",
	    "2018-02-18T23:00:00-03:00" } },
	/* America/Santiago 2026-09-06: 00:00 -04 -> 01:00 -03 (04:00Z). */
	{ "America/Santiago", "0 0 * * *", 0, "2026-09-05T12:00:00Z",
	  { "2026-09-06T01:00:00-03:00", "2026-09-07T00:00:00-03:00" } },

	/*
	 * Pacific/Apia skipped 2011-12-30 whole (Dec 29 23:59:59 -10 ->
	 * Dec 31 00:00 +14): the swallowed noon runs at the gap's end.
	 */
	{ "Pacific/Apia", "0 12 * * *", 0, "2011-12-29T12:00:00-10:00",
	  { "2011-12-31T00:00:00+14:00", "2011-12-31T12:00:00+14:00" } },
	{ "Pacific/Apia", "0 * * * *", 0, "2011-12-29T23:00:00-10:00",
	  { "2011-12-31T00:00:00+14:00", "2011-12-31T01:00:00+14:00" } },
};

static const size_t ncases = sizeof(cases) / sizeof(cases[0]);

START_TEST(test_table)
{
	const struct next_case *c = &cases[_i];
	char buf[4096], e[64], g[64];
	size_t len = 0;
	struct spec sp;
	struct tz *z;
	int64_t after, want, got;
	int i, nbad = 0;

	ck_assert_msg(parse_instant(c->after, &after) == 0, "bad after %s",
	    c->after);
	parse_spec(&sp, c->spec, c->opts);
	z = load_zone(c->zone);
	buf[0] = '\0';
	for (i = 0; i < MAXSEQ && c->want[i] != NULL; i++) {
		ck_assert_msg(parse_instant(c->want[i], &want) == 0,
		    "bad expected %s", c->want[i]);
		got = next_run(&sp, z, after);
		if (got != want) {
			nbad++;
			len += (size_t)snprintf(buf + len, len < sizeof(buf) ?
			    sizeof(buf) - len : 0,
			    "\n  case %zu [%s] '%s' after %s (step %d): "
			    "expected %s (%s), got %s", (size_t)_i,
			    c->zone ? c->zone : "UTC", c->spec, c->after, i,
			    fmt_instant(want, e, sizeof(e)), c->want[i],
			    fmt_instant(got, g, sizeof(g)));
		}
		if (want == NEXT_NEVER)
			break;
		after = want;
	}
	tz_free(z);
	ck_assert_msg(nbad == 0, "%d wrong:%s", nbad, buf);
}
END_TEST

/* Local broken-down time of instant t in the zone named by $TZ. */
static void
local_tm(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	ck_assert_ptr_nonnull(localtime_r(&tt, tm));
}

static void
set_tz(const char *zone)
{
	setenv("TZ", zone, 1);
	tzset();
}

/*
 * 1500 runs of a wildcard job in Europe/Berlin over 2026 (both
 * transitions): strictly increasing, each at a local time that matches,
 * and no matching whole hour (Berlin's offsets are whole hours) missed
 * between two runs.
 */
START_TEST(test_long_berlin)
{
	struct spec sp;
	struct tz *z;
	struct tm tm;
	int64_t after, got, t;
	int i;

	parse_spec(&sp, "0 */7 * * *", 0);
	z = load_zone("Europe/Berlin");
	set_tz("Europe/Berlin");
	ck_assert_int_eq(parse_instant("2026-01-01T00:00:00Z", &after), 0);
	for (i = 0; i < 1500; i++) {
		got = next_run(&sp, z, after);
		ck_assert_msg(got > after && got != NEXT_NEVER,
		    "run %d: %" PRId64 " after %" PRId64, i, got, after);
		local_tm(got, &tm);
		ck_assert_msg(tm.tm_min == 0 && tm.tm_sec == 0 &&
		    tm.tm_hour % 7 == 0, "run %d at @%" PRId64
		    " is local %02d:%02d:%02d", i, got, tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
		for (t = civil_fdiv(after, 3600) * 3600 + 3600; t < got;
		    t += 3600) {
			local_tm(t, &tm);
			ck_assert_msg(tm.tm_hour % 7 != 0, "run %d: missed "
			    "@%" PRId64 " (local %02d:00) between @%" PRId64
			    " and @%" PRId64, i, t, tm.tm_hour, after, got);
		}
		after = got;
	}
	ck_assert_msg(after > INT64_C(1798675200), "1500 runs end before "
	    "2027: @%" PRId64, after);	/* 2027-01-01T00:00:00Z */
	tz_free(z);
	unsetenv("TZ");
	tzset();
}
END_TEST

/*
 * A fixed-time job in America/New_York, daily over 2025-2028: exactly one
 * run per local day, at 02:30 (its first pass), or at the end of the gap
 * (03:00 EDT) on the days without a 02:30.
 */
START_TEST(test_long_fixed_ny)
{
	struct spec sp;
	struct tz *z;
	struct tm tm, prev;
	int64_t after, got;
	int i, ngap = 0;

	parse_spec(&sp, "30 2 * * *", 0);
	z = load_zone("America/New_York");
	set_tz("America/New_York");
	ck_assert_int_eq(parse_instant("2025-01-01T12:00:00Z", &after), 0);
	memset(&prev, 0, sizeof(prev));
	for (i = 0; i < 4 * 365; i++) {
		got = next_run(&sp, z, after);
		ck_assert_msg(got > after && got != NEXT_NEVER, "run %d", i);
		local_tm(got, &tm);
		if (i > 0) {
			/* The next local day, by the noon-to-noon rule. */
			struct tm a = prev, b = tm;

			a.tm_hour = b.tm_hour = 12;
			a.tm_min = b.tm_min = a.tm_sec = b.tm_sec = 0;
			a.tm_isdst = b.tm_isdst = -1;
			ck_assert_msg(mktime(&b) - mktime(&a) >= 23 * 3600 &&
			    mktime(&b) - mktime(&a) <= 25 * 3600,
			    "run %d at @%" PRId64 " is not the next day", i,
			    got);
		}
		if (tm.tm_hour == 3 && tm.tm_min == 0 && tm.tm_sec == 0) {
			struct tm before;

			/* Only at the end of a gap: a second earlier, 01:59:59. */
			local_tm(got - 1, &before);
			ck_assert_msg(before.tm_hour == 1 && before.tm_min == 59,
			    "run %d at @%" PRId64 " 03:00 not after a gap", i,
			    got);
			ngap++;
		} else {
			ck_assert_msg(tm.tm_hour == 2 && tm.tm_min == 30 &&
			    tm.tm_sec == 0, "run %d at @%" PRId64 " is local "
			    "%02d:%02d:%02d", i, got, tm.tm_hour, tm.tm_min,
			    tm.tm_sec);
			/* First pass: an hour earlier was not 02:30 too. */
			local_tm(got - 3600, &prev);
			ck_assert_msg(prev.tm_hour != 2 || prev.tm_min != 30,
			    "run %d at @%" PRId64 " is a second pass", i, got);
		}
		prev = tm;
		after = got;
	}
	ck_assert_int_eq(ngap, 4);	/* March 2025, 2026, 2027, 2028 */
	tz_free(z);
	unsetenv("TZ");
	tzset();
}
END_TEST

/* Never-matching specs answer at once, in any zone and from any instant. */
START_TEST(test_never_fast)
{
	static const char *const specs[] = {
		"0 0 30 2 *", "0 0 31 4 *", "0 0 31 6,9,11 *", "* * 30-31 2 *",
		"0 0 30 2 */2",
	};
	struct timespec t0, t1;
	struct spec sp;
	struct tz *z;
	size_t i;
	int k;
	double secs;

	z = load_zone("America/New_York");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		parse_spec(&sp, specs[i], 0);
		for (k = 0; k < 100; k++)
			ck_assert_msg(next_run(&sp, z, (int64_t)k * 86400 * 997)
			    == NEXT_NEVER, "'%s' is not never", specs[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* Reported, not asserted: timing has no place in a unit verdict. */
	fprintf(stderr, "check_next: 500 never answers in %.6f s\n", secs);
	tz_free(z);
}
END_TEST

static Suite *
next_suite(void)
{
	Suite *s = suite_create("next");
	TCase *tc = tcase_create("table");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_table, 0, (int)ncases);
	suite_add_tcase(s, tc);
	tc = tcase_create("long");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_long_berlin);
	tcase_add_test(tc, test_long_fixed_ny);
	tcase_add_test(tc, test_never_fast);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(next_suite)
