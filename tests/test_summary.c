/* test_summary.c - the analysis of fixture studies: every column of
 * summary.csv on a skewed fixture against hand-computed values, the
 * meta.json reader, each sanity flag raised by its fixture and not by its
 * near miss, costs per unit across sizes, and the report's warnings. */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "tests.h"

/* ---- the analysis on a fixture: every column of summary.csv -------------- */

/* Nine cells, skewed where it matters, analysed by bin/analyze with a
 * meta.json of 2 CPUs, a 5% CI target and a 0.5 s minimum run, and
 * --boot-seed 12345.  Walls are listed unsorted, as rounds write them.
 *
 *   A  pthreads sumsq strong N=1000 T=1: {8.0, 2.2, 3.0, 2.0, 2.4}
 *      sorted 2, 2.2, 2.4, 3, 8: median 2.4 (mean 3.52), q1 (h = 1) 2.2,
 *      q3 (h = 3) 3; deviations -1.52 -1.32 -1.12 -0.52 4.48, squares
 *      summing to 25.648, stdev sqrt(25.648/4) = sqrt(6.412); n = 5 has no
 *      95% pair: CI [min, max] = [2, 8] covering 1 - 2/32 = 0.9375;
 *      ci_half_rel (8 - 2)/(2 * 2.4) = 1.25.  A duplicate row and a failed
 *      row must not count.
 *   B  ... T=2: {1.5}, user 2.7 + sys 0.3: speedup 2.4/1.5 = 1.6 (by the
 *      mean it would be 2.35), efficiency 0.8, Karp-Flatt (1/1.6 - 1/2) /
 *      (1/2) = 0.25, cpu_util 3/1.5 = 2 (1.8 without sys); one run: CI
 *      [1.5, 1.5] covering 1 - 2 P(B(1) <= 0) = 0.
 *   C  ... T=4: {0.8}, user 3 + sys 0.2: speedup 3, efficiency 0.75,
 *      Karp-Flatt (1/3 - 1/4)/(3/4) = 1/9, cpu_util 4.
 *      Amdahl fit over B and C: x = 1/2, 3/4; y = 0.125, 1/12; f = (0.0625
 *      + 0.0625) / (0.25 + 0.5625) = 2/13 = 0.153846 (the mean of the
 *      per-point values 0.1806, the last point 0.1111).
 *      Bootstrap speedup intervals: a resample median of A's five runs is
 *      its minimum with probability P(B(5, 1/5) >= 3) = 0.05792 > 2.5%, and
 *      below its maximum with P(B(5, 4/5) >= 3) = 0.94208 < 97.5%, so the
 *      95% interval is [2, 8] / tT: B [1.3333, 5.3333], C [2.5, 10];
 *      efficiency those over T.
 *   D  pthreads sumsq weak N=1000 T=1: {1.0};  E T=2: {1.1};  F T=4: {1.25}
 *      (user = T * wall: cpu_util T).  Throughput speedup T t1/tT: E
 *      20/11 = 1.81818, F 3.2; Karp-Flatt E (0.55 - 0.5)/0.5 = 0.1, F
 *      (0.3125 - 0.25)/0.75 = 1/12.  Gustafson fit: x = T - 1 = 1, 3; y =
 *      T - S = 2/11, 0.8; f = (2/11 + 2.4)/10 = 2.84/11 = 0.258182
 *      (Amdahl's form would give 0.0884615; the per-point mean 0.1333).
 *      Units: N * T iterations: 1000, 2000, 4000.
 *   G  openmp sumsq strong N=1000 T=2, five runs (wall, user, sys, spawn):
 *      (1.6, 2.8, 0.24, 0.032) (1.8, 3.3, 0.21, 0.054) (2.0, 1.9, 0.1, 0.6)
 *      (2.1, 4.0, 0.158, 0.084) (6.0, 2.7, 0.3, 0.3): median 2.0 (mean 2.7),
 *      q1 1.8, q3 2.1, stdev sqrt((1.21 + 0.81 + 0.49 + 0.36 + 10.89)/4) =
 *      sqrt(3.44); cpu_util the median of 1.9, 1.95, 1.0, 1.98, 0.5 = 1.9
 *      (the ratio of medians would be 1.52); spawn_frac the median of 0.02,
 *      0.03, 0.3, 0.04, 0.05 = 0.04; slowdown_vs_c against B (same N and
 *      T): 2.0/1.5 = 4/3 (inverted 0.75), its interval [1.6, 6.0] / 1.5.
 *      No T = 1 cell: no speedup, no fit.
 *   H  pthreads nqueens rr n=8 T=1, ten runs {2.0, 0.9, 1.3, 1.0, 4.0,
 *      1.1, 1.0, 1.5, 1.2, 1.0}: median 1.15 (mean 1.5), q1 (h = 2.25) 1.0,
 *      q3 (h = 6.75) 1.3 + 0.75 * 0.2 = 1.45, stdev sqrt(7.9/9); CI ranks 2
 *      and 9 (P(B(10) <= 1) = 11/1024): [1.0, 2.0] covering 0.978515625.
 *      rr at n = 8 visits the 2056 nodes below the root.
 *   I  ... T=2: {0.64, 0.60, 0.62}: median 0.62, stdev 0.02, CI [0.6,
 *      0.64] covering 0.75; speedup 1.15/0.62, Karp-Flatt and fit
 *      2 * 0.62/1.15 - 1 = 0.09/1.15.  Its bootstrap interval has no short
 *      closed form: it must hold the speedup and lie within the extreme
 *      ratios 0.9/0.64 and 4.0/0.6.
 *   Flags (cpus 2, target 5%, min run 0.5 s): noisy where the stdev is over
 *   10% of the mean (A, G, H); ci-target-missed where ci_half_rel > 0.05;
 *   few-runs below 95% coverage; T = 4 oversubscribed with a speedup above
 *   2 (C, F); no superlinear cell (every efficiency_lo is below 1). */
