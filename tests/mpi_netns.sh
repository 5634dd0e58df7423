#!/usr/bin/env bash
# mpi_netns.sh - bin/mpi past one machine, on one machine: two "hosts" that
# are network namespaces, joined by a bridge in a third, with a private /24
# that exists only inside them.  mpirun starts in one of them and reaches
# the other through Open MPI's rsh launcher, whose agent is `ip netns exec`
# instead of ssh; ranks talk over TCP only (btl tcp,self), on that /24 only.
#
#   tests/mpi_netns.sh BIN            the test (run by `make test`)
#   tests/mpi_netns.sh BIN -- CMD...  CMD inside the first namespace, with
#                                     the hostfile in $MPI_NETNS_HOSTFILE and
#                                     Open MPI's settings in the environment
#                                     (for measuring; see the README)
#
# What it shows: the launch through an agent, the wire-up, the TCP
# transport, a one-sided window and the reductions across separate network
# stacks, and the study's --hosts path.  What it does not: the network is a
# software bridge on one kernel, so its latency and bandwidth are not a
# cluster's, and the "hosts" share CPUs and memory.
#
# Exit status: 0 passed, 1 failed, 77 skipped (one SKIP line says why:
# not root, no `ip`, no mpirun, or the kernel refused a namespace).  The
# namespaces are removed on every way out (trap).
set -u

BIN=${1:?usage: mpi_netns.sh BIN [-- CMD...]}
shift
BIN=$(cd "$BIN" && pwd) || exit 1
SUBNET=10.231.79          # the private /24; only ever inside the namespaces
TAG=stmpi$$               # namespace names, unique per run
NS_SW=${TAG}sw NS_A=${TAG}a NS_B=${TAG}b
WORK=$(mktemp -d) || exit 1
DEADLINE_S=120            # any one command, at most (no hang)

skip() { echo "SKIP: mpi netns test: $*"; exit 77; }
fail() { echo "FAIL: mpi netns test: $*"; exit 1; }

cleanup() {
    for ns in "$NS_A" "$NS_B" "$NS_SW"; do
        ip netns del "$ns" 2>/dev/null
    done
    [ -n "${KEEP_WORK-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

[ "$(id -u)" = 0 ] || skip "not root (creating network namespaces needs CAP_SYS_ADMIN and CAP_NET_ADMIN)"
command -v ip >/dev/null || skip "no 'ip' command (Debian: iproute2)"
command -v mpirun >/dev/null || skip "no mpirun (Debian: openmpi-bin)"
[ -x "$BIN/mpi" ] || fail "$BIN/mpi is not built"

# ---- the network ---------------------------------------------------------
out=$(ip netns add "$NS_SW" 2>&1) || skip "ip netns add failed: $out"
ip netns add "$NS_A" && ip netns add "$NS_B" || fail "ip netns add"
ip -n "$NS_SW" link set lo up &&
    ip -n "$NS_SW" link add br0 type bridge &&
    ip -n "$NS_SW" link set br0 up || fail "cannot make the bridge"
i=1
for ns in "$NS_A" "$NS_B"; do
    # Each veth pair is made inside the namespaces, never in this one.
    ip -n "$ns" link add eth0 type veth peer name port$i netns "$NS_SW" &&
        ip -n "$NS_SW" link set port$i master br0 &&
        ip -n "$NS_SW" link set port$i up &&
        ip -n "$ns" link set lo up &&
        ip -n "$ns" addr add $SUBNET.$i/24 dev eth0 &&
        ip -n "$ns" link set eth0 up || fail "cannot connect $ns to the bridge"
    i=$((i + 1))
done

# The launcher agent: called as ssh would be, "agent [options] host command";
# it runs the command (orted and its arguments) in that host's namespace.
cat > "$WORK/agent" <<EOF
#!/bin/sh
while [ \$# -gt 0 ]; do case "\$1" in -*) shift ;; *) break ;; esac; done
case "\$1" in
    $SUBNET.1) ns=$NS_A ;;
    $SUBNET.2) ns=$NS_B ;;
    *) echo "netns agent: unknown host '\$1'" >&2; exit 255 ;;
esac
shift
exec ip netns exec "\$ns" sh -c "\$*"
EOF
chmod +x "$WORK/agent"
printf '%s.1 slots=1\n%s.2 slots=1\n' $SUBNET $SUBNET > "$WORK/hosts"

export MPI_NETNS_HOSTFILE=$WORK/hosts
export OMPI_MCA_plm_rsh_agent=$WORK/agent
export OMPI_MCA_btl=tcp,self
export OMPI_MCA_btl_tcp_if_include=$SUBNET.0/24
export OMPI_MCA_oob_tcp_if_include=$SUBNET.0/24
# The test runs as root (checked above): Open MPI needs to be told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

in_a() { timeout -k 5 $DEADLINE_S ip netns exec "$NS_A" "$@"; }

