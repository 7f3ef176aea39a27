/*
 * evloop_epoll.c: the Linux backend of evloop.h.  One epoll set holds a
 * timerfd, a signalfd, an inotify descriptor and the caller's descriptors.
 *
 * The timerfd runs on CLOCK_REALTIME with an absolute instant and
 * TFD_TIMER_CANCEL_ON_SET: the kernel wakes us at the instant and also
 * whenever the wall clock is stepped (read() then fails with ECANCELED and
 * the timer must be armed again).  "Never" is an instant in year 9999, so
 * steps are still reported while nothing is due and the loop otherwise
 * never wakes.  The time before a step is estimated from CLOCK_MONOTONIC
 * and the offset between the two clocks measured when the timer was last
 * armed; a suspend counts as a step forward by the time asleep.
 *
 * A watched folder is one inotify watch.  A watched file is seen through
 * its folder, keeping only the events that name it (so a rename over it,
 * or a symlink replaced by ln -sf, counts), and through its own inode,
 * following symlinks (so a rewritten or replaced symlink target, such as
 * the zone file /etc/localtime points to, counts too); that second watch
 * is renewed after every change.  The kernel gives one watch descriptor
 * per inode, so several paths may share one.
 *
 * Events found by one epoll_wait are queued (evloop_common.h) and handed
 * out as the caller has room; all inotify events of one round make one
 * EVLOOP_FILES.
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "evloop.h"
#include "evloop_common.h"

/* 9999-12-31T23:59:59Z, or the end of a 32-bit time_t */
#define FAR_FUTURE	(sizeof(time_t) >= 8 ? INT64_C(253402300799) : \
			    INT64_C(2147483647))
#define BATCH		32	/* epoll events read per round */

#define DIR_MASK	(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | \
			    IN_CLOSE_WRITE | IN_ATTRIB | IN_MODIFY | \
			    IN_DELETE_SELF | IN_MOVE_SELF)
/*
 * A watched file's folder: only names coming and going (a rename over the
 * file, ln -sf, a removal).  Writes to the file come through its own watch,
 * so a busy folder such as /etc, whose other files are written all the
 * time, does not wake the loop for each write.  IN_MASK_ADD: never narrow
 * the mask of a folder also watched whole.
 */
#define PARENT_MASK	(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | \
			    IN_DELETE_SELF | IN_MOVE_SELF | IN_MASK_ADD)
/* IN_MASK_ADD: never narrow the mask of an inode also watched as a folder */
#define SELF_MASK	(IN_CLOSE_WRITE | IN_ATTRIB | IN_MODIFY | \
			    IN_DELETE_SELF | IN_MOVE_SELF | IN_MASK_ADD)
/* events on a file's folder itself (no name) that concern the file */
#define GONE_MASK	(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)

struct watch {
	char	*path;
	char	*name;		/* a file: its last component; NULL: a folder */
	int	 wd;		/* the folder, or the file's folder; -1: gone */
	int	 self_wd;	/* a file: its own inode; -1: none */
};

struct reg {
	int	 fd;		/* -1: orphaned, see evloop_del_fd */
	void	*cookie;
};

struct evloop {
	int			 epfd;
	int			 tfd;
	int			 sfd;
	int			 ifd;
	sigset_t		 sigs;
	sigset_t		 unblock;	/* ours that were not blocked */
	bool			 masked;	/* sigs are blocked by us */
	bool			 armed;		/* false: EVLOOP_NEVER */
	int64_t			 sec;		/* the armed instant */
	long			 nsec;
	struct evloop_offset	 off;		/* measured when armed */
	struct watch		*watches;
	size_t			 nwatches;
	struct reg		**regs;		/* data.ptr of their epoll events;
						 * orphans too (evloop_del_fd) */
	size_t			 nregs;
	struct evloop_queue	 queue;
};

const char *
evloop_backend(void)
{
	return "epoll";
}

/* Adds one of the loop's own descriptors to the epoll set. */
static int
epoll_own(struct evloop *l, int *fdp)
{
	struct epoll_event ee = { .events = EPOLLIN, .data.ptr = fdp };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, *fdp, &ee);
}

