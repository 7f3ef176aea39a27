/*
 * database.c: the crontabs crond runs, kept in step with the files.  One
 * record per file seen (a red-black tree keyed by the core's source name:
 * the user for a spool file, the path for a system file or an ignored
 * cron.d name).  A record remembers the state of the file it last judged;
 * a scan costs one lstat per file (and a passwd lookup per spool file)
 * and judges, reads and parses only files whose state moved, so each
 * refusal and each bad line is logged once per state.
 *
 * Ownership: a record owns its loaded crontab and a reference on each
 * CRON_TZ zone its jobs use; the core borrows the entries (as refs) and
 * the zones.  A new copy is loaded into the core before the old one is
 * freed, and a local zone that was replaced is kept (retired) until no
 * record's jobs use it.  dbload.c turns a parsed crontab into the core's
 * jobs; this file finds, judges and reads the files.
 */
#include "config.h"

#include <sys/tree.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "dbint.h"

static int
file_cmp(struct db_file *a, struct db_file *b)
{
	return strcmp(a->key, b->key);
}

/* glibc lacks the __unused that RB_GENERATE_STATIC expects. */
#define DB_RB_ATTR	__attribute__((__unused__)) static
RB_PROTOTYPE_INTERNAL(file_tree, db_file, entry, file_cmp, DB_RB_ATTR)
RB_GENERATE_INTERNAL(file_tree, db_file, entry, file_cmp, DB_RB_ATTR)

/*
 * Moves every loaded record still on a retired local zone to the current
 * one, then frees the retired zones.  -1 if out of memory (retried at the
 * next scan).
 */
static int
relocalize(struct db *db, int64_t now)
{
	struct db_file *f;
	size_t i;

	RB_FOREACH(f, file_tree, &db->files) {
		if (f->tab.ct == NULL || f->local == db->local)
			continue;
		if (db_load_tab(db, f, f->tab.ct, false, now) == -1)
			return -1;
	}
	for (i = 0; i < db->nretired; i++)
		tz_free(db->retired[i]);
	free(db->retired);
	db->retired = NULL;
	db->nretired = 0;
	return 0;
}

/* --- records ---------------------------------------------------------- */

static struct db_file *
file_find(const struct db *db, const char *key)
{
	struct db_file k;

	k.key = (char *)key;
	return RB_FIND(file_tree, (struct file_tree *)&db->files, &k);
}

static struct db_file *
file_add(struct db *db, const char *key, const char *path,
    enum origin origin, bool ignored)
{
	struct db_file *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	if ((f->key = strdup(key)) == NULL ||
	    (f->path = strdup(path)) == NULL) {
		free(f->key);
		free(f);
		return NULL;
	}
	f->origin = origin;
	f->ignored = ignored;
	f->tab.source = f->key;
	f->tab.path = f->path;
	f->tab.owner = db_file_owner(f);
	f->tab.system = origin != FROM_SPOOL;
	RB_INSERT(file_tree, &db->files, f);
	return f;
}

/* Drops f's jobs and forgets it; 1 if it had any loaded. */
static int
file_remove(struct db *db, struct db_file *f)
{
	int r = db_drop_tab(db, f);

	RB_REMOVE(file_tree, &db->files, f);
	free(f->key);
	free(f->path);
	free(f);
	return r;
}

/* --- judging one file ------------------------------------------------- */

struct scan {
	int64_t	now;
	int	count;		/* sources loaded or dropped */
	bool	failed;		/* out of memory or fds somewhere */
	bool	force;		/* judge files whose state did not move too */
};

static void
judged(struct db_file *f, const struct fc_state *st, bool pw_found,
    uid_t pw_uid)
{
	f->judged = true;
	f->peek_errno = 0;
	f->st = *st;
	f->pw_found = pw_found;
	f->pw_uid = pw_uid;
}

/*
 * Reads, checks and loads f, whose state (or its user's) moved.  Returns
 * 1 if its source was loaded or dropped, 0 if not, -1 to try again at the
 * next scan (nothing recorded), -2 if the file is gone.
 */
