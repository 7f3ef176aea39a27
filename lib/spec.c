/*
 * spec.c: parses cron schedule expressions into the bitsets of struct spec.
 * Every number is bounded while it is read (no overflow, whatever its
 * length), and every refusal names the field and the offending text.
 * Pure: the only outside input is the injected random source for '~'.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "spec.h"

enum { F_SEC, F_MIN, F_HOUR, F_DOM, F_MON, F_DOW, F_COUNT };

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec", NULL
};
static const char *const day_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL
};

struct field {
	const char		*name;
	int			 lo, hi;
	int			 nvalues;	/* largest useful step */
	const char *const	*names;		/* names[i] is lo + i */
};

static const struct field fields[F_COUNT] = {
	{ "second", 0, 59, 60, NULL },
	{ "minute", 0, 59, 60, NULL },
	{ "hour", 0, 23, 24, NULL },
	{ "day-of-month", 1, 31, 31, NULL },
	{ "month", 1, 12, 12, month_names },
	{ "day-of-week", 0, 7, 7, day_names },
};

/* The item being parsed, with what is needed to report an error on it. */
struct item {
	const struct field	*f;
	int			 fi;
	const char		*start, *end;	/* the whole item, for messages */
	const char		*p;
	int			 opts;
	const struct spec_rand	*rnd;
	char			*err;
	size_t			 errlen;
};

struct special {
	const char	*word;
	const char	*expr;		/* NULL for @reboot */
};

static const struct special specials[] = {
	{ "@reboot", NULL },
	{ "@yearly", "0 0 1 1 *" },
	{ "@annually", "0 0 1 1 *" },
	{ "@monthly", "0 0 1 * *" },
	{ "@weekly", "0 0 * * 0" },
	{ "@daily", "0 0 * * *" },
	{ "@midnight", "0 0 * * *" },
	{ "@hourly", "0 * * * *" },
};

