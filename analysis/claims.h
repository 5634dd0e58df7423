/* claims.h - the articles' claims: their table, each measured here
 * (figure 5 and the report both read claims_measure), and the report's
 * table of them beside the measurements. */
#ifndef STUDY_CLAIMS_H
#define STUDY_CLAIMS_H

#include <stdio.h>

#include "analysis.h"

/* The articles' claims (../shared/seeds): the ratio of the costs per unit
 * of num over den, at T workers, against the claimed value (claimed_lo ==
 * claimed_hi: one number; else a range).  Figure 5 and the report's claims
 * table both read it.
 *   id, source, workload, split, num, den, T, claimed_lo, claimed_hi,
 *   what (for readers), claimed (as the article puts it) */
#define CLAIM_TABLE(X)                                                                                           \
    X(CLAIM_SUMSQ_FT, "article 1", "sumsq", "weak", "py3.12-threading", "py3.14t-threading", 8, 3.0, 3.0,         \
      "sumsq: 3.14t threads, times faster than 3.12", "about 3x at 8 threads")                                           \
    X(CLAIM_NQUEENS_FT, "article 2", "nqueens", "rr", "py3.14-threading", "py3.14t-threading", 8, 8.0, 8.0,     \
      "nqueens: 3.14t threads, times faster than 3.14", "about 8x at 8 threads")                                         \
    X(CLAIM_SUMSQ_COST, "articles 1, 2", "sumsq", "weak", "py3.14t-threading", "py3.14-threading", 1, 1.05,     \
      1.10, "sumsq: 3.14t's extra time, one thread", "+5 to +10% slower")                                           \
    X(CLAIM_NQUEENS_COST, "articles 1, 2", "nqueens", "rr", "py3.14t-threading", "py3.14-threading", 1, 1.05,   \
      1.10, "nqueens: 3.14t's extra time, one thread", "+5 to +10% slower")
#define CLAIM_ENUM(id, ...) id,
enum { CLAIM_TABLE(CLAIM_ENUM) CLAIMS_COUNT };
#undef CLAIM_ENUM

struct claim_def {
    const char *source, *workload, *split, *num, *den;
    unsigned threads;
    double claimed_lo, claimed_hi;
    const char *what, *claimed;
};
extern const struct claim_def claims_list[CLAIMS_COUNT];

/* A claim as measured here: num's cost over den's at T, with its 95%
 * interval.  at_claim: T is the claim's own count and the machine has that
 * many CPUs (or did not record its count); otherwise T is the largest
 * count within both the claim's and the CPUs that both were run at, and
 * the value is not the claim's counterpart.  x, y NULL: not measured. */
struct claim_result {
    const struct cell *x, *y;
    unsigned T;
    int at_claim;
    double r, lo, hi;
    double level;       /* the level the interval reached (NAN: none) */
    int paired;         /* 1: from pairs */
};

/* Claim c as this study measured it (struct claim_result): the answer to
 * the question of the same cells and T rule (answers.h, so that figure 5,
 * the claims table and questions.csv agree to the bit), else
 * summary_answer's; -1 when not measured (then r->T is the count it would
 * have used, 0 for none). */
int claims_measure(const struct analysis *a, const struct claim_def *c, struct claim_result *r);

/* Claim c through each interpreter's own executable (py<tag>-direct: what
 * the articles ran) instead of the embedded host (py<tag>-threading):
 * claims_measure of the same claim with both names so changed, so the
 * direct question of common/questions.h answers it where there is one.
 * -1 when c is not a host pair or the study lacks those cells. */
int claims_measure_direct(const struct analysis *a, const struct claim_def *c, struct claim_result *r);

/* The report's section "The articles' claims beside the measurements":
 * per claim, the ratio through the embedded host and through the
 * interpreters' own executables (what the articles measured) side by side,
 * "disagree" where their intervals do not overlap, and the verdict; then
 * the controls that separate a claim's two changes.  A flagged row says
 * so. */
void claims_write_table(FILE *f, const struct analysis *a);

/* 1 when two intervals [lo1, hi1] and [lo2, hi2] are both known and do not
 * overlap: the two measurements disagree. */
int claims_disagree(double lo1, double hi1, double lo2, double hi2);

#endif
