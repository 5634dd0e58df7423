/* test_answers.c - the analysis of a study of processes x values (issue
 * 16) and of the direct cells (issue 15), on a fixture raw.csv written
 * here whose answers are known by hand:
 *   - a cell's values grouped by process, a disturbed process left out and
 *     counted, a repeated value dropped but not the other values of its
 *     process; the median, the level reached, the spreads;
 *   - the interval of a cell and of a question recomputed independently
 *     from the same values with common/resample.c and common/questions.c
 *     and the seed the analysis states: the runner, judging by the same
 *     function, gets the same answer;
 *   - questions.csv: paired answers, verdicts against the claims, not
 *     decided, not asked;
 *   - the ceiling's throughput speedup and the efficiency against it, the
 *     split's cap and above-split-cap against its near miss;
 *   - embedding-cost against its near miss; the claims table's "disagree"
 *     and "agree"; the interpreters' build warning and its near miss; the
 *     machine during the study, busy and quiet;
 *   - bad values in the new columns refused.
 * Suite "analysis questions". */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "csvread.h"
#include "questions.h"
#include "resample.h"
#include "stats.h"
#include "tests.h"

#define SEED "12345"
#define SEED_N 12345u
#define BLOCKS 6
#define K 3

/* Each block's drift, and the three values of a process around it. */
static const double drift[BLOCKS] = {1.0, 1.1, 0.9, 1.05, 0.95, 1.0};
static const double wiggle[K] = {0.999, 1.0, 1.001};
/* py3.12's own drift, not shared with its pair: its answer is not decided */
static const double drift312[BLOCKS] = {1.0, 1.06, 0.95, 1.03, 0.97, 1.08};
/* the native cells' process-to-process spread */
static const double spread_c[BLOCKS] = {1.0, 1.02, 0.98, 1.01, 0.99, 1.0};

/* Python cells run in blocks 1..6, one process of each per block:
 * scale * drift[b] (* drift312 for py3.12) * wiggle. */
static const struct {
    const char *impl, *workload, *split;
    unsigned size;
    double scale;
    unsigned blocks; /* in blocks 1..blocks only (0: all) */
} py_cells[] = {
    {"py3.14-threading", "sumsq", "weak", 1000, 0.5, 0},
    {"py3.14t-threading", "sumsq", "weak", 1000, 0.5 * 1.07, 0},
    {"py3.14-direct", "sumsq", "weak", 1000, 0.5 / 1.10, 0},          /* the host 10% slower: flagged */
    {"py3.14t-direct", "sumsq", "weak", 1000, 0.5 * 1.07 / 1.03, 0},  /* 3% slower: the near miss */
    {"py3.12-threading", "sumsq", "weak", 1000, 0.5 * 1.2, 0},
    {"py3.14-threading", "nqueens", "rr", 8, 0.4, 0},
    {"py3.14t-threading", "nqueens", "rr", 8, 0.4 * 1.06, 0},
    {"py3.14-direct", "nqueens", "rr", 8, 0.4, 0},
    {"py3.14t-direct", "nqueens", "rr", 8, 0.4 * 1.06, 0},
    {"py3.14t-gil-threading", "sumsq", "weak", 1000, 0.5 * 1.01, 3}, /* 9 values, 3 processes: 75% */
};

/* Native cells on nqueens rr n = 8, no blocks: `procs` processes of two
 * values, scale * spread_c[i % 6] * (0.999, 1.001). */
static const struct {
    const char *impl;
    unsigned T, procs;
    double scale;
} c_cells[] = {
    {"pthreads", 1, 6, 1.0},     {"pthreads", 2, 6, 0.8},         /* speedup 1.25 */
    {"ceiling", 1, 6, 1.0},      {"ceiling", 2, 12, 1.25},        /* two copies: throughput 2 / 1.25 = 1.6 */
    {"openmp", 1, 6, 3.0},       {"openmp", 2, 6, 1.0},           /* speedup 3, above rr's cap of 2 */
    {"multiprocess", 1, 6, 2.02}, {"multiprocess", 2, 6, 1.0},    /* 2.02: its interval reaches below 2 */
};

struct gen {
    char *csv;
    size_t used, cap;
    unsigned proc, rounds[64];
};

static void row(struct gen *g, const char *impl, const char *wl, const char *split, unsigned size, unsigned T,
                unsigned round, unsigned rep, double wall, unsigned block, double other, int disturbed)
{
    if (g->used + 256 > g->cap) {
        g->cap = g->cap ? 2 * g->cap : 1 << 16;
        g->csv = realloc(g->csv, g->cap);
    }
    char load[64] = ","; /* other NAN: a process too short to judge, both fields empty */
    if (!isnan(other))
        snprintf(load, sizeof load, "%.3g,%.3g", other, disturbed ? 0.0 : 0.01 * (g->proc % 2));
    g->used += (size_t)snprintf(g->csv + g->used, g->cap - g->used, "%s,%u,ok,%s,%s,%u,%u,%u,%.9g,1,%u,%u,%s,%d\n",
                                impl, round, wl, split, size, T, rep, wall, g->proc, block, load, disturbed);
}

