#!/usr/bin/env bash
# gui-idle-cpu.sh — CPU use of the real GUI client when idle: parley under Xvfb, logged in as
# a guest to a real parley-server on 127.0.0.1 (General open, its chat and members shown),
# left alone for SECONDS; CPU seconds from /proc/PID/stat (utime + stime) of both processes.
#
#   tools/gui-idle-cpu.sh [BUILD_DIR] [SECONDS]     (defaults: build/release 10)
#
# Needs Xvfb. Prints one line per process and the client's share of one core; exits 1 when
# the client's share is 1 % or more (the target in docs/BENCHMARKS.md).
set -euo pipefail
build=${1:-build/release}
secs=${2:-10}
case $secs in '' | *[!0-9]*) echo "gui-idle-cpu: SECONDS must be a whole number" >&2; exit 2 ;; esac
[ "$secs" -ge 1 ] && [ "$secs" -le 600 ] || { echo "gui-idle-cpu: SECONDS: 1..600" >&2; exit 2; }
for b in parley parley-server; do
    [ -x "$build/$b" ] || { echo "gui-idle-cpu: $build/$b not built (make)" >&2; exit 2; }
done
command -v Xvfb >/dev/null || { echo "gui-idle-cpu: Xvfb is not installed" >&2; exit 2; }

tmp=$(mktemp -d /tmp/parley-idle-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# a free display number from Xvfb itself
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp > "$tmp/xvfb.log" 2>&1 3>"$tmp/display" &
pids+=($!)
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "gui-idle-cpu: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$tmp/display")"

# the server on a free port on loopback (it prints the port it got)
"$build/parley-server" --port 0 --data "$tmp/data" --name Idle --no-console \
    > "$tmp/server.log" 2>&1 &
server=$!
pids+=($server)
port=
for _ in $(seq 50); do
    port=$(grep -oE '127\.0\.0\.1:[0-9]+|port [0-9]+|:[0-9]{4,5}' "$tmp/server.log" | grep -oE '[0-9]{4,5}$' | head -n1 || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "gui-idle-cpu: the server did not say its port:" >&2; cat "$tmp/server.log" >&2; exit 1; }

SDL_AUDIODRIVER=dummy "$build/parley" --home "$tmp/home" --server "127.0.0.1:$port" \
    --guest idler --size 1100x700 > "$tmp/client.log" 2>&1 &
client=$!
pids+=($client)
# log in, join General, load the history; then nothing happens (the caret blinks for
# 10 s after the window opens, then stays on: the settling time covers that)
sleep "${PARLEY_IDLE_SETTLE:-12}"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
c0=$(ticks "$client"); s0=$(ticks "$server"); t0=$(date +%s.%N)
sleep "$secs"
c1=$(ticks "$client"); s1=$(ticks "$server"); t1=$(date +%s.%N)
kill -0 "$client" 2>/dev/null || { echo "gui-idle-cpu: the client exited:" >&2; cat "$tmp/client.log" >&2; exit 1; }
awk -v c="$((c1 - c0))" -v s="$((s1 - s0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" 'BEGIN {
    w = t1 - t0
    printf "gui-idle-cpu: %.1f s idle, logged in to a server on 127.0.0.1\n", w
    printf "  parley         %.2f CPU s = %.2f %% of a core\n", c / hz, 100 * c / hz / w
    printf "  parley-server  %.2f CPU s = %.2f %% of a core\n", s / hz, 100 * s / hz / w
    exit (100 * c / hz / w >= 1.0)
}'
