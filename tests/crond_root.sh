#!/bin/sh
# tests/crond_root.sh: crond in root mode on private folders (root only;
# skipped otherwise), once per event backend, with a user made for the test
# (tcronrt<pid>, removed on exit) who has a supplementary group:
#   - the user's @reboot job runs with the user's uid, gid and groups,
#     cwd its home, LOGNAME/USER its name
#   - a /etc/cron.d-style file's line runs as the user it names
#   - refused spool files, each logged once while unchanged: mode 0644,
#     a symbolic link, two links, the wrong owner, a name that is no user
#     (ORPHAN); a bad line of a system file is logged with FILE:LINE and
#     the file's other lines still run
#   - user mode, run as the test user: its crontab and its own cron.d
#     lines run with its ids; other users' lines are skipped and logged
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/crond_lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "$t_name: not root, skipped"
	exit 77
fi
for tool in useradd userdel groupadd groupdel getent; do
	command -v $tool >/dev/null 2>&1 || { echo "no $tool, skipped"; exit 77; }
done
u=tcronrt$$
g=tcronrg$$
if getent passwd $u >/dev/null || getent group $g >/dev/null; then
	echo "$t_name: $u or $g exists already, skipped"
	exit 77
fi

t_init
made=no
root_cleanup() {
	if [ $made = yes ]; then
		userdel -r $u >/dev/null 2>&1
		groupdel $g >/dev/null 2>&1
	fi
	crond_cleanup
}
trap root_cleanup EXIT
groupadd $g || exit 99
useradd -m -d "$t_dir/home" -s /bin/sh -G $g $u || { groupdel $g; exit 99; }
made=yes
chmod 755 "$t_dir"
probe=$top_builddir/tests/job_probe
uid=$(id -u $u)
gid=$(id -g $u)
groups=$(id -G $u | tr ' ' '\n' | sort -n | tr '\n' ',' | sed 's/,$//')

probe_value() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

# spool_tab DIR USER TEXT: USER's crontab as crontab(1) leaves it.
spool_tab() {
	printf '%s\n' "$3" >"$1/spool/$2" || exit 99
	chown "$2" "$1/spool/$2"
	chmod 0600 "$1/spool/$2"
}

# count DIR PATTERN: log lines matching PATTERN.
count() {
	grep -cF -- "$2" "$1/log"
}

check_identity() {
	d=$1
	mkdir "$d/out" && chown $u "$d/out"
	spool_tab "$d" $u "SHELL=$probe
MAILTO=
@reboot $d/out/user"
	printf '%s\n' "MAILTO=" "SHELL=$probe" "@reboot $u $d/out/system" \
	    "61 * * * * $u never" >"$d/cron.d/sys"
	crond_start "$d" || return
	wait_for 5 grep -q '^env=' "$d/out/user" ||
		{ fail "$b: the user's job did not run: $(cat "$d/log")"; return; }
	wait_for 5 grep -q '^env=' "$d/out/system" ||
		fail "$b: the cron.d job did not run: $(cat "$d/log")"
	for f in user system; do
		p=$d/out/$f
		[ "$(probe_value "$p" uid),$(probe_value "$p" euid)" = "$uid,$uid" ] ||
			fail "$b: $f job uid $(probe_value "$p" uid)"
		[ "$(probe_value "$p" gid),$(probe_value "$p" egid)" = "$gid,$gid" ] ||
			fail "$b: $f job gid $(probe_value "$p" gid)"
		[ "$(probe_value "$p" groups)" = "$groups" ] ||
			fail "$b: $f job groups $(probe_value "$p" groups), not $groups"
		[ "$(probe_value "$p" cwd)" = "$t_dir/home" ] ||
			fail "$b: $f job cwd $(probe_value "$p" cwd)"
		grep -qx "env=LOGNAME=$u" "$p" || fail "$b: $f job LOGNAME"
	done
	log_has "$d" "(*system*) ERROR ($d/cron.d/sys:4: minute" ||
		fail "$b: the bad system line was not logged: $(cat "$d/log")"
	crond_stop
}

