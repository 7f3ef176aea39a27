/*
 * filecheck.h: how crond opens a crontab file it is about to trust.  The
 * state of a file (the stat fields whose change means "judge it again"),
 * the rules a spool file and a system file must pass, the names the spool
 * and cron.d may hold, and the bounded read.  System calls and judgement
 * only: logging each refusal once per state is the database's business.
 */
#ifndef FILECHECK_H
#define FILECHECK_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* What a file looked like: a change to any of it makes it a new state. */
struct fc_state {
	dev_t		dev;
	ino_t		ino;
	off_t		size;
	mode_t		mode;		/* type and permission bits */
	uid_t		uid;
	nlink_t		nlink;
	struct timespec	mtime;
	struct timespec	ctime;		/* catches chmod, chown, rename */
};

enum fc_kind {
	FC_SPOOL,	/* mode 0600, owned by the user it is named after */
	FC_SYSTEM	/* owned by root (or a second uid), no g+w, no o+w */
};

struct fc_rules {
	enum fc_kind	kind;
	/* FC_SPOOL: the owner required; FC_SYSTEM: allowed besides root. */
	uid_t		owner;
};

enum fc_result {
	FC_OK,		/* *buf holds the file, *st its state */
	FC_GONE,	/* the file is no longer there */
	FC_REFUSED,	/* *ref says why; *st is the state judged */
	FC_AGAIN	/* out of memory or file descriptors: try later */
};

/* Why a file was refused, in the words of cron's log lines. */
struct fc_refusal {
	int		 priority;	/* LOG_WARNING or LOG_ERR */
	const char	*tag;		/* "BAD FILE MODE", ..., "ERROR" */
	char		 text[4400];	/* the path, or "PATH: why" */
	/*
	 * false: a rule is broken (type, owner, mode, links), the file is
	 * not to be trusted.  true: no rule is broken but it could not be
	 * read whole (too big, I/O error), like a crontab that does not parse.
	 */
	bool		 unread;
};

/* What a cron.d name is worth. */
enum fc_name {
	FC_NAME_OK,	/* [A-Za-z0-9_-]+ */
	FC_NAME_INI,	/* NAME.ini: INI jobs, not read yet */
	FC_NAME_IGNORED	/* anything else; *why says what it looks like */
};

struct stat;

/* The state of a struct stat. */
void		fc_state_from(struct fc_state *st, const struct stat *sb);
/*
 * The state of dirfd/name without following a symlink (name may be a
 * whole path with AT_FDCWD).  0, or -1 with errno.
 */
int		fc_peek(int dirfd, const char *name, struct fc_state *st);
bool		fc_same(const struct fc_state *, const struct fc_state *);

/*
 * Opens dirfd/name (path is its name in messages) without following a
 * symlink and without blocking, checks the opened file against rules and
 * reads it whole, at most CT_FILE_MAX bytes.  peek is the state fc_peek
 * saw, recorded as the state of a symlink (which cannot be opened).  On
 * FC_OK the caller frees *buf (NUL-terminated after its len bytes).
 */
enum fc_result	fc_read(int dirfd, const char *name, const char *path,
		    const struct fc_rules *rules, const struct fc_state *peek,
		    struct fc_state *st, char **buf, size_t *len,
		    struct fc_refusal *ref);

/* Judges a cron.d file name; *why is set for FC_NAME_IGNORED. */
enum fc_name	fc_crond_name(const char *name, const char **why);

#endif
