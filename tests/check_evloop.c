/*
 * check_evloop.c: the event loop against the real kernel, built once per
 * backend (EVLOOP_EXPECT names the one linked in): the timer at its
 * absolute instant, re-armed (to another instant or the same), in the
 * past and never; signals raised,
 * from a child's exit, held while the caller works, and the mask given
 * back; watched folders and files (create, write, rename, unlink, a
 * symlink replaced as ln -sf does, a replaced symlink target; a sibling
 * file is not reported); descriptors, also one closed (its file still
 * open elsewhere) before evloop_del_fd; no descriptor leaked.  Clock steps
 * are not made here (that would change the host's time): the estimate
 * behind EVLOOP_CLOCK_SET is checked in check_evloop_common.c.  Fixtures
 * live in a temporary folder under the build tree.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "evloop.h"
#include "check_main.h"

#ifndef EVLOOP_EXPECT
#define EVLOOP_EXPECT "epoll"
#endif

#define MS		INT64_C(1000000)
#define LATE_MS		50	/* how late a timer event may come */
#define FILES_MS	3000	/* how long a change may take to show */

static char tmpdir[900];
static char err[512];
static struct evloop *loop;
static const int loop_signals[] = { SIGHUP, SIGTERM, SIGCHLD, SIGUSR1 };

/* How long to listen for a change that must not be reported: the poll
 * backend only looks once a second. */
static int
quiet_ms(void)
{
	return strcmp(evloop_backend(), "poll") == 0 ? 1500 : 300;
}

