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
 * Looks up a user by name: 0 and *u filled, or -1 if there is none.  The
 * daemon passes a getpwnam(3) wrapper; tests pass a table.
 */
typedef int db_getpw_fn(void *arg, const char *name, struct db_user *u);

/*
 * One message for the log: priority is a syslog(3) level (LOG_ERR,
 * LOG_WARNING, LOG_INFO, LOG_DEBUG), user the name shown in parentheses
 * ("alice", DB_SYSTEM_USER), tag the cron keyword ("RELOAD", "ORPHAN",
 * "BAD FILE MODE", "WRONG FILE OWNER", "NUMBER OF HARD LINKS > 1",
 * "NOT REGULAR FILE", "ERROR"), text what goes in the second parentheses
 * (a path, or "PATH:LINE: message").
 */
typedef void db_log_fn(void *arg, int priority, const char *user,
    const char *tag, const char *text);

struct db_config {
	const char	*spool;		/* folder of user crontabs */
	const char	*crontab;	/* system crontab; "" or NULL: none */
	const char	*crond_d;	/* folder of system files; "" or NULL */
	const char	*localtime;	/* local zone file; missing: UTC */
	bool		 user_mode;	/* serve user alone, as uid */
	const char	*user;		/* user mode: the invoking user */
	uid_t		 uid;		/* user mode: the invoking uid */
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
	const struct crontab *ct;
};

struct db;

/*
 * A database feeding core s (borrowed: it must outlive the database).
 * cfg's strings are copied.  NULL with err if out of memory.
 */
struct db	*db_new(const struct db_config *cfg, struct sched *s,
		    char *err, size_t errlen);
/* Drops every source from the core and frees the crontabs and zones. */
void		 db_free(struct db *);

/*
 * Looks at every file again: loads new and changed ones (changed: dev,
 * ino, size, mtime, mode, uid or nlink differ), drops removed or now
 * refused ones, keeps unchanged ones untouched.  New jobs get their first
 * instant after now.  Returns the number of sources (re)loaded or
 * dropped, or -1 if out of memory (the previous state is kept).
 */
int		 db_scan(struct db *, int64_t now);

/*
 * Reloads the local zone file; if it differs from the one in use, every
 * source is loaded again from scratch so its jobs follow the new zone.
 * Returns 1 if the zone changed, 0 if not, -1 if out of memory.
 */
int		 db_zone_changed(struct db *, int64_t now);

/* The tab behind a core source name, or NULL.  Valid until the next scan. */
const struct db_tab *db_tab(const struct db *, const char *source);

/* The local zone in use (never NULL). */
const struct tz	*db_localtime(const struct db *);

/* Sources loaded now. */
size_t		 db_count(const struct db *);

#endif