/*
 * Programs the timerfd from l->armed/sec/nsec (ticks of an earlier instant
 * are dropped: the new one replaces it).  A step the kernel flagged and
 * we have not read would be forgotten by the new setting; instead
 * timerfd_settime() fails with ECANCELED, having armed the timer all the
 * same (timerfd_create(2), NOTES), so it is counted as a step and set
 * again to leave the timerfd in its plain state.  A step after the
 * setting is flagged anew.  No read() here: this runs on every arming.
 */
static int
timer_set(struct evloop *l, char *err, size_t errlen)
{
	struct evloop_offset off;
	struct timespec mono, real;
	struct itimerspec its;
	int64_t sec = l->armed ? l->sec : FAR_FUTURE;
	long nsec = l->armed ? l->nsec : 0;
	bool step = false;

	memset(&its, 0, sizeof(its));
	if (sec < 0 || (sec == 0 && nsec == 0)) {
		/* long past; a zero it_value would disarm instead of fire */
		sec = 0;
		nsec = 1;
	} else if (sec > FAR_FUTURE) {
		sec = FAR_FUTURE;
		nsec = 0;
	}
	its.it_value.tv_sec = (time_t)sec;
	its.it_value.tv_nsec = nsec;
	while (timerfd_settime(l->tfd, TFD_TIMER_ABSTIME |
	    TFD_TIMER_CANCEL_ON_SET, &its, NULL) == -1) {
		if (errno != ECANCELED)
			return errmsg(err, errlen, "timerfd_settime: %s",
			    strerror(errno));
		step = true;
	}
	if (evloop_offset_read(&off, &mono, &real) == -1)
		return errmsg(err, errlen, "clock_gettime: %s", strerror(errno));
	if (step || evloop_offset_stepped(&off, &l->off))
		return evloop_queue_step(&l->queue, &l->off, &off, &mono,
		    &real, err, errlen);
	l->off = off;
	return 0;
}

struct evloop *
evloop_new(const int *signals, size_t n, char *err, size_t errlen)
{
	struct evloop *l;

	if ((l = calloc(1, sizeof(*l))) == NULL) {
		errmsg(err, errlen, "evloop: %s", strerror(errno));
		return NULL;
	}
	l->epfd = l->tfd = l->sfd = l->ifd = -1;
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		errmsg(err, errlen, "epoll_create1: %s", strerror(errno));
		goto fail;
	}
	l->tfd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
	if (l->tfd == -1) {
		errmsg(err, errlen, "timerfd_create: %s", strerror(errno));
		goto fail;
	}
	l->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (l->ifd == -1) {
		errmsg(err, errlen, "inotify_init1: %s", strerror(errno));
		goto fail;
	}
	/* blocked first: a signal arriving now waits for the signalfd */
	if (evloop_block_signals(signals, n, &l->sigs, &l->unblock, err,
	    errlen) == -1)
		goto fail;
	l->masked = true;
	l->sfd = signalfd(-1, &l->sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sfd == -1) {
		errmsg(err, errlen, "signalfd: %s", strerror(errno));
		goto fail;
	}
	if (epoll_own(l, &l->tfd) == -1 || epoll_own(l, &l->sfd) == -1 ||
	    epoll_own(l, &l->ifd) == -1) {
		errmsg(err, errlen, "epoll_ctl: %s", strerror(errno));
		goto fail;
	}
	/* the reference the first arming compares with */
	if (evloop_offset_read(&l->off, NULL, NULL) == -1) {
		errmsg(err, errlen, "clock_gettime: %s", strerror(errno));
		goto fail;
	}
	if (timer_set(l, err, errlen) == -1)
		goto fail;
	return l;
fail:
	evloop_free(l);
	return NULL;
}