#define NODES8_RR 2056

static const char analysis_fixture_meta[] =
    "{\n  \"cpus_in_affinity\": 2,\n  \"min_run_time_s\": 0.5,\n  \"ci_target\": 0.05,\n  \"seed\": 7\n}\n";

static const char analysis_fixture_csv[] =
    "impl,round,status,reason,workload,split,size,threads,wall_s,user_s,sys_s,spawn_s,verified\r\n"
    "pthreads,1,ok,,sumsq,strong,1000,1,8.0,8.0,0,0,1\r\n"
    "pthreads,2,ok,,sumsq,strong,1000,1,2.2,2.2,0,0,1\r\n"
    "pthreads,3,ok,,sumsq,strong,1000,1,3.0,3.0,0,0,1\r\n"
    "pthreads,4,ok,,sumsq,strong,1000,1,2.0,2.0,0,0,1\r\n"
    "pthreads,5,ok,,sumsq,strong,1000,1,2.4,2.4,0,0,1\r\n"
    "pthreads,5,ok,,sumsq,strong,1000,1,2.4,2.4,0,0,1\r\n"
    "pthreads,1,ok,,sumsq,strong,1000,2,1.5,2.7,0.3,0,1\r\n"
    "pthreads,1,ok,,sumsq,strong,1000,4,0.8,3.0,0.2,0,1\r\n"
    "pthreads,1,ok,,sumsq,weak,1000,1,1.0,1.0,0,0,1\r\n"
    "pthreads,1,ok,,sumsq,weak,1000,2,1.1,2.2,0,0,1\r\n"
    "pthreads,1,ok,,sumsq,weak,1000,4,1.25,5.0,0,0,1\r\n"
    "openmp,1,ok,,sumsq,strong,1000,2,1.6,2.8,0.24,0.032,1\r\n"
    "openmp,2,ok,,sumsq,strong,1000,2,1.8,3.3,0.21,0.054,1\r\n"
    "openmp,3,ok,,sumsq,strong,1000,2,2.0,1.9,0.1,0.6,1\r\n"
    "openmp,4,ok,,sumsq,strong,1000,2,2.1,4.0,0.158,0.084,1\r\n"
    "openmp,5,ok,,sumsq,strong,1000,2,6.0,2.7,0.3,0.3,1\r\n"
    "openmp,6,failed,\"exit 1: worker 2, killed\",sumsq,strong,1000,2,,,,,0\r\n"
    "pthreads,1,ok,,nqueens,rr,8,1,2.0,2.0,0,0,1\r\n"
    "pthreads,2,ok,,nqueens,rr,8,1,0.9,0.9,0,0,1\r\n"
    "pthreads,3,ok,,nqueens,rr,8,1,1.3,1.3,0,0,1\r\n"
    "pthreads,4,ok,,nqueens,rr,8,1,1.0,1.0,0,0,1\r\n"
    "pthreads,5,ok,,nqueens,rr,8,1,4.0,4.0,0,0,1\r\n"
    "pthreads,6,ok,,nqueens,rr,8,1,1.1,1.1,0,0,1\r\n"
    "pthreads,7,ok,,nqueens,rr,8,1,1.0,1.0,0,0,1\r\n"
    "pthreads,8,ok,,nqueens,rr,8,1,1.5,1.5,0,0,1\r\n"
    "pthreads,9,ok,,nqueens,rr,8,1,1.2,1.2,0,0,1\r\n"
    "pthreads,10,ok,,nqueens,rr,8,1,1.0,1.0,0,0,1\r\n"
    "pthreads,1,ok,,nqueens,rr,8,2,0.64,1.28,0,0,1\r\n"
    "pthreads,2,ok,,nqueens,rr,8,2,0.60,1.20,0,0,1\r\n"
    "pthreads,3,ok,,nqueens,rr,8,2,0.62,1.24,0,0,1\r\n";

/* The cells, in the order of the table's values. */
static const struct {
    const char *impl, *split;
    unsigned T;
} fx_cells[] = {
    {"pthreads", "strong", 1}, {"pthreads", "strong", 2}, {"pthreads", "strong", 4},
    {"pthreads", "weak", 1},   {"pthreads", "weak", 2},   {"pthreads", "weak", 4},
    {"openmp", "strong", 2},   {"pthreads", "rr", 1},     {"pthreads", "rr", 2},
};
#define FX_CELLS (sizeof fx_cells / sizeof fx_cells[0])

/* What one value of summary.csv must be. */
struct fx_want {
    enum { FX_NUM, FX_STR, FX_EMPTY, FX_BETWEEN } kind;
    double v, hi;
    const char *s;
};
#define N(x) {FX_NUM, (x), 0, NULL}
#define S(x) {FX_STR, 0, 0, (x)}
#define E {FX_EMPTY, 0, 0, NULL}
#define BETWEEN(lo, hi) {FX_BETWEEN, (lo), (hi), NULL}
/* Numbers are written with 6 or 9 significant digits. */
#define FX_REL 1e-5

/* One row per column of summary.csv, one value per cell (A .. I above):
 * a column the analysis adds is one more row here, and a column without a
 * row fails the test. */
