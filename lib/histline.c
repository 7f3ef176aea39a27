/*
 * histline.c: the run history's line format.  The format is strict both
 * ways: hist_format refuses a record it could not write back exactly, and
 * hist_parse accepts only what hist_format writes, so
 * format(parse(line)) == line for every line it takes.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "history.h"
#include "errmsg.h"

#define NFIELDS		12
/* Durations up to ~31,700 years keep microseconds inside an int64_t. */
#define DURATION_MAX_SEC	999999999999LL
#define SIGNAL_MAX	127		/* what a wait status can carry */

static const char *const event_names[] = {
	[HIST_START] = "start", [HIST_END] = "end", [HIST_SKIP] = "skip",
	[HIST_ERROR] = "error",
};

static const char *const trigger_names[] = {
	[HIST_SCHEDULE] = "schedule", [HIST_RETRY] = "retry",
	[HIST_AFTER] = "after", [HIST_MANUAL] = "manual",
	[HIST_CATCH_UP] = "catch-up", [HIST_REBOOT] = "reboot",
};

static const char *const outcome_names[] = {
	[HIST_OUT_NONE] = "-", [HIST_OUT_OK] = "ok", [HIST_OUT_FAIL] = "fail",
	[HIST_OUT_TIMEOUT] = "timeout", [HIST_OUT_KILLED] = "killed",
	[HIST_OUT_LOST] = "lost", [HIST_OUT_OVERLAP] = "overlap",
	[HIST_OUT_DEPS_FAILED] = "deps-failed",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Signal names are written out by hand: sys_signame is not portable. */
static const struct {
	int		 num;
	const char	*name;
} signals[] = {
	{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" },
	{ SIGILL, "SIGILL" }, { SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
	{ SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" }, { SIGKILL, "SIGKILL" },
	{ SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" },
	{ SIGUSR2, "SIGUSR2" }, { SIGPIPE, "SIGPIPE" },
	{ SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" },
	{ SIGCHLD, "SIGCHLD" }, { SIGCONT, "SIGCONT" },
	{ SIGSTOP, "SIGSTOP" }, { SIGTSTP, "SIGTSTP" },
	{ SIGTTIN, "SIGTTIN" }, { SIGTTOU, "SIGTTOU" }, { SIGURG, "SIGURG" },
	{ SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
	{ SIGVTALRM, "SIGVTALRM" }, { SIGPROF, "SIGPROF" },
	{ SIGSYS, "SIGSYS" },
#ifdef SIGWINCH
	{ SIGWINCH, "SIGWINCH" },
#endif
#ifdef SIGIO
	{ SIGIO, "SIGIO" },
#endif
#ifdef SIGPWR
	{ SIGPWR, "SIGPWR" },
#endif
#ifdef SIGSTKFLT
	{ SIGSTKFLT, "SIGSTKFLT" },
#endif
#ifdef SIGEMT
	{ SIGEMT, "SIGEMT" },
#endif
#ifdef SIGINFO
	{ SIGINFO, "SIGINFO" },
#endif
};

const char *
hist_event_name(enum hist_event e)
{
	return (unsigned)e < NELEM(event_names) ? event_names[e] : "?";
}

const char *
hist_trigger_name(enum hist_trigger t)
{
	return (unsigned)t < NELEM(trigger_names) ? trigger_names[t] : "?";
}

const char *
hist_outcome_name(enum hist_outcome o)
{
	return (unsigned)o < NELEM(outcome_names) ? outcome_names[o] : "?";
}

void
hist_status_from_wait(int wstatus, struct hist_status *st)
{
	if (WIFEXITED(wstatus)) {
		st->kind = HIST_STATUS_EXIT;
		st->code = WEXITSTATUS(wstatus);
	} else if (WIFSIGNALED(wstatus)) {
		st->kind = HIST_STATUS_SIGNAL;
		st->code = WTERMSIG(wstatus);
	} else {
		st->kind = HIST_STATUS_NONE;
		st->code = 0;
	}
}

/* The name of signal num, or NULL if the table has none. */
static const char *
signal_name(int num)
{
	size_t i;

	for (i = 0; i < NELEM(signals); i++)
		if (signals[i].num == num)
			return signals[i].name;
	return NULL;
}

/* The bytes hist_format writes as an escape in user and job. */
static int
must_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

/* ---- checking a record ---- */

/* Years 0000-9999: what four digits can write. */
static int
check_time(const struct hist_time *t, const char *what, char *err,
    size_t errlen)
{
	int64_t lo = civil_days(0, 1, 1) * 86400;
	int64_t hi = civil_days(10000, 1, 1) * 86400;

	if (t->sec < lo || t->sec >= hi)
		return errmsg(err, errlen, "%s: %" PRId64 " is outside years "
		    "0000-9999", what, t->sec);
	if (t->usec < 0 || t->usec > 999999)
		return errmsg(err, errlen, "%s: microseconds %" PRId32
		    " out of range 0-999999", what, t->usec);
	return 0;
}

static int
check_name(const char *s, size_t size, const char *what, char *err,
    size_t errlen)
{
	if (memchr(s, '\0', size) == NULL)
		return errmsg(err, errlen, "%s: not terminated", what);
	if (*s == '\0')
		return errmsg(err, errlen, "%s: empty", what);
	return 0;
}

static int
check_status(const struct hist_status *st, char *err, size_t errlen)
{
	switch (st->kind) {
	case HIST_STATUS_NONE:
		return 0;
	case HIST_STATUS_EXIT:
		if (st->code < 0 || st->code > 255)
			return errmsg(err, errlen, "status: exit code %d out of "
			    "range 0-255", st->code);
		return 0;
	case HIST_STATUS_SIGNAL:
		if (st->code < 1 || st->code > SIGNAL_MAX)
			return errmsg(err, errlen, "status: signal %d out of "
			    "range 1-%d", st->code, SIGNAL_MAX);
		return 0;
	}
	return errmsg(err, errlen, "status: bad kind %d", (int)st->kind);
}

/* Everything hist_format needs to hold before it writes a byte. */
static int
check_record(const struct hist_record *r, char *err, size_t errlen)
{
	if (check_time(&r->time, "time", err, errlen) == -1)
		return -1;
	if ((unsigned)r->event >= NELEM(event_names))
		return errmsg(err, errlen, "event: bad value %d", (int)r->event);
	if (check_name(r->user, sizeof(r->user), "user", err, errlen) == -1 ||
	    check_name(r->job, sizeof(r->job), "job", err, errlen) == -1)
		return -1;
	if (r->attempt < 0)
		return errmsg(err, errlen, "attempt: %d is negative", r->attempt);
	if ((unsigned)r->trigger >= NELEM(trigger_names))
		return errmsg(err, errlen, "trigger: bad value %d",
		    (int)r->trigger);
	if (r->has_due && check_time(&r->due, "due", err, errlen) == -1)
		return -1;
	if (r->pid < 0)
		return errmsg(err, errlen, "pid: %ld is negative", (long)r->pid);
	if ((unsigned)r->outcome >= NELEM(outcome_names))
		return errmsg(err, errlen, "outcome: bad value %d",
		    (int)r->outcome);
	if (check_status(&r->status, err, errlen) == -1)
		return -1;
	if (r->duration < -1 || r->duration / 1000000 > DURATION_MAX_SEC)
		return errmsg(err, errlen, "duration: %" PRId64 " out of range",
		    r->duration);
	return 0;
}

/* ---- formatting ---- */

/* An output cursor; full is set, and writing stops, when buf runs out. */
struct out {
	char	*p;
	size_t	 left;
	int	 full;
};

static void
out_bytes(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->left) {
		o->full = 1;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
	o->left -= n;
	*o->p = '\0';
}

static void __attribute__((format(printf, 2, 3)))
out_fmt(struct out *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	/* every caller writes a few numbers: 64 bytes always hold them */
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		o->full = 1;
		return;
	}
	out_bytes(o, tmp, n);
}

static void
out_escaped(struct out *o, const char *s)
{
	const char *run;

	while (*s != '\0') {
		for (run = s; *s != '\0' && !must_escape(*s); s++)
			;
		out_bytes(o, run, s - run);
		if (*s == '\0')
			break;
		if (*s == '\\')
			out_bytes(o, "\\\\", 2);
		else if (*s == '\t')
			out_bytes(o, "\\t", 2);
		else if (*s == '\n')
			out_bytes(o, "\\n", 2);
		else
			out_fmt(o, "\\x%02x", (unsigned char)*s);
		s++;
	}
}

/* "2026-11-23T17:00:00.000123Z"; the range was checked before. */
static void
out_time(struct out *o, const struct hist_time *t)
{
	struct civil c;

	civil_from_secs(t->sec, &c);
	out_fmt(o, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", (int)c.year, c.mon,
	    c.day, c.hour, c.min, c.sec, (int)t->usec);
}

static void
out_status(struct out *o, const struct hist_status *st)
{
	const char *name;

	if (st->kind == HIST_STATUS_NONE) {
		out_bytes(o, "-", 1);
		return;
	}
	if (st->kind == HIST_STATUS_EXIT) {
		out_fmt(o, "%d", st->code);
		return;
	}
	if ((name = signal_name(st->code)) != NULL)
		out_fmt(o, "%s", name);
	else	/* real-time and other unnamed signals: "SIG34" */
		out_fmt(o, "SIG%d", st->code);
}

ssize_t
hist_format(const struct hist_record *r, char *buf, size_t len, char *err,
    size_t errlen)
{
	struct out o = { buf, len, 0 };

	if (check_record(r, err, errlen) == -1)
		return -1;
	if (len == 0)
		return errmsg(err, errlen, "line does not fit in 0 bytes");
	*buf = '\0';
	out_time(&o, &r->time);
	out_fmt(&o, "\t%s\t", event_names[r->event]);
	out_escaped(&o, r->user);
	out_bytes(&o, "\t", 1);
	out_escaped(&o, r->job);
	if (r->run == 0)
		out_bytes(&o, "\t-", 2);
	else
		out_fmt(&o, "\t%" PRIu64, r->run);
	out_fmt(&o, "\t%d\t%s\t", r->attempt, trigger_names[r->trigger]);
	if (r->has_due)
		out_time(&o, &r->due);
	else
		out_bytes(&o, "-", 1);
	if (r->pid == 0)
		out_bytes(&o, "\t-", 2);
	else
		out_fmt(&o, "\t%ld", (long)r->pid);
	out_fmt(&o, "\t%s\t", outcome_names[r->outcome]);
	out_status(&o, &r->status);
	if (r->duration == -1)
		out_bytes(&o, "\t-", 2);
	else
		out_fmt(&o, "\t%" PRId64 ".%06d", r->duration / 1000000,
		    (int)(r->duration % 1000000));
	out_bytes(&o, "\n", 1);
	if (o.full)
		return errmsg(err, errlen, "line does not fit in %zu bytes",
		    len);
	return o.p - buf;
}

/* ---- parsing ---- */

struct field {
	const char	*s;
	size_t		 n;
};

/* Splits line at tabs into exactly NFIELDS fields. */
static int
split(const char *line, struct field *f, char *err, size_t errlen)
{
	const char *p = line, *end;
	int i = 0;

	end = line + strlen(line);
	if (end > line && end[-1] == '\n')
		end--;
	for (;;) {
		const char *tab = memchr(p, '\t', end - p);
		const char *stop = tab != NULL ? tab : end;

		if (i < NFIELDS) {
			f[i].s = p;
			f[i].n = stop - p;
		}
		i++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	if (i != NFIELDS)
		return errmsg(err, errlen, "%d fields, expected %d", i, NFIELDS);
	return 0;
}

static int
is_dash(const struct field *f)
{
	return f->n == 1 && f->s[0] == '-';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decimal digits, no sign, no leading zero, at most max. */
static int
get_uint(const struct field *f, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (f->n == 0 || (f->n > 1 && f->s[0] == '0'))
		return -1;
	for (i = 0; i < f->n; i++) {
		if (!is_digit(f->s[i]))
			return -1;
		if (x > (max - (f->s[i] - '0')) / 10)
			return -1;
		x = x * 10 + (f->s[i] - '0');
	}
	*v = x;
	return 0;
}

/* n digits at s, which the caller has checked are digits. */
static int
digits(const char *s, int n)
{
	int x = 0;

	while (n-- > 0)
		x = x * 10 + (*s++ - '0');
	return x;
}

static int
get_time(const struct field *f, const char *what, struct hist_time *t,
    char *err, size_t errlen)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
	struct civil c;
	size_t i;

	if (f->n != sizeof(shape) - 1)
		goto bad;
	for (i = 0; i < f->n; i++)
		if (shape[i] == 'd' ? !is_digit(f->s[i]) : f->s[i] != shape[i])
			goto bad;
	c.year = digits(f->s, 4);
	c.mon = digits(f->s + 5, 2);
	c.day = digits(f->s + 8, 2);
	c.hour = digits(f->s + 11, 2);
	c.min = digits(f->s + 14, 2);
	c.sec = digits(f->s + 17, 2);
	if (c.mon < 1 || c.mon > 12 ||
	    c.day < 1 || c.day > civil_month_days(c.year, c.mon) ||
	    c.hour > 23 || c.min > 59 || c.sec > 59)
		return errmsg(err, errlen, "%s: no such date or time", what);
	t->sec = civil_to_secs(&c);
	t->usec = digits(f->s + 20, 6);
	return 0;
bad:
	return errmsg(err, errlen, "%s: expected YYYY-MM-DDTHH:MM:SS.ffffffZ",
	    what);
}

/* Finds the name among n names; its index, or -1. */
static int
lookup(const struct field *f, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == f->n &&
		    memcmp(names[i], f->s, f->n) == 0)
			return i;
	return -1;
}

static int
isprint_ascii(char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* Two lower-case hex digits after the 'x' at f->s[*i]; *i moves past. */
static int
get_hex(const struct field *f, size_t *i, unsigned char *c)
{
	static const char hex[] = "0123456789abcdef";
	const char *hi, *lo;

	/* strchr finds a NUL too: never let one through as a digit */
	if (*i + 2 >= f->n || f->s[*i + 1] == '\0' || f->s[*i + 2] == '\0')
		return -1;
	hi = strchr(hex, f->s[*i + 1]);
	lo = strchr(hex, f->s[*i + 2]);
	if (hi == NULL || lo == NULL)
		return -1;
	*c = (hi - hex) << 4 | (lo - hex);
	*i += 2;
	return 0;
}

/* Undoes out_escaped, refusing anything it would not have written. */
static int
get_name(const struct field *f, const char *what, char *dst, size_t size,
    char *err, size_t errlen)
{
	size_t i, n = 0;
	unsigned char c;

	if (f->n == 0)
		return errmsg(err, errlen, "%s: empty", what);
	for (i = 0; i < f->n; i++) {
		c = f->s[i];
		if (must_escape(c) && c != '\\')
			return errmsg(err, errlen, "%s: raw control byte 0x%02x",
			    what, c);
		if (c == '\\') {
			if (++i == f->n)
				return errmsg(err, errlen, "%s: lone backslash "
				    "at the end", what);
			switch (f->s[i]) {
			case '\\':
				break;
			case 't':
				c = '\t';
				break;
			case 'n':
				c = '\n';
				break;
			case 'x':
				if (get_hex(f, &i, &c) == -1 || c == '\0' ||
				    c == '\t' || c == '\n' || !must_escape(c))
					return errmsg(err, errlen, "%s: bad "
					    "\\x escape", what);
				break;
			default:
				return errmsg(err, errlen, "%s: unknown escape "
				    "\\%c", what, isprint_ascii(f->s[i]) ?
				    f->s[i] : '?');
			}
		}
		if (n + 1 >= size)
			return errmsg(err, errlen, "%s: longer than %zu bytes",
			    what, size - 1);
		dst[n++] = c;
	}
	dst[n] = '\0';
	return 0;
}

static int
get_status(const struct field *f, struct hist_status *st, char *err,
    size_t errlen)
{
	uint64_t v;
	size_t i;

	st->kind = HIST_STATUS_NONE;
	st->code = 0;
	if (is_dash(f))
		return 0;
	if (get_uint(f, 255, &v) == 0) {
		st->kind = HIST_STATUS_EXIT;
		st->code = v;
		return 0;
	}
	st->kind = HIST_STATUS_SIGNAL;
	for (i = 0; i < NELEM(signals); i++) {
		if (strlen(signals[i].name) == f->n &&
		    memcmp(signals[i].name, f->s, f->n) == 0) {
			st->code = signals[i].num;
			return 0;
		}
	}
	/* a number only for a signal with no name, as out_status writes */
	if (f->n > 3 && memcmp(f->s, "SIG", 3) == 0) {
		struct field num = { f->s + 3, f->n - 3 };

		if (get_uint(&num, SIGNAL_MAX, &v) == 0 && v > 0 &&
		    signal_name(v) == NULL) {
			st->code = v;
			return 0;
		}
	}
	return errmsg(err, errlen, "status: expected an exit code 0-255, a "
	    "signal name or -");
}

/* Seconds '.' six digits. */
static int
get_duration(const struct field *f, int64_t *d, char *err, size_t errlen)
{
	struct field sec, frac;
	const char *dot;
	uint64_t s;
	size_t i;

	*d = -1;
	if (is_dash(f))
		return 0;
	dot = memchr(f->s, '.', f->n);
	if (dot == NULL)
		goto bad;
	sec.s = f->s;
	sec.n = dot - f->s;
	frac.s = dot + 1;
	frac.n = f->n - sec.n - 1;
	/* the fraction is exactly six digits, so leading zeros are fine */
	if (frac.n != 6 || get_uint(&sec, DURATION_MAX_SEC, &s) == -1)
		goto bad;
	for (i = 0; i < frac.n; i++)
		if (!is_digit(frac.s[i]))
			goto bad;
	*d = (int64_t)s * 1000000 + digits(frac.s, 6);
	return 0;
bad:
	return errmsg(err, errlen, "duration: expected seconds with six "
	    "decimals (12.345678) or -");
}

/* Fields 6-12; split from hist_parse to keep each function short. */
static int
parse_tail(const struct field *f, struct hist_record *r, char *err,
    size_t errlen)
{
	uint64_t v;
	int i;

	if (get_uint(&f[5], INT_MAX, &v) == -1)
		return errmsg(err, errlen, "attempt: expected a number");
	r->attempt = v;
	if ((i = lookup(&f[6], trigger_names, NELEM(trigger_names))) == -1)
		return errmsg(err, errlen, "trigger: expected one of schedule, "
		    "retry, after, manual, catch-up, reboot");
	r->trigger = i;
	r->has_due = !is_dash(&f[7]);
	if (r->has_due && get_time(&f[7], "due", &r->due, err, errlen) == -1)
		return -1;
	r->pid = 0;
	if (!is_dash(&f[8])) {
		if (get_uint(&f[8], INT32_MAX, &v) == -1 || v == 0)
			return errmsg(err, errlen, "pid: expected a process id "
			    "or -");
		r->pid = v;
	}
	if ((i = lookup(&f[9], outcome_names, NELEM(outcome_names))) == -1)
		return errmsg(err, errlen, "outcome: unknown");
	r->outcome = i;
	if (get_status(&f[10], &r->status, err, errlen) == -1)
		return -1;
	return get_duration(&f[11], &r->duration, err, errlen);
}

int
hist_parse(const char *line, struct hist_record *r, char *err,
    size_t errlen)
{
	struct field f[NFIELDS];
	uint64_t v;
	int i;

	memset(r, 0, sizeof(*r));
	if (split(line, f, err, errlen) == -1)
		return -1;
	if (get_time(&f[0], "time", &r->time, err, errlen) == -1)
		return -1;
	if ((i = lookup(&f[1], event_names, NELEM(event_names))) == -1)
		return errmsg(err, errlen, "event: expected start, end, skip or "
		    "error");
	r->event = i;
	if (get_name(&f[2], "user", r->user, sizeof(r->user), err,
	    errlen) == -1 ||
	    get_name(&f[3], "job", r->job, sizeof(r->job), err, errlen) == -1)
		return -1;
	if (!is_dash(&f[4])) {
		if (get_uint(&f[4], UINT64_MAX, &v) == -1 || v == 0)
			return errmsg(err, errlen, "run: expected a run id or -");
		r->run = v;
	}
	return parse_tail(f, r, err, errlen);
}
