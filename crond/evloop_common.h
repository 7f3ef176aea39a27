/*
 * evloop_common.h: what the two backends of evloop.h share, and nothing
 * the rest of crond may call: the wall clock's offset from the monotonic
 * clock (how a step is noticed and how the time before it is estimated),
 * the queue of events found but not yet handed to the caller, the
 * blocking of the loop's signals, and the split of a watched path into its
 * folder and name.
 */
#ifndef EVLOOP_COMMON_H
#define EVLOOP_COMMON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "evloop.h"

/*
 * CLOCK_REALTIME minus CLOCK_MONOTONIC, 0 <= nsec < 1e9.  Frequency
 * corrections (NTP's slewing) move both clocks alike, so the offset only
 * changes when the wall clock is stepped or the machine was suspended
 * (the monotonic clock stops during a suspend: from the loop's point of
 * view the wall clock then jumped forward by the time asleep).
 */
struct evloop_offset {
	int64_t	sec;
	long	nsec;
};

/*
 * Reads both clocks into off; mono and real (either may be NULL) get the
 * readings.  Returns 0, or -1 with errno.
 */
int		evloop_offset_read(struct evloop_offset *off,
		    struct timespec *mono, struct timespec *real);
/* The wall clock (whole seconds, rounded down) at monotonic instant mono
 * had the offset stayed old: the estimate of "before" for a step. */
int64_t		evloop_offset_before(const struct evloop_offset *old,
		    const struct timespec *mono);
/* Whether the offsets differ by more than one second. */
bool		evloop_offset_stepped(const struct evloop_offset *a,
		    const struct evloop_offset *b);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t		evloop_mono_ns(void);

/*
 * Events found and not yet returned, oldest first.  Pushing coalesces:
 * one TIMER, one FILES, one CLOCK_SET (the first before, the last now),
 * one SIGNAL per signal and one FD per descriptor at most, so the queue
 * stays small whatever happens between two waits.
 */
struct evloop_queue {
	struct evloop_event	*ev;
	size_t			 n;
	size_t			 cap;
};

/* Returns 0, or -1 when out of memory. */
int		evloop_queue_push(struct evloop_queue *,
		    const struct evloop_event *);
/* As evloop_queue_push; -1 with err ("evloop: " and ENOMEM's text). */
int		evloop_queue_add(struct evloop_queue *,
		    const struct evloop_event *, char *err, size_t errlen);
/*
 * Queues a step of the wall clock seen at mono and real (off measured with
 * them): before is estimated from *kept, the offset kept so far, which
 * then becomes off.  Returns 0, or -1 with err.
 */
int		evloop_queue_step(struct evloop_queue *,
		    struct evloop_offset *kept,
		    const struct evloop_offset *off,
		    const struct timespec *mono, const struct timespec *real,
		    char *err, size_t errlen);
/* Moves up to max of the oldest events into out; returns how many. */
size_t		evloop_queue_pop(struct evloop_queue *,
		    struct evloop_event *out, size_t max);
/* Forgets the events of fd (the caller stopped watching it). */
void		evloop_queue_drop_fd(struct evloop_queue *, int fd);
void		evloop_queue_free(struct evloop_queue *);

/*
 * Fills sigs with signals[0..n) and blocks them in the calling thread;
 * *unblock gets those that were not blocked before, the ones to unblock
 * when the loop goes.  Returns 0, or -1 with err (a bad signal number:
 * nothing blocked).
 */
int		evloop_block_signals(const int *signals, size_t n,
		    sigset_t *sigs, sigset_t *unblock, char *err,
		    size_t errlen);

/*
 * Splits path into a folder and a last component (trailing slashes
 * ignored; "f" gives "." and "f").  Both are the caller's to free.
 * Returns 0, or -1 with err (empty path, out of memory).
 */
int		evloop_split_path(const char *path, char **dir, char **name,
		    char *err, size_t errlen);

#endif
