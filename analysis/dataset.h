/* dataset.h - the runs of a study, read from raw.csv (or any CSV with the
 * needed columns, in any order, with extra columns ignored).
 *
 * Contract: dataset_load either fills *d with every usable run or fails
 * with one message naming the file, the line and the column; it never
 * half-loads.  Rows whose status is not "ok" or whose verified is not 1 are
 * counted as failed and kept out of the statistics.  A row that repeats the
 * cell and the runner's round of an earlier row is dropped with a warning
 * (the study ran each round once; a model's own rep column restarts when
 * its CSV is appended to, so it identifies nothing). */
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
    unsigned round;             /* round (or rep) number, 0 when absent */
    double wall_s, user_s, sys_s; /* user/sys NAN when absent */
    double spawn_s;             /* worker creation (NAN when absent) */
};

struct dataset {
    struct run *runs;
    size_t n, cap;
    size_t failed;              /* rows with a status other than ok, or verified 0 */
    size_t duplicates;          /* exact repeats dropped */
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
