#!/usr/bin/env bash
# Room voice end to end through real parley-server and parley-cli processes on 127.0.0.1:
# espeak-ng speech in, recordings out through SDL's disk audio driver, at 0% and 10% loss;
# silence sends nothing; another room hears nothing. $1: the build directory.
exec python3 "$(dirname "$0")/test_voice.py" "$1"
