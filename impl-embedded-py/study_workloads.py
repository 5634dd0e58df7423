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

The children of the spawn and forkserver start methods are fresh ``python``
processes, not the host: they import a byte-identical copy of this file
(written by the host into a private folder, see _ready_fresh_children) and,
lacking ``_studyhost``, use _FreshChild in its place.

Every worker returns one tuple, the contract host.c reads:
    (w, value_hi, value_lo, units, start_s, end_s, cpu_s, cpu, gil_enabled)
"""

import os
import sys
import time


class _FreshChild:
    """``_studyhost`` for a child started by spawn or forkserver.  The same
    clocks (on Linux time.monotonic is CLOCK_MONOTONIC and time.thread_time
    CLOCK_THREAD_CPUTIME_ID, the C harness's two clocks, so start and end
    times compare with the parent's), the CPU from /proc (Python has no
    sched_getcpu), and the fault and the dynamic split's counter that the
    parent passed in when it started the child (attach)."""

    now = staticmethod(time.monotonic)
    thread_cpu = staticmethod(time.thread_time)

    def __init__(self):
        self._fault = (-1, 0)
        self._counter = None

    def attach(self, fault, counter):
        self._fault = fault
        self._counter = counter

    @staticmethod
    def getcpu():
        # Field 39 of stat, "processor": the CPU the thread last ran on.
        with open("/proc/thread-self/stat") as f:
            stat = f.read()
        return int(stat[stat.rindex(")") + 2:].split()[36])

    def next_task(self):
        with self._counter.get_lock():
            i = self._counter.value
            self._counter.value = i + 1
        return i

    def fault(self):
        return self._fault

    @staticmethod
    def register(w):
        # The CPU-time sampler lives in the host; a fresh child (spawn,
        # forkserver) is not the host's and is not sampled.
        pass

    @staticmethod
    def build_gil():
        # Only 3.12 asks (it lacks sys._is_gil_enabled): the build's own
        # configuration, as the host's pyconfig.h would say.
        import sysconfig
        return 0 if sysconfig.get_config_var("Py_GIL_DISABLED") else 1


try:
    import _studyhost
except ImportError:
    _studyhost = _FreshChild()

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


def preload(mode="threading"):
    """Imports what the mode uses and readies its children, so that the
    host counts this in init_s rather than in the first timed run.  Not
    called in sub-interpreters, which need none of it."""
    import multiprocessing
    import resource  # noqa: F401
    import threading  # noqa: F401
    import traceback  # noqa: F401
    import warnings  # noqa: F401

    if mode.startswith("mp-"):
        multiprocessing.get_context(mode[len("mp-"):])
    if mode in ("mp-forkserver", "mp-spawn"):
        _ready_fresh_children()
    if mode == "interpreters":
        import concurrent.interpreters  # noqa: F401


def _ready_fresh_children():
    """spawn and forkserver start the children from a python executable, as
    a user's program would, and that must not be this host: in an embedded,
    isolated configuration sys.executable is the host binary.  So the
    children run the interpreter this host is linked with (its bin folder
    from sysconfig), and import this module from a private folder holding
    the host's compiled-in copy, put first on sys.path (multiprocessing
    gives the parent's sys.path to its fresh children).  The folder goes at
    exit."""
    import atexit
    import multiprocessing
    import shutil
    import sysconfig
    import tempfile

    exe = os.path.join(sysconfig.get_config_var("BINDIR") or "",
                       "python" + sysconfig.get_config_var("VERSION") + sys.abiflags)
    if not os.access(exe, os.X_OK):
        raise RuntimeError(f"no python executable at {exe} to start the workers with")
    multiprocessing.set_executable(exe)
    folder = tempfile.mkdtemp(prefix="study-workloads-")
    atexit.register(shutil.rmtree, folder, True)
    with open(os.path.join(folder, "study_workloads.py"), "wb") as f:
        f.write(_studyhost.source())
    sys.path.insert(0, folder)


def gil_enabled():
    """1 when the GIL is on in this interpreter, as it says itself:
    sys._is_gil_enabled() where it exists (3.13+); before that, the build's
    configuration (Py_GIL_DISABLED in its pyconfig.h, read by the host: a
    build without it always has a GIL).  Never a value assumed for a
    version: the tests compare it with what the interpreter's sysconfig
    reports."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None:
        return 1 if probe() else 0
    return _studyhost.build_gil()


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


