/* options.h - bin/study's command line: the options as parsed, with the
 * preset's defaults filled in (options.c holds the one table that
 * getopt's tables and --help are both generated from). */
#ifndef STUDY_OPTIONS_H
#define STUDY_OPTIONS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "matrix.h"

struct options {
    const struct preset *preset;
    char models[512], workloads[64], splits[64], threads[256];
    /* sizes[family][workload]: 0 = calibrate (or the preset's fixed size
     * when the preset names no run length) */
    uint64_t sizes[SIZE_COUNT][WL_COUNT];
    /* reps: processes per cell in the survey; max_reps: per cell in the
     * last phase (repeat-until-sure), at most */
    uint64_t seed;
    unsigned reps, max_reps, warmup, cell_timeout_s;
    unsigned values;           /* timed values per process */
    unsigned q_min, q_max;     /* pairs per question: before adapting, at most */
    double q_share;            /* the questions phase's share of the budget */
    double min_run_s, ci_target, budget_s;
    bool pin_cores, quiet, seed_given;
    bool exactly;              /* --reps alone: exactly its processes per cell, none added or replaced */
    bool keep_disturbed;       /* --keep-disturbed: the load recorded, no process judged disturbed */
    char out_root[PATH_MAX], resume[PATH_MAX], bin[PATH_MAX];
    char hosts[PATH_MAX]; /* --hosts FILE: an Open MPI hostfile for the mpi cells */
};

/* Parses argv into *o, the preset's values where an option is not given.
 * Returns 0 to run, 1 when --help was printed or --list asked for (*list
 * set), or -1 with *e (EXIT_USAGE and a one-line message) on bad input.
 * Rereads argv from its start, so it may be called again. */
int options_parse(int argc, char **argv, struct options *o, bool *list, struct err *e);

/* The folder this program is in (/proc/self/exe), where the model
 * binaries are unless --bin says otherwise; "bin" when it cannot be read. */
void options_default_bin(char *out, size_t len);

#endif
