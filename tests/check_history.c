/*
 * check_history.c: the run history's writer and reader on real files: two
 * processes appending at once, rotation, removal, symbolic links, a file
 * size limit cutting a write short, and hist_scan finding runs still in
 * flight.  Files live in a temporary folder under the build tree (the
 * current directory of 'make check'), never in /var/log.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "hist_fixture.h"
#include "check_main.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

static char tmpdir[2048];
static char path[PATH_MAX];	/* tmpdir/history */

static void
setup(void)
{
	char cwd[1024];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(tmpdir, sizeof(tmpdir), "%s/tests/check_history.XXXXXX",
	    cwd);
	if (mkdtemp(tmpdir) == NULL) {
		/* a build tree without tests/ (a direct run): use cwd */
		snprintf(tmpdir, sizeof(tmpdir), "%s/check_history.XXXXXX",
		    cwd);
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
	snprintf(path, sizeof(path), "%s/history", tmpdir);
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* ---- the writer ---- */

/* Reads a whole small file into a static buffer; "" if it is missing. */
static const char *
slurp(const char *p)
{
	static char buf[1 << 20];
	FILE *fp;
	size_t n;

	buf[0] = '\0';
	if ((fp = fopen(p, "r")) == NULL)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
append_run(struct hist *h, const char *user, uint64_t run)
{
	struct hist_record r;
	char err[256] = "";

	base_record(&r);
	snprintf(r.user, sizeof(r.user), "%s", user);
	r.run = run;
	ck_assert_msg(hist_append(h, &r, err, sizeof(err)) == 0, "%s", err);
}

/* The base line with user and run replaced. */
static const char *
line_for(const char *user, uint64_t run)
{
	static char buf[HIST_LINE_MAX];
	struct hist_record r;
	char err[256];

	base_record(&r);
	snprintf(r.user, sizeof(r.user), "%s", user);
	r.run = run;
	ck_assert_int_gt(hist_format(&r, buf, sizeof(buf), err, sizeof(err)),
	    0);
	return buf;
}

START_TEST(test_append)
{
	char err[256] = "", want[4 * HIST_LINE_MAX];
	struct hist *h;
	struct stat st;

	umask(022);
	h = hist_open(path, err, sizeof(err));
	ck_assert_msg(h != NULL, "%s", err);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	append_run(h, "alice", 1);
	append_run(h, "bob", 2);
	hist_free(h);
	/* a second open appends after what is there */
	h = hist_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(h);
	append_run(h, "carol", 3);
	hist_free(h);
	snprintf(want, sizeof(want), "%s", line_for("alice", 1));
	strcat(want, line_for("bob", 2));
	strcat(want, line_for("carol", 3));
	ck_assert_str_eq(slurp(path), want);
}
END_TEST

#define PER_WRITER	10000

/* Appends PER_WRITER runs as user; the exit status says if all went. */
static void
writer_child(const char *user)
{
	struct hist_record r;
	struct hist *h;
	char err[256];
	uint64_t i;

	if ((h = hist_open(path, err, sizeof(err))) == NULL)
		_exit(2);
	base_record(&r);
	strcpy(r.user, user);
	/* a long job name makes a torn line likelier to show */
	memset(r.job, 'j', 600);
	r.job[600] = '\0';
	for (i = 1; i <= PER_WRITER; i++) {
		r.run = i;
		if (hist_append(h, &r, err, sizeof(err)) == -1)
			_exit(3);
	}
	hist_free(h);
	_exit(0);
}

struct tally {
	unsigned	 lines;
	unsigned	 bad;
	unsigned char	 seen[2][PER_WRITER + 1];
};

static int
tally_line(void *ctx, unsigned long lineno, const struct hist_record *r,
    const char *error)
{
	struct tally *t = ctx;
	int w;

	t->lines++;
	if (r == NULL || r->run < 1 || r->run > PER_WRITER ||
	    strlen(r->job) != 600) {
		t->bad++;
		return 0;
	}
	w = strcmp(r->user, "w1") == 0;
	t->seen[w][r->run]++;
	return 0;
}

START_TEST(test_two_writers)
{
	static struct tally t;
	pid_t pid[2];
	char err[256] = "";
	int i, status;

	for (i = 0; i < 2; i++) {
		ck_assert_int_ne(pid[i] = fork(), -1);
		if (pid[i] == 0)
			writer_child(i == 0 ? "w0" : "w1");
	}
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(waitpid(pid[i], &status, 0), pid[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(hist_scan(path, tally_line, &t, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.lines, 2 * PER_WRITER);
	ck_assert_uint_eq(t.bad, 0);
	for (i = 1; i <= PER_WRITER; i++) {
		ck_assert_uint_eq(t.seen[0][i], 1);
		ck_assert_uint_eq(t.seen[1][i], 1);
	}
}
END_TEST

START_TEST(test_rotation)
{
	char err[256] = "", old[PATH_MAX + 8], want[2 * HIST_LINE_MAX];
	struct hist *h;

	h = hist_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(h);
	append_run(h, "alice", 1);
	/* what logrotate does: move the file away, leave the path empty */
	snprintf(old, sizeof(old), "%s.1", path);
	ck_assert_int_eq(rename(path, old), 0);
	append_run(h, "alice", 2);
	append_run(h, "alice", 3);
	ck_assert_str_eq(slurp(old), line_for("alice", 1));
	snprintf(want, sizeof(want), "%s", line_for("alice", 2));
	strcat(want, line_for("alice", 3));
	ck_assert_str_eq(slurp(path), want);
	hist_free(h);
}
END_TEST

START_TEST(test_removed)
{
	char err[256] = "";
	struct hist *h;

	h = hist_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(h);
	append_run(h, "alice", 1);
	ck_assert_int_eq(unlink(path), 0);
	append_run(h, "alice", 2);
	ck_assert_str_eq(slurp(path), line_for("alice", 2));
	hist_free(h);
}
END_TEST

START_TEST(test_reopen)
{
	char err[256] = "", old[PATH_MAX + 8], want[PATH_MAX + 64];
	struct hist_record r;
	struct hist *h;

	h = hist_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(h);
	append_run(h, "alice", 1);
	snprintf(old, sizeof(old), "%s.1", path);
	ck_assert_int_eq(rename(path, old), 0);
	ck_assert_int_eq(hist_reopen(h, err, sizeof(err)), 0);
	ck_assert_int_eq(access(path, F_OK), 0);
	append_run(h, "alice", 2);
	ck_assert_str_eq(slurp(path), line_for("alice", 2));
	/* a failed reopen keeps the open file; appends wait for the path */
	ck_assert_int_eq(rename(path, old), 0);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(hist_reopen(h, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: not a regular file", path);
	ck_assert_str_eq(err, want);
	base_record(&r);
	ck_assert_int_eq(hist_append(h, &r, err, sizeof(err)), -1);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(slurp(old), line_for("alice", 2));
	ck_assert_int_eq(rmdir(path), 0);
	ck_assert_int_eq(hist_reopen(h, err, sizeof(err)), 0);
	append_run(h, "alice", 3);
	ck_assert_str_eq(slurp(path), line_for("alice", 3));
	hist_free(h);
}
END_TEST

START_TEST(test_symlink_open)
{
	char err[256] = "", target[PATH_MAX + 8], want[PATH_MAX + 64];

	snprintf(target, sizeof(target), "%s/target", tmpdir);
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_ptr_null(hist_open(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: is a symbolic link, refused", path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(access(target, F_OK), -1);
	/* the reader does not follow it either */
	ck_assert_int_eq(hist_scan(path, tally_line, NULL, err, sizeof(err)),
	    -1);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_symlink_append)
{
	struct hist_record r;
	char err[256] = "", target[PATH_MAX + 8], want[PATH_MAX + 64];
	struct hist *h;

	h = hist_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(h);
	append_run(h, "alice", 1);
	snprintf(target, sizeof(target), "%s/target", tmpdir);
	ck_assert_int_eq(rename(path, target), 0);
	ck_assert_int_eq(symlink(target, path), 0);
	base_record(&r);
	ck_assert_int_eq(hist_append(h, &r, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: is a symbolic link, not writing",
	    path);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(slurp(target), line_for("alice", 1));
	hist_free(h);
}
END_TEST

START_TEST(test_not_regular)
{
	char err[256] = "", want[PATH_MAX + 64];

	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_ptr_null(hist_open(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: not a regular file", path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_ptr_null(hist_open(path, err, sizeof(err)));
	ck_assert_str_eq(err, want);
}
END_TEST

/*
 * A file size limit cuts the write short (room < line) or refuses it
 * (room 0): either way the file keeps only whole lines.  Run in a child,
 * as the limit and the ignored SIGXFSZ must not outlive the test.
 */
static const int rooms[] = { 1, 10, 60, 0 };

static int
full_child(int room)
{
	struct hist_record r;
	struct rlimit rl;
	struct hist *h;
	struct stat st;
	char err[256];

	signal(SIGXFSZ, SIG_IGN);
	if ((h = hist_open(path, err, sizeof(err))) == NULL)
		return 2;
	base_record(&r);
	if (hist_append(h, &r, err, sizeof(err)) == -1 ||
	    stat(path, &st) == -1)
		return 3;
	rl.rlim_cur = rl.rlim_max = st.st_size + room;
	if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
		return 4;
	r.run = 43;
	if (hist_append(h, &r, err, sizeof(err)) != -1)
		return 5;
	if (strstr(err, room > 0 ? "short write" : "File too large") == NULL)
		return 6;
	/* the daemon goes on: the next line fails the same clean way */
	if (hist_append(h, &r, err, sizeof(err)) != -1)
		return 7;
	hist_free(h);
	return 0;
}

START_TEST(test_full_disk)
{
	int status;
	pid_t pid;

	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0)
		_exit(full_child(rooms[_i]));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child status %#x", status);
	ck_assert_str_eq(slurp(path), base_line);
}
END_TEST

START_TEST(test_free_null)
{
	hist_free(NULL);
}
END_TEST

/* ---- the reader ---- */

struct seen {
	int	n;
	char	what[16][128];	/* "3 ok run 42" or "4 error: ..." */
};

static int
note_line(void *ctx, unsigned long lineno, const struct hist_record *r,
    const char *error)
{
	struct seen *s = ctx;

	if (s->n == 16)
		return 0;
	if (r != NULL)
		snprintf(s->what[s->n++], sizeof(s->what[0]), "%lu ok run %"
		    PRIu64, lineno, r->run);
	else
		snprintf(s->what[s->n++], sizeof(s->what[0]), "%lu %s", lineno,
		    error);
	return 0;
}

START_TEST(test_scan_errors)
{
	static const char *const want[] = {
		"1 ok run 42",
		"2 1 fields, expected 12",
		"3 line longer than 8191 bytes",
		"4 ok run 42",
		"5 NUL byte in line",
		"6 run: expected a run id or -",
		"7 ok run 42",
		"8 incomplete last line (no newline)",
	};
	struct seen s = { 0 };
	char err[256] = "";
	FILE *fp;
	int i;

	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(base_line, fp);
	fputs("garbage\n", fp);
	for (i = 0; i < 9000; i++)
		fputc('a', fp);
	fputc('\n', fp);
	fputs(base_line, fp);
	fwrite("ab\0cd\n", 1, 6, fp);
	fputs("2026-11-23T17:00:12.345801Z\tend\talice\talice:3\t0\t1\t"
	    "schedule\t-\t-\t-\t-\t-\n", fp);
	fputs(base_line, fp);
	/* what a crash mid-line could leave, were the write ever torn */
	fputs("2026-11-23T17:00:12.345801Z\tend\tal", fp);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(hist_scan(path, note_line, &s, err, sizeof(err)), 0);
	ck_assert_int_eq(s.n, 8);
	for (i = 0; i < 8; i++)
		ck_assert_str_eq(s.what[i], want[i]);
}
END_TEST

START_TEST(test_scan_missing)
{
	char err[256] = "", want[PATH_MAX + 64];

	ck_assert_int_eq(hist_scan(path, note_line, NULL, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	ck_assert_str_eq(err, want);
}
END_TEST

static int
stop_at_two(void *ctx, unsigned long lineno, const struct hist_record *r,
    const char *error)
{
	*(unsigned long *)ctx = lineno;
	return lineno == 2 ? 7 : 0;
}

START_TEST(test_scan_stop)
{
	char err[256] = "";
	unsigned long last = 0;
	struct hist *h;
	int i;

	ck_assert_ptr_nonnull(h = hist_open(path, err, sizeof(err)));
	for (i = 1; i <= 5; i++)
		append_run(h, "alice", i);
	hist_free(h);
	ck_assert_int_eq(hist_scan(path, stop_at_two, &last, err, sizeof(err)),
	    7);
	ck_assert_uint_eq(last, 2);
}
END_TEST

/*
 * How crond finds the runs a crash left in flight: a start whose run has
 * no end.  Each gets an "end ... lost" line, and a second scan finds none.
 */
struct inflight {
	int			n;
	struct hist_record	r[8];
};

static int
track_runs(void *ctx, unsigned long lineno, const struct hist_record *r,
    const char *error)
{
	struct inflight *f = ctx;
	int i;

	if (r == NULL || r->run == 0)
		return 0;
	if (r->event == HIST_START && f->n < 8) {
		f->r[f->n++] = *r;
		return 0;
	}
	if (r->event != HIST_END)
		return 0;
	for (i = 0; i < f->n; i++) {
		if (f->r[i].run == r->run) {
			f->r[i] = f->r[--f->n];
			break;
		}
	}
	return 0;
}

static void
append_event(struct hist *h, enum hist_event ev, uint64_t run)
{
	struct hist_record r;
	char err[256];

	base_record(&r);
	r.event = ev;
	r.run = run;
	ck_assert_int_eq(hist_append(h, &r, err, sizeof(err)), 0);
}

START_TEST(test_scan_inflight)
{
	static struct inflight f;
	struct hist_record lost;
	char err[256] = "";
	struct hist *h;

	ck_assert_ptr_nonnull(h = hist_open(path, err, sizeof(err)));
	append_event(h, HIST_START, 1);
	append_event(h, HIST_START, 2);
	append_event(h, HIST_END, 1);
	append_event(h, HIST_START, 3);
	append_event(h, HIST_SKIP, 0);
	append_event(h, HIST_START, 4);
	append_event(h, HIST_END, 3);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(hist_scan(path, track_runs, &f, err, sizeof(err)), 0);
	ck_assert_int_eq(f.n, 2);
	ck_assert_uint_eq(f.r[0].run + f.r[1].run, 2 + 4);
	/* the restarted daemon closes them */
	while (f.n > 0) {
		lost = f.r[--f.n];
		lost.event = HIST_END;
		lost.outcome = HIST_OUT_LOST;
		lost.status.kind = HIST_STATUS_NONE;
		lost.duration = -1;
		ck_assert_int_eq(hist_append(h, &lost, err, sizeof(err)), 0);
	}
	hist_free(h);
	ck_assert_int_eq(hist_scan(path, track_runs, &f, err, sizeof(err)), 0);
	ck_assert_int_eq(f.n, 0);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tw = tcase_create("file");

	tcase_add_checked_fixture(tw, setup, teardown);
	tcase_add_test(tw, test_append);
	tcase_add_test(tw, test_two_writers);
	tcase_add_test(tw, test_rotation);
	tcase_add_test(tw, test_removed);
	tcase_add_test(tw, test_reopen);
	tcase_add_test(tw, test_symlink_open);
	tcase_add_test(tw, test_symlink_append);
	tcase_add_test(tw, test_not_regular);
	tcase_add_loop_test(tw, test_full_disk, 0, N(rooms));
	tcase_add_test(tw, test_free_null);
	tcase_add_test(tw, test_scan_errors);
	tcase_add_test(tw, test_scan_missing);
	tcase_add_test(tw, test_scan_stop);
	tcase_add_test(tw, test_scan_inflight);
	tcase_set_timeout(tw, 120);
	suite_add_tcase(s, tw);
	return s;
}

CHECK_MAIN(history_suite)
