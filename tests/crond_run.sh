#!/bin/sh
# tests/crond_run.sh: the real crond on private folders, once per event
# backend, without waiting for a minute boundary: @reboot jobs run at the
# first start on a fresh state folder, which is all these checks need.
#   - a job's process: own session, empty signal mask, fds 0-2 only, cwd
#     HOME, the clean environment; CMD and CMDEND logged; no zombie left
#   - history: a start and an end line of 12 fields for the run, well formed
#   - @reboot once per boot: a restart on the same state does not run it
#   - an edit of the crontab is loaded without a signal (RELOAD)
#   - SIGHUP re-reads every file
#   - SIGTERM waits for a running job, records it, exits 0; a second
#     SIGTERM exits at once, and the next start records the run lost
#   - output kept under the state folder when there is no mailer
#   - a second crond on the same pidfile is refused
#   - output mailed through the mailer with cron's arguments and headers,
#     or logged line by line with -s
#   - max-jobs = 1 runs jobs due together one after the other
#   - a job whose set-up fails (no HOME) is logged and recorded, never run
#   - a burst of 200 jobs due together: all start and end, crond lives on
#   - out of descriptors, jobs wait for running ones to end; none is lost
#   - a history that could not be opened is opened by SIGHUP and then used
set -u
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/crond_lib.sh"

t_init
trap crond_cleanup EXIT
probe=$top_builddir/tests/job_probe
home=$(getent passwd "$me" | cut -d: -f6)

# probe_value FILE KEY: the value of KEY= in a job_probe report.
probe_value() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

check_job_process() {
	d=$1
	install_tab "$d" "SHELL=$probe
MAILTO=
@reboot $d/probe1"
	crond_start "$d" || return
	wait_for 5 grep -q '^env=' "$d/probe1" ||
		{ fail "$b: @reboot job did not run: $(cat "$d/log")"; return; }
	wait_for 5 grep -q CMDEND "$d/log" || fail "$b: no CMDEND"
	log_has "$d" "($me) CMD ($d/probe1)" || fail "$b: no CMD line"
	log_has "$d" "($me) CMDEND ($d/probe1)" || fail "$b: no CMDEND line"
	[ "$(probe_value "$d/probe1" fds)" = "0,1,2" ] ||
		fail "$b: job fds: $(probe_value "$d/probe1" fds)"
	[ "$(probe_value "$d/probe1" blocked)" = "" ] ||
		fail "$b: job signal mask: $(probe_value "$d/probe1" blocked)"
	[ "$(probe_value "$d/probe1" sid)" = "$(probe_value "$d/probe1" pid)" ] ||
		fail "$b: job not in its own session"
	[ "$(probe_value "$d/probe1" cwd)" = "$home" ] ||
		fail "$b: job cwd $(probe_value "$d/probe1" cwd), not $home"
	for v in "SHELL=$probe" "HOME=$home" "LOGNAME=$me" "USER=$me" \
	    "PATH=/usr/bin:/bin"; do
		grep -qx "env=$v" "$d/probe1" || fail "$b: job env lacks $v"
	done
	# history: start then end of one run
	h=$d/hist/history
	wait_for 5 grep -q "	end	" "$h" || fail "$b: no end in history"
	[ "$(wc -l <"$h")" -eq 2 ] || fail "$b: history: $(cat "$h")"
	awk -F '\t' 'NF != 12 { bad = 1 } END { exit bad }' "$h" ||
		fail "$b: history lines without 12 fields: $(cat "$h")"
	[ "$(hist_field "$h" 2 | tr '\n' ' ')" = "start end " ] ||
		fail "$b: history events: $(hist_field "$h" 2)"
	[ "$(hist_field "$h" 4 | sort -u)" = "$me:3" ] ||
		fail "$b: history job: $(hist_field "$h" 4)"
	[ "$(hist_field "$h" 5 | sort -u | wc -l)" -eq 1 ] ||
		fail "$b: history run ids differ"
	[ "$(hist_field "$h" 7 | sort -u)" = "reboot" ] ||
		fail "$b: history trigger: $(hist_field "$h" 7)"
	[ "$(tail -n 1 "$h" | cut -f 10,11)" = "ok	0" ] ||
		fail "$b: history outcome: $(tail -n 1 "$h")"
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}Z	' "$h" ||
		fail "$b: history time format: $(head -n 1 "$h")"
	# no zombie child
	sleep 0.2
	if ps -o stat= --ppid "$crond_pid" 2>/dev/null | grep -q Z; then
		fail "$b: zombie children of crond"
	fi
	# a second daemon on the same pidfile
	run "$CROND" -f -C "$d/crond.conf"
	expect "$b: second crond" 1 "" "crond: already running (pid $crond_pid)"
	crond_stop
	[ "$crond_rc" = 0 ] || fail "$b: crond exit status $crond_rc"
	log_has "$d" "(CRON) SHUTDOWN (exiting)" || fail "$b: no SHUTDOWN"
	# same boot, same state: @reboot does not run again
	rm -f "$d/probe1"
	crond_start "$d" || return
	sleep 0.5
	[ ! -e "$d/probe1" ] || fail "$b: @reboot ran again on a restart"
	crond_stop
}

