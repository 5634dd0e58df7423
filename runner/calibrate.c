/* calibrate.c - run lengths chosen to a target before the rounds.
 *
 * Why: a timed run of a millisecond measures the cost of starting workers
 * and the clock's noise, not the model.  So for each family (native C;
 * Python) and workload the runner finds the smallest size whose T = 1 run
 * of the family's reference lasts at least the preset's min_run_s:
 *   - sumsq: N grows geometrically from CALIB_SUMSQ_START (x2 near the
 *     target, x8 while a run is still under an eighth of it);
 *   - nqueens: n steps by one from CALIB_NQUEENS_START.
 * Each step is timed as the median of CALIB_REPS runs after one untimed
 * warm-up, inside one child, at T = 1 with the workload's default split.
 * Every member of a family then runs at that size, so within a family the
 * T = 1 times compare directly; across families the report compares costs
 * per unit of work.  A size given on the command line skips this. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "cli.h"
#include "stats.h"
#include "stop.h"
#include "study.h"
#include "text.h"

#define CALIB_REPS 3
#define CALIB_SUMSQ_START 10000ULL
#define CALIB_NQUEENS_START 4ULL
/* Past n = 17 one T = 1 run takes minutes even in C: calibration stops
 * there and says the target was not reached ("capped"). */
#define CALIB_NQUEENS_MAX 17ULL
#define CALIB_FAST_GROWTH 8ULL
#define CALIB_SLOW_GROWTH 2ULL

/* The family's reference when it is built and selected-or-not; else the
 * first built member of the family. NULL when the family has none built. */
static const struct impl *reference_of(const struct study *st, enum size_family fam)
{
    const struct impl *first = NULL;
    for (size_t i = 0; i < st->nimpls; i++) {
        const struct impl *im = &st->impls[i];
        if (impl_size_family(im) != fam || !st->impl_present[i])
            continue;
        if (strcmp(im->name, size_family_references[fam]) == 0)
            return im;
        if (!first)
            first = im;
    }
    return first;
}

/* Median T = 1 wall time of the reference at `size`: 0, or -1 with *e set
 * (a failed or wrong run stops the study: sizes found from a broken
 * reference would mean nothing). */
static int time_at(const struct study *st, const struct impl *ref, enum workload_id wl, uint64_t size,
                   double *wall_s, struct err *e)
{
    const struct cell c = {ref, wl, workload_descs[wl].default_split, size, 1};
    struct model_argv m;
    run_model_argv(st, &c, CALIB_REPS, 1, NULL, NULL, &m);
    const char *sz = m.size;
    struct child_outcome oc;
    child_run((char *const *)m.argv, ref->env, st->o.cell_timeout_s, &oc);
    if (oc.status != ST_OK) {
        err_set(e, EXIT_RUN_FAILED, "calibrating %s on %s n=%s: %s: %s", workload_descs[wl].name, ref->name, sz,
                child_status_names[oc.status], oc.reason);
        child_outcome_free(&oc);
        return -1;
    }
    struct csv_reader r = {0};
    double w[CALIB_REPS];
    char *row[COL_COUNT];
    size_t n = 0;
    int got = -1, rc = 0;
    if (child_open_rows(&oc, &r, e) == 0)
        while ((got = child_next_row(&r, row, e)) == 1 && n < CALIB_REPS) {
            if (strcmp(row[COL_VERIFIED], "1") != 0) {
                rc = err_set(e, EXIT_RUN_FAILED, "calibrating %s on %s n=%s: the result is wrong",
                             workload_descs[wl].name, ref->name, sz);
                break;
            }
            w[n++] = strtod(row[COL_WALL_S], NULL);
        }
    csvr_close(&r);
    child_outcome_free(&oc);
    if (rc || got < 0)
        return -1;
    if (n != CALIB_REPS)
        return err_set(e, EXIT_RUN_FAILED, "calibrating %s on %s n=%s: %zu rows, want %d", workload_descs[wl].name,
                       ref->name, sz, n, CALIB_REPS);
    stats_sort(w, n);
    *wall_s = stats_quantile(w, n, 0.5);
    return 0;
}

