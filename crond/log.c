/*
 * log.c: syslog and stderr output of crond in cron's message format.
 */
#include "config.h"

#include <sys/stat.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

#define LOG_TEXT_MAX	2048	/* escaped text kept in one message */

static bool	log_stderr;
static int	log_max_prio = LOG_INFO;

static int
log_level_prio(enum conf_log_level level)
{
	switch (level) {
	case LOG_LEVEL_ERR:
		return LOG_ERR;
	case LOG_LEVEL_WARNING:
		return LOG_WARNING;
	case LOG_LEVEL_NOTICE:
		return LOG_NOTICE;
	case LOG_LEVEL_INFO:
		return LOG_INFO;
	case LOG_LEVEL_DEBUG:
		break;
	}
	return LOG_DEBUG;
}

void
log_open(bool to_stderr, enum conf_log_level level)
{
	log_stderr = to_stderr;
	log_set_level(level);
	openlog("crond", LOG_PID | LOG_NDELAY, LOG_CRON);
}

void
log_close(void)
{
	closelog();
}

void
log_set_level(enum conf_log_level level)
{
	log_max_prio = log_level_prio(level);
	setlogmask(LOG_UPTO(log_max_prio));
}

bool
log_wants(int prio)
{
	return prio <= log_max_prio;
}

char *
log_escape(const char *s, char *buf, size_t len)
{
	const unsigned char *p;
	char tmp[5];
	size_t n = 0, k;

	if (len == 0)
		return buf;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\n')
			memcpy(tmp, "\\n", k = 2);
		else if (*p == '\t')
			memcpy(tmp, "\\t", k = 2);
		else if (*p == '\r')
			memcpy(tmp, "\\r", k = 2);
		else if (*p < 0x20 || *p == 0x7f)
			k = (size_t)snprintf(tmp, sizeof(tmp), "\\x%02x", *p);
		else
			tmp[0] = (char)*p, k = 1;
		if (n + k >= len)
			break;
		memcpy(buf + n, tmp, k);
		n += k;
	}
	/* Never end inside a UTF-8 sequence cut short. */
	if (*p != '\0')
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;
	if (*p != '\0' && n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0xc0)
		n--;
	buf[n] = '\0';
	return buf;
}

void
log_cron(int prio, const char *user, const char *tag, const char *text)
{
	char esc[LOG_TEXT_MAX], uesc[256];

	if (!log_wants(prio))
		return;
	log_escape(text, esc, sizeof(esc));
	log_escape(user, uesc, sizeof(uesc));
	syslog(prio, "(%s) %s (%s)", uesc, tag, esc);
	if (log_stderr)
		fprintf(stderr, "crond: (%s) %s (%s)\n", uesc, tag, esc);
}

void
log_cronf(int prio, const char *user, const char *tag, const char *fmt, ...)
{
	char text[LOG_TEXT_MAX];
	va_list ap;

	if (!log_wants(prio))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	log_cron(prio, user, tag, text);
}

bool
log_stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	uintmax_t dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%ju:%ju", &dev, &ino) != 2)
		return false;
	if (fstat(STDERR_FILENO, &st) == -1)
		return false;
	return (uintmax_t)st.st_dev == dev && (uintmax_t)st.st_ino == ino;
}
