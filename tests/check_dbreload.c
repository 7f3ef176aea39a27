/*
 * check_dbreload.c: the crontab database across reloads, on real files in
 * a private folder (tests/db_fixture.h): what a reload keeps (unchanged
 * files untouched, a '~' pick through edits elsewhere), CRON_TZ zones
 * shared between files, and a replaced, broken or missing local zone.
 * Which files load and which are refused: check_database.c.
 */
#include "config.h"

#define DB_FIXTURE_SUITE "check_dbreload"
#include "db_fixture.h"
#include "tz.h"
#include "check_main.h"

/* ---- what a reload keeps ---- */

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

/* ---- zones ---- */

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
dbreload_suite(void)
{
	Suite *s = suite_create("dbreload");
	TCase *reload = tcase_create("reload");
	TCase *zone = tcase_create("zone");

	tcase_add_test(reload, test_random_kept);
	tcase_add_test(reload, test_many_files);
	tcase_set_timeout(reload, 60);
	suite_add_tcase(s, reload);
	tcase_add_test(zone, test_cron_tz);
	tcase_add_test(zone, test_localtime);
	tcase_add_test(zone, test_localtime_missing);
	suite_add_tcase(s, zone);
	return s;
}

CHECK_MAIN(dbreload_suite)
