/*
 * check_sched_sim.c: the scheduling core driven by a simulated clock over
 * years.  The harness plays the event loop: it arms "the timer" at
 * sched_next_wakeup(), wakes on time or late, sets the clock forward and
 * back, reloads sources, and checks every start the core reports against
 * an oracle written here from the rules of crontab(5) (DESIGN.md section
 * 2): without jumps, each job's starts are exactly its chained next_run()
 * sequence; with jumps, a per-job model with no heap and no shared code
 * applies the rules to each job on its own.
 *
 * SCHED_YEARS (default 3) sets how long the simulations run.
 */
#include "next.h"
#include "sched_fixture.h"
#include "check_main.h"

/* ---- the simulated world: jobs in several zones ---- */

struct world_job {
	const char	*zone;		/* NULL: UTC */
	const char	*source;
	const char	*when;
};

/*
 * Wildcard and fixed-time jobs in zones with different DST dates and
 * sizes: New York and Berlin (1 h, on different Sundays), Lord Howe
 * (30 min, southern), and a CRON_TZ job in Chatham (45-minute offset,
 * southern) sharing a crontab with UTC jobs.
 */
static const struct world_job world[] = {
	{ NULL, "alice", "0 */6 * * *" },
	{ NULL, "alice", "0 3 * * *" },
	{ "Pacific/Chatham", "alice", "45 2 * * 0" },
	{ NULL, "alice", "0 0 1 * *" },
	{ NULL, "alice", "30 0 12 * * *" },		/* seconds field */
	{ "America/New_York", "/etc/crontab", "30 2 * * *" },
	{ "America/New_York", "/etc/crontab", "0 */8 * * *" },
	{ "America/New_York", "/etc/crontab", "@hourly" },
	{ "Europe/Berlin", "/etc/cron.d/x", "0,30 2 * * *" },
	{ "Europe/Berlin", "/etc/cron.d/x", "*/20 1-3 * * *" },
	{ "Australia/Lord_Howe", "/etc/cron.d/y", "0 2 * * *" },
	{ "Australia/Lord_Howe", "/etc/cron.d/y", "15 */6 * * *" },
	{ "Australia/Lord_Howe", "/etc/cron.d/y", "59 1 * * 1-5" },
};
#define NWORLD	(sizeof(world) / sizeof(world[0]))

/* The oracle's own model of one job. */
struct ojob {
	struct spec	 spec;
	struct tz	*tz;
	int64_t		 next;		/* the oracle's next due instant */
	size_t		 nstarts;
};

struct sim {
	struct sched	*s;
	struct ojob	 jobs[NWORLD];
	int64_t		 last;		/* the oracle's processed instant */
	struct start_log got;
	/* expected starts of the current call */
	struct sched_start want[4096];
	size_t		 nwant;
};

static void
sim_load(struct sim *sm, int64_t now)
{
	static const char *srcs[] = { "alice", "/etc/crontab",
	    "/etc/cron.d/x", "/etc/cron.d/y" };
	struct sched_def defs[NWORLD];
	size_t i, k, n;

	for (k = 0; k < 4; k++) {
		n = 0;
		for (i = 0; i < NWORLD; i++) {
			if (strcmp(world[i].source, srcs[k]) != 0)
				continue;
			memset(&defs[n], 0, sizeof(defs[n]));
			defs[n].user = k > 0 ? "root" : NULL;
			defs[n].when = world[i].when;
			defs[n].command = "true";
			defs[n].spec = sm->jobs[i].spec;
			defs[n].tz = sm->jobs[i].tz;
			defs[n].ref = &sm->jobs[i];
			n++;
		}
		ck_assert_int_eq(sched_load_source(sm->s, srcs[k], defs, n,
		    now), 0);
	}
}

static void
sim_init(struct sim *sm, int64_t now)
{
	size_t i;

	memset(sm, 0, sizeof(*sm));
	ck_assert_ptr_nonnull(sm->s = sched_new(now));
	for (i = 0; i < NWORLD; i++) {
		sm->jobs[i].spec = mkspec(world[i].when);
		sm->jobs[i].tz = mktz(world[i].zone);
		sm->jobs[i].next = next_run(&sm->jobs[i].spec,
		    sm->jobs[i].tz, now);
	}
	sm->last = now;
	sim_load(sm, now);
}

static void
sim_done(struct sim *sm)
{
	size_t i;

	sched_free(sm->s);
	for (i = 0; i < NWORLD; i++)
		tz_free(sm->jobs[i].tz);
	free(sm->got.v);
}