/* The fixture's raw.csv (disturbed: with the disturbed process and the
 * repeated row); returns how many processes it holds. */
static unsigned write_raw(const char *dir, bool disturbed)
{
    struct gen g = {0};
    char path[PATH_MAX];
    row(&g, "x", "x", "x", 0, 0, 0, 0, 0, 0, 0, 0); /* makes room */
    g.used = (size_t)snprintf(g.csv, g.cap, "impl,round,status,workload,split,size,threads,rep,wall_s,verified,proc,"
                                            "block,other_cpus,steal_cpus,disturbed\n");
    for (unsigned b = 0; b < BLOCKS; b++)
        for (size_t c = 0; c < sizeof py_cells / sizeof py_cells[0]; c++) {
            if (py_cells[c].blocks && b >= py_cells[c].blocks)
                continue;
            g.proc++;
            unsigned round = ++g.rounds[c];
            double d = drift[b] * (strcmp(py_cells[c].impl, "py3.12-threading") ? 1 : drift312[b]);
            for (unsigned k = 0; k < K; k++)
                row(&g, py_cells[c].impl, py_cells[c].workload, py_cells[c].split, py_cells[c].size, 1, round, k + 1,
                    py_cells[c].scale * d * wiggle[k], b + 1, 0.05, 0);
            if (disturbed && b == 2 && c == 0) /* a repeated value: dropped */
                row(&g, py_cells[c].impl, py_cells[c].workload, py_cells[c].split, py_cells[c].size, 1, round, 2,
                    9.0, b + 1, 0.05, 0);
        }
    if (disturbed) { /* a process of py3.14-threading during someone else's job */
        g.proc++;
        for (unsigned k = 0; k < K; k++)
            row(&g, "py3.14-threading", "sumsq", "weak", 1000, 1, BLOCKS + 1, k + 1, 5.0, BLOCKS + 1, 0.9, 1);
    }
    for (size_t c = 0; c < sizeof c_cells / sizeof c_cells[0]; c++)
        for (unsigned i = 0; i < c_cells[c].procs; i++) {
            g.proc++;
            /* the ceiling's T copies started together share a round */
            unsigned round = strcmp(c_cells[c].impl, "ceiling") ? i + 1 : i / c_cells[c].T + 1;
            for (unsigned k = 0; k < 2; k++)
                row(&g, c_cells[c].impl, "nqueens", "rr", 8, c_cells[c].T, round, k + 1,
                    c_cells[c].scale * spread_c[i % BLOCKS] * (k ? 1.001 : 0.999), 0,
                    disturbed || c ? 0.05 : NAN, 0); /* quiet: the first C cell's processes not judged */
        }
    write_file(path_in(path, dir, "raw.csv"), g.csv);
    free(g.csv);
    return g.proc;
}

static const char answers_meta[] =
    "{\"cpus_in_affinity\": 2, \"min_run_time_s\": 0.01, \"ci_target\": 0.05, \"seed\": 7, \"warmup\": 1,\n"
    " \"interpreters\": {\n"
    "  \"3.12\": {\"version\": \"3.12.1\", \"build\": {\"origin\": \"system\", \"origin_detail\": \"/usr/bin/python3.12\","
    " \"compiler\": \"GCC 12.2.0\", \"pgo\": true, \"lto\": true, \"configure_args\": \"'--enable-optimizations' "
    "'--with-lto' '--prefix=/usr'\", \"exe_link\": \"static\", \"host_link\": \"static\"}},\n"
    "  \"3.14\": {\"version\": \"3.14.4\", \"build\": {\"origin\": \"built here\", \"origin_detail\": \"/c/a\","
    " \"compiler\": \"GCC 12.2.0\", \"pgo\": false, \"lto\": false, \"configure_args\": \"'--prefix=/c/a' "
    "'--enable-shared'\", \"exe_link\": \"shared\", \"host_link\": \"shared\"}},\n"
    "  \"3.14t\": {\"version\": \"3.14.4t\", \"build\": {\"origin\": \"built here\", \"origin_detail\": \"/c/b\","
    " \"compiler\": \"GCC 12.2.0\", \"pgo\": false, \"lto\": false, \"configure_args\": \"'--prefix=/c/b' "
    "'--enable-shared' '--disable-gil'\", \"exe_link\": \"shared\", \"host_link\": \"shared\"}}\n"
    " }\n}\n";

static char *analyse(bool disturbed, unsigned *procs)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    if (!dir)
        return NULL;
    *procs = write_raw(dir, disturbed);
    write_file(path_in(path, dir, "meta.json"), answers_meta);
    const char *args[] = {"--no-figures", "--boot-seed", SEED, dir, NULL};
    struct proc p;
    if (run_tool("analyze", args, &p) != 0) {
        tmpdir_remove(dir);
        return NULL;
    }
    if (!CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err)) {
        proc_free(&p);
        tmpdir_remove(dir);
        return NULL;
    }
    CHECK(!disturbed || strstr(p.err, "1 duplicate"), "the repeated value is reported: %s", p.err);
    proc_free(&p);
    return dir;
}

