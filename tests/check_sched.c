/*
 * check_sched.c: the scheduling core's rules pinned down with instants
 * written by hand (late wake-ups, jumps forward and back, DST), reloads
 * that must keep unchanged jobs' state, no wake-up when nothing is due,
 * and a table of many jobs.  check_sched_sim.c drives the same core over
 * simulated years.
 *
 * SCHED_JOBS (default 100000) sets the size of the big table; under
 * valgrind SCHED_JOBS=10000 keeps the suite within seconds.
 */
#include "next.h"
#include "sched_fixture.h"
#include "check_main.h"

/* ---- literal cases: the rules with instants written by hand ---- */

struct lit_job {
	const char	*when;
	const char	*zone;
};

struct lit_step {
	int		 changed;	/* 1: sched_clock_changed, 0: tick */
	int64_t		 before;	/* offset from T2024 */
	int64_t		 now;
	/* expected starts: job index, due offset, trigger; -1 ends */
	int		 job[6];
	int64_t		 due[6];
	int		 trig[6];
};

struct lit_case {
	const char	*name;
	struct lit_job	 jobs[4];
	int64_t		 start;
	struct lit_step	 steps[4];
};

#define H	INT64_C(3600)
#define M	INT64_C(60)
#define SC	SCHED_TRIG_SCHEDULE
#define CU	SCHED_TRIG_CATCHUP

static const struct lit_case lit_cases[] = {
	{ "late wake-up runs every missed minute",
	  { { "* * * * *", NULL }, { "31 12 * * *", NULL } },
	  12 * H + 29 * M + 30,
	  { { 0, 0, 12 * H + 33 * M,
	      { 0, 0, 1, 0, 0, -1 },
	      { 12 * H + 30 * M, 12 * H + 31 * M, 12 * H + 31 * M,
		12 * H + 32 * M, 12 * H + 33 * M },
	      { SC, SC, SC, SC, SC } } } },
	{ "forward 40 min: each skipped job once",
	  { { "*/15 * * * *", NULL }, { "30 12 * * *", NULL },
	    { "50 12 * * *", NULL } },
	  12 * H,
	  /* the 12:15 catch-up stands in for 12:45: next at 13:00 */
	  { { 1, 12 * H + 5 * M, 12 * H + 45 * M,
	      { 0, 1, -1 }, { 12 * H + 15 * M, 12 * H + 30 * M },
	      { CU, CU } },
	    { 0, 0, 12 * H + 50 * M,
	      { 2, -1 }, { 12 * H + 50 * M }, { SC } },
	    { 0, 0, 13 * H,
	      { 0, -1 }, { 13 * H }, { SC } } } },
	{ "back 1 h: wildcard repeats, fixed waits",
	  { { "*/30 * * * *", NULL }, { "0 12 * * *", NULL } },
	  11 * H + 59 * M,
	  { { 0, 0, 12 * H,
	      { 0, 1, -1 }, { 12 * H, 12 * H }, { SC, SC } },
	    { 1, 12 * H + 10 * M, 11 * H + 10 * M,
	      { -1 }, { 0 }, { 0 } },
	    { 0, 0, 11 * H + 30 * M,
	      { 0, -1 }, { 11 * H + 30 * M }, { SC } },
	    { 0, 0, 12 * H,
	      { 0, -1 }, { 12 * H }, { SC } } } },
	{ "forward 1 day: a correction, no catch-up",
	  { { "*/30 * * * *", NULL }, { "0 13 * * *", NULL } },
	  12 * H + 1 * M,
	  { { 1, 12 * H + 10 * M, 36 * H + 10 * M, { -1 }, { 0 }, { 0 } },
	    { 0, 0, 36 * H + 30 * M,
	      { 0, -1 }, { 36 * H + 30 * M }, { SC } },
	    { 0, 0, 37 * H,
	      { 0, 1, -1 }, { 37 * H, 37 * H }, { SC, SC } } } },
	{ "back 1 day: a correction, fixed jobs repeat",
	  { { "0 13 * * *", NULL } },
	  13 * H - 1,
	  { { 0, 0, 13 * H, { 0, -1 }, { 13 * H }, { SC } },
	    { 1, 13 * H + 10, -11 * H - 10, { -1 }, { 0 }, { 0 } },
	    { 0, 0, -11 * H, { 0, -1 }, { -11 * H }, { SC } } } },
	{ "a jump seen only by tick, from the armed instant",
	  { { "0 * * * *", NULL }, { "20 13 * * *", NULL } },
	  12 * H + 30 * M,
	  /* armed 13:00, woken 13:40: 13:00 on time, then forward 40 min */
	  { { 0, 0, 13 * H + 40 * M,
	      { 0, 1, -1 }, { 13 * H, 13 * H + 20 * M }, { SC, CU } } } },
	{ "Berlin fixed job across a 2 h jump over the DST gap",
	  /* 2024-03-31 01:00Z = 03:00 CEST; 02:30 local does not exist */
	  { { "30 2 * * *", "Europe/Berlin" }, { "*/30 * * * *",
	      "Europe/Berlin" } },
	  89 * DAY + 23 * H + 50 * M,	/* 2024-03-30T23:50Z */
	  { { 1, 89 * DAY + 23 * H + 55 * M, 90 * DAY + 1 * H + 55 * M,
	      { 1, 0, -1 }, { 90 * DAY, 90 * DAY + 1 * H },
	      { CU, CU } } } },
};

