/*
 * check_histline.c: the run history's line format.  Exact lines for a
 * table of records, hostile user and job names escaped and read back, a
 * table of malformed lines with the message each must give, and a round
 * trip over random records.
 */

#include <check.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "hist_fixture.h"
#include "check_main.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

static void
assert_same(const struct hist_record *a, const struct hist_record *b)
{
	ck_assert_int_eq(a->time.sec, b->time.sec);
	ck_assert_int_eq(a->time.usec, b->time.usec);
	ck_assert_int_eq(a->event, b->event);
	ck_assert_str_eq(a->user, b->user);
	ck_assert_str_eq(a->job, b->job);
	ck_assert_uint_eq(a->run, b->run);
	ck_assert_int_eq(a->attempt, b->attempt);
	ck_assert_int_eq(a->trigger, b->trigger);
	ck_assert_int_eq(a->has_due, b->has_due);
	if (a->has_due) {
		ck_assert_int_eq(a->due.sec, b->due.sec);
		ck_assert_int_eq(a->due.usec, b->due.usec);
	}
	ck_assert_int_eq(a->pid, b->pid);
	ck_assert_int_eq(a->outcome, b->outcome);
	ck_assert_int_eq(a->status.kind, b->status.kind);
	ck_assert_int_eq(a->status.code, b->status.code);
	ck_assert_int_eq(a->duration, b->duration);
}

/* ---- formatting ---- */

static const struct {
	struct hist_record	r;
	const char		*line;
} formats[] = {
	{ { { T_2026, 123 }, HIST_START, "alice", "alice:3", 42, 1,
	    HIST_SCHEDULE, true, { T_2026, 0 }, 4242, HIST_OUT_NONE,
	    { HIST_STATUS_NONE, 0 }, -1 },
	  "2026-11-23T17:00:00.000123Z\tstart\talice\talice:3\t42\t1\t"
	  "schedule\t2026-11-23T17:00:00.000000Z\t4242\t-\t-\t-\n" },
	{ { { T_2026 + 12, 345801 }, HIST_END, "alice", "alice:3", 42, 1,
	    HIST_SCHEDULE, true, { T_2026, 0 }, 4242, HIST_OUT_OK,
	    { HIST_STATUS_EXIT, 0 }, 12345678 },
	  base_line },
	{ { { 0, 0 }, HIST_END, "root", "/etc/cron.d/backup:7",
	    UINT64_MAX, 3, HIST_RETRY, false, { 0, 0 }, INT32_MAX,
	    HIST_OUT_KILLED, { HIST_STATUS_SIGNAL, SIGKILL }, 0 },
	  "1970-01-01T00:00:00.000000Z\tend\troot\t/etc/cron.d/backup:7\t"
	  "18446744073709551615\t3\tretry\t-\t2147483647\tkilled\tSIGKILL\t"
	  "0.000000\n" },
	{ { { 253402300799, 999999 }, HIST_SKIP, "bob", "nightly", 0, 0,
	    HIST_AFTER, false, { 0, 0 }, 0, HIST_OUT_OVERLAP,
	    { HIST_STATUS_NONE, 0 }, -1 },
	  "9999-12-31T23:59:59.999999Z\tskip\tbob\tnightly\t-\t0\tafter\t-\t"
	  "-\toverlap\t-\t-\n" },
	{ { { 1709210096, 500000 }, HIST_ERROR, "carol", "report", 7, 2,
	    HIST_CATCH_UP, true, { -62167219200, 1 }, 99, HIST_OUT_FAIL,
	    { HIST_STATUS_EXIT, 127 }, 1000001 },
	  "2024-02-29T12:34:56.500000Z\terror\tcarol\treport\t7\t2\t"
	  "catch-up\t0000-01-01T00:00:00.000001Z\t99\tfail\t127\t1.000001\n" },
	{ { { T_2026, 0 }, HIST_END, "dave", "dave:1", 8, 1, HIST_REBOOT,
	    false, { 0, 0 }, 0, HIST_OUT_LOST, { HIST_STATUS_SIGNAL, 34 },
	    -1 },
	  "2026-11-23T17:00:00.000000Z\tend\tdave\tdave:1\t8\t1\treboot\t-\t"
	  "-\tlost\tSIG34\t-\n" },
	{ { { T_2026, 0 }, HIST_END, "erin", "sync", 9, 1, HIST_MANUAL,
	    false, { 0, 0 }, 12, HIST_OUT_TIMEOUT,
	    { HIST_STATUS_SIGNAL, SIGTERM }, 3600000000 },
	  "2026-11-23T17:00:00.000000Z\tend\terin\tsync\t9\t1\tmanual\t-\t"
	  "12\ttimeout\tSIGTERM\t3600.000000\n" },
	{ { { T_2026, 0 }, HIST_SKIP, "erin", "report", 10, 1, HIST_AFTER,
	    true, { T_2026, 0 }, 0, HIST_OUT_DEPS_FAILED,
	    { HIST_STATUS_NONE, 0 }, -1 },
	  "2026-11-23T17:00:00.000000Z\tskip\terin\treport\t10\t1\tafter\t"
	  "2026-11-23T17:00:00.000000Z\t-\tdeps-failed\t-\t-\n" },
};

