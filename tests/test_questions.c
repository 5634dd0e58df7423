/* test_questions.c - the questions' table and the one rule that answers
 * them (common/questions.c), on fixtures whose answers are known by hand:
 *   - the T a rule stands for on machines of 2 and 16 CPUs;
 *   - times become costs per unit (a weak-scaling speed-up is throughput);
 *   - pairs are used when blocks hold both cells and they reach the level,
 *     and the paired interval is then the narrower on a drifting machine;
 *   - the verdict against a claimed number, a claimed range, or 1;
 *   - the precision, the target, the level and the runs needed.
 * Suite "questions". */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "questions.h"
#include "tests.h"

#define HAND 1e-12

/* ---- the table ------------------------------------------------------------ */

/* Every question names two implementations the catalog knows, a workload
 * and split that go together, a target and a claim that make sense. */
static void t_table_is_sound(void)
{
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *q = &questions[i];
        int fam, mode;
        catalog_impl_kind(q->num, &fam, &mode);
        CHECK(fam != FAM_OTHER && mode != MODE_OTHER, "%s: num %s is not in the catalog", q->name, q->num);
        catalog_impl_kind(q->den, &fam, &mode);
        CHECK(fam != FAM_OTHER && mode != MODE_OTHER, "%s: den %s is not in the catalog", q->name, q->den);
        const struct split_desc *s = split_by_name(q->split);
        const struct workload_desc *w = workload_by_name(q->workload);
        CHECK(s && w && s->workload == w->id, "%s: %s/%s", q->name, q->workload, q->split);
        CHECK(q->target > 0 && q->target < 10, "%s: target %g", q->name, q->target);
        CHECK(q->claimed_lo <= q->claimed_hi && (q->claimed_lo == Q_NO_CLAIM) == (q->claimed_hi == Q_NO_CLAIM),
              "%s: claim [%g, %g]", q->name, q->claimed_lo, q->claimed_hi);
        CHECK(strcmp(q->num, q->den) || q->num_T != q->den_T, "%s: a cell over itself", q->name);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(questions[j].name, q->name), "%s twice", q->name);
    }
    char slug[64];
    question_slug(&questions[Q_COST_SUMSQ], slug, sizeof slug);
    CHECK(!strcmp(slug, "cost_sumsq"), "slug %s", slug);
}

/* ---- T -------------------------------------------------------------------- */

static void t_resolve_T(void)
{
    const unsigned two[] = {1, 2}, many[] = {1, 2, 4, 8, 16}, few[] = {1, 2, 4}, one[] = {1};
    int at;
    /* the articles' 8 on 2 CPUs: 2, not the claim's counterpart */
    CHECK(question_resolve_T(8, two, 2, 2, &at) == 2 && !at, "8 on 2 CPUs: 2, stand-in");
    /* on 16 CPUs that ran 8: 8 itself */
    CHECK(question_resolve_T(8, many, 5, 16, &at) == 8 && at, "8 on 16 CPUs: 8");
    /* 16 CPUs, 8 not run: the largest below, a stand-in */
    CHECK(question_resolve_T(8, few, 3, 16, &at) == 4 && !at, "8 not run: 4");
    /* 8 run, but on 4 CPUs: never the oversubscribed 8 */
    CHECK(question_resolve_T(8, many, 5, 4, &at) == 4 && !at, "8 on 4 CPUs: 4");
    /* the CPU count: the largest T within the CPUs, itself */
    CHECK(question_resolve_T(Q_T_CPUS, many, 5, 4, &at) == 4 && at, "CPUs on 4: 4");
    CHECK(question_resolve_T(Q_T_CPUS, many, 5, 0, &at) == 16 && at, "CPUs unknown: the largest");
    /* one worker, and a study with no T above 1 for many workers */
    CHECK(question_resolve_T(1, many, 5, 16, &at) == 1 && at, "1: 1");
    CHECK(question_resolve_T(Q_T_CPUS, one, 1, 2, &at) == 0, "only T = 1: no many-worker question");
    CHECK(question_resolve_T(1, few + 1, 2, 16, &at) == 0, "no T = 1: none");
}

/* ---- answers ----------------------------------------------------------------- */

/* A cell of n processes of k values: value (i, j) = base * drift[i] *
 * (1 + wiggle * ((j % 3) - 1)), each process in block blocks[i]. */
struct fixture {
    double v[64 * 8];
    size_t counts[64];
    uint64_t block[64];
    struct question_cell qc;
};

static void make_cell(struct fixture *f, size_t n, size_t k, double base, const double *drift, double wiggle,
                      const uint64_t *blocks, uint64_t units, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        f->counts[i] = k;
        f->block[i] = blocks ? blocks[i] : 0;
        for (size_t j = 0; j < k; j++)
            f->v[i * k + j] = base * (drift ? drift[i] : 1) * (1 + wiggle * ((double)(j % 3) - 1));
    }
    f->qc = (struct question_cell){{f->v, f->counts, n}, f->block, units, key};
}

