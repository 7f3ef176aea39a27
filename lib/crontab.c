/*
 * crontab.c: a whole classic crontab.  Splits the buffer into lines,
 * enforces the file-wide rules (size, line length, NUL, CR, entry and
 * variable counts), hands each line to ctline.c and keeps the results.
 * Invariants: entries, env and errors are in line order; each entry's nenv
 * is at most the crontab's nenv; the struct crontab owns every string in
 * it.  A bad line becomes an error and never an entry; nothing is ever
 * truncated.  Pure: the buffer is all it reads.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crontab.h"
#include "ctline.h"

struct parser {
	struct crontab		*ct;
	int			 flags;
	const struct spec_rand	*rnd;
	int			 line;		/* current line, from 1 */
	char			*lb;		/* its copy, NUL-terminated */
	size_t			 cap_entries, cap_env, cap_errors;
	bool			 entries_full, env_full;
	/* DOS files: one error, at the first line with a CR. */
	bool			 cr_seen;
	size_t			 cr_error;	/* its index in errors, + 1 */
	size_t			 cr_more;	/* later lines with a CR */
};

/*
 * Returns arr with room for element n, growing it (and *cap) if needed;
 * NULL when out of memory, arr then being untouched.
 */
static void *
grow(void *arr, size_t *cap, size_t n, size_t size)
{
	void *na;
	size_t ncap;

	if (n < *cap)
		return arr;
	ncap = *cap == 0 ? 16 : *cap * 2;
	if ((na = reallocarray(arr, ncap, size)) == NULL)
		return NULL;
	*cap = ncap;
	return na;
}

/*
 * Counts an error at the current line and keeps it while there is room.
 * Control bytes of the line quoted in it become '?', so that no message
 * can move a terminal's cursor or split a log line.  -1 only when out of
 * memory.
 */
static int __attribute__((format(printf, 2, 3)))
add_error(struct parser *p, const char *fmt, ...)
{
	struct crontab *ct = p->ct;
	struct ct_error *e;
	unsigned char *c;
	va_list ap;

	ct->nerrors_total++;
	if (ct->nerrors == CT_ERRORS_MAX)
		return 0;
	if ((e = grow(ct->errors, &p->cap_errors, ct->nerrors,
	    sizeof(*e))) == NULL)
		return -1;
	ct->errors = e;
	e = &ct->errors[ct->nerrors++];
	e->line = p->line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	for (c = (unsigned char *)e->msg; *c != '\0'; c++)
		if (*c < ' ' || *c == 0x7f)
			*c = '?';
	return 0;
}

static int
cr_error(struct parser *p)
{
	if (p->cr_seen) {
		p->cr_more++;
		return 0;
	}
	p->cr_seen = true;
	if (p->ct->nerrors < CT_ERRORS_MAX)
		p->cr_error = p->ct->nerrors + 1;
	return add_error(p, "carriage return: DOS line endings?");
}

/* Tells how many more lines had a CR, on the one CR error kept. */
static void
cr_finish(struct parser *p)
{
	struct ct_error *e;
	size_t n;

	if (p->cr_error == 0 || p->cr_more == 0)
		return;
	e = &p->ct->errors[p->cr_error - 1];
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof(e->msg) - n, " (and %zu more line%s)",
	    p->cr_more, p->cr_more == 1 ? "" : "s");
}

static void
entry_free(struct ct_entry *e)
{
	free(e->when);		/* command lives in the same block */
	free(e->user);
	free(e->input);
}

static int
add_entry(struct parser *p, const char *s)
{
	struct crontab *ct = p->ct;
	struct ct_entry e, *ne;
	char err[CT_ERR_MAX];
	int r;

	memset(&e, 0, sizeof(e));
	if ((r = ctline_entry(s, p->flags, p->rnd, &e, err,
	    sizeof(err))) != 0)
		return r == CTLINE_NOMEM ? -1 : add_error(p, "%s", err);
	if (ct->nentries == CT_ENTRIES_MAX) {
		entry_free(&e);
		if (p->entries_full)
			return 0;
		p->entries_full = true;
		return add_error(p, "more than %d entries", CT_ENTRIES_MAX);
	}
	if ((ne = grow(ct->entries, &p->cap_entries, ct->nentries,
	    sizeof(e))) == NULL) {
		entry_free(&e);
		return -1;
	}
	ct->entries = ne;
	e.line = p->line;
	e.nenv = ct->nenv;
	ct->entries[ct->nentries++] = e;
	return 0;
}

