#!/bin/bash
# crond_bench.sh: our crond against Debian's cron, busybox crond and a bare
# timerfd reference (ref_timerfd), all measured in the same run, as the job
# sees it (the probe's first action reads CLOCK_REALTIME).  See
# tests/bench/README.md for what each figure means.
#
# Run as root from `make bench-crond` (which sets BUILD), or by hand:
#     BUILD=/path/to/build bash tests/bench/crond_bench.sh
# QUICK=1 is a short development run; every duration and size below can be
# set through the environment.  Debian's cron and busybox crond run each in
# a private mount namespace with a tmpfs on /run and bind mounts over
# /var/spool/cron/crontabs, /etc/crontab and /etc/cron.d, so that several
# run side by side and the host's files are never read or written.  Every
# daemon started here is stopped by its PID on exit.
set -u
export LC_ALL=C

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
	d_lat_min=1 d_scale="20000" d_scale_reload=0 d_scale_tick=0
	d_burst="1000" d_pack=1
else
	d_lat_min=20 d_scale="100000 1000000" d_scale_reload=1 d_scale_tick=1
	d_burst="1000 10000" d_pack=0
fi
KINDS=${KINDS:-"ref ours debian busybox"}	# which daemons take part
STAGES=${STAGES:-"scale lateness burst"}	# idle runs along with lateness
LAT_INSTANCES=${LAT_INSTANCES:-10}	# per daemon, at phases i/N s
LAT_MINUTES=${LAT_MINUTES:-$d_lat_min}	# runs per instance
LAT_SPREAD=${LAT_SPREAD:-1}		# 0: every job due at second :00
SCALE_SIZES=${SCALE_SIZES:-$d_scale}	# entries (0, the baseline, is added)
SCALE_RELOAD_CLASSIC=${SCALE_RELOAD_CLASSIC:-$d_scale_reload}
SCALE_TICK=${SCALE_TICK:-$d_scale_tick}	# classic daemons' minute scan
BURST_SIZES=${BURST_SIZES:-$d_burst}
BURST_KINDS=${BURST_KINDS:-"ref ref-vfork ref-spawn ours busybox debian"}
BURST_PACK=${BURST_PACK:-$d_pack}	# 1: all kinds in one minute
BURST_TIMEOUT=${BURST_TIMEOUT:-180}	# seconds after the due instant
QUIET_MS=${QUIET_MS:-300}		# idle = no CPU used for this long
BENCH_OUT=${BENCH_OUT:-}		# also copy the results there
OURS_LOCALTIME=${OURS_LOCALTIME:-}	# ours' [paths] localtime, if set

die() { echo "crond_bench: $*" >&2; exit 1; }
note() { echo "# $*"; }

[ "$(id -u)" = 0 ] || die "must run as root (private mount namespaces)"
[ -n "${BUILD:-}" ] || die "BUILD (the build directory) is not set"
PROBE=$BUILD/tests/bench/probe
REF=$BUILD/tests/bench/ref_timerfd
PW=$BUILD/tests/bench/procwatch
CROND=$BUILD/crond/crond
for f in "$PROBE" "$REF" "$PW"; do
	[ -x "$f" ] || die "$f: not built (make tests/bench/probe ...)"
done
command -v unshare >/dev/null || die "unshare (util-linux) is needed"

