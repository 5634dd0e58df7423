/* dataset.h - the runs of a study, read from raw.csv (or any CSV with the
 * needed columns, in any order, with extra columns ignored).
 *
 * A row is one timed value.  The runner's child processes each time k
 * values (pyperf's processes x values, issue 16): the `proc` column names
 * a row's process, `block` the block it ran in (0: none), and
 * `other_cpus`, `steal_cpus` and `disturbed` what the rest of the machine
 * did during that process.  An older raw.csv has none of them: each of its
 * rows is then its own process (k = 1), in no block, undisturbed.
 *
 * Contract: dataset_load either fills *d with every usable run or fails
 * with one message naming the file, the line and the column; it never
 * half-loads.  Rows whose status is not "ok" or whose verified is not 1 are
 * counted as failed and kept out of the statistics.  The rows of a
 * disturbed process (disturbed = 1) are kept out of every statistic too:
 * they go to d->left_out, and each process's load, disturbed or not, to
 * d->loads (the report's account of the machine during the study).  A row
 * that repeats the cell, the runner's round, the value's rep and (where
 * raw.csv names it) the process of an earlier row is dropped with a
 * warning (the study ran each round's process once and each of its values
 * once; the T copies of a ceiling cell share a round, each its own
 * process; without a round column a model's own rep restarts when its CSV
 * is appended to, so it identifies nothing). */
#ifndef STUDY_DATASET_H
#define STUDY_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define DS_NAME_MAX 48

struct run {
    char impl[DS_NAME_MAX];     /* "pthreads", "py3.14t-threading" */
    char workload[16], split[16];
    uint64_t size;
    unsigned threads;
    unsigned round;             /* the runner's round (the cell's process number), 0 when absent */
    unsigned rep;               /* the value's index within its process (the model's rep), 0 when absent */
    uint64_t proc;              /* its process: the runner's proc, or (no proc column) the row's own number */
    uint64_t block;             /* the block its process ran in; 0: none */
    double wall_s, user_s, sys_s; /* user/sys NAN when absent */
    double spawn_s;             /* worker creation (NAN when absent) */
};

/* What the rest of the machine did during one process: CPUs' worth of
 * other processes' busy time and of steal time, over the process's wall
 * time (NAN when not recorded). */
struct proc_load {
    uint64_t proc;
    double other_cpus, steal_cpus;
    int disturbed;
};

struct dataset {
    struct run *runs;
    size_t n, cap;
    size_t failed;              /* rows with a status other than ok, or verified 0 */
    size_t duplicates;          /* exact repeats dropped */
    int has_proc;               /* raw.csv names each row's process (k values per process) */
    int has_load;               /* ... and the load during each process */
    struct run *left_out;       /* the verified values of disturbed processes */
    size_t nleft_out, left_cap;
    struct proc_load *loads;    /* one per process (verified or not), in the order first seen */
    size_t nloads, loads_cap;
    size_t disturbed;           /* processes marked disturbed */
};

/* Loads path.  *d must be zeroed; dataset_free releases it. */
int dataset_load(struct dataset *d, const char *path, struct err *e);
/* The same from memory (tests, fuzzing); name is used in messages. */
int dataset_load_mem(struct dataset *d, const char *data, size_t len, const char *name, struct err *e);
void dataset_free(struct dataset *d);

/* 1 when s is a non-empty name of letters, digits and . _ + - only: what
 * an implementation, workload or split may be called wherever it goes into
 * a file name, a gnuplot string or an unquoted CSV field. */
int dataset_safe_name(const char *s);

/* What a workload calls its size: "N" for sumsq (the sum's length), "n"
 * for nqueens and any other (the board's side). */
const char *dataset_size_name(const char *workload);

#endif
