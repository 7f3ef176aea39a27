/*
 * state.c: crond's files under the state folder.  Small files are
 * replaced whole (temporary file, fsync, rename), so a crash leaves the
 * old or the new content, never a mix.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "state.h"

#define STATE_SMALL_MAX	128	/* bytes read from a state file */

int
state_prepare(const char *dir, char *err, size_t errlen)
{
	char out[4096];

	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return errmsg(err, errlen, "%s: %s", dir, strerror(errno));
	if ((size_t)snprintf(out, sizeof(out), "%s/output", dir) >= sizeof(out))
		return errmsg(err, errlen, "%s: path too long", dir);
	if (mkdir(out, 0700) == -1 && errno != EEXIST)
		return errmsg(err, errlen, "%s: %s", out, strerror(errno));
	return 0;
}

/* Reads a small file into buf, without its trailing newline; -1 if none. */
static int
read_small(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

/* Replaces path with text + newline, atomically. */
static int
write_small(const char *path, const char *text, char *err, size_t errlen)
{
	char tmp[4200], line[STATE_SMALL_MAX + 2];
	size_t len;
	int fd, saved;

	len = (size_t)snprintf(line, sizeof(line), "%s\n", text);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", path) >= sizeof(tmp))
		return errmsg(err, errlen, "%s: path too long", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return errmsg(err, errlen, "%s: %s", tmp, strerror(errno));
	if (write(fd, line, len) != (ssize_t)len || fsync(fd) == -1) {
		saved = errno ? errno : EIO;
		close(fd);
		unlink(tmp);
		return errmsg(err, errlen, "%s: %s", tmp, strerror(saved));
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		return errmsg(err, errlen, "%s: %s", path, strerror(saved));
	}
	return 0;
}

int
state_new_boot(const char *dir, const char *boot_id_path, bool *newboot,
    char *err, size_t errlen)
{
	char path[4096], now[STATE_SMALL_MAX], stored[STATE_SMALL_MAX];
	bool have_stored;

	*newboot = false;
	if ((size_t)snprintf(path, sizeof(path), "%s/boot-id", dir) >=
	    sizeof(path))
		return errmsg(err, errlen, "%s: path too long", dir);
	have_stored = read_small(path, stored, sizeof(stored)) == 0;
	if (read_small(boot_id_path, now, sizeof(now)) == -1 || *now == '\0')
		/* No boot id: only the first start ever counts as a boot. */
		strlcpy(now, "unknown", sizeof(now));
	if (have_stored && strcmp(stored, now) == 0)
		return 0;
	if (write_small(path, now, err, errlen) == -1)
		return -1;
	*newboot = true;
	return 0;
}

static int
runids_store(struct state_runids *r, char *err, size_t errlen)
{
	char text[32];

	snprintf(text, sizeof(text), "%" PRIu64, r->next + STATE_RUNID_BLOCK);
	if (write_small(r->path, text, err, errlen) == -1)
		return -1;
	r->limit = r->next + STATE_RUNID_BLOCK;
	return 0;
}

int
state_runids_open(struct state_runids *r, const char *dir, uint64_t at_least,
    char *err, size_t errlen)
{
	char text[STATE_SMALL_MAX], *end;
	unsigned long long v;

	memset(r, 0, sizeof(*r));
	if ((size_t)snprintf(r->path, sizeof(r->path), "%s/run-id", dir) >=
	    sizeof(r->path))
		return errmsg(err, errlen, "%s: path too long", dir);
	r->next = at_least + 1;
	if (read_small(r->path, text, sizeof(text)) == 0) {
		errno = 0;
		v = strtoull(text, &end, 10);
		if (errno == 0 && *end == '\0' && end != text && v > r->next &&
		    v < UINT64_MAX / 2)
			r->next = v;
	}
	return runids_store(r, err, errlen);
}

uint64_t
state_runid(struct state_runids *r, char *err, size_t errlen)
{
	if (r->next >= r->limit && runids_store(r, err, errlen) == -1)
		return 0;
	return r->next++;
}

/* Starts seen in the history and not yet ended, in file order. */
struct lost_scan {
	struct hist_record	*open;
	size_t			 nopen;
	size_t			 cap;
	uint64_t		 maxid;
	int			 oom;
};

static int
lost_scan_line(void *ctx, unsigned long lineno, const struct hist_record *r,
    const char *error)
{
	struct lost_scan *ls = ctx;
	struct hist_record *v;
	size_t i;

	(void)lineno;
	(void)error;
	if (r == NULL || r->run == 0)
		return 0;
	if (r->run > ls->maxid)
		ls->maxid = r->run;
	if (r->event == HIST_START) {
		if (ls->nopen == ls->cap) {
			v = reallocarray(ls->open, ls->cap ? ls->cap * 2 : 16,
			    sizeof(*v));
			if (v == NULL) {
				ls->oom = 1;
				return 1;
			}
			ls->open = v;
			ls->cap = ls->cap ? ls->cap * 2 : 16;
		}
		ls->open[ls->nopen++] = *r;
		return 0;
	}
	/* Any later line of the run (end, error) closes it. */
	for (i = ls->nopen; i-- > 0;)
		if (ls->open[i].run == r->run) {
			ls->open[i] = ls->open[--ls->nopen];
			break;
		}
	return 0;
}

long
state_record_lost(const char *path, struct hist *h, struct hist_time now,
    uint64_t *maxid, char *err, size_t errlen)
{
	struct lost_scan ls = { 0 };
	struct hist_record end;
	long n = 0;
	size_t i;
	int rc;

	*maxid = 0;
	rc = hist_scan(path, lost_scan_line, &ls, err, errlen);
	if (rc == -1 && access(path, F_OK) == -1 && errno == ENOENT)
		rc = 0;
	if (ls.oom)
		rc = errmsg(err, errlen, "%s: out of memory", path);
	for (i = 0; rc == 0 && i < ls.nopen; i++) {
		end = ls.open[i];
		end.time = now;
		end.event = HIST_END;
		end.outcome = HIST_OUT_LOST;
		end.status.kind = HIST_STATUS_NONE;
		end.duration = -1;
		if (hist_append(h, &end, err, errlen) == -1)
			rc = -1;
		else
			n++;
	}
	*maxid = ls.maxid;
	free(ls.open);
	return rc == 0 ? n : -1;
}
