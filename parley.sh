#!/usr/bin/env bash
# Parley's entry script on Linux and macOS (Windows: build.bat).
#
#   ./parley.sh run     install missing dependencies, build, start a local server + client
#                       (extra arguments go to the client)
#   ./parley.sh test    install missing dependencies, build, run every test (make test)
#   ./parley.sh setup   install missing dependencies (tools/deps/setup.sh), then build (make)
#   ./parley.sh help    this text
#
# Environment: PARLEY_JOBS=N parallel make jobs (default: number of CPUs);
#              PARLEY_SKIP_DEPS=1 skips the package step (you manage dependencies yourself).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

jobs=${PARLEY_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
make=${MAKE:-make}

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

setup() {
    if [ "${PARLEY_SKIP_DEPS:-}" = 1 ]; then
        echo "parley: PARLEY_SKIP_DEPS=1, not checking system packages"
    else
        bash tools/deps/setup.sh
    fi
    command -v "$make" >/dev/null 2>&1 || {
        echo "parley: '$make' not found; tools/deps/setup.sh should have installed it" >&2
        exit 1
    }
    "$make" -j"$jobs"
}

cmd=${1:-help}
[ $# -eq 0 ] || shift
case "$cmd" in
setup) setup ;;
run)
    setup
    exec bash tools/run-local.sh build/release "$@"
    ;;
test)
    setup
    "$make" -j"$jobs" test
    ;;
help | -h | --help) usage ;;
*)
    echo "parley: unknown command '$cmd'" >&2
    usage >&2
    exit 2
    ;;
esac
