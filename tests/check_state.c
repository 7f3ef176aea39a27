/*
 * check_state.c: crond's state folder (boot id for @reboot, run ids kept
 * unique across restarts, runs left in flight recorded lost) and the log's
 * escaping of control bytes.  Files live in a temporary folder under the
 * build tree; the boot id comes from a file the test writes.
 */
#include <sys/stat.h>

#include <check.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "hist_fixture.h"
#include "log.h"
#include "state.h"
#include "check_main.h"

static char dir[2048];
static char bootid[PATH_MAX];
static char err[512];

static void
setup(void)
{
	char cwd[1024];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(dir, sizeof(dir), "%s/check_state.XXXXXX", cwd);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(bootid, sizeof(bootid), "%s/boot_id", dir);
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(prepare_makes_folders)
{
	char out[PATH_MAX + 16], state[PATH_MAX];
	struct stat st;

	snprintf(state, sizeof(state), "%s/state", dir);
	ck_assert_int_eq(state_prepare(state, err, sizeof(err)), 0);
	ck_assert_int_eq(state_prepare(state, err, sizeof(err)), 0);
	snprintf(out, sizeof(out), "%s/output", state);
	ck_assert_int_eq(stat(out, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0700);
}
END_TEST

START_TEST(boot_once_per_boot_id)
{
	bool nb;

	write_text(bootid, "1111-aaaa\n");
	ck_assert_int_eq(state_new_boot(dir, bootid, &nb, err, sizeof(err)), 0);
	ck_assert(nb);			/* first start ever */
	ck_assert_int_eq(state_new_boot(dir, bootid, &nb, err, sizeof(err)), 0);
	ck_assert(!nb);			/* a restart, same boot */
	write_text(bootid, "2222-bbbb\n");
	ck_assert_int_eq(state_new_boot(dir, bootid, &nb, err, sizeof(err)), 0);
	ck_assert(nb);			/* the machine rebooted */
	ck_assert_int_eq(state_new_boot(dir, bootid, &nb, err, sizeof(err)), 0);
	ck_assert(!nb);
}
END_TEST

START_TEST(boot_without_boot_id)
{
	bool nb;

	/* No boot id (not Linux): only the very first start is a boot. */
	ck_assert_int_eq(state_new_boot(dir, "/nonexistent/boot_id", &nb, err,
	    sizeof(err)), 0);
	ck_assert(nb);
	ck_assert_int_eq(state_new_boot(dir, "/nonexistent/boot_id", &nb, err,
	    sizeof(err)), 0);
	ck_assert(!nb);
}
END_TEST

START_TEST(runids_unique_across_restarts)
{
	struct state_runids r;
	uint64_t a, b, last = 0;
	int i;

	ck_assert_int_eq(state_runids_open(&r, dir, 0, err, sizeof(err)), 0);
	a = state_runid(&r, err, sizeof(err));
	ck_assert_uint_eq(a, 1);
	for (i = 0; i < STATE_RUNID_BLOCK + 10; i++) {
		b = state_runid(&r, err, sizeof(err));
		ck_assert_uint_gt(b, a);
		a = last = b;
	}
	/* A crash now: the next daemon never reuses an id handed out. */
	ck_assert_int_eq(state_runids_open(&r, dir, 0, err, sizeof(err)), 0);
	ck_assert_uint_gt(state_runid(&r, err, sizeof(err)), last);
	/* The history's largest id wins when it is ahead of the file. */
	ck_assert_int_eq(state_runids_open(&r, dir, 1000000, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(state_runid(&r, err, sizeof(err)), 1000001);
}
END_TEST

static void
append(struct hist *h, enum hist_event ev, uint64_t run)
{
	struct hist_record r;

	base_record(&r);
	r.event = ev;
	r.run = run;
	if (ev == HIST_START) {
		r.outcome = HIST_OUT_NONE;
		r.status.kind = HIST_STATUS_NONE;
		r.duration = -1;
	}
	ck_assert_int_eq(hist_append(h, &r, err, sizeof(err)), 0);
}

static int
count_lost(void *ctx, unsigned long lineno, const struct hist_record *r,
    const char *error)
{
	uint64_t *ids = ctx;

	(void)lineno;
	ck_assert_ptr_null(error);
	if (r->outcome == HIST_OUT_LOST) {
		ck_assert_int_eq(r->event, HIST_END);
		ck_assert_str_eq(r->job, "alice:3");
		ck_assert(r->has_due);
		ids[++ids[0]] = r->run;
	}
	return 0;
}

START_TEST(lost_runs_recorded_once)
{
	char path[PATH_MAX];
	struct hist *h;
	struct hist_time now = { T_2026 + 3600, 0 };
	uint64_t maxid, ids[8] = { 0 };

	snprintf(path, sizeof(path), "%s/history", dir);
	ck_assert_ptr_nonnull(h = hist_open(path, err, sizeof(err)));
	append(h, HIST_START, 7);
	append(h, HIST_START, 8);
	append(h, HIST_END, 7);
	append(h, HIST_START, 9);
	ck_assert_int_eq(state_record_lost(path, h, now, &maxid, err,
	    sizeof(err)), 2);
	ck_assert_uint_eq(maxid, 9);
	/* A second start finds them closed. */
	ck_assert_int_eq(state_record_lost(path, h, now, &maxid, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(hist_scan(path, count_lost, ids, err, sizeof(err)), 0);
	ck_assert_uint_eq(ids[0], 2);
	ck_assert(ids[1] + ids[2] == 17 && ids[1] != ids[2]);
	hist_free(h);
}
END_TEST

START_TEST(lost_without_history)
{
	char path[PATH_MAX];
	struct hist *h;
	struct hist_time now = { T_2026, 0 };
	uint64_t maxid = 5;

	snprintf(path, sizeof(path), "%s/h2", dir);
	ck_assert_ptr_nonnull(h = hist_open(path, err, sizeof(err)));
	ck_assert_int_eq(state_record_lost("/nonexistent/history", h, now,
	    &maxid, err, sizeof(err)), 0);
	ck_assert_uint_eq(maxid, 0);
	hist_free(h);
}
END_TEST

START_TEST(log_escapes_control_bytes)
{
	static const struct {
		const char	*in;
		size_t		 len;
		const char	*out;
	} cases[] = {
		{ "echo hi", 64, "echo hi" },
		{ "a\nb", 64, "a\\nb" },
		{ "a\tb\rc", 64, "a\\tb\\rc" },
		{ "x\033[2Jy\177", 64, "x\\x1b[2Jy\\x7f" },
		{ "caf\xc3\xa9", 64, "caf\xc3\xa9" },
		{ "abcdef", 4, "abc" },
		{ "ab\n", 4, "ab" },		/* never half an escape */
		{ "a\xc3\xa9", 3, "a" },	/* never half a character */
		{ "", 8, "" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(log_escape(cases[i].in, buf, cases[i].len),
		    cases[i].out);
}
END_TEST

static Suite *
state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("state");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, prepare_makes_folders);
	tcase_add_test(tc, boot_once_per_boot_id);
	tcase_add_test(tc, boot_without_boot_id);
	tcase_add_test(tc, runids_unique_across_restarts);
	tcase_add_test(tc, lost_runs_recorded_once);
	tcase_add_test(tc, lost_without_history);
	tcase_add_test(tc, log_escapes_control_bytes);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(state_suite)
