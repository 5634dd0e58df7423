/* mpimodel.c - the MPI model: T ranks started once by mpirun, each one a
 * worker; rank 0 also runs the shared harness (common/harness.c).
 *
 * Why an adapter around the harness: harness_main is one process that makes
 * its workers for each run (threads, fork).  MPI's workers are the ranks
 * that mpirun started before main(), fixed for the life of the job, one
 * address space each.  So rank 0 runs harness_main with model_mpi, whose
 * hooks broadcast each step (set-up, run, tear-down) to the other ranks,
 * and ranks 1..T-1 sit in serve() and do the same step on their side.  The
 * timing, the verification and the CSV rows are the harness's, unchanged.
 * Every step is a fixed sequence of collective calls that all ranks finish
 * before rank 0 looks at the outcome, so an error reported on rank 0 never
 * leaves the others inside a collective.
 *
 * One run, as rank 0 sees it (harness_run times `run` only):
 *   before_run  MPI_Bcast RUN; reset the dynamic counter; MPI_Barrier
 *   run         its own share as worker 0; MPI_Reduce of the exact 128-bit
 *               total (a user-defined MPI_Op on two 64-bit halves with a
 *               carry) and of the units; MPI_Barrier
 *   after_run   MPI_Gather of every rank's report; check that the reduced
 *               total is what the ranks report
 * so wall_s is rank 0's clock from the start barrier to the end barrier.
 *
 * Clocks: ranks on rank 0's node share its CLOCK_MONOTONIC and their times
 * are taken as they are.  A rank on another node has another clock, so its
 * times are taken relative to its own exit from the start barrier and
 * placed after rank 0's (t0); the error is the barrier's release skew,
 * about a round trip over TCP.  Either way a rank may leave the barrier a
 * few microseconds before rank 0 reads t0, so a timeline start can be that
 * much below zero.
 *
 * Failures: a rank that dies (a signal, an exit without MPI_Finalize) is
 * seen by mpirun, which kills the job and exits non-zero naming the rank.
 * A rank other than 0 that cannot set up prints one line and calls
 * MPI_Abort.  MPI errors are fatal (MPI_ERRORS_ARE_FATAL, the default). */
#define _GNU_SOURCE
#include <mpi.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdalign.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "mpimodel.h"
#include "pin.h"
#include "timer.h"
#include "wide.h"

/* One-sided components that Open MPI may use for the dynamic split's
 * window, unless the user chose with OMPI_MCA_osc.  Why: Debian's
 * /etc/openmpi/openmpi-mca-params.conf sets osc = ^ucx,pt2pt, which leaves
 * a window spanning hosts over TCP with no component at all
 * (MPI_Win_allocate fails with MPI_ERR_WIN).  sm serves ranks on one host,
 * rdma networks with hardware atomics, pt2pt everything else. */
#define OSC_DEFAULT "sm,rdma,pt2pt"

/* A child's exit status for --inject-fault W:0, as in the fork model. */
#define EXIT_INJECTED 3

#define NETNS_MAX 64
#define PER_HOST_MAX 256 /* the ranks_per_host field: "2" or "2+2+1" */

enum mpi_cmd { CMD_SETUP = 1, CMD_RUN, CMD_TEARDOWN, CMD_QUIT };

/* What rank 0 broadcasts at each step: plain uint64 fields, so no derived
 * type is needed and hosts of any byte order agree. */
enum { ORD_CMD, ORD_WORKLOAD, ORD_SPLIT, ORD_SIZE, ORD_PIN, ORD_FAULT_WORKER, ORD_FAULT_SIGNAL, ORD_LEN };

/* One rank's report of one run, as two arrays of one MPI type each. */
enum { RU_VALUE_LO, RU_VALUE_HI, RU_UNITS, RU_CPU, RU_DONE, RU_MAXRSS_KIB, RU_VOL_CTX, RU_INVOL_CTX, RU_LEN };
enum { RD_START_S, RD_END_S, RD_BARRIER_S, RD_CPU_S, RD_USER_S, RD_SYS_S, RD_LEN };

