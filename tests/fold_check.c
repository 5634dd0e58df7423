/* fold_check.c - proves that kernel_sumsq really runs its loop under the
 * compiler that built it: doubling N must roughly double the time.  A
 * compiler that replaced the loop with the closed form (clang does, for the
 * plain loop) would give a ratio near 1.
 *
 * Built once per compiler (gcc, clang) by `make test`.  Timings are the
 * minimum of several interleaved runs, and only their ratio is judged, so
 * a noisy machine slows both sides alike.  Prints the plain summary line
 * "fold-check: N passed, N failed". */
#include <stdio.h>
#include <time.h>

#include "workload.h"

#define BASE_N 20000000ULL /* ~20 ms per run at ~1 ns per iteration */
#define TRIALS 7
#define RATIO_MIN 1.5      /* doubling the work; 1.0 would mean folded */
#define RATIO_MAX 3.0

#ifdef __clang__
#define COMPILER "clang " __clang_version__
#else
#define COMPILER "gcc " __VERSION__
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Times kernel_sumsq(0, n) and checks the value, so the call is used. */
static double time_sumsq(unsigned long long n, int *wrong)
{
    double t0 = now_s();
    u128 v = kernel_sumsq(0, n);
    double t = now_s() - t0;
    if (v != sumsq_exact(n))
        *wrong = 1;
    return t;
}

int main(void)
{
    volatile unsigned long long n = BASE_N; /* not a constant the compiler can see */
    double best1 = 1e9, best2 = 1e9;
    int wrong = 0;
    for (int i = 0; i < TRIALS; i++) {
        double a = time_sumsq(n, &wrong), b = time_sumsq(2 * n, &wrong);
        if (a < best1)
            best1 = a;
        if (b < best2)
            best2 = b;
    }
    double ratio = best2 / best1;
    int ok = !wrong && ratio >= RATIO_MIN && ratio <= RATIO_MAX;
    printf("fold-check [%s]: N=%llu %.3f ms (%.3f ns/iter), 2N %.3f ms, ratio %.2f (want %.1f..%.1f)%s\n",
           COMPILER, (unsigned long long)n, best1 * 1e3, best1 * 1e9 / (double)n, best2 * 1e3, ratio,
           RATIO_MIN, RATIO_MAX, wrong ? ", WRONG RESULT" : "");
    printf("fold-check: %d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
