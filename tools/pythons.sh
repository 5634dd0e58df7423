#!/usr/bin/env bash
# pythons.sh - find or build the three interpreters the embedded host needs,
# and link them from a git-ignored folder (default .pythons/).
#
#   .pythons/3.12   -> a python3.12 executable (GIL)
#   .pythons/3.14   -> a python3.14 executable (GIL, the control)
#   .pythons/3.14t  -> a python3.14t executable (free-threaded)
#   .pythons/3.13t  -> a python3.13t executable (free-threaded, optional:
#                      only with WITH=3.13t; a link made before is kept)
#
# Built interpreters are cached once per machine under
# ${XDG_CACHE_HOME:-$HOME/.cache}/pystudy, keyed by version and configure
# flags, so a second `make pythons` or a fresh clone rebuilds nothing.
# One interpreter failing never stops the others: each failure is one line on
# stderr naming what to install or set, and the exit status is 0 as long as the
# script itself worked (the Makefile and tests look at what was linked).
#
# Environment: PY312, PY314, PY314T, PY313T name existing interpreters;
# WITH lists the optional ones to provide too (3.13t); PGO=1 (or its old
# name OPTIMIZED=1) adds --enable-optimizations --with-lto to every build,
# cached under its own key so the default builds stay; PYTHONS_DIR overrides
# the link folder; JOBS the build parallelism.
#
# SAME_BUILD=1 builds 3.12 from source exactly as 3.14 is built (the same
# configure flags, PGO=1's included, the same compiler: configure's CC), so
# that "3.14 against 3.12" compares versions, not builds.  Its source: the
# tarball PY312_TARBALL names (checked against python.org's sha256 for
# 3.12.1), else Debian's archive as apt is configured (tools/debsrc.sh:
# InRelease's signature, Sources' sha256, the tarball's sha256; the suites
# DEB_SUITES, default "oldstable stable testing unstable").  When neither
# has it, one line says why, the 3.12 link is left as it was, and the
# script exits 1 after providing the others.  Each build records what it
# cost (wall and CPU seconds) in its prefix's .build-cost.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
links=${PYTHONS_DIR:-$here/.pythons}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/pystudy
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

PY314_VERSION=3.14.4
PY314_SHA256=d923c51303e38e249136fc1bdf3568d56ecb03214efdef48516176d3d7faaef8
PY314_DEBIAN_POOL=main/p/python3.14/python3.14_3.14.4.orig.tar.xz
# 3.12 is only built when none can be found; the version matches the machine
# image's pyenv 3.12.1 and its sha256 is the one python.org publishes.
PY312_VERSION=3.12.1
PY312_SHA256=8dfb8f426fcd226657f9e2bd5f1e96e53264965176fa17d32658e873591aeb21
# 3.13t, for the history of free-threading (its first, experimental
# release).  3.13.5 because Debian 13's archive keeps its orig tarball, which
# is byte-identical to python.org's (the sha256 python.org publishes).
PY313_VERSION=3.13.5
PY313_SHA256=93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640
PY313_DEBIAN_POOL=main/p/python3.13/python3.13_3.13.5.orig.tar.xz
OPTIONAL_TAGS="3.13t"
DEB_SUITES=${DEB_SUITES:-oldstable stable testing unstable}
PYORG=https://www.python.org/ftp/python

say() { printf 'pythons: %s\n' "$*" >&2; }

pgo=${PGO:-${OPTIMIZED:-0}}

mkdir -p "$links" "$cache/src" || { say "cannot create $links or $cache"; exit 1; }

# Prints the real executable behind a command or path (pyenv shims resolve to
# the interpreter they run), or nothing when it does not start.
real_exe() {
    "$1" -c 'import sys; print(sys.executable)' 2>/dev/null
}

# An interpreter is usable for embedding when it has a libpython we can link
# and headers; prints the reason when it is not.
embeddable() {
    "$1" - <<'PY' 2>/dev/null
import os, sys, sysconfig as s
inc = s.get_config_var("INCLUDEPY") or ""
lib = os.path.join(s.get_config_var("LIBDIR") or "", s.get_config_var("LDLIBRARY") or "")
if not os.path.isfile(os.path.join(inc, "Python.h")):
    print("no Python.h under", inc); sys.exit(1)
if not os.path.isfile(lib):
    print("no", lib); sys.exit(1)
PY
}

