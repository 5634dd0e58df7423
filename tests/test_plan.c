/* test_plan.c - the runner's pure decisions, on fixtures whose answers are
 * known by hand (suite "plan"):
 *   - the load monitor: /proc/stat and /proc/<pid>/stat text parsed, and a
 *     window judged disturbed or not (runner/loadmon.h);
 *   - the plan (runner/plan.h): which questions this matrix can ask and
 *     their groups, which is open, which group runs next (the fewest pairs
 *     first, then the most uncertain; never on where an interval lies), the
 *     block's cells, the survey's rounds with disturbed processes replaced,
 *     the last phase's cells, and the budget;
 *   - citarget_above, issue 17's one count (common/citarget.h).
 * The runner end to end is test_plan_e2e.c's. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runner/loadmon.h"
#include "../runner/plan.h"
#include "catalog.h"
#include "citarget.h"
#include "stats.h"
#include "tests.h"

#define HAND 1e-12

/* ---- the load monitor ------------------------------------------------------ */

static void t_parse_stat(void)
{
    struct loadmon_stat s = {0};
    /* user nice system idle iowait irq softirq steal guest guest_nice:
     * busy = 100 + 5 + 50 + 3 + 2 (not idle, iowait or steal) */
    const char *full = "cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 3 0 0\nintr 5\n";
    CHECK(loadmon_parse_stat(full, &s) == 0 && s.busy == 160 && s.steal == 7, "full line: busy %llu, steal %llu",
          s.busy, s.steal);
    /* a kernel without steal (7 numbers) */
    CHECK(loadmon_parse_stat("cpu 10 0 5 100 0 1 1\n", &s) == 0 && s.busy == 17 && s.steal == 0,
          "no steal field: busy %llu, steal %llu", s.busy, s.steal);
    /* the sum line need not come first; a per-CPU line is not it */
    CHECK(loadmon_parse_stat("btime 1\ncpu 1 2 3 4 5 6 7 8\n", &s) == 0 && s.busy == 1 + 2 + 3 + 6 + 7 && s.steal == 8,
          "later line: busy %llu", s.busy);
    CHECK(loadmon_parse_stat("cpu0 1 2 3 4 5 6 7 8\n", &s) == -1, "only a per-CPU line");
    CHECK(loadmon_parse_stat("cpu 1 2 3\n", &s) == -1, "three numbers");
    CHECK(loadmon_parse_stat("", &s) == -1, "empty");
    unsigned long long t = 0;
    long pgid = 0;
    /* the command holds ") " itself: fields count from the last ')' */
    const char *pid = "42 (we) ird) S 1 37 42 0 -1 4194560 100 0 0 0 250 30 7 3 20 0 1 0 55\n";
    CHECK(loadmon_parse_pid_ticks(pid, &t, &pgid) == 0 && t == 250 + 30 + 7 + 3 && pgid == 37,
          "utime+stime+cutime+cstime: %llu, group %ld", t, pgid);
    CHECK(loadmon_parse_pid_ticks("42 (x) S 1 42 42 0 -1 4194560 100 0 0 0 250", &t, NULL) == -1, "cut before stime");
    CHECK(loadmon_parse_pid_ticks("no parenthesis", &t, NULL) == -1, "not a stat line");
}

/* A window of `wall` seconds on 2 CPUs at 100 ticks a second. */
static void judge(unsigned long long busy, unsigned long long steal, double ours, double wall, unsigned live,
                  struct loadmon_judgement *j)
{
    struct loadmon_stat b = {.busy = 1000, .steal = 50, .t = 10, .valid = true};
    struct loadmon_stat a = {.busy = 1000 + busy, .steal = 50 + steal, .t = 10 + wall, .valid = true};
    loadmon_judge(&b, &a, ours, live, 100, 2, j);
}

