/*
 * hist_fixture.h: the record both history suites start from: the end of
 * alice's run 42, with every field set, and the line it must give.
 */
#ifndef HIST_FIXTURE_H
#define HIST_FIXTURE_H

#include <stdbool.h>
#include <string.h>

#include "history.h"

#define T_2026	1795453200	/* 2026-11-23T17:00:00Z */

/* The end of alice's run 42: every field has a value. */
static void
base_record(struct hist_record *r)
{
	memset(r, 0, sizeof(*r));
	r->time = (struct hist_time){ T_2026 + 12, 345801 };
	r->event = HIST_END;
	strcpy(r->user, "alice");
	strcpy(r->job, "alice:3");
	r->run = 42;
	r->attempt = 1;
	r->trigger = HIST_SCHEDULE;
	r->has_due = true;
	r->due = (struct hist_time){ T_2026, 0 };
	r->pid = 4242;
	r->outcome = HIST_OUT_OK;
	r->status = (struct hist_status){ HIST_STATUS_EXIT, 0 };
	r->duration = 12345678;
}

static const char base_line[] = "2026-11-23T17:00:12.345801Z\tend\talice\t"
    "alice:3\t42\t1\tschedule\t2026-11-23T17:00:00.000000Z\t4242\tok\t0\t"
    "12.345678\n";


#endif
