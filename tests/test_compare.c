/* test_compare.c - bin/compare on fixture folders whose ratios and
 * intervals are computed by hand, on folders that do not match, on bad
 * input, and on a folder compared with itself. */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "tests.h"

#define NEAR(x, want) (fabs((x) - (want)) <= 1e-9 * fmax(1, fabs(want)))

#define HEADER "impl,round,status,workload,split,size,threads,wall_s,verified\n"

/* Folder A.  Every cell's runs are constant, or B's are, so that the
 * bootstrap distribution of the ratio of medians is the distribution of
 * one resampled median of three values: it is the smallest value when two
 * or three of three draws are (7/27), the largest likewise (7/27), the
 * middle one otherwise (13/27).  With 7/27 > 2.5% on either side, the
 * 2.5% and 97.5% points are exactly the smallest and largest median.
 *   pthreads T=1: A {2,2,2}, B {1.0,1.1,1.2}: 0.55 [0.5, 0.6], faster
 *   pthreads T=2: A {2,2,2}, B {3,4,5}: 2 [1.5, 2.5], slower
 *   openmp T=1:   A {2,2,2}, B {1,2,10}: 1 [0.5, 5], not distinguishable
 *                 (skewed: the ratio of the means would be 2.17)
 *   openmp T=2:   A {1,2,10}, B {2,2,2}: 1 [0.2, 2], not distinguishable
 *   pthreads nqueens T=1: A one run {2}, B {1,1,1}: 0.5, no interval (one
 *                 run says nothing of its spread), not distinguishable
 * Only in A: pthreads T=4; only in B: openmp T=4. */
static const char fixture_a[] = HEADER
    "pthreads,1,ok,sumsq,weak,100,1,2,1\n"
    "pthreads,2,ok,sumsq,weak,100,1,2,1\n"
    "pthreads,3,ok,sumsq,weak,100,1,2,1\n"
    "pthreads,1,ok,sumsq,weak,100,2,2,1\n"
    "pthreads,2,ok,sumsq,weak,100,2,2,1\n"
    "pthreads,3,ok,sumsq,weak,100,2,2,1\n"
    "pthreads,1,ok,sumsq,weak,100,4,2,1\n"
    "openmp,1,ok,sumsq,weak,100,1,2,1\n"
    "openmp,2,ok,sumsq,weak,100,1,2,1\n"
    "openmp,3,ok,sumsq,weak,100,1,2,1\n"
    "openmp,1,ok,sumsq,weak,100,2,10,1\n"
    "openmp,2,ok,sumsq,weak,100,2,1,1\n"
    "openmp,3,ok,sumsq,weak,100,2,2,1\n"
    "openmp,4,failed,sumsq,weak,100,2,0.001,0\n"
    "pthreads,1,ok,nqueens,rr,8,1,2,1\n";

static const char fixture_b[] = HEADER
    "pthreads,1,ok,sumsq,weak,100,1,1.2,1\n"
    "pthreads,2,ok,sumsq,weak,100,1,1.0,1\n"
    "pthreads,3,ok,sumsq,weak,100,1,1.1,1\n"
    "pthreads,1,ok,sumsq,weak,100,2,5,1\n"
    "pthreads,2,ok,sumsq,weak,100,2,3,1\n"
    "pthreads,3,ok,sumsq,weak,100,2,4,1\n"
    "openmp,1,ok,sumsq,weak,100,1,10,1\n"
    "openmp,2,ok,sumsq,weak,100,1,1,1\n"
    "openmp,3,ok,sumsq,weak,100,1,2,1\n"
    "openmp,1,ok,sumsq,weak,100,2,2,1\n"
    "openmp,2,ok,sumsq,weak,100,2,2,1\n"
    "openmp,3,ok,sumsq,weak,100,2,2,1\n"
    "openmp,1,ok,sumsq,weak,100,4,1,1\n"
    "pthreads,1,ok,nqueens,rr,8,1,1,1\n"
    "pthreads,2,ok,nqueens,rr,8,1,1,1\n"
    "pthreads,3,ok,nqueens,rr,8,1,1,1\n";

/* root/name/raw.csv holding csv; the folder's path into dir. */
static bool make_study(const char *root, const char *name, const char *csv, char *dir)
{
    char path[PATH_MAX];
    path_in(dir, root, name);
    return mkdir(dir, 0777) == 0 && write_file(path_in(path, dir, "raw.csv"), csv) == 0;
}

