/*
 * audit.c: syslog for crontab(1).  Names come from the passwd database;
 * control bytes are replaced all the same, so a log line stays one line.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <string.h>
#include <syslog.h>

#include "audit.h"

void
audit_open(void)
{
	openlog("crontab", LOG_PID, LOG_CRON);
}

/* Copies s into out, control bytes as '?'. */
static const char *
audit_clean(const char *s, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < outlen; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    '?' : s[i];
	out[i] = '\0';
	return out;
}

void
audit_log(const char *caller, const char *event, const char *detail)
{
	char c[256], d[256];

	syslog(strcmp(event, "AUTH") == 0 ? LOG_WARNING : LOG_INFO,
	    "(%s) %s (%s)", audit_clean(caller, c, sizeof(c)), event,
	    audit_clean(detail, d, sizeof(d)));
}
