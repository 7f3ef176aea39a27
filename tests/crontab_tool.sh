#!/bin/sh
# tests/crontab_tool.sh: crontab(1) in user mode (-C naming a config whose
# spool lives under the build tree): install, list, remove, -T, FILE and
# stdin, refusals with every error and the old crontab kept, -e with a
# scripted EDITOR (retry prompt, no changes, an editor swapping in a
# symlink), concurrent installs, and kill -9 mid-install.  Run as root the
# same checks hold (root mode: root's own crontab).  TEST_WRAPPER runs the
# binary under a tool.
set -u
. "$top_srcdir/tests/lib.sh"

t_init
unset CROND_CONFIG VISUAL EDITOR TMPDIR
me=$(id -un)
conf=$t_dir/crond.conf
spool=$t_dir/spool
mkdir "$spool" "$t_dir/tmp" || exit 99
cat >"$conf" <<'CONF' || exit 99
[paths]
spool = spool
allow = cron.allow
deny = cron.deny
CONF

crontab() {
	${TEST_WRAPPER:-} "$top_builddir/crontab/crontab" -C "$conf" "$@"
}

# The spool's names, one a line; only "$me" may ever be there.
spool_names() {
	ls -A "$spool"
}

good="$t_dir/good"
printf '%s\n' 'MAILTO=""' '0 5 * * * echo good' >"$good"
good2="$t_dir/good2"
printf '%s\n' '*/5 * * * * echo two % line1%line2' >"$good2"
bad="$t_dir/bad"
printf '%s\n' '61 * * * * echo a' '# fine' '* * * * * echo ok' \
	'0 0 * * mon-xyz echo b' 'not a line' >"$bad"

# --- install, list, remove ---------------------------------------------
run crontab "$good"
expect "install FILE" 0 "" ""
run crontab -l
expect "list" 0 "$(cat "$good")" ""
cmp -s "$good" "$spool/$me" || fail "installed file differs from FILE"
mode=$(stat -c %a "$spool/$me")
[ "$mode" = 600 ] || fail "installed mode $mode, expected 600"
[ "$(stat -c %u "$spool/$me")" = "$(id -u)" ] ||
	fail "installed file not owned by $me"
[ "$(spool_names)" = "$me" ] || fail "spool holds: $(spool_names)"

run crontab - <"$good2"
expect "install from stdin" 0 "" ""
cmp -s "$good2" "$spool/$me" || fail "stdin install differs"

printf '0 1 * * * no newline at the end' >"$t_dir/nonl"
run crontab "$t_dir/nonl"
expect "last line without newline" 0 "" ""

run crontab "$t_dir/empty-does-not-exist"
expect "missing FILE" 1 "" \
	"crontab: $t_dir/empty-does-not-exist: No such file or directory"
cmp -s "$t_dir/nonl" "$spool/$me" || fail "missing FILE changed the crontab"

: >"$t_dir/empty"
run crontab "$t_dir/empty"
expect "empty crontab" 0 "" ""
run crontab -l
expect "list empty crontab" 0 "" ""

run crontab -r
expect "remove" 0 "" ""
[ -z "$(spool_names)" ] || fail "spool after -r: $(spool_names)"
run crontab -r
expect "remove none" 1 "" "crontab: no crontab for $me"
run crontab -l
expect "list none" 1 "" "crontab: no crontab for $me"

# -r -i: n, end of input and other answers keep the crontab; y removes
crontab "$good" || fail "install for -i"
q="crontab: really delete $me's crontab? (y/n) "
run crontab -r -i <<ANS
n
ANS
expect "-r -i answered n" 0 "" "$q"
[ -f "$spool/$me" ] || fail "-r -i n removed the crontab"
run crontab -r -i </dev/null
expect "-r -i end of input" 0 "" "$q"
[ -f "$spool/$me" ] || fail "-r -i EOF removed the crontab"
run crontab -r -i <<ANS
maybe
yes
ANS
expect "-r -i other, then yes" 0 "" "${q}Please answer y or n.
$q"
[ ! -e "$spool/$me" ] || fail "-r -i yes kept the crontab"

# --- checks and refusals -------------------------------------------------
errors="crontab: $bad:1: minute: 61 is out of range 0-59
crontab: $bad:4: day-of-week: unknown name 'xyz'
crontab: $bad:5: expected a schedule or NAME=value, got 'not a line'"
run crontab -T "$good"
expect "-T good" 0 "" ""
run crontab -T "$bad"
[ "$rc" = 1 ] || fail "-T bad: exit $rc"
[ "$(printf '%s\n' "$err" | grep -c "^crontab: $bad:[0-9]*: ")" = 3 ] ||
	fail "-T bad: expected 3 errors, got: $err"
