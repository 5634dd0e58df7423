"""pyinfo.py - where an interpreter came from and how it was built, as one
JSON object (the build info that bin/embedded-py-<tag> and
bin/direct-py-<tag> print with --build-info, and that the study's
meta.json records per interpreter).

Run by the interpreter itself (tools/pyflags.sh does, once per
interpreter, when the .pythons/ links change); any Python 3.8+ runs it.

    python3.X -I tools/pyinfo.py --dump > DUMP
        NAME=VALUE lines: the sysconfig variables read here and by
        tools/pylink.sh, and _version, _compiler (platform's
        python_compiler(): the compiler that built this interpreter) and
        _free_threaded.  Line breaks in values become spaces.

    python3 tools/pyinfo.py --json DUMP --link LINK --tag TAG --exe PATH
            [--cache DIR] [--pyenv-root DIR] [--cc-version]
        The JSON object, from DUMP and LINK (tools/pylink.sh's output)
        alone, so that fixtures test it: nothing of the running
        interpreter is read.  --cc-version runs `CC --version` for its
        first line (else null).

The object (keys sorted):
    tag, version, executable, free_threaded
    exe_link      static | shared: how the executable has libpython (ldd)
    host_link     static | shared: how bin/embedded-py-<tag> links it
    libpython     the library the host links (the .a, or the .so)
    link_why      tools/pylink.sh's reason
    direct_link   "none": bin/direct-py-<tag> links no libpython, it runs
                  the executable
    origin        "built here" (the study's cache: tools/pythons.sh built
                  it), "pyenv", or "system"
    origin_detail the cache prefix, the pyenv version, or the path
    configure_args  sysconfig's CONFIG_ARGS
    configure_flags the flags tools/pythons.sh gave (built here), else null
    build_cost    {"wall_s", "cpu_s", "jobs"} when pythons.sh recorded
                  what the build cost, else null
    cc            sysconfig's CC; cc_version its --version line or null
    compiler      the compiler that built it, as the interpreter says
    pgo, lto      true when sysconfig states it (see evidence); false
                  means sysconfig does not say so (a distribution may
                  optimise outside configure: Debian's does)
    pgo_evidence, lto_evidence  what said so: ["CONFIG_ARGS: --with-lto"]
"""

import json
import os
import shlex
import subprocess
import sys

# What --dump writes, beyond the three "_" facts.
DUMP_VARS = (
    "VERSION", "ABIFLAGS", "LIBPL", "LIBDIR", "LIBRARY", "LDLIBRARY", "INCLUDEPY",
    "LIBS", "SYSLIBS", "MODLIBS", "BINDIR", "CC", "CONFIG_ARGS",
    "PY_CFLAGS_NODIST", "CFLAGS_NODIST", "CONFIGURE_CFLAGS_NODIST",
    "LDFLAGS_NODIST", "PY_LDFLAGS_NODIST", "CONFIGURE_LDFLAGS_NODIST",
    "Py_GIL_DISABLED",
)
# Where each flag would show: PGO's -fprofile-use is given to the final
# build's compiler, LTO's -flto to its compiler and linker.
PGO_FLAG_VARS = ("PY_CFLAGS_NODIST", "CFLAGS_NODIST", "CONFIGURE_CFLAGS_NODIST")
LTO_FLAG_VARS = ("PY_CFLAGS_NODIST", "CFLAGS_NODIST", "CONFIGURE_CFLAGS_NODIST",
                 "LDFLAGS_NODIST", "PY_LDFLAGS_NODIST", "CONFIGURE_LDFLAGS_NODIST")


def dump():
    import platform
    import sysconfig

    out = []
    for name in DUMP_VARS:
        v = sysconfig.get_config_var(name)
        out.append("%s=%s" % (name, " ".join(str(v).splitlines())))
    out.append("_version=%d.%d.%d%s" % (sys.version_info[:3] + (getattr(sys, "abiflags", ""),)))
    out.append("_compiler=%s" % platform.python_compiler())
    out.append("_free_threaded=%d" % (1 if sysconfig.get_config_var("Py_GIL_DISABLED") else 0))
    return "\n".join(out) + "\n"


def read_pairs(path, sep):
    """NAME<sep>VALUE lines into a dict (the first of each name)."""
    d = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if sep in line:
                k, v = line.split(sep, 1)
                d.setdefault(k, v)
    return d


def words(value):
    """A flags variable's words; shlex for the quoted CONFIG_ARGS."""
    if not value or value == "None":
        return []
    try:
        return shlex.split(value)
    except ValueError:
        return value.split()


