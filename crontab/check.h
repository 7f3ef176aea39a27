/*
 * check.h: validation of a new user crontab with the daemon's own parser,
 * plus what only a check at install time can do (CRON_TZ zones exist).
 */
#ifndef CRONTAB_CHECK_H
#define CRONTAB_CHECK_H

#include <stddef.h>

/*
 * Parses buf[0..len) as a user crontab named name (for messages) and
 * prints every error to stderr as "crontab: NAME:LINE: msg", in line
 * order.  Returns the number of errors (0: installable), or -1 when out of
 * memory (with a message printed).
 */
long	check_crontab(const char *buf, size_t len, const char *name);

#endif
