/*
 * sched.c: the scheduling core.  The table owns the jobs: one array per
 * source, sources in a red-black tree by name.  The heap borrows every
 * WAITING job, keyed by its next due instant; BOOT and DORMANT jobs stay
 * out of it, so sched_next_wakeup() is NEXT_NEVER when nothing can fall
 * due.  A job keeps only what scheduling needs (its spec, zone, due
 * instant, last run and an identity hash); the command and environment
 * stay in the loader's entry, which the job references.
 *
 * Invariants: every WAITING job's due instant is after `last` (the
 * latest instant processed), except that a jump back lowers `last`
 * below the due instants of fixed-time jobs, which is how they avoid
 * repeating a time.  Starts are emitted in due order.
 */
#include <sys/tree.h>

#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "next.h"
#include "sched.h"

struct sched_source;

struct sched_job {
	struct heap_node	 hn;		/* key: the next due instant */
	struct spec		 spec;
	const struct tz		*tz;		/* borrowed from the loader */
	const void		*ref;		/* borrowed from the loader */
	struct sched_source	*src;
	uint64_t		 ident;
	int64_t			 last_run;
	uint8_t			 state;		/* enum sched_state */
};

struct sched_source {
	RB_ENTRY(sched_source)	 entry;
	char			*name;
	struct sched_job	*jobs;		/* owned, njobs of them */
	size_t			 njobs;
};

RB_HEAD(source_tree, sched_source);

struct sched {
	struct source_tree	 sources;
	struct heap		 heap;
	int64_t			 last;
	size_t			 njobs;
	size_t			 nsources;
	size_t			 name_bytes;
};

static int
source_cmp(struct sched_source *a, struct sched_source *b)
{
	return strcmp(a->name, b->name);
}

/* glibc lacks the __unused that RB_GENERATE_STATIC expects. */
#define SCHED_RB_ATTR	__attribute__((__unused__)) static
RB_PROTOTYPE_INTERNAL(source_tree, sched_source, entry, source_cmp,
    SCHED_RB_ATTR)
RB_GENERATE_INTERNAL(source_tree, sched_source, entry, source_cmp,
    SCHED_RB_ATTR)

#define JOB(n)	((struct sched_job *)((char *)(n) - \
		    offsetof(struct sched_job, hn)))

/*
 * Identity hashing: FNV-1a over length-prefixed fields (so "ab","c" and
 * "a","bc" differ), then a 64-bit finalizer to spread the bits.  Within
 * one source a collision among 10,000 lines has odds near 1e-11 and
 * would only hand one of the user's own lines another's schedule state.
 */
#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len-- > 0)
		h = (h ^ *b++) * FNV_PRIME;
	return h;
}

static uint64_t
hash_str(uint64_t h, const char *s)
{
	uint64_t len;

	if (s == NULL)
		return hash_bytes(h, "\377", 1);	/* NULL differs from "" */
	len = strlen(s);
	h = hash_bytes(h, &len, sizeof(len));
	return hash_bytes(h, s, len);
}

static uint64_t
hash_spec(uint64_t h, const struct spec *sp)
{
	h = hash_bytes(h, &sp->sec, sizeof(sp->sec));
	h = hash_bytes(h, &sp->min, sizeof(sp->min));
	h = hash_bytes(h, &sp->hour, sizeof(sp->hour));
	h = hash_bytes(h, &sp->dom, sizeof(sp->dom));
	h = hash_bytes(h, &sp->dom_wd, sizeof(sp->dom_wd));
	h = hash_bytes(h, &sp->mon, sizeof(sp->mon));
	h = hash_bytes(h, &sp->dow, sizeof(sp->dow));
	h = hash_bytes(h, &sp->dow_last, sizeof(sp->dow_last));
	h = hash_bytes(h, sp->dow_nth, sizeof(sp->dow_nth));
	return hash_bytes(h, &sp->flags, sizeof(sp->flags));
}