printf '%s\n' "$err" | grep -q "^crontab: $bad:1: " ||
	fail "-T bad: no error for line 1: $err"
printf '%s\n' "$err" | grep -q "^crontab: $bad:4: " ||
	fail "-T bad: no error for line 4: $err"
printf '%s\n' "$err" | grep -q "^crontab: $bad:5: " ||
	fail "-T bad: no error for line 5: $err"
[ ! -e "$spool/$me" ] || fail "-T installed something"

crontab "$good" || fail "reinstall good"
run crontab "$bad"
[ "$rc" = 1 ] || fail "bad FILE: exit $rc"
[ "$(printf '%s\n' "$err" | grep -c "^crontab: $bad:[0-9]*: ")" = 3 ] ||
	fail "bad FILE: expected 3 errors, got: $err"
printf '%s\n' "$err" | tail -n 1 |
	grep -q "errors in crontab file, can't install" ||
	fail "bad FILE: no refusal line: $err"
cmp -s "$good" "$spool/$me" || fail "bad FILE changed the old crontab"

run crontab - <"$bad"
[ "$rc" = 1 ] || fail "bad stdin: exit $rc"
printf '%s\n' "$err" | grep -q "^crontab: (standard input):1: minute" ||
	fail "bad stdin: errors not named (standard input): $err"
cmp -s "$good" "$spool/$me" || fail "bad stdin changed the old crontab"

printf 'CRON_TZ=Europe/Berlin\n0 1 * * * a\nCRON_TZ=No/Such_Zone\n0 2 * * * b\n' \
	>"$t_dir/tz"
run crontab -T "$t_dir/tz"
[ "$rc" = 1 ] || fail "bad CRON_TZ: exit $rc"
printf '%s\n' "$err" | grep -q "^crontab: $t_dir/tz:3: CRON_TZ: " ||
	fail "bad CRON_TZ: no error on line 3: $err"

printf '0 1 * * * dos\r\n' >"$t_dir/dos"
run crontab "$t_dir/dos"
[ "$rc" = 1 ] || fail "CR line endings: exit $rc"
printf '%s\n' "$err" | grep -q "carriage return" ||
	fail "CR line endings: $err"

# over CT_FILE_MAX (1 MiB) is refused while reading, never truncated
head -c 1100000 /dev/zero | tr '\0' '#' >"$t_dir/huge"
run crontab "$t_dir/huge"
expect "too large" 1 "" "crontab: $t_dir/huge: larger than 1048576 bytes"
cmp -s "$good" "$spool/$me" || fail "huge FILE changed the old crontab"

# --- usage ---------------------------------------------------------------
for args in "" "-l -r" "-i -l" "-e $good" "-l extra" "-Z"; do
	# shellcheck disable=SC2086
	run crontab $args
	[ "$rc" = 1 ] || fail "usage '$args': exit $rc"
	case $err in
	*"usage: crontab"*) ;;
	*) fail "usage '$args': $err" ;;
	esac
done
run "$top_builddir/crontab/crontab" -C "$t_dir/nonexistent.conf" -l
expect "missing config" 1 "" \
	"crontab: $t_dir/nonexistent.conf: No such file or directory"
printf '[paths]\nspool = s\nbogus = 1\n' >"$t_dir/bad.conf"
run "$top_builddir/crontab/crontab" -C "$t_dir/bad.conf" -l
expect "bad config" 1 "" \
	"crontab: $t_dir/bad.conf:3: unknown key 'bogus' in [paths]"
run env CROND_CONFIG="$t_dir/bad.conf" "$top_builddir/crontab/crontab" -l
expect "bad \$CROND_CONFIG" 1 "" \
	"crontab: $t_dir/bad.conf:3: unknown key 'bogus' in [paths]"
if [ "$(id -u)" = 0 ]; then
	run crontab -u tcron-no-such-user -l
	expect "-u unknown user" 1 "" \
		"crontab: user 'tcron-no-such-user' unknown"
else
	run crontab -u "$me" -l
	expect "-u by a user" 1 "" "crontab: must be privileged to use -u"
fi

# --- -e ----------------------------------------------------------------
export TMPDIR="$t_dir/tmp"
crontab "$good" || fail "install before -e"

run env EDITOR="sed -i s/good/edited/" "$top_builddir/crontab/crontab" \
	-C "$conf" -e
expect "-e with sed" 0 "" "crontab: installing new crontab"
[ "$(crontab -l)" = "$(sed s/good/edited/ "$good")" ] ||
	fail "-e: installed $(crontab -l)"

run env EDITOR=true "$top_builddir/crontab/crontab" -C "$conf" -e
expect "-e unchanged" 0 "" "crontab: no changes made to crontab"

# VISUAL wins over EDITOR; EDITOR may carry arguments
run env VISUAL="sed -i s/edited/visual/" EDITOR=false \
	"$top_builddir/crontab/crontab" -C "$conf" -e
