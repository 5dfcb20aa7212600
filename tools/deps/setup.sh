#!/usr/bin/env bash
# Installs what Parley's build and tests need through the system's package manager:
# apt-get (Debian/Ubuntu), dnf (Fedora), pacman (Arch) or brew (macOS).
#
#   tools/deps/setup.sh           install whatever is missing (quick no-op when all is there)
#   tools/deps/setup.sh --check   only report what is missing; exit 1 if anything is
#
# Libraries and their package names come from tools/deps/libs.txt (one column per
# manager), the same list the Makefile, premake5.lua and vcpkg.json use. The build and
# test tools are listed in tool_packages below. Every requirement is checked by what it
# does (pkg-config --exists, a compile-and-link test, a file), so a library installed
# some other way counts too; only the packages behind failing checks are installed, and
# everything is checked again afterwards.
#
# Environment: PARLEY_PKG_MANAGER=apt|dnf|pacman|brew overrides detection.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
libs_txt="$here/libs.txt"
check_only=0
case "${1:-}" in
--check) check_only=1 ;;
"") ;;
-h | --help)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
*)
    echo "setup.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

say() { printf 'setup: %s\n' "$*"; }
die() {
    printf 'setup: error: %s\n' "$*" >&2
    exit 1
}

# ---- package manager ----------------------------------------------------------------
detect_manager() {
    if [ -n "${PARLEY_PKG_MANAGER:-}" ]; then
        echo "$PARLEY_PKG_MANAGER"
    elif [ "$(uname -s)" = Darwin ]; then
        command -v brew >/dev/null 2>&1 && echo brew
    elif command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
        echo apt
    elif command -v dnf >/dev/null 2>&1; then
        echo dnf
    elif command -v pacman >/dev/null 2>&1; then
        echo pacman
    elif command -v brew >/dev/null 2>&1; then
        echo brew
    fi
}
pm=$(detect_manager)
case "$pm" in
apt) col=3 ;;
dnf) col=4 ;;
pacman) col=5 ;;
brew) col=6 ;;
"") die "no known package manager found (looked for apt-get, dnf, pacman, brew).
  Install these by hand, then run 'make': a C11 compiler, make, pkg-config, clang with
  libFuzzer, python3, a TTF font, and the libraries listed in $libs_txt." ;;
*) die "PARLEY_PKG_MANAGER='$pm' is not one of apt, dnf, pacman, brew" ;;
esac

# Build/test tool packages per manager, by the check they satisfy.
#   cc       C compiler + libc headers, with ASan/UBSan runtimes (make test uses them)
#   make, pkgconfig, python3, font: as named
#   fuzzer   clang plus its libFuzzer runtime (make fuzz)
#   xvfb, xdotool  a headless X server and a keyboard/mouse driver (GUI tests)
#   speech, sox    espeak-ng and sox: speech and tones for the voice tests
tool_packages() { # check-name -> package names for $pm ("" = nothing to install)
    case "$pm:$1" in
    apt:cc) echo build-essential ;;
    apt:make) echo make ;;
    apt:pkgconfig) echo pkg-config ;;
    apt:fuzzer) echo clang ;; # the runtime package is found by apt_fuzzer_runtime
    apt:python3) echo python3 ;;
    apt:font) echo fonts-dejavu-core ;;
    apt:xvfb) echo xvfb xfonts-base xauth ;; # without recommends, Xvfb may lack its "fixed" font
    apt:xdotool) echo xdotool ;;
    apt:speech) echo espeak-ng ;;
    apt:sox) echo sox ;;
    dnf:cc) echo gcc glibc-devel libasan libubsan ;;
    dnf:make) echo make ;;
    dnf:pkgconfig) echo pkgconf-pkg-config ;;
    dnf:fuzzer) echo clang compiler-rt ;;
    dnf:python3) echo python3 ;;
    dnf:font) echo dejavu-sans-fonts ;;
    dnf:xvfb) echo xorg-x11-server-Xvfb ;;
    dnf:xdotool) echo xdotool ;;
    dnf:speech) echo espeak-ng ;;
    dnf:sox) echo sox ;;
    pacman:cc) echo gcc ;;
    pacman:make) echo make ;;
    pacman:pkgconfig) echo pkgconf ;;
    pacman:fuzzer) echo clang compiler-rt ;;
    pacman:python3) echo python ;;
    pacman:font) echo ttf-dejavu ;;
    pacman:xvfb) echo xorg-server-xvfb ;;
    pacman:xdotool) echo xdotool ;;
    pacman:speech) echo espeak-ng ;;
    pacman:sox) echo sox ;;
    brew:pkgconfig) echo pkgconf ;;
    brew:fuzzer) echo llvm ;; # Apple's clang has no libFuzzer; Homebrew's llvm has
    brew:python3) echo python ;;
    brew:font) echo cask:font-dejavu ;;
    brew:speech) echo espeak-ng ;;
    brew:sox) echo sox ;;
    *) echo "" ;; # brew:cc and brew:make come with the Xcode command line tools
    esac
}

