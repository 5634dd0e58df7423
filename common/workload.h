/* workload.h - the two CPU-bound kernels, their exact answers, and the table
 * that describes each workload (the single source of truth for names, size
 * ranges, defaults and the splits a workload accepts).
 */
#ifndef STUDY_WORKLOAD_H
#define STUDY_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned __int128 u128;

/* Longest decimal of a u128 (39 digits) plus the NUL. */
#define U128_DEC_MAX 40

enum workload_id { WL_SUMSQ, WL_NQUEENS, WL_COUNT };

enum split_id { SPLIT_WEAK, SPLIT_STRONG, SPLIT_RR, SPLIT_DYNAMIC, SPLIT_COUNT };

/* X-macro tables: one row per workload / split.  Everything that lists them
 * (CLI, help text, CSV values, tests) expands these rows. */
#define SUMSQ_SIZE_MAX 10000000000ULL /* 10^10: the sum stays below 2^128 */
#define NQUEENS_SIZE_MAX 20ULL        /* A000170 is tabulated to here */

/*        id          name       size_min size_max          size_default default split */
#define WORKLOAD_TABLE(X)                                                           \
    X(WL_SUMSQ,   "sumsq",   1, SUMSQ_SIZE_MAX,   40000000ULL, SPLIT_WEAK)          \
    X(WL_NQUEENS, "nqueens", 1, NQUEENS_SIZE_MAX, 14ULL,       SPLIT_RR)

/*        id             name       workload     what it means */
#define SPLIT_TABLE(X)                                                              \
    X(SPLIT_WEAK,    "weak",    WL_SUMSQ,   "every worker computes the whole sum")  \
    X(SPLIT_STRONG,  "strong",  WL_SUMSQ,   "[0,N) cut into T contiguous chunks")   \
    X(SPLIT_RR,      "rr",      WL_NQUEENS, "first-row columns dealt round-robin")  \
    X(SPLIT_DYNAMIC, "dynamic", WL_NQUEENS, "two-row prefixes taken from a shared counter")

struct workload_desc {
    enum workload_id id;
    const char *name;
    uint64_t size_min, size_max, size_default;
    enum split_id default_split;
};

struct split_desc {
    enum split_id id;
    const char *name;
    enum workload_id workload;
    const char *help;
};

extern const struct workload_desc workload_descs[WL_COUNT];
extern const struct split_desc split_descs[SPLIT_COUNT];

/* Lookup by name; NULL when unknown. */
const struct workload_desc *workload_by_name(const char *name);
const struct split_desc *split_by_name(const char *name);

/* ---- sumsq ------------------------------------------------------------ */

/* sum of i*i for lo <= i < hi, exactly, by running the loop: one multiply
 * and one add per i, never a closed form (see the comment in workload.c). */
u128 kernel_sumsq(uint64_t lo, uint64_t hi);

/* The closed form sum_{i<n} i^2 = (n-1)n(2n-1)/6, for verification only.
 * Exact for every n <= SUMSQ_SIZE_MAX. */
u128 sumsq_exact(uint64_t n);

/* ---- nqueens ---------------------------------------------------------- */

/* Solutions below a partial placement, with the articles' bitmask recursion:
 * free = ~(cols|d1|d2) & mask; lowest set bit first; children get
 * cols|bit, (d1|bit)<<1, (d2|bit)>>1.  Same algorithm as the Python
 * solve_row, with no symmetry halving.  n <= NQUEENS_SIZE_MAX. */
uint64_t kernel_nqueens(unsigned n, uint64_t cols, uint64_t d1, uint64_t d2, unsigned row);

/* Search-tree nodes visited by kernel_nqueens from the root (calls made),
 * for reporting ns per node; not used on the timed path. */
uint64_t nqueens_nodes(unsigned n);

/* The nodes below one partial placement (as kernel_nqueens takes it),
 * itself included: what a task of a split costs (common/scaling.c). */
uint64_t nqueens_nodes_below(unsigned n, uint64_t cols, uint64_t d1, uint64_t d2, unsigned row);

/* Known solution counts (OEIS A000170), n in [1, NQUEENS_SIZE_MAX]. */
uint64_t nqueens_exact(unsigned n);

/* The search-tree nodes nqueens_nodes(n) counts, from the answer table
 * (exact, no search); 0 for n > NQUEENS_NODES_MAX. */
#define NQUEENS_NODES_MAX 18
uint64_t nqueens_nodes_exact(unsigned n);

/* ---- results ---------------------------------------------------------- */

/* Exact answer of a whole job of this workload and size (for strong and
 * nqueens splits: the total; for weak: what every worker must compute). */
u128 workload_exact(enum workload_id w, uint64_t size);

/* The units of work one run of the whole job does, summed over its
 * workers, for costs per unit (ns per unit = wall_s * 1e9 / units):
 *   sumsq weak: N * T iterations (every worker computes the whole sum);
 *   sumsq strong: N iterations;
 *   nqueens rr / dynamic: the search-tree nodes the workers visit (calls of
 *     the recursion): nqueens_nodes_exact(n) less the placements the split
 *     makes in set-up, the root for rr, and the root and the n first-row
 *     placements for dynamic (n = 1: the root only), so at any T.
 * 0 when unknown: another workload/split, or n > NQUEENS_NODES_MAX. */
uint64_t workload_units(enum workload_id w, enum split_id s, uint64_t size, unsigned threads);

/* Decimal of v into buf (at least U128_DEC_MAX bytes); returns buf. */
char *u128_to_dec(u128 v, char *buf);

#endif