static int
judge(struct db *db, struct db_file *f, int dirfd, const char *name,
    const struct fc_state *peek, bool pw_found, uid_t pw_uid, int64_t now)
{
	struct fc_rules rules;
	struct fc_refusal ref;
	struct fc_state st;
	struct crontab *ct;
	char *buf;
	size_t len;
	bool keep;

	if (!pw_found) {
		db_logf(db, LOG_WARNING, f->key, "ORPHAN", "no passwd entry");
		judged(f, peek, pw_found, pw_uid);
		return db_drop_tab(db, f);
	}
	rules.kind = f->origin == FROM_SPOOL ? FC_SPOOL : FC_SYSTEM;
	rules.owner = f->origin == FROM_SPOOL && !db->user_mode ? pw_uid :
	    db->uid;
	switch (fc_read(dirfd, name, f->path, &rules, peek, &st, &buf, &len,
	    &ref)) {
	case FC_GONE:
		return -2;
	case FC_AGAIN:
		return -1;
	case FC_REFUSED:
		/* Unreadable is as unparsable: a user crontab keeps its copy. */
		keep = ref.unread && f->origin == FROM_SPOOL &&
		    f->tab.ct != NULL;
		db_logf(db, ref.priority, db_file_owner(f), ref.tag, "%s%s",
		    ref.text, keep ? "; the previous copy stays in effect" :
		    "");
		judged(f, &st, pw_found, pw_uid);
		return keep ? 0 : db_drop_tab(db, f);
	case FC_OK:
		break;
	}
	ct = crontab_parse(buf, len, f->origin == FROM_SPOOL ? 0 : CT_SYSTEM,
	    db->rnd);
	free(buf);
	if (ct == NULL)
		return -1;
	if (f->origin == FROM_SPOOL && ct->nerrors_total > 0) {
		/* A user crontab loads whole or not at all. */
		db_log_errors(db, f, ct);
		db_logf(db, LOG_ERR, f->key, "ERROR", "%s: not loaded (%zu "
		    "error%s)%s", f->path, ct->nerrors_total,
		    ct->nerrors_total == 1 ? "" : "s", f->tab.ct != NULL ?
		    "; the previous copy stays in effect" : "");
		crontab_free(ct);
		judged(f, &st, pw_found, pw_uid);
		return 0;
	}
	db_log_errors(db, f, ct);
	if (db_load_tab(db, f, ct, true, now) == -1) {
		crontab_free(ct);
		return -1;
	}
	db_logf(db, LOG_INFO, db_file_owner(f), "RELOAD", "%s", f->path);
	judged(f, &st, pw_found, pw_uid);
	return 1;
}

/*
 * One file that may hold a crontab: dirfd/name, known as key (its source
 * name) and path.  Marks its record seen unless it is gone.
 */
static void
scan_file(struct db *db, int dirfd, const char *name, const char *key,
    const char *path, enum origin origin, struct scan *sc)
{
	struct db_file *f = file_find(db, key);
	struct fc_state peek;
	struct db_user u;
	bool found = true;
	int r, e;

	if (f != NULL && f->origin != origin)
		return;			/* the same file named twice */
	memset(&peek, 0, sizeof(peek));
	e = fc_peek(dirfd, name, &peek) == -1 ? errno : 0;
	if (e == ENOENT || e == ENOTDIR)
		return;
	if (f == NULL && (f = file_add(db, key, path, origin,
	    false)) == NULL) {
		sc->failed = true;
		return;
	}
	f->gen = db->gen;
	if (e != 0) {
		if (e == ENOMEM) {
			sc->failed = true;
		} else if (!f->judged || f->peek_errno != e) {
			db_logf(db, LOG_ERR, db_file_owner(f), "ERROR", "%s: %s",
			    path, strerror(e));
			f->judged = true;
			f->peek_errno = e;
		}
		return;
	}
	memset(&u, 0, sizeof(u));
	if (origin == FROM_SPOOL && !db->user_mode) {
		/* A passwd outage must not stop everyone's jobs. */
		if ((r = db->getpw(db->getpw_arg, key, &u)) < -1)
			return;
		found = r == 0;
	}
	if (!sc->force && f->judged && f->peek_errno == 0 &&
	    fc_same(&f->st, &peek) &&
	    f->pw_found == found && (!found || f->pw_uid == u.uid))
		return;
	switch ((r = judge(db, f, dirfd, name, &peek, found, u.uid,
	    sc->now))) {
	case -1:
		sc->failed = true;
		break;
	case -2:
		f->gen = 0;		/* swept at the end of the scan */
		break;
	default:
		sc->count += r;
	}
}