static void t_judge_window(void)
{
    struct loadmon_judgement j;
    /* 1 s: busy 1.00 CPU-s of which ours 0.95: others 0.05 CPUs */
    judge(100, 0, 0.95, 1.0, 0, &j);
    CHECK(fabs(j.other_cpus - 0.05) < 1e-9 && j.steal_cpus == 0 && fabs(j.resolution - 0.04) < 1e-12 && !j.disturbed,
          "quiet: other %g, steal %g, resolution %g, disturbed %d", j.other_cpus, j.steal_cpus, j.resolution,
          j.disturbed);
    /* a hog: busy 1.55, ours 0.95: 0.6 CPUs */
    judge(155, 0, 0.95, 1.0, 0, &j);
    CHECK(fabs(j.other_cpus - 0.6) < 1e-9 && j.disturbed, "busy: other %g, disturbed %d", j.other_cpus, j.disturbed);
    /* 0.22 CPUs is not enough once the ticks' 0.04 are allowed for;
     * 0.25 is */
    judge(117, 0, 0.95, 1.0, 0, &j);
    CHECK(fabs(j.other_cpus - 0.22) < 1e-9 && !j.disturbed, "0.22 within resolution: disturbed %d", j.disturbed);
    judge(120, 0, 0.95, 1.0, 0, &j);
    CHECK(fabs(j.other_cpus - 0.25) < 1e-9 && j.disturbed, "0.25: disturbed %d", j.disturbed);
    /* steal: 15 ticks in 1 s, 0.15 CPUs, 0.11 beyond the resolution */
    judge(95, 15, 0.95, 1.0, 0, &j);
    CHECK(fabs(j.steal_cpus - 0.15) < 1e-9 && j.other_cpus == 0 && j.disturbed,
          "steal: %g, other %g (ours above busy: 0), disturbed %d", j.steal_cpus, j.other_cpus, j.disturbed);
    /* 2 s: the same 0.3 CPU-s of others is 0.15 CPUs */
    judge(230, 0, 2.0, 2.0, 0, &j);
    CHECK(fabs(j.other_cpus - 0.15) < 1e-9 && fabs(j.resolution - 0.02) < 1e-12 && !j.disturbed,
          "2 s: other %g, resolution %g", j.other_cpus, j.resolution);
    /* two copies still running add a tick each to the resolution */
    judge(100, 0, 0.95, 1.0, 2, &j);
    CHECK(fabs(j.resolution - 0.06) < 1e-12, "live copies: resolution %g, want 0.06", j.resolution);
    /* 10 ms: one tick of others is 1 CPU, but the ticks cannot tell */
    judge(3, 0, 0.01, 0.01, 0, &j);
    CHECK(isnan(j.other_cpus) && isnan(j.steal_cpus) && !j.disturbed && fabs(j.resolution - 4) < 1e-9,
          "10 ms: other %g, disturbed %d, resolution %g", j.other_cpus, j.disturbed, j.resolution);
    /* 40 ms is the shortest judged on 2 CPUs (resolution 1), just above it
     * 0.5 CPUs of others are within the ticks' reach, 2 are not */
    judge(4, 0, 0.04, 0.04, 0, &j);
    CHECK(isnan(j.other_cpus) && !j.disturbed, "40 ms: not judged");
    judge(6, 0, 0.03, 0.05, 0, &j);
    CHECK(fabs(j.other_cpus - 0.6) < 1e-9 && fabs(j.resolution - 0.8) < 1e-9 && !j.disturbed,
          "50 ms, 0.6 CPUs: other %g, resolution %g, disturbed %d", j.other_cpus, j.resolution, j.disturbed);
    judge(13, 0, 0.03, 0.05, 0, &j);
    CHECK(fabs(j.other_cpus - 2.0) < 1e-9 && j.disturbed, "50 ms, 2 CPUs: disturbed %d", j.disturbed);
    /* no reading: nothing said */
    struct loadmon_stat bad = {.valid = false}, ok = {.busy = 5, .t = 1, .valid = true};
    loadmon_judge(&bad, &ok, 0, 0, 100, 2, &j);
    CHECK(isnan(j.other_cpus) && !j.disturbed, "invalid before");
    loadmon_judge(&ok, &ok, 0, 0, 100, 2, &j);
    CHECK(isnan(j.other_cpus) && !j.disturbed, "empty window");
}

