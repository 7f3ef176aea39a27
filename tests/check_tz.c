/*
 * check_tz.c: unit tests of lib/tz.c.  Expected instants come from
 * zdump -v over the system tz database, or from POSIX rule arithmetic done
 * by hand; nothing depends on the machine's /etc/localtime.
 */
#include <sys/stat.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil.h"
#include "tz.h"
#include "check_main.h"

#define H	3600

static int64_t
utc(int64_t y, int mon, int day, int hour, int min, int sec)
{
	struct civil c = { y, mon, day, hour, min, sec };

	return civil_to_secs(&c);
}

static struct tz *
load(const char *name)
{
	char err[256] = "";
	struct tz *z = tz_load(name, err, sizeof(err));

	ck_assert_msg(z != NULL, "tz_load(%s): %s", name, err);
	return z;
}

/* Reads a whole file of the tz database into memory. */
static unsigned char *
slurp(const char *name, size_t *lenp)
{
	char path[512];
	unsigned char *buf;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", ZONEINFO_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd != -1, "%s: %s", path, strerror(errno));
	buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	n = read(fd, buf, 1 << 20);
	ck_assert_int_gt(n, 0);
	close(fd);
	*lenp = (size_t)n;
	return buf;
}

/* The span invariants that hold at any instant of any zone. */
static void
check_span(const struct tz *z, int64_t t)
{
	struct tz_span sp;

	tz_span_at(z, t, &sp);
	ck_assert_int_le(sp.start, t);
	ck_assert(t < sp.end || sp.end == INT64_MAX);
	ck_assert_int_eq(sp.off, tz_offset_at(z, t));
	if (sp.start != INT64_MIN) {
		ck_assert_int_ne(sp.prev_off, sp.off);
		ck_assert_int_eq(tz_offset_at(z, sp.start - 1), sp.prev_off);
		ck_assert_int_eq(tz_offset_at(z, sp.start), sp.off);
	} else
		ck_assert_int_eq(sp.prev_off, sp.off);
	if (sp.end != INT64_MAX) {
		ck_assert_int_ne(sp.next_off, sp.off);
		ck_assert_int_eq(tz_offset_at(z, sp.end - 1), sp.off);
		ck_assert_int_eq(tz_offset_at(z, sp.end), sp.next_off);
	} else
		ck_assert_int_eq(sp.next_off, sp.off);
}

START_TEST(test_utc)
{
	const char *names[] = { NULL, "UTC", "Etc/UTC", ":UTC", "UTC0" };
	struct tz_span sp;
	struct tz *z;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		z = names[i] == NULL ? tz_utc() : load(names[i]);
		ck_assert_str_eq(tz_name(z), names[i] ? names[i] : "UTC");
		tz_span_at(z, utc(2026, 3, 8, 7, 0, 0), &sp);
		ck_assert_int_eq(sp.start, INT64_MIN);
		ck_assert_int_eq(sp.end, INT64_MAX);
		ck_assert_int_eq(sp.off, 0);
		ck_assert_int_eq(sp.prev_off, 0);
		ck_assert_int_eq(sp.next_off, 0);
		ck_assert_int_eq(tz_from_local(z, 12345), 12345);
		ck_assert_int_eq(tz_offset_at(z, INT64_MIN), 0);
		tz_free(z);
	}
	tz_free(NULL);
}
END_TEST