static uint64_t
def_ident(const struct sched_def *d)
{
	uint64_t h = FNV_OFFSET;
	size_t i;

	h = hash_str(h, d->user);
	if (d->when != NULL)
		h = hash_str(h, d->when);
	else
		h = hash_spec(hash_bytes(h, "\376", 1), &d->spec);
	h = hash_str(h, d->command);
	h = hash_str(h, d->input);
	h = hash_str(h, d->tz != NULL ? tz_name(d->tz) : NULL);
	for (i = 0; i < d->nenv; i++) {
		h = hash_str(h, d->env[i].name);
		h = hash_str(h, d->env[i].value);
	}
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	return h ^ (h >> 33);
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Moves a job to a new due instant, or out of the heap if there is none. */
static void
job_set_due(struct sched *s, struct sched_job *j, int64_t due)
{
	if (due == NEXT_NEVER) {
		if (j->hn.idx != HEAP_NONE)
			heap_remove(&s->heap, &j->hn);
		j->hn.key = NEXT_NEVER;
		j->state = SCHED_DORMANT;
		return;
	}
	heap_rekey(&s->heap, &j->hn, due);
}

static void
job_start(struct sched_job *j, int64_t due, enum sched_trigger trig,
    sched_emit_fn *emit, void *arg)
{
	struct sched_start st;

	j->last_run = due;
	st.source = j->src->name;
	st.index = (size_t)(j - j->src->jobs);
	st.ref = j->ref;
	st.due = due;
	st.trigger = trig;
	emit(arg, &st);
}

static struct sched_job *
top_due_by(const struct sched *s, int64_t t)
{
	struct heap_node *n = heap_top(&s->heap);

	return n != NULL && n->key <= t ? JOB(n) : NULL;
}

/* Starts every due time up to t, each missed one in order. */
static size_t
run_due(struct sched *s, int64_t t, sched_emit_fn *emit, void *arg)
{
	struct sched_job *j;
	size_t n = 0;

	while ((j = top_due_by(s, t)) != NULL) {
		int64_t due = j->hn.key;

		job_start(j, due, SCHED_TRIG_SCHEDULE, emit, arg);
		job_set_due(s, j, next_run(&j->spec, j->tz, due));
		n++;
	}
	return n;
}

/* Forward jump: each job with skipped times starts once, then from now. */
static size_t
jump_forward(struct sched *s, int64_t now, sched_emit_fn *emit, void *arg)
{
	struct sched_job *j;
	size_t n = 0;

	while ((j = top_due_by(s, now)) != NULL) {
		int64_t due = j->hn.key;

		job_start(j, due, due < now ? SCHED_TRIG_CATCHUP :
		    SCHED_TRIG_SCHEDULE, emit, arg);
		job_set_due(s, j, next_run(&j->spec, j->tz, now));
		n++;
	}
	return n;
}

/*
 * Reschedules waiting jobs from the first instant at or after now: all
 * of them, or only wildcard ones (a jump back, where fixed-time jobs keep
 * their instant so that none repeats).
 */
static void
reschedule(struct sched *s, int64_t now, bool wildcard_only)
{
	struct sched_source *src;
	size_t i;

	RB_FOREACH(src, source_tree, &s->sources) {
		for (i = 0; i < src->njobs; i++) {
			struct sched_job *j = &src->jobs[i];

			if (j->state != SCHED_WAITING)
				continue;
			if (wildcard_only && spec_is_fixed_time(&j->spec))
				continue;
			job_set_due(s, j, next_run(&j->spec, j->tz, now - 1));
		}
	}
}

/*
 * The one place the clock rules live.  The clock ran normally up to
 * base, then read now: ordinary time up to base runs as scheduled, and
 * the difference now - base picks the rule.
 */
static size_t
sched_advance(struct sched *s, int64_t base, int64_t now,
    sched_emit_fn *emit, void *arg)
{
	int64_t diff;
	size_t n;

	base = max64(base, s->last);
	n = run_due(s, base, emit, arg);
	diff = now - base;
	if (diff >= 0 && diff <= SCHED_LATE_MAX)
		n += run_due(s, now, emit, arg);
	else if (diff > 0 && diff <= SCHED_JUMP_MAX)
		n += jump_forward(s, now, emit, arg);
	else if (diff < 0 && diff >= -SCHED_JUMP_MAX) {
		reschedule(s, now, true);
		n += run_due(s, now, emit, arg);
	} else {
		reschedule(s, now, false);
		n += run_due(s, now, emit, arg);
	}
	s->last = now;
	return n;
}

size_t
sched_tick(struct sched *s, int64_t now, sched_emit_fn *emit, void *arg)
{
	return sched_clock_changed(s, SCHED_UNKNOWN, now, emit, arg);
}

size_t
sched_clock_changed(struct sched *s, int64_t before, int64_t now,
    sched_emit_fn *emit, void *arg)
{
	int64_t w;

	/*
	 * Without a better estimate, assume the clock ran normally up to the
	 * first due instant (the timer the loop armed), or up to now if that
	 * is earlier: lateness past it is a late wake-up or a jump.
	 */
	if (before == SCHED_UNKNOWN) {
		w = sched_next_wakeup(s);
		before = now < w ? now : w;
	}
	return sched_advance(s, before, now, emit, arg);
}

int64_t
sched_next_wakeup(const struct sched *s)
{
	struct heap_node *n = heap_top(&s->heap);

	return n != NULL ? n->key : NEXT_NEVER;
}

size_t
sched_reboot_jobs(struct sched *s, sched_emit_fn *emit, void *arg)
{
	struct sched_source *src;
	size_t i, n = 0;

	RB_FOREACH(src, source_tree, &s->sources) {
		for (i = 0; i < src->njobs; i++) {
			if (src->jobs[i].state != SCHED_BOOT)
				continue;
			job_start(&src->jobs[i], s->last, SCHED_TRIG_REBOOT,
			    emit, arg);
			n++;
		}
	}
	return n;
}

struct sched *
sched_new(int64_t now)
{
	struct sched *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	RB_INIT(&s->sources);
	heap_init(&s->heap);
	s->last = now;
	return s;
}

static struct sched_source *
source_find(const struct sched *s, const char *name)
{
	struct sched_source key;

	key.name = (char *)name;
	return RB_FIND(source_tree, (struct source_tree *)&s->sources, &key);
}

static void
source_free(struct sched *s, struct sched_source *src)
{
	size_t i;

	for (i = 0; i < src->njobs; i++)
		if (src->jobs[i].hn.idx != HEAP_NONE)
			heap_remove(&s->heap, &src->jobs[i].hn);
	s->njobs -= src->njobs;
	s->nsources--;
	s->name_bytes -= strlen(src->name) + 1;
	RB_REMOVE(source_tree, &s->sources, src);
	free(src->jobs);
	free(src->name);
	free(src);
}

void
sched_free(struct sched *s)
{
	struct sched_source *src, *tmp;

	if (s == NULL)
		return;
	RB_FOREACH_SAFE(src, source_tree, &s->sources, tmp)
		source_free(s, src);
	heap_clear(&s->heap);
	free(s);
}

int
sched_drop_source(struct sched *s, const char *name)
{
	struct sched_source *src;

	if ((src = source_find(s, name)) == NULL)
		return -1;
	source_free(s, src);
	return 0;
}

static struct sched_source *
source_add(struct sched *s, const char *name)
{
	struct sched_source *src;

	if ((src = calloc(1, sizeof(*src))) == NULL)
		return NULL;
	if ((src->name = strdup(name)) == NULL) {
		free(src);
		return NULL;
	}
	RB_INSERT(source_tree, &s->sources, src);
	s->nsources++;
	s->name_bytes += strlen(name) + 1;
	return src;
}

/*
 * Pairs new defs with old jobs of equal identity: match[i] is the old
 * job for def i, or SIZE_MAX.  Duplicate lines pair up in order.  An open
 * addressing table of old job numbers, power-of-two sized, at most half
 * full.  Returns -1 if out of memory.
 */
static int
match_old(const struct sched_source *src, const uint64_t *ident, size_t n,
    size_t *match)
{
	size_t *tab, size = 2, i, k, mask;

	for (i = 0; i < n; i++)
		match[i] = SIZE_MAX;
	if (src->njobs == 0)
		return 0;
	while (size < 2 * src->njobs)
		size *= 2;
	if ((tab = reallocarray(NULL, size, sizeof(*tab))) == NULL)
		return -1;
	mask = size - 1;
	for (k = 0; k < size; k++)
		tab[k] = SIZE_MAX;
	for (i = 0; i < src->njobs; i++) {
		k = src->jobs[i].ident & mask;
		while (tab[k] != SIZE_MAX)
			k = (k + 1) & mask;
		tab[k] = i;
	}
	for (i = 0; i < n; i++) {
		for (k = ident[i] & mask; tab[k] != SIZE_MAX;
		    k = (k + 1) & mask) {
			if (tab[k] == SIZE_MAX - 1 ||
			    src->jobs[tab[k]].ident != ident[i])
				continue;
			match[i] = tab[k];
			tab[k] = SIZE_MAX - 1;	/* taken; keeps probing */
			break;
		}
	}
	free(tab);
	return 0;
}

/* Makes a fresh job from a def, due at its first instant after base. */
static void
job_init(struct sched_job *j, const struct sched_def *d, int64_t base)
{
	j->spec = d->spec;
	j->last_run = INT64_MIN;
	j->hn.idx = HEAP_NONE;
	if (d->spec.flags & SPEC_REBOOT) {
		j->state = SCHED_BOOT;
		j->hn.key = NEXT_NEVER;
		return;
	}
	j->hn.key = next_run(&j->spec, d->tz, base);
	j->state = j->hn.key == NEXT_NEVER ? SCHED_DORMANT : SCHED_WAITING;
}

/*
 * Carries an old job's state into its slot in the new array (out of the
 * heap for now).  A new zone object means the zone changed (a new
 * /etc/localtime): the due instant is recomputed, never earlier than a
 * time already run.
 */
static void
job_keep(const struct sched *s, struct sched_job *j,
    const struct sched_job *old, const struct sched_def *d)
{
	*j = *old;
	j->hn.idx = HEAP_NONE;
	if (d->tz == old->tz || j->state != SCHED_WAITING)
		return;
	j->hn.key = next_run(&j->spec, d->tz, max64(s->last, j->last_run));
	if (j->hn.key == NEXT_NEVER)
		j->state = SCHED_DORMANT;
}

int
sched_load_source(struct sched *s, const char *name,
    const struct sched_def *defs, size_t n, int64_t now)
{
	struct sched_source *src;
	struct sched_job *jobs = NULL;
	uint64_t *ident = NULL;
	size_t *match = NULL, i;
	int64_t base = max64(now, s->last);
	int rv = -1;

	if ((src = source_find(s, name)) == NULL && n == 0)
		return 0;
	if (n == 0)
		return sched_drop_source(s, name);
	if ((jobs = calloc(n, sizeof(*jobs))) == NULL ||
	    (ident = reallocarray(NULL, n, sizeof(*ident))) == NULL ||
	    (match = reallocarray(NULL, n, sizeof(*match))) == NULL ||
	    heap_reserve(&s->heap, n) == -1)
		goto out;
	if (src == NULL && (src = source_add(s, name)) == NULL)
		goto out;
	for (i = 0; i < n; i++)
		ident[i] = def_ident(&defs[i]);
	if (match_old(src, ident, n, match) == -1)
		goto out;	/* a fresh source stays, empty: harmless */

	/*
	 * From here on nothing fails (the heap has room for n): the old jobs
	 * leave the heap and the new array's waiting jobs enter it.
	 */
	for (i = 0; i < src->njobs; i++)
		if (src->jobs[i].hn.idx != HEAP_NONE)
			heap_remove(&s->heap, &src->jobs[i].hn);
	for (i = 0; i < n; i++) {
		if (match[i] != SIZE_MAX)
			job_keep(s, &jobs[i], &src->jobs[match[i]], &defs[i]);
		else
			job_init(&jobs[i], &defs[i], base);
		jobs[i].tz = defs[i].tz;
		jobs[i].ref = defs[i].ref;
		jobs[i].ident = ident[i];
		jobs[i].src = src;
		if (jobs[i].state == SCHED_WAITING)
			(void)heap_insert(&s->heap, &jobs[i].hn);
	}
	s->njobs += n - src->njobs;
	free(src->jobs);
	src->jobs = jobs;
	src->njobs = n;
	jobs = NULL;
	rv = 0;
out:
	free(jobs);
	free(ident);
	free(match);
	return rv;
}

bool
sched_job_info(const struct sched *s, const char *source, size_t i,
    struct sched_info *out)
{
	struct sched_source *src;
	const struct sched_job *j;

	if ((src = source_find(s, source)) == NULL || i >= src->njobs)
		return false;
	j = &src->jobs[i];
	out->ref = j->ref;
	out->due = j->hn.key;
	out->last_run = j->last_run;
	out->state = j->state;
	return true;
}

size_t
sched_job_count(const struct sched *s)
{
	return s->njobs;
}

size_t
sched_mem_usage(const struct sched *s)
{
	return sizeof(*s) + s->heap.cap * sizeof(*s->heap.v) +
	    s->nsources * sizeof(struct sched_source) + s->name_bytes +
	    s->njobs * sizeof(struct sched_job);
}