/* A cron.d entry: a system file, or a name ignored (logged once). */
static void
scan_crond(struct db *db, int dirfd, const char *name, const char *path,
    struct scan *sc)
{
	struct db_file *f;
	const char *why;
	enum fc_name k;

	if ((k = fc_crond_name(name, &why)) == FC_NAME_OK) {
		scan_file(db, dirfd, name, path, path, FROM_CROND, sc);
		return;
	}
	if ((f = file_find(db, path)) == NULL) {
		if ((f = file_add(db, path, path, FROM_CROND, true)) == NULL) {
			sc->failed = true;
			return;
		}
		if (k == FC_NAME_INI)
			db_logf(db, LOG_DEBUG, DB_SYSTEM_USER, "ERROR", "%s: "
			    "ignored: INI jobs are not read yet", path);
		else
			db_logf(db, LOG_DEBUG, DB_SYSTEM_USER, "ERROR", "%s: "
			    "ignored: %s", path, why);
	}
	f->gen = db->gen;
}

/* Keeps every record from a folder that could not be read this time. */
static void
keep_origin(struct db *db, enum origin origin)
{
	struct db_file *f;

	RB_FOREACH(f, file_tree, &db->files)
		if (f->origin == origin)
			f->gen = db->gen;
}

static void
dir_failed(struct db *db, const char *dir, enum origin origin, int e,
    struct scan *sc)
{
	if (e == ENOENT || e == ENOTDIR) {
		db->dir_errno[origin] = 0;
		return;			/* no folder: no files */
	}
	keep_origin(db, origin);
	if (e == ENOMEM || e == EMFILE || e == ENFILE) {
		sc->failed = true;
		return;
	}
	if (db->dir_errno[origin] != e)
		db_logf(db, LOG_ERR, DB_SYSTEM_USER, "ERROR", "%s: %s", dir,
		    strerror(e));
	db->dir_errno[origin] = e;
}

static void
scan_dir(struct db *db, const char *dir, enum origin origin,
    struct scan *sc)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = NULL;
	int fd, n;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (d = fdopendir(fd)) == NULL) {
		dir_failed(db, dir, origin, errno, sc);
		if (fd != -1)
			close(fd);
		return;
	}
	db->dir_errno[origin] = 0;
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		/* Dot-files: ".", "..", and crontab(1)'s ".tmp.*". */
		if (origin == FROM_SPOOL && de->d_name[0] == '.')
			continue;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (n < 0 || (size_t)n >= sizeof(path))
			continue;
		if (origin == FROM_SPOOL)
			scan_file(db, dirfd(d), de->d_name, de->d_name, path,
			    origin, sc);
		else
			scan_crond(db, dirfd(d), de->d_name, path, sc);
	}
	if (errno != 0)
		dir_failed(db, dir, origin, errno, sc);
	closedir(d);
}

/* --- the interface ---------------------------------------------------- */

static char *
dup_or_null(const char *s, bool *failed)
{
	char *d;

	if (s == NULL || *s == '\0')
		return NULL;
	if ((d = strdup(s)) == NULL)
		*failed = true;
	return d;
}

/* Takes in a new local zone; the old one retires. */
static int
local_set(struct db *db, struct tz *z)
{
	struct tz **nr;

	if (db->local != NULL) {
		if ((nr = reallocarray(db->retired, db->nretired + 1,
		    sizeof(*nr))) == NULL) {
			tz_free(z);
			return -1;
		}
		db->retired = nr;
		db->retired[db->nretired++] = db->local;
	}
	db->local = z;
	return 0;
}

/* 1 if the local zone changed, 0 if not, -1 if out of memory. */
static int
local_refresh(struct db *db)
{
	struct tz *z;
	char err[PATH_MAX + 256];
	int r;

	switch ((r = lz_refresh(db->lz, &z, err, sizeof(err)))) {
	case -2:
		return -1;
	case -1:
		db_logf(db, LOG_ERR, DB_SYSTEM_USER, "ERROR", "%s%s", err,
		    db->local != NULL ? ": keeping the zone in use" :
		    ": using UTC");
		if (db->local == NULL)
			db->local = tz_utc();
		return 0;
	case 0:
		return 0;
	}
	return local_set(db, z) == -1 ? -1 : r;
}