static void
make_tmpdir(void)
{
	char cwd[800];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(tmpdir, sizeof(tmpdir), "%s/tests/check_evloop.XXXXXX", cwd);
	if (mkdtemp(tmpdir) == NULL) {
		snprintf(tmpdir, sizeof(tmpdir), "%s/check_evloop.XXXXXX", cwd);
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
}

static void
remove_tmpdir(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

static void
setup(void)
{
	make_tmpdir();
	loop = evloop_new(loop_signals,
	    sizeof(loop_signals) / sizeof(loop_signals[0]), err, sizeof(err));
	ck_assert_msg(loop != NULL, "evloop_new: %s", err);
}

static void
teardown(void)
{
	evloop_free(loop);
	loop = NULL;
	remove_tmpdir();
}

/* tmpdir/rel, in a static buffer (one of four, so a few can coexist). */
static const char *
at(const char *rel)
{
	static char buf[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, rel);
	return buf[i];
}

static void
put(const char *path, const char *text, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);

	ck_assert_msg(fd != -1, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	ck_assert_int_eq(close(fd), 0);
}

static int64_t
wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
wait_max(struct evloop_event *ev, size_t max, int timeout_ms)
{
	int n = evloop_wait(loop, ev, max, timeout_ms, err, sizeof(err));

	ck_assert_msg(n >= 0, "evloop_wait: %s", err);
	return n;
}

static int
wait1(struct evloop_event *ev, int timeout_ms)
{
	return wait_max(ev, 1, timeout_ms);
}

static void
arm_ns(int64_t t)
{
	ck_assert_msg(evloop_arm(loop, t / 1000000000, (long)(t % 1000000000),
	    err, sizeof(err)) == 0, "evloop_arm: %s", err);
}

/* Nothing at all for ms milliseconds. */
static void
expect_quiet(int ms)
{
	struct evloop_event ev;
	int n = wait1(&ev, ms);

	ck_assert_msg(n == 0, "unexpected event of kind %d", (int)ev.kind);
}

/* An EVLOOP_FILES within FILES_MS, then the stragglers of the change. */
static void
expect_files(const char *what)
{
	struct evloop_event ev;

	ck_assert_msg(wait1(&ev, FILES_MS) == 1, "%s: no event", what);
	ck_assert_msg(ev.kind == EVLOOP_FILES, "%s: event of kind %d", what,
	    (int)ev.kind);
	while (wait1(&ev, 100) == 1)
		ck_assert_int_eq(ev.kind, EVLOOP_FILES);
}

static void
watch(const char *path)
{
	ck_assert_msg(evloop_watch(loop, path, err, sizeof(err)) == 0,
	    "evloop_watch: %s", err);
}

START_TEST(test_backend)
{
	ck_assert_str_eq(evloop_backend(), EVLOOP_EXPECT);
}
END_TEST

/* ---- timer ---- */

START_TEST(test_timer_instant)
{
	struct evloop_event ev;
	int64_t t = wall_ns() + 150 * MS, late;

	arm_ns(t);
	ck_assert_int_eq(wait1(&ev, 2000), 1);
	late = wall_ns() - t;
	ck_assert_int_eq(ev.kind, EVLOOP_TIMER);
	ck_assert_msg(late >= 0, "fired %lld ns early", (long long)-late);
	ck_assert_msg(late < LATE_MS * MS, "fired %lld ms late",
	    (long long)(late / MS));
	/* one-shot */
	expect_quiet(300);
}
END_TEST

START_TEST(test_timer_rearm)
{
	struct evloop_event ev;
	int64_t start = wall_ns(), t = start + 400 * MS;

	arm_ns(start + 100 * MS);
	arm_ns(t);
	expect_quiet(250);
	ck_assert_int_eq(wait1(&ev, 2000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_TIMER);
	ck_assert_int_ge(wall_ns(), t);
	ck_assert_int_lt(wall_ns() - t, LATE_MS * MS);
}
END_TEST

/* The same instant armed again: one event; armed once more after it: another. */
START_TEST(test_timer_same)
{
	struct evloop_event ev;
	int64_t t = wall_ns() + 150 * MS;

	arm_ns(t);
	arm_ns(t);
	ck_assert_int_eq(wait1(&ev, 2000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_TIMER);
	ck_assert_int_ge(wall_ns(), t);
	arm_ns(t + 10 * INT64_C(1000000000));
	arm_ns(t);
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_TIMER);
	arm_ns(t);
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_TIMER);
	expect_quiet(200);
	ck_assert_int_eq(evloop_arm(loop, EVLOOP_NEVER, 0, err, sizeof(err)),
	    0);
	ck_assert_int_eq(evloop_arm(loop, EVLOOP_NEVER, 0, err, sizeof(err)),
	    0);
	expect_quiet(200);
}
END_TEST

START_TEST(test_timer_past)
{
	struct evloop_event ev;
	int64_t start = wall_ns();

	arm_ns(start - 10 * INT64_C(1000000000));
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_TIMER);
	ck_assert_int_lt(wall_ns() - start, LATE_MS * MS);
	/* 1970 itself: not a zero it_value, which would disarm a timerfd */
	ck_assert_int_eq(evloop_arm(loop, 0, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_TIMER);
}
END_TEST

START_TEST(test_timer_never)
{
	arm_ns(wall_ns() + 100 * MS);
	ck_assert_int_eq(evloop_arm(loop, EVLOOP_NEVER, 0, err, sizeof(err)),
	    0);
	expect_quiet(300);
}
END_TEST

START_TEST(test_timer_bad)
{
	ck_assert_int_eq(evloop_arm(loop, 1, 1000000000L, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "nsec"));
	ck_assert_int_eq(evloop_arm(loop, 1, -1, err, sizeof(err)), -1);
}
END_TEST

/* ---- signals ---- */

/* Waits until every signal of want[0..n) was reported once. */
static void
expect_signals(const int *want, size_t n)
{
	struct evloop_event ev;
	size_t got = 0, i;
	unsigned seen = 0;

	while (got < n) {
		ck_assert_msg(wait1(&ev, 2000) == 1, "signal %d missing",
		    want[got]);
		ck_assert_int_eq(ev.kind, EVLOOP_SIGNAL);
		for (i = 0; i < n && want[i] != ev.signo; i++)
			continue;
		ck_assert_msg(i < n, "unexpected signal %d", ev.signo);
		ck_assert_msg(!(seen & 1u << i), "signal %d twice", ev.signo);
		seen |= 1u << i;
		got++;
	}
}

START_TEST(test_signal_raise)
{
	static const int want[] = { SIGHUP, SIGUSR1 };

	ck_assert_int_eq(raise(SIGHUP), 0);
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	expect_signals(want, 2);
	expect_quiet(100);
}
END_TEST

START_TEST(test_signal_child)
{
	static const int want[] = { SIGCHLD };
	pid_t pid;
	int status;

	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0)
		_exit(0);
	expect_signals(want, 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

/* Raised while the caller works: held (SIGTERM would kill us), not lost. */
START_TEST(test_signal_held)
{
	static const int want[] = { SIGTERM };
	sigset_t m;

	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &m), 0);
	ck_assert(sigismember(&m, SIGTERM));
	ck_assert_int_eq(raise(SIGTERM), 0);
	ck_assert_int_eq(raise(SIGTERM), 0);
	expect_signals(want, 1);
	/* blocked again once the wait is over */
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &m), 0);
	ck_assert(sigismember(&m, SIGTERM));
	ck_assert_int_eq(raise(SIGTERM), 0);
	expect_signals(want, 1);
}
END_TEST

