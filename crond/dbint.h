/*
 * dbint.h: what database.c (records, scans, the interface) and dbload.c
 * (parsed crontabs into the core: zones, jobs, log lines) share.  Private
 * to those two files; crond's other modules use database.h.
 */
#ifndef DBINT_H
#define DBINT_H

#include <sys/tree.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>

#include "database.h"
#include "filecheck.h"
#include "localzone.h"
#include "tz.h"

enum origin { FROM_SPOOL, FROM_CRONTAB, FROM_CROND, NORIGINS };

/* A CRON_TZ zone, shared by every record naming it. */
struct db_zone {
	struct db_zone	*next;
	struct tz	*tz;
	size_t		 refs;		/* records whose jobs use it */
};

/* One file seen by the last scan (an ignored cron.d name included). */
struct db_file {
	RB_ENTRY(db_file)	 entry;
	char			*key;		/* source name */
	char			*path;
	enum origin		 origin;
	bool			 ignored;	/* a cron.d name never read */
	uint64_t		 gen;		/* the last scan that saw it */
	/* The state last judged: the file's, and what passwd said. */
	bool			 judged;
	int			 peek_errno;	/* lstat failed with it */
	struct fc_state		 st;
	bool			 pw_found;
	uid_t			 pw_uid;
	struct db_tab		 tab;		/* tab.ct NULL: none loaded */
	struct db_zone		**zones;	/* one reference each */
	size_t			 nzones;
	const struct tz		*local;		/* local zone its jobs use */
};

RB_HEAD(file_tree, db_file);

/* Strings are copies of the db_config's; NULL where it had "" or none. */
struct db {
	char			*spool;
	char			*crontab;
	char			*crond_d;
	char			*user;
	bool			 user_mode;
	uid_t			 uid;
	db_getpw_fn		*getpw;
	void			*getpw_arg;
	db_log_fn		*log;
	void			*log_arg;
	const struct spec_rand	*rnd;
	struct sched		*s;
	struct file_tree	 files;
	uint64_t		 gen;
	size_t			 nloaded;
	struct db_zone		*zones;
	int			 dir_errno[NORIGINS];	/* logged once */
	struct lz		*lz;
	struct tz		*local;
	/* Old local zones, kept while a record's jobs may use one. */
	struct tz		**retired;
	size_t			 nretired;
};

/* One message for the log, control bytes made '?'. */
void		 db_logf(const struct db *, int priority, const char *user,
		    const char *tag, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
/* The user f's log lines name: the spool user or DB_SYSTEM_USER. */
const char	*db_file_owner(const struct db_file *f);
/* Every error of ct, as "PATH:LINE: message". */
void		 db_log_errors(const struct db *, const struct db_file *f,
		    const struct crontab *ct);

/*
 * Loads ct (taken over on success) into the core as f's source, then
 * frees the copy it replaces; ct may be f's own crontab (a new local
 * zone).  CRON_TZ lines that do not load are logged if report.  -1 if
 * out of memory, nothing changed.
 */
int		 db_load_tab(struct db *, struct db_file *f,
		    const struct crontab *ct, bool report, int64_t now);
/* Frees what f has loaded and drops its jobs; 1 if there was any. */
int		 db_drop_tab(struct db *, struct db_file *f);
/* Frees the cached zones no record uses. */
void		 db_zone_gc(struct db *);

#endif
