/* job.h - one run's description, the per-worker result slots, and the model
 * interface that every impl-* folder implements once.
 *
 * The shape follows redis' ae.c: one small struct of function pointers, one
 * backend per folder, and the harness (common/harness.c) written once.
 */
#ifndef STUDY_JOB_H
#define STUDY_JOB_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "workload.h"

/* Per-worker slots are padded to this many bytes.  128, not 64: x86's
 * adjacent-line prefetcher pulls cache lines in pairs, so two slots 64 bytes
 * apart can still ping-pong between cores. */
#define SLOT_ALIGN_BYTES 128

#define THREADS_MAX 4096U

struct sampler_entry; /* sampler.h */

/* A partial N-Queens placement: the state solve_row(n, cols, d1, d2, row)
 * takes.  The dynamic split's pool is an array of these. */
struct nq_task {
    uint64_t cols, d1, d2;
    unsigned row;
};

/* Everything a model needs to run one job.  Built and owned by the harness;
 * read-only for the models. */
struct job {
    enum workload_id workload;
    enum split_id split;
    uint64_t size;           /* N for sumsq, n for nqueens */
    unsigned threads;        /* T >= 1 */
    const int *cpus;         /* NULL, or the CPU worker i is pinned to */
    const struct nq_task *pool; /* the dynamic split's tasks, else NULL */
    uint64_t pool_len;
    /* Fault injection for the tests: worker fault_worker raises fault_signal
     * (or, with signal 0, exits with status 3) before it does any work.
     * fault_worker < 0 means none.  Only the process models (multiprocess,
     * mpi) honour it. */
    int fault_worker;
    int fault_signal;
    /* NULL, or the sampled run's board (sampler.h): each worker registers
     * itself there as it begins (work_begin, or the model's own code where
     * its workers do not call work_begin). */
    struct sampler_entry *sample_board;
};

/* What one worker reports.  Times are CLOCK_MONOTONIC seconds (one clock for
 * the whole machine, so children of fork() report comparable values). */
struct worker_result {
    alignas(SLOT_ALIGN_BYTES) u128 value; /* its sum or solution count */
    uint64_t units;          /* work done: sumsq iterations, nqueens tasks */
    double start_s, end_s;   /* when its work began and ended */
    double cpu_s;            /* its own CPU time over the work */
    int cpu;                 /* CPU it ran on (sched_getcpu at the start) */
    int done;                /* 1 once it reported */
};

/* Resource use that the harness cannot see with getrusage(RUSAGE_SELF):
 * the children of a fork()-based model, reaped with wait4(). */
struct child_usage {
    double user_s, sys_s;
    long maxrss_kib;         /* sum of the children's peaks */
    long vol_ctx, invol_ctx;
    /* The embedded host reports whether its workers saw the GIL on (1) or
     * off (0); the harness sets -1 (not applicable) before each run. */
    int gil_enabled;
    /* Optional, for a model whose run happens in another process that
     * times itself (the direct driver: the interpreter's own executable,
     * asked over a pipe): the timed span's start and end on
     * CLOCK_MONOTONIC (timer_now_s's clock, one for the whole machine), as
     * that process measured them immediately around the work.  Left at 0
     * (the harness clears it), the harness times run() itself.  When set:
     *   - wall_s is span_end_s - span_start_s, and the timeline and spawn_s
     *     count from span_start_s, so the hand-over (pipe latency, parsing)
     *     is not timed, as thread creation is not for a pool;
     *   - the span must lie within the harness's own readings around run()
     *     (else the clocks differ: the run fails, it is not guessed at);
     *   - user_s, sys_s, the context switches and maxrss_kib are the ones
     *     above alone, that process's own over the span: the harness's
     *     process only waited. */
    double span_start_s, span_end_s;
};

/* Contract for every hook: return 0 on success, or -1 with *e filled.
 * setup and teardown are not timed; run is, from just before the first
 * worker is started to just after the last one is joined or reaped, so it
 * must do nothing else.  run fills slots[0 .. job->threads-1] (the harness
 * clears them first) and, for process models, *children. */
struct config;
struct cli_extra;

struct model {
    const char *name;
    const struct cli_extra *cli; /* options beyond the common ones, or NULL */
    /* Optional, once per process after the command line is parsed and
     * before any output is opened: a model whose runtime reads its settings
     * at load time (libgomp) may set them here and re-exec argv. */
    int (*prepare_process)(const struct config *cfg, char **argv, struct err *e);
    /* Optional, once at the end of the process (the embedded host
     * finalises its interpreter here). */
    void (*finish_process)(void);
    /* Optional: this process's value for a CSV column the harness does not
     * fill itself (interpreter, mode, init_s, py_env), or NULL for empty.
     * col is an enum result_column (csv.h). */
    const char *(*column)(int col);
    int (*setup)(const struct job *job, void **state, struct err *e);
    int (*run)(void *state, const struct job *job, struct worker_result *slots,
               struct child_usage *children, struct err *e);
    /* Optional, untimed, just before and just after each run, for a model
     * whose workers outlive the run (MPI ranks, started once by mpirun):
     * before_run hands the run to them and returns when all are at the
     * start line; after_run collects what they report (slots, their
     * resource use in *children), with t0_s the run's start on this
     * process's clock.  The hand-over and the collection are then not
     * timed, as thread creation is not timed for a pool. */
    int (*before_run)(void *state, const struct job *job, struct err *e);
    int (*after_run)(void *state, const struct job *job, double t0_s, struct worker_result *slots,
                     struct child_usage *children, struct err *e);
    void (*teardown)(void *state);
};

/* ---- the worker side, shared by every model ---------------------------- */

/* Marks the start of a worker's work: registers it with the sampler when
 * the run is sampled, pins it when job->cpus says so and records the CPU,
 * start_s and its CPU clock.  Call in the worker. */
void work_begin(const struct job *job, unsigned w, struct worker_result *r);
/* Marks the end: end_s, cpu_s, done. */
void work_end(struct worker_result *r);

/* Worker w's share of a static split (weak, strong, rr): adds to r->value
 * and r->units. */
void work_static(const struct job *job, unsigned w, struct worker_result *r);

/* The dynamic split: takes task indices from *next (an atomic counter that
 * may live in shared memory across processes) until the pool is empty. */
void work_dynamic(const struct job *job, atomic_uint_fast64_t *next, struct worker_result *r);

/* One task of the pool. */
uint64_t work_task(const struct job *job, uint64_t i);

/* The whole of worker w: begin, its share (static, or dynamic from *next),
 * end.  Models without a natural equivalent of their own call this. */
void work_worker(const struct job *job, unsigned w, atomic_uint_fast64_t *next,
                 struct worker_result *r);

#endif
