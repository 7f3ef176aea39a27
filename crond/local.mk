# crond/: the daemon.  Its modules go in a convenience library so that the
# unit suites link exactly the code the daemon runs.
noinst_LIBRARIES += crond/libcrond.a
crond_libcrond_a_SOURCES = \
	crond/heap.c crond/heap.h \
	crond/sched.c crond/sched.h \
	crond/runner.c crond/runner.h \
	crond/mail.c crond/mail.h
crond_libcrond_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/crond
LIBCROND = crond/libcrond.a $(LIBCRON)