/* A change from offset before to after; the next one follows. */
static const struct change_row {
	const char	*zone;
	int		 y, mo, d, h, mi;	/* the change, UTC */
	int32_t		 before, after;
	int		 ny, nmo, nd, nh, nmi;	/* the next change, UTC */
} change_rows[] = {
	{ "America/New_York", 2026, 3, 8, 7, 0, -5 * H, -4 * H,
	    2026, 11, 1, 6, 0 },
	{ "America/New_York", 2026, 11, 1, 6, 0, -4 * H, -5 * H,
	    2027, 3, 14, 7, 0 },
	{ "Europe/Berlin", 2026, 3, 29, 1, 0, 1 * H, 2 * H,
	    2026, 10, 25, 1, 0 },
	{ "Europe/Berlin", 2026, 10, 25, 1, 0, 2 * H, 1 * H,
	    2027, 3, 28, 1, 0 },
	/* Lord Howe Island moves its clocks by half an hour. */
	{ "Australia/Lord_Howe", 2026, 4, 4, 15, 0, 11 * H, 10 * H + 1800,
	    2026, 10, 3, 15, 30 },
	{ "Australia/Lord_Howe", 2026, 10, 3, 15, 30, 10 * H + 1800, 11 * H,
	    2027, 4, 3, 15, 0 },
	/* Southern hemisphere: summer time across the new year. */
	{ "Australia/Sydney", 2026, 4, 4, 16, 0, 11 * H, 10 * H,
	    2026, 10, 3, 16, 0 },
	{ "Australia/Sydney", 2026, 10, 3, 16, 0, 10 * H, 11 * H,
	    2027, 4, 3, 16, 0 },
	/* Santiago springs forward at 24:00, skipping local midnight. */
	{ "America/Santiago", 2026, 4, 5, 3, 0, -3 * H, -4 * H,
	    2026, 9, 6, 4, 0 },
	{ "America/Santiago", 2026, 9, 6, 4, 0, -4 * H, -3 * H,
	    2027, 4, 4, 3, 0 },
	/* Past 2037, from the footer rule, and past 2400, folded. */
	{ "America/New_York", 2100, 3, 14, 7, 0, -5 * H, -4 * H,
	    2100, 11, 7, 6, 0 },
	{ "America/New_York", 2401, 11, 4, 6, 0, -4 * H, -5 * H,
	    2402, 3, 10, 7, 0 },
	{ "America/New_York", 2800, 3, 12, 7, 0, -5 * H, -4 * H,
	    2800, 11, 5, 6, 0 },
	{ "America/New_York", 3000, 11, 2, 6, 0, -4 * H, -5 * H,
	    3001, 3, 8, 7, 0 },
	{ "America/New_York", 100000, 11, 5, 6, 0, -4 * H, -5 * H,
	    100001, 3, 11, 7, 0 },
	{ "Australia/Sydney", 2401, 3, 31, 16, 0, 11 * H, 10 * H,
	    2401, 10, 6, 16, 0 },
	{ "Australia/Sydney", 3000, 10, 4, 16, 0, 10 * H, 11 * H,
	    3001, 4, 4, 16, 0 },
	/* POSIX strings, checked against zdump. */
	{ "EST5EDT,M3.2.0,M11.1.0", 2026, 3, 8, 7, 0, -5 * H, -4 * H,
	    2026, 11, 1, 6, 0 },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", 2401, 3, 31, 16, 0, 11 * H, 10 * H,
	    2401, 10, 6, 16, 0 },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", 1900, 3, 31, 16, 0, 11 * H, 10 * H,
	    1900, 10, 6, 16, 0 },
	{ "XXX3YYY,J60/2,J300", 2026, 3, 1, 5, 0, -3 * H, -2 * H,
	    2026, 10, 27, 4, 0 },
	{ "XXX3YYY,J60/2,J300", 2028, 3, 1, 5, 0, -3 * H, -2 * H,
	    2028, 10, 27, 4, 0 },
	/* Zero-based days count February 29th. */
	{ "XXX3YYY,59,299", 2026, 3, 1, 5, 0, -3 * H, -2 * H,
	    2026, 10, 27, 4, 0 },
	{ "XXX3YYY,59,299", 2028, 2, 29, 5, 0, -3 * H, -2 * H,
	    2028, 10, 26, 4, 0 },
	{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 2026, 3, 29, 1, 0, -2 * H, -H,
	    2026, 10, 25, 1, 0 },
	{ "IST-2IDT,M3.4.4/26,M10.5.0", 2026, 3, 27, 0, 0, 2 * H, 3 * H,
	    2026, 10, 24, 23, 0 },
	{ "XXX0YYY,M3.1.0/167,M10.1.0", 2026, 3, 7, 23, 0, 0, H,
	    2026, 10, 4, 1, 0 },
	{ "<+0330>-3:30<+0430>,J79/24,J263/24", 2026, 3, 20, 20, 30,
	    3 * H + 1800, 4 * H + 1800, 2026, 9, 20, 19, 30 },
	/* Irish time: "standard" in summer, negative DST in winter. */
	{ "Europe/Dublin", 2026, 10, 25, 1, 0, H, 0, 2027, 3, 28, 1, 0 },
};