if [ "${1-}" = "--" ]; then
    shift
    ip netns exec "$NS_A" "$@" # no deadline: a measurement may take long
    exit $?
fi

# ---- 1. ranks in two namespaces, exact answers ----------------------------
my_ns=$(readlink /proc/self/ns/net)
mpirun_2() {
    in_a mpirun --hostfile "$WORK/hosts" --map-by node --bind-to none -np 2 "$@"
}
# column of a CSV header line by name
col() { printf '%s\n' "$1" | tr -d '\r' | tr ',' '\n' | grep -nx "$2" | cut -d: -f1; }
# sumsq at N = 5,000,000: a total of about 4.2e19, past 2^64 (checked below)
for job in "sumsq weak 5000000" "sumsq strong 5000000" "nqueens rr 10" "nqueens dynamic 10"; do
    set -- $job
    csv=$WORK/$1-$2.csv
    mpirun_2 "$BIN/mpi" -w "$1" -s "$2" -n "$3" -r 1 --warmup 0 -o "$csv" 2> "$WORK/err" ||
        fail "$1/$2 over two namespaces: exit $?: $(tail -n 3 "$WORK/err")"
    # the ranks' own /proc/self/ns/net, as bin/mpi reports them
    grep -o 'rank [0-9]*: node [0-9]* host [^ ]* netns [^ ]*' "$WORK/err" | awk '{print $NF}' > "$WORK/ns"
    [ "$(wc -l < "$WORK/ns")" = 2 ] || fail "$1/$2: bin/mpi did not report two ranks: $(cat "$WORK/err")"
    [ "$(sort -u "$WORK/ns" | wc -l)" = 2 ] || fail "$1/$2: both ranks ran in one network namespace"
    grep -qx "$my_ns" "$WORK/ns" && fail "$1/$2: a rank ran in the test's own namespace $my_ns"
    header=$(head -n 1 "$csv") row=$(sed -n 2p "$csv" | tr -d '\r')
    field() { printf '%s\n' "$row" | cut -d, -f"$(col "$header" "$1")"; }
    [ "$(field verified)" = 1 ] || fail "$1/$2: not verified: $row"
    [ "$(field hosts)" = 2 ] && [ "$(field ranks_per_host)" = 1 ] ||
        fail "$1/$2: hosts=$(field hosts) ranks_per_host=$(field ranks_per_host), want 2 and 1"
    # the same job by the fork model on this host: the same exact number
    want=$("$BIN/multiprocess" -w "$1" -s "$2" -n "$3" -t 2 -r 1 --warmup 0 -q | tail -n 1 | tr -d '\r' |
        cut -d, -f"$(col "$header" result)")
    [ -n "$want" ] && [ "$(field result)" = "$want" ] || fail "$1/$2: result $(field result), fork model $want"
    if [ "$1" = sumsq ] && ! { [ ${#want} -gt 20 ] || { [ ${#want} = 20 ] && [[ $want > 18446744073709551615 ]]; }; }; then
        fail "sumsq at N=$3 is $want, which does not exceed 2^64"
    fi
    echo "ok: mpi $1/$2 n=$3 over namespaces $(tr '\n' ' ' < "$WORK/ns")= $(field result)"
done

# ---- 2. the study's --hosts path -----------------------------------------
in_a "$BIN/study" --models mpi --workloads sumsq --splits strong --threads 2 --reps 1 --warmup 1 \
    --sumsq-size 5000000 --hosts "$WORK/hosts" --out "$WORK/results" -q --cell-timeout 60 2> "$WORK/err" ||
    fail "study --hosts: exit $?: $(tail -n 3 "$WORK/err")"
meta=$WORK/results/latest/meta.json
grep -q '"hosts": 2,' "$meta" || fail "meta.json does not record two hosts: $(sed -n '/"mpi"/,/^  }/p' "$meta")"
# Each host the probe saw, in mpi.hosts_seen (one key a line: jansson's indented dump).
[ "$(sed -n '/"hosts_seen"/,/"mca"/p' "$meta" | grep -c '"cpus_online": [1-9][0-9]*,')" = 2 ] ||
    fail "meta.json lacks a CPU count per host"
grep -q "\"btl_tcp_if_include\": \"$SUBNET.0/24\"" "$meta" || fail "meta.json does not record the network"
grep -q "\"addresses\": \"$SUBNET.2\"" "$meta" || fail "meta.json does not record the second host's address"
raw=$WORK/results/latest/raw.csv
header=$(head -n 1 "$raw") row=$(sed -n 2p "$raw" | tr -d '\r')
[ "$(field status)" = ok ] && [ "$(field hosts)" = 2 ] || fail "study row: $row"
echo "ok: study --hosts recorded 2 hosts, their CPUs and the network in meta.json"
echo "PASS: mpi netns test: 2 ranks in 2 network namespaces over TCP on $SUBNET.0/24"