static int
due_cmp(const void *a, const void *b)
{
	const struct sched_start *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return (uintptr_t)x->ref < (uintptr_t)y->ref ? -1 :
	    (uintptr_t)x->ref > (uintptr_t)y->ref;
}

static void
lit_emit(void *arg, const struct sched_start *st)
{
	log_emit(arg, st);
}

START_TEST(test_literal)
{
	const struct lit_case *c = &lit_cases[_i];
	struct sched_def defs[4];
	struct tz *zones[4] = { NULL };
	struct start_log got = { NULL, 0, 0 };
	struct sched *s;
	size_t n, i, k;

	ck_assert_ptr_nonnull(s = sched_new(T2024 + c->start));
	memset(defs, 0, sizeof(defs));
	for (n = 0; n < 4 && c->jobs[n].when != NULL; n++) {
		zones[n] = mktz(c->jobs[n].zone);
		defs[n].when = c->jobs[n].when;
		defs[n].command = "true";
		defs[n].spec = mkspec(c->jobs[n].when);
		defs[n].tz = zones[n];
		defs[n].ref = (void *)(uintptr_t)(n + 1);
	}
	ck_assert_int_eq(sched_load_source(s, "u", defs, n, T2024 + c->start),
	    0);
	for (k = 0; k < 4; k++) {
		const struct lit_step *st = &c->steps[k];

		if (st->now == 0 && st->before == 0 && st->job[0] == 0)
			break;		/* unused step */

		if (st->changed)
			sched_clock_changed(s, T2024 + st->before,
			    T2024 + st->now, lit_emit, &got);
		else
			sched_tick(s, T2024 + st->now, lit_emit, &got);
		/* equal due instants may come in any order */
		if (got.len > 1)
			qsort(got.v, got.len, sizeof(*got.v), due_cmp);
		for (i = 0; i < 6 && st->job[i] != -1; i++) {
			ck_assert_msg(i < got.len, "%s step %zu: %zu starts",
			    c->name, k, got.len);
			ck_assert_msg(got.v[i].ref ==
			    (void *)(uintptr_t)(st->job[i] + 1) &&
			    got.v[i].due == T2024 + st->due[i] &&
			    (int)got.v[i].trigger == st->trig[i],
			    "%s step %zu start %zu: job %zu due %+" PRId64
			    " trig %d", c->name, k, i,
			    (size_t)(uintptr_t)got.v[i].ref - 1,
			    got.v[i].due - T2024, got.v[i].trigger);
		}
		ck_assert_msg(got.len == i, "%s step %zu: %zu starts, want %zu",
		    c->name, k, got.len, i);
		got.len = 0;
	}
	sched_free(s);
	for (i = 0; i < n; i++)
		tz_free(zones[i]);
	free(got.v);
}
END_TEST

/* ---- reloads ---- */

static char cmds[10000][32];

