/*
 * check_heap.c: the scheduler's min-heap, driven by random inserts,
 * removals and re-keys and checked after each against a brute-force scan.
 */
#include "heap.h"
#include "sched_fixture.h"
#include "check_main.h"

START_TEST(test_heap_random)
{
	struct heap h;
	struct heap_node nodes[200];
	size_t i, k, len, bad = 0;
	int64_t min;

	heap_init(&h);
	for (i = 0; i < 200; i++)
		nodes[i].idx = HEAP_NONE;
	for (k = 0; k < 10000; k++) {
		struct heap_node *n = &nodes[rnd(200)];

		if (n->idx == HEAP_NONE) {
			n->key = rnd(1000);
			ck_assert_int_eq(heap_insert(&h, n), 0);
		} else if (rnd(2))
			heap_remove(&h, n);
		else
			heap_rekey(&h, n, rnd(1000));
		/* brute force: every member in its slot, the top the least */
		min = INT64_MAX;
		len = 0;
		for (i = 0; i < 200; i++) {
			if (nodes[i].idx == HEAP_NONE)
				continue;
			len++;
			bad += h.v[nodes[i].idx] != &nodes[i];
			if (nodes[i].key < min)
				min = nodes[i].key;
		}
		bad += len != h.len;
		bad += len > 0 ? heap_top(&h)->key != min :
		    heap_top(&h) != NULL;
	}
	ck_assert_uint_eq(bad, 0);
	heap_clear(&h);
}
END_TEST

static Suite *
heap_suite(void)
{
	Suite *s = suite_create("heap");
	TCase *tc = tcase_create("heap");

	tcase_add_test(tc, test_heap_random);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(heap_suite)