/* Where one rank runs, gathered to rank 0 at start-up. */
enum { PL_PID, PL_NODE, PL_CPUS, PL_LEN };
struct place {
    char host[MPI_MAX_PROCESSOR_NAME];
    char netns[NETNS_MAX];
    int64_t v[PL_LEN]; /* PL_NODE: the lowest world rank on its node */
};

/* The process: set once in mpi_main, read by the hooks.  The harness's
 * hooks have no process argument, hence a file-scope static. */
static struct {
    int rank, size, local_rank, local_size;
    MPI_Datatype wide_type;
    MPI_Op wide_sum;
    double launch_epoch_s;  /* CLOCK_REALTIME when every rank was up */
    struct place *places;   /* rank 0: every rank's; else NULL */
    char threads_default[16];
    char hosts[16], per_host[PER_HOST_MAX], launch_s[32];
    const char *osc;
} proc;

/* Owned by the model between set-up and tear-down, on every rank. */
struct mpi_state {
    struct job job;       /* ranks 1..T-1: their copy of rank 0's job */
    int *cpus;            /* --pin cores: cpus[rank], from this host's plan */
    MPI_Win win;          /* dynamic split: the task counter, on rank 0 */
    uint64_t *counter;    /* its memory (rank 0), else unused */
    bool has_win;
    struct worker_result mine;
    struct wide total;    /* rank 0: MPI_Reduce's sum of the values */
    uint64_t units;       /* rank 0: MPI_Reduce's sum of the units */
    uint64_t *all_u;      /* rank 0: the gathered reports */
    double *all_d;
};

/* Under AddressSanitizer (make sanitize), LeakSanitizer's suppressions for
 * Open MPI (tests/lsan.supp: what libmpi, libopen-pal, libopen-rte and
 * their progress thread's libevent loop allocate and never free) match
 * only when a stack reaches those libraries.  The default fast unwinder
 * stops at Open MPI's frames, which have no frame pointers (and at its
 * plug-ins, unloaded by MPI_Finalize before LSan looks), so this binary
 * unwinds the slow way.  A leak of our own has its malloc in our frames and
 * is still reported.  ASAN_OPTIONS in the environment still wins. */
#if defined(__SANITIZE_ADDRESS__)
#define MPI_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MPI_UNDER_ASAN 1
#endif
#endif
#ifdef MPI_UNDER_ASAN
const char *__asan_default_options(void); /* the sanitizer runtime calls it */
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}
#endif

/* A zeroed state.  aligned_alloc, not calloc: the worker_result inside is
 * aligned to SLOT_ALIGN_BYTES, beyond what malloc promises. */
static struct mpi_state *state_new(void)
{
    struct mpi_state *s = aligned_alloc(alignof(struct mpi_state), sizeof *s);
    if (s)
        memset(s, 0, sizeof *s);
    return s;
}

static double realtime_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* MPI_User_function: the exact sum of 128-bit values in two halves. */
static void wide_sum_fn(void *in, void *inout, int *len, MPI_Datatype *type)
{
    (void)type;
    wide_add(in, inout, *len);
}

_Static_assert(sizeof(struct wide) == 2 * sizeof(uint64_t), "struct wide must be two packed halves");

/* A rank other than 0 that cannot go on: one line, then the whole job
 * ends (mpirun exits non-zero). */
static _Noreturn void rank_fatal(const char *what)
{
    fprintf(stderr, "mpi: rank %d: %s\n", proc.rank, what);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, EXIT_RUN_FAILED);
    _exit(EXIT_RUN_FAILED); /* MPI_Abort does not return; for the compiler */
}

/* ---- start-up: where every rank runs ------------------------------------- */

/* Nodes as MPI sees them: ranks that can share memory
 * (MPI_COMM_TYPE_SHARED).  This is what the hosts column counts: real
 * hosts, or network namespaces each with its own daemon, which share a
 * hostname but no memory segment. */