def evidence(cfg):
    """(pgo_evidence, lto_evidence) as lists of "VAR: flag"."""
    pgo, lto = [], []
    for arg in words(cfg.get("CONFIG_ARGS")):
        if arg == "--enable-optimizations":
            pgo.append("CONFIG_ARGS: " + arg)
        if arg == "--with-lto" or (arg.startswith("--with-lto=") and arg != "--with-lto=no"):
            lto.append("CONFIG_ARGS: " + arg)
    for var in PGO_FLAG_VARS:
        for w in words(cfg.get(var)):
            if w.startswith("-fprofile-use"):
                pgo.append("%s: %s" % (var, w))
    for var in LTO_FLAG_VARS:
        for w in words(cfg.get(var)):
            if w == "-flto" or w.startswith("-flto="):
                lto.append("%s: %s" % (var, w))
    # One mention per flag and variable is enough.
    return sorted(set(pgo)), sorted(set(lto))


def under(path, folder):
    folder = os.path.join(os.path.abspath(folder), "")
    return os.path.abspath(path).startswith(folder)


def origin(exe, cache, pyenv_root):
    """(kind, detail, prefix-or-None) for the executable's real path."""
    real = os.path.realpath(exe)
    if cache and under(real, cache):
        rel = os.path.relpath(real, os.path.abspath(cache)).split(os.sep)
        if rel[0].startswith("cpython-"):
            prefix = os.path.join(os.path.abspath(cache), rel[0])
            return "built here", prefix, prefix
    if pyenv_root and under(real, os.path.join(pyenv_root, "versions")):
        rel = os.path.relpath(real, os.path.join(os.path.abspath(pyenv_root), "versions")).split(os.sep)
        return "pyenv", rel[0], None
    return "system", real, None


def build_cost(prefix):
    """What tools/pythons.sh recorded it cost to build, or None."""
    try:
        d = read_pairs(os.path.join(prefix, ".build-cost"), " ")
        return {"wall_s": float(d["wall_s"]), "cpu_s": float(d["cpu_s"]), "jobs": int(d["jobs"])}
    except (OSError, KeyError, ValueError):
        return None


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return " ".join(f.read().split())
    except OSError:
        return None


def cc_version(cc):
    argv = words(cc)
    if not argv:
        return None
    try:
        r = subprocess.run(argv[:1] + ["--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    first = r.stdout.decode("utf-8", "replace").splitlines()
    return first[0].strip() if r.returncode == 0 and first else None


def info(cfg, link, tag, exe, cache, pyenv_root, want_cc_version):
    for key in ("host", "exe", "library", "why"):
        if key not in link:
            raise ValueError("the link decision has no '%s' line" % key)
    kind, detail, prefix = origin(exe, cache, pyenv_root)
    pgo, lto = evidence(cfg)
    cc = cfg.get("CC") or None
    return {
        "tag": tag,
        "version": cfg.get("_version"),
        "executable": os.path.realpath(exe),
        "free_threaded": cfg.get("_free_threaded") == "1",
        "exe_link": link["exe"],
        "host_link": link["host"],
        "libpython": None if link["library"] == "-" else link["library"],
        "link_why": link["why"],
        "direct_link": "none",
        "origin": kind,
        "origin_detail": detail,
        "configure_args": cfg.get("CONFIG_ARGS") or None,
        "configure_flags": read_text(os.path.join(prefix, ".configure-flags")) if prefix else None,
        "build_cost": build_cost(prefix) if prefix else None,
        "cc": cc,
        "cc_version": cc_version(cc) if want_cc_version else None,
        "compiler": cfg.get("_compiler") or None,
        "pgo": bool(pgo),
        "pgo_evidence": pgo,
        "lto": bool(lto),
        "lto_evidence": lto,
    }


def main(argv):
    import argparse

    ap = argparse.ArgumentParser(prog="pyinfo.py", description=__doc__.split("\n")[0])
    ap.add_argument("--dump", action="store_true")
    ap.add_argument("--json", metavar="DUMP")
    ap.add_argument("--link", metavar="LINK")
    ap.add_argument("--tag")
    ap.add_argument("--exe")
    ap.add_argument("--cache", default=os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "pystudy"))
    ap.add_argument("--pyenv-root", default=os.environ.get("PYENV_ROOT") or os.path.join(os.path.expanduser("~"), ".pyenv"))
    ap.add_argument("--cc-version", action="store_true")
    a = ap.parse_args(argv)
    if a.dump:
        sys.stdout.write(dump())
        return 0
    if not (a.json and a.link and a.tag and a.exe):
        sys.stderr.write("pyinfo: --json needs --link, --tag and --exe (see --help)\n")
        return 2
    try:
        cfg = read_pairs(a.json, "=")
        link = read_pairs(a.link, " ")
        obj = info(cfg, link, a.tag, a.exe, a.cache, a.pyenv_root, a.cc_version)
    except (OSError, ValueError) as e:
        sys.stderr.write("pyinfo: %s\n" % e)
        return 2
    sys.stdout.write(json.dumps(obj, sort_keys=True, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
