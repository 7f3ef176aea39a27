/*
 * check_civil.c: Gregorian calendar arithmetic, checked against known dates
 * and by round trips over whole 400-year cycles.
 */
#include <check.h>
#include <stdlib.h>

#include "civil.h"
#include "check_main.h"

static const struct {
	int64_t	year;
	int	mon, day;
	int64_t	days;
	int	wday;
} dates[] = {
	{ 1970, 1, 1, 0, 4 },
	{ 1969, 12, 31, -1, 3 },
	{ 2000, 2, 29, 11016, 2 },
	{ 2000, 3, 1, 11017, 3 },
	{ 2026, 11, 23, 20780, 1 },
	{ 2038, 1, 19, 24855, 2 },
	{ 2100, 2, 28, 47540, 0 },
	{ 2100, 3, 1, 47541, 1 },
	{ 2400, 2, 29, 157113, 2 },
	{ 1600, 1, 1, -135140, 6 },
	{ 1, 1, 1, -719162, 1 },
	{ 0, 3, 1, -719468, 3 },
	{ -1, 12, 31, -719529, 5 },
	{ 9999, 12, 31, 2932896, 5 },
};

START_TEST(test_known_dates)
{
	int64_t y;
	int m, d;

	ck_assert_int_eq(civil_days(dates[_i].year, dates[_i].mon,
	    dates[_i].day), dates[_i].days);
	civil_from_days(dates[_i].days, &y, &m, &d);
	ck_assert_int_eq(y, dates[_i].year);
	ck_assert_int_eq(m, dates[_i].mon);
	ck_assert_int_eq(d, dates[_i].day);
	ck_assert_int_eq(civil_weekday(dates[_i].days), dates[_i].wday);
}
END_TEST

START_TEST(test_leap_years)
{
	ck_assert(civil_is_leap(2000));
	ck_assert(!civil_is_leap(2100));
	ck_assert(civil_is_leap(2400));
	ck_assert(civil_is_leap(2024));
	ck_assert(!civil_is_leap(2026));
	ck_assert(!civil_is_leap(1900));
	ck_assert(civil_is_leap(0));
	ck_assert(civil_is_leap(-4));
	ck_assert_int_eq(civil_month_days(2000, 2), 29);
	ck_assert_int_eq(civil_month_days(2100, 2), 28);
	ck_assert_int_eq(civil_month_days(2026, 4), 30);
	ck_assert_int_eq(civil_month_days(2026, 12), 31);
}
END_TEST

/* Day by day over two whole cycles, the dates must follow each other. */
START_TEST(test_round_trip)
{
	int64_t y, py = 1599, first = civil_days(1600, 1, 1);
	int m, d, pm = 12, pd = 31;

	for (int64_t z = first; z < first + 2 * 146097; z++) {
		civil_from_days(z, &y, &m, &d);
		ck_assert_int_eq(civil_days(y, m, d), z);
		if (d == 1) {
			ck_assert_int_eq(pd, civil_month_days(py, pm));
			ck_assert(m == pm % 12 + 1);
		} else
			ck_assert(d == pd + 1 && m == pm && y == py);
		py = y, pm = m, pd = d;
	}
	ck_assert_int_eq(y, 2399);
	ck_assert_int_eq(civil_days(2000, 1, 1) - civil_days(1600, 1, 1),
	    146097);
}
END_TEST

START_TEST(test_seconds)
{
	struct civil c = { 2026, 3, 8, 2, 30, 15 }, back;
	int64_t s = civil_to_secs(&c);

	ck_assert_int_eq(s, 1772937015);
	civil_from_secs(s, &back);
	ck_assert(back.year == 2026 && back.mon == 3 && back.day == 8 &&
	    back.hour == 2 && back.min == 30 && back.sec == 15);
	civil_from_secs(-1, &back);
	ck_assert(back.year == 1969 && back.mon == 12 && back.day == 31 &&
	    back.hour == 23 && back.min == 59 && back.sec == 59);
	ck_assert_int_eq(civil_fdiv(-7, 2), -4);
	ck_assert_int_eq(civil_fmod(-7, 2), 1);
	ck_assert_int_eq(civil_fdiv(7, 2), 3);
	ck_assert_int_eq(civil_fmod(-86400, 86400), 0);
}
END_TEST

static Suite *
civil_suite(void)
{
	Suite *s = suite_create("civil");
	TCase *tc = tcase_create("calendar");

	tcase_add_loop_test(tc, test_known_dates, 0,
	    sizeof(dates) / sizeof(dates[0]));
	tcase_add_test(tc, test_leap_years);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_seconds);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(civil_suite)