START_TEST(test_format)
{
	char buf[HIST_LINE_MAX], err[256] = "";
	struct hist_record back;
	ssize_t n;

	n = hist_format(&formats[_i].r, buf, sizeof(buf), err, sizeof(err));
	ck_assert_msg(n >= 0, "%s", err);
	ck_assert_str_eq(buf, formats[_i].line);
	ck_assert_int_eq(n, strlen(formats[_i].line));
	ck_assert_int_eq(hist_parse(buf, &back, err, sizeof(err)), 0);
	assert_same(&back, &formats[_i].r);
}
END_TEST

/* Each case breaks one field of the base record. */
static const char *const format_errors[] = {
	"time: 253402300800 is outside years 0000-9999",
	"time: microseconds 1000000 out of range 0-999999",
	"event: bad value 4",
	"user: empty",
	"job: not terminated",
	"attempt: -1 is negative",
	"trigger: bad value 6",
	"due: -62167219201 is outside years 0000-9999",
	"pid: -5 is negative",
	"outcome: bad value 99",
	"status: exit code 256 out of range 0-255",
	"status: signal 0 out of range 1-127",
	"duration: -2 out of range",
	"line does not fit in 20 bytes",
};

static void
break_record(int i, struct hist_record *r)
{
	switch (i) {
	case 0: r->time.sec = 253402300800; break;
	case 1: r->time.usec = 1000000; break;
	case 2: r->event = 4; break;
	case 3: r->user[0] = '\0'; break;
	case 4: memset(r->job, 'j', sizeof(r->job)); break;
	case 5: r->attempt = -1; break;
	case 6: r->trigger = 6; break;
	case 7: r->due.sec = -62167219201; break;
	case 8: r->pid = -5; break;
	case 9: r->outcome = 99; break;
	case 10: r->status.code = 256; break;
	case 11: r->status = (struct hist_status){ HIST_STATUS_SIGNAL, 0 };
		break;
	case 12: r->duration = -2; break;
	}
}

START_TEST(test_format_bad)
{
	char buf[HIST_LINE_MAX], err[256] = "";
	struct hist_record r;
	size_t len = sizeof(buf);

	base_record(&r);
	break_record(_i, &r);
	if (_i == 13)
		len = 20;
	ck_assert_int_eq(hist_format(&r, buf, len, err, sizeof(err)), -1);
	ck_assert_str_eq(err, format_errors[_i]);
}
END_TEST

/* The longest names fit HIST_LINE_MAX even when every byte is escaped. */
START_TEST(test_format_longest)
{
	char buf[HIST_LINE_MAX], err[256] = "";
	struct hist_record r, back;
	ssize_t n;

	base_record(&r);
	memset(r.user, '\x01', sizeof(r.user) - 1);
	r.user[sizeof(r.user) - 1] = '\0';
	memset(r.job, '\x1f', sizeof(r.job) - 1);
	r.job[sizeof(r.job) - 1] = '\0';
	n = hist_format(&r, buf, sizeof(buf), err, sizeof(err));
	ck_assert_msg(n > 4 * (HIST_USER_MAX + HIST_JOB_MAX - 2), "%s", err);
	ck_assert_int_lt(n, HIST_LINE_MAX - 1);
	ck_assert_int_eq(hist_parse(buf, &back, err, sizeof(err)), 0);
	assert_same(&back, &r);
}
END_TEST

/* ---- escaping ---- */

static const struct {
	const char	*raw;
	const char	*field;
} escapes[] = {
	{ "a\tb", "a\\tb" },
	{ "line1\nline2", "line1\\nline2" },
	{ "back\\slash", "back\\\\slash" },
	{ "\\t", "\\\\t" },
	{ "\x1b[31mred", "\\x1b[31mred" },
	{ "del\x7f", "del\\x7f" },
	{ "cr\r", "cr\\x0d" },
	{ "\x01", "\\x01" },
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "a b:3", "a b:3" },
	{ "x\tend\troot\tfake\n2026", "x\\tend\\troot\\tfake\\n2026" },
};

