/* matrix.h - what a study runs: the implementations (model binaries, and
 * interpreter x mode for the embedded host), the presets, and the cells.
 * One table each; the runner, its help and its tests expand them. */
#ifndef STUDY_MATRIX_H
#define STUDY_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "catalog.h"
#include "workload.h"

#define IMPL_NAME_MAX 48
#define IMPL_WHY_MAX 64
#define MATRIX_THREADS_MAX 64
/* Room for every implementation the tables below make. */
#define MATRIX_IMPLS_MAX 64

/* An implementation: a model binary, plus --mode for the embedded host. */
struct impl {
    char name[IMPL_NAME_MAX];   /* "pthreads", "py3.14t-threading" */
    char binary[IMPL_NAME_MAX]; /* file name in the bin folder */
    const char *mode;           /* NULL for native models */
    enum launcher launcher;
    const char *env;            /* NULL, or VAR=value set for the binary */
    bool allow_gil;             /* pass --allow-gil */
    bool optional;              /* studied only when built, or when named */
    char unavailable[IMPL_WHY_MAX]; /* "": available; else why not */
};

/* Size families: the implementations that share one size per workload, so
 * that their T = 1 times compare directly (not to be confused with
 * catalog.h's families, one per interpreter, which give a series its
 * look).  The reference is the member whose T = 1 run the calibration
 * times (another member of the family when it is not built). */
/*        id            name      reference */
#define SIZE_FAMILY_TABLE(X)                             \
    X(SIZE_C,      "c",      "pthreads")                 \
    X(SIZE_PYTHON, "python", "py3.14-threading")
#define SIZE_ENUM(id, name, ref) id,
enum size_family { SIZE_FAMILY_TABLE(SIZE_ENUM) SIZE_COUNT };
#undef SIZE_ENUM
extern const char *const size_family_names[SIZE_COUNT];
extern const char *const size_family_references[SIZE_COUNT];
enum size_family impl_size_family(const struct impl *im);

/* Presets.  The sizes are where calibration starts from only when the
 * preset names no run length (min_run_s 0): otherwise each family's size
 * per workload is the smallest that makes one T = 1 value last min_run_s.
 * Each process does `warmup` untimed values, then `values` timed ones.
 * The plan (runner/plan.h): the questions first (q_min pairs each, then
 * adaptively up to q_max while q_share of the budget lasts), the survey
 * (survey_min processes per cell), the figures' questions with what is
 * left, then the cells above +-ci_target (up to max_procs processes),
 * all within budget_s (0: no limit, each phase ends on its caps).
 * "ncpu" in threads: 1, 2, 4, ... up to the CPUs (and the CPU count
 * itself); "2cpu": up to twice the CPUs (oversubscription included). */
struct preset {
    const char *name;
    uint64_t sumsq_n, nqueens_n;
    double min_run_s;
    const char *threads;   /* a thread LIST, "ncpu" or "2cpu" */
    const char *splits;    /* a split list; "" = every split */
    unsigned survey_min, max_procs, warmup, values, q_min, q_max;
    double q_share, ci_target, budget_s;
    const char *help;
};

/* Quick's numbers, for this project's 2-core VM (issue 16): values of
 * 0.05-0.1 s (a T = 1 value at least 0.05 s; calibration doubles sumsq's
 * N, so it lands within 2x), five to a process after one warm-up, as the
 * hand-made design that decided the articles' questions in minutes; the
 * questions' share is 60% of the 9 minutes, which leaves the survey its
 * three processes a cell (the matrix's 108 cells take about 3 minutes);
 * the study itself stays within 10 minutes with calibration and the
 * sampled runs.
 * name     sumsq_n  nqueens_n min_run_s threads splits  survey max warm values q_min q_max q_share ci_target budget_s help */
#define PRESET_TABLE(X)                                                                                                  \
    X("smoke",   100000,   7, 0.002, "1,2",  "weak,rr", 1, 1,  1, 1, 1,  1,    0.0, 0.0,  0,     "seconds: every implementation, one process of one value, one block per question group") \
    X("quick",   2000000, 11, 0.05,  "ncpu", "weak,rr", 3, 12, 1, 5, 5,  400,  0.6, 0.03, 540,   "the default: the articles' questions, then every implementation, within 10 minutes on 2 cores") \
    X("article", 40000000, 14, 2.0,  "2cpu", "",        6, 20, 1, 5, 10, 2000, 0.5, 0.02, 21600, "the articles' run lengths, 1..2x the CPUs, hours")

extern const struct preset presets[];
extern const size_t npresets;
const struct preset *preset_by_name(const char *name);

/* Every implementation this build knows, in table order (unavailable ones
 * included, with the reason); returns the count. */
size_t matrix_all_impls(struct impl *out, size_t max);

/* Rewrites, in a comma list of implementation names, every former name
 * (py3.14-multiprocessing) to the current one (py3.14-mp-fork).  0, or -1
 * when the result would not fit in len. */
int matrix_canonical_names(char *list, size_t len);

/* One cell: an implementation on one workload, split, size and T. */
struct cell {
    const struct impl *impl;
    enum workload_id workload;
    enum split_id split;
    uint64_t size;
    unsigned threads;
};

/* The cell's key (catalog_cell_key), for resume bookkeeping. */
void cell_key(const struct cell *c, char *buf, size_t len);
/* The same key from a row's fields as written (size and T in decimal); a
 * field that is not a number gives a key no cell has. */
void cell_key_of_row(const char *impl, const char *workload, const char *split, const char *size,
                     const char *threads, char *buf, size_t len);

/* splitmix64: the seeded shuffle of each round. */
uint64_t matrix_rand(uint64_t *state);
/* Fisher-Yates over idx[0 .. n-1] with the given state. */
void matrix_shuffle(size_t *idx, size_t n, uint64_t *state);

#endif