/* The value of column col in the first row of file whose columns k1 and
 * k2 (k2 NULL: any) hold v1 and v2; "" when none. */
static const char *value(const char *dir, const char *file, const char *k1, const char *v1, const char *k2,
                         const char *v2, const char *k3, const char *v3, const char *col, char *out, size_t len)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    out[0] = '\0';
    if (csvr_open(&r, path_in(path, dir, file), &e))
        return out;
    int c = -1, c1 = -1, c2 = -1, c3 = -1;
    for (bool header = true; csvr_next(&r, &e) == 1; header = false) {
        if (header) {
            for (size_t i = 0; i < r.nfields; i++) {
                c = !strcmp(r.fields[i], col) ? (int)i : c;
                c1 = !strcmp(r.fields[i], k1) ? (int)i : c1;
                c2 = k2 && !strcmp(r.fields[i], k2) ? (int)i : c2;
                c3 = k3 && !strcmp(r.fields[i], k3) ? (int)i : c3;
            }
            if (c < 0 || c1 < 0)
                break;
            continue;
        }
        if (!strcmp(r.fields[c1], v1) && (!k2 || (c2 >= 0 && !strcmp(r.fields[c2], v2))) &&
            (!k3 || (c3 >= 0 && !strcmp(r.fields[c3], v3)))) {
            snprintf(out, len, "%s", r.fields[c]);
            break;
        }
    }
    csvr_close(&r);
    return out;
}

/* summary.csv's column of (impl, workload, T) */
static double cellv(const char *dir, const char *impl, const char *wl, const char *T, const char *col)
{
    char v[256];
    value(dir, "summary.csv", "impl", impl, "workload", wl, "threads", T, col, v, sizeof v);
    return v[0] ? strtod(v, NULL) : NAN;
}

static const char *cells(const char *dir, const char *impl, const char *wl, const char *T, const char *col, char *v,
                         size_t len)
{
    return value(dir, "summary.csv", "impl", impl, "workload", wl, "threads", T, col, v, len);
}

static const char *qv(const char *dir, const char *q, const char *col, char *v, size_t len)
{
    return value(dir, "questions.csv", "question", q, NULL, NULL, NULL, NULL, col, v, len);
}

static bool near(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fabs(want);
}

/* py_cells[c]'s sample as the analysis must see it, for question_answer. */
struct sample {
    double v[BLOCKS * K];
    size_t counts[BLOCKS];
    uint64_t blocks[BLOCKS];
    char key[128];
    struct question_cell qc;
};

static void sample_of(size_t c, struct sample *s)
{
    double d;
    for (unsigned b = 0; b < BLOCKS; b++) {
        d = drift[b] * (strcmp(py_cells[c].impl, "py3.12-threading") ? 1 : drift312[b]);
        s->counts[b] = K;
        s->blocks[b] = b + 1;
        for (unsigned k = 0; k < K; k++) { /* as raw.csv has them: 9 digits */
            char text[32];
            snprintf(text, sizeof text, "%.9g", py_cells[c].scale * d * wiggle[k]);
            s->v[b * K + k] = strtod(text, NULL);
        }
    }
    catalog_cell_key(py_cells[c].impl, py_cells[c].workload, py_cells[c].split, py_cells[c].size, 1, s->key,
                     sizeof s->key);
    s->qc = (struct question_cell){{s->v, s->counts, BLOCKS}, s->blocks, py_cells[c].size, s->key};
}

/* c_cells[c]'s sample: no blocks. */
struct csample {
    double v[12 * 2];
    size_t counts[12];
    uint64_t blocks[12];
    char key[128];
    struct question_cell qc;
};

static void csample_of(size_t c, struct csample *s)
{
    for (unsigned i = 0; i < c_cells[c].procs; i++) {
        s->counts[i] = 2;
        s->blocks[i] = 0;
        for (unsigned k = 0; k < 2; k++) {
            char text[32];
            snprintf(text, sizeof text, "%.9g", c_cells[c].scale * spread_c[i % BLOCKS] * (k ? 1.001 : 0.999));
            s->v[i * 2 + k] = strtod(text, NULL);
        }
    }
    catalog_cell_key(c_cells[c].impl, "nqueens", "rr", 8, c_cells[c].T, s->key, sizeof s->key);
    s->qc = (struct question_cell){{s->v, s->counts, c_cells[c].procs}, s->blocks, 2056, s->key};
}

/* ---- the tests ---------------------------------------------------------- */

/* Values by process, the disturbed process and the repeated value: X =
 * py3.14-threading sumsq is 6 processes of 0.5 * drift * (0.999, 1, 1.001);
 * its median (the mean of the 9th and 10th of 18) is 0.5; within each
 * process the CV is sqrt(2e-6 / 2) = 0.001; between the process medians
 * 0.5 * drift, stdev(drift) / mean(drift) = sqrt(0.025 / 5) = 0.0707107.
 * Its interval is resample_median_ci's on those values with the seed of
 * "median:" and its key, at the level 6 processes reach (95%). */
