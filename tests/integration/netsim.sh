#!/usr/bin/env bash
# netsim, end to end on loopback: a Python echo server behind netsim, probed through it.
#   bash tests/integration/netsim.sh build/test
set -u
build=${1:-build/test}
netsim="$build/netsim"
here=$(cd "$(dirname "$0")" && pwd)
helper="$here/udp_helper.py"
tmp=$(mktemp -d)
passed=0
failed=0
pids=()

cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "PASS $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; shift; for l in "$@"; do echo "  $l"; done; }

# Waits for the first line of a file (a port announcement); prints it.
first_line() {
    for _ in $(seq 100); do
        if [ -s "$1" ]; then head -n 1 "$1"; return 0; fi
        sleep 0.05
    done
    return 1
}

# Starts netsim towards the echo server with extra options; sets ns_pid and ns_port.
start_netsim() {
    local name=$1
    shift
    "$netsim" --listen 0 --target "127.0.0.1:$echo_port" --duration 15 "$@" \
        >"$tmp/$name.out" 2>"$tmp/$name.err" &
    ns_pid=$!
    pids+=("$ns_pid")
    local line
    line=$(first_line "$tmp/$name.out") || { ns_port=""; return 1; }
    ns_port=$(echo "$line" | sed -n 's/^netsim listening on port \([0-9]*\) -> 127\.0\.0\.1:[0-9]*$/\1/p')
    [ -n "$ns_port" ]
}

# Stops netsim with SIGTERM; returns its exit status.
stop_netsim() {
    kill -TERM "$ns_pid" 2>/dev/null
    wait "$ns_pid"
}

field() { echo "$1" | awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }

if [ ! -x "$netsim" ]; then
    echo "no $netsim"
    echo "0 passed, 1 failed"
    exit 1
fi

# --- usage --------------------------------------------------------------------------------
if "$netsim" --help | grep -q -- "--target HOST:PORT"; then ok help; else bad help; fi

usage_ok=1
for args in "" "--listen 0" "--listen 0 --target 1.2.3:9" "--listen 70000 --target 127.0.0.1:9" \
    "--listen 0 --target 127.0.0.1:9 --loss 101" "--listen 0 --target 127.0.0.1:9 --jitter x" \
    "--listen 0 --target 127.0.0.1:9 --bogus" "--listen 0 --target 127.0.0.1:0" \
    "--listen 0 --target 192.0.2.1:9" "--listen 0 --target 127.0.0.1:9 --max-clients 9999"; do
    # shellcheck disable=SC2086
    "$netsim" $args >"$tmp/usage.out" 2>"$tmp/usage.err"
    rc=$?
    if [ $rc -ne 2 ] || [ -s "$tmp/usage.out" ] || [ ! -s "$tmp/usage.err" ]; then
        usage_ok=0
        echo "  '$args' -> exit $rc: $(cat "$tmp/usage.err")"
    fi
done
if [ $usage_ok -eq 1 ]; then ok bad_usage_exits_2; else bad bad_usage_exits_2; fi

# --- the echo server ------------------------------------------------------------------------
python3 "$helper" echo 25 >"$tmp/echo.out" &
pids+=($!)
echo_port=$(first_line "$tmp/echo.out")
if [ -z "$echo_port" ]; then
    bad echo_server "python3 echo server did not start"
    echo "$passed passed, $failed failed"
    exit 1
fi

# --- a clean link passes everything, intact and in order -----------------------------------
if start_netsim clean; then
    r=$(python3 "$helper" probe "$ns_port" 300 600 1 2)
    if [ "$(field "$r" unique)" = 300 ] && [ "$(field "$r" received)" = 300 ] &&
        [ "$(field "$r" corrupt)" = 0 ] && [ "$(field "$r" out_of_order)" = 0 ]; then
        ok clean_link
    else bad clean_link "$r"; fi
    stop_netsim
    rc=$?
    if [ $rc -eq 0 ] && grep -q "client->target: sent 300, delivered 300" "$tmp/clean.err" &&
        grep -q "target->client: sent 300, delivered 300" "$tmp/clean.err"; then
        ok sigterm_prints_stats
    else bad sigterm_prints_stats "exit $rc" "$(cat "$tmp/clean.err")"; fi
else bad clean_link "netsim did not announce its port: $(cat "$tmp/clean.err")"; fi

