#!/usr/bin/env bash
# pylink.sh - how to link the embedded host of one interpreter: the way the
# interpreter's own executable is linked, decided from what ldd and
# sysconfig report (so the host runs the same machine code the executable
# runs, issue 15: a host on libpython3.X.so ran 13-25% slower than a
# statically linked python3.X executable).
#
#   pylink.sh LDD_OUTPUT SYSCONFIG_DUMP
#
# LDD_OUTPUT is what `ldd <executable>` printed; SYSCONFIG_DUMP holds
# NAME=VALUE lines of sysconfig.get_config_var (tools/pyinfo.py --dump):
# LIBPL, LIBDIR, LIBRARY, VERSION, ABIFLAGS are read.  Prints four lines,
# "KEY VALUE":
#   host     static | shared        how to link the host
#   exe      static | shared        how the executable has libpython
#   library  PATH | -               the library the host links: the static
#                                   one, or LIBDIR/LDLIBRARY (- if unnamed)
#   why      one line, for people
# The rule: the executable loads no libpython (ldd lists none, or says it
# is not a dynamic executable) and the static library (LIBRARY, else
# libpython<VERSION><ABIFLAGS>.a) is installed in LIBPL or LIBDIR: static.
# Otherwise shared - with the reason when the executable is static but its
# library is not installed.  Exit 2 with one line on stderr when an input
# cannot be read or ldd's output is empty (nothing to decide from).
set -u

[ $# -eq 2 ] || { echo "usage: pylink.sh LDD_OUTPUT SYSCONFIG_DUMP" >&2; exit 2; }
ldd_out=$1 dump=$2
for f in "$ldd_out" "$dump"; do
    [ -r "$f" ] || { echo "pylink: cannot read $f" >&2; exit 2; }
done
[ -s "$ldd_out" ] || { echo "pylink: $ldd_out is empty: no ldd output to decide from" >&2; exit 2; }

var() { # var NAME: its value in the dump ("" when absent or None)
    local v
    v=$(sed -n "s/^$1=//p" "$dump" | head -n 1)
    [ "$v" = None ] && v=
    printf '%s' "$v"
}

say() { printf 'host %s\nexe %s\nlibrary %s\nwhy %s\n' "$1" "$2" "$3" "$4"; }

# The shared library the host would link: LIBDIR/LDLIBRARY.
shared_lib=-
case $(var LDLIBRARY) in
    *.so*) [ -n "$(var LIBDIR)" ] && shared_lib=$(var LIBDIR)/$(var LDLIBRARY) ;;
esac

# A line naming libpython3.X[flags].so: "libpython3.12.so.1.0 => /path (0x...)".
loaded=$(grep -oE 'libpython[0-9]+\.[0-9]+[a-z]*\.so[.0-9]*' "$ldd_out" | head -n 1)
if [ -n "$loaded" ]; then
    say shared shared "$shared_lib" "the executable loads $loaded (ldd), so the host links the same shared library"
    exit 0
fi

lib=$(var LIBRARY)
[ -n "$lib" ] || lib=libpython$(var VERSION)$(var ABIFLAGS).a
case $lib in
    libpython*.a) ;;
    *) say shared static "$shared_lib" "the executable is linked statically, but sysconfig names no static library ('$lib')"; exit 0 ;;
esac
looked=
for name in LIBPL LIBDIR; do
    dir=$(var $name)
    [ -n "$dir" ] || continue
    looked="$looked${looked:+, }$name=$dir"
    if [ -f "$dir/$lib" ]; then
        say static static "$dir/$lib" "the executable loads no libpython (ldd), and $lib is installed ($name)"
        exit 0
    fi
done
say shared static "$shared_lib" "the executable is linked statically, but $lib is not installed (looked in ${looked:-no LIBPL or LIBDIR}), so the host links the shared library"
