#!/usr/bin/env bash
# mutants.sh - the mutation table: does the test suite notice a wrong number?
#
#   tools/mutants.sh [NAME...]            run every tests/mutants/*.patch (or those named)
#   tools/mutants.sh new NAME SUITES WHAT FILE...
#                                         turn the hand-made mistake now in FILE...
#                                         into tests/mutants/NAME.patch, and undo it
#
# Each patch in tests/mutants/ makes one plausible mistake (the median
# replaced by the mean, a signal ignored, ...).  Its header names the suites
# that must catch it:
#   # mutant: the median replaced by the mean
#   # suites: analysis statistics,statistics
# (the names of tests/unit.c's STUDY_SUITES; "fold-check" runs `make
# fold-check`).  For each mutant: copy the tree (tracked and untracked, not
# ignored, files; the build folder too, so only what the patch touches is
# rebuilt) into build/mutants/NAME, apply the patch (no fuzz: a patch that no
# longer applies is reported STALE, never skipped), build, run only those
# suites, and print one line:
#   killed NAME (by SUITE/TEST)      a test failed: the mistake is caught
#   SURVIVED NAME                    every test passed: a test is missing
#   STALE NAME / BROKEN NAME         the patch no longer applies / builds
# The exit status is 0 only when every mutant is killed.
#
# Environment: MUTANT_TIMEOUT (seconds per mutant's test run, default 900),
# MUTANTS_KEEP=1 keeps build/mutants/NAME, V=1 shows the build and the tests.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
table=tests/mutants
MAKE=${MAKE:-make}

die() { echo "mutants: $*" >&2; exit 2; }

header() { # header FIELD FILE: the value of "# FIELD: value"
    sed -n "s/^# $1: *//p" "$2" | head -n 1
}

if [ "${1:-}" = new ]; then
    [ $# -ge 5 ] || die "usage: tools/mutants.sh new NAME SUITES WHAT FILE..."
    name=$2 suites=$3 what=$4
    shift 4
    out=$table/$name.patch
    [ -e "$out" ] && die "$out exists"
    diff=$(git diff -U1 -- "$@" | grep -v '^index ')
    [ -n "$diff" ] || die "no change in $* to record (make the mistake by hand first)"
    mkdir -p "$table"
    { printf '# mutant: %s\n# suites: %s\n' "$what" "$suites"; printf '%s\n' "$diff"; } > "$out"
    git diff -U1 -- "$@" | git apply -R || die "could not undo the change in $*; the patch is in $out"
    echo "mutants: wrote $out; run: tools/mutants.sh $name"
    exit 0
fi

command -v patch > /dev/null || die "needs patch (apt-get install patch)"
if [ $# -gt 0 ]; then
    mutants=()
    for n in "$@"; do
        [ -f "$table/$n.patch" ] || die "no $table/$n.patch"
        mutants+=("$table/$n.patch")
    done
else
    mutants=("$table"/*.patch)
    [ -f "${mutants[0]}" ] || die "no mutants in $table"
fi

# The tree as it is, built: every scratch copy starts from these objects.
quiet() { if [ "${V:-0}" = 1 ]; then "$@"; else "$@" > /dev/null 2>&1; fi; }
quiet "$MAKE" --no-print-directory test-bins || die "the unmutated tree does not build: run make test-bins"
build=$("$MAKE" --no-print-directory -s print-BUILD)
unit=$("$MAKE" --no-print-directory -s print-UNIT)
pythons=$(cd "$("$MAKE" --no-print-directory -s print-PYTHONS_DIR)" 2> /dev/null && pwd -P || echo /nonexistent)

survived=0 failed=0 killed=0
cleanup() { [ "${MUTANTS_KEEP:-0}" = 1 ] || rm -rf "$1" "$1.log" "$1.log.fold" "$1.patch.log"; }
for m in "${mutants[@]}"; do
    name=$(basename "$m" .patch)
    suites=$(header suites "$m")
    [ -n "$suites" ] || { echo "BROKEN $name (no '# suites:' line)"; failed=$((failed + 1)); continue; }
    scratch=build/mutants/$name
    rm -rf "$scratch"
    mkdir -p "$scratch/build"
    # Tracked and new files as they are now (mtimes kept), and the build.
    git ls-files -z --cached --others --exclude-standard |
        tar --null -T - --ignore-failed-read -cf - 2> /dev/null | tar -xf - -C "$scratch"
    cp -a "$build" "$scratch/build/"
    [ -d bin ] && cp -a bin "$scratch/"
    if ! patch -d "$scratch" -p1 -F0 -N -s --no-backup-if-mismatch -r - < "$m" > "$scratch.patch.log" 2>&1; then
        echo "STALE $name (the patch no longer applies: $(head -n 1 "$scratch.patch.log"))"
        failed=$((failed + 1))
        cleanup "$scratch"
        continue
    fi
    # Only what the patch touched is rebuilt (make sees newer sources).
    if ! quiet "$MAKE" -C "$scratch" --no-print-directory test-bins PYTHONS_DIR=/nonexistent; then
        echo "BROKEN $name (does not build)"
        failed=$((failed + 1))
        cleanup "$scratch"
        continue
    fi
    log=$scratch.log
    by=""
    if [ "$suites" = fold-check ] || [[ ",$suites," == *",fold-check,"* ]]; then
        if ! "$MAKE" -C "$scratch" --no-print-directory fold-check PYTHONS_DIR=/nonexistent > "$log.fold" 2>&1; then
            by="fold-check/$(grep -m1 'HAS NO LOOP' "$log.fold" | sed 's/^fold-check \[\([^]]*\)\].*/\1/')"
        fi
        [ "${V:-0}" = 1 ] && cat "$log.fold"
        suites=$(printf '%s' ",$suites," | sed 's/,fold-check,/,/g; s/^,//; s/,$//')
    fi
    if [ -z "$by" ] && [ -n "$suites" ]; then
        (cd "$scratch" && STUDY_BIN=bin STUDY_PY_TAGS="" PYTHONS_DIR="$pythons" STUDY_SUITES="$suites" \
            timeout -k 10 "${MUTANT_TIMEOUT:-900}" "$unit") > "$log" 2>&1
        rc=$?
        [ "${V:-0}" = 1 ] && cat "$log"
        # The first test that failed, from CUnit's verbose lines.
        by=$(awk '
            /^Suite: / { suite = substr($0, 8) }
            /^  Test: / { test = substr($0, 9); sub(/ \.\.\..*$/, "", test) }
            /\.\.\.FAILED$|^FAILED$/ { print suite "/" test; exit }' "$log")
        if [ -z "$by" ] && [ $rc -ne 0 ]; then
            last=$(awk '/^Suite: /{s=substr($0,8)} /^  Test: /{t=substr($0,9); sub(/ \.\.\..*$/,"",t)} END{print s "/" t}' "$log")
            case $rc in
            124 | 137) by="a timeout in $last" ;;
            *) grep -q '^unit: .* tests run' "$log" && by="the suite's setup (exit $rc)" || by="a crash in $last (exit $rc)" ;;
            esac
        fi
    fi
    if [ -n "$by" ]; then
        echo "killed $name (by $by)"
        killed=$((killed + 1))
    else
        echo "SURVIVED $name: $(header mutant "$m") (suites: $(header suites "$m"))"
        survived=$((survived + 1))
    fi
    cleanup "$scratch"
done
echo "mutants: ${#mutants[@]} mutants: $killed killed, $survived survived, $failed stale or broken"
[ $survived -eq 0 ] && [ $failed -eq 0 ]