static void find_places(void)
{
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, proc.rank, MPI_INFO_NULL, &node);
    MPI_Comm_rank(node, &proc.local_rank);
    MPI_Comm_size(node, &proc.local_size);
    int node_id;
    MPI_Allreduce(&proc.rank, &node_id, 1, MPI_INT, MPI_MIN, node);
    MPI_Comm_free(&node);

    struct place me = {.v = {[PL_PID] = getpid(), [PL_NODE] = node_id, [PL_CPUS] = pin_cpu_count()}};
    int len = 0;
    MPI_Get_processor_name(me.host, &len);
    /* me is zeroed and readlink writes at most NETNS_MAX - 1 bytes: the
     * link (net:[4026531840]) stays NUL-terminated. */
    if (readlink("/proc/self/ns/net", me.netns, sizeof me.netns - 1) <= 0)
        snprintf(me.netns, sizeof me.netns, "unknown");

    char *hosts = NULL, *netns = NULL;
    int64_t *v = NULL;
    if (proc.rank == 0) {
        proc.places = calloc((size_t)proc.size, sizeof *proc.places);
        hosts = malloc((size_t)proc.size * MPI_MAX_PROCESSOR_NAME);
        netns = malloc((size_t)proc.size * NETNS_MAX);
        v = malloc((size_t)proc.size * PL_LEN * sizeof *v);
        if (!proc.places || !hosts || !netns || !v) {
            fprintf(stderr, "mpi: out of memory for %d ranks\n", proc.size);
            MPI_Abort(MPI_COMM_WORLD, EXIT_RUN_FAILED);
        }
    }
    MPI_Gather(me.host, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, hosts, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0,
               MPI_COMM_WORLD);
    MPI_Gather(me.netns, NETNS_MAX, MPI_CHAR, netns, NETNS_MAX, MPI_CHAR, 0, MPI_COMM_WORLD);
    MPI_Gather(me.v, PL_LEN, MPI_INT64_T, v, PL_LEN, MPI_INT64_T, 0, MPI_COMM_WORLD);
    if (proc.rank != 0)
        return;
    for (int r = 0; r < proc.size; r++) {
        struct place *p = &proc.places[r];
        memcpy(p->host, hosts + (size_t)r * MPI_MAX_PROCESSOR_NAME, MPI_MAX_PROCESSOR_NAME);
        p->host[MPI_MAX_PROCESSOR_NAME - 1] = '\0';
        memcpy(p->netns, netns + (size_t)r * NETNS_MAX, NETNS_MAX);
        p->netns[NETNS_MAX - 1] = '\0';
        memcpy(p->v, v + (size_t)r * PL_LEN, sizeof p->v);
    }
    free(hosts);
    free(netns);
    free(v);

    /* hosts and ranks_per_host, nodes in the order of their first rank */
    int nodes = 0, counts_equal = 1, first = -1;
    size_t used = 0;
    for (int r = 0; r < proc.size; r++) {
        if (proc.places[r].v[PL_NODE] != r)
            continue;
        int count = 0;
        for (int k = 0; k < proc.size; k++)
            count += proc.places[k].v[PL_NODE] == r;
        if (first < 0)
            first = count;
        counts_equal &= count == first;
        int w = snprintf(proc.per_host + used, sizeof proc.per_host - used, "%s%d", nodes ? "+" : "", count);
        if (w > 0 && used + (size_t)w < sizeof proc.per_host)
            used += (size_t)w;
        nodes++;
    }
    if (counts_equal)
        snprintf(proc.per_host, sizeof proc.per_host, "%d", first);
    snprintf(proc.hosts, sizeof proc.hosts, "%d", nodes);
}

/* ---- the model's hooks, rank 0 ------------------------------------------- */

