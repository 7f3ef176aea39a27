#!/bin/sh
# tests/crontab_root.sh: crontab(1) across users, as root (CI runs as
# root; skipped otherwise): test users tcrontest1 and tcrontest2 and group
# tcrontestg are created and removed.  A set-group-ID copy of the binary
# shows that a user reads FILE with their own ids only, and that -u is
# root's; user mode shows owners and modes, cron.allow and cron.deny; root's
# -u installs for two users at once never interleave.
set -u
. "$top_srcdir/tests/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "crontab_root.sh: not root, skipped"
	exit 77
fi
for tool in useradd userdel groupadd groupdel setpriv getent; do
	command -v $tool >/dev/null 2>&1 || { echo "no $tool, skipped"; exit 77; }
done

u1=tcrontest1
u2=tcrontest2
grp=tcrontestg
for n in $u1 $u2; do
	if getent passwd $n >/dev/null; then
		echo "crontab_root.sh: user $n exists already, skipped"
		exit 77
	fi
done
if getent group $grp >/dev/null; then
	echo "crontab_root.sh: group $grp exists already, skipped"
	exit 77
fi

t_init
root_cleanup() {
	userdel -r $u1 >/dev/null 2>&1
	userdel -r $u2 >/dev/null 2>&1
	groupdel $grp >/dev/null 2>&1
	t_cleanup
}
trap root_cleanup EXIT

groupadd $grp || exit 99
useradd -M -d /nonexistent -s /bin/sh $u1 || exit 99
useradd -M -d /nonexistent -s /bin/sh $u2 || exit 99
uid1=$(id -u $u1)
gid1=$(id -g $u1)
uid2=$(id -u $u2)

chmod 755 "$t_dir"
# as_user USER CMD...: runs CMD with USER's ids and groups only.  Leak
# checking cannot work in a set-id process (LeakSanitizer needs ptrace).
as_user() {
	u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
		--reset-env env ASAN_OPTIONS=detect_leaks=0 "$@"
}
if ! as_user $u1 test -x "$t_dir"; then
	echo "crontab_root.sh: build tree not reachable by $u1, skipped"
	exit 77
fi

# the set-group-ID copy
mkdir "$t_dir/bin"
cp "$top_builddir/crontab/crontab" "$t_dir/bin/crontab" || exit 99
chgrp $grp "$t_dir/bin/crontab" && chmod 2755 "$t_dir/bin/crontab" || exit 99
sgid=$t_dir/bin/crontab
# run_sgid: run, minus the lines a sanitizer build prints at the exit of a
# set-id process ("==PID==LeakSanitizer has encountered a fatal error").
run_sgid() {
	run "$@"
	err=$(printf '%s\n' "$err" | grep -v '^==[0-9]*==')
}
ct=$top_builddir/crontab/crontab

good=$t_dir/good
printf '0 5 * * * echo good\n' >"$good"
chmod 644 "$good"

# --- -u is root's --------------------------------------------------------
run_sgid as_user $u1 "$sgid" -u $u2 -l
expect "-u by a user (set-gid)" 1 "" "crontab: must be privileged to use -u"
run_sgid as_user $u1 "$sgid" -u $u1 -T "$good"
expect "-u own name by a user" 1 "" "crontab: must be privileged to use -u"

# --- FILE the user cannot read -------------------------------------------
printf 'SECRET-LINE-ONE\nSECRET-LINE-TWO\n' >"$t_dir/other"
chown $u2 "$t_dir/other" && chmod 600 "$t_dir/other"
printf 'SECRET-GROUP-LINE\n' >"$t_dir/grpfile"
chown root:$grp "$t_dir/grpfile" && chmod 640 "$t_dir/grpfile"
for f in other grpfile; do
	for op in -T ""; do
		# shellcheck disable=SC2086
		run_sgid as_user $u1 "$sgid" $op "$t_dir/$f"
		expect "set-gid $op $f" 1 "" \
			"crontab: $t_dir/$f: Permission denied"
	done
done

# --- user mode: a spool the user owns ------------------------------------
mkdir "$t_dir/u1"
printf '[paths]\nspool = spool\nallow = cron.allow\ndeny = cron.deny\n' \
	>"$t_dir/u1/crond.conf"
mkdir "$t_dir/u1/spool"
chown -R $u1 "$t_dir/u1"
c1=$t_dir/u1/crond.conf
run_sgid as_user $u1 "$sgid" -C "$c1" "$good"
expect "user mode install (set-gid copy, -C drops)" 0 "" ""
f=$t_dir/u1/spool/$u1
[ "$(stat -c '%u %a' "$f")" = "$uid1 600" ] ||
	fail "user mode file: $(stat -c '%U:%G %a' "$f")"
[ "$(stat -c %g "$f")" = "$gid1" ] ||
	fail "user mode file group: $(stat -c %G "$f"), not the user's"
