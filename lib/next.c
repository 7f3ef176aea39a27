/*
 * next.c: the next run instant of a schedule.  The search works in civil
 * (local wall-clock) seconds and jumps field by field over the bitsets:
 * month, day (one mask per month), hour, minute, second.  Zones enter as
 * spans of constant offset: a match is searched inside each span's stretch
 * of local time, which is where the DST rules apply.
 */
#include "civil.h"
#include "next.h"

#define SECS_PER_DAY	86400
/*
 * A feasible schedule matches within one 400-year cycle; each pass of the
 * search loop reaches at least the next allowed month, hour or minute, so
 * this bound is never met by one that can match.
 */
#define CIVIL_STEPS_MAX	(400 * 12 * 4 + 1000)
/* Spans visited at most: two transitions a year over a 400-year cycle. */
#define SPANS_MAX	2000

/* The lowest set bit at or above `from`, or -1. */
static int
next_bit64(uint64_t set, int from)
{
	set = from >= 64 ? 0 : set >> from << from;
	return set != 0 ? __builtin_ctzll(set) : -1;
}

/* The civil search's cursor, with the day mask of its month cached. */
struct cursor {
	int64_t		year;
	int		mon, day, hour, min, sec;
	int64_t		mask_year;
	int		mask_mon;
	uint32_t	mask;
};

static void
next_month(struct cursor *c)
{
	if (++c->mon > 12) {
		c->mon = 1;
		c->year++;
	}
	c->day = 1;
	c->hour = c->min = c->sec = 0;
}

/* Moves to the first allowed month at or after the cursor's. */
static void
fit_month(const struct spec *sp, struct cursor *c)
{
	int m = next_bit64(sp->mon, c->mon);

	if (m == -1) {
		c->year++;
		m = next_bit64(sp->mon, 1);
	}
	if (m != c->mon) {
		c->mon = m;
		c->day = 1;
		c->hour = c->min = c->sec = 0;
	}
}

/*
 * Fits day, hour, minute and second in turn; returns 1 when the cursor
 * matches, 0 when a field ran out (the cursor was carried to the next
 * unit, to be fitted again).
 */
static int
fit_time(const struct spec *sp, struct cursor *c)
{
	int d, v;

	if (c->mon != c->mask_mon || c->year != c->mask_year) {
		c->mask = spec_month_days(sp, civil_month_days(c->year, c->mon),
		    civil_weekday(civil_days(c->year, c->mon, 1)));
		c->mask_year = c->year;
		c->mask_mon = c->mon;
	}
	d = next_bit64(c->mask, c->day);
	if (d == -1) {
		next_month(c);
		return 0;
	}
	if (d != c->day) {
		c->day = d;
		c->hour = c->min = c->sec = 0;
	}
	if ((v = next_bit64(sp->hour, c->hour)) == -1) {
		c->day++;
		c->hour = c->min = c->sec = 0;
		return 0;
	}
	if (v != c->hour) {
		c->hour = v;
		c->min = c->sec = 0;
	}
	if ((v = next_bit64(sp->min, c->min)) == -1) {
		c->hour++;
		c->min = c->sec = 0;
		return 0;
	}
	if (v != c->min) {
		c->min = v;
		c->sec = 0;
	}
	if ((v = next_bit64(sp->sec, c->sec)) == -1) {
		c->min++;
		c->sec = 0;
		return 0;
	}
	c->sec = v;
	return 1;
}

int64_t
next_civil(const struct spec *sp, int64_t from)
{
	struct civil cv;
	struct cursor c;
	int steps;

	if (sp->flags & (SPEC_REBOOT | SPEC_NEVER) || from > NEXT_MAX)
		return NEXT_NEVER;
	civil_from_secs(from, &cv);
	c = (struct cursor){ cv.year, cv.mon, cv.day, cv.hour, cv.min,
	    cv.sec, 0, 0, 0 };
	for (steps = 0; steps < CIVIL_STEPS_MAX; steps++) {
		/* Carries left by fit_time: minute 60, hour 24, day 32. */
		if (c.min > 59) {
			c.min = c.sec = 0;
			c.hour++;
		}
		if (c.hour > 23) {
			c.hour = c.min = c.sec = 0;
			c.day++;
		}
		if (c.day > 31)
			next_month(&c);
		fit_month(sp, &c);
		if (fit_time(sp, &c) == 1) {
			cv = (struct civil){ c.year, c.mon, c.day, c.hour,
			    c.min, c.sec };
			from = civil_to_secs(&cv);
			return from <= NEXT_MAX ? from : NEXT_NEVER;
		}
	}
	return NEXT_NEVER;
}

/*
 * Local times at or after `local` inside one span, for a fixed-time job
 * that must not repeat a time the previous span already showed (the second
 * pass of a repeated hour).
 */
static int64_t
span_local_start(const struct tz_span *sp, int64_t t, bool fixed)
{
	int64_t local = t + sp->off;

	if (fixed && sp->start != INT64_MIN && sp->prev_off > sp->off &&
	    local < sp->start + sp->prev_off)
		local = sp->start + sp->prev_off;
	return local;
}

int64_t
next_run(const struct spec *sp, const struct tz *z, int64_t after)
{
	bool fixed = spec_is_fixed_time(sp);
	struct tz_span span;
	int64_t t = after + 1, from, local = NEXT_NEVER;
	int64_t searched = INT64_MAX;	/* `local` is the first match >= it */
	int n;

	for (n = 0; n < SPANS_MAX; n++) {
		tz_span_at(z, t, &span);
		from = span_local_start(&span, t, fixed);
		/*
		 * A match far ahead is found once, not again in every span
		 * on the way: the first match at or after any time between
		 * `searched` and it is the same match.
		 */
		if (from < searched || from > local) {
			local = next_civil(sp, from);
			searched = from;
		}
		if (local == NEXT_NEVER)
			return NEXT_NEVER;
		if (span.end == INT64_MAX || local < span.end + span.off)
			return local - span.off;
		/*
		 * The match lies past this span.  If the next transition
		 * skips local time and swallowed the match, a fixed-time job
		 * runs once, when the gap ends.
		 */
		if (fixed && span.next_off > span.off &&
		    local < span.end + span.next_off)
			return span.end;
		t = span.end;
	}
	return NEXT_NEVER;
}
