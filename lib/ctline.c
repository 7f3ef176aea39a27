/*
 * ctline.c: parses one line of a classic crontab: "NAME=value" with the
 * checks on the special variables, or "schedule [user] command[%input]".
 * Every string it returns is a new copy of the line's bytes (only the
 * documented quote and percent rules change them, and the blanks between
 * schedule fields); every refusal names the variable or field and quotes
 * the offending text, cut to a readable size.
 * Pure: no I/O, no globals.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctline.h"
#include "tz.h"
#include "errmsg.h"

#define USER_NAME_MAX	32	/* as useradd(8) on Linux */
#define RANDOM_DELAY_MAX 1440	/* minutes: one day */
#define QUOTE_MAX	40	/* bytes of a line quoted in a message */

/* Quoting a piece of text in a message: "'%.*s%s'" with these two. */
#define QLEN(n)		((int)((n) > QUOTE_MAX ? QUOTE_MAX : (n)))
#define QCUT(n)		((n) > QUOTE_MAX ? "..." : "")

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_blank(const char *s)
{
	while (is_blank(*s))
		s++;
	return s;
}

static const char *
word_end(const char *s)
{
	while (*s != '\0' && !is_blank(*s))
		s++;
	return s;
}

/* ASCII only, whatever the caller's locale. */
static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static bool
is_name_char(int c)
{
	return is_alnum(c) || c == '_';
}

/* Why a line that is neither an entry nor a good assignment was refused. */
static int
bad_line(const char *s, char *err, size_t errlen)
{
	const char *eq = strchr(s, '='), *end;
	size_t n;

	if (s[0] == '-' && (isdigit((unsigned char)s[1]) || s[1] == '*' ||
	    s[1] == '@' || s[1] == '~'))
		return errmsg(err, errlen, "a leading '-' (cronie's do-not-log "
		    "flag) is not supported");
	if (eq == NULL) {
		n = (size_t)(word_end(s) - s);
		return errmsg(err, errlen, "expected a schedule or NAME=value, "
		    "got '%.*s%s'", QLEN(n), s, QCUT(n));
	}
	for (end = eq; end > s && is_blank(end[-1]); end--)
		;
	if (end == s)
		return errmsg(err, errlen, "missing variable name before '='");
	n = (size_t)(end - s);
	return errmsg(err, errlen, "bad variable name '%.*s%s' (letters, digits "
	    "and '_', not starting with a digit)", QLEN(n), s, QCUT(n));
}

/*
 * The value after '=' at v: blanks around it are dropped; a value that
 * starts with a quote ends at the next same quote, which must end the
 * line, and keeps its inner blanks.  Sets [*start, *end).
 */
static int
env_value(const char *name, int nlen, const char *v, const char **start,
    const char **end, char *err, size_t errlen)
{
	const char *q, *after;

	if (*v != '"' && *v != '\'') {
		*start = v;
		for (q = v + strlen(v); q > v && is_blank(q[-1]); q--)
			;
		*end = q;
		return 0;
	}
	if ((q = strchr(v + 1, *v)) == NULL)
		return errmsg(err, errlen, "%.*s%s: missing closing %s quote",
		    QLEN(nlen), name, QCUT(nlen), *v == '"' ? "double" :
		    "single");
	after = skip_blank(q + 1);
	if (*after != '\0')
		return errmsg(err, errlen, "%.*s%s: unexpected '%.*s%s' after "
		    "the closing quote", QLEN(nlen), name, QCUT(nlen),
		    QLEN(strlen(after)), after, QCUT(strlen(after)));
	*start = v + 1;
	*end = q;
	return 0;
}

/* Why a MAILTO or MAILFROM value is unsafe for a mailer, or NULL. */
static const char *
mail_problem(const char *v)
{
	const unsigned char *p;
	bool first = true;

	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p == '\r' || *p == '\n')
			return "holds a line break";
		if (is_blank(*p))
			return "holds a blank (separate addresses with ',' "
			    "alone)";
		if (*p < 0x20 || *p == 0x7f)
			return "holds a control byte";
		if (first && *p == '-')
			return p == (const unsigned char *)v ?
			    "begins with '-'" : "has an address beginning "
			    "with '-'";
		first = *p == ',';
	}
	return NULL;
}

bool
crontab_mailto_ok(const char *value)
{
	return value != NULL && mail_problem(value) == NULL;
}

/*
 * Why a CRON_TZ value cannot be a zone name, or NULL.  Whether the zone
 * exists is for the caller to find out (tz_load): this only keeps the name
 * inside the zoneinfo folder and printable.
 */
static const char *
tz_problem(const char *v)
{
	const char *p, *slash;

	if (strlen(v) >= TZ_NAME_MAX)
		return "is too long";
	if (*v == '/')
		return "is an absolute path";
	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return "holds a blank or a non-ASCII byte";
	for (p = v; p != NULL; p = slash != NULL ? slash + 1 : NULL) {
		slash = strchr(p, '/');
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
			return "holds a '..' component";
	}
	return NULL;
}

static const char *
delay_problem(const char *v)
{
	const char *p;
	int n = 0;

	/* Digits only: strtonum would take blanks and signs. */
	for (p = v; *p >= '0' && *p <= '9'; p++)
		if ((n = n * 10 + (*p - '0')) > RANDOM_DELAY_MAX)
			break;
	if (p == v || *p != '\0')
		return "is not a number of minutes from 0 to 1440";
	return NULL;
}

static const char *
abs_problem(const char *v)
{
	return v[0] == '/' ? NULL : "is not an absolute path";
}

