/*
 * history.c: the run history's writer and reader.  The writer holds the
 * one invariant of the file: it only ever contains whole lines, each put
 * there by a single write(2) on an O_APPEND descriptor.  The line format
 * is histline.c's.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "errmsg.h"

struct hist {
	char	*path;
	int	 fd;
	dev_t	 dev;		/* identity of the open file, to see rotation */
	ino_t	 ino;
};

/* ---- the writer ---- */

/* Why opening path failed, in words better than ELOOP or ENXIO. */
static int
open_failed(const char *path, int saved, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return errmsg(err, errlen, "%s: is a symbolic link, refused",
		    path);
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return errmsg(err, errlen, "%s: not a regular file", path);
	return errmsg(err, errlen, "%s: %s", path, strerror(saved));
}

/*
 * Opens path for appending into *fd and its identity into *st.  O_NONBLOCK
 * only for the open: a FIFO planted at path must not hang the daemon.
 */
static int
open_append(const char *path, int *fdp, struct stat *st, char *err,
    size_t errlen)
{
	int fd, fl;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0640);
	if (fd == -1)
		return open_failed(path, errno, err, errlen);
	if (fstat(fd, st) == -1) {
		errmsg(err, errlen, "%s: %s", path, strerror(errno));
		goto bad;
	}
	if (!S_ISREG(st->st_mode)) {
		errmsg(err, errlen, "%s: not a regular file", path);
		goto bad;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		errmsg(err, errlen, "%s: %s", path, strerror(errno));
		goto bad;
	}
	*fdp = fd;
	return 0;
bad:
	close(fd);
	return -1;
}

struct hist *
hist_open(const char *path, char *err, size_t errlen)
{
	struct hist *h;
	struct stat st;

	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (h->path = strdup(path)) == NULL) {
		errmsg(err, errlen, "%s: %s", path, strerror(errno));
		free(h);
		return NULL;
	}
	if (open_append(path, &h->fd, &st, err, errlen) == -1) {
		free(h->path);
		free(h);
		return NULL;
	}
	h->dev = st.st_dev;
	h->ino = st.st_ino;
	return h;
}

int
hist_reopen(struct hist *h, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (open_append(h->path, &fd, &st, err, errlen) == -1)
		return -1;
	close(h->fd);
	h->fd = fd;
	h->dev = st.st_dev;
	h->ino = st.st_ino;
	return 0;
}

void
hist_free(struct hist *h)
{
	if (h == NULL)
		return;
	close(h->fd);
	free(h->path);
	free(h);
}

/*
 * Makes sure h->fd is the file the path names now: after logrotate moved
 * it away or someone removed it, a new file is opened.  One lstat per
 * line is the price of never writing into a rotated file.
 */
static int
follow_path(struct hist *h, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(h->path, &st) == -1) {
		if (errno == ENOENT)
			return hist_reopen(h, err, errlen);
		return errmsg(err, errlen, "%s: %s", h->path, strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return errmsg(err, errlen, "%s: is a symbolic link, not writing",
		    h->path);
	if (st.st_dev != h->dev || st.st_ino != h->ino)
		return hist_reopen(h, err, errlen);
	return 0;
}

/*
 * A write that stopped short (disk full, file size limit) left the start
 * of a line: cut the file back to where it began.  The start comes from
 * the offset O_APPEND left us at rather than an fstat before the write,
 * which another writer could have made stale.
 */
static int
undo_short(struct hist *h, size_t done, size_t len, char *err,
    size_t errlen)
{
	off_t end;

	if (done > 0) {
		if ((end = lseek(h->fd, 0, SEEK_CUR)) == -1 ||
		    ftruncate(h->fd, end - (off_t)done) == -1)
			return errmsg(err, errlen, "%s: short write (%zu of %zu "
			    "bytes) not removed: %s", h->path, done, len,
			    strerror(errno));
	}
	return errmsg(err, errlen, "%s: short write (%zu of %zu bytes; disk "
	    "full or file too large), line dropped", h->path, done, len);
}

int
hist_append(struct hist *h, const struct hist_record *r, char *err,
    size_t errlen)
{
	char line[HIST_LINE_MAX];
	ssize_t len, n;

	if ((len = hist_format(r, line, sizeof(line), err, errlen)) == -1)
		return -1;
	if (follow_path(h, err, errlen) == -1)
		return -1;
	/* one write: a line is either all in the file or not at all */
	n = write(h->fd, line, len);
	if (n == len)
		return 0;
	if (n == -1)
		return errmsg(err, errlen, "%s: %s", h->path, strerror(errno));
	return undo_short(h, n, len, err, errlen);
}

/* ---- the reader ---- */

enum line_kind {
	LINE_EOF,
	LINE_OK,
	LINE_LONG,		/* longer than the buffer; the rest skipped */
	LINE_PARTIAL,		/* the file ends without a '\n' */
	LINE_NUL		/* holds a NUL byte */
};

/* Reads one line into buf, never more than size - 1 bytes of it. */
static enum line_kind
read_line(FILE *fp, char *buf, size_t size)
{
	size_t n = 0;
	int c, nul = 0, toolong = 0;

	while ((c = getc_unlocked(fp)) != EOF && c != '\n') {
		if (c == '\0')
			nul = 1;
		if (n < size - 1)
			buf[n++] = c;
		else
			toolong = 1;
	}
	buf[n] = '\0';
	if (c == EOF && n == 0)
		return LINE_EOF;
	if (toolong)
		return LINE_LONG;
	if (c == EOF)
		return LINE_PARTIAL;
	return nul ? LINE_NUL : LINE_OK;
}

/* Hands one line to fn: its record, or why it was skipped. */
static int
scan_one(enum line_kind k, const char *line, unsigned long lineno,
    hist_scan_fn *fn, void *ctx)
{
	struct hist_record r;
	char msg[256];

	switch (k) {
	case LINE_LONG:
		snprintf(msg, sizeof(msg), "line longer than %d bytes",
		    HIST_LINE_MAX - 1);
		break;
	case LINE_PARTIAL:
		snprintf(msg, sizeof(msg), "incomplete last line (no newline)");
		break;
	case LINE_NUL:
		snprintf(msg, sizeof(msg), "NUL byte in line");
		break;
	default:
		if (hist_parse(line, &r, msg, sizeof(msg)) == 0)
			return fn(ctx, lineno, &r, NULL);
		break;
	}
	return fn(ctx, lineno, NULL, msg);
}

int
hist_scan(const char *path, hist_scan_fn *fn, void *ctx, char *err,
    size_t errlen)
{
	char line[HIST_LINE_MAX];
	enum line_kind k;
	unsigned long lineno = 0;
	struct stat st;
	FILE *fp;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK)) == -1)
		return open_failed(path, errno, err, errlen);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return errmsg(err, errlen, "%s: not a regular file", path);
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return errmsg(err, errlen, "%s: %s", path, strerror(errno));
	}
	while (rc == 0 && (k = read_line(fp, line, sizeof(line))) != LINE_EOF)
		rc = scan_one(k, line, ++lineno, fn, ctx);
	if (rc == 0 && ferror(fp))
		rc = errmsg(err, errlen, "%s: %s", path, strerror(errno));
	fclose(fp);
	return rc;
}