struct db *
db_new(const struct db_config *cfg, struct sched *s, char *err,
    size_t errlen)
{
	struct db *db;
	bool failed = false;

	if (cfg->user_mode ? cfg->user == NULL || *cfg->user == '\0' :
	    cfg->getpw == NULL) {
		snprintf(err, errlen, "%s", cfg->user_mode ? "user mode "
		    "without a user name" : "root mode without a passwd "
		    "lookup");
		return NULL;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL)
		goto nomem;
	RB_INIT(&db->files);
	db->spool = dup_or_null(cfg->spool, &failed);
	db->crontab = dup_or_null(cfg->crontab, &failed);
	db->crond_d = dup_or_null(cfg->crond_d, &failed);
	db->user = dup_or_null(cfg->user, &failed);
	db->user_mode = cfg->user_mode;
	db->uid = cfg->uid;
	db->getpw = cfg->getpw;
	db->getpw_arg = cfg->getpw_arg;
	db->log = cfg->log;
	db->log_arg = cfg->log_arg;
	db->rnd = cfg->rnd;
	db->s = s;
	if (failed || (db->lz = lz_new(cfg->localtime)) == NULL ||
	    local_refresh(db) == -1)
		goto nomem;
	return db;
nomem:
	snprintf(err, errlen, "%s", strerror(ENOMEM));
	db_free(db);
	return NULL;
}

void
db_free(struct db *db)
{
	struct db_file *f, *tmp;
	size_t i;

	if (db == NULL)
		return;
	RB_FOREACH_SAFE(f, file_tree, &db->files, tmp)
		(void)file_remove(db, f);
	db_zone_gc(db);
	for (i = 0; i < db->nretired; i++)
		tz_free(db->retired[i]);
	free(db->retired);
	tz_free(db->local);
	lz_free(db->lz);
	free(db->spool);
	free(db->crontab);
	free(db->crond_d);
	free(db->user);
	free(db);
}

static int
scan_all(struct db *db, int64_t now, bool force)
{
	struct scan sc = { now, 0, false, force };
	struct db_file *f, *tmp;
	char path[PATH_MAX];
	int n;

	db->gen++;
	if (db->spool != NULL && !db->user_mode)
		scan_dir(db, db->spool, FROM_SPOOL, &sc);
	else if (db->spool != NULL) {
		n = snprintf(path, sizeof(path), "%s/%s", db->spool,
		    db->user);
		if (n > 0 && (size_t)n < sizeof(path))
			scan_file(db, AT_FDCWD, path, db->user, path,
			    FROM_SPOOL, &sc);
	}
	if (db->crontab != NULL)
		scan_file(db, AT_FDCWD, db->crontab, db->crontab, db->crontab,
		    FROM_CRONTAB, &sc);
	if (db->crond_d != NULL)
		scan_dir(db, db->crond_d, FROM_CROND, &sc);
	RB_FOREACH_SAFE(f, file_tree, &db->files, tmp)
		if (f->gen != db->gen)
			sc.count += file_remove(db, f);
	if (db->nretired > 0 && relocalize(db, now) == -1)
		sc.failed = true;
	return sc.failed ? -1 : sc.count;
}

int
db_scan(struct db *db, int64_t now)
{
	return scan_all(db, now, false);
}

int
db_rescan(struct db *db, int64_t now)
{
	return scan_all(db, now, true);
}

int
db_zone_changed(struct db *db, int64_t now)
{
	int r;

	if ((r = local_refresh(db)) == -1)
		return -1;
	if (db->nretired > 0 && relocalize(db, now) == -1)
		return -1;
	return r;
}

const struct db_tab *
db_tab(const struct db *db, const char *source)
{
	const struct db_file *f = file_find(db, source);

	return f != NULL && f->tab.ct != NULL ? &f->tab : NULL;
}

const struct tz *
db_localtime(const struct db *db)
{
	return db->local;
}

size_t
db_count(const struct db *db)
{
	return db->nloaded;
}