check_reload() {
	d=$1
	install_tab "$d" "MAILTO=
0 0 1 1 * true"
	crond_start "$d" || return
	n=$(grep -c RELOAD "$d/log")
	install_tab "$d" "MAILTO=
0 0 1 1 * false"
	wait_for 3 log_count_gt "$d" RELOAD "$n" ||
		fail "$b: an edit was not loaded without a signal"
	n=$(grep -c RELOAD "$d/log")
	kill -HUP "$crond_pid"
	wait_for 3 log_count_gt "$d" RELOAD "$n" ||
		fail "$b: SIGHUP did not re-read the crontab"
	crond_stop
}

check_term() {
	d=$1
	install_tab "$d" "MAILTO=
@reboot sleep 1; echo done >$d/done; echo some output"
	crond_start "$d" || return
	wait_for 5 log_has "$d" "CMD (sleep" || fail "$b: job not started"
	kill -TERM "$crond_pid"
	sleep 0.3
	kill -0 "$crond_pid" 2>/dev/null ||
		fail "$b: crond did not wait for its running job"
	wait_for 5 test -e "$d/done" || fail "$b: the job did not finish"
	crond_stop
	[ "$crond_rc" = 0 ] || fail "$b: exit status $crond_rc after SIGTERM"
	[ "$(tail -n 1 "$d/hist/history" | cut -f 2,10)" = "end	ok" ] ||
		fail "$b: the run was not recorded: $(cat "$d/hist/history")"
	grep -rq "some output" "$d/state/output" ||
		fail "$b: output not kept under the state folder"
	log_has "$d" "SHUTDOWN (waiting for 1 jobs)" ||
		fail "$b: no SHUTDOWN (waiting...) line"
}

check_lost() {
	d=$1
	install_tab "$d" "MAILTO=
@reboot exec sleep 30"
	crond_start "$d" || return
	wait_for 5 grep -q "	start	" "$d/hist/history" || fail "$b: no start"
	jobpid=$(cut -f 9 "$d/hist/history")
	run_id=$(cut -f 5 "$d/hist/history")
	kill -TERM "$crond_pid"
	sleep 0.2
	kill -TERM "$crond_pid"
	wait_for 3 sh -c "! kill -0 $crond_pid" ||
		fail "$b: a second SIGTERM did not end crond"
	crond_stop KILL
	kill -0 "$jobpid" 2>/dev/null || fail "$b: the job did not survive"
	kill -KILL "$jobpid" 2>/dev/null
	crond_start "$d" || return
	grep -q "^[^	]*	end	$me	$me:2	$run_id	.*	lost	" "$d/hist/history" ||
		fail "$b: run $run_id not recorded lost: $(cat "$d/hist/history")"
	crond_stop
}

# Output mailed through the configured mailer (a script that keeps its
# arguments and message), with cron's headers; and with -s, to the log.
check_mail() {
	d=$1
	printf '#!/bin/sh\nprintf "%%s\\n" "$*" >"%s/mail.args"\ncat >"%s/mail.msg"\n' \
	    "$d" "$d" >"$d/sendmail"
	chmod 755 "$d/sendmail"
	sed -i "s|^mailer = off|mailer = $d/sendmail|" "$d/crond.conf"
	install_tab "$d" "MAILTO=ops@example.org
@reboot echo hello from the job; echo second line"
	crond_start "$d" || return
	wait_for 5 grep -q "second line" "$d/mail.msg" ||
		{ fail "$b: no mail: $(cat "$d/log")"; return; }
	[ "$(cat "$d/mail.args")" = "-FCronDaemon -i -B8BITMIME -oem -t" ] ||
		fail "$b: mailer arguments: $(cat "$d/mail.args")"
	grep -qx "To: ops@example.org" "$d/mail.msg" || fail "$b: no To header"
	grep -q "^Subject: Cron <$me@[^>]*> echo hello from the job" \
	    "$d/mail.msg" || fail "$b: Subject: $(grep Subject "$d/mail.msg")"
	grep -qx "hello from the job" "$d/mail.msg" || fail "$b: no body"
	[ -z "$(ls "$d/state/output")" ] || fail "$b: mailed output kept too"
	crond_stop
	# -s: each line to the log, not mailed
	rm -f "$d/mail.msg" "$d/state/boot-id"
	crond_start "$d" -s || return
	wait_for 5 log_has "$d" "($me) CMDOUT (second line)" ||
		fail "$b: -s: no CMDOUT: $(cat "$d/log")"
	log_has "$d" "($me) CMDOUT (hello from the job)" ||
		fail "$b: -s: first line not logged"
	[ ! -e "$d/mail.msg" ] || fail "$b: -s: output mailed too"
	crond_stop
}