/* ---- the questions of a matrix ----------------------------------------------- */

static struct plan_cell cell_of(const char *impl, const char *wl, const char *split, unsigned T, bool present)
{
    return (struct plan_cell){.impl = impl, .workload = wl, .split = split, .T = T, .present = present};
}

static void t_questions_of_matrix(void)
{
    struct plan_cell cells[] = {
        cell_of("py3.14t-threading", "sumsq", "weak", 1, true), cell_of("py3.14-threading", "sumsq", "weak", 1, true),
        cell_of("py3.14t-direct", "sumsq", "weak", 1, false),   cell_of("pthreads", "sumsq", "weak", 1, true),
        cell_of("pthreads", "sumsq", "weak", 2, true),           cell_of("py3.14-threading", "sumsq", "weak", 2, true),
    };
    const unsigned Ts[] = {1, 2};
    static struct plan_question pq[QUESTIONS_COUNT];
    plan_questions_init(pq, cells, 6, Ts, 2, 2);
    const struct plan_question *cost = &pq[Q_COST_SUMSQ], *fromc = &pq[Q_FROMC_314_SUMSQ],
                               *sp = &pq[Q_SPEEDUP_C_SUMSQ], *sp314 = &pq[Q_SPEEDUP_314_SUMSQ];
    CHECK(cost->asked && cost->num == 0 && cost->den == 1 && cost->T_num == 1 && cost->dirty, "cost_sumsq: %d %zu %zu",
          cost->asked, cost->num, cost->den);
    CHECK(!pq[Q_COST_NQUEENS].asked && strstr(pq[Q_COST_NQUEENS].why, "not in the matrix"), "nqueens: %s",
          pq[Q_COST_NQUEENS].why);
    CHECK(!pq[Q_COST_SUMSQ_D].asked && strstr(pq[Q_COST_SUMSQ_D].why, "py3.14t-direct is not built"),
          "direct not built: %s", pq[Q_COST_SUMSQ_D].why);
    CHECK(!pq[Q_FT_SUMSQ].asked && strstr(pq[Q_FT_SUMSQ].why, "py3.12-threading"), "3.12 absent: %s",
          pq[Q_FT_SUMSQ].why);
    /* the figures' one-thread question shares the T = 1 group; the
     * speed-ups (T 1 over 2) have their own */
    CHECK(fromc->asked && fromc->group == cost->group, "fromc in cost's group: %d, %zu vs %zu", fromc->asked,
          fromc->group, cost->group);
    /* speed-ups of C and 3.14 on sumsq: one group (both cells at 1 and 2) */
    CHECK(sp->asked && sp->num == 3 && sp->den == 4 && sp->T_den == 2 && sp->at_claim && sp->group != cost->group &&
              sp314->asked && sp314->group == sp->group,
          "speed-ups: %d %zu/%zu T=%u, groups %zu %zu %zu", sp->asked, sp->num, sp->den, sp->T_den, sp->group,
          sp314->group, cost->group);
    /* the articles' 8 workers on 2 CPUs: T = 2 stands in */
    CHECK(!pq[Q_GIL_SUMSQ].at_claim || !pq[Q_GIL_SUMSQ].asked, "8 on 2 CPUs is no claim's counterpart");
    /* a study of T = 1 only asks no many-worker question */
    plan_questions_init(pq, cells, 6, Ts, 1, 2);
    CHECK(!pq[Q_SPEEDUP_C_SUMSQ].asked && strstr(pq[Q_SPEEDUP_C_SUMSQ].why, "no thread count"), "T = 1 only: %s",
          pq[Q_SPEEDUP_C_SUMSQ].why);
}

/* ---- which question runs next --------------------------------------------- */

/* A question of the given table row, asked, between cells num and den, in
 * group g, answered with pairs and badness (reached when badness <= 1). */
