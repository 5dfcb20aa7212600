#!/usr/bin/env bash
# Starts a Parley server on this machine and connects a client to it as a guest.
#
#   tools/run-local.sh [BUILD_DIR] [client arguments...]     (BUILD_DIR: build/release)
#
# The server listens on a free port (--port 0) with its data in
# ${XDG_DATA_HOME:-~/.local/share}/parley/server and announces itself on stdout with a
# line containing "listening" and "port N". Then the GUI client (BUILD_DIR/parley) starts
# when it exists and a display is available, otherwise the terminal client
# (BUILD_DIR/parley-cli), in the foreground. The server stops when the client exits.
# Environment: PARLEY_GUEST (default $USER), PARLEY_START_TIMEOUT seconds (default 15).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build/release}
[ $# -eq 0 ] || shift
case "$build" in /*) ;; *) build="$root/$build" ;; esac

die() {
    printf 'run-local: %s\n' "$*" >&2
    exit 1
}
need() { # program path, what it is
    [ -x "$1" ] || die "$2 not found at $1.
  Build it with ./parley.sh setup (or make). If it is still missing, that program is not
  written yet: the Makefile only builds it once its folder has .c files."
}

server="$build/parley-server"
need "$server" "the server (parley-server)"

have_display() {
    case "$(uname -s)" in
    Darwin | MINGW* | MSYS* | CYGWIN*) return 0 ;;
    esac
    [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]
}
if [ -x "$build/parley" ] && have_display; then
    client="$build/parley"
else
    need "$build/parley-cli" "the terminal client (parley-cli)"
    client="$build/parley-cli"
    if [ -x "$build/parley" ]; then
        echo "run-local: no display (DISPLAY/WAYLAND_DISPLAY unset), using the terminal client"
    fi
fi

data="${XDG_DATA_HOME:-$HOME/.local/share}/parley/server"
mkdir -p "$data"
guest=${PARLEY_GUEST:-${USER:-$(id -un)}}
timeout=${PARLEY_START_TIMEOUT:-15}

log=$(mktemp "${TMPDIR:-/tmp}/parley-server.XXXXXX")
server_pid=
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        # give it a moment to close its store cleanly, then insist
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap 'stop_server' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# stdbuf keeps the server's stdout line-buffered into the log where it exists (GNU
# coreutils); the server should still fflush its "listening" line itself.
launcher=()
if command -v stdbuf >/dev/null 2>&1; then launcher=(stdbuf -oL -eL); fi
"${launcher[@]+"${launcher[@]}"}" "$server" --port 0 --data "$data" >"$log" 2>&1 </dev/null &
server_pid=$!

port=
deadline=$((SECONDS + timeout))
while [ -z "$port" ]; do
    line=$(grep -m 1 'listening' "$log" 2>/dev/null || true)
    if [[ $line =~ port\ ([0-9]+) ]]; then
        port=${BASH_REMATCH[1]}
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        wait "$server_pid" 2>/dev/null && rc=0 || rc=$?
        server_pid=
        echo "run-local: the server exited (status $rc) before it was listening; its output:" >&2
        sed 's/^/  | /' "$log" >&2
        exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
        echo "run-local: no 'listening ... port N' line from the server within ${timeout}s; its output:" >&2
        sed 's/^/  | /' "$log" >&2
        exit 1
    fi
    sleep 0.1
done

echo "run-local: server listening on 127.0.0.1:$port (pid $server_pid, data $data, log $log)"
echo "run-local: starting $(basename "$client") as guest '$guest'"
set +e
"$client" --server "127.0.0.1:$port" --guest "$guest" "$@"
rc=$?
set -e
stop_server
echo "run-local: client exited (status $rc); server stopped; its log: $log"
exit $rc
