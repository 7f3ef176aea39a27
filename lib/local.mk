# lib/: code shared by crond, crontab and cronctl.
noinst_LIBRARIES += lib/libcron.a
lib_libcron_a_SOURCES = \
	lib/civil.c lib/civil.h \
	lib/errmsg.c lib/errmsg.h \
	lib/readall.c lib/readall.h \
	lib/spec.c lib/spec.h \
	lib/tz.c lib/tz.h \
	lib/next.c lib/next.h \
	lib/timefmt.c lib/timefmt.h \
	lib/crontab.c lib/crontab.h \
	lib/ctline.c lib/ctline.h \
	lib/conf.c lib/conf.h \
	lib/histline.c lib/history.c lib/history.h

LIBCRON = lib/libcron.a $(INIH_LIBS) $(BSD_LIBS)
