/* questions.h - the questions the study exists to answer: each is the
 * ratio of two cells' costs per unit of work, with the precision it must
 * reach before the study stops spending time on it.
 *
 * One table for the runner, which spends its runs on the questions still
 * wider than their targets, the most uncertain first, and for the
 * analysis, which answers every one in questions.csv, the claims table and
 * the figures' captions: both judge a question by the same cells, the same
 * rule for T, the same target and the same interval (question_answer).
 *
 * A question's value is the cost per unit of work (ns per sumsq iteration
 * or N-Queens node) of num over den.  Between one implementation at T = 1
 * and at T that is its speedup, and for the weak split the throughput
 * speedup T t1 / tT (the work grows with T).  It is read as a FACTOR
 * ("3.1x") or as a PERCENT change ("+6.6%" for 1.066).
 *
 * Targets are on the interval's half-width: a FACTOR question is precise
 * enough when (hi - lo) / 2 is at most target times its value; a PERCENT
 * question when (hi - lo) / 2 * 100 is at most target percentage points;
 * and in both cases only once its interval reached the nominal level
 * (CATALOG_CI_LEVEL: 6 processes or pairs).  The study stops on width,
 * never on significance: stopping when an interval first excludes a value
 * would bias the verdict towards a difference. */
#ifndef STUDY_QUESTIONS_H
#define STUDY_QUESTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "resample.h"

/* Served in this order by the runner: the articles' claims and the
 * validity checks before the survey of every implementation, the figures'
 * answers with what is left of the budget. */
enum question_group { QG_ARTICLE, QG_VALIDITY, QG_FIGURE };
enum question_kind { QK_FACTOR, QK_PERCENT };

/* T rules.  1: one worker.  A count above 1 is the articles' worker count:
 * used as it is when the machine has that many CPUs and the study ran it;
 * otherwise the largest count the study ran within the CPUs, and the
 * answer is then not the claim's counterpart (question_resolve_T says
 * so).  Q_T_CPUS: the largest count the study ran within the CPUs.  A
 * count that stands in for many workers is at least 2. */
#define Q_T_CPUS 0u

/* Default targets (issue 16): a cost to +-1 percentage point, a ratio to
 * +-2%. */
#define Q_TARGET_PP 1.0
#define Q_TARGET_REL 0.02
/* claimed_lo/hi of a question the articles make no claim about */
#define Q_NO_CLAIM 0.0

/* The questions.  num and den are implementations (bin/study --list).
 * claimed: the articles' number (lo == hi) or range, as a ratio; 0: none.
 *
 *  id                    group        kind        workload   split   num, T                        den, T                        target        claimed lo, hi        source            what */