void
evloop_free(struct evloop *l)
{
	size_t i;

	if (l == NULL)
		return;
	if (l->epfd != -1)
		close(l->epfd);
	if (l->tfd != -1)
		close(l->tfd);
	if (l->sfd != -1)
		close(l->sfd);
	if (l->ifd != -1)
		close(l->ifd);
	/* only ours: the caller may have changed the rest of the mask since */
	if (l->masked)
		sigprocmask(SIG_UNBLOCK, &l->unblock, NULL);
	for (i = 0; i < l->nwatches; i++) {
		free(l->watches[i].path);
		free(l->watches[i].name);
	}
	free(l->watches);
	for (i = 0; i < l->nregs; i++)
		free(l->regs[i]);
	free(l->regs);
	evloop_queue_free(&l->queue);
	free(l);
}

int
evloop_arm(struct evloop *l, int64_t sec, long nsec, char *err,
    size_t errlen)
{
	bool armed = sec != EVLOOP_NEVER;

	if (armed && (nsec < 0 || nsec >= 1000000000L))
		return errmsg(err, errlen, "evloop_arm: bad nsec %ld", nsec);
	/*
	 * The daemon arms before every wait, mostly the same instant again
	 * (a wake-up for job output or a signal): the timerfd already says
	 * so, and still reports steps.  Once fired, l->armed is false, so the
	 * same instant armed again fires again.
	 */
	if (armed == l->armed && (!armed || (sec == l->sec && nsec == l->nsec)))
		return 0;
	l->armed = armed;
	l->sec = sec;
	l->nsec = nsec;
	return timer_set(l, err, errlen);
}

/* --- watched paths ---------------------------------------------------- */

static bool
wd_used(const struct evloop *l, int wd)
{
	size_t i;

	for (i = 0; i < l->nwatches; i++)
		if (l->watches[i].wd == wd || l->watches[i].self_wd == wd)
			return true;
	return false;
}

/* Replaces *wdp by wd, dropping the old kernel watch if nothing uses it. */
static void
wd_replace(struct evloop *l, int *wdp, int wd)
{
	int old = *wdp;

	*wdp = wd;
	if (old != -1 && old != wd && !wd_used(l, old))
		inotify_rm_watch(l->ifd, old);
}

/* Watches a file's own inode again: it may have been replaced. */
static void
watch_self(struct evloop *l, struct watch *w)
{
	/* a missing file is fine: its folder will tell when it appears */
	wd_replace(l, &w->self_wd, inotify_add_watch(l->ifd, w->path,
	    SELF_MASK));
}