# ---- checks -------------------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' >"$tmp/hello.c"
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    >"$tmp/fuzz.c"

check() { # check-name -> status 0 when satisfied
    case "$1" in
    cc)
        command -v "${CC:-cc}" >/dev/null 2>&1 &&
            "${CC:-cc}" -std=c11 -fsanitize=address,undefined "$tmp/hello.c" -o "$tmp/hello" \
                >/dev/null 2>&1
        ;;
    make) command -v make >/dev/null 2>&1 ;;
    pkgconfig) command -v pkg-config >/dev/null 2>&1 ;;
    fuzzer)
        command -v clang >/dev/null 2>&1 &&
            clang -fsanitize=fuzzer,address,undefined "$tmp/fuzz.c" -o "$tmp/fuzz" >/dev/null 2>&1
        ;;
    python3) command -v python3 >/dev/null 2>&1 && python3 -c 'import sys' >/dev/null 2>&1 ;;
    font) [ -n "$(find_font)" ] ;;
    xvfb) command -v Xvfb >/dev/null 2>&1 ;;
    xdotool) command -v xdotool >/dev/null 2>&1 ;;
    speech) command -v espeak-ng >/dev/null 2>&1 ;;
    sox) command -v sox >/dev/null 2>&1 ;;
    lib:-) stb_header >/dev/null ;;
    lib:*) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "${1#lib:}" ;;
    *) return 1 ;;
    esac
}
find_font() {
    local d
    for d in /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts" \
        "$HOME/.fonts" /Library/Fonts "$HOME/Library/Fonts"; do
        [ -d "$d" ] || continue
        find "$d" -name 'DejaVuSans.ttf' -print 2>/dev/null | head -n 1
    done | head -n 1
}
stb_header() { # the Makefile adds -I/usr/include/stb; Fedora and Arch use the same place
    local f
    for f in /usr/include/stb/stb_image.h /usr/include/stb_image.h \
        /usr/local/include/stb/stb_image.h /usr/local/include/stb_image.h; do
        [ -f "$f" ] && echo "$f" && return 0
    done
    return 1
}

# Libraries: "lib:<pkg-config name>" -> package in this manager's column of libs.txt.
# (Plain indexed arrays and no mapfile: macOS still ships bash 3.2.)
lib_checks=()
lib_packages=()
while read -r line; do
    case "$line" in '#'* | '') continue ;; esac
    # shellcheck disable=SC2086
    set -- $line
    [ $# -ge 7 ] || die "$libs_txt: expected 7 columns in: $line"
    pc=$1
    pkg=${!col}
    [ "$pc" = - ] && key="lib:-" || key="lib:$pc"
    lib_checks+=("$key")
    lib_packages+=("$pkg")
done <"$libs_txt"
lib_package() { # check name -> package
    local i
    for i in "${!lib_checks[@]}"; do
        [ "${lib_checks[$i]}" = "$1" ] && echo "${lib_packages[$i]}" && return 0
    done
}
lines_to() { # array-name: reads lines from stdin into the array (bash 3.2's mapfile)
    local __l
    eval "$1=()"
    while IFS= read -r __l; do eval "$1+=(\"\$__l\")"; done
}

run_checks() { # prints the names of failing checks
    local c
    for c in cc make pkgconfig fuzzer python3 font xvfb xdotool speech sox "${lib_checks[@]}"; do
        check "$c" || echo "$c"
    done
}
describe() {
    case "$1" in
    cc) echo "C compiler with AddressSanitizer/UBSan (${CC:-cc})" ;;
    make) echo "make" ;;
    pkgconfig) echo "pkg-config" ;;
    fuzzer) echo "clang with libFuzzer (clang -fsanitize=fuzzer)" ;;
    python3) echo "python3" ;;
    font) echo "a TTF font (DejaVuSans.ttf)" ;;
    xvfb) echo "Xvfb, a headless X server (GUI tests)" ;;
    xdotool) echo "xdotool (GUI tests)" ;;
    speech) echo "espeak-ng (voice tests)" ;;
    sox) echo "sox (voice tests)" ;;
    lib:-) echo "stb headers (stb_image.h)" ;;
    lib:*) echo "library ${1#lib:} (pkg-config)" ;;
    esac
}

