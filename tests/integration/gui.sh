#!/usr/bin/env bash
# The GUI client under Xvfb: a real parley window, parley-server and parley-cli, driven with
# xdotool; hosting a server from the window; discovery on the start screen. $1: the build dir.
exec python3 "$(dirname "$0")/test_gui.py" "$1"
