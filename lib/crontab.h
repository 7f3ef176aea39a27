/*
 * crontab.h: classic crontab files, user crontabs and system files
 * (/etc/crontab, /etc/cron.d/NAME, with a user field), parsed into entries
 * and environment assignments.  One parser for crontab(1) and crond.
 * Pure: it takes a buffer; reading and checking the file is the caller's.
 */
#ifndef CRONTAB_H
#define CRONTAB_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"

/* Documented limits (crontab(5)). */
#define CT_LINE_MAX	8192		/* bytes in one line, newline excluded */
#define CT_ENTRIES_MAX	10000		/* entries in one file */
#define CT_ENV_MAX	10000		/* NAME=value lines in one file */
#define CT_FILE_MAX	(1024 * 1024)	/* bytes in one file */
#define CT_ERR_MAX	256		/* bytes in one message */
#define CT_ERRORS_MAX	100		/* errors kept; more are counted */

/* crontab_parse flags */
#define CT_SYSTEM	0x01	/* entries have a user field after the time */

/* One NAME=value line. */
struct ct_env {
	char	*name;
	char	*value;
	int	 line;
};

/* One schedule line. */
struct ct_entry {
	struct spec	 spec;
	int		 line;
	char		*when;		/* the schedule as written, blanks
					   between fields made one space */
	char		*user;		/* CT_SYSTEM only, else NULL */
	char		*command;	/* up to the first unescaped %, \% -> %;
					   in when's allocation */
	char		*input;		/* after it, % -> newline; NULL if none */
	size_t		 nenv;		/* env[0..nenv) is in effect for it */
};

struct ct_error {
	int	line;			/* 0: the file as a whole */
	char	msg[CT_ERR_MAX];	/* without the "FILE:LINE: " prefix */
};

struct crontab {
	struct ct_entry	*entries;
	size_t		 nentries;
	struct ct_env	*env;
	size_t		 nenv;
	struct ct_error	*errors;
	size_t		 nerrors;	/* kept, at most CT_ERRORS_MAX */
	size_t		 nerrors_total;	/* all errors found */
	/*
	 * The INI part: from the first line whose first non-blank is '[' to
	 * the end, if any.  The classic part is always buf[0..ini_offset).
	 */
	size_t		 ini_offset;	/* byte offset in the buffer; len if none */
	int		 ini_line;	/* its line number; 0 if none */
};

/*
 * Parses buf[0..len) (need not be NUL-terminated).  Always returns a
 * crontab (NULL only when out of memory) holding every good entry and every
 * error found, in line order; a caller that needs the whole file good
 * checks nerrors_total == 0.  rnd is the source for '~' (may be NULL:
 * then '~' is an error).  The caller owns the result.
 */
struct crontab	*crontab_parse(const char *buf, size_t len, int flags,
		    const struct spec_rand *rnd);
void		 crontab_free(struct crontab *);

/*
 * The value of NAME in effect for entry e (last assignment above it), or
 * NULL if none; e NULL means the end of the classic part.  Borrowed from
 * the crontab.
 */
const char	*crontab_getenv(const struct crontab *,
		    const struct ct_entry *e, const char *name);

/*
 * Formats error i as "FILE:LINE: msg" (or "FILE: msg" for line 0) into
 * out; returns out.
 */
char		*crontab_error_string(const struct crontab *, size_t i,
		    const char *file, char *out, size_t outlen);

/*
 * True if MAILTO's (or MAILFROM's) value is safe to pass to a mailer: no
 * blank or control byte, no address starting with '-'.  "" is fine (no
 * mail); NULL is not.
 */
bool		 crontab_mailto_ok(const char *value);

#endif
