/*
 * access.h: cron.allow and cron.deny, as Debian reads them: if the allow
 * file exists only the users it lists may use crontab; else if the deny
 * file exists everyone but the users it lists may; with neither, everyone
 * may.  Root always may.  One user name per line, blanks around it
 * ignored; blank lines and lines starting with '#' are skipped; a last
 * line without a newline counts.  A file that exists but cannot be read
 * denies (fails closed).
 */
#ifndef CRONTAB_ACCESS_H
#define CRONTAB_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Returns true if user may use crontab.  When it returns false because a
 * file could not be read, a message is left in err (else err is "").
 * Reads the files with the caller's current ids.
 */
bool	access_allowed(const char *allow, const char *deny, const char *user,
	    bool root, char *err, size_t errlen);

#endif
