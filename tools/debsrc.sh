#!/usr/bin/env bash
# debsrc.sh - a source package's upstream tarball from Debian's archive,
# every step checked: the suite's InRelease against the archive's signing
# keys (gpgv and debian-archive-keyring, when installed), Sources.xz
# against the SHA256 that InRelease lists for it, and the orig tarball
# against the SHA256 that Sources lists for it.  Used by tools/pythons.sh
# for `make pythons SAME_BUILD=1` (3.12 built from source like 3.14).
#
#   debsrc.sh release-hash RELEASE PATH
#       "SHA256 SIZE" of PATH (main/source/Sources.xz) in a Release's
#       SHA256 list; exit 1 when it is not listed.
#   debsrc.sh orig SOURCES PACKAGE
#       "VERSION DIRECTORY FILE SHA256 SIZE" of PACKAGE's upstream tarball
#       (FILE: PACKAGE_UPSTREAM.orig.tar.*), one line per version SOURCES
#       (an uncompressed Sources index) lists, the highest first; exit 1
#       when none.
#   debsrc.sh fetch MIRROR CACHE PACKAGE SUITE...
#       Looks in each suite in turn; at the first that lists PACKAGE,
#       downloads its tarball (the highest version the mirror serves) into
#       CACHE and prints "PATH VERSION SUITE".
#       Otherwise one line on stderr saying what was checked and why it
#       failed, and exit 1.  Indexes are kept in CACHE by their SHA256, so
#       a second run downloads only the InRelease files.
# MIRROR is the archive's base URL as apt is configured (tools/pythons.sh
# reads it from apt's sources; it is never written here).
set -u

die() { echo "debsrc: $*" >&2; exit 2; }

release_hash() { # RELEASE PATH
    awk -v want="$2" '
        /^SHA256:/ { inside = 1; next }
        /^[^ ]/ { inside = 0 }
        inside && $3 == want { print $1, $2; found = 1; exit }
        END { exit found ? 0 : 1 }' "$1"
}

orig() { # SOURCES PACKAGE: deb822 paragraphs, continuation lines start with a space
    awk -v pkg="$2" '
        BEGIN { RS = ""; FS = "\n" }
        {
            name = ver = dir = ""; n = 0; inside = 0
            for (i = 1; i <= NF; i++) {
                line = $i
                if (line ~ /^Package: /) name = substr(line, 10)
                else if (line ~ /^Version: /) ver = substr(line, 10)
                else if (line ~ /^Directory: /) dir = substr(line, 12)
                if (line ~ /^Checksums-Sha256:/) { inside = 1; continue }
                if (line !~ /^ /) inside = 0
                if (inside) {
                    split(line, f, " ")
                    if (f[3] ~ /\.orig\.tar\.[a-z0-9]+$/) { sha[n] = f[1]; size[n] = f[2]; file[n] = f[3]; n++ }
                }
            }
            if (name == pkg && ver != "" && dir != "" && n > 0)
                print ver, dir, file[0], sha[0], size[0]
        }' "$1" | sort -V -r -k1,1 | grep .
}

join() { # SEP WORD...: the words with SEP between them
    local sep=$1 out=${2:-}
    shift 2 2>/dev/null || shift
    for w in "$@"; do out+="$sep$w"; done
    printf '%s' "$out"
}

sha256() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }

get() { # URL OUT
    curl -fsSL --connect-timeout 10 --max-time 600 -o "$2.part" "$1" 2>/dev/null && mv -f "$2.part" "$2"
}

fetch() { # MIRROR CACHE PACKAGE SUITE...
    local mirror=$1 cache=$2 pkg=$3; shift 3
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    local checked=() failed=() suite dir dir_pool rel hash size idx line ver file want got
    mkdir -p "$cache" || die "cannot create $cache"
    local signed=1
    command -v gpgv >/dev/null 2>&1 && [ -r "$keyring" ] || signed=0
    for suite in "$@"; do
        dir=$cache/$suite
        mkdir -p "$dir"
        if ! get "$mirror/dists/$suite/InRelease" "$dir/InRelease"; then
            failed+=("$suite: no InRelease"); continue
        fi
        rel=$dir/Release
        if [ $signed = 1 ]; then
            if ! gpgv --keyring "$keyring" --output "$rel" "$dir/InRelease" 2>/dev/null; then
                failed+=("$suite: InRelease's signature does not verify"); continue
            fi
        else
            sed -n '/^-----BEGIN PGP SIGNED MESSAGE-----$/,/^$/d; /^-----BEGIN PGP SIGNATURE-----$/q; p' \
                "$dir/InRelease" > "$rel"
        fi
        line=$(sed -n 's/^Codename: //p' "$rel" | head -n 1)
        checked+=("$suite${line:+ ($line)}")
        if ! read -r hash size < <(release_hash "$rel" main/source/Sources.xz); then
            failed+=("$suite: InRelease lists no main/source/Sources.xz"); continue
        fi
        idx=$cache/Sources-$hash
        if [ "$(sha256 "$idx.xz")" != "$hash" ]; then
            if ! get "$mirror/dists/$suite/main/source/Sources.xz" "$idx.xz" || [ "$(sha256 "$idx.xz")" != "$hash" ]; then
                rm -f "$idx.xz"
                failed+=("$suite: Sources.xz missing or not the one InRelease lists"); continue
            fi
        fi
        if ! xz -dc "$idx.xz" > "$idx.tmp"; then
            rm -f "$idx.tmp"; failed+=("$suite: Sources.xz does not decompress"); continue
        fi
        local listed
        listed=$(orig "$idx.tmp" "$pkg")
        rm -f "$idx.tmp"
        [ -n "$listed" ] || continue # not in this suite
        local why=()
        while read -r ver dir_pool file want size; do
            if [ "$(sha256 "$cache/$file")" != "$want" ]; then
                if ! get "$mirror/$dir_pool/$file" "$cache/$file"; then
                    why+=("$ver: $dir_pool/$file cannot be downloaded"); continue
                fi
                got=$(sha256 "$cache/$file")
                if [ "$got" != "$want" ]; then
                    rm -f "$cache/$file"
                    why+=("$ver: $file's sha256 is $got, not $want"); continue
                fi
            fi
            echo "$cache/$file $ver $suite"
            return 0
        done <<<"$listed"
        echo "debsrc: $suite lists $pkg, but no version of it could be had ($(join "; " "${why[@]}"))" >&2
        exit 1
    done
    local seen
    seen=$(join ", " "${checked[@]}")
    local msg="no suite of the archive lists $pkg (checked: ${seen:-none})"
    [ ${#failed[@]} -eq 0 ] || msg="$msg; $(join "; " "${failed[@]}")"
    [ $signed = 1 ] || msg="$msg; signatures not checked (no gpgv or debian-archive-keyring)"
    echo "debsrc: $msg" >&2
    exit 1
}

[ $# -ge 1 ] || die "usage: debsrc.sh release-hash RELEASE PATH | orig SOURCES PACKAGE | fetch MIRROR CACHE PACKAGE SUITE..."
cmd=$1; shift
case $cmd in
    release-hash) [ $# -eq 2 ] && [ -r "$1" ] || die "release-hash RELEASE PATH"; release_hash "$@" ;;
    orig) [ $# -eq 2 ] && [ -r "$1" ] || die "orig SOURCES PACKAGE"; orig "$@" ;;
    fetch) [ $# -ge 4 ] || die "fetch MIRROR CACHE PACKAGE SUITE..."; fetch "$@" ;;
    *) die "unknown command '$cmd'" ;;
esac
