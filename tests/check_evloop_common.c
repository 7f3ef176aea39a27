/*
 * check_evloop_common.c: what both event-loop backends share, on values
 * written by hand: the wall clock before a step estimated from the offset
 * between the wall and monotonic clocks (a real step cannot be made in a
 * test: it would change the host's time), what counts as a step, how the
 * event queue coalesces, and the split of a watched path.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evloop_common.h"
#include "check_main.h"

static char err[512];

struct before_case {
	int64_t	off_sec;
	long	off_nsec;
	int64_t	mono_sec;
	long	mono_nsec;
	int64_t	before;
};

static const struct before_case before_cases[] = {
	{ 1700000000, 0, 100, 0, 1700000100 },
	{ 1700000000, 900000000, 100, 200000000, 1700000101 },
	{ 1700000000, 900000000, 100, 99999999, 1700000100 },
	{ -5, 500000000, 3, 500000000, -1 },
	{ -5, 0, 3, 999999999, -2 },
};

START_TEST(test_offset_before)
{
	const struct before_case *c = &before_cases[_i];
	struct evloop_offset off = { c->off_sec, c->off_nsec };
	struct timespec mono = { (time_t)c->mono_sec, c->mono_nsec };

	ck_assert_int_eq(evloop_offset_before(&off, &mono), c->before);
}
END_TEST

START_TEST(test_offset_stepped)
{
	struct evloop_offset z = { 100, 500000000 };
	struct evloop_offset same = { 100, 500000000 };
	struct evloop_offset plus1 = { 101, 500000000 };
	struct evloop_offset plus1n = { 101, 500000001 };
	struct evloop_offset minus1 = { 99, 500000000 };
	struct evloop_offset minus1n = { 99, 499999999 };
	struct evloop_offset far = { 3700, 0 };

	ck_assert(!evloop_offset_stepped(&z, &same));
	ck_assert(!evloop_offset_stepped(&plus1, &z));
	ck_assert(evloop_offset_stepped(&plus1n, &z));
	ck_assert(!evloop_offset_stepped(&minus1, &z));
	ck_assert(evloop_offset_stepped(&minus1n, &z));
	ck_assert(evloop_offset_stepped(&z, &far));
	ck_assert(evloop_offset_stepped(&far, &z));
}
END_TEST

START_TEST(test_offset_read)
{
	struct evloop_offset off;
	struct timespec mono, real;

	ck_assert_int_eq(evloop_offset_read(&off, &mono, &real), 0);
	ck_assert(off.nsec >= 0 && off.nsec < 1000000000L);
	/* with no step, "before" is the wall clock itself */
	ck_assert_int_le(evloop_offset_before(&off, &mono) - real.tv_sec, 0);
	ck_assert_int_ge(evloop_offset_before(&off, &mono) - real.tv_sec, -1);
}
END_TEST

START_TEST(test_queue_coalesces)
{
	struct evloop_queue q = { NULL, 0, 0 };
	struct evloop_event ev[16], e;
	static const struct {
		enum evloop_kind kind;
		int signo, fd;
		int64_t before, now;
	} in[] = {
		{ EVLOOP_TIMER, 0, 0, 0, 0 },
		{ EVLOOP_CLOCK_SET, 0, 0, 100, 200 },
		{ EVLOOP_SIGNAL, SIGHUP, 0, 0, 0 },
		{ EVLOOP_TIMER, 0, 0, 0, 0 },
		{ EVLOOP_FILES, 0, 0, 0, 0 },
		{ EVLOOP_SIGNAL, SIGCHLD, 0, 0, 0 },
		{ EVLOOP_SIGNAL, SIGHUP, 0, 0, 0 },
		{ EVLOOP_FD, 0, 7, 0, 0 },
		{ EVLOOP_CLOCK_SET, 0, 0, 300, 50 },
		{ EVLOOP_FD, 0, 8, 0, 0 },
		{ EVLOOP_FD, 0, 7, 0, 0 },
		{ EVLOOP_FILES, 0, 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		memset(&e, 0, sizeof(e));
		e.kind = in[i].kind;
		e.signo = in[i].signo;
		e.fd = in[i].fd;
		e.before = in[i].before;
		e.now = in[i].now;
		ck_assert_int_eq(evloop_queue_push(&q, &e), 0);
	}
	/* timer, step, HUP, files, CHLD, fd 7, fd 8 */
	ck_assert_uint_eq(q.n, 7);
	evloop_queue_drop_fd(&q, 7);
	ck_assert_uint_eq(evloop_queue_pop(&q, ev, 2), 2);
	ck_assert_int_eq(ev[0].kind, EVLOOP_TIMER);
	ck_assert_int_eq(ev[1].kind, EVLOOP_CLOCK_SET);
	/* the first step's before, the last step's now */
	ck_assert_int_eq(ev[1].before, 100);
	ck_assert_int_eq(ev[1].now, 50);
	ck_assert_uint_eq(evloop_queue_pop(&q, ev, 16), 4);
	ck_assert_int_eq(ev[0].signo, SIGHUP);
	ck_assert_int_eq(ev[1].kind, EVLOOP_FILES);
	ck_assert_int_eq(ev[2].signo, SIGCHLD);
	ck_assert_int_eq(ev[3].fd, 8);
	evloop_queue_free(&q);
}
END_TEST

START_TEST(test_split_path)
{
	static const char *const cases[][3] = {
		{ "/etc/localtime", "/etc", "localtime" },
		{ "/crontab", "/", "crontab" },
		{ "crontab", ".", "crontab" },
		{ "a/b/c//", "a/b", "c" },
		{ "rel/f", "rel", "f" },
	};
	char *dir, *name;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(evloop_split_path(cases[i][0], &dir, &name,
		    err, sizeof(err)), 0);
		ck_assert_str_eq(dir, cases[i][1]);
		ck_assert_str_eq(name, cases[i][2]);
		free(dir);
		free(name);
	}
	ck_assert_int_eq(evloop_split_path("/", &dir, &name, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(evloop_split_path("", &dir, &name, err,
	    sizeof(err)), -1);
}
END_TEST

static Suite *
evloop_common_suite(void)
{
	Suite *s = suite_create("evloop_common");
	TCase *tc = tcase_create("common");

	tcase_add_loop_test(tc, test_offset_before, 0,
	    sizeof(before_cases) / sizeof(before_cases[0]));
	tcase_add_test(tc, test_offset_stepped);
	tcase_add_test(tc, test_offset_read);
	tcase_add_test(tc, test_queue_coalesces);
	tcase_add_test(tc, test_split_path);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(evloop_common_suite)