/* The variables crond itself uses, and what makes their value unusable. */
static const struct {
	const char	*name;
	const char	*(*problem)(const char *);
} specials[] = {
	{ "MAILTO", mail_problem },
	{ "MAILFROM", mail_problem },
	{ "CRON_TZ", tz_problem },
	{ "RANDOM_DELAY", delay_problem },
	{ "SHELL", abs_problem },
	{ "HOME", abs_problem },
};

static int
check_special(const char *name, const char *value, char *err, size_t errlen)
{
	const char *why;
	size_t i, n = strlen(value);

	for (i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		if (strcmp(name, specials[i].name) != 0)
			continue;
		if ((why = specials[i].problem(value)) == NULL)
			return 0;
		return errmsg(err, errlen, "%s: '%.*s%s' %s", name, QLEN(n),
		    value, QCUT(n), why);
	}
	return 0;
}

int
ctline_env(const char *s, char **name, char **value, char *err,
    size_t errlen)
{
	const char *p = s, *v = NULL, *vend = NULL;
	int nlen, r;

	*name = *value = NULL;
	while (is_name_char(*p))
		p++;
	nlen = (int)(p - s);
	p = skip_blank(p);
	if (nlen == 0 || isdigit((unsigned char)*s) || *p != '=')
		return bad_line(s, err, errlen);
	if (env_value(s, nlen, skip_blank(p + 1), &v, &vend, err,
	    errlen) == -1)
		return CTLINE_ERR;
	*name = strndup(s, (size_t)nlen);
	*value = strndup(v, (size_t)(vend - v));
	if (*name == NULL || *value == NULL)
		r = CTLINE_NOMEM;
	else if ((r = check_special(*name, *value, err, errlen)) == 0)
		return 0;
	free(*name);
	free(*value);
	*name = *value = NULL;
	return r;
}

/* POSIX portable user names, plus a final '$' (Samba machine accounts). */
static bool
user_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > USER_NAME_MAX || s[0] == '-')
		return false;
	if (s[n - 1] == '$' && --n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '.' &&
		    s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

/*
 * A copy of s with "\%" made '%'.  The command part (input false) stops
 * at the first unescaped '%', left in *stop; the input part turns each
 * unescaped '%' into a newline.  A backslash before any other byte keeps
 * both bytes, and that byte does not count as a '%' separator.
 */
static char *
unpercent(const char *s, bool input, const char **stop)
{
	char *out, *o;
	const char *p;

	if ((out = malloc(strlen(s) + 1)) == NULL)
		return NULL;
	for (o = out, p = s; *p != '\0'; p++) {
		if (*p == '\\' && p[1] == '%')
			*o++ = *++p;
		else if (*p == '\\' && p[1] != '\0') {
			*o++ = *p++;
			*o++ = *p;
		} else if (*p == '%' && !input)
			break;
		else
			*o++ = *p == '%' ? '\n' : *p;
	}
	*o = '\0';
	if (stop != NULL)
		*stop = p;
	return out;
}

static int
entry_fields(const char *rest, int flags, struct ct_entry *e, char *err,
    size_t errlen)
{
	const char *end, *stop;

	if (flags & CT_SYSTEM) {
		if (*rest == '\0')
			return errmsg(err, errlen, "missing user");
		end = word_end(rest);
		if (!user_ok(rest, (size_t)(end - rest)))
			return errmsg(err, errlen, "user: '%.*s%s' is not a valid "
			    "user name", QLEN((size_t)(end - rest)), rest,
			    QCUT((size_t)(end - rest)));
		if ((e->user = strndup(rest, (size_t)(end - rest))) == NULL)
			return CTLINE_NOMEM;
		rest = skip_blank(end);
	}
	if (*rest == '\0' || *rest == '%')
		return errmsg(err, errlen, "missing command");
	if ((e->command = unpercent(rest, false, &stop)) == NULL)
		return CTLINE_NOMEM;
	if (*stop == '%' && (e->input = unpercent(stop + 1, true,
	    NULL)) == NULL)
		return CTLINE_NOMEM;
	return 0;
}

/*
 * The schedule s[0..end) as written, each run of blanks made one space and
 * trailing ones dropped, so that re-indenting a line keeps its identity.
 */
static char *
when_copy(const char *s, const char *end)
{
	char *out, *o;

	if ((out = malloc((size_t)(end - s) + 1)) == NULL)
		return NULL;
	for (o = out; s < end; s++) {
		if (!is_blank(*s))
			*o++ = *s;
		else if (o > out && o[-1] != ' ')
			*o++ = ' ';
	}
	if (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

/*
 * Moves when and command into one allocation (when first): one block per
 * entry less, which is a tenth of crond's memory per job.
 */
static int
entry_pack(struct ct_entry *e)
{
	size_t lw = strlen(e->when) + 1, lc = strlen(e->command) + 1;
	char *b;

	if ((b = malloc(lw + lc)) == NULL)
		return CTLINE_NOMEM;
	memcpy(b, e->when, lw);
	memcpy(b + lw, e->command, lc);
	free(e->when);
	free(e->command);
	e->when = b;
	e->command = b + lw;
	return 0;
}

int
ctline_entry(const char *s, int flags, const struct spec_rand *rnd,
    struct ct_entry *e, char *err, size_t errlen)
{
	const char *rest;
	int r;

	e->when = e->user = e->command = e->input = NULL;
	if (spec_parse(&e->spec, s, 0, rnd, &rest, err, errlen) == -1)
		return CTLINE_ERR;
	if ((e->when = when_copy(s, rest)) == NULL)
		r = CTLINE_NOMEM;
	else if ((r = entry_fields(rest, flags, e, err, errlen)) == 0)
		r = entry_pack(e);
	if (r != 0) {
		free(e->when);
		free(e->user);
		free(e->command);
		free(e->input);
		e->when = e->user = e->command = e->input = NULL;
	}
	return r;
}