/* ---- watched paths ---- */

START_TEST(test_watch_dir)
{
	ck_assert_int_eq(mkdir(at("d"), 0755), 0);
	put(at("x"), "outside\n", O_EXCL);
	watch(at("d"));
	put(at("d/a"), "one\n", O_EXCL);
	expect_files("create");
	put(at("d/a"), "two\n", O_APPEND);
	expect_files("write in place");
	ck_assert_int_eq(rename(at("x"), at("d/b")), 0);
	expect_files("rename into");
	ck_assert_int_eq(chmod(at("d/b"), 0600), 0);
	expect_files("chmod");
	ck_assert_int_eq(unlink(at("d/a")), 0);
	expect_files("unlink");
}
END_TEST

START_TEST(test_watch_dir_recreated)
{
	ck_assert_int_eq(mkdir(at("d"), 0755), 0);
	watch(at("d"));
	ck_assert_int_eq(rmdir(at("d")), 0);
	expect_files("rmdir");
	ck_assert_int_eq(mkdir(at("d"), 0755), 0);
	/* the caller watches it again once it exists */
	watch(at("d"));
	put(at("d/a"), "one\n", O_EXCL);
	expect_files("create in the new folder");
}
END_TEST

START_TEST(test_watch_file_created)
{
	watch(at("f"));
	put(at("f"), "new\n", O_EXCL);
	expect_files("create");
	put(at("f"), "more\n", O_APPEND);
	expect_files("write in place");
	ck_assert_int_eq(unlink(at("f")), 0);
	expect_files("unlink");
}
END_TEST

START_TEST(test_watch_file_renamed)
{
	put(at("f"), "old\n", O_EXCL);
	watch(at("f"));
	put(at("f.tmp"), "new\n", O_EXCL);
	ck_assert_int_eq(rename(at("f.tmp"), at("f")), 0);
	expect_files("rename over");
}
END_TEST

/* ln -sf, as /etc/localtime is usually changed: a new link renamed over. */
START_TEST(test_watch_symlink_replaced)
{
	ck_assert_int_eq(symlink("zone1", at("localtime")), 0);
	watch(at("localtime"));
	ck_assert_int_eq(symlink("zone2", at("localtime.new")), 0);
	ck_assert_int_eq(rename(at("localtime.new"), at("localtime")), 0);
	expect_files("symlink replaced");
}
END_TEST

/* The zone file a link points to is updated (a tzdata upgrade). */
START_TEST(test_watch_symlink_target)
{
	ck_assert_int_eq(mkdir(at("zones"), 0755), 0);
	put(at("zones/Paris"), "v1\n", O_EXCL);
	ck_assert_int_eq(symlink("zones/Paris", at("localtime")), 0);
	watch(at("localtime"));
	put(at("zones/Paris.new"), "v2\n", O_EXCL);
	ck_assert_int_eq(rename(at("zones/Paris.new"), at("zones/Paris")), 0);
	expect_files("target replaced");
	put(at("zones/Paris"), "v3\n", O_APPEND);
	expect_files("new target written");
}
END_TEST

/* A file's folder removed: epoll's watch on it ends, which it reports so
 * that the caller watches again; poll sees no change (still missing). */
START_TEST(test_watch_file_folder_gone)
{
	ck_assert_int_eq(mkdir(at("d"), 0755), 0);
	watch(at("d/f"));
	ck_assert_int_eq(rmdir(at("d")), 0);
	if (strcmp(evloop_backend(), "epoll") == 0)
		expect_files("folder removed");
	ck_assert_int_eq(mkdir(at("d"), 0755), 0);
	watch(at("d/f"));
	put(at("d/f"), "x\n", O_EXCL);
	expect_files("created in the new folder");
}
END_TEST

