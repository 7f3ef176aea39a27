/*
 * access.c: the cron.allow/cron.deny decision.  Files are read whole with
 * stdio; an error at any point (open other than ENOENT, read) counts as
 * "unreadable" and denies.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"

enum access_found { ACCESS_ABSENT, ACCESS_LISTED, ACCESS_UNLISTED,
    ACCESS_ERROR };

/* Looks for user in path, one name per line. */
static enum access_found
access_lookup(const char *path, const char *user, char *err, size_t errlen)
{
	enum access_found found = ACCESS_UNLISTED;
	FILE *fp;
	char *line = NULL, *p, *end;
	size_t size = 0;
	ssize_t n;

	if (path == NULL || *path == '\0')
		return ACCESS_ABSENT;
	fp = fopen(path, "re");
	if (fp == NULL) {
		if (errno == ENOENT)
			return ACCESS_ABSENT;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ACCESS_ERROR;
	}
	errno = 0;
	while ((n = getline(&line, &size, fp)) != -1) {
		end = line + n;
		while (end > line && (end[-1] == '\n' || end[-1] == '\r' ||
		    end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		if (strcmp(p, user) == 0) {
			found = ACCESS_LISTED;
			break;
		}
	}
	if (found != ACCESS_LISTED && ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path,
		    strerror(errno != 0 ? errno : EIO));
		found = ACCESS_ERROR;
	}
	free(line);
	fclose(fp);
	return found;
}

bool
access_allowed(const char *allow, const char *deny, const char *user,
    bool root, char *err, size_t errlen)
{
	err[0] = '\0';
	if (root)
		return true;
	switch (access_lookup(allow, user, err, errlen)) {
	case ACCESS_LISTED:
		return true;
	case ACCESS_UNLISTED:
	case ACCESS_ERROR:
		return false;
	case ACCESS_ABSENT:
		break;
	}
	switch (access_lookup(deny, user, err, errlen)) {
	case ACCESS_ABSENT:
		return true;
	case ACCESS_UNLISTED:
		return true;
	default:
		return false;
	}
}
