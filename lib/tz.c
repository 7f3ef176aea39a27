/*
 * tz.c: time zones as a table of UTC offset changes.  A zone holds n
 * strictly ascending change instants at[] and n + 1 offsets off[] (off[i]
 * applies before at[i], off[n] after the last), no two neighbours equal.
 * A POSIX rule is expanded into the table for 400 years past the data;
 * instants beyond that window are folded into it by the Gregorian period
 * of 400 years, over which POSIX rules repeat exactly.  Zones are
 * read-only once built; nothing here reads TZ or calls tzset().
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil.h"
#include "tz.h"
#include "errmsg.h"
#include "readall.h"

#ifndef ZONEINFO_DIR
#define ZONEINFO_DIR	"/usr/share/zoneinfo"
#endif
#define TZ_LOCALTIME	"/etc/localtime"

#define TZ_PERIOD	INT64_C(12622780800)	/* 146097 days: 400 years */
#define TZ_YEAR		INT64_C(31622400)	/* a leap year, in seconds */
#define TZ_FAR		(INT64_C(1) << 40)	/* footers apply below this */
#define TZ_OFF_MAX	93599			/* 25:59:59, as RFC 8536 */
#define TZ_FILE_MAX	(1024 * 1024)
#define TZ_HDR_LEN	44
#define TZ_FOOTER_MAX	256
#define TZ_RULE_YEARS	405		/* years a rule is expanded for */

/* ASCII only, whatever the locale. */
#define tz_isdigit(c)	((c) >= '0' && (c) <= '9')
#define tz_isalpha(c)	(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))

struct tz {
	int64_t		*at;
	int32_t		*off;
	size_t		 n;
	bool		 fold_lo;	/* instants before lo fold into [lo, hi) */
	bool		 fold_hi;	/* and so do those from hi on */
	int64_t		 lo, hi;
	const char	*name;
};

/* A POSIX rule's day and local time of a change. */
struct tz_date {
	char	kind;		/* 'J': 1-365 without Feb 29, 'D': 0-365, 'M' */
	int	n, m, w, d;
	int32_t	secs;		/* -167h to 167h (RFC 8536 version 3) */
};

struct tz_rule {
	int32_t		std_off;	/* seconds east of UTC */
	int32_t		dst_off;
	bool		has_dst;
	struct tz_date	start, end;
};

struct tz_hdr {
	unsigned char	ver;
	uint32_t	isut, isstd, leap, time, type, chr;
};

/* The latest rule change at or before the table's end, kept by expansion. */
struct tz_pick {
	int64_t	t;
	int32_t	off;
	bool	found;
};

/* tz_utc()'s zone: shared, never written, never freed. */
static int32_t tz_utc_off[1];
static struct tz tz_utc_zone = { NULL, tz_utc_off, 0, false, false, 0, 0,
    "UTC" };

/* Allocates a zone with room for cap changes, and offset 0 throughout. */
static struct tz *
tz_alloc(const char *name, size_t cap)
{
	struct tz *z;
	size_t len;

	if (name == NULL)
		name = "";
	len = strlen(name);
	if ((z = calloc(1, sizeof(*z) + len + 1)) == NULL)
		return NULL;
	memcpy(z + 1, name, len + 1);
	z->name = (const char *)(z + 1);
	z->at = reallocarray(NULL, cap + 1, sizeof(*z->at));
	z->off = reallocarray(NULL, cap + 1, sizeof(*z->off));
	if (z->at == NULL || z->off == NULL) {
		tz_free(z);
		return NULL;
	}
	z->off[0] = 0;
	return z;
}

void
tz_free(struct tz *z)
{
	if (z == NULL || z == &tz_utc_zone)
		return;
	free(z->at);
	free(z->off);
	free(z);
}

struct tz *
tz_utc(void)
{
	return &tz_utc_zone;
}

const char *
tz_name(const struct tz *z)
{
	return z->name;
}