#define QUESTION_TABLE(X)                                                                                                                                                                                       \
    /* The articles' claims, through the embedded host, and through each interpreter's own executable, as the articles ran them. */                                                                      \
    X(Q_COST_SUMSQ,        QG_ARTICLE,  QK_PERCENT, "sumsq",   "weak", "py3.14t-threading", 1,     "py3.14-threading", 1,       Q_TARGET_PP,  1.05, 1.10,         "articles 1, 2",  "sumsq: 3.14t's extra time, one thread")              \
    X(Q_COST_NQUEENS,      QG_ARTICLE,  QK_PERCENT, "nqueens", "rr",   "py3.14t-threading", 1,     "py3.14-threading", 1,       Q_TARGET_PP,  1.05, 1.10,         "articles 1, 2",  "nqueens: 3.14t's extra time, one thread")            \
    X(Q_FT_SUMSQ,          QG_ARTICLE,  QK_FACTOR,  "sumsq",   "weak", "py3.12-threading", 8,      "py3.14t-threading", 8,      Q_TARGET_REL, 3.0, 3.0,           "article 1",      "sumsq: 3.14t threads, times faster than 3.12")       \
    X(Q_FT_NQUEENS,        QG_ARTICLE,  QK_FACTOR,  "nqueens", "rr",   "py3.14-threading", 8,      "py3.14t-threading", 8,      Q_TARGET_REL, 8.0, 8.0,           "article 2",      "nqueens: 3.14t threads, times faster than 3.14")     \
    X(Q_GIL_SUMSQ,         QG_ARTICLE,  QK_FACTOR,  "sumsq",   "weak", "py3.14-threading", 8,      "py3.14t-threading", 8,      Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "article 1, same version", "sumsq: 3.14t threads, times faster than 3.14") \
    X(Q_COST_SUMSQ_D,      QG_ARTICLE,  QK_PERCENT, "sumsq",   "weak", "py3.14t-direct", 1,        "py3.14-direct", 1,          Q_TARGET_PP,  1.05, 1.10,         "articles 1, 2",  "sumsq: 3.14t's extra time, one thread, own executables") \
    X(Q_COST_NQUEENS_D,    QG_ARTICLE,  QK_PERCENT, "nqueens", "rr",   "py3.14t-direct", 1,        "py3.14-direct", 1,          Q_TARGET_PP,  1.05, 1.10,         "articles 1, 2",  "nqueens: 3.14t's extra time, one thread, own executables") \
    X(Q_FT_SUMSQ_D,        QG_ARTICLE,  QK_FACTOR,  "sumsq",   "weak", "py3.12-direct", 8,         "py3.14t-direct", 8,         Q_TARGET_REL, 3.0, 3.0,           "article 1",      "sumsq: 3.14t threads, times faster than 3.12, own executables") \
    X(Q_FT_NQUEENS_D,      QG_ARTICLE,  QK_FACTOR,  "nqueens", "rr",   "py3.14-direct", 8,         "py3.14t-direct", 8,         Q_TARGET_REL, 8.0, 8.0,           "article 2",      "nqueens: 3.14t threads, times faster than 3.14, own executables") \
    X(Q_GIL_SUMSQ_D,       QG_ARTICLE,  QK_FACTOR,  "sumsq",   "weak", "py3.14-direct", 8,         "py3.14t-direct", 8,         Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "article 1, same version", "sumsq: 3.14t threads, times faster than 3.14, own executables") \
    /* Validity: what embedding costs, host over the interpreter's own executable (issue 15). */                                                                                                         \
    X(Q_EMB_312_SUMSQ_1,   QG_VALIDITY, QK_FACTOR,  "sumsq",   "weak", "py3.12-threading", 1,      "py3.12-direct", 1,          Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.12 embedded over its own executable, sumsq, one thread") \
    X(Q_EMB_312_SUMSQ_N,   QG_VALIDITY, QK_FACTOR,  "sumsq",   "weak", "py3.12-threading", Q_T_CPUS, "py3.12-direct", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.12 embedded over its own executable, sumsq, all CPUs") \
    X(Q_EMB_312_NQUEENS_1, QG_VALIDITY, QK_FACTOR,  "nqueens", "rr",   "py3.12-threading", 1,      "py3.12-direct", 1,          Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.12 embedded over its own executable, nqueens, one thread") \
    X(Q_EMB_312_NQUEENS_N, QG_VALIDITY, QK_FACTOR,  "nqueens", "rr",   "py3.12-threading", Q_T_CPUS, "py3.12-direct", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.12 embedded over its own executable, nqueens, all CPUs") \
    X(Q_EMB_314_SUMSQ_1,   QG_VALIDITY, QK_FACTOR,  "sumsq",   "weak", "py3.14-threading", 1,      "py3.14-direct", 1,          Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14 embedded over its own executable, sumsq, one thread") \
    X(Q_EMB_314_SUMSQ_N,   QG_VALIDITY, QK_FACTOR,  "sumsq",   "weak", "py3.14-threading", Q_T_CPUS, "py3.14-direct", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14 embedded over its own executable, sumsq, all CPUs") \
    X(Q_EMB_314_NQUEENS_1, QG_VALIDITY, QK_FACTOR,  "nqueens", "rr",   "py3.14-threading", 1,      "py3.14-direct", 1,          Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14 embedded over its own executable, nqueens, one thread") \
    X(Q_EMB_314_NQUEENS_N, QG_VALIDITY, QK_FACTOR,  "nqueens", "rr",   "py3.14-threading", Q_T_CPUS, "py3.14-direct", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14 embedded over its own executable, nqueens, all CPUs") \
    X(Q_EMB_314T_SUMSQ_1,  QG_VALIDITY, QK_FACTOR,  "sumsq",   "weak", "py3.14t-threading", 1,     "py3.14t-direct", 1,         Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14t embedded over its own executable, sumsq, one thread") \
    X(Q_EMB_314T_SUMSQ_N,  QG_VALIDITY, QK_FACTOR,  "sumsq",   "weak", "py3.14t-threading", Q_T_CPUS, "py3.14t-direct", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14t embedded over its own executable, sumsq, all CPUs") \
    X(Q_EMB_314T_NQUEENS_1, QG_VALIDITY, QK_FACTOR, "nqueens", "rr",   "py3.14t-threading", 1,     "py3.14t-direct", 1,         Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14t embedded over its own executable, nqueens, one thread") \
    X(Q_EMB_314T_NQUEENS_N, QG_VALIDITY, QK_FACTOR, "nqueens", "rr",   "py3.14t-threading", Q_T_CPUS, "py3.14t-direct", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "issue 15", "3.14t embedded over its own executable, nqueens, all CPUs") \
    /* The figures' answers: figure 1 (speed-ups at the CPU count), 2 (the other one-thread costs), 4 (Python over C). */                                                                                \
    X(Q_SPEEDUP_C_SUMSQ,      QG_FIGURE, QK_FACTOR, "sumsq",   "weak", "pthreads", 1,          "pthreads", Q_T_CPUS,          Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "sumsq: C pthreads' speed-up over one worker") \
    X(Q_SPEEDUP_C_NQUEENS,    QG_FIGURE, QK_FACTOR, "nqueens", "rr",   "pthreads", 1,          "pthreads", Q_T_CPUS,          Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "nqueens: C pthreads' speed-up over one worker") \
    X(Q_SPEEDUP_312_SUMSQ,    QG_FIGURE, QK_FACTOR, "sumsq",   "weak", "py3.12-threading", 1,  "py3.12-threading", Q_T_CPUS,  Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "sumsq: 3.12 threads' speed-up over one worker") \
    X(Q_SPEEDUP_312_NQUEENS,  QG_FIGURE, QK_FACTOR, "nqueens", "rr",   "py3.12-threading", 1,  "py3.12-threading", Q_T_CPUS,  Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "nqueens: 3.12 threads' speed-up over one worker") \
    X(Q_SPEEDUP_314_SUMSQ,    QG_FIGURE, QK_FACTOR, "sumsq",   "weak", "py3.14-threading", 1,  "py3.14-threading", Q_T_CPUS,  Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "sumsq: 3.14 threads' speed-up over one worker") \
    X(Q_SPEEDUP_314_NQUEENS,  QG_FIGURE, QK_FACTOR, "nqueens", "rr",   "py3.14-threading", 1,  "py3.14-threading", Q_T_CPUS,  Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "nqueens: 3.14 threads' speed-up over one worker") \
    X(Q_SPEEDUP_314T_SUMSQ,   QG_FIGURE, QK_FACTOR, "sumsq",   "weak", "py3.14t-threading", 1, "py3.14t-threading", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "sumsq: 3.14t threads' speed-up over one worker") \
    X(Q_SPEEDUP_314T_NQUEENS, QG_FIGURE, QK_FACTOR, "nqueens", "rr",   "py3.14t-threading", 1, "py3.14t-threading", Q_T_CPUS, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 1", "nqueens: 3.14t threads' speed-up over one worker") \
    X(Q_COST_312_SUMSQ,       QG_FIGURE, QK_PERCENT, "sumsq",  "weak", "py3.12-threading", 1,  "py3.14-threading", 1,         Q_TARGET_PP,  Q_NO_CLAIM, Q_NO_CLAIM, "figure 2", "sumsq: 3.12's time over 3.14's, one thread") \
    X(Q_COST_312_NQUEENS,     QG_FIGURE, QK_PERCENT, "nqueens", "rr",  "py3.12-threading", 1,  "py3.14-threading", 1,         Q_TARGET_PP,  Q_NO_CLAIM, Q_NO_CLAIM, "figure 2", "nqueens: 3.12's time over 3.14's, one thread") \
    X(Q_COST_GIL_SUMSQ,       QG_FIGURE, QK_PERCENT, "sumsq",  "weak", "py3.14t-gil-threading", 1, "py3.14-threading", 1,     Q_TARGET_PP,  Q_NO_CLAIM, Q_NO_CLAIM, "figure 2", "sumsq: 3.14t with its GIL on over 3.14, one thread") \
    X(Q_COST_GIL_NQUEENS,     QG_FIGURE, QK_PERCENT, "nqueens", "rr",  "py3.14t-gil-threading", 1, "py3.14-threading", 1,     Q_TARGET_PP,  Q_NO_CLAIM, Q_NO_CLAIM, "figure 2", "nqueens: 3.14t with its GIL on over 3.14, one thread") \
    X(Q_FROMC_314_SUMSQ,      QG_FIGURE, QK_FACTOR, "sumsq",   "weak", "py3.14-threading", 1,  "pthreads", 1,                 Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 4", "sumsq: 3.14's time per iteration over C's") \
    X(Q_FROMC_314_NQUEENS,    QG_FIGURE, QK_FACTOR, "nqueens", "rr",   "py3.14-threading", 1,  "pthreads", 1,                 Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 4", "nqueens: 3.14's time per node over C's") \
    X(Q_FROMC_314T_SUMSQ,     QG_FIGURE, QK_FACTOR, "sumsq",   "weak", "py3.14t-threading", 1, "pthreads", 1,                 Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 4", "sumsq: 3.14t's time per iteration over C's") \
    X(Q_FROMC_314T_NQUEENS,   QG_FIGURE, QK_FACTOR, "nqueens", "rr",   "py3.14t-threading", 1, "pthreads", 1,                 Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM, "figure 4", "nqueens: 3.14t's time per node over C's")

