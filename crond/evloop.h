/*
 * evloop.h: crond's only contact with the kernel's event interfaces.  One
 * loop waits for: the armed instant of the wall clock, a step of the wall
 * clock, the daemon's signals, changes under watched paths, and readable
 * descriptors (job output).  Two backends implement this header, chosen at
 * configure time: evloop_epoll.c (Linux: epoll, timerfd on CLOCK_REALTIME
 * with absolute times and TFD_TIMER_CANCEL_ON_SET, signalfd, inotify; no
 * wake-up at all while nothing is due) and evloop_poll.c (portable: ppoll
 * with the signals unblocked only while it sleeps, a wake-up each second to
 * stat the watched paths and to notice clock steps).
 */
#ifndef EVLOOP_H
#define EVLOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* evloop_arm's "never": no timer event, but clock steps still reported. */
#define EVLOOP_NEVER	INT64_MAX
/* evloop_event.before when the backend cannot tell. */
#define EVLOOP_UNKNOWN	INT64_MIN

enum evloop_kind {
	EVLOOP_TIMER,		/* the wall clock reached the armed instant */
	EVLOOP_CLOCK_SET,	/* the wall clock was stepped */
	EVLOOP_SIGNAL,		/* one of the loop's signals arrived */
	EVLOOP_FILES,		/* something under a watched path changed */
	EVLOOP_FD		/* a registered descriptor is readable or hung up */
};

struct evloop_event {
	enum evloop_kind kind;
	int		 signo;		/* EVLOOP_SIGNAL */
	int		 fd;		/* EVLOOP_FD */
	void		*cookie;	/* EVLOOP_FD: as registered */
	/*
	 * EVLOOP_CLOCK_SET: the wall clock (seconds) just before the step,
	 * estimated from a monotonic clock, or EVLOOP_UNKNOWN; and after it.
	 */
	int64_t		 before;
	int64_t		 now;
};

struct evloop;

/*
 * A loop that turns signals[0..n) into events: they are blocked in the
 * calling thread (the caller's job children must reset their mask, as the
 * runner does).  The poll backend installs handlers for them and allows
 * one loop per process at a time.  Returns NULL with a message in err.
 */
struct evloop	*evloop_new(const int *signals, size_t n, char *err,
		    size_t errlen);
/*
 * Closes every descriptor the loop opened and unblocks the signals
 * evloop_new blocked (those the caller had blocked stay blocked; one
 * still pending is then delivered as usual); NULL is a no-op.
 */
void		 evloop_free(struct evloop *);

/* "epoll" or "poll": the backend compiled in. */
const char	*evloop_backend(void);

/*
 * Arms the timer for the absolute wall-clock instant sec.nsec (replacing
 * any earlier one); EVLOOP_NEVER disarms it.  An instant already past
 * fires at once.  One EVLOOP_TIMER per arming, never before the instant.
 * Returns 0, or -1 with err (nsec outside [0, 1e9)).
 */
int		 evloop_arm(struct evloop *, int64_t sec, long nsec, char *err,
		    size_t errlen);

/*
 * Watches path for changes: if it is a directory, files created, written,
 * renamed or removed in it; otherwise the file itself, also when it is
 * replaced by a rename or created later (the parent folder is watched),
 * and through a symlink its target.  A path that does not exist yet is
 * fine as long as its parent exists.  Watching a path again renews its
 * watch: when a watched folder (or a watched file's folder) is removed,
 * the epoll backend reports it once and then sees nothing there, so the
 * caller, rescanning on EVLOOP_FILES, calls evloop_watch again once the
 * folder exists.  Returns 0, or -1 with err.
 */
int		 evloop_watch(struct evloop *, const char *path, char *err,
		    size_t errlen);

/* Reports fd (level-triggered) until evloop_del_fd.  0, or -1 with err. */
int		 evloop_add_fd(struct evloop *, int fd, void *cookie, char *err,
		    size_t errlen);
/* Stops watching fd, dropping its events not yet returned; call before
 * closing it. */
void		 evloop_del_fd(struct evloop *, int fd);

/*
 * Waits for events, at most timeout_ms milliseconds (-1: no limit), and
 * stores up to max of them in ev; the rest wait for the next call, which
 * then returns at once.  Several changes to watched paths come as one
 * EVLOOP_FILES event, and an event not yet returned is not repeated (a
 * signal sent twice meanwhile is reported once; two clock steps are one,
 * from the first before to the last now).  Returns the number stored (0
 * on timeout), or -1 with err.
 */
int		 evloop_wait(struct evloop *, struct evloop_event *ev,
		    size_t max, int timeout_ms, char *err, size_t errlen);

#endif