/* Drops changes to the offset in effect; at one instant, the last counts. */
static void
tz_normalise(struct tz *z)
{
	size_t i, j = 0;

	for (i = 0; i < z->n; i++) {
		if (j > 0 && z->at[j - 1] == z->at[i])
			j--;
		if (z->off[i + 1] == z->off[j])
			continue;
		z->at[j] = z->at[i];
		z->off[j + 1] = z->off[i + 1];
		j++;
	}
	z->n = j;
}

/* The number of changes at or before t. */
static size_t
tz_search(const struct tz *z, int64_t t)
{
	size_t lo = 0, hi = z->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* t modulo 400 years, in [0, TZ_PERIOD), for any t (no overflow). */
static int64_t
tz_mod_period(int64_t t)
{
	int64_t r = t % TZ_PERIOD;

	return r < 0 ? r + TZ_PERIOD : r;
}

/* The instant of [lo, hi) that is t modulo 400 years, or t inside it. */
static int64_t
tz_fold(const struct tz *z, int64_t t)
{
	if ((z->fold_hi && t >= z->hi) || (z->fold_lo && t < z->lo))
		return z->lo + tz_mod_period(tz_mod_period(t) -
		    tz_mod_period(z->lo));
	return t;
}

/* t - d and t + d for a distance d, saturated at the ends of int64_t. */
static int64_t
tz_back(int64_t t, uint64_t d)
{
	if (d > (uint64_t)t - (uint64_t)INT64_MIN)
		return INT64_MIN;
	return (int64_t)((uint64_t)t - d);
}

static int64_t
tz_fwd(int64_t t, uint64_t d)
{
	if (d > (uint64_t)INT64_MAX - (uint64_t)t)
		return INT64_MAX;
	return (int64_t)((uint64_t)t + d);
}

void
tz_span_at(const struct tz *z, int64_t t, struct tz_span *sp)
{
	int64_t u = tz_fold(z, t);
	size_t i = tz_search(z, u);

	/* Unsigned differences: a hostile table may span all of int64_t. */
	sp->start = i > 0 ?
	    tz_back(t, (uint64_t)u - (uint64_t)z->at[i - 1]) : INT64_MIN;
	sp->end = i < z->n ?
	    tz_fwd(t, (uint64_t)z->at[i] - (uint64_t)u) : INT64_MAX;
	/* A change folded out of int64_t's range is no change. */
	sp->off = z->off[i];
	sp->prev_off = sp->start != INT64_MIN ? z->off[i - 1] : sp->off;
	sp->next_off = sp->end != INT64_MAX ? z->off[i + 1] : sp->off;
}

int32_t
tz_offset_at(const struct tz *z, int64_t t)
{
	return z->off[tz_search(z, tz_fold(z, t))];
}

/*
 * Walks the spans from the earliest instant that could show local (no
 * offset exceeds TZ_OFF_MAX) until one shows it or starts past it.
 */
int64_t
tz_from_local(const struct tz *z, int64_t local)
{
	struct tz_span sp;
	int64_t t = tz_back(local, TZ_OFF_MAX), u;

	for (;;) {
		tz_span_at(z, t, &sp);
		u = sp.off >= 0 ? tz_back(local, (uint64_t)sp.off) :
		    tz_fwd(local, (uint64_t)-(int64_t)sp.off);
		if (u <= t)
			return t;
		if (u < sp.end || sp.end == INT64_MAX)
			return u;
		t = sp.end;
	}
}

/* POSIX TZ strings. */

static const char *
tz_parse_num(const char *p, int max, int *v)
{
	int n = 0;

	if (!tz_isdigit(*p))
		return NULL;
	for (; tz_isdigit(*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > max)
			return NULL;
	}
	*v = n;
	return p;
}

/* A zone abbreviation: three letters or more, or <...> with digits, + and -. */
static const char *
tz_parse_abbr(const char *p)
{
	const char *s;

	if (*p == '<') {
		for (s = ++p; tz_isalpha(*p) || tz_isdigit(*p) || *p == '+' ||
		    *p == '-'; p++)
			;
		return *p == '>' && p - s >= 3 ? p + 1 : NULL;
	}
	for (s = p; tz_isalpha(*p); p++)
		;
	return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] with hh up to hmax, as signed seconds. */
static const char *
tz_parse_hms(const char *p, int hmax, int32_t *secs)
{
	int sign = 1, h, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if ((p = tz_parse_num(p, hmax, &h)) == NULL)
		return NULL;
	if (*p == ':') {
		if ((p = tz_parse_num(p + 1, 59, &m)) == NULL)
			return NULL;
		if (*p == ':' && (p = tz_parse_num(p + 1, 59, &s)) == NULL)
			return NULL;
	}
	*secs = sign * (h * 3600 + m * 60 + s);
	return p;
}

static const char *
tz_parse_date(const char *p, struct tz_date *d)
{
	d->secs = 2 * 3600;
	d->kind = *p == 'J' || *p == 'M' ? *p++ : 'D';
	if (d->kind == 'J')
		p = tz_parse_num(p, 365, &d->n);
	else if (d->kind == 'D')
		p = tz_parse_num(p, 365, &d->n);
	else if ((p = tz_parse_num(p, 12, &d->m)) != NULL && *p == '.' &&
	    (p = tz_parse_num(p + 1, 5, &d->w)) != NULL && *p == '.')
		p = tz_parse_num(p + 1, 6, &d->d);
	else
		return NULL;
	if (p == NULL || (d->kind == 'J' && d->n < 1) ||
	    (d->kind == 'M' && (d->m < 1 || d->w < 1)))
		return NULL;
	if (*p == '/')
		p = tz_parse_hms(p + 1, 167, &d->secs);
	return p;
}

static bool
tz_parse_rule(const char *p, struct tz_rule *r)
{
	int32_t secs;

	memset(r, 0, sizeof(*r));
	if ((p = tz_parse_abbr(p)) == NULL ||
	    (p = tz_parse_hms(p, 24, &secs)) == NULL)
		return false;
	r->std_off = -secs;		/* POSIX counts west of UTC */
	if (*p == '\0')
		return true;
	if ((p = tz_parse_abbr(p)) == NULL)
		return false;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if ((p = tz_parse_hms(p, 24, &secs)) == NULL)
			return false;
		r->dst_off = -secs;
	}
	r->has_dst = r->dst_off != r->std_off;
	if (*p == '\0') {
		/* The US rules since 2007, as glibc and tzcode assume. */
		r->start = (struct tz_date){ 'M', 0, 3, 2, 0, 2 * 3600 };
		r->end = (struct tz_date){ 'M', 0, 11, 1, 0, 2 * 3600 };
		return true;
	}
	if (*p++ != ',' || (p = tz_parse_date(p, &r->start)) == NULL ||
	    *p++ != ',' || (p = tz_parse_date(p, &r->end)) == NULL)
		return false;
	return *p == '\0';
}

