"""The driver of bin/direct-py-<tag> (direct.c): what the interpreter's own
executable runs, started as ``python3.X -I [-X gil=V] -c <this file>``, to
serve the direct model's runs.

It runs the study's workloads the way the articles' scripts did, plain
``threading.Thread`` workers in a plain ``python3.X`` process, and with
the very code of the embedded host's threading mode: the host's compiled-in
copy of study_workloads.py, received over the socket (byte-identical, never
read from sys.path), and its run_threading().  Lacking the host's builtin
``_studyhost``, the module uses _FreshChild, as spawn's children do; this
driver attaches to it each run's fault and, for the dynamic split, a
lock-protected counter (the host's is a C atomic).

File descriptors, set up by direct.c before exec:
    3   a stream socket to direct.c: requests in, replies out
    5   direct.c's stderr; this driver moves it to 2 first thing, so that
        what the interpreter printed before (a failed start) went to
        direct.c's capture and every traceback after goes to the user

Protocol, one text line each, fields separated by one space:
    in   "source N NAME" and N bytes: study_workloads.py, compiled as NAME
    out  "ready VERSION FREE_THREADED GIL_ON"   e.g. "ready 3.14.4t 1 0"
    in   "run WORKLOAD SPLIT SIZE T FAULT_W FAULT_SIG CPUS"  (CPUS: T
         comma-separated CPU numbers, -1 for not pinned)
    out  "ok T0 T1 USER_S SYS_S VOL_CTX INVOL_CTX MAXRSS_KIB" then T lines
         "w W VALUE_HI VALUE_LO UNITS START_S END_S CPU_S CPU GIL", the
         tuple study_workloads.worker returns
    out  "error TEXT" instead, after the traceback on stderr
Floats are written with repr(), which strtod reads back exactly.  At the
end of the requests (EOF) the driver exits 0.

T0 and T1 are time.monotonic() (CLOCK_MONOTONIC on Linux, the harness's
clock) read immediately before run_threading is called and immediately
after it returns: the span the host times from C around the same call.  The
resource figures are getrusage(RUSAGE_SELF) differences over that span,
read just outside it, and this process's peak RSS.
"""

import os

os.dup2(5, 2)
os.close(5)

import resource  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import types  # noqa: E402


class _Counter:
    """What _FreshChild.next_task needs: a value and its lock."""

    def __init__(self):
        self._lock = threading.Lock()
        self.value = 0

    def get_lock(self):
        return self._lock


def _load(inp):
    head = inp.readline().split()
    if len(head) != 3 or head[0] != b"source":
        raise RuntimeError("direct driver: expected 'source N NAME', got %r" % (head,))
    src = inp.read(int(head[1]))
    mod = types.ModuleType("study_workloads")
    mod.__file__ = head[2].decode()
    sys.modules["study_workloads"] = mod
    exec(compile(src, mod.__file__, "exec"), mod.__dict__)
    return mod


def _run(sw, fields):
    workload, split = fields[0], fields[1]
    size, threads, fault_w, fault_sig = (int(x) for x in fields[2:6])
    cpus = [int(c) for c in fields[6].split(",")]
    sw._studyhost.attach((fault_w, fault_sig), _Counter() if split == "dynamic" else None)
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic()
    results = sw.run_threading(workload, split, size, threads, cpus)
    t1 = time.monotonic()
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    lines = ["ok %r %r %r %r %d %d %d" % (
        t0, t1, ru1.ru_utime - ru0.ru_utime, ru1.ru_stime - ru0.ru_stime,
        ru1.ru_nvcsw - ru0.ru_nvcsw, ru1.ru_nivcsw - ru0.ru_nivcsw, ru1.ru_maxrss)]
    for (w, hi, lo, units, start, end, cpu_s, cpu, gil) in results:
        lines.append("w %d %d %d %d %r %r %r %d %d" % (w, hi, lo, units, start, end, cpu_s, cpu, gil))
    return "\n".join(lines) + "\n"


def main():
    inp = os.fdopen(3, "rb")
    out = os.fdopen(os.dup(3), "w", encoding="ascii")
    try:
        sw = _load(inp)
        if not isinstance(sw._studyhost, sw._FreshChild):
            raise RuntimeError("direct driver: _studyhost is the host's, not a plain python's")
        sw.preload("threading")
        gil = sw.gil_enabled()
        ft = 1 - sw._studyhost.build_gil()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        out.write("error cannot load study_workloads (Python traceback above)\n")
        out.flush()
        return 1
    out.write("ready %d.%d.%d%s %d %d\n" % (*sys.version_info[:3], sys.abiflags, ft, gil))
    out.flush()
    for line in inp:
        fields = line.decode("ascii").split()
        if len(fields) != 8 or fields[0] != "run":
            out.write("error bad request %r\n" % line[:80])
            out.flush()
            return 1
        try:
            reply = _run(sw, fields[1:])
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            reply = "error a worker failed (Python traceback above)\n"
        out.write(reply)
        out.flush()
    return 0


sys.exit(main())
