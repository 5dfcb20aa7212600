#!/usr/bin/env bash
# kill -9 of the server in the middle of a chat burst, then a restart: every message arrives
# exactly once. Then two clients through tools/netsim at 20% loss and 50 ms jitter: 1,000
# messages each way arrive once and in order. $1: the build directory.
exec python3 "$(dirname "$0")/test_durability.py" "$1"
