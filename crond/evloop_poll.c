/*
 * evloop_poll.c: the portable backend of evloop.h, on POSIX and ppoll().
 *
 * Signals: the loop's signals stay blocked except inside ppoll(), whose
 * mask unblocks them for the sleep only, so a signal either interrupts the
 * sleep or waits for the next one; never lost, never handled halfway
 * through the caller's work.  The handler only sets a flag (one per
 * signal number), so arrivals of the same signal between two waits make
 * one event.  The flags are process-wide: one poll loop at a time.
 *
 * Time: ppoll() sleeps on the monotonic clock, so the loop sleeps at most
 * one second at a time, and on each wake-up compares the wall clock with
 * the armed instant (never reporting it early: a short sleep just sleeps
 * again) and the offset between the wall and monotonic clocks with the
 * last one seen (a change over one second is a step).
 *
 * Watched paths: once a second each path is reduced to a 64-bit
 * signature, and a different signature is a change.  A folder's
 * signature covers its own inode and mtime and, for each entry, its name,
 * inode, size, mtime, ctime, mode, owner and link count (summed, so the
 * order readdir gives does not matter); a file's covers lstat() and
 * stat() of the path, so a replaced symlink and a replaced target both
 * count, and "missing" is a state of its own.  The cost: a few system
 * calls per watched entry each second, and up to a second of delay.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "evloop.h"
#include "evloop_common.h"

#ifndef NSIG
#define NSIG		129
#endif
#define NS		INT64_C(1000000000)
#define SCAN_NS		NS		/* the wake-up period */

struct pwatch {
	char		*path;
	bool		 dir;
	uint64_t	 sig;
};

struct evloop {
	int			*signals;
	struct sigaction	*oldact;
	size_t			 nsignals;	/* handlers installed */
	sigset_t		 sigs;
	sigset_t		 unblock;	/* ours that were not blocked */
	bool			 masked;
	bool			 armed;
	int64_t			 sec;		/* the armed instant */
	long			 nsec;
	struct evloop_offset	 off;		/* at the last step seen */
	int64_t			 next_scan;	/* monotonic ns */
	struct pwatch		*watches;
	size_t			 nwatches;
	struct pollfd		*pfds;
	void			**cookies;	/* one per pfds slot */
	size_t			 nfds;
	struct evloop_queue	 queue;
};

/* Set by the handler, cleared by the loop; indexed by signal number. */
static volatile sig_atomic_t caught[NSIG];
static bool active;

static void
on_signal(int signo)
{
	/* async-signal-safe: one store */
	caught[signo] = 1;
}

const char *
evloop_backend(void)
{
	return "poll";
}

struct evloop *
evloop_new(const int *signals, size_t n, char *err, size_t errlen)
{
	struct evloop *l;
	struct sigaction sa;
	size_t i;

	if (active) {
		errmsg(err, errlen, "evloop: one poll loop at a time");
		return NULL;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->signals = calloc(n + 1, sizeof(*l->signals))) == NULL ||
	    (l->oldact = calloc(n + 1, sizeof(*l->oldact))) == NULL) {
		errmsg(err, errlen, "evloop: %s", strerror(ENOMEM));
		goto fail;
	}
	active = true;
	if (evloop_block_signals(signals, n, &l->sigs, &l->unblock, err,
	    errlen) == -1)
		goto fail;
	l->masked = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < n; i++) {
		/* caught[] has NSIG slots; sigaddset() may allow more */
		if (signals[i] >= NSIG) {
			errmsg(err, errlen, "evloop: bad signal %d",
			    signals[i]);
			goto fail;
		}
		caught[signals[i]] = 0;
		if (sigaction(signals[i], &sa, &l->oldact[i]) == -1) {
			errmsg(err, errlen, "sigaction(%d): %s", signals[i],
			    strerror(errno));
			goto fail;
		}
		l->signals[l->nsignals++] = signals[i];
	}
	if (evloop_offset_read(&l->off, NULL, NULL) == -1) {
		errmsg(err, errlen, "clock_gettime: %s", strerror(errno));
		goto fail;
	}
	l->next_scan = evloop_mono_ns() + SCAN_NS;
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
	/* backwards, so that a signal listed twice gets its first action */
	for (i = l->nsignals; i-- > 0;) {
		sigaction(l->signals[i], &l->oldact[i], NULL);
		caught[l->signals[i]] = 0;
	}
	if (l->masked)
		sigprocmask(SIG_UNBLOCK, &l->unblock, NULL);
	for (i = 0; i < l->nwatches; i++)
		free(l->watches[i].path);
	free(l->watches);
	free(l->pfds);
	free(l->cookies);
	free(l->signals);
	free(l->oldact);
	evloop_queue_free(&l->queue);
	free(l);
	active = false;
}

