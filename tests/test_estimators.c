/* test_estimators.c - bin/estimators on a raw.csv whose answers are known
 * by hand, and on bad input.
 *
 * The fixture: pthreads runs rounds 1..4 of sumsq weak T = 2, two values a
 * process (rep 1, 2): {2, 3}, {4, 5}, {6, 7}, {8, 9}, and a failed round 5;
 * openmp rounds 1, 3, 4: {1, 1.5}, {3, 3.5}, {4, 4.5}; rows of another T and
 * another workload that must be left out.
 *   pooled medians: pthreads (5 + 6) / 2 = 5.5, openmp (3 + 3.5) / 2 = 3.25,
 *   so the unpaired ratio is 5.5 / 3.25 = 1.6923 (a reader pooling the
 *   T = 4 rows, or the failed one, gets another);
 *   pairs: rounds 1, 3, 4 (3 pairs), process medians 2.5, 6.5, 8.5 over
 *   1.25, 3.25, 4.25: every ratio 2, whose median is 2 (pairing by
 *   position instead of round gives 2, 4.5 / 3.25, 6.5 / 4.25: median
 *   1.53);
 *   levels reached: 4 processes against 3 -> 1 - 2/8 = 0.75 unpaired, 3
 *   pairs 0.75. */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

static const char fixture[] =
    "impl,round,status,reason,workload,split,size,threads,rep,wall_s,verified\n"
    "pthreads,1,ok,,sumsq,weak,1000,2,1,2,1\n"
    "pthreads,1,ok,,sumsq,weak,1000,2,2,3,1\n"
    "openmp,1,ok,,sumsq,weak,1000,2,1,1,1\n"
    "openmp,1,ok,,sumsq,weak,1000,2,2,1.5,1\n"
    "pthreads,2,ok,,sumsq,weak,1000,2,2,5,1\n" /* rep 2 before rep 1 */
    "pthreads,2,ok,,sumsq,weak,1000,2,1,4,1\n"
    "openmp,4,ok,,sumsq,weak,1000,2,1,4,1\n"
    "openmp,4,ok,,sumsq,weak,1000,2,2,4.5,1\n"
    "openmp,3,ok,,sumsq,weak,1000,2,1,3,1\n"
    "openmp,3,ok,,sumsq,weak,1000,2,2,3.5,1\n"
    "pthreads,3,ok,,sumsq,weak,1000,2,1,6,1\n"
    "pthreads,3,ok,,sumsq,weak,1000,2,2,7,1\n"
    "pthreads,4,ok,,sumsq,weak,1000,2,1,8,1\n"
    "pthreads,4,ok,,sumsq,weak,1000,2,2,9,1\n"
    "pthreads,5,failed,timeout,sumsq,weak,1000,2,1,100,0\n"
    "pthreads,1,ok,,sumsq,weak,1000,4,1,50,1\n"
    "openmp,1,ok,,nqueens,rr,10,2,1,70,1\n";

static int run_estimators(const char *raw, const char *impl_b, struct proc *p)
{
    char bin[PATH_MAX];
    if (!study_bin(bin, "estimators"))
        return -1;
    char *argv[] = {bin, "-w", "sumsq", "-s", "weak", "-t", "2", "-r", "2000", (char *)raw, "pthreads",
                    (char *)impl_b, NULL};
    return proc_run(argv, p);
}

/* The row of `estimator` (a prefix) in the output: units, estimate,
 * lo, hi, reached. */
static bool row(const char *out, const char *what, const char *estimator, double f[5])
{
    char want[96];
    snprintf(want, sizeof want, "\n%s\t%s", what, estimator);
    const char *at = strstr(out, want);
    if (!at)
        return false;
    at = strchr(at + 1, '\t');
    at = at ? strchr(at + 1, '\t') : NULL;
    return at && sscanf(at, "%lf %lf %lf %lf %lf", &f[0], &f[1], &f[2], &f[3], &f[4]) == 5;
}

