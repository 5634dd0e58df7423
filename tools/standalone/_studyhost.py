"""A pure-Python stand-in for the embedded host's _studyhost module, so that
study_workloads.py runs under a plain `python3` for the embedding-overhead
comparison (tools/standalone/bench.py).  Same clocks as the host on Linux:
time.monotonic is CLOCK_MONOTONIC and time.thread_time the thread's CPU
clock.  The dynamic split's counter is a lock-protected int here, so compare
the static splits (weak, strong, rr) only."""

import threading
import time

now = time.monotonic
thread_cpu = time.thread_time
_lock = threading.Lock()
_next = 0


def getcpu():
    return -1


def next_task():
    global _next
    with _lock:
        i = _next
        _next += 1
    return i


def fault():
    return (-1, 0)