static void t_processes(void)
{
    unsigned procs;
    char *dir = analyse(true, &procs), v[256];
    REQUIRE(dir, "analysis of the fixture");
    CHECK(cellv(dir, "py3.14-threading", "sumsq", "1", "runs") == 18 &&
              cellv(dir, "py3.14-threading", "sumsq", "1", "processes") == 6 &&
              cellv(dir, "py3.14-threading", "sumsq", "1", "disturbed") == 1,
          "18 values in 6 processes, 1 disturbed left out: runs %g, processes %g, disturbed %g",
          cellv(dir, "py3.14-threading", "sumsq", "1", "runs"), cellv(dir, "py3.14-threading", "sumsq", "1", "processes"),
          cellv(dir, "py3.14-threading", "sumsq", "1", "disturbed"));
    CHECK(near(cellv(dir, "py3.14-threading", "sumsq", "1", "median_s"), 0.5, 1e-9), "median 0.5: %g",
          cellv(dir, "py3.14-threading", "sumsq", "1", "median_s"));
    CHECK(near(cellv(dir, "py3.14-threading", "sumsq", "1", "spread_within"), 0.001, 1e-4) &&
              near(cellv(dir, "py3.14-threading", "sumsq", "1", "spread_between"), sqrt(0.005), 1e-5),
          "spreads: within %g (want 0.001), between %g (want 0.0707107)",
          cellv(dir, "py3.14-threading", "sumsq", "1", "spread_within"),
          cellv(dir, "py3.14-threading", "sumsq", "1", "spread_between"));
    struct sample s;
    sample_of(0, &s);
    char name[160];
    snprintf(name, sizeof name, "median:%s", s.key);
    struct resample_ci ci;
    REQUIRE_OR(done, resample_median_ci(&s.qc.values, CATALOG_CI_LEVEL, stats_seed_for(SEED_N, name), RESAMPLE_DEFAULT,
                                        &ci) == 0,
               "reference interval");
    CHECK(near(cellv(dir, "py3.14-threading", "sumsq", "1", "ci_lo_s"), ci.lo, 1e-8) &&
              near(cellv(dir, "py3.14-threading", "sumsq", "1", "ci_hi_s"), ci.hi, 1e-8) &&
              cellv(dir, "py3.14-threading", "sumsq", "1", "ci_level") == 0.95,
          "the cell's interval [%g, %g] at %g, want the two-level bootstrap's [%g, %g] at 0.95",
          cellv(dir, "py3.14-threading", "sumsq", "1", "ci_lo_s"), cellv(dir, "py3.14-threading", "sumsq", "1", "ci_hi_s"),
          cellv(dir, "py3.14-threading", "sumsq", "1", "ci_level"), ci.lo, ci.hi);
    CHECK(!t_has_word(cells(dir, "py3.14-threading", "sumsq", "1", "flags", v, sizeof v), "few-runs"),
          "6 processes reach 95%%: no few-runs (%s)", v);
    /* 9 values in 3 processes reach 1 - 2 / 8 = 75%, not the 95% of 9 */
    CHECK(cellv(dir, "py3.14t-gil-threading", "sumsq", "1", "runs") == 9 &&
              cellv(dir, "py3.14t-gil-threading", "sumsq", "1", "ci_level") == 0.75 &&
              t_has_word(cells(dir, "py3.14t-gil-threading", "sumsq", "1", "flags", v, sizeof v), "few-runs"),
          "3 processes: level %g, flags %s", cellv(dir, "py3.14t-gil-threading", "sumsq", "1", "ci_level"), v);
done:
    tmpdir_remove(dir);
}

/* questions.csv against question_answer on the same values and seed;
 * the verdicts; not decided; not asked. */