static const struct {
    const char *column;
    struct fx_want want[FX_CELLS];
} fx_table[] = {
    /*                   A: strong T=1      B: T=2          C: T=4       D: weak T=1  E: T=2            F: T=4
     *                   G: openmp T=2      H: rr T=1       I: rr T=2 */
    {"impl", {S("pthreads"), S("pthreads"), S("pthreads"), S("pthreads"), S("pthreads"), S("pthreads"),
              S("openmp"), S("pthreads"), S("pthreads")}},
    {"workload", {S("sumsq"), S("sumsq"), S("sumsq"), S("sumsq"), S("sumsq"), S("sumsq"), S("sumsq"),
                  S("nqueens"), S("nqueens")}},
    {"split", {S("strong"), S("strong"), S("strong"), S("weak"), S("weak"), S("weak"), S("strong"), S("rr"),
               S("rr")}},
    {"size", {N(1000), N(1000), N(1000), N(1000), N(1000), N(1000), N(1000), N(8), N(8)}},
    {"threads", {N(1), N(2), N(4), N(1), N(2), N(4), N(2), N(1), N(2)}},
    {"runs", {N(5), N(1), N(1), N(1), N(1), N(1), N(5), N(10), N(3)}},
    {"median_s", {N(2.4), N(1.5), N(0.8), N(1.0), N(1.1), N(1.25), N(2.0), N(1.15), N(0.62)}},
    {"min_s", {N(2.0), N(1.5), N(0.8), N(1.0), N(1.1), N(1.25), N(1.6), N(0.9), N(0.6)}},
    {"max_s", {N(8.0), N(1.5), N(0.8), N(1.0), N(1.1), N(1.25), N(6.0), N(4.0), N(0.64)}},
    {"q1_s", {N(2.2), N(1.5), N(0.8), N(1.0), N(1.1), N(1.25), N(1.8), N(1.0), N(0.61)}},
    {"q3_s", {N(3.0), N(1.5), N(0.8), N(1.0), N(1.1), N(1.25), N(2.1), N(1.45), N(0.63)}},
    {"ci_lo_s", {N(2.0), E, E, E, E, E, N(1.6), N(1.0), N(0.6)}},
    {"ci_hi_s", {N(8.0), E, E, E, E, E, N(6.0), BETWEEN(1.6, 1.65), N(0.64)}},
    {"ci_level", {N(0.9375), N(0), N(0), N(0), N(0), N(0), N(0.9375), N(0.95), N(0.75)}},
    {"mean_s", {N(3.52), N(1.5), N(0.8), N(1.0), N(1.1), N(1.25), N(2.7), N(1.5), N(0.62)}},
    {"stdev_s", {N(2.53219273 /* sqrt(6.412) */), N(0), N(0), N(0), N(0), N(0), N(1.85472370 /* sqrt(3.44) */),
                 N(0.93689795 /* sqrt(7.9/9) */), N(0.02)}},
    {"speedup", {N(1), N(1.6), N(3.0), N(1), N(20.0 / 11), N(3.2), E, N(1), N(1.15 / 0.62)}},
    {"efficiency", {N(1), N(0.8), N(0.75), N(1), N(10.0 / 11), N(0.8), E, N(1), N(1.15 / 1.24)}},
    {"karp_flatt", {E, N(0.25), N(1.0 / 9), E, E, E, E, E, N(0.09 / 1.15)}},
    {"slowdown_vs_c", {N(1), N(1), N(1), N(1), N(1), N(1), N(4.0 / 3), N(1), N(1)}},
    {"cpu_util", {N(1), N(2), N(4), N(1), N(2), N(4), N(1.9), N(1), N(2)}},
    {"noisy", {N(1), N(0), N(0), N(0), N(0), N(0), N(1), N(1), N(0)}},
    {"fit", {S("amdahl"), S("amdahl"), S("amdahl"), E, E, E, S("amdahl"), S("amdahl"), S("amdahl")}},
    {"serial_fraction", {N(2.0 / 13), N(2.0 / 13), N(2.0 / 13), E, E, E, E, N(0.09 / 1.15), N(0.09 / 1.15)}},
    {"ci_half_rel", {N(1.25), E, E, E, E, E, N(1.1), BETWEEN(0.6 / 2.3, 0.65 / 2.3), N(0.04 / 1.24)}},
    {"units", {N(1000), N(1000), N(1000), N(1000), N(2000), N(4000), N(1000), N(NODES8_RR), N(NODES8_RR)}},
    {"ns_per_unit", {N(2.4e6), N(1.5e6), N(0.8e6), N(1e6), N(550000), N(312500), N(2e6), N(1.15e9 / NODES8_RR),
                     N(0.62e9 / NODES8_RR)}},
    {"ns_per_unit_lo", {N(2e6), E, E, E, E, E, N(1.6e6), N(1e9 / NODES8_RR), N(0.6e9 / NODES8_RR)}},
    {"ns_per_unit_hi", {N(8e6), E, E, E, E, E, N(6e6), BETWEEN(1.6e9 / NODES8_RR, 1.65e9 / NODES8_RR),
                        N(0.64e9 / NODES8_RR)}},
    {"speedup_lo", {E, E, E, E, E, E, E, E, BETWEEN(0.9 / 0.64, 1.15 / 0.62)}},
    {"speedup_hi", {E, E, E, E, E, E, E, E, BETWEEN(1.15 / 0.62, 4.0 / 0.6)}},
    {"efficiency_lo", {E, E, E, E, E, E, E, E, BETWEEN(0.45 / 0.64, 1.15 / 1.24)}},
    {"efficiency_hi", {E, E, E, E, E, E, E, E, BETWEEN(1.15 / 1.24, 2.0 / 0.6)}},
    {"slowdown_lo", {E, E, E, E, E, E, E, E, E}},
    {"slowdown_hi", {E, E, E, E, E, E, E, E, E}},
    {"spawn_frac", {N(0), N(0), N(0), N(0), N(0), N(0), N(0.04), N(0), N(0)}},
    /* ci-target-missed also where a cell is short of the level the target
     * is judged at (citarget_above: the runner's count, the same rule) */
    {"flags", {S("noisy ci-target-missed few-runs"), S("ci-target-missed few-runs"),
               S("ci-target-missed few-runs oversubscribed speedup-above-cpus"), S("ci-target-missed few-runs"),
               S("ci-target-missed few-runs"), S("ci-target-missed few-runs oversubscribed speedup-above-cpus"),
               S("noisy ci-target-missed few-runs"), S("noisy ci-target-missed"), S("ci-target-missed few-runs")}},
    {"boot_seed", {N(12345), N(12345), N(12345), N(12345), N(12345), N(12345), N(12345), N(12345), N(12345)}},
    {"processes", {N(5), N(1), N(1), N(1), N(1), N(1), N(5), N(10), N(3)}},
    {"disturbed", {N(0), N(0), N(0), N(0), N(0), N(0), N(0), N(0), N(0)}},
    {"spread_between", {N(2.53219273 / 3.52), E, E, E, E, E, N(1.85472370 / 2.7), N(0.93689795 / 1.5),
                        N(0.02 / 0.62)}},
    {"spread_within", {E, E, E, E, E, E, E, E, E}},
    {"speedup_level", {E, E, E, E, E, E, E, E, N(0.75)}},
    {"speedup_paired", {N(0), N(0), N(0), N(0), N(0), N(0), N(0), N(0), N(0)}},
    {"slowdown_level", {E, E, E, E, E, E, E, E, E}},
    {"gustafson", {E, E, E, E, N(2.0 / 11), N(0.8 / 3), E, E, E}},
    {"split_cap", {N(1), N(2), N(4), N(1), N(2), N(4), N(2), N(1), N(2)}},
    {"efficiency_vs_ceiling", {E, E, E, E, E, E, E, E, E}},
    {"efficiency_vs_ceiling_lo", {E, E, E, E, E, E, E, E, E}},
    {"efficiency_vs_ceiling_hi", {E, E, E, E, E, E, E, E, E}},
    {"efficiency_vs_ceiling_level", {E, E, E, E, E, E, E, E, E}},
};
#undef N
#undef S
#undef E
#undef BETWEEN
#define FX_COLUMNS (sizeof fx_table / sizeof fx_table[0])