static int
add_env(struct parser *p, const char *s)
{
	struct crontab *ct = p->ct;
	struct ct_env *v;
	char err[CT_ERR_MAX], *name, *value;
	int r;

	if ((r = ctline_env(s, &name, &value, err, sizeof(err))) != 0)
		return r == CTLINE_NOMEM ? -1 : add_error(p, "%s", err);
	if (ct->nenv == CT_ENV_MAX) {
		free(name);
		free(value);
		if (p->env_full)
			return 0;
		p->env_full = true;
		return add_error(p, "more than %d variable assignments",
		    CT_ENV_MAX);
	}
	if ((v = grow(ct->env, &p->cap_env, ct->nenv, sizeof(*v))) == NULL) {
		free(name);
		free(value);
		return -1;
	}
	ct->env = v;
	v = &ct->env[ct->nenv++];
	v->name = name;
	v->value = value;
	v->line = p->line;
	return 0;
}

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* A line whose first non-blank is '[' starts the INI part. */
static bool
is_ini_start(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && is_blank(s[i]); i++)
		;
	return i < n && s[i] == '[';
}

/* One line, s[0..n) without its newline.  -1 only when out of memory. */
static int
parse_line(struct parser *p, const char *s, size_t n)
{
	const char *t;

	if (n > CT_LINE_MAX)
		return add_error(p, "line is longer than %d bytes",
		    CT_LINE_MAX);
	if (memchr(s, '\0', n) != NULL)
		return add_error(p, "NUL byte in the line (a binary file?)");
	if (memchr(s, '\r', n) != NULL)
		return cr_error(p);
	memcpy(p->lb, s, n);
	p->lb[n] = '\0';
	for (t = p->lb; is_blank(*t); t++)
		;
	if (*t == '\0' || *t == '#')
		return 0;
	if (isdigit((unsigned char)*t) || *t == '*' || *t == '@' || *t == '~')
		return add_entry(p, t);
	return add_env(p, t);
}

struct crontab *
crontab_parse(const char *buf, size_t len, int flags,
    const struct spec_rand *rnd)
{
	struct parser p;
	struct crontab *ct;
	const char *nl;
	size_t off, n, next;

	if ((ct = calloc(1, sizeof(*ct))) == NULL)
		return NULL;
	memset(&p, 0, sizeof(p));
	p.ct = ct;
	p.flags = flags;
	p.rnd = rnd;
	ct->ini_offset = len;
	if (len > CT_FILE_MAX) {
		/* Line 0: the file as a whole; none of it is read. */
		if (add_error(&p, "file is larger than %d bytes (1 MiB)",
		    CT_FILE_MAX) == -1)
			goto nomem;
		return ct;
	}
	if ((p.lb = malloc(CT_LINE_MAX + 1)) == NULL)
		goto nomem;
	for (off = 0; off < len; off = next) {
		nl = memchr(buf + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (buf + off)) : len - off;
		next = off + n + (nl != NULL);
		p.line++;
		if (is_ini_start(buf + off, n)) {
			ct->ini_offset = off;
			ct->ini_line = p.line;
			break;
		}
		if (parse_line(&p, buf + off, n) == -1)
			goto nomem;
	}
	cr_finish(&p);
	free(p.lb);
	return ct;
nomem:
	free(p.lb);
	crontab_free(ct);
	return NULL;
}

void
crontab_free(struct crontab *ct)
{
	size_t i;

	if (ct == NULL)
		return;
	for (i = 0; i < ct->nentries; i++)
		entry_free(&ct->entries[i]);
	for (i = 0; i < ct->nenv; i++) {
		free(ct->env[i].name);
		free(ct->env[i].value);
	}
	free(ct->entries);
	free(ct->env);
	free(ct->errors);
	free(ct);
}

const char *
crontab_getenv(const struct crontab *ct, const struct ct_entry *e,
    const char *name)
{
	size_t i = e != NULL && e->nenv < ct->nenv ? e->nenv : ct->nenv;

	while (i-- > 0)
		if (strcmp(ct->env[i].name, name) == 0)
			return ct->env[i].value;
	return NULL;
}

char *
crontab_error_string(const struct crontab *ct, size_t i, const char *file,
    char *out, size_t outlen)
{
	const struct ct_error *e;

	if (outlen == 0)
		return out;
	if (i >= ct->nerrors) {
		out[0] = '\0';
		return out;
	}
	e = &ct->errors[i];
	if (file == NULL)
		file = "-";
	if (e->line == 0)
		snprintf(out, outlen, "%s: %s", file, e->msg);
	else
		snprintf(out, outlen, "%s:%d: %s", file, e->line, e->msg);
	return out;
}