static int mpi_prepare(const struct config *cfg, char **argv, struct err *e)
{
    (void)argv;
    for (size_t i = 0; i < cfg->nthreads; i++)
        if (cfg->threads[i] != (unsigned)proc.size)
            return err_set(e, EXIT_USAGE,
                           "-t %u, but mpirun started %d ranks: T is the number of ranks (mpirun -np T; "
                           "leave -t out to use them all)",
                           cfg->threads[i], proc.size);
    const char *t0 = getenv(LAUNCH_EPOCH_ENV);
    if (t0) {
        char *end;
        errno = 0;
        double s = strtod(t0, &end);
        if (!*t0 || *end || errno || !isfinite(s) || s <= 0)
            return err_set(e, EXIT_USAGE, "bad %s '%s': want seconds since the epoch, as `date +%%s.%%N` prints",
                           LAUNCH_EPOCH_ENV, t0);
        /* A negative span means rank 0's clock and the launcher's disagree
         * (another host): no number rather than a wrong one. */
        if (proc.launch_epoch_s >= s)
            snprintf(proc.launch_s, sizeof proc.launch_s, "%.6f", proc.launch_epoch_s - s);
        else if (!cfg->quiet)
            fprintf(stderr, "# mpi: launch_s left empty: rank 0's clock is %.3f s behind the launcher's\n",
                    s - proc.launch_epoch_s);
    }
    if (!cfg->quiet) {
        fprintf(stderr, "# mpi: %d ranks on %s hosts (ranks per host %s), osc=%s, launch_s=%s\n", proc.size,
                proc.hosts, proc.per_host, proc.osc, proc.launch_s[0] ? proc.launch_s : "(no " LAUNCH_EPOCH_ENV ")");
        for (int r = 0; r < proc.size; r++) {
            const struct place *p = &proc.places[r];
            fprintf(stderr, "# mpi: rank %d: node %" PRId64 " host %s netns %s pid %" PRId64 " cpus %" PRId64 "\n", r,
                    p->v[PL_NODE], p->host, p->netns, p->v[PL_PID], p->v[PL_CPUS]);
        }
    }
    return 0;
}

static const char *mpi_column(int col)
{
    switch (col) {
    case COL_LAUNCH_S: return proc.launch_s[0] ? proc.launch_s : NULL;
    case COL_HOSTS: return proc.hosts;
    case COL_RANKS_PER_HOST: return proc.per_host;
    default: return NULL;
    }
}

static void bcast_order(uint64_t *ord)
{
    MPI_Bcast(ord, ORD_LEN, MPI_UINT64_T, 0, MPI_COMM_WORLD);
}

static void bcast_cmd(enum mpi_cmd cmd)
{
    uint64_t ord[ORD_LEN] = {[ORD_CMD] = cmd};
    bcast_order(ord);
}

static void state_free(struct mpi_state *s)
{
    if (!s)
        return;
    if (s->has_win)
        MPI_Win_free(&s->win); /* collective: every rank tears down together */
    free(s->cpus);
    free(s->all_u);
    free(s->all_d);
    harness_job_free(&s->job);
    free(s);
}

/* This rank's part of a set-up that cannot fail halfway: the local
 * allocations (done first, by the caller) and then the collective window. */
static int state_local(struct mpi_state *s, bool pin, struct err *e)
{
    if (pin) {
        /* Pin by the rank's place on its own host, not by its world rank:
         * host B's plan knows nothing of host A's CPUs. */
        int *plan = malloc((size_t)proc.local_size * sizeof *plan);
        s->cpus = calloc((size_t)proc.size, sizeof *s->cpus);
        if (!plan || !s->cpus) {
            free(plan);
            return err_set(e, EXIT_RUN_FAILED, "out of memory");
        }
        if (pin_plan("/sys", (unsigned)proc.local_size, plan, e)) {
            free(plan);
            return -1;
        }
        s->cpus[proc.rank] = plan[proc.local_rank];
        free(plan);
    }
    if (proc.rank == 0) {
        s->all_u = malloc((size_t)proc.size * RU_LEN * sizeof *s->all_u);
        s->all_d = malloc((size_t)proc.size * RD_LEN * sizeof *s->all_d);
        if (!s->all_u || !s->all_d)
            return err_set(e, EXIT_RUN_FAILED, "out of memory for %d reports", proc.size);
    }
    return 0;
}

