#!/usr/bin/env bash
# deps.sh - installs the Debian packages the study needs, when any is
# missing.  Quiet and quick when everything is there.  As root it runs
# `apt-get update` once and `apt-get install -y`; otherwise it names the
# packages to install and fails.
set -u

# package : a file or command that shows it is installed
need=(
    "gcc:/usr/bin/gcc"
    "make:/usr/bin/make"
    "libcunit1-dev:/usr/include/CUnit/CUnit.h"
    # meta.json is read and written with jansson; report.html's Markdown is
    # parsed by md4c
    "libjansson-dev:/usr/include/jansson.h"
    "libmd4c-dev:/usr/include/md4c.h"
    "gnuplot-nox:/usr/bin/gnuplot"
    "clang:/usr/bin/clang"
    "curl:/usr/bin/curl"
    "xz-utils:/usr/bin/xz"
    "ca-certificates:/etc/ssl/certs/ca-certificates.crt"
    "libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"
    "valgrind:/usr/bin/valgrind"
    "libopenmpi-dev:/usr/include/x86_64-linux-gnu/openmpi/mpi.h"
    "openmpi-bin:/usr/bin/mpirun"
    "iproute2:/usr/sbin/ip"
    # headless renderer for report.html's check in `make test`
    "chromium:/usr/bin/chromium"
    "poppler-utils:/usr/bin/pdffonts"
)
missing=()
for item in "${need[@]}"; do
    pkg=${item%%:*}
    path=${item#*:}
    [ -e "$path" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "deps: missing packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "deps: apt-get install ${missing[*]} failed" >&2
    exit 1
}
