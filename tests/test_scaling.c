/* test_scaling.c - the splits' work-balance caps and Gustafson's scaled
 * serial fraction (common/scaling.c).
 *
 * "scaling caps": the rr caps bin/kernel-stats has always printed (n = 12:
 * 5.97 at T = 8; n = 14: 2.00, 3.61, 6.92, 12.80 at T = 2, 4, 8, 16, the
 * numbers issue 17 quotes); every count against a brute-force search that
 * places queens in an array (no bitmasks, no mirror) and deals the tasks
 * out itself; sumsq's caps by hand; "unknown" where it must be.  The
 * fixtures tell the largest worker from the mean one (which would always
 * say T) and the largest task from the mean task.
 * "gustafson": by hand, where T and T - 1 in the denominator differ. */
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "scaling.h"
#include "tests.h"

/* ---- brute force ---------------------------------------------------------------- */

static bool safe(const unsigned *q, unsigned row, unsigned col)
{
    for (unsigned r = 0; r < row; r++) {
        unsigned c = q[r], dc = c > col ? c - col : col - c;
        if (c == col || dc == row - r)
            return false;
    }
    return true;
}

/* Calls of the search below queens q[0 .. row-1], this call included. */
static uint64_t brute_nodes(unsigned n, unsigned *q, unsigned row)
{
    uint64_t calls = 1;
    if (row == n)
        return 1;
    for (unsigned c = 0; c < n; c++)
        if (safe(q, row, c)) {
            q[row] = c;
            calls += brute_nodes(n, q, row + 1);
        }
    return calls;
}

/* ---- the caps -------------------------------------------------------------------- */

static void t_kernel_stats_numbers(void)
{
    const struct {
        unsigned n, T;
        double cap;
    } want[] = {{12, 8, 5.97}, {14, 2, 2.00}, {14, 4, 3.61}, {14, 8, 6.92}, {14, 16, 12.80}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        double got = scaling_split_cap(WL_NQUEENS, SPLIT_RR, want[i].n, want[i].T);
        CHECK(fabs(got - want[i].cap) < 0.005, "rr n = %u T = %u: %.4f, kernel-stats printed %.2f", want[i].n,
              want[i].T, got, want[i].cap);
    }
}

/* n = 1..11: columns, totals, the largest two-row task, and each cap at
 * T = 1 .. n + 2, from the brute-force counts. */
static void t_against_brute_force(void)
{
    for (unsigned n = 1; n <= 11; n++) {
        struct scaling_nq c;
        REQUIRE(scaling_nq_cached(n, &c) == 0, "counts for n = %u", n);
        unsigned q[32];
        uint64_t col[32], total = 0, largest = 0, dyn_total = 0;
        for (unsigned c0 = 0; c0 < n; c0++) {
            q[0] = c0;
            col[c0] = brute_nodes(n, q, 1);
            total += col[c0];
            if (n == 1) {
                largest = dyn_total = col[0];
                continue;
            }
            for (unsigned c1 = 0; c1 < n; c1++)
                if (safe(q, 1, c1)) {
                    q[1] = c1;
                    uint64_t t = brute_nodes(n, q, 2);
                    dyn_total += t;
                    if (t > largest)
                        largest = t;
                }
        }
        bool cols_ok = true;
        for (unsigned c0 = 0; c0 < n; c0++)
            cols_ok &= c.col[c0] == col[c0];
        CHECK(cols_ok && c.rr_total == total && total == ref_nqueens_nodes(n) - 1,
              "n = %u: column counts or total %llu (brute force %llu)", n, (unsigned long long)c.rr_total,
              (unsigned long long)total);
        CHECK(c.dyn_total == dyn_total && c.dyn_largest == largest,
              "n = %u dynamic: total %llu largest %llu, brute force %llu %llu", n, (unsigned long long)c.dyn_total,
              (unsigned long long)c.dyn_largest, (unsigned long long)dyn_total, (unsigned long long)largest);
        for (unsigned T = 1; T <= n + 2; T++) {
            uint64_t worst = 0;
            for (unsigned w = 0; w < T; w++) {
                uint64_t sum = 0;
                for (unsigned c0 = w; c0 < n; c0 += T)
                    sum += col[c0];
                worst = sum > worst ? sum : worst;
            }
            double rr = (double)total / (double)worst;
            /* n = 2, 3: no legal second row, no task: no cap. */
            double dyn = largest ? fmin((double)T, (double)dyn_total / (double)largest) : NAN;
            double got_rr = scaling_split_cap(WL_NQUEENS, SPLIT_RR, n, T);
            double got_dyn = scaling_split_cap(WL_NQUEENS, SPLIT_DYNAMIC, n, T);
            if (!CHECK(got_rr == rr && (fabs(got_dyn - dyn) <= 1e-12 * dyn || (isnan(dyn) && isnan(got_dyn))),
                       "n = %u T = %u: rr %.17g (brute force %.17g), dynamic %.17g (%.17g)", n, T, got_rr, rr, got_dyn,
                       dyn))
                return;
        }
    }
    /* The fixture tells the largest worker from the mean: n = 8, T = 3
     * is uneven, so the cap is below T. */
    CHECK(scaling_split_cap(WL_NQUEENS, SPLIT_RR, 8, 3) < 2.9, "rr n = 8 T = 3: %g, not below 3",
          scaling_split_cap(WL_NQUEENS, SPLIT_RR, 8, 3));
    /* ... and the largest task from the mean one: n = 6 has 4 solutions in
     * a few large tasks, so dynamic's cap is below T at T = 16. */
    CHECK(scaling_split_cap(WL_NQUEENS, SPLIT_DYNAMIC, 6, 16) < 16, "dynamic n = 6 T = 16: %g",
          scaling_split_cap(WL_NQUEENS, SPLIT_DYNAMIC, 6, 16));
}

