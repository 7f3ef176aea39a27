/*
 * check_spec.c: the schedule parser: a table of valid expressions with the
 * bitsets they must give, and a table of invalid ones with their messages.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "check_main.h"

#define B(n)		(UINT64_C(1) << (n))
#define ALL_MIN		(B(60) - 1)
#define ALL_HOUR	((uint32_t)(B(24) - 1))
#define ALL_DOM		((uint32_t)(B(32) - 2))
#define ALL_MON		((uint16_t)(B(13) - 2))
#define ALL_DOW		0x7f

/* Odd days of the month, 1-31. */
#define ODD_DAYS	UINT32_C(0xaaaaaaaa)

/* A random source that always answers the same fraction of its bound. */
static uint32_t
fixed_uniform(void *ctx, uint32_t bound)
{
	unsigned pct = *(unsigned *)ctx;

	return (uint32_t)((uint64_t)bound * pct / 100 < bound ?
	    (uint64_t)bound * pct / 100 : bound - 1);
}

struct valid_case {
	const char	*text;
	int		 opts;
	uint64_t	 sec, min;
	uint32_t	 hour, dom;
	uint16_t	 mon;
	uint8_t		 dow;
	uint8_t		 flags;
};

#define STARS	(SPEC_MIN_STAR | SPEC_HOUR_STAR | SPEC_DOM_STAR | SPEC_DOW_STAR)
#define DAYSTAR	(SPEC_DOM_STAR | SPEC_DOW_STAR)

