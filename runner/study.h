/* study.h - the runner's state, shared by its files, and what each of them
 * offers the others.  Each file calls only those listed after it, so none
 * calls back into its caller:
 *   study.c      main: signals, the steps of a study, the plan's loop
 *   options.c    the command line (options.h)
 *   cells.c      the implementations and the matrix of cells
 *   calibrate.c  the sizes, chosen for a run length
 *   sample.c     the sampled runs of who-runs-when (schedule.csv)
 *   store.c      the results folder: raw.csv, timeline.csv, study.args,
 *                sizes.tsv, what a resumed study has done
 *   run.c        one process of a cell (k values; a ceiling cell's T
 *                copies) and its rows; the model's command line
 *   meta.c       meta.json and the quiet-machine check
 *   procs.c      each cell's processes so far, and the plan's view of them
 *   plan.c       the plan: which cells run next (plan.h)
 *   loadmon.c    the load during each process (loadmon.h)
 *   launch.c     mpirun and the hosts (launch.h)
 *   jsonout.c    JSON values that always dump (jsonout.h)
 *   child.c      child processes (child.h)
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
#include "plan.h"

#define IMPLS_MAX MATRIX_IMPLS_MAX
/* An interrupted study exits 128 + the signal's number, as a shell reports
 * a command killed by it (SIGINT 130, SIGTERM 143, SIGHUP 129), so whoever
 * started it can tell Ctrl-C from a scheduler's SIGTERM or a closed
 * terminal.  EXIT_INTERRUPTED also marks "stopped by a signal" in a struct
 * err on its way up to main. */
#define EXIT_SIGNAL_BASE 128
#define EXIT_INTERRUPTED (EXIT_SIGNAL_BASE + SIGINT)
/* raw.csv's columns: the runner's own, then the model's (csv.h).  Every
 * value row of one process carries its process's proc, block and load:
 *   round       the cell's process number, 1.. (a ceiling cell's T copies
 *               share theirs); the model's rep is the value's index 1..k
 *               within its process
 *   proc        the study-wide process number, 1.., in the order run
 *               (each copy of a ceiling cell its own)
 *   block       the block the process ran in (plan.h), 0: none
 *   other_cpus  CPUs' worth that other processes used while it ran
 *   steal_cpus  CPUs' worth of steal time meanwhile
 *   disturbed   1 when either was above its threshold (loadmon.h) */
#define STUDY_COLUMNS(X)                                                     \
    X(RAW_IMPL, "impl")                                                      \
    X(RAW_ROUND, "round")                                                    \
    X(RAW_STATUS, "status")                                                  \
    X(RAW_REASON, "reason")                                                  \
    X(RAW_SIZE_HOW, "size_how")                                              \
    X(RAW_PROC, "proc")                                                      \
    X(RAW_BLOCK, "block")                                                    \
    X(RAW_OTHER_CPUS, "other_cpus")                                          \
    X(RAW_STEAL_CPUS, "steal_cpus")                                          \
    X(RAW_DISTURBED, "disturbed")
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

/* One process of a cell. */
struct proc_info {
    uint64_t proc, block;
    unsigned round;
    bool ok;                   /* it gave values, every one verified */
    bool disturbed;
    size_t count;              /* its values (ok processes) */
};

/* A cell's processes so far (this study's and, resuming, raw.csv's), and
 * the plan's view of them (procs.c). */
struct cell_procs {
    struct proc_info *p;
    size_t n, cap;
    double *values;            /* every ok process's values, one process after the other */
    size_t nvalues, vcap;
    unsigned rounds;           /* the highest round */
    /* the sample of ok, undisturbed processes, and every process's block,
     * for plan_cell (rebuilt by procs_view) */
    double *s_values;
    size_t *s_counts;
    uint64_t *s_blocks, *all_blocks;
    char key[256];             /* catalog_cell_key */
};

/* What each phase of the plan spent: its time and processes, this run
 * and (resuming) before. */
struct phase_use {
    double time_s;
    size_t processes;
};

