/*
 * audit.h: what crontab(1) tells syslog (facility cron), in cronie's
 * format "(CALLER) EVENT (DETAIL)" so that existing log tooling works:
 * LIST, REPLACE, DELETE, BEGIN EDIT, END EDIT with the crontab's user as
 * detail, and AUTH (crontab command not allowed) for a refused user.
 */
#ifndef CRONTAB_AUDIT_H
#define CRONTAB_AUDIT_H

/* Opens the log as "crontab[PID]", facility cron. */
void	audit_open(void);
/* Logs one event: AUTH at LOG_WARNING, everything else at LOG_INFO. */
void	audit_log(const char *caller, const char *event, const char *detail);

#endif
