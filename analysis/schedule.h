/* schedule.h - who runs when, from the CPU-time sampler's readings
 * (common/sampler.h): the intervals in which each worker was on a CPU, how
 * much of a run had two or more workers on CPUs at once, and how often the
 * CPU passed from one worker to another.  Pure functions on arrays, so the
 * tests can check them against hand-computed answers.
 *
 * The cells the study samples (runner/sample.c) and the figure draws
 * (whoruns.c) are listed once, in common/catalog.h. */
#ifndef STUDY_SCHEDULE_H
#define STUDY_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

/* The sampled cells (SCHEDULE_IMPLS, SCHEDULE_WORKLOAD, SCHEDULE_SPLIT,
 * SCHEDULE_T_MAX) are in common/catalog.h: the runner samples them too. */
#include "catalog.h"

/* One reading of one worker: when, and its accumulated CPU time. */
struct sched_point {
    double t_s, cpu_s;
};

struct sched_interval {
    double start_s, end_s;
};

/* For readings that are current only when they change (the sampler's
 * "process" and "schedstat" clocks report a running task's time as of the
 * last scheduler tick): keeps, in place, the first reading, each one whose
 * CPU time differs from the one before, and the last.  Returns how many are
 * kept.  Readings from a thread clock need no such step. */
size_t schedule_changes_only(struct sched_point *p, size_t n);

/* The intervals in which one worker was on a CPU, from its readings in time
 * order: between two successive readings it was on a CPU when its CPU time
 * grew by more than half the time between them.  Adjacent such steps merge
 * into one interval, whose ends are then placed by CPU time, not by the
 * readings: the CPU time of the off-steps either side, and the part of the
 * edge steps that was used, is packed against the interval (it ran on into
 * them), so a hand-over lands where it happened, to within the clocks,
 * whatever the sampling period.  A lone on-step with no CPU time either
 * side is kept whole.  One worker's intervals stay disjoint and in order.
 * A reading not later than the one before is skipped.  out needs room for
 * n / 2 + 1 intervals; returns how many were written. */
size_t schedule_intervals(const struct sched_point *p, size_t n, struct sched_interval *out);

/* The time during which at least `k` workers were on a CPU at once.  iv[w]
 * holds worker w's niv[w] intervals (disjoint, as schedule_intervals gives
 * them).  NAN when out of memory. */
double schedule_overlap_s(const struct sched_interval *const *iv, const size_t *niv, size_t workers, unsigned k);

/* How often the CPU passed from one worker to another: over every worker's
 * intervals in order of their start, the successive pairs that belong to
 * different workers.  SIZE_MAX when out of memory. */
size_t schedule_handovers(const struct sched_interval *const *iv, const size_t *niv, size_t workers);

#endif
