/*
 * database.h: the crontabs crond runs.  Finds the files (the spool, the
 * system crontab, cron.d), checks them (type, links, mode, owner, name,
 * orphans), parses them, and loads their entries into the scheduling core
 * as sources.  It owns every parsed crontab and every zone the core's jobs
 * borrow.  Each refusal and each bad line is reported once per state of
 * the file, not at every scan.  A user crontab that stops parsing keeps
 * its last good copy.
 */
#ifndef DATABASE_H
#define DATABASE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crontab.h"
#include "sched.h"
#include "spec.h"

/* The name system files use in log lines, as cron does. */
#define DB_SYSTEM_USER	"*system*"

/* A user as the database needs to know one. */
struct db_user {
	uid_t	uid;
	gid_t	gid;
};

/*
 * Looks up a user by name: 0 and *u filled, -1 if there is none (the
 * crontab is an ORPHAN), or -2 if the lookup itself failed (getpwnam(3)
 * with errno set: the file is left as it is and looked at again at the
 * next scan).  The daemon passes a getpwnam(3) wrapper; tests a table.
 */
typedef int db_getpw_fn(void *arg, const char *name, struct db_user *u);

/*
 * One message for the log: priority is a syslog(3) level (LOG_ERR,
 * LOG_WARNING, LOG_INFO, LOG_DEBUG), user the name shown in parentheses
 * ("alice", DB_SYSTEM_USER), tag the cron keyword ("RELOAD", "ORPHAN",
 * "BAD FILE MODE", "WRONG FILE OWNER", "NUMBER OF HARD LINKS > 1",
 * "NOT REGULAR FILE", "ERROR"), text what goes in the second parentheses
 * (a path, or "PATH:LINE: message").  user and text come from file
 * names and may hold any byte: the log escapes control bytes (log.c).
 */
typedef void db_log_fn(void *arg, int priority, const char *user,
    const char *tag, const char *text);

struct db_config {
	const char	*spool;		/* folder of user crontabs */
	const char	*crontab;	/* system crontab; "" or NULL: none */
	const char	*crond_d;	/* folder of system files; "" or NULL */
	const char	*localtime;	/* local zone file; missing, "" or
					   NULL: UTC */
	bool		 user_mode;	/* serve user alone, as uid */
	const char	*user;		/* user mode: the invoking user */
	/*
	 * crond's own uid: the invoking uid in user mode (it must own
	 * spool/USER), 0 in root mode.  System files may be owned by root
	 * or by it.
	 */
	uid_t		 uid;
	db_getpw_fn	*getpw;
	void		*getpw_arg;
	db_log_fn	*log;
	void		*log_arg;
	const struct spec_rand *rnd;	/* for '~'; NULL: '~' is an error */
};

/* One loaded crontab, as the loop needs it to run its jobs. */
struct db_tab {
	const char	*source;	/* the core's source name: user or path */
	const char	*path;		/* the file */
	const char	*owner;		/* user name, or DB_SYSTEM_USER */
	bool		 system;	/* entries carry a user field */
	const struct crontab *ct;	/* the jobs' refs point into it */
};

struct db;

/*
 * A database feeding core s (borrowed: it must outlive the database).
 * cfg's strings are copied; the local zone is read now, the crontabs at
 * the first db_scan.  NULL with err if out of memory, or if cfg lacks
 * user (user mode) or getpw (root mode).
 */
struct db	*db_new(const struct db_config *cfg, struct sched *s,
		    char *err, size_t errlen);
/* Drops every source from the core and frees the crontabs and zones. */
void		 db_free(struct db *);

/*
 * Looks at every file again: loads new and changed ones (changed: dev,
 * ino, size, mtime, ctime, mode, uid or nlink differ, or the uid passwd
 * gives its user), drops removed or now refused ones, keeps unchanged
 * ones untouched (one lstat each, no read).  New jobs get their first
 * instant after now.  Returns the number of sources (re)loaded or
 * dropped, or -1 if out of memory or file descriptors: the files it could
 * not judge keep their previous state and are judged at the next scan.
 */
int		 db_scan(struct db *, int64_t now);
/*
 * As db_scan, but reads and judges every file again even if its state did
 * not move (SIGHUP): for a change stat cannot see.  Refusals and errors
 * are logged again.
 */
int		 db_rescan(struct db *, int64_t now);

/*
 * Looks at the local zone file again (two stats when it did not move);
 * if its content or name differs from the zone in use, every loaded
 * source goes to the core again with the new zone, from the crontabs
 * already parsed: each job's next instant is recomputed in the new zone,
 * never before a time it already ran (a new zone name makes them new
 * jobs).  A file that is no zone is logged once and the old zone kept.
 * Returns 1 if the zone changed, 0 if not, -1 if out of memory (the move
 * is finished at the next scan or call).
 */
int		 db_zone_changed(struct db *, int64_t now);

/*
 * The tab behind a core source name (what sched_start.source names), or
 * NULL; a loaded crontab with no entry for the core still has one.  Valid
 * until the next db_scan.
 */
const struct db_tab *db_tab(const struct db *, const char *source);

/* The local zone in use (never NULL). */
const struct tz	*db_localtime(const struct db *);

/* Sources loaded now. */
size_t		 db_count(const struct db *);

#endif
