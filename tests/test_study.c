/* test_study.c - the study runner and the analysis: statistics against
 * hand-computed values, the analysis of a fixture CSV, resume, interrupt,
 * a smoke study end to end (every figure checked by figures_check_study,
 * the report's links all resolve), and bad options. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../analysis/analysis.h"
#include "../analysis/meta.h"
#include "../analysis/stats.h"
#include "csvread.h"
#include "tests.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) <= 1e-9 * (1 + fabs((double)(b))))

/* ---- statistics, by hand ---------------------------------------------- */

static void t_quantiles(void)
{
    double a[] = {4, 1, 3, 2};
    stats_sort(a, 4);
    /* type 7: h = 3p; median h=1.5 -> 2.5; q1 h=0.75 -> 1.75; q3 h=2.25 -> 3.25 */
    CHECK(NEAR(stats_quantile(a, 4, 0.5), 2.5), "median of 1..4: %g", stats_quantile(a, 4, 0.5));
    CHECK(NEAR(stats_quantile(a, 4, 0.25), 1.75), "q1 of 1..4: %g", stats_quantile(a, 4, 0.25));
    CHECK(NEAR(stats_quantile(a, 4, 0.75), 3.25), "q3 of 1..4: %g", stats_quantile(a, 4, 0.75));
    double b[] = {3, 1, 2};
    stats_sort(b, 3);
    CHECK(NEAR(stats_quantile(b, 3, 0.5), 2) && NEAR(stats_quantile(b, 3, 0.25), 1.5) &&
              NEAR(stats_quantile(b, 3, 0.75), 2.5),
          "quartiles of {1,2,3}");
    CHECK(NEAR(stats_mean(b, 3), 2) && NEAR(stats_stdev(b, 3), 1), "mean 2, stdev 1 of {1,2,3}");
}

static void t_median_ci(void)
{
    double x[10];
    for (int i = 0; i < 10; i++)
        x[i] = i + 1;
    double lo, hi, cov;
    /* n = 10: P(B <= 1) = 11/1024 -> coverage 1 - 22/1024 = 0.978515625 for
     * ranks 2 and 9; ranks 3 and 8 would give 1 - 112/1024 < 0.95. */
    stats_median_ci(x, 10, 0.95, &lo, &hi, &cov);
    CHECK(lo == 2 && hi == 9 && NEAR(cov, 1 - 22.0 / 1024), "CI of 1..10: [%g, %g] at %g", lo, hi, cov);
    /* n = 3: no pair reaches 95%; [min, max] covers 1 - 2/8 = 0.75. */
    stats_median_ci(x, 3, 0.95, &lo, &hi, &cov);
    CHECK(lo == 1 && hi == 3 && NEAR(cov, 0.75), "CI of 1..3: [%g, %g] at %g", lo, hi, cov);
}

static void t_speedup_fits(void)
{
    CHECK(NEAR(stats_speedup(8, 2.5, 4, 0), 3.2), "strong speedup 8/2.5");
    CHECK(NEAR(stats_speedup(1, 1.25, 4, 1), 3.2), "weak throughput speedup 4*1/1.25");
    /* (1/3.2 - 1/4) / (1 - 1/4) = 0.0625 / 0.75 */
    CHECK(NEAR(stats_karp_flatt(3.2, 4), 0.0625 / 0.75), "Karp-Flatt(3.2, 4) = %g", stats_karp_flatt(3.2, 4));
    CHECK(isnan(stats_karp_flatt(1, 1)), "Karp-Flatt is undefined at T = 1");
    unsigned T[] = {1, 2, 4, 8};
    double S[4];
    for (int i = 0; i < 4; i++)
        S[i] = 1 / (0.1 + 0.9 / T[i]); /* Amdahl, f = 0.1 */
    CHECK(NEAR(stats_fit_serial(T, S, 4, 0), 0.1), "Amdahl fit: %g", stats_fit_serial(T, S, 4, 0));
    for (int i = 0; i < 4; i++)
        S[i] = T[i] - 0.2 * (T[i] - 1); /* Gustafson, f = 0.2 */
    CHECK(NEAR(stats_fit_serial(T, S, 4, 1), 0.2), "Gustafson fit: %g", stats_fit_serial(T, S, 4, 1));
    CHECK(isnan(stats_fit_serial(T, S, 1, 0)), "no fit from T = 1 alone");
}