static int64_t
oracle_wakeup(const struct sim *sm)
{
	int64_t w = NEXT_NEVER;
	size_t i;

	for (i = 0; i < NWORLD; i++)
		if (sm->jobs[i].next < w)
			w = sm->jobs[i].next;
	return w;
}

static void
want(struct sim *sm, struct ojob *j, int64_t due, enum sched_trigger trig)
{
	ck_assert_uint_lt(sm->nwant, 4096);
	sm->want[sm->nwant].ref = j;
	sm->want[sm->nwant].due = due;
	sm->want[sm->nwant].trigger = trig;
	sm->nwant++;
}

/* Every due time of every job up to t, one start each. */
static void
oracle_run_all(struct sim *sm, int64_t t)
{
	size_t i;

	for (i = 0; i < NWORLD; i++) {
		struct ojob *j = &sm->jobs[i];

		while (j->next <= t) {
			want(sm, j, j->next, SCHED_TRIG_SCHEDULE);
			j->next = next_run(&j->spec, j->tz, j->next);
		}
	}
}

/* The rules, job by job: the clock ran to base, then read now. */
static void
oracle_advance(struct sim *sm, int64_t base, int64_t now)
{
	int64_t diff;
	size_t i;

	if (base < sm->last)
		base = sm->last;
	oracle_run_all(sm, base);
	diff = now - base;
	for (i = 0; i < NWORLD; i++) {
		struct ojob *j = &sm->jobs[i];
		bool fixed = spec_is_fixed_time(&j->spec);

		if (diff >= 0 && diff <= 300)
			continue;	/* late wake-up: every missed time */
		if (diff > 0 && diff <= 3 * 3600) {
			/* forward: once if any time was skipped */
			if (j->next <= now) {
				want(sm, j, j->next, j->next < now ?
				    SCHED_TRIG_CATCHUP : SCHED_TRIG_SCHEDULE);
				j->next = next_run(&j->spec, j->tz, now);
			}
		} else if (diff < 0 && diff >= -3 * 3600) {
			/* back: fixed-time jobs wait for their time */
			if (!fixed)
				j->next = next_run(&j->spec, j->tz, now - 1);
		} else
			j->next = next_run(&j->spec, j->tz, now - 1);
	}
	oracle_run_all(sm, now);
	sm->last = now;
}

static int
start_cmp(const void *a, const void *b)
{
	const struct sched_start *x = a, *y = b;

	if (x->ref != y->ref)
		return (uintptr_t)x->ref < (uintptr_t)y->ref ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return 0;
}

/* The core's starts of this call equal the oracle's, in due order. */
static void
sim_check(struct sim *sm, const char *what, int64_t now)
{
	size_t i;

	for (i = 1; i < sm->got.len; i++)
		CHECK(sm->got.v[i - 1].due <= sm->got.v[i].due,
		    "%s at %" PRId64 ": starts out of order", what, now);
	CHECK(sm->got.len == sm->nwant, "%s at %" PRId64
	    ": %zu starts, want %zu", what, now, sm->got.len, sm->nwant);
	if (sm->got.len > 1)
		qsort(sm->got.v, sm->got.len, sizeof(*sm->got.v), start_cmp);
	qsort(sm->want, sm->nwant, sizeof(*sm->want), start_cmp);
	for (i = 0; i < sm->nwant && i < sm->got.len; i++) {
		struct ojob *j = (struct ojob *)sm->want[i].ref;

		CHECK(sm->got.v[i].ref == sm->want[i].ref &&
		    sm->got.v[i].due == sm->want[i].due &&
		    sm->got.v[i].trigger == sm->want[i].trigger,
		    "%s at %" PRId64 ": job %zu due %" PRId64 " trig %d, "
		    "want job %zu due %" PRId64 " trig %d", what, now,
		    (size_t)((struct ojob *)sm->got.v[i].ref - sm->jobs),
		    sm->got.v[i].due, sm->got.v[i].trigger,
		    (size_t)(j - sm->jobs), sm->want[i].due,
		    sm->want[i].trigger);
		j->nstarts++;
	}
	sm->got.len = 0;
	sm->nwant = 0;
	CHECK(sched_next_wakeup(sm->s) == oracle_wakeup(sm),
	    "%s at %" PRId64 ": wake-up %" PRId64 ", want %" PRId64, what,
	    now, sched_next_wakeup(sm->s), oracle_wakeup(sm));
}