# --- the classic daemons, installed here and only here -------------------
ensure_packages() {
	local need=() made_policy=0
	[ -x /usr/sbin/cron ] || need+=(cron)
	busybox crond --help >/dev/null 2>&1 || need+=(busybox-static)
	[ ${#need[@]} = 0 ] && return 0
	note "installing ${need[*]} (for this benchmark only)"
	# Keep the package scripts from starting a cron on the host's files.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends "${need[@]}" >/dev/null ||
	    { apt-get update -q >/dev/null &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends "${need[@]}" >/dev/null; }
	[ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
	[ -x /usr/sbin/cron ] && busybox crond --help >/dev/null 2>&1 ||
	    die "could not install ${need[*]}"
}
case " $KINDS $BURST_KINDS " in
*" debian "* | *" busybox "*) ensure_packages ;;
esac
BUSYBOX=$(command -v busybox)

has_kind() { case " $KINDS " in *" $1 "*) return 0 ;; esac; return 1; }
if has_kind ours && [ ! -x "$CROND" ]; then
	note "ours: $CROND is not built: left out"
	KINDS=$(echo " $KINDS " | sed 's/ ours / /')
fi

# --- work area, daemons, cleanup -----------------------------------------
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
	WORK=$(mktemp -d /dev/shm/crond-bench.XXXXXX)
else
	WORK=$(mktemp -d /tmp/crond-bench.XXXXXX)
fi
[ -d "$WORK" ] || die "mktemp failed"
chmod 755 "$WORK"
RESULTS=$WORK/results.txt
KV=$WORK/figures.kv	# "key value" lines for the targets at the end
declare -A DAEMONS=()	# pid -> description, of every daemon still running

# Stops a daemon started here: SIGTERM (unless $2 says it was sent
# already), SIGKILL after 10 s; reaps it.  A second SIGTERM would make ours
# leave its running jobs at once, so it is sent only once.
stop_pid() {
	local pid=$1 n=0
	[ -n "${2:-}" ] || kill -TERM "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
		# A zombie child of ours counts as gone once reaped.
		[ "$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)" = Z ] && break
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "DAEMONS[$pid]"
}
stop_all() {
	local pid
	for pid in "${!DAEMONS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${!DAEMONS[@]}"; do
		stop_pid "$pid" sent
	done
}
SLEEP_PID=""
cleanup() {
	trap - EXIT INT TERM
	[ -n "$SLEEP_PID" ] && kill "$SLEEP_PID" 2>/dev/null
	stop_all
	[ -n "$BENCH_OUT" ] && [ -f "$RESULTS" ] && cp "$RESULTS" "$BENCH_OUT"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

out() { echo "$*" | tee -a "$RESULTS"; }

now_us() { echo "${EPOCHREALTIME/./}"; }
# Sleeps in the background and waits for it, so that ^C or SIGTERM is
# handled at once rather than when the sleep ends.
nap() {
	sleep "$1" &
	SLEEP_PID=$!
	wait "$SLEEP_PID"
	SLEEP_PID=""
}
sleep_until_us() {	# absolute realtime in microseconds
	local d=$(($1 - $(now_us)))
	[ $d -gt 0 ] && nap "$(printf '%d.%06d' $((d / 1000000)) \
	    $((d % 1000000)))"
}
next_minute() {	# first minute start at least $1 seconds from now
	local t=$(($(now_us) / 1000000 + $1))
	echo $(((t + 59) / 60 * 60))
}

# A POSIX TZ whose minutes start S seconds after UTC's: local = UTC - S.
shift_tz() { [ "$1" = 0 ] && echo UTC || printf 'BEN+00:00:%02d' "$1"; }
# "MIN HOUR" of instant $1 in zone $2 (empty: the host's local zone).
min_hour() {
	if [ -n "$2" ]; then TZ=$2 date -d "@$1" '+%-M %-H'
	else date -d "@$1" '+%-M %-H'; fi
}

# Instance directory layout (D):
#   D/cron.d/   system crontab files (ours, Debian); D/crontabs/root (busybox)
#   D/spool/ D/crontab D/state/ ...: the rest each daemon needs
#   D/log: the daemon's stdout and stderr
make_dirs() {
	mkdir -p "$1/cron.d" "$1/spool" "$1/crontabs" "$1/state"
	chmod 700 "$1/spool" "$1/state"
	printf 'MAILTO=""\n' >"$1/crontab"
	chmod 644 "$1/crontab"
}

# Starts a daemon on instance dir D; sets PID.  $3 = TZ for the classic
# daemons (shifted lateness slots), empty for the host's zone.
start_daemon() {
	local kind=$1 d=$2 tz=${3:-} cd
	local envs=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin)
	[ -n "$tz" ] && envs+=("TZ=$tz")
	case $kind in
	ours)
		cd=${CRON_D:-$d/cron.d}
		cat >"$d/crond.conf" <<-EOF
		[paths]
		spool = $d/spool
		crontab =
		cron.d = $cd
		state = $d/state
		history = $d/history
		socket = $d/crond.sock
		pidfile = $d/crond.pid
		$([ -n "$OURS_LOCALTIME" ] && echo "localtime = $OURS_LOCALTIME")
		[daemon]
		mailer = off
		EOF
		"${envs[@]}" "$CROND" -f -C "$d/crond.conf" >"$d/log" 2>&1 &
		;;
	debian)
		cd=${CRON_D:-$d/cron.d}
		"${envs[@]}" unshare -m --propagation private -- /bin/sh -c '
		    mount -t tmpfs -o mode=755 tmpfs /run &&
		    mount --bind "$1/spool" /var/spool/cron/crontabs &&
		    mount --bind "$1/crontab" /etc/crontab &&
		    mount --bind "$2" /etc/cron.d &&
		    exec /usr/sbin/cron -f' sh "$d" "$cd" >"$d/log" 2>&1 &
		;;
	busybox)
		cd=${CRONTABS:-$d/crontabs}
		"${envs[@]}" unshare -m --propagation private -- /bin/sh -c '
		    mount -t tmpfs -o mode=755 tmpfs /run &&
		    exec "$1" crond -f -c "$2" -L /dev/null' \
		    sh "$BUSYBOX" "$cd" >"$d/log" 2>&1 &
		;;
	*)
		die "start_daemon: $kind"
		;;
	esac
	PID=$!
	DAEMONS[$PID]="$kind $d"
}
# ref_timerfd in the background: $1 = dir, the rest its arguments.
start_ref() {
	local d=$1
	shift
	env -i PATH=/usr/bin:/bin "$REF" "$@" >"$d/log" 2>&1 &
	PID=$!
	DAEMONS[$PID]="ref $d"
}
# One crontab line running the probe, in the format of the kind.
cron_line() {	# kind sched tag file
	case $1 in
	busybox) echo "$2 $PROBE $3 $4" ;;
	*) echo "$2 root $PROBE $3 $4" ;;
	esac
}
# Where a kind's crontab lines go in D.
tab_file() {
	case $1 in
	busybox) echo "$2/crontabs/root" ;;
	*) echo "$2/cron.d/bench" ;;
	esac
}
write_tab() {	# kind dir: the lines on stdin; sets modes as each daemon wants
	local f
	f=$(tab_file "$1" "$2")
	cat >"$f"
	if [ "$1" = busybox ]; then chmod 600 "$f"; else chmod 644 "$f"; fi
}

rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
ctxt() {
	awk '/^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ \
	    {n += $2} END {print n}' "/proc/$1/status"
}
cpu_ns() { awk '{print $1}' "/proc/$1/schedstat"; }

# Percentiles by nearest rank.  stdin: "KEY VALUE" lines; prints
# "KEY N P50 P99 MAX" per key.
percentiles() {
	sort -k1,1 -k2,2g | awk '
	function flush() {
		if (n == 0) return
		i50 = int(0.50 * n); if (i50 < 0.50 * n) i50++
		i99 = int(0.99 * n); if (i99 < 0.99 * n) i99++
		printf "%s %d %.3f %.3f %.3f\n", key, n, v[i50], v[i99], v[n]
	}
	$1 != key { flush(); key = $1; n = 0 }
	{ v[++n] = $2 }
	END { flush() }'
}

sysinfo() {
	out "# crond benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	out "# $(uname -sr), $(nproc) CPUs:" \
	    "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
	out "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	out "# cron $(dpkg-query -W -f '${Version}' cron 2>/dev/null)," \
	    "busybox $(dpkg-query -W -f '${Version}' busybox-static \
	    2>/dev/null), ours: $(has_kind ours && "$CROND" -V 2>&1 ||
	    echo 'not built')"
	out "# kinds: $KINDS; stages: $STAGES; QUICK=$QUICK"
}