expect "-e with VISUAL" 0 "" "crontab: installing new crontab"
crontab -l | grep -q visual || fail "-e VISUAL not used"

run env EDITOR=false "$top_builddir/crontab/crontab" -C "$conf" -e
expect "-e editor fails" 1 "" 'crontab: "false" exited with status 1'
crontab -l | grep -q visual || fail "failed editor changed the crontab"

cat >"$t_dir/breaker" <<'ED'
#!/bin/sh
sed -i '1s/^/99 /' "$1"
ED
chmod +x "$t_dir/breaker"
prompt="crontab: errors in crontab file, can't install. Do you want to retry the same edit? (y/n) "
before=$(crontab -l)
run env EDITOR="$t_dir/breaker" "$top_builddir/crontab/crontab" \
	-C "$conf" -e <<ANS
n
ANS
[ "$rc" = 1 ] || fail "-e retry n: exit $rc"
case $err in
*"minute: 99 is out of range"*"$prompt") ;;
*) fail "-e retry n: errors then prompt expected, got: $err" ;;
esac
[ "$(crontab -l)" = "$before" ] || fail "-e retry n changed the crontab"

run env EDITOR="$t_dir/breaker" "$top_builddir/crontab/crontab" \
	-C "$conf" -e </dev/null
[ "$rc" = 1 ] || fail "-e retry EOF: exit $rc"
case $err in
*"$prompt") ;;
*) fail "-e retry EOF: prompt expected, got: $err" ;;
esac
[ "$(crontab -l)" = "$before" ] || fail "-e retry EOF changed the crontab"

# y: the editor runs again on the same file; the second run fixes it
cat >"$t_dir/editor2" <<'ED'
#!/bin/sh
n=$(cat "$COUNT" 2>/dev/null || echo 0)
echo $((n + 1)) >"$COUNT"
if [ "$n" = 0 ]; then
	sed -i '1s/^/99 /' "$1"
else
	grep -q '^99 ' "$1" || exit 3	# not the same file
	sed -i '1s/^99 //; s/visual/retried/' "$1"
fi
ED
chmod +x "$t_dir/editor2"
run env COUNT="$t_dir/count" EDITOR="$t_dir/editor2" \
	"$top_builddir/crontab/crontab" -C "$conf" -e <<ANS
what
y
ANS
[ "$rc" = 0 ] || fail "-e retry y: exit $rc: $err"
[ "$(cat "$t_dir/count")" = 2 ] || fail "-e retry y: editor ran $(cat "$t_dir/count") times"
case $err in
*"${prompt}Please answer y or n.
${prompt}crontab: installing new crontab") ;;
*) fail "-e retry y: $err" ;;
esac
crontab -l | grep -q retried || fail "-e retry y: not installed"

# an editor that replaces the file (write new, rename over) is fine
run env EDITOR='f() { sed s/retried/renamed/ "$1" >"$1.new" && mv "$1.new" "$1"; }; f' \
	"$top_builddir/crontab/crontab" -C "$conf" -e
expect "-e editor renames" 0 "" "crontab: installing new crontab"
crontab -l | grep -q renamed || fail "-e rename: not installed"

# an editor that swaps the file for a symlink to another file: refused,
# and the other file's content never shows
printf '0 0 * * * SECRET-OTHER-USER-JOB\n' >"$t_dir/victim"
before=$(crontab -l)
run env EDITOR="ln -sf $t_dir/victim" "$top_builddir/crontab/crontab" \
	-C "$conf" -e
[ "$rc" = 1 ] || fail "-e symlink: exit $rc"
case $err in
*"is a symbolic link, not installed"*) ;;
*) fail "-e symlink: $err" ;;
esac
case $out$err in
*SECRET*) fail "-e symlink leaked the other file" ;;
esac
[ "$(crontab -l)" = "$before" ] || fail "-e symlink changed the crontab"
# a hard link instead of a symlink
run env EDITOR="f() { rm -f \"\$1\"; ln $t_dir/victim \"\$1\"; }; f" \
	"$top_builddir/crontab/crontab" -C "$conf" -e
[ "$rc" = 1 ] || fail "-e hard link: exit $rc ($err)"
[ "$(crontab -l)" = "$before" ] || fail "-e hard link changed the crontab"

# no crontab yet: the template, unchanged, installs nothing
crontab -r
run env EDITOR=true "$top_builddir/crontab/crontab" -C "$conf" -e
expect "-e template unchanged" 0 "" "crontab: no changes made to crontab"
[ -z "$(spool_names)" ] || fail "-e template installed: $(spool_names)"
cat >"$t_dir/append" <<'ED'
#!/bin/sh
echo '0 3 * * * night' >>"$1"
ED
chmod +x "$t_dir/append"
run env EDITOR="$t_dir/append" "$top_builddir/crontab/crontab" -C "$conf" -e
expect "-e from template" 0 "" "crontab: installing new crontab"
crontab -l | grep -q '^0 3 \* \* \* night$' || fail "-e template: $(crontab -l)"