/* summary.csv, read whole: its header and rows (strdup'd fields). */
#define SUMMARY_ROWS_MAX 32
struct summary_file {
    size_t ncols, nrows;
    char *head[CSVR_FIELDS_MAX];
    char *row[SUMMARY_ROWS_MAX][CSVR_FIELDS_MAX];
};

static int summary_read(const char *dir, struct summary_file *sf)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    memset(sf, 0, sizeof *sf);
    if (csvr_open(&r, path_in(path, dir, "summary.csv"), &e))
        return -1;
    int got, rc = 0;
    for (bool header = true; (got = csvr_next(&r, &e)) == 1; header = false) {
        if (header) {
            sf->ncols = r.nfields;
            for (size_t i = 0; i < r.nfields; i++)
                sf->head[i] = strdup(r.fields[i]);
            continue;
        }
        if (r.nfields != sf->ncols || sf->nrows == SUMMARY_ROWS_MAX) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < r.nfields; i++)
            sf->row[sf->nrows][i] = strdup(r.fields[i]);
        sf->nrows++;
    }
    csvr_close(&r);
    return got < 0 ? -1 : rc;
}

static void summary_free(struct summary_file *sf)
{
    for (size_t i = 0; i < sf->ncols; i++) {
        free(sf->head[i]);
        for (size_t k = 0; k < sf->nrows; k++)
            free(sf->row[k][i]);
    }
}

static int summary_col(const struct summary_file *sf, const char *name)
{
    for (size_t i = 0; i < sf->ncols; i++)
        if (sf->head[i] && !strcmp(sf->head[i], name))
            return (int)i;
    return -1;
}

/* Does the text of a field match what the table wants? */
static bool fx_matches(const struct fx_want *w, const char *got)
{
    char *end;
    double v = strtod(got, &end);
    bool number = *got && !*end;
    switch (w->kind) {
    case FX_STR: return !strcmp(got, w->s);
    case FX_EMPTY: return !*got;
    case FX_NUM: return number && fabs(v - w->v) <= FX_REL * fmax(fabs(w->v), 1e-9);
    case FX_BETWEEN: return number && v >= w->v * (1 - FX_REL) && v <= w->hi * (1 + FX_REL);
    }
    return false;
}