int
evloop_arm(struct evloop *l, int64_t sec, long nsec, char *err,
    size_t errlen)
{
	if (sec != EVLOOP_NEVER && (nsec < 0 || nsec >= 1000000000L))
		return errmsg(err, errlen, "evloop_arm: bad nsec %ld", nsec);
	l->armed = sec != EVLOOP_NEVER;
	l->sec = sec;
	l->nsec = nsec;
	return 0;
}

/* --- signatures of watched paths -------------------------------------- */

/* FNV-1a, then a finalizer so that sums of signatures stay well mixed. */
#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * FNV_PRIME;
	return h;
}

static uint64_t
hash_num(uint64_t h, int64_t v)
{
	return hash_bytes(h, &v, sizeof(v));
}

static uint64_t
hash_end(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

/* The state stat() or lstat() gave (rc, st), errors included. */
static uint64_t
hash_stat(uint64_t h, int rc, const struct stat *st)
{
	if (rc == -1)
		return hash_num(h, -errno);
	h = hash_num(h, (int64_t)st->st_dev);
	h = hash_num(h, (int64_t)st->st_ino);
	h = hash_num(h, (int64_t)st->st_mode);
	h = hash_num(h, (int64_t)st->st_uid);
	h = hash_num(h, (int64_t)st->st_gid);
	h = hash_num(h, (int64_t)st->st_nlink);
	h = hash_num(h, (int64_t)st->st_size);
	h = hash_num(h, (int64_t)st->st_mtim.tv_sec);
	h = hash_num(h, (int64_t)st->st_mtim.tv_nsec);
	h = hash_num(h, (int64_t)st->st_ctim.tv_sec);
	return hash_num(h, (int64_t)st->st_ctim.tv_nsec);
}

static uint64_t
sig_file(const char *path)
{
	struct stat st;
	uint64_t h = FNV_OFFSET;
	int rc;

	rc = lstat(path, &st);
	h = hash_stat(h, rc, &st);
	rc = stat(path, &st);
	return hash_end(hash_stat(h, rc, &st));
}

static uint64_t
sig_dir(const char *path)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	uint64_t h = FNV_OFFSET, sum = 0, e;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return hash_end(hash_num(h, -errno));
	if (fstat(fd, &st) == -1 || (d = fdopendir(fd)) == NULL) {
		h = hash_num(h, -errno);
		close(fd);
		return hash_end(h);
	}
	h = hash_num(h, (int64_t)st.st_ino);
	h = hash_num(h, (int64_t)st.st_mtim.tv_sec);
	h = hash_num(h, (int64_t)st.st_mtim.tv_nsec);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		e = hash_bytes(FNV_OFFSET, de->d_name, strlen(de->d_name) + 1);
		rc = fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW);
		sum += hash_end(hash_stat(e, rc, &st));
	}
	closedir(d);
	return hash_end(hash_num(h, (int64_t)sum));
}

static uint64_t
sig_of(const struct pwatch *w)
{
	return w->dir ? sig_dir(w->path) : sig_file(w->path);
}

