/*
 * heap.c: binary min-heap of borrowed nodes.  Invariants: v[i]->idx == i
 * for every i < len, and v[(i - 1) / 2]->key <= v[i]->key.  Nodes outside
 * the heap have idx HEAP_NONE.
 */
#include <stdlib.h>

#include "heap.h"

static void
heap_set(struct heap *h, size_t i, struct heap_node *n)
{
	h->v[i] = n;
	n->idx = (uint32_t)i;
}

static void
heap_up(struct heap *h, size_t i)
{
	struct heap_node *n = h->v[i];

	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (h->v[p]->key <= n->key)
			break;
		heap_set(h, i, h->v[p]);
		i = p;
	}
	heap_set(h, i, n);
}

static void
heap_down(struct heap *h, size_t i)
{
	struct heap_node *n = h->v[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->len)
			break;
		if (c + 1 < h->len && h->v[c + 1]->key < h->v[c]->key)
			c++;
		if (n->key <= h->v[c]->key)
			break;
		heap_set(h, i, h->v[c]);
		i = c;
	}
	heap_set(h, i, n);
}

void
heap_init(struct heap *h)
{
	h->v = NULL;
	h->len = h->cap = 0;
}

void
heap_clear(struct heap *h)
{
	free(h->v);
	heap_init(h);
}

int
heap_reserve(struct heap *h, size_t n)
{
	struct heap_node **v;
	size_t cap;

	/* idx is 32 bits: 4 billion jobs is far past any real system. */
	if (n > HEAP_NONE - 1 - h->len)
		return -1;
	if (h->len + n <= h->cap)
		return 0;
	cap = h->cap ? h->cap : 64;
	while (cap < h->len + n)
		cap *= 2;
	if ((v = reallocarray(h->v, cap, sizeof(*v))) == NULL)
		return -1;
	h->v = v;
	h->cap = cap;
	return 0;
}

int
heap_insert(struct heap *h, struct heap_node *n)
{
	if (heap_reserve(h, 1) == -1)
		return -1;
	heap_set(h, h->len++, n);
	heap_up(h, h->len - 1);
	return 0;
}

void
heap_remove(struct heap *h, struct heap_node *n)
{
	size_t i = n->idx;
	struct heap_node *last;

	n->idx = HEAP_NONE;
	last = h->v[--h->len];
	if (i == h->len)
		return;
	heap_set(h, i, last);
	/* The moved node may belong above or below its new slot. */
	heap_up(h, i);
	heap_down(h, last->idx);
}

void
heap_rekey(struct heap *h, struct heap_node *n, int64_t key)
{
	int64_t old = n->key;

	n->key = key;
	if (key < old)
		heap_up(h, n->idx);
	else
		heap_down(h, n->idx);
}

struct heap_node *
heap_top(const struct heap *h)
{
	return h->len ? h->v[0] : NULL;
}
