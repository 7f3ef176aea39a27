# tests/: Check unit suites (one per module), shell tests driving the real
# binaries, and benchmarks (built by 'make bench', never run by check).
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
EXTRA_DIST += tests/check_main.h tests/hist_fixture.h tests/sched_fixture.h \
	tests/db_fixture.h
TEST_LIBS = $(LIBCRON) $(CHECK_LIBS)

if HAVE_CHECK
check_PROGRAMS += tests/check_civil tests/check_readall tests/check_spec \
	tests/check_tz tests/check_next tests/check_next_random \
	tests/check_crontab tests/check_conf tests/check_histline \
	tests/check_history
TESTS += tests/check_civil tests/check_readall tests/check_spec \
	tests/check_tz tests/check_next tests/check_next_random \
	tests/check_crontab tests/check_conf tests/check_histline \
	tests/check_history
endif

tests_check_civil_CFLAGS = $(TEST_CFLAGS)
tests_check_civil_LDADD = $(TEST_LIBS)
tests_check_readall_CFLAGS = $(TEST_CFLAGS)
tests_check_readall_LDADD = $(TEST_LIBS)
tests_check_spec_CFLAGS = $(TEST_CFLAGS)
tests_check_spec_LDADD = $(TEST_LIBS)
tests_check_tz_CFLAGS = $(TEST_CFLAGS)
tests_check_tz_LDADD = $(TEST_LIBS)
tests_check_next_CFLAGS = $(TEST_CFLAGS)
tests_check_next_LDADD = $(TEST_LIBS)
tests_check_next_random_CFLAGS = $(TEST_CFLAGS)
tests_check_next_random_LDADD = $(TEST_LIBS)
tests_check_crontab_CFLAGS = $(TEST_CFLAGS)
tests_check_crontab_LDADD = $(TEST_LIBS)
tests_check_crontab_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCORPUS_DIR='"$(abs_top_srcdir)/tests/corpus"'
tests_check_conf_CFLAGS = $(TEST_CFLAGS)
tests_check_conf_LDADD = $(TEST_LIBS)
tests_check_histline_CFLAGS = $(TEST_CFLAGS)
tests_check_histline_LDADD = $(TEST_LIBS)
tests_check_history_CFLAGS = $(TEST_CFLAGS)
tests_check_history_LDADD = $(TEST_LIBS)

# Shell tests get the build tree's binaries through the environment.
TESTS += tests/cronctl_next.sh tests/crontab_tool.sh tests/crontab_root.sh \
	tests/man_lint.sh
dist_check_SCRIPTS += tests/cronctl_next.sh tests/crontab_tool.sh \
	tests/crontab_root.sh \
	tests/man_lint.sh tests/lib.sh
AM_TESTS_ENVIRONMENT = \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir;

# Benchmarks: 'make bench' builds and runs them.
EXTRA_PROGRAMS = tests/bench/bench_next
tests_bench_bench_next_LDADD = $(LIBCRON)
CLEANFILES += $(EXTRA_PROGRAMS)
bench: tests/bench/bench_next
	tests/bench/bench_next
.PHONY: bench

# crond against Debian's cron, busybox crond and a bare timerfd reference
# (tests/bench/README.md).  Root only; installs cron and busybox-static with
# apt-get if missing.  QUICK=1 for a short run (about 4 minutes).
EXTRA_PROGRAMS += tests/bench/probe tests/bench/ref_timerfd \
	tests/bench/procwatch
tests_bench_probe_LDFLAGS = -static
tests_bench_ref_timerfd_LDADD = $(BSD_LIBS)
EXTRA_DIST += tests/bench/crond_bench.sh tests/bench/README.md
bench-crond: tests/bench/probe tests/bench/ref_timerfd tests/bench/procwatch \
	    crond/crond
	BUILD='$(abs_top_builddir)' bash \
	    '$(abs_top_srcdir)/tests/bench/crond_bench.sh'
.PHONY: bench-crond

# The crontab corpus: realistic files that must all load (check_crontab).
EXTRA_DIST += tests/corpus/etc-crontab tests/corpus/etc-crontab-empty \
	tests/corpus/crond-anacron tests/corpus/crond-certrenew \
	tests/corpus/crond-fsscrub tests/corpus/crond-hourly \
	tests/corpus/crond-phpsession tests/corpus/crond-popcon \
	tests/corpus/crond-raidcheck tests/corpus/crond-sysstat \
	tests/corpus/user-alice tests/corpus/user-bob \
	tests/corpus/user-indented tests/corpus/user-no-newline \
	tests/corpus/user-with-ini