run as_user $u1 "$ct" -C "$c1" -l
expect "user mode list" 0 "$(cat "$good")" ""
run as_user $u1 "$ct" -C "$c1" -u $u2 -l
expect "user mode -u" 1 "" "crontab: must be privileged to use -u"
run as_user $u1 "$ct" -C "$c1" "$t_dir/other"
expect "user mode: unreadable FILE" 1 "" \
	"crontab: $t_dir/other: Permission denied"
run as_user $u1 env CROND_CONFIG="$c1" "$sgid" -l
expect "CROND_CONFIG drops too" 0 "$(cat "$good")" ""

# -e: the editor runs with the user's own ids and groups
cat >"$t_dir/ided" <<'ED'
#!/bin/sh
echo "# ids $(id -u) $(id -g) $(id -G)" >>"$1"
ED
chmod 755 "$t_dir/ided"
run as_user $u1 env EDITOR="$t_dir/ided" "$sgid" -C "$c1" -e
expect "-e as a user" 0 "" "crontab: installing new crontab"
grep -q "^# ids $uid1 $gid1 $gid1\$" "$f" ||
	fail "editor ids: $(grep '^# ids' "$f")"

# allow and deny
allow=$t_dir/u1/cron.allow
deny=$t_dir/u1/cron.deny
denied="crontab: you ($u1) are not allowed to use crontab; see crontab(1)"
l1=$(cat "$f")
printf '%s\n' $u2 >"$deny"
run as_user $u1 "$ct" -C "$c1" -l
expect "deny lists another" 0 "$l1" ""
printf '%s\n%s' $u2 $u1 >"$deny"
run as_user $u1 "$ct" -C "$c1" -l
expect "deny lists me, no last newline" 1 "" "$denied"
run as_user $u1 "$ct" -C "$c1" "$good"
expect "deny: install refused" 1 "" "$denied"
printf ' %s \n' $u1 >"$allow"
run as_user $u1 "$ct" -C "$c1" -l
expect "allow wins" 0 "$l1" ""
printf '%s\n' $u2 >"$allow"
run as_user $u1 "$ct" -C "$c1" -l
expect "allow lists another" 1 "" "$denied"
printf '%s\n' $u1 >"$allow"
chown root "$allow" && chmod 600 "$allow"
run as_user $u1 "$ct" -C "$c1" -l
expect "unreadable allow fails closed" 1 "" \
	"crontab: $allow: Permission denied
$denied"
rm -f "$allow" "$deny"
[ "$(cat "$f")" = "$l1" ] || fail "a refused user changed the crontab"

# --- root: -u installs for others; two users at once ----------------------
mkdir "$t_dir/r"
printf '[paths]\nspool = spool\n' >"$t_dir/r/crond.conf"
mkdir -m 1730 "$t_dir/r/spool"
cr=$t_dir/r/crond.conf
run "$ct" -C "$cr" -u $u1 "$good"
expect "root -u" 0 "" ""
[ "$(stat -c '%u %a' "$t_dir/r/spool/$u1")" = "$uid1 600" ] ||
	fail "root -u file: $(stat -c '%U:%G %a' "$t_dir/r/spool/$u1")"
if getent group crontab >/dev/null; then
	[ "$(stat -c %G "$t_dir/r/spool/$u1")" = crontab ] ||
		fail "root -u file group: $(stat -c %G "$t_dir/r/spool/$u1")"
fi

i=0
while [ $i -lt 10 ]; do
	for u in $u1 $u2; do
		awk -v n=$i -v u=$u 'BEGIN { for (l = 0; l < 1000; l++)
			printf "%d %d * * * %s %d line %d\n", l % 60, n, u, n, l }' \
			>"$t_dir/$u.$i"
	done
	i=$((i + 1))
done
pids=
i=0
while [ $i -lt 10 ]; do
	"$ct" -C "$cr" -u $u1 "$t_dir/$u1.$i" & pids="$pids $!"
	"$ct" -C "$cr" -u $u2 "$t_dir/$u2.$i" & pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait "$p" || fail "concurrent root -u install $p failed"
done
for u in $u1 $u2; do
	m=0
	i=0
	while [ $i -lt 10 ]; do
		cmp -s "$t_dir/$u.$i" "$t_dir/r/spool/$u" && m=$((m + 1))
		i=$((i + 1))
	done
	[ "$m" = 1 ] || fail "two users at once: $u's crontab matches $m"
done
names=$(ls -A "$t_dir/r/spool" | tr '\n' ' ')
[ "$names" = "$u1 $u2 " ] || fail "two users at once left: $names"
[ "$(stat -c %u "$t_dir/r/spool/$u2")" = "$uid2" ] ||
	fail "$u2's crontab owner"

t_done
