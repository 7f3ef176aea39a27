/*
 * civil.h: proleptic Gregorian calendar arithmetic on plain integers.
 * "Civil seconds" count seconds since 1970-01-01 00:00 of a wall clock
 * with no zone: UTC instants and local times share the same arithmetic.
 */
#ifndef CIVIL_H
#define CIVIL_H

#include <stdbool.h>
#include <stdint.h>

struct civil {
	int64_t	year;
	int	mon;		/* 1-12 */
	int	day;		/* 1-31 */
	int	hour;		/* 0-23 */
	int	min;		/* 0-59 */
	int	sec;		/* 0-59 */
};

/* Days from 1970-01-01 to the given date; any year, month 1-12. */
int64_t	civil_days(int64_t year, int mon, int day);
/* Inverse of civil_days. */
void	civil_from_days(int64_t days, int64_t *year, int *mon, int *day);
/* Day of week of a day count, 0 = Sunday. */
int	civil_weekday(int64_t days);
bool	civil_is_leap(int64_t year);
int	civil_month_days(int64_t year, int mon);
/* Whole civil time <-> civil seconds. */
int64_t	civil_to_secs(const struct civil *);
void	civil_from_secs(int64_t secs, struct civil *);
/* Floor division and modulo that round toward minus infinity. */
int64_t	civil_fdiv(int64_t a, int64_t b);
int64_t	civil_fmod(int64_t a, int64_t b);

#endif