/* The instant of a rule's change in year y, its time read at offset off. */
static int64_t
tz_date_at(const struct tz_date *d, int64_t y, int32_t off)
{
	int64_t day, first;

	if (d->kind == 'J')
		day = civil_days(y, 1, 1) + d->n - 1 +
		    (civil_is_leap(y) && d->n >= 60);
	else if (d->kind == 'D')
		day = civil_days(y, 1, 1) + d->n;
	else {
		first = civil_days(y, d->m, 1);
		day = first + (d->d - civil_weekday(first) + 7) % 7 +
		    7 * (d->w - 1);
		if (day - first >= civil_month_days(y, d->m))
			day -= 7;		/* week 5 means the last */
	}
	return day * 86400 + d->secs - off;
}

/*
 * Adds a change after the first base ones (the file's table), in order and
 * after equal instants; a change at or before the table's end only updates
 * the pick.
 */
static void
tz_add_change(struct tz *z, size_t base, int64_t t, int32_t off,
    struct tz_pick *pick)
{
	size_t i;

	if (base > 0 && t <= z->at[base - 1]) {
		if (!pick->found || t >= pick->t)
			*pick = (struct tz_pick){ t, off, true };
		return;
	}
	for (i = z->n; i > base && z->at[i - 1] > t; i--) {
		z->at[i] = z->at[i - 1];
		z->off[i + 1] = z->off[i];
	}
	z->at[i] = t;
	z->off[i + 1] = off;
	z->n++;
}

