/* plan.c - the plan's decisions (plan.h): which questions this study can
 * ask, which is open, which group runs next and which cells its block
 * holds, the survey's and the last phase's rounds, and the budget. */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PHASE_NAME(id, name) name,
const char *const plan_phase_names[PHASE_COUNT] = {PLAN_PHASE_TABLE(PHASE_NAME)};
#undef PHASE_NAME

/* The cell of impl on the question's workload and split at T, or -1. */
static long find_cell(const struct plan_cell *cells, size_t n, const char *impl, const struct question *q, unsigned T)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i].T == T && !strcmp(cells[i].impl, impl) && !strcmp(cells[i].workload, q->workload) &&
            !strcmp(cells[i].split, q->split))
            return (long)i;
    return -1;
}

/* One side of a question: its T and cell, or why it cannot be asked. */
static bool resolve_side(struct plan_question *pq, const struct plan_cell *cells, size_t ncells, const char *impl,
                         unsigned rule, const unsigned *Ts, size_t nT, unsigned cpus, unsigned *T, size_t *cell)
{
    int at;
    *T = question_resolve_T(rule, Ts, nT, cpus, &at);
    if (!*T) {
        snprintf(pq->why, sizeof pq->why, "no thread count of the study stands for %s's T",
                 rule == 1 ? "one worker" : "many workers");
        return false;
    }
    pq->at_claim &= at;
    long c = find_cell(cells, ncells, impl, pq->q, *T);
    if (c < 0) {
        snprintf(pq->why, sizeof pq->why, "%s %s/%s T=%u is not in the matrix", impl, pq->q->workload, pq->q->split,
                 *T);
        return false;
    }
    if (!cells[c].present) {
        snprintf(pq->why, sizeof pq->why, "%s is not built", impl);
        return false;
    }
    *cell = (size_t)c;
    return true;
}

void plan_questions_init(struct plan_question *out, const struct plan_cell *cells, size_t ncells, const unsigned *Ts,
                         size_t nT, unsigned cpus)
{
    size_t groups = 0;
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        struct plan_question *pq = &out[i];
        *pq = (struct plan_question){.q = &questions[i], .at_claim = 1};
        const struct question *q = pq->q;
        pq->asked = resolve_side(pq, cells, ncells, q->num, q->num_T, Ts, nT, cpus, &pq->T_num, &pq->num) &&
                    resolve_side(pq, cells, ncells, q->den, q->den_T, Ts, nT, cpus, &pq->T_den, &pq->den);
        if (pq->asked && pq->num == pq->den) {
            pq->asked = false;
            snprintf(pq->why, sizeof pq->why, "both sides are the same cell here (T=%u)", pq->T_num);
        }
        if (!pq->asked)
            continue;
        pq->dirty = true;
        /* Its group: an earlier asked question with the same workload,
         * split and the same two T, else a new one. */
        unsigned lo = pq->T_num < pq->T_den ? pq->T_num : pq->T_den, hi = pq->T_num ^ pq->T_den ^ lo;
        pq->group = groups;
        for (size_t j = 0; j < i; j++) {
            const struct plan_question *o = &out[j];
            unsigned olo = o->T_num < o->T_den ? o->T_num : o->T_den, ohi = o->T_num ^ o->T_den ^ olo;
            if (o->asked && olo == lo && ohi == hi && !strcmp(o->q->workload, q->workload) &&
                !strcmp(o->q->split, q->split)) {
                pq->group = o->group;
                break;
            }
        }
        if (pq->group == groups)
            groups++;
    }
}

void plan_mark_dirty(struct plan_question *pq, size_t nq, size_t c)
{
    for (size_t i = 0; i < nq; i++)
        if (pq[i].asked && (pq[i].num == c || pq[i].den == c))
            pq[i].dirty = true;
}

/* Blocks (not 0) that hold a process of both cells, each counted once. */
static size_t blocks_in_both(const struct plan_cell *a, const struct plan_cell *b)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nall; i++) {
        uint64_t blk = a->all_blocks[i];
        bool seen = false, there = false;
        if (!blk)
            continue;
        for (size_t k = 0; k < i && !seen; k++)
            seen = a->all_blocks[k] == blk;
        for (size_t j = 0; j < b->nall && !there && !seen; j++)
            there = b->all_blocks[j] == blk;
        n += !seen && there;
    }
    return n;
}

size_t plan_update(struct plan_question *pq, size_t nq, const struct plan_cell *cells, uint64_t seed,
                   enum plan_phase phase)
{
    size_t done = 0;
    for (size_t i = 0; i < nq; i++) {
        struct plan_question *p = &pq[i];
        if (!p->asked || !p->dirty || (phase != PHASE_COUNT && !plan_phase_serves(phase, p->q->group)))
            continue;
        p->dirty = false;
        done++;
        const struct plan_cell *a = &cells[p->num], *b = &cells[p->den];
        p->tried = blocks_in_both(a, b);
        p->answered = question_answer(p->q, &a->qc, &b->qc, seed, &p->a) == 0;
    }
    return done;
}