/* Identical values: the ratio is exact; costs per unit turn 2 s over 1 s
 * into a speed-up when the work differs.  sumsq weak at T = 2 does twice
 * the units: t1 = 1 s for N, t2 = 1 s for 2N: throughput speed-up 2. */
static void t_costs_per_unit(void)
{
    static struct fixture a, b;
    make_cell(&a, 8, 5, 1.0, NULL, 0, NULL, 1000, "a");
    make_cell(&b, 8, 5, 1.0, NULL, 0, NULL, 2000, "b");
    struct question_answer ans;
    REQUIRE(question_answer(&questions[Q_SPEEDUP_314T_SUMSQ], &a.qc, &b.qc, 1, &ans) == 0, "answer");
    CHECK(fabs(ans.ci.estimate - 2) < HAND && fabs(ans.ci.lo - 2) < HAND && fabs(ans.ci.hi - 2) < HAND,
          "speed-up: %g [%g, %g], want 2 exactly", ans.ci.estimate, ans.ci.lo, ans.ci.hi);
    CHECK(ans.reached && ans.precision == 0 && ans.verdict == QV_ABOVE, "reached %d, precision %g, verdict %s",
          ans.reached, ans.precision, question_verdict_names[ans.verdict]);
    /* as a percent: 1.066 reads +6.6 */
    CHECK(fabs(question_reading(&questions[Q_COST_SUMSQ], 1.066) - 6.6) < 1e-9, "reading");
    CHECK(question_reading(&questions[Q_FT_SUMSQ], 3.5) == 3.5, "a factor reads as itself");
}

/* A machine that drifts: process i of both cells is slowed by the same
 * factor (1 + 0.3 i / n); the true ratio is 1.1.  Run in blocks, the pairs
 * cancel the drift and the interval is narrow; without blocks the same
 * values give the unpaired interval, several times wider. */
static void t_pairs_cancel_drift(void)
{
    enum { N = 30, K = 5 };
    double drift[N];
    uint64_t blocks[N];
    for (size_t i = 0; i < N; i++)
        drift[i] = 1 + 0.3 * (double)((i * 7) % N) / N, blocks[i] = 100 + i;
    static struct fixture a, b, ua, ub;
    make_cell(&a, N, K, 1.1, drift, 0.01, blocks, 1, "a");
    make_cell(&b, N, K, 1.0, drift, 0.01, blocks, 1, "b");
    make_cell(&ua, N, K, 1.1, drift, 0.01, NULL, 1, "a");
    make_cell(&ub, N, K, 1.0, drift, 0.01, NULL, 1, "b");
    struct question_answer p, u;
    REQUIRE(question_answer(&questions[Q_COST_SUMSQ], &a.qc, &b.qc, 7, &p) == 0, "paired");
    REQUIRE(question_answer(&questions[Q_COST_SUMSQ], &ua.qc, &ub.qc, 7, &u) == 0, "unpaired");
    CHECK(p.paired && p.pairs == N && !u.paired && u.pairs == 0, "paired %d (%zu pairs), unpaired %d", p.paired,
          p.pairs, u.paired);
    CHECK(fabs(p.ci.estimate - 1.1) < 1e-9, "paired estimate %.12g, want 1.1", p.ci.estimate);
    CHECK(p.ci.lo <= 1.1 && p.ci.hi >= 1.1, "paired interval [%g, %g] holds 1.1", p.ci.lo, p.ci.hi);
    CHECK((p.ci.hi - p.ci.lo) * 3 < u.ci.hi - u.ci.lo, "paired width %g not a third of unpaired %g",
          p.ci.hi - p.ci.lo, u.ci.hi - u.ci.lo);
}

/* Two pairs against many unpaired processes: the pairs would reach 50%,
 * the processes 95%: the unpaired interval is used. */
static void t_few_pairs_yield(void)
{
    const uint64_t blocks[10] = {1, 2, 0, 0, 0, 0, 0, 0, 0, 0};
    static struct fixture a, b;
    make_cell(&a, 10, 3, 2.0, NULL, 0.05, blocks, 1, "a");
    make_cell(&b, 10, 3, 1.0, NULL, 0.05, blocks, 1, "b");
    struct question_answer ans;
    REQUIRE(question_answer(&questions[Q_FT_SUMSQ], &a.qc, &b.qc, 3, &ans) == 0, "answer");
    CHECK(!ans.paired && ans.pairs == 2 && ans.ci.units == 10, "paired %d, pairs %zu, units %zu", ans.paired,
          ans.pairs, ans.ci.units);
}

/* Verdicts against the claims, on exact intervals: a range claim (+5..+10%)
 * and a number (about 3x), and no claim (against 1). */
