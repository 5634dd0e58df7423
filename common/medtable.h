/* medtable.h - the exact bootstrap distribution of the median of k values,
 * so that one draw gives what k draws with replacement would.
 *
 * k values redrawn k times with replacement make k^k equally likely
 * sequences, and the type-7 median of a sequence depends only on which
 * sorted positions (a, b) its order statistics (k - 1) / 2 and k / 2 fall
 * on (a == b for odd k).  The table counts, for each outcome (a, b) in the
 * order a ascending, then b ascending, the sequences that give it, exactly
 * in integers; a draw w = rng_index(k^k) then picks the first outcome
 * whose cumulative count exceeds w.  The median of the values at those
 * positions has exactly the distribution of the median of k draws, for
 * one random number instead of k: the paired bootstrap (resample.c) draws
 * two such medians per pair and per resample, and this halved its cost.
 *
 * Up to MEDTABLE_K_MAX = 15 values (15^15 < 2^63).  Pure; the tables are
 * the caller's.
 */
#ifndef STUDY_MEDTABLE_H
#define STUDY_MEDTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

#define MEDTABLE_K_MAX 15
#define MEDTABLE_OUTCOMES (MEDTABLE_K_MAX * (MEDTABLE_K_MAX + 1) / 2)

struct medtable {
    size_t k, outcomes;
    uint64_t total;                    /* k^k */
    uint64_t cum[MEDTABLE_OUTCOMES];   /* sequences giving outcomes 0..i */
    unsigned char a[MEDTABLE_OUTCOMES], b[MEDTABLE_OUTCOMES];
};

/* k's table, 2 <= k <= MEDTABLE_K_MAX. */
void medtable_make(size_t k, struct medtable *t);

/* One resampled median of sorted[0..k-1]: one index(k^k) from *state. */
static inline double medtable_draw(const struct medtable *t, const double *sorted, uint64_t *state)
{
    const uint64_t w = (uint64_t)rng_index(state, (size_t)t->total);
    /* The first cum[i] > w, by a binary search without branches (the
     * outcome is random, so a branch would be mispredicted half the
     * time). */
    const uint64_t *base = t->cum;
    size_t n = t->outcomes;
    while (n > 1) {
        size_t half = n / 2;
        base = base[half] <= w ? base + half : base;
        n -= half;
    }
    const size_t i = (size_t)(base - t->cum) + (base[0] <= w);
    const double v1 = sorted[t->a[i]], v2 = sorted[t->b[i]];
    return v1 + (v2 - v1) / 2;
}

#endif
