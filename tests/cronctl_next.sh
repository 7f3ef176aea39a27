#!/bin/sh
# tests/cronctl_next.sh: `cronctl next` as a user sees it: exact output of
# the real binary, its DST rules, and its refusals with exit status 2.
# TEST_WRAPPER (e.g. "valgrind -q --error-exitcode=99 --leak-check=full")
# runs the binary under a tool.
set -u
. "$top_srcdir/tests/lib.sh"

cronctl() {
	${TEST_WRAPPER:-} "$top_builddir/cronctl/cronctl" "$@"
}

t_init
unset TZ

# Lines of expected output.
lines() {
	printf '%s\n' "$@"
}

run cronctl next --tz UTC --from 2026-01-01T00:00:00Z '0 12 * * *'
expect "UTC, one by default" 0 "2026-01-01T12:00:00+00:00" ""

run cronctl next -n 3 --tz UTC --from '2026-05-01 00:00' '0 0 1 * mon'
expect "-n 3, day of month or day of week" 0 "$(lines \
	2026-05-04T00:00:00+00:00 \
	2026-05-11T00:00:00+00:00 \
	2026-05-18T00:00:00+00:00)" ""

run cronctl next -n 3 --tz America/New_York --from '2026-03-08 01:00' \
	'30 2 * * *'
expect "New York gap, fixed time" 0 "$(lines \
	2026-03-08T03:00:00-04:00 \
	2026-03-09T02:30:00-04:00 \
	2026-03-10T02:30:00-04:00)" ""

run cronctl next -n 3 --tz America/New_York --from '2026-03-08 01:00' \
	'30 * * * *'
expect "New York gap, wildcard" 0 "$(lines \
	2026-03-08T01:30:00-05:00 \
	2026-03-08T03:30:00-04:00 \
	2026-03-08T04:30:00-04:00)" ""

run cronctl next -n 3 --tz America/New_York --from '2026-11-01 00:00' \
	'30 1 * * *'
expect "New York fold, fixed time" 0 "$(lines \
	2026-11-01T01:30:00-04:00 \
	2026-11-02T01:30:00-05:00 \
	2026-11-03T01:30:00-05:00)" ""

run cronctl next -n 4 --tz America/New_York --from '2026-11-01 00:30' \
	'*/30 * * * *'
expect "New York fold, wildcard" 0 "$(lines \
	2026-11-01T01:00:00-04:00 \
	2026-11-01T01:30:00-04:00 \
	2026-11-01T01:00:00-05:00 \
	2026-11-01T01:30:00-05:00)" ""

run cronctl next -n 3 --tz UTC --from 2026-01-01 '0 0 30 2 *'
expect "never" 0 "never" ""

run cronctl next -n 3 --tz UTC --from 2027-01-01 '0 0 29 2 *'
expect "leap days" 0 "$(lines \
	2028-02-29T00:00:00+00:00 \
	2032-02-29T00:00:00+00:00 \
	2036-02-29T00:00:00+00:00)" ""

run cronctl next -n 3 --tz UTC --from 9999-12-31T23:58:00Z '* * * * *'
expect "never after the year 9999" 0 "$(lines \
	9999-12-31T23:59:00+00:00 never)" ""

# 10:00:00.5+02:00 is 08:00:00.5Z, so 08:00:00 is not after it.
run cronctl next -n 2 --tz Asia/Tokyo --from 2026-01-01T10:00:00.5+02:00 \
	'*/30 * * * * *'
expect "--from RFC 3339 with offset and fraction, seconds field" 0 "$(lines \
	2026-01-01T17:00:30+09:00 \
	2026-01-01T17:01:00+09:00)" ""

run cronctl next --tz America/New_York --from '2026-03-08T02:30' '* * * * *'
expect "--from in a gap means the gap's end" 0 \
	"2026-03-08T03:01:00-04:00" ""

run cronctl next --tz America/New_York --from '2026-11-01 01:30:00' \
	'* * * * *'
expect "--from in a fold means its first pass" 0 \
	"2026-11-01T01:31:00-04:00" ""

TZ=Europe/Berlin run cronctl next --from '2026-03-29 01:59' '0 * * * *'
expect "TZ from the environment" 0 "2026-03-29T03:00:00+02:00" ""

TZ= run cronctl next --from '2026-01-01 00:00' '0 * * * *'
expect "TZ empty means UTC" 0 "2026-01-01T01:00:00+00:00" ""

run cronctl next --tz Australia/Lord_Howe --json -n 2 \
	--from '2026-10-04 02:00' '15,45 2 * * *'
expect "--json, 30-minute shift" 0 '{"expr":"15,45 2 * * *",'\
'"zone":"Australia/Lord_Howe","from":"2026-10-04T02:30:00+11:00",'\
'"reboot":false,"next":["2026-10-04T02:45:00+11:00",'\
'"2026-10-05T02:15:00+11:00"],"never":false}' ""

run cronctl next --tz UTC --json --from 2026-01-01 '0 0 31 2 *'
expect "--json never" 0 '{"expr":"0 0 31 2 *","zone":"UTC",'\
'"from":"2026-01-01T00:00:00+00:00","reboot":false,"next":[],'\
'"never":true}' ""

run cronctl next --tz UTC '@reboot'
expect "@reboot" 0 "@reboot: runs once when crond starts at boot" ""

run cronctl next '61 * * * *'
expect "bad schedule" 2 "" \
	"cronctl: bad schedule '61 * * * *': minute: 61 is out of range 0-59"

run cronctl next --tz Foo/Bar '* * * * *'
expect "unknown zone" 2 "" "cronctl: unknown time zone 'Foo/Bar'"

run cronctl next -n 0 '* * * * *'
expect "-n 0" 2 "" "cronctl: bad count '0': too small (1-100000)"

run cronctl next -n 100001 '* * * * *'
expect "-n too large" 2 "" "cronctl: bad count '100001': too large (1-100000)"

run cronctl next --from '2026-02-29 10:00' '* * * * *'
expect "bad --from date" 2 "" \
	"cronctl: bad --from time '2026-02-29 10:00': day: 29 is out of range 1-28"

run cronctl next --from 'tomorrow' '* * * * *'
expect "bad --from text" 2 "" "cronctl: bad --from time 'tomorrow': expected \
YYYY-MM-DD HH:MM[:SS] or RFC 3339 (YYYY-MM-DDTHH:MM:SS+hh:mm)"

run cronctl next 0 0 '*' '*' '*'
expect "unquoted schedule" 2 "" \
	"cronctl: next: expected one schedule, got 5 arguments (quote the schedule)"

usage="usage: cronctl next [-n COUNT] [--from TIME] [--tz ZONE] [--json] EXPR
       cronctl -h"

run cronctl frobnicate
expect "unknown command" 2 "" "cronctl: unknown command 'frobnicate'
$usage"

run cronctl list
expect "daemon command" 2 "" \
	"cronctl: 'list' needs the daemon, not yet supported"

run cronctl
expect "no command" 2 "" "$usage"

run cronctl next --bogus '* * * * *'
expect "unknown option" 2 "" "cronctl next: unrecognized option '--bogus'
$usage"

run cronctl -C /dev/null next '* * * * *'
expect "no -C yet" 2 "" "cronctl: invalid option -- 'C'
$usage"

run cronctl -h
expect "-h" 0 "$usage" ""

t_done