bool plan_phase_serves(enum plan_phase phase, enum question_group g)
{
    if (phase == PHASE_QUESTIONS)
        return g == QG_ARTICLE || g == QG_VALIDITY;
    return phase == PHASE_FIGURES && g == QG_FIGURE;
}

int plan_open(const struct plan_question *pq, const struct plan_cell *cells, const struct plan_params *pp,
              enum plan_phase phase)
{
    if (!pq->asked || !plan_phase_serves(phase, pq->q->group))
        return 0;
    if (cells[pq->num].failed || cells[pq->den].failed)
        return 0; /* a broken cell is reported, not retried */
    const size_t pairs = pq->answered ? pq->a.pairs : 0;
    if (pairs >= pp->q_max)
        return 0;
    /* Blocks lost to disturbance or failure are replaced, up to q_max of them. */
    if (pq->tried >= pairs + pp->q_max)
        return 0;
    if (phase == PHASE_QUESTIONS && pairs < pp->q_min)
        return 1;
    /* Adapting: only on width (reached: precision within the target at
     * the nominal level), never on where the interval lies. */
    if (pp->q_max > pp->q_min && !(pq->answered && pq->a.reached))
        return 2;
    return 0;
}

/* Does question a go before question b (both open: stage 1 or 2)? */
static bool before(const struct plan_question *a, int sa, const struct plan_question *b, int sb)
{
    if (sa != sb)
        return sa < sb;
    size_t pa = a->answered ? a->a.pairs : 0, pb = b->answered ? b->a.pairs : 0;
    if (sa == 1)
        return pa < pb;
    double ba = a->answered ? a->a.badness : INFINITY, bb = b->answered ? b->a.badness : INFINITY;
    if (isnan(ba))
        ba = INFINITY;
    if (isnan(bb))
        bb = INFINITY;
    if (ba != bb)
        return ba > bb;
    size_t ua = a->answered ? a->a.ci.units : 0, ub = b->answered ? b->a.ci.units : 0;
    return ua < ub;
}

long plan_pick(const struct plan_question *pq, size_t nq, const struct plan_cell *cells, const struct plan_params *pp,
               enum plan_phase phase)
{
    long best = -1;
    int best_stage = 0;
    for (size_t i = 0; i < nq; i++) {
        int stage = plan_open(&pq[i], cells, pp, phase);
        if (stage && (best < 0 || before(&pq[i], stage, &pq[best], best_stage))) {
            best = (long)i;
            best_stage = stage;
        }
    }
    return best;
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Adds cell c to out[0..*n-1] unless it is there. */
static void add_once(size_t *out, size_t *n, size_t c)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i] == c)
            return;
    out[(*n)++] = c;
}

size_t plan_block(const struct plan_question *pq, size_t nq, const struct plan_cell *cells,
                  const struct plan_params *pp, enum plan_phase phase, size_t chosen, size_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < nq; i++)
        if (pq[i].asked && pq[i].group == pq[chosen].group && plan_open(&pq[i], cells, pp, phase)) {
            add_once(out, &n, pq[i].num);
            add_once(out, &n, pq[i].den);
        }
    qsort(out, n, sizeof *out, by_index);
    return n;
}

static size_t survey_goal(const struct plan_params *pp, unsigned r)
{
    return r < pp->survey_min ? r : pp->survey_min;
}

bool plan_survey_mandatory(const struct plan_cell *c, const struct plan_params *pp, unsigned r)
{
    return c->procs < survey_goal(pp, r);
}

size_t plan_survey_round(const struct plan_cell *cells, size_t n, const struct plan_params *pp, unsigned r,
                         size_t *out, size_t *mandatory)
{
    size_t k = 0, must = 0;
    for (size_t i = 0; i < n; i++)
        if (cells[i].counted < survey_goal(pp, r) &&
            (plan_survey_mandatory(&cells[i], pp, r) || cells[i].disturbed < pp->replace)) {
            out[k++] = i;
            must += plan_survey_mandatory(&cells[i], pp, r);
        }
    if (mandatory)
        *mandatory = must;
    return k;
}

size_t plan_cells_round(const struct plan_cell *cells, size_t n, const struct plan_params *pp, size_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (cells[i].above && cells[i].present && !cells[i].failed && cells[i].counted < pp->max_procs &&
            cells[i].disturbed < pp->replace)
            out[k++] = i;
    return k;
}

bool plan_time_left(const struct plan_params *pp, double spent_s)
{
    return !(pp->budget_s > 0) || spent_s < pp->budget_s;
}

bool plan_questions_time_left(const struct plan_params *pp, double spent_s, double phase_s)
{
    return plan_time_left(pp, spent_s) && (!(pp->budget_s > 0) || phase_s < pp->q_share * pp->budget_s);
}