static void add_trial(struct calib *c, uint64_t size, double t)
{
    size_t used = strlen(c->trials);
    snprintf(c->trials + used, sizeof c->trials - used, "%s%" PRIu64 ":%.6g", used ? "," : "", size, t);
}

/* Was any cell of this family and workload selected? */
static bool wanted(const struct study *st, enum size_family fam, enum workload_id wl)
{
    for (size_t i = 0; i < st->ncells; i++)
        if (st->cells[i].workload == wl && impl_size_family(st->cells[i].impl) == fam)
            return true;
    return false;
}

static int calibrate_one(struct study *st, enum size_family fam, enum workload_id wl, struct err *e)
{
    struct calib *c = &st->calib[fam][wl];
    const struct impl *ref = reference_of(st, fam);
    if (!ref) {
        /* Nothing of this family is built: its cells are recorded missing
         * at the preset's size. */
        snprintf(c->how, sizeof c->how, "preset");
        st->o.sizes[fam][wl] = wl == WL_SUMSQ ? st->o.preset->sumsq_n : st->o.preset->nqueens_n;
        return 0;
    }
    snprintf(c->reference, sizeof c->reference, "%s", ref->name);
    const double target = st->o.min_run_s;
    uint64_t size = wl == WL_SUMSQ ? CALIB_SUMSQ_START : CALIB_NQUEENS_START;
    const uint64_t max = wl == WL_SUMSQ ? SUMSQ_SIZE_MAX : CALIB_NQUEENS_MAX;
    for (;;) {
        if (stop_requested)
            return err_set(e, EXIT_INTERRUPTED, "interrupted while calibrating");
        double t;
        if (time_at(st, ref, wl, size, &t, e))
            return -1;
        add_trial(c, size, t);
        if (!st->o.quiet)
            fprintf(stderr, "study: calibrating %s %s on %s: n=%" PRIu64 " takes %.4f s (target %.3g s)\n",
                    size_family_names[fam], workload_descs[wl].name, ref->name, size, t, target);
        c->t1_s = t;
        if (t >= target) {
            snprintf(c->how, sizeof c->how, "calibrated");
            break;
        }
        if (size >= max) {
            snprintf(c->how, sizeof c->how, "capped");
            break;
        }
        if (wl == WL_SUMSQ) {
            uint64_t grow = t < target / CALIB_FAST_GROWTH ? CALIB_FAST_GROWTH : CALIB_SLOW_GROWTH;
            size = size > max / grow ? max : size * grow;
        } else {
            size++;
        }
    }
    st->o.sizes[fam][wl] = size;
    return 0;
}

int calibrate_sizes(struct study *st, struct err *e)
{
    for (int fam = 0; fam < SIZE_COUNT; fam++)
        for (int wl = 0; wl < WL_COUNT; wl++) {
            struct calib *c = &st->calib[fam][wl];
            c->t1_s = NAN;
            if (st->o.sizes[fam][wl]) {
                snprintf(c->how, sizeof c->how, "pinned");
                continue;
            }
            if (!wanted(st, fam, wl)) {
                /* No cell of it: nothing to size ("unused" is left out of
                 * meta.json). */
                snprintf(c->how, sizeof c->how, "unused");
                st->o.sizes[fam][wl] = wl == WL_SUMSQ ? st->o.preset->sumsq_n : st->o.preset->nqueens_n;
                continue;
            }
            if (!(st->o.min_run_s > 0)) {
                snprintf(c->how, sizeof c->how, "preset");
                st->o.sizes[fam][wl] = wl == WL_SUMSQ ? st->o.preset->sumsq_n : st->o.preset->nqueens_n;
                continue;
            }
            if (calibrate_one(st, fam, wl, e))
                return -1;
        }
    /* Every cell takes its family's size. */
    for (size_t i = 0; i < st->ncells; i++)
        st->cells[i].size = st->o.sizes[impl_size_family(st->cells[i].impl)][st->cells[i].workload];
    return 0;
}
