/* relate.c - what relates the cells, and their flags (analysis.h's
 * relate_build), after summary.c has built each cell's own statistics.
 *
 * Against the series' T = 1 cell: the speedup, the ratio of costs per
 * unit (summary_answer, question_answer's one rule: from pairs when
 * blocks hold both cells, else the unpaired two-level bootstrap), so that
 * the weak split and the ceiling come out as throughput T t1 / tT;
 * efficiency = speedup / T.  A strong-scaling cell gets Karp-Flatt and its
 * series the Amdahl fit; a throughput cell gets neither (both assume a
 * fixed problem) but Gustafson's scaled serial fraction, per cell (issue
 * 17).  The split's work-balance cap (scaling_split_cap; T for the
 * ceiling's independent copies), the cost against C pthreads at the same
 * workload, split and T, and the speedup over the ceiling's (what this
 * machine gives T independent workers) complete a cell.  Then the flags of
 * FLAG_TABLE, but embedding-cost, which answers.c raises from the
 * validity questions.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "scaling.h"
#include "stats.h"
#include "workload.h"

#define SERIES_MAX 4096

static int same_series(const struct cell *a, const struct cell *b)
{
    return !strcmp(a->impl, b->impl) && !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split) &&
           a->size == b->size;
}

/* C pthreads' cell to compare c's cost with: the same workload, split and
 * T; of the same size where there is one, else the largest (longest runs).
 * NULL when there is none. */
static const struct cell *c_reference(const struct analysis *a, const struct cell *c)
{
    const struct cell *best = NULL;
    for (size_t k = 0; k < a->ncells; k++) {
        const struct cell *o = &a->cells[k];
        if (strcmp(o->impl, "pthreads") || strcmp(o->workload, c->workload) || strcmp(o->split, c->split) ||
            o->threads != c->threads)
            continue;
        if (!best || (o->size == c->size && best->size != c->size) ||
            (best->size != c->size && o->size > best->size))
            best = o;
    }
    return best;
}

/* The T = 1 cell c's speedup is taken against: its own series'; for the
 * ceiling without a one-copy cell of its own, C pthreads' at the same
 * size (one copy of the ceiling is that very run). */
static const struct cell *base_of(const struct analysis *a, const struct cell *c)
{
    for (size_t k = 0; k < a->ncells; k++)
        if (a->cells[k].threads == 1 && same_series(&a->cells[k], c))
            return &a->cells[k];
    if (strcmp(c->impl, SUMMARY_CEILING))
        return NULL;
    for (size_t k = 0; k < a->ncells; k++) {
        const struct cell *o = &a->cells[k];
        if (o->threads == 1 && !strcmp(o->impl, "pthreads") && !strcmp(o->workload, c->workload) &&
            !strcmp(o->split, c->split) && o->size == c->size)
            return o;
    }
    return NULL;
}

/* The split's cap at c's T: T for the ceiling (nothing shared, each copy
 * the whole job), else the split's own (NAN when unknown). */
static double cap_of(const struct cell *c)
{
    if (!strcmp(c->impl, SUMMARY_CEILING))
        return (double)c->threads;
    const struct workload_desc *w = workload_by_name(c->workload);
    const struct split_desc *s = split_by_name(c->split);
    if (!w || !s || s->workload != w->id)
        return NAN;
    return scaling_split_cap(w->id, s->id, c->size, c->threads);
}

/* Speedup and what follows from it, against the series' T = 1 cell. */
static void speedup_of(const struct analysis *a, struct cell *c)
{
    c->base = base_of(a, c);
    if (!c->base)
        return;
    if (c->base == c) { /* T = 1 is the baseline itself: speedup 1 by definition */
        c->speedup = c->efficiency = 1;
    } else {
        struct question_answer ans;
        /* the units of unknown work: the throughput's T, as stats_speedup */
        if (summary_answer(a, "speedup", c->base, 1, c, c->throughput ? c->threads : 1, &ans) == 0) {
            c->speedup = ans.ci.estimate;
            c->speedup_lo = ans.ci.lo;
            c->speedup_hi = ans.ci.hi;
            c->speedup_level = isfinite(ans.ci.lo) ? ans.ci.reached : NAN;
            c->speedup_paired = ans.paired;
        } else {
            c->speedup = stats_speedup(c->base->median, c->median, c->threads, c->throughput);
        }
        c->efficiency = c->speedup / c->threads;
        c->eff_lo = c->speedup_lo / c->threads;
        c->eff_hi = c->speedup_hi / c->threads;
    }
    if (c->throughput)
        c->gustafson = scaling_gustafson(c->speedup, c->threads);
    else
        c->karp_flatt = stats_karp_flatt(c->speedup, c->threads);
}

/* c's speedup over the ceiling's at its workload, split and T.  The
 * interval from the corners of the two intervals, [lo / hi', hi / lo']:
 * it holds the true ratio whenever both intervals hold theirs, so its
 * level is at least l + l' - 1 (Bonferroni), whatever ties the two. */
