#!/usr/bin/env bash
# Writes the UI toolkit's screenshots: the gallery screen at 1280x720, 800x600 and 2x scale,
# light and dark, with the dialog, a toast and a tooltip. Each is checked by ui_check (uidemo
# exits non-zero on layout problems), so this doubles as a test.
#   tools/uidemo/screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build/release}
out=${2:-tools/uidemo/screenshots}
demo="$build/uidemo"
mkdir -p "$out"
"$demo" --screenshot "$out/chat-1280x720.png" --size 1280x720 --toast
"$demo" --screenshot "$out/chat-800x600-dark.png" --size 800x600 --theme dark
"$demo" --screenshot "$out/chat-2x-2560x1440.png" --size 2560x1440 --scale 2
"$demo" --screenshot "$out/widgets-1280x720-dark-dialog.png" --size 1280x720 --theme dark \
    --page widgets --dialog
"$demo" --screenshot "$out/widgets-800x600-tooltip.png" --size 800x600 --page widgets \
    --hover 731,26
"$demo" --screenshot "$out/widgets-2x-1600x1200.png" --size 1600x1200 --scale 2 --page widgets
# the screen shown when no font can be loaded (exit code 2 is expected here)
"$demo" --screenshot "$out/no-font-800x600.png" --size 800x600 --font /nonexistent/font.ttf \
    >/dev/null 2>&1 || [ $? -eq 2 ]
echo "screenshots in $out"