def _mp_child(conn, fault, counter, workload, split, size, threads, w, cpu):
    """One multiprocessing worker: its tuple and its own resource usage
    (peak RSS, user and system CPU, context switches) go back over conn."""
    import resource
    import traceback

    _studyhost.register(w)
    try:
        if isinstance(_studyhost, _FreshChild):
            _studyhost.attach(fault, counter)
        res = worker(workload, split, size, threads, w, cpu)
        ru = resource.getrusage(resource.RUSAGE_SELF)
        conn.send(("ok", res, (ru.ru_maxrss, ru.ru_utime, ru.ru_stime, ru.ru_nvcsw, ru.ru_nivcsw)))
    except BaseException:
        conn.send(("error", traceback.format_exc(), None))
        conn.close()
        os._exit(1)
    conn.close()


def run_multiprocessing(method, workload, split, size, threads, cpus):
    """multiprocessing with one start method: "fork" (the default on Linux
    up to 3.13), "forkserver" (the default from 3.14) or "spawn".  Every
    child gets its arguments the way a user's Process gets them: inherited
    with fork, pickled through the start method otherwise.  Each child sends
    its tuple and usage over a pipe.

    The dynamic split's counter: forked children share the host's C counter
    (a MAP_SHARED mapping they inherit); fresh pythons get what a user would
    write, a lock-protected multiprocessing.Value passed at start.

    Returns (results, the sum of the children's peak RSS in KiB, usage).
    usage is None when the children are this process's own, whose CPU time
    and context switches the host reads with RUSAGE_CHILDREN; with
    forkserver their parent is the server, which that cannot see, so usage
    is then the sum of what they reported: (user_s, sys_s, vol, invol)."""
    import multiprocessing
    import signal
    import warnings

    ctx = multiprocessing.get_context(method)
    counter = ctx.Value("Q", 0) if split == "dynamic" and method != "fork" else None
    fault = _studyhost.fault()
    pipes, procs = [], []
    with warnings.catch_warnings():
        # 3.12+ warns about fork() in a process with threads; the host's
        # threads are all joined by now and the children only compute.
        warnings.simplefilter("ignore", DeprecationWarning)
        for w in range(threads):
            recv, send = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_mp_child,
                            args=(send, fault, counter, workload, split, size, threads, w, cpus[w]))
            p.start()
            send.close()
            pipes.append(recv)
            procs.append(p)
    results, rss_kib, failure = [], 0, None
    usage = [0.0, 0.0, 0, 0]
    for w, (recv, p) in enumerate(zip(pipes, procs)):
        try:
            status, payload, ru = recv.recv()
        except EOFError:
            status, payload, ru = "died", None, None
        recv.close()
        p.join()
        if status == "ok":
            results.append(payload)
            rss_kib += ru[0]
            for k in range(4):
                usage[k] += ru[k + 1]
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
    return results, rss_kib, tuple(usage) if method == "forkserver" else None


def run_interpreters(workload, split, size, threads, cpus):
    """3.14's sub-interpreters from Python code (concurrent.interpreters,
    PEP 734), in the pattern of that module's documentation ("Concurrency
    and Parallelism": start a thread, switch to another interpreter, run
    there): one thread per worker, each creating its own interpreter with
    create(), loading this module into it and calling worker there with
    Interpreter.call, which pickles the function and arguments in and the
    result back, and raises ExecutionFailed, carrying the worker's
    traceback, when the worker raises.  Each interpreter is isolated, with
    its own GIL, and is closed by its thread.

    Not InterpreterPoolExecutor, the documentation's pool: it hands each
    task to whichever interpreter is free, and a task shorter than creating
    an interpreter (tens of ms) is done by the first interpreter ready while
    the others are still being made; then T would not be T interpreters in
    parallel (seen here with T = 3 at nqueens n = 6: one interpreter ran all
    three shares).  Creating the interpreters is inside the run (wall_s) and
    shows in spawn_s, as with every mode.  Workers start as their
    interpreters are ready, with no gate, as in subinterp."""
    import threading
    import traceback
    from concurrent import interpreters

    results = [None] * threads
    errors = []

    def body(w):
        try:
            interp = interpreters.create()
            try:
                interp.call(_studyhost.load_workloads)
                results[w] = interp.call(worker, workload, split, size, threads, w, cpus[w])
            finally:
                interp.close()
        except BaseException:
            errors.append((w, traceback.format_exc()))

    ts = [threading.Thread(target=body, args=(w,), name=f"worker-{w}") for w in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        w, tb = min(errors)
        raise RuntimeError(f"worker {w} raised:\n{tb}")
    return results