# --- scale: RSS, startup and reload with many entries --------------------
# Generates SIZE entries into $WORK/gen/SIZE: ud/ (files of 10,000 lines
# with a user field, for ours and Debian) and bb/root (busybox: one file
# per user, which must exist, and at most 65,534 lines for root, 255 for
# the others, so root's file has the first BB_MAX entries only).  No entry
# can fire during the run: each names a day of the month that is neither
# today nor tomorrow.  Sets CMD_BYTES (the command text in total) and
# CMD_BYTES_BB (that of busybox's entries).
BB_MAX=65534
gen_entries() {
	local n=$1 g=$WORK/gen/$1 skip1 skip2
	mkdir -p "$g/ud" "$g/bb"
	skip1=$(date '+%-d')
	skip2=$(date -d tomorrow '+%-d')
	awk -v n="$n" -v s1="$skip1" -v s2="$skip2" -v ud="$g/ud" \
	    -v bb="$g/bb/root" -v per=10000 -v bbmax=$BB_MAX '
	function dom(k,   d) {
		d = 1 + k % 28
		while (d == s1 || d == s2) d = 1 + (d % 28)
		return d
	}
	BEGIN {
		srand(4242)
		for (i = 0; i < n; i++) {
			r = int(rand() * 8)
			if (r == 0) m = "*/" (5 + i % 11)
			else if (r == 1) m = (i % 30) "-" (30 + i % 30)
			else if (r == 2) m = (i % 60) "," ((i + 17) % 60)
			else m = i % 60
			if (r == 3) h = "*"
			else if (r == 4) h = (i % 12) "-" (12 + i % 12)
			else h = i % 24
			d = dom(i)
			if (r == 5) d = d "," dom(i + 7)
			mon = (r == 6) ? "1-12/2" : "*"
			cmd = "/bin/true job-" i
			if (r == 7) cmd = cmd " --flag=" (i % 1000)
			bytes += length(cmd)
			if (i < bbmax) bbbytes += length(cmd)
			f = sprintf("%s/bench-%03d", ud, int(i / per))
			if (i % per == 0) {
				if (i > 0) close(prev)
				print "MAILTO=\"\"" > f
				prev = f
			}
			sched = m " " h " " d " " mon " *"
			print sched " root " cmd > f
			if (i < bbmax) print sched " " cmd > bb
		}
		print bytes + 0, bbbytes + 0
	}' >"$g/bytes"
	[ "$n" = 0 ] && : >"$g/bb/root"
	chmod 644 "$g"/ud/* 2>/dev/null
	chmod 600 "$g/bb/root"
	read -r CMD_BYTES CMD_BYTES_BB <"$g/bytes"
}

# Waits for the start of the next minute plus $1 seconds.
wait_second() {
	local t
	t=$(next_minute 1)
	sleep_until_us $(((t + $1) * 1000000))
}
# Unless it is at least $1 seconds before the next minute and 2 after the
# last, waits until 2 seconds after the next.
wait_clear() {
	local s=$(($(now_us) / 1000000 % 60))
	if [ $s -lt 2 ] || [ $s -ge $((60 - $1)) ]; then
		wait_second 2
	fi
}

# awk: "-" as it is, a number with 3 decimals.
F3='function f3(x) { if (x == "-") return x; return sprintf("%.3f", x) }'

scale_one() {	# kind size
	local kind=$1 n=$2 g=$WORK/gen/$2 d t0 st rss hwm row f
	local reload="-" tick="-" b="-"
	d=$WORK/scale/$kind-$n
	make_dirs "$d"
	# Classic daemons wake on the minute: start them just after one so
	# that their startup is not mixed with a minute's work.
	[ "$kind" != ours ] && wait_clear $((5 + n / 20000))
	t0=$EPOCHREALTIME
	CRON_D=$g/ud CRONTABS=$g/bb start_daemon "$kind" "$d"
	# Ours also says when it is up: the time of its STARTUP line.
	st=$("$PW" startup "$PID" "$t0" "$QUIET_MS" 600 \
	    $([ "$kind" = ours ] && echo "$d/log STARTUP")) ||
	    { note "$kind $n: startup not finished ($st)"; }
	if ! kill -0 "$PID" 2>/dev/null; then
		note "$kind $n: the daemon died; its log:"
		tail -5 "$d/log"
		stop_pid "$PID"
		return
	fi
	rss=$(rss_kb "$PID" VmRSS)
	hwm=$(rss_kb "$PID" VmHWM)
	eval "BASE_${kind}=\${BASE_${kind}:-$rss}"
	local bytes=$CMD_BYTES entries=$n
	if [ "$kind" = busybox ] && [ "$n" -gt $BB_MAX ]; then
		bytes=$CMD_BYTES_BB entries=$BB_MAX
	fi
	if [ "$n" -gt 0 ]; then
		local base_var=BASE_$kind
		b=$(awk -v r="$rss" -v b0="${!base_var}" -v c="$bytes" \
		    -v n="$entries" \
		    'BEGIN {printf "%.0f", ((r - b0) * 1024 - c) / n}')
	fi
	# Reload: one file changed (a comment line appended).
	if [ "$n" -gt 0 ] && { [ "$kind" = ours ] ||
	    [ "$SCALE_RELOAD_CLASSIC" = 1 ]; }; then
		f=$g/ud/bench-000
		case $kind in
		busybox)
			echo "# reload $EPOCHREALTIME" >>"$g/bb/root"
			echo root >"$g/bb/cron.update"
			;;
		debian)
			echo "# reload $EPOCHREALTIME" >>"$f"
			touch "$g/ud"
			;;
		ours)
			echo "# reload $EPOCHREALTIME" >>"$f"
			;;
		esac
		reload=$("$PW" activity "$PID" "$QUIET_MS" \
		    $([ "$kind" = ours ] && echo 30 || echo 75))
		reload=$(echo "$reload" | awk "$F3"'
		    { printf "%s/%s/%s", f3($1), f3($2), f3($3) }')
		if [ "$kind" != ours ] && [ "$SCALE_TICK" = 1 ]; then
			tick=$("$PW" activity "$PID" "$QUIET_MS" 75 |
			    awk "$F3"'{ printf "%s/%s", f3($2), f3($3) }')
		fi
	fi
	row=$(echo "$st" | awk -v k="$kind" -v n="$entries" -v r="$rss" \
	    -v h="$hwm" \
	    -v b="$b" -v rl="$reload" -v tk="$tick" '{
	    printf "%-8s %8d %9.1f %9.1f %9.3f %8s %8.3f %7s  %-22s %s\n", k, n,
	    r / 1024, h / 1024, $1, $3 == "-" ? "-" : sprintf("%.3f", $3),
	    $2, b, rl, tk}')
	out "$row"
	[ "$b" != - ] && echo "bpe_${kind}_$n $b" >>"$KV"
	stop_pid "$PID"
}

stage_scale() {
	local n kind kinds=""
	for kind in ours debian busybox; do
		has_kind "$kind" && kinds="$kinds $kind"
	done
	[ -n "$kinds" ] || return 0
	out ""
	out "## scale: RSS after load, startup (exec to idle), reload of one file"
	out "# startup: from exec to the last CPU use before ${QUIET_MS} ms" \
	    "without any (/proc/PID/schedstat); STARTUP: from exec to ours'" \
	    "STARTUP log line; CPU: total CPU seconds once idle."
	out "# B/entry: (RSS - RSS with no entry - command bytes) / entries."
	out "# reload: seconds to notice / seconds busy / CPU seconds, after" \
	    "one file is changed (ours: inotify; Debian: next minute;" \
	    "busybox: cron.update, next minute)."
	out "# tick: busy/CPU seconds of a classic daemon's next minute wake" \
	    "with nothing changed."
	out "# busybox loads at most $BB_MAX lines of root's crontab (255 of" \
	    "another user's, who must exist): it gets the first $BB_MAX" \
	    "entries of larger sets."
	out "$(printf '%-8s %8s %9s %9s %9s %8s %8s %7s  %-22s %s' daemon \
	    entries 'RSS MiB' 'HWM MiB' startup STARTUP CPU B/entry reload \
	    tick)"
	for n in 0 $SCALE_SIZES; do
		gen_entries "$n"
		for kind in $kinds; do
			scale_one "$kind" "$n"
		done
		rm -rf "$WORK/gen/$n"
	done
}

# --- lateness and idle wake-ups ------------------------------------------
stage_lateness() {
	local n=$LAT_INSTANCES dir=$WORK/lat i kind d phase s tag t first
	local spacing nslots m0 m1 t_a t_b row
	declare -A idle_pid=() c_a=() cpu_a=()
	mkdir -p "$dir"
	nslots=$((2 * n - 1))
	spacing=$((54 / nslots))
	[ "$LAT_SPREAD" = 1 ] && [ $spacing -lt 1 ] &&
	    die "LAT_INSTANCES=$n: too many to give each its own second"
	# Idle instances: one job on January 1st at midnight, nothing else.
	for kind in $KINDS; do
		d=$dir/idle-$kind
		make_dirs "$d"
		if [ "$kind" = ref ]; then
			first=$(date -u -d "$(($(date -u +%Y) + 1))-01-01" +%s)
			start_ref "$d" -p 31536000 -a "$first" \
			    "$PROBE idle $dir/idle.out"
		else
			cron_line "$kind" "0 0 1 1 *" idle "$dir/idle.out" |
			    write_tab "$kind" "$d"
			start_daemon "$kind" "$d"
		fi
		idle_pid[$kind]=$PID
	done
	# Lateness instances: instance i of each kind starts at phase i/N s
	# after a second boundary (plus a few ms per kind).  Ours-0 and every
	# classic daemon's job are due at second :00 (the classic daemons
	# fire at :00 or :01 plus their phase); the other instances of ours
	# and the reference each have a second of their own (LAT_SPREAD).
	for ((i = 0; i < n; i++)); do
		t=$(($(now_us) / 1000000 + 1))
		for kind in $KINDS; do
			case $kind in
			ref) phase=$((i * 1000 / n)) s=$((3 + 2 * i * spacing)) ;;
			ours) phase=$((i * 1000 / n + 25))
			      s=$((i == 0 ? 0 : 3 + (2 * i - 1) * spacing)) ;;
			debian) phase=$((i * 1000 / n + 50)) s=0 ;;
			busybox) phase=$((i * 1000 / n + 75)) s=0 ;;
			esac
			[ "$LAT_SPREAD" = 1 ] || s=0
			d=$dir/$kind-$i
			make_dirs "$d"
			tag=lat:$kind:$i:$phase:$s
			sleep_until_us $((t * 1000000 + phase * 1000))
			if [ "$kind" = ref ]; then
				first=$(($(next_minute 1) + s))
				start_ref "$d" -p 60 -a "$first" \
				    "$PROBE $tag $dir/$kind.out"
			else
				{
					[ "$kind" = ours ] && [ "$s" != 0 ] &&
					    echo "CRON_TZ=$(shift_tz "$s")"
					cron_line "$kind" "* * * * *" "$tag" \
					    "$dir/$kind.out"
				} | write_tab "$kind" "$d"
				start_daemon "$kind" "$d"
			fi
		done
	done
	# Count the minutes that start once every instance has loaded.
	m0=$(next_minute 2)
	m1=$((m0 + LAT_MINUTES * 60))
	nap 2
	t_a=$EPOCHREALTIME
	for kind in $KINDS; do
		c_a[$kind]=$(ctxt "${idle_pid[$kind]}")
		cpu_a[$kind]=$(cpu_ns "${idle_pid[$kind]}")
	done
	note "lateness: $n instances per daemon, $LAT_MINUTES minutes from" \
	    "$(date -u -d "@$m0" +%H:%M:%S); ends about" \
	    "$(date -u -d "@$m1" +%H:%M:%S) UTC"
	sleep_until_us $((m1 * 1000000 + 500000))
	t_b=$EPOCHREALTIME

	out ""
	out "## idle: wake-ups of a daemon whose only job is on January 1st"
	out "# context switches (voluntary + not) and CPU time from" \
	    "/proc/PID/status and schedstat, over" \
	    "$(awk -v a="$t_a" -v b="$t_b" 'BEGIN {printf "%.0f", b - a}') s," \
	    "scaled to an hour"
	has_kind ours && out "# ours watches the folder of its [paths]" \
	    "localtime (${OURS_LOCALTIME:-/etc/localtime}): a file written" \
	    "there wakes it."
	out "$(printf '%-8s %12s %14s %8s' daemon wakeups/h 'CPU ms/h' 'RSS KiB')"
	for kind in $KINDS; do
		row=$(awk -v k="$kind" -v a="$t_a" -v b="$t_b" \
		    -v c0="${c_a[$kind]}" -v c1="$(ctxt "${idle_pid[$kind]}")" \
		    -v p0="${cpu_a[$kind]}" \
		    -v p1="$(cpu_ns "${idle_pid[$kind]}")" \
		    -v r="$(rss_kb "${idle_pid[$kind]}" VmRSS)" 'BEGIN {
		    h = 3600 / (b - a)
		    printf "%-8s %12.1f %14.3f %8d\n", k, (c1 - c0) * h,
		    (p1 - p0) / 1e6 * h, r }')
		out "$row"
		echo "$row" | awk '{print "idle_" $1, $2}' >>"$KV"
	done
	stop_all

	# Lateness of each run due in [m0, m1): the probe's time minus the
	# due instant (the minute start plus the instance's slot s).
	cat "$dir"/*.out 2>/dev/null | awk -v m0="$m0" -v m1="$m1" '
	$1 ~ /^lat:/ {
		split($1, f, ":"); s = f[5]
		split($2, tv, "."); sec = tv[1] + 0; ns = tv[2] + 0
		due = int((sec - s) / 60) * 60 + s
		if (due < m0 || due >= m1) next
		ms = (sec - due) * 1000 + ns / 1e6
		print f[2], ms
		print f[2] "@" sprintf("%.3f", f[4] / 1000), ms
	}' >"$dir/late"
	out ""
	out "## lateness: probe start minus due instant, ms" \
	    "($n instances x $LAT_MINUTES minutes per daemon)"
	if [ "$LAT_SPREAD" = 1 ]; then
		out "# each instance of ours and of the reference has its own" \
		    "second (ours-0 at :00 in the host zone, the others through" \
		    "CRON_TZ / ref -a); the classic daemons fire at :00/:01" \
		    "plus their phase: no two jobs start together."
	else
		out "# every job is due at second :00: the instances overlap."
	fi
	out "$(printf '%-8s %6s %10s %10s %10s' daemon runs p50 p99 max)"
	grep -v '@' "$dir/late" | percentiles >"$dir/pct"
	awk '{printf "%-8s %6d %10.3f %10.3f %10.3f\n", $1, $2, $3, $4, $5}' \
	    "$dir/pct" | tee -a "$RESULTS"
	awk '{print "lat_p50_" $1, $3; print "lat_p99_" $1, $4}' "$dir/pct" \
	    >>"$KV"
	out "# p50 by start phase (s after a second boundary):"
	grep '@' "$dir/late" | percentiles | awk '{
	    split($1, k, "@"); printf "%-8s phase %s: n %d p50 %.3f max %.3f\n",
	    k[1], k[2], $2, $3, $5}' | tee -a "$RESULTS"
	for kind in $KINDS; do
		grep -q "^$kind " "$dir/late" ||
		    out "# $kind: no run recorded (see $dir/$kind-0/log)"
	done
}

# --- burst: K jobs due together --------------------------------------------
# Second of the minute each kind's burst is due at when they share a minute
# (BURST_PACK=1): busybox can only fire on UTC :00, Debian at :01 + phase.
pack_second() {
	case $1 in
	busybox) echo 0 ;; ref) echo 10 ;; ref-vfork) echo 20 ;;
	ref-spawn) echo 25 ;; ours) echo 30 ;; debian) echo 40 ;;
	esac
}

# Prepares and starts kind's burst of K jobs due at instant DUE; the probe
# lines go to $dir/KIND.out with tag burst.
burst_start() {	# kind k due dir
	local kind=$1 k=$2 due=$3 dir=$4 d s mh z j f
	d=$dir/$kind
	make_dirs "$d"
	s=$((due % 60))
	case $kind in
	ref | ref-vfork | ref-spawn)
		local how=fork
		[ "$kind" = ref-vfork ] && how=vfork
		[ "$kind" = ref-spawn ] && how=spawn
		start_ref "$d" -p 60 -a "$due" -n 1 -k "$k" -m "$how" \
		    "$PROBE burst $dir/$kind.out"
		return
		;;
	esac
	# The daemon's zone puts its local minute start on the due instant.
	z=""
	[ "$s" != 0 ] && z=$(shift_tz "$s")
	mh=$(min_hour "$due" "$z")
	for ((j = 0; j < k; j += 5000)); do
		if [ "$kind" = busybox ]; then f=$d/crontabs/root
		else f=$(printf '%s/cron.d/burst-%02d' "$d" $((j / 5000))); fi
		{
			[ "$kind" != busybox ] && echo 'MAILTO=""'
			[ "$kind" = ours ] && [ -n "$z" ] && echo "CRON_TZ=$z"
			awk -v n=$((k - j < 5000 ? k - j : 5000)) \
			    -v l="$(cron_line "$kind" "$mh * * *" burst \
			    "$dir/$kind.out")" 'BEGIN {
			    for (i = 0; i < n; i++) print l }'
		} >>"$f"
		if [ "$kind" = busybox ]; then chmod 600 "$f"
		else chmod 644 "$f"; fi
	done
	# ours takes its zone from CRON_TZ, the classic daemons from TZ.
	if [ "$kind" = ours ]; then start_daemon ours "$d"
	else start_daemon "$kind" "$d" "$z"; fi
}

# Waits until every burst in $dir has its K lines, or the timeout.
burst_wait() {	# dir k due kinds...
	local dir=$1 k=$2 due=$3 kind done
	shift 3
	sleep_until_us $((due * 1000000))
	while [ $(($(now_us) / 1000000)) -lt $((due + BURST_TIMEOUT)) ]; do
		done=1
		for kind in "$@"; do
			[ "$(cat "$dir/$kind.out" 2>/dev/null | wc -l)" -ge "$k" ] ||
			    done=0
		done
		[ $done = 1 ] && break
		nap 0.5
	done
	nap 1
}

burst_report() {	# dir k due kind
	local dir=$1 k=$2 due=$3 kind=$4
	local ranks="1 $((k / 2)) $k"
	[ "$k" -ge 10000 ] && ranks="1 500 1000 $((k / 2)) $k"
	awk '{split($2, t, "."); print t[1] + 0, t[2] + 0}' \
	    "$dir/$kind.out" 2>/dev/null | sort -k1,1n -k2,2n |
	    awk -v due="$due" -v k="$k" -v ranks="$ranks" -v kind="$kind" \
	    -v kv="$KV" '
	    { v[NR] = ($1 - due) * 1000 + $2 / 1e6 }
	    END {
		n = split(ranks, r, " ")
		line = sprintf("%-10s %6d %6d ", kind, k, NR)
		for (i = 1; i <= n; i++) {
			line = line sprintf(" %s:%s", r[i],
			    r[i] <= NR ? sprintf("%.1f", v[r[i]]) : "-")
			if (r[i] <= NR)
				print "burst_" kind "_" k "_" r[i], v[r[i]] >>kv
		}
		print line
	    }' | tee -a "$RESULTS"
}

stage_burst() {
	local k kind kinds="" dir due
	for kind in $BURST_KINDS; do
		case $kind in
		ref*) has_kind ref && kinds="$kinds $kind" ;;
		*) has_kind "$kind" && kinds="$kinds $kind" ;;
		esac
	done
	[ -n "$kinds" ] || return 0
	out ""
	out "## burst: K jobs due together; ms from the due second to the" \
	    "start of the Nth probe (N:ms)"
	if [ "$BURST_PACK" = 1 ]; then
		out "# all kinds in one minute, each at its own second:" \
		    "$(for kind in $kinds; do printf '%s :%02d ' "$kind" \
		    "$(pack_second "$kind")"; done)"
	else
		out "# one kind at a time, each alone in its minute"
	fi
	out "$(printf '%-10s %6s %6s  %s' daemon K got 'rank:ms ...')"
	for k in $BURST_SIZES; do
		dir=$WORK/burst-$k
		mkdir -p "$dir"
		if [ "$BURST_PACK" = 1 ]; then
			due=$(next_minute 8)
			for kind in $kinds; do
				burst_start "$kind" "$k" \
				    $((due + $(pack_second "$kind"))) "$dir"
			done
			burst_wait "$dir" "$k" "$((due + 40))" $kinds
			stop_all
			for kind in $kinds; do
				burst_report "$dir" "$k" \
				    $((due + $(pack_second "$kind"))) "$kind"
			done
		else
			for kind in $kinds; do
				due=$(next_minute 8)
				burst_start "$kind" "$k" "$due" "$dir"
				burst_wait "$dir" "$k" "$due" "$kind"
				stop_all
				burst_report "$dir" "$k" "$due" "$kind"
			done
		fi
	done
}

# --- the targets of issue 4, from the figures measured --------------------
targets() {
	local t
	[ -s "$KV" ] || return 0
	t=$(awk '
	function ok(c) { return c ? "met" : "NOT MET" }
	{ v[$1] = $2 }
	END {
		if (("lat_p50_ours" in v) && ("lat_p50_ref" in v)) {
			d = v["lat_p50_ours"] - v["lat_p50_ref"]
			printf "lateness p50: ours %.3f ms, reference %.3f ms, " \
			    "%+.3f ms (within 0.5): %s\n", v["lat_p50_ours"],
			    v["lat_p50_ref"], d, ok(d <= 0.5)
		}
		if ("lat_p99_ours" in v)
			printf "lateness p99: ours %.3f ms (under 5): %s\n",
			    v["lat_p99_ours"], ok(v["lat_p99_ours"] < 5)
		if ("idle_ours" in v)
			printf "idle: ours %.1f wake-ups/h (none): %s\n",
			    v["idle_ours"], ok(v["idle_ours"] == 0)
		for (key in v)
			if (key ~ /^bpe_ours_/) {
				split(key, f, "_")
				printf "memory: ours %d B/entry beyond the " \
				    "command at %d entries (at most 300): %s\n",
				    v[key], f[3], ok(v[key] <= 300)
			}
		o = "burst_ours_1000_1000"; r = "burst_ref_1000_1000"
		b = "burst_busybox_1000_1000"
		if ((o in v) && (r in v))
			printf "burst: ours starts the 1,000th of 1,000 at " \
			    "%.1f ms, the reference at %.1f ms: x%.2f (at " \
			    "most 1.2): %s\n", v[o], v[r], v[o] / v[r],
			    ok(v[o] <= 1.2 * v[r])
		if ((o in v) && (b in v))
			printf "burst: busybox starts it at %.1f ms (ours " \
			    "faster): %s\n", v[b], ok(v[o] < v[b])
		split("ref-vfork ref-spawn", alt, " ")
		for (i = 1; i <= 2; i++) {
			a = "burst_" alt[i] "_1000_1000"
			if ((a in v) && (r in v) && v[a] < v[r])
				printf "burst: %s beats the fork reference: " \
				    "%.1f ms against %.1f ms\n", alt[i], v[a],
				    v[r]
		}
	}' "$KV")
	[ -n "$t" ] || return 0
	out ""
	out "## targets (issue 4)"
	out "$t"
}

# --- main -------------------------------------------------------------------
sysinfo
for stage in $STAGES; do
	case $stage in
	lateness) stage_lateness ;;
	scale) stage_scale ;;
	burst) stage_burst ;;
	*) die "unknown stage $stage" ;;
	esac
done
targets
out ""
out "# done $(date -u '+%H:%M:%S UTC')"