static void state_window(struct mpi_state *s, enum split_id split)
{
    if (split != SPLIT_DYNAMIC)
        return;
    MPI_Win_allocate(proc.rank == 0 ? (MPI_Aint)sizeof *s->counter : 0, sizeof *s->counter, MPI_INFO_NULL,
                     MPI_COMM_WORLD, &s->counter, &s->win);
    s->has_win = true;
}

static int mpi_setup(const struct job *job, void **state, struct err *e)
{
    struct mpi_state *s = state_new();
    if (!s)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    if (state_local(s, job->cpus != NULL, e)) {
        state_free(s);
        return -1;
    }
    uint64_t ord[ORD_LEN] = {
        [ORD_CMD] = CMD_SETUP, [ORD_WORKLOAD] = job->workload, [ORD_SPLIT] = job->split, [ORD_SIZE] = job->size,
        [ORD_PIN] = job->cpus != NULL, [ORD_FAULT_WORKER] = (uint64_t)(job->fault_worker + 1),
        [ORD_FAULT_SIGNAL] = (uint64_t)job->fault_signal};
    bcast_order(ord);
    state_window(s, job->split);
    *state = s;
    return 0;
}

static void mpi_teardown(void *state)
{
    bcast_cmd(CMD_TEARDOWN);
    state_free(state);
}

/* Start line, every rank: the dynamic counter is reset by its owner before
 * anyone may take from it. */
static void start_barrier(struct mpi_state *s)
{
    if (proc.rank == 0 && s->has_win) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, s->win);
        *s->counter = 0;
        MPI_Win_unlock(0, s->win);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

static int mpi_before_run(void *state, const struct job *job, struct err *e)
{
    (void)job, (void)e;
    bcast_cmd(CMD_RUN);
    start_barrier(state);
    return 0;
}

/* The dynamic split: task indices from the counter in rank 0's window,
 * one MPI_Fetch_and_op each.  Rank 0 takes tasks too; there is no manager
 * rank.  Over TCP (osc pt2pt) a fetch is served when rank 0 next enters
 * MPI, so a rank may wait for rank 0's current task to end. */
static void take_tasks(struct mpi_state *s, const struct job *job, struct worker_result *r)
{
    const uint64_t one = 1;
    uint64_t i;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, s->win);
    for (;;) {
        MPI_Fetch_and_op(&one, &i, MPI_UINT64_T, 0, 0, MPI_SUM, s->win);
        MPI_Win_flush(0, s->win);
        if (i >= job->pool_len)
            break;
        r->value += work_task(job, i);
        r->units++;
    }
    MPI_Win_unlock(0, s->win);
}

