#!/usr/bin/env bash
# A 1:1 call between the parley window (Xvfb, xdotool) and parley-cli through a real server:
# the incoming-call dialog, Return accepts, a hang-up and an Esc decline seen on both sides.
# $1: the build directory.
exec python3 "$(dirname "$0")/test_gui_call.py" "$1"
