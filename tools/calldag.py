#!/usr/bin/env python3
"""calldag.py - no file calls back into its caller.

    tools/calldag.py OBJ...        exit 1, naming each cycle, when the files'
                                   references form one; 0 otherwise
    tools/calldag.py --self-test   builds a fixture with a cycle and one
                                   without, and checks that only the first
                                   is reported

A file A depends on B when A's object refers to a symbol (a function or a
variable) that B's object defines (nm: U in A, T/D/B/R in B).  The project's
rule (docs/developing.md) is that this graph is acyclic: a file never
reaches back into the file that calls it, not even for a flag.  Cycles are
the strongly connected components of more than one file (Tarjan)."""
import os
import subprocess
import sys
import tempfile


def symbols(obj):
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDBR":
            defined.add(f[2])
        elif len(f) == 2 and f[0] == "U":
            used.add(f[1])
    return defined, used


def cycles(objs):
    defs, uses = {}, {}
    for o in objs:
        defs[o], uses[o] = symbols(o)
    owner = {}
    for o, d in defs.items():
        for s in d:
            owner.setdefault(s, set()).add(o)
    graph = {o: sorted({p for s in uses[o] for p in owner.get(s, ()) if p != o}) for o in objs}
    index, low, stack, on, found, n = {}, {}, [], set(), [], [0]

    def visit(v):  # Tarjan, iterative enough for a few hundred files
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in objs:
        if v not in index:
            visit(v)
    return found, graph


def report(objs):
    found, graph = cycles(objs)
    for comp in found:
        edges = [f"{os.path.basename(a)} -> {os.path.basename(b)}" for a in comp for b in graph[a] if b in comp]
        print("calldag: files that call back into their caller: " + ", ".join(edges))
    return 1 if found else 0


def self_test():
    fixture = {
        "top.c": "int low_work(void); int top_flag; int top_main(void) { return low_work(); }",
        "low.c": "extern int top_flag; int low_work(void) { return top_flag; }",  # reads its caller's flag
        "leaf.c": "int leaf(void) { return 1; }",
        "mid.c": "int leaf(void); int mid(void) { return leaf(); }",
    }
    with tempfile.TemporaryDirectory() as d:
        objs = {}
        for name, src in fixture.items():
            c = os.path.join(d, name)
            with open(c, "w") as f:
                f.write(src + "\n")
            objs[name] = c[:-2] + ".o"
            subprocess.run([os.environ.get("CC", "cc"), "-c", c, "-o", objs[name]], check=True)
        bad, _ = cycles([objs["top.c"], objs["low.c"]])
        good, _ = cycles([objs["leaf.c"], objs["mid.c"]])
    ok = len(bad) == 1 and not good
    print("calldag self-test:", "ok" if ok else f"FAILED (cycle found {bad}, none expected {good})")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if not sys.argv[1:]:
        print("usage: tools/calldag.py OBJ... | --self-test", file=sys.stderr)
        sys.exit(2)
    sys.exit(report(sys.argv[1:]))
