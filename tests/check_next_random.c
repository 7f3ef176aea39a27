/*
 * check_next_random.c: next_run() against deliberately simple references
 * written here, over thousands of random schedules.
 *
 * The generator writes each schedule's text and, at the same time, the set
 * of values each field means (struct ref), so the references never parse.
 * Part 1 (UTC, classic, seconds and Quartz day fields) walks time forward
 * from after + 1: a day whose date does not match is skipped to the next
 * midnight, an hour that does not match to the next hour, a minute to the
 * next minute, else second by second; each step decomposes the instant with
 * gmtime_r.  Part 2 (America/New_York) walks minutes with localtime_r under
 * TZ (allowed in tests only) and applies the DST rules literally.
 *
 * The seed is fixed and printed; NEXT_RANDOM_SEED=N replays another one.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "next.h"
#include "spec.h"
#include "tz.h"
#include "check_main.h"

#define DEFAULT_SEED	UINT64_C(20260308)
#ifndef NUTC
#define NUTC		6000	/* random schedules in UTC */
#endif
#ifndef NDST
#define NDST		1500	/* random schedules in America/New_York */
#endif
#define STEPS		3	/* chained next runs per schedule */
#define MAXREPORT	25

/* Quartz day items the reference knows (at most one per schedule). */
enum qday { Q_NONE, Q_L, Q_LW, Q_NW, Q_DOWL, Q_NTH };

/* What a schedule means, built alongside its text. */
struct ref {
	char		text[448];
	int		opts;
	bool		reboot;
	uint64_t	sec, min;
	uint32_t	hour, dom;
	uint16_t	mon;
	uint8_t		dow;
	bool		min_star, hour_star, dom_star, dow_star;
	enum qday	q;
	int		qa, qb;		/* nW: n; dL: d; d#n: d, n */
};

static uint64_t rng_state;

/* splitmix64 */
static uint64_t
rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int
rnd(int n)
{
	return (int)(rng_next() % (uint64_t)n);
}

static int64_t
rnd64(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next() % (uint64_t)(hi - lo));
}

