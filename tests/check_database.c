/*
 * check_database.c: the crontab database on real files in a private
 * folder (under the current directory, the build tree in make check):
 * which files load, which are refused and how each refusal is logged once
 * per state, what a reload keeps (a user crontab's last good copy, a '~'
 * pick, unchanged files untouched), CRON_TZ zones, a replaced local zone,
 * and user mode.  Files are owned by the uid running the suite, which the
 * passwd table gives to alice and bob; the wrong-owner case needs root.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <check.h>
#include <errno.h>
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
#include "tz.h"
#include "check_main.h"

#define H	INT64_C(3600)
/* 2024-01-01T00:00:00Z, a Monday; New York is UTC-5, Berlin UTC+1. */
#define T0	INT64_C(1704067200)
#define NOW	(T0 + 10)
#define ZONEINFO "/usr/share/zoneinfo"
#define OTHER_UID ((uid_t)12345)

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

static size_t
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

static void
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
	    "%s/check_database.XXXXXX", cwd), (int)sizeof(fx.dir));
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

/* ---- user crontabs ---- */

START_TEST(test_spool_load)
{
	const struct db_tab *tab;
	const struct crontab *ct;
	char path[PATH_MAX];

	fx_setup(false);
	put("spool/alice", "MAILTO=\"\"\n0 2 * * * /bin/a\n"
	    "30 * * * * /bin/b %in\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(db_count(fx.db), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 2);
	ck_assert_int_eq(job_entry("alice", 0)->line, 2);
	ck_assert_str_eq(job_entry("alice", 0)->command, "/bin/a");
	ck_assert_int_eq(job("alice", 0).due, T0 + 2 * H);
	ck_assert_str_eq(job_entry("alice", 1)->input, "in");
	ck_assert_int_eq(job("alice", 1).due, T0 + 30 * 60);

	ck_assert_ptr_nonnull(tab = db_tab(fx.db, "alice"));
	ck_assert_str_eq(tab->source, "alice");
	ck_assert_str_eq(tab->owner, "alice");
	ck_assert_str_eq(tab->path, in_dir(path, "spool/alice"));
	ck_assert(!tab->system);
	ck_assert_uint_eq(tab->ct->nentries, 2);
	ck_assert_ptr_eq(job("alice", 0).ref, &tab->ct->entries[0]);
	ck_assert_ptr_null(db_tab(fx.db, "bob"));
	ck_assert_uint_eq(logged(LOG_INFO, "(alice) RELOAD (%s)", path), 1);

	/* Nothing changed: nothing read, nothing logged. */
	ct = tab->ct;
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_ptr_eq(db_tab(fx.db, "alice")->ct, ct);
	ck_assert_uint_eq(fx.nlog, 1);
	fx_teardown();
}
END_TEST

START_TEST(test_bad_mode)
{
	char path[PATH_MAX];

	fx_setup(false);
	put("spool/alice", "0 2 * * * /bin/a\n", 0644);
	in_dir(path, "spool/alice");
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_WARNING, "(alice) BAD FILE MODE (%s)",
	    path), 1);
	ck_assert_uint_eq(fx.nlog, 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	ck_assert_ptr_null(db_tab(fx.db, "alice"));

	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	ck_assert_uint_eq(logged(LOG_INFO, "(alice) RELOAD (%s)", path), 1);

	/* Refused again: its jobs stop, and the new state is logged. */
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	ck_assert_uint_eq(db_count(fx.db), 0);
	ck_assert_uint_eq(logged(LOG_WARNING, "(alice) BAD FILE MODE (%s)",
	    path), 2);
	fx_teardown();
}
END_TEST

START_TEST(test_symlink_fifo)
{
	char path[PATH_MAX], link[PATH_MAX], fifo[PATH_MAX];

	fx_setup(false);
	put("target", "0 2 * * * /bin/a\n", 0600);
	ck_assert_int_eq(symlink("../target", in_dir(path, "spool/alice")), 0);
	ck_assert_int_eq(symlink("../target", in_dir(link, "cron.d/link")),
	    0);
	ck_assert_int_eq(mkfifo(in_dir(fifo, "cron.d/fifo"), 0644), 0);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_WARNING, "(alice) NOT REGULAR FILE (%s)",
	    path), 1);
	ck_assert_uint_eq(logged(LOG_WARNING,
	    "(*system*) NOT REGULAR FILE (%s)", link), 1);
	ck_assert_uint_eq(logged(LOG_WARNING,
	    "(*system*) NOT REGULAR FILE (%s)", fifo), 1);
	ck_assert_uint_eq(fx.nlog, 3);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	fx_teardown();
}
END_TEST