# want TAG EXE: EXE must be Python X.Y with the free-threading we expect.
matches() {
    local tag=$1 exe=$2 ver ft
    ver=$("$exe" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || return 1
    ft=$("$exe" -c 'import sysconfig; print(1 if sysconfig.get_config_var("Py_GIL_DISABLED") else 0)' 2>/dev/null) || return 1
    case $tag in
        3.12)  [ "$ver" = 3.12 ] && [ "$ft" = 0 ] ;;
        3.14)  [ "$ver" = 3.14 ] && [ "$ft" = 0 ] ;;
        3.14t) [ "$ver" = 3.14 ] && [ "$ft" = 1 ] ;;
        3.13t) [ "$ver" = 3.13 ] && [ "$ft" = 1 ] ;;
        *) return 1 ;;
    esac
}

# An unchanged link is left alone: its folder's time is what tells make to
# rewrite the flags and rebuild the Python binaries.
link() {
    [ "$(readlink "$links/$1")" = "$2" ] ||
        { ln -sfn "$2" "$links/$1.tmp" && mv -Tf "$links/$1.tmp" "$links/$1"; }
    say "$1 -> $2"
}

# try TAG CANDIDATE: link CANDIDATE when it is the right, embeddable version.
try() {
    local tag=$1 cand=$2 exe why
    [ -n "$cand" ] || return 1
    exe=$(real_exe "$cand") || return 1
    [ -n "$exe" ] || return 1
    matches "$tag" "$exe" || return 1
    if ! why=$(embeddable "$exe"); then
        say "$tag: $exe cannot be embedded ($why); skipping it"
        return 1
    fi
    link "$tag" "$exe"
}

# Debian's mirror as apt is configured here; never hard-coded.
debian_mirror() {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        grep -oE '(https?)://[^ ]+/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ' | sed 's:/*$::'
}

# The CPU seconds (user + sys) of every child this shell has waited for.
# `times` must run in the shell itself, not in a $(...) subshell, whose
# children's count starts at zero: it writes to a file, read afterwards.
children_cpu() { # FILE
    times > "$1"
}
cpu_of() { # FILE: the children's line of times' output, in seconds
    sed -n 2p "$1" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] } printf "%.2f", t }'
}

verify() { [ "$(sha256sum "$1" 2>/dev/null | cut -d' ' -f1)" = "$2" ]; }

