#!/usr/bin/env bash
# 1:1 calls with real parley-server and parley-cli processes on 127.0.0.1: ring, accept,
# decline, busy, time-out, hang-up, a call resumed after a dead link, and call audio that
# reaches the peer and never a third client in the same room. $1: the build directory.
exec python3 "$(dirname "$0")/test_call.py" "$1"
