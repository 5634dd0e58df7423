/* schedule.c - on-CPU intervals, overlap and hand-overs (schedule.h). */
#include "schedule.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* A worker is on a CPU in a step when it used more than this share of it. */
#define ON_CPU_SHARE 0.5

size_t schedule_changes_only(struct sched_point *p, size_t n)
{
    if (n < 3)
        return n;
    size_t k = 1;
    for (size_t i = 1; i + 1 < n; i++)
        if (p[i].cpu_s != p[k - 1].cpu_s)
            p[k++] = p[i];
    p[k++] = p[n - 1];
    return k;
}

/* One step between two readings: its ends and the CPU time used in it
 * (clamped to the step: a reading taken a little late can show more). */
struct step {
    double t0_s, t1_s, cpu_s;
};

static double used_s(const struct step *s)
{
    double dt = s->t1_s - s->t0_s;
    return s->cpu_s < 0 ? 0 : s->cpu_s > dt ? dt : s->cpu_s;
}

/* The interval of the on-steps first..last, with the CPU time used in the
 * off-steps on either side (before_s, after_s; 0 where there is none).
 * That time and the edge steps' own are packed against the interval's
 * inside: the worker ran on from the previous step into this one and on
 * into the next.  So the end of one worker's turn and the start of the
 * next one's land where the hand-over was, to within the clocks, however
 * long the steps and whether or not the two workers' readings line up.
 * A lone on-step with no CPU time beside it could lie anywhere in its
 * step, and is drawn whole. */
static struct sched_interval pack(const struct step *first, const struct step *last, bool lone, double before_s,
                                  double after_s)
{
    if (lone && before_s == 0 && after_s == 0)
        return (struct sched_interval){first->t0_s, first->t1_s};
    if (lone && (before_s == 0 || after_s == 0))
        return before_s > 0 ? (struct sched_interval){first->t0_s - before_s, first->t0_s + used_s(first)}
                            : (struct sched_interval){first->t1_s - used_s(first), first->t1_s + after_s};
    if (lone)
        return (struct sched_interval){first->t0_s - before_s, first->t1_s + after_s};
    return (struct sched_interval){first->t1_s - used_s(first) - before_s, last->t0_s + used_s(last) + after_s};
}

size_t schedule_intervals(const struct sched_point *p, size_t n, struct sched_interval *out)
{
    size_t m = 0;
    size_t prev = 0;
    struct step cur, prior = {0}, first = {0}, last = {0};
    bool have_prior = false, prior_on = false, open = false;
    size_t steps_on = 0; /* in the open interval */
    double before_s = 0;
    for (size_t i = 1; i < n; i++) {
        double dt = p[i].t_s - p[prev].t_s;
        if (!(dt > 0))
            continue; /* not later: skipped */
        cur = (struct step){p[prev].t_s, p[i].t_s, p[i].cpu_s - p[prev].cpu_s};
        bool on = cur.cpu_s > ON_CPU_SHARE * dt;
        if (on && !open) {
            open = true;
            first = cur;
            steps_on = 0;
            before_s = have_prior && !prior_on ? used_s(&prior) : 0;
        }
        if (on)
            last = cur, steps_on++;
        if (!on && open) {
            out[m++] = pack(&first, &last, steps_on == 1, before_s, used_s(&cur));
            open = false;
        }
        prior = cur, prior_on = on, have_prior = true;
        prev = i;
    }
    if (open)
        out[m++] = pack(&first, &last, steps_on == 1, before_s, 0);
    return m;
}

/* One end of a worker's interval, for the sweeps: +1 at a start, -1 at
 * an end. */
struct edge {
    double t;
    int delta;
    size_t worker;
};

/* In time; at the same time ends before starts (touching is not
 * overlapping), then by worker. */
static int edge_cmp(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->delta != y->delta)
        return x->delta - y->delta;
    return x->worker < y->worker ? -1 : x->worker > y->worker;
}

/* Every worker's interval starts (and, with ends, their ends) in
 * edge_cmp's order, malloc'd, their count in *n; NULL when there are none
 * (*n 0) or out of memory (*n not 0). */
static struct edge *edges(const struct sched_interval *const *iv, const size_t *niv, size_t workers, int ends,
                          size_t *n)
{
    *n = 0;
    for (size_t w = 0; w < workers; w++)
        *n += (ends ? 2 : 1) * niv[w];
    struct edge *e = *n ? malloc(*n * sizeof *e) : NULL;
    if (!e)
        return NULL;
    size_t j = 0;
    for (size_t w = 0; w < workers; w++)
        for (size_t i = 0; i < niv[w]; i++) {
            e[j++] = (struct edge){iv[w][i].start_s, +1, w};
            if (ends)
                e[j++] = (struct edge){iv[w][i].end_s, -1, w};
        }
    qsort(e, *n, sizeof *e, edge_cmp);
    return e;
}

double schedule_overlap_s(const struct sched_interval *const *iv, const size_t *niv, size_t workers, unsigned k)
{
    size_t n;
    struct edge *e = edges(iv, niv, workers, 1, &n);
    if (!e)
        return n ? NAN : 0;
    double total = 0;
    long on = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && on >= (long)k)
            total += e[i].t - e[i - 1].t;
        on += e[i].delta;
    }
    free(e);
    return total;
}

size_t schedule_handovers(const struct sched_interval *const *iv, const size_t *niv, size_t workers)
{
    size_t n;
    struct edge *s = edges(iv, niv, workers, 0, &n);
    if (!s)
        return n ? SIZE_MAX : 0;
    size_t h = 0;
    for (size_t i = 1; i < n; i++)
        h += s[i].worker != s[i - 1].worker;
    free(s);
    return h;
}