int
evloop_watch(struct evloop *l, const char *path, char *err, size_t errlen)
{
	struct watch *w = NULL, *v;
	struct stat st;
	char *dir = NULL, *name = NULL;
	int wd, rc = -1;
	size_t i;

	for (i = 0; i < l->nwatches && w == NULL; i++)
		if (strcmp(l->watches[i].path, path) == 0)
			w = &l->watches[i];
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((wd = inotify_add_watch(l->ifd, path, DIR_MASK)) == -1)
			return errmsg(err, errlen, "%s: %s", path,
			    strerror(errno));
	} else {
		if (evloop_split_path(path, &dir, &name, err, errlen) == -1)
			return -1;
		if ((wd = inotify_add_watch(l->ifd, dir, PARENT_MASK)) == -1) {
			errmsg(err, errlen, "%s: %s", dir, strerror(errno));
			goto out;
		}
	}
	if (w == NULL) {
		v = reallocarray(l->watches, l->nwatches + 1, sizeof(*v));
		if (v == NULL) {
			errmsg(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		l->watches = v;
		w = &v[l->nwatches];
		memset(w, 0, sizeof(*w));
		w->wd = w->self_wd = -1;
		if ((w->path = strdup(path)) == NULL) {
			errmsg(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		l->nwatches++;
	}
	free(w->name);
	w->name = name;
	name = NULL;
	wd_replace(l, &w->wd, wd);
	if (w->name != NULL)
		watch_self(l, w);
	else
		wd_replace(l, &w->self_wd, -1);
	rc = 0;
out:
	free(dir);
	free(name);
	return rc;
}

/* Whether inotify event ie concerns a watched path. */
static bool
watch_hit(const struct evloop *l, const struct inotify_event *ie)
{
	const struct watch *w;
	size_t i;

	for (i = 0; i < l->nwatches; i++) {
		w = &l->watches[i];
		if (w->self_wd == ie->wd)
			return true;
		if (w->wd != ie->wd)
			continue;
		if (w->name == NULL)
			return true;
		if (ie->len == 0 ? (ie->mask & GONE_MASK) != 0 :
		    strcmp(ie->name, w->name) == 0)
			return true;
	}
	return false;
}

/* The kernel dropped watch wd (its inode is gone, or we removed it). */
static void
watch_gone(struct evloop *l, int wd)
{
	size_t i;

	for (i = 0; i < l->nwatches; i++) {
		if (l->watches[i].wd == wd)
			l->watches[i].wd = -1;
		if (l->watches[i].self_wd == wd)
			l->watches[i].self_wd = -1;
	}
}

static int
inotify_drain(struct evloop *l, char *err, size_t errlen)
{
	_Alignas(struct inotify_event) char buf[4096];
	const struct inotify_event *ie;
	struct evloop_event ev = { .kind = EVLOOP_FILES };
	bool hit = false;
	ssize_t r, off;
	size_t i;

	for (;;) {
		if ((r = read(l->ifd, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			return errmsg(err, errlen, "inotify: %s",
			    strerror(errno));
		}
		for (off = 0; off < r;
		    off += (ssize_t)(sizeof(*ie) + ie->len)) {
			ie = (const struct inotify_event *)(buf + off);
			if (ie->mask & IN_Q_OVERFLOW || watch_hit(l, ie))
				hit = true;
			if (ie->mask & IN_IGNORED)
				watch_gone(l, ie->wd);
		}
	}
	if (!hit)
		return 0;
	for (i = 0; i < l->nwatches; i++)
		if (l->watches[i].name != NULL)
			watch_self(l, &l->watches[i]);
	return evloop_queue_add(&l->queue, &ev, err, errlen);
}

/* --- timer and signals ------------------------------------------------ */

static int
timer_drain(struct evloop *l, char *err, size_t errlen)
{
	struct evloop_event ev = { .kind = EVLOOP_TIMER };
	struct evloop_offset off;
	struct timespec mono, real;
	uint64_t ticks;

	if (read(l->tfd, &ticks, sizeof(ticks)) == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		if (errno != ECANCELED)
			return errmsg(err, errlen, "timerfd: %s",
			    strerror(errno));
		if (evloop_offset_read(&off, &mono, &real) == -1)
			return errmsg(err, errlen, "clock_gettime: %s",
			    strerror(errno));
		if (evloop_queue_step(&l->queue, &l->off, &off, &mono, &real,
		    err, errlen) == -1)
			return -1;
		/* cancelled timers stay idle until armed again */
		return timer_set(l, err, errlen);
	}
	if (!l->armed)
		return 0;	/* year 9999 */
	if (clock_gettime(CLOCK_REALTIME, &real) == -1)
		return errmsg(err, errlen, "clock_gettime: %s", strerror(errno));
	if ((int64_t)real.tv_sec < l->sec ||
	    ((int64_t)real.tv_sec == l->sec && real.tv_nsec < l->nsec))
		return timer_set(l, err, errlen);	/* never early */
	/* one-shot: the timerfd is idle now, yet still reports steps */
	l->armed = false;
	return evloop_queue_add(&l->queue, &ev, err, errlen);
}

static int
signal_drain(struct evloop *l, char *err, size_t errlen)
{
	struct evloop_event ev = { .kind = EVLOOP_SIGNAL };
	struct signalfd_siginfo si;
	ssize_t r;

	while ((r = read(l->sfd, &si, sizeof(si))) == (ssize_t)sizeof(si)) {
		ev.signo = (int)si.ssi_signo;
		if (evloop_queue_add(&l->queue, &ev, err, errlen) == -1)
			return -1;
	}
	if (r == -1 && errno != EAGAIN && errno != EINTR)
		return errmsg(err, errlen, "signalfd: %s", strerror(errno));
	return 0;
}

/* --- descriptors and the wait ----------------------------------------- */

int
evloop_add_fd(struct evloop *l, int fd, void *cookie, char *err,
    size_t errlen)
{
	struct epoll_event ee = { .events = EPOLLIN };
	struct reg *r, **v;

	v = reallocarray(l->regs, l->nregs + 1, sizeof(*v));
	if (v == NULL || (r = malloc(sizeof(*r))) == NULL) {
		if (v != NULL)
			l->regs = v;
		return errmsg(err, errlen, "evloop: %s", strerror(ENOMEM));
	}
	l->regs = v;
	r->fd = fd;
	r->cookie = cookie;
	ee.data.ptr = r;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ee) == -1) {
		free(r);
		return errmsg(err, errlen, "epoll_ctl(%d): %s", fd,
		    strerror(errno));
	}
	l->regs[l->nregs++] = r;
	return 0;
}

/*
 * epoll keeps a registration while its open file lives, whatever became
 * of the descriptor: if fd was closed already (against the contract) and
 * a dup or a child still holds the file, EPOLL_CTL_DEL fails (EBADF, or
 * ENOENT once the number names another file) and the kernel may still
 * report the old registration, with our reg as its data.ptr.  That reg is
 * then orphaned rather than freed: it stays in l->regs with fd -1 until
 * evloop_free, and its events are dropped (level-triggered, they may wake
 * the loop again until the file's last holder closes it).
 */
void
evloop_del_fd(struct evloop *l, int fd)
{
	size_t i;

	if (fd < 0)
		return;
	for (i = 0; i < l->nregs; i++)
		if (l->regs[i]->fd == fd)
			break;
	if (i == l->nregs)
		return;
	evloop_queue_drop_fd(&l->queue, fd);
	if (epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL) == -1) {
		l->regs[i]->fd = -1;
		l->regs[i]->cookie = NULL;
		return;
	}
	free(l->regs[i]);
	l->regs[i] = l->regs[--l->nregs];
}

static int
dispatch(struct evloop *l, const struct epoll_event *ee, char *err,
    size_t errlen)
{
	struct evloop_event ev = { .kind = EVLOOP_FD };
	const struct reg *r;

	if (ee->data.ptr == &l->tfd)
		return timer_drain(l, err, errlen);
	if (ee->data.ptr == &l->sfd)
		return signal_drain(l, err, errlen);
	if (ee->data.ptr == &l->ifd)
		return inotify_drain(l, err, errlen);
	r = ee->data.ptr;
	if (r->fd == -1 || (ee->events & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0)
		return 0;
	ev.fd = r->fd;
	ev.cookie = r->cookie;
	return evloop_queue_add(&l->queue, &ev, err, errlen);
}

int
evloop_wait(struct evloop *l, struct evloop_event *ev, size_t max,
    int timeout_ms, char *err, size_t errlen)
{
	struct epoll_event ees[BATCH];
	int64_t deadline = 0, left;
	int i, n, ms;

	if (max == 0)
		return errmsg(err, errlen, "evloop_wait: no room for events");
	if (timeout_ms >= 0)
		deadline = evloop_mono_ns() + (int64_t)timeout_ms * 1000000;
	while (l->queue.n == 0) {
		ms = -1;
		if (timeout_ms >= 0) {
			left = deadline - evloop_mono_ns();
			/* rounded up: never return before the deadline */
			ms = left <= 0 ? 0 : (int)((left + 999999) / 1000000);
		}
		if ((n = epoll_wait(l->epfd, ees, BATCH, ms)) == -1) {
			if (errno == EINTR)
				continue;
			return errmsg(err, errlen, "epoll_wait: %s",
			    strerror(errno));
		}
		for (i = 0; i < n; i++)
			if (dispatch(l, &ees[i], err, errlen) == -1)
				return -1;
		/* events filtered out (another file in a watched folder) */
		if (l->queue.n == 0 && ms == 0)
			return 0;
	}
	return (int)evloop_queue_pop(&l->queue, ev, max);
}