static void t_questions_csv(void)
{
    unsigned procs;
    char *dir = analyse(true, &procs), v[512];
    REQUIRE(dir, "analysis of the fixture");
    struct sample num, den;
    sample_of(1, &num); /* py3.14t-threading sumsq */
    sample_of(0, &den);
    struct question_answer ans;
    REQUIRE_OR(done, question_answer(&questions[Q_COST_SUMSQ], &num.qc, &den.qc, SEED_N, &ans) == 0, "reference");
    double lo = strtod(qv(dir, "cost_sumsq", "ratio_lo", v, sizeof v), NULL);
    double hi = strtod(qv(dir, "cost_sumsq", "ratio_hi", v, sizeof v), NULL);
    CHECK(ans.paired && near(lo, ans.ci.lo, 1e-8) && near(hi, ans.ci.hi, 1e-8),
          "cost_sumsq [%.9g, %.9g], want question_answer's paired [%.9g, %.9g]", lo, hi, ans.ci.lo, ans.ci.hi);
    CHECK(near(strtod(qv(dir, "cost_sumsq", "estimate", v, sizeof v), NULL), 7.0, 1e-4), "estimate +7%%: %s", v);
    /* C pthreads' speed-up, unpaired: twelve distinct values a cell make
     * its interval depend on the stream (the fixture checks that it does),
     * so only the runner's seed gives the runner's answer */
    struct csample c1, c2;
    csample_of(0, &c1);
    csample_of(1, &c2);
    struct question_answer sp, spb;
    REQUIRE_OR(done, question_answer(&questions[Q_SPEEDUP_C_NQUEENS], &c1.qc, &c2.qc, SEED_N, &sp) == 0 &&
                         question_answer(&questions[Q_SPEEDUP_C_NQUEENS], &c1.qc, &c2.qc, SEED_N + 1, &spb) == 0,
               "reference speed-up");
    REQUIRE_OR(done, sp.ci.lo != spb.ci.lo || sp.ci.hi != spb.ci.hi, "the fixture tells seeds apart");
    lo = strtod(qv(dir, "speedup_c_nqueens", "ratio_lo", v, sizeof v), NULL);
    hi = strtod(qv(dir, "speedup_c_nqueens", "ratio_hi", v, sizeof v), NULL);
    CHECK(!sp.paired && near(lo, sp.ci.lo, 1e-8) && near(hi, sp.ci.hi, 1e-8),
          "speedup_c_nqueens [%.9g, %.9g], want question_answer's [%.9g, %.9g] from seed " SEED, lo, hi, sp.ci.lo,
          sp.ci.hi);
    /* summary.csv's speed-up of those cells is that answer, not a second draw */
    CHECK(near(cellv(dir, "pthreads", "nqueens", "2", "speedup_lo"), sp.ci.lo, 1e-5) &&
              near(cellv(dir, "pthreads", "nqueens", "2", "speedup_hi"), sp.ci.hi, 1e-5),
          "summary.csv's pthreads T=2 speedup [%g, %g], want the question's [%g, %g]",
          cellv(dir, "pthreads", "nqueens", "2", "speedup_lo"), cellv(dir, "pthreads", "nqueens", "2", "speedup_hi"),
          sp.ci.lo, sp.ci.hi);
    CHECK(!strcmp(qv(dir, "cost_sumsq", "unit", v, sizeof v), "pairs") &&
              !strcmp(qv(dir, "cost_sumsq", "units", v, sizeof v), "6") &&
              !strcmp(qv(dir, "cost_sumsq", "level", v, sizeof v), "0.95") &&
              !strcmp(qv(dir, "cost_sumsq", "reached", v, sizeof v), "1") &&
              !strcmp(qv(dir, "cost_sumsq", "verdict", v, sizeof v), "within"),
          "cost_sumsq: 6 pairs, 95%%, reached, within +5..+10%%");
    /* the executables: 1.07 x 1.10 / 1.03 = 1.1427, above the claim */
    CHECK(near(strtod(qv(dir, "cost_sumsq_d", "ratio", v, sizeof v), NULL), 1.07 * 1.10 / 1.03, 1e-6) &&
              !strcmp(qv(dir, "cost_sumsq_d", "verdict", v, sizeof v), "above"),
          "cost_sumsq_d above the claim: %s", v);
    CHECK(!strcmp(qv(dir, "cost_nqueens_d", "verdict", v, sizeof v), "within"), "cost_nqueens_d within: %s", v);
    /* py3.12's own drift: +20% +- several points, not decided, runs named */
    CHECK(!strcmp(qv(dir, "cost_312_sumsq", "verdict", v, sizeof v), "not decided") &&
              !strcmp(qv(dir, "cost_312_sumsq", "reached", v, sizeof v), "0") &&
              atoi(qv(dir, "cost_312_sumsq", "runs_needed", v, sizeof v)) > 6 &&
              strcmp(qv(dir, "cost_312_sumsq", "interval_lies", v, sizeof v), ""),
          "cost_312_sumsq not decided, with the runs it needs");
    /* not asked: 8 workers with no T above 1 among the Python cells; C with no sumsq cell */
    CHECK(!strcmp(qv(dir, "ft_sumsq", "verdict", v, sizeof v), "not asked") &&
              strstr(qv(dir, "ft_sumsq", "note", v, sizeof v), "never ran at a T of 2 or more"),
          "ft_sumsq not asked, and why: %s", v);
    CHECK(!strcmp(qv(dir, "fromc_314_sumsq", "asked", v, sizeof v), "0") &&
              strstr(qv(dir, "fromc_314_sumsq", "note", v, sizeof v), "no pthreads cells"),
          "fromc_314_sumsq not asked: %s", v);
    /* C pthreads' speed-up on nqueens: unpaired, 6 processes, at T = 2 (2 CPUs) */
    CHECK(near(strtod(qv(dir, "speedup_c_nqueens", "ratio", v, sizeof v), NULL), 1.25, 1e-6) &&
              !strcmp(qv(dir, "speedup_c_nqueens", "unit", v, sizeof v), "processes") &&
              !strcmp(qv(dir, "speedup_c_nqueens", "den_T", v, sizeof v), "2"),
          "speedup_c_nqueens 1.25 from processes at T = 2");
done:
    tmpdir_remove(dir);
}

