/* study.h - the runner's state, shared by its files: study.c (options, the
 * rounds, resume), calibrate.c (run lengths), meta.c (meta.json and the
 * quiet-machine check) and child.c (one run of a model). */
#ifndef STUDY_STUDY_H
#define STUDY_STUDY_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "err.h"
#include "launch.h"
#include "matrix.h"

#define IMPLS_MAX MATRIX_IMPLS_MAX
/* An interrupted study exits 128 + the signal's number, as a shell reports
 * a command killed by it (SIGINT 130, SIGTERM 143, SIGHUP 129), so whoever
 * started it can tell Ctrl-C from a scheduler's SIGTERM or a closed
 * terminal.  EXIT_INTERRUPTED also marks "stopped by a signal" in a struct
 * err on its way up to main. */
#define EXIT_SIGNAL_BASE 128
#define EXIT_INTERRUPTED (EXIT_SIGNAL_BASE + SIGINT)
struct options {
    const struct preset *preset;
    char models[512], workloads[64], splits[64], threads[256];
    /* sizes[family][workload]: 0 = calibrate (or the preset's fixed size
     * when the preset names no run length) */
    uint64_t sizes[SIZE_COUNT][WL_COUNT];
    uint64_t seed;
    unsigned reps, max_reps, warmup, cell_timeout_s;
    double min_run_s, ci_target, budget_s;
    bool pin_cores, quiet, seed_given;
    char out_root[PATH_MAX], resume[PATH_MAX], bin[PATH_MAX];
    char hosts[PATH_MAX]; /* --hosts FILE: an Open MPI hostfile for the mpi cells */
};

/* How one family's size for one workload was chosen (meta.json, the
 * size_how column, the report). */
struct calib {
    char how[16];              /* "calibrated", "capped", "pinned", "preset" */
    char reference[IMPL_NAME_MAX]; /* the implementation timed, "" when none */
    double t1_s;               /* its median T = 1 wall time at the size; NAN if not timed */
    char trials[512];          /* "size:seconds,..." in the order tried */
};

/* The machine's load when the study starts and ends (pyperf's `system
 * show` idea): load averages, and how many CPUs' worth of time other
 * processes used over a short sample while nothing of ours ran. */
struct load_sample {
    double loadavg1, loadavg5, busy_cpus;
    bool valid;
};

/* A cell's timed runs so far (ok rows only), for repeat-until-sure. */
struct cell_samples {
    double *wall_s;
    size_t n, cap;
    size_t failed;             /* runs that did not give an ok row */
};

struct study {
    struct options o;
    struct impl impls[IMPLS_MAX];
    size_t nimpls;
    bool impl_present[IMPLS_MAX];
    struct cell *cells;
    size_t ncells;
    struct cell_samples *samples; /* [ncells] */
    struct calib calib[SIZE_COUNT][WL_COUNT];
    struct load_sample load_start, load_end;
    char dir[PATH_MAX];
    char raw_path[PATH_MAX], tl_path[PATH_MAX]; /* the csv_outs point here */
    struct csv_out raw, tl;
    struct launch launch;  /* mpirun, the hostfile and its hosts */
    bool mpirun_cells;     /* some cell is started through mpirun */
    unsigned char *done;   /* [(round - 1) * ncells + cell]: already in raw.csv; max_reps rounds */
    size_t runs_planned, runs_done, runs_skipped, failures;
    unsigned rounds_run;   /* the highest round that ran a cell */
    size_t cells_short;    /* cells left above the CI target at the end */
    double t_start;
    char started[32];      /* UTC date the study began (kept across resumes) */
    char threads_list[MATRIX_THREADS_MAX * 6]; /* the thread counts, expanded */
    size_t failures_before; /* failed rows already in raw.csv when resuming */
};

/* Set by the signal handler: 1 = stop after this run, 2 = now. */
extern volatile sig_atomic_t study_stop_requested;
/* The first stopping signal's number (0: none yet). */
extern volatile sig_atomic_t study_stop_signal;

/* A model's command line for one child run of cell c: the launcher's
 * words (none for a direct launch), then the binary with the cell's
 * workload, split, size and T, `reps` timed runs after `warmup` untimed
 * ones, quiet, the study's pinning, then `flag value` when flag is not
 * NULL (the run's own output file), then the implementation's --mode and
 * --allow-gil.  Everything argv points to lives in *m or outlives it. */
#define MODEL_ARGV_MAX (LAUNCH_WORDS_MAX + 24)
struct model_argv {
    char bin[PATH_MAX], size[24], threads[16], reps[16], warmup[16];
    const char *argv[MODEL_ARGV_MAX];
};
void study_model_argv(const struct study *st, const struct cell *c, unsigned reps, unsigned warmup,
                      const char *flag, const char *value, struct model_argv *m);

/* calibrate.c: chooses every family's size per workload (those not pinned)
 * so that one T = 1 run of the family's reference lasts at least
 * o.min_run_s, and records how in st->calib.  0, or -1 with *e set. */
int calibrate_sizes(struct study *st, struct err *e);

/* sample.c: after the rounds, the sampled runs (who runs when) that
 * DIR/schedule.csv lacks, unless a stop is requested.  0, or -1 with *e
 * when schedule.csv cannot be written; a failed run is only reported. */
int sample_cells(struct study *st, struct err *e);

/* meta.c */
void meta_load_sample(struct load_sample *ls);
bool meta_machine_busy(const struct study *st);
void meta_keep_start_date(struct study *st);
int meta_write(const struct study *st, int argc, char **argv, const char *finished, struct err *e);

#endif