START_TEST(test_watch_sibling_ignored)
{
	put(at("f"), "watched\n", O_EXCL);
	watch(at("f"));
	put(at("g"), "sibling\n", O_EXCL);
	put(at("g"), "more\n", O_APPEND);
	ck_assert_int_eq(rename(at("g"), at("h")), 0);
	ck_assert_int_eq(unlink(at("h")), 0);
	expect_quiet(quiet_ms());
	/* and the watch still works */
	put(at("f"), "changed\n", O_APPEND);
	expect_files("watched file written");
}
END_TEST

START_TEST(test_watch_errors)
{
	ck_assert_int_eq(evloop_watch(loop, at("nodir/f"), err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "nodir"));
	ck_assert_int_eq(evloop_watch(loop, "", err, sizeof(err)), -1);
	/* watching twice is one watch */
	watch(at("f"));
	watch(at("f"));
	put(at("f"), "x\n", O_EXCL);
	expect_files("create");
}
END_TEST

/* ---- descriptors ---- */

START_TEST(test_fd)
{
	struct evloop_event ev;
	int p[2], cookie;
	char c;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	ck_assert_int_eq(evloop_add_fd(loop, p[0], &cookie, err, sizeof(err)),
	    0);
	expect_quiet(100);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_FD);
	ck_assert_int_eq(ev.fd, p[0]);
	ck_assert_ptr_eq(ev.cookie, &cookie);
	/* level-triggered: still readable, still reported */
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_FD);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	expect_quiet(100);
	/* end of file counts as readable */
	ck_assert_int_eq(close(p[1]), 0);
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_FD);
	ck_assert_ptr_eq(ev.cookie, &cookie);
	evloop_del_fd(loop, p[0]);
	expect_quiet(300);
	ck_assert_int_eq(close(p[0]), 0);
}
END_TEST

/* Events beyond max wait for the next call, except those of a deleted fd. */
START_TEST(test_queue_and_del)
{
	struct evloop_event ev[8];
	int p[2], n, i, kinds = 0;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	ck_assert_int_eq(evloop_add_fd(loop, p[0], NULL, err, sizeof(err)),
	    0);
	arm_ns(wall_ns() - 1000 * MS);
	ck_assert_int_eq(raise(SIGHUP), 0);
	/* the timer is ready before the pipe, so the fd event is queued */
	usleep(20000);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	while (kinds != (1 << EVLOOP_TIMER | 1 << EVLOOP_SIGNAL)) {
		ck_assert_int_eq(wait1(&ev[0], 1000), 1);
		if (ev[0].kind == EVLOOP_FD)
			continue;	/* came first: still a valid check */
		kinds |= 1 << ev[0].kind;
	}
	evloop_del_fd(loop, p[0]);
	n = wait_max(ev, 8, 300);
	for (i = 0; i < n; i++)
		ck_assert_int_ne(ev[i].kind, EVLOOP_FD);
	close(p[0]);
	close(p[1]);
}
END_TEST

/*
 * Against the contract, fd closed before evloop_del_fd while a dup keeps
 * its pipe open: epoll still holds that registration, whose events must
 * not reach the caller (nor read the freed registration).
 */
START_TEST(test_del_closed_fd)
{
	struct evloop_event ev;
	int p[2], q[2], keep, cookie;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	ck_assert_int_ne(keep = fcntl(p[0], F_DUPFD_CLOEXEC, 0), -1);
	ck_assert_int_eq(evloop_add_fd(loop, p[0], &cookie, err, sizeof(err)),
	    0);
	ck_assert_int_eq(close(p[0]), 0);
	evloop_del_fd(loop, p[0]);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	expect_quiet(200);
	/* the number, reused by another pipe, is watched afresh */
	ck_assert_int_eq(pipe2(q, O_CLOEXEC), 0);
	if (q[0] != p[0]) {
		ck_assert_int_eq(dup3(q[0], p[0], O_CLOEXEC), p[0]);
		close(q[0]);
		q[0] = p[0];
	}
	ck_assert_int_eq(evloop_add_fd(loop, p[0], NULL, err, sizeof(err)),
	    0);
	ck_assert_int_eq(write(q[1], "y", 1), 1);
	ck_assert_int_eq(wait1(&ev, 1000), 1);
	ck_assert_int_eq(ev.kind, EVLOOP_FD);
	ck_assert_int_eq(ev.fd, p[0]);
	ck_assert_ptr_null(ev.cookie);
	evloop_del_fd(loop, p[0]);
	close(q[0]);
	close(q[1]);
	close(keep);
	close(p[1]);
}
END_TEST