/*
 * No jumps: the loop wakes at each wake-up instant, sometimes up to 5
 * minutes late, for years.  Each job's starts must be its chained
 * next_run() sequence, all on schedule.
 */
START_TEST(test_chain_years)
{
	struct sim sm;
	int64_t now = T2024 + 12345, end, w, t;
	int64_t *chain;
	size_t i, total = 0;

	end = now + env_long("SCHED_YEARS", 3) * YEAR;
	sim_init(&sm, now);
	chain = calloc(NWORLD, sizeof(*chain));
	for (i = 0; i < NWORLD; i++)
		chain[i] = sm.jobs[i].next;
	while ((w = sched_next_wakeup(sm.s)) <= end) {
		now = w + (rnd(8) == 0 ? (int64_t)rnd(301) : 0);
		sched_tick(sm.s, now, log_emit, &sm.got);
		for (i = 0; i < sm.got.len; i++) {
			struct ojob *j = (struct ojob *)sm.got.v[i].ref;
			size_t k = (size_t)(j - sm.jobs);

			CHECK(sm.got.v[i].due == chain[k] &&
			    sm.got.v[i].trigger == SCHED_TRIG_SCHEDULE,
			    "job %zu: due %" PRId64 " trig %d, want %" PRId64,
			    k, sm.got.v[i].due, sm.got.v[i].trigger, chain[k]);
			CHECK(i == 0 || sm.got.v[i - 1].due <= sm.got.v[i].due,
			    "at %" PRId64 ": starts out of order", now);
			chain[k] = next_run(&j->spec, j->tz, chain[k]);
			total++;
		}
		sm.got.len = 0;
	}
	/* Nothing left behind: every chain's next is past the end. */
	for (i = 0; i < NWORLD; i++) {
		t = chain[i];
		ck_assert_int_gt(t, end);
	}
	CHECK_DONE();
	ck_assert_uint_gt(total, 1000);
	free(chain);
	sim_done(&sm);
}
END_TEST

/*
 * Jumps: between wake-ups the clock is set by +-2 min, +-10 min, +-2 h
 * or +-1 day, at a random instant before the armed wake-up; the loop
 * reports it through sched_clock_changed (timerfd) or, a quarter of the
 * time, only through the next sched_tick (a poll backend).  Reloads of
 * unchanged files happen along the way and must change nothing.
 */
START_TEST(test_jumps_years)
{
	static const int64_t jumps[] = { 120, -120, 600, -600, 7200, -7200,
	    DAY, -DAY };
	struct sim sm;
	int64_t now = T2024 + 777, end, w, t;
	size_t i, events = 0;

	end = now + env_long("SCHED_YEARS", 3) * YEAR;
	sim_init(&sm, now);
	while (now < end) {
		uint32_t r = rnd(100);

		w = sched_next_wakeup(sm.s);
		if (w == NEXT_NEVER)
			break;
		if (r < 70) {
			/* the timer fires, sometimes late */
			now = w + (r < 10 ? (int64_t)rnd(301) : 0);
			oracle_advance(&sm, w < now ? w : now, now);
			sched_tick(sm.s, now, log_emit, &sm.got);
			sim_check(&sm, "tick", now);
		} else if (r < 95) {
			/* the clock is set before the timer fires */
			t = sm.last + (int64_t)rnd((uint32_t)(w - sm.last));
			now = t + jumps[rnd(8)];
			if (r < 90) {
				oracle_advance(&sm, t, now);
				sched_clock_changed(sm.s, t, now, log_emit,
				    &sm.got);
			} else {
				oracle_advance(&sm, now < w ? now : w, now);
				sched_tick(sm.s, now, log_emit, &sm.got);
			}
			sim_check(&sm, "jump", now);
		} else {
			sim_load(&sm, now);
			CHECK(sched_next_wakeup(sm.s) == oracle_wakeup(&sm),
			    "reload at %" PRId64 " moved the wake-up", now);
		}
		events++;
	}
	CHECK_DONE();
	ck_assert_int_ne(sched_next_wakeup(sm.s), NEXT_NEVER);
	for (i = 0; i < NWORLD; i++)
		ck_assert_msg(sm.jobs[i].nstarts > 0, "job %zu never ran", i);
	ck_assert_uint_gt(events, 1000);
	sim_done(&sm);
}
END_TEST

static Suite *
sched_sim_suite(void)
{
	Suite *s = suite_create("sched-sim");
	TCase *tc = tcase_create("simulation");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_chain_years);
	tcase_add_test(tc, test_jumps_years);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(sched_sim_suite)
