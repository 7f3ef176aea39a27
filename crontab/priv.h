/*
 * priv.h: the privilege model of crontab(1).  The program is installed
 * set-group-ID crontab (never set-user-ID).  priv_init lowers the effective
 * gid to the real one at once; it is raised only around spool and
 * cron.allow/cron.deny access, and dropped for good for user mode and in
 * every child.
 */
#ifndef CRONTAB_PRIV_H
#define CRONTAB_PRIV_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Records the real ids and the set-group-id, and lowers the effective gid
 * to the real gid.  Returns -1 with a message in err if the process is
 * set-user-ID or a call fails.
 */
int	priv_init(char *err, size_t errlen);
/* True if the program was started set-id (secure execution). */
bool	priv_setid(void);
/* The effective gid the program was started with (group crontab). */
gid_t	priv_setgid(void);
/* Raises the effective gid back to the set-group-id; -1 on failure. */
int	priv_raise(void);
/* Lowers it again; aborts if that fails (a broken invariant). */
void	priv_lower(void);
/*
 * Drops the set-group-id for good: real, effective and saved gids all
 * become the real gid.  Returns -1 on failure.  Root keeps its ids.
 */
int	priv_drop(void);
/*
 * Replaces the environment with a short allowlist for the set-id case:
 * PATH reset, HOME/USER/LOGNAME from the passwd entry, and TERM, LANG,
 * LC_*, VISUAL, EDITOR and TZ when they look harmless.  Returns the old
 * environment, which stays valid (for the editor, which runs unprivileged).
 */
char	**priv_clean_env(const char *home, const char *user);

#endif
