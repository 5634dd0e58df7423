/* plan.h - how the study spends its time (issue 16): the questions first,
 * then the survey of every cell, then the figures' questions, then the
 * cells still above their CI target.  Pure decisions on the state of the
 * sample, so that the tests feed them fake states (tests/test_plan.c) and
 * a resumed study, rebuilt from raw.csv, takes up the plan where it was.
 *
 * The phases, in order (study.c's loop asks these functions at every
 * step):
 *   PHASE_QUESTIONS  the articles' claims and the validity checks
 *        (common/questions.h, groups ARTICLE and VALIDITY).  Each question
 *        needs two cells; the questions are grouped by workload, split and
 *        T (their cells' T), and a block is the cells of one group's open
 *        questions, run back to back in a shuffled order, one process
 *        each: two cells' processes in one block are a pair.  First every
 *        question gets q_min pairs (the group with the fewest first, so
 *        the groups interleave); then, while the phase's share of the
 *        budget (q_share) lasts, the most uncertain question (the largest
 *        precision / target; one without an interval at the nominal level
 *        first) has its group's block run, restricted to the cells of the
 *        group's questions still open.
 *   PHASE_SURVEY  every cell of the matrix up to survey_min processes, in
 *        rounds shuffled with the study's seed.  The first survey_min
 *        processes of a cell run whatever the budget says (every
 *        implementation is measured); replacements for disturbed ones run
 *        within the budget.
 *   PHASE_FIGURES the figures' questions (group FIGURE), adaptively as
 *        above, with what is left of the budget.
 *   PHASE_CELLS   repeat-until-sure: rounds of the cells still above their
 *        CI target (common/citarget.h), up to max_procs processes each,
 *        within the budget.
 *
 * A question is open while it has not reached its target (question_answer's
 * `reached`: its precision within the target at the nominal level) and
 * its pairs are below q_max.  The study stops on width, never on
 * significance: stopping a question when its interval first excludes 1 (or
 * the claim) would bias its verdict towards a difference, since an
 * interval that wanders across the line is caught on the wrong side more
 * often than its level says (sequential testing without correction).  So
 * nothing here looks at where an interval lies, only at how wide it is.
 *
 * Disturbed processes (runner/loadmon.h) count toward nothing: not a
 * cell's survey count, not a question's pairs; so the plan runs
 * replacements, within the budget, up to as many again as the sample they
 * replace (`replace` disturbed processes a cell, max_procs unless the
 * study asked for exactly its survey's processes; q_max disturbed blocks
 * a question), so that a machine busy all along cannot keep a study
 * running for ever.  A cell with a failed process (wrong result, crash, timeout,
 * missing binary) is not retried beyond the survey, and its questions are
 * not pursued. */
#ifndef STUDY_PLAN_H
#define STUDY_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "questions.h"

#define PLAN_PHASE_TABLE(X)                \
    X(PHASE_QUESTIONS, "questions")        \
    X(PHASE_SURVEY, "survey")              \
    X(PHASE_FIGURES, "figures")            \
    X(PHASE_CELLS, "cells")
#define PLAN_PHASE_ENUM(id, name) id,
enum plan_phase { PLAN_PHASE_TABLE(PLAN_PHASE_ENUM) PHASE_COUNT };
#undef PLAN_PHASE_ENUM
extern const char *const plan_phase_names[PHASE_COUNT];

/* The plan's parameters (the preset's, or the options'). */
struct plan_params {
    unsigned survey_min;  /* processes per cell in the survey */
    unsigned max_procs;   /* processes per cell in the last phase, at most */
    unsigned replace;     /* disturbed processes a cell may have replaced, at most (max_procs, or 0) */
    unsigned q_min;       /* pairs per ARTICLE/VALIDITY question before the adaptive steps */
    unsigned q_max;       /* pairs per question, at most; adaptive steps only when q_max > q_min */
    double q_share;       /* share of budget_s the questions phase may spend */
    double budget_s;      /* the study's time (0: no limit; every phase then ends on its caps) */
};

/* One cell of the matrix, as the plan sees it.  For a ceiling cell
 * (copies) a unit of the survey's counts is a round of T copies, disturbed
 * when any copy was. */
struct plan_cell {
    const char *impl, *workload, *split;
    unsigned T;
    bool present;          /* its binary is built */
    size_t procs;          /* processes run (rounds for a ceiling cell) */
    size_t counted;        /* of them not disturbed, ok or not: what the survey counts */
    size_t disturbed;      /* disturbed ones */
    size_t failed;         /* processes that did not end ok */
    bool above;            /* above its CI target (citarget_above) */
    bool above_known;      /* `above` is from the latest sample (the caller's to keep) */
    bool judged;           /* it has a sample to judge (`above` means something) */
    /* The sample for the questions: the values of its ok, undisturbed
     * processes with their blocks (question_cell), and the block of every
     * process it ran, disturbed or not (0: in none). */
    struct question_cell qc;
    const uint64_t *all_blocks;
    size_t nall;
};