static void t_noise(void)
{
    double noisy[] = {1, 1, 1, 1, 2}, calm[] = {0.99, 1, 1.01};
    CHECK(stats_noisy(noisy, 5), "max 67%% above the mean is noisy");
    CHECK(!stats_noisy(calm, 3), "1%% spread is not noisy");
}

/* pyperf 2.9.0's thresholds: 50% for min/max, not the 25% of old.  Forty
 * runs keep the stdev under 10% of the mean so the range rule decides. */
static void t_noise_range(void)
{
    double x[40];
    for (int i = 0; i < 39; i++)
        x[i] = 1.0;
    x[39] = 1.55; /* mean 1.01375: max 52.9% above it, stdev 8.6% of it */
    CHECK(stats_noisy(x, 40), "a max 53%% above the mean is noisy");
    x[39] = 1.40; /* mean 1.01: max 38.6% above it (noisy by the old 25%), stdev 6.2% */
    CHECK(!stats_noisy(x, 40), "a max 39%% above the mean is not noisy by the 50%% rule");
    double fast[] = {0.0009, 0.002, 0.003}, slow[] = {0.001, 0.002, 0.003};
    CHECK(stats_too_short(fast, 3) && !stats_too_short(slow, 3), "under 1 ms is too short; 1 ms is not");
}

/* The exact bootstrap distribution of median(a*) / median(b*), by
 * enumerating every resample (n^n index tuples per sample), and its
 * quantile p: the smallest ratio whose cumulative probability reaches p.
 * *gap: how far p is from the cumulative probabilities on either side of
 * that ratio (a Monte Carlo estimate with R resamples lands on the same
 * ratio when gap is many times sqrt(p (1-p) / R)). */
#define EXACT_MAX 5
struct atom {
    double v, p;
};

static int atom_cmp(const void *x, const void *y)
{
    double a = ((const struct atom *)x)->v, b = ((const struct atom *)y)->v;
    return (a > b) - (a < b);
}

static size_t exact_medians(const double *x, size_t n, struct atom *out)
{
    size_t idx[EXACT_MAX] = {0}, count = 0, total = 1;
    for (size_t i = 0; i < n; i++)
        total *= n;
    for (size_t t = 0; t < total; t++) {
        double v[EXACT_MAX];
        for (size_t i = 0; i < n; i++)
            v[i] = x[idx[i]];
        stats_sort(v, n);
        out[count++] = (struct atom){(v[(n - 1) / 2] + v[n / 2]) / 2, 1.0 / (double)total};
        for (size_t i = 0; i < n && ++idx[i] == n; i++) /* the next tuple, odometer order */
            idx[i] = 0;
    }
    return count;
}

static double exact_ratio_quantile(const double *a, size_t na, const double *b, size_t nb, double p, double *gap)
{
    static struct atom ma[3125], mb[3125], r[3125 * 27];
    size_t ka = exact_medians(a, na, ma), kb = exact_medians(b, nb, mb), k = 0;
    for (size_t i = 0; i < ka; i++)
        for (size_t j = 0; j < kb && k < sizeof r / sizeof r[0]; j++)
            r[k++] = (struct atom){ma[i].v / mb[j].v, ma[i].p * mb[j].p};
    qsort(r, k, sizeof r[0], atom_cmp);
    double cum = 0;
    for (size_t i = 0; i < k;) {
        double before = cum, v = r[i].v;
        for (; i < k && r[i].v == v; i++)
            cum += r[i].p;
        if (cum >= p) {
            *gap = fmin(p - before, cum - p);
            return v;
        }
    }
    *gap = 0;
    return NAN;
}

