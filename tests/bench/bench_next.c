/*
 * bench_next.c: next_run() calls per second, in UTC and in a DST zone
 * (America/New_York), for a mix of typical schedules.  Two modes: chained
 * (after = the previous answer, as the daemon asks) and random `after`
 * instants between 1970 and 2100.  Each row runs for about half a second
 * (BENCH_SECONDS overrides).  Targets on one core: 5 M/s in UTC, 1 M/s in
 * a DST zone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "next.h"
#include "spec.h"
#include "tz.h"

#define NRANDOM	4096		/* a power of two */
#define BATCH	1024
#define T_START	INT64_C(1767225600)	/* 2026-01-01T00:00:00Z */
#define T_2100	INT64_C(4102444800)	/* 2100-01-01T00:00:00Z */

static const char *const specs[] = {
	"*/5 * * * *", "0 2 * * *", "30 4 1,15 * 1-5", "0 0 29 2 *", "@hourly",
};

static int64_t randoms[NRANDOM];
static volatile int64_t sink;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Calls per second of one spec in one zone for `secs` seconds. */
static double
bench(const struct spec *sp, const struct tz *z, int chained, double secs)
{
	double t0 = now(), t1;
	int64_t after = T_START, r, sum = 0;
	uint64_t calls = 0;
	unsigned int i = 0;
	int k;

	do {
		for (k = 0; k < BATCH; k++) {
			if (chained) {
				r = next_run(sp, z, after);
				/* Start over before the far future. */
				after = r >= T_2100 ? T_START : r;
			} else
				r = next_run(sp, z, randoms[i++ & (NRANDOM - 1)]);
			sum += r;
		}
		calls += BATCH;
		t1 = now();
	} while (t1 - t0 < secs);
	sink = sum;
	return (double)calls / (t1 - t0);
}

int
main(void)
{
	static const char *const zones[] = { "UTC", "America/New_York" };
	const char *env = getenv("BENCH_SECONDS");
	double secs = env != NULL ? atof(env) : 0.5, rate;
	double min_rate[2][2] = { { 1e30, 1e30 }, { 1e30, 1e30 } };
	uint64_t x = UINT64_C(0x2545f4914f6cdd1d);
	char err[256];
	struct spec sp;
	struct tz *z;
	size_t s, zi;
	int i, chained;

	if (secs <= 0)
		secs = 0.5;
	for (i = 0; i < NRANDOM; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		randoms[i] = (int64_t)(x % (uint64_t)T_2100);
	}
	printf("%-18s %-17s %-8s %12s\n", "spec", "zone", "after",
	    "calls/s");
	for (zi = 0; zi < 2; zi++) {
		z = zi == 0 ? tz_utc() : tz_load(zones[zi], err, sizeof(err));
		if (z == NULL) {
			fprintf(stderr, "bench_next: %s: %s\n", zones[zi], err);
			return 1;
		}
		for (s = 0; s < sizeof(specs) / sizeof(specs[0]); s++) {
			if (spec_parse(&sp, specs[s], 0, NULL, NULL, err,
			    sizeof(err)) != 0) {
				fprintf(stderr, "bench_next: '%s': %s\n",
				    specs[s], err);
				return 1;
			}
			for (chained = 1; chained >= 0; chained--) {
				rate = bench(&sp, z, chained, secs);
				if (rate < min_rate[zi][chained])
					min_rate[zi][chained] = rate;
				printf("%-18s %-17s %-8s %10.2f M\n", specs[s],
				    zones[zi], chained ? "chained" : "random",
				    rate / 1e6);
				fflush(stdout);
			}
		}
		tz_free(z);
	}
	printf("slowest: UTC %.2f M/s chained, %.2f M/s random (target 5); "
	    "America/New_York %.2f M/s chained, %.2f M/s random (target 1)\n",
	    min_rate[0][1] / 1e6, min_rate[0][0] / 1e6, min_rate[1][1] / 1e6,
	    min_rate[1][0] / 1e6);
	return 0;
}
