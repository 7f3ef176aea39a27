# man/: pages generated from NAME.in templates.  A line holding only
# @SCHEDULE_SYNTAX@ becomes the shared schedule.mdoc, so installed pages
# carry the text inline (no .so); paths are filled in at make time.  A new
# page: add it to man_MANS and EXTRA_DIST, and give it a rule like
# cronctl.1's.
man_MANS = man/cronctl.1 man/crontab.1 man/crontab.5 man/crond.8 \
	man/crond.conf.5
MAN_FRAGMENTS = man/schedule.mdoc
EXTRA_DIST += man/cronctl.1.in man/crontab.1.in man/crontab.5.in \
	man/crond.8.in man/crond.conf.5.in $(MAN_FRAGMENTS)
CLEANFILES += $(man_MANS)

man_edit = sed \
	-e '/^@SCHEDULE_SYNTAX@$$/{' \
	-e 'r $(srcdir)/man/schedule.mdoc' \
	-e 'd' \
	-e '}' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@spooldir[@]|$(spooldir)|g' \
	-e 's|@localstatedir[@]|$(localstatedir)|g' \
	-e 's|@runstatedir[@]|$(runstatedir)|g' \
	-e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g'
# Writes $@ from $(srcdir)/$@.in; generated pages live in the build tree.
man_gen = $(AM_V_GEN)$(MKDIR_P) man && rm -f $@ $@.tmp && \
	$(man_edit) $(srcdir)/$@.in >$@.tmp && mv $@.tmp $@

man/cronctl.1: man/cronctl.1.in $(MAN_FRAGMENTS) Makefile
	$(man_gen)

man/crontab.5: man/crontab.5.in $(MAN_FRAGMENTS) Makefile
	$(man_gen)

man/crontab.1: man/crontab.1.in $(MAN_FRAGMENTS) Makefile
	$(man_gen)

man/crond.8: man/crond.8.in $(MAN_FRAGMENTS) Makefile
	$(man_gen)

man/crond.conf.5: man/crond.conf.5.in $(MAN_FRAGMENTS) Makefile
	$(man_gen)