START_TEST(test_escape)
{
	char buf[HIST_LINE_MAX], want[HIST_LINE_MAX], err[256] = "";
	struct hist_record r, back;

	base_record(&r);
	strcpy(r.user, escapes[_i].raw);
	strcpy(r.job, escapes[_i].raw);
	ck_assert_int_ge(hist_format(&r, buf, sizeof(buf), err, sizeof(err)),
	    0);
	snprintf(want, sizeof(want), "2026-11-23T17:00:12.345801Z\tend\t%s\t"
	    "%s\t42\t", escapes[_i].field, escapes[_i].field);
	ck_assert_int_eq(strncmp(buf, want, strlen(want)), 0);
	/* one line, twelve fields, whatever the names hold */
	ck_assert_ptr_eq(strchr(buf, '\n'), buf + strlen(buf) - 1);
	ck_assert_int_eq(hist_parse(buf, &back, err, sizeof(err)), 0);
	ck_assert_str_eq(back.user, escapes[_i].raw);
	ck_assert_str_eq(back.job, escapes[_i].raw);
}
END_TEST

/* ---- parse errors ---- */

static const char *const base_fields[] = {
	"2026-11-23T17:00:12.345801Z", "end", "alice", "alice:3", "42", "1",
	"schedule", "2026-11-23T17:00:00.000000Z", "4242", "ok", "0",
	"12.345678\n",
};

#define E_TIME	"expected YYYY-MM-DDTHH:MM:SS.ffffffZ"
#define E_RUN	"run: expected a run id or -"
#define E_ATT	"attempt: expected a number"
#define E_PID	"pid: expected a process id or -"
#define E_STAT	"status: expected an exit code 0-255, a signal name or -"
#define E_DUR	"duration: expected seconds with six decimals (12.345678) or -"

/* The base line with field f replaced by value. */
static const struct {
	int		 f;
	const char	*value;
	const char	*msg;
} bad_fields[] = {
	{ 0, "2026-11-23 17:00:12.345801Z", "time: " E_TIME },
	{ 0, "2026-11-23T17:00:12Z", "time: " E_TIME },
	{ 0, "2026-11-23T17:00:12.345801+00:00", "time: " E_TIME },
	{ 0, "2026-11-23T17:00:12.34580Z", "time: " E_TIME },
	{ 0, "", "time: " E_TIME },
	{ 0, "2026-02-29T17:00:12.345801Z", "time: no such date or time" },
	{ 0, "2026-11-23T24:00:00.000000Z", "time: no such date or time" },
	{ 0, "2026-11-23T23:59:60.000000Z", "time: no such date or time" },
	{ 0, "2026-13-01T00:00:00.000000Z", "time: no such date or time" },
	{ 1, "begin", "event: expected start, end, skip or error" },
	{ 1, "END", "event: expected start, end, skip or error" },
	{ 2, "", "user: empty" },
	{ 2, "a\\qb", "user: unknown escape \\q" },
	{ 2, "ab\\", "user: lone backslash at the end" },
	{ 2, "a\\x4", "user: bad \\x escape" },
	{ 2, "a\\x41", "user: bad \\x escape" },
	{ 2, "a\\x1B", "user: bad \\x escape" },
	{ 2, "a\\x09", "user: bad \\x escape" },
	{ 2, "a\\x0a", "user: bad \\x escape" },
	{ 2, "a\\x00", "user: bad \\x escape" },
	{ 2, "a\x01", "user: raw control byte 0x01" },
	{ 3, "x\x7f", "job: raw control byte 0x7f" },
	{ 3, "x\r", "job: raw control byte 0x0d" },
	{ 4, "0", E_RUN },
	{ 4, "042", E_RUN },
	{ 4, "18446744073709551616", E_RUN },
	{ 4, "-1", E_RUN },
	{ 4, "", E_RUN },
	{ 5, "x", E_ATT },
	{ 5, "-1", E_ATT },
	{ 5, "01", E_ATT },
	{ 5, "2147483648", E_ATT },
	{ 5, "-", E_ATT },
	{ 6, "cron", "trigger: expected one of schedule, retry, after, "
	    "manual, catch-up, reboot" },
	{ 7, "2026-11-23T17:00:00+00:00", "due: " E_TIME },
	{ 7, "", "due: " E_TIME },
	{ 8, "0", E_PID },
	{ 8, "abc", E_PID },
	{ 8, "2147483648", E_PID },
	{ 9, "great", "outcome: unknown" },
	{ 9, "", "outcome: unknown" },
	{ 10, "256", E_STAT },
	{ 10, "007", E_STAT },
	{ 10, "-1", E_STAT },
	{ 10, "SIGFOO", E_STAT },
	{ 10, "SIG0", E_STAT },
	{ 10, "SIG9", E_STAT },
	{ 10, "SIG128", E_STAT },
	{ 10, "sigkill", E_STAT },
	{ 11, "12.34\n", E_DUR },
	{ 11, "12\n", E_DUR },
	{ 11, ".123456\n", E_DUR },
	{ 11, "1.1234567\n", E_DUR },
	{ 11, "01.000000\n", E_DUR },
	{ 11, "1.00000x\n", E_DUR },
	{ 11, "-1.000000\n", E_DUR },
	{ 11, "-\r\n", E_DUR },
	{ 11, "1000000000000.000000\n", E_DUR },
};

