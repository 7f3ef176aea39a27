/*
 * check_database.c: the crontab database on real files in a private
 * folder (tests/db_fixture.h): which files load, which are refused and how
 * each refusal is logged once per state, a user crontab's last good copy,
 * removed files, and user mode.  Files are owned by the uid running the
 * suite, which the passwd table gives to alice and bob; the wrong-owner
 * case needs root.  Reloads, '~' picks and zones: check_dbreload.c.
 */
#include "config.h"

#define DB_FIXTURE_SUITE "check_database"
#include "db_fixture.h"
#include "check_main.h"

#define OTHER_UID ((uid_t)12345)

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
	const struct crontab *ct;

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

	/* A loaded crontab grown too big keeps its copy, as a broken one. */
	put("spool/bob", "0 2 * * * /bin/a\n", 0600);
	ck_assert_int_eq(db_scan(fx.db, NOW), 1);
	ct = db_tab(fx.db, "bob")->ct;
	ck_assert_ptr_nonnull(big = malloc(CT_FILE_MAX + 2));
	memset(big, '#', CT_FILE_MAX + 1);
	big[CT_FILE_MAX + 1] = '\0';
	put("spool/bob", big, 0600);
	free(big);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_int_eq(db_scan(fx.db, NOW), 0);
	ck_assert_ptr_nonnull(db_tab(fx.db, "bob"));
	ck_assert_ptr_eq(db_tab(fx.db, "bob")->ct, ct);
	ck_assert_uint_eq(sched_job_count(fx.s), 1);
	ck_assert_uint_eq(logged(LOG_ERR, "(bob) ERROR (%s: file is larger "
	    "than 1048576 bytes (1 MiB); the previous copy stays in effect)",
	    in_dir(path, "spool/bob")), 1);
	ck_assert_uint_eq(fx.nlog, 3);
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

static Suite *
database_suite(void)
{
	Suite *s = suite_create("database");
	TCase *user = tcase_create("user");
	TCase *sys = tcase_create("system");

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
	tcase_add_test(user, test_wrong_owner);
	tcase_add_test(user, test_user_mode);
	suite_add_tcase(s, user);
	tcase_add_test(sys, test_system_bad_line);
	tcase_add_test(sys, test_system_mode);
	tcase_add_test(sys, test_crond_names);
	suite_add_tcase(s, sys);
	return s;
}

CHECK_MAIN(database_suite)
