/*
 * priv.c: saved ids and the raise/lower/drop of the set-group-id.  The only
 * state is the ids recorded at start; priv_init must run first.
 * Invariant: outside priv_raise..priv_lower the effective gid is the real
 * gid, so every file opened there is opened with the caller's own rights.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/auxv.h>
#endif

#include "priv.h"

#define PRIV_PATH	"/usr/bin:/bin"

static struct {
	uid_t	uid;
	gid_t	gid;
	gid_t	egid;		/* set-group-id at start */
	bool	setid;
	bool	dropped;
} priv;

int
priv_init(char *err, size_t errlen)
{
	priv.uid = getuid();
	priv.gid = getgid();
	priv.egid = getegid();
	priv.setid = priv.egid != priv.gid;
#ifdef __linux__
	if (getauxval(AT_SECURE) != 0)
		priv.setid = true;
#endif
	if (geteuid() != priv.uid) {
		snprintf(err, errlen, "installed set-user-ID: refusing to run "
		    "(crontab must be set-group-ID only)");
		return -1;
	}
	if (priv.egid != priv.gid && setegid(priv.gid) == -1) {
		snprintf(err, errlen, "setegid: %s", strerror(errno));
		return -1;
	}
	return 0;
}

bool
priv_setid(void)
{
	return priv.setid;
}

gid_t
priv_setgid(void)
{
	return priv.egid;
}

int
priv_raise(void)
{
	if (priv.dropped || priv.egid == priv.gid)
		return 0;
	return setegid(priv.egid);
}

void
priv_lower(void)
{
	if (priv.dropped || priv.egid == priv.gid)
		return;
	if (setegid(priv.gid) == -1 || getegid() != priv.gid)
		abort();
}

int
priv_drop(void)
{
	gid_t r, e, s;

	if (priv.uid == 0)
		return 0;
	if (setresgid(priv.gid, priv.gid, priv.gid) == -1)
		return -1;
	if (getresgid(&r, &e, &s) == -1 || r != priv.gid || e != priv.gid ||
	    s != priv.gid) {
		errno = EPERM;
		return -1;
	}
	priv.dropped = true;
	return 0;
}

/*
 * True if a locale or zone value is safe to keep: no absolute path, no
 * "..", short (glibc checks these itself; other libcs may not).  Locale
 * names may not hold a '/' at all.
 */
static bool
priv_harmless(const char *value, bool slash_ok)
{
	if (*value == ':')
		value++;
	return *value != '/' && strstr(value, "..") == NULL &&
	    strlen(value) < 256 && (slash_ok || strchr(value, '/') == NULL);
}

char **
priv_clean_env(const char *home, const char *user)
{
	static const char *const keep[] = { "TERM", "VISUAL", "EDITOR" };
	extern char **environ;
	char **old = environ, **p, name[64];
	const char *eq;
	size_t i, n;
	bool ok;

	if (clearenv() != 0)
		return old;
	environ = NULL;
	for (p = old; p != NULL && *p != NULL; p++) {
		eq = strchr(*p, '=');
		if (eq == NULL || (n = (size_t)(eq - *p)) >= sizeof(name))
			continue;
		memcpy(name, *p, n);
		name[n] = '\0';
		if (strncmp(name, "LC_", 3) == 0)
			ok = priv_harmless(eq + 1, false);
		else if (strcmp(name, "LANG") == 0)
			ok = priv_harmless(eq + 1, false);
		else if (strcmp(name, "TZ") == 0)
			ok = priv_harmless(eq + 1, true);
		else {
			/* the editor runs unprivileged: any value */
			for (i = 0, ok = false;
			    i < sizeof(keep) / sizeof(keep[0]); i++)
				if (strcmp(name, keep[i]) == 0)
					ok = true;
		}
		if (ok)
			setenv(name, eq + 1, 1);
	}
	setenv("PATH", PRIV_PATH, 1);
	setenv("HOME", home, 1);
	setenv("USER", user, 1);
	setenv("LOGNAME", user, 1);
	return old;
}