/* ---- life cycle, without the fixture's loop ---- */

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

START_TEST(test_no_fd_leak)
{
	static const int sigs[] = { SIGUSR2 };
	struct evloop *l;
	int before = count_fds(), p[2];

	if (before == -1)
		return;		/* no /proc here */
	make_tmpdir();
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	ck_assert_ptr_nonnull(l = evloop_new(sigs, 1, err, sizeof(err)));
	ck_assert_int_eq(evloop_watch(l, tmpdir, err, sizeof(err)), 0);
	ck_assert_int_eq(evloop_watch(l, at("f"), err, sizeof(err)), 0);
	ck_assert_int_eq(evloop_add_fd(l, p[0], NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(evloop_arm(l, 1, 0, err, sizeof(err)), 0);
	evloop_free(l);
	close(p[0]);
	close(p[1]);
	remove_tmpdir();
	ck_assert_int_eq(count_fds(), before);
	evloop_free(NULL);
}
END_TEST

START_TEST(test_mask_restored)
{
	static const int sigs[] = { SIGUSR2, SIGWINCH };
	struct evloop *l;
	sigset_t set, m;

	/* SIGWINCH was blocked by the caller: it stays blocked */
	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &m), 0);
	ck_assert(!sigismember(&m, SIGUSR2));
	ck_assert_ptr_nonnull(l = evloop_new(sigs, 2, err, sizeof(err)));
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &m), 0);
	ck_assert(sigismember(&m, SIGUSR2));
	evloop_free(l);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &m), 0);
	ck_assert(!sigismember(&m, SIGUSR2));
	ck_assert(sigismember(&m, SIGWINCH));
	ck_assert_int_eq(sigprocmask(SIG_UNBLOCK, &set, NULL), 0);
}
END_TEST

START_TEST(test_bad_signal)
{
	static const int sigs[] = { SIGHUP, 0 };
	sigset_t m;

	ck_assert_ptr_null(evloop_new(sigs, 2, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "signal"));
	/* nothing left behind */
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &m), 0);
	ck_assert(!sigismember(&m, SIGHUP));
}
END_TEST

static Suite *
evloop_suite(void)
{
	Suite *s = suite_create("evloop_" EVLOOP_EXPECT);
	TCase *tt = tcase_create("timer");
	TCase *ts = tcase_create("signals");
	TCase *tw = tcase_create("watch");
	TCase *tf = tcase_create("fds");
	TCase *tl = tcase_create("life");

	tcase_add_checked_fixture(tt, setup, teardown);
	tcase_add_test(tt, test_backend);
	tcase_add_test(tt, test_timer_instant);
	tcase_add_test(tt, test_timer_rearm);
	tcase_add_test(tt, test_timer_same);
	tcase_add_test(tt, test_timer_past);
	tcase_add_test(tt, test_timer_never);
	tcase_add_test(tt, test_timer_bad);
	suite_add_tcase(s, tt);

	tcase_add_checked_fixture(ts, setup, teardown);
	tcase_add_test(ts, test_signal_raise);
	tcase_add_test(ts, test_signal_child);
	tcase_add_test(ts, test_signal_held);
	suite_add_tcase(s, ts);

	tcase_set_timeout(tw, 60);
	tcase_add_checked_fixture(tw, setup, teardown);
	tcase_add_test(tw, test_watch_dir);
	tcase_add_test(tw, test_watch_dir_recreated);
	tcase_add_test(tw, test_watch_file_created);
	tcase_add_test(tw, test_watch_file_renamed);
	tcase_add_test(tw, test_watch_symlink_replaced);
	tcase_add_test(tw, test_watch_symlink_target);
	tcase_add_test(tw, test_watch_file_folder_gone);
	tcase_add_test(tw, test_watch_sibling_ignored);
	tcase_add_test(tw, test_watch_errors);
	suite_add_tcase(s, tw);

	tcase_add_checked_fixture(tf, setup, teardown);
	tcase_add_test(tf, test_fd);
	tcase_add_test(tf, test_queue_and_del);
	tcase_add_test(tf, test_del_closed_fd);
	suite_add_tcase(s, tf);

	tcase_add_test(tl, test_no_fd_leak);
	tcase_add_test(tl, test_mask_restored);
	tcase_add_test(tl, test_bad_signal);
	suite_add_tcase(s, tl);

	return s;
}

CHECK_MAIN(evloop_suite)