/*
 * Expands rule r after the table's changes (over all time if whole) and
 * sets up folding when the expansion repeats as it should; z has room for
 * 2 * TZ_RULE_YEARS more changes.
 */
static void
tz_add_rule(struct tz *z, const struct tz_rule *r, bool whole)
{
	struct tz_pick pick = { 0, 0, false };
	size_t base = z->n;
	int64_t y, yy, last, lo, hi;
	int mon, day;

	z->off[base] = r->std_off;
	if (!r->has_dst)
		return;
	y = 1970;
	if (!whole) {
		last = z->at[base - 1];
		if (last >= TZ_FAR || last <= -TZ_FAR)
			return;
		civil_from_days(civil_fdiv(last, 86400), &y, &mon, &day);
		y += 2;
	}
	for (yy = y - 3; yy < y - 3 + TZ_RULE_YEARS; yy++) {
		tz_add_change(z, base, tz_date_at(&r->start, yy, r->std_off),
		    r->dst_off, &pick);
		tz_add_change(z, base, tz_date_at(&r->end, yy, r->dst_off),
		    r->std_off, &pick);
	}
	if (pick.found)
		z->off[base] = pick.off;
	tz_normalise(z);
	lo = civil_days(y, 1, 1) * 86400;
	hi = lo + TZ_PERIOD;
	/* Two changes in the year before lo, one in the year from hi. */
	if (tz_search(z, lo - 1) >= tz_search(z, lo - TZ_YEAR - 1) + 2 &&
	    tz_search(z, hi + TZ_YEAR - 1) > tz_search(z, hi - 1)) {
		z->lo = lo;
		z->hi = hi;
		z->fold_hi = true;
		z->fold_lo = whole;
	} else if (whole) {
		/* Changes that cancel out (permanent DST): one offset. */
		z->off[0] = z->off[tz_search(z, lo)];
		z->n = 0;
	}
}

struct tz *
tz_parse_posix(const char *rule, const char *name, char *err, size_t errlen)
{
	struct tz_rule r;
	struct tz *z;

	if (!tz_parse_rule(rule, &r)) {
		errmsg(err, errlen, "bad POSIX TZ string '%s'", rule);
		return NULL;
	}
	if ((z = tz_alloc(name != NULL ? name : rule,
	    2 * TZ_RULE_YEARS)) == NULL) {
		errmsg(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	tz_add_rule(z, &r, true);
	tz_normalise(z);
	return z;
}

/* TZif files (RFC 8536). */

static uint32_t
tz_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
tz_be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)tz_be32(p) << 32 | tz_be32(p + 4));
}

static uint64_t
tz_block_len(const struct tz_hdr *h, unsigned tsize)
{
	return (uint64_t)h->time * (tsize + 1) + (uint64_t)h->type * 6 +
	    h->chr + (uint64_t)h->leap * (tsize + 4) + h->isstd + h->isut;
}

/* Reads and checks the header at pos, and that its data block fits. */
static int
tz_hdr(const unsigned char *buf, size_t len, size_t pos, unsigned tsize,
    struct tz_hdr *h, char *err, size_t errlen)
{
	const unsigned char *p = buf + pos;