# --- latency applies both ways ---------------------------------------------------------------
if start_netsim latency --latency 40 --jitter 10; then
    r=$(python3 "$helper" probe "$ns_port" 50 100 5 2)
    min=$(field "$r" min_rtt_ms)
    max=$(field "$r" max_rtt_ms)
    if [ "$(field "$r" unique)" = 50 ] && [ "$(field "$r" out_of_order)" = 0 ] &&
        awk -v a="$min" -v b="$max" 'BEGIN {exit !(a >= 79 && b < 400)}'; then
        ok latency
    else bad latency "$r"; fi
    stop_netsim
else bad latency "netsim did not start: $(cat "$tmp/latency.err")"; fi

# --- loss: 30% each way leaves about 49% --------------------------------------------------------
if start_netsim loss --loss 30 --seed 7; then
    r=$(python3 "$helper" probe "$ns_port" 1000 64 0.5 1)
    u=$(field "$r" unique)
    if [ -n "$u" ] && [ "$u" -ge 390 ] && [ "$u" -le 590 ]; then ok loss; else bad loss "$r"; fi
    stop_netsim
else bad loss "netsim did not start: $(cat "$tmp/loss.err")"; fi

# --- duplication and reordering show at the far end --------------------------------------------
if start_netsim dupre --dup 20 --reorder 20 --latency 5 --seed 3; then
    r=$(python3 "$helper" probe "$ns_port" 400 64 1 2)
    if [ "$(field "$r" unique)" = 400 ] && [ "$(field "$r" received)" -gt 400 ] &&
        [ "$(field "$r" out_of_order)" -gt 0 ]; then
        ok duplicate_and_reorder
    else bad duplicate_and_reorder "$r"; fi
    stop_netsim
else bad duplicate_and_reorder "netsim did not start: $(cat "$tmp/dupre.err")"; fi

# --- bandwidth: 20 x 1000 bytes through 800 kbit/s (100 kB/s) take at least 0.2 s ---------------
if start_netsim bw --bandwidth 800; then
    r=$(python3 "$helper" probe "$ns_port" 20 1000 0 3)
    if [ "$(field "$r" unique)" = 20 ] &&
        awk -v m="$(field "$r" max_rtt_ms)" 'BEGIN {exit !(m >= 190 && m < 1500)}'; then
        ok bandwidth
    else bad bandwidth "$r"; fi
    stop_netsim
else bad bandwidth "netsim did not start: $(cat "$tmp/bw.err")"; fi

# --- each client is its own peer at the target -----------------------------------------------
if start_netsim peers --max-clients 2; then
    a=$(python3 "$helper" peer "$ns_port")
    b=$(python3 "$helper" peer "$ns_port")
    c=$(python3 "$helper" peer "$ns_port") # a third client is over the limit
    pa=$(echo "$a" | sed -n 's/.*seen-as 127\.0\.0\.1:\([0-9]*\)$/\1/p')
    pb=$(echo "$b" | sed -n 's/.*seen-as 127\.0\.0\.1:\([0-9]*\)$/\1/p')
    if [ -n "$pa" ] && [ -n "$pb" ] && [ "$pa" != "$pb" ] && [ "$pa" != "$ns_port" ] &&
        [ "$c" = "no answer" ]; then
        ok distinct_peers_and_client_limit
    else bad distinct_peers_and_client_limit "$a" "$b" "$c"; fi
    stop_netsim
    if grep -q "clients seen 2" "$tmp/peers.err" && grep -q "client limit (2)" "$tmp/peers.err"; then
        ok client_limit_reported
    else bad client_limit_reported "$(cat "$tmp/peers.err")"; fi
else bad distinct_peers_and_client_limit "netsim did not start: $(cat "$tmp/peers.err")"; fi

# --- --duration ends the run by itself ---------------------------------------------------------
start=$(date +%s.%N)
"$netsim" --listen 0 --target "127.0.0.1:$echo_port" --duration 0.5 >"$tmp/dur.out" 2>"$tmp/dur.err"
rc=$?
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
if [ $rc -eq 0 ] && awk -v t="$took" 'BEGIN {exit !(t >= 0.45 && t < 5)}' &&
    [ "$(wc -l <"$tmp/dur.out")" -eq 1 ]; then
    ok duration
else bad duration "exit $rc after $took s" "$(cat "$tmp/dur.err")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
