/*
 * edit.h: crontab -e.  The current crontab (or a commented template) is
 * copied to a mkstemp file under /tmp ($TMPDIR too, unless set-id), the
 * editor ($VISUAL, else $EDITOR, else vi) runs on it through /bin/sh with
 * the caller's own ids, and the result is checked and installed.  On
 * errors the user is asked whether to edit again; end of input means no.
 * The temporary file is always removed.
 */
#ifndef CRONTAB_EDIT_H
#define CRONTAB_EDIT_H

#include <stdbool.h>

#include "spool.h"

struct edit_req {
	const char			*spool;
	const char			*user;		/* whose crontab */
	const char			*caller;	/* for syslog */
	const struct spool_owner	*owner;
	bool				 ignore_tmpdir;
	char				**editor_env;	/* NULL: ours */
};

/* Runs the whole edit; returns the program's exit status. */
int	edit_run(const struct edit_req *);

#endif