	if (len - pos < TZ_HDR_LEN) {
		errmsg(err, errlen, "truncated TZif header");
		return -1;
	}
	if (memcmp(p, "TZif", 4) != 0) {
		errmsg(err, errlen, "not a TZif file (bad magic)");
		return -1;
	}
	h->ver = p[4];
	h->isut = tz_be32(p + 20);
	h->isstd = tz_be32(p + 24);
	h->leap = tz_be32(p + 28);
	h->time = tz_be32(p + 32);
	h->type = tz_be32(p + 36);
	h->chr = tz_be32(p + 40);
	if (h->ver != 0 && h->ver < '2')
		errmsg(err, errlen, "unknown TZif version %u", h->ver);
	else if (h->leap > 0)
		errmsg(err, errlen, "leap-second time zones (right/...) are "
		    "not supported");
	else if (h->type == 0 || (h->isut != 0 && h->isut != h->type) ||
	    (h->isstd != 0 && h->isstd != h->type))
		errmsg(err, errlen, "bad TZif counts");
	else if (tz_block_len(h, tsize) > len - pos - TZ_HDR_LEN)
		errmsg(err, errlen, "truncated TZif data");
	else
		return 0;
	return -1;
}

/* Builds the zone from a data block, with room for a rule's expansion. */
static struct tz *
tz_table(const unsigned char *p, const struct tz_hdr *h, unsigned tsize,
    const char *name, char *err, size_t errlen)
{
	const unsigned char *idx = p + (size_t)h->time * tsize;
	const unsigned char *types = idx + h->time;
	struct tz *z;
	int32_t off;
	size_t i;

	for (i = 0; i < h->type; i++) {
		off = (int32_t)tz_be32(types + 6 * i);
		if (off < -TZ_OFF_MAX || off > TZ_OFF_MAX) {
			errmsg(err, errlen, "TZif UTC offset out of range");
			return NULL;
		}
	}
	if ((z = tz_alloc(name, (size_t)h->time + 2 * TZ_RULE_YEARS)) == NULL) {
		errmsg(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	z->off[0] = (int32_t)tz_be32(types);	/* type 0 before the first */
	for (i = 0; i < h->time; i++) {
		z->at[i] = tsize == 8 ? tz_be64(p + 8 * i) :
		    (int32_t)tz_be32(p + 4 * i);
		if (idx[i] >= h->type || (i > 0 && z->at[i] <= z->at[i - 1])) {
			errmsg(err, errlen, "bad TZif transition %zu", i);
			tz_free(z);
			return NULL;
		}
		z->off[i + 1] = (int32_t)tz_be32(types + 6 * idx[i]);
		z->n++;
	}
	return z;
}

/* Applies the footer "\nTZ\n" at pos, for times after the table. */
static int
tz_footer(struct tz *z, const unsigned char *buf, size_t len, size_t pos,
    bool whole, char *err, size_t errlen)
{
	char s[TZ_FOOTER_MAX];
	const unsigned char *nl;
	struct tz_rule r;
	size_t n;

	if (pos >= len || buf[pos] != '\n' ||
	    (nl = memchr(buf + pos + 1, '\n', len - pos - 1)) == NULL) {
		errmsg(err, errlen, "truncated TZif footer");
		return -1;
	}
	if ((n = (size_t)(nl - (buf + pos + 1))) == 0)
		return 0;
	if (n >= sizeof(s) || memchr(buf + pos + 1, '\0', n) != NULL) {
		errmsg(err, errlen, "bad TZif footer");
		return -1;
	}
	memcpy(s, buf + pos + 1, n);
	s[n] = '\0';
	if (!tz_parse_rule(s, &r)) {
		errmsg(err, errlen, "bad TZif footer '%s'", s);
		return -1;
	}
	tz_add_rule(z, &r, whole);
	return 0;
}

struct tz *
tz_parse_tzif(const unsigned char *buf, size_t len, const char *name,
    char *err, size_t errlen)
{
	struct tz_hdr h;
	struct tz *z;
	size_t pos = 0;
	unsigned tsize = 4;

	if (tz_hdr(buf, len, 0, 4, &h, err, errlen) == -1)
		return NULL;
	if (h.ver != 0) {
		/* Skip the 32-bit data to the 64-bit header and data. */
		pos = TZ_HDR_LEN + (size_t)tz_block_len(&h, 4);
		tsize = 8;
		if (tz_hdr(buf, len, pos, 8, &h, err, errlen) == -1)
			return NULL;
	}
	pos += TZ_HDR_LEN;
	if ((z = tz_table(buf + pos, &h, tsize, name, err, errlen)) == NULL)
		return NULL;
	if (tsize == 8 && tz_footer(z, buf, len,
	    pos + (size_t)tz_block_len(&h, 8), h.time == 0, err, errlen) == -1) {
		tz_free(z);
		return NULL;
	}
	tz_normalise(z);
	return z;
}

/* Files. */

/* Reads a regular file of at most TZ_FILE_MAX bytes; -1 and errno if not. */
static int
tz_read(const char *path, unsigned char **bufp, size_t *lenp)
{
	struct stat st;
	char *buf;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if (st.st_size > TZ_FILE_MAX) {
		errno = EFBIG;
		goto fail;
	}
	if (readall_fd(fd, TZ_FILE_MAX, &buf, lenp) == -1)
		goto fail;
	close(fd);
	*bufp = (unsigned char *)buf;
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Leaves errno set when the file cannot be read, 0 when it is no TZif. */
struct tz *
tz_load_file(const char *path, const char *name, char *err, size_t errlen)
{
	char msg[256];
	unsigned char *buf;
	size_t len;
	struct tz *z;

	if (tz_read(path, &buf, &len) == -1) {
		errmsg(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	z = tz_parse_tzif(buf, len, name != NULL ? name : path, msg,
	    sizeof(msg));
	free(buf);
	if (z == NULL) {
		errmsg(err, errlen, "%s: %s", path, msg);
		errno = 0;
	}
	return z;
}

/* A relative path of non-empty components, none "." or "..". */
static bool
tz_name_ok(const char *s)
{
	size_t n;

	for (;;) {
		n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		if (s[n] == '\0')
			return true;
		s += n + 1;
	}
}

/* /etc/localtime, or UTC where there is none (as the C library does). */
static struct tz *
tz_load_local(const char *name, char *err, size_t errlen)
{
	struct tz *z;

	if (name == NULL)
		name = "";
	if ((z = tz_load_file(TZ_LOCALTIME, name, err, errlen)) != NULL ||
	    errno != ENOENT)
		return z;
	if ((z = tz_alloc(name, 0)) == NULL)
		errmsg(err, errlen, "%s", strerror(errno));
	return z;
}

struct tz *
tz_load(const char *name, char *err, size_t errlen)
{
	char path[PATH_MAX];
	const char *s = name;
	struct tz *z;
	int n;

	if (s != NULL && *s == ':')	/* as glibc: ":Europe/Berlin" */
		s++;
	if (s == NULL || *s == '\0')
		return tz_load_local(name, err, errlen);
	if (strlen(s) > TZ_NAME_MAX) {
		errmsg(err, errlen, "time zone name too long");
		return NULL;
	}
	if (!tz_name_ok(s)) {
		errmsg(err, errlen, "bad time zone name '%s'", name);
		return NULL;
	}
	n = snprintf(path, sizeof(path), "%s/%s", ZONEINFO_DIR, s);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errmsg(err, errlen, "time zone name too long");
		return NULL;
	}
	if ((z = tz_load_file(path, name, err, errlen)) != NULL)
		return z;
	if (errno != ENOENT && errno != ENOTDIR && errno != EISDIR &&
	    errno != EINVAL)
		return NULL;
	if ((z = tz_parse_posix(s, name, NULL, 0)) == NULL)
		errmsg(err, errlen, "unknown time zone '%s'", name);
	return z;
}