/* The ceiling, the cap, embedding-cost: summary.csv. */
static void t_ceiling_cap_embedding(void)
{
    unsigned procs;
    char *dir = analyse(true, &procs), v[512];
    REQUIRE(dir, "analysis of the fixture");
    /* the ceiling: two copies of the one-worker job, 1.25 s each: 1.6 */
    CHECK(near(cellv(dir, "ceiling", "nqueens", "2", "speedup"), 1.6, 1e-9) &&
              cellv(dir, "ceiling", "nqueens", "2", "processes") == 12 &&
              cellv(dir, "ceiling", "nqueens", "2", "split_cap") == 2,
          "ceiling T=2: throughput 1.6 (not 0.8) from 12 processes, cap 2: %g",
          cellv(dir, "ceiling", "nqueens", "2", "speedup"));
    /* pthreads 1.25 against the ceiling's 1.6; the interval from the
     * corners of both, at least 0.95 + 0.95 - 1 */
    double e = cellv(dir, "pthreads", "nqueens", "2", "efficiency_vs_ceiling");
    double elo = cellv(dir, "pthreads", "nqueens", "2", "efficiency_vs_ceiling_lo");
    double ehi = cellv(dir, "pthreads", "nqueens", "2", "efficiency_vs_ceiling_hi");
    double slo = cellv(dir, "pthreads", "nqueens", "2", "speedup_lo"), shi = cellv(dir, "pthreads", "nqueens", "2", "speedup_hi");
    double clo = cellv(dir, "ceiling", "nqueens", "2", "speedup_lo"), chi = cellv(dir, "ceiling", "nqueens", "2", "speedup_hi");
    CHECK(near(e, 1.25 / 1.6, 1e-9) && near(elo, slo / chi, 1e-5) && near(ehi, shi / clo, 1e-5) &&
              near(cellv(dir, "pthreads", "nqueens", "2", "efficiency_vs_ceiling_level"), 0.9, 1e-9),
          "efficiency vs ceiling %g [%g, %g], want 0.78125 [%g, %g] at 0.9", e, elo, ehi, slo / chi, shi / clo);
    CHECK(near(cellv(dir, "pthreads", "nqueens", "1", "efficiency_vs_ceiling"), 1, 1e-12), "at T = 1: 1");
    /* above the cap: openmp's 3 [..] over rr's 2; multiprocess's 2.02 with its interval reaching below 2 */
    CHECK(t_has_word(cells(dir, "openmp", "nqueens", "2", "flags", v, sizeof v), "above-split-cap"), "openmp: %s", v);
    double mlo = cellv(dir, "multiprocess", "nqueens", "2", "speedup_lo");
    CHECK(cellv(dir, "multiprocess", "nqueens", "2", "speedup") > 2 && mlo < 2 &&
              !t_has_word(cells(dir, "multiprocess", "nqueens", "2", "flags", v, sizeof v), "above-split-cap"),
          "multiprocess: speedup above 2 with lo %g below it: no flag (%s)", mlo, v);
    /* embedding: 3.14's host 10% slower than its executable, 3.14t's 3% */
    CHECK(t_has_word(cells(dir, "py3.14-threading", "sumsq", "1", "flags", v, sizeof v), "embedding-cost"),
          "py3.14-threading sumsq: %s", v);
    CHECK(!t_has_word(cells(dir, "py3.14t-threading", "sumsq", "1", "flags", v, sizeof v), "embedding-cost") &&
              !t_has_word(cells(dir, "py3.14-threading", "nqueens", "1", "flags", v, sizeof v), "embedding-cost"),
          "3%% and 0%%: no embedding-cost");
    tmpdir_remove(dir);
}

/* The report: questions, claims side by side (disagree, agree), the
 * embedding table, the interpreters and their warning, the machine. */