static const struct valid_case valid[] = {
	{ "* * * * *", 0, 1, ALL_MIN, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW,
	    STARS },
	{ "0 2 * * *", 0, 1, B(0), B(2), ALL_DOM, ALL_MON, ALL_DOW, DAYSTAR },
	{ "*/15 * * * *", 0, 1, B(0) | B(15) | B(30) | B(45), ALL_HOUR,
	    ALL_DOM, ALL_MON, ALL_DOW, STARS },
	{ "5-20/5 1-3 * * *", 0, 1, B(5) | B(10) | B(15) | B(20),
	    B(1) | B(2) | B(3), ALL_DOM, ALL_MON, ALL_DOW, DAYSTAR },
	{ "1,2,40-42 0 1,15 * *", 0, 1, B(1) | B(2) | B(40) | B(41) | B(42),
	    B(0), B(1) | B(15), ALL_MON, ALL_DOW, SPEC_DOW_STAR },
	{ "0 0 * jan,Jul,DEC *", 0, 1, B(0), B(0), ALL_DOM,
	    B(1) | B(7) | B(12), ALL_DOW, DAYSTAR },
	{ "0 0 * feb-apr mon-FRI", 0, 1, B(0), B(0), ALL_DOM,
	    B(2) | B(3) | B(4), 0x3e, SPEC_DOM_STAR },
	{ "0 0 * * 7", 0, 1, B(0), B(0), ALL_DOM, ALL_MON, B(0),
	    SPEC_DOM_STAR },
	{ "0 0 * * 0,7", 0, 1, B(0), B(0), ALL_DOM, ALL_MON, B(0),
	    SPEC_DOM_STAR },
	{ "0 0 * * 5-7", 0, 1, B(0), B(0), ALL_DOM, ALL_MON,
	    B(0) | B(5) | B(6), SPEC_DOM_STAR },
	{ "0 0 * * */2", 0, 1, B(0), B(0), ALL_DOM, ALL_MON,
	    B(0) | B(2) | B(4) | B(6), DAYSTAR },
	{ "0 0 */2 * 1", 0, 1, B(0), B(0), ODD_DAYS, ALL_MON,
	    B(1), SPEC_DOM_STAR },
	{ "0 0 1-31/2 * 1", 0, 1, B(0), B(0), ODD_DAYS,
	    ALL_MON, B(1), 0 },
	{ "30/10 * * * *", 0, 1, B(30) | B(40) | B(50), ALL_HOUR, ALL_DOM,
	    ALL_MON, ALL_DOW, SPEC_HOUR_STAR | DAYSTAR },
	{ "0 0 * * 1/2", 0, 1, B(0), B(0), ALL_DOM, ALL_MON,
	    B(1) | B(3) | B(5) | B(0), SPEC_DOM_STAR },
	{ "0 0 * * 7/2", 0, 1, B(0), B(0), ALL_DOM, ALL_MON, B(0),
	    SPEC_DOM_STAR },
	{ "0 0 * * */7", 0, 1, B(0), B(0), ALL_DOM, ALL_MON, B(0),
	    DAYSTAR },
	{ "59 23 31 12 6", 0, 1, B(59), B(23), B(31), B(12), B(6), 0 },
	{ "\t 0  0\t1 1 *  ", 0, 1, B(0), B(0), B(1), B(1), ALL_DOW,
	    SPEC_DOW_STAR },
	{ "0 0 0 * * *", SPEC_SECONDS, B(0), B(0), B(0), ALL_DOM, ALL_MON,
	    ALL_DOW, DAYSTAR },
	{ "*/20 * * * * *", SPEC_SECONDS, B(0) | B(20) | B(40), ALL_MIN,
	    ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, STARS },
	{ "@yearly", 0, 1, B(0), B(0), B(1), B(1), ALL_DOW, SPEC_DOW_STAR },
	{ "@annually", 0, 1, B(0), B(0), B(1), B(1), ALL_DOW, SPEC_DOW_STAR },
	{ "@monthly", 0, 1, B(0), B(0), B(1), ALL_MON, ALL_DOW,
	    SPEC_DOW_STAR },
	{ "@weekly", 0, 1, B(0), B(0), ALL_DOM, ALL_MON, B(0),
	    SPEC_DOM_STAR },
	{ "@daily", 0, 1, B(0), B(0), ALL_DOM, ALL_MON, ALL_DOW, DAYSTAR },
	{ "@midnight", 0, 1, B(0), B(0), ALL_DOM, ALL_MON, ALL_DOW, DAYSTAR },
	{ "@HOURLY", 0, 1, B(0), ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW,
	    SPEC_HOUR_STAR | DAYSTAR },
	{ "@reboot", 0, 0, 0, 0, 0, 0, 0, SPEC_REBOOT },
	{ "0 0 30 2 *", 0, 1, B(0), B(0), B(30), B(2), ALL_DOW,
	    SPEC_DOW_STAR | SPEC_NEVER },
	{ "0 0 31 4,6,9,11 *", 0, 1, B(0), B(0), B(31),
	    B(4) | B(6) | B(9) | B(11), ALL_DOW, SPEC_DOW_STAR | SPEC_NEVER },
	{ "0 0 29 2 *", 0, 1, B(0), B(0), B(29), B(2), ALL_DOW,
	    SPEC_DOW_STAR },
	{ "0 0 ? * 1", SPEC_QUARTZ, 1, B(0), B(0), ALL_DOM, ALL_MON, B(1),
	    SPEC_DOM_STAR },
	{ "0 0 L * *", SPEC_QUARTZ, 1, B(0), B(0), 0, ALL_MON, ALL_DOW,
	    SPEC_DOW_STAR | SPEC_DOM_LAST },
	{ "0 0 LW * *", SPEC_QUARTZ, 1, B(0), B(0), 0, ALL_MON, ALL_DOW,
	    SPEC_DOW_STAR | SPEC_DOM_LASTWD },
	{ "0 0 1,L * *", SPEC_QUARTZ, 1, B(0), B(0), B(1), ALL_MON, ALL_DOW,
	    SPEC_DOW_STAR | SPEC_DOM_LAST },
};

START_TEST(test_valid)
{
	const struct valid_case *c = &valid[_i];
	struct spec sp;
	char err[SPEC_ERR_MAX] = "";

	ck_assert_msg(spec_parse(&sp, c->text, c->opts, NULL, NULL, err,
	    sizeof(err)) == 0, "'%s': %s", c->text, err);
	ck_assert_msg(sp.sec == c->sec, "'%s' sec %#llx", c->text,
	    (unsigned long long)sp.sec);
	ck_assert_msg(sp.min == c->min, "'%s' min %#llx", c->text,
	    (unsigned long long)sp.min);
	ck_assert_msg(sp.hour == c->hour, "'%s' hour %#x", c->text, sp.hour);
	ck_assert_msg(sp.dom == c->dom, "'%s' dom %#x", c->text, sp.dom);
	ck_assert_msg(sp.mon == c->mon, "'%s' mon %#x", c->text, sp.mon);
	ck_assert_msg(sp.dow == c->dow, "'%s' dow %#x", c->text, sp.dow);
	ck_assert_msg(sp.flags == c->flags, "'%s' flags %#x", c->text,
	    sp.flags);
}
END_TEST