START_TEST(test_hard_link)
{
	char path[PATH_MAX], other[PATH_MAX];

	fx_setup(false);
	put("spool/alice", "0 2 * * * /bin/a\n", 0600);
	ck_assert_int_eq(link(in_dir(path, "spool/alice"),
	    in_dir(other, "alice.link")), 0);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_WARNING,
	    "(alice) NUMBER OF HARD LINKS > 1 (%s)", path), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);

	ck_assert_int_eq(unlink(other), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	fx_teardown();
}
END_TEST

START_TEST(test_orphan)
{
	fx_setup(false);
	put("spool/carol", "0 2 * * * /bin/a\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_WARNING,
	    "(carol) ORPHAN (no passwd entry)"), 1);
	ck_assert_uint_eq(fx.nlog, 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	fx_teardown();
}
END_TEST

/* A user's uid that changes in passwd makes the file judged again. */
START_TEST(test_uid_changed)
{
	char path[PATH_MAX];

	fx_setup(false);
	put("spool/alice", "0 2 * * * /bin/a\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	fx.alice_uid = getuid() + 1;
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(logged(LOG_WARNING, "(alice) WRONG FILE OWNER (%s)",
	    in_dir(path, "spool/alice")), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	fx.alice_uid = getuid();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	fx_teardown();
}
END_TEST

/* A failed passwd lookup is no ORPHAN: the jobs stay. */
START_TEST(test_passwd_down)
{
	fx_setup(false);
	put("spool/alice", "0 2 * * * /bin/a\n", 0600);
	fx.passwd_down = true;
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(fx.nlog, 0);
	fx.passwd_down = false;
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	fx.passwd_down = true;
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	put("spool/alice", "0 3 * * * /bin/b\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	ck_assert_int_eq(job("alice", 0).due, T0 + 2 * H);
	ck_assert_uint_eq(fx.nlog, 1);
	fx.passwd_down = false;
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_eq(job("alice", 0).due, T0 + 3 * H);
	fx_teardown();
}
END_TEST

START_TEST(test_dot_files)
{
	fx_setup(false);
	put("spool/.tmp.alice.Ab12Cd", "0 2 * * * /bin/a\n", 0600);
	put("spool/.hidden", "0 2 * * * /bin/a\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(fx.nlog, 0);
	ck_assert_uint_eq(db_count(fx.db), 0);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	fx_teardown();
}
END_TEST

START_TEST(test_too_big)
{
	char path[PATH_MAX], *big;

	fx_setup(false);
	ck_assert_ptr_nonnull(big = malloc(CT_FILE_MAX + 2));
	memset(big, '#', CT_FILE_MAX + 1);
	big[CT_FILE_MAX + 1] = '\0';
	put("spool/alice", big, 0600);
	free(big);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_ERR, "(alice) ERROR (%s: file is larger "
	    "than 1048576 bytes (1 MiB))", in_dir(path, "spool/alice")), 1);
	ck_assert_uint_eq(fx.nlog, 1);
	fx_teardown();
}
END_TEST

START_TEST(test_empty)
{
	const struct db_tab *tab;

	fx_setup(false);
	put("spool/alice", "# nothing yet\nMAILTO=a@b\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(db_count(fx.db), 1);
	ck_assert_ptr_nonnull(tab = db_tab(fx.db, "alice"));
	ck_assert_uint_eq(tab->ct->nentries, 0);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	fx_teardown();
}
END_TEST

START_TEST(test_user_broken)
{
	char path[PATH_MAX], bpath[PATH_MAX];
	const struct crontab *ct;

	fx_setup(false);
	in_dir(path, "spool/alice");
	put("spool/alice", "0 2 * * * /bin/a\n0 3 * * * /bin/b\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ct = db_tab(fx.db, "alice")->ct;

	/* Broken: the old copy stays, errors logged once. */
	put("spool/alice", "0 2 * * * /bin/a\n61 * * * * /bin/b\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_ptr_eq(db_tab(fx.db, "alice")->ct, ct);
	ck_assert_uint_eq(sched_job_count(fx.s), 2);
	ck_assert_int_eq(job("alice", 0).due, T0 + 2 * H);
	ck_assert_int_eq(job("alice", 1).due, T0 + 3 * H);
	ck_assert_uint_eq(logged(LOG_ERR, "(alice) ERROR (%s:2: minute: 61 is "
	    "out of range 0-59)", path), 1);
	ck_assert_uint_eq(logged(LOG_ERR, "(alice) ERROR (%s: not loaded (1 "
	    "error); the previous copy stays in effect)", path), 1);
	ck_assert_uint_eq(fx.nlog, 3);

	/* Fixed: the new jobs. */
	put("spool/alice", "0 4 * * * /bin/c\n0 2 * * * /bin/a\n"
	    "0 5 * * * /bin/d\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 3);
	ck_assert_int_eq(job("alice", 0).due, T0 + 4 * H);
	ck_assert_int_eq(job("alice", 1).due, T0 + 2 * H);
	ck_assert_str_eq(job_entry("alice", 2)->command, "/bin/d");
	ck_assert_uint_eq(logged(LOG_INFO, "(alice) RELOAD (%s)", path), 2);

	/* Broken from the start: nothing loaded. */
	put("spool/bob", "* * * * *\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_ptr_null(db_tab(fx.db, "bob"));
	ck_assert_uint_eq(logged(LOG_ERR, "(bob) ERROR (%s: not loaded (1 "
	    "error))", in_dir(bpath, "spool/bob")), 1);
	fx_teardown();
}
END_TEST

START_TEST(test_removed)
{
	char path[PATH_MAX];

	fx_setup(false);
	put("spool/alice", "0 2 * * * /bin/a\n", 0600);
	put("cron.d/job", "0 2 * * * root /bin/a\n", 0644);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 2);
	ck_assert_uint_eq(db_count(fx.db), 2);
	ck_assert_int_eq(unlink(in_dir(path, "spool/alice")), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_ptr_null(db_tab(fx.db, "alice"));
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	ck_assert_int_eq(unlink(in_dir(path, "cron.d/job")), 0);
	ck_assert_int_eq(rmdir(fx.crond_d), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(db_count(fx.db), 0);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	/* A file that comes back is loaded again. */
	put("spool/alice", "0 2 * * * /bin/a\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	fx_teardown();
}
END_TEST

/* An edit elsewhere in the file keeps a '~' line's pick. */
START_TEST(test_random_kept)
{
	struct spec first;
	int64_t due;

	fx_setup(false);
	put("spool/alice", "0~59 * * * * /bin/r\n0 3 * * * /bin/x\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	first = job_entry("alice", 0)->spec;
	due = job("alice", 0).due;

	put("spool/alice", "0~59 * * * * /bin/r\n0 4 * * * /bin/x\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	/* The new parse picked another minute; the core kept the old. */
	ck_assert(job_entry("alice", 0)->spec.min != first.min);
	ck_assert_int_eq(job("alice", 0).due, due);
	ck_assert_int_eq(job("alice", 1).due, T0 + 4 * H);

	/* Re-indenting is no edit of the schedule either. */
	put("spool/alice", "0~59  *\t* * *   /bin/r\n0 4 * * * /bin/x\n",
	    0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_eq(job("alice", 0).due, due);

	/* Editing the line itself picks anew. */
	put("spool/alice", "1~59 * * * * /bin/r\n0 4 * * * /bin/x\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_ne(job("alice", 0).due, due);
	fx_teardown();
}
END_TEST

START_TEST(test_cron_tz)
{
	char path[PATH_MAX];

	fx_setup(false);
	in_dir(path, "spool/alice");
	put("spool/alice", "CRON_TZ=Bad/Zone\n0 1 * * * /bin/bad\n"
	    "1 1 * * * /bin/bad2\n"
	    "CRON_TZ=America/New_York\n0 9 * * * /bin/ny\n"
	    "CRON_TZ=\n0 3 * * * /bin/local\n", 0600);
	put("spool/bob", "CRON_TZ=America/New_York\n30 9 * * * /bin/ny\n",
	    0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 2);
	ck_assert_uint_eq(logged(LOG_ERR, "(alice) ERROR (%s:2: CRON_TZ: "
	    "unknown time zone 'Bad/Zone')", path), 1);
	ck_assert_uint_eq(logged(LOG_ERR, "(alice) ERROR (%s:3: CRON_TZ: "
	    "unknown time zone 'Bad/Zone')", path), 1);
	ck_assert_uint_eq(logged(LOG_INFO, "(alice) RELOAD (%s)", path), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 3);
	ck_assert_str_eq(job_entry("alice", 0)->command, "/bin/ny");
	ck_assert_int_eq(job("alice", 0).due, T0 + 14 * H);
	ck_assert_int_eq(job("alice", 1).due, T0 + 3 * H);
	ck_assert_int_eq(job("bob", 0).due, T0 + 14 * H + 30 * 60);

	/* The zone outlives alice's use of it while bob's jobs need it. */
	put("spool/alice", "0 3 * * * /bin/local\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_eq(job("bob", 0).due, T0 + 14 * H + 30 * 60);
	ck_assert_int_eq(job("alice", 0).due, T0 + 3 * H);
	fx_teardown();
}
END_TEST

/* ---- system files ---- */

START_TEST(test_system_bad_line)
{
	const struct db_tab *tab;

	fx_setup(false);
	put("crontab", "SHELL=/bin/sh\n0 1 * * * root /bin/ok\n"
	    "61 * * * * root /bin/bad\n0 2 * * * bob /bin/ok2\n", 0644);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_ERR, "(*system*) ERROR (%s:3: minute: 61 "
	    "is out of range 0-59)", fx.crontab), 1);
	ck_assert_uint_eq(logged(LOG_INFO, "(*system*) RELOAD (%s)",
	    fx.crontab), 1);
	ck_assert_uint_eq(fx.nlog, 2);
	ck_assert_uint_eq(sched_job_count(fx.s), 2);
	ck_assert_str_eq(job_entry(fx.crontab, 0)->user, "root");
	ck_assert_int_eq(job(fx.crontab, 0).due, T0 + 1 * H);
	ck_assert_str_eq(job_entry(fx.crontab, 1)->user, "bob");
	ck_assert_int_eq(job(fx.crontab, 1).due, T0 + 2 * H);
	ck_assert_ptr_nonnull(tab = db_tab(fx.db, fx.crontab));
	ck_assert(tab->system);
	ck_assert_str_eq(tab->owner, DB_SYSTEM_USER);
	ck_assert_str_eq(tab->source, fx.crontab);
	fx_teardown();
}
END_TEST

START_TEST(test_system_mode)
{
	char path[PATH_MAX];

	fx_setup(false);
	put("cron.d/job", "0 1 * * * root /bin/ok\n", 0664);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_WARNING, "(*system*) BAD FILE MODE (%s)",
	    in_dir(path, "cron.d/job")), 1);
	ck_assert_int_eq(chmod(path, 0444), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	fx_teardown();
}
END_TEST

START_TEST(test_crond_names)
{
	static const char *const ignored[] = {
		"bad.name", "x~", "pkg.dpkg-old", "a.rpmsave", ".placeholder",
		"job.ini", "f.swp", "sp ace",
	};
	const char *line = "0 1 * * * root /bin/ok\n";
	char rel[PATH_MAX], path[PATH_MAX];
	const struct db_tab *tab;
	size_t i;

	fx_setup(false);
	put("cron.d/good_1-x", line, 0644);
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
		snprintf(rel, sizeof(rel), "cron.d/%s", ignored[i]);
		put(rel, line, 0644);
	}
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	ck_assert_uint_eq(db_count(fx.db), 1);
	ck_assert_ptr_nonnull(tab = db_tab(fx.db, in_dir(path,
	    "cron.d/good_1-x")));
	ck_assert(tab->system);
	ck_assert_uint_eq(logged_at(LOG_DEBUG), 8);
	ck_assert_uint_eq(logged(LOG_DEBUG, "(*system*) ERROR (%s: ignored: "
	    "INI jobs are not read yet)", in_dir(path, "cron.d/job.ini")), 1);
	ck_assert_uint_eq(logged(LOG_DEBUG, "(*system*) ERROR (%s: ignored: "
	    "a dot-file)", in_dir(path, "cron.d/.placeholder")), 1);
	ck_assert_uint_eq(logged(LOG_DEBUG, "(*system*) ERROR (%s: ignored: "
	    "a package manager's leftover)", in_dir(path,
	    "cron.d/pkg.dpkg-old")), 1);
	ck_assert_uint_eq(logged(LOG_DEBUG, "(*system*) ERROR (%s: ignored: "
	    "a character outside [A-Za-z0-9_-])", in_dir(path,
	    "cron.d/bad.name")), 1);
	fx_teardown();
}
END_TEST

/* Only the changed file of many is read again. */
START_TEST(test_many_files)
{
	enum { NFILES = 10, NLINES = 200 };
	const struct crontab *cts[NFILES];
	char rel[64], path[PATH_MAX], *text, *p;
	size_t i, k;

	fx_setup(false);
	ck_assert_ptr_nonnull(text = malloc(NLINES * 64));
	for (p = text, k = 0; k < NLINES; k++)
		p += sprintf(p, "%zu %zu * * * root /bin/job%zu\n", k % 60,
		    k % 24, k);
	for (i = 0; i < NFILES; i++) {
		snprintf(rel, sizeof(rel), "cron.d/f%zu", i);
		put(rel, text, 0644);
	}
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), NFILES);
	ck_assert_uint_eq(sched_job_count(fx.s), NFILES * NLINES);
	for (i = 0; i < NFILES; i++) {
		snprintf(rel, sizeof(rel), "cron.d/f%zu", i);
		cts[i] = db_tab(fx.db, in_dir(path, rel))->ct;
	}
	strcpy(text + strlen(text), "0 0 * * * root /bin/more\n");
	put("cron.d/f3", text, 0644);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), NFILES * NLINES + 1);
	for (i = 0; i < NFILES; i++) {
		snprintf(rel, sizeof(rel), "cron.d/f%zu", i);
		if (i == 3)
			ck_assert_ptr_ne(db_tab(fx.db, in_dir(path, rel))->ct,
			    cts[i]);
		else
			ck_assert_ptr_eq(db_tab(fx.db, in_dir(path, rel))->ct,
			    cts[i]);
	}
	ck_assert_uint_eq(fx.nlog, NFILES + 1);
	free(text);
	fx_teardown();
}
END_TEST

/* As root: files owned by someone else are refused. */
START_TEST(test_wrong_owner)
{
	char path[PATH_MAX], sys[PATH_MAX];

	if (getuid() != 0) {
		fprintf(stderr, "check_database: wrong-owner case skipped "
		    "(needs root)\n");
		return;
	}
	fx_setup(false);
	put("spool/alice", "0 2 * * * /bin/a\n", 0600);
	put("cron.d/job", "0 2 * * * root /bin/a\n", 0644);
	ck_assert_int_eq(chown(in_dir(path, "spool/alice"), OTHER_UID,
	    (gid_t)-1), 0);
	ck_assert_int_eq(chown(in_dir(sys, "cron.d/job"), OTHER_UID,
	    (gid_t)-1), 0);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_WARNING, "(alice) WRONG FILE OWNER (%s)",
	    path), 1);
	ck_assert_uint_eq(logged(LOG_WARNING,
	    "(*system*) WRONG FILE OWNER (%s)", sys), 1);
	ck_assert_uint_eq(sched_job_count(fx.s), 0);
	ck_assert_int_eq(chown(sys, 0, (gid_t)-1), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	fx_teardown();
}
END_TEST

/* ---- user mode ---- */

START_TEST(test_user_mode)
{
	fx_setup(true);
	put("crontab", "0 1 * * * alice /bin/a\n0 2 * * * bob /bin/b\n"
	    "0 3 * * * root /bin/c\n", 0644);
	put("spool/alice", "0 4 * * * /bin/mine\n", 0600);
	put("spool/bob", "0 5 * * * /bin/his\n", 0600);
	put("spool/carol", "0 5 * * * /bin/hers\n", 0600);
	fx_open();
	ck_assert_int_eq(db_scan(fx.db, NOW), 2);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_uint_eq(sched_job_count(fx.s), 2);
	ck_assert_str_eq(job_entry(fx.crontab, 0)->command, "/bin/a");
	ck_assert_int_eq(job(fx.crontab, 0).due, T0 + 1 * H);
	ck_assert_int_eq(job("alice", 0).due, T0 + 4 * H);
	ck_assert_ptr_null(db_tab(fx.db, "bob"));
	ck_assert_uint_eq(logged(LOG_INFO, "(*system*) ERROR (%s: 2 lines for "
	    "other users skipped in user mode)", fx.crontab), 1);
	ck_assert_uint_eq(fx.nlog, 3);		/* and two RELOADs */
	fx_teardown();
}
END_TEST

/* ---- the local zone ---- */

START_TEST(test_localtime)
{
	char path[PATH_MAX];

	fx_setup(false);
	copy_zone("Europe/Berlin", "localtime");
	put("spool/alice", "0 9 * * * /bin/x\n", 0600);
	fx_open();
	ck_assert_str_eq(tz_name(db_localtime(fx.db)), "localtime");
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_eq(job("alice", 0).due, T0 + 8 * H);
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 0);

	copy_zone("America/New_York", "localtime");
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 1);
	ck_assert_int_eq(job("alice", 0).due, T0 + 14 * H);
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 0);
	/* The same bytes written again are no change. */
	copy_zone("America/New_York", "localtime");
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 0);

	/* A symlink into a zoneinfo folder names the zone. */
	ck_assert_int_eq(unlink(fx.localtime), 0);
	ck_assert_int_eq(symlink(ZONEINFO "/Asia/Tokyo", fx.localtime), 0);
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 1);
	ck_assert_str_eq(tz_name(db_localtime(fx.db)), "Asia/Tokyo");
	ck_assert_int_eq(job("alice", 0).due, T0 + 24 * H);

	/* Not a zone: logged once, the zone in use stays. */
	ck_assert_int_eq(unlink(fx.localtime), 0);
	put("localtime", "This is no zone file, only a line of text long "
	    "enough for a header.\n", 0644);
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 0);
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 0);
	ck_assert_uint_eq(logged(LOG_ERR, "(*system*) ERROR (%s: not a TZif "
	    "file (bad magic): keeping the zone in use)", fx.localtime), 1);
	ck_assert_str_eq(tz_name(db_localtime(fx.db)), "Asia/Tokyo");

	/* No file: UTC. */
	ck_assert_int_eq(unlink(in_dir(path, "localtime")), 0);
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 1);
	ck_assert_str_eq(tz_name(db_localtime(fx.db)), "UTC");
	ck_assert_int_eq(job("alice", 0).due, T0 + 9 * H);
	/* New files load on the zone in use. */
	put("spool/bob", "0 10 * * * /bin/y\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ck_assert_int_eq(job("bob", 0).due, T0 + 10 * H);
	fx_teardown();
}
END_TEST