struct study {
    struct options o;
    struct impl impls[IMPLS_MAX];
    size_t nimpls;
    bool impl_present[IMPLS_MAX];
    struct cell *cells;
    size_t ncells;
    struct cell_procs *procs;     /* [ncells] */
    struct plan_cell *pcells;     /* [ncells] */
    struct plan_question pq[QUESTIONS_COUNT];
    struct plan_params pp;
    unsigned *Ts;                 /* the matrix's thread counts */
    size_t nT;
    uint64_t next_proc, next_block;
    struct phase_use phases[PHASE_COUNT];
    enum plan_phase phase;        /* the phase running */
    double phase_t0;              /* when it began (timer_now_s), 0 between phases */
    double meta_at;               /* when meta.json was last written */
    int cmd_argc;                 /* the command line, for meta.json's checkpoints */
    char **cmd_argv;
    double spent_before_s;        /* the time a resumed study had spent before */
    size_t disturbed;             /* processes judged disturbed, resumed ones included */
    double other_cpus_max, steal_cpus_max;
    struct calib calib[SIZE_COUNT][WL_COUNT];
    struct load_sample load_start, load_end;
    char dir[PATH_MAX];
    char raw_path[PATH_MAX], tl_path[PATH_MAX]; /* the csv_outs point here */
    struct csv_out raw, tl;
    struct launch launch;  /* mpirun, the hostfile and its hosts */
    bool mpirun_cells;     /* some cell is started through mpirun */
    size_t runs_done, runs_skipped, failures; /* processes run now, found in raw.csv, failed now */
    size_t values_done;    /* value rows written now */
    unsigned rounds_run;   /* the highest round that ran a cell */
    size_t cells_short;    /* cells above the CI target at the end (citarget.h) */
    void *interpreters_json; /* meta.json's "interpreters", read once (json_t *) */
    double t_start;
    char started[32];      /* UTC date the study began (kept across resumes) */
    char threads_list[MATRIX_THREADS_MAX * 6]; /* the thread counts, expanded */
    size_t failures_before; /* failed rows already in raw.csv when resuming */
};


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

/* Runs one process of cell c (its next round) in block `block` (0: none):
 * --warmup W untimed values, then o.values timed ones; for a ceiling cell
 * T copies at once, each a process of its own.  Appends each process's
 * rows to raw.csv (with its proc, block and load), its timeline to
 * timeline.csv, a failed one's stderr to errors.log, and adds it to the
 * cell's processes (procs_add).  Returns 0, 1 when it was killed by a
 * second interrupt (nothing recorded), or -1 with *e when the results
 * cannot be written. */
int run_cell(struct study *st, const struct cell *c, uint64_t block, struct err *e);

/* Before any output: the mpi cells' launcher.  As root, says that mpirun
 * gets --allow-run-as-root.  With --hosts, starts one process per host to
 * check the hostfile and record each host; a hostfile mpirun cannot use
 * fails (EXIT_USAGE), with nothing written. */
int run_prepare_launch(struct study *st, struct err *e);

/* ---- procs.c ------------------------------------------------------------------ */

/* Adds one process and its values (vals[0..k-1], an ok process's) to a
 * cell's processes.  0, or -1 when out of memory. */
int procs_add(struct cell_procs *cp, const struct proc_info *pi, const double *vals, size_t k);
/* The plan's view of cell c from its processes (st->pcells[c]: the counts,
 * the sample, above its CI target or not), and the questions with c marked
 * to be answered again.  0, or -1 when out of memory. */
int procs_view(struct study *st, size_t c);
/* Is cell c above its CI target (citarget_above at o.ci_target, judged
 * again only when its sample changed)?  1, 0, or -1 when it has no sample
 * to judge (no ok, undisturbed process). */
int procs_above(struct study *st, size_t c);
/* Everything procs_add and procs_view allocated. */
void procs_free(struct cell_procs *cp);

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
/* Resuming: every process already in raw.csv added to its cell's
 * processes (procs_add), the next proc and block numbers after the
 * highest there, the disturbed count.  0, or -1 with *e. */
int store_load_done(struct study *st, struct err *e);

/* ---- sample.c ---------------------------------------------------------------- */

/* After the rounds, the sampled runs (who runs when) that DIR/schedule.csv
 * lacks, unless a stop is requested.  0, or -1 with *e when schedule.csv
 * cannot be written; a failed run is only reported. */
int sample_cells(struct study *st, struct err *e);

/* ---- meta.c ------------------------------------------------------------------ */

/* The machine's load, sampled while nothing of ours runs. */
void meta_load_sample(struct load_sample *ls);
/* The load at the start or the end was busy, or a process was disturbed. */
bool meta_machine_busy(const struct study *st);
/* Says on stderr when the machine was busy at `when` ("start" or "end"),
 * and at the start, when some cell runs more workers than the CPUs. */
void meta_warn_machine(const struct study *st, const struct load_sample *ls, const char *when);
/* Resuming: st->started, and what each phase of the plan had spent
 * (st->phases, st->spent_before_s), from the folder's meta.json. */
void meta_keep_before(struct study *st);
/* meta.json, replaced whole; finished NULL while the study runs.  The
 * interpreters' descriptions are read the first time and kept. */
/* How often meta.json is written while the plan runs (seconds). */
#define META_CHECKPOINT_S 5.0
int meta_write(struct study *st, int argc, char **argv, const char *finished, struct err *e);
/* What meta_write kept. */
void meta_free(struct study *st);

#endif