static const char *const mon_names[] = { NULL, "jan", "feb", "mar", "apr",
    "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
/* No name for 7: "sun" is 0, so "fri-sun" would run backwards. */
static const char *const dow_names[] = { "sun", "mon", "tue", "wed", "thu",
    "fri", "sat", NULL };

/* Appends value v, sometimes as a name in a random case. */
static void
put_value(char *buf, size_t len, int v, const char *const *names)
{
	size_t n = strlen(buf);
	char w[8];
	int i;

	if (names != NULL && names[v] != NULL && rnd(3) == 0) {
		strcpy(w, names[v]);
		for (i = 0; w[i] != '\0'; i++)
			if (rnd(2) == 0)
				w[i] = (char)(w[i] - 'a' + 'A');
		snprintf(buf + n, len - n, "%s", w);
	} else
		snprintf(buf + n, len - n, "%d", v);
}

static void
put_str(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s", s);
}

/*
 * Writes one random field over [lo, hi] into buf and returns its bits;
 * pstar is the chance in percent of a plain '*'.  *star tells whether the
 * text starts with '*'.  For day of week hi is 7, and bit 7 folds into 0.
 */
static uint64_t
gen_field(char *buf, size_t len, int lo, int hi, int pstar,
    const char *const *names, bool *star)
{
	uint64_t bits = 0;
	int r = rnd(100), k, n, a, b, s, v;
	int span = (names == dow_names ? 6 : hi) - lo;	/* for '*' steps */
	char tmp[16];

	buf[0] = '\0';
	*star = false;
	if (r < pstar) {
		*star = true;
		put_str(buf, len, "*");
		for (v = lo; v <= hi; v++)
			bits |= UINT64_C(1) << v;
	} else if (r < pstar + 12) {
		*star = true;
		s = 1 + rnd(span);
		snprintf(tmp, sizeof(tmp), "*/%d", s);
		put_str(buf, len, tmp);
		for (v = lo; v <= lo + span; v += s)
			bits |= UINT64_C(1) << v;
	} else {
		n = 1 + rnd(rnd(4) == 0 ? 5 : 2);
		for (k = 0; k < n; k++) {
			if (k > 0)
				put_str(buf, len, ",");
			a = lo + rnd(hi - lo + 1);
			switch (rnd(4)) {
			case 0:
			case 1:
				put_value(buf, len, a, names);
				bits |= UINT64_C(1) << a;
				break;
			case 2:
				b = a + rnd(hi - a + 1);
				put_value(buf, len, a, names);
				put_str(buf, len, "-");
				put_value(buf, len, b, names);
				for (v = a; v <= b; v++)
					bits |= UINT64_C(1) << v;
				break;
			default:
				b = a + rnd(hi - a + 1);
				s = 1 + rnd(b - a > 0 ? b - a : 1);
				put_value(buf, len, a, names);
				put_str(buf, len, "-");
				put_value(buf, len, b, names);
				snprintf(tmp, sizeof(tmp), "/%d", s);
				put_str(buf, len, tmp);
				for (v = a; v <= b; v += s)
					bits |= UINT64_C(1) << v;
				break;
			}
		}
	}
	if (names == dow_names && (bits & 0x80) != 0)
		bits = (bits & 0x7f) | 1;
	return bits;
}

static void
set_word(struct ref *r, const char *word)
{
	snprintf(r->text, sizeof(r->text), "%s", word);
	r->sec = 1;
	r->min = 1;
	r->hour = 1;
	r->dom = 0xfffffffe;
	r->mon = 0x1ffe;
	r->dow = 0x7f;
	r->dom_star = r->dow_star = true;
	if (strcmp(word, "@reboot") == 0)
		r->reboot = true;
	else if (strcmp(word, "@hourly") == 0) {
		r->hour = 0xffffff;
		r->hour_star = true;
	} else if (strcmp(word, "@weekly") == 0) {
		r->dow = 1;
		r->dow_star = false;
	} else if (strcmp(word, "@monthly") == 0) {
		r->dom = 2;
		r->dom_star = false;
	} else if (strcmp(word, "@yearly") == 0 ||
	    strcmp(word, "@annually") == 0) {
		r->dom = 2;
		r->mon = 2;
		r->dom_star = false;
	}
	/* @daily, @midnight: 0 0 * * * */
}

/* A Quartz day item in one day field, '?' or '*' in the other. */
static void
gen_quartz(struct ref *r, char *dom, char *dow, size_t len)
{
	const char *other = rnd(2) ? "?" : "*";

	r->dom = 0xfffffffe;
	r->dow = 0x7f;
	r->dom_star = r->dow_star = true;
	switch (rnd(5)) {
	case 0:
		r->q = Q_L;
		snprintf(dom, len, "L");
		snprintf(dow, len, "%s", other);
		break;
	case 1:
		r->q = Q_LW;
		snprintf(dom, len, "LW");
		snprintf(dow, len, "%s", other);
		break;
	case 2:
		r->q = Q_NW;
		r->qa = 1 + rnd(31);
		snprintf(dom, len, "%dW", r->qa);
		snprintf(dow, len, "%s", other);
		break;
	case 3:
		r->q = Q_DOWL;
		r->qa = rnd(7);
		snprintf(dom, len, "%s", other);
		snprintf(dow, len, "%dL", r->qa);
		break;
	default:
		r->q = Q_NTH;
		r->qa = rnd(7);
		r->qb = 1 + rnd(5);
		snprintf(dom, len, "%s", other);
		snprintf(dow, len, "%d#%d", r->qa, r->qb);
		break;
	}
}

/*
 * A random schedule.  ext: maybe a seconds field and Quartz day items.
 * dense: day fields mostly '*' and hours near the DST changes.
 */
static void
gen_spec(struct ref *r, bool ext, bool dense)
{
	static const char *const words[] = { "@yearly", "@annually",
	    "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
	    "@reboot" };
	static const char *const dst_hours[] = { "1", "2", "3", "0", "1,2",
	    "2,3", "0-3", "1-2", "0,2", "23,0,1" };
	char fs[64], fm[64], fh[64], fd[64], fmo[64], fw[64];
	bool st;

	memset(r, 0, sizeof(*r));
	r->opts = ext ? SPEC_EXTENDED : 0;
	if (rnd(30) == 0) {
		set_word(r, words[rnd(dense ? 7 : 8)]);
		return;
	}
	r->sec = 1;
	fs[0] = '\0';
	if (ext && rnd(2) == 0)
		r->sec = gen_field(fs, sizeof(fs), 0, 59, 25, NULL, &st);
	r->min = gen_field(fm, sizeof(fm), 0, 59, dense ? 20 : 30, NULL,
	    &r->min_star);
	if (dense && rnd(2) == 0) {
		const char *h = dst_hours[rnd(10)];

		snprintf(fh, sizeof(fh), "%s", h);
		r->hour = 0;
		if (strcmp(h, "0-3") == 0)
			r->hour = 0xf;
		else if (strcmp(h, "1-2") == 0)
			r->hour = 0x6;
		else {
			char copy[16], *tok, *save = NULL;

			snprintf(copy, sizeof(copy), "%s", h);
			for (tok = strtok_r(copy, ",", &save); tok != NULL;
			    tok = strtok_r(NULL, ",", &save))
				r->hour |= UINT32_C(1) << atoi(tok);
		}
		r->hour_star = false;
	} else
		r->hour = (uint32_t)gen_field(fh, sizeof(fh), 0, 23,
		    dense ? 30 : 40, NULL, &r->hour_star);
	r->mon = (uint16_t)gen_field(fmo, sizeof(fmo), 1, 12, dense ? 90 : 70,
	    mon_names, &st);
	if (ext && rnd(3) == 0)
		gen_quartz(r, fd, fw, sizeof(fd));
	else {
		r->dom = (uint32_t)gen_field(fd, sizeof(fd), 1, 31,
		    dense ? 80 : 60, NULL, &r->dom_star);
		r->dow = (uint8_t)gen_field(fw, sizeof(fw), 0, 7,
		    dense ? 70 : 60, dow_names, &r->dow_star);
	}
	if (fs[0] != '\0')
		snprintf(r->text, sizeof(r->text), "%s %s %s %s %s %s", fs, fm,
		    fh, fd, fmo, fw);
	else
		snprintf(r->text, sizeof(r->text), "%s %s %s %s %s", fm, fh, fd,
		    fmo, fw);
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* Weekday (0 = Sunday) of day d of the month whose day mday is wday. */
static int
wday_of(int d, int mday, int wday)
{
	return ((wday + d - mday) % 7 + 7) % 7;
}

/* Does the date in tm (year, month, day, weekday) match? */
static bool
day_matches(const struct ref *r, const struct tm *tm)
{
	int y = tm->tm_year + 1900, m = tm->tm_mon + 1, d = tm->tm_mday;
	int w = tm->tm_wday, md = month_days(y, m), t, tw;
	bool dom_ok, dow_ok;

	if ((r->mon >> m & 1) == 0)
		return false;
	switch (r->q) {
	case Q_L:
		return d == md;
	case Q_LW:
		t = md;
		while (wday_of(t, d, w) == 0 || wday_of(t, d, w) == 6)
			t--;
		return d == t;
	case Q_NW:
		if (r->qa > md)
			return false;
		tw = wday_of(r->qa, d, w);
		t = r->qa;
		if (tw == 6)
			t = r->qa == 1 ? 3 : r->qa - 1;
		else if (tw == 0)
			t = r->qa == md ? md - 2 : r->qa + 1;
		return d == t;
	case Q_DOWL:
		return w == r->qa && d + 7 > md;
	case Q_NTH:
		return w == r->qa && (d - 1) / 7 + 1 == r->qb;
	case Q_NONE:
		break;
	}
	dom_ok = (r->dom >> d & 1) != 0;
	dow_ok = (r->dow >> w & 1) != 0;
	if (!r->dom_star && !r->dow_star)
		return dom_ok || dow_ok;	/* Vixie: either */
	return dom_ok && dow_ok;
}

#define NONE	INT64_MAX

/* Part 1's reference: the first matching UTC second in (after, limit]. */
static int64_t
ref_next_utc(const struct ref *r, int64_t after, int64_t limit)
{
	int64_t t = after + 1;
	struct tm tm;
	time_t tt;

	if (r->reboot)
		return NONE;
	while (t <= limit) {
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		if (!day_matches(r, &tm))
			t += 86400 - (tm.tm_hour * 3600 + tm.tm_min * 60 +
			    tm.tm_sec);
		else if ((r->hour >> tm.tm_hour & 1) == 0)
			t += 3600 - (tm.tm_min * 60 + tm.tm_sec);
		else if ((r->min >> tm.tm_min & 1) == 0)
			t += 60 - tm.tm_sec;
		else if ((r->sec >> tm.tm_sec & 1) == 0)
			t++;
		else
			return t;
	}
	return NONE;
}

static const char *
fmt(int64_t t, char *buf, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == NEXT_NEVER) {
		snprintf(buf, len, "never");
		return buf;
	}
	gmtime_r(&tt, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ (@%" PRId64 ")",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, t);
	return buf;
}

static uint64_t
get_seed(void)
{
	const char *s = getenv("NEXT_RANDOM_SEED");

	return s != NULL && *s != '\0' ? strtoull(s, NULL, 0) : DEFAULT_SEED;
}

struct tally {
	int	cases, checked, beyond, bad, badparse;
	char	first[768];
};

static void
report(struct tally *ty, const char *zone, const struct ref *r,
    int64_t after, int64_t want, int64_t got)
{
	char a[64], w[64], g[64], line[768];

	snprintf(line, sizeof(line), "MISMATCH [%s] '%s' opts %d after %s: "
	    "reference %s, next_run %s", zone, r->text, r->opts, fmt(after, a,
	    sizeof(a)), want == NONE ? "nothing in horizon" : fmt(want, w,
	    sizeof(w)), fmt(got, g, sizeof(g)));
	if (ty->bad == 0)
		snprintf(ty->first, sizeof(ty->first), "%s", line);
	if (ty->bad < MAXREPORT)
		fprintf(stderr, "%s\n", line);
	ty->bad++;
}

static bool
parse_ref(const struct ref *r, struct spec *sp, struct tally *ty)
{
	char err[SPEC_ERR_MAX];

	err[0] = '\0';
	if (spec_parse(sp, r->text, r->opts, NULL, NULL, err,
	    sizeof(err)) == 0)
		return true;
	if (ty->badparse < MAXREPORT)
		fprintf(stderr, "spec_parse('%s', opts %d) refused: %s\n",
		    r->text, r->opts, err);
	ty->badparse++;
	return false;
}

/* 1970-01-01 and 2400-01-01. */
#define T_2400	INT64_C(13569465600)
#define HORIZON	(INT64_C(8) * 366 * 86400)

START_TEST(test_random_utc)
{
	uint64_t seed = get_seed();
	struct tally ty;
	struct ref r;
	struct spec sp;
	struct tz *z = tz_utc();
	int64_t after, want, got, limit;
	int i, k;

	memset(&ty, 0, sizeof(ty));
	rng_state = seed;
	fprintf(stderr, "check_next_random: UTC seed %" PRIu64
	    " (NEXT_RANDOM_SEED=N to replay another)\n", seed);
	for (i = 0; i < NUTC; i++) {
		gen_spec(&r, rnd(4) == 0, false);
		after = rnd64(0, T_2400);
		if (rnd(4) == 0)
			after -= after % 60;	/* on a minute boundary */
		ty.cases++;
		if (!parse_ref(&r, &sp, &ty))
			continue;
		for (k = 0; k < STEPS; k++) {
			limit = after + HORIZON;
			want = ref_next_utc(&r, after, limit);
			got = next_run(&sp, z, after);
			if (want == NONE && got > limit) {
				ty.beyond++;
				break;
			}
			ty.checked++;
			if (got != want) {
				report(&ty, "UTC", &r, after, want, got);
				break;
			}
			after = want;
		}
	}
	fprintf(stderr, "check_next_random: UTC: %d schedules, %d answers "
	    "checked, %d beyond the %d-day horizon, %d wrong, %d refused\n",
	    ty.cases, ty.checked, ty.beyond, (int)(HORIZON / 86400), ty.bad,
	    ty.badparse);
	tz_free(z);
	ck_assert_msg(ty.badparse == 0, "%d random schedules refused "
	    "(seed %" PRIu64 ")", ty.badparse, seed);
	ck_assert_msg(ty.bad == 0, "%d wrong (seed %" PRIu64 "); first: %s",
	    ty.bad, seed, ty.first);
}
END_TEST

/*
 * Part 2: America/New_York.  Its offsets are -5 h and -4 h only (checked),
 * so every local minute starts on a UTC minute and every local hour on a
 * UTC hour.  "Civil seconds" below count a wall clock's seconds since
 * 1970-01-01 00:00 (timegm of a broken-down local time).
 */
#define NY_EST	(-5 * 3600)
#define NY_EDT	(-4 * 3600)
#define DST_HORIZON	(INT64_C(40) * 86400)

/* Local time of t in $TZ, its civil seconds, and the checked offset. */
static int64_t
ny_local(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	ck_assert_ptr_nonnull(localtime_r(&tt, tm));
	ck_assert_msg(tm->tm_gmtoff == NY_EST || tm->tm_gmtoff == NY_EDT,
	    "reference assumption broken: offset %ld at @%" PRId64,
	    (long)tm->tm_gmtoff, t);
	return t + tm->tm_gmtoff;
}

/* Wildcard job: the first real minute after `after` whose local time matches. */
static int64_t
ref_ny_wildcard(const struct ref *r, int64_t after)
{
	int64_t t = after - after % 60 + 60, limit = after + DST_HORIZON;
	struct tm tm;

	for (; t <= limit; t += 60) {
		ny_local(t, &tm);
		if (!day_matches(r, &tm) || (r->hour >> tm.tm_hour & 1) == 0) {
			t += 3600 - tm.tm_min * 60 - 60;	/* next hour */
			continue;
		}
		if ((r->min >> tm.tm_min & 1) != 0)
			return t;
	}
	return NONE;
}

/*
 * The smallest instant whose local time is at or after civil time L: the
 * first pass of a repeated time, the end of the gap for a skipped one.
 * Local time is at most t - 4 h, so the answer is at least L + 4 h.
 */
static int64_t
ny_first_instant(int64_t L)
{
	int64_t t = L + 4 * 3600;
	struct tm tm;

	while (ny_local(t, &tm) < L)
		t += 60;
	return t;
}

/*
 * Fixed-time job: it runs at first_instant(L) for each matching local time
 * L, once per instant.  first_instant never decreases as L grows, so the
 * answer is first_instant of the first matching L for which it is later
 * than `after`.  Any L before after - 5 h maps to at most L + 5 h, which is
 * not later than after.
 */
static int64_t
ref_ny_fixed(const struct ref *r, int64_t after)
{
	int64_t L = after - 5 * 3600, limit = after + DST_HORIZON, f;
	struct tm tm;
	time_t tt;

	L -= ((L % 60) + 60) % 60;
	while (L <= limit) {
		tt = (time_t)L;
		gmtime_r(&tt, &tm);	/* the civil time's fields */
		if (!day_matches(r, &tm))
			L += 86400 - (tm.tm_hour * 3600 + tm.tm_min * 60);
		else if ((r->hour >> tm.tm_hour & 1) == 0)
			L += 3600 - tm.tm_min * 60;
		else if ((r->min >> tm.tm_min & 1) == 0)
			L += 60;
		else {
			f = ny_first_instant(L);
			if (f > after)
				return f;
			L += 60;
		}
	}
	return NONE;
}

/*
 * The DST changes of a year in $TZ: weekly samples (NY's offsets last
 * longer than a week), then bisection to the second.
 */
static int
ny_scan_year(int year, int64_t *out)
{
	struct tm tm, t1;
	int64_t t, start, end, lo, hi;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mday = 1;
	start = (int64_t)timegm(&tm);
	tm.tm_year++;
	end = (int64_t)timegm(&tm);
	ny_local(start, &tm);
	for (t = start; t < end && n < 4; t += 7 * 86400) {
		ny_local(t + 7 * 86400, &t1);
		if (tm.tm_gmtoff != t1.tm_gmtoff) {
			lo = t;
			hi = t + 7 * 86400;	/* offset(lo) != offset(hi) */
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;
				struct tm tmid;

				ny_local(mid, &tmid);
				if (tmid.tm_gmtoff == tm.tm_gmtoff)
					lo = mid;
				else
					hi = mid;
			}
			out[n++] = hi;
		}
		tm = t1;
	}
	return n;
}

#define NY_YEARS	231	/* 1970-2200 */

static int
ny_transitions(int year, int64_t *out)
{
	static int64_t cache[NY_YEARS][4];
	static int ncache[NY_YEARS];
	static bool done[NY_YEARS];
	int i = year - 1970;

	if (!done[i]) {
		ncache[i] = ny_scan_year(year, cache[i]);
		done[i] = true;
	}
	memcpy(out, cache[i], sizeof(cache[i]));
	return ncache[i];
}

START_TEST(test_random_dst)
{
	uint64_t seed = get_seed() ^ UINT64_C(0x5eed);
	struct tally ty;
	struct ref r;
	struct spec sp;
	struct tz *z;
	char err[256];
	int64_t after, want, got, tr[4];
	int i, k, n;
	bool fixed;

	memset(&ty, 0, sizeof(ty));
	rng_state = seed;
	fprintf(stderr, "check_next_random: America/New_York seed %" PRIu64
	    "\n", seed);
	z = tz_load("America/New_York", err, sizeof(err));
	ck_assert_msg(z != NULL, "tz_load: %s", err);
	setenv("TZ", "America/New_York", 1);
	tzset();
	for (i = 0; i < NDST; i++) {
		gen_spec(&r, false, true);
		n = ny_transitions(1970 + rnd(NY_YEARS), tr);
		if (n > 0 && rnd(5) != 0)
			after = tr[rnd(n)] + rnd64(-30 * 3600, 6 * 3600);
		else
			after = rnd64(0, INT64_C(7258118400));	/* 2200 */
		if (rnd(3) == 0)
			after -= after % 60;
		ty.cases++;
		if (!parse_ref(&r, &sp, &ty))
			continue;
		fixed = !r.min_star && !r.hour_star;
		for (k = 0; k < STEPS; k++) {
			want = r.reboot ? NONE : fixed ? ref_ny_fixed(&r, after)
			    : ref_ny_wildcard(&r, after);
			got = next_run(&sp, z, after);
			if (want == NONE && (r.reboot ? got == NEXT_NEVER :
			    got > after + DST_HORIZON)) {
				ty.beyond++;
				break;
			}
			ty.checked++;
			if (got != want) {
				report(&ty, fixed ? "America/New_York fixed" :
				    "America/New_York wildcard", &r, after, want,
				    got);
				break;
			}
			after = want;
		}
	}
	fprintf(stderr, "check_next_random: America/New_York: %d schedules, "
	    "%d answers checked, %d beyond the horizon, %d wrong, "
	    "%d refused\n", ty.cases, ty.checked, ty.beyond, ty.bad,
	    ty.badparse);
	tz_free(z);
	unsetenv("TZ");
	tzset();
	ck_assert_msg(ty.badparse == 0, "%d random schedules refused",
	    ty.badparse);
	ck_assert_msg(ty.bad == 0, "%d wrong (seed %" PRIu64 "); first: %s",
	    ty.bad, seed, ty.first);
}
END_TEST

static Suite *
random_suite(void)
{
	Suite *s = suite_create("next_random");
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_random_utc);
	tcase_add_test(tc, test_random_dst);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(random_suite)