# ---- install helpers ----------------------------------------------------------------
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        if [ -t 0 ] && [ -z "${CI:-}" ]; then sudo "$@"; else sudo -n "$@"; fi
    else
        die "installing packages needs root: run this as root, or install sudo"
    fi
}
not_installed() { # package names -> those the manager does not have installed
    local p
    case "$pm" in
    apt)
        for p in "$@"; do
            [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || echo "$p"
        done
        ;;
    dnf) for p in "$@"; do rpm -q --quiet "$p" 2>/dev/null || echo "$p"; done ;;
    pacman) pacman -T "$@" 2>/dev/null || true ;;
    brew)
        for p in "$@"; do
            case "$p" in
            cask:*) brew list --cask "${p#cask:}" >/dev/null 2>&1 || echo "$p" ;;
            *) brew list --formula "$p" >/dev/null 2>&1 || echo "$p" ;;
            esac
        done
        ;;
    esac
}
apt_updated=0
pm_install() { # package names (all missing)
    [ $# -gt 0 ] || return 0
    say "installing with $pm: $*"
    case "$pm" in
    apt)
        if [ $apt_updated -eq 0 ]; then
            as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
            apt_updated=1
        fi
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends -o Dpkg::Options::=--force-confdef \
            -o Dpkg::Options::=--force-confold "$@"
        ;;
    dnf) as_root dnf install -y "$@" ;;
    pacman)
        # A fresh Arch image has no sync databases yet; otherwise leave upgrades to the user.
        if ! ls /var/lib/pacman/sync/*.db >/dev/null 2>&1; then as_root pacman -Sy --noconfirm; fi
        as_root pacman -S --needed --noconfirm "$@"
        ;;
    brew)
        [ "$(id -u)" -ne 0 ] || die "Homebrew refuses to run as root; run setup as your own user"
        local formulae=() casks=() p
        for p in "$@"; do
            case "$p" in cask:*) casks+=("${p#cask:}") ;; *) formulae+=("$p") ;; esac
        done
        if [ ${#formulae[@]} -gt 0 ]; then HOMEBREW_NO_AUTO_UPDATE=1 brew install "${formulae[@]}"; fi
        if [ ${#casks[@]} -gt 0 ]; then HOMEBREW_NO_AUTO_UPDATE=1 brew install --cask "${casks[@]}"; fi
        ;;
    esac
}
packages_for() { # check names -> package names (deduplicated, "-" dropped)
    local c
    for c in "$@"; do
        case "$c" in
        lib:*) lib_package "$c" ;;
        *) tool_packages "$c" | tr ' ' '\n' ;;
        esac
    done | awk 'NF && $0 != "-" && !seen[$0]++'
}
apt_fuzzer_runtime() { # the Debian/Ubuntu package that carries libclang_rt.fuzzer
    local v p
    v=$(clang -dumpversion 2>/dev/null | cut -d. -f1) || return 0
    for p in "libclang-rt-$v-dev" libclang-rt-dev "libclang-common-$v-dev"; do
        if [ -n "$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ]; then
            if [ -n "$(not_installed "$p")" ]; then
                echo "$p"
                return 0
            fi
        fi
    done
}

wanted_packages() { # failing check names -> packages to install
    packages_for "$@"
    # clang is there but its libFuzzer runtime is not: on Debian/Ubuntu that is a separate
    # package whose name carries the clang version (libclang-rt-14-dev on bookworm).
    case " $* " in
    *" fuzzer "*) [ "$pm" != apt ] || ! command -v clang >/dev/null 2>&1 || apt_fuzzer_runtime ;;
    esac
}

# ---- main ---------------------------------------------------------------------------
failing=() wanted=() to_install=() still=()
lines_to failing < <(run_checks)
if [ ${#failing[@]} -eq 0 ]; then
    say "all build and test dependencies are present ($pm)"
    exit 0
fi
for c in "${failing[@]}"; do say "missing: $(describe "$c")"; done
lines_to wanted < <(wanted_packages "${failing[@]}")
lines_to to_install < <(not_installed "${wanted[@]+"${wanted[@]}"}")
if [ $check_only -eq 1 ]; then
    [ ${#to_install[@]} -eq 0 ] || say "would install with $pm: ${to_install[*]}"
    exit 1
fi
pm_install "${to_install[@]+"${to_install[@]}"}"

# clang was only installed just now: look for its libFuzzer runtime package again.
if [ "$pm" = apt ] && command -v clang >/dev/null 2>&1 && ! check fuzzer; then
    rt=$(apt_fuzzer_runtime)
    [ -z "$rt" ] || pm_install "$rt"
fi

lines_to still < <(run_checks)
fatal=()
for c in "${still[@]+"${still[@]}"}"; do
    case "$pm:$c" in
    brew:fuzzer)
        if [ -x "$(brew --prefix llvm 2>/dev/null)/bin/clang" ]; then
            say "warning: 'clang' on PATH has no libFuzzer (Apple's clang). For make fuzz/test, run:"
            say "    export PATH=\"$(brew --prefix llvm)/bin:\$PATH\""
        else
            fatal+=("$c")
        fi
        ;;
    brew:lib:-) say "warning: Homebrew has no stb package; the build uses stb headers found elsewhere" ;;
    *:font) say "warning: no DejaVuSans.ttf found; install a TTF font (fonts-dejavu-core on Debian)" ;;
    brew:xvfb | brew:xdotool) say "warning: no Xvfb/xdotool on macOS: the GUI integration test is skipped" ;;
    *) fatal+=("$c") ;;
    esac
done
if [ ${#fatal[@]} -gt 0 ]; then
    for c in "${fatal[@]}"; do printf 'setup: still missing: %s\n' "$(describe "$c")" >&2; done
    die "some requirements are still missing after installing packages (see above)"
fi
say "all build and test dependencies are present ($pm)"