[ -z "$(ls -A "$t_dir/tmp")" ] || fail "-e left temporary files: $(ls -A "$t_dir/tmp")"

# --- concurrency -------------------------------------------------------
i=0
pids=
while [ $i -lt 20 ]; do
	# distinct, and large enough that a torn write would show
	awk -v n=$i 'BEGIN { for (l = 0; l < 2000; l++)
		printf "%d %d * * * job %d line %d\n", l % 60, n, n, l }' \
		>"$t_dir/c$i"
	i=$((i + 1))
done
i=0
while [ $i -lt 20 ]; do
	crontab "$t_dir/c$i" &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait "$p" || fail "concurrent install $p failed"
done
match=0
i=0
while [ $i -lt 20 ]; do
	cmp -s "$t_dir/c$i" "$spool/$me" && match=$((match + 1))
	i=$((i + 1))
done
[ "$match" = 1 ] || fail "after 20 concurrent installs, matches: $match"
[ "$(spool_names)" = "$me" ] || fail "concurrent installs left: $(spool_names)"

# --- kill -9 while reading a FILE --------------------------------------
crontab "$good" || fail "install before kill"
mkfifo "$t_dir/fifo" || exit 99
"$top_builddir/crontab/crontab" -C "$conf" "$t_dir/fifo" &
pid=$!
exec 3>"$t_dir/fifo"
printf '0 1 * * * half a crontab\n0 2 * * ' >&3
sleep 1
kill -9 "$pid"
wait "$pid" 2>/dev/null
exec 3>&-
cmp -s "$good" "$spool/$me" || fail "kill -9 changed the old crontab"
[ "$(spool_names)" = "$me" ] || fail "kill -9 left: $(spool_names)"

# kill -9 while the editor runs: the crontab is untouched; only the
# editor's own temporary file (not in the spool) can stay
cat >"$t_dir/killer" <<'ED'
#!/bin/sh
# kill -9 the crontab that runs us (the shell between may or may not be)
p=$PPID
while [ "$p" -gt 1 ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" != crontab ]
do
	p=$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null || echo 1)
done
[ "$p" -gt 1 ] && kill -9 "$p"
sleep 1
ED
chmod +x "$t_dir/killer"
run env EDITOR="$t_dir/killer" "$top_builddir/crontab/crontab" -C "$conf" -e
[ "$rc" = 137 ] || [ ! -d /proc/self ] || fail "kill -9 in -e: exit $rc"
cmp -s "$good" "$spool/$me" || fail "kill -9 in -e changed the crontab"
[ "$(spool_names)" = "$me" ] || fail "kill -9 in -e left: $(spool_names)"

# --- allow and deny (a non-root caller; root is always allowed) ----------
access_checks() {
	allow=$t_dir/cron.allow
	deny=$t_dir/cron.deny
	rm -f "$allow" "$deny"
	run crontab -l
	expect "neither file" 0 "$(cat "$good")" ""
	denied="crontab: you ($me) are not allowed to use crontab; see crontab(1)"
	printf 'someone\n  %s  \n' "$me" >"$deny"
	run crontab -l
	expect "deny lists me (blanks trimmed)" 1 "" "$denied"
	printf '# %s\nsomeone\n' "$me" >"$deny"
	run crontab -l
	expect "deny: comment is no entry" 0 "$(cat "$good")" ""
	printf 'someone\n%s' "$me" >"$deny"
	run crontab -l
	expect "deny: last line without newline" 1 "" "$denied"
	printf 'someone\n' >"$allow"
	run crontab -l
	expect "allow without me" 1 "" "$denied"
	printf '\nsomeone\n%s' "$me" >"$allow"
	run crontab -l
	expect "allow wins over deny" 0 "$(cat "$good")" ""
	run crontab "$good2"
	expect "allow: install" 0 "" ""
	chmod 000 "$allow"
	run crontab -l
	expect "unreadable allow fails closed" 1 "" \
		"crontab: $allow: Permission denied
$denied"
	rm -f "$allow"
	chmod 000 "$deny"
	run crontab -l
	expect "unreadable deny fails closed" 1 "" \
		"crontab: $deny: Permission denied
$denied"
	rm -f "$deny"
	# -T needs no permission: it touches no spool
	printf '%s\n' "$me" >"$deny"
	run crontab -T "$good"
	expect "-T when denied" 0 "" ""
	rm -f "$deny"
}
if [ "$(id -u)" != 0 ]; then
	access_checks
fi

t_done