static void t_ratio_ci_by_hand(void)
{
    double lo, hi;
    /* a = {1, 2, 10}, b = {2}: a resample's median is 1 when two or three
     * of its three draws are 1: 3 (1/3)^2 (2/3) + (1/3)^3 = 7/27; 10 with
     * the same 7/27; 2 otherwise (13/27).  The 2.5% and 97.5% points are
     * the medians 1 and 10, over median(b) = 2: [0.5, 5].  (The point
     * ratio is 1; a mean-based interval would centre on 13/6.) */
    const double a1[] = {10, 1, 2}, b1[] = {2};
    REQUIRE(stats_ratio_ci(a1, 3, b1, 1, 0.95, 1, 20000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, 0.5) && NEAR(hi, 5), "{1,2,10}/{2} at 95%%: [%g, %g], want [0.5, 5]", lo, hi);
    /* a = {1, 2, 3, 4, 100}, b = {1}, 80%: P(median <= x(j)) = P(B(5, j/5)
     * >= 3): j = 1: 0.05792, j = 2: 0.31744, j = 3: 0.68256, j = 4:
     * 0.94208.  The 10% point is x(2) = 2, the 90% point x(4) = 4: [2, 4],
     * inside [min, max] and far from the skewed mean (22). */
    const double a2[] = {100, 3, 1, 4, 2}, b2[] = {1};
    REQUIRE(stats_ratio_ci(a2, 5, b2, 1, 0.80, 7, 20000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, 2) && NEAR(hi, 4), "{1,2,3,4,100}/{1} at 80%%: [%g, %g], want [2, 4]", lo, hi);
    /* Scaling b scales the interval: b = {0.5} doubles it. */
    const double b3[] = {0.5};
    REQUIRE(stats_ratio_ci(a2, 5, b3, 1, 0.80, 7, 20000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, 4) && NEAR(hi, 8), "{1,2,3,4,100}/{0.5} at 80%%: [%g, %g], want [4, 8]", lo, hi);
}

/* Two skewed samples of 4 and 3 (even n: the median averages the middle
 * pair) against the exact bootstrap distribution; the same seed gives the
 * same interval, and bad input is refused. */
static void t_ratio_ci_exact(void)
{
    const double a[] = {4.0, 1.1, 3.0, 1.3}, b[] = {2.5, 0.8, 1.1};
    double glo, ghi, lo, hi, lo2, hi2;
    double want_lo = exact_ratio_quantile(a, 4, b, 3, 0.025, &glo);
    double want_hi = exact_ratio_quantile(a, 4, b, 3, 0.975, &ghi);
    /* By hand: the lowest medians of a* are 1.1 (three or four draws of
     * 1.1: P = 13/256) and 1.2 (two of 1.1, the least other 1.3: P =
     * 6/16 * 5/16 = 30/256); the highest of b* is 2.5 (P = 7/27).  So
     * P(ratio <= 1.1/2.5) = 0.013 < 0.025 <= P(ratio <= 1.2/2.5 = 0.48) =
     * 43/256 * 7/27 = 0.0435: 0.48 is the 2.5% point.  At the top, only
     * 4.0/0.8 = 5 (P = 13/256 * 7/27 = 0.013) lies above (3.0 + 4.0)/2/0.8
     * = 4.375, the 97.5% point. */
    REQUIRE(NEAR(want_lo, 0.48) && NEAR(want_hi, 4.375), "exact reference [%g, %g], want [0.48, 4.375]", want_lo,
            want_hi);
    REQUIRE(glo > 0.01 && ghi > 0.01, "fixture too close to a jump: gaps %g %g", glo, ghi);
    REQUIRE(stats_ratio_ci(a, 4, b, 3, 0.95, 42, 10000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, want_lo) && NEAR(hi, want_hi), "bootstrap [%g, %g], exact [%g, %g]", lo, hi, want_lo, want_hi);
    stats_ratio_ci(a, 4, b, 3, 0.95, 42, 10000, &lo2, &hi2);
    CHECK(lo2 == lo && hi2 == hi, "the same seed gives the same interval");
    CHECK(stats_verdict(lo, hi) == STATS_UNSURE && stats_verdict(1.01, 2) == STATS_ABOVE_1 &&
              stats_verdict(0.5, 0.99) == STATS_BELOW_1 && stats_verdict(NAN, NAN) == STATS_UNSURE,
          "verdicts: [%g, %g] contains 1", lo, hi);
    const double zero[] = {1, 0};
    CHECK(stats_ratio_ci(a, 0, b, 3, 0.95, 1, 100, &lo, &hi) == -1 && isnan(lo) && isnan(hi), "empty sample");
    CHECK(stats_ratio_ci(a, 4, zero, 2, 0.95, 1, 100, &lo, &hi) == -1, "a zero time");
    CHECK(stats_ratio_ci(a, 4, b, 3, 1.0, 1, 100, &lo, &hi) == -1, "level 1");
    CHECK(stats_seed_for(1, "x") != stats_seed_for(1, "y") && stats_seed_for(1, "x") == stats_seed_for(1, "x"),
          "seeds per name");
}