static struct plan_question fake_q(enum question_id id, size_t num, size_t den, size_t g, size_t pairs,
                                   double badness)
{
    struct plan_question p = {.q = &questions[id], .asked = true, .num = num, .den = den, .group = g,
                              .answered = true};
    p.a.pairs = pairs;
    p.a.ci.units = pairs;
    p.a.badness = badness;
    p.a.reached = badness <= 1;
    p.a.verdict = QV_NO_DIFFERENCE;
    p.tried = pairs;
    return p;
}

static const struct plan_params params = {.survey_min = 3, .max_procs = 12, .replace = 12, .q_min = 5,
                                          .q_max = 100, .q_share = 0.6, .budget_s = 100};

static void t_pick(void)
{
    struct plan_cell cells[8] = {0};
    struct plan_question pq[4];
    /* below q_min: the fewest pairs first, whatever the badness */
    pq[0] = fake_q(Q_COST_SUMSQ, 0, 1, 0, 3, 50);
    pq[1] = fake_q(Q_COST_NQUEENS, 2, 3, 1, 1, 2);
    pq[2] = fake_q(Q_FT_SUMSQ, 4, 5, 2, 6, 90);
    pq[3] = fake_q(Q_EMB_314_SUMSQ_1, 6, 7, 3, 2, 2);
    CHECK(plan_pick(pq, 4, cells, &params, PHASE_QUESTIONS) == 1, "fewest pairs first: %ld",
          plan_pick(pq, 4, cells, &params, PHASE_QUESTIONS));
    CHECK(plan_open(&pq[1], cells, &params, PHASE_QUESTIONS) == 1 && plan_open(&pq[2], cells, &params, PHASE_QUESTIONS) == 2,
          "stages: %d %d", plan_open(&pq[1], cells, &params, PHASE_QUESTIONS),
          plan_open(&pq[2], cells, &params, PHASE_QUESTIONS));
    /* every one past q_min: the most uncertain (largest badness) */
    pq[0] = fake_q(Q_COST_SUMSQ, 0, 1, 0, 9, 1.5);
    pq[1] = fake_q(Q_COST_NQUEENS, 2, 3, 1, 9, 3.0);
    pq[2] = fake_q(Q_FT_SUMSQ, 4, 5, 2, 9, 0.5); /* reached: closed */
    pq[3] = fake_q(Q_EMB_314_SUMSQ_1, 6, 7, 3, 9, 2.0);
    CHECK(plan_pick(pq, 4, cells, &params, PHASE_QUESTIONS) == 1, "most uncertain first: %ld",
          plan_pick(pq, 4, cells, &params, PHASE_QUESTIONS));
    CHECK(plan_open(&pq[2], cells, &params, PHASE_QUESTIONS) == 0, "a question within its target is closed");
    /* no interval at the level (infinite badness) before any finite one;
     * among those, the fewest units */
    pq[0].a.badness = INFINITY, pq[0].a.reached = 0, pq[0].a.ci.units = 7;
    pq[3].a.badness = INFINITY, pq[3].a.reached = 0, pq[3].a.ci.units = 6;
    CHECK(plan_pick(pq, 4, cells, &params, PHASE_QUESTIONS) == 3, "infinite, fewest units: %ld",
          plan_pick(pq, 4, cells, &params, PHASE_QUESTIONS));
    /* stop on width, never on significance: an interval that excludes 1
     * (or the claim) but is wider than its target stays open; one within
     * its target that straddles 1 is closed */
    struct plan_question sig = fake_q(Q_GIL_SUMSQ, 0, 1, 0, 9, 4.0);
    sig.a.verdict = QV_ABOVE;
    sig.a.ci.lo = 1.5, sig.a.ci.hi = 2.5;
    CHECK(plan_open(&sig, cells, &params, PHASE_QUESTIONS) == 2, "a wide but significant interval stays open");
    sig = fake_q(Q_GIL_SUMSQ, 0, 1, 0, 9, 0.8);
    sig.a.verdict = QV_NO_DIFFERENCE;
    CHECK(plan_open(&sig, cells, &params, PHASE_QUESTIONS) == 0, "a narrow interval holding 1 is closed");
    /* the phases' groups: a figure question waits for the figures phase */
    struct plan_question fig = fake_q(Q_SPEEDUP_C_SUMSQ, 0, 1, 0, 0, INFINITY);
    CHECK(plan_open(&fig, cells, &params, PHASE_QUESTIONS) == 0 && plan_open(&fig, cells, &params, PHASE_FIGURES) == 2 &&
              plan_open(&pq[1], cells, &params, PHASE_FIGURES) == 0 && plan_open(&fig, cells, &params, PHASE_SURVEY) == 0,
          "phase filter");
    /* no adapting when q_max == q_min: past q_min, closed */
    struct plan_params fixed = params;
    fixed.q_max = fixed.q_min;
    CHECK(plan_open(&pq[1], cells, &fixed, PHASE_QUESTIONS) == 0 && plan_pick(pq, 4, cells, &fixed, PHASE_QUESTIONS) == -1,
          "q_max == q_min: no adaptive step");
    /* caps: q_max pairs; blocks lost to disturbance up to q_max more */
    struct plan_params cap = params;
    cap.q_max = 9;
    CHECK(plan_open(&pq[1], cells, &cap, PHASE_QUESTIONS) == 0, "q_max pairs reached: closed");
    pq[1].tried = 9 + 100;
    CHECK(plan_open(&pq[1], cells, &params, PHASE_QUESTIONS) == 0, "q_max blocks lost: closed");
    pq[1].tried = 9 + 99;
    CHECK(plan_open(&pq[1], cells, &params, PHASE_QUESTIONS) == 2, "fewer lost: open");
    /* a failed cell: not pursued */
    cells[3].failed = 1;
    CHECK(plan_open(&pq[1], cells, &params, PHASE_QUESTIONS) == 0, "a question of a failed cell is closed");
    /* not yet answered: open, lacking its pairs */
    struct plan_question fresh = {.q = &questions[Q_COST_SUMSQ], .asked = true, .num = 0, .den = 1};
    CHECK(plan_open(&fresh, cells, &params, PHASE_QUESTIONS) == 1, "unanswered: lacks q_min");
}