static int __attribute__((format(printf, 2, 3)))
item_fail(struct item *it, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(it->err, it->errlen, "%s: ", it->f->name);
	if (n < 0 || (size_t)n >= it->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(it->err + n, it->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
item_len(const struct item *it)
{
	return (int)(it->end - it->start);
}

static bool
is_day_field(const struct item *it)
{
	return it->fi == F_DOM || it->fi == F_DOW;
}

/*
 * Reads a number or a name at it->p into *v.  Digits are counted, not
 * accumulated past the field's bound, so no input can overflow.
 */
static int
read_value(struct item *it, int *v)
{
	const char *s = it->p;
	const char *const *n;
	long val = 0;

	if (isdigit((unsigned char)*s)) {
		while (s < it->end && isdigit((unsigned char)*s)) {
			if (val <= it->f->hi)
				val = val * 10 + (*s - '0');
			s++;
		}
		if (val < it->f->lo || val > it->f->hi)
			return item_fail(it, "%.*s is out of range %d-%d",
			    (int)(s - it->p), it->p, it->f->lo, it->f->hi);
		*v = (int)val;
		it->p = s;
		return 0;
	}
	while (s < it->end && isalpha((unsigned char)*s))
		s++;
	if (s == it->p) {
		if (it->p == it->end || *it->p == ',')
			return item_fail(it, "missing number in '%.*s'",
			    item_len(it), it->start);
		return item_fail(it, "unexpected '%c' in '%.*s'", *it->p,
		    item_len(it), it->start);
	}
	if (it->f->names == NULL)
		return item_fail(it, "'%.*s' is not a number",
		    (int)(s - it->p), it->p);
	for (n = it->f->names; *n != NULL; n++) {
		if (s - it->p == 3 && strncasecmp(it->p, *n, 3) == 0) {
			*v = it->f->lo + (int)(n - it->f->names);
			it->p = s;
			return 0;
		}
	}
	return item_fail(it, "unknown name '%.*s'", (int)(s - it->p), it->p);
}

static int
read_step(struct item *it, int *step)
{
	const char *s;
	long val = 0;

	it->p++;			/* the '/' */
	s = it->p;
	if (s == it->end || !isdigit((unsigned char)*s))
		return item_fail(it, "missing step after '/' in '%.*s'",
		    item_len(it), it->start);
	while (s < it->end && isdigit((unsigned char)*s)) {
		if (val <= it->f->nvalues)
			val = val * 10 + (*s - '0');
		s++;
	}
	if (val < 1 || val > it->f->nvalues)
		return item_fail(it, "step %.*s is out of range 1-%d",
		    (int)(s - it->p), it->p, it->f->nvalues);
	*step = (int)val;
	it->p = s;
	return 0;
}

static uint64_t
range_bits(int a, int b, int step)
{
	uint64_t bits = 0;
	int v;

	for (v = a; v <= b; v += step)
		bits |= UINT64_C(1) << v;
	return bits;
}

/* "a~b", "~b", "a~", "~": one value picked at random, once. */
static int
parse_random(struct item *it, uint64_t *bits)
{
	int a = it->f->lo, b = it->f->hi;

	if (it->fi == F_DOW)
		b = 6;			/* 7 would give Sunday two chances */
	if (*it->p != '~' && read_value(it, &a) == -1)
		return -1;
	if (*it->p != '~')
		return item_fail(it, "unexpected '%c' in '%.*s'", *it->p,
		    item_len(it), it->start);
	it->p++;
	if (it->p < it->end && read_value(it, &b) == -1)
		return -1;
	if (it->p != it->end)
		return item_fail(it, "unexpected '%c' in '%.*s'", *it->p,
		    item_len(it), it->start);
	if (a > b)
		return item_fail(it, "range %.*s runs backwards",
		    item_len(it), it->start);
	if (it->rnd == NULL)
		return item_fail(it, "random '~' is not allowed here");
	*bits |= UINT64_C(1) << (a + (int)it->rnd->uniform(it->rnd->ctx,
	    (uint32_t)(b - a + 1)));
	return 0;
}

/* Day-of-month L, LW and nW (Quartz). Returns 1 if the item was one. */
static int
parse_quartz_dom(struct item *it, struct spec *sp)
{
	const char *q;
	int v;

	if (it->end - it->p == 1 && *it->p == 'L') {
		sp->flags |= SPEC_DOM_LAST;
	} else if (it->end - it->p == 2 && strncmp(it->p, "LW", 2) == 0) {
		sp->flags |= SPEC_DOM_LASTWD;
	} else if (it->end > it->p && it->end[-1] == 'W') {
		q = it->end;
		it->end--;
		if (read_value(it, &v) == -1)
			return -1;
		it->end = q;
		if (it->p != it->end - 1)
			return item_fail(it, "unexpected '%c' in '%.*s'",
			    *it->p, item_len(it), it->start);
		sp->dom_wd |= UINT32_C(1) << v;
	} else
		return 0;
	it->p = it->end;
	return 1;
}

/* Day-of-week nL and d#n (Quartz). Returns 1 if the item was one. */
static int
parse_quartz_dow(struct item *it, struct spec *sp)
{
	const char *hash = memchr(it->p, '#', it->end - it->p);
	const char *q = it->end;
	int v, nth;

	if (hash == NULL && (it->end == it->p || it->end[-1] != 'L'))
		return 0;
	if (hash == NULL && it->end - it->p == 1)
		return item_fail(it, "'L' needs a weekday before it, as in 5L");
	it->end = hash != NULL ? hash : it->end - 1;
	if (read_value(it, &v) == -1)
		return -1;
	if (it->p != it->end)
		return item_fail(it, "unexpected '%c' in '%.*s'", *it->p,
		    (int)(q - it->start), it->start);
	v %= 7;
	if (hash == NULL) {
		sp->dow_last |= 1u << v;
	} else {
		it->p = hash + 1;
		it->end = q;
		if (it->p == it->end || !isdigit((unsigned char)*it->p) ||
		    it->end - it->p > 1 || *it->p < '1' || *it->p > '5')
			return item_fail(it, "occurrence '%.*s' is out of "
			    "range 1-5", (int)(it->end - it->p), it->p);
		nth = *it->p - '0';
		sp->dow_nth[v] |= 1u << nth;
	}
	it->end = q;
	it->p = q;
	return 1;
}

/* Is the item one of Quartz's L, LW, nW, nL or d#n forms? */
static bool
is_quartz_item(const struct item *it)
{
	size_t n = (size_t)(it->end - it->p);
	char last = n > 0 ? it->end[-1] : '\0';

	if (!is_day_field(it))
		return false;
	if ((n == 1 && last == 'L') || (n == 2 && strncmp(it->p, "LW", 2) == 0))
		return true;
	if (memchr(it->p, '#', n) != NULL)
		return true;
	return n >= 2 && (last == 'L' || last == 'W') &&
	    isdigit((unsigned char)it->end[-2]);
}

static int
parse_quartz(struct item *it, struct spec *sp)
{
	if (!is_quartz_item(it))
		return 0;
	if (!(it->opts & SPEC_QUARTZ))
		return item_fail(it, "'%.*s' is only allowed in extended "
		    "(INI) schedules", item_len(it), it->start);
	return it->fi == F_DOM ? parse_quartz_dom(it, sp) :
	    parse_quartz_dow(it, sp);
}

/* One list item: "*", "a", "a-b", each with an optional "/step". */
static int
parse_item(struct item *it, struct spec *sp, uint64_t *bits)
{
	int a, b, step = 1, r;
	const char *tilde = memchr(it->p, '~', it->end - it->p);

	if (tilde != NULL)
		return parse_random(it, bits);
	if ((r = parse_quartz(it, sp)) != 0)
		return r == 1 ? 0 : -1;
	if (*it->p == '*' || (*it->p == '?' && (it->opts & SPEC_QUARTZ) &&
	    is_day_field(it))) {
		it->p++;
		a = it->f->lo;
		b = it->f->hi;
	} else {
		if (read_value(it, &a) == -1)
			return -1;
		b = a;
		if (it->p < it->end && *it->p == '-') {
			it->p++;
			if (read_value(it, &b) == -1)
				return -1;
			if (a > b)
				return item_fail(it, "range %.*s runs backwards",
				    item_len(it), it->start);
		} else if (it->p < it->end && *it->p == '/')
			/* "a/n" means a-max/n, as in cronie (7 is Sunday) */
			b = it->f->hi;
	}
	if (it->p < it->end && *it->p == '/' && read_step(it, &step) == -1)
		return -1;
	if (it->p != it->end)
		return item_fail(it, "unexpected '%c' in '%.*s'", *it->p,
		    item_len(it), it->start);
	*bits |= range_bits(a, b, step);
	return 0;
}

static int
parse_field(struct spec *sp, int fi, const char *s, const char *end,
    int opts, const struct spec_rand *rnd, char *err, size_t errlen)
{
	struct item it = { &fields[fi], fi, s, s, s, opts, rnd, err, errlen };
	uint64_t bits = 0;
	const char *comma;

	for (;;) {
		comma = memchr(it.p, ',', end - it.p);
		it.start = it.p;
		it.end = comma != NULL ? comma : end;
		if (it.start == it.end) {
			it.end = end;
			return item_fail(&it, "empty item in list '%.*s'",
			    (int)(end - s), s);
		}
		if (parse_item(&it, sp, &bits) == -1)
			return -1;
		if (comma == NULL)
			break;
		it.p = comma + 1;
	}
	switch (fi) {
	case F_SEC:	sp->sec = bits; break;
	case F_MIN:	sp->min = bits; break;
	case F_HOUR:	sp->hour = (uint32_t)bits; break;
	case F_DOM:	sp->dom = (uint32_t)bits; break;
	case F_MON:	sp->mon = (uint16_t)bits; break;
	case F_DOW:	sp->dow = (uint8_t)((bits | bits >> 7) & 0x7f); break;
	}
	return 0;
}

static const char *
skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static const char *
skip_word(const char *s)
{
	while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n')
		s++;
	return s;
}

static int
count_fields(const char *s)
{
	int n = 0;

	for (s = skip_blank(s); *s != '\0' && *s != '\n'; s = skip_blank(s)) {
		s = skip_word(s);
		n++;
	}
	return n;
}

static uint32_t
star_flag(int fi)
{
	switch (fi) {
	case F_MIN:	return SPEC_MIN_STAR;
	case F_HOUR:	return SPEC_HOUR_STAR;
	case F_DOM:	return SPEC_DOM_STAR;
	case F_DOW:	return SPEC_DOW_STAR;
	}
	return 0;
}

static int
parse_fields(struct spec *sp, const char *text, int opts,
    const struct spec_rand *rnd, const char **endp, char *err, size_t errlen)
{
	const char *s = skip_blank(text), *e;
	int fi = F_MIN, n;

	if (endp == NULL && (opts & SPEC_SECONDS) && count_fields(s) == 6)
		fi = F_SEC;
	else
		sp->sec = 1;		/* second 0 */
	for (; fi < F_COUNT; fi++) {
		if (*s == '\0' || *s == '\n') {
			snprintf(err, errlen, "%s: missing field",
			    fields[fi].name);
			return -1;
		}
		e = skip_word(s);
		if ((*s == '*' || *s == '?') && fi != F_SEC)
			sp->flags |= star_flag(fi);
		if (parse_field(sp, fi, s, e, opts, rnd, err, errlen) == -1)
			return -1;
		s = skip_blank(e);
	}
	if (endp != NULL) {
		*endp = s;
		return 0;
	}
	if (*s != '\0') {
		n = (int)(skip_word(s) - s);
		snprintf(err, errlen, "unexpected '%.*s' after day-of-week%s",
		    n, s, (opts & SPEC_SECONDS) ? "" :
		    " (a seconds field is only allowed in extended schedules)");
		return -1;
	}
	return 0;
}

static int
parse_special(struct spec *sp, const char *text, const char **endp,
    char *err, size_t errlen)
{
	const char *s = skip_blank(text), *e = skip_word(s);
	size_t i, n = (size_t)(e - s);

	for (i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		if (strlen(specials[i].word) != n ||
		    strncasecmp(s, specials[i].word, n) != 0)
			continue;
		e = skip_blank(e);
		if (endp != NULL)
			*endp = e;
		else if (*e != '\0') {
			snprintf(err, errlen, "unexpected '%.*s' after %s",
			    (int)(skip_word(e) - e), e, specials[i].word);
			return -1;
		}
		if (specials[i].expr == NULL) {
			sp->flags |= SPEC_REBOOT;
			return 0;
		}
		return parse_fields(sp, specials[i].expr, 0, NULL, NULL,
		    err, errlen);
	}
	snprintf(err, errlen, "unknown schedule '%.*s' (expected @reboot, "
	    "@yearly, @annually, @monthly, @weekly, @daily, @midnight or "
	    "@hourly)", (int)n, s);
	return -1;
}

static bool
can_ever_match(const struct spec *sp)
{
	static const int mdays[12] =
	    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m, w;

	/*
	 * Every month length occurs starting on every weekday within the
	 * 400-year Gregorian cycle (February as 28 and as 29 days).
	 */
	for (m = 1; m <= 12; m++) {
		if (!(sp->mon & (1u << m)))
			continue;
		for (w = 0; w < 7; w++) {
			if (spec_month_days(sp, mdays[m - 1], w) != 0)
				return true;
			if (m == 2 && spec_month_days(sp, 28, w) != 0)
				return true;
		}
	}
	return false;
}

int
spec_parse(struct spec *sp, const char *text, int opts,
    const struct spec_rand *rnd, const char **endp, char *err, size_t errlen)
{
	int r;

	memset(sp, 0, sizeof(*sp));
	if (*skip_blank(text) == '@')
		r = parse_special(sp, text, endp, err, errlen);
	else
		r = parse_fields(sp, text, opts, rnd, endp, err, errlen);
	if (r == -1)
		return -1;
	if (!(sp->flags & SPEC_REBOOT) && !can_ever_match(sp))
		sp->flags |= SPEC_NEVER;
	return 0;
}

bool
spec_is_fixed_time(const struct spec *sp)
{
	return !(sp->flags & (SPEC_MIN_STAR | SPEC_HOUR_STAR));
}

/* Day-of-month part of spec_month_days: plain days, L, LW and nW. */
static uint32_t
dom_days(const struct spec *sp, int mdays, int wday1)
{
	uint32_t m = sp->dom, wd = sp->dom_wd;
	int d, w, last_w = (wday1 + mdays - 1) % 7;

	if (sp->flags & SPEC_DOM_LAST)
		m |= UINT32_C(1) << mdays;
	if (sp->flags & SPEC_DOM_LASTWD)
		m |= UINT32_C(1) << (mdays - (last_w == 6 ? 1 :
		    last_w == 0 ? 2 : 0));
	/* nW: the weekday nearest to day n, never leaving the month. */
	for (; wd != 0; wd &= wd - 1) {
		d = __builtin_ctz(wd);
		if (d > mdays)
			continue;
		w = (wday1 + d - 1) % 7;
		if (w == 6)
			d = d == 1 ? 3 : d - 1;
		else if (w == 0)
			d = d == mdays ? d - 2 : d + 1;
		m |= UINT32_C(1) << d;
	}
	return m;
}

/* Day-of-week part: plain weekdays, nL (last) and d#n (nth). */
static uint32_t
dow_days(const struct spec *sp, int mdays, int wday1)
{
	uint32_t week, single = 0;
	unsigned quartz = sp->dow_last;
	int w, first, k;

	/* Day d (1-7) is weekday (wday1 + d - 1) % 7: rotate the set. */
	week = ((unsigned)(sp->dow >> wday1 | sp->dow << (7 - wday1)) &
	    0x7f) << 1;
	for (w = 0; w < 7; w++)
		quartz |= sp->dow_nth[w];
	for (w = 0; quartz != 0 && w < 7; w++) {
		first = (w - wday1 + 7) % 7 + 1;	/* day of first w */
		if (sp->dow_last & (1u << w))
			single |= UINT32_C(1) << (first +
			    (mdays - first) / 7 * 7);
		for (k = 1; k <= 5; k++)
			if ((sp->dow_nth[w] & (1u << k)) &&
			    first + 7 * (k - 1) <= mdays)
				single |= UINT32_C(1) << (first + 7 * (k - 1));
	}
	/* The weekly pattern repeated over the month. */
	return week | week << 7 | week << 14 | week << 21 | week << 28 | single;
}

uint32_t
spec_month_days(const struct spec *sp, int mdays, int wday1)
{
	uint32_t valid = ((UINT32_C(1) << mdays) - 1) << 1;
	uint32_t dom = dom_days(sp, mdays, wday1);
	uint32_t dow = dow_days(sp, mdays, wday1);

	if (sp->flags & (SPEC_DOM_STAR | SPEC_DOW_STAR))
		return dom & dow & valid;
	return (dom | dow) & valid;
}
