/* report.h - what report.c and findings.c share. */
#ifndef STUDY_REPORT_H
#define STUDY_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"

/* "2.95x [2.80, 3.10]", "≈" appended when the interval contains 1, "(no
 * interval)" without one, "-" for no value. */
void report_ratio(FILE *f, double r, double lo, double hi);
/* The names of the flags in mask, for prose: "`noisy`, `oversubscribed`". */
void report_flags(FILE *f, unsigned flags);
/* "C" or "Python": the family whose members share a size. */
const char *report_family(const char *impl);

/* Why a cell's speedup is above what its CPUs allow, from the data: its
 * T = 1 baseline looks slowed (noisy, too short, or waiting: CPU use
 * below 0.9 of a CPU), or, when that baseline was steady, cache and
 * frequency effects.  One clause into buf. */
void report_superlinear_cause(const struct cell *c, char *buf, size_t len);

/* findings.c: the articles' claims, each with its interval and verdict. */
void report_claims(FILE *f, const struct analysis *a);
/* findings.c: a paragraph per model, quoting only unflagged values. */
void report_teaching(FILE *f, const struct analysis *a);

#endif