static void t_block(void)
{
    struct plan_cell cells[8] = {0};
    struct plan_question pq[4];
    pq[0] = fake_q(Q_COST_SUMSQ, 5, 1, 0, 9, 3.0);
    pq[1] = fake_q(Q_EMB_314_SUMSQ_1, 1, 2, 0, 9, 0.5); /* reached: its cell 2 stays out */
    pq[2] = fake_q(Q_EMB_314T_SUMSQ_1, 5, 6, 0, 9, 2.0);
    pq[3] = fake_q(Q_COST_NQUEENS, 3, 4, 1, 9, 9.0); /* another group */
    size_t out[8];
    size_t n = plan_block(pq, 4, cells, &params, PHASE_QUESTIONS, 0, out);
    CHECK(n == 3 && out[0] == 1 && out[1] == 5 && out[2] == 6, "block: %zu cells (%zu %zu %zu), want 1 5 6", n,
          out[0], n > 1 ? out[1] : 99, n > 2 ? out[2] : 99);
    n = plan_block(pq, 4, cells, &params, PHASE_QUESTIONS, 3, out);
    CHECK(n == 2 && out[0] == 3 && out[1] == 4, "the other group: %zu", n);
}

/* ---- the survey, the last phase, the budget -------------------------------- */

static void t_survey_rounds(void)
{
    struct plan_cell c[4] = {0};
    size_t out[4], must;
    /* round 1: every cell without a process */
    c[1].procs = c[1].counted = 1;
    size_t n = plan_survey_round(c, 4, &params, 1, out, &must);
    CHECK(n == 3 && must == 3 && out[0] == 0 && out[1] == 2, "round 1: %zu cells, %zu mandatory", n, must);
    /* a disturbed process counts for nothing: round 2 runs it again, as
     * part of bringing every cell to 2 */
    struct plan_cell d = {.procs = 1, .counted = 0, .disturbed = 1};
    CHECK(plan_survey_round(&d, 1, &params, 2, out, &must) == 1 && must == 1, "round 2 after a disturbed one");
    /* past survey_min, replacements: within the budget (not mandatory), up
     * to `replace` of them */
    d = (struct plan_cell){.procs = 3, .counted = 2, .disturbed = 1};
    CHECK(plan_survey_round(&d, 1, &params, 4, out, &must) == 1 && must == 0 && !plan_survey_mandatory(&d, &params, 4),
          "round 4 replaces the disturbed one");
    struct plan_params exact = params;
    exact.replace = 0;
    CHECK(plan_survey_round(&d, 1, &exact, 4, out, &must) == 0, "--reps alone: no replacement");
    d.disturbed = params.replace, d.procs = 2 + params.replace;
    CHECK(plan_survey_round(&d, 1, &params, 4, out, &must) == 0, "replacements capped");
    /* a failed process is a result: counted */
    struct plan_cell f = {.procs = 3, .counted = 3, .failed = 3};
    CHECK(plan_survey_round(&f, 1, &params, 4, out, &must) == 0, "failed ones count");
}

