#!/bin/sh
# tests/man_lint.sh: every manual page, as installed (generated pages from
# the build tree), must be silent under mandoc's strictest lint.  mandoc
# looks up cross-references only in the system's manual directories, so a
# reference to one of our own pages that is not installed there is the one
# message let through.
set -u
. "$top_srcdir/tests/lib.sh"

command -v mandoc >/dev/null 2>&1 || exit 77
t_init
pages=0
for page in "$top_builddir"/man/*.[1-8] "$top_srcdir"/man/*.[1-8]; do
	[ -f "$page" ] || continue
	pages=$((pages + 1))
	# mandoc reports on stdout; its status is 1 even for a STYLE message.
	run mandoc -Tlint -Wall "$page"
	msgs=$(printf '%s\n%s\n' "$out" "$err" | grep -Ev -e '^$' \
	    -e 'STYLE: referenced manual not found: Xr ' \
	    -e 'outdated mandoc\.db lacks .* entry')
	if [ "$rc" -gt 1 ] || [ -n "$msgs" ]; then
		fail "mandoc -Tlint -Wall ${page##*/} (status $rc):
$msgs"
	fi
done
[ "$pages" -gt 0 ] || fail "no manual pages in $top_builddir/man"
t_done