static void
fill_defs(struct sched_def *defs, struct spec *specs, size_t n,
    const struct tz *z, int shift)
{
	char when[32];
	size_t i;

	for (i = 0; i < n; i++) {
		int m = (int)(i % 60), h = (int)(i / 60 % 24);

		/* the text stays "~ ~", the pick moves: a '~' re-pick */
		snprintf(when, sizeof(when), "%d %d * * *", (m + shift) % 60,
		    h);
		specs[i] = mkspec(when);
		memset(&defs[i], 0, sizeof(defs[i]));
		defs[i].when = "~ ~ * * *";
		snprintf(cmds[i], sizeof(cmds[i]), "run-it %zu", i);
		defs[i].command = cmds[i];
		defs[i].spec = specs[i];
		defs[i].tz = z;
		defs[i].ref = &specs[i];
	}
}

/*
 * One changed line among 10,000 (and a re-pick of every '~' by the
 * parser) keeps the other 9,999 jobs' spec, next instant and last run.
 */
START_TEST(test_reload_keeps_state)
{
	enum { N = 10000 };
	struct sched_def *defs = calloc(N, sizeof(*defs));
	struct spec *specs = calloc(N, sizeof(*specs));
	struct sched_info *before = calloc(N, sizeof(*before));
	struct start_log got = { NULL, 0, 0 };
	struct tz *z = tz_utc();
	struct sched *s;
	struct sched_info in;
	int64_t now = T2024;
	size_t i, ran = 0;

	ck_assert_ptr_nonnull(s = sched_new(now));
	fill_defs(defs, specs, N, z, 0);
	ck_assert_int_eq(sched_load_source(s, "alice", defs, N, now), 0);
	while (sched_next_wakeup(s) <= T2024 + 5 * 3600)
		sched_tick(s, now = sched_next_wakeup(s), log_emit, &got);
	for (i = 0; i < N; i++) {
		CHECK(sched_job_info(s, "alice", i, &before[i]), "no job %zu",
		    i);
		ran += before[i].last_run != INT64_MIN;
	}
	CHECK_DONE();
	ck_assert_uint_gt(ran, 1000);

	fill_defs(defs, specs, N, z, 7);
	defs[4321].command = "run-it --changed";
	ck_assert_int_eq(sched_load_source(s, "alice", defs, N, now + 10), 0);
	ck_assert_uint_eq(sched_job_count(s), N);
	for (i = 0; i < N; i++) {
		CHECK(sched_job_info(s, "alice", i, &in) &&
		    in.ref == &specs[i], "job %zu: no info or ref", i);
		if (i == 4321)
			CHECK(in.due == next_run(&specs[i], z, now + 10) &&
			    in.last_run == INT64_MIN, "the changed job kept "
			    "its state");
		else
			CHECK(in.due == before[i].due &&
			    in.last_run == before[i].last_run,
			    "job %zu: due %" PRId64 " last %" PRId64 ", was %"
			    PRId64 " %" PRId64, i, in.due, in.last_run,
			    before[i].due, before[i].last_run);
	}
	CHECK_DONE();

	/* Moving a line keeps it too; removing lines drops them. */
	defs[0] = defs[N - 1];
	ck_assert_int_eq(sched_load_source(s, "alice", defs, N - 1, now), 0);
	ck_assert(sched_job_info(s, "alice", 0, &in));
	ck_assert_int_eq(in.due, before[N - 1].due);
	ck_assert_uint_eq(sched_job_count(s), N - 1);
	ck_assert_int_eq(sched_drop_source(s, "alice"), 0);
	ck_assert_int_eq(sched_drop_source(s, "alice"), -1);
	ck_assert_uint_eq(sched_job_count(s), 0);
	ck_assert_int_eq(sched_next_wakeup(s), NEXT_NEVER);
	sched_free(s);
	tz_free(z);
	free(defs);
	free(specs);
	free(before);
	free(got.v);
}
END_TEST

