/* study.h - the runner's state, shared by its files, and what each of them
 * offers the others.  Each file calls only those listed after it, so none
 * calls back into its caller:
 *   study.c      main: signals, the steps of a study, the round loop
 *   options.c    the command line (options.h)
 *   cells.c      the implementations and the matrix of cells
 *   calibrate.c  the sizes, chosen for a run length
 *   sample.c     the sampled runs of who-runs-when (schedule.csv)
 *   store.c      the results folder: raw.csv, timeline.csv, study.args,
 *                sizes.tsv, what a resumed study has done
 *   run.c        one run of a cell and its row; the model's command line
 *   meta.c       meta.json and the quiet-machine check
 *   sure.c       repeat-until-sure: a cell's timed runs so far
 *   launch.c     mpirun and the hosts (launch.h)
 *   jsonout.c    JSON values that always dump (jsonout.h)
 *   child.c      one child process (child.h)
 * (matrix.c's tables and common/ serve them all.) */
#ifndef STUDY_STUDY_H
#define STUDY_STUDY_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "child.h"
#include "csv.h"
#include "err.h"
#include "launch.h"
#include "matrix.h"
#include "options.h"

#define IMPLS_MAX MATRIX_IMPLS_MAX
/* An interrupted study exits 128 + the signal's number, as a shell reports
 * a command killed by it (SIGINT 130, SIGTERM 143, SIGHUP 129), so whoever
 * started it can tell Ctrl-C from a scheduler's SIGTERM or a closed
 * terminal.  EXIT_INTERRUPTED also marks "stopped by a signal" in a struct
 * err on its way up to main. */
#define EXIT_SIGNAL_BASE 128
#define EXIT_INTERRUPTED (EXIT_SIGNAL_BASE + SIGINT)
/* raw.csv's columns: the runner's own, then the model's (csv.h). */
#define STUDY_COLUMNS(X)                                                     \
    X(RAW_IMPL, "impl")                                                      \
    X(RAW_ROUND, "round")                                                    \
    X(RAW_STATUS, "status")                                                  \
    X(RAW_REASON, "reason")                                                  \
    X(RAW_SIZE_HOW, "size_how")
#define RAW_ENUM(id, name) id,
enum { STUDY_COLUMNS(RAW_ENUM) RAW_OWN };
#undef RAW_ENUM
#define RAW_COUNT (RAW_OWN + COL_COUNT)
/* timeline.csv's: impl and round, then the model's. */
#define TLX_COUNT (2 + TL_COUNT)

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

/* ---- cells.c ------------------------------------------------------------- */

/* Every implementation (st->impls, and which are built: impl_present),
 * the thread counts (st->threads_list, expanded) and the cells the
 * options select.  0, or -1 with *e (EXIT_USAGE for a bad name or an
 * empty selection). */
int cells_build(struct study *st, struct err *e);
/* `study --list`: each implementation and whether it is built, on stdout. */
void cells_print_list(const struct study *st);

/* ---- calibrate.c ----------------------------------------------------------- */

/* Chooses every family's size per workload (those not pinned) so that one
 * T = 1 run of the family's reference lasts at least o.min_run_s, and
 * records how in st->calib.  0, or -1 with *e set (EXIT_INTERRUPTED when
 * a stop was asked for). */
int calibrate_sizes(struct study *st, struct err *e);

/* ---- run.c ------------------------------------------------------------------- */

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
void run_model_argv(const struct study *st, const struct cell *c, unsigned reps, unsigned warmup, const char *flag,
                    const char *value, struct model_argv *m);

/* Runs round `round` of cell c and appends its row to raw.csv (its
 * timeline to timeline.csv, a failed run's stderr to errors.log).
 * Returns 0, 1 when the run was killed by a second interrupt (nothing
 * recorded), or -1 with *e when the results cannot be written. */
int run_cell(struct study *st, const struct cell *c, unsigned round, struct err *e);

/* Before any output: the mpi cells' launcher.  As root, says that mpirun
 * gets --allow-run-as-root.  With --hosts, starts one process per host to
 * check the hostfile and record each host; a hostfile mpirun cannot use
 * fails (EXIT_USAGE), with nothing written. */
int run_prepare_launch(struct study *st, struct err *e);

/* ---- sure.c ------------------------------------------------------------------ */

/* Adds one run's outcome to its cell's samples: its wall time when ok. */
void sure_add(struct cell_samples *cs, bool ok, double wall_s);
/* Does a cell need another round?  Only once it has min_rounds runs and
 * no failed one; then while the CATALOG_CI_LEVEL CI of its median is
 * wider than +-ci_target of it, or cannot reach that level with so few
 * runs.  Never when ci_target is 0. */
bool sure_needs_round(const struct cell_samples *cs, unsigned min_rounds, double ci_target);

/* ---- store.c ------------------------------------------------------------------ */

/* The folder: a new results/<UTC timestamp> with study.args (the options
 * as given, the thread counts expanded and the seed), or, resuming, the
 * real folder behind o.resume (results/latest resolved).  0, or -1 with *e. */
int store_use_dir(struct study *st, int argc, char **argv, struct err *e);
/* Points results/latest at the folder. */
void store_point_latest(const struct study *st);
/* The arguments a study was started with, from DIR/study.args, as an argv
 * ("study" first) that store_free_args releases.  0, or -1 with *e. */
int store_load_args(const char *dir, int *argc, char ***argv, struct err *e);
void store_free_args(int argc, char **argv);
/* raw.csv and timeline.csv opened for appending (a torn last line cut
 * first).  0, or -1 with *e. */
int store_open_outputs(struct study *st, struct err *e);
/* Closes both, ignoring errors: what is written stays. */
void store_close_outputs(struct study *st);
/* sizes.tsv: the sizes chosen and how, replaced whole.  Loading: 0 when
 * read back (every cell takes its family's size), 1 when the folder has
 * none yet (calibrate again), -1 with *e on a damaged file. */
int store_save_sizes(const struct study *st, struct err *e);
int store_load_sizes(struct study *st, struct err *e);
/* Resuming: marks every (cell, round) already in raw.csv done and adds
 * its run to the cell's samples.  0, or -1 with *e. */
int store_load_done(struct study *st, struct err *e);

/* ---- sample.c ---------------------------------------------------------------- */

/* After the rounds, the sampled runs (who runs when) that DIR/schedule.csv
 * lacks, unless a stop is requested.  0, or -1 with *e when schedule.csv
 * cannot be written; a failed run is only reported. */
int sample_cells(struct study *st, struct err *e);

/* ---- meta.c ------------------------------------------------------------------ */

/* The machine's load, sampled while nothing of ours runs. */
void meta_load_sample(struct load_sample *ls);
bool meta_machine_busy(const struct study *st);
/* Says on stderr when the machine was busy at `when` ("start" or "end"),
 * and at the start, when some cell runs more workers than the CPUs. */
void meta_warn_machine(const struct study *st, const struct load_sample *ls, const char *when);
/* Resuming: st->started from the folder's meta.json. */
void meta_keep_start_date(struct study *st);
/* meta.json, replaced whole; finished NULL while the study runs. */
int meta_write(const struct study *st, int argc, char **argv, const char *finished, struct err *e);

#endif