/* ---- the analysis on a fixture ------------------------------------------ */

/* Hand-computed: pthreads sumsq weak N=100, T=1 walls {2,1,3} -> median 2,
 * q1 1.5, q3 2.5; T=2 walls {2,2.5,1.5,3} -> median 2.25, q1 1.875, q3
 * 2.625, throughput speedup 2*2/2.25 = 1.7777..., Karp-Flatt
 * (1/1.7777 - 1/2)/(1/2) = 0.125.  sumsq strong T=1 {4,4,4}, T=4
 * {1.25,1.25,1.25} -> speedup 3.2, Karp-Flatt 0.083333.  A failed row and
 * an exact duplicate must not count. */
static const char fixture[] =
    "impl,round,status,reason,workload,split,size,threads,wall_s,user_s,sys_s,verified,extra\r\n"
    "pthreads,1,ok,,sumsq,weak,100,1,2.0,2.0,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,weak,100,1,1.0,1.0,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,weak,100,1,3.0,3.0,0,1,x\r\n"
    "pthreads,1,ok,,sumsq,weak,100,2,2.0,4.0,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,weak,100,2,2.5,5.0,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,weak,100,2,1.5,3.0,0,1,x\r\n"
    "pthreads,4,ok,,sumsq,weak,100,2,3.0,6.0,0,1,x\r\n"
    "pthreads,4,ok,,sumsq,weak,100,2,3.0,6.0,0,1,x\r\n"
    "pthreads,5,failed,\"exit 1: worker 2, killed\",sumsq,weak,100,2,,,,0,x\r\n"
    "pthreads,1,ok,,sumsq,strong,100,1,4,4,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,strong,100,1,4,4,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,strong,100,1,4,4,0,1,x\r\n"
    "pthreads,1,ok,,sumsq,strong,100,4,1.25,5,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,strong,100,4,1.25,5,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,strong,100,4,1.25,5,0,1,x\r\n";

