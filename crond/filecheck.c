/*
 * filecheck.c: opening a crontab the way DESIGN.md section 2 says crond
 * may trust it.  The file is opened without following a symlink and
 * without blocking (a FIFO must not hang the daemon), then judged by what
 * the open descriptor is, never by the name, so that a swap between the
 * check and the read cannot slip another file in.  Only the first rule
 * broken is reported.  Reading is bounded by CT_FILE_MAX.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "crontab.h"
#include "filecheck.h"
#include "readall.h"

void
fc_state_from(struct fc_state *st, const struct stat *sb)
{
	memset(st, 0, sizeof(*st));
	st->dev = sb->st_dev;
	st->ino = sb->st_ino;
	st->size = sb->st_size;
	st->mode = sb->st_mode;
	st->uid = sb->st_uid;
	st->nlink = sb->st_nlink;
	st->mtime = sb->st_mtim;
	st->ctime = sb->st_ctim;
}

int
fc_peek(int dirfd, const char *name, struct fc_state *st)
{
	struct stat sb;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	fc_state_from(st, &sb);
	return 0;
}

static bool
ts_same(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

bool
fc_same(const struct fc_state *a, const struct fc_state *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	    a->mode == b->mode && a->uid == b->uid && a->nlink == b->nlink &&
	    ts_same(&a->mtime, &b->mtime) && ts_same(&a->ctime, &b->ctime);
}

/* A rule broken: the file is not to be trusted; ref names it. */
static enum fc_result
refuse(struct fc_refusal *ref, const char *tag, const char *path)
{
	ref->priority = LOG_WARNING;
	ref->tag = tag;
	ref->unread = false;
	snprintf(ref->text, sizeof(ref->text), "%s", path);
	return FC_REFUSED;
}

/* No rule broken, but the file cannot be read whole: "PATH: why". */
static enum fc_result __attribute__((format(printf, 3, 4)))
unreadable(struct fc_refusal *ref, const char *path, const char *fmt, ...)
{
	char why[CT_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ref->priority = LOG_ERR;
	ref->tag = "ERROR";
	ref->unread = true;
	snprintf(ref->text, sizeof(ref->text), "%s: %s", path, why);
	return FC_REFUSED;
}

static enum fc_result
too_big(struct fc_refusal *ref, const char *path)
{
	return unreadable(ref, path, "file is larger than %d bytes (1 MiB)",
	    CT_FILE_MAX);
}

/* The first rule the open file breaks, or FC_OK. */
static enum fc_result
judge(const struct fc_state *st, const char *path,
    const struct fc_rules *rules, struct fc_refusal *ref)
{
	if (!S_ISREG(st->mode))
		return refuse(ref, "NOT REGULAR FILE", path);
	if (rules->kind == FC_SPOOL) {
		if (st->uid != rules->owner)
			return refuse(ref, "WRONG FILE OWNER", path);
		if ((st->mode & 07777) != 0600)
			return refuse(ref, "BAD FILE MODE", path);
	} else {
		if (st->uid != 0 && st->uid != rules->owner)
			return refuse(ref, "WRONG FILE OWNER", path);
		if (st->mode & (S_IWGRP | S_IWOTH))
			return refuse(ref, "BAD FILE MODE", path);
	}
	if (st->nlink != 1)
		return refuse(ref, "NUMBER OF HARD LINKS > 1", path);
	if (st->size > CT_FILE_MAX)
		return too_big(ref, path);
	return FC_OK;
}

/* Errors that say nothing about the file, only about crond's means. */
static bool
transient(int e)
{
	return e == ENOMEM || e == EMFILE || e == ENFILE || e == EINTR ||
	    e == EAGAIN;
}

enum fc_result
fc_read(int dirfd, const char *name, const char *path,
    const struct fc_rules *rules, const struct fc_state *peek,
    struct fc_state *st, char **buf, size_t *len, struct fc_refusal *ref)
{
	enum fc_result res;
	struct stat sb;
	int fd, e;

	*buf = NULL;
	*len = 0;
	*st = *peek;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		e = errno;
		if (e == ENOENT || e == ENOTDIR)
			return FC_GONE;
		if (transient(e))
			return FC_AGAIN;
		/* O_NOFOLLOW on a symlink: Linux says ELOOP, BSDs EMLINK. */
		if (e == ELOOP || e == EMLINK || S_ISLNK(peek->mode))
			return refuse(ref, "NOT REGULAR FILE", path);
		return unreadable(ref, path, "cannot open: %s", strerror(e));
	}
	if (fstat(fd, &sb) == -1) {
		e = errno;
		close(fd);
		if (transient(e))
			return FC_AGAIN;
		return unreadable(ref, path, "cannot stat: %s", strerror(e));
	}
	fc_state_from(st, &sb);
	if (sb.st_nlink == 0) {		/* removed since it was listed */
		close(fd);
		return FC_GONE;
	}
	if ((res = judge(st, path, rules, ref)) != FC_OK) {
		close(fd);
		return res;
	}
	if (readall_fd(fd, CT_FILE_MAX, buf, len) == -1) {
		e = errno;
		close(fd);
		if (transient(e))
			return FC_AGAIN;
		/* EFBIG: it grew past the limit since it was judged. */
		if (e == EFBIG)
			return too_big(ref, path);
		return unreadable(ref, path, "cannot read: %s", strerror(e));
	}
	close(fd);
	return FC_OK;
}

static bool
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

enum fc_name
fc_crond_name(const char *name, const char **why)
{
	size_t n = strlen(name), i;

	*why = NULL;
	for (i = 0; i < n && name_char(name[i]); i++)
		;
	if (i == n && n > 0)
		return FC_NAME_OK;
	if (i > 0 && strcmp(name + i, ".ini") == 0)
		return FC_NAME_INI;
	if (name[0] == '.')
		*why = "a dot-file";
	else if (strchr(name, '~') != NULL)
		*why = "a backup file ('~')";
	else if (strstr(name, ".dpkg-") != NULL ||
	    strstr(name, ".rpm") != NULL || strstr(name, ".ucf-") != NULL)
		*why = "a package manager's leftover";
	else if (ends_with(name, n, ".swp") || ends_with(name, n, ".bak") ||
	    ends_with(name, n, ".orig") || ends_with(name, n, ".tmp"))
		*why = "an editor's or backup leftover";
	else
		*why = "a character outside [A-Za-z0-9_-]";
	return FC_NAME_IGNORED;
}