START_TEST(test_changes)
{
	const struct change_row *r = &change_rows[_i];
	int64_t at = utc(r->y, r->mo, r->d, r->h, r->mi, 0);
	int64_t next = utc(r->ny, r->nmo, r->nd, r->nh, r->nmi, 0);
	struct tz_span sp;
	struct tz *z = load(r->zone);

	tz_span_at(z, at, &sp);
	ck_assert_msg(sp.start == at && sp.end == next,
	    "%s %d: span [%lld, %lld), want [%lld, %lld)", r->zone, r->y,
	    (long long)sp.start, (long long)sp.end, (long long)at,
	    (long long)next);
	ck_assert_int_eq(sp.off, r->after);
	ck_assert_int_eq(sp.prev_off, r->before);
	tz_span_at(z, at - 1, &sp);
	ck_assert_int_eq(sp.end, at);
	ck_assert_int_eq(sp.off, r->before);
	ck_assert_int_eq(sp.next_off, r->after);
	tz_span_at(z, next - 1, &sp);
	ck_assert_int_eq(sp.start, at);
	ck_assert_int_eq(tz_offset_at(z, at - 1), r->before);
	ck_assert_int_eq(tz_offset_at(z, at), r->after);
	check_span(z, at);
	check_span(z, at - 1);
	tz_free(z);
}
END_TEST

/* Local civil time -> the smallest instant showing it or a later time. */
static const struct local_row {
	const char	*zone;
	int		 y, mo, d, h, mi;	/* local */
	int		 uy, umo, ud, uh, umi;	/* expected instant, UTC */
} local_rows[] = {
	{ "America/New_York", 2026, 6, 1, 12, 0, 2026, 6, 1, 16, 0 },
	/* In the spring gap: the change itself. */
	{ "America/New_York", 2026, 3, 8, 2, 30, 2026, 3, 8, 7, 0 },
	{ "America/New_York", 2026, 3, 8, 2, 0, 2026, 3, 8, 7, 0 },
	{ "America/New_York", 2026, 3, 8, 3, 0, 2026, 3, 8, 7, 0 },
	{ "America/New_York", 2026, 3, 8, 1, 59, 2026, 3, 8, 6, 59 },
	/* In the autumn fold: the first pass, still on summer time. */
	{ "America/New_York", 2026, 11, 1, 1, 30, 2026, 11, 1, 5, 30 },
	{ "America/New_York", 2026, 11, 1, 1, 0, 2026, 11, 1, 5, 0 },
	{ "America/New_York", 2026, 11, 1, 2, 0, 2026, 11, 1, 7, 0 },
	{ "America/New_York", 2401, 3, 11, 2, 30, 2401, 3, 11, 7, 0 },
	{ "America/New_York", 3000, 11, 2, 1, 30, 3000, 11, 2, 5, 30 },
	{ "America/Santiago", 2026, 9, 6, 0, 0, 2026, 9, 6, 4, 0 },
	{ "America/Santiago", 2026, 9, 6, 0, 30, 2026, 9, 6, 4, 0 },
	{ "America/Santiago", 2026, 4, 4, 23, 30, 2026, 4, 5, 2, 30 },
	{ "Australia/Lord_Howe", 2026, 10, 4, 2, 15, 2026, 10, 3, 15, 30 },
	{ "Australia/Lord_Howe", 2026, 4, 5, 1, 45, 2026, 4, 4, 14, 45 },
	{ "Europe/Berlin", 2026, 3, 29, 2, 30, 2026, 3, 29, 1, 0 },
	{ "Europe/Berlin", 2026, 10, 25, 2, 30, 2026, 10, 25, 0, 30 },
	{ "Australia/Sydney", 2027, 1, 1, 0, 0, 2026, 12, 31, 13, 0 },
};

