/* rng.h - the random stream of every bootstrap in the study: splitmix64,
 * and uniform indices drawn from it without modulo bias.
 *
 * Contract: the whole state is one uint64_t, set to the seed by the caller;
 * the same seed gives the same stream on every platform, so a recorded seed
 * reproduces an interval exactly.  common/stats.c's stats_ratio_ci and
 * common/resample.c draw from it, so a ratio drawn by either from the same
 * seed and the same draws is the same.
 *
 * Header-only (static inline): the bootstraps draw millions of indices per
 * call, and a call across translation units would cost as much as the draw.
 */
#ifndef STUDY_RNG_H
#define STUDY_RNG_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64 (Steele, Lea and Flood, 2014): a Weyl sequence through a
 * 64-bit mixer; passes BigCrush, and its whole state is the seed. */
static inline uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1, without modulo bias (Lemire, "Fast random
 * integer generation in an interval", ACM TOMACS 2019): the high half of a
 * 64 x 64-bit product, redrawn in the rare case that the low half falls in
 * the biased sliver. */
static inline size_t rng_index(uint64_t *state, size_t n)
{
    const uint64_t range = (uint64_t)n;
    unsigned __int128 m = (unsigned __int128)rng_next(state) * range;
    uint64_t low = (uint64_t)m;
    if (low < range) {
        const uint64_t threshold = (0 - range) % range;
        while (low < threshold) {
            m = (unsigned __int128)rng_next(state) * range;
            low = (uint64_t)m;
        }
    }
    return (size_t)(m >> 64);
}

#endif
