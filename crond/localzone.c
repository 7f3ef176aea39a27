/*
 * localzone.c: the local zone file and when it changed.  The signature is
 * the lstat of the path, the stat through it and the symlink target: all
 * equal means no change without reading a byte.  Otherwise the file is
 * read and compared with the bytes and name of the zone in use; only a
 * real difference yields a new zone.  The signature is taken before the
 * read, so a write racing the read shows up at the next look.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "filecheck.h"
#include "localzone.h"
#include "readall.h"

struct lz_sig {
	bool		 here;		/* lstat found the path */
	bool		 target_here;	/* stat through it found a file */
	struct fc_state	 lst;
	struct fc_state	 st;
	char		*link;		/* symlink target, or NULL */
};

struct lz {
	char		*path;		/* NULL: no file, UTC */
	bool		 have;		/* a zone was returned */
	bool		 signed_;	/* sig is valid */
	struct lz_sig	 sig;
	unsigned char	*data;		/* bytes of the zone in use */
	size_t		 len;		/* NULL data: UTC, no file */
	char		*name;
};

struct lz *
lz_new(const char *path)
{
	struct lz *lz;

	if ((lz = calloc(1, sizeof(*lz))) == NULL)
		return NULL;
	if (path != NULL && *path != '\0' &&
	    (lz->path = strdup(path)) == NULL) {
		free(lz);
		return NULL;
	}
	return lz;
}

void
lz_free(struct lz *lz)
{
	if (lz == NULL)
		return;
	free(lz->sig.link);
	free(lz->data);
	free(lz->name);
	free(lz->path);
	free(lz);
}

/* The signature of path now; -1 only when out of memory. */
static int
sig_take(const char *path, struct lz_sig *sig)
{
	char buf[PATH_MAX];
	struct stat sb;
	ssize_t n;

	memset(sig, 0, sizeof(*sig));
	if (lstat(path, &sb) == -1)
		return 0;
	sig->here = true;
	fc_state_from(&sig->lst, &sb);
	if (S_ISLNK(sb.st_mode) &&
	    (n = readlink(path, buf, sizeof(buf) - 1)) >= 0) {
		buf[n] = '\0';
		if ((sig->link = strdup(buf)) == NULL)
			return -1;
	}
	if (stat(path, &sb) == 0) {
		sig->target_here = true;
		fc_state_from(&sig->st, &sb);
	}
	return 0;
}

static bool
sig_same(const struct lz_sig *a, const struct lz_sig *b)
{
	if (a->here != b->here || a->target_here != b->target_here)
		return false;
	if (a->here && !fc_same(&a->lst, &b->lst))
		return false;
	if (a->target_here && !fc_same(&a->st, &b->st))
		return false;
	if ((a->link == NULL) != (b->link == NULL))
		return false;
	return a->link == NULL || strcmp(a->link, b->link) == 0;
}

/* The zone's name: the part of a symlink target after "zoneinfo/". */
static const char *
zone_name(const char *link)
{
	const char *p, *found = NULL;

	if (link == NULL)
		return "localtime";
	for (p = link; (p = strstr(p, "zoneinfo/")) != NULL; p++)
		if (p == link || p[-1] == '/')
			found = p + strlen("zoneinfo/");
	return found != NULL && *found != '\0' ? found : "localtime";
}

/*
 * Reads the zone file through any symlink.  0 with *data (NULL: no
 * file), -1 with err, -2 if out of memory.
 */
static int
read_zone(const char *path, unsigned char **data, size_t *len, char *err,
    size_t errlen)
{
	struct stat sb;
	char *buf;
	int fd, r;

	*data = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return errno == ENOMEM ? -2 : errmsg(err, errlen, "%s: %s",
		    path, strerror(errno));
	}
	if (fstat(fd, &sb) == -1)
		r = errmsg(err, errlen, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		r = errmsg(err, errlen, "%s: not a regular file", path);
	else if (sb.st_size > LZ_FILE_MAX)
		r = errmsg(err, errlen, "%s: too big for a zone file", path);
	else if (readall_fd(fd, LZ_FILE_MAX, &buf, len) == -1)
		/* EFBIG: grew past the limit while it was read */
		r = errno == ENOMEM ? -2 : errmsg(err, errlen, "%s: %s", path,
		    errno == EFBIG ? "too big for a zone file" :
		    strerror(errno));
	else {
		*data = (unsigned char *)buf;
		r = 0;
	}
	close(fd);
	return r;
}

int
lz_refresh(struct lz *lz, struct tz **tzp, char *err, size_t errlen)
{
	struct lz_sig sig;
	unsigned char *data = NULL;
	const char *name;
	char *nname = NULL, msg[256];
	struct tz *z;
	size_t len;
	int r;

	*tzp = NULL;
	if (lz->path == NULL) {
		if (lz->have)
			return 0;
		lz->have = true;
		*tzp = tz_utc();
		return 1;
	}
	if (sig_take(lz->path, &sig) == -1)
		return -2;
	if (lz->signed_ && sig_same(&sig, &lz->sig)) {
		free(sig.link);
		return 0;
	}
	free(lz->sig.link);
	lz->sig = sig;		/* from now on, this state has been seen */
	lz->signed_ = true;
	if ((r = read_zone(lz->path, &data, &len, err, errlen)) != 0)
		return r;
	name = data == NULL ? tz_name(tz_utc()) : zone_name(sig.link);
	if (lz->have && (data == NULL) == (lz->data == NULL) &&
	    len == lz->len && (len == 0 || memcmp(data, lz->data, len) == 0) &&
	    strcmp(name, lz->name) == 0) {
		free(data);
		return 0;
	}
	if ((nname = strdup(name)) == NULL) {
		free(data);
		return -2;
	}
	if (data == NULL)
		z = tz_utc();
	else if ((z = tz_parse_tzif(data, len, name, msg,
	    sizeof(msg))) == NULL) {
		free(data);
		free(nname);
		return errmsg(err, errlen, "%s: %s", lz->path, msg);
	}
	free(lz->data);
	free(lz->name);
	lz->data = data;
	lz->len = len;
	lz->name = nname;
	lz->have = true;
	*tzp = z;
	return 1;
}