struct invalid_case {
	const char	*text;
	int		 opts;
	const char	*msg;
};

static const struct invalid_case invalid[] = {
	{ "61 * * * *", 0, "minute: 61 is out of range 0-59" },
	{ "60 * * * *", 0, "minute: 60 is out of range 0-59" },
	{ "* 24 * * *", 0, "hour: 24 is out of range 0-23" },
	{ "* * 0 * *", 0, "day-of-month: 0 is out of range 1-31" },
	{ "* * 32 * *", 0, "day-of-month: 32 is out of range 1-31" },
	{ "* * * 13 *", 0, "month: 13 is out of range 1-12" },
	{ "* * * 0 *", 0, "month: 0 is out of range 1-12" },
	{ "* * * * 8", 0, "day-of-week: 8 is out of range 0-7" },
	{ "60 * * * * *", SPEC_SECONDS, "second: 60 is out of range 0-59" },
	{ "*/0 * * * *", 0, "minute: step 0 is out of range 1-60" },
	{ "0-59/4294967295 * * * *", 0,
	    "minute: step 4294967295 is out of range 1-60" },
	{ "* */25 * * *", 0, "hour: step 25 is out of range 1-24" },
	{ "5-2 * * * *", 0, "minute: range 5-2 runs backwards" },
	{ "* * * dec-jan *", 0, "month: range dec-jan runs backwards" },
	{ "99999999999999999999 * * * *", 0,
	    "minute: 99999999999999999999 is out of range 0-59" },
	{ "0-99999999999999999999 * * * *", 0,
	    "minute: 99999999999999999999 is out of range 0-59" },
	{ "5x * * * *", 0, "minute: unexpected 'x' in '5x'" },
	{ "1-5x * * * *", 0, "minute: unexpected 'x' in '1-5x'" },
	{ "*x * * * *", 0, "minute: unexpected 'x' in '*x'" },
	{ "*/5/2 * * * *", 0, "minute: unexpected '/' in '*/5/2'" },
	{ "1- * * * *", 0, "minute: missing number in '1-'" },
	{ "-1 * * * *", 0, "minute: unexpected '-' in '-1'" },
	{ "*/ * * * *", 0, "minute: missing step after '/' in '*/'" },
	{ "*/x * * * *", 0, "minute: missing step after '/' in '*/x'" },
	{ "1,,2 * * * *", 0, "minute: empty item in list '1,,2'" },
	{ "1, * * * *", 0, "minute: empty item in list '1,'" },
	{ ",1 * * * *", 0, "minute: empty item in list ',1'" },
	{ "* * * * ", 0, "day-of-week: missing field" },
	{ "* *", 0, "day-of-month: missing field" },
	{ "", 0, "minute: missing field" },
	{ "* * * * * *", 0, "unexpected '*' after day-of-week (a seconds "
	    "field is only allowed in extended schedules)" },
	{ "* * * * * * *", SPEC_SECONDS, "unexpected '*' after day-of-week" },
	{ "abc * * * *", 0, "minute: 'abc' is not a number" },
	{ "* * * foo *", 0, "month: unknown name 'foo'" },
	{ "* * * january *", 0, "month: unknown name 'january'" },
	{ "* * * * sunday", 0, "day-of-week: unknown name 'sunday'" },
	{ "@foo", 0, "unknown schedule '@foo' (expected @reboot, @yearly, "
	    "@annually, @monthly, @weekly, @daily, @midnight or @hourly)" },
	{ "@daily extra", 0, "unexpected 'extra' after @daily" },
	{ "0~30 * * * *", 0, "minute: random '~' is not allowed here" },
	{ "0 0 L * *", 0, "day-of-month: 'L' is only allowed in extended "
	    "(INI) schedules" },
	{ "0 0 * * 1#2", 0, "day-of-week: '1#2' is only allowed in extended "
	    "(INI) schedules" },
	{ "0 0 ? * *", 0, "day-of-month: unexpected '?' in '?'" },
	{ "? 0 * * *", SPEC_QUARTZ, "minute: unexpected '?' in '?'" },
	{ "0 0 * * 1#6", SPEC_QUARTZ,
	    "day-of-week: occurrence '6' is out of range 1-5" },
	{ "0 0 * * 1#", SPEC_QUARTZ,
	    "day-of-week: occurrence '' is out of range 1-5" },
	{ "0 0 * * 8#1", SPEC_QUARTZ, "day-of-week: 8 is out of range 0-7" },
	{ "0 0 * * L", SPEC_QUARTZ,
	    "day-of-week: 'L' needs a weekday before it, as in 5L" },
	{ "0 0 32W * *", SPEC_QUARTZ, "day-of-month: 32 is out of range 1-31" },
	{ "0 0 5L * *", SPEC_QUARTZ, "day-of-month: unexpected 'L' in '5L'" },
};

