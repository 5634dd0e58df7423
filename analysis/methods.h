/* methods.h - how the numbers were sampled and estimated, in words, for
 * report.c's Method section and its methods paragraph: processes x values,
 * blocks and pairs, the two-level bootstrap, the level each interval
 * reached, the estimator every verdict uses, and that sampling stopped on
 * width, never on significance.  An older results folder (one value per
 * process, no blocks) is described as it was run. */
#ifndef STUDY_METHODS_H
#define STUDY_METHODS_H

#include <stdio.h>

#include "analysis.h"

/* The estimator every verdict uses, and why not the low quantile: from
 * bin/estimators on this project's 2-core VM (docs/methods.md). */
/* The estimator every verdict uses, and the low quantile reported beside
 * it with what this study measured of it (answers_low_narrower), as one
 * sentence for the methods paragraph. */
void methods_estimator(FILE *f, const struct analysis *a);

/* Method: how the runs were sampled (one sentence or two, no paragraph
 * break); warm: the warm-up count as Markdown text. */
void methods_sampling(FILE *f, const struct analysis *a, const char *warm);

/* Method: the paragraph on each cell's statistics and interval. */
void methods_per_cell(FILE *f, const struct analysis *a);

/* Method: the paragraph on ratios and their intervals, pairs included. */
void methods_ratios(FILE *f, const struct analysis *a);

/* The methods paragraph, from ". Each configuration ran ..." to "...
 * excludes 1." (seed, warm: meta.json's as Markdown; pinned: threads were
 * pinned one per core). */
void methods_sentences(FILE *f, const struct analysis *a, const char *seed, const char *warm, int pinned);

#endif
