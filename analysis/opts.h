/* opts.h - the command lines of bin/analyze and bin/compare: getopt_long
 * and the --help text, both from one table per program (as common/cli.c
 * does for the models), and what the two programs share: --boot-seed and
 * its default.
 *
 * Contract: opts_next reads no option the table lacks; the caller prints
 * the one-line message and exits 2 (EXIT_USAGE) on '?', so bad input
 * never gets as far as writing anything. */
#ifndef STUDY_OPTS_H
#define STUDY_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* The bootstrap's seed unless --boot-seed says otherwise: fixed, so that
 * analysing the same raw.csv twice gives the same intervals. */
#include "catalog.h"

#define OPTS_BOOT_SEED_DEFAULT CATALOG_BOOT_SEED
/* A number defined above, as a string for the help texts. */
#define OPTS_STR(x) OPTS_STR_(x)
#define OPTS_STR_(x) #x

/* An option's val: its short letter, or from here up for a long-only one. */
#define OPTS_LONG_ONLY 256
/* Options in one table at most. */
#define OPTS_MAX 16

struct opts_def {
    const char *name; /* the long name, without "--" */
    int val;          /* its short letter, or OPTS_LONG_ONLY + k */
    const char *arg;  /* the argument's name in the help; NULL: takes none */
    const char *help; /* one line */
};

/* The usage: "usage: PROG [-o DIR] [--force] ... OPERANDS" (every option
 * but --help, in the table's order), a blank line, about, a blank line,
 * then one line per option. */
void opts_usage(FILE *f, const char *prog, const struct opts_def *d, size_t n, const char *operands,
                const char *about);

/* The next option of argv by the table d[0 .. n-1] (getopt_long: long
 * names, their unique prefixes and --name=value, short letters, options
 * anywhere among the operands, "--" ends them).  Returns its val with *arg
 * its argument (NULL when it takes none); -1 after the last option, when
 * argv[optind ..] are the operands; '?' for an unknown option or one
 * missing its argument, with *arg that word of argv.  Starts over at the
 * first call for a new argv. */
int opts_next(int argc, char **argv, const struct opts_def *d, size_t n, const char **arg);

/* --boot-seed's argument: 0 and *seed, or -1 with *e (EXIT_USAGE) when
 * it is not a number 0..2^64-1. */
int opts_seed(const char *s, uint64_t *seed, struct err *e);

#endif