#define QUESTION_ENUM(id, ...) id,
enum question_id { QUESTION_TABLE(QUESTION_ENUM) QUESTIONS_COUNT };
#undef QUESTION_ENUM

struct question {
    const char *name;   /* the id as the table spells it: "Q_COST_SUMSQ" */
    enum question_group group;
    enum question_kind kind;
    const char *workload, *split, *num, *den;
    unsigned num_T, den_T;  /* T rules */
    double target, claimed_lo, claimed_hi;
    const char *source, *what;
};
extern const struct question questions[QUESTIONS_COUNT];
extern const char *const question_group_names[]; /* "article", "validity", "figure" */

/* The T a rule stands for, among the counts Ts[0..nT-1] the study ran for
 * both cells, on a machine of `cpus` CPUs (0: unknown, every count fits).
 * 0 when none fits.  *at_claim: 1 when the rule's own count was used (rule
 * 1 and Q_T_CPUS always), 0 when a smaller count stands in for it. */
unsigned question_resolve_T(unsigned rule, const unsigned *Ts, size_t nT, unsigned cpus, int *at_claim);

/* One cell's sample for a question: its values (those of undisturbed
 * processes only), process by process, each process's block (0: in none),
 * and the units of work one value does (workload_units), so that times
 * become costs per unit. */