static void t_analysis_fixture(void)
{
    /* The node count the table's rr cells assume, by the reference counter
     * (the root is not a task: rr starts below it). */
    REQUIRE(ref_nqueens_nodes(8) - 1 == NODES8_RR, "nodes below the root at n = 8: %llu",
            (unsigned long long)(ref_nqueens_nodes(8) - 1));
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    write_file(path_in(path, dir, "raw.csv"), analysis_fixture_csv);
    write_file(path_in(path, dir, "meta.json"), analysis_fixture_meta);
    const char *args[] = {"--no-figures", "--boot-seed", "12345", dir, NULL};
    struct proc p;
    struct summary_file *sf = calloc(1, sizeof *sf);
    REQUIRE_OR(done, sf && run_tool("analyze", args, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    CHECK(strstr(p.err, "1 duplicate"), "the duplicate row is reported: %s", p.err);
    proc_free(&p);
    REQUIRE_OR(done, summary_read(dir, sf) == 0, "summary.csv is missing or malformed");
    CHECK(sf->nrows == FX_CELLS, "summary.csv has %zu rows, want one per cell (%zu)", sf->nrows, FX_CELLS);
    /* Every column has its row in the table, and every row a column. */
    for (size_t i = 0; i < sf->ncols; i++) {
        size_t k = 0;
        while (k < FX_COLUMNS && strcmp(fx_table[k].column, sf->head[i]))
            k++;
        CHECK(k < FX_COLUMNS, "summary.csv column '%s' has no row in fx_table: add its expected values", sf->head[i]);
    }
    const int ci_impl = summary_col(sf, "impl"), ci_split = summary_col(sf, "split"), ci_T = summary_col(sf, "threads");
    REQUIRE_OR(done, ci_impl >= 0 && ci_split >= 0 && ci_T >= 0, "summary.csv lacks impl, split or threads");
    for (size_t c = 0; c < FX_CELLS; c++) {
        char T[16];
        snprintf(T, sizeof T, "%u", fx_cells[c].T);
        char **row = NULL;
        for (size_t r = 0; r < sf->nrows; r++)
            if (!strcmp(sf->row[r][ci_impl], fx_cells[c].impl) && !strcmp(sf->row[r][ci_split], fx_cells[c].split) &&
                !strcmp(sf->row[r][ci_T], T))
                row = sf->row[r];
        if (!CHECK(row, "no summary.csv row for %s %s T=%u", fx_cells[c].impl, fx_cells[c].split, fx_cells[c].T))
            continue;
        for (size_t k = 0; k < FX_COLUMNS; k++) {
            const struct fx_want *w = &fx_table[k].want[c];
            const int col = summary_col(sf, fx_table[k].column);
            if (!CHECK(col >= 0, "summary.csv has no column '%s'", fx_table[k].column))
                continue;
            char want[96];
            if (w->kind == FX_STR)
                snprintf(want, sizeof want, "'%s'", w->s);
            else if (w->kind == FX_EMPTY)
                snprintf(want, sizeof want, "empty");
            else if (w->kind == FX_NUM)
                snprintf(want, sizeof want, "%.9g", w->v);
            else
                snprintf(want, sizeof want, "within [%.6g, %.6g]", w->v, w->hi);
            CHECK(fx_matches(w, row[col]), "%s %s T=%u: %s = '%s', want %s", fx_cells[c].impl, fx_cells[c].split,
                  fx_cells[c].T, fx_table[k].column, row[col], want);
        }
    }
done:
    if (sf)
        summary_free(sf);
    free(sf);
    tmpdir_remove(dir);
}

/* ---- meta.json ------------------------------------------------------------ */

/* ---- flags, costs per unit and the report, on fixtures ------------------ */

/* A series of the flag fixture: runs of one cell (a wall time per run; the
 * same value with spawn_frac of it in spawn_s, T * wall in user_s). */
struct fx_cell {
    const char *impl, *workload, *split;
    unsigned size, T;
    double scale;          /* wall times are scale * the shape below */
    const double *shape;   /* NULL: STEADY */
    size_t n;              /* runs; 0: 6 */
    double spawn_frac;
};

/* Six runs 0.2% apart: quiet, a 95% interval exists (n = 6 covers 96.9%). */
static const double STEADY[6] = {0.998, 0.999, 1.0, 1.0, 1.001, 1.002};
static const double SHORT[6] = {0.9, 1.0, 1.0, 1.1, 1.1, 1.2};
static const double SHORT_OK[6] = {1.0, 1.0, 1.0, 1.1, 1.1, 1.2};
static const double NOISY[6] = {0.9, 0.9, 0.9, 1.1, 1.1, 1.1};       /* stdev 10.95% of the mean */
static const double NOISY_OK[6] = {0.91, 0.91, 0.91, 1.09, 1.09, 1.09}; /* stdev 9.86% */
/* The bootstrap interval of the median of six values is [(x1 + x2) / 2,
 * (x5 + x6) / 2]: a resample's median (type 7, the mean of its 3rd and 4th
 * values) falls below (x1 + x2) / 2 with probability 0.0087 and at most
 * there with 0.0349, so the 2.5th percentile is that value (and the 97.5th
 * its mirror), with a margin of five standard errors at 10,000 resamples:
 * half-widths (x5 + x6 - x1 - x2) / 4 of 6% and 4%. */
static const double WIDE[6] = {0.92, 0.96, 1.0, 1.0, 1.04, 1.08};
static const double WIDE_OK[6] = {0.94, 0.98, 1.0, 1.0, 1.02, 1.06};
static const double SPREAD[6] = {0.42, 0.44, 0.46, 0.50, 0.53, 0.56};

/* Each flag has a cell made to raise it and a near miss that must not
 * (cpus 2, min_run_time_s 0.1 and ci_target 0.05 in meta.json):
 *   under-1ms: shortest 0.9 ms / 1.0 ms;  below-min-run-time: T = 1 median
 *   0.099 s / 0.101 s (and not at T = 2);  noisy: stdev 10.95% / 9.86%;
 *   ci-target-missed: half-width 6% / 4%;  few-runs: 5 runs / 6;
 *   oversubscribed: T = 3 / T = 2;  speedup-above-cpus: 1/0.48 = 2.08 /
 *   1/0.51 = 1.96;  superlinear: efficiency 1.11 with tight runs / 1.04
 *   from spread runs, its interval reaching below 1;  spawn-heavy: 11% / 9% of wall;
 *   karp-flatt-out-of-range and fit-out-of-range: S = 2.08 (-0.04) and
 *   S = 0.5 (3) / S = 1.96 (0.02). */
static const struct fx_cell flag_fixture[] = {
    {"short", "sumsq", "weak", 1000, 1, 0.001, SHORT, 0, 0},
    {"short-ok", "sumsq", "weak", 1000, 1, 0.001, SHORT_OK, 0, 0},
    {"brief", "sumsq", "weak", 1000, 1, 0.099, NULL, 0, 0},
    {"brief", "sumsq", "weak", 1000, 2, 0.099, NULL, 0, 0},
    {"brief-ok", "sumsq", "weak", 1000, 1, 0.101, NULL, 0, 0},
    {"noisy", "nqueens", "rr", 8, 1, 1, NOISY, 0, 0},
    {"noisy-ok", "nqueens", "rr", 8, 1, 1, NOISY_OK, 0, 0},
    {"wide", "nqueens", "dynamic", 8, 1, 1, WIDE, 0, 0},
    {"wide-ok", "nqueens", "dynamic", 8, 1, 1, WIDE_OK, 0, 0},
    {"few", "sumsq", "strong", 1000, 1, 1, NULL, 5, 0},
    {"few-ok", "sumsq", "strong", 1000, 1, 1, NULL, 6, 0},
    {"crowd", "sumsq", "strong", 1000, 1, 1, NULL, 0, 0},
    {"crowd", "sumsq", "strong", 1000, 2, 0.55, NULL, 0, 0},
    {"crowd", "sumsq", "strong", 1000, 3, 0.55, NULL, 0, 0},
    {"fast", "sumsq", "strong", 1000, 1, 1, NULL, 0, 0},
    {"fast", "sumsq", "strong", 1000, 2, 0.48, NULL, 0, 0},
    {"fast-ok", "sumsq", "strong", 1000, 1, 1, NULL, 0, 0},
    {"fast-ok", "sumsq", "strong", 1000, 2, 0.51, NULL, 0, 0},
    {"pthreads", "sumsq", "strong", 1000, 1, 1, NULL, 0, 0},
    {"pthreads", "sumsq", "strong", 1000, 2, 0.45, NULL, 0, 0},
    {"super-ok", "sumsq", "strong", 1000, 1, 1, NULL, 0, 0},
    {"super-ok", "sumsq", "strong", 1000, 2, 1, SPREAD, 0, 0},
    {"openmp", "sumsq", "strong", 1000, 1, 1, NULL, 0, 0},
    {"openmp", "sumsq", "strong", 1000, 2, 0.526, NULL, 0, 0},
    {"slow", "sumsq", "strong", 1000, 1, 1, NULL, 0, 0},
    {"slow", "sumsq", "strong", 1000, 2, 2, NULL, 0, 0},
    {"spawny", "sumsq", "weak", 1000, 1, 1, NULL, 0, 0.11},
    {"spawny-ok", "sumsq", "weak", 1000, 1, 1, NULL, 0, 0.09},
    /* costs per unit across sizes: C at N = 100, Python at N = 50 */
    {"pthreads", "sumsq", "weak", 100, 1, 2, NULL, 0, 0},
    {"py3.14-threading", "sumsq", "weak", 50, 1, 10, NULL, 0, 0},
    {"pthreads", "nqueens", "rr", 8, 1, 1, NULL, 0, 0},
};

static const struct {
    const char *impl;
    unsigned T;
    const char *flag;
    bool raised;
} flag_expect[] = {
    {"short", 1, "under-1ms", true},        {"short-ok", 1, "under-1ms", false},
    {"brief", 1, "below-min-run-time", true}, {"brief", 2, "below-min-run-time", false},
    {"brief-ok", 1, "below-min-run-time", false},
    {"noisy", 1, "noisy", true},            {"noisy-ok", 1, "noisy", false},
    {"wide", 1, "ci-target-missed", true},  {"wide-ok", 1, "ci-target-missed", false},
    {"few", 1, "few-runs", true},           {"few-ok", 1, "few-runs", false},
    {"crowd", 3, "oversubscribed", true},   {"crowd", 2, "oversubscribed", false},
    {"fast", 2, "speedup-above-cpus", true}, {"fast-ok", 2, "speedup-above-cpus", false},
    {"pthreads", 2, "superlinear", true},   {"super-ok", 2, "superlinear", false},
    {"spawny", 1, "spawn-heavy", true},     {"spawny-ok", 1, "spawn-heavy", false},
    {"slow", 2, "karp-flatt-out-of-range", true}, {"fast", 2, "karp-flatt-out-of-range", true},
    {"fast-ok", 2, "karp-flatt-out-of-range", false},
    {"slow", 1, "fit-out-of-range", true},  {"fast-ok", 1, "fit-out-of-range", false},
    {"openmp", 2, "superlinear", false},    {"openmp", 2, "speedup-above-cpus", false},
};

static const char flag_meta[] =
    "{\n  \"date\": \"2026-01-01T00:00:00Z\",\n  \"cpus_online\": 2,\n  \"cpus_in_affinity\": 2,\n"
    "  \"min_run_time_s\": 0.1,\n  \"ci_target\": 0.05,\n  \"rounds_min\": 6,\n  \"rounds_max\": 20,\n"
    "  \"load_start\": {\"loadavg1\": 1.50, \"loadavg5\": 1.20, \"busy_cpus\": 0.90},\n"
    "  \"load_end\": {\"loadavg1\": 1.60, \"loadavg5\": 1.30, \"busy_cpus\": 1.10},\n"
    "  \"machine_busy\": true,\n"
    "  \"interpreters\": {\"3.14\": {\"version\": \"3.14.4\", \"seed\": 99}},\n"
    "  \"calibration\": [\n"
    "    {\"family\": \"c\", \"workload\": \"sumsq\", \"reference\": \"pthreads\", \"size\": 100, \"t1_s\": 2.0,"
    " \"how\": \"calibrated\", \"target_s\": 0.1, \"trials\": \"50:0.9,100:2.0\"},\n"
    "    {\"family\": \"python\", \"workload\": \"sumsq\", \"reference\": \"py3.14-threading\", \"size\": 50,"
    " \"t1_s\": 10, \"how\": \"pinned\", \"target_s\": 0.1, \"trials\": \"\"}\n"
    "  ],\n  \"seed\": 42\n}\n";

/* Writes the fixture's raw.csv (runs per cell, rounds 1..n) into dir;
 * leave_out: an impl whose cells are left out (NULL: none). */
static void write_fixture(const char *dir, const char *leave_out)
{
    char path[PATH_MAX];
    size_t cap = 1 << 16, used = 0;
    char *csv = malloc(cap);
    REQUIRE(csv, "malloc");
    used += (size_t)snprintf(csv, cap, "impl,round,status,workload,split,size,threads,wall_s,user_s,sys_s,spawn_s,"
                                       "verified\n");
    for (size_t i = 0; i < sizeof flag_fixture / sizeof flag_fixture[0]; i++) {
        const struct fx_cell *c = &flag_fixture[i];
        if (leave_out && !strcmp(c->impl, leave_out))
            continue;
        size_t n = c->n ? c->n : 6;
        for (size_t r = 0; r < n && used < cap; r++) {
            double w = c->scale * (c->shape ? c->shape : STEADY)[r % 6];
            used += (size_t)snprintf(csv + used, cap - used, "%s,%zu,ok,%s,%s,%u,%u,%.9g,%.9g,0,%.9g,1\n", c->impl,
                                     r + 1, c->workload, c->split, c->size, c->T, w, w * c->T, w * c->spawn_frac);
        }
    }
    write_file(path_in(path, dir, "raw.csv"), csv);
    free(csv);
}

/* summary.csv's value of column col in the row of (impl, workload, T)
 * (workload NULL: any); "" when absent.  Columns are found by name. */
static const char *summary_value(const char *dir, const char *impl, const char *workload, unsigned T,
                                 const char *col, char *out, size_t len)
{
    char path[PATH_MAX], tbuf[16];
    struct csv_reader r;
    struct err e;
    snprintf(out, len, "%s", "");
    snprintf(tbuf, sizeof tbuf, "%u", T);
    if (csvr_open(&r, path_in(path, dir, "summary.csv"), &e))
        return out;
    int ci = -1, cimpl = -1, cwl = -1, cT = -1;
    for (bool header = true; csvr_next(&r, &e) == 1; header = false) {
        if (header) {
            for (size_t i = 0; i < r.nfields; i++) {
                ci = !strcmp(r.fields[i], col) ? (int)i : ci;
                cimpl = !strcmp(r.fields[i], "impl") ? (int)i : cimpl;
                cwl = !strcmp(r.fields[i], "workload") ? (int)i : cwl;
                cT = !strcmp(r.fields[i], "threads") ? (int)i : cT;
            }
            if (ci < 0 || cimpl < 0 || cwl < 0 || cT < 0)
                break;
            continue;
        }
        if (!strcmp(r.fields[cimpl], impl) && !strcmp(r.fields[cT], tbuf) &&
            (!workload || !strcmp(r.fields[cwl], workload)))
            snprintf(out, len, "%s", r.fields[ci]);
    }
    csvr_close(&r);
    return out;
}

static char *analyze_fixture(const char *meta, const char *leave_out)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    if (!dir)
        return NULL;
    write_fixture(dir, leave_out);
    if (meta)
        write_file(path_in(path, dir, "meta.json"), meta);
    const char *args[] = {"--no-figures", dir, NULL};
    struct proc p;
    if (run_tool("analyze", args, &p) != 0 || !CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err)) {
        proc_free(&p);
        tmpdir_remove(dir);
        return NULL;
    }
    proc_free(&p);
    return dir;
}