/* Identical lines pair up one to one; a different env is a new job. */
START_TEST(test_reload_duplicates)
{
	struct ct_env env[2] = { { "MAILTO", "a", 1 }, { "X", "1", 2 } };
	struct sched_def d[3];
	struct sched_info in;
	struct tz *z = tz_utc();
	struct sched *s = sched_new(T2024);
	struct start_log got = { NULL, 0, 0 };
	size_t i;

	memset(d, 0, sizeof(d));
	for (i = 0; i < 3; i++) {
		d[i].when = "*/5 * * * *";
		d[i].command = "same";
		d[i].spec = mkspec(d[i].when);
		d[i].tz = z;
		d[i].env = env;
		d[i].nenv = 1;
	}
	ck_assert_int_eq(sched_load_source(s, "bob", d, 2, T2024), 0);
	sched_tick(s, T2024 + 300, log_emit, &got);
	ck_assert_uint_eq(got.len, 2);
	/* three identical lines now: two keep their state, one is new */
	d[2].nenv = 2;
	ck_assert_int_eq(sched_load_source(s, "bob", d, 3, T2024 + 400), 0);
	for (i = 0; i < 3; i++) {
		ck_assert(sched_job_info(s, "bob", i, &in));
		ck_assert_int_eq(in.due, T2024 + 600);
		ck_assert_int_eq(in.last_run, i < 2 ? T2024 + 300 :
		    INT64_MIN);
	}
	sched_free(s);
	tz_free(z);
	free(got.v);
}
END_TEST

static void
noop_emit(void *arg, const struct sched_start *st)
{
	(void)arg;
	(void)st;
}

/* A new zone object (a new /etc/localtime) moves the due instant. */
START_TEST(test_reload_new_zone)
{
	struct sched_def d;
	struct sched_info in;
	/* tz_utc() is one shared object: load two copies of a zone */
	struct tz *utc = tz_utc(), *ut1 = mktz("Etc/UTC");
	struct tz *ut2 = mktz("Etc/UTC");
	struct tz *ny = mktz("America/New_York");
	struct sched *s = sched_new(T2024);

	memset(&d, 0, sizeof(d));
	d.when = "0 12 * * *";
	d.command = "noon";
	d.spec = mkspec(d.when);
	d.tz = utc;
	ck_assert_int_eq(sched_load_source(s, "c", &d, 1, T2024), 0);
	ck_assert(sched_job_info(s, "c", 0, &in));
	ck_assert_int_eq(in.due, T2024 + 12 * H);
	d.tz = ny;
	ck_assert_int_eq(sched_load_source(s, "c", &d, 1, T2024), 0);
	ck_assert(sched_job_info(s, "c", 0, &in));
	ck_assert_int_eq(in.due, T2024 + 17 * H);	/* noon EST */
	sched_free(s);

	/* After a jump back, a new zone object must not repeat a run. */
	s = sched_new(T2024 + 12 * H - 1);
	d.tz = ut1;
	ck_assert_int_eq(sched_load_source(s, "c", &d, 1, T2024), 0);
	ck_assert_uint_eq(sched_tick(s, T2024 + 12 * H, noop_emit, NULL), 1);
	ck_assert_uint_eq(sched_clock_changed(s, T2024 + 12 * H + 10,
	    T2024 + 11 * H, noop_emit, NULL), 0);
	d.tz = ut2;
	ck_assert_int_eq(sched_load_source(s, "c", &d, 1, T2024 + 11 * H), 0);
	ck_assert(sched_job_info(s, "c", 0, &in));
	ck_assert_int_eq(in.due, T2024 + DAY + 12 * H);
	sched_free(s);
	tz_free(utc);
	tz_free(ut1);
	tz_free(ut2);
	tz_free(ny);
}
END_TEST

/* ---- wake-ups ---- */

