/*
 * evloop_common.c: the clock offset, the event queue, the blocking of the
 * loop's signals and path splitting shared by evloop_epoll.c and
 * evloop_poll.c (see evloop_common.h).  No descriptor, and of signal state
 * only the mask: arithmetic, memory, clock reads and sigprocmask().
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "evloop_common.h"

#define NS	1000000000L

int
evloop_offset_read(struct evloop_offset *off, struct timespec *mono,
    struct timespec *real)
{
	struct timespec m, r;

	if (clock_gettime(CLOCK_MONOTONIC, &m) == -1 ||
	    clock_gettime(CLOCK_REALTIME, &r) == -1)
		return -1;
	off->sec = (int64_t)r.tv_sec - (int64_t)m.tv_sec;
	off->nsec = r.tv_nsec - m.tv_nsec;
	if (off->nsec < 0) {
		off->nsec += NS;
		off->sec--;
	}
	if (mono != NULL)
		*mono = m;
	if (real != NULL)
		*real = r;
	return 0;
}

int64_t
evloop_offset_before(const struct evloop_offset *old,
    const struct timespec *mono)
{
	int64_t sec = (int64_t)mono->tv_sec + old->sec;

	/* both nsec parts are in [0, 1e9): the sum carries at most once */
	if (mono->tv_nsec + old->nsec >= NS)
		sec++;
	return sec;
}

bool
evloop_offset_stepped(const struct evloop_offset *a,
    const struct evloop_offset *b)
{
	int64_t ds = a->sec - b->sec;
	long dn = a->nsec - b->nsec;

	if (dn < 0) {
		dn += NS;
		ds--;
	}
	/* the difference is ds + dn/1e9 with 0 <= dn < 1e9 */
	return ds > 1 || (ds == 1 && dn > 0) || ds < -1;
}

int64_t
evloop_mono_ns(void)
{
	struct timespec m;

	/* CLOCK_MONOTONIC cannot fail with a valid pointer */
	clock_gettime(CLOCK_MONOTONIC, &m);
	return (int64_t)m.tv_sec * NS + m.tv_nsec;
}

/* The queued event that ev would coalesce with, or NULL. */
static struct evloop_event *
queue_find(struct evloop_queue *q, const struct evloop_event *ev)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		struct evloop_event *e = &q->ev[i];

		if (e->kind != ev->kind)
			continue;
		if (ev->kind == EVLOOP_SIGNAL && e->signo != ev->signo)
			continue;
		if (ev->kind == EVLOOP_FD && e->fd != ev->fd)
			continue;
		return e;
	}
	return NULL;
}

int
evloop_queue_push(struct evloop_queue *q, const struct evloop_event *ev)
{
	struct evloop_event *e, *v;
	size_t cap;

	if ((e = queue_find(q, ev)) != NULL) {
		/* two steps before the caller looked: one from first to last */
		if (ev->kind == EVLOOP_CLOCK_SET)
			e->now = ev->now;
		if (ev->kind == EVLOOP_FD)
			e->cookie = ev->cookie;
		return 0;
	}
	if (q->n == q->cap) {
		cap = q->cap == 0 ? 8 : q->cap * 2;
		if ((v = reallocarray(q->ev, cap, sizeof(*v))) == NULL)
			return -1;
		q->ev = v;
		q->cap = cap;
	}
	q->ev[q->n++] = *ev;
	return 0;
}

int
evloop_queue_add(struct evloop_queue *q, const struct evloop_event *ev,
    char *err, size_t errlen)
{
	if (evloop_queue_push(q, ev) == -1)
		return errmsg(err, errlen, "evloop: %s", strerror(ENOMEM));
	return 0;
}

int
evloop_queue_step(struct evloop_queue *q, struct evloop_offset *kept,
    const struct evloop_offset *off, const struct timespec *mono,
    const struct timespec *real, char *err, size_t errlen)
{
	struct evloop_event ev = { .kind = EVLOOP_CLOCK_SET };

	ev.before = evloop_offset_before(kept, mono);
	ev.now = (int64_t)real->tv_sec;
	*kept = *off;
	return evloop_queue_add(q, &ev, err, errlen);
}

size_t
evloop_queue_pop(struct evloop_queue *q, struct evloop_event *out,
    size_t max)
{
	size_t n = q->n < max ? q->n : max;

	if (n == 0)
		return 0;
	memcpy(out, q->ev, n * sizeof(*out));
	memmove(q->ev, q->ev + n, (q->n - n) * sizeof(*q->ev));
	q->n -= n;
	return n;
}

void
evloop_queue_drop_fd(struct evloop_queue *q, int fd)
{
	size_t i, j;

	for (i = j = 0; i < q->n; i++)
		if (q->ev[i].kind != EVLOOP_FD || q->ev[i].fd != fd)
			q->ev[j++] = q->ev[i];
	q->n = j;
}

void
evloop_queue_free(struct evloop_queue *q)
{
	free(q->ev);
	q->ev = NULL;
	q->n = q->cap = 0;
}

int
evloop_block_signals(const int *signals, size_t n, sigset_t *sigs,
    sigset_t *unblock, char *err, size_t errlen)
{
	sigset_t old;
	size_t i;

	sigemptyset(sigs);
	for (i = 0; i < n; i++)
		if (sigaddset(sigs, signals[i]) == -1)
			return errmsg(err, errlen, "evloop: bad signal %d",
			    signals[i]);
	if (sigprocmask(SIG_BLOCK, sigs, &old) == -1)
		return errmsg(err, errlen, "sigprocmask: %s", strerror(errno));
	sigemptyset(unblock);
	for (i = 0; i < n; i++)
		if (!sigismember(&old, signals[i]))
			sigaddset(unblock, signals[i]);
	return 0;
}

int
evloop_split_path(const char *path, char **dir, char **name, char *err,
    size_t errlen)
{
	size_t len = strlen(path), slash;

	*dir = *name = NULL;
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 0 || (len == 1 && path[0] == '/'))
		return errmsg(err, errlen, "\"%s\": not a file name", path);
	for (slash = len; slash > 0 && path[slash - 1] != '/'; slash--)
		continue;
	if (slash == 0)
		*dir = strdup(".");
	else if (slash == 1)
		*dir = strdup("/");
	else
		*dir = strndup(path, slash - 1);
	*name = strndup(path + slash, len - slash);
	if (*dir == NULL || *name == NULL) {
		free(*dir);
		free(*name);
		*dir = *name = NULL;
		return errmsg(err, errlen, "%s: %s", path, strerror(ENOMEM));
	}
	return 0;
}
