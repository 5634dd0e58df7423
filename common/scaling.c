/* scaling.c - the splits' work-balance caps and Gustafson's scaled serial
 * fraction (scaling.h). */
#include "scaling.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include "split.h"

/* ---- nqueens node counts, once per n --------------------------------------- */

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct scaling_nq cache[SCALING_NQ_MAX + 1];
static int cached[SCALING_NQ_MAX + 1];

/* Counts every two-row task of the columns c of the first row with
 * c <= (n - 1) / 2 and mirrors the rest: the board's left-right mirror maps
 * column c to n - 1 - c and each of its tasks to one with the same nodes,
 * so the counts are exact at half the cost. */
int scaling_nq_count(unsigned n, struct scaling_nq *out)
{
    if (n < 1 || n > NQUEENS_SIZE_MAX)
        return -1;
    memset(out, 0, sizeof *out);
    out->n = n;
    const uint64_t mask = (UINT64_C(1) << n) - 1;
    for (unsigned c = 0; c <= (n - 1) / 2; c++) {
        struct nq_task first = split_first_row(n, c);
        uint64_t nodes = 1, largest = 0;
        if (n == 1) {
            largest = 1; /* the pool is the first row itself */
        } else {
            uint64_t free = ~(first.cols | first.d1 | first.d2) & mask;
            while (free) {
                uint64_t bit = free & (~free + 1);
                free -= bit;
                uint64_t t = nqueens_nodes_below(n, first.cols | bit, (first.d1 | bit) << 1,
                                                 (first.d2 | bit) >> 1, 2);
                nodes += t;
                if (t > largest)
                    largest = t;
            }
        }
        out->col[c] = out->col[n - 1 - c] = nodes;
        if (largest > out->dyn_largest)
            out->dyn_largest = largest;
    }
    for (unsigned c = 0; c < n; c++)
        out->rr_total += out->col[c];
    /* Each column's own node is placed in set-up by the dynamic split. */
    out->dyn_total = n == 1 ? 1 : out->rr_total - n;
    return 0;
}

int scaling_nq_cached(unsigned n, struct scaling_nq *out)
{
    if (n < 1 || n > SCALING_NQ_MAX)
        return -1;
    pthread_mutex_lock(&cache_lock);
    if (!cached[n]) {
        scaling_nq_count(n, &cache[n]);
        cached[n] = 1;
    }
    *out = cache[n];
    pthread_mutex_unlock(&cache_lock);
    return 0;
}

double scaling_rr_cap(const struct scaling_nq *c, unsigned T)
{
    if (T == 0 || c->rr_total == 0)
        return NAN;
    uint64_t worst = 0;
    for (unsigned w = 0; w < T && w < c->n; w++) {
        uint64_t sum = 0;
        for (unsigned col = w; col < c->n; col += T)
            sum += c->col[col];
        if (sum > worst)
            worst = sum;
    }
    return (double)c->rr_total / (double)worst;
}

double scaling_dyn_cap(const struct scaling_nq *c, unsigned T)
{
    if (T == 0 || c->dyn_largest == 0)
        return NAN;
    double share = (double)c->dyn_total / T, largest = (double)c->dyn_largest;
    return (double)c->dyn_total / (share > largest ? share : largest);
}

double scaling_split_cap(enum workload_id w, enum split_id s, uint64_t size, unsigned T)
{
    if (T == 0 || size == 0)
        return NAN;
    if (w == WL_SUMSQ && s == SPLIT_WEAK)
        return T;
    if (w == WL_SUMSQ && s == SPLIT_STRONG) {
        uint64_t longest = 0, lo, hi;
        for (unsigned k = 0; k < T; k++) {
            split_chunk(size, T, k, &lo, &hi);
            if (hi - lo > longest)
                longest = hi - lo;
        }
        return (double)size / (double)longest;
    }
    struct scaling_nq c;
    if (w != WL_NQUEENS || size > SCALING_NQ_MAX || scaling_nq_cached((unsigned)size, &c))
        return NAN;
    if (s == SPLIT_RR)
        return scaling_rr_cap(&c, T);
    if (s == SPLIT_DYNAMIC)
        return scaling_dyn_cap(&c, T);
    return NAN;
}

double scaling_gustafson(double S, unsigned T)
{
    if (T < 2 || !(S > 0) || !isfinite(S))
        return NAN;
    return ((double)T - S) / ((double)T - 1);
}