static void t_flags(void)
{
    char *dir = analyze_fixture(flag_meta, NULL), v[512];
    REQUIRE(dir, "analysis of the flag fixture failed");
    for (size_t i = 0; i < sizeof flag_expect / sizeof flag_expect[0]; i++) {
        summary_value(dir, flag_expect[i].impl, "sumsq", flag_expect[i].T, "flags", v, sizeof v);
        if (!v[0])
            summary_value(dir, flag_expect[i].impl, NULL, flag_expect[i].T, "flags", v, sizeof v);
        CHECK(t_has_word(v, flag_expect[i].flag) == flag_expect[i].raised, "%s T=%u: flags '%s' %s '%s'",
              flag_expect[i].impl, flag_expect[i].T, v, flag_expect[i].raised ? "lack" : "have", flag_expect[i].flag);
    }
    /* The superlinear cell's efficiency interval lies above 1; the near
     * miss's reaches below it. */
    double lo = strtod(summary_value(dir, "pthreads", "sumsq", 2, "efficiency_lo", v, sizeof v), NULL);
    double lo_ok = strtod(summary_value(dir, "super-ok", "sumsq", 2, "efficiency_lo", v, sizeof v), NULL);
    CHECK(lo > 1 && lo_ok < 1, "efficiency_lo: superlinear %g (want > 1), near miss %g (want < 1)", lo, lo_ok);
    tmpdir_remove(dir);
}

