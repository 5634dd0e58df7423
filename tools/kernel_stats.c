/* kernel_stats.c - single-thread figures of the C kernels for the notes and
 * the README: sumsq ns per iteration and nqueens seconds and ns per node
 * (search-tree calls, counted by nqueens_nodes()).  Median of R timed runs
 * after one warm-up; every run's result is checked.
 *
 * It also prints the bound that the rr split's load imbalance puts on
 * nqueens speedup: with the first-row columns dealt round-robin, the run
 * lasts at least as long as the worker with the most search-tree nodes, so
 * speedup <= total nodes / that worker's nodes, whatever the hardware
 * (common/scaling.c computes it, for this tool and the analysis alike).
 *
 * usage: kernel_stats [N] [n] [R]   (defaults 40000000 14 5) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "scaling.h"
#include "timer.h"
#include "workload.h"

#define RUNS_MAX 101

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    uint64_t N = 40000000, n = 14, R = 5;
    if ((argc > 1 && cli_parse_u64(argv[1], 1, SUMSQ_SIZE_MAX, &N)) ||
        (argc > 2 && cli_parse_u64(argv[2], 1, NQUEENS_SIZE_MAX, &n)) ||
        (argc > 3 && cli_parse_u64(argv[3], 1, RUNS_MAX, &R))) {
        fprintf(stderr, "usage: kernel_stats [N 1..10^10] [n 1..20] [R 1..%d]\n", RUNS_MAX);
        return EXIT_USAGE;
    }
    double s[RUNS_MAX], q[RUNS_MAX];
    int wrong = 0;
    for (uint64_t r = 0; r <= R; r++) { /* r == 0: warm-up */
        double t0 = timer_now_s();
        wrong |= kernel_sumsq(0, N) != sumsq_exact(N);
        double t1 = timer_now_s();
        wrong |= kernel_nqueens((unsigned)n, 0, 0, 0, 0) != nqueens_exact((unsigned)n);
        double t2 = timer_now_s();
        if (r) {
            s[r - 1] = t1 - t0;
            q[r - 1] = t2 - t1;
        }
    }
    qsort(s, R, sizeof *s, cmp_double);
    qsort(q, R, sizeof *q, cmp_double);
    uint64_t nodes = nqueens_nodes((unsigned)n);
    printf("sumsq N=%" PRIu64 ": median %.4f s (min %.4f max %.4f), %.3f ns/iteration\n", N, s[R / 2], s[0],
           s[R - 1], s[R / 2] * 1e9 / (double)N);
    printf("nqueens n=%" PRIu64 ": median %.4f s (min %.4f max %.4f), %" PRIu64 " nodes, %.3f ns/node\n", n,
           q[R / 2], q[0], q[R - 1], nodes, q[R / 2] * 1e9 / (double)nodes);
    printf("runs %" PRIu64 " after 1 warm-up; results %s\n", R, wrong ? "WRONG" : "verified");
    static const unsigned workers[] = {1, 2, 4, 8, 16, 32, 64};
    struct scaling_nq counts;
    scaling_nq_count((unsigned)n, &counts); /* n is in range: parsed above */
    printf("nqueens n=%" PRIu64 " rr split, load-imbalance bound:", n);
    for (size_t i = 0; i < sizeof workers / sizeof workers[0]; i++) {
        double bound = scaling_rr_cap(&counts, workers[i]);
        printf(" T=%u speedup<=%.2f (eff<=%.2f)", workers[i], bound, bound / workers[i]);
    }
    printf("\n");
    return wrong ? EXIT_RUN_FAILED : EXIT_OK;
}