static void t_by_hand(void)
{
    char *dir = tmpdir_make(), raw[PATH_MAX];
    struct proc p = {0};
    REQUIRE_OR(out, dir && write_file(path_in(raw, dir, "raw.csv"), fixture) == 0, "setup");
    REQUIRE_OR(out, run_estimators(raw, "openmp", &p) == 0, "bin/estimators did not run (STUDY_BIN unset?)");
    REQUIRE_OR(out, p.exited && p.code == 0, "exit %d: %s", p.code, p.err);
    double f[5];
    CHECK(strstr(p.out, "1 rows not ok left out") && strstr(p.out, "4 processes, 8 values") &&
              strstr(p.out, "3 processes, 6 values") && strstr(p.out, "# 3 pairs"),
          "counts in the header lines:\n%s", p.out);
    CHECK(row(p.out, "A", "median", f) && f[0] == 4 && f[1] == 5.5, "A's median: %s", p.out);
    CHECK(row(p.out, "B", "median", f) && f[0] == 3 && f[1] == 3.25, "B's median: %s", p.out);
    CHECK(row(p.out, "A/B", "ratio of medians", f) && fabs(f[1] - 5.5 / 3.25) < 1e-5 && f[4] == 0.75 &&
              f[2] <= f[1] && f[1] <= f[3],
          "unpaired ratio 1.6923 at 0.75: %s", p.out);
    CHECK(row(p.out, "A/B", "median of pair ratios", f) && f[0] == 3 && f[1] == 2 && f[4] == 0.75,
          "paired: 3 pairs, 2 at 0.75: %s", p.out);
    CHECK(row(p.out, "A/B", "ratio of q0.25", f) && row(p.out, "A", "q0.25", f), "the low-quantile rows: %s", p.out);
out:
    proc_free(&p);
    if (dir)
        tmpdir_remove(dir);
}

static void t_bad_input(void)
{
    char *dir = tmpdir_make(), raw[PATH_MAX], nocol[PATH_MAX], sizes[PATH_MAX];
    REQUIRE(dir, "setup");
    write_file(path_in(raw, dir, "raw.csv"), fixture);
    write_file(path_in(nocol, dir, "nocol.csv"), "impl,round,status,workload,split,threads,size\npthreads,1,ok,"
                                                 "sumsq,weak,2,1000\n");
    write_file(path_in(sizes, dir, "sizes.csv"), "impl,round,status,workload,split,threads,size,wall_s\n"
                                                 "pthreads,1,ok,sumsq,weak,2,1000,1\n"
                                                 "pthreads,2,ok,sumsq,weak,2,2000,1\n"
                                                 "openmp,1,ok,sumsq,weak,2,1000,1\n");
    const struct {
        const char *raw, *impl_b, *why;
    } bad[] = {{raw, "mpi", "mpi"}, {nocol, "openmp", "wall_s"}, {sizes, "openmp", "two sizes"},
               {"/nonexistent/raw.csv", "openmp", "nonexistent"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct proc p = {0};
        if (CHECK(run_estimators(bad[i].raw, bad[i].impl_b, &p) == 0, "bin/estimators did not run"))
            CHECK(p.exited && p.code == 2 && !*p.out && strstr(p.err, bad[i].why) &&
                      strchr(p.err, '\n') == p.err + strlen(p.err) - 1,
                  "case %zu: exit %d, stdout '%s', stderr '%s': want 2, nothing, one line naming %s", i, p.code, p.out,
                  p.err, bad[i].why);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

static CU_TestInfo estimators_tests[] = {
    {"two cells by hand: medians, ratio, pairs by round, levels", t_by_hand},
    {"bad input: exit 2, one line, nothing on stdout", t_bad_input},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo estimators_suites[] = {
    {"estimators cli", NULL, NULL, NULL, NULL, estimators_tests},
    CU_SUITE_INFO_NULL,
};