/* ns per unit and the cost against C across different sizes: Python's
 * 10 s at N = 50 is 2e8 ns per iteration, C's 2 s at N = 100 is 2e7, so
 * slowdown_vs_c is 10 (the ratio of medians would say 5).  nqueens rr at
 * n = 8 visits nodes(8) - 1 = 2056 nodes: 1 s is 486381.3 ns per node. */
static void t_cost_per_unit(void)
{
    char *dir = analyze_fixture(flag_meta, NULL), v[64];
    REQUIRE(dir, "analysis of the fixture failed");
    double py = strtod(summary_value(dir, "py3.14-threading", "sumsq", 1, "ns_per_unit", v, sizeof v), NULL);
    double c = strtod(summary_value(dir, "pthreads", "sumsq", 1, "ns_per_unit", v, sizeof v), NULL);
    double units = strtod(summary_value(dir, "brief", "sumsq", 2, "units", v, sizeof v), NULL);
    CHECK(fabs(py - 2e8) < 1 && fabs(c - 2e7) < 1, "ns per unit: Python %g (want 2e8), C %g (want 2e7)", py, c);
    CHECK(units == 2000, "sumsq weak N = 1000 at T = 2 does 2000 iterations, not %g", units);
    double slow = strtod(summary_value(dir, "py3.14-threading", "sumsq", 1, "slowdown_vs_c", v, sizeof v), NULL);
    CHECK(fabs(slow - 10) < 1e-6, "slowdown_vs_c %g, want 10 (cost per unit), not 5 (medians)", slow);
    double node = strtod(summary_value(dir, "pthreads", "nqueens", 1, "ns_per_unit", v, sizeof v), NULL);
    CHECK(fabs(node / (1e9 / 2056) - 1) < 1e-8, "nqueens rr n=8: %g ns per node, want %g", node, 1e9 / 2056);
    tmpdir_remove(dir);
}

