# crontab/: crontab(1), installed set-group-ID crontab.  It links lib/ for
# the parser, so the tool and the daemon check syntax with the same code.
bin_PROGRAMS += crontab/crontab
crontab_crontab_SOURCES = crontab/crontab.c \
	crontab/access.c crontab/access.h \
	crontab/audit.c crontab/audit.h \
	crontab/check.c crontab/check.h \
	crontab/edit.c crontab/edit.h \
	crontab/input.c crontab/input.h \
	crontab/priv.c crontab/priv.h \
	crontab/spool.c crontab/spool.h
crontab_crontab_LDADD = $(LIBCRON)

# make install: as Debian lays it out, crontab set-group-ID crontab and the
# spool 1730 root:crontab.  Only when installing as root into the real
# root (empty DESTDIR), and not for distcheck's private prefix (…/_inst);
# otherwise it prints what a packager must do.  CRONTAB_SETUP=no skips it.
CRONTAB_GROUP = crontab
CRONTAB_SETUP = auto
install-exec-hook: install-crontab-setup
install-crontab-setup:
	@bin="$(DESTDIR)$(bindir)/`echo crontab | sed '$(transform)'`"; \
	spool="$(DESTDIR)$(spooldir)"; \
	case "$(CRONTAB_SETUP):$(DESTDIR):`id -u`:$(prefix)" in \
	no:*|*:*/_inst) real=no ;; \
	*::0:*) real=yes ;; \
	*) real=no ;; \
	esac; \
	if test $$real = yes; then \
	  if ! getent group $(CRONTAB_GROUP) >/dev/null; then \
	    echo "groupadd --system $(CRONTAB_GROUP)"; \
	    groupadd --system $(CRONTAB_GROUP) || exit 1; \
	  fi; \
	  echo "chgrp $(CRONTAB_GROUP) $$bin && chmod 2755 $$bin"; \
	  chgrp $(CRONTAB_GROUP) "$$bin" && chmod 2755 "$$bin" || exit 1; \
	  echo "install -d -o root -g $(CRONTAB_GROUP) -m 1730 $$spool"; \
	  $(MKDIR_P) "$$spool" && chown root:$(CRONTAB_GROUP) "$$spool" && \
	    chmod 1730 "$$spool" || exit 1; \
	else \
	  echo "crontab: not set up (DESTDIR set, not root, or distcheck)."; \
	  echo "crontab: a package must create group $(CRONTAB_GROUP), make"; \
	  echo "crontab:   $(bindir)/crontab root:$(CRONTAB_GROUP) mode 2755"; \
	  echo "crontab:   $(spooldir) root:$(CRONTAB_GROUP) mode 1730"; \
	fi
.PHONY: install-crontab-setup
