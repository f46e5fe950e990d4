# CPU-time sampling shared by the dashboard cost scripts (sourced; needs WARMUP and WINDOW).

TICKS=$(getconf CLK_TCK)

# utime + stime of PID in clock ticks.
cpu_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# Samples PID's CPU over WINDOW seconds after WARMUP; prints % of one core.
measure() {
    local pid=$1 t0 t1 c0 c1
    sleep "$WARMUP"
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited during warm-up" >&2; return 1; }
    c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
    sleep "$WINDOW"
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited during the window" >&2; return 1; }
    c1=$(cpu_ticks "$pid"); t1=$(date +%s.%N)
    awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$TICKS" \
        'BEGIN { printf "%.1f", 100 * (c1 - c0) / hz / (t1 - t0) }'
}

mean() { printf '%s\n' "$@" | awk '{ s += $1 } END { printf "%.1f", s / NR }'; }