static int run_tool(const char *tool, const char *const *args, struct proc *p)
{
    char bin[PATH_MAX];
    if (!study_bin(bin, tool))
        return -1;
    const char *argv[40] = {bin};
    size_t k = 1;
    for (; *args && k < 39; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

/* The summary.csv row of (split, T) as fields; returns the field count. */
static size_t summary_row(const char *dir, const char *split, const char *T, char *out[], char *store, size_t cap)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    path_in(path, dir, "summary.csv");
    if (csvr_open(&r, path, &e))
        return 0;
    size_t n = 0;
    while (csvr_next(&r, &e) == 1) {
        if (r.nfields > 4 && !strcmp(r.fields[2], split) && !strcmp(r.fields[4], T)) {
            size_t used = 0;
            for (size_t i = 0; i < r.nfields && used < cap; i++) {
                out[i] = store + used;
                used += (size_t)snprintf(store + used, cap - used, "%s", r.fields[i]) + 1;
            }
            n = r.nfields;
        }
    }
    csvr_close(&r);
    return n;
}

static double field(char *f[], size_t n, size_t i)
{
    return i < n && f[i][0] ? strtod(f[i], NULL) : NAN;
}

static void t_analysis_fixture(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    write_file(path_in(path, dir, "raw.csv"), fixture);
    const char *args[] = {"--no-figures", dir, NULL};
    struct proc p;
    REQUIRE(run_tool("analyze", args, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    CHECK(strstr(p.err, "1 duplicate"), "the duplicate row is reported: %s", p.err);
    proc_free(&p);
    /* columns: impl,workload,split,size,threads,runs,median,min,max,q1,q3,
     * ci_lo,ci_hi,ci_level,mean,stdev,speedup,efficiency,karp_flatt,... */
    char *f[40], store[2048];
    size_t n = summary_row(dir, "weak", "1", f, store, sizeof store);
    REQUIRE(n >= 19, "no summary row for weak T=1");
    CHECK(field(f, n, 5) == 3 && NEAR(field(f, n, 6), 2) && NEAR(field(f, n, 9), 1.5) && NEAR(field(f, n, 10), 2.5),
          "weak T=1: runs %s median %s q1 %s q3 %s", f[5], f[6], f[9], f[10]);
    n = summary_row(dir, "weak", "2", f, store, sizeof store);
    REQUIRE(n >= 19, "no summary row for weak T=2");
    CHECK(field(f, n, 5) == 4, "weak T=2 counts 4 runs (failed and duplicate left out): %s", f[5]);
    CHECK(NEAR(field(f, n, 6), 2.25) && NEAR(field(f, n, 9), 1.875) && NEAR(field(f, n, 10), 2.625),
          "weak T=2: median %s q1 %s q3 %s", f[6], f[9], f[10]);
    CHECK(fabs(field(f, n, 16) - 2 * 2 / 2.25) < 1e-6, "weak throughput speedup %s, want 1.7778", f[16]);
    CHECK(fabs(field(f, n, 18) - 0.125) < 1e-6, "weak Karp-Flatt %s, want 0.125", f[18]);
    n = summary_row(dir, "strong", "4", f, store, sizeof store);
    REQUIRE(n >= 19, "no summary row for strong T=4");
    CHECK(fabs(field(f, n, 16) - 3.2) < 1e-6 && fabs(field(f, n, 17) - 0.8) < 1e-6,
          "strong speedup %s (want 3.2), efficiency %s (want 0.8)", f[16], f[17]);
    CHECK(fabs(field(f, n, 18) - 0.0625 / 0.75) < 1e-6, "strong Karp-Flatt %s", f[18]);
    tmpdir_remove(dir);
}

/* ---- meta.json ------------------------------------------------------------ */

/* Keys are an object's own (never a nested object's), strings keep their
 * escaped quotes and braces, arrays iterate, absent keys leave defaults,
 * and no prefix of a valid file reads out of bounds (ASan) or finds a
 * value that was cut off. */
static void t_meta_reader(void)
{
    static const char text[] =
        "{\n  \"inner\": {\"cpus\": 9, \"list\": [1, 2]},\n  \"s\": \"x\\\"}{,\",\n  \"cpus\": 2,\n"
        "  \"busy\": true,\n  \"cal\": [{\"size\": 100, \"how\": \"calibrated\"}, {\"size\": 7}],\n"
        "  \"last\": 0.25\n}\n";
    struct meta_span doc = meta_doc(text), v, cur = {0}, el;
    double d = -1;
    char buf[64];
    CHECK(meta_number(doc, "cpus", &d) == 0 && d == 2, "top-level cpus: %g, want 2 (not the nested 9)", d);
    meta_get(doc, "s", buf, sizeof buf);
    CHECK(!strcmp(buf, "x\"}{,"), "string with an escaped quote and braces: '%s'", buf);
    CHECK(meta_bool(doc, "busy") == 1 && meta_bool(doc, "cpus") == -1 && meta_bool(doc, "nope") == -1, "booleans");
    REQUIRE(meta_find(doc, "cal", &v) == 0, "the array");
    int n = 0;
    double sizes = 0;
    while (meta_next(v, &cur, &el)) {
        n++;
        double s = 0;
        meta_number(el, "size", &s);
        sizes += s;
    }
    CHECK(n == 2 && sizes == 107, "array: %d elements, sizes summing to %g", n, sizes);
    d = 42;
    CHECK(meta_number(doc, "absent", &d) == -1 && d == 42, "an absent key leaves the default");
    meta_get(doc, "absent", buf, sizeof buf);
    CHECK(!strcmp(buf, "unknown"), "an absent key reads 'unknown'");
    CHECK(meta_number(meta_doc("[1, 2]"), "cpus", &d) == -1 && meta_number(meta_doc(NULL), "cpus", &d) == -1,
          "not an object, or no file: every key absent");
    /* Every prefix: a document cut anywhere before its closing brace is not
     * read at all (a cut value could look whole: "0.2" of "0.25"). */
    size_t len = strlen(text);
    for (size_t cut = 0; cut < len; cut++) {
        char *part = malloc(cut + 1);
        REQUIRE(part, "malloc");
        memcpy(part, text, cut);
        part[cut] = '\0';
        struct meta_span pd = meta_doc(part);
        double last = -1;
        int got = meta_number(pd, "last", &last);
        if (cut < len - 1)
            CHECK(got == -1, "prefix of %zu bytes: last read as %g", cut, last);
        else
            CHECK(got == 0 && last == 0.25, "the whole object: last = %g", last);
        meta_get(pd, "s", buf, sizeof buf);
        free(part);
    }
}

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
static const double WIDE[6] = {0.94, 0.98, 1.0, 1.0, 1.02, 1.06};     /* [min, max] half-width 6% */
static const double WIDE_OK[6] = {0.96, 0.98, 1.0, 1.0, 1.02, 1.04};  /* 4% */
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

static bool has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
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
        CHECK(has_word(v, flag_expect[i].flag) == flag_expect[i].raised, "%s T=%u: flags '%s' %s '%s'",
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
 * sizes' calibration, the cells that missed the target, the coverage
 * reached (never a level it did not reach), and no flagged value quoted
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
    CHECK(strstr(rep, "as low as 94% with 5 runs") && !strstr(rep, "intervals from order statistics at 95%"),
          "the methods paragraph claims only the coverage reached");
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
    CHECK(strstr(rep, "intervals from order statistics at 95%") && !strstr(rep, "as low as"), "95%% reached");
    free(rep);
done:
    tmpdir_remove(dir);
}

/* ---- the runner -------------------------------------------------------- */

/* The results folder the runner made under root (its only entry but
 * latest). */
static char *only_run(const char *root, char *out)
{
    char link[PATH_MAX];
    path_in(link, root, "latest");
    char *real = realpath(link, NULL);
    if (!real)
        return NULL;
    snprintf(out, PATH_MAX, "%s", real);
    free(real);
    return out;
}

#define SMALL_STUDY "--models", "pthreads,multiprocess", "--workloads", "nqueens", "--splits", "rr,dynamic", \
                    "--threads", "1,2,3", "--nqueens-size", "6", "--reps", "3", "--warmup", "1", "-q"
#define SMALL_RUNS 36 /* 2 models x 2 splits x 3 T x 3 rounds */

static void t_resume(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    const char *args[] = {SMALL_STUDY, "--out", root, NULL};
    struct proc p;
    REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE(only_run(root, dir), "no results/latest");
    int dups;
    CHECK(raw_rows(dir, false, &dups) == SMALL_RUNS && dups == 0, "a full study has %d rows", SMALL_RUNS);
    /* Half-finished: keep the header and 10 rows, plus a torn line. */
    char *text = slurp(path_in(path, dir, "raw.csv"), NULL);
    REQUIRE(text, "read raw.csv");
    char *cut = text;
    for (int lines = 0; lines < 11 && cut; lines++)
        cut = strchr(cut, '\n') ? strchr(cut, '\n') + 1 : NULL;
    REQUIRE(cut, "raw.csv has 11 lines");
    strcpy(cut, "pthreads,2,ok,,multipro");
    write_file(path, text);
    free(text);
    const char *resume[] = {"--resume", dir, "-q", NULL};
    REQUIRE(run_tool("study", resume, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    long rows = raw_rows(dir, false, &dups);
    CHECK(rows == SMALL_RUNS && dups == 0, "after resume: %ld rows, %d repeated; want %d once each", rows, dups,
          SMALL_RUNS);
    /* Resuming a complete study, through results/latest this time, runs
     * nothing more and leaves latest pointing at the folder. */
    char latest[PATH_MAX], again[PATH_MAX];
    const char *resume_latest[] = {"--resume", path_in(latest, root, "latest"), "-q", NULL};
    REQUIRE(run_tool("study", resume_latest, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0 && raw_rows(dir, false, &dups) == SMALL_RUNS, "a second resume added rows");
    proc_free(&p);
    CHECK(only_run(root, again) && strcmp(again, dir) == 0, "results/latest no longer points at %s", dir);
    tmpdir_remove(root);
}

static void t_interrupt(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], bin[PATH_MAX];
    REQUIRE(root && study_bin(bin, "study"), "mkdtemp / STUDY_BIN");
    /* Enough runs that the signal lands mid-study. */
    pid_t pid = fork();
    REQUIRE(pid >= 0, "fork");
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        /* 80 runs of 15 ms or more: over a second in all */
        execl(bin, bin, "--models", "pthreads,multiprocess", "--workloads", "sumsq", "--splits", "weak", "--reps",
              "20", "--threads", "1,2", "--sumsq-size", "20000000", "--warmup", "1", "-q", "--out", root,
              (char *)NULL);
        _exit(127);
    }
    /* Signal once the first row is written, so the study is mid-way. */
    CHECK(wait_for_rows(root, 1, pid, 120), "the study wrote no row");
    kill(pid, SIGINT);
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 130, "interrupted study: exit %d, want 130", WEXITSTATUS(st));
    REQUIRE(only_run(root, dir), "no results/latest after an interrupt");
    int dups;
    long rows = raw_rows(dir, false, &dups);
    CHECK(rows > 0 && dups == 0, "interrupted raw.csv: %ld valid rows (want > 0, none repeated)", rows);
    /* Resume completes it: every run exactly once. */
    const char *resume[] = {"--resume", dir, "-q", NULL};
    struct proc p;
    REQUIRE(run_tool("study", resume, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    rows = raw_rows(dir, false, &dups);
    CHECK(rows == 2 * 2 * 20 && dups == 0, "after resume: %ld rows, %d repeated", rows, dups);
    tmpdir_remove(root);
}

/* Every markdown link target in text exists under dir. */
static int links_resolve(const char *dir, const char *text, char *missing, size_t len)
{
    int links = 0;
    for (const char *p = strstr(text, "]("); p; p = strstr(p + 2, "](")) {
        const char *end = strchr(p + 2, ')');
        if (!end)
            break;
        char rel[PATH_MAX], path[PATH_MAX];
        snprintf(rel, sizeof rel, "%.*s", (int)(end - p - 2), p + 2);
        if (strstr(rel, "://"))
            continue;
        path_in(path, dir, rel);
        links++;
        if (!file_exists(path)) {
            snprintf(missing, len, "%s", rel);
            return -1;
        }
    }
    return links;
}

static void t_smoke_end_to_end(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    const char *args[] = {"--preset", "smoke", "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "smoke study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE(only_run(root, dir), "no results/latest");
    const char *an[] = {dir, NULL};
    REQUIRE(run_tool("analyze", an, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    proc_free(&p);
    figures_check_study(dir);
    char *report = slurp(path_in(path, dir, "report.md"), NULL), missing[PATH_MAX] = "";
    REQUIRE(report, "no report.md");
    int links = links_resolve(dir, report, missing, sizeof missing), drawn = 0;
    for (const char *s = report; (s = strstr(s, "![")); s++)
        drawn++;
    CHECK(drawn >= 5 && links >= drawn * (FIGURE_OUTPUTS_COUNT + 1),
          "report.md links to %d files (want each of %d figures' image and its %d files); missing: %s", links, drawn,
          FIGURE_OUTPUTS_COUNT, missing);
    CHECK(strstr(report, "## Methods paragraph") && strstr(report, "claims"), "report.md lacks a section");
    free(report);
    char why[512];
    int html = report_html_check(dir, why, sizeof why);
    if (html < 0)
        printf("\nSKIP: report.html in chromium: %s\n", why);
    else
        CHECK(html == 1, "report.html: %s", why);
    CHECK(file_exists(path_in(path, dir, "summary.csv")) && file_exists(path_in(path, dir, "meta.json")),
          "summary.csv and meta.json");
    tmpdir_remove(root);
}

static void t_bad_options(void)
{
    static const char *const cases[][4] = {
        {"--preset", "bogus", NULL}, {"--models", "pthreads,nope", NULL}, {"--threads", "0", NULL},
        {"--reps", "0", NULL},       {"--frobnicate", NULL},              {"--resume", "/nonexistent-dir", NULL},
        {"--sumsq-size", "0", NULL}, {"--workloads", "fft", NULL},        {"--cell-timeout", "-1", NULL},
    };
    char *root = tmpdir_make();
    REQUIRE(root, "mkdtemp");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[8] = {cases[i][0], cases[i][1], "--out", root, NULL};
        if (!cases[i][1]) {
            args[1] = "--out";
            args[2] = root;
            args[3] = NULL;
        }
        struct proc p;
        REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
        size_t lines = 0;
        for (const char *c = p.err; *c; c++)
            lines += *c == '\n';
        CHECK(p.exited && p.code == 2 && lines == 1, "study %s %s: exit %d, stderr: %s", cases[i][0],
              cases[i][1] ? cases[i][1] : "", p.code, p.err);
        proc_free(&p);
    }
    char latest[PATH_MAX];
    CHECK(!file_exists(path_in(latest, root, "latest")), "a refused study wrote results");
    tmpdir_remove(root);
}

static CU_TestInfo stats_tests[] = {
    {"quartiles, mean, stdev by hand", t_quantiles},
    {"median CI from order statistics", t_median_ci},
    {"speedup, Karp-Flatt, Amdahl and Gustafson fits", t_speedup_fits},
    {"pyperf noise rule", t_noise},
    {"pyperf 2.9.0: 50% min/max threshold, 1 ms runs", t_noise_range},
    {"ratio interval: hand-computed bootstrap cases", t_ratio_ci_by_hand},
    {"ratio interval: exact bootstrap distribution", t_ratio_ci_exact},
    {"analysis of a fixture CSV", t_analysis_fixture},
    {"meta.json reader: own keys, strings, arrays, absence, prefixes", t_meta_reader},
    {"each sanity flag raised by its fixture, not by its near miss", t_flags},
    {"ns per unit and slowdown_vs_c across sizes", t_cost_per_unit},
    {"report: warnings, calibration, CI target, coverage, no flagged finding", t_report_flags},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo runner_tests[] = {
    {"bad options: exit 2, one line, nothing written", t_bad_options},
    {"resume a half-finished study", t_resume},
    {"SIGINT keeps finished rows, resume completes", t_interrupt},
    {"smoke study end to end: figures and report", t_smoke_end_to_end},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo study_suites[] = {
    {"analysis statistics", NULL, NULL, NULL, NULL, stats_tests},
    {"study runner", NULL, NULL, NULL, NULL, runner_tests},
    CU_SUITE_INFO_NULL,
};
