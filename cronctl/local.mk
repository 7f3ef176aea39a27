# cronctl/: cronctl(1), the control and inspection tool.
bin_PROGRAMS += cronctl/cronctl
cronctl_cronctl_SOURCES = cronctl/cronctl.c
cronctl_cronctl_LDADD = $(LIBCRON)
