/* prose.h - the report's section "What each model's curve shows": a
 * paragraph per model for teaching, each quoting the model's speedup where
 * this study measured it cleanly. */
#ifndef STUDY_PROSE_H
#define STUDY_PROSE_H

#include <stdio.h>

#include "analysis.h"

/* A paragraph per model: what it is, and its speedup at the largest T
 * within the CPUs with its interval and verdict, or, when that cell or its
 * baseline is flagged, the flag and its likely cause instead. */
void prose_teaching(FILE *f, const struct analysis *a);

#endif
