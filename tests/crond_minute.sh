#!/bin/sh
# tests/crond_minute.sh: the one test that waits for a real minute
# boundary, shared by every check that needs one.  One crond per event
# backend, started together, each with:
#   - `* * * * *`: must start within its due second (lateness printed)
#   - a CRON_TZ=Asia/Kathmandu (+05:45) line naming the boundary's minute
#     in that zone: must run at the same instant
#   - a line for another minute: must not run
# and the history's due field must be the boundary, trigger schedule.
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/crond_lib.sh"

t_init
pids=
trap 'for p in $pids; do kill -KILL "$p" 2>/dev/null; done; crond_cleanup' EXIT

# The boundary to wait for: the next one at least 3 s away.
now=$(date +%s)
next=$(( (now / 60 + 1) * 60 ))
[ $((next - now)) -ge 3 ] || next=$((next + 60))
ktm=$(TZ=Asia/Kathmandu date -d "@$next" +%M)
ktm=${ktm#0}
other=$(( (ktm + 30) % 60 ))

for b in $(crond_backends); do
	d=$t_dir/${b##*/}
	crond_setup "$d"
	install_tab "$d" "MAILTO=
* * * * * date +\%s.\%N >>$d/every
CRON_TZ=Asia/Kathmandu
$ktm * * * * date +\%s.\%N >>$d/kathmandu
$other * * * * date +\%s.\%N >>$d/other"
	CROND=$b
	crond_start "$d" || continue
	pids="$pids $crond_pid"
	crond_pid=
done
[ -n "$pids" ] || { fail "no crond started"; t_done; }

# The wait: until the boundary, then until both jobs wrote.
sleep $((next - $(date +%s)))
for b in $(crond_backends); do
	d=$t_dir/${b##*/}
	for f in every kathmandu; do
		wait_for 10 test -s "$d/$f" ||
			{ fail "${b##*/}: $f job did not run: $(cat "$d/log")"; continue; }
		t=$(head -n 1 "$d/$f")
		sec=${t%.*}
		[ "$sec" = "$next" ] ||
			fail "${b##*/}: $f job started at $t, due $next"
		us=$(printf '%s\n' "${t#*.}" | cut -c 1-6 | sed 's/^0*//')
		echo "${b##*/}: $f job started ${us:-0} us after its second"
	done
	[ ! -e "$d/other" ] || fail "${b##*/}: the job for minute $other ran"
	h=$d/hist/history
	wait_for 5 grep -q "	end	" "$h" || fail "${b##*/}: no end in history"
	due=$(date -u -d "@$next" +%Y-%m-%dT%H:%M:%S.000000Z)
	[ "$(grep "	start	" "$h" | cut -f 7,8 | sort -u)" = "schedule	$due" ] ||
		fail "${b##*/}: history trigger/due: $(cat "$h")"
done
for p in $pids; do
	kill -TERM "$p"
	wait "$p" || fail "crond $p exit status $?"
done
t_done
