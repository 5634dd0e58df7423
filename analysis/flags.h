/* flags.h - the sanity flags of FLAG_TABLE (analysis.h) in words: their
 * names for summary.csv and the report, which of them keep a value from
 * being stated as a finding, and why a speedup went past what the CPUs
 * allow.  Read by summary.c, the report, the claims and the prose. */
#ifndef STUDY_FLAGS_H
#define STUDY_FLAGS_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"

/* Flags about how a cell was measured: any of them keeps its values, and
 * every ratio built on them, from being stated as a finding. */
#define FLAGS_MEASURE                                                                                              \
    (FLAG_UNDER_1MS | FLAG_BELOW_MIN_RUN | FLAG_NOISY | FLAG_CI_WIDE | FLAG_FEW_RUNS | FLAG_OVERSUB | FLAG_SPAWN)
/* ... and those about a speedup itself.  Karp-Flatt and the fitted serial
 * fraction out of [0, 1] flag those derived values, not the speedup (a
 * speedup below 1 is a finding: slower than one worker).  A speedup above
 * its split's cap did not come from the parallel part. */
#define FLAGS_SPEEDUP (FLAGS_MEASURE | FLAG_SPEEDUP_GT_CPUS | FLAG_SUPERLINEAR | FLAG_ABOVE_CAP)
/* The flags of a speedup beyond what the CPUs or the split allow: a
 * measurement artefact, whose likely cause flags_superlinear_cause names. */
#define FLAGS_BEYOND (FLAG_SPEEDUP_GT_CPUS | FLAG_SUPERLINEAR | FLAG_ABOVE_CAP)
/* Flags of a T = 1 baseline that make every speedup resting on it suspect. */
#define FLAGS_BASELINE FLAGS_MEASURE

/* The flags in mask as "name name ..." into buf ("" when none): summary.csv's
 * flags column. */
void flags_names(unsigned mask, char *buf, size_t len);

/* The names of the flags in mask, for prose: "`noisy`, `oversubscribed`". */
void flags_md(FILE *f, unsigned mask);

/* Why a cell's speedup is above what its CPUs or its split's work balance
 * allow (FLAGS_BEYOND), from the data: its
 * T = 1 baseline looks slowed (noisy, too short, or waiting: CPU use
 * below 0.9 of a CPU), or, when that baseline was steady, cache and
 * frequency effects.  One clause into buf. */
void flags_superlinear_cause(const struct cell *c, char *buf, size_t len);

/* Why a cell's speedup lies above its split's work-balance cap
 * (FLAG_ABOVE_CAP): uneven work alone allows no run to pass it, so the
 * likely cause is its T = 1 baseline, run slow; said with the baseline's
 * spread and flags, and, where the baseline looks steady, that cache
 * effects are not ruled out.  One clause into buf. */
void flags_cap_cause(const struct cell *c, char *buf, size_t len);

#endif
