# tests/crond_lib.sh: running the real crond in the shell tests, sourced
# after lib.sh.  crond_setup DIR writes a config whose every path is under
# DIR (spool, cron.d, state, history, pidfile, socket; no mailer), so the
# daemon never touches /etc, /var or /run; crond_start runs it in the
# foreground with its log (stderr) in DIR/log and waits for its STARTUP
# line; crond_stop ends it by its pid.  In user mode (not root) it serves
# the invoking user; as root it is in root mode on the same private paths.
# The binary is $CROND (default: the build's crond/crond); the tests run
# once per backend: crond_backends lists the binaries that exist.

me=$(id -un)
crond_pid=

crond_backends() {
	for b in "$top_builddir/crond/crond" "$top_builddir/tests/crond_poll"; do
		[ -x "$b" ] && echo "$b"
	done
}

# crond_setup DIR: a fresh config and folders under DIR.
crond_setup() {
	d=$1
	mkdir -p "$d/spool" "$d/cron.d" "$d/state" || exit 99
	chmod 0700 "$d/spool"
	cat >"$d/crond.conf" <<EOF || exit 99
[paths]
spool = spool
crontab = crontab
cron.d = cron.d
state = state
history = hist/history
socket = crond.sock
pidfile = crond.pid
localtime = ${CROND_TEST_LOCALTIME:-/etc/localtime}
[daemon]
mailer = off
log-level = debug
EOF
}

# install_tab DIR TEXT: the invoking user's crontab, as crontab(1) would
# (a temporary file renamed into place, mode 0600).
install_tab() {
	printf '%s\n' "$2" >"$1/spool/.new.$me" || exit 99
	chmod 0600 "$1/spool/.new.$me"
	mv -f "$1/spool/.new.$me" "$1/spool/$me"
}

# crond_start DIR [ARGS]: starts $CROND -f on DIR's config; waits for
# STARTUP (5 s at most).
crond_start() {
	d=$1
	shift
	: >"$d/log"
	"$CROND" -f -C "$d/crond.conf" "$@" 2>>"$d/log" &
	crond_pid=$!
	wait_for 5 grep -q STARTUP "$d/log" || {
		fail "crond did not start: $(cat "$d/log")"
		return 1
	}
}

# crond_stop [SIGNAL]: ends the daemon by its pid and reaps it; leaves
# its exit status in $crond_rc.
crond_stop() {
	[ -n "$crond_pid" ] || return 0
	kill -"${1:-TERM}" "$crond_pid" 2>/dev/null
	crond_rc=0
	wait "$crond_pid" || crond_rc=$?
	crond_pid=
}

# wait_for SECONDS CMD...: retries CMD every 50 ms until it succeeds.
wait_for() {
	_wf_n=$(($1 * 20))
	shift
	while [ "$_wf_n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.05
		_wf_n=$((_wf_n - 1))
	done
	return 1
}

# log_has DIR TEXT: the daemon's log holds a line containing TEXT.
log_has() {
	grep -qF -- "$2" "$1/log"
}

# hist_field FILE N: field N of every history line.
hist_field() {
	cut -f "$2" "$1"
}

# crond_cleanup: the exit trap: the daemon by pid, then the folder.
crond_cleanup() {
	if [ -n "$crond_pid" ]; then
		kill -KILL "$crond_pid" 2>/dev/null
		wait "$crond_pid" 2>/dev/null
	fi
	t_cleanup
}

# log_count_gt DIR TEXT N: more than N lines of the log contain TEXT (for
# wait_for, which runs it again each time).
log_count_gt() {
	[ "$(grep -cF -- "$2" "$1/log")" -gt "$3" ]
}

# crond_checks CHECK...: runs each check function once per backend, each on
# a fresh folder ($t_dir/N) with CROND set, ending any daemon it left.
crond_checks() {
	for b in $(crond_backends); do
		CROND=$b
		_cc_n=0
		for _cc in "$@"; do
			_cc_n=$((_cc_n + 1))
			crond_setup "$t_dir/$_cc_n"
			$_cc "$t_dir/$_cc_n"
			crond_stop KILL
		done
		rm -rf "$t_dir"/[0-9]*
	done
	[ -n "$(crond_backends)" ] || fail "no crond binary"
}
