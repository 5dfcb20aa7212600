#!/usr/bin/env bash
# Voice notes and /play with real parley-server and parley-cli processes on 127.0.0.1: a note
# from a WAV, fetched and saved by another client and correlated with its source; history
# after a server restart; a WAV streamed into a room's voice. $1: the build directory.
exec python3 "$(dirname "$0")/test_note.py" "$1"
