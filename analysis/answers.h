/* answers.h - the study's answer to each question of common/questions.h,
 * questions.csv, and how an answer reads in the report.
 *
 * Each question is answered by question_answer (common/questions.c), the
 * function the runner judges it by while the study runs, on the same
 * cells, the same T rule and the same seed (a->boot_seed), so the runner's
 * last judgement and questions.csv agree.  The cells: num's and den's at
 * the T each rule resolves to (question_resolve_T) among the counts the
 * study ran for both implementations in the question's workload and split,
 * on a machine of a->cpus CPUs; of the largest size at that T
 * (summary_find); their values those of undisturbed processes.  A
 * question whose cells the study lacks is "not asked", with why.
 *
 * answers_build also raises the flag embedding-cost on a host cell whose
 * validity question (host over the interpreter's own executable) has an
 * interval entirely outside [ANSWERS_EMBED_LO, ANSWERS_EMBED_HI].
 */
#ifndef STUDY_ANSWERS_H
#define STUDY_ANSWERS_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"
#include "questions.h"

/* The band within which embedding costs nothing worth a flag (issue 15). */
#define ANSWERS_EMBED_LO 0.95
#define ANSWERS_EMBED_HI 1.05

struct answer {
    const struct question *q;
    int asked;                  /* 0: not asked (why says why) */
    char why[192];
    const struct cell *num, *den;
    unsigned numT, denT;        /* the T each rule resolved to */
    int at_claim;               /* 1: both rules' own counts were used */
    struct question_answer ans;
    /* Beside it, never instead of it (the verdicts use the median): the
     * ratio of the two cells' ANSWERS_LOW_P quantiles of their process
     * medians, in costs per unit, with its interval (resample_quantile_ratio_ci)
     * and precision, read as the question reads (ci.estimate NAN: none). */
    struct resample_ci low;
    double low_precision;
};

/* The low quantile reported beside each question: the process medians'
 * first quartile (Chen and Revels' minimum, made robust: delays only add
 * time, so the fast processes are the machine's undisturbed speed). */
#define ANSWERS_LOW_P 0.25

/* How many asked questions have both precisions, and in how many of them
 * the low quantile's interval is the narrower: the measurement the methods
 * paragraph reports. */
void answers_low_narrower(const struct analysis *a, size_t *narrower, size_t *compared);

/* Answers every question into a->answers (QUESTIONS_COUNT of them, freed
 * by the caller), and raises embedding-cost; after relate_build. */
int answers_build(struct analysis *a, struct err *e);

/* a->dir/questions.csv: one row per question, asked or not. */
int answers_write_csv(const struct analysis *a, struct err *e);

/* The answer to question id; NULL when the answers were not built. */
const struct answer *answers_get(const struct analysis *a, enum question_id id);

/* The question that asks id's question of the interpreters' own
 * executables (py<tag>-threading -> py<tag>-direct, the same workload,
 * split and T rules), or -1 (id is itself a direct one, or has none). */
int answers_direct_of(enum question_id id);

/* 1 when the answer is decided: its target met at the nominal level. */
int answers_decided(const struct answer *x);

/* "+6.6% [+6.3%, +7.0%]" or "3.12x [3.05, 3.20]", then " (95%)" or the
 * lower level it reached; "(no interval)" with one unit; "-" not asked. */
void answers_put_estimate(FILE *f, const struct answer *x);

/* The claim as the articles put it ("+5 to +10%", "about 3x"), or "" for
 * a question with no claim. */
void answers_claim_text(const struct question *q, char *buf, size_t len);

/* Where the interval lies, in words: "within the claimed +5 to +10%",
 * "above the claimed about 3x", "above 1", ...; "not decided" when the
 * target or the level was not met (no verdict is a finding then), "not
 * asked", "no interval". */
void answers_verdict_words(const struct answer *x, char *buf, size_t len);

#endif
