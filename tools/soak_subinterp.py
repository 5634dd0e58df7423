"""CPython alone: create, use and destroy N isolated sub-interpreters (the
same count the soak's subinterp mode makes), and print the growth of the
peak RSS after the first tenth, in percent.  No host, no study code: a
baseline that tells CPython's own per-interpreter leaks from ours.

usage: python soak_subinterp.py N
"""
import resource
import sys


def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    n = int(sys.argv[1])
    try:  # 3.13+
        import _interpreters as api

        create, run = api.create, api.exec
    except ImportError:  # 3.12
        import _xxsubinterpreters as api

        create, run = (lambda: api.create(isolated=True)), api.run_string
    first = None
    for k in range(n):
        x = create()
        run(x, "import os, sys")
        api.destroy(x)
        if k == n // 10:
            first = peak_kib()
    last = peak_kib()
    print(f"{(last - first) * 100 / first:.2f} {first} {last}")


main()
