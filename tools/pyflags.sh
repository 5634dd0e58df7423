#!/usr/bin/env bash
# pyflags.sh - writes a make fragment with the compile and link flags of each
# interpreter linked from .pythons/ (by tools/pythons.sh):
#   PY_TAGS        the binaries to build, named from version + ABI flags
#   PY_INC_<tag>   -I for Python.h   (never python3-config --cflags: it adds
#                                     -O3 -DNDEBUG and would change our flags)
#   PY_LIB_<tag>   libpython, with an rpath so the host needs no LD_LIBRARY_PATH
# Usage: pyflags.sh LINKDIR > fragment.mk
set -u
links=${1:-.pythons}
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
PY
) || { echo "# $link: cannot query sysconfig; skipped"; continue; }
    tag=$(sed -n 1p <<<"$out")
    tags+=("$tag")
    echo "PY_INC_$tag := $(sed -n 2p <<<"$out")"
    echo "PY_LIB_$tag := $(sed -n 3p <<<"$out")"
    echo "PY_EXE_$tag := $(realpath "$link")"
done
echo "PY_TAGS := ${tags[*]}"