/* The report: warnings for a busy machine and T above the CPUs, the
 * sizes' calibration, the cells that missed the target, the levels
 * reached (never a level an interval did not reach), and no flagged value quoted
 * as a property of a model.  The near miss: a quiet machine, every cell
 * with 6 runs. */
static void t_report_flags(void)
{
    char *dir = analyze_fixture(flag_meta, NULL), path[PATH_MAX];
    REQUIRE(dir, "analysis of the fixture failed");
    char *rep = slurp(path_in(path, dir, "report.md"), NULL);
    REQUIRE_OR(done, rep, "no report.md");
    CHECK(strstr(rep, "The machine was busy") && strstr(rep, "T above the CPUs"), "busy and oversubscribed warnings");
    CHECK(strstr(rep, "| c | sumsq | pthreads | N = 100 | 2 s | calibrated |") &&
              strstr(rep, "50: 900 ms, 100: 2 s"),
          "the calibration table");
    CHECK(strstr(rep, "did not reach the target of ±5%") && strstr(rep, "- wide nqueens dynamic n = 8 T = 1: ±6%"),
          "the cells that missed the CI target");
    CHECK(strstr(rep, "at the level each reached, 94% to 95% (the nominal 95% needs 6 ") &&
              !strstr(rep, "at the level each reached, 95%"),
          "the methods paragraph claims only the level reached");
    const char *pt = strstr(rep, "- **pthreads**"), *omp = strstr(rep, "- **OpenMP**");
    REQUIRE_OR(done, pt && omp, "teaching paragraphs");
    char *end = strchr(pt, '\n');
    REQUIRE_OR(done, end, "teaching paragraph line");
    *end = '\0';
    CHECK(strstr(pt, "Nothing here to quote") && strstr(pt, "`superlinear`") && !strstr(pt, "Here: speedup"),
          "pthreads' superlinear speedup is not quoted as a finding: %s", pt);
    CHECK(strstr(pt, "cache or frequency effects"), "a steady T = 1 baseline points at cache or frequency: %s", pt);
    *end = '\n';
    CHECK(strstr(omp, "Here: speedup 1.9") && strstr(omp, "faster than one worker"), "OpenMP's clean speedup is quoted");
    free(rep);
    tmpdir_remove(dir);
    /* the near miss */
    char quiet[sizeof flag_meta + 16];
    const char *busy = strstr(flag_meta, "\"machine_busy\": true");
    REQUIRE(busy, "fixture meta");
    snprintf(quiet, sizeof quiet, "%.*s\"machine_busy\": false%s", (int)(busy - flag_meta), flag_meta,
             busy + strlen("\"machine_busy\": true"));
    dir = analyze_fixture(quiet, "few");
    REQUIRE(dir, "analysis of the near-miss fixture failed");
    rep = slurp(path_in(path, dir, "report.md"), NULL);
    REQUIRE_OR(done, rep, "no report.md");
    CHECK(!strstr(rep, "The machine was busy") && strstr(rep, "| quiet-machine check | quiet |"), "a quiet machine");
    CHECK(strstr(rep, "at the level each reached, 95%") && !strstr(rep, "as low as"), "95%% reached");
    free(rep);
done:
    tmpdir_remove(dir);
}

static CU_TestInfo summary_tests[] = {
    {"analysis of a skewed fixture: every column of summary.csv", t_analysis_fixture},
    {"each sanity flag raised by its fixture, not by its near miss", t_flags},
    {"ns per unit and slowdown_vs_c across sizes", t_cost_per_unit},
    {"report: warnings, calibration, CI target, coverage, no flagged finding", t_report_flags},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo summary_suites[] = {
    {"analysis statistics", NULL, NULL, NULL, NULL, summary_tests},
    CU_SUITE_INFO_NULL,
};
