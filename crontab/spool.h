/*
 * spool.h: the per-user crontab files in the spool folder.  A crontab is
 * replaced atomically: written to a temporary file in the spool, named
 * ".tmp.USER.XXXXXXXX" (a dot-file, which the daemon never loads and no
 * user name can be), fsync'ed, given its owner and mode 0600, and renamed
 * over spool/USER.  The old crontab stays untouched on any failure, and the
 * temporary file is removed on every path but SIGKILL.
 */
#ifndef CRONTAB_SPOOL_H
#define CRONTAB_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SPOOL_TMP_PREFIX	".tmp."

/* Who owns an installed file: set only when chown is true (root). */
struct spool_owner {
	bool	chown;
	uid_t	uid;
	gid_t	gid;		/* (gid_t)-1: leave the group */
};

/* True if name can be a spool file name (no '/', no leading '.'). */
bool	spool_name_ok(const char *user);
/*
 * Reads spool/USER into a new buffer owned by the caller.  Returns 0, 1
 * if there is no crontab, or -1 with a message in err.
 */
int	spool_read(const char *spool, const char *user, char **buf,
	    size_t *len, char *err, size_t errlen);
/* Replaces spool/USER with buf[0..len).  Returns 0 or -1 with err. */
int	spool_install(const char *spool, const char *user,
	    const struct spool_owner *owner, const char *buf, size_t len,
	    char *err, size_t errlen);
/* Removes spool/USER.  Returns 0, 1 if there was none, or -1 with err. */
int	spool_remove(const char *spool, const char *user, char *err,
	    size_t errlen);

#endif
