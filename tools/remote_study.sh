#!/usr/bin/env bash
# remote_study.sh OUT_TGZ [bin/study options...]
#
# Runs a study on a many-core machine that has gcc and make but no network
# (how docs/ was made on a lent 16-core machine): the CPython 3.14.4
# tarball travels with the tree (PY_TARBALL, default .carry/, git-ignored),
# its sha256 is checked by pythons.sh as always, and the 3.14 and 3.14t
# builds run at the same time, each on half the cores.  STUDY_TIMEOUT=S
# bounds the study itself.  3.12 is whatever
# embeddable python3.12 that machine has (none: its cells are "missing").
# The results folder is packed into OUT_TGZ; gnuplot is not needed there:
# `bin/analyze` draws the figures wherever the folder is unpacked.
set -u
t0=$(date +%s)
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
out=${1:?usage: remote_study.sh OUT_TGZ [study options...]}
shift
tarball=${PY_TARBALL:-.carry/Python-3.14.4.tar.xz}
cache=${XDG_CACHE_HOME:-/tmp/pystudy-remote}
cpus=$(nproc)
half=$(( cpus > 1 ? cpus / 2 : 1 ))

if [ -x .pythons/3.14 ] && [ -x .pythons/3.14t ]; then
    echo "remote_study: interpreters already linked in .pythons" >&2
else
[ -f "$tarball" ] || { echo "remote_study: no $tarball (set PY_TARBALL)" >&2; exit 2; }
# One cache per build: pythons.sh builds one interpreter at a time within a
# cache (it holds a lock), and here the two should overlap.
for c in gil ft; do
    mkdir -p "$cache/$c/pystudy/src" && cp -f "$tarball" "$cache/$c/pystudy/src/" || exit 1
done
XDG_CACHE_HOME=$cache/gil JOBS=$half PY314T=/nonexistent tools/pythons.sh 2>&1 | grep -v "given by the user" &
XDG_CACHE_HOME=$cache/ft JOBS=$half PY312=/nonexistent PY314=/nonexistent tools/pythons.sh 2>&1 |
    grep -v "given by the user" &
wait
echo "remote_study: interpreters after $(( $(date +%s) - t0 )) s: $(ls .pythons 2>/dev/null | tr '\n' ' ')" >&2
fi
make --no-print-directory -j"$cpus" all >/dev/null || { echo "remote_study: build failed" >&2; exit 1; }
nproc; uptime
# STUDY_TIMEOUT=S: interrupt the study after S seconds (SIGINT: it stops
# after the run in progress and keeps every row), so the results are packed
# within a lease; DEADLINE_S=S instead counts from this script's start,
# the interpreters' build included (PACK_S, default 30, left for packing).
if [ -n "${DEADLINE_S:-}" ]; then
    STUDY_TIMEOUT=$(( DEADLINE_S - ($(date +%s) - t0) - ${PACK_S:-30} ))
    [ "$STUDY_TIMEOUT" -gt 0 ] || { echo "remote_study: no time left for the study" >&2; exit 1; }
    echo "remote_study: the study gets $STUDY_TIMEOUT s" >&2
fi
if [ -n "${STUDY_TIMEOUT:-}" ]; then
    timeout -s INT "$STUDY_TIMEOUT" bin/study --out results "$@"
else
    bin/study --out results "$@"
fi
rc=$?
dir=$(cd results/latest 2>/dev/null && pwd -P) || dir=$(ls -dt results/2* 2>/dev/null | head -n 1)
[ -n "$dir" ] && tar -czf "$out" -C "$(dirname "$dir")" "$(basename "$dir")"
exit $rc