START_TEST(test_parse_bad_field)
{
	char line[1024] = "", err[256] = "";
	struct hist_record r;
	int f;

	for (f = 0; f < 12; f++) {
		if (f > 0)
			strcat(line, "\t");
		strcat(line, f == bad_fields[_i].f ? bad_fields[_i].value :
		    base_fields[f]);
	}
	ck_assert_int_eq(hist_parse(line, &r, err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad_fields[_i].msg);
}
END_TEST

static const struct {
	const char	*line;
	const char	*msg;
} bad_lines[] = {
	{ "", "1 fields, expected 12" },
	{ "\n", "1 fields, expected 12" },
	{ "garbage\n", "1 fields, expected 12" },
	{ "a\tb\tc\n", "3 fields, expected 12" },
	{ "2026-11-23T17:00:12.345801Z end alice alice:3 42 1 schedule - - - "
	  "- -\n", "1 fields, expected 12" },
	{ "2026-11-23T17:00:12.345801Z\tend\talice\talice:3\t42\t1\t"
	  "schedule\t-\t-\t-\t-\t-\t\n", "13 fields, expected 12" },
	{ "2026-11-23T17:00:12.345801Z\tend\talice\talice:3\t42\t1\t"
	  "schedule\t-\t-\t-\t-\t-\n\n", "duration: expected seconds with six "
	  "decimals (12.345678) or -" },
};

START_TEST(test_parse_bad_line)
{
	char err[256] = "";
	struct hist_record r;

	ck_assert_int_eq(hist_parse(bad_lines[_i].line, &r, err, sizeof(err)),
	    -1);
	ck_assert_str_eq(err, bad_lines[_i].msg);
}
END_TEST

START_TEST(test_parse_ok)
{
	char err[256] = "";
	struct hist_record r, want;

	base_record(&want);
	/* the trailing newline is optional: cronctl may strip it */
	ck_assert_int_eq(hist_parse(base_line, &r, err, sizeof(err)), 0);
	assert_same(&r, &want);
	ck_assert_int_eq(hist_parse("2026-11-23T17:00:12.345801Z\tend\talice\t"
	    "alice:3\t42\t1\tschedule\t2026-11-23T17:00:00.000000Z\t4242\tok\t"
	    "0\t12.345678", &r, err, sizeof(err)), 0);
	assert_same(&r, &want);
	/* an unnamed signal by number */
	ck_assert_int_eq(hist_parse("2026-11-23T17:00:12.345801Z\tend\talice\t"
	    "alice:3\t42\t1\tschedule\t-\t4242\tkilled\tSIG40\t-\n", &r,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(r.status.kind, HIST_STATUS_SIGNAL);
	ck_assert_int_eq(r.status.code, 40);
}
END_TEST

START_TEST(test_parse_long_name)
{
	char line[HIST_LINE_MAX], name[HIST_JOB_MAX + 1], err[256] = "";
	struct hist_record r;

	memset(name, 'j', HIST_JOB_MAX - 1);
	name[HIST_JOB_MAX - 1] = '\0';
	snprintf(line, sizeof(line), "2026-11-23T17:00:12.345801Z\tend\talice"
	    "\t%s\t42\t1\tschedule\t-\t-\t-\t-\t-\n", name);
	ck_assert_int_eq(hist_parse(line, &r, err, sizeof(err)), 0);
	ck_assert_str_eq(r.job, name);
	strcat(name, "j");
	snprintf(line, sizeof(line), "2026-11-23T17:00:12.345801Z\tend\talice"
	    "\t%s\t42\t1\tschedule\t-\t-\t-\t-\t-\n", name);
	ck_assert_int_eq(hist_parse(line, &r, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "job: longer than 1023 bytes");
}
END_TEST

/* ---- round trip ---- */

/* xorshift64*: a fixed seed makes a failure repeatable. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void
rnd_name(uint64_t *s, char *dst, size_t size)
{
	size_t n, i;

	/* mostly short names, sometimes the longest */
	n = rnd(s) % 8 == 0 ? size - 1 : 1 + rnd(s) % 24;
	for (i = 0; i < n; i++)
		dst[i] = 1 + rnd(s) % 255;
	dst[n] = '\0';
}

static void
rnd_time(uint64_t *s, struct hist_time *t)
{
	const int64_t lo = -62167219200, hi = 253402300800;

	t->sec = lo + (int64_t)(rnd(s) % (uint64_t)(hi - lo));
	t->usec = rnd(s) % 1000000;
}

static void
rnd_record(uint64_t *s, struct hist_record *r)
{
	memset(r, 0, sizeof(*r));
	rnd_time(s, &r->time);
	r->event = rnd(s) % 4;
	rnd_name(s, r->user, sizeof(r->user));
	rnd_name(s, r->job, sizeof(r->job));
	r->run = rnd(s) % 4 == 0 ? 0 : rnd(s) >> (rnd(s) % 64);
	r->attempt = rnd(s) % 2 ? rnd(s) % 5 : rnd(s) % ((uint64_t)INT_MAX + 1);
	r->trigger = rnd(s) % 6;
	if ((r->has_due = rnd(s) % 2))
		rnd_time(s, &r->due);
	r->pid = rnd(s) % ((uint64_t)INT32_MAX + 1);
	r->outcome = rnd(s) % 8;
	r->status.kind = rnd(s) % 3;
	if (r->status.kind == HIST_STATUS_EXIT)
		r->status.code = rnd(s) % 256;
	else if (r->status.kind == HIST_STATUS_SIGNAL)
		r->status.code = 1 + rnd(s) % 127;
	r->duration = rnd(s) % 3 == 0 ? -1 :
	    (int64_t)(rnd(s) % (1000000000000ULL * 1000000));
}

START_TEST(test_round_trip)
{
	char buf[HIST_LINE_MAX], again[HIST_LINE_MAX], err[256] = "";
	struct hist_record r, back;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	int i;

	for (i = 0; i < 20000; i++) {
		rnd_record(&seed, &r);
		ck_assert_msg(hist_format(&r, buf, sizeof(buf), err,
		    sizeof(err)) > 0, "record %d: %s", i, err);
		ck_assert_msg(hist_parse(buf, &back, err, sizeof(err)) == 0,
		    "record %d: %s: %s", i, err, buf);
		assert_same(&back, &r);
		ck_assert_int_gt(hist_format(&back, again, sizeof(again), err,
		    sizeof(err)), 0);
		ck_assert_str_eq(again, buf);
	}
}
END_TEST

START_TEST(test_names)
{
	struct hist_status st;

	ck_assert_str_eq(hist_event_name(HIST_ERROR), "error");
	ck_assert_str_eq(hist_trigger_name(HIST_CATCH_UP), "catch-up");
	ck_assert_str_eq(hist_outcome_name(HIST_OUT_DEPS_FAILED),
	    "deps-failed");
	ck_assert_str_eq(hist_outcome_name(HIST_OUT_NONE), "-");
	ck_assert_str_eq(hist_event_name(17), "?");
	/* wait statuses as Linux and the BSDs encode them */
	hist_status_from_wait(3 << 8, &st);
	ck_assert_int_eq(st.kind, HIST_STATUS_EXIT);
	ck_assert_int_eq(st.code, 3);
	hist_status_from_wait(SIGKILL, &st);
	ck_assert_int_eq(st.kind, HIST_STATUS_SIGNAL);
	ck_assert_int_eq(st.code, SIGKILL);
}
END_TEST

static Suite *
histline_suite(void)
{
	Suite *s = suite_create("histline");
	TCase *tc = tcase_create("format");

	tcase_add_loop_test(tc, test_format, 0, N(formats));
	tcase_add_loop_test(tc, test_format_bad, 0, N(format_errors));
	tcase_add_test(tc, test_format_longest);
	tcase_add_loop_test(tc, test_escape, 0, N(escapes));
	tcase_add_loop_test(tc, test_parse_bad_field, 0, N(bad_fields));
	tcase_add_loop_test(tc, test_parse_bad_line, 0, N(bad_lines));
	tcase_add_test(tc, test_parse_ok);
	tcase_add_test(tc, test_parse_long_name);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_names);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(histline_suite)