START_TEST(test_invalid)
{
	const struct invalid_case *c = &invalid[_i];
	struct spec sp;
	char err[SPEC_ERR_MAX] = "";

	ck_assert_msg(spec_parse(&sp, c->text, c->opts, NULL, NULL, err,
	    sizeof(err)) == -1, "'%s' was accepted", c->text);
	ck_assert_str_eq(err, c->msg);
}
END_TEST

START_TEST(test_random)
{
	struct spec sp;
	char err[SPEC_ERR_MAX];
	unsigned pct;
	struct spec_rand rnd = { fixed_uniform, &pct };

	pct = 0;
	ck_assert_int_eq(spec_parse(&sp, "0~30 ~ * * ~", 0, &rnd, NULL, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(sp.min, B(0));
	ck_assert_uint_eq(sp.hour, B(0));
	ck_assert_uint_eq(sp.dow, B(0));
	ck_assert(!(sp.flags & SPEC_MIN_STAR));
	pct = 99;
	ck_assert_int_eq(spec_parse(&sp, "10~30 ~ ~5 * ~", 0, &rnd, NULL,
	    err, sizeof(err)), 0);
	ck_assert_uint_eq(sp.min, B(30));
	ck_assert_uint_eq(sp.hour, B(23));
	ck_assert_uint_eq(sp.dom, B(5));
	ck_assert_uint_eq(sp.dow, B(6));	/* never 7: Sunday is 0 */
	pct = 50;
	ck_assert_int_eq(spec_parse(&sp, "20~ 1,3~5 * * *", 0, &rnd, NULL,
	    err, sizeof(err)), 0);
	ck_assert_uint_eq(sp.min, B(40));
	ck_assert_uint_eq(sp.hour, B(1) | B(4));
	ck_assert_int_eq(spec_parse(&sp, "30~10 * * * *", 0, &rnd, NULL, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "minute: range 30~10 runs backwards");
	ck_assert_int_eq(spec_parse(&sp, "5~70 * * * *", 0, &rnd, NULL, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "minute: 70 is out of range 0-59");
}
END_TEST

/* With endp, exactly five fields are read and the rest is left. */
START_TEST(test_endp)
{
	struct spec sp;
	char err[SPEC_ERR_MAX];
	const char *rest = NULL;

	ck_assert_int_eq(spec_parse(&sp, "0 2 * * 1-5\t /bin/run 1 2", 0,
	    NULL, &rest, err, sizeof(err)), 0);
	ck_assert_str_eq(rest, "/bin/run 1 2");
	ck_assert_int_eq(spec_parse(&sp, "@daily  echo hi", 0, NULL, &rest,
	    err, sizeof(err)), 0);
	ck_assert_str_eq(rest, "echo hi");
	ck_assert_uint_eq(sp.hour, B(0));
	ck_assert_int_eq(spec_parse(&sp, "* * * * *", 0, NULL, &rest, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(rest, "");
	/* A seconds field is never read in this mode. */
	ck_assert_int_eq(spec_parse(&sp, "0 0 1 * * cmd", SPEC_EXTENDED,
	    NULL, &rest, err, sizeof(err)), 0);
	ck_assert_str_eq(rest, "cmd");
	ck_assert_uint_eq(sp.sec, B(0));
	ck_assert_uint_eq(sp.dom, B(1));
	ck_assert_int_eq(spec_parse(&sp, "0 2 * *\n", 0, NULL, &rest, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "day-of-week: missing field");
}
END_TEST

/* A small error buffer truncates the message but never overflows. */
START_TEST(test_small_buffer)
{
	struct spec sp;
	char err[8];

	ck_assert_int_eq(spec_parse(&sp, "61 * * * *", 0, NULL, NULL, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "minute:");
	ck_assert_int_eq(spec_parse(&sp, "* * * * * x", 0, NULL, NULL, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "unexpec");
}
END_TEST

struct days_case {
	const char	*text;
	int		 mdays, wday1;	/* month length, weekday of the 1st */
	uint32_t	 days;
};

#define D(n)	(UINT32_C(1) << (n))

/* Months are described by length and first weekday; 0 = Sunday. */
static const struct days_case days[] = {
	{ "0 0 * * *", 30, 0, (uint32_t)(B(31) - 2) },
	{ "0 0 * * 0", 30, 0, D(1) | D(8) | D(15) | D(22) | D(29) },
	{ "0 0 * * 1", 28, 0, D(2) | D(9) | D(16) | D(23) },
	{ "0 0 13 * 5", 31, 0, D(6) | D(13) | D(20) | D(27) },	/* OR */
	{ "0 0 */2 * 1", 31, 0, D(9) | D(23) },			/* AND */
	{ "0 0 1-31/2 * 1", 30, 0, (ODD_DAYS & ~D(31)) | D(2) | D(16) |
	    D(30) },
	{ "0 0 * * */2", 7 + 21, 1, (uint32_t)(D(2) | D(4) | D(6) | D(7)) *
	    (1 | 1 << 7 | 1 << 14 | 1 << 21) },
	{ "0 0 31 * *", 30, 3, 0 },
	{ "0 0 L * *", 29, 4, D(29) },
	{ "0 0 LW * *", 31, 4, D(30) },	/* 31st a Saturday */
	{ "0 0 LW * *", 30, 3, D(30) },	/* 30th a Thursday */
	{ "0 0 LW * *", 31, 5, D(29) },	/* 31st a Sunday */
	{ "0 0 1W * *", 30, 6, D(3) },	/* 1st a Saturday: Monday 3rd */
	{ "0 0 1W * *", 30, 0, D(2) },	/* 1st a Sunday: Monday 2nd */
	{ "0 0 15W * *", 30, 1, D(15) },
	{ "0 0 30W * *", 30, 6, D(28) },	/* 30th a Sunday: Friday */
	{ "0 0 31W * *", 30, 2, 0 },
	{ "0 0 * * 5L", 31, 0, D(27) },
	{ "0 0 * * 5L", 31, 4, D(30) },
	{ "0 0 * * 1#2", 30, 1, D(8) },
	{ "0 0 * * 1#5", 28, 1, 0 },
	{ "0 0 * * 1#5,2#1", 31, 1, D(29) | D(2) },
	{ "0 0 ? * mon#1", 31, 3, D(6) },
	{ "0 0 15 * 5L", 31, 0, D(15) | D(27) },	/* OR with Quartz */
};

START_TEST(test_month_days)
{
	const struct days_case *c = &days[_i];
	struct spec sp;
	char err[SPEC_ERR_MAX] = "";

	ck_assert_msg(spec_parse(&sp, c->text, SPEC_QUARTZ, NULL, NULL, err,
	    sizeof(err)) == 0, "'%s': %s", c->text, err);
	ck_assert_msg(spec_month_days(&sp, c->mdays, c->wday1) == c->days,
	    "'%s' (%d days from weekday %d): %#x, want %#x", c->text,
	    c->mdays, c->wday1, spec_month_days(&sp, c->mdays, c->wday1),
	    c->days);
}
END_TEST

START_TEST(test_fixed_time)
{
	static const struct { const char *text; bool fixed; } cases[] = {
		{ "0 2 * * *", true }, { "30 2,3 * * *", true },
		{ "0 * * * *", false }, { "@hourly", false },
		{ "* 2 * * *", false }, { "*/15 2 * * *", false },
		{ "0-59 2 * * *", true }, { "@daily", true },
		{ "0~59 2 * * *", true },
	};
	struct spec sp;
	char err[SPEC_ERR_MAX];
	unsigned pct = 0;
	struct spec_rand rnd = { fixed_uniform, &pct };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(spec_parse(&sp, cases[i].text, 0, &rnd, NULL,
		    err, sizeof(err)), 0);
		ck_assert_msg(spec_is_fixed_time(&sp) == cases[i].fixed,
		    "'%s'", cases[i].text);
	}
}
END_TEST

static Suite *
spec_suite(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_valid, 0,
	    sizeof(valid) / sizeof(valid[0]));
	tcase_add_loop_test(tc, test_invalid, 0,
	    sizeof(invalid) / sizeof(invalid[0]));
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_endp);
	tcase_add_test(tc, test_small_buffer);
	tcase_add_loop_test(tc, test_month_days, 0,
	    sizeof(days) / sizeof(days[0]));
	tcase_add_test(tc, test_fixed_time);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(spec_suite)
