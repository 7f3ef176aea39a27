/*
 * log.h: crond's log.  Every message goes to syslog (facility cron) in
 * cron's "(user) TAG (text)" form, and in the foreground also to stderr.
 * Control bytes in the text are escaped, so a command cannot forge a log
 * line.  This module holds the only logging state of the daemon.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"

/* The user shown for the daemon's own messages. */
#define LOG_DAEMON_USER	"CRON"

/*
 * Opens the log: to syslog, and to stderr as well when to_stderr.
 * Messages less urgent than level are dropped.
 */
void	log_open(bool to_stderr, enum conf_log_level level);
void	log_close(void);
void	log_set_level(enum conf_log_level level);
/* True if messages of syslog priority prio are kept. */
bool	log_wants(int prio);

/* Logs "(user) TAG (text)" at syslog priority prio. */
void	log_cron(int prio, const char *user, const char *tag,
	    const char *text);
/* As log_cron, with the text from a format. */
void	log_cronf(int prio, const char *user, const char *tag,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Copies s into buf with control bytes written as \n, \t, \r or \xHH,
 * cutting at a character boundary if buf is too small.  Returns buf.
 */
char	*log_escape(const char *s, char *buf, size_t len);

/*
 * True if stderr is the systemd journal (JOURNAL_STREAM names it), where
 * syslog lines already land: then the foreground does not repeat them.
 */
bool	log_stderr_is_journal(void);

#endif
