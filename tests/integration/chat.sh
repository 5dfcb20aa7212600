#!/usr/bin/env bash
# Real parley-server and parley-cli processes on 127.0.0.1: accounts, rooms, presence, chat,
# DMs, moderation, bad input, discovery and identity pinning. $1: the build directory.
exec python3 "$(dirname "$0")/test_chat.py" "$1"
