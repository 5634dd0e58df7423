#!/usr/bin/env bash
# pyflags.sh - writes a make fragment with the compile and link flags of each
# interpreter linked from .pythons/ (by tools/pythons.sh), and each one's
# build info (tools/pyinfo.py's JSON) into INFODIR:
#   PY_TAGS          the binaries to build, named from version + ABI flags
#   PY_INC_<tag>     -I for Python.h   (never python3-config --cflags: it adds
#                                       -O3 -DNDEBUG and would change our flags)
#   PY_LINK_<tag>    static | shared: how bin/embedded-py-<tag> links
#                    libpython, the way the interpreter's executable does
#                    (tools/pylink.sh decides from ldd and sysconfig)
#   PY_LINK_WHY_<tag> the decision's reason, one line
#   PY_LIB_<tag>     the host's link flags: shared, libpython with an rpath
#                    so the host needs no LD_LIBRARY_PATH; static, the
#                    library itself, -no-pie (a distribution's .a is not
#                    position-independent) and --export-dynamic (extension
#                    modules resolve Py* symbols from the host), with
#                    sysconfig's LIBS, SYSLIBS and MODLIBS
#   PY_EXE_<tag>     the interpreter's executable, for bin/direct-py-<tag>
#   PY_INFO_<tag>    INFODIR/<tag>.json, compiled into both binaries
#                    (--build-info prints it)
# INFODIR also keeps <tag>.dump (sysconfig), <tag>.ldd and <tag>.link, the
# inputs of the decision.
# Usage: pyflags.sh LINKDIR [INFODIR] > fragment.mk   (INFODIR: build/pythons)
set -u
here=$(cd "$(dirname "$0")" && pwd)
links=${1:-.pythons}
info=${2:-build/pythons}
mkdir -p "$info" || { echo "pyflags: cannot create $info" >&2; exit 2; }
tags=()
for link in "$links"/3.12 "$links"/3.13t "$links"/3.14 "$links"/3.14t; do
    [ -e "$link" ] || continue
    out=$("$link" - <<'PY' 2>/dev/null
import os, sysconfig as s
v = s.get_config_var
tag = "%s%s" % (v("VERSION"), v("ABIFLAGS") or "")
libdir = v("LIBDIR")
lib = v("LDLIBRARY") or ""
name = lib[3:].split(".so")[0] if lib.startswith("lib") else "python" + tag
print(tag)
print("-I" + v("INCLUDEPY"))
print("-L%s -l%s -Wl,-rpath,%s %s" % (libdir, name, libdir, v("LIBS") or ""))
print(" ".join((v(k) or "") for k in ("LIBS", "SYSLIBS", "MODLIBS")))
PY
) || { echo "# $link: cannot query sysconfig; skipped"; continue; }
    tag=$(sed -n 1p <<<"$out")
    exe=$(realpath "$link")
    if ! "$link" -I "$here/pyinfo.py" --dump > "$info/$tag.dump" ||
        ! ldd "$exe" > "$info/$tag.ldd" 2>&1 ||
        ! "$here/pylink.sh" "$info/$tag.ldd" "$info/$tag.dump" > "$info/$tag.link" ||
        ! "$link" -I "$here/pyinfo.py" --json "$info/$tag.dump" --link "$info/$tag.link" --tag "$tag" \
            --exe "$exe" --cc-version > "$info/$tag.json.tmp"; then
        echo "# $link: cannot decide how to link it or write its build info; skipped"
        continue
    fi
    mv -f "$info/$tag.json.tmp" "$info/$tag.json"
    how=$(sed -n 's/^host //p' "$info/$tag.link")
    lib=$(sed -n 's/^library //p' "$info/$tag.link")
    tags+=("$tag")
    echo "PY_INC_$tag := $(sed -n 2p <<<"$out")"
    echo "PY_LINK_$tag := $how"
    echo "PY_LINK_WHY_$tag := $(sed -n 's/^why //p' "$info/$tag.link")"
    if [ "$how" = static ]; then
        echo "PY_LIB_$tag := -no-pie -Wl,--export-dynamic $lib $(sed -n 4p <<<"$out")"
    else
        echo "PY_LIB_$tag := $(sed -n 3p <<<"$out")"
    fi
    echo "PY_EXE_$tag := $exe"
    echo "PY_INFO_$tag := $info/$tag.json"
done
echo "PY_TAGS := ${tags[*]}"
