"""The study's Python workloads, run by the embedded host (host.c).

The kernels are the articles' code: ``sum(i**2 for i in range(n))`` and the
``solve_row`` bitmask recursion.  The splits are the C harness's
(common/split.c), in the same order, so C and Python do the same work.

The host always loads this file from the copy compiled into it, never from
sys.path, and provides the builtin module ``_studyhost``: the same clocks as
the C harness (CLOCK_MONOTONIC, the thread's CPU clock), sched_getcpu(), and
the dynamic split's task counter, which lives in C memory shared by threads,
sub-interpreters and forked children alike, and ``register(w)``, with which
worker w makes itself known to the CPU-time sampler (common/sampler.h) in
the sampled run; elsewhere it does nothing.

Every worker returns one tuple, the contract host.c reads:
    (w, value_hi, value_lo, units, start_s, end_s, cpu_s, cpu, gil_enabled)
"""

import os
import sys

import _studyhost

MASK64 = (1 << 64) - 1


def sum_of_squares(lo, hi):
    """The article's expression, over [lo, hi) (lo = 0 for the weak split)."""
    return sum(i**2 for i in range(lo, hi))


def solve_row(n, cols=0, diags1=0, diags2=0, row=0):
    """The article's bitmask N-Queens counter, lowest set bit first."""
    if row == n:
        return 1
    count = 0
    free = (~(cols | diags1 | diags2)) & ((1 << n) - 1)
    while free:
        bit = free & -free
        free -= bit
        count += solve_row(n, cols | bit, (diags1 | bit) << 1, (diags2 | bit) >> 1, row + 1)
    return count


def first_row(n, col):
    """A queen in column col of row 0, as split_first_row() in C."""
    bit = 1 << col
    return (bit, bit << 1, bit >> 1, 1)


def make_pool(n):
    """Every legal placement of the first two rows, in the order of
    split_pool() in C (for n == 1 the first row alone)."""
    pool = []
    mask = (1 << n) - 1
    for c0 in range(n):
        cols, d1, d2, row = first_row(n, c0)
        if n == 1:
            pool.append((cols, d1, d2, row))
            continue
        free = (~(cols | d1 | d2)) & mask
        while free:
            bit = free & -free
            free -= bit
            pool.append((cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1, 2))
    return pool


def chunk(n, workers, w):
    """Worker w's contiguous share of [0, n), as split_chunk() in C."""
    return n * w // workers, n * (w + 1) // workers


def preload():
    """Imports what the threading and multiprocessing modes use, so that the
    host counts them in init_s rather than in the first timed run.  Not
    called in sub-interpreters, which need none of them."""
    import multiprocessing  # noqa: F401
    import resource  # noqa: F401
    import threading  # noqa: F401
    import traceback  # noqa: F401
    import warnings  # noqa: F401

    multiprocessing.get_context("fork")


def gil_enabled():
    """1 when the GIL is on in this interpreter; 1 where the build cannot
    tell (3.12 has no sys._is_gil_enabled and always has a GIL)."""
    probe = getattr(sys, "_is_gil_enabled", None)
    return 1 if probe is None or probe() else 0


def _fault_import():
    """Fault injection for the tests: STUDY_WORKER_IMPORT="DIR:MODULE" makes
    every worker import MODULE from DIR first.  The tests use it to load an
    extension that does not declare Py_mod_gil, which switches the GIL back
    on in a free-threaded build (the run must then fail without
    --allow-gil).  Unset, it costs one dictionary look-up."""
    spec = os.environ.get("STUDY_WORKER_IMPORT")
    if not spec:
        return
    import importlib

    folder, _, name = spec.rpartition(":")
    if folder and folder not in sys.path:
        sys.path.insert(0, folder)
    importlib.import_module(name)


