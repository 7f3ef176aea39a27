/*
 * civil.c: Gregorian calendar arithmetic.  Days are counted from
 * 1970-01-01 (day 0, a Thursday); years use 400-year eras, during which the
 * calendar repeats exactly (146097 days), so no loop depends on the year.
 */
#include "civil.h"

#define DAYS_PER_ERA	146097
#define SECS_PER_DAY	86400

int64_t
civil_fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
civil_fmod(int64_t a, int64_t b)
{
	int64_t r = a % b;	/* never overflows, unlike a - q * b */

	return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}

bool
civil_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
civil_month_days(int64_t y, int m)
{
	static const unsigned char mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && civil_is_leap(y) ? 29 : mdays[m - 1];
}

/*
 * Years here start on March 1st, so that the leap day is the last day of
 * the year and the day of year follows from the month by a linear formula.
 */
int64_t
civil_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = civil_fdiv(y, 400);
	yoe = y - era * 400;				/* 0-399 */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;	/* 0-365 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0-146096 */
	return era * DAYS_PER_ERA + doe - 719468;	/* 719468: 0000-03-01 */
}

void
civil_from_days(int64_t z, int64_t *yp, int *mp, int *dp)
{
	int64_t era, doe, yoe, doy, mp5, y;
	int m;

	z += 719468;
	era = civil_fdiv(z, DAYS_PER_ERA);
	doe = z - era * DAYS_PER_ERA;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp5 = (5 * doy + 2) / 153;
	*dp = (int)(doy - (153 * mp5 + 2) / 5 + 1);
	m = (int)(mp5 < 10 ? mp5 + 3 : mp5 - 9);
	*mp = m;
	*yp = m <= 2 ? y + 1 : y;
}

int
civil_weekday(int64_t days)
{
	return (int)civil_fmod(days + 4, 7);
}

int64_t
civil_to_secs(const struct civil *c)
{
	return civil_days(c->year, c->mon, c->day) * SECS_PER_DAY +
	    c->hour * 3600 + c->min * 60 + c->sec;
}

void
civil_from_secs(int64_t secs, struct civil *c)
{
	int64_t days = civil_fdiv(secs, SECS_PER_DAY);
	int sod = (int)(secs - days * SECS_PER_DAY);

	civil_from_days(days, &c->year, &c->mon, &c->day);
	c->hour = sod / 3600;
	c->min = sod / 60 % 60;
	c->sec = sod % 60;
}