# fetch NAME SHA256 POOLPATH: the tarball in the cache, checked; python.org
# first, Debian's byte-identical copy second (POOLPATH "-": there is none).
fetch() {
    local name=$1 sha=$2 pool=$3 ver out mirror lock
    ver=${name#Python-}; ver=${ver%.tar.xz}
    out=$cache/src/$name
    verify "$out" "$sha" && return 0
    exec {lock}>"$cache/src/.lock-$name"; flock "$lock"
    verify "$out" "$sha" && return 0
    rm -f "$out.part"
    if curl -fsSL --connect-timeout 10 --max-time 300 -o "$out.part" "$PYORG/$ver/$name" 2>/dev/null &&
        verify "$out.part" "$sha"; then
        mv -f "$out.part" "$out"; return 0
    fi
    mirror=$(debian_mirror)
    if [ "$pool" != - ] && [ -n "$mirror" ] &&
        curl -fsSL --connect-timeout 10 --max-time 300 -o "$out.part" "$mirror/pool/$pool" 2>/dev/null &&
        verify "$out.part" "$sha"; then
        mv -f "$out.part" "$out"; return 0
    fi
    rm -f "$out.part"
    return 1
}

# build TAG VERSION SHA POOL EXTRA_FLAGS...: configure, build and install into
# the cache; prints the python executable.
build() {
    local tag=$1 ver=$2 sha=$3 pool=$4; shift 4
    local flags=(--enable-shared --without-ensurepip "$@")
    # PGO's training run is CPython's test suite, run only for the profiles
    # it leaves.  Since 3.13 one failed test there fails the whole build (a
    # signal-timing test did, on this loaded machine), and regrtest's rerun
    # refuses --pgo; so its status is ignored, as CPython's own Makefile
    # did up to 3.12 (`|| true`).  The regrtest summary stays in the log.
    [ "$pgo" = 1 ] && flags+=(--enable-optimizations --with-lto 'PROFILE_TASK=-m test --pgo --timeout=$(TESTTIMEOUT) || true')
    local key prefix exe lock name=Python-$ver.tar.xz
    key=$ver-$(printf '%s\n' "${flags[@]}" | sha256sum | cut -c1-12)
    prefix=$cache/cpython-$key
    exe=$prefix/bin/python${ver%.*}
    case " $* " in *" --disable-gil "*) exe=${exe}t ;; esac
    if [ -f "$prefix/.complete" ] && [ -x "$exe" ]; then
        printf '%s\n' "$exe"; return 0
    fi
    # One lock per build (this function runs in a command substitution, so
    # it is released when the build ends): a long build (PGO=1) keeps no
    # other worktree's `make pythons` waiting for its cached interpreters.
    exec {lock}>"$cache/.lock-$key"; flock "$lock"
    if [ -f "$prefix/.complete" ] && [ -x "$exe" ]; then
        printf '%s\n' "$exe"; return 0
    fi
    if ! fetch "$name" "$sha" "$pool"; then
        say "$tag: could not download $name (python.org and Debian's archive both failed); put it at $cache/src/$name or set PY${tag//[.t]/}$( [ "${tag%t}" != "$tag" ] && echo T )=/path/to/python"
        return 1
    fi
    local work log=$cache/build-$key.log
    work=$(mktemp -d "$cache/work.XXXXXX") || return 1
    rm -rf "$prefix"
    say "$tag: building CPython $ver (${flags[*]}) into $prefix; log: $log"
    local t0=$SECONDS c0 c1
    children_cpu "$work.cpu0"
    # Each step only after the one before succeeded: `set -e` would not
    # do it here, since bash ignores it inside a subshell that `if !`
    # tests (a failed `make` went on to `make install`).
    if ! (
        tar -xJf "$cache/src/$name" -C "$work" &&
            cd "$work/Python-$ver" &&
            # The rpath lets the host and python itself find this libpython
            # without LD_LIBRARY_PATH.
            ./configure --prefix="$prefix" "${flags[@]}" LDFLAGS="-Wl,-rpath,$prefix/lib" &&
            make -j"$jobs" &&
            make install
    ) >"$log" 2>&1; then
        rm -rf "$work" "$prefix" "$work.cpu0"
        say "$tag: building CPython $ver failed; see $log (install gcc, make, xz-utils) or set the interpreter with PY${tag//[.t]/}$( [ "${tag%t}" != "$tag" ] && echo T )=/path/to/python"
        return 1
    fi
    rm -rf "$work"
    children_cpu "$work.cpu1"
    c0=$(cpu_of "$work.cpu0") c1=$(cpu_of "$work.cpu1")
    rm -f "$work.cpu0" "$work.cpu1"
    # What the build cost, kept beside it (wall and CPU seconds, jobs).
    printf 'wall_s %d\ncpu_s %s\njobs %s\n' $((SECONDS - t0)) \
        "$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.1f", b - a }')" "$jobs" >"$prefix/.build-cost"
    say "$tag: built in $((SECONDS - t0)) s wall, $(sed -n 's/^cpu_s //p' "$prefix/.build-cost") s CPU (user + sys)"
    printf '%s\n' "${flags[*]}" >"$prefix/.configure-flags"
    touch "$prefix/.complete"
    printf '%s\n' "$exe"
}

provide() {
    local tag=$1 user=$2; shift 2
    if [ -n "$user" ]; then
        try "$tag" "$user" && return 0
        say "$tag: $user (given by the user) is not an embeddable Python $tag; unset it or point it at one"
        return 1
    fi
    local exe
    for cand in "$@"; do
        case $cand in
            build:*) exe=$(${cand#build:}) && try "$tag" "$exe" && return 0 ;;
            *) try "$tag" "$cand" && return 0 ;;
        esac
    done
    rm -f "$links/$tag"
    return 1
}

