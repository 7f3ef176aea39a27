# m4/tcron_systemd.m4: --with-systemdsystemunitdir=DIR, the folder where
# 'make install' also puts crond.service (etc/local.mk).  Not given, or
# "no", the unit is installed only as an example under docdir; "yes" asks
# pkg-config for systemd's own folder.
AC_DEFUN([TCRON_SYSTEMD_UNITDIR], [
AC_ARG_WITH([systemdsystemunitdir],
  [AS_HELP_STRING([--with-systemdsystemunitdir=DIR],
    [also install crond.service in DIR @<:@no@:>@])],
  [], [with_systemdsystemunitdir=no])
AS_CASE([$with_systemdsystemunitdir],
  [no|''], [systemdsystemunitdir=],
  [yes], [systemdsystemunitdir=`$PKG_CONFIG --variable=systemdsystemunitdir systemd 2>/dev/null`
          AS_IF([test -z "$systemdsystemunitdir"],
            [AC_MSG_ERROR([--with-systemdsystemunitdir: pkg-config does not know systemd; give the folder])])],
  [systemdsystemunitdir=$with_systemdsystemunitdir])
AC_SUBST([systemdsystemunitdir])
])