# A job whose set-up fails in its child (HOME missing) never runs: an
# ERROR naming the step, a history error line, no CMD, no zombie.
check_bad_home() {
	d=$1
	install_tab "$d" "MAILTO=
HOME=$d/nonexistent
@reboot touch $d/ran"
	crond_start "$d" || return
	wait_for 5 grep -q "	error	" "$d/hist/history" ||
		{ fail "$b: no error in history: $(cat "$d/log")"; return; }
	log_has "$d" "($me) ERROR (cannot run $me:3: chdir $d/nonexistent: No such file or directory)" ||
		fail "$b: set-up failure not logged: $(cat "$d/log")"
	[ "$(cut -f 2,10 "$d/hist/history")" = "error	fail" ] ||
		fail "$b: history: $(cat "$d/hist/history")"
	! log_has "$d" "CMD (" || fail "$b: CMD logged for a job that never ran"
	[ ! -e "$d/ran" ] || fail "$b: the job ran without its HOME"
	sleep 0.2
	if ps -o stat= --ppid "$crond_pid" 2>/dev/null | grep -q Z; then
		fail "$b: zombie children of crond"
	fi
	crond_stop
}

# A burst: 200 jobs due together, each quick, some with output; every one
# starts and ends in the history and crond is still there.
check_burst() {
	d=$1
	tab="MAILTO="
	i=0
	while [ $i -lt 100 ]; do
		tab="$tab
@reboot true
@reboot echo $i"
		i=$((i + 1))
	done
	install_tab "$d" "$tab"
	crond_start "$d" || return
	wait_for 20 ends "$d/hist/history" 200 ||
		fail "$b: burst: $(grep -c "	end	" "$d/hist/history") of 200 ended"
	kill -0 "$crond_pid" 2>/dev/null || fail "$b: crond died in a burst"
	[ "$(grep -c "	start	" "$d/hist/history")" = 200 ] ||
		fail "$b: burst: not 200 starts"
	crond_stop
	[ "$crond_rc" = 0 ] || fail "$b: burst: exit status $crond_rc"
}

# Out of descriptors (ulimit -n 32, 40 jobs of 0.3 s due together): the
# jobs that cannot start yet wait for running ones to end; none is lost.
check_starved() {
	d=$1
	tab="MAILTO="
	i=0
	while [ $i -lt 40 ]; do
		tab="$tab
@reboot sleep 0.3"
		i=$((i + 1))
	done
	install_tab "$d" "$tab"
	: >"$d/log"
	(ulimit -n 32 && exec "$CROND" -f -C "$d/crond.conf") 2>>"$d/log" &
	crond_pid=$!
	wait_for 20 ends "$d/hist/history" 40 ||
		fail "$b: starved: $(grep -c "	end	" "$d/hist/history") of 40 ended: $(tail -n 3 "$d/log")"
	log_has "$d" "jobs wait for one of the" ||
		fail "$b: starved: no shortage logged (did it run short?)"
	! grep -q "	error	" "$d/hist/history" ||
		fail "$b: starved: a job was given up: $(grep "	error	" "$d/hist/history" | head -n 1)"
	crond_stop
}

# A history that cannot be opened at start (a folder in its place) is
# logged; once it can, SIGHUP opens it and the runs are recorded from then.
check_hist_reopen() {
	d=$1
	mkdir -p "$d/hist/history"
	install_tab "$d" "MAILTO=
@reboot sleep 1"
	crond_start "$d" || return
	log_has "$d" "(CRON) ERROR ($d/hist/history" ||
		fail "$b: unopenable history not logged: $(cat "$d/log")"
	wait_for 5 log_has "$d" "CMD (sleep 1)" || fail "$b: job not started"
	rmdir "$d/hist/history"
	kill -HUP "$crond_pid"
	wait_for 5 grep -q "	end	" "$d/hist/history" ||
		fail "$b: history not written after SIGHUP: $(cat "$d/log")"
	crond_stop
}

# ends FILE: the number of end lines in a history.
ends() {
	[ "$(grep -c "	end	" "$1" 2>/dev/null)" = "$2" ]
}

# max-jobs = 1: three jobs due together start one after the other.
check_max_jobs() {
	d=$1
	printf 'max-jobs = 1\n' >>"$d/crond.conf"
	install_tab "$d" "MAILTO=
@reboot sleep 0.3
@reboot sleep 0.3
@reboot sleep 0.3"
	crond_start "$d" || return
	wait_for 5 ends "$d/hist/history" 3 ||
		{ fail "$b: max-jobs: not 3 ends: $(cat "$d/hist/history")"; return; }
	# Each start comes after the previous end.
	cut -f 2 "$d/hist/history" | awk '
	    $1 == "start" { if (running) bad = 1; running = 1 }
	    $1 == "end" { running = 0 }
	    END { exit bad }' ||
		fail "$b: max-jobs = 1 ran jobs together: $(cat "$d/hist/history")"
	crond_stop
}

crond_checks check_job_process check_reload check_term check_lost \
    check_mail check_max_jobs check_bad_home check_burst check_starved \
    check_hist_reopen
t_done