static void t_report(void)
{
    unsigned procs;
    char *dir = analyse(true, &procs), path[PATH_MAX], want[256];
    REQUIRE(dir, "analysis of the fixture");
    char *rep = slurp(path_in(path, dir, "report.md"), NULL);
    REQUIRE_OR(done, rep, "report.md");
    const char *q = strstr(rep, "| sumsq: 3.14t's extra time, one thread | py3.14t-threading / py3.14-threading, T = 1 | +7.0% [");
    CHECK(q && strstr(q, "(95%) | 6 pairs |") && strstr(q, "| within the claimed +5 to +10% |"),
          "the question's row: estimate, level, pairs, verdict");
    const char *u = strstr(rep, "| sumsq: 3.12's time over 3.14's, one thread |");
    CHECK(u && strstr(u, "| *not decided* | about "), "a question not decided gives no verdict, and the runs it needs");
    const char *c = strstr(rep, "| sumsq: 3.14t's extra time, one thread (articles 1, 2) | 1 | +5 to +10% | +7.0% [");
    char *eol = c ? strchr(c, '\n') : NULL;
    REQUIRE_OR(done, c && eol, "the claims table's sumsq cost row");
    *eol = '\0';
    CHECK(strstr(c, "| +14.3% [") && strstr(c, "**disagree**") && strstr(c, "above the claimed +5 to +10%"),
          "host +7%% against the executables' +14.3%%: disagree, verdict of the executables: %s", c);
    *eol = '\n';
    c = strstr(rep, "| nqueens: 3.14t's extra time, one thread (articles 1, 2) |");
    eol = c ? strchr(c, '\n') : NULL;
    REQUIRE_OR(done, c && eol, "the claims table's nqueens cost row");
    *eol = '\0';
    CHECK(strstr(c, "| agree |") && strstr(c, "within the claimed"), "both +6%%: agree: %s", c);
    *eol = '\n';
    CHECK(strstr(rep, "| 3.14 | sumsq | 1.1x [") && strstr(rep, "⚑ `embedding-cost`"), "the embedding table");
    CHECK(strstr(rep, "**3.12 over 3.14 mixes the build with the version.** The two interpreters differ in PGO, LTO "
                      "and configure flags") &&
              !strstr(rep, "3.14t over 3.14 mixes") && !strstr(rep, "3.14 over 3.14t mixes"),
          "the build warning for 3.12 against 3.14, none for 3.14t (paths and --disable-gil only)");
    CHECK(strstr(rep, "| 3.12 | 3.12.1 | system (`/usr/bin/python3.12`) | GCC 12.2.0 | yes | yes | static | static |"),
          "the interpreters' table");
    snprintf(want, sizeof want, "**The machine was busy during 1 of %u processes**", procs);
    CHECK(strstr(rep, want) && strstr(rep, "| disturbed, left out | 1 process (3 values) |") &&
              !strstr(rep, "| quiet-machine check | quiet"),
          "busy: %s", want);
    CHECK(strstr(rep, "Paired here: ") && strstr(rep, "cost_sumsq (6 pairs)"), "the methods name the paired comparisons");
    free(rep);
    tmpdir_remove(dir);
    /* the near miss: no process disturbed */
    dir = analyse(false, &procs);
    REQUIRE(dir, "analysis of the quiet fixture");
    rep = slurp(path_in(path, dir, "report.md"), NULL);
    REQUIRE_OR(done, rep, "report.md");
    snprintf(want, sizeof want, "| quiet-machine check | quiet: none of %u processes disturbed", procs);
    CHECK(strstr(rep, want) && !strstr(rep, "The machine was busy"), "quiet: %s", want);
    snprintf(want, sizeof want, "processes disturbed (%u too short to judge; other processes:", c_cells[0].procs);
    CHECK(strstr(rep, want), "quiet, and says how many it could not judge: %s", want);
done:
    free(rep);
    tmpdir_remove(dir);
}

/* Bad values in the new columns: one line, exit 2, nothing written. */
static void t_bad_columns(void)
{
    static const struct {
        const char *field, *value, *says;
    } bad[] = {
        {"proc", "0", "column 'proc'"},         {"proc", "x", "column 'proc'"},
        {"block", "-1", "column 'block'"},      {"disturbed", "2", "column 'disturbed'"},
        {"other_cpus", "inf", "column 'other_cpus'"}, {"steal_cpus", "a", "column 'steal_cpus'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *dir = tmpdir_make(), path[PATH_MAX], csv[512];
        REQUIRE(dir, "tmpdir");
        snprintf(csv, sizeof csv,
                 "impl,round,status,workload,split,size,threads,rep,wall_s,verified,%s\n"
                 "pthreads,1,ok,sumsq,weak,1000,1,1,1.0,1,%s\n",
                 bad[i].field, bad[i].value);
        write_file(path_in(path, dir, "raw.csv"), csv);
        const char *args[] = {"--no-figures", dir, NULL};
        struct proc p;
        REQUIRE_OR(next, run_tool("analyze", args, &p) == 0, "run analyze");
        CHECK(p.exited && p.code == 2 && strstr(p.err, bad[i].says) && !strchr(strchr(p.err, '\n') + 1, '\n') &&
                  !file_exists(path_in(path, dir, "summary.csv")),
              "%s=%s: exit %d, %s", bad[i].field, bad[i].value, p.code, p.err);
        proc_free(&p);
    next:
        tmpdir_remove(dir);
    }
}

/* An interval end of summary.csv that a question gives: some row of
 * questions.csv answers with cell `key` as num or den and has `col` (its
 * ratio_lo or ratio_hi) at v. */
static bool from_question(const char *dir, const char *key, const char *col, double v)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    bool found = false;
    if (csvr_open(&r, path_in(path, dir, "questions.csv"), &e))
        return false;
    int cn = -1, cd = -1, cv = -1;
    for (bool header = true; !found && csvr_next(&r, &e) == 1; header = false) {
        if (header) {
            for (size_t i = 0; i < r.nfields; i++) {
                cn = !strcmp(r.fields[i], "num_cell") ? (int)i : cn;
                cd = !strcmp(r.fields[i], "den_cell") ? (int)i : cd;
                cv = !strcmp(r.fields[i], col) ? (int)i : cv;
            }
            continue;
        }
        found = cn >= 0 && cd >= 0 && cv >= 0 && (!strcmp(r.fields[cn], key) || !strcmp(r.fields[cd], key)) &&
                near(strtod(r.fields[cv], NULL), v, 1e-5);
    }
    csvr_close(&r);
    return found;
}