def worker(workload, split, size, threads, w, cpu, pool=None):
    """The whole of worker w: pin (cpu >= 0), then its share, timed with the
    harness's clocks.  Raises on a bad argument; the host fails the run."""
    if cpu >= 0:
        # On Linux, pid 0 is the calling thread, so a thread pins itself.
        os.sched_setaffinity(0, {cpu})
    if split == "dynamic" and pool is None:
        pool = make_pool(size)  # before the clock starts, as C builds it in set-up
    _fault_import()
    fault_w, fault_sig = _studyhost.fault()
    if fault_w == w:
        if fault_sig:
            os.kill(os.getpid(), fault_sig)
        raise RuntimeError(f"injected fault in worker {w}")
    where = _studyhost.getcpu()
    cpu0 = _studyhost.thread_cpu()
    start = _studyhost.now()
    value = units = 0
    if workload == "sumsq" and split == "weak":
        value = sum_of_squares(0, size)
        units = size
    elif workload == "sumsq" and split == "strong":
        lo, hi = chunk(size, threads, w)
        value = sum_of_squares(lo, hi)
        units = hi - lo
    elif workload == "nqueens" and split == "rr":
        for col in range(w, size, threads):
            value += solve_row(size, *first_row(size, col))
            units += 1
    elif workload == "nqueens" and split == "dynamic":
        while True:
            i = _studyhost.next_task()
            if i >= len(pool):
                break
            value += solve_row(size, *pool[i])
            units += 1
    else:
        raise ValueError(f"unknown workload/split {workload}/{split}")
    end = _studyhost.now()
    cpu_s = _studyhost.thread_cpu() - cpu0
    return (w, value >> 64, value & MASK64, units, start, end, cpu_s, where, gil_enabled())


def run_threading(workload, split, size, threads, cpus):
    """The articles' way: threading.Thread workers started from Python.
    They wait on one Event so all begin together; an exception in a worker
    is re-raised here, with its traceback, after every thread is joined."""
    import threading
    import traceback

    pool = make_pool(size) if split == "dynamic" else None
    go = threading.Event()
    results = [None] * threads
    errors = []

    def body(w):
        _studyhost.register(w)  # first, so the sampler sees this thread's whole life
        go.wait()
        try:
            results[w] = worker(workload, split, size, threads, w, cpus[w], pool)
        except BaseException:
            errors.append(traceback.format_exc())

    ts = [threading.Thread(target=body, args=(w,), name=f"worker-{w}") for w in range(threads)]
    for t in ts:
        t.start()
    go.set()
    for t in ts:
        t.join()
    if errors:
        raise RuntimeError("a worker raised:\n" + errors[0])
    return results


def _mp_child(conn, workload, split, size, threads, w, cpu):
    import resource
    import traceback

    _studyhost.register(w)
    try:
        res = worker(workload, split, size, threads, w, cpu)
        conn.send(("ok", res, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    except BaseException:
        conn.send(("error", traceback.format_exc(), 0))
        conn.close()
        os._exit(1)
    conn.close()


def run_multiprocessing(workload, split, size, threads, cpus):
    """The "old way": multiprocessing with the fork start method.  Each
    child sends its tuple and its peak RSS over a pipe.  Returns the results
    and the sum of the children's peaks (KiB)."""
    import multiprocessing
    import signal
    import warnings

    ctx = multiprocessing.get_context("fork")
    pipes, procs = [], []
    with warnings.catch_warnings():
        # 3.12+ warns about fork() in a process with threads; the host's
        # threads are all joined by now and the children only compute.
        warnings.simplefilter("ignore", DeprecationWarning)
        for w in range(threads):
            recv, send = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_mp_child, args=(send, workload, split, size, threads, w, cpus[w]))
            p.start()
            send.close()
            pipes.append(recv)
            procs.append(p)
    results, rss_kib, failure = [], 0, None
    for w, (recv, p) in enumerate(zip(pipes, procs)):
        try:
            status, payload, rss = recv.recv()
        except EOFError:
            status, payload, rss = "died", None, 0
        recv.close()
        p.join()
        if status == "ok":
            results.append(payload)
            rss_kib += rss
        elif failure is None:
            if status == "error":
                failure = f"worker {w} raised:\n{payload}"
            else:
                code = p.exitcode
                how = f"was killed by signal {-code} ({signal.Signals(-code).name})" if code and code < 0 \
                    else f"exited with status {code} without sending its result"
                failure = f"worker {w} (pid {p.pid}) {how}"
    if failure:
        raise RuntimeError(failure)
    return results, rss_kib