# SAME_BUILD=1's 3.12: the source, checked, then build() as for 3.14.  The
# tarball last used is remembered (VERSION SHA256 in $cache/src/same-build-3.12),
# so a second run needs no network.
same_build_312() {
    local memo=$cache/src/same-build-3.12 ver=$PY312_VERSION sha=$PY312_SHA256 src path debver suite out why
    local fix="give PY312_TARBALL=path (sha256 $PY312_SHA256, python.org's Python-$PY312_VERSION.tar.xz) to build it"
    if [ -n "${PY312_TARBALL:-}" ]; then
        if ! verify "$PY312_TARBALL" "$PY312_SHA256"; then
            say "3.12 (SAME_BUILD=1): cannot: $PY312_TARBALL is not Python-$PY312_VERSION.tar.xz (its sha256 is not $PY312_SHA256)"
            return 1
        fi
        src=$cache/src/Python-$ver.tar.xz
        verify "$src" "$sha" || { cp -f "$PY312_TARBALL" "$src.part" && mv -f "$src.part" "$src"; } || return 1
    elif [ -r "$memo" ] && read -r ver sha < "$memo" && verify "$cache/src/Python-$ver.tar.xz" "$sha"; then
        :
    else
        ver=$PY312_VERSION sha=$PY312_SHA256
        if ! verify "$cache/src/Python-$ver.tar.xz" "$sha"; then
            local mirror
            mirror=$(debian_mirror)
            if [ -z "$mirror" ]; then
                say "3.12 (SAME_BUILD=1): cannot: apt's sources name no Debian archive to look in; $fix"
                return 1
            fi
            local errs
            errs=$(mktemp) || return 1
            # shellcheck disable=SC2086 # DEB_SUITES is a list
            if ! out=$("$here/tools/debsrc.sh" fetch "$mirror" "$cache/debsrc" python3.12 $DEB_SUITES 2>"$errs") ||
                [ -z "$out" ]; then
                why=$(sed -n 's/^debsrc: //p' "$errs" | head -n 1)
                rm -f "$errs"
                say "3.12 (SAME_BUILD=1): cannot: ${why:-the archive could not be searched}; $fix"
                return 1
            fi
            rm -f "$errs"
            read -r path debver suite <<<"$out"
            ver=${debver#*:}; ver=${ver%%-*}; ver=${ver%%+*} # the upstream version
            sha=$(sha256sum "$path" | cut -d' ' -f1)
            cp -f "$path" "$cache/src/Python-$ver.tar.xz" || return 1
            say "3.12 (SAME_BUILD=1): the source is $suite's python3.12 $debver, checked (InRelease, Sources, sha256)"
        fi
    fi
    printf '%s %s\n' "$ver" "$sha" > "$memo"
    local exe
    exe=$(build 3.12 "$ver" "$sha" -) && try 3.12 "$exe"
}

pyenv312() {
    command -v pyenv >/dev/null 2>&1 || return 1
    local v p
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.12\.[0-9]+$' | sort -t. -k3,3nr); do
        p=$(pyenv prefix "$v" 2>/dev/null) && [ -x "$p/bin/python3.12" ] && { echo "$p/bin/python3.12"; return 0; }
    done
    return 1
}


rc=0 same_rc=0
if [ "${SAME_BUILD:-0}" = 1 ]; then
    same_build_312 || same_rc=1
else
    provide 3.12 "${PY312:-}" "$(command -v python3.12 2>/dev/null)" "$(pyenv312)" \
        "build:build 3.12 $PY312_VERSION $PY312_SHA256 -" || { say "3.12: not found; set PY312=/path/to/python3.12"; rc=1; }
fi
provide 3.14 "${PY314:-}" "$(command -v python3.14 2>/dev/null)" \
    "build:build 3.14 $PY314_VERSION $PY314_SHA256 $PY314_DEBIAN_POOL" || rc=1
provide 3.14t "${PY314T:-}" "$(command -v python3.14t 2>/dev/null)" \
    "build:build 3.14t $PY314_VERSION $PY314_SHA256 $PY314_DEBIAN_POOL --disable-gil" || rc=1
# The optional interpreters: provided when WITH names them; otherwise a link
# made earlier (make pythons WITH=...) is kept while it still works.
with=${WITH:-}
with=" ${with//,/ } "
for tag in $with; do
    case " $OPTIONAL_TAGS " in *" $tag "*) ;; *) say "WITH: unknown interpreter '$tag' (optional ones: $OPTIONAL_TAGS)"; rc=1 ;; esac
done
case $with in
    *" 3.13t "*)
        provide 3.13t "${PY313T:-}" "$(command -v python3.13t 2>/dev/null)" \
            "build:build 3.13t $PY313_VERSION $PY313_SHA256 $PY313_DEBIAN_POOL --disable-gil" || rc=1 ;;
    *) if [ -e "$links/3.13t" ] || [ -L "$links/3.13t" ]; then
           try 3.13t "$links/3.13t" || { rm -f "$links/3.13t"; say "3.13t: the old link no longer works; removed"; }
       fi ;;
esac
[ $rc = 0 ] || say "some interpreters are missing; their binaries and tests are skipped"
# SAME_BUILD=1 asked for one thing; not having it fails that target alone.
exit $same_rc