static void t_verdicts(void)
{
    static struct fixture a, b;
    struct question_answer ans;
    const struct {
        enum question_id q;
        double ratio;
        enum question_verdict want;
    } cases[] = {
        {Q_COST_SUMSQ, 1.07, QV_WITHIN}, {Q_COST_SUMSQ, 1.12, QV_ABOVE},  {Q_COST_SUMSQ, 1.02, QV_BELOW},
        {Q_FT_SUMSQ, 3.0, QV_WITHIN},    {Q_FT_SUMSQ, 3.6, QV_ABOVE},     {Q_FT_SUMSQ, 2.5, QV_BELOW},
        {Q_GIL_SUMSQ, 1.0, QV_NO_DIFFERENCE}, {Q_GIL_SUMSQ, 1.7, QV_ABOVE}, {Q_GIL_SUMSQ, 0.8, QV_BELOW},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        make_cell(&a, 6, 1, cases[i].ratio, NULL, 0, NULL, 1, "a");
        make_cell(&b, 6, 1, 1.0, NULL, 0, NULL, 1, "b");
        REQUIRE(question_answer(&questions[cases[i].q], &a.qc, &b.qc, 1, &ans) == 0, "answer");
        CHECK(ans.verdict == cases[i].want, "%s at %g: %s, want %s", questions[cases[i].q].name, cases[i].ratio,
              question_verdict_names[ans.verdict], question_verdict_names[cases[i].want]);
    }
    /* straddling the range's upper edge */
    double drift[6] = {1.08 / 1.08, 1.13 / 1.08, 1.08 / 1.08, 1.13 / 1.08, 1.08 / 1.08, 1.13 / 1.08};
    make_cell(&a, 6, 1, 1.08, drift, 0, NULL, 1, "a");
    make_cell(&b, 6, 1, 1.0, NULL, 0, NULL, 1, "b");
    REQUIRE(question_answer(&questions[Q_COST_SUMSQ], &a.qc, &b.qc, 1, &ans) == 0, "answer");
    CHECK(ans.verdict == QV_OVERLAPS, "[%g, %g] against +5..+10%%: %s", ans.ci.lo, ans.ci.hi,
          question_verdict_names[ans.verdict]);
}

/* The target: an exact answer from 5 processes meets +-1 point but not the
 * level (5 units reach 93.75%): not reached, 6 units needed, most
 * uncertain.  With 6 it is reached.  A wide one says how many it needs. */
static void t_target_level_runs(void)
{
    static struct fixture a, b;
    struct question_answer ans;
    make_cell(&a, 5, 4, 1.07, NULL, 0, NULL, 1, "a");
    make_cell(&b, 5, 4, 1.0, NULL, 0, NULL, 1, "b");
    REQUIRE(question_answer(&questions[Q_COST_SUMSQ], &a.qc, &b.qc, 1, &ans) == 0, "answer");
    CHECK(!ans.reached && isinf(ans.badness) && ans.runs_needed == 6 && fabs(ans.ci.reached - 0.9375) < HAND,
          "5 units: reached %d, badness %g, needs %zu, level %g", ans.reached, ans.badness, ans.runs_needed,
          ans.ci.reached);
    make_cell(&a, 6, 4, 1.07, NULL, 0, NULL, 1, "a");
    make_cell(&b, 6, 4, 1.0, NULL, 0, NULL, 1, "b");
    REQUIRE(question_answer(&questions[Q_COST_SUMSQ], &a.qc, &b.qc, 1, &ans) == 0, "answer");
    CHECK(ans.reached && ans.badness == 0 && ans.runs_needed == 6, "6 units: reached %d, badness %g, needs %zu",
          ans.reached, ans.badness, ans.runs_needed);
    /* +-10% noise between processes: far from +-1 point */
    double drift[8] = {0.9, 1.1, 0.95, 1.05, 0.92, 1.08, 1.0, 0.97};
    make_cell(&a, 8, 1, 1.07, drift, 0, NULL, 1, "a");
    make_cell(&b, 8, 1, 1.0, NULL, 0, NULL, 1, "b");
    REQUIRE(question_answer(&questions[Q_COST_SUMSQ], &a.qc, &b.qc, 1, &ans) == 0, "answer");
    CHECK(!ans.reached && ans.badness > 1 && ans.runs_needed > 8 &&
              ans.runs_needed == (size_t)ceil(8 * (ans.precision / Q_TARGET_PP) * (ans.precision / Q_TARGET_PP)),
          "wide: precision %g points, badness %g, needs %zu", ans.precision, ans.badness, ans.runs_needed);
    /* no data: refused */
    make_cell(&a, 0, 1, 1, NULL, 0, NULL, 1, "a");
    CHECK(question_answer(&questions[Q_COST_SUMSQ], &a.qc, &b.qc, 1, &ans) == -1, "an empty cell is refused");
}

static CU_TestInfo question_tests[] = {
    {"the table names known cells, sound targets and claims", t_table_is_sound},
    {"the T a rule stands for", t_resolve_T},
    {"times become costs per unit: weak speed-up is throughput", t_costs_per_unit},
    {"pairs cancel a drift: the paired interval is narrower", t_pairs_cancel_drift},
    {"two pairs yield to ten unpaired processes", t_few_pairs_yield},
    {"verdicts against a range, a number and 1", t_verdicts},
    {"target, level and runs needed", t_target_level_runs},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo question_suites[] = {
    {"questions", NULL, NULL, NULL, NULL, question_tests},
    CU_SUITE_INFO_NULL,
};