/* bin/compare with args; p gets its exit and output. */
static int run_compare(const char *const *args, struct proc *p)
{
    char bin[PATH_MAX];
    if (!study_bin(bin, "compare"))
        return -1;
    const char *argv[16] = {bin};
    size_t k = 1;
    for (; *args && k < 15; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

struct cmp_row {
    char impl[48], workload[16], threads[8], verdict[32];
    double ratio, lo, hi;
    int runs_a, runs_b;
};

static double num_field(const char *s)
{
    return *s ? strtod(s, NULL) : NAN;
}

/* compare.csv's rows; how many (at most max), or -1 when unreadable or
 * its header is not the documented one. */
static int read_rows(const char *dir, struct cmp_row *rows, int max)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    if (csvr_open(&r, path_in(path, dir, "compare.csv"), &e))
        return -1;
    int n = -1;
    if (csvr_next(&r, &e) == 1 && r.nfields == 14 && !strcmp(r.fields[9], "ratio_b_over_a") &&
        !strcmp(r.fields[13], "verdict")) {
        n = 0;
        while (n < max && csvr_next(&r, &e) == 1 && r.nfields == 14) {
            struct cmp_row *w = &rows[n++];
            snprintf(w->impl, sizeof w->impl, "%s", r.fields[0]);
            snprintf(w->workload, sizeof w->workload, "%s", r.fields[1]);
            snprintf(w->threads, sizeof w->threads, "%s", r.fields[4]);
            snprintf(w->verdict, sizeof w->verdict, "%s", r.fields[13]);
            w->runs_a = atoi(r.fields[5]);
            w->runs_b = atoi(r.fields[7]);
            w->ratio = num_field(r.fields[9]);
            w->lo = num_field(r.fields[10]);
            w->hi = num_field(r.fields[11]);
        }
    }
    csvr_close(&r);
    return n;
}

static const struct cmp_row *find_row(const struct cmp_row *rows, int n, const char *impl, const char *workload,
                                      const char *T)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].impl, impl) && !strcmp(rows[i].workload, workload) && !strcmp(rows[i].threads, T))
            return &rows[i];
    return NULL;
}

/* ---- the tests --------------------------------------------------------------- */

static void t_hand_computed(void)
{
    char *root = tmpdir_make(), a[PATH_MAX], b[PATH_MAX], out[PATH_MAX], path[PATH_MAX], why[512];
    REQUIRE(root, "mkdtemp");
    REQUIRE(make_study(root, "A", fixture_a, a) && make_study(root, "B", fixture_b, b), "fixture folders");
    struct proc p;
    const char *args[] = {a, b, NULL};
    REQUIRE(run_compare(args, &p) == 0, "cannot run compare");
    CHECK(p.exited && p.code == 0, "compare exit %d: %s", p.code, p.err);
    proc_free(&p);
    /* the default output folder: A/compare-<B's name> */
    path_in(out, a, "compare-B");
    struct cmp_row rows[16];
    int n = read_rows(out, rows, 16);
    REQUIRE(n == 7, "compare.csv in %s: %d rows, want 5 shared and 2 in one folder", out, n);
    static const struct {
        const char *impl, *workload, *T, *verdict;
        double ratio, lo, hi;
    } want[] = {
        {"pthreads", "sumsq", "1", "faster", 0.55, 0.5, 0.6},
        {"pthreads", "sumsq", "2", "slower", 2, 1.5, 2.5},
        {"openmp", "sumsq", "1", "not distinguishable", 1, 0.5, 5},
        {"openmp", "sumsq", "2", "not distinguishable", 1, 0.2, 2},
        {"pthreads", "nqueens", "1", "not distinguishable", 0.5, NAN, NAN},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct cmp_row *w = find_row(rows, n, want[i].impl, want[i].workload, want[i].T);
        if (!CHECK(w, "no row for %s %s T=%s", want[i].impl, want[i].workload, want[i].T))
            continue;
        CHECK(NEAR(w->ratio, want[i].ratio), "%s %s T=%s: ratio %g, want %g", want[i].impl, want[i].workload,
              want[i].T, w->ratio, want[i].ratio);
        if (isnan(want[i].lo))
            CHECK(isnan(w->lo) && isnan(w->hi), "%s T=%s: one run has no interval: [%g, %g]", want[i].impl,
                  want[i].T, w->lo, w->hi);
        else
            CHECK(NEAR(w->lo, want[i].lo) && NEAR(w->hi, want[i].hi), "%s %s T=%s: [%g, %g], want [%g, %g]",
                  want[i].impl, want[i].workload, want[i].T, w->lo, w->hi, want[i].lo, want[i].hi);
        CHECK(!strcmp(w->verdict, want[i].verdict), "%s %s T=%s: verdict '%s', want '%s'", want[i].impl,
              want[i].workload, want[i].T, w->verdict, want[i].verdict);
    }
    const struct cmp_row *w = find_row(rows, n, "openmp", "sumsq", "2");
    CHECK(w && w->runs_a == 3, "the failed run is left out: %d runs", w ? w->runs_a : -1);
    w = find_row(rows, n, "pthreads", "sumsq", "4");
    CHECK(w && !strcmp(w->verdict, "only in A") && isnan(w->ratio), "pthreads T=4 only in A");
    w = find_row(rows, n, "openmp", "sumsq", "4");
    CHECK(w && !strcmp(w->verdict, "only in B"), "openmp T=4 only in B");
    /* compare.md: the table and the cells in one folder */
    char *md = slurp(path_in(path, out, "compare.md"), NULL);
    REQUIRE(md, "no compare.md");
    CHECK(strstr(md, "| pthreads | sumsq | weak | 100 | 1 | 3 / 3 | 2 | 1.1 | 0.55 [0.5, 0.6] | **faster** |") &&
              strstr(md, "| 0.5 (no interval) | not distinguishable |") &&
              strstr(md, "- only in A: `pthreads sumsq/weak N=100 T=4` (1 run)") &&
              strstr(md, "- only in B: `openmp sumsq/weak N=100 T=4` (1 run)") &&
              strstr(md, "5 cells in both: 1 faster in B, 1 slower, 3 not distinguishable"),
          "compare.md:\n%s", md);
    free(md);
    /* the figure: five cells drawn, in three formats, and in the page */
    char *dat = slurp(path_in(path, out, "compare.dat"), NULL);
    CHECK(dat && lines(dat) == 6, "compare.dat: a comment and 5 rows:\n%s", dat ? dat : "(none)");
    free(dat);
    static const char *const figs[] = {"compare.png", "compare.svg", "compare.pdf", "compare.html"};
    for (size_t i = 0; i < 4; i++)
        CHECK(file_exists(path_in(path, out, figs[i])), "%s missing", figs[i]);
    int rc = html_figures_render(path_in(path, out, "compare.html"), 1, why, sizeof why);
    if (rc < 0)
        printf("\nSKIP: chromium render check of compare.html: %s\n", why);
    else
        CHECK(rc == 1, "compare.html: %s", why);
    tmpdir_remove(root);
}

