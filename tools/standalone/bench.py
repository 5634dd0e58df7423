"""Times study_workloads.run_threading under a plain interpreter, the way
the embedded host times it (CLOCK_MONOTONIC just before the workers are
started and just after they are joined; imports and start-up excluded), so
the host's wall_s can be compared with a stand-alone run of the same code.

usage: python3 tools/standalone/bench.py WORKLOAD SPLIT SIZE THREADS REPS
prints one line: median, min and max wall seconds of REPS runs after one
untimed warm-up, and the verified result.
"""

import os
import statistics
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [here, os.path.join(here, "..", "..", "impl-embedded-py")]

import study_workloads as sw  # noqa: E402


def main():
    workload, split, size, threads, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if split == "dynamic":
        sys.exit("bench.py: compare static splits only (the stand-in counter differs)")
    sw.preload()
    cpus = [-1] * threads
    walls = []
    for rep in range(reps + 1):
        t0 = time.monotonic()
        res = sw.run_threading(workload, split, size, threads, cpus)
        wall = time.monotonic() - t0
        if rep:
            walls.append(wall)
    total = sum((hi << 64) | lo for _, hi, lo, *_ in res)
    value = res[0][1] << 64 | res[0][2] if split == "weak" else total
    print(f"standalone {sys.version.split()[0]}{sys.abiflags} {workload}/{split} size={size} T={threads}: "
          f"median {statistics.median(walls):.4f} s min {min(walls):.4f} max {max(walls):.4f} (n={reps}) result {value}")


if __name__ == "__main__":
    main()