/* As with inotify: a file need not exist, its folder must. */
static int
parent_ok(const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *dir, *name;
	int rc = -1;

	if (evloop_split_path(path, &dir, &name, err, errlen) == -1)
		return -1;
	if (stat(dir, &st) == -1)
		errmsg(err, errlen, "%s: %s", dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		errmsg(err, errlen, "%s: %s", dir, strerror(ENOTDIR));
	else
		rc = 0;
	free(dir);
	free(name);
	return rc;
}

int
evloop_watch(struct evloop *l, const char *path, char *err, size_t errlen)
{
	struct pwatch *w = NULL, *v;
	struct stat st;
	bool isdir;
	size_t i;

	isdir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	if (!isdir && parent_ok(path, err, errlen) == -1)
		return -1;
	for (i = 0; i < l->nwatches && w == NULL; i++)
		if (strcmp(l->watches[i].path, path) == 0)
			w = &l->watches[i];
	if (w == NULL) {
		v = reallocarray(l->watches, l->nwatches + 1, sizeof(*v));
		if (v == NULL)
			return errmsg(err, errlen, "%s: %s", path,
			    strerror(ENOMEM));
		l->watches = v;
		w = &v[l->nwatches];
		if ((w->path = strdup(path)) == NULL)
			return errmsg(err, errlen, "%s: %s", path,
			    strerror(ENOMEM));
		l->nwatches++;
	}
	w->dir = isdir;
	w->sig = sig_of(w);
	return 0;
}

/* --- descriptors ------------------------------------------------------ */

int
evloop_add_fd(struct evloop *l, int fd, void *cookie, char *err,
    size_t errlen)
{
	struct pollfd *p;
	void **c;
	size_t i;

	for (i = 0; i < l->nfds; i++)
		if (l->pfds[i].fd == fd)
			return errmsg(err, errlen, "evloop: fd %d added twice",
			    fd);
	if ((p = reallocarray(l->pfds, l->nfds + 1, sizeof(*p))) != NULL)
		l->pfds = p;
	if ((c = reallocarray(l->cookies, l->nfds + 1, sizeof(*c))) != NULL)
		l->cookies = c;
	if (p == NULL || c == NULL)
		return errmsg(err, errlen, "evloop: %s", strerror(ENOMEM));
	l->pfds[l->nfds].fd = fd;
	l->pfds[l->nfds].events = POLLIN;
	l->pfds[l->nfds].revents = 0;
	l->cookies[l->nfds] = cookie;
	l->nfds++;
	return 0;
}

void
evloop_del_fd(struct evloop *l, int fd)
{
	size_t i;

	for (i = 0; i < l->nfds; i++)
		if (l->pfds[i].fd == fd) {
			l->nfds--;
			l->pfds[i] = l->pfds[l->nfds];
			l->cookies[i] = l->cookies[l->nfds];
			break;
		}
	evloop_queue_drop_fd(&l->queue, fd);
}

/* --- the wait --------------------------------------------------------- */

/*
 * Queues what the clocks and the watched paths say now; sets *sleep_ns
 * to the longest sleep after which they need looking at again.
 */
static int
check(struct evloop *l, int64_t *sleep_ns, char *err, size_t errlen)
{
	struct evloop_event ev;
	struct evloop_offset off;
	struct timespec mono, real;
	int64_t now, left;
	bool files = false;
	uint64_t sig;
	size_t i;

	if (evloop_offset_read(&off, &mono, &real) == -1)
		return errmsg(err, errlen, "clock_gettime: %s", strerror(errno));
	if (evloop_offset_stepped(&off, &l->off) &&
	    evloop_queue_step(&l->queue, &l->off, &off, &mono, &real, err,
	    errlen) == -1)
		return -1;
	now = (int64_t)mono.tv_sec * NS + mono.tv_nsec;
	if (now >= l->next_scan) {
		for (i = 0; i < l->nwatches; i++) {
			sig = sig_of(&l->watches[i]);
			if (sig != l->watches[i].sig)
				files = true;
			l->watches[i].sig = sig;
		}
		l->next_scan = now + SCAN_NS;
		memset(&ev, 0, sizeof(ev));
		ev.kind = EVLOOP_FILES;
		if (files &&
		    evloop_queue_add(&l->queue, &ev, err, errlen) == -1)
			return -1;
	}
	*sleep_ns = l->next_scan - now;
	if (!l->armed)
		return 0;
	if ((int64_t)real.tv_sec > l->sec ||
	    ((int64_t)real.tv_sec == l->sec && real.tv_nsec >= l->nsec)) {
		l->armed = false;
		memset(&ev, 0, sizeof(ev));
		ev.kind = EVLOOP_TIMER;
		return evloop_queue_add(&l->queue, &ev, err, errlen);
	}
	/* under a second away: the exact rest; beyond, the scan comes first */
	if (l->sec - (int64_t)real.tv_sec <= 1) {
		left = (l->sec - (int64_t)real.tv_sec) * NS +
		    (l->nsec - real.tv_nsec);
		if (left < *sleep_ns)
			*sleep_ns = left;
	}
	return 0;
}

/*
 * Linux's ppoll() runs no handler when it returns ready descriptors: the
 * signals that came meanwhile stay pending, and a descriptor that is
 * always ready would starve them.  A second ppoll() without descriptors
 * or sleep lets them in.
 */
static int
deliver(struct evloop *l, const sigset_t *mask, char *err, size_t errlen)
{
	struct timespec zero = { 0, 0 };
	sigset_t pending;
	size_t i;

	if (sigpending(&pending) == -1)
		return errmsg(err, errlen, "sigpending: %s", strerror(errno));
	for (i = 0; i < l->nsignals; i++)
		if (sigismember(&pending, l->signals[i]))
			break;
	if (i == l->nsignals)
		return 0;
	if (ppoll(NULL, 0, &zero, mask) == -1 && errno != EINTR)
		return errmsg(err, errlen, "ppoll: %s", strerror(errno));
	return 0;
}

/* Queues the signals caught and the descriptors ready during ppoll(). */
static int
collect(struct evloop *l, int n, char *err, size_t errlen)
{
	struct evloop_event e;
	size_t i;

	for (i = 0; i < l->nsignals; i++) {
		if (!caught[l->signals[i]])
			continue;
		caught[l->signals[i]] = 0;
		memset(&e, 0, sizeof(e));
		e.kind = EVLOOP_SIGNAL;
		e.signo = l->signals[i];
		if (evloop_queue_add(&l->queue, &e, err, errlen) == -1)
			return -1;
	}
	for (i = 0; n > 0 && i < l->nfds; i++) {
		if ((l->pfds[i].revents &
		    (POLLIN | POLLHUP | POLLERR | POLLNVAL)) == 0)
			continue;
		memset(&e, 0, sizeof(e));
		e.kind = EVLOOP_FD;
		e.fd = l->pfds[i].fd;
		e.cookie = l->cookies[i];
		if (evloop_queue_add(&l->queue, &e, err, errlen) == -1)
			return -1;
	}
	return 0;
}

int
evloop_wait(struct evloop *l, struct evloop_event *ev, size_t max,
    int timeout_ms, char *err, size_t errlen)
{
	struct timespec ts;
	sigset_t mask;
	int64_t deadline = 0, sleep_ns = SCAN_NS, left;
	bool polled = false;
	size_t i;
	int n;

	if (max == 0)
		return errmsg(err, errlen, "evloop_wait: no room for events");
	if (timeout_ms >= 0)
		deadline = evloop_mono_ns() + (int64_t)timeout_ms * 1000000;
	/* the current mask, with our signals let through during ppoll() */
	if (sigprocmask(SIG_BLOCK, NULL, &mask) == -1)
		return errmsg(err, errlen, "sigprocmask: %s", strerror(errno));
	for (i = 0; i < l->nsignals; i++)
		sigdelset(&mask, l->signals[i]);
	while (l->queue.n == 0) {
		if (check(l, &sleep_ns, err, errlen) == -1)
			return -1;
		if (l->queue.n > 0)
			break;
		if (timeout_ms >= 0) {
			/* past the deadline: one look without sleeping */
			if ((left = deadline - evloop_mono_ns()) <= 0) {
				if (polled)
					return 0;
				left = 0;
			}
			if (left < sleep_ns)
				sleep_ns = left;
		}
		if (sleep_ns < 0)
			sleep_ns = 0;
		ts.tv_sec = (time_t)(sleep_ns / NS);
		ts.tv_nsec = (long)(sleep_ns % NS);
		n = ppoll(l->pfds, (nfds_t)l->nfds, &ts, &mask);
		polled = true;
		if (n == -1 && errno != EINTR)
			return errmsg(err, errlen, "ppoll: %s",
			    strerror(errno));
		if (n > 0 && deliver(l, &mask, err, errlen) == -1)
			return -1;
		if (collect(l, n, err, errlen) == -1)
			return -1;
	}
	return (int)evloop_queue_pop(&l->queue, ev, max);
}