START_TEST(test_from_local)
{
	const struct local_row *r = &local_rows[_i];
	struct tz *z = load(r->zone);
	int64_t local = utc(r->y, r->mo, r->d, r->h, r->mi, 0);
	int64_t want = utc(r->uy, r->umo, r->ud, r->uh, r->umi, 0);
	int64_t got = tz_from_local(z, local);

	ck_assert_msg(got == want, "%s %04d-%02d-%02d %02d:%02d: %lld, want "
	    "%lld", r->zone, r->y, r->mo, r->d, r->h, r->mi, (long long)got,
	    (long long)want);
	tz_free(z);
}
END_TEST

/* Zones with one offset throughout. */
static const struct const_row {
	const char	*rule;
	int32_t		 off;
} const_rows[] = {
	{ "UTC0", 0 },
	{ "<+0330>-3:30", 3 * H + 1800 },
	{ "<-03>3", -3 * H },
	{ "XYZ+5:45:30", -(5 * H + 45 * 60 + 30) },
	{ "XYZ-24", 24 * H },
	/* DST that never ends: summer time all year, not a crash. */
	{ "EST5EDT,0/0,J365/25", -4 * H },
	/* DST offset equal to standard: no change. */
	{ "AAA3BBB3,M3.2.0,M11.1.0", -3 * H },
};

START_TEST(test_posix_const)
{
	const struct const_row *r = &const_rows[_i];
	const int64_t ts[] = { INT64_MIN, -INT64_C(100000000000), 0,
	    utc(2026, 7, 1, 0, 0, 0), utc(2026, 12, 31, 12, 0, 0),
	    INT64_C(100000000000), INT64_MAX };
	char err[256];
	struct tz_span sp;
	struct tz *z;
	size_t i;

	z = tz_parse_posix(r->rule, NULL, err, sizeof(err));
	ck_assert_msg(z != NULL, "%s: %s", r->rule, err);
	ck_assert_str_eq(tz_name(z), r->rule);
	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		tz_span_at(z, ts[i], &sp);
		ck_assert_int_eq(sp.off, r->off);
		ck_assert_int_eq(sp.start, INT64_MIN);
		ck_assert_int_eq(sp.end, INT64_MAX);
	}
	ck_assert_int_eq(tz_from_local(z, 1000000), 1000000 - r->off);
	tz_free(z);
}
END_TEST

static const char *bad_rules[] = {
	"", "EST", "ES5", "5", "EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0",
	"EST5EDT,M0.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
	"EST5EDT,M3.0.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST25",
	"EST5EDT25", "EST5:60", "EST5:00:60", "EST5EDT,J0,J365",
	"EST5EDT,J366,J365", "EST5EDT,366,1", "EST5EDT,M3.2.0/168,M11.1.0",
	"EST5EDT,M3.2.0/-168,M11.1.0", "EST5x", "EST5EDT,M3.2.0,M11.1.0,",
	"EST5EDT,M3.2.0,M11.1.0x", "<+03>3>", "<ab>3", "<+0330-3:30",
	"EST+", "EST5EDT,", "EST5EDT,M3.2.0/,M11.1.0", "E5T5",
	"EST99999999999999999999", "EST5EDT,M3..0,M11.1.0",
};