# A syslog daemon for the shell tests (tests/syslog.sh), without Check.
check_PROGRAMS += tests/syslog_sink
tests_syslog_sink_LDADD = $(BSD_LIBS)
TESTS += tests/crontab_syslog.sh
dist_check_SCRIPTS += tests/crontab_syslog.sh tests/syslog.sh

# crond's modules, each with its suite.
if HAVE_CHECK
check_PROGRAMS += tests/check_runner tests/job_probe tests/check_heap \
	tests/check_sched tests/check_sched_sim
TESTS += tests/check_runner tests/check_heap tests/check_sched \
	tests/check_sched_sim
endif
tests_check_sched_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond
tests_check_sched_CFLAGS = $(TEST_CFLAGS)
tests_check_sched_LDADD = $(LIBCROND) $(CHECK_LIBS)
# The crontab database, on files in a private folder of the build tree.
if HAVE_CHECK
check_PROGRAMS += tests/check_database tests/check_dbreload
TESTS += tests/check_database tests/check_dbreload
endif
tests_check_database_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond
tests_check_database_CFLAGS = $(TEST_CFLAGS)
tests_check_database_LDADD = $(LIBCROND) $(CHECK_LIBS)
tests_check_dbreload_CPPFLAGS = $(tests_check_database_CPPFLAGS)
tests_check_dbreload_CFLAGS = $(TEST_CFLAGS)
tests_check_dbreload_LDADD = $(LIBCROND) $(CHECK_LIBS)
tests_check_sched_sim_CPPFLAGS = $(tests_check_sched_CPPFLAGS)
tests_check_sched_sim_CFLAGS = $(TEST_CFLAGS)
tests_check_sched_sim_LDADD = $(LIBCROND) $(CHECK_LIBS)
tests_check_heap_CPPFLAGS = $(tests_check_sched_CPPFLAGS)
tests_check_heap_CFLAGS = $(TEST_CFLAGS)
tests_check_heap_LDADD = $(LIBCROND) $(CHECK_LIBS)
tests_check_runner_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond \
	-DJOB_PROBE='"$(abs_top_builddir)/tests/job_probe"'
tests_check_runner_CFLAGS = $(TEST_CFLAGS)
tests_check_runner_LDADD = $(LIBCROND) $(CHECK_LIBS)
tests_job_probe_SOURCES = tests/job_probe.c

# The event loop: one suite, built once per backend this system has, and
# the arithmetic both backends share.
if HAVE_CHECK
check_PROGRAMS += tests/check_evloop_poll tests/check_evloop_common
TESTS += tests/check_evloop_poll tests/check_evloop_common
if HAVE_EPOLL
check_PROGRAMS += tests/check_evloop_epoll
TESTS += tests/check_evloop_epoll
endif
endif
tests_check_evloop_poll_SOURCES = tests/check_evloop.c
tests_check_evloop_poll_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond \
	-DEVLOOP_EXPECT='"poll"'
tests_check_evloop_poll_CFLAGS = $(TEST_CFLAGS)
tests_check_evloop_poll_LDADD = crond/libevloop_poll.a $(LIBCRON) \
	$(CHECK_LIBS)
tests_check_evloop_epoll_SOURCES = tests/check_evloop.c
tests_check_evloop_epoll_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond \
	-DEVLOOP_EXPECT='"epoll"'
tests_check_evloop_epoll_CFLAGS = $(TEST_CFLAGS)
tests_check_evloop_epoll_LDADD = crond/libevloop_epoll.a $(LIBCRON) \
	$(CHECK_LIBS)
tests_check_evloop_common_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond
tests_check_evloop_common_CFLAGS = $(TEST_CFLAGS)
tests_check_evloop_common_LDADD = crond/libevloop_poll.a $(LIBCRON) \
	$(CHECK_LIBS)

# crond's state folder and log escaping.
if HAVE_CHECK
check_PROGRAMS += tests/check_state
TESTS += tests/check_state
endif
tests_check_state_CPPFLAGS = $(tests_check_sched_CPPFLAGS)
tests_check_state_CFLAGS = $(TEST_CFLAGS)
tests_check_state_LDADD = $(LIBCROND) $(CHECK_LIBS)

# crond built on the poll backend too, so that the shell tests run both.
if EVLOOP_EPOLL
check_PROGRAMS += tests/crond_poll
endif
tests_crond_poll_SOURCES = crond/main.c
tests_crond_poll_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond
tests_crond_poll_LDADD = $(LIBCROND) crond/libevloop_poll.a

# The real crond on private folders (tests/crond_lib.sh), once per backend;
# crond_minute.sh is the suite's one wait for a real minute boundary.
TESTS += tests/crond_run.sh tests/crond_root.sh tests/crond_minute.sh
dist_check_SCRIPTS += tests/crond_run.sh tests/crond_root.sh \
	tests/crond_minute.sh tests/crond_lib.sh
