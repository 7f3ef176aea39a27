/*
 * spool.c: reading, replacing and removing spool/USER.  Every path is
 * reached through a descriptor of the spool folder (openat and friends), so
 * the folder cannot be swapped half-way.  Signals that would end the
 * program are blocked while a temporary file exists; after a change the
 * folder's mtime is set to now so that classic crons notice (crond itself
 * watches with inotify).  A spool mode 1730 is not readable by group
 * crontab, so the folder is then opened O_PATH and not fsync'ed.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crontab.h"
#include "input.h"
#include "spool.h"

#define SPOOL_TRIES	100

bool
spool_name_ok(const char *user)
{
	return user[0] != '\0' && user[0] != '.' &&
	    strchr(user, '/') == NULL && strlen(user) < 200;
}

/* Opens the spool folder; *can_sync tells if it may be fsync'ed. */
static int
spool_open_dir(const char *spool, bool *can_sync, char *err, size_t errlen)
{
	int fd;

	*can_sync = true;
	fd = open(spool, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 && errno == EACCES) {
		*can_sync = false;
		fd = open(spool, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd == -1)
		snprintf(err, errlen, "%s: %s", spool, strerror(errno));
	return fd;
}

/* Sets the spool's mtime to now; best effort (crond uses inotify). */
static void
spool_touch(const char *spool)
{
	(void)utimensat(AT_FDCWD, spool, NULL, 0);
}

int
spool_read(const char *spool, const char *user, char **buf, size_t *len,
    char *err, size_t errlen)
{
	struct stat st;
	bool can_sync;
	int dfd, fd, rc = -1;

	if (!spool_name_ok(user)) {
		snprintf(err, errlen, "bad user name '%s'", user);
		return -1;
	}
	if ((dfd = spool_open_dir(spool, &can_sync, err, errlen)) == -1)
		return -1;
	fd = openat(dfd, user, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		if (errno == ENOENT)
			rc = 1;
		else
			snprintf(err, errlen, "%s/%s: %s", spool, user,
			    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s/%s: not a regular file", spool,
		    user);
		goto out;
	}
	if (input_read_fd(fd, CT_FILE_MAX, buf, len) == -1) {
		snprintf(err, errlen, "%s/%s: %s", spool, user,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	close(dfd);
	return rc;
}

/* Writes all of buf to fd. */
static int
spool_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Creates a new temporary file in dfd; its name goes to name. */
static int
spool_create_tmp(int dfd, const char *user, char *name, size_t namelen)
{
	int fd, i, n;

	for (i = 0; i < SPOOL_TRIES; i++) {
		n = snprintf(name, namelen, SPOOL_TMP_PREFIX "%s.%08x", user,
		    arc4random());
		if (n < 0 || (size_t)n >= namelen) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	return -1;
}

int
spool_install(const char *spool, const char *user,
    const struct spool_owner *owner, const char *buf, size_t len,
    char *err, size_t errlen)
{
	sigset_t block, saved;
	char name[256];
	const char *what;
	bool can_sync;
	int dfd, fd = -1, rc = -1;

	if (!spool_name_ok(user)) {
		snprintf(err, errlen, "bad user name '%s'", user);
		return -1;
	}
	if ((dfd = spool_open_dir(spool, &can_sync, err, errlen)) == -1)
		return -1;

	/* From here to the rename or unlink, nothing may end us quietly. */
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGPIPE);
	sigprocmask(SIG_BLOCK, &block, &saved);

	if ((fd = spool_create_tmp(dfd, user, name, sizeof(name))) == -1) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s",
		    spool, strerror(errno));
		goto out;
	}
	what = "write";
	if (spool_write_all(fd, buf, len) == -1)
		goto fail;
	what = "fsync";
	if (fsync(fd) == -1)
		goto fail;
	what = "fchown";
	if (owner->chown && fchown(fd, owner->uid, owner->gid) == -1)
		goto fail;
	what = "fchmod";
	if (fchmod(fd, S_IRUSR | S_IWUSR) == -1)
		goto fail;
	what = "close";
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	what = "rename";
	if (renameat(dfd, name, dfd, user) == -1)
		goto fail;
	if (can_sync)
		(void)fsync(dfd);
	spool_touch(spool);
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s/%s: %s: %s", spool, name, what,
	    strerror(errno));
	if (fd != -1)
		close(fd);
	fd = -1;
	(void)unlinkat(dfd, name, 0);
out:
	sigprocmask(SIG_SETMASK, &saved, NULL);
	close(dfd);
	return rc;
}

int
spool_remove(const char *spool, const char *user, char *err, size_t errlen)
{
	bool can_sync;
	int dfd, rc = 0;

	if (!spool_name_ok(user)) {
		snprintf(err, errlen, "bad user name '%s'", user);
		return -1;
	}
	if ((dfd = spool_open_dir(spool, &can_sync, err, errlen)) == -1)
		return -1;
	if (unlinkat(dfd, user, 0) == -1) {
		if (errno == ENOENT)
			rc = 1;
		else {
			snprintf(err, errlen, "%s/%s: %s", spool, user,
			    strerror(errno));
			rc = -1;
		}
	} else {
		if (can_sync)
			(void)fsync(dfd);
		spool_touch(spool);
	}
	close(dfd);
	return rc;
}