/* @reboot and never-matching jobs arm no timer; @reboot runs on demand. */
START_TEST(test_no_wakeup)
{
	static const char *whens[] = { "@reboot", "0 0 30 2 *", "@reboot" };
	struct sched_def d[3];
	struct start_log got = { NULL, 0, 0 };
	struct tz *z = tz_utc();
	struct sched *s = sched_new(T2024);
	struct sched_info in;
	size_t i;

	ck_assert_int_eq(sched_next_wakeup(s), NEXT_NEVER);
	memset(d, 0, sizeof(d));
	for (i = 0; i < 3; i++) {
		d[i].when = whens[i];
		d[i].command = whens[i];
		d[i].spec = mkspec(whens[i]);
		d[i].tz = z;
		d[i].ref = whens[i];
	}
	ck_assert_int_eq(sched_load_source(s, "root", d, 3, T2024), 0);
	ck_assert_int_eq(sched_next_wakeup(s), NEXT_NEVER);
	ck_assert_uint_eq(sched_tick(s, T2024 + 5 * YEAR, log_emit, &got), 0);
	ck_assert(sched_job_info(s, "root", 1, &in));
	ck_assert_int_eq(in.state, SCHED_DORMANT);
	ck_assert_uint_eq(sched_reboot_jobs(s, log_emit, &got), 2);
	ck_assert_uint_eq(got.len, 2);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(got.v[i].trigger, SCHED_TRIG_REBOOT);
	ck_assert_int_eq(sched_next_wakeup(s), NEXT_NEVER);
	sched_free(s);
	tz_free(z);
	free(got.v);
}
END_TEST

/* ---- scale ---- */

/*
 * 100,000 daily jobs in 100 sources and two zones, ticked through a day:
 * each starts exactly once, at its next_run() instant.  Reports the
 * memory the core holds per job.
 */
START_TEST(test_many_jobs)
{
	size_t njobs = (size_t)env_long("SCHED_JOBS", 100000), per, nsrc = 100;
	struct tz *zones[2] = { tz_utc(), mktz("Europe/Berlin") };
	struct sched_def *defs;
	struct start_log got = { NULL, 0, 0 };
	unsigned char *seen;
	struct sched *s;
	int64_t now = T2024 + 1000, w;
	size_t i, k, n = 0;
	char name[32];

	per = njobs / nsrc;
	defs = calloc(njobs, sizeof(*defs));
	seen = calloc(njobs, 1);
	ck_assert_ptr_nonnull(s = sched_new(now));
	for (k = 0; k < nsrc; k++) {
		for (i = 0; i < per; i++) {
			struct sched_def *d = &defs[k * per + i];
			char when[32];

			snprintf(when, sizeof(when), "%u %u * * *", rnd(60),
			    rnd(24));
			d->when = "~ ~ * * *";
			d->command = "x";
			d->input = (const char *)d;	/* distinct identities */
			d->spec = mkspec(when);
			d->tz = zones[k % 2];
			d->ref = d;
		}
		snprintf(name, sizeof(name), "user%zu", k);
		ck_assert_int_eq(sched_load_source(s, name, &defs[k * per],
		    per, now), 0);
	}
	ck_assert_uint_eq(sched_job_count(s), per * nsrc);
	fprintf(stderr, "check_sched: %zu jobs, %zu bytes each in the core\n",
	    per * nsrc, sched_mem_usage(s) / (per * nsrc));
	while ((w = sched_next_wakeup(s)) <= now + DAY) {
		sched_tick(s, w, log_emit, &got);
		for (i = 0; i < got.len; i++) {
			const struct sched_def *d = got.v[i].ref;
			size_t j = (size_t)(d - defs);

			CHECK(seen[j] == 0, "job %zu started twice", j);
			seen[j] = 1;
			CHECK(got.v[i].due == w &&
			    w == next_run(&d->spec, d->tz, now),
			    "job %zu: due %" PRId64 " at %" PRId64, j,
			    got.v[i].due, w);
			n++;
		}
		got.len = 0;
	}
	CHECK_DONE();
	ck_assert_uint_eq(n, per * nsrc);
	sched_free(s);
	tz_free(zones[0]);
	tz_free(zones[1]);
	free(defs);
	free(seen);
	free(got.v);
}
END_TEST

static Suite *
sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc;

	tc = tcase_create("rules");
	tcase_add_loop_test(tc, test_literal, 0,
	    sizeof(lit_cases) / sizeof(lit_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_reload_keeps_state);
	tcase_add_test(tc, test_reload_duplicates);
	tcase_add_test(tc, test_reload_new_zone);
	tcase_add_test(tc, test_no_wakeup);
	tcase_add_test(tc, test_many_jobs);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(sched_suite)
