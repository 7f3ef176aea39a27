# crond/: the daemon.  Its modules go in a convenience library so that the
# unit suites link exactly the code the daemon runs.
noinst_LIBRARIES += crond/libcrond.a
crond_libcrond_a_SOURCES = \
	crond/heap.c crond/heap.h \
	crond/sched.c crond/sched.h \
	crond/runner.c crond/runner_out.c crond/runner.h \
	crond/mail.c crond/mail.h \
	crond/database.c crond/database.h \
	crond/dbload.c crond/dbint.h \
	crond/filecheck.c crond/filecheck.h \
	crond/localzone.c crond/localzone.h \
	crond/log.c crond/log.h \
	crond/state.c crond/state.h \
	crond/jobs.c crond/jobs.h \
	crond/loop.c crond/loop.h
crond_libcrond_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond
LIBCROND = crond/libcrond.a $(LIBCRON)

# The event loop: each backend this system can build is a library of its
# own, kept out of libcrond.a, so that a program links exactly one: crond
# the one configure chose, tests/crond_poll and tests/check_evloop_* each
# theirs.
EVLOOP_COMMON = crond/evloop.h crond/evloop_common.c crond/evloop_common.h
if EVLOOP_EPOLL
EVLOOP_LIB = crond/libevloop_epoll.a
else
EVLOOP_LIB = crond/libevloop_poll.a
endif
noinst_LIBRARIES += crond/libevloop_poll.a
crond_libevloop_poll_a_SOURCES = $(EVLOOP_COMMON) crond/evloop_poll.c
crond_libevloop_poll_a_CPPFLAGS = $(AM_CPPFLAGS)
if HAVE_EPOLL
noinst_LIBRARIES += crond/libevloop_epoll.a
crond_libevloop_epoll_a_SOURCES = $(EVLOOP_COMMON) crond/evloop_epoll.c
crond_libevloop_epoll_a_CPPFLAGS = $(AM_CPPFLAGS)
endif

sbin_PROGRAMS += crond/crond
crond_crond_SOURCES = crond/main.c
crond_crond_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond
crond_crond_LDADD = $(LIBCROND) $(EVLOOP_LIB)

# README's first command: crond in the foreground on a private folder.
EXTRA_DIST += tools/demo
demo: crond/crond
	$(SHELL) $(top_srcdir)/tools/demo crond/crond
.PHONY: demo
