#!/usr/bin/env bash
# Puts Parley in the desktop's application menu for the current user: the .desktop files
# (assets/linux) go to ~/.local/share/applications with Exec pointing at the built programs'
# absolute paths, and the icons (assets/icons, made by tools/iconmaker) to
# ~/.local/share/icons/hicolor/NxN/apps. Nothing needs root and nothing is built here.
#
#   tools/install-desktop.sh [BUILD_DIR]     install (BUILD_DIR defaults to build/release)
#   tools/install-desktop.sh --uninstall     remove what an install put there
#
# $XDG_DATA_HOME is used instead of ~/.local/share when it is set. A program that is not built
# yet (the GUI client, say) is skipped with a note; run the script again after building it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps=$data/applications
icons=$data/icons/hicolor
sizes="16 24 32 48 64 128 256 512"
names="parley parley-server"

# Desktop Entry spec: the path is double-quoted with ", `, $ and \ escaped by a backslash;
# then the value's own string escaping doubles every backslash, and % becomes %%.
exec_quote() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//\`/\\\`}
    s=${s//\$/\\\$}
    s=${s//\\/\\\\}
    s=${s//%/%%}
    printf '"%s"' "$s"
}

refresh() {
    # menus and icon caches notice new files by their folders' times; the tools are optional
    touch "$apps" "$icons" 2>/dev/null || true
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$apps" || true
    fi
    if [ -f "$icons/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$icons" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    for name in $names; do
        rm -f "$apps/$name.desktop"
        for n in $sizes; do rm -f "$icons/${n}x${n}/apps/$name.png"; done
    done
    refresh
    echo "removed Parley's menu entries and icons from $data"
    exit 0
fi
case "${1:-}" in -*) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac

build=${1:-build/release}
case "$build" in /*) ;; *) build=$root/$build ;; esac
if [ ! -d "$build" ]; then
    echo "install-desktop: no build in $build; build first (make), or name the build folder" >&2
    exit 1
fi
build=$(cd "$build" && pwd)

for name in $names; do
    for n in $sizes; do
        if [ ! -f "$root/assets/icons/$name-$n.png" ]; then
            echo "install-desktop: assets/icons/$name-$n.png is missing; run iconmaker" \
                "(build/release/iconmaker) from the repository root" >&2
            exit 1
        fi
    done
done

mkdir -p "$apps"
installed=0
for name in $names; do
    bin=$build/$name
    if [ ! -x "$bin" ]; then
        echo "install-desktop: $bin is not built yet; skipping its menu entry"
        continue
    fi
    for n in $sizes; do
        mkdir -p "$icons/${n}x${n}/apps"
        cp "$root/assets/icons/$name-$n.png" "$icons/${n}x${n}/apps/$name.png"
    done
    quoted=$(exec_quote "$bin")
    tmp=$(mktemp "$apps/.$name.XXXXXX")
    # Exec keeps its arguments (parley-server --gui); TryExec hides the entry if the build goes
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
        Exec=*) printf 'Exec=%s%s\n' "$quoted" "${line#Exec="$name"}" ;;
        TryExec=*) printf 'TryExec=%s\n' "$bin" ;;
        *) printf '%s\n' "$line" ;;
        esac
    done <"$root/assets/linux/$name.desktop" >"$tmp"
    chmod 644 "$tmp"
    mv "$tmp" "$apps/$name.desktop"
    if command -v desktop-file-validate >/dev/null 2>&1; then
        desktop-file-validate "$apps/$name.desktop"
    fi
    echo "installed $apps/$name.desktop -> $bin"
    installed=$((installed + 1))
done
refresh
if [ "$installed" -eq 0 ]; then
    echo "install-desktop: nothing was installed: build parley or parley-server first" >&2
    exit 1
fi
echo "icons in $icons/NxN/apps (N = ${sizes// /, })"
