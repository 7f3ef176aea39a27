# tests/syslog.sh: a private syslog for the shell tests, sourced after
# lib.sh.  syslog_start runs tests/syslog_sink on a socket under $t_dir;
# syslog_run and syslog_exec run a command in a private mount namespace
# (root only) whose /dev/log is that socket, so its syslog(3) lines land in
# the sink's output, one a line: "cron.info: crontab[42]: (root) LIST (root)"
# (see syslog_sink.c).  Nothing outside the namespace changes: /dev is
# never written.  A test calls syslog_require first, and syslog_stop in its
# exit trap; the sink is ended by its pid only.
#
# glibc's syslog(3) always sends to /dev/log (_PATH_LOG).  When that is
# a socket the namespace bind-mounts the sink over it.  When it is missing
# (no syslog daemon, as on most CI machines) a bind mount has no target,
# and when it is a symlink (systemd's) the mount would land on the target,
# wherever that is; then the namespace lays a read-only overlay over /dev
# whose top layer holds an empty file "log", puts back the mounts the
# overlay hides (/dev/pts, /dev/shm, ...) from a recursive bind of the old
# /dev, and bind-mounts the sink over the new /dev/log.  The namespace
# ends when its last process exits.

syslog_sink=$top_builddir/tests/syslog_sink
syslog_pid=
syslog_sock=
syslog_out=

# Runs in the new namespace: $1 the socket, $2 a folder for the layers,
# then the command, which replaces the shell.
syslog_ns_script='
set -e
sock=$1
dir=$2
shift 2
if [ ! -e /dev/log ] || [ -L /dev/log ]; then
	case $dir in
	*[,:]*)	echo "syslog.sh: $dir: a , or : breaks overlay options" >&2
		exit 99 ;;
	esac
	mkdir -p "$dir/top" "$dir/old"
	: >"$dir/top/log"
	mounts=$(awk "\$5 ~ /^\\/dev\\// { print \$5 }" /proc/self/mountinfo |
	    LC_ALL=C sort -u)
	mount --rbind /dev "$dir/old"
	mount -t overlay tcron-dev -o "lowerdir=$dir/top:/dev" /dev
	kept=/nonexistent
	for m in $mounts; do
		case $m in "$kept"/*) continue ;; esac
		kept=$m
		mount --rbind "$dir/old${m#/dev}" "$m"
	done
fi
mount --bind "$sock" /dev/log
exec "$@"
'

# syslog_require: exits 77 (skipped) unless root, with unshare(1) and
# mount(1), and able to replace /dev/log in a private mount namespace.
# Call it after t_init.
syslog_require() {
	if [ "$(id -u)" != 0 ]; then
		echo "$t_name: not root, skipped"
		exit 77
	fi
	for tool in unshare mount awk; do
		if ! command -v $tool >/dev/null 2>&1; then
			echo "$t_name: no $tool, skipped"
			exit 77
		fi
	done
	if [ ! -x "$syslog_sink" ]; then
		echo "$t_name: $syslog_sink not built" >&2
		exit 99
	fi
	: >"$t_dir/syslog.probe" || exit 99
	if ! syslog_ns "$t_dir/syslog.probe" "$t_dir/syslog-probe" \
	    sh -c 'test -f /dev/log && test -c /dev/null' >/dev/null 2>&1; then
		echo "$t_name: cannot replace /dev/log in a mount namespace, skipped"
		exit 77
	fi
	rm -rf "$t_dir/syslog.probe" "$t_dir/syslog-probe"
}

# syslog_ns SOCK DIR CMD...: runs CMD with SOCK bound at /dev/log.  With
# no fork on the way (unshare, sh and CMD are exec'ed in turn), a
# background job's $! is CMD's pid.
syslog_ns() {
	unshare --mount --propagation private \
	    sh -c "$syslog_ns_script" syslog-ns "$@"
}

# syslog_start [-r]: starts the sink (-r: lines as received) and waits
# until its socket is bound.  Lines go to $syslog_out.
syslog_start() {
	syslog_sock=$t_dir/syslog.sock
	syslog_out=$t_dir/syslog.out
	: >"$syslog_out" || exit 99
	rm -f "$t_dir/syslog.pid"
	"$syslog_sink" "$@" -p "$t_dir/syslog.pid" "$syslog_sock" \
	    "$syslog_out" &
	syslog_pid=$!
	syslog_await_pidfile || exit 99
}

# Waits up to 10 s for the sink's pidfile; false if it does not come.
syslog_await_pidfile() {
	n=0
	while [ ! -s "$t_dir/syslog.pid" ]; do
		if [ $n -ge 100 ] || ! kill -0 "$syslog_pid" 2>/dev/null; then
			echo "$t_name: syslog_sink is not ready" >&2
			return 1
		fi
		sleep 0.1
		n=$((n + 1))
	done
}

# syslog_stop: ends the sink, if running, after it has read what is
# queued.  Safe to call twice, and from an exit trap.
syslog_stop() {
	if [ -n "$syslog_pid" ]; then
		kill -TERM "$syslog_pid" 2>/dev/null
		wait "$syslog_pid" 2>/dev/null
		syslog_pid=
	fi
}

# syslog_flush: returns once the sink has written every line sent before
# the call (by any process that has returned from syslog(3)).
syslog_flush() {
	rm -f "$t_dir/syslog.pid"
	kill -USR1 "$syslog_pid" || exit 99
	syslog_await_pidfile || exit 99
}

# syslog_exec CMD...: replaces the shell, like exec, with CMD logging to
# the sink: use it as a background job ("syslog_exec crond -f &", $! is
# then crond's pid) or in a subshell.
syslog_exec() {
	exec unshare --mount --propagation private \
	    sh -c "$syslog_ns_script" syslog-ns "$syslog_sock" \
	    "$t_dir/syslog-ns" "$@"
}

# syslog_run CMD...: as lib.sh's run, CMD logging to the sink; its pid
# (the "[pid]" of its log lines) is left in $run_pid.
syslog_run() {
	rc=0
	syslog_exec "$@" >"$t_dir/out" 2>"$t_dir/err" &
	run_pid=$!
	wait "$run_pid" || rc=$?
	out=$(cat "$t_dir/out")
	err=$(cat "$t_dir/err")
}

# syslog_wait TEXT [SECONDS]: waits (10 s by default) for a line holding
# TEXT; false if none comes.
syslog_wait() {
	n=0
	while ! grep -qF -- "$1" "$syslog_out"; do
		if [ $n -ge $((${2:-10} * 10)) ]; then
			return 1
		fi
		sleep 0.1
		n=$((n + 1))
	done
}

# syslog_expect WHAT LINES: checks that the sink's lines since the last
# syslog_expect are exactly LINES (empty for none), then forgets them.
syslog_expect() {
	syslog_flush
	got=$(cat "$syslog_out")
	: >"$syslog_out"
	if [ "$got" != "$2" ]; then
		fail "$1: syslog differs
--- expected
$2
--- got
$got"
	fi
}