/* A question of the table, as this study can ask it. */
struct plan_question {
    const struct question *q;
    bool asked;            /* false: skipped, why says why */
    char why[128];
    size_t num, den;       /* its cells (indices into the matrix) */
    unsigned T_num, T_den; /* the counts its T rules stand for here */
    int at_claim;          /* 1: both are the rules' own counts */
    size_t group;          /* questions with the same workload, split and T */
    bool answered;         /* a is from the latest sample */
    bool dirty;            /* a cell of it got a process since */
    struct question_answer a;
    size_t tried;          /* blocks that ran both cells, disturbed or failed ones included */
};

/* ---- the questions of this study ------------------------------------------ */

/* Each question of the table resolved on this matrix: its T rules against
 * the thread counts Ts[0..nT-1] on `cpus` CPUs (question_resolve_T), its
 * two cells found, and its group.  A question is skipped (asked false,
 * `why`) when a rule fits no count, a cell is not in the matrix (its
 * implementation, workload or split not selected), or a cell's binary is
 * not built.  out has QUESTIONS_COUNT entries. */
void plan_questions_init(struct plan_question *out, const struct plan_cell *cells, size_t ncells, const unsigned *Ts,
                         size_t nT, unsigned cpus);

/* Marks dirty every asked question with cell c. */
void plan_mark_dirty(struct plan_question *pq, size_t nq, size_t c);

/* Recomputes the answers (question_answer, with `seed`) and tried blocks
 * of the dirty questions that `phase` serves (PHASE_COUNT: every one);
 * the others are left as they are, dirty or not.  Returns how many it
 * recomputed. */
size_t plan_update(struct plan_question *pq, size_t nq, const struct plan_cell *cells, uint64_t seed,
                   enum plan_phase phase);

/* ---- decisions --------------------------------------------------------- */

/* The groups a phase serves: ARTICLE and VALIDITY in the questions phase,
 * FIGURE in the figures phase, none otherwise. */
bool plan_phase_serves(enum plan_phase phase, enum question_group g);

/* Is question pq open in `phase`?  0 no; 1 it lacks its q_min pairs (the
 * questions phase only); 2 it is above its target and the plan adapts
 * (q_max > q_min). */
int plan_open(const struct plan_question *pq, const struct plan_cell *cells, const struct plan_params *pp,
              enum plan_phase phase);

/* The question whose group runs next in `phase`, or -1 when none is open:
 * first one that lacks its q_min pairs (the fewest pairs first, then the
 * table's order); then the most uncertain (the largest badness, an
 * interval below the nominal level counting as infinite; among equals the
 * fewest units, then the table's order).  Never where an interval lies:
 * see the header. */
long plan_pick(const struct plan_question *pq, size_t nq, const struct plan_cell *cells, const struct plan_params *pp,
               enum plan_phase phase);

/* The block for the group of question `chosen`: the cells of that group's
 * questions open in `phase`, each once, in the matrix's order, into out
 * (room for 2 * nq).  Returns how many. */
size_t plan_block(const struct plan_question *pq, size_t nq, const struct plan_cell *cells,
                  const struct plan_params *pp, enum plan_phase phase, size_t chosen, size_t *out);

/* The cells the survey's round r (1, 2, ...) runs, in the matrix's order,
 * into out: those with fewer than min(r, survey_min) undisturbed
 * processes (a failed process counts: it is a result), within `replace`
 * disturbed ones.  So round r brings every cell to r processes, and the
 * rounds past survey_min replace the disturbed ones.  *mandatory (may be
 * NULL): how many of them have run fewer than min(r, survey_min)
 * processes in all, disturbed ones included: those run whatever the
 * budget says; the others are replacements, within it. */
size_t plan_survey_round(const struct plan_cell *cells, size_t n, const struct plan_params *pp, unsigned r,
                         size_t *out, size_t *mandatory);
/* Does cell c's process in survey round r run whatever the budget? */
bool plan_survey_mandatory(const struct plan_cell *c, const struct plan_params *pp, unsigned r);

/* The cells the last phase's next round runs: above their CI target, none
 * failed, fewer than max_procs undisturbed processes (and fewer than
 * `replace` disturbed ones). */
size_t plan_cells_round(const struct plan_cell *cells, size_t n, const struct plan_params *pp, size_t *out);

/* Time: is there budget left after spent_s (always, with no budget)?  And
 * for the questions phase, whose own spending is phase_s, within its
 * share? */
bool plan_time_left(const struct plan_params *pp, double spent_s);
bool plan_questions_time_left(const struct plan_params *pp, double spent_s, double phase_s);

#endif
