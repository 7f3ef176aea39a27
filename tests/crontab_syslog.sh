#!/bin/sh
# tests/crontab_syslog.sh: what crontab(1) sends to syslog, line for line,
# through tests/syslog.sh's private /dev/log (root only; skipped otherwise):
# facility cron, tag crontab[PID] with the pid of the very process, and
# cronie's "(CALLER) EVENT (USER)" for REPLACE, LIST, DELETE, BEGIN EDIT and
# END EDIT, at info; AUTH refusals at warning; nothing for -T, for a file
# with errors, or for a list or remove with no crontab.  A test user
# (tcronsl<pid>, removed on exit) is refused through cron.deny and
# cron.allow, root and that user each in user mode on their own spool.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/syslog.sh"

if [ "$(id -u)" != 0 ]; then
	echo "$t_name: not root, skipped"
	exit 77
fi
for tool in useradd userdel setpriv getent; do
	command -v $tool >/dev/null 2>&1 || { echo "no $tool, skipped"; exit 77; }
done
u=tcronsl$$
if getent passwd $u >/dev/null; then
	echo "$t_name: user $u exists already, skipped"
	exit 77
fi

t_init
made_user=no
sl_cleanup() {
	syslog_stop
	if [ $made_user = yes ]; then
		userdel -r $u >/dev/null 2>&1
	fi
	t_cleanup
}
trap sl_cleanup EXIT
syslog_require
unset CROND_CONFIG VISUAL EDITOR TMPDIR

useradd -M -d /nonexistent -s /bin/sh $u || exit 99
made_user=yes
chmod 755 "$t_dir"
# as_user: the command that runs what follows with $u's ids and groups
# only (a word list, so that syslog_run can exec it).
as_user="setpriv --reuid=$u --regid=$(id -g $u) --init-groups --reset-env
	env ASAN_OPTIONS=detect_leaks=0"
if ! $as_user test -x "$t_dir"; then
	echo "$t_name: build tree not reachable by $u, skipped"
	exit 77
fi

ct=$top_builddir/crontab/crontab
# each in user mode: its own config and spool
mkdir "$t_dir/r" "$t_dir/r/spool" "$t_dir/u" "$t_dir/u/spool" || exit 99
for d in r u; do
	printf '[paths]\nspool = spool\nallow = cron.allow\ndeny = cron.deny\n' \
		>"$t_dir/$d/crond.conf" || exit 99
done
chown -R $u "$t_dir/u" || exit 99
cr=$t_dir/r/crond.conf
cu=$t_dir/u/crond.conf
good=$t_dir/good
printf '0 5 * * * echo good\n' >"$good"
bad=$t_dir/bad
printf '61 * * * * echo bad\n' >"$bad"
chmod 644 "$good" "$bad"

# line SEVERITY TEXT: the sink's line for the last syslog_run.
line() {
	printf 'cron.%s: crontab[%s]: %s' "$1" "$run_pid" "$2"
}

syslog_start

# --- root -----------------------------------------------------------------
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" "$good"
expect "root: install" 0 "" ""
syslog_expect "root: install" "$(line info "(root) REPLACE (root)")"

syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -l
expect "root: list" 0 "$(cat "$good")" ""
syslog_expect "root: list" "$(line info "(root) LIST (root)")"

syslog_run env EDITOR="sed -i s/good/edited/" ${TEST_WRAPPER:-} "$ct" \
	-C "$cr" -e
expect "root: edit" 0 "" "crontab: installing new crontab"
syslog_expect "root: edit" "$(line info "(root) BEGIN EDIT (root)")
$(line info "(root) REPLACE (root)")
$(line info "(root) END EDIT (root)")"

syslog_run env EDITOR=true ${TEST_WRAPPER:-} "$ct" -C "$cr" -e
expect "root: edit, no changes" 0 "" "crontab: no changes made to crontab"
syslog_expect "root: edit, no changes" \
	"$(line info "(root) BEGIN EDIT (root)")
$(line info "(root) END EDIT (root)")"

syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -r
expect "root: remove" 0 "" ""
syslog_expect "root: remove" "$(line info "(root) DELETE (root)")"

# failures before any change log nothing
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -r
expect "root: remove none" 1 "" "crontab: no crontab for root"
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -l
expect "root: list none" 1 "" "crontab: no crontab for root"
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -T "$good"
expect "root: -T" 0 "" ""
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" "$bad"
[ "$rc" = 1 ] || fail "root: bad file: exit $rc"
syslog_expect "root: failures" ""

# -u: the caller is root, the crontab the user's
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -u $u "$good"
expect "root: install -u" 0 "" ""
syslog_expect "root: install -u" "$(line info "(root) REPLACE ($u)")"
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -u $u -l
expect "root: list -u" 0 "$(cat "$good")" ""
syslog_expect "root: list -u" "$(line info "(root) LIST ($u)")"
syslog_run ${TEST_WRAPPER:-} "$ct" -C "$cr" -u $u -r
expect "root: remove -u" 0 "" ""
syslog_expect "root: remove -u" "$(line info "(root) DELETE ($u)")"

# --- a user ---------------------------------------------------------------
syslog_run $as_user ${TEST_WRAPPER:-} "$ct" -C "$cu" "$good"
expect "user: install" 0 "" ""
syslog_expect "user: install" "$(line info "($u) REPLACE ($u)")"
syslog_run $as_user ${TEST_WRAPPER:-} "$ct" -C "$cu" -l
expect "user: list" 0 "$(cat "$good")" ""
syslog_expect "user: list" "$(line info "($u) LIST ($u)")"
syslog_run $as_user ${TEST_WRAPPER:-} "$ct" -C "$cu" -r
expect "user: remove" 0 "" ""
syslog_expect "user: remove" "$(line info "($u) DELETE ($u)")"

# refusals: one AUTH line each, at warning, whatever was asked
denied="crontab: you ($u) are not allowed to use crontab; see crontab(1)"
auth="($u) AUTH (crontab command not allowed)"
printf '%s\n' $u >"$t_dir/u/cron.deny"
syslog_run $as_user ${TEST_WRAPPER:-} "$ct" -C "$cu" "$good"
expect "user: denied install" 1 "" "$denied"
syslog_expect "user: denied install" "$(line warning "$auth")"
[ ! -e "$t_dir/u/spool/$u" ] || fail "user: denied install installed"
syslog_run $as_user ${TEST_WRAPPER:-} "$ct" -C "$cu" -l
expect "user: denied list" 1 "" "$denied"
syslog_expect "user: denied list" "$(line warning "$auth")"
rm -f "$t_dir/u/cron.deny"
printf '%s\n' root >"$t_dir/u/cron.allow"
syslog_run $as_user ${TEST_WRAPPER:-} "$ct" -C "$cu" -r
expect "user: not allowed, remove" 1 "" "$denied"
syslog_expect "user: not allowed, remove" "$(line warning "$auth")"
rm -f "$t_dir/u/cron.allow"

# the messages came from the commands alone: nothing else arrived
syslog_stop
[ ! -s "$syslog_out" ] || fail "stray lines: $(cat "$syslog_out")"

t_done
