# etc/: what a packager installs around the programs: crond.conf with every
# key at its default, a systemd unit, a logrotate rule, an init script for
# systems without systemd, and examples of cron.allow and cron.deny.  The
# *.in files get their paths at make time, as the manual pages do.  All of
# them are installed as examples under $(docdir)/examples, never over a
# live file of /etc (a packager copies them); crond.service also goes to
# the unit folder given to configure --with-systemdsystemunitdir=DIR.
exampledir = $(docdir)/examples
ETC_GENERATED = etc/crond.conf etc/crond.service etc/crond.logrotate \
	etc/crond.init
nodist_example_DATA = etc/crond.conf etc/crond.service etc/crond.logrotate
nodist_example_SCRIPTS = etc/crond.init
dist_example_DATA = etc/cron.allow.example etc/cron.deny.example
# Empty unless configured: automake's install rule then installs nothing.
nodist_systemdsystemunit_DATA = etc/crond.service
EXTRA_DIST += etc/crond.conf.in etc/crond.service.in etc/crond.logrotate.in \
	etc/crond.init.in
CLEANFILES += $(ETC_GENERATED)
# distcheck installs the unit too, inside its temporary prefix.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir="$$dc_install_base/lib/systemd/system"

etc_edit = sed \
	-e 's|@sbindir[@]|$(sbindir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@spooldir[@]|$(spooldir)|g' \
	-e 's|@localstatedir[@]|$(localstatedir)|g' \
	-e 's|@runstatedir[@]|$(runstatedir)|g'
# Writes $@ from $(srcdir)/$@.in in the build tree.
etc_gen = $(AM_V_GEN)$(MKDIR_P) etc && rm -f $@ $@.tmp && \
	$(etc_edit) $(srcdir)/$@.in >$@.tmp && mv $@.tmp $@

etc/crond.conf: etc/crond.conf.in Makefile
	$(etc_gen)

etc/crond.service: etc/crond.service.in Makefile
	$(etc_gen)

etc/crond.logrotate: etc/crond.logrotate.in Makefile
	$(etc_gen)

etc/crond.init: etc/crond.init.in Makefile
	$(etc_gen) && chmod +x $@