check_refusals() {
	d=$1
	# bad mode, symlink, two links, wrong owner, no such user
	spool_tab "$d" $u "0 0 1 1 * true"
	chmod 0644 "$d/spool/$u"
	printf '0 0 1 1 * true\n' >"$d/target"
	ln -s "$d/target" "$d/spool/root"
	printf '0 0 1 1 * true\n' >"$d/spool/daemon"
	chmod 0600 "$d/spool/daemon"
	chown daemon "$d/spool/daemon"
	ln "$d/spool/daemon" "$d/linked"
	printf '0 0 1 1 * true\n' >"$d/spool/bin"
	chmod 0600 "$d/spool/bin"
	chown $u "$d/spool/bin"
	spool_tab "$d" root "0 0 1 1 * true"
	mv "$d/spool/root" "$d/spool/nosuchuser$$"
	ln -s "$d/target" "$d/spool/root"
	crond_start "$d" || return
	for i in 1 2 3; do
		touch "$d/spool/.nudge$i"	# a change: the spool is scanned
		sleep 0.3
	done
	kill -HUP "$crond_pid" 2>/dev/null
	sleep 0.5
	for what in "($u) BAD FILE MODE ($d/spool/$u)" \
	    "(root) NOT REGULAR FILE ($d/spool/root)" \
	    "(daemon) NUMBER OF HARD LINKS > 1 ($d/spool/daemon)" \
	    "(bin) WRONG FILE OWNER ($d/spool/bin)" \
	    "(nosuchuser$$) ORPHAN (no passwd entry)"; do
		# once at start and once more for SIGHUP, never per scan
		[ "$(count "$d" "$what")" = 2 ] ||
			fail "$b: '$what' logged $(count "$d" "$what") times: $(cat "$d/log")"
	done
	crond_stop
}

# User mode, as the test user: its own crontab runs, with its own ids and
# no change of identity; a system file's lines for other users are skipped.
check_user_mode() {
	d=$1
	mkdir "$d/out"
	printf '%s\n' "SHELL=$probe" "MAILTO=" "@reboot $d/out/user" >"$d/spool/$u"
	chmod 0600 "$d/spool/$u"
	printf '%s\n' "SHELL=$probe" "@reboot root $d/out/root" \
	    "@reboot $u $d/out/system" >"$d/cron.d/sys"
	chown -R $u "$d"
	chown root "$d/cron.d/sys"
	: >"$d/log"
	setpriv --reuid=$u --regid=$gid --init-groups --reset-env \
	    env ASAN_OPTIONS=detect_leaks=0 \
	    "$CROND" -f -C "$d/crond.conf" 2>>"$d/log" &
	crond_pid=$!
	wait_for 5 grep -q '^env=' "$d/out/user" ||
		{ fail "$b: user mode: job did not run: $(cat "$d/log")"; return; }
	wait_for 5 grep -q '^env=' "$d/out/system" ||
		fail "$b: user mode: own cron.d line did not run: $(cat "$d/log")"
	[ "$(probe_value "$d/out/user" uid)" = "$uid" ] ||
		fail "$b: user mode: job uid $(probe_value "$d/out/user" uid)"
	log_has "$d" "(CRON) STARTUP (tcron" || fail "$b: user mode: no STARTUP"
	log_has "$d" "user mode $u" || fail "$b: user mode not reported"
	log_has "$d" "sys: 1 line for other users skipped in user mode" ||
		fail "$b: user mode: skip not logged: $(cat "$d/log")"
	sleep 0.2
	[ ! -e "$d/out/root" ] || fail "$b: user mode ran root's line"
	crond_stop
}

command -v setpriv >/dev/null 2>&1 || { echo "no setpriv, skipped"; exit 77; }
crond_checks check_identity check_refusals check_user_mode
t_done