/* Weak: T.  Strong, N = 10 at T = 4: chunks 2, 3, 2, 3 -> 10 / 3; N = 8:
 * 4; N = 3 at T = 8: chunks of 0 or 1 -> 3. */
static void t_sumsq_caps(void)
{
    CHECK(scaling_split_cap(WL_SUMSQ, SPLIT_WEAK, 1000, 16) == 16, "weak T = 16");
    CHECK(scaling_split_cap(WL_SUMSQ, SPLIT_STRONG, 10, 4) == 10.0 / 3, "strong 10 at 4: %.17g",
          scaling_split_cap(WL_SUMSQ, SPLIT_STRONG, 10, 4));
    CHECK(scaling_split_cap(WL_SUMSQ, SPLIT_STRONG, 8, 4) == 4, "strong 8 at 4");
    CHECK(scaling_split_cap(WL_SUMSQ, SPLIT_STRONG, 3, 8) == 3, "strong 3 at 8: %g",
          scaling_split_cap(WL_SUMSQ, SPLIT_STRONG, 3, 8));
}

static void t_unknown(void)
{
    CHECK(isnan(scaling_split_cap(WL_NQUEENS, SPLIT_RR, SCALING_NQ_MAX + 1, 4)), "n above the limit: not NAN");
    CHECK(isnan(scaling_split_cap(WL_NQUEENS, SPLIT_RR, 10, 0)) && isnan(scaling_split_cap(WL_SUMSQ, SPLIT_WEAK, 10, 0)),
          "T = 0: not NAN");
    CHECK(isnan(scaling_split_cap(WL_SUMSQ, SPLIT_RR, 10, 2)) && isnan(scaling_split_cap(WL_NQUEENS, SPLIT_WEAK, 10, 2)),
          "a split of the other workload: not NAN");
    struct scaling_nq c;
    CHECK(scaling_nq_cached(0, &c) == -1 && scaling_nq_cached(SCALING_NQ_MAX + 1, &c) == -1, "n out of range");
}

/* Four threads ask for caps of sizes none has counted yet, at once: every
 * answer is the one counted alone (and `make sanitize` runs this under
 * ThreadSanitizer, which sees any unguarded access to the cache). */
struct cap_job {
    unsigned n;
    double cap[4];
};

static void *cap_worker(void *arg)
{
    struct cap_job *j = arg;
    for (unsigned t = 0; t < 4; t++)
        j->cap[t] = scaling_split_cap(WL_NQUEENS, t % 2 ? SPLIT_DYNAMIC : SPLIT_RR, j->n, 2 + t);
    return NULL;
}

static void t_threads_agree(void)
{
    struct cap_job jobs[4] = {{13, {0}}, {13, {0}}, {12, {0}}, {13, {0}}};
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        REQUIRE(pthread_create(&th[i], NULL, cap_worker, &jobs[i]) == 0, "thread");
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
        struct scaling_nq c;
        scaling_nq_count(jobs[i].n, &c);
        for (unsigned t = 0; t < 4; t++) {
            double alone = t % 2 ? scaling_dyn_cap(&c, 2 + t) : scaling_rr_cap(&c, 2 + t);
            CHECK(jobs[i].cap[t] == alone, "thread %d, n = %u, T = %u: %g, counted alone %g", i, jobs[i].n, 2 + t,
                  jobs[i].cap[t], alone);
        }
    }
}

/* ---- Gustafson ------------------------------------------------------------------- */

/* e = (T - S) / (T - 1): S = 1.5, T = 2: 0.5 (over T: 0.25); S = 7, T = 8:
 * 1/7 (over T: 1/8); S = T: 0; S = 1: 1; S = 9, T = 8: -1/7. */
static void t_gustafson_by_hand(void)
{
    CHECK(scaling_gustafson(1.5, 2) == 0.5, "S 1.5 T 2: %.17g", scaling_gustafson(1.5, 2));
    CHECK(fabs(scaling_gustafson(7, 8) - 1.0 / 7) < 1e-15, "S 7 T 8: %.17g, want 1/7", scaling_gustafson(7, 8));
    CHECK(scaling_gustafson(8, 8) == 0 && scaling_gustafson(1, 4) == 1, "perfect and none");
    CHECK(fabs(scaling_gustafson(9, 8) + 1.0 / 7) < 1e-15, "S 9 T 8: %.17g", scaling_gustafson(9, 8));
    CHECK(isnan(scaling_gustafson(1, 1)) && isnan(scaling_gustafson(0, 4)) && isnan(scaling_gustafson(INFINITY, 4)),
          "undefined at T = 1, S = 0 or infinite");
}

static CU_TestInfo cap_tests[] = {
    {"rr caps kernel-stats prints (n = 12, 14)", t_kernel_stats_numbers},
    {"node counts and caps against brute force, n = 1..11", t_against_brute_force},
    {"sumsq weak and strong caps by hand", t_sumsq_caps},
    {"unknown: n above the limit, T = 0, another workload's split", t_unknown},
    {"caps asked from four threads at once agree", t_threads_agree},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo gustafson_tests[] = {
    {"scaled serial fraction by hand", t_gustafson_by_hand},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo scaling_suites[] = {
    {"scaling caps", NULL, NULL, NULL, NULL, cap_tests},
    {"gustafson", NULL, NULL, NULL, NULL, gustafson_tests},
    CU_SUITE_INFO_NULL,
};
