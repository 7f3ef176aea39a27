/*
 * loop.h: the running daemon: sets up its modules in dependency order
 * (event loop, state, history, core, database, runs), then waits for
 * events and turns them into the core's inputs and the runs' starts.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>
#include <sys/types.h>

#include "conf.h"

struct loop_opts {
	const struct conf	*cfg;
	bool			 user_mode;	/* not root: serve user alone */
	const char		*user;		/* the invoking user */
	uid_t			 uid;
	bool			 to_syslog;	/* -s */
	const char		*boot_id_path;	/* STATE_BOOT_ID_PATH */
};

/*
 * Runs until SIGTERM or SIGINT (and the running jobs' end, unless a second
 * one comes).  Returns the exit status: 0, or 1 if it could not start
 * (the reason is logged).
 */
int	loop_run(const struct loop_opts *);

#endif