static void t_cells_round(void)
{
    struct plan_cell c[5] = {0};
    for (int i = 0; i < 5; i++)
        c[i] = (struct plan_cell){.present = true, .above = true, .procs = 3, .counted = 3};
    c[1].above = false;
    c[2].failed = 1;
    c[3].counted = c[3].procs = params.max_procs;
    c[4].present = false;
    size_t out[5];
    size_t n = plan_cells_round(c, 5, &params, out);
    CHECK(n == 1 && out[0] == 0, "only the cell above its target, ok, below max: %zu", n);
}

static void t_budget(void)
{
    struct plan_params p = params, none = params;
    none.budget_s = 0;
    CHECK(plan_time_left(&none, 1e9) && plan_questions_time_left(&none, 1e9, 1e9), "no budget: no limit");
    CHECK(plan_time_left(&p, 99.9) && !plan_time_left(&p, 100), "budget 100 s");
    CHECK(plan_questions_time_left(&p, 80, 59.9) && !plan_questions_time_left(&p, 80, 60) &&
              !plan_questions_time_left(&p, 100, 10),
          "questions: 60%% of 100 s, and the study's own limit");
}

/* ---- answers from samples -------------------------------------------------- */

static void t_update(void)
{
    /* a: blocks 1, 2, 3 run, 3 disturbed (out of its sample); b: 1, 2, 3
     * and a survey process.  Pairs 2, tried 3. */
    static double va[] = {1.1, 1.1, 1.2, 1.2}, vb[] = {1.0, 1.0, 1.1, 1.1, 1.0, 1.0, 1.0, 1.0};
    static size_t ca[] = {2, 2}, cb[] = {2, 2, 2, 2};
    static uint64_t ba[] = {1, 2}, bb[] = {1, 2, 3, 0}, alla[] = {1, 2, 3}, allb[] = {1, 2, 3, 0};
    struct plan_cell cells[2] = {
        {.qc = {{va, ca, 2}, ba, 100, "a"}, .all_blocks = alla, .nall = 3},
        {.qc = {{vb, cb, 4}, bb, 100, "b"}, .all_blocks = allb, .nall = 4},
    };
    struct plan_question pq[2] = {
        {.q = &questions[Q_COST_SUMSQ], .asked = true, .num = 0, .den = 1, .dirty = true},
        {.q = &questions[Q_FROMC_314_SUMSQ], .asked = true, .num = 0, .den = 1, .dirty = true},
    };
    CHECK(plan_update(pq, 2, cells, 1, PHASE_QUESTIONS) == 1, "the questions phase answers its own only");
    CHECK(pq[0].answered && !pq[0].dirty && pq[0].a.pairs == 2 && pq[0].tried == 3 && pq[1].dirty && !pq[1].answered,
          "answered %d, pairs %zu, tried %zu; the figure one left dirty %d", pq[0].answered, pq[0].a.pairs,
          pq[0].tried, pq[1].dirty);
    struct question_answer want;
    question_answer(&questions[Q_COST_SUMSQ], &cells[0].qc, &cells[1].qc, 1, &want);
    CHECK(pq[0].a.ci.estimate == want.ci.estimate && pq[0].a.ci.lo == want.ci.lo, "question_answer's own answer");
    pq[0].answered = false;
    CHECK(plan_update(pq, 2, cells, 1, PHASE_COUNT) == 1 && !pq[0].answered && pq[1].answered,
          "a clean question is not recomputed; PHASE_COUNT answers the rest");
    plan_mark_dirty(pq, 2, 1);
    CHECK(pq[0].dirty && pq[1].dirty, "a new process of cell 1 marks both");
}

