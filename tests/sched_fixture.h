/*
 * sched_fixture.h: what the scheduling-core suites share: a reproducible
 * random source, a cheap CHECK for hot loops, spec and zone makers, and a
 * log of the starts the core reports.
 */
#ifndef SCHED_FIXTURE_H
#define SCHED_FIXTURE_H

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "spec.h"
#include "tz.h"

#define DAY	INT64_C(86400)
#define YEAR	(365 * DAY)
/* 2024-01-01T00:00:00Z */
#define T2024	INT64_C(1704067200)

static uint64_t rng_state __attribute__((unused)) = 0x9e3779b97f4a7c15;

static inline uint32_t
rnd(uint32_t bound)
{
	/* xorshift64*: reproducible, no libc state. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * UINT64_C(2685821657736338717)) >> 32) %
	    bound;
}

/*
 * Hot loops check with CHECK rather than ck_assert, whose bookkeeping per
 * call would dominate the run under valgrind; the test then asserts that
 * nothing failed and shows the first failure.
 */
static size_t nfail __attribute__((unused));
static char first_fail[512] __attribute__((unused));

#define CHECK(cond, ...) do {						\
	if (!(cond) && nfail++ == 0)					\
		snprintf(first_fail, sizeof(first_fail), __VA_ARGS__);	\
} while (0)

#define CHECK_DONE() do {						\
	ck_assert_msg(nfail == 0, "%zu failures; first: %s", nfail,	\
	    first_fail);						\
	nfail = 0;							\
} while (0)

static inline long
env_long(const char *name, long dflt)
{
	const char *s = getenv(name);

	return s != NULL && *s != '\0' ? strtol(s, NULL, 10) : dflt;
}

static inline struct spec
mkspec(const char *text)
{
	struct spec sp;
	char err[SPEC_ERR_MAX];

	ck_assert_msg(spec_parse(&sp, text, SPEC_SECONDS, NULL, NULL, err,
	    sizeof(err)) == 0, "%s: %s", text, err);
	return sp;
}

static inline struct tz *
mktz(const char *name)
{
	struct tz *z;
	char err[256];

	if (name == NULL)
		return tz_utc();
	z = tz_load(name, err, sizeof(err));
	ck_assert_msg(z != NULL, "%s: %s", name, err);
	return z;
}

/* What the core started: a growing log. */
struct start_log {
	struct sched_start	*v;
	size_t			 len;
	size_t			 cap;
};

static inline void
log_emit(void *arg, const struct sched_start *st)
{
	struct start_log *l = arg;

	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = reallocarray(l->v, l->cap, sizeof(*l->v));
		ck_assert_ptr_nonnull(l->v);
	}
	l->v[l->len++] = *st;
}

#endif