START_TEST(test_posix_bad)
{
	char err[256] = "", want[256];
	struct tz *z = tz_parse_posix(bad_rules[_i], "x", err, sizeof(err));

	ck_assert_msg(z == NULL, "'%s' parsed", bad_rules[_i]);
	snprintf(want, sizeof(want), "bad POSIX TZ string '%s'", bad_rules[_i]);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_posix_default_rules)
{
	struct tz *z = tz_parse_posix("EST5EDT", "x", NULL, 0);
	struct tz_span sp;

	/* No rules given: the US ones, from the second Sunday of March. */
	ck_assert_ptr_nonnull(z);
	ck_assert_str_eq(tz_name(z), "x");
	tz_span_at(z, utc(2026, 7, 1, 0, 0, 0), &sp);
	ck_assert_int_eq(sp.start, utc(2026, 3, 8, 7, 0, 0));
	ck_assert_int_eq(sp.end, utc(2026, 11, 1, 6, 0, 0));
	ck_assert_int_eq(sp.off, -4 * H);
	tz_free(z);
	/* The default DST offset is an hour ahead of standard time. */
	z = tz_parse_posix("<+0330>-3:30<+0430>,J79/24,J263/24", NULL, NULL, 0);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)),
	    4 * H + 1800);
	tz_free(z);
}
END_TEST

/* Random instants over +-300,000 years keep the span invariants. */
START_TEST(test_invariants)
{
	const char *zones[] = { "America/New_York", "Australia/Lord_Howe",
	    "America/Santiago", "Europe/Dublin", "Asia/Tokyo",
	    "AEST-10AEDT,M10.1.0,M4.1.0/3", "XXX0YYY,M3.1.0/167,M10.1.0" };
	const int64_t edges[] = { INT64_MIN, INT64_MIN + 1, -(INT64_C(1) << 62),
	    0, INT64_C(1) << 62, INT64_MAX - 1, INT64_MAX };
	uint64_t x = 88172645463325252ULL;
	int64_t t, r;
	struct tz *z;
	size_t i, k;

	for (k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		z = load(zones[k]);
		for (i = 0; i < 5000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			t = (int64_t)(x % 20000000000000ULL) - 10000000000000;
			check_span(z, t);
			/* The first instant showing t's local time is not after t. */
			r = tz_from_local(z, t + tz_offset_at(z, t));
			ck_assert_int_le(r, t);
			ck_assert_int_eq(r + tz_offset_at(z, r),
			    t + tz_offset_at(z, t));
		}
		for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
			check_span(z, edges[i]);
			(void)tz_from_local(z, edges[i]);
		}
		tz_free(z);
	}
}
END_TEST

/* A TZif image under construction. */
struct img {
	unsigned char	b[4096];
	size_t		n;
};

static void
put32(struct img *m, uint32_t v)
{
	m->b[m->n++] = (unsigned char)(v >> 24);
	m->b[m->n++] = (unsigned char)(v >> 16);
	m->b[m->n++] = (unsigned char)(v >> 8);
	m->b[m->n++] = (unsigned char)v;
}

static void
put_hdr(struct img *m, unsigned char ver, uint32_t leap, uint32_t time,
    uint32_t type)
{
	memcpy(m->b + m->n, "TZif", 4);
	m->b[m->n + 4] = ver;
	memset(m->b + m->n + 5, 0, 15);
	m->n += 20;
	put32(m, 0);		/* isutcnt */
	put32(m, 0);		/* isstdcnt */
	put32(m, leap);
	put32(m, time);
	put32(m, type);
	put32(m, 4);		/* charcnt */
}

/* Builds a file with the given changes (type indexes idx) and types. */
static void
build(struct img *m, unsigned char ver, uint32_t leap, size_t ntimes,
    const int64_t *times, const unsigned char *idx, size_t ntypes,
    const int32_t *offs, const char *footer)
{
	unsigned tsize = ver == 0 ? 4 : 8;
	size_t i;

	m->n = 0;
	if (ver != 0) {
		/* An empty 32-bit block, as zic -b slim writes. */
		put_hdr(m, ver, 0, 0, 1);
		memset(m->b + m->n, 0, 6 + 4);
		m->n += 6 + 4;
	}
	put_hdr(m, ver, leap, (uint32_t)ntimes, (uint32_t)ntypes);
	for (i = 0; i < ntimes; i++) {
		if (tsize == 8)
			put32(m, (uint32_t)((uint64_t)times[i] >> 32));
		put32(m, (uint32_t)times[i]);
	}
	for (i = 0; i < ntimes; i++)
		m->b[m->n++] = idx[i];
	for (i = 0; i < ntypes; i++) {
		put32(m, (uint32_t)offs[i]);
		m->b[m->n++] = 0;
		m->b[m->n++] = 0;
	}
	memcpy(m->b + m->n, "ABC", 4);
	m->n += 4;
	for (i = 0; i < leap; i++) {
		memset(m->b + m->n, 0, tsize + 4);
		m->n += tsize + 4;
	}
	if (footer != NULL) {
		m->n += (size_t)snprintf((char *)m->b + m->n,
		    sizeof(m->b) - m->n, "\n%s\n", footer);
	}
}

