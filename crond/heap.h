/*
 * heap.h: an intrusive binary min-heap keyed by a 64-bit instant.  The
 * caller embeds a struct heap_node in its own object; the heap holds
 * pointers to those nodes (it borrows them, never frees them) and keeps
 * each node's idx equal to its slot, so removal and re-keying are
 * O(log n) without a search.  Pure: no I/O, no clock.
 */
#ifndef HEAP_H
#define HEAP_H

#include <stddef.h>
#include <stdint.h>

#define HEAP_NONE	UINT32_MAX	/* idx of a node not in a heap */

struct heap_node {
	int64_t		key;
	uint32_t	idx;
};

struct heap {
	struct heap_node	**v;
	size_t			  len;
	size_t			  cap;
};

/* An empty heap; never fails (storage grows on insert). */
void		 heap_init(struct heap *);
/* Frees the slot array, not the nodes. */
void		 heap_clear(struct heap *);
/* Adds n, whose key is set; returns 0, or -1 if out of memory. */
int		 heap_insert(struct heap *, struct heap_node *n);
/* Takes n out; n->idx becomes HEAP_NONE. */
void		 heap_remove(struct heap *, struct heap_node *n);
/* Sets n's key and restores the order. */
void		 heap_rekey(struct heap *, struct heap_node *n, int64_t key);
/* The node with the smallest key, or NULL. */
struct heap_node *heap_top(const struct heap *);
/* Reserves room for n more nodes; 0, or -1 if out of memory. */
int		 heap_reserve(struct heap *, size_t n);

#endif
