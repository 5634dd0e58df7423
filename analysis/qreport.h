/* qreport.h - the report's sections on the questions (answers.h): every
 * question with the precision it reached, its verdict and the runs it
 * would still need ("Questions"), and the host against each interpreter's
 * own executable ("What embedding costs"). */
#ifndef STUDY_QREPORT_H
#define STUDY_QREPORT_H

#include <stdio.h>

#include "analysis.h"

/* "Questions": a table per group (the articles' claims, the validity
 * checks, the figures' answers), then the questions not asked and why.
 * A question not decided gives no verdict as a finding. */
void qreport_questions(FILE *f, const struct analysis *a);

/* "What embedding costs": host over direct per interpreter and workload,
 * at T = 1 and at the CPU count, with how each links libpython. */
void qreport_embedding(FILE *f, const struct analysis *a);

/* The comparisons that came from pairs, for the methods: "cost_sumsq (123
 * pairs), ..." or "none". */
void qreport_paired_list(FILE *f, const struct analysis *a);

#endif