START_TEST(test_tzif_memory)
{
	const int64_t times[] = { -100000, 0, 1000 };
	const unsigned char idx[] = { 1, 2, 0 };
	const int32_t offs[] = { H, 2 * H, -H };
	char err[256];
	struct tz_span sp;
	struct img m;
	struct tz *z;

	/* Version 1: 32-bit times; type 0 before the first change. */
	build(&m, 0, 0, 3, times, idx, 3, offs, NULL);
	z = tz_parse_tzif(m.b, m.n, "v1", err, sizeof(err));
	ck_assert_msg(z != NULL, "%s", err);
	ck_assert_str_eq(tz_name(z), "v1");
	ck_assert_int_eq(tz_offset_at(z, -100001), H);
	ck_assert_int_eq(tz_offset_at(z, -100000), 2 * H);
	tz_span_at(z, 500, &sp);
	ck_assert_int_eq(sp.start, 0);
	ck_assert_int_eq(sp.end, 1000);
	ck_assert_int_eq(sp.off, -H);
	ck_assert_int_eq(sp.prev_off, 2 * H);
	ck_assert_int_eq(sp.next_off, H);
	tz_span_at(z, INT64_MAX, &sp);
	ck_assert_int_eq(sp.start, 1000);
	ck_assert_int_eq(sp.end, INT64_MAX);
	tz_free(z);

	/* Version 2, no changes: the footer holds for all time. */
	build(&m, '2', 0, 0, NULL, NULL, 1, offs, "CET-1CEST,M3.5.0,M10.5.0/3");
	z = tz_parse_tzif(m.b, m.n, "v2", err, sizeof(err));
	ck_assert_msg(z != NULL, "%s", err);
	ck_assert_int_eq(tz_offset_at(z, utc(1900, 7, 1, 0, 0, 0)), 2 * H);
	ck_assert_int_eq(tz_offset_at(z, utc(1900, 1, 1, 0, 0, 0)), H);
	ck_assert_int_eq(tz_offset_at(z, utc(2500, 7, 1, 0, 0, 0)), 2 * H);
	tz_free(z);

	/* Version 3, changes then the footer; an empty footer: no rule. */
	build(&m, '3', 0, 3, times, idx, 3, offs, "CET-1CEST,M3.5.0,M10.5.0/3");
	z = tz_parse_tzif(m.b, m.n, "v3", err, sizeof(err));
	ck_assert_msg(z != NULL, "%s", err);
	ck_assert_int_eq(tz_offset_at(z, 500), -H);
	ck_assert_int_eq(tz_offset_at(z, 2000), H);
	ck_assert_int_eq(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)), 2 * H);
	tz_free(z);
	build(&m, '4', 0, 3, times, idx, 3, offs, "");
	z = tz_parse_tzif(m.b, m.n, "v4", err, sizeof(err));
	ck_assert_msg(z != NULL, "%s", err);
	ck_assert_int_eq(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)), H);
	tz_free(z);
}
END_TEST

