/*
 * ctline.h: one line of a classic crontab, either an environment
 * assignment or an entry.  Used by crontab.c only, which splits the file
 * into lines and keeps the results; nothing here knows about line numbers
 * or files.
 */
#ifndef CTLINE_H
#define CTLINE_H

#include <stddef.h>

#include "crontab.h"

/* Return values besides 0: a refused line (err is set), or no memory. */
#define CTLINE_ERR	(-1)
#define CTLINE_NOMEM	(-2)

/*
 * Parses "NAME=value" at s (a NUL-terminated line, leading blanks already
 * skipped) and checks the special variables (MAILTO, CRON_TZ, ...).  On 0
 * *name and *value are new strings the caller frees.
 */
int	ctline_env(const char *s, char **name, char **value, char *err,
	    size_t errlen);

/*
 * Parses a schedule line at s (NUL-terminated, leading blanks skipped)
 * into e: spec, when, user (CT_SYSTEM), command and input.  On 0 the
 * strings in e are new and the caller frees them; e->line and e->nenv are
 * left alone.
 */
int	ctline_entry(const char *s, int flags, const struct spec_rand *rnd,
	    struct ct_entry *e, char *err, size_t errlen);

#endif
