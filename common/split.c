/* split.c - how a job is cut into work for T workers (split.h). */
#include "split.h"

#include <stdlib.h>

void split_chunk(uint64_t n, unsigned workers, unsigned w, uint64_t *lo, uint64_t *hi)
{
    /* n <= 10^10 and workers <= 4096, so n * w < 2^46: no overflow.  The
     * u128 keeps the function exact for any n a caller may pass. */
    *lo = (uint64_t)((u128)n * w / workers);
    *hi = (uint64_t)((u128)n * (w + 1) / workers);
}

struct nq_task split_first_row(unsigned n, unsigned col)
{
    (void)n;
    uint64_t bit = UINT64_C(1) << col;
    return (struct nq_task){.cols = bit, .d1 = bit << 1, .d2 = bit >> 1, .row = 1};
}

int split_pool(unsigned n, struct nq_task **tasks, uint64_t *len, struct err *e)
{
    /* At most n * n prefixes; counted exactly below. */
    struct nq_task *t = malloc((size_t)n * n * sizeof *t);
    if (!t)
        return err_set(e, EXIT_RUN_FAILED, "out of memory for the %u-queens task pool", n);
    uint64_t k = 0;
    const uint64_t mask = (UINT64_C(1) << n) - 1;
    for (unsigned c0 = 0; c0 < n; c0++) {
        struct nq_task first = split_first_row(n, c0);
        if (n == 1) {
            t[k++] = first;
            continue;
        }
        uint64_t free = ~(first.cols | first.d1 | first.d2) & mask;
        while (free) {
            uint64_t bit = free & (~free + 1);
            free -= bit;
            t[k++] = (struct nq_task){.cols = first.cols | bit,
                                      .d1 = (first.d1 | bit) << 1,
                                      .d2 = (first.d2 | bit) >> 1,
                                      .row = 2};
        }
    }
    *tasks = t;
    *len = k;
    return 0;
}
