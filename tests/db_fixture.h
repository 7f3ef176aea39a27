/*
 * db_fixture.h: what the crontab-database suites share: a private folder
 * (under the current directory, the build tree in make check) holding the
 * spool, cron.d, the system crontab and the local zone; a passwd table that
 * gives alice and bob the uid running the suite; the lines the database
 * logs; file writers; and lookups of the jobs it hands the scheduling core.
 * Each suite defines DB_FIXTURE_SUITE, the prefix of its folder's name.
 */
#ifndef DB_FIXTURE_H
#define DB_FIXTURE_H

#include <sys/stat.h>
#include <sys/types.h>

#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "database.h"

#ifndef DB_FIXTURE_SUITE
#error "define DB_FIXTURE_SUITE before including db_fixture.h"
#endif

#define H	INT64_C(3600)
/* 2024-01-01T00:00:00Z, a Monday; New York is UTC-5, Berlin UTC+1. */
#define T0	INT64_C(1704067200)
#define NOW	(T0 + 10)
#define ZONEINFO "/usr/share/zoneinfo"

struct logged {
	int	 prio;
	char	*line;		/* "(user) TAG (text)" */
};

static struct {
	char			 dir[PATH_MAX];
	char			 spool[PATH_MAX];
	char			 crond_d[PATH_MAX];
	char			 crontab[PATH_MAX];
	char			 localtime[PATH_MAX];
	struct db_config	 cfg;
	struct spec_rand	 rnd;
	uint32_t		 picks;
	uid_t			 alice_uid;
	bool			 passwd_down;	/* alice's lookup fails */
	struct sched		*s;
	struct db		*db;
	struct logged		*log;
	size_t			 nlog;
} fx;

/* '~' picks 0, 1, 2, ...: each parse of a file picks anew. */
static uint32_t
count_uniform(void *ctx, uint32_t bound)
{
	return fx.picks++ % bound;
}

static int
table_getpw(void *arg, const char *name, struct db_user *u)
{
	if (strcmp(name, "alice") == 0 && fx.passwd_down)
		return -2;
	if (strcmp(name, "alice") == 0)
		u->uid = fx.alice_uid;
	else if (strcmp(name, "bob") == 0)
		u->uid = getuid();
	else
		return -1;
	u->gid = getgid();
	return 0;
}

static void
record_log(void *arg, int prio, const char *user, const char *tag,
    const char *text)
{
	struct logged *l;
	char buf[8192];

	snprintf(buf, sizeof(buf), "(%s) %s (%s)", user, tag, text);
	l = reallocarray(fx.log, fx.nlog + 1, sizeof(*l));
	ck_assert_ptr_nonnull(l);
	fx.log = l;
	fx.log[fx.nlog].prio = prio;
	ck_assert_ptr_nonnull(fx.log[fx.nlog].line = strdup(buf));
	fx.nlog++;
}

/* Lines logged exactly as fmt says, at prio (-1: any). */
static size_t __attribute__((format(printf, 2, 3)))
logged(int prio, const char *fmt, ...)
{
	char want[8192];
	va_list ap;
	size_t i, n = 0;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	for (i = 0; i < fx.nlog; i++)
		if ((prio == -1 || fx.log[i].prio == prio) &&
		    strcmp(fx.log[i].line, want) == 0)
			n++;
	return n;
}

static size_t __attribute__((unused))
logged_at(int prio)
{
	size_t i, n = 0;

	for (i = 0; i < fx.nlog; i++)
		n += fx.log[i].prio == prio;
	return n;
}

static const char *
in_dir(char *buf, const char *rel)
{
	int n = snprintf(buf, PATH_MAX, "%s/%s", fx.dir, rel);

	ck_assert(n > 0 && n < PATH_MAX);
	return buf;
}

/* Writes fx.dir/rel whole, with mode, the way crontab(1) does: rename. */
static void
put(const char *rel, const char *text, mode_t mode)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	size_t len = strlen(text);
	int fd;

	in_dir(tmp, ".put.tmp");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(rename(tmp, in_dir(path, rel)), 0);
}

static void __attribute__((unused))
copy_zone(const char *zone, const char *to)
{
	char from[PATH_MAX], *buf;
	FILE *f;
	long n;

	snprintf(from, sizeof(from), "%s/%s", ZONEINFO, zone);
	ck_assert_ptr_nonnull(f = fopen(from, "rb"));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	ck_assert_ptr_nonnull(buf = malloc((size_t)n + 1));
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	/* put() writes strings; zone files hold NULs: write by hand. */
	{
		char tmp[PATH_MAX], path[PATH_MAX];
		int fd;

		in_dir(tmp, ".zone.tmp");
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(write(fd, buf, (size_t)n), (ssize_t)n);
		ck_assert_int_eq(close(fd), 0);
		ck_assert_int_eq(rename(tmp, in_dir(path, to)), 0);
	}
	free(buf);
}

static void
fx_setup(bool user_mode)
{
	char cwd[PATH_MAX];

	memset(&fx, 0, sizeof(fx));
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_lt(snprintf(fx.dir, sizeof(fx.dir),
	    "%s/" DB_FIXTURE_SUITE ".XXXXXX", cwd), (int)sizeof(fx.dir));
	ck_assert_ptr_nonnull(mkdtemp(fx.dir));
	in_dir(fx.spool, "spool");
	in_dir(fx.crond_d, "cron.d");
	in_dir(fx.crontab, "crontab");
	in_dir(fx.localtime, "localtime");
	ck_assert_int_eq(mkdir(fx.spool, 0700), 0);
	ck_assert_int_eq(mkdir(fx.crond_d, 0755), 0);
	fx.alice_uid = getuid();
	fx.rnd.uniform = count_uniform;
	fx.cfg.spool = fx.spool;
	fx.cfg.crontab = fx.crontab;
	fx.cfg.crond_d = fx.crond_d;
	fx.cfg.localtime = fx.localtime;
	fx.cfg.user_mode = user_mode;
	fx.cfg.user = user_mode ? "alice" : NULL;
	/* Root mode: 0 as root; run as a user, system files are its own. */
	fx.cfg.uid = getuid();
	fx.cfg.getpw = table_getpw;
	fx.cfg.log = record_log;
	fx.cfg.rnd = &fx.rnd;
}

/* Opens the database, once the files a test starts with are written. */
static void
fx_open(void)
{
	char err[256];

	ck_assert_ptr_nonnull(fx.s = sched_new(NOW));
	fx.db = db_new(&fx.cfg, fx.s, err, sizeof(err));
	ck_assert_msg(fx.db != NULL, "db_new: %s", err);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void
fx_teardown(void)
{
	size_t i;

	db_free(fx.db);
	if (fx.s != NULL) {
		ck_assert_uint_eq(sched_job_count(fx.s), 0);
		sched_free(fx.s);
	}
	for (i = 0; i < fx.nlog; i++)
		free(fx.log[i].line);
	free(fx.log);
	(void)nftw(fx.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	memset(&fx, 0, sizeof(fx));
}

static struct sched_info
job(const char *source, size_t i)
{
	struct sched_info in;

	ck_assert_msg(sched_job_info(fx.s, source, i, &in), "no job %s %zu",
	    source, i);
	return in;
}

static const struct ct_entry *
job_entry(const char *source, size_t i)
{
	return job(source, i).ref;
}

#endif
