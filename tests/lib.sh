# tests/lib.sh: helpers for the shell tests, sourced after `set -u`.
# t_init makes a private directory under the build tree (never /tmp, /etc
# or /var) that an exit trap removes; run keeps a command's status, output
# and errors; expect compares them and counts failures; t_done exits 0 if
# all passed, 1 if not.

: "${top_builddir:?top_builddir must be set (make check sets it)}"
: "${top_srcdir:?top_srcdir must be set (make check sets it)}"

t_name=${0##*/}
t_failures=0
t_dir=

t_cleanup() {
	if [ -n "$t_dir" ]; then
		rm -rf "$t_dir"
	fi
}

t_init() {
	mkdir -p "$top_builddir/tests" || exit 99
	t_dir=$(mktemp -d "$top_builddir/tests/${t_name%.sh}.XXXXXX") || exit 99
	trap t_cleanup EXIT
	trap 'exit 99' HUP INT TERM
}

# fail MESSAGE: reports a failed check and carries on.
fail() {
	printf '%s: FAIL: %s\n' "$t_name" "$*" >&2
	t_failures=$((t_failures + 1))
}

# run CMD [ARG...]: runs CMD, leaving its exit status in $rc and its
# standard output and error (trailing newlines dropped) in $out and $err.
run() {
	rc=0
	"$@" >"$t_dir/out" 2>"$t_dir/err" || rc=$?
	out=$(cat "$t_dir/out")
	err=$(cat "$t_dir/err")
}

# expect WHAT RC OUT [ERR]: checks the last run's status and output, and
# its errors if ERR is given.
expect() {
	if [ "$rc" != "$2" ]; then
		fail "$1: exit status $rc, expected $2 (stderr: $err)"
	fi
	if [ "$out" != "$3" ]; then
		fail "$1: output differs
--- expected
$3
--- got
$out"
	fi
	if [ $# -ge 4 ] && [ "$err" != "$4" ]; then
		fail "$1: errors differ
--- expected
$4
--- got
$err"
	fi
}

t_done() {
	if [ "$t_failures" -ne 0 ]; then
		printf '%s: %d check(s) failed\n' "$t_name" "$t_failures" >&2
		exit 1
	fi
	exit 0
}