/* Broken images, each with the start of its message. */
START_TEST(test_tzif_bad)
{
	const int64_t times[] = { -100000, 0, 1000 };
	const int64_t unsorted[] = { 0, 0, 1000 };
	const unsigned char idx[] = { 1, 2, 0 }, badidx[] = { 1, 3, 0 };
	const int32_t offs[] = { H, 2 * H, -H }, far[] = { H, 100000, 0 };
	char err[256];
	struct img m;

	build(&m, '2', 1, 3, times, idx, 3, offs, "");
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "leap-second time zones (right/...) are not "
	    "supported");
	build(&m, '1', 0, 3, times, idx, 3, offs, NULL);
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "unknown TZif version 49");
	build(&m, '2', 0, 3, unsorted, idx, 3, offs, "");
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "bad TZif transition 1");
	build(&m, '2', 0, 3, times, badidx, 3, offs, "");
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "bad TZif transition 1");
	build(&m, '2', 0, 3, times, idx, 3, far, "");
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "TZif UTC offset out of range");
	build(&m, '2', 0, 0, NULL, NULL, 0, NULL, "");
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "bad TZif counts");
	build(&m, '2', 0, 3, times, idx, 3, offs, "EST5EDT,M3");
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "bad TZif footer 'EST5EDT,M3'");
	build(&m, '2', 0, 3, times, idx, 3, offs, NULL);
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "truncated TZif footer");
	/* Counts that would overflow a 32-bit size computation. */
	build(&m, '2', 0, 0, NULL, NULL, 1, offs, "");
	memset(m.b + 44 + 10 + 32, 0xff, 4);		/* timecnt */
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "truncated TZif data");
	memcpy(m.b, "TZiF", 4);
	ck_assert_ptr_null(tz_parse_tzif(m.b, m.n, "x", err, sizeof(err)));
	ck_assert_str_eq(err, "not a TZif file (bad magic)");
}
END_TEST

/* Every proper prefix of a real file is refused as truncated. */
START_TEST(test_tzif_truncated)
{
	char err[256];
	unsigned char *buf, *copy;
	size_t len, n;
	struct tz *z;

	buf = slurp("America/New_York", &len);
	z = tz_parse_tzif(buf, len, "ny", err, sizeof(err));
	ck_assert_msg(z != NULL, "%s", err);
	ck_assert_int_eq(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)), -4 * H);
	tz_free(z);
	for (n = 0; n < len; n++) {
		/* An exact-size copy, so that valgrind and ASan see overreads. */
		copy = malloc(n + 1);
		ck_assert_ptr_nonnull(copy);
		memcpy(copy, buf, n);
		err[0] = '\0';
		z = tz_parse_tzif(copy, n, "ny", err, sizeof(err));
		ck_assert_msg(z == NULL, "prefix %zu accepted", n);
		ck_assert_msg(strncmp(err, "truncated", 9) == 0,
		    "prefix %zu: %s", n, err);
		free(copy);
	}
	buf[0] = 'X';
	ck_assert_ptr_null(tz_parse_tzif(buf, len, "ny", err, sizeof(err)));
	ck_assert_str_eq(err, "not a TZif file (bad magic)");
	free(buf);
}
END_TEST

/* Names refused or unknown, with their messages. */
static const struct name_row {
	const char	*name;
	const char	*err;
} bad_names[] = {
	{ "Mars/Olympus_Mons", "unknown time zone 'Mars/Olympus_Mons'" },
	{ "America", "unknown time zone 'America'" },
	{ "EST5EDT,M3", "unknown time zone 'EST5EDT,M3'" },
	{ "../../etc/passwd", "bad time zone name '../../etc/passwd'" },
	{ "Europe/../../../etc/passwd",
	    "bad time zone name 'Europe/../../../etc/passwd'" },
	{ "/etc/passwd", "bad time zone name '/etc/passwd'" },
	{ ":/etc/passwd", "bad time zone name ':/etc/passwd'" },
	{ "Europe//Berlin", "bad time zone name 'Europe//Berlin'" },
	{ "Europe/Berlin/", "bad time zone name 'Europe/Berlin/'" },
	{ "./UTC", "bad time zone name './UTC'" },
	{ "..", "bad time zone name '..'" },
};

START_TEST(test_load_bad)
{
	char err[256] = "";

	ck_assert_ptr_null(tz_load(bad_names[_i].name, err, sizeof(err)));
	ck_assert_str_eq(err, bad_names[_i].err);
}
END_TEST