static void t_mismatch(void)
{
    char *root = tmpdir_make(), a[PATH_MAX], b[PATH_MAX], c[PATH_MAX], out[PATH_MAX], path[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    char extra_impl[sizeof fixture_b + 128], other_size[sizeof fixture_b + 128];
    snprintf(extra_impl, sizeof extra_impl, "%smultiprocess,1,ok,sumsq,weak,100,1,2,1\n", fixture_b);
    snprintf(other_size, sizeof other_size, "%spthreads,1,ok,sumsq,weak,200,1,2,1\n", fixture_b);
    REQUIRE(make_study(root, "A", fixture_a, a) && make_study(root, "B", extra_impl, b) &&
                make_study(root, "C", other_size, c),
            "fixture folders");
    path_in(out, root, "out");
    static const struct {
        const char *b, *says;
    } cases[] = {
        {"B", "implementations only in B: multiprocess"},
        {"C", "sizes only in B: sumsq/weak N=200"},
    };
    for (size_t i = 0; i < 2; i++) {
        char other[PATH_MAX];
        path_in(other, root, cases[i].b);
        const char *args[] = {"-o", out, a, other, NULL};
        struct proc p;
        REQUIRE(run_compare(args, &p) == 0, "cannot run compare");
        CHECK(p.exited && p.code == 2 && lines(p.err) == 1 && strstr(p.err, cases[i].says) &&
                  strstr(p.err, "--force"),
              "A against %s: exit %d, stderr: %s", cases[i].b, p.code, p.err);
        proc_free(&p);
        CHECK(!file_exists(out), "a refused comparison created %s", out);
    }
    /* --force: only the shared cells; multiprocess is listed as in B only */
    const char *args[] = {"--force", "--no-figure", "-o", out, a, b, NULL};
    struct proc p;
    REQUIRE(run_compare(args, &p) == 0, "cannot run compare");
    CHECK(p.exited && p.code == 0, "--force: exit %d, stderr: %s", p.code, p.err);
    proc_free(&p);
    struct cmp_row rows[16];
    int n = read_rows(out, rows, 16);
    const struct cmp_row *w = find_row(rows, n, "multiprocess", "sumsq", "1");
    CHECK(n == 8 && w && !strcmp(w->verdict, "only in B"), "--force: %d rows, multiprocess %s", n,
          w ? w->verdict : "absent");
    w = find_row(rows, n, "pthreads", "sumsq", "1");
    CHECK(w && !strcmp(w->verdict, "faster"), "--force still compares the shared cells");
    char *md = slurp(path_in(path, out, "compare.md"), NULL);
    CHECK(md && strstr(md, "Compared with --force") && strstr(md, "Not drawn"), "compare.md says --force");
    free(md);
    CHECK(!file_exists(path_in(path, out, "compare.svg")), "--no-figure drew a figure");
    tmpdir_remove(root);
}

/* Bad input: one line, exit 2, and an earlier comparison in the output
 * folder left as it was. */
static void t_bad_input(void)
{
    char *root = tmpdir_make(), a[PATH_MAX], b[PATH_MAX], bad[PATH_MAX], empty[PATH_MAX], out[PATH_MAX];
    char path[PATH_MAX], missing[PATH_MAX], file[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    REQUIRE(make_study(root, "A", fixture_a, a) && make_study(root, "B", fixture_b, b) &&
                make_study(root, "bad", HEADER "pthreads,1,ok,sumsq,weak,100,1,fast,1\n", bad) &&
                make_study(root, "failed", HEADER "pthreads,1,failed,sumsq,weak,100,1,1,0\n", empty),
            "fixture folders");
    path_in(out, root, "out");
    path_in(missing, root, "no-such-folder");
    write_file(path_in(file, root, "a-file"), "x");
    char noraw[PATH_MAX];
    mkdir(path_in(noraw, root, "noraw"), 0777);
    const char *good[] = {"--no-figure", "-o", out, a, b, NULL};
    struct proc p;
    REQUIRE(run_compare(good, &p) == 0 && p.exited && p.code == 0, "the first comparison: %s", p.err);
    proc_free(&p);
    char *before = slurp(path_in(path, out, "compare.csv"), NULL);
    REQUIRE(before, "no compare.csv");
    const char *const cases[][8] = {
        {"-o", out, missing, b, NULL},
        {"-o", out, a, missing, NULL},
        {"-o", out, file, b, NULL},
        {"-o", out, noraw, b, NULL},
        {"-o", out, a, bad, NULL},
        {"-o", out, empty, b, NULL},
        {"-o", out, a, NULL},
        {"-o", out, a, b, a, NULL},
        {"--frobnicate", a, b, NULL},
        {"--boot-seed", "x", a, b, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        REQUIRE(run_compare(cases[i], &p) == 0, "cannot run compare");
        CHECK(p.exited && p.code == 2 && lines(p.err) == 1, "case %zu (%s %s %s): exit %d, stderr: %s", i,
              cases[i][2], cases[i][3], cases[i][4] ? cases[i][4] : "", p.code, p.err);
        proc_free(&p);
    }
    char *after = slurp(path_in(path, out, "compare.csv"), NULL);
    CHECK(after && !strcmp(before, after), "a failed comparison changed the earlier compare.csv");
    free(before);
    free(after);
    tmpdir_remove(root);
}

/* A folder against itself: every cell not distinguishable, ratio 1. */
static void t_self(void)
{
    char *root = tmpdir_make(), b[PATH_MAX], out[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    REQUIRE(make_study(root, "B", fixture_b, b), "fixture folder");
    path_in(out, root, "out");
    const char *args[] = {"--no-figure", "-o", out, b, b, NULL};
    struct proc p;
    REQUIRE(run_compare(args, &p) == 0, "cannot run compare");
    CHECK(p.exited && p.code == 0, "exit %d: %s", p.code, p.err);
    proc_free(&p);
    struct cmp_row rows[16];
    int n = read_rows(out, rows, 16);
    CHECK(n == 6, "6 cells: %d", n);
    for (int i = 0; i < n; i++)
        CHECK(!strcmp(rows[i].verdict, "not distinguishable") && NEAR(rows[i].ratio, 1.0) &&
                  (isnan(rows[i].lo) || (rows[i].lo <= 1 && rows[i].hi >= 1)),
              "%s T=%s against itself: %g [%g, %g] %s", rows[i].impl, rows[i].threads, rows[i].ratio, rows[i].lo,
              rows[i].hi, rows[i].verdict);
    tmpdir_remove(root);
}

static CU_TestInfo compare_tests[] = {
    {"hand-computed ratios, intervals and verdicts; cells in one folder; figure", t_hand_computed},
    {"mismatched implementations or sizes refused (exit 2); --force compares the shared", t_mismatch},
    {"bad input: one line, exit 2, earlier outputs untouched", t_bad_input},
    {"a folder against itself: every cell not distinguishable", t_self},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo compare_suites[] = {
    {"compare two studies", NULL, NULL, NULL, NULL, compare_tests},
    CU_SUITE_INFO_NULL,
};