START_TEST(test_localtime_missing)
{
	fx_setup(false);
	fx_open();
	ck_assert_str_eq(tz_name(db_localtime(fx.db)), "UTC");
	ck_assert_int_eq(db_zone_changed(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	fx_teardown();
}
END_TEST

static Suite *
database_suite(void)
{
	Suite *s = suite_create("database");
	TCase *user = tcase_create("user");
	TCase *sys = tcase_create("system");
	TCase *zone = tcase_create("zone");

	tcase_add_test(user, test_spool_load);
	tcase_add_test(user, test_bad_mode);
	tcase_add_test(user, test_symlink_fifo);
	tcase_add_test(user, test_hard_link);
	tcase_add_test(user, test_orphan);
	tcase_add_test(user, test_uid_changed);
	tcase_add_test(user, test_passwd_down);
	tcase_add_test(user, test_dot_files);
	tcase_add_test(user, test_too_big);
	tcase_add_test(user, test_empty);
	tcase_add_test(user, test_user_broken);
	tcase_add_test(user, test_removed);
	tcase_add_test(user, test_random_kept);
	tcase_add_test(user, test_cron_tz);
	tcase_add_test(user, test_wrong_owner);
	tcase_add_test(user, test_user_mode);
	suite_add_tcase(s, user);
	tcase_add_test(sys, test_system_bad_line);
	tcase_add_test(sys, test_system_mode);
	tcase_add_test(sys, test_crond_names);
	tcase_add_test(sys, test_many_files);
	tcase_set_timeout(sys, 60);
	suite_add_tcase(s, sys);
	tcase_add_test(zone, test_localtime);
	tcase_add_test(zone, test_localtime_missing);
	suite_add_tcase(s, zone);
	return s;
}

CHECK_MAIN(database_suite)