START_TEST(test_load_names)
{
	char err[256], longname[TZ_NAME_MAX + 2];
	struct tz *z;

	memset(longname, 'A', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_ptr_null(tz_load(longname, err, sizeof(err)));
	ck_assert_str_eq(err, "time zone name too long");
	/* A leading colon, as glibc accepts in TZ. */
	z = load(":Europe/Berlin");
	ck_assert_str_eq(tz_name(z), ":Europe/Berlin");
	ck_assert_int_eq(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)), 2 * H);
	tz_free(z);
	/* Not a file: read as a POSIX string. */
	z = load("CET-1CEST,M3.5.0,M10.5.0/3");
	ck_assert_str_eq(tz_name(z), "CET-1CEST,M3.5.0,M10.5.0/3");
	ck_assert_int_eq(tz_offset_at(z, utc(2026, 10, 25, 0, 59, 59)), 2 * H);
	ck_assert_int_eq(tz_offset_at(z, utc(2026, 10, 25, 1, 0, 0)), H);
	tz_free(z);
	/* Leap-second zones, where installed. */
	if (access(ZONEINFO_DIR "/right/UTC", R_OK) == 0) {
		ck_assert_ptr_null(tz_load("right/UTC", err, sizeof(err)));
		ck_assert_ptr_nonnull(strstr(err, "leap-second"));
	}
	/* The local zone: whatever it is, a zone or a message. */
	err[0] = '\0';
	z = tz_load(NULL, err, sizeof(err));
	ck_assert(z != NULL || err[0] != '\0');
	if (z != NULL)
		ck_assert_str_eq(tz_name(z), "");
	tz_free(z);
	tz_free(NULL);
}
END_TEST

/* tz_load_file on fixtures in a temporary folder of the build tree. */
START_TEST(test_load_file)
{
	char dir[] = "check_tz.XXXXXX", path[64], err[256];
	unsigned char *buf;
	size_t len;
	struct tz *z;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	buf = slurp("Australia/Sydney", &len);
	snprintf(path, sizeof(path), "%s/zone", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	ck_assert_int_eq(fwrite(buf, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	z = tz_load_file(path, "Sydney", err, sizeof(err));
	ck_assert_msg(z != NULL, "%s", err);
	ck_assert_str_eq(tz_name(z), "Sydney");
	ck_assert_int_eq(tz_offset_at(z, utc(2027, 1, 1, 0, 0, 0)), 11 * H);
	tz_free(z);
	ck_assert_ptr_null(tz_load_file(dir, NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, strerror(EISDIR)));
	/* Larger than 1 MiB. */
	ck_assert_int_eq(truncate(path, 2 << 20), 0);
	ck_assert_ptr_null(tz_load_file(path, NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, strerror(EFBIG)));
	ck_assert_int_eq(truncate(path, 10), 0);
	ck_assert_ptr_null(tz_load_file(path, NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, ": truncated TZif header"));
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_ptr_null(tz_load_file(path, NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
	ck_assert_int_eq(rmdir(dir), 0);
	free(buf);
}
END_TEST

#define NELEM(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
tz_suite(void)
{
	Suite *s = suite_create("tz");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_utc);
	tcase_add_loop_test(tc, test_changes, 0, NELEM(change_rows));
	tcase_add_loop_test(tc, test_from_local, 0, NELEM(local_rows));
	tcase_add_loop_test(tc, test_posix_const, 0, NELEM(const_rows));
	tcase_add_loop_test(tc, test_posix_bad, 0, NELEM(bad_rules));
	tcase_add_test(tc, test_posix_default_rules);
	tcase_add_test(tc, test_invariants);
	tcase_add_test(tc, test_tzif_memory);
	tcase_add_test(tc, test_tzif_bad);
	tcase_add_test(tc, test_tzif_truncated);
	tcase_add_loop_test(tc, test_load_bad, 0, NELEM(bad_names));
	tcase_add_test(tc, test_load_names);
	tcase_add_test(tc, test_load_file);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(tz_suite)