struct question_cell {
    struct resample_cell values;
    const uint64_t *block;   /* [values.processes] */
    uint64_t units;
    const char *key;         /* catalog_cell_key, for the seed */
};

/* Where a decided question's interval lies against the claim (or, with no
 * claim, against 1: a ratio whose interval excludes 1 is a difference). */
enum question_verdict {
    QV_NONE,           /* no interval (fewer than 2 units) */
    QV_BELOW,          /* below the claimed range (or below 1) */
    QV_WITHIN,         /* inside the claimed range (range claims) or containing the claimed number */
    QV_OVERLAPS,       /* overlapping the claimed range's edge, not inside it */
    QV_ABOVE,          /* above the claimed range (or above 1) */
    QV_NO_DIFFERENCE,  /* no claim, and the interval contains 1 */
};
extern const char *const question_verdict_names[];

struct question_answer {
    struct resample_ci ci;  /* the ratio of costs per unit, num over den */
    int paired;             /* 1: from pairs (blocks both cells ran in) */
    size_t pairs;           /* the pairs there were */
    double precision;       /* relative half-width (FACTOR) or points (PERCENT); NAN: none */
    double badness;         /* precision / target, +inf when there is no interval: most uncertain first */
    int reached;            /* precision <= target and ci.reached >= the nominal level */
    size_t runs_needed;     /* units (pairs or processes) to reach the target; 0: cannot tell */
    /* Where the interval lies, at the level it reached; a reader must also
     * be told when `reached` is 0 (the question is not decided at its
     * target, whatever the interval says). */
    enum question_verdict verdict;
};

/* Answers question q from its two cells' samples: from pairs when at least
 * two blocks hold a process of each and the pairs reach at least the level
 * the unpaired interval would (a paired design compares like with like;
 * with fewer pairs than processes the unpaired one may rest on more), else
 * the unpaired two-level bootstrap.  The seed is derived from `seed`, the
 * question's name and both cells' keys, so an answer is reproducible alone.
 * 0, or -1 when the samples are not usable (no values). */
int question_answer(const struct question *q, const struct question_cell *num, const struct question_cell *den,
                    uint64_t seed, struct question_answer *out);

/* A ratio of the two cells' times (ci, from any estimator) into a ratio
 * of their costs per unit, in place; returns its precision as the question
 * measures it (points for a cost, relative half-width for a factor). */
double question_to_costs(const struct question *q, const struct question_cell *num, const struct question_cell *den,
                         struct resample_ci *ci);

/* The question's name for files and readers: the id without Q_, lower
 * case ("cost_sumsq"), into buf. */
void question_slug(const struct question *q, char *buf, size_t len);

/* The estimate as a reader reads it: the factor, or the change in percent
 * (100 (r - 1)). */
double question_reading(const struct question *q, double ratio);

#endif