/* ---- the one count ---------------------------------------------------------- */

static void t_citarget(void)
{
    double v[8 * 3];
    size_t counts[8];
    for (size_t i = 0; i < 8; i++)
        counts[i] = 3;
    for (size_t i = 0; i < 24; i++)
        v[i] = 1.0;
    struct resample_cell c = {v, counts, 5};
    struct resample_ci ci = {0};
    /* five identical processes: width 0, but the level is 93.75% */
    CHECK(citarget_above(&c, "k", CATALOG_BOOT_SEED, 0.03, &ci) == 1 && fabs(ci.reached - 0.9375) < HAND,
          "5 processes: above (level %g)", ci.reached);
    c.processes = 6;
    CHECK(citarget_above(&c, "k", CATALOG_BOOT_SEED, 0.03, &ci) == 0 && ci.lo == 1 && ci.hi == 1, "6: within");
    CHECK(citarget_above(&c, "k", CATALOG_BOOT_SEED, 0, &ci) == 0, "no target: within");
    c.processes = 1;
    CHECK(citarget_above(&c, "k", CATALOG_BOOT_SEED, 0.03, &ci) == 1, "one process: no interval: above");
    c.processes = 0;
    CHECK(citarget_above(&c, "k", CATALOG_BOOT_SEED, 0.03, &ci) == -1, "no process: not judged");
    /* +-10% between processes: above 3%, within 50%; the interval is the
     * analysis's, drawn from the cell's key */
    const double f[8] = {0.9, 1.1, 0.95, 1.05, 0.92, 1.08, 1.0, 0.97};
    for (size_t i = 0; i < 24; i++)
        v[i] = f[i / 3] * (1 + 0.001 * (double)(i % 3));
    c.processes = 8;
    const char *key = "py3.14-threading/sumsq/weak/2000000/1";
    CHECK(citarget_above(&c, key, CATALOG_BOOT_SEED, 0.03, &ci) == 1, "spread: above 3%%");
    CHECK(citarget_above(&c, key, CATALOG_BOOT_SEED, 0.5, NULL) == 0, "spread: within 50%%");
    struct resample_ci ref;
    resample_median_ci(&c, CATALOG_CI_LEVEL, stats_seed_for(CATALOG_BOOT_SEED, key), RESAMPLE_DEFAULT, &ref);
    CHECK(ci.lo == ref.lo && ci.hi == ref.hi && ci.estimate == ref.estimate,
          "the interval is resample_median_ci's from the key's seed: [%g, %g] vs [%g, %g]", ci.lo, ci.hi, ref.lo,
          ref.hi);
}

static CU_TestInfo plan_tests[] = {
    {"load monitor: /proc/stat and /proc/<pid>/stat parsed", t_parse_stat},
    {"load monitor: a window judged, the ticks' resolution allowed for", t_judge_window},
    {"the questions a matrix can ask, their cells and groups", t_questions_of_matrix},
    {"the next question: fewest pairs, then most uncertain; width, not significance", t_pick},
    {"a block: the cells of the group's open questions", t_block},
    {"survey rounds: every cell to r, disturbed ones replaced within limits", t_survey_rounds},
    {"the last phase: cells above their target", t_cells_round},
    {"the budget and the questions' share", t_budget},
    {"answers recomputed for the dirty questions of the phase", t_update},
    {"citarget_above: the one count of cells above the CI target", t_citarget},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo plan_suites[] = {
    {"plan", NULL, NULL, NULL, NULL, plan_tests},
    CU_SUITE_INFO_NULL,
};
