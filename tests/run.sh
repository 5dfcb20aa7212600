#!/usr/bin/env bash
# Runs every test program of a build and prints the total as "N passed, N failed".
#   tests/run.sh build/test
# Unit tests: build/test/tests/*. Integration tests: tests/integration/*.sh, given the build
# directory. Fuzz targets: build/fuzz/*, each for FUZZ_SECONDS (default 15) on its corpus.
set -u
build=${1:-build/test}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0
failed=0
failures=()
log=$(mktemp -d)

count() { # name, output file, exit code
    local name=$1 out=$2 rc=$3 p f line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    p=$(echo "$line" | awk '{print $1+0}')
    f=$(echo "$line" | awk '{print $3+0}')
    if [ -z "$line" ]; then p=0; f=1; fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        failures+=("$name")
        echo "---- $name failed (exit $rc); its output:"
        tail -n 60 "$out"
    fi
    printf '%-40s %s passed, %s failed\n' "$name" "$p" "$f"
}

for t in "$root/$build"/tests/*; do
    [ -x "$t" ] || continue
    name=unit/$(basename "$t")
    out="$log/$(basename "$t").out"
    (cd "$root" && timeout 600 "$t") >"$out" 2>&1
    count "$name" "$out" $?
done

for t in "$here"/integration/*.sh; do
    [ -f "$t" ] || continue
    name=integration/$(basename "$t" .sh)
    out="$log/$(basename "$t").out"
    (cd "$root" && timeout 900 bash "$t" "$root/$build") >"$out" 2>&1
    count "$name" "$out" $?
done

if [ -d "$root/build/fuzz" ]; then
    for t in "$root"/build/fuzz/*; do
        [ -x "$t" ] || continue
        name=fuzz/$(basename "$t")
        out="$log/$(basename "$t").fuzz.out"
        corpus="$log/corpus-$(basename "$t")"
        mkdir -p "$corpus"
        seeds="$here/fuzz/corpus/$(basename "$t")"
        [ -d "$seeds" ] && cp "$seeds"/* "$corpus"/ 2>/dev/null
        (cd "$root" && timeout 300 "$t" -max_total_time="${FUZZ_SECONDS:-15}" -seed=1 \
            -max_len=4096 "$corpus") >"$out" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then echo "1 passed, 0 failed" >>"$out"; else echo "0 passed, 1 failed" >>"$out"; fi
        count "$name" "$out" $rc
    done
fi

rm -rf "$log"
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
