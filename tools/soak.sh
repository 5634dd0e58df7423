#!/usr/bin/env bash
# soak.sh - the embedded host over many repetitions in one process, for
# every interpreter and mode, at T = 4: the process's peak RSS (maxrss_kib,
# for multiprocessing plus its children's peaks) must not grow by more than
# LIMIT_PCT after the first WARM repetitions, i.e. sub-interpreters, thread
# states and Python objects are really freed between repetitions.
# A benchmark, not a unit test: `make soak` (or tools/soak.sh BIN_DIR).
set -u
bin=${1:-bin}
reps=${SOAK_REPS:-200}
warm=${SOAK_WARM:-10}
limit=${SOAK_LIMIT_PCT:-5}
fail=0
printf '%-8s %-16s %10s %10s %8s  %s\n' python mode "rss@$warm" "rss@$reps" growth verdict
for host in "$bin"/embedded-py-*; do
    [ -x "$host" ] || continue
    tag=${host##*/embedded-py-}
    for mode in threading cthreads subinterp multiprocessing; do
        out=$("$host" --mode "$mode" -w nqueens -s dynamic -n 7 -t 4 -r "$reps" --warmup 0 -q) || {
            echo "$tag $mode: the run failed"; fail=1; continue; }
        # maxrss_kib is column 11 of the host's CSV; rep is column 6
        read -r a b < <(printf '%s\n' "$out" | tr -d '\r' | awk -F, -v w="$warm" -v r="$reps" \
            'NR > 1 && $6 == w { a = $11 } NR > 1 && $6 == r { b = $11 } END { print a, b }')
        growth=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')
        verdict=$(awk -v g="$growth" -v l="$limit" 'BEGIN { print (g <= l) ? "ok" : "GREW" }')
        note=""
        if [ "$mode" = subinterp ] && [ "$verdict" != ok ]; then
            # Is it ours?  The same number of sub-interpreters, made and
            # destroyed by CPython alone.
            py=$(dirname "$0")/../.pythons/$tag
            base=$("$py" "$(dirname "$0")/soak_subinterp.py" $((reps * 4)) 2>/dev/null | cut -d' ' -f1)
            note="  (CPython alone, $((reps * 4)) sub-interpreters: ${base:-?}% growth)"
        fi
        [ "$verdict" = ok ] || fail=1
        printf '%-8s %-16s %8s K %8s K %7s%%  %s%s\n' "$tag" "$mode" "$a" "$b" "$growth" "$verdict" "$note"
    done
done
exit $fail