/* The committed 16-core study, of the older format (one value per
 * process, no proc column): it still analyses, and its medians, intervals
 * and speedups are those its summary.csv was written with (with one value
 * per process, the two-level bootstrap is the one-level one, stream for
 * stream); the one exception, a ratio whose cells are a question's, is
 * the question's interval from its own stream, as questions.csv has it. */
static void t_older_study(void)
{
    static const char *const cols[] = {"median_s", "ci_lo_s", "ci_hi_s", "speedup", "speedup_lo", "speedup_hi",
                                       "slowdown_vs_c", "slowdown_lo", "slowdown_hi"};
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "tmpdir");
    char *raw = slurp("docs/article-16core/raw.csv", NULL), *meta = slurp("docs/article-16core/meta.json", NULL);
    REQUIRE_OR(done, raw && meta, "docs/article-16core/raw.csv and meta.json (tests run from the tree's root)");
    write_file(path_in(path, dir, "raw.csv"), raw);
    write_file(path_in(path, dir, "meta.json"), meta);
    const char *args[] = {"--no-figures", dir, NULL};
    struct proc p;
    REQUIRE_OR(done, run_tool("analyze", args, &p) == 0, "run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    proc_free(&p);
    size_t rows = 0, same = 0;
    struct csv_reader r;
    struct err e;
    REQUIRE_OR(done, csvr_open(&r, "docs/article-16core/summary.csv", &e) == 0, "the committed summary.csv");
    int ci[3] = {-1, -1, -1}, cc[sizeof cols / sizeof cols[0]];
    for (bool header = true; csvr_next(&r, &e) == 1; header = false) {
        if (header) {
            for (size_t i = 0; i < r.nfields; i++) {
                ci[0] = !strcmp(r.fields[i], "impl") ? (int)i : ci[0];
                ci[1] = !strcmp(r.fields[i], "workload") ? (int)i : ci[1];
                ci[2] = !strcmp(r.fields[i], "threads") ? (int)i : ci[2];
                for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
                    if (!strcmp(r.fields[i], cols[k]))
                        cc[k] = (int)i;
            }
            continue;
        }
        rows++;
        bool ok = true;
        char key[160], size[32], split[32];
        cells(dir, r.fields[ci[0]], r.fields[ci[1]], r.fields[ci[2]], "size", size, sizeof size);
        cells(dir, r.fields[ci[0]], r.fields[ci[1]], r.fields[ci[2]], "split", split, sizeof split);
        snprintf(key, sizeof key, "%s/%s/%s/%s/%s", r.fields[ci[0]], r.fields[ci[1]], split, size, r.fields[ci[2]]);
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            char v[64];
            cells(dir, r.fields[ci[0]], r.fields[ci[1]], r.fields[ci[2]], cols[k], v, sizeof v);
            const char *end = strrchr(cols[k], '_');
            bool interval = end && (!strcmp(end, "_lo") || !strcmp(end, "_hi")) && strncmp(cols[k], "ci_", 3);
            if (strcmp(v, r.fields[cc[k]]) && interval &&
                from_question(dir, key, !strcmp(end, "_lo") ? "ratio_lo" : "ratio_hi", strtod(v, NULL)))
                continue; /* the question's own stream */
            ok &= CHECK(!strcmp(v, r.fields[cc[k]]), "%s %s T=%s: %s %s, committed %s", r.fields[ci[0]],
                        r.fields[ci[1]], r.fields[ci[2]], cols[k], v, r.fields[cc[k]]);
        }
        same += ok;
    }
    csvr_close(&r);
    CHECK(rows == 70 && same == rows, "%zu of %zu committed rows reproduced", same, rows);
done:
    free(raw);
    free(meta);
    tmpdir_remove(dir);
}

static CU_TestInfo answers_tests[] = {
    {"values by process, a disturbed process and a repeated value", t_processes},
    {"questions.csv: question_answer's answer, verdicts, not decided, not asked", t_questions_csv},
    {"the ceiling, the split's cap, embedding-cost", t_ceiling_cap_embedding},
    {"report: questions, claims side by side, embedding, interpreters, the machine", t_report},
    {"bad values in proc, block, disturbed, other_cpus, steal_cpus", t_bad_columns},
    {"the committed older study still analyses, to the same numbers", t_older_study},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo answers_suites[] = {
    {"analysis questions", NULL, NULL, NULL, NULL, answers_tests},
    CU_SUITE_INFO_NULL,
};
