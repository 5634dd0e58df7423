/* scaling.h - what bounds and what describes a speed-up beyond the two
 * medians: the work-balance cap of each split, from the exact work each
 * worker gets, and Gustafson's scaled serial fraction of a weak-scaling
 * cell.
 *
 * The cap (issue 17): the best speed-up a split allows T workers whatever
 * the hardware, taking every unit of work (an iteration, a search-tree
 * node) to cost the same.  A measured speed-up whose interval lies above it
 * did not come from the parallel part: most likely the T = 1 baseline ran
 * slow.
 *
 * Pure functions, except that nqueens' node counts are computed once per n
 * and kept (behind a mutex, so callers in any thread get the same answer).
 */
#ifndef STUDY_SCALING_H
#define STUDY_SCALING_H

#include <stdint.h>

#include "workload.h"

/* Largest nqueens n whose node counts are computed: n = 15 takes about a
 * second on one core of a 2-core VM, n = 16 about six; above, the cap is
 * "unknown" (NAN) rather than a minute of counting. */
#define SCALING_NQ_MAX 16u

/* The exact work of nqueens n under each split, in search-tree nodes
 * (calls of the recursion, as nqueens_nodes counts them). */
struct scaling_nq {
    unsigned n;
    /* rr: col[c], the nodes below the first-row queen in column c, itself
     * included; worker w of T gets columns w, w + T, ... (work_static). */
    uint64_t col[NQUEENS_SIZE_MAX];
    uint64_t rr_total;      /* sum of col[]: nqueens_nodes(n) - 1 */
    /* dynamic: the two-row tasks of split_pool (the first row alone for
     * n = 1), taken from a shared counter by whichever worker is free. */
    uint64_t dyn_total;     /* nqueens_nodes(n) - 1 - n (n = 1: 1) */
    uint64_t dyn_largest;   /* the largest task */
};

/* The counts for n in [1, NQUEENS_SIZE_MAX] into *out, counted now (n = 20
 * takes hours: a tool may, a study should not).  -1 for any other n. */
int scaling_nq_count(unsigned n, struct scaling_nq *out);

/* The same for n in [1, SCALING_NQ_MAX], counted on the first call for
 * that n and kept for the process; -1 for any other n. */
int scaling_nq_cached(unsigned n, struct scaling_nq *out);

/* rr at T workers: total / the largest worker's nodes.  Static and exact:
 * the run lasts at least as long as the worker with the most work. */
double scaling_rr_cap(const struct scaling_nq *c, unsigned T);

/* dynamic at T workers: total / max(total / T, largest task), i.e.
 * min(T, total / largest).  Any schedule lasts at least the mean share and
 * at least the largest task; which worker takes which task depends on
 * timing, so this is a bound, not the cap a given order reaches. */
double scaling_dyn_cap(const struct scaling_nq *c, unsigned T);

/* The cap of split s of workload w at size and T >= 1 workers (speed-ups
 * as stats_speedup defines them):
 *   sumsq weak: T exactly - every worker computes the whole sum, so the
 *     throughput speed-up's ideal is T;
 *   sumsq strong: N / the longest chunk of split_chunk (chunks differ by
 *     at most one iteration, so this is T to within T / N: no cap worth
 *     drawing, said so rather than omitted);
 *   nqueens rr, dynamic: scaling_rr_cap, scaling_dyn_cap.
 * NAN for T == 0, an unknown pair, or nqueens n above SCALING_NQ_MAX. */
double scaling_split_cap(enum workload_id w, enum split_id s, uint64_t size, unsigned T);

/* Gustafson's scaled serial fraction of a weak-scaling cell (Gustafson,
 * "Reevaluating Amdahl's law", CACM 31(5), 1988): the scaled speed-up of T
 * workers is S = T - e (T - 1), with e the share of one worker's time spent
 * in serial work, so e = (T - S) / (T - 1).  0 for perfect weak scaling, 1
 * when T workers do no more than one; negative when S > T.  It is the
 * per-cell value of what stats_fit_serial's weak branch fits over T.
 * (Karp-Flatt, (1/S - 1/T) / (1 - 1/T), assumes a fixed problem, Amdahl's
 * model; for a throughput speed-up it is not a serial fraction.)  NAN for
 * T < 2 or S not finite and > 0. */
double scaling_gustafson(double S, unsigned T);

#endif
