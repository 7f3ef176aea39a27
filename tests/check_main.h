/*
 * check_main.h: the main() every Check suite shares: run the suite, print
 * Check's summary line (tools/test counts from it), exit 0 if all passed.
 */
#ifndef CHECK_MAIN_H
#define CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int
check_main_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#define CHECK_MAIN(suite_fn)						\
int									\
main(void)								\
{									\
	return check_main_run(suite_fn());				\
}

#endif
