#!/usr/bin/env bash
# parley-server as an operator meets it: flags, config file, console, clean shutdown; and
# the client-side behaviours around it: rate limits, history, leave, logout/login, resume
# after a network cut. $1: the build directory.
exec python3 "$(dirname "$0")/test_server.py" "$1"
