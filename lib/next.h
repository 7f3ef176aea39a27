/*
 * next.h: the next run instant of a schedule in a zone, with the DST rules
 * of crontab(5): in a gap a fixed-time job runs once at the first instant
 * after it, in a repeated hour only at the first pass; a wildcard job runs
 * at every real instant whose local time matches.
 */
#ifndef NEXT_H
#define NEXT_H

#include <stdint.h>

#include "spec.h"
#include "tz.h"

#define NEXT_NEVER	INT64_MAX

/* Latest local time answered: 9999-12-31T23:59:59 (civil seconds). */
#define NEXT_MAX	INT64_C(253402300799)

/*
 * The first instant strictly after `after` (seconds since the epoch) at
 * which the schedule runs in zone z, or NEXT_NEVER (also for @reboot and
 * past NEXT_MAX).
 */
int64_t	next_run(const struct spec *, const struct tz *z, int64_t after);

/*
 * The first civil time (local seconds) >= from that matches, ignoring
 * zones, or NEXT_NEVER.
 */
int64_t	next_civil(const struct spec *, int64_t from);

#endif