static void against_ceiling(const struct analysis *a, struct cell *c)
{
    const struct cell *ceil = summary_find(a, SUMMARY_CEILING, c->workload, c->split, c->threads);
    if (!ceil || !isfinite(ceil->speedup) || !(ceil->speedup > 0) || !isfinite(c->speedup))
        return;
    c->eff_ceiling = c->speedup / ceil->speedup;
    if (isfinite(c->speedup_lo) && isfinite(ceil->speedup_lo) && ceil->speedup_lo > 0) {
        c->effc_lo = c->speedup_lo / ceil->speedup_hi;
        c->effc_hi = c->speedup_hi / ceil->speedup_lo;
        c->effc_level = fmax(0, c->speedup_level + ceil->speedup_level - 1);
    }
}

static void relate_cells(struct analysis *a)
{
    for (size_t i = 0; i < a->ncells; i++) {
        struct cell *c = &a->cells[i];
        c->speedup = c->speedup_lo = c->speedup_hi = c->speedup_level = NAN;
        c->efficiency = c->eff_lo = c->eff_hi = c->karp_flatt = c->gustafson = NAN;
        c->slowdown = c->slow_lo = c->slow_hi = c->slow_level = c->serial_fit = NAN;
        c->eff_ceiling = c->effc_lo = c->effc_hi = c->effc_level = NAN;
        c->speedup_paired = 0;
        c->split_cap = cap_of(c);
        speedup_of(a, c);
        const struct cell *ref = c_reference(a, c);
        struct question_answer ans;
        if (ref == c) {
            c->slowdown = 1;
        } else if (ref && summary_answer(a, "cost", c, 0, ref, 0, &ans) == 0) {
            c->slowdown = ans.ci.estimate;
            c->slow_lo = ans.ci.lo;
            c->slow_hi = ans.ci.hi;
            c->slow_level = isfinite(ans.ci.lo) ? ans.ci.reached : NAN;
        }
    }
    /* every speedup first: the ceiling's is needed by every cell */
    for (size_t i = 0; i < a->ncells; i++)
        against_ceiling(a, &a->cells[i]);
    /* Amdahl's fit, for strong-scaling series only: Gustafson's law of a
     * throughput series is its per-cell scaled serial fraction, above. */
    for (size_t i = 0; i < a->ncells;) {
        size_t j = i;
        unsigned T[SERIES_MAX];
        double S[SERIES_MAX];
        size_t n = 0;
        while (j < a->ncells && same_series(&a->cells[j], &a->cells[i])) {
            if (n < SERIES_MAX) {
                T[n] = a->cells[j].threads;
                S[n++] = a->cells[j].speedup;
            }
            j++;
        }
        double f = a->cells[i].throughput ? NAN : stats_fit_serial(T, S, n, 0);
        for (size_t k = i; k < j; k++)
            a->cells[k].serial_fit = f;
        i = j;
    }
}

static int outside_01(double v)
{
    return isfinite(v) && (v < 0 || v > 1);
}

/* The sanity flags of each cell (FLAG_TABLE says what each means). */
static void flag_cells(struct analysis *a)
{
    a->flags_seen = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        struct cell *c = &a->cells[i];
        unsigned f = 0;
        if (stats_too_short(a->walls + c->first, c->n))
            f |= FLAG_UNDER_1MS;
        if (c->threads == 1 && c->median < a->min_run_time_s) /* false for NAN: no target */
            f |= FLAG_BELOW_MIN_RUN;
        if (c->noisy)
            f |= FLAG_NOISY;
        /* citarget_above's verdict (summary.c): the runner counts the
         * cells above the target by the same rule and seed */
        if (c->ci_above == 1)
            f |= FLAG_CI_WIDE;
        if (!(c->ci_level >= CATALOG_CI_LEVEL)) /* NAN: no interval at all */
            f |= FLAG_FEW_RUNS;
        if (a->cpus && c->threads > a->cpus)
            f |= FLAG_OVERSUB;
        if (a->cpus && c->speedup > a->cpus)
            f |= FLAG_SPEEDUP_GT_CPUS;
        if (c->eff_lo > 1)
            f |= FLAG_SUPERLINEAR;
        if (c->spawn_frac > ANALYSIS_SPAWN_FRAC_MAX)
            f |= FLAG_SPAWN;
        if (outside_01(c->karp_flatt))
            f |= FLAG_KF_RANGE;
        if (outside_01(c->serial_fit))
            f |= FLAG_FIT_RANGE;
        if (c->speedup_lo > c->split_cap) /* false for NAN: no interval or no cap */
            f |= FLAG_ABOVE_CAP;
        c->flags = f;
        a->flags_seen |= f;
    }
}

void relate_build(struct analysis *a)
{
    relate_cells(a);
    flag_cells(a);
}
