#!/usr/bin/env bash
# sampler_cost.sh - what the CPU-time sampler (--sample-cpu, common/sampler.c)
# costs a run's wall time.  Each invocation of a model does one untimed
# warm-up, two timed runs and then the sampled run, all in one process, so
# each gives a pair: timed run 2 (no sampler) against the sampled run.  Over
# RUNS invocations it prints the medians of both and the median of the
# paired ratios; the median ratio of timed run 2 to timed run 1 is the
# control, what coming later alone does to a run.
# A benchmark, not a unit test: tools/sampler_cost.sh [BIN_DIR [RUNS]];
# run it on a quiet machine (it prints the load average).
set -u
bin=${1:-bin}
runs=${2:-11}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME BINARY ARGS...: one line of results for NAME.
measure() {
    local name=$1 model=$2
    shift 2
    [ -x "$bin/$model" ] || { echo "$name: $bin/$model is not built; skipped"; return; }
    : > "$tmp/pairs"
    for _ in $(seq "$runs"); do
        rm -f "$tmp/r.csv" "$tmp/s.csv"
        "$bin/$model" "$@" -r 2 --warmup 1 -q -o "$tmp/r.csv" --sample-cpu "$tmp/s.csv" || {
            echo "$name: the run failed"; return; }
        # wall_s: column 7 of the results, the last column of the samples
        paste <(tr -d '\r' < "$tmp/r.csv" | awk -F, 'NR == 2 { a = $7 } NR == 3 { b = $7 } END { print a, b }') \
              <(tr -d '\r' < "$tmp/s.csv" | awk -F, 'NR == 2 { print $NF }') >> "$tmp/pairs"
    done
    local t2 sw cost ctrl
    t2=$(awk '{ print $2 }' "$tmp/pairs" | median)
    sw=$(awk '{ print $3 }' "$tmp/pairs" | median)
    cost=$(awk '{ print ($3 / $2 - 1) * 100 }' "$tmp/pairs" | median)
    ctrl=$(awk '{ print ($2 / $1 - 1) * 100 }' "$tmp/pairs" | median)
    printf '%-34s %9.4f %9.4f %+8.2f%% %+8.2f%%\n' "$name" "$t2" "$sw" "$cost" "$ctrl"
}

echo "# $runs invocations each; load average before: $(cut -d' ' -f1-3 /proc/loadavg); CPUs: $(nproc)"
printf '%-34s %9s %9s %9s %9s\n' "# run" "without_s" "with_s" "cost" "control"
measure "pthreads sumsq weak T=2" pthreads -w sumsq -s weak -n 250000000 -t 2
measure "py3.14t threading sumsq weak T=2" embedded-py-3.14t --mode threading -w sumsq -s weak -n 3000000 -t 2
measure "py3.12 threading sumsq weak T=2" embedded-py-3.12 --mode threading -w sumsq -s weak -n 2000000 -t 2
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