/* A rank's run from the start barrier to the end barrier, every rank. */
static void rank_work(struct mpi_state *s, const struct job *job)
{
    if (job->fault_worker == proc.rank) {
        if (job->fault_signal) {
            signal(job->fault_signal, SIG_DFL);
            raise(job->fault_signal);
        }
        _exit(EXIT_INJECTED);
    }
    struct job mine = *job;
    mine.cpus = s->cpus;
    struct worker_result *r = &s->mine;
    *r = (struct worker_result){0};
    work_begin(&mine, (unsigned)proc.rank, r);
    if (job->split == SPLIT_DYNAMIC)
        take_tasks(s, &mine, r);
    else
        work_static(&mine, (unsigned)proc.rank, r);
    work_end(r);
    struct wide v = wide_from_u128(r->value);
    MPI_Reduce(&v, &s->total, 1, proc.wide_type, proc.wide_sum, 0, MPI_COMM_WORLD);
    MPI_Reduce(&r->units, &s->units, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
}

static int mpi_run(void *state, const struct job *job, struct worker_result *slots, struct child_usage *kids,
                   struct err *e)
{
    (void)slots, (void)kids, (void)e;
    rank_work(state, job);
    return 0;
}

static void gather_reports(const uint64_t *u, const double *d, struct mpi_state *s)
{
    MPI_Gather(u, RU_LEN, MPI_UINT64_T, s->all_u, RU_LEN, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    MPI_Gather(d, RD_LEN, MPI_DOUBLE, s->all_d, RD_LEN, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

static int mpi_after_run(void *state, const struct job *job, double t0_s, struct worker_result *slots,
                         struct child_usage *kids, struct err *e)
{
    struct mpi_state *s = state;
    const uint64_t u0[RU_LEN] = {0};
    const double d0[RD_LEN] = {0};
    gather_reports(u0, d0, s); /* rank 0's own part is s->mine */
    slots[0] = s->mine;
    u128 sum = s->mine.value;
    uint64_t units = s->mine.units;
    for (unsigned w = 1; w < job->threads; w++) {
        const uint64_t *u = s->all_u + (size_t)w * RU_LEN;
        const double *d = s->all_d + (size_t)w * RD_LEN;
        struct worker_result *r = &slots[w];
        r->value = wide_to_u128((struct wide){.lo = u[RU_VALUE_LO], .hi = u[RU_VALUE_HI]});
        r->units = u[RU_UNITS];
        r->cpu = (int)(int64_t)u[RU_CPU];
        r->done = (int)u[RU_DONE];
        const double shift = proc.places[w].v[PL_NODE] == 0 ? 0 : t0_s - d[RD_BARRIER_S];
        r->start_s = d[RD_START_S] + shift;
        r->end_s = d[RD_END_S] + shift;
        r->cpu_s = d[RD_CPU_S];
        kids->user_s += d[RD_USER_S];
        kids->sys_s += d[RD_SYS_S];
        kids->maxrss_kib += (long)u[RU_MAXRSS_KIB];
        kids->vol_ctx += (long)u[RU_VOL_CTX];
        kids->invol_ctx += (long)u[RU_INVOL_CTX];
        sum += r->value;
        units += r->units;
    }
    /* The reduction is the model's answer; the reports are the harness's
     * per-worker view.  They must agree, or the reduction is broken. */
    const u128 reduced = wide_to_u128(s->total);
    if (reduced != sum || s->units != units) {
        char a[U128_DEC_MAX], b[U128_DEC_MAX];
        return err_set(e, EXIT_RUN_FAILED,
                       "MPI_Reduce gave %s in %" PRIu64 " units, but the ranks report %s in %" PRIu64 " units",
                       u128_to_dec(reduced, a), s->units, u128_to_dec(sum, b), units);
    }
    return 0;
}

static const struct cli_extra mpi_cli = {.threads_default = proc.threads_default};

static const struct model model_mpi = {
    .name = "mpi",
    .cli = &mpi_cli,
    .prepare_process = mpi_prepare,
    .column = mpi_column,
    .setup = mpi_setup,
    .run = mpi_run,
    .before_run = mpi_before_run,
    .after_run = mpi_after_run,
    .teardown = mpi_teardown,
};

/* ---- ranks 1..T-1 ----------------------------------------------------------- */

static struct mpi_state *serve_setup(const uint64_t *ord)
{
    struct mpi_state *s = state_new();
    if (!s)
        rank_fatal("out of memory");
    struct config cfg = {.workload = (enum workload_id)ord[ORD_WORKLOAD], .split = (enum split_id)ord[ORD_SPLIT],
                         .size = ord[ORD_SIZE], .pin = PIN_NONE, .fault_worker = (int)ord[ORD_FAULT_WORKER] - 1,
                         .fault_signal = (int)ord[ORD_FAULT_SIGNAL]};
    struct err e = {0};
    if (harness_job_init(&s->job, &cfg, (unsigned)proc.size, &e))
        rank_fatal(e.msg);
    /* PIN_NONE above: state_local plans this host's CPUs instead. */
    if (state_local(s, ord[ORD_PIN] != 0, &e))
        rank_fatal(e.msg);
    state_window(s, s->job.split);
    return s;
}

static void serve_run(struct mpi_state *s)
{
    struct rusage r0, r1;
    start_barrier(s);
    const double b = timer_now_s();
    getrusage(RUSAGE_SELF, &r0);
    rank_work(s, &s->job);
    getrusage(RUSAGE_SELF, &r1);
    const struct worker_result *r = &s->mine;
    const struct wide v = wide_from_u128(r->value);
    const uint64_t u[RU_LEN] = {
        [RU_VALUE_LO] = v.lo, [RU_VALUE_HI] = v.hi, [RU_UNITS] = r->units, [RU_CPU] = (uint64_t)(int64_t)r->cpu,
        [RU_DONE] = (uint64_t)r->done, [RU_MAXRSS_KIB] = (uint64_t)r1.ru_maxrss,
        [RU_VOL_CTX] = (uint64_t)(r1.ru_nvcsw - r0.ru_nvcsw), [RU_INVOL_CTX] = (uint64_t)(r1.ru_nivcsw - r0.ru_nivcsw)};
    const double d[RD_LEN] = {
        [RD_START_S] = r->start_s, [RD_END_S] = r->end_s, [RD_BARRIER_S] = b, [RD_CPU_S] = r->cpu_s,
        [RD_USER_S] = tv_s(r1.ru_utime) - tv_s(r0.ru_utime), [RD_SYS_S] = tv_s(r1.ru_stime) - tv_s(r0.ru_stime)};
    gather_reports(u, d, s);
}

/* Follows rank 0's orders until it says QUIT. */
static void serve(void)
{
    struct mpi_state *s = NULL;
    for (;;) {
        uint64_t ord[ORD_LEN];
        bcast_order(ord);
        switch (ord[ORD_CMD]) {
        case CMD_SETUP:
            s = serve_setup(ord);
            break;
        case CMD_RUN:
            if (!s)
                rank_fatal("a run was ordered before any set-up");
            serve_run(s);
            break;
        case CMD_TEARDOWN:
            state_free(s);
            s = NULL;
            break;
        case CMD_QUIT:
            /* rank 0 tears down before it quits; freeing a window here
             * would wait for it in a collective it never enters */
            if (s)
                rank_fatal("rank 0 quit before tearing down");
            return;
        default:
            rank_fatal("unknown order from rank 0");
        }
    }
}

/* ---- the program ------------------------------------------------------------ */

int mpi_main(int argc, char **argv)
{
    setenv("OMPI_MCA_osc", OSC_DEFAULT, 0); /* before MPI_Init, which reads it */
    proc.osc = getenv("OMPI_MCA_osc");
    MPI_Init(&argc, &argv);
    /* launch_s ends here: every rank is up and has met the others. */
    MPI_Barrier(MPI_COMM_WORLD);
    proc.launch_epoch_s = realtime_s();
    MPI_Comm_rank(MPI_COMM_WORLD, &proc.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &proc.size);
    MPI_Type_contiguous(2, MPI_UINT64_T, &proc.wide_type);
    MPI_Type_commit(&proc.wide_type);
    MPI_Op_create(wide_sum_fn, 1 /* commutative */, &proc.wide_sum);
    find_places();
    snprintf(proc.threads_default, sizeof proc.threads_default, "%d", proc.size);

    int rc = EXIT_OK;
    if (proc.rank == 0) {
        rc = harness_main(&model_mpi, argc, argv);
        bcast_cmd(CMD_QUIT);
    } else {
        serve();
    }
    free(proc.places);
    MPI_Op_free(&proc.wide_sum);
    MPI_Type_free(&proc.wide_type);
    MPI_Finalize();
    return rc;
}
